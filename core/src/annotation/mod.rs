//! Annotations and the set of them on one document, with the document's own labels and the
//! relations (typed, directed links) between its annotations.
//!
//! Offsets are `char`s and spans half-open. The set keeps its items in reading order, sorted by
//! start, then longer spans first (so an outer span comes before the spans nested in it), then
//! id. Every span is non-empty and lies within the text; ids are unique and never reused.
//! Spans may overlap and nest; whether a *new* span may overlap others is the schema's
//! [`Overlaps`] policy, checked by the commands in [`crate::edit`], never by the set itself, so
//! that undo and redo always replay exactly. Every export writes a set's annotations in one
//! order, [`AnnotationSet::in_export_order`].
//!
//! Both ends of every relation are annotations of the set, and different; no two relations
//! link the same ends with the same type. An annotation cannot be taken out while a relation
//! names it: a command that removes one removes its relations first, in the same step
//! (`crate::edit::remove`), so undo brings both back.

mod layers;

pub use layers::{decision_map, Decision, DecisionKey, Decisions, Layer, LayerKind, Layers};

use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};
use thiserror::Error;

/// How many annotations share one entry of [`AnnotationSet::within`]'s index.
const REACH_BLOCK: usize = 32;

/// Identifies an annotation within its document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AnnotationId(pub u32);

impl std::fmt::Display for AnnotationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A labeled span of a document, with an optional free-text note and the values of its
/// attributes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    pub id: AnnotationId,
    pub span: Span,
    pub label: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: Attributes,
    /// When it was made, if known (see [`Stamp`]); kept through relabel, resize and undo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Stamp>,
}

/// When an annotation or relation was made. The core has no clock: the shell tells the
/// workspace the time (`Workspace::set_now`).
pub use crate::clock::Stamp;

/// An annotation's attributes: name to value (a set yes/no attribute has the value
/// [`crate::schema::FLAG_SET`]; one not set is absent). Sorted by name, so every export
/// writes them in one order.
pub type Attributes = BTreeMap<String, String>;

impl Annotation {
    /// Whether the side panel's filter `needle` (lowercase; empty matches all) finds this
    /// annotation, whose words are `words`: in its label, words, note, or attributes (by name,
    /// by value, or as "name: value").
    pub fn matches(&self, words: &str, needle: &str) -> bool {
        let has = |s: &str| s.to_lowercase().contains(needle);
        needle.is_empty()
            || has(&self.label)
            || has(words)
            || has(&self.note)
            || (self.attributes.iter())
                .any(|(name, value)| has(name) || has(value) || has(&format!("{name}: {value}")))
    }

    fn order_key(&self) -> (u32, Reverse<u32>, AnnotationId) {
        (self.span.start, Reverse(self.span.end), self.id)
    }
}

/// Identifies a relation within its document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RelationId(pub u32);

impl std::fmt::Display for RelationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A typed, directed link from one annotation to another of the same document ("Lavrov"
/// —met→ "Qureshi"), with an optional note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    pub id: RelationId,
    pub from: AnnotationId,
    pub to: AnnotationId,
    /// The relation's type ("met", "foundedBy").
    pub kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// When it was made, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Stamp>,
}

/// Whether new spans may overlap existing ones (a schema option).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Overlaps {
    #[default]
    Allowed,
    Forbidden,
}

/// Document-level labels: for each label set of the schema, the values chosen.
pub type DocLabels = BTreeMap<String, BTreeSet<String>>;

