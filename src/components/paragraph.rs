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
//! so a labeling action re-renders only the paragraphs it touches. The block element is
//! Yew's; its children are drawn by one call to `fill_block` with the block's text and a
//! compact list of runs and tags, which builds the same elements a `html!` of them would.

use crate::view::{BlockView, DocView};
use postil_core::layout;
use postil_core::text::{to_u32, utf16_len};
use postil_core::{Annotation, AnnotationId, AnnotationSet, BlockKind, LabelSchema, Span};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
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
    /// Where layers on show have annotations (drawn dashed, apart from the annotator's own).
    pub ghosts: BlockHits,
    pub schema: Rc<LabelSchema>,
    pub range: Option<Span>,
    pub selected: Option<AnnotationId>,
}

/// The class of a label's colour slot (`LabelSchema::color_slot`; `styles/app.css`).
fn slot_class(slot: usize) -> String {
    format!("l{slot}")
}

/// Class names joined the way `classes!` joins them: in order, the empty ones left out.
fn class_list<'a>(names: impl IntoIterator<Item = Option<&'a str>>) -> String {
    let mut out = String::new();
    for name in names.into_iter().flatten() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(name);
    }
    out
}

/// Walks a block's text forwards, turning document `char` offsets into UTF-16 offsets in the
/// block (what JavaScript's `slice` counts).
struct Cursor<'t> {
    text: &'t str,
    /// The text is ASCII: every offset is its own UTF-16 offset (most articles' blocks).
    ascii: bool,
    /// The document offset of the block's start.
    start: u32,
    chars: u32,
    byte: usize,
    utf16: u32,
}

impl Cursor<'_> {
    /// UTF-16 offset in the block of document offset `to` (never moving backwards, clamped to
    /// the text).
    fn seek(&mut self, to: u32) -> u32 {
        if self.ascii {
            let len = self.text.len() as u32;
            self.utf16 = to.saturating_sub(self.start).min(len).max(self.utf16);
            return self.utf16;
        }
        for c in self.text[self.byte..].chars() {
            if self.chars >= to {
                break;
            }
            self.byte += c.len_utf8();
            self.utf16 += c.len_utf16() as u32;
            self.chars += 1;
        }
        self.utf16
    }
}

/// What a block holds, as `fill_block` (below) draws it: `ops` is a list of runs and tags,
/// each a kind and its fields; text is given by UTF-16 offsets into the block's text, every
/// other string as a 1-based index into the strings (0: none). The block's text and then
/// every string go over as one string (`joined`), cut again by their UTF-16 lengths (`lens`,
/// the text's first): one string crossing per block rather than one per string.
struct Drawing {
    ops: Vec<u32>,
    joined: String,
    lens: Vec<u32>,
}

/// A plain run: a bare text node. `[TEXT, from, to]`
const TEXT: u32 = 0;
/// A selected or found run: `<span class>`. `[SPAN, from, to, class]`
const SPAN: u32 = 1;
/// A labeled run: `<mark class style title>`. `[MARK, from, to, class, style, title]`
const MARK: u32 = 2;
/// A label tag: `<span class id data-label style role="button" aria-label title>`, empty.
/// `[TAG, class, id, label, style, aria-label, title]`
const TAG: u32 = 3;

impl Drawing {
    /// A drawing of the block `text`, `units` long in UTF-16 code units.
    fn new(text: &str, units: u32) -> Self {
        Drawing {
            ops: Vec::new(),
            joined: text.to_string(),
            lens: vec![units],
        }
    }

    fn string(&mut self, s: Option<String>) -> u32 {
        match s {
            Some(s) => {
                self.lens.push(utf16_len(&s));
                self.joined.push_str(&s);
                (self.lens.len() - 1) as u32
            }
            None => 0,
        }
    }
}

// Builds a block's children in one call rather than one call per element and attribute: a
// long article is thousands of runs and tags, and each call across to the page costs more than
// the DOM work it does. Text only ever becomes text (`textContent`, text nodes), never markup.
#[wasm_bindgen(inline_js = r#"
export function fill_block(el, joined, lens, ops) {
  const text = joined.slice(0, lens[0]);
  const strings = [];
  for (let i = 1, at = lens[0]; i < lens.length; i++) {
    strings.push(joined.slice(at, at + lens[i]));
    at += lens[i];
  }
  const s = (i) => (i === 0 ? null : strings[i - 1]);
  const parts = [];
  for (let i = 0; i < ops.length; ) {
    const kind = ops[i];
    if (kind === 0) {
      parts.push(text.slice(ops[i + 1], ops[i + 2]));
      i += 3;
    } else if (kind === 3) {
      const tag = document.createElement('span');
      tag.className = s(ops[i + 1]);
      tag.id = s(ops[i + 2]);
      tag.setAttribute('data-label', s(ops[i + 3]));
      if (ops[i + 4]) tag.setAttribute('style', s(ops[i + 4]));
      tag.setAttribute('role', 'button');
      tag.setAttribute('aria-label', s(ops[i + 5]));
      if (ops[i + 6]) tag.title = s(ops[i + 6]);
      parts.push(tag);
      i += 7;
    } else {
      const run = document.createElement(kind === 1 ? 'span' : 'mark');
      run.className = s(ops[i + 3]);
      if (kind === 2) {
        if (ops[i + 4]) run.setAttribute('style', s(ops[i + 4]));
        if (ops[i + 5]) run.title = s(ops[i + 5]);
      }
      run.textContent = text.slice(ops[i + 1], ops[i + 2]);
      parts.push(run);
      i += kind === 1 ? 4 : 6;
    }
  }
  el.replaceChildren(...parts);
}
"#)]
extern "C" {
    fn fill_block(el: &web_sys::Element, joined: &str, lens: &[u32], ops: &[u32]);
}

