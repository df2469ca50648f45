//! The span labels in the label editor: one [`LabelRow`] per label, in schema order, and a form
//! that adds a label (with the first unused palette colour and a free key).
//!
//! Rows are keyed by position, not name, so that renaming a label keeps the keyboard in its
//! row; what must follow a label rather than a position (the delete question, the focus after a
//! move) is held by name.

use super::label_row::{Field, LabelRow};
use postil_core::label_editor::{self, Move, RowAction};
use postil_core::prose::sentence;
use postil_core::schema::SchemaError;
use postil_core::schema_edit::SchemaChange;
use postil_core::LabelSchema;
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
            if label_editor::must_confirm(&action, used) {
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
            match label_editor::row_change(&schema, i, action, used) {
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
            let result = label_editor::add_label(&schema, &input.value());
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
