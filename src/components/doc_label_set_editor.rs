//! One set of document labels in the label editor: its values and their keys, whether a
//! document takes one value or several, adding and deleting values, deleting the set.
//!
//! Each action becomes one [`SchemaChange`] through `postil_core::label_editor::set_change`; a
//! refusal is shown under the set and nothing is emitted.

use postil_core::label_editor::{self, SetAction};
use postil_core::prose::sentence;
use postil_core::schema_edit::SchemaChange;
use postil_core::LabelSchema;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DocLabelSetEditorProps {
    pub schema: Rc<LabelSchema>,
    /// Which of the schema's document label sets this is.
    pub index: usize,
    pub on_change: Callback<SchemaChange>,
}

fn input(node: &NodeRef) -> Option<web_sys::HtmlInputElement> {
    node.cast::<web_sys::HtmlInputElement>()
}

#[component]
pub fn DocLabelSetEditor(props: &DocLabelSetEditorProps) -> Html {
    let error = use_state_eq(|| None::<String>);
    let (new_value, new_key) = (use_node_ref(), use_node_ref());
    let Some(set) = props.schema.doc_sets().get(props.index) else {
        return html! {};
    };
    let set_name = set.name.clone();
    // Runs one action on this set: emits the change, or shows why the core refused it.
    let apply = {
        let (schema, index, error) = (props.schema.clone(), props.index, error.clone());
        let on_change = props.on_change.clone();
        move |action: SetAction| match label_editor::set_change(&schema, index, action) {
            Ok(change) => {
                error.set(None);
                on_change.emit(change);
                true
            }
            Err(e) => {
                error.set(Some(sentence(&e)));
                false
            }
        }
    };
    let choose_multiple = |multiple: bool| {
        let apply = apply.clone();
        Callback::from(move |_: Event| {
            apply(SetAction::Multiple(multiple));
        })
    };
    let on_add_value = {
        let apply = apply.clone();
        let (new_value, new_key) = (new_value.clone(), new_key.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(name_el), Some(key_el)) = (input(&new_value), input(&new_key)) else {
                return;
            };
            let added = apply(SetAction::AddValue {
                name: name_el.value(),
                key: key_el.value(),
            });
            if added {
                name_el.set_value("");
                key_el.set_value("");
            }
        })
    };
    let on_delete_set = {
        let apply = apply.clone();
        Callback::from(move |_: MouseEvent| {
            apply(SetAction::DeleteSet);
        })
    };
    let radio_name = format!("doc-set-{}-takes", props.index);
    let error_id = format!("doc-set-{}-error", props.index);

    html! {
        <li class="doc-set-editor">
            <div class="doc-set-editor-head">
                <h4 class="doc-set-editor-name">{ set_name.clone() }</h4>
                <div class="doc-set-takes" role="radiogroup" aria-label={format!("How many {set_name} values a document takes")}>
                    <label>
                        <input type="radio" name={radio_name.clone()} checked={!set.multiple} onchange={choose_multiple(false)} />
                        { " one value" }
                    </label>
                    <label>
                        <input type="radio" name={radio_name} checked={set.multiple} onchange={choose_multiple(true)} />
                        { " several values" }
                    </label>
                </div>
                <button type="button" class="delete" aria-label={format!("Delete set {set_name}")} onclick={on_delete_set}>
                    { "Delete set" }
                </button>
            </div>
            <ul class="doc-values">
                { for set.values.iter().enumerate().map(|(j, v)| {
                    let owner = format!("{set_name}/{}", v.name);
                    let on_key = {
                        let apply = apply.clone();
                        Callback::from(move |e: Event| {
                            if let Some(el) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                                apply(SetAction::ValueKey { value: j, key: el.value() });
                            }
                        })
                    };
                    let on_delete = {
                        let apply = apply.clone();
                        Callback::from(move |_: MouseEvent| {
                            apply(SetAction::DeleteValue(j));
                        })
                    };
                    html! {
                        <li key={v.name.clone()} class="doc-value-editor">
                            <span class="doc-value-name">{ v.name.clone() }</span>
                            <input type="text" class="key-input" maxlength="1" size="1" spellcheck="false" autocomplete="off"
                                value={v.key.map(String::from).unwrap_or_default()} onchange={on_key}
                                aria-label={format!("Key of {owner}")} />
                            <button type="button" class="delete" onclick={on_delete}
                                aria-label={format!("Delete value {} of {set_name}", v.name)}>{ "Delete" }</button>
                        </li>
                    }
                }) }
            </ul>
            <form class="add-value" onsubmit={on_add_value}>
                <input ref={new_value} type="text" placeholder="New value" spellcheck="false" autocomplete="off"
                    aria-label={format!("New value of {set_name}")}
                    aria-describedby={error.as_ref().map(|_| error_id.clone())} />
                <input ref={new_key} type="text" class="key-input" maxlength="1" size="1" placeholder="key"
                    spellcheck="false" autocomplete="off" aria-label={format!("Key of the new {set_name} value (optional)")} />
                <button type="submit">{ "Add value" }</button>
            </form>
            if let Some(e) = &*error {
                <p class="editor-error" id={error_id} role="alert">{ e.clone() }</p>
            }
        </li>
    }
}