/// Why an annotation or an edit was refused.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum AnnotationError {
    #[error("the span is empty")]
    Empty,
    #[error("the span {start}–{end} runs past the end of the text ({len} characters)")]
    OutOfRange { start: u32, end: u32, len: u32 },
    #[error(
        "it overlaps the {label} annotation {id}, and this schema does not allow overlapping spans"
    )]
    Overlaps { id: AnnotationId, label: String },
    #[error("the same span already has the label {label} (annotation {id})")]
    Duplicate { id: AnnotationId, label: String },
    #[error("annotation id {0} is used twice")]
    DuplicateId(AnnotationId),
    #[error("there is no annotation {0}")]
    NoSuchAnnotation(AnnotationId),
    #[error("nothing would change")]
    Unchanged,
    /// An undo or redo step met an annotation another tab changed since.
    #[error("annotation {0} was changed in another tab since")]
    Changed(AnnotationId),
    #[error("a relation links an annotation to itself")]
    SelfRelation,
    #[error("annotation {0} has relations: they go first")]
    HasRelations(AnnotationId),
    #[error("the same link already exists (relation {0})")]
    DuplicateRelation(RelationId),
    #[error("relation id {0} is used twice")]
    DuplicateRelationId(RelationId),
    #[error("there is no relation {0}")]
    NoSuchRelation(RelationId),
    #[error("a relation needs a type")]
    NoRelationType,
    /// An undo or redo step met a relation another tab changed since.
    #[error("relation {0} was changed in another tab since")]
    RelationChanged(RelationId),
    #[error("the document has no layer “{0}”")]
    NoSuchLayer(String),
    /// An undo or redo step met a review decision another tab changed since.
    #[error("the review's decision there was changed in another tab since")]
    DecisionChanged,
    /// A layer step whose layer is of a text of another length.
    #[error("the layer “{0}” is of another text")]
    LayerText(String),
    /// An undo or redo step met a layer another tab changed since.
    #[error("the layer “{0}” was changed in another tab since")]
    LayerChanged(String),
}

/// The annotations of one document (with other annotators' layers of it). Two sets are equal
/// when they hold the same annotations, layers and
/// document labels over the same text; the id counter and the length bound are bookkeeping.
#[derive(Clone, Debug)]
pub struct AnnotationSet {
    text_len: u32,
    items: Vec<Annotation>,
    next_id: u32,
    /// No span is longer than this (an upper bound, kept tight on removal), which bounds range
    /// queries.
    longest: u32,
    /// For each run of [`REACH_BLOCK`] items, in order, the furthest end among them. A range
    /// query skips every run that ends before the range, so one document-long span (which
    /// makes `longest` useless) does not make every query scan from the start.
    reach: Vec<u32>,
    doc_labels: DocLabels,
    /// The annotator marked the document done.
    done: bool,
    /// The links between annotations, by id; both ends of each are in `items`.
    relations: Vec<Relation>,
    next_relation: u32,
    /// Other annotators' and models' annotations of the same text ([`Layers`]).
    layers: std::rc::Rc<Layers>,
    /// A review's decisions where the layers disagreed ([`Decision`]).
    decisions: std::rc::Rc<Decisions>,
}

/// Where a document stands in the annotator's work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Status {
    /// Nothing labeled yet.
    New,
    /// Some labels, not marked done.
    InProgress,
    /// Marked done.
    Done,
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Status::New => "new",
            Status::InProgress => "in progress",
            Status::Done => "done",
        })
    }
}

impl PartialEq for AnnotationSet {
    fn eq(&self, other: &Self) -> bool {
        self.text_len == other.text_len
            && self.items == other.items
            && self.doc_labels == other.doc_labels
            && self.done == other.done
            && self.relations == other.relations
            && self.layers == other.layers
            && self.decisions == other.decisions
    }
}

impl Eq for AnnotationSet {}

impl AnnotationSet {
    /// An empty set for a text of `text_len` characters.
    pub fn new(text_len: u32) -> Self {
        AnnotationSet {
            text_len,
            items: Vec::new(),
            next_id: 1,
            longest: 0,
            reach: Vec::new(),
            doc_labels: DocLabels::new(),
            done: false,
            relations: Vec::new(),
            next_relation: 1,
            layers: Default::default(),
            decisions: Default::default(),
        }
    }

