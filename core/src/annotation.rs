//! Annotations and the set of them on one document.
//!
//! Offsets are `char`s and spans half-open. The set keeps its items sorted by `(start, end,
//! id)` and guarantees that every span is non-empty, lies within the text, and overlaps no
//! other span (overlapping spans are refused with the annotation they would cross, so the user
//! can be told why). Ids are unique within a document and never reused by the set.

use crate::span::Span;
use thiserror::Error;

/// Identifies an annotation within its document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AnnotationId(pub u32);

impl std::fmt::Display for AnnotationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A labeled span of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation {
    pub id: AnnotationId,
    pub span: Span,
    pub label: String,
}

/// Why an annotation was refused.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum AnnotationError {
    #[error("the span is empty")]
    Empty,
    #[error("the span {start}–{end} runs past the end of the text ({len} characters)")]
    OutOfRange { start: u32, end: u32, len: u32 },
    #[error("it overlaps the {label} annotation {id}")]
    Overlaps { id: AnnotationId, label: String },
    #[error("annotation id {0} is used twice")]
    DuplicateId(AnnotationId),
    #[error("there is no annotation {0}")]
    NoSuchAnnotation(AnnotationId),
}

/// What [`AnnotationSet::apply_label`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LabelChange {
    Added(AnnotationId),
    Relabeled(AnnotationId),
    /// The span already had that label.
    Unchanged(AnnotationId),
}

impl LabelChange {
    pub fn id(&self) -> AnnotationId {
        match self {
            LabelChange::Added(id) | LabelChange::Relabeled(id) | LabelChange::Unchanged(id) => *id,
        }
    }
}

/// The annotations of one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnotationSet {
    text_len: u32,
    items: Vec<Annotation>,
    next_id: u32,
}

impl AnnotationSet {
    /// An empty set for a text of `text_len` characters.
    pub fn new(text_len: u32) -> Self {
        AnnotationSet {
            text_len,
            items: Vec::new(),
            next_id: 1,
        }
    }

    /// Builds a set from stored or imported annotations, checking every invariant. `next_id`
    /// is raised above the largest id if needed.
    pub fn from_parts(
        text_len: u32,
        items: Vec<Annotation>,
        next_id: u32,
    ) -> Result<Self, (Annotation, AnnotationError)> {
        let mut items = items;
        items.sort_by_key(|a| (a.span, a.id));
        let mut seen = std::collections::HashSet::new();
        for (i, a) in items.iter().enumerate() {
            let fail = |e| Err((a.clone(), e));
            if let Err(e) = check_span(a.span, text_len) {
                return fail(e);
            }
            if !seen.insert(a.id) {
                return fail(AnnotationError::DuplicateId(a.id));
            }
            if let Some(prev) = i.checked_sub(1).map(|j| &items[j]) {
                if prev.span.overlaps(a.span) {
                    return fail(AnnotationError::Overlaps {
                        id: prev.id,
                        label: prev.label.clone(),
                    });
                }
            }
        }
        let max_id = items.iter().map(|a| a.id.0).max().unwrap_or(0);
        Ok(AnnotationSet {
            text_len,
            items,
            next_id: next_id.max(max_id.saturating_add(1)),
        })
    }

    pub fn text_len(&self) -> u32 {
        self.text_len
    }

    /// The id the next new annotation will get.
    pub fn next_id(&self) -> u32 {
        self.next_id
    }

