//! Where layers disagree, and what they all agree on: what `postil merge` writes and lists,
//! and what a review goes through. Offsets are `char`s, spans half-open.
//!
//! Disagreements come from *clusters*: the annotations of all layers grouped into connected
//! components of overlapping spans (two annotations are in one cluster when a chain of spans,
//! each sharing a character with the next, joins them). A cluster where every layer has the
//! same set of (span, label) pairs is agreement; any other is a disagreement.

use super::counts::{key, relation_keys, RelationKey};
use super::Layer;
use crate::annotation::{Annotation, AnnotationId, AnnotationSet, Overlaps, Relation, RelationId};
use crate::span::Span;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// How a cluster (or a relation) differs between layers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DisagreementKind {
    /// Some layers (by index, in the order given) have nothing in the cluster.
    Missing { absent_from: Vec<usize> },
    /// Every layer has the same spans in the cluster, with different labels.
    Label,
    /// Every layer has something in the cluster, and not the same spans.
    Boundaries,
    /// A relation (by type and both ends' spans and labels) some layers have and others not.
    Relation,
}

/// One place where the layers differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disagreement {
    /// The extent of the cluster; for a relation, from its first end's start to its last
    /// end's end.
    pub span: Span,
    pub kind: DisagreementKind,
    /// For each layer (in the order given), its annotations in this cluster (ids of that
    /// layer's set, in reading order); for a relation, the ids of that relation (one or none).
    pub by_layer: Vec<Vec<u32>>,
}

/// Every disagreement between `layers` (the annotation sets of one document), in reading order
/// (by start, longer first; on the same extent, spans before relations, and relations by
/// type, then by their ends' spans and labels).
pub fn disagreements(layers: &[Layer]) -> Vec<Disagreement> {
    let mut out: Vec<Disagreement> = (clusters(layers).iter())
        .filter_map(|c| judge(c, layers.len()))
        .chain(relation_disagreements(layers))
        .collect();
    out.sort_by_key(|d| {
        let relation = d.kind == DisagreementKind::Relation;
        (d.span.start, Reverse(d.span.end), relation)
    });
    out
}

/// The annotations of all layers, with their layer's index, grouped into clusters in reading
/// order. Sorted by start, an annotation joins the cluster before it when it starts before the
/// furthest end seen in it (it then overlaps the annotation that reaches that far).
fn clusters<'a>(layers: &[Layer<'a>]) -> Vec<Vec<(usize, &'a Annotation)>> {
    let mut all: Vec<(usize, &Annotation)> = (layers.iter().enumerate())
        .flat_map(|(i, l)| l.annotations.iter().map(move |a| (i, a)))
        .collect();
    // Stable: each layer's own annotations stay in its reading order.
    all.sort_by_key(|(i, a)| (a.span.start, Reverse(a.span.end), *i));
    let mut out: Vec<Vec<(usize, &Annotation)>> = Vec::new();
    let mut reach = 0;
    for (i, a) in all {
        match out.last_mut() {
            Some(cluster) if a.span.start < reach => cluster.push((i, a)),
            _ => out.push(vec![(i, a)]),
        }
        reach = reach.max(a.span.end);
    }
    out
}

/// The disagreement a cluster shows, if any.
fn judge(cluster: &[(usize, &Annotation)], layers: usize) -> Option<Disagreement> {
    let mut pairs: Vec<BTreeSet<(Span, &str)>> = vec![BTreeSet::new(); layers];
    let mut by_layer: Vec<Vec<u32>> = vec![Vec::new(); layers];
    for (i, a) in cluster {
        pairs[*i].insert(key(a));
        by_layer[*i].push(a.id.0);
    }
    if pairs.iter().all(|p| *p == pairs[0]) {
        return None;
    }
    let absent_from: Vec<usize> = (0..layers).filter(|i| pairs[*i].is_empty()).collect();
    let spans = |p: &BTreeSet<(Span, &str)>| p.iter().map(|(s, _)| *s).collect::<BTreeSet<_>>();
    let kind = if !absent_from.is_empty() {
        DisagreementKind::Missing { absent_from }
    } else if pairs.iter().all(|p| spans(p) == spans(&pairs[0])) {
        DisagreementKind::Label
    } else {
        DisagreementKind::Boundaries
    };
    let start = cluster.iter().map(|(_, a)| a.span.start).min()?;
    let end = cluster.iter().map(|(_, a)| a.span.end).max()?;
    Some(Disagreement {
        span: Span { start, end },
        kind,
        by_layer,
    })
}

