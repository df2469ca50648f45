//! The span labels in the label editor: one [`LabelRow`] per label, in schema order, and a form
//! that adds a label (with the first unused palette colour and a free key).
//!
//! Rows are keyed by position, not name, so that renaming a label keeps the keyboard in its
//! row; what must follow a label rather than a position (the delete question, the focus after a
//! move) is held by name.

use super::label_row::{annotations, Field, LabelRow, Move};
use super::schema_editor::{sentence, SchemaChange};
use postil_core::schema::SchemaError;
use postil_core::{Color, LabelDef, LabelSchema};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LabelsEditorProps {
    pub schema: Rc<LabelSchema>,
    /// How many annotations use each label, over all documents.
    pub usage: Rc<BTreeMap<String, usize>>,
    pub on_change: Callback<SchemaChange>,
}

/// Where a refusal is shown: beside a row (and which of its inputs), or under the add form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Label(usize, Option<Field>),
    NewLabel,
}

/// The schema with its span labels replaced, as one change.
fn relabel(
    schema: &LabelSchema,
    labels: Vec<LabelDef>,
    renames: Vec<(String, String)>,
    summary: String,
) -> Result<SchemaChange, SchemaError> {
    Ok(SchemaChange {
        to: schema.with_labels(labels)?,
        renames,
        summary,
    })
}

/// What the person asked of the label in row `i`.
#[derive(Clone, Debug, PartialEq)]
enum RowAction {
    Rename(String),
    Key(String),
    Color(Color),
    Move(Move),
    /// Delete, `confirmed` once the person said yes to losing the label's annotations.
    Delete {
        confirmed: bool,
    },
}

/// The change `action` makes to row `i`, `None` when it changes nothing.
fn row_change(
    schema: &LabelSchema,
    i: usize,
    action: RowAction,
    usage: usize,
) -> Option<Result<SchemaChange, SchemaError>> {
    let mut labels = schema.labels().to_vec();
    let old = labels.get(i)?.clone();
    let name = old.name.clone();
    Some(match action {
        RowAction::Rename(new) => {
            // Stray spaces at the ends are a slip; spaces inside are refused by the core.
            let new = new.trim().to_string();
            if new == name {
                return None;
            }
            labels[i].name = new.clone();
            let summary = format!("Renamed {name} to {new}");
            relabel(schema, labels, vec![(name, new)], summary)
        }
        RowAction::Key(typed) => {
            let mut chars = typed.trim().chars();
            let key = match (chars.next(), chars.next()) {
                (Some(k), None) => k,
                _ => {
                    return Some(Err(SchemaError::BadKey {
                        label: name,
                        key: typed,
                    }))
                }
            };
            if key == old.key {
                return None;
            }
            labels[i].key = key;
            relabel(
                schema,
                labels,
                vec![],
                format!("Set the key of {name} to {key}"),
            )
        }
        RowAction::Color(color) => {
            if color == old.color {
                return None;
            }
            labels[i].color = color;
            relabel(
                schema,
                labels,
                vec![],
                format!("Changed the colour of {name}"),
            )
        }
        RowAction::Move(dir) => {
            let (j, word) = match dir {
                Move::Up => (i.checked_sub(1)?, "up"),
                Move::Down => (i + 1, "down"),
            };
            if j >= labels.len() {
                return None;
            }
            labels.swap(i, j);
            relabel(schema, labels, vec![], format!("Moved {name} {word}"))
        }
        RowAction::Delete { .. } => {
            labels.remove(i);
            let summary = if usage == 0 {
                format!("Deleted label {name}")
            } else {
                format!("Deleted {name} and its {}", annotations(usage))
            };
            relabel(schema, labels, vec![], summary)
        }
    })
}

