//! The article: its blocks as paragraphs, and the pointer handling that turns a click or a
//! drag into document offsets.

use super::paragraph::{BlockAnnotations, Paragraph};
use crate::platform::dom;
use crate::view::DocView;
use postil_core::{AnnotationId, AnnotationSet, LabelSchema, Span};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ArticleProps {
    pub view: Rc<DocView>,
    pub annotations: Rc<AnnotationSet>,
    pub schema: Rc<LabelSchema>,
    /// Selected words not yet labeled.
    pub range: Option<Span>,
    /// The selected annotation.
    pub selected: Option<AnnotationId>,
    /// A click (start == end) or drag, as document offsets.
    pub on_pointer: Callback<(u32, u32)>,
    pub on_pick: Callback<AnnotationId>,
}

#[component]
pub fn Article(props: &ArticleProps) -> Html {
    let root = use_node_ref();
    let onmouseup = {
        let root = root.clone();
        let on_pointer = props.on_pointer.clone();
        let on_pick = props.on_pick.clone();
        Callback::from(move |e: MouseEvent| {
            if e.button() != 0 {
                return;
            }
            let Some(el) = root.cast::<web_sys::Element>() else {
                return;
            };
            let Some(sel) = dom::take_selection(&el) else {
                return;
            };
            if sel.start == sel.end {
                if let Some(id) = dom::annotation_under(e.target()) {
                    on_pick.emit(AnnotationId(id));
                    return;
                }
            }
            on_pointer.emit((sel.start, sel.end));
        })
    };

    let selected_span = props
        .selected
        .and_then(|id| props.annotations.get(id))
        .map(|a| a.span);
    html! {
        <article class="article" ref={root} {onmouseup} lang="en" aria-label={props.view.doc.title().to_string()}>
            { for props.view.blocks.iter().map(|b| {
                let touches = |s: Option<Span>| s.filter(|s| s.overlaps(b.span));
                html! {
                    <Paragraph
                        key={b.span.start}
                        block={b.clone()}
                        annotations={BlockAnnotations::new(props.annotations.clone(), b.span)}
                        schema={props.schema.clone()}
                        range={touches(props.range)}
                        selected={touches(selected_span).and(props.selected)}
                    />
                }
            }) }
        </article>
    }
}
