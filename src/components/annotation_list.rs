//! The side panel: the open document's annotations in reading order.

use crate::view::DocView;
use postil_core::{AnnotationId, AnnotationSet, LabelSchema};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AnnotationListProps {
    pub view: Rc<DocView>,
    pub annotations: Rc<AnnotationSet>,
    pub schema: Rc<LabelSchema>,
    pub selected: Option<AnnotationId>,
    pub on_pick: Callback<AnnotationId>,
}

#[component]
pub fn AnnotationList(props: &AnnotationListProps) -> Html {
    let n = props.annotations.len();
    html! {
        <aside class="side-panel" aria-label="Annotations">
            <h2 class="panel-title">{ format!("Annotations ({n})") }</h2>
            if n == 0 {
                <p class="empty">{ "None yet. Select words in the article, then press a label’s key." }</p>
            } else {
                <ol class="annotation-list">
                    { for props.annotations.iter().map(|a| {
                        let id = a.id;
                        let onclick = props.on_pick.reform(move |_: MouseEvent| id);
                        let color = props.schema.get(&a.label).map_or_else(|| "#e0e0e0".to_string(), |l| l.color.to_string());
                        let words = props.view.doc.slice(a.span).unwrap_or_default().to_string();
                        html! {
                            <li key={a.id.0}>
                                <button type="button" {onclick}
                                    class={classes!("annotation-item", (props.selected == Some(id)).then_some("selected"))}
                                    data-ann={id.to_string()}>
                                    <span class="chip" style={format!("--label: {color}")}>{ a.label.clone() }</span>
                                    <span class="words">{ words }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ol>
            }
        </aside>
    }
}
