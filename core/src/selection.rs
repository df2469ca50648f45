//! What is selected in the open document and how the pointer and the keyboard move it.
//!
//! Positions are token indices into the document's tokens (`Document::tokens`); spans are
//! `char` offsets, half-open `[start, end)`, as everywhere in Postil. A selection is either
//! nothing, a range of whole words not yet labeled, or one annotation. The caret also keeps
//! the keyboard cursor (the token it is on) and the anchor a Shift+arrow extension started
//! from. Every function here is pure: it reads the document and its annotations and moves the
//! caret, nothing else.

use crate::annotation::{Annotation, AnnotationId, AnnotationSet};
use crate::document::Document;
use crate::span::Span;

/// What is selected in the article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Selection {
    #[default]
    None,
    /// Words not yet labeled (whole tokens, or exactly a search hit).
    Range(Span),
    /// An existing annotation.
    Annotation(AnnotationId),
}

/// A keyboard movement of the cursor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    NextWord,
    PrevWord,
    NextBlock,
    PrevBlock,
    BlockStart,
    BlockEnd,
}

/// The selection, the keyboard cursor and where an extension started (token indices).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Caret {
    pub selection: Selection,
    pub cursor: Option<usize>,
    pub anchor: Option<usize>,
}

impl Caret {
    /// The selected annotation, if it still exists in `set`.
    pub fn selected<'a>(&self, set: &'a AnnotationSet) -> Option<&'a Annotation> {
        match self.selection {
            Selection::Annotation(id) => set.get(id),
            _ => None,
        }
    }

    /// Nothing selected (the cursor stays where it was, for the next arrow key).
    pub fn clear(&mut self) {
        self.selection = Selection::None;
        self.anchor = None;
    }

    /// Clears a selected annotation that `set` no longer has (undone, deleted elsewhere).
    pub fn forget_missing(&mut self, set: &AnnotationSet) {
        if matches!(self.selection, Selection::Annotation(_)) && self.selected(set).is_none() {
            self.clear();
        }
    }

    /// A click (`start == end`, at the character under the pointer) or a drag from `start` to
    /// `end`. A drag is snapped to whole words and kept within the block it started in; a drag
    /// over exactly one annotation selects it. Clicking where annotations are cycles through
    /// them, innermost first.
    pub fn pointer(&mut self, doc: &Document, set: &AnnotationSet, start: u32, end: u32) {
        if start == end {
            let covering = set.covering(start);
            if !covering.is_empty() {
                let next = match self.selection {
                    Selection::Annotation(id) => covering
                        .iter()
                        .position(|a| a.id == id)
                        .map_or(0, |i| (i + 1) % covering.len()),
                    _ => 0,
                };
                self.select_annotation(doc, set, covering[next].id);
                return;
            }
            match doc.tokens().iter().position(|t| t.contains(start)) {
                Some(i) => self.select_tokens(doc, i, i),
                None => self.clear(),
            }
            return;
        }
        // The block the drag starts in (or the next one, when it starts between blocks).
        let range = match doc.blocks().iter().find(|b| b.span.end > start) {
            Some(b) => Span::new(start.max(b.span.start), end.min(b.span.end)),
            None => Span::new(start, end),
        };
        let tokens = doc.tokens();
        let first = tokens.partition_point(|t| t.end <= range.start);
        let last = tokens.partition_point(|t| t.start < range.end);
        if first >= last {
            self.clear();
            return;
        }
        let span = Span::new(tokens[first].start, tokens[last - 1].end);
        if let Some(a) = set.exact(span) {
            self.select_annotation(doc, set, a.id);
            return;
        }
        self.select_tokens(doc, first, last - 1);
    }

    /// Selects annotation `id`, with the cursor on its first word.
    pub fn select_annotation(&mut self, doc: &Document, set: &AnnotationSet, id: AnnotationId) {
        self.selection = Selection::Annotation(id);
        let start = set.get(id).map(|a| a.span.start).unwrap_or(0);
        let i = token_index(doc.tokens(), start);
        self.cursor = i;
        self.anchor = i;
    }

    /// Selects tokens `anchor..=cursor` (in either order) with the cursor on `cursor`.
    pub fn select_tokens(&mut self, doc: &Document, anchor: usize, cursor: usize) {
        let tokens = doc.tokens();
        let (lo, hi) = (anchor.min(cursor), anchor.max(cursor));
        let (Some(first), Some(last)) = (tokens.get(lo), tokens.get(hi)) else {
            return;
        };
        self.selection = Selection::Range(Span::new(first.start, last.end));
        self.anchor = Some(anchor);
        self.cursor = Some(cursor);
    }

    /// Selects exactly `hit` (a search hit may cover part of a word), with the cursor on the
    /// words it touches.
    pub fn select_hit(&mut self, doc: &Document, hit: Span) {
        let tokens = doc.tokens();
        let first = tokens.partition_point(|t| t.end <= hit.start);
        let last = tokens
            .partition_point(|t| t.start < hit.end)
            .saturating_sub(1)
            .max(first);
        self.select_tokens(doc, first, last);
        self.selection = Selection::Range(hit);
    }

    /// The token the cursor is on, or the one the selection starts at.
    fn cursor_token(&self, doc: &Document, set: &AnnotationSet) -> Option<usize> {
        let tokens = doc.tokens();
        self.cursor
            .filter(|c| *c < tokens.len())
            .or_else(|| match self.selection {
                Selection::Range(span) => token_index(tokens, span.start),
                Selection::Annotation(_) => self
                    .selected(set)
                    .and_then(|a| token_index(tokens, a.span.start)),
                Selection::None => None,
            })
    }

    /// Moves the keyboard cursor and selects the word there; with `extend`, grows the
    /// selection from where it started instead.
    pub fn move_cursor(&mut self, doc: &Document, set: &AnnotationSet, m: Move, extend: bool) {
        let tokens = doc.tokens();
        let Some(last) = tokens.len().checked_sub(1) else {
            return;
        };
        let here = self.cursor_token(doc, set);
        // From a selected annotation, plain arrows leave it from its ends.
        let here = match (self.selected(set), m, extend) {
            (Some(a), Move::NextWord, false) => Some(
                tokens
                    .partition_point(|t| t.end <= a.span.end)
                    .saturating_sub(1),
            ),
            _ => here,
        }
        // Every index below is a token's: a selection after the last word (punctuation at
        // the end of the text) counts as being on the last word.
        .map(|i| i.min(last));
        let block_of = |i: usize| {
            doc.blocks()
                .iter()
                .position(|b| tokens.get(i).is_some_and(|t| b.span.contains(t.start)))
        };
        let first_in = |b: usize| {
            doc.blocks()
                .get(b)
                .map(|b| tokens.partition_point(|t| t.end <= b.span.start))
        };
        let last_in = |b: usize| {
            doc.blocks().get(b).map(|b| {
                tokens
                    .partition_point(|t| t.start < b.span.end)
                    .saturating_sub(1)
            })
        };
        let to = match (here, m) {
            (None, _) => 0,
            (Some(i), Move::NextWord) => (i + 1).min(last),
            (Some(i), Move::PrevWord) => i.saturating_sub(1),
            (Some(i), Move::NextBlock) => block_of(i)
                .and_then(|b| first_in(b + 1))
                .filter(|t| *t <= last)
                .unwrap_or(i),
            (Some(i), Move::PrevBlock) => block_of(i)
                .and_then(|b| b.checked_sub(1))
                .and_then(first_in)
                .unwrap_or(0),
            (Some(i), Move::BlockStart) => block_of(i).and_then(first_in).unwrap_or(i),
            (Some(i), Move::BlockEnd) => block_of(i).and_then(last_in).unwrap_or(i),
        };
        let anchor = if extend {
            self.anchor.or(here).unwrap_or(to)
        } else {
            to
        };
        self.select_tokens(doc, anchor, to);
    }

    /// Selects the next (or previous) annotation in reading order, from the selected one or
    /// from the cursor; wraps around.
    pub fn next_annotation(&mut self, doc: &Document, set: &AnnotationSet, forward: bool) {
        let items = set.as_slice();
        if items.is_empty() {
            return;
        }
        let index = match self.selection {
            Selection::Annotation(id) => items.iter().position(|a| a.id == id),
            _ => None,
        };
        let n = items.len();
        let target = match (index, forward) {
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
            (None, _) => {
                let at = self
                    .cursor_token(doc, set)
                    .and_then(|i| doc.tokens().get(i))
                    .map_or(0, |t| t.start);
                let after = items.partition_point(|a| a.span.start < at);
                if forward {
                    after % n
                } else {
                    (after + n - 1) % n
                }
            }
        };
        self.select_annotation(doc, set, items[target].id);
    }

    /// What a screen reader should say about the selection ("PERSON: Sergey Lavrov").
    pub fn announcement(&self, doc: &Document, set: &AnnotationSet) -> String {
        match self.selection {
            Selection::None => String::new(),
            Selection::Range(span) => format!("Selected: {}", doc.slice(span).unwrap_or_default()),
            Selection::Annotation(_) => match self.selected(set) {
                Some(a) if a.note.is_empty() => {
                    format!("{}: {}", a.label, doc.slice(a.span).unwrap_or_default())
                }
                Some(a) => format!(
                    "{}: {}. Note: {}",
                    a.label,
                    doc.slice(a.span).unwrap_or_default(),
                    a.note
                ),
                None => String::new(),
            },
        }
    }
}

/// The index of the token at or after `offset`, or of the last token when `offset` is past
/// them all; `None` only for a text without tokens.
fn token_index(tokens: &[Span], offset: u32) -> Option<usize> {
    let last = tokens.len().checked_sub(1)?;
    Some(tokens.partition_point(|t| t.end <= offset).min(last))
}
