//! The article: its blocks as paragraphs, and the pointer handling that turns a click or a
//! drag into document offsets.

use super::paragraph::{BlockAnnotations, BlockHits, Paragraph};
use super::relation_arcs::{Arcs, RelationArcs};
use crate::platform::dom;
use crate::view::DocView;
use gloo::events::EventListener;
use postil_core::{AnnotationId, AnnotationSet, LabelSchema, Span};
use std::rc::Rc;
use wasm_bindgen::JsCast;
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
    /// Search hits to highlight.
    pub hits: Rc<[Span]>,
    /// Where the layers on show have annotations.
    pub ghosts: Rc<[Span]>,
    /// A click (start == end, the character under the pointer) or drag, as document offsets.
    pub on_pointer: Callback<(u32, u32)>,
    pub on_pick: Callback<AnnotationId>,
    /// A label tag dragged onto another: link the first to the second.
    pub on_drag_link: Callback<(AnnotationId, AnnotationId)>,
    /// The text size in percent: the arcs are drawn again when it changes.
    #[prop_or(100)]
    pub text_size: u16,
}

#[component]
pub fn Article(props: &ArticleProps) -> Html {
    let root = use_node_ref();
    // A press that starts in the article is finished wherever the button is released, so the
    // release is heard on the whole document.
    let pressed = use_mut_ref(|| false);
    // The label tag the press started on, if any: released on another tag, it links them.
    let pressed_tag = use_mut_ref(|| None::<u32>);
    let onmousedown = {
        let (pressed, pressed_tag) = (pressed.clone(), pressed_tag.clone());
        Callback::from(move |e: MouseEvent| {
            *pressed.borrow_mut() = e.button() == 0;
            *pressed_tag.borrow_mut() = dom::annotation_under(e.target());
        })
    };
    {
        let root = root.clone();
        let on_pointer = props.on_pointer.clone();
        let on_pick = props.on_pick.clone();
        let on_drag_link = props.on_drag_link.clone();
        use_effect_with(
            (on_pointer, on_pick, on_drag_link),
            move |(on_pointer, on_pick, on_drag_link)| {
                let (on_pointer, on_pick, on_drag_link) =
                    (on_pointer.clone(), on_pick.clone(), on_drag_link.clone());
                let listener = web_sys::window().and_then(|w| w.document()).map(|d| {
                    EventListener::new(&d, "mouseup", move |event| {
                        let Some(e) = event.dyn_ref::<web_sys::MouseEvent>() else {
                            return;
                        };
                        if !std::mem::take(&mut *pressed.borrow_mut()) {
                            return;
                        }
                        let Some(el) = root.cast::<web_sys::Element>() else {
                            return;
                        };
                        let tag = dom::annotation_under(e.target());
                        let from = pressed_tag.borrow_mut().take();
                        let Some(sel) = dom::take_selection(&el, f64::from(e.client_x())) else {
                            return;
                        };
                        if let (Some(from), Some(to)) = (from, tag) {
                            if from != to {
                                on_drag_link.emit((AnnotationId(from), AnnotationId(to)));
                                return;
                            }
                        }
                        if let Some(id) = tag.filter(|_| sel.start == sel.end) {
                            on_pick.emit(AnnotationId(id));
                        } else if e.detail() >= 2 {
                            // A double click selects a word natively; treat it as a click on it.
                            on_pointer.emit((sel.start, sel.start));
                        } else {
                            on_pointer.emit((sel.start, sel.end));
                        }
                    })
                });
                move || drop(listener)
            },
        );
    }

    let selected_span = props
        .selected
        .and_then(|id| props.annotations.get(id))
        .map(|a| a.span);
    html! {
        // The labels' colours, once for the whole article (each run and tag names its slot).
        <article class="article" ref={root.clone()} {onmousedown} lang="en" tabindex="0"
            style={props.schema.color_slots()}
            aria-label={format!("Article: {}", props.view.doc.title())}>
            // A text that does not start with its title (a JSONL record): the title is shown
            // above it, outside the text, so it cannot be labeled and shifts no offset.
            if !props.view.doc.has_title_block() {
                <h1 class="block doc-title detached">{ props.view.doc.title() }</h1>
            }
            <RelationArcs arcs={Arcs::of(&props.annotations, &props.schema, props.selected)} article={root.clone()}
                text_size={props.text_size} />
            { for props.view.blocks.iter().map(|b| {
                let touches = |s: Option<Span>| s.filter(|s| s.overlaps(b.span));
                html! {
                    <Paragraph
                        key={b.span.start}
                        view={props.view.clone()}
                        block={b.clone()}
                        annotations={BlockAnnotations::new(props.annotations.clone(), b.span)}
                        hits={BlockHits::new(props.hits.clone(), b.span)}
                        ghosts={BlockHits::new(props.ghosts.clone(), b.span)}
                        schema={props.schema.clone()}
                        range={touches(props.range)}
                        selected={touches(selected_span).and(props.selected)}
                    />
                }
            }) }
        </article>
    }
}
