//! One annotation in the side panel's list. Its props are small values, so an item re-renders
//! only when its own annotation (or whether it is selected) changes.

use postil_core::AnnotationId;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AnnotationItemProps {
    pub id: AnnotationId,
    pub label: AttrValue,
    pub words: AttrValue,
    pub note: AttrValue,
    /// "Negated, Confidence: High" (empty: none).
    pub attributes: AttrValue,
    pub color: AttrValue,
    pub selected: bool,
    pub on_pick: Callback<AnnotationId>,
}

#[component]
pub fn AnnotationItem(props: &AnnotationItemProps) -> Html {
    let id = props.id;
    let onclick = props.on_pick.reform(move |_: MouseEvent| id);
    html! {
        <li>
            <button type="button" {onclick} aria-pressed={props.selected.to_string()}
                class={classes!("annotation-item", props.selected.then_some("selected"))}
                data-ann={id.to_string()}>
                <span class="chip" style={format!("--label: {}", props.color)}>{ props.label.clone() }</span>
                <span class="words">{ props.words.clone() }</span>
                if !props.attributes.is_empty() {
                    <span class="attributes">{ props.attributes.clone() }</span>
                }
                if !props.note.is_empty() {
                    <span class="note">{ props.note.clone() }</span>
                }
            </button>
        </li>
    }
}
