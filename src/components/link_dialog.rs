//! Linking the selected annotation to another: which one (the nearest first) and the relation's
//! type (the schema's types and those already used are offered as the person types). Opened
//! with `>`. From the keyboard: the arrow keys move through the annotations, and a relation
//! type's key links to the one chosen with that type at once; Tab goes to the type field.

use super::dialog::{on_escape, use_autofocus};
use postil_core::AnnotationId;
use std::rc::Rc;
use yew::prelude::*;

/// One annotation the link may go to, as the list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub id: AnnotationId,
    /// "“Qureshi” (PER), 5 characters after".
    pub text: String,
}

#[derive(Properties, PartialEq)]
pub struct LinkDialogProps {
    pub from: AnnotationId,
    /// "PER “Lavrov”", for the heading.
    pub subject: AttrValue,
    pub targets: Rc<Vec<Target>>,
    /// How many annotations there are besides the one linked (more than `targets` when the
    /// list is cut).
    pub others: usize,
    /// Relation types in use, for the type field's suggestions.
    pub types: Rc<Vec<String>>,
    /// The keys of the schema's relation types that may start here, with their types.
    pub keys: Rc<Vec<(char, String)>>,
    pub on_link: Callback<(AnnotationId, AnnotationId, String)>,
    pub on_cancel: Callback<()>,
}

#[component]
pub fn LinkDialog(props: &LinkDialogProps) -> Html {
    let target = use_autofocus();
    let kind = use_node_ref();
    let problem = use_state(|| None::<&'static str>);
    // The annotation chosen in the list, marked in the article while the dialog is open.
    let chosen = use_state(|| props.targets.first().map(|t| t.id));
    use_effect_with(*chosen, |chosen| {
        let id = chosen.map(|c| c.0);
        // Marked now and once more after this render's other effects: opening the dialog may
        // also select its annotation, and the paragraphs then draw their tags anew.
        let again = id.map(|id| {
            crate::platform::dom::mark_link_target(id, true);
            gloo::timers::callback::Timeout::new(0, move || {
                crate::platform::dom::mark_link_target(id, true)
            })
        });
        move || {
            drop(again);
            if let Some(id) = id {
                crate::platform::dom::mark_link_target(id, false);
            }
        }
    });
    let on_choose = {
        let (chosen, targets) = (chosen.clone(), props.targets.clone());
        Callback::from(move |e: Event| {
            let picked = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .and_then(|el| usize::try_from(el.selected_index()).ok())
                .and_then(|i| targets.get(i))
                .map(|t| t.id);
            chosen.set(picked);
        })
    };
    let onsubmit = {
        let (target, kind, problem) = (target.clone(), kind.clone(), problem.clone());
        let (on_link, from) = (props.on_link.clone(), props.from);
        let targets = props.targets.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let chosen = target
                .cast::<web_sys::HtmlSelectElement>()
                .and_then(|el| usize::try_from(el.selected_index()).ok())
                .and_then(|i| targets.get(i));
            let typed = kind
                .cast::<web_sys::HtmlInputElement>()
                .map(|el| el.value().trim().to_string())
                .unwrap_or_default();
            match (chosen, typed.is_empty()) {
                (None, _) => problem.set(Some("Choose the annotation to link to.")),
                (_, true) => problem.set(Some("Give the relation a type, such as “met”.")),
                (Some(to), false) => on_link.emit((from, to.id, typed)),
            }
        })
    };
    // A type's key pressed in the list links to the annotation chosen there, with that type.
    let on_list_key = {
        let (on_link, from) = (props.on_link.clone(), props.from);
        let (targets, keys) = (props.targets.clone(), props.keys.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            let key = e.key();
            let mut chars = key.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else {
                return;
            };
            let Some((_, kind)) = keys
                .iter()
                .find(|(k, _)| k.to_lowercase().eq(c.to_lowercase()))
            else {
                return;
            };
            let chosen = e
                .target_dyn_into::<web_sys::HtmlSelectElement>()
                .and_then(|el| usize::try_from(el.selected_index()).ok())
                .and_then(|i| targets.get(i));
            if let Some(to) = chosen {
                e.prevent_default();
                on_link.emit((from, to.id, kind.clone()));
            }
        })
    };
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    let onkeydown = on_escape(&props.on_cancel);
    html! {
        <div class="dialog-backdrop">
            <div class="dialog link-dialog" role="dialog" aria-modal="true" aria-labelledby="link-title">
                <form class="dialog-form" {onsubmit} {onkeydown}>
                    <h2 id="link-title">{ format!("Link {} to…", props.subject) }</h2>
                    <label class="field">
                        <span>{ "Annotation" }</span>
                        <select ref={target} aria-label="Annotation to link to" size="6" onkeydown={on_list_key}
                            onchange={on_choose}>
                            { for props.targets.iter().enumerate().map(|(i, t)| html! {
                                <option value={t.id.0.to_string()} selected={i == 0}>{ t.text.clone() }</option>
                            }) }
                        </select>
                    </label>
                    if props.others > props.targets.len() {
                        <p class="hint">{ format!("The {} nearest of {} are listed.", props.targets.len(), props.others) }</p>
                    }
                    <label class="field">
                        <span>{ "Relation type" }</span>
                        <input ref={kind} type="text" list="relation-types" aria-label="Relation type"
                            placeholder="e.g. met, works for, located in" />
                    </label>
                    <datalist id="relation-types">
                        { for props.types.iter().map(|t| html! { <option value={t.clone()} /> }) }
                    </datalist>
                    if let Some(why) = *problem {
                        <p class="field-error" role="alert">{ why }</p>
                    }
                    if !props.keys.is_empty() {
                        <p class="hint link-keys">{ format!("In the list, a type’s key links at once: {}.",
                            props.keys.iter().map(|(k, t)| format!("{k} {t}")).collect::<Vec<_>>().join(", ")) }</p>
                    }
                    <p class="hint">{ "The nearest annotations come first. Enter links, Esc cancels." }</p>
                    <div class="dialog-actions">
                        <button type="submit">{ "Link" }</button>
                        <button type="button" onclick={cancel}>{ "Cancel" }</button>
                    </div>
                </form>
            </div>
        </div>
    }
}