    /// All annotations in reading order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Annotation> {
        self.items.iter()
    }

    pub fn as_slice(&self) -> &[Annotation] {
        &self.items
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn get(&self, id: AnnotationId) -> Option<&Annotation> {
        self.items.iter().find(|a| a.id == id)
    }

    /// The annotations that overlap `range`, in order.
    pub fn within(&self, range: Span) -> &[Annotation] {
        // Spans never overlap, so ends are sorted like starts.
        let first = self.items.partition_point(|a| a.span.end <= range.start);
        let last = self.items.partition_point(|a| a.span.start < range.end);
        self.items.get(first..last.max(first)).unwrap_or(&[])
    }

    /// The annotation covering the character at `offset`, if any.
    pub fn at(&self, offset: u32) -> Option<&Annotation> {
        self.within(Span {
            start: offset,
            end: offset + 1,
        })
        .first()
    }

    /// Gives `span` the label `label`: adds an annotation, or relabels the one with exactly
    /// this span. Refuses empty, out-of-range and overlapping spans.
    pub fn apply_label(&mut self, span: Span, label: &str) -> Result<LabelChange, AnnotationError> {
        check_span(span, self.text_len)?;
        if let Some(existing) = self.within(span).first() {
            if existing.span == span {
                return self.relabel(existing.id, label);
            }
            return Err(AnnotationError::Overlaps {
                id: existing.id,
                label: existing.label.clone(),
            });
        }
        let id = AnnotationId(self.next_id);
        self.next_id = self.next_id.saturating_add(1);
        let at = self.items.partition_point(|a| a.span < span);
        self.items.insert(
            at,
            Annotation {
                id,
                span,
                label: label.to_string(),
            },
        );
        Ok(LabelChange::Added(id))
    }

    /// Changes the label of an annotation.
    pub fn relabel(
        &mut self,
        id: AnnotationId,
        label: &str,
    ) -> Result<LabelChange, AnnotationError> {
        let item = self
            .items
            .iter_mut()
            .find(|a| a.id == id)
            .ok_or(AnnotationError::NoSuchAnnotation(id))?;
        if item.label == label {
            return Ok(LabelChange::Unchanged(id));
        }
        item.label = label.to_string();
        Ok(LabelChange::Relabeled(id))
    }

    /// Removes an annotation, returning it.
    pub fn remove(&mut self, id: AnnotationId) -> Option<Annotation> {
        let at = self.items.iter().position(|a| a.id == id)?;
        Some(self.items.remove(at))
    }

    /// Counts annotations per label, in first-seen order of the labels.
    pub fn counts(&self) -> Vec<(String, usize)> {
        let mut out: Vec<(String, usize)> = Vec::new();
        for a in &self.items {
            match out.iter_mut().find(|(l, _)| *l == a.label) {
                Some((_, n)) => *n += 1,
                None => out.push((a.label.clone(), 1)),
            }
        }
        out
    }
}

