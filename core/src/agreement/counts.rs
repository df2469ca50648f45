//! Matching two layers' annotations and relations, exactly and by overlap, into counts per
//! label (the definitions are in the module above). Offsets are `char`s, spans half-open.

use crate::annotation::{Annotation, AnnotationId, AnnotationSet, RelationId};
use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::{Add, AddAssign};

/// True positives, false positives and false negatives of one comparison.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    /// `tp / (tp + fp)`, or `None` when the other layer has nothing to count.
    pub fn precision(self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fp)
    }

    /// `tp / (tp + fn)`, or `None` when the reference has nothing to count.
    pub fn recall(self) -> Option<f64> {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// `2tp / (2tp + fp + fn)`, or `None` when neither layer has anything to count.
    pub fn f1(self) -> Option<f64> {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }
}

fn ratio(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

impl Add for Counts {
    type Output = Counts;
    fn add(self, o: Counts) -> Counts {
        Counts {
            tp: self.tp + o.tp,
            fp: self.fp + o.fp,
            fn_: self.fn_ + o.fn_,
        }
    }
}

impl AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        *self = *self + o;
    }
}

/// Counts per label, and over all labels.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelTable {
    /// Every label either layer uses, sorted by name.
    pub per_label: Vec<(String, Counts)>,
    /// The sum over labels (micro-averaged figures).
    pub overall: Counts,
}

impl LabelTable {
    fn from_map(map: BTreeMap<String, Counts>) -> LabelTable {
        let overall = map.values().fold(Counts::default(), |sum, c| sum + *c);
        LabelTable {
            per_label: map.into_iter().collect(),
            overall,
        }
    }

    /// The counts of one label (all zero for a label neither layer uses).
    pub fn label(&self, name: &str) -> Counts {
        (self.per_label.iter())
            .find(|(l, _)| l == name)
            .map_or_else(Counts::default, |(_, c)| *c)
    }

    /// This table and `other` added up, label by label.
    pub fn plus(&self, other: &LabelTable) -> LabelTable {
        let mut map: BTreeMap<String, Counts> = self.per_label.iter().cloned().collect();
        for (label, c) in &other.per_label {
            *map.entry(label.clone()).or_default() += *c;
        }
        LabelTable::from_map(map)
    }
}

/// What makes an annotation the same in two layers: its span and label.
pub(super) fn key(a: &Annotation) -> (Span, &str) {
    (a.span, a.label.as_str())
}

/// Exact matches, per label.
pub(super) fn exact(reference: &AnnotationSet, other: &AnnotationSet) -> LabelTable {
    let ours: HashSet<(Span, &str)> = reference.iter().map(key).collect();
    let theirs: HashSet<(Span, &str)> = other.iter().map(key).collect();
    let mut map: BTreeMap<String, Counts> = BTreeMap::new();
    for a in reference.iter() {
        let c = map.entry(a.label.clone()).or_default();
        if theirs.contains(&key(a)) {
            c.tp += 1;
        } else {
            c.fn_ += 1;
        }
    }
    for a in other.iter().filter(|a| !ours.contains(&key(a))) {
        map.entry(a.label.clone()).or_default().fp += 1;
    }
    LabelTable::from_map(map)
}

/// Overlap matches, per label, one to one and greedy in reading order.
pub(super) fn overlap(reference: &AnnotationSet, other: &AnnotationSet) -> LabelTable {
    let mut taken: HashSet<AnnotationId> = HashSet::new();
    let mut map: BTreeMap<String, Counts> = BTreeMap::new();
    for a in reference.iter() {
        let hit = (other.within(a.span)).find(|b| b.label == a.label && !taken.contains(&b.id));
        let c = map.entry(a.label.clone()).or_default();
        match hit {
            Some(b) => {
                taken.insert(b.id);
                c.tp += 1;
            }
            None => c.fn_ += 1,
        }
    }
    for b in other.iter().filter(|b| !taken.contains(&b.id)) {
        map.entry(b.label.clone()).or_default().fp += 1;
    }
    LabelTable::from_map(map)
}

/// What makes a relation the same in two layers: its type and both ends' spans and labels.
pub(super) type RelationKey<'a> = (&'a str, (Span, &'a str), (Span, &'a str));

/// A set's relations by what makes them the same elsewhere, with their ids. Within one set
/// the keys are unique, as (span, label) is for annotations and (from, to, type) for relations.
pub(super) fn relation_keys(set: &AnnotationSet) -> Vec<(RelationKey<'_>, RelationId)> {
    let ends: HashMap<AnnotationId, (Span, &str)> = set.iter().map(|a| (a.id, key(a))).collect();
    (set.relations().iter())
        .filter_map(|r| {
            let (from, to) = (ends.get(&r.from)?, ends.get(&r.to)?);
            Some(((r.kind.as_str(), *from, *to), r.id))
        })
        .collect()
}

/// Relation matches (type and both ends exact).
pub(super) fn relations(reference: &AnnotationSet, other: &AnnotationSet) -> Counts {
    let ours: HashSet<RelationKey> = relation_keys(reference)
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    let theirs: HashSet<RelationKey> = relation_keys(other).into_iter().map(|(k, _)| k).collect();
    let tp = ours.intersection(&theirs).count();
    Counts {
        tp,
        fp: theirs.len() - tp,
        fn_: ours.len() - tp,
    }
}
