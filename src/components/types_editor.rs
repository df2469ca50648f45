//! Relation types and attributes in the label editor: one row of inputs per type (name, key,
//! colour, the labels each end may have) and per attribute (name, key, labels, values), and a
//! form that adds each. A change is built and checked by `postil_core::type_editor`; a refusal
//! is shown under its section, and nothing is emitted.

use postil_core::prose::sentence;
use postil_core::schema::SchemaError;
use postil_core::schema_edit::SchemaChange;
use postil_core::type_editor::{self, AttributeAction, TypeAction};
use postil_core::{Color, LabelSchema};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TypesEditorProps {
    pub schema: Rc<LabelSchema>,
    pub on_change: Callback<SchemaChange>,
}

/// Which section a refusal belongs under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Types,
    Attributes,
}

fn value_of(e: &Event) -> String {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .map(|el| el.value())
        .unwrap_or_default()
}

fn take(node: &NodeRef) -> Option<web_sys::HtmlInputElement> {
    node.cast::<web_sys::HtmlInputElement>()
}

#[component]
pub fn TypesEditor(props: &TypesEditorProps) -> Html {
    let error = use_state_eq(|| None::<(Part, String)>);
    let (new_type, new_attribute, new_values) = (use_node_ref(), use_node_ref(), use_node_ref());
    {
        let error = error.clone();
        use_effect_with(props.schema.clone(), move |_| error.set(None));
    }
    let settle = {
        let (error, on_change) = (error.clone(), props.on_change.clone());
        move |part: Part, result: Option<Result<SchemaChange, SchemaError>>| match result {
            Some(Ok(change)) => {
                error.set(None);
                on_change.emit(change);
            }
            Some(Err(e)) => error.set(Some((part, sentence(&e)))),
            None => error.set(None),
        }
    };
    let type_action = {
        let (settle, schema) = (settle.clone(), props.schema.clone());
        move |i: usize, action: TypeAction| {
            settle(Part::Types, type_editor::type_change(&schema, i, action))
        }
    };
    let attribute_action = {
        let (settle, schema) = (settle.clone(), props.schema.clone());
        move |i: usize, action: AttributeAction| {
            settle(
                Part::Attributes,
                type_editor::attribute_change(&schema, i, action),
            )
        }
    };
    let on_add_type = {
        let (settle, schema, input) = (settle.clone(), props.schema.clone(), new_type.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(el) = take(&input) else { return };
            let result = type_editor::add_type(&schema, &el.value());
            if result.is_ok() {
                el.set_value("");
            }
            settle(Part::Types, Some(result));
        })
    };
    let on_add_attribute = {
        let (settle, schema) = (settle.clone(), props.schema.clone());
        let (name, values) = (new_attribute.clone(), new_values.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (Some(n), Some(v)) = (take(&name), take(&values)) else {
                return;
            };
            let result = type_editor::add_attribute(&schema, &n.value(), &v.value());
            if result.is_ok() {
                n.set_value("");
                v.set_value("");
            }
            settle(Part::Attributes, Some(result));
        })
    };
    let error_of = |part: Part| {
        error
            .as_ref()
            .filter(|(p, _)| *p == part)
            .map(|(_, e)| e.clone())
    };
    let types = props.schema.relation_types();
    let attributes = props.schema.attributes();
    html! {
        <>
        <div class="relation-types" role="group" aria-labelledby="relation-types-title">
            <h3 id="relation-types-title">{ "Relation types" }</h3>
            if types.is_empty() {
                <p class="empty">{ "None declared. Links may have any type; declare one to give it a key, a colour and the labels it links." }</p>
            }
            <ol class="type-rows">
                { for types.iter().enumerate().map(|(i, t)| {
                    let act = |make: fn(String) -> TypeAction| {
                        let a = type_action.clone();
                        Callback::from(move |e: Event| a(i, make(value_of(&e))))
                    };
                    let on_color = {
                        let a = type_action.clone();
                        Callback::from(move |e: Event| {
                            if let Ok(c) = value_of(&e).parse::<Color>() {
                                a(i, TypeAction::Color(c));
                            }
                        })
                    };
                    let on_delete = { let a = type_action.clone(); Callback::from(move |_: MouseEvent| a(i, TypeAction::Delete)) };
                    let name = t.name.clone();
                    html! {
                        <li class="type-row" key={i}>
                            <input class="type-name" type="text" value={t.name.clone()} onchange={act(TypeAction::Rename)}
                                aria-label={format!("Name of relation type {name}")} spellcheck="false" />
                            <input class="type-key" type="text" value={t.key.map(String::from).unwrap_or_default()}
                                onchange={act(TypeAction::Key)} size="2" placeholder="key"
                                aria-label={format!("Key of {name} (finishes a link)")} />
                            <input class="type-color" type="color" value={t.color.to_string()} onchange={on_color}
                                aria-label={format!("Colour of {name}")} />
                            <input class="type-ends" type="text" value={t.from.join(" ")} onchange={act(TypeAction::From)}
                                placeholder="any label" aria-label={format!("Labels {name} starts from")} spellcheck="false" />
                            <span aria-hidden="true">{ "→" }</span>
                            <input class="type-ends" type="text" value={t.to.join(" ")} onchange={act(TypeAction::To)}
                                placeholder="any label" aria-label={format!("Labels {name} goes to")} spellcheck="false" />
                            <button type="button" class="delete" onclick={on_delete}
                                aria-label={format!("Delete relation type {name}")}>{ "×" }</button>
                        </li>
                    }
                }) }
            </ol>
            <form class="add-type" onsubmit={on_add_type}>
                <label for="new-type-name">{ "New relation type" }</label>
                <input id="new-type-name" ref={new_type} type="text" placeholder="e.g. works for" autocomplete="off" />
                <button type="submit">{ "Add relation type" }</button>
            </form>
            if let Some(e) = error_of(Part::Types) {
                <p class="editor-error" role="alert">{ e }</p>
            }
        </div>
        <div class="attributes" role="group" aria-labelledby="attributes-title">
            <h3 id="attributes-title">{ "Attributes" }</h3>
            if attributes.is_empty() {
                <p class="empty">{ "None yet. An attribute is yes or no (such as Negated) or one value of a list (such as Confidence: High Medium Low), set by its key on the selected annotation." }</p>
            }
            <ol class="type-rows">
                { for attributes.iter().enumerate().map(|(i, a)| {
                    let act = |make: fn(String) -> AttributeAction| {
                        let f = attribute_action.clone();
                        Callback::from(move |e: Event| f(i, make(value_of(&e))))
                    };
                    let on_delete = { let f = attribute_action.clone(); Callback::from(move |_: MouseEvent| f(i, AttributeAction::Delete)) };
                    let name = a.name.clone();
                    html! {
                        <li class="type-row" key={i}>
                            <input class="type-name" type="text" value={a.name.clone()} onchange={act(AttributeAction::Rename)}
                                aria-label={format!("Name of attribute {name}")} spellcheck="false" />
                            <input class="type-key" type="text" value={a.key.map(String::from).unwrap_or_default()}
                                onchange={act(AttributeAction::Key)} size="2" placeholder="key"
                                aria-label={format!("Key of {name}")} />
                            <input class="type-ends" type="text" value={a.labels.join(" ")} onchange={act(AttributeAction::Labels)}
                                placeholder="every label" aria-label={format!("Labels that have {name}")} spellcheck="false" />
                            <input class="type-values" type="text" value={a.values.join(" ")} onchange={act(AttributeAction::Values)}
                                placeholder="yes or no" aria-label={format!("Values of {name}")} spellcheck="false" />
                            <button type="button" class="delete" onclick={on_delete}
                                aria-label={format!("Delete attribute {name}")}>{ "×" }</button>
                        </li>
                    }
                }) }
            </ol>
            <form class="add-type" onsubmit={on_add_attribute}>
                <label for="new-attribute-name">{ "New attribute" }</label>
                <input id="new-attribute-name" ref={new_attribute} type="text" placeholder="e.g. Negated" autocomplete="off" />
                <input ref={new_values} type="text" placeholder="values (none: yes or no)" autocomplete="off"
                    aria-label="Values of the new attribute" />
                <button type="submit">{ "Add attribute" }</button>
            </form>
            if let Some(e) = error_of(Part::Attributes) {
                <p class="editor-error" role="alert">{ e }</p>
            }
        </div>
        </>
    }
}