    /// Builds a set from stored or imported annotations, checking every invariant (and, when
    /// `overlaps` is `Forbidden`, that no two spans overlap). `next_id` is raised above the
    /// largest id if needed.
    // The refused annotation comes back whole for the message; this runs once per load or
    // import, where the size of an `Err` costs nothing worth a box.
    #[allow(clippy::result_large_err)]
    pub fn from_parts(
        text_len: u32,
        items: Vec<Annotation>,
        next_id: u32,
        overlaps: Overlaps,
    ) -> Result<Self, (Annotation, AnnotationError)> {
        let mut set = AnnotationSet::new(text_len);
        set.next_id = next_id.max(1);
        let mut items = items;
        items.sort_by_key(Annotation::order_key);
        // Ids checked with a set, and each item added at the end (the items are sorted): a
        // search of the whole set for each made reading 20,000 annotations quadratic.
        let mut ids = std::collections::HashSet::with_capacity(items.len());
        for a in items {
            if let Err(e) = set.check_new(&a, overlaps) {
                return Err((a, e));
            }
            if !ids.insert(a.id) {
                return Err((a.clone(), AnnotationError::DuplicateId(a.id)));
            }
            set.next_id = set.next_id.max(a.id.0.saturating_add(1));
            set.longest = set.longest.max(a.span.len());
            set.items.push(a);
            set.refresh_reach(set.items.len() - 1);
        }
        Ok(set)
    }

    pub fn text_len(&self) -> u32 {
        self.text_len
    }

    /// The id the next new annotation will get.
    pub fn next_id(&self) -> u32 {
        self.next_id
    }

    /// All annotations in reading order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Annotation> + Clone {
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

    /// The annotations that share at least one character with `range`, in reading order.
    pub fn within(&self, range: Span) -> impl Iterator<Item = &Annotation> + Clone {
        // No annotation that starts before `from` is long enough to reach the range; of the
        // runs after it, those whose furthest end is before the range are skipped whole.
        let from = self
            .items
            .partition_point(|a| a.span.start < range.start.saturating_sub(self.longest));
        let to = self.items.partition_point(|a| a.span.start < range.end);
        let first_block = from / REACH_BLOCK;
        (self.items[..to.max(from)].chunks(REACH_BLOCK))
            .zip(&self.reach)
            .skip(first_block)
            .filter(move |(_, reach)| **reach > range.start)
            .flat_map(|(run, _)| run)
            .filter(move |a| a.span.overlaps(range))
    }

    /// The annotations covering the character at `offset`, shortest (innermost) first.
    pub fn covering(&self, offset: u32) -> Vec<&Annotation> {
        let mut out: Vec<&Annotation> = self
            .within(Span {
                start: offset,
                end: offset + 1,
            })
            .collect();
        out.sort_by_key(|a| (a.span.len(), a.id));
        out
    }

    /// The annotation with exactly this span, if any (the first in reading order).
    pub fn exact(&self, span: Span) -> Option<&Annotation> {
        self.within(span).find(|a| a.span == span)
    }

    /// The relations, by id.
    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    pub fn relation(&self, id: RelationId) -> Option<&Relation> {
        (self.relations.binary_search_by_key(&id, |r| r.id).ok()).map(|at| &self.relations[at])
    }

    /// The relations that start or end at annotation `id`.
    pub fn relations_of(&self, id: AnnotationId) -> impl Iterator<Item = &Relation> + Clone {
        (self.relations.iter()).filter(move |r| r.from == id || r.to == id)
    }

    /// The other annotations, nearest to annotation `from` first (by the distance between
    /// their starts, then in reading order): the ends a new relation from it may have.
    pub fn nearest(&self, from: AnnotationId) -> Vec<&Annotation> {
        let Some(at) = self.get(from).map(|a| a.span.start) else {
            return Vec::new();
        };
        let mut out: Vec<&Annotation> = self.items.iter().filter(|a| a.id != from).collect();
        out.sort_by_key(|a| (a.span.start.abs_diff(at), a.order_key()));
        out
    }

    /// The id the next new relation will get.
    pub fn next_relation_id(&self) -> u32 {
        self.next_relation
    }

