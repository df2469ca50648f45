//! Selecting with the pointer and moving with the keyboard. Positions are token indices into
//! the open document's tokens; spans are `char` offsets, half-open.

use super::{AppState, Selection};
use postil_core::{AnnotationId, Span};

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

impl AppState {
    /// A click (`start == end`, at the character under the pointer) or a drag from `start` to
    /// `end`. A drag is snapped to whole words and kept within the block it started in.
    pub(super) fn pointer(&mut self, start: u32, end: u32) {
        let entry = self.entry().clone();
        let doc = &entry.view.doc;
        self.offer = None;
        if start == end {
            // Clicking where annotations are cycles through them, innermost first.
            let covering = entry.annotations.covering(start);
            if !covering.is_empty() {
                let next = match self.selection {
                    Selection::Annotation(id) => covering
                        .iter()
                        .position(|a| a.id == id)
                        .map_or(0, |i| (i + 1) % covering.len()),
                    _ => 0,
                };
                let id = covering[next].id;
                self.select_annotation(id);
                return;
            }
            match doc.tokens().iter().position(|t| t.contains(start)) {
                Some(i) => self.select_tokens(i, i),
                None => self.clear_selection(),
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
            self.clear_selection();
            return;
        }
        // A drag that covers exactly one annotation selects it.
        let span = Span::new(tokens[first].start, tokens[last - 1].end);
        if let Some(a) = entry.annotations.exact(span) {
            let id = a.id;
            self.select_annotation(id);
            return;
        }
        self.select_tokens(first, last - 1);
    }

    pub(super) fn pick(&mut self, id: AnnotationId) {
        self.offer = None;
        if self.entry().annotations.get(id).is_some() {
            self.select_annotation(id);
        }
    }

    pub(super) fn select_annotation(&mut self, id: AnnotationId) {
        self.selection = Selection::Annotation(id);
        let doc = &self.entry().view.doc;
        let start = self
            .entry()
            .annotations
            .get(id)
            .map(|a| a.span.start)
            .unwrap_or(0);
        let i = token_index(doc.tokens(), start);
        self.cursor = i;
        self.anchor = i;
    }

    /// Selects tokens `a..=b` (in either order) with the cursor on `b`.
    pub(super) fn select_tokens(&mut self, anchor: usize, cursor: usize) {
        let tokens = self.entry().view.doc.tokens();
        let (lo, hi) = (anchor.min(cursor), anchor.max(cursor));
        let (Some(first), Some(last)) = (tokens.get(lo), tokens.get(hi)) else {
            return;
        };
        self.selection = Selection::Range(Span::new(first.start, last.end));
        self.anchor = Some(anchor);
        self.cursor = Some(cursor);
    }

    pub(super) fn clear_selection(&mut self) {
        self.selection = Selection::None;
        self.anchor = None;
    }

    /// The token the cursor is on, or the one the selection starts at.
    fn cursor_token(&self) -> Option<usize> {
        let tokens = self.entry().view.doc.tokens();
        self.cursor
            .filter(|c| *c < tokens.len())
            .or_else(|| match self.selection {
                Selection::Range(span) => token_index(tokens, span.start),
                Selection::Annotation(_) => self
                    .selected_annotation()
                    .and_then(|a| token_index(tokens, a.span.start)),
                Selection::None => None,
            })
    }

    /// Moves the keyboard cursor; with `extend`, grows the selection from where it started.
    pub(super) fn move_cursor(&mut self, m: Move, extend: bool) {
        let doc = self.entry().view.doc.clone();
        let tokens = doc.tokens();
        if tokens.is_empty() {
            return;
        }
        let last = tokens.len() - 1;
        let here = self.cursor_token();
        // From a selected annotation, plain arrows leave it from its ends.
        let here = match (self.selected_annotation(), m, extend) {
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
        self.offer = None;
        let anchor = if extend {
            self.anchor.or(here).unwrap_or(to)
        } else {
            to
        };
        self.select_tokens(anchor, to);
    }

    /// Selects the next (or previous) annotation in reading order.
    pub(super) fn next_annotation(&mut self, forward: bool) {
        self.offer = None;
        let entry = self.entry().clone();
        let items = entry.annotations.as_slice();
        if items.is_empty() {
            return;
        }
        let tokens = entry.view.doc.tokens();
        let index = match self.selection {
            Selection::Annotation(id) => items.iter().position(|a| a.id == id),
            _ => None,
        };
        let target = match (index, forward) {
            (Some(i), true) => (i + 1) % items.len(),
            (Some(i), false) => (i + items.len() - 1) % items.len(),
            (None, _) => {
                let at = self
                    .cursor_token()
                    .and_then(|i| tokens.get(i))
                    .map_or(0, |t| t.start);
                let after = items.partition_point(|a| a.span.start < at);
                if forward {
                    after % items.len()
                } else {
                    (after + items.len() - 1) % items.len()
                }
            }
        };
        self.select_annotation(items[target].id);
    }
}

/// The index of the token at or after `offset`, or of the last token when `offset` is past
/// them all; `None` only for a text without tokens.
fn token_index(tokens: &[Span], offset: u32) -> Option<usize> {
    let last = tokens.len().checked_sub(1)?;
    Some(tokens.partition_point(|t| t.end <= offset).min(last))
}
