//! One block of the article (title, heading or paragraph) as runs of text cut at every
//! annotation, selection and search-hit boundary (`postil_core::layout` cuts them; this draws
//! them).
//!
//! One element per run at most, so a long labeled article stays a small DOM: a plain run is a
//! bare text node; a selected or found one a `<span>`; a stretch covered by annotations is a
//! `<mark>` holding its text, filled with the innermost annotation's colour and underlined
//! once per other annotation covering it, one lane each, so nested and crossing spans all show.
//! The block carries `data-o`, its start offset in the document (in `char`s); `platform::dom`
//! maps a selection back to offsets from it and the text before.
//! Each annotation ends with a label tag (an empty element whose name is drawn by CSS, so it
//! never enters the text) that selects exactly that annotation when clicked. A tag carries no
//! more attributes than it needs (5,000 annotations are 5,000 tags): its element id `ann-N`
//! (found by id, the fastest lookup), its label, colour and accessible name, and a tooltip
//! only when there is a note to show.
//!
//! Props compare cheaply (the text by pointer, annotations and hits by the few in the block),
//! so a labeling action re-renders only the paragraphs it touches.

use crate::view::{BlockView, DocView};
use postil_core::layout;
use postil_core::{Annotation, AnnotationId, AnnotationSet, BlockKind, LabelSchema, Span};
use std::rc::Rc;
use yew::prelude::*;

/// The annotations of one block: equal when the block's annotations are equal, whatever
/// happened elsewhere in the document.
#[derive(Clone)]
pub struct BlockAnnotations {
    set: Rc<AnnotationSet>,
    span: Span,
}

impl BlockAnnotations {
    pub fn new(set: Rc<AnnotationSet>, span: Span) -> Self {
        BlockAnnotations { set, span }
    }

    fn get(&self) -> impl Iterator<Item = &Annotation> + Clone {
        self.set.within(self.span)
    }
}

impl PartialEq for BlockAnnotations {
    fn eq(&self, other: &Self) -> bool {
        self.span == other.span && self.get().eq(other.get())
    }
}

/// The search hits in one block, compared by the hits in the block only.
#[derive(Clone)]
pub struct BlockHits {
    hits: Rc<[Span]>,
    span: Span,
}

impl BlockHits {
    pub fn new(hits: Rc<[Span]>, span: Span) -> Self {
        BlockHits { hits, span }
    }

    fn get(&self) -> &[Span] {
        let first = self.hits.partition_point(|h| h.end <= self.span.start);
        let last = self.hits.partition_point(|h| h.start < self.span.end);
        self.hits.get(first..last.max(first)).unwrap_or(&[])
    }
}

impl PartialEq for BlockHits {
    fn eq(&self, other: &Self) -> bool {
        self.span == other.span && self.get() == other.get()
    }
}

#[derive(Properties, PartialEq)]
pub struct ParagraphProps {
    /// The whole document (compared by pointer), for the words of spans that cross blocks.
    pub view: Rc<DocView>,
    pub block: BlockView,
    pub annotations: BlockAnnotations,
    pub hits: BlockHits,
    pub schema: Rc<LabelSchema>,
    pub range: Option<Span>,
    pub selected: Option<AnnotationId>,
}

/// The class of a label's colour slot (`LabelSchema::color_slot`; `styles/app.css`).
fn slot_class(slot: usize) -> String {
    format!("l{slot}")
}

/// Walks a block's text forwards, turning document `char` offsets into byte offsets.
struct Cursor<'t> {
    text: &'t str,
    chars: u32,
    byte: usize,
}

impl Cursor<'_> {
    /// Byte offset of document offset `to` (never moving backwards, clamped to the text).
    fn seek(&mut self, to: u32) -> usize {
        for c in self.text[self.byte..].chars() {
            if self.chars >= to {
                break;
            }
            self.byte += c.len_utf8();
            self.chars += 1;
        }
        self.byte
    }
}