#[component]
pub fn LabelsEditor(props: &LabelsEditorProps) -> Html {
    let error = use_state_eq(|| None::<(Place, String)>);
    // The label whose deletion waits for a yes, and the label just moved (and which way).
    let confirming = use_state_eq(|| None::<String>);
    let moved = use_state_eq(|| None::<(String, Move)>);
    let (heading, new_name) = (use_node_ref(), use_node_ref());
    // Once a new schema is here, a refusal, a question or a pending move focus from before
    // would sit on a row that may hold another label (after an import or an undo). The rows
    // rendered with this schema have already taken the move focus in their own effects.
    {
        let (error, confirming, moved) = (error.clone(), confirming.clone(), moved.clone());
        use_effect_with(props.schema.clone(), move |_| {
            error.set(None);
            confirming.set(None);
            moved.set(None);
        });
    }

    // Emits a change, or shows why it was refused. Either way the last question is settled.
    let settle = {
        let (error, confirming, moved) = (error.clone(), confirming.clone(), moved.clone());
        let on_change = props.on_change.clone();
        move |result: Result<SchemaChange, (Place, SchemaError)>,
              move_of: Option<(String, Move)>| {
            confirming.set(None);
            match result {
                Ok(change) => {
                    error.set(None);
                    moved.set(move_of);
                    on_change.emit(change);
                }
                Err((place, e)) => error.set(Some((place, sentence(&e)))),
            }
        }
    };
    let row_action = {
        let settle = settle.clone();
        let schema = props.schema.clone();
        let usage = props.usage.clone();
        let (confirming, error, heading) = (confirming.clone(), error.clone(), heading.clone());
        move |i: usize, action: RowAction| {
            let Some(label) = schema.labels().get(i) else {
                return;
            };
            let used = usage.get(&label.name).copied().unwrap_or(0);
            if action == (RowAction::Delete { confirmed: false }) && used > 0 {
                error.set(None);
                confirming.set(Some(label.name.clone()));
                return;
            }
            let move_of = match action {
                RowAction::Move(dir) => Some((label.name.clone(), dir)),
                _ => None,
            };
            let deleting = matches!(action, RowAction::Delete { .. });
            let field = match action {
                RowAction::Rename(_) => Some(Field::Name),
                RowAction::Key(_) => Some(Field::Key),
                _ => None,
            };
            match row_change(&schema, i, action, used) {
                Some(result) => {
                    let ok = result.is_ok();
                    settle(result.map_err(|e| (Place::Label(i, field), e)), move_of);
                    // The row's buttons are going: keep the keyboard in the editor.
                    if ok && deleting {
                        if let Some(h) = heading.cast::<web_sys::HtmlElement>() {
                            let _ = h.focus();
                        }
                    }
                }
                // Nothing changed (say, the name typed back as it was): drop a stale refusal.
                None => error.set(None),
            }
        }
    };
    let on_add = {
        let settle = settle.clone();
        let schema = props.schema.clone();
        let new_name = new_name.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(input) = new_name.cast::<web_sys::HtmlInputElement>() else {
                return;
            };
            let name = input.value().trim().to_string();
            let mut labels = schema.labels().to_vec();
            labels.push(LabelDef {
                color: schema.unused_color(),
                key: schema.free_key(&name, None),
                name: name.clone(),
            });
            let result = relabel(&schema, labels, vec![], format!("Added label {name}"));
            if result.is_ok() {
                input.set_value("");
            }
            settle(result.map_err(|e| (Place::NewLabel, e)), None);
        })
    };
    let labels = props.schema.labels();
    let row_error = |i: usize| match error.as_ref() {
        Some((Place::Label(j, field), e)) if *j == i => (Some(AttrValue::from(e.clone())), *field),
        _ => (None, None),
    };
    let new_label_error = error
        .as_ref()
        .filter(|(p, _)| *p == Place::NewLabel)
        .map(|(_, e)| AttrValue::from(e.clone()));
    html! {
        <div class="labels" role="group" aria-labelledby="labels-title">
            <h3 id="labels-title" ref={heading} tabindex="-1">{ "Labels" }</h3>
            if labels.is_empty() {
                <p class="empty">{ "No labels yet. Add one below." }</p>
            }
            <ol class="label-rows">
                { for labels.iter().enumerate().map(|(i, l)| {
                    let act = |make: fn(String) -> RowAction| {
                        let row_action = row_action.clone();
                        Callback::from(move |v: String| row_action(i, make(v)))
                    };
                    let on_color = { let r = row_action.clone(); Callback::from(move |c| r(i, RowAction::Color(c))) };
                    let on_move = { let r = row_action.clone(); Callback::from(move |d| r(i, RowAction::Move(d))) };
                    let delete = |confirmed| { let r = row_action.clone(); Callback::from(move |()| r(i, RowAction::Delete { confirmed })) };
                    let on_keep = { let c = confirming.clone(); Callback::from(move |()| c.set(None)) };
                    let (error, invalid) = row_error(i);
                    html! {
                        <LabelRow key={i} index={i} label={l.clone()}
                            first={i == 0} last={i + 1 == labels.len()}
                            usage={props.usage.get(&l.name).copied().unwrap_or(0)}
                            confirming={confirming.as_deref() == Some(l.name.as_str())}
                            {error} {invalid}
                            refocus={moved.as_ref().filter(|(n, _)| *n == l.name).map(|(_, d)| *d)}
                            on_rename={act(RowAction::Rename)} on_key={act(RowAction::Key)}
                            {on_color} {on_move} on_delete={delete(false)}
                            on_confirm_delete={delete(true)} {on_keep} />
                    }
                }) }
            </ol>
            <form class="add-label" onsubmit={on_add}>
                <label for="new-label-name">{ "New label" }</label>
                <input id="new-label-name" ref={new_name} type="text" placeholder="e.g. PRODUCT"
                    spellcheck="false" autocomplete="off"
                    aria-describedby={new_label_error.as_ref().map(|_| "new-label-error")}
                    aria-invalid={new_label_error.as_ref().map(|_| "true")} />
                <button type="submit">{ "Add label" }</button>
            </form>
            if let Some(e) = new_label_error {
                <p class="editor-error" id="new-label-error" role="alert">{ e }</p>
            }
        </div>
    }
}
