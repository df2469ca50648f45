//! The label editor: a panel that edits the label schema (span labels, the overlap policy and
//! document labels) and imports or exports it as a file.
//!
//! It never touches storage or app state: every action the person takes becomes one
//! [`SchemaChange`], built and checked by the core's schema builders, and emitted. A change the
//! core refuses is shown as a sentence where it was asked for, and nothing is emitted. Rows are
//! keyed by position (not name) so that renaming a label keeps the keyboard in its row; what must
//! follow a label rather than a position (the delete question, the move focus) is held by name.

use super::doc_labels_editor::DocLabelsEditor;
use super::label_row::{annotations, LabelRow, Move};
use crate::platform::files;
use postil_core::schema::SchemaError;
use postil_core::{Color, LabelDef, LabelSchema, Overlaps};
use std::collections::BTreeMap;
use std::fmt::Display;
use std::rc::Rc;
use yew::prelude::*;

/// A change the user made in the editor: the new schema, and labels renamed (old, new) so
/// their annotations can follow.
#[derive(Clone, Debug, PartialEq)]
pub struct SchemaChange {
    pub to: postil_core::LabelSchema,
    pub renames: Vec<(String, String)>,
    /// What happened, in a few words, for the undo notice ("Renamed PERSON to PER").
    pub summary: String,
}

#[derive(Properties, PartialEq)]
pub struct SchemaEditorProps {
    pub schema: Rc<LabelSchema>,
    /// How many annotations use each label, over all documents.
    pub usage: Rc<BTreeMap<String, usize>>,
    pub on_change: Callback<SchemaChange>,
    /// A schema file the user chose to import.
    pub on_import: Callback<web_sys::File>,
    pub on_export: Callback<()>,
    pub on_close: Callback<()>,
}

/// A refusal from the core as a sentence ("Key “p” is used by both “PERSON” and “ORG”.").
pub fn sentence(error: &impl Display) -> String {
    let text = error.to_string();
    let mut chars = text.chars();
    let mut out: String = chars
        .next()
        .into_iter()
        .flat_map(char::to_uppercase)
        .collect();
    out.push_str(chars.as_str());
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// Where a refusal is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Label(usize),
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
pub fn SchemaEditor(props: &SchemaEditorProps) -> Html {
    let error = use_state_eq(|| None::<(Place, String)>);
    // The label whose deletion waits for a yes, and the label just moved (and which way).
    let confirming = use_state_eq(|| None::<String>);
    let moved = use_state_eq(|| None::<(String, Move)>);
    let (heading, new_name, import_input) = (use_node_ref(), use_node_ref(), use_node_ref());
    // A schema replaced from elsewhere (an import, an undo) leaves no refusal or question
    // standing on a row that may now hold another label.
    {
        let (error, confirming) = (error.clone(), confirming.clone());
        use_effect_with(props.schema.clone(), move |_| {
            error.set(None);
            confirming.set(None);
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
            match row_change(&schema, i, action, used) {
                Some(result) => {
                    let ok = result.is_ok();
                    settle(result.map_err(|e| (Place::Label(i), e)), move_of);
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
    let on_overlaps = {
        let settle = settle.clone();
        let schema = props.schema.clone();
        Callback::from(move |e: Event| {
            let Some(el) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            let (overlaps, summary) = if el.checked() {
                (Overlaps::Allowed, "Allowed overlapping spans")
            } else {
                (Overlaps::Forbidden, "Refused new overlapping spans")
            };
            let change = SchemaChange {
                to: schema.with_overlaps(overlaps),
                renames: vec![],
                summary: summary.into(),
            };
            settle(Ok(change), None);
        })
    };
    let on_import_click = {
        let input = import_input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = input.cast::<web_sys::HtmlInputElement>() {
                el.click();
            }
        })
    };
    let on_file = {
        let on_import = props.on_import.clone();
        Callback::from(move |e: Event| {
            let Some(el) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            if let Some(file) = files::first_file(el.files()) {
                on_import.emit(file);
            }
            // Let the same file be chosen again later.
            el.set_value("");
        })
    };

    let labels = props.schema.labels();
    let error_at = |place: Place| {
        error
            .as_ref()
            .filter(|(p, _)| *p == place)
            .map(|(_, e)| AttrValue::from(e.clone()))
    };
    let allowed = props.schema.overlaps() == Overlaps::Allowed;
    html! {
        <section class="schema-editor" aria-label="Label editor">
            <header class="schema-editor-head">
                <h2 ref={heading} tabindex="-1">{ "Labels" }</h2>
                <button type="button" class="close" aria-label="Close label editor"
                    onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "×" }</button>
            </header>
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
                    html! {
                        <LabelRow key={i} index={i} label={l.clone()}
                            first={i == 0} last={i + 1 == labels.len()}
                            usage={props.usage.get(&l.name).copied().unwrap_or(0)}
                            confirming={confirming.as_deref() == Some(l.name.as_str())}
                            error={error_at(Place::Label(i))}
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
                    aria-describedby={error_at(Place::NewLabel).map(|_| "new-label-error")} />
                <button type="submit">{ "Add label" }</button>
            </form>
            if let Some(e) = error_at(Place::NewLabel) {
                <p class="editor-error" id="new-label-error" role="alert">{ e }</p>
            }
            <div class="overlaps">
                <label>
                    <input type="checkbox" checked={allowed} onchange={on_overlaps}
                        aria-describedby={(!allowed).then_some("overlaps-hint")} />
                    { " Allow overlapping and nested spans" }
                </label>
                if !allowed {
                    <p class="hint" id="overlaps-hint">{ "Existing overlaps stay; new ones will be refused." }</p>
                }
            </div>
            <DocLabelsEditor schema={props.schema.clone()} on_change={props.on_change.clone()} />
            <footer class="schema-editor-foot">
                <button type="button" onclick={props.on_export.reform(|_: MouseEvent| ())}>{ "Export schema" }</button>
                <button type="button" onclick={on_import_click}>{ "Import schema…" }</button>
                <input ref={import_input} type="file" class="visually-hidden" accept=".json,application/json"
                    tabindex="-1" aria-hidden="true" onchange={on_file} data-testid="schema-import-input" />
            </footer>
        </section>
    }
}