    /// Adds relations read from storage or a file, checking each as [`Self::check_link`] does
    /// (with hash sets: a file of 10,000 relations is read in linear time). `next` is raised
    /// above the largest id if needed.
    pub fn with_relations(
        mut self,
        mut relations: Vec<Relation>,
        next: u32,
    ) -> Result<Self, (Relation, AnnotationError)> {
        use std::collections::HashSet;
        let ids: HashSet<AnnotationId> = self.items.iter().map(|a| a.id).collect();
        let mut links: HashSet<(AnnotationId, AnnotationId, &str)> = (self.relations.iter())
            .map(|r| (r.from, r.to, r.kind.as_str()))
            .collect();
        let mut relation_ids: HashSet<RelationId> = self.relations.iter().map(|r| r.id).collect();
        relations.sort_by_key(|r| r.id);
        for r in &relations {
            let problem = if let Some(end) = [r.from, r.to].into_iter().find(|e| !ids.contains(e)) {
                Some(AnnotationError::NoSuchAnnotation(end))
            } else if r.from == r.to {
                Some(AnnotationError::SelfRelation)
            } else if r.kind.trim().is_empty() {
                Some(AnnotationError::NoRelationType)
            } else if !relation_ids.insert(r.id) {
                Some(AnnotationError::DuplicateRelationId(r.id))
            } else if !links.insert((r.from, r.to, r.kind.as_str())) {
                let same = (self.relations.iter().chain(&relations))
                    .find(|o| o.from == r.from && o.to == r.to && o.kind == r.kind && o.id != r.id)
                    .map_or(r.id, |o| o.id);
                Some(AnnotationError::DuplicateRelation(same))
            } else {
                None
            };
            if let Some(e) = problem {
                return Err((r.clone(), e));
            }
        }
        let top = relations.last().map_or(0, |r| r.id.0.saturating_add(1));
        self.next_relation = self.next_relation.max(next).max(top);
        self.relations.extend(relations);
        self.relations.sort_by_key(|r| r.id);
        Ok(self)
    }

    /// Checks that `r` could be added as a new relation: both ends here and distinct, a type,
    /// and no relation of the same type between the same ends.
    pub fn check_link(&self, r: &Relation) -> Result<(), AnnotationError> {
        for end in [r.from, r.to] {
            self.get(end)
                .ok_or(AnnotationError::NoSuchAnnotation(end))?;
        }
        if r.from == r.to {
            return Err(AnnotationError::SelfRelation);
        }
        if r.kind.trim().is_empty() {
            return Err(AnnotationError::NoRelationType);
        }
        if let Some(same) = (self.relations.iter())
            .find(|o| o.from == r.from && o.to == r.to && o.kind == r.kind && o.id != r.id)
        {
            return Err(AnnotationError::DuplicateRelation(same.id));
        }
        Ok(())
    }

    pub(crate) fn link(&mut self, r: Relation) -> Result<(), AnnotationError> {
        self.check_link(&r)?;
        match self.relations.binary_search_by_key(&r.id, |o| o.id) {
            Ok(_) => Err(AnnotationError::DuplicateRelationId(r.id)),
            Err(at) => {
                self.next_relation = self.next_relation.max(r.id.0.saturating_add(1));
                self.relations.insert(at, r);
                Ok(())
            }
        }
    }

    /// Sets a relation's note when it is still `from` (see `crate::edit`'s replays).
    pub(crate) fn set_relation_note(
        &mut self,
        id: RelationId,
        from: &str,
        to: &str,
    ) -> Result<(), AnnotationError> {
        let at = (self.relations.binary_search_by_key(&id, |r| r.id))
            .map_err(|_| AnnotationError::NoSuchRelation(id))?;
        let r = &mut self.relations[at];
        if r.note != from {
            return Err(AnnotationError::RelationChanged(id));
        }
        r.note = to.to_string();
        Ok(())
    }

    pub(crate) fn unlink(&mut self, id: RelationId) -> Result<Relation, AnnotationError> {
        let at = (self.relations.binary_search_by_key(&id, |r| r.id))
            .map_err(|_| AnnotationError::NoSuchRelation(id))?;
        Ok(self.relations.remove(at))
    }

    /// The document-level labels.
    pub fn doc_labels(&self) -> &DocLabels {
        &self.doc_labels
    }

