//! One block of the article (title, heading or paragraph) as plain text runs and labeled
//! spans. Every text node sits in an element whose `data-o` is its start offset in the
//! document (in `char`s), which is how `platform::dom` maps a selection back to offsets.
//!
//! Props compare cheaply (the block's text by pointer, its annotations by the few in the
//! block), so a labeling action re-renders only the paragraphs it touches.

use crate::view::BlockView;
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

#[derive(Properties, PartialEq)]
pub struct ParagraphProps {
    pub block: BlockView,
    pub annotations: BlockAnnotations,
    pub schema: Rc<LabelSchema>,
    pub range: Option<Span>,
    pub selected: Option<AnnotationId>,
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
        let mut it = self.text[self.byte..].char_indices();
        while self.chars < to {
            match it.next() {
                Some((_, c)) => {
                    self.byte += c.len_utf8();
                    self.chars += 1;
                }
                None => break,
            }
        }
        self.byte
    }
}

#[component]
pub fn Paragraph(props: &ParagraphProps) -> Html {
    let block = &props.block;
    let text: &str = &block.text;
    let mut cursor = Cursor {
        text,
        chars: block.span.start,
        byte: 0,
    };
    let range = props.range;

    // Text from `start` to `end` as runs, the part inside the selection marked.
    let mut runs = |start: u32, end: u32| -> Html {
        let mut cuts = vec![start];
        if let Some(r) = range {
            cuts.extend(
                [r.start, r.end]
                    .into_iter()
                    .filter(|o| start < *o && *o < end),
            );
        }
        cuts.push(end);
        cuts.windows(2)
            .map(|w| {
                let (a, b) = (w[0], w[1]);
                let (ba, bb) = (cursor.seek(a), cursor.seek(b));
                let in_range = range.is_some_and(|r| r.start <= a && b <= r.end);
                html! {
                    <span data-o={a.to_string()} class={classes!(in_range.then_some("sel"))}>{ &text[ba..bb] }</span>
                }
            })
            .collect()
    };

    let mut children: Vec<Html> = Vec::new();
    let mut at = block.span.start;
    for a in props.annotations.get() {
        let (s, e) = (
            a.span.start.max(block.span.start),
            a.span.end.min(block.span.end),
        );
        if at < s {
            children.push(runs(at, s));
        }
        let color = props
            .schema
            .get(&a.label)
            .map_or_else(|| "#e0e0e0".to_string(), |l| l.color.to_string());
        let is_selected = props.selected == Some(a.id);
        children.push(html! {
            <mark class={classes!("ann", is_selected.then_some("selected"))}
                id={format!("ann-{}", a.id)} data-ann={a.id.to_string()} data-label={a.label.clone()}
                style={format!("--label: {color}")}>
                { runs(s, e) }
            </mark>
        });
        at = e;
    }
    if at < block.span.end {
        children.push(runs(at, block.span.end));
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