fn check_span(span: Span, text_len: u32) -> Result<(), AnnotationError> {
    if span.end > text_len || span.start > span.end {
        return Err(AnnotationError::OutOfRange {
            start: span.start,
            end: span.end,
            len: text_len,
        });
    }
    if span.is_empty() {
        return Err(AnnotationError::Empty);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn set_with(spans: &[(u32, u32, &str)]) -> AnnotationSet {
        let mut set = AnnotationSet::new(100);
        for (s, e, l) in spans {
            set.apply_label(Span::new(*s, *e), l).unwrap();
        }
        set
    }

    #[test]
    fn apply_label_table() {
        use LabelChange::*;
        let base = [(10, 20, "PERSON")];
        // (span, label, expected outcome as text)
        type Case = ((u32, u32), &'static str, Result<LabelChange, &'static str>);
        let cases: &[Case] = &[
            ((30, 35), "GPE", Ok(Added(AnnotationId(2)))),
            ((10, 20), "ORG", Ok(Relabeled(AnnotationId(1)))),
            ((10, 20), "PERSON", Ok(Unchanged(AnnotationId(1)))),
            ((0, 10), "GPE", Ok(Added(AnnotationId(2)))), // touching is fine
            ((20, 25), "GPE", Ok(Added(AnnotationId(2)))),
            ((15, 25), "GPE", Err("overlaps the PERSON annotation 1")),
            ((12, 18), "GPE", Err("overlaps the PERSON annotation 1")),
            ((5, 30), "GPE", Err("overlaps the PERSON annotation 1")),
            ((40, 40), "GPE", Err("the span is empty")),
            (
                (95, 101),
                "GPE",
                Err("runs past the end of the text (100 characters)"),
            ),
        ];
        for ((s, e), label, want) in cases {
            let mut set = set_with(&base);
            let before = set.clone();
            let got = set.apply_label(Span::new(*s, *e), label);
            match want {
                Ok(change) => assert_eq!(got.as_ref(), Ok(change), "{s}..{e}"),
                Err(text) => {
                    let msg = got.err().map(|e| e.to_string()).unwrap_or_default();
                    assert!(msg.contains(text), "{s}..{e}: {msg:?}");
                    assert_eq!(set, before, "a refused change changes nothing");
                }
            }
        }
    }

    #[test]
    fn ids_are_never_reused() {
        let mut set = set_with(&[(0, 5, "A"), (10, 15, "B")]);
        assert!(set.remove(AnnotationId(2)).is_some());
        assert_eq!(
            set.apply_label(Span::new(20, 25), "C"),
            Ok(LabelChange::Added(AnnotationId(3)))
        );
        assert_eq!(set.remove(AnnotationId(9)), None);
    }

    #[test]
    fn within_and_at() {
        let set = set_with(&[(0, 5, "A"), (10, 15, "B"), (20, 25, "C")]);
        let ids = |r: &[Annotation]| r.iter().map(|a| a.id.0).collect::<Vec<_>>();
        assert_eq!(ids(set.within(Span::new(0, 100))), vec![1, 2, 3]);
        assert_eq!(ids(set.within(Span::new(5, 10))), Vec::<u32>::new());
        assert_eq!(ids(set.within(Span::new(4, 11))), vec![1, 2]);
        assert_eq!(set.at(14).map(|a| a.id.0), Some(2));
        assert_eq!(set.at(15), None);
    }

    #[test]
    fn from_parts_rejections() {
        let a = |id, s, e| Annotation {
            id: AnnotationId(id),
            span: Span::new(s, e),
            label: "X".into(),
        };
        let cases: Vec<(Vec<Annotation>, &str)> = vec![
            (vec![a(1, 0, 5), a(1, 6, 8)], "used twice"),
            (vec![a(1, 0, 5), a(2, 4, 8)], "overlaps"),
            (vec![a(1, 5, 5)], "empty"),
            (vec![a(1, 5, 11)], "past the end"),
        ];
        for (items, want) in cases {
            let err = AnnotationSet::from_parts(10, items, 1)
                .err()
                .map(|(_, e)| e.to_string());
            assert!(
                err.as_deref().unwrap_or("").contains(want),
                "{err:?} vs {want}"
            );
        }
        let set = AnnotationSet::from_parts(10, vec![a(7, 6, 8), a(3, 0, 5)], 2).unwrap();
        assert_eq!(set.next_id(), 8, "next id is above every stored id");
        assert_eq!(
            set.iter().map(|a| a.id.0).collect::<Vec<_>>(),
            vec![3, 7],
            "sorted"
        );
    }

    proptest! {
        /// Whatever sequence of labels and removals a user makes, the set stays sorted, in
        /// range and free of overlaps, and every accepted span is found where it was put.
        #[test]
        fn invariants_hold_under_any_edits(ops in prop::collection::vec((0u32..60, 0u32..12, any::<bool>()), 0..80)) {
            let mut set = AnnotationSet::new(64);
            for (start, len, remove) in ops {
                if remove {
                    let id = set.at(start).map(|a| a.id);
                    if let Some(id) = id { set.remove(id); }
                } else if let Ok(change) = set.apply_label(Span::new(start, start + len), "L") {
                    prop_assert_eq!(set.get(change.id()).map(|a| a.span), Some(Span::new(start, start + len)));
                }
                let items = set.as_slice();
                for pair in items.windows(2) {
                    prop_assert!(pair[0].span.end <= pair[1].span.start);
                }
                prop_assert!(items.iter().all(|a| !a.span.is_empty() && a.span.end <= 64));
            }
        }
    }
}