    /// The annotations in the order every export writes them: by (start, end, label), then id.
    /// Within one set (start, end, label) is unique, so the id never decides: an export does
    /// not depend on ids or on the order the edits happened in, and files diff well.
    pub fn in_export_order(&self) -> Vec<&Annotation> {
        let mut all: Vec<&Annotation> = self.items.iter().collect();
        all.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.label, a.id).cmp(&(
                b.span.start,
                b.span.end,
                &b.label,
                b.id,
            ))
        });
        all
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

    /// Checks that `a` could be added as a new annotation under the given policy.
    pub fn check_new(&self, a: &Annotation, overlaps: Overlaps) -> Result<(), AnnotationError> {
        check_span(a.span, self.text_len)?;
        if let Some(same) = self
            .within(a.span)
            .find(|b| b.span == a.span && b.label == a.label)
        {
            return Err(AnnotationError::Duplicate {
                id: same.id,
                label: same.label.clone(),
            });
        }
        if overlaps == Overlaps::Forbidden {
            if let Some(other) = self.within(a.span).find(|b| b.id != a.id) {
                return Err(AnnotationError::Overlaps {
                    id: other.id,
                    label: other.label.clone(),
                });
            }
        }
        Ok(())
    }

    // The primitive changes below are what `crate::edit` replays; they keep the structural
    // invariants (range, unique ids, order) and nothing else.

    pub(crate) fn insert(&mut self, a: Annotation) -> Result<(), AnnotationError> {
        check_span(a.span, self.text_len)?;
        if self.get(a.id).is_some() {
            return Err(AnnotationError::DuplicateId(a.id));
        }
        self.next_id = self.next_id.max(a.id.0.saturating_add(1));
        self.longest = self.longest.max(a.span.len());
        let at = self
            .items
            .partition_point(|b| b.order_key() < a.order_key());
        self.items.insert(at, a);
        self.refresh_reach(at);
        Ok(())
    }

    /// Inserts several annotations at once, as `insert` one after another would, in time
    /// linear in the set (labeling 5,000 hits one `insert` at a time was quadratic: each
    /// searched every id and moved the items after it). On error nothing is inserted; the
    /// error is the one the first failing `insert` would give.
    pub(crate) fn insert_many(&mut self, mut adds: Vec<Annotation>) -> Result<(), AnnotationError> {
        let mut ids: std::collections::HashSet<AnnotationId> =
            self.items.iter().map(|a| a.id).collect();
        for a in &adds {
            check_span(a.span, self.text_len)?;
            if !ids.insert(a.id) {
                return Err(AnnotationError::DuplicateId(a.id));
            }
        }
        let Some(first) = adds.iter().map(Annotation::order_key).min() else {
            return Ok(());
        };
        for a in &adds {
            self.next_id = self.next_id.max(a.id.0.saturating_add(1));
            self.longest = self.longest.max(a.span.len());
        }
        adds.sort_by_key(Annotation::order_key);
        let from = self.items.partition_point(|b| b.order_key() < first);
        let tail = self.items.split_off(from);
        self.items.reserve(tail.len() + adds.len());
        let (mut old, mut new) = (tail.into_iter().peekable(), adds.into_iter().peekable());
        loop {
            let take_old = match (old.peek(), new.peek()) {
                (Some(o), Some(n)) => o.order_key() < n.order_key(),
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let next = if take_old { old.next() } else { new.next() };
            self.items.extend(next);
        }
        self.refresh_reach(from);
        Ok(())
    }

    /// Takes several annotations out at once, each only if `still` holds for it, in time linear
    /// in the set. On error nothing is taken; a missing id is reported before a failed check.
    pub(crate) fn take_many(
        &mut self,
        ids: &[AnnotationId],
        still: impl Fn(&Annotation) -> Result<(), AnnotationError>,
    ) -> Result<(), AnnotationError> {
        let gone: std::collections::HashSet<AnnotationId> = ids.iter().copied().collect();
        let held: std::collections::HashMap<AnnotationId, &Annotation> = (self.items.iter())
            .filter(|a| gone.contains(&a.id))
            .map(|a| (a.id, a))
            .collect();
        // In order, as taking them one by one would fail: the same id twice is gone the
        // second time.
        let mut seen = std::collections::HashSet::with_capacity(ids.len());
        for id in ids {
            let a = (held.get(id))
                .filter(|_| seen.insert(*id))
                .ok_or(AnnotationError::NoSuchAnnotation(*id))?;
            still(a)?;
        }
        if let Some(r) =
            (self.relations.iter()).find(|r| gone.contains(&r.from) || gone.contains(&r.to))
        {
            let end = if gone.contains(&r.from) { r.from } else { r.to };
            return Err(AnnotationError::HasRelations(end));
        }
        let Some(from) = self.items.iter().position(|a| gone.contains(&a.id)) else {
            return Ok(());
        };
        let longest_gone = (self.items.iter())
            .filter(|a| gone.contains(&a.id))
            .any(|a| a.span.len() >= self.longest);
        self.items.retain(|a| !gone.contains(&a.id));
        self.refresh_reach(from);
        if longest_gone {
            self.longest = self.items.iter().map(|b| b.span.len()).max().unwrap_or(0);
        }
        Ok(())
    }

    /// Recomputes [`Self::reach`] for the runs from the one holding item `from` on (the items
    /// before it did not move).
    fn refresh_reach(&mut self, from: usize) {
        let first = from / REACH_BLOCK;
        self.reach.truncate(first);
        let rest = self.items.get(first * REACH_BLOCK..).unwrap_or_default();
        (self.reach).extend(
            rest.chunks(REACH_BLOCK)
                .map(|run| run.iter().map(|a| a.span.end).max().unwrap_or(0)),
        );
    }

    pub(crate) fn take(&mut self, id: AnnotationId) -> Result<Annotation, AnnotationError> {
        if self.relations_of(id).next().is_some() {
            return Err(AnnotationError::HasRelations(id));
        }
        self.take_to_put_back(id)
    }

    /// Takes an annotation out to put it back changed under the same id (relabel, resize, a
    /// note): its relations stay, as it will be back before the edit ends.
    pub(crate) fn take_to_put_back(
        &mut self,
        id: AnnotationId,
    ) -> Result<Annotation, AnnotationError> {
        let at = self
            .items
            .iter()
            .position(|a| a.id == id)
            .ok_or(AnnotationError::NoSuchAnnotation(id))?;
        let a = self.items.remove(at);
        self.refresh_reach(at);
        // Keep the bound tight when the longest span goes, so range queries stay short.
        if a.span.len() >= self.longest {
            self.longest = self.items.iter().map(|b| b.span.len()).max().unwrap_or(0);
        }
        Ok(a)
    }

    /// Whether the annotator marked the document done.
    pub fn done(&self) -> bool {
        self.done
    }

    /// Where the document stands: done when marked so, new while nothing is labeled.
    pub fn status(&self) -> Status {
        if self.done {
            Status::Done
        } else if self.items.is_empty() && self.doc_labels.is_empty() {
            Status::New
        } else {
            Status::InProgress
        }
    }

    pub(crate) fn set_done(&mut self, done: bool) {
        self.done = done;
    }

    pub(crate) fn set_doc_labels(&mut self, labels: DocLabels) {
        self.doc_labels = labels;
    }

    /// Only the annotations and relations of this set (no document labels, done mark, layers
    /// or decisions): what a layer holds.
    pub fn bare(&self) -> AnnotationSet {
        AnnotationSet {
            doc_labels: DocLabels::new(),
            done: false,
            layers: Default::default(),
            decisions: Default::default(),
            ..self.clone()
        }
    }

    /// Whether the set has an annotation of `label` over exactly `span`.
    pub fn has(&self, span: Span, label: &str) -> bool {
        self.within(span)
            .any(|a| a.span == span && a.label == label)
    }

    /// Other annotators' and models' layers of this document.
    pub fn layers(&self) -> &Layers {
        &self.layers
    }

    /// The layers as shared: the same `Rc` until a layer changes (an edit of the annotator's
    /// own annotations keeps it), for work keyed on them.
    pub fn layers_shared(&self) -> &std::rc::Rc<Layers> {
        &self.layers
    }

    pub(crate) fn set_layers(&mut self, layers: Layers) {
        self.layers = std::rc::Rc::new(layers);
    }

    /// A review's decisions where the layers disagreed, by extent.
    pub fn decisions(&self) -> &Decisions {
        &self.decisions
    }

    pub(crate) fn set_decisions(&mut self, decisions: Decisions) {
        self.decisions = std::rc::Rc::new(decisions);
    }

    /// The decisions as they are written: by extent.
    pub fn decision_list(&self) -> Vec<Decision> {
        (self.decisions.iter())
            .map(|(key, taken)| Decision {
                start: key.span.start,
                end: key.span.end,
                relation: key.relation.clone(),
                taken: taken.clone(),
            })
            .collect()
    }

    /// The layers, to change one in place (copied first when shared).
    pub(crate) fn layers_mut(&mut self) -> &mut Layers {
        std::rc::Rc::make_mut(&mut self.layers)
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

    fn a(id: u32, s: u32, e: u32, label: &str) -> Annotation {
        Annotation {
            created: None,
            id: AnnotationId(id),
            span: Span::new(s, e),
            label: label.into(),
            note: String::new(),
            attributes: Default::default(),
        }
    }

    fn ids<'a>(it: impl Iterator<Item = &'a Annotation>) -> Vec<u32> {
        it.map(|a| a.id.0).collect()
    }

    #[test]
    fn export_order_is_start_end_label_whatever_the_ids() {
        // Reading order puts the longer of two spans at one start first; exports put the
        // shorter first, and labels of the same span in name order.
        let set = AnnotationSet::from_parts(
            40,
            vec![
                a(1, 0, 27, "ORG"),
                a(2, 17, 27, "GPE"),
                a(3, 0, 6, "PERSON"),
                a(4, 0, 6, "MISC"),
                a(5, 30, 35, "X"),
            ],
            1,
            Overlaps::Allowed,
        )
        .unwrap();
        assert_eq!(ids(set.iter()), vec![1, 3, 4, 2, 5]);
        assert_eq!(ids(set.in_export_order().into_iter()), vec![4, 3, 1, 2, 5]);
    }

    #[test]
    fn reading_order_puts_outer_spans_first() {
        // "Wilson Center in Washington": ORG 0..27 contains GPE 17..27.
        let set = AnnotationSet::from_parts(
            40,
            vec![a(2, 17, 27, "GPE"), a(1, 0, 27, "ORG"), a(3, 30, 35, "X")],
            1,
            Overlaps::Allowed,
        )
        .unwrap();
        assert_eq!(ids(set.iter()), vec![1, 2, 3]);
        assert_eq!(set.next_id(), 4);
        assert_eq!(
            set.covering(20).iter().map(|a| a.id.0).collect::<Vec<_>>(),
            vec![2, 1],
            "innermost first"
        );
        assert_eq!(
            set.covering(5).iter().map(|a| a.id.0).collect::<Vec<_>>(),
            vec![1]
        );
        assert!(set.covering(28).is_empty());
    }

    #[test]
    fn within_is_a_filter_of_every_annotation_after_inserts_and_removals() {
        // A few long spans among many short ones, across several runs of the index.
        let mut seed = 7u32;
        let mut next = |m: u32| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 8) % m
        };
        let items: Vec<Annotation> = (1..=300)
            .map(|i| {
                let start = next(990);
                let len = if i % 37 == 0 {
                    1 + next(1000 - start)
                } else {
                    1 + next(8)
                };
                a(i, start, (start + len).min(1000), &format!("X{i}"))
            })
            .collect();
        let mut set = AnnotationSet::from_parts(1000, items, 1, Overlaps::Allowed).unwrap();
        for round in 0..4 {
            for _ in 0..200 {
                let start = next(1000);
                let range = Span::new(start, start + next(30));
                let brute: Vec<u32> = (set.items.iter())
                    .filter(|a| a.span.overlaps(range))
                    .map(|a| a.id.0)
                    .collect();
                assert_eq!(ids(set.within(range)), brute, "round {round}, {range:?}");
            }
            // Remove the long spans one round, add some the next.
            if round % 2 == 0 {
                let long: Vec<AnnotationId> = (set.items.iter())
                    .filter(|a| a.span.len() > 8)
                    .map(|a| a.id)
                    .take(4)
                    .collect();
                for id in long {
                    set.take(id).unwrap();
                }
            } else {
                for i in 0..20 {
                    let start = next(500);
                    set.insert(a(1000 + round * 100 + i, start, start + 1 + next(500), "Y"))
                        .unwrap();
                }
            }
        }
    }

    #[test]
    fn within_finds_every_overlapping_span() {
        // A long span starting early must be found by a query far to its right.
        let set = AnnotationSet::from_parts(
            100,
            vec![
                a(1, 0, 90, "A"),
                a(2, 10, 12, "B"),
                a(3, 50, 55, "C"),
                a(4, 60, 61, "D"),
            ],
            1,
            Overlaps::Allowed,
        )
        .unwrap();
        let cases = [
            ((54, 60), vec![1, 3]),
            ((95, 99), vec![]),
            ((12, 50), vec![1]),
            ((0, 100), vec![1, 2, 3, 4]),
        ];
        for ((s, e), want) in cases {
            assert_eq!(ids(set.within(Span::new(s, e))), want, "{s}..{e}");
        }
    }

    #[test]
    fn check_new_under_each_policy() {
        let set = AnnotationSet::from_parts(50, vec![a(1, 10, 20, "PERSON")], 1, Overlaps::Allowed)
            .unwrap();
        // (span, label, allowed?, forbidden?)
        let cases: &[((u32, u32), &str, &str, &str)] = &[
            ((30, 35), "GPE", "ok", "ok"),
            ((0, 10), "GPE", "ok", "ok"),
            ((12, 15), "GPE", "ok", "overlaps the PERSON annotation 1"),
            ((5, 25), "GPE", "ok", "overlaps the PERSON annotation 1"),
            ((10, 20), "GPE", "ok", "overlaps the PERSON annotation 1"),
            (
                (10, 20),
                "PERSON",
                "already has the label PERSON",
                "already has the label PERSON",
            ),
            ((40, 40), "GPE", "empty", "empty"),
            ((45, 51), "GPE", "runs past the end", "runs past the end"),
        ];
        for ((s, e), label, allowed, forbidden) in cases {
            for (policy, want) in [
                (Overlaps::Allowed, allowed),
                (Overlaps::Forbidden, forbidden),
            ] {
                let got = set
                    .check_new(&a(9, *s, *e, label), policy)
                    .err()
                    .map(|e| e.to_string())
                    .unwrap_or("ok".into());
                assert!(got.contains(want), "{s}..{e} {label} {policy:?}: {got}");
            }
        }
    }

    #[test]
    fn from_parts_rejections() {
        let cases: Vec<(Vec<Annotation>, Overlaps, &str)> = vec![
            (
                vec![a(1, 0, 5, "X"), a(1, 6, 8, "X")],
                Overlaps::Allowed,
                "used twice",
            ),
            (
                vec![a(1, 0, 5, "X"), a(2, 4, 8, "Y")],
                Overlaps::Forbidden,
                "overlaps",
            ),
            (
                vec![a(1, 0, 5, "X"), a(2, 0, 5, "X")],
                Overlaps::Allowed,
                "already has the label",
            ),
            (vec![a(1, 5, 5, "X")], Overlaps::Allowed, "empty"),
            (vec![a(1, 5, 11, "X")], Overlaps::Allowed, "past the end"),
        ];
        for (items, policy, want) in cases {
            let err = AnnotationSet::from_parts(10, items, 1, policy)
                .err()
                .map(|(_, e)| e.to_string());
            assert!(
                err.as_deref().unwrap_or("").contains(want),
                "{err:?} vs {want}"
            );
        }
        assert!(AnnotationSet::from_parts(
            10,
            vec![a(1, 0, 5, "X"), a(2, 4, 8, "Y")],
            1,
            Overlaps::Allowed
        )
        .is_ok());
    }
}