#[component]
pub fn Paragraph(props: &ParagraphProps) -> Html {
    let block = &props.block;
    let text: &str = &block.text;
    let anns: Vec<&Annotation> = props.annotations.get().collect();
    let color = |label: &str| {
        props
            .schema
            .get(label)
            .map_or_else(|| "#e0e0e0".to_string(), |l| l.color.to_string())
    };
    let mut cursor = Cursor {
        text,
        chars: block.span.start,
        byte: 0,
    };
    let mut children: Vec<Html> = Vec::new();
    for r in layout::runs(block.span, &anns, props.hits.get(), props.range) {
        let (a, b) = (cursor.seek(r.span.start), cursor.seek(r.span.end));
        let words = &text[a..b];
        let marks = classes!(r.selected.then_some("sel"), r.hit.then_some("hit"));
        let covering: Vec<(&Annotation, usize)> =
            r.covering.iter().map(|c| (anns[c.index], c.lane)).collect();
        if let Some(((inner, _), others)) = covering.split_first() {
            // Fill with the innermost; underline the others, each in its own lane.
            let bars: Vec<String> = others
                .iter()
                .map(|(a, lane)| {
                    format!(
                        "0 {}px 0 0 color-mix(in srgb, {} 55%, #000)",
                        3 * (lane + 1),
                        color(&a.label)
                    )
                })
                .collect();
            // The fill comes from the label's colour slot (a class) when it has one.
            let slot = props.schema.color_slot(&inner.label);
            let own_fill = slot
                .is_none()
                .then(|| format!("--label: {}; ", color(&inner.label)));
            let style = if bars.is_empty() {
                own_fill
            } else {
                Some(format!(
                    "{}box-shadow: {}; margin-bottom: {}px",
                    own_fill.unwrap_or_default(),
                    bars.join(", "),
                    3 * covering.len()
                ))
            };
            let notes: Vec<&str> = covering
                .iter()
                .map(|(a, _)| a.note.as_str())
                .filter(|n| !n.is_empty())
                .collect();
            let selected = props
                .selected
                .is_some_and(|s| covering.iter().any(|(a, _)| a.id == s));
            // The mark is the run itself (its text): one element per labeled run, not a mark
            // around a span.
            children.push(html! {
                <mark class={classes!("seg", slot.map(slot_class), selected.then_some("in-selected"), marks)}
                    {style} title={(!notes.is_empty()).then(|| notes.join("\n"))}>
                    { words }
                </mark>
            });
        } else if r.selected || r.hit {
            children.push(html! { <span class={marks}>{ words }</span> });
        } else {
            // A plain run is a bare text node: `platform::dom` counts its offset from the
            // block's `data-o` and the text before it.
            children.push(Html::from(yew::virtual_dom::VText::new(words.to_string())));
        }
        // Label tags of the annotations that end here, innermost first.
        for x in r.ending.iter().map(|i| anns[*i]) {
            let words = props.view.doc.slice(x.span).unwrap_or_default();
            let label = if x.note.is_empty() {
                format!("{}: {words}", x.label)
            } else {
                format!("{}: {words}. Note: {}", x.label, x.note)
            };
            let slot = props.schema.color_slot(&x.label);
            children.push(html! {
                <span class={classes!("tag", slot.map(slot_class), (props.selected == Some(x.id)).then_some("selected"), (!x.note.is_empty()).then_some("has-note"))}
                    id={format!("ann-{}", x.id)} data-label={x.label.clone()}
                    style={slot.is_none().then(|| format!("--label: {}", color(&x.label)))} role="button" aria-label={label.clone()}
                    title={(!x.note.is_empty()).then_some(label)} />
            });
        }
    }

    let (tag, class) = match block.kind {
        BlockKind::Title => ("h1", "doc-title"),
        BlockKind::Heading => ("h2", "doc-heading"),
        BlockKind::Paragraph => ("p", "doc-para"),
    };
    html! {
        <@{tag} class={classes!("block", class)} data-o={block.span.start.to_string()}>
            { for children }
        </@>
    }
}