/// The relations some layers have and others do not.
fn relation_disagreements(layers: &[Layer]) -> Vec<Disagreement> {
    let mut found: BTreeMap<RelationKey, Vec<Vec<u32>>> = BTreeMap::new();
    for (i, layer) in layers.iter().enumerate() {
        for (k, id) in relation_keys(layer.annotations) {
            found
                .entry(k)
                .or_insert_with(|| vec![Vec::new(); layers.len()])[i]
                .push(id.0);
        }
    }
    (found.into_iter())
        .filter(|(_, by_layer)| by_layer.iter().any(Vec::is_empty))
        .map(|((_, (from, _), (to, _)), by_layer)| Disagreement {
            span: Span {
                start: from.start.min(to.start),
                end: from.end.max(to.end),
            },
            kind: DisagreementKind::Relation,
            by_layer,
        })
        .collect()
}

/// What all layers agree on: the annotations with the same span and label in every layer
/// (note and attributes from the first layer), and the relations of the first layer that
/// every layer has (same type, both ends the same span and label). A fresh set for a text of
/// `text_len` characters, with new ids counted from 1 in reading order (the first layer's
/// order); annotations running past `text_len` are left out, as they cannot be of that text.
/// Document labels and the done mark are not carried over. No layers agree on nothing.
pub fn agreed(layers: &[Layer], text_len: u32) -> AnnotationSet {
    let Some((first, rest)) = layers.split_first() else {
        return AnnotationSet::new(text_len);
    };
    let everywhere: Vec<HashSet<(Span, &str)>> = (rest.iter())
        .map(|l| l.annotations.iter().map(key).collect())
        .collect();
    let kept: Vec<&Annotation> = (first.annotations.iter())
        .filter(|a| a.span.end <= text_len && everywhere.iter().all(|s| s.contains(&key(a))))
        .collect();
    let ids: HashMap<AnnotationId, AnnotationId> = (kept.iter())
        .zip(1..)
        .map(|(a, n)| (a.id, AnnotationId(n)))
        .collect();
    let items: Vec<Annotation> = (kept.iter())
        .map(|a| Annotation {
            id: ids[&a.id],
            ..(*a).clone()
        })
        .collect();
    // The first layer is a valid set: its annotations within the text, renumbered, and its
    // relations between kept ones make a valid set too. Were it not, the agreed part that is
    // valid is kept rather than stopping the app.
    let Ok(set) = AnnotationSet::from_parts(text_len, items, 1, Overlaps::Allowed) else {
        return AnnotationSet::new(text_len);
    };
    (set.clone())
        .with_relations(agreed_relations(layers, &ids), 1)
        .unwrap_or(set)
}

/// The first layer's relations that every layer has, renumbered from 1, their ends mapped
/// through `ids` (the old id of each kept annotation to its new one).
fn agreed_relations(layers: &[Layer], ids: &HashMap<AnnotationId, AnnotationId>) -> Vec<Relation> {
    let Some((first, rest)) = layers.split_first() else {
        return Vec::new();
    };
    let everywhere: Vec<HashSet<RelationKey>> = (rest.iter())
        .map(|l| {
            relation_keys(l.annotations)
                .into_iter()
                .map(|(k, _)| k)
                .collect()
        })
        .collect();
    let wanted: HashSet<RelationId> = (relation_keys(first.annotations).into_iter())
        .filter(|(k, _)| everywhere.iter().all(|s| s.contains(k)))
        .map(|(_, id)| id)
        .collect();
    (first.annotations.relations().iter())
        .filter(|r| wanted.contains(&r.id))
        .filter_map(|r| Some((r, *ids.get(&r.from)?, *ids.get(&r.to)?)))
        .zip(1..)
        .map(|((r, from, to), n)| Relation {
            id: RelationId(n),
            from,
            to,
            ..r.clone()
        })
        .collect()
}