/// What the block shows: its runs and label tags (see the module's comment).
fn draw(props: &ParagraphProps) -> Drawing {
    let block = &props.block;
    let text: &str = &block.text;
    let anns: Vec<&Annotation> = props.annotations.get().collect();
    let color = |label: &str| {
        props
            .schema
            .get(label)
            .map_or_else(|| "#e0e0e0".to_string(), |l| l.color.to_string())
    };
    let ascii = text.is_ascii();
    let mut cursor = Cursor {
        text,
        ascii,
        start: block.span.start,
        chars: block.span.start,
        byte: 0,
        utf16: 0,
    };
    let units = if ascii {
        to_u32(text.len())
    } else {
        utf16_len(text)
    };
    let mut d = Drawing::new(text, units);
    let (hits, ghosts) = (props.hits.get(), props.ghosts.get());
    for r in layout::runs(block.span, &anns, hits, ghosts, props.range) {
        let (a, b) = (cursor.seek(r.span.start), cursor.seek(r.span.end));
        let marks = [
            r.selected.then_some("sel"),
            r.hit.then_some("hit"),
            r.ghost.then_some("ghost"),
        ];
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
            let slot = slot.map(slot_class);
            let class = class_list(
                [
                    Some("seg"),
                    slot.as_deref(),
                    selected.then_some("in-selected"),
                ]
                .into_iter()
                .chain(marks),
            );
            let class = d.string(Some(class));
            let style = d.string(style);
            let title = d.string((!notes.is_empty()).then(|| notes.join("\n")));
            d.ops.extend([MARK, a, b, class, style, title]);
        } else if r.selected || r.hit || r.ghost {
            let class = d.string(Some(class_list(marks)));
            d.ops.extend([SPAN, a, b, class]);
        } else {
            // A plain run is a bare text node: `platform::dom` counts its offset from the
            // block's `data-o` and the text before it.
            d.ops.extend([TEXT, a, b]);
        }
        // Label tags of the annotations that end here, innermost first.
        for x in r.ending.iter().map(|i| anns[*i]) {
            let words = props.view.doc.slice(x.span).unwrap_or_default();
            let mut label = format!("{}: {words}", x.label);
            if !x.attributes.is_empty() {
                label.push_str(&format!(
                    " ({})",
                    postil_core::schema::spoken(&x.attributes)
                ));
            }
            if !x.note.is_empty() {
                label.push_str(&format!(". Note: {}", x.note));
            }
            let slot = props.schema.color_slot(&x.label);
            let slot_name = slot.map(slot_class);
            let class = class_list([
                Some("tag"),
                slot_name.as_deref(),
                (props.selected == Some(x.id)).then_some("selected"),
                (!x.note.is_empty()).then_some("has-note"),
            ]);
            let class = d.string(Some(class));
            let id = d.string(Some(format!("ann-{}", x.id)));
            let name = d.string(Some(if x.attributes.is_empty() {
                x.label.clone()
            } else {
                format!(
                    "{} · {}",
                    x.label,
                    postil_core::schema::tag_text(&x.attributes)
                )
            }));
            let style = d.string(
                slot.is_none()
                    .then(|| format!("--label: {}", color(&x.label))),
            );
            let title =
                d.string((!x.note.is_empty() || !x.attributes.is_empty()).then(|| label.clone()));
            let aria = d.string(Some(label));
            d.ops.extend([TAG, class, id, name, style, aria, title]);
        }
    }
    d
}

#[component]
pub fn Paragraph(props: &ParagraphProps) -> Html {
    let block = &props.block;
    let element = use_node_ref();
    {
        // The block is drawn into its element after each render (the component renders only
        // when its props change); Yew keeps the element itself, which has no children of its
        // own in the virtual DOM, so it never touches what `fill_block` put there.
        let element = element.clone();
        let drawing = draw(props);
        use_effect(move || {
            if let Some(el) = element.cast::<web_sys::Element>() {
                fill_block(&el, &drawing.joined, &drawing.lens, &drawing.ops);
                crate::platform::dom::remark_link_target(&el);
            }
        });
    }
    let (tag, class) = match block.kind {
        BlockKind::Title => ("h1", "doc-title"),
        BlockKind::Heading => ("h2", "doc-heading"),
        BlockKind::Paragraph => ("p", "doc-para"),
    };
    html! {
        <@{tag} ref={element} class={classes!("block", class)} data-o={block.span.start.to_string()} />
    }
}

#[cfg(test)]
mod tests {
    use super::Cursor;

    #[test]
    fn cursor_gives_utf16_offsets_in_the_block() {
        // (text, the block's start in the document, offsets sought in order)
        let cases: &[(&str, u32, &[u32])] = &[
            ("Lavrov met Qureshi", 100, &[100, 106, 110, 118]),
            ("Lavrov met Qureshi", 100, &[99, 200]),
            ("Zo\u{eb} \u{1F44B} met Ada", 7, &[7, 9, 10, 11, 12, 16, 19]),
            ("\u{1F44B}\u{1F44B}", 0, &[0, 1, 2, 5]),
        ];
        for (text, start, seeks) in cases {
            let mut cursor = Cursor {
                text,
                ascii: text.is_ascii(),
                start: *start,
                chars: *start,
                byte: 0,
                utf16: 0,
            };
            for &to in seeks.iter() {
                let chars = to.saturating_sub(*start) as usize;
                let want: usize = text.chars().take(chars).map(char::len_utf16).sum();
                assert_eq!(cursor.seek(to) as usize, want, "{text:?} at {to}");
            }
        }
    }
}
