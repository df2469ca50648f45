//! The "Document labels" part of the label editor: every set of document-level labels (see
//! [`DocLabelSetEditor`]) and a form that adds a set.

use super::doc_label_set_editor::DocLabelSetEditor;
use postil_core::label_editor;
use postil_core::prose::sentence;
use postil_core::schema_edit::SchemaChange;
use postil_core::LabelSchema;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DocLabelsEditorProps {
    pub schema: Rc<LabelSchema>,
    pub on_change: Callback<SchemaChange>,
}

#[component]
pub fn DocLabelsEditor(props: &DocLabelsEditorProps) -> Html {
    let error = use_state_eq(|| None::<String>);
    let (new_name, new_multiple) = (use_node_ref(), use_node_ref());
    let on_add = {
        let (schema, on_change, error) =
            (props.schema.clone(), props.on_change.clone(), error.clone());
        let (new_name, new_multiple) = (new_name.clone(), new_multiple.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(name_el), Some(multiple_el)) = (
                new_name.cast::<web_sys::HtmlInputElement>(),
                new_multiple.cast::<web_sys::HtmlSelectElement>(),
            ) else {
                return;
            };
            let multiple = multiple_el.value() == "several";
            match label_editor::add_set(&schema, &name_el.value(), multiple) {
                Ok(change) => {
                    error.set(None);
                    name_el.set_value("");
                    on_change.emit(change);
                }
                Err(e) => error.set(Some(sentence(&e))),
            }
        })
    };

    let sets = props.schema.doc_sets();
    html! {
        <div class="doc-labels-editor" role="group" aria-labelledby="doc-labels-title">
            <h3 id="doc-labels-title">{ "Document labels" }</h3>
            <p class="hint">{ "Labels for a whole document, such as its topic." }</p>
            if sets.is_empty() {
                <p class="empty">{ "No document label sets." }</p>
            }
            <ul class="doc-set-list">
                { for sets.iter().enumerate().map(|(i, s)| html! {
                    <DocLabelSetEditor key={s.name.clone()} schema={props.schema.clone()} index={i}
                        on_change={props.on_change.clone()} />
                }) }
            </ul>
            <form class="add-set" onsubmit={on_add}>
                <input ref={new_name} type="text" placeholder="New set, e.g. tone" spellcheck="false" autocomplete="off"
                    aria-label="Name of the new set" aria-describedby={error.as_ref().map(|_| "new-set-error")} />
                <select ref={new_multiple} aria-label="Values a document takes from the new set">
                    <option value="one" selected=true>{ "one value" }</option>
                    <option value="several">{ "several values" }</option>
                </select>
                <button type="submit">{ "Add set" }</button>
            </form>
            if let Some(e) = &*error {
                <p class="editor-error" id="new-set-error" role="alert">{ e.clone() }</p>
            }
        </div>
    }
}
