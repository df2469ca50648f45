//! Joining versions of one person's layer written apart (two of their tabs or devices, each
//! offline for a while): CouchDB keeps both as conflicting revisions, and Postil writes one
//! version that holds what either added and lacks what either removed.
//!
//! The join is by annotation (and relation) [`Key`]: its id and when it was made. What one
//! version removed stays removed (bodies carry what they removed); what either holds that the
//! other lacks is kept; where both hold one annotation with different labels or spans, the
//! winning version's stands (CouchDB's winner, first in the list) and the difference is
//! reported ([`Differing`]), for the person to set right. Two versions may each have
//! given one id to a different annotation: the later one gets a new id, and its relations
//! follow it; the layer remembers the key it was made with (`moved`), which stays its
//! identity, so that a version that has not seen the new id still matches it (and its
//! removal there removes it). An annotation added in both with the same span and label is
//! kept once. A
//! relation whose end is gone goes too. The document labels and "done" are the winner's.
//!
//! Offsets are `char`s, spans half-open, as everywhere in Postil.

use super::body::{Key, LayerBody, Moved};
use crate::annotation::{Annotation, AnnotationId, Relation, RelationId};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One annotation two versions changed differently (a label or a span): the winner's stands,
/// and the person is told, to set it right if the other was meant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Differing {
    pub kept: Annotation,
    pub other: Annotation,
}

/// The join of `versions` of one layer; the first is the winner.
pub fn join(versions: &[LayerBody]) -> LayerBody {
    join_noting(versions).0
}

/// [`join`], and the annotations the versions hold differently (each once).
pub fn join_noting(versions: &[LayerBody]) -> (LayerBody, Vec<Differing>) {
    let Some(winner) = versions.first() else {
        return (LayerBody::default(), Vec::new());
    };
    let mut differing: Vec<Differing> = Vec::new();
    let mut removed = winner.removed.clone();
    for v in &versions[1..] {
        removed
            .annotations
            .extend(v.removed.annotations.iter().copied());
        removed
            .relations
            .extend(v.removed.relations.iter().copied());
    }
    let top = |f: &dyn Fn(&LayerBody) -> Vec<u32>| (versions.iter()).flat_map(f).max().unwrap_or(0);
    let mut next_annotation = top(&|v| {
        (v.annotations.iter().map(|a| a.id.0))
            .chain(v.removed.annotations.iter().map(|k| k.id))
            .collect()
    }) + 1;
    let mut next_relation = top(&|v| {
        (v.relations.iter().map(|r| r.id.0))
            .chain(v.removed.relations.iter().map(|k| k.id))
            .collect()
    }) + 1;

    // Every new key to the key it was made with, as any version knows it.
    let mut origins = Moved::default();
    for v in versions {
        origins
            .annotations
            .extend(v.moved.annotations.iter().map(|(k, o)| (*k, *o)));
        origins
            .relations
            .extend(v.moved.relations.iter().map(|(k, o)| (*k, *o)));
    }
    let origin = |map: &BTreeMap<Key, Key>, k: Key| map.get(&k).copied().unwrap_or(k);
    let mut moved = Moved::default();

    let mut annotations: Vec<Annotation> = Vec::new();
    // Each annotation kept, by the key it was made with, to its id here.
    let mut kept: HashMap<Key, AnnotationId> = HashMap::new();
    let mut ids: HashSet<AnnotationId> = HashSet::new();
    // For each version, where its annotations' ids went.
    let mut renamed: Vec<HashMap<AnnotationId, AnnotationId>> =
        vec![HashMap::new(); versions.len()];
    // For each version, the ids of its annotations that are gone: its relations to them go too
    // (an id may be another annotation's in another version).
    let mut dropped: Vec<HashSet<AnnotationId>> = vec![HashSet::new(); versions.len()];
    for (n, v) in versions.iter().enumerate() {
        for a in &v.annotations {
            let first = origin(&origins.annotations, Key::of(a));
            if removed.annotations.contains(&first) {
                dropped[n].insert(a.id);
                continue;
            }
            if let Some(o) = (kept.get(&first))
                .and_then(|id| annotations.iter().find(|o| o.id == *id))
                .filter(|o| o.span != a.span || o.label != a.label)
            {
                let twice = (differing.iter()).any(|d| {
                    d.kept.id == o.id && d.other.span == a.span && d.other.label == a.label
                });
                if !twice {
                    differing.push(Differing {
                        kept: o.clone(),
                        other: a.clone(),
                    });
                }
            }
            let same = kept.get(&first).copied().or_else(|| {
                (annotations.iter())
                    .find(|o| o.span == a.span && o.label == a.label)
                    .map(|o| o.id)
            });
            if let Some(same) = same {
                renamed[n].insert(a.id, same);
                // A twin (the same span and label under another key) is that annotation from
                // now on, so that another version's change of it is seen as one.
                kept.entry(first).or_insert(same);
                continue;
            }
            let mut a = a.clone();
            if ids.contains(&a.id) {
                let new = AnnotationId(next_annotation);
                next_annotation += 1;
                renamed[n].insert(a.id, new);
                a.id = new;
            }
            if Key::of(&a) != first {
                moved.annotations.insert(Key::of(&a), first);
            }
            kept.insert(first, a.id);
            ids.insert(a.id);
            annotations.push(a);
        }
    }
    annotations.sort_by_key(|a| (a.span.start, std::cmp::Reverse(a.span.end), a.id));

    let mut relations: Vec<Relation> = Vec::new();
    let mut kept_relations: HashSet<Key> = HashSet::new();
    let mut relation_ids: HashSet<RelationId> = HashSet::new();
    for (n, v) in versions.iter().enumerate() {
        for r in &v.relations {
            let first = origin(&origins.relations, Key::of_relation(r));
            if removed.relations.contains(&first) || kept_relations.contains(&first) {
                continue;
            }
            if dropped[n].contains(&r.from) || dropped[n].contains(&r.to) {
                continue;
            }
            let mut r = r.clone();
            r.from = renamed[n].get(&r.from).copied().unwrap_or(r.from);
            r.to = renamed[n].get(&r.to).copied().unwrap_or(r.to);
            let ends = ids.contains(&r.from) && ids.contains(&r.to) && r.from != r.to;
            let twin =
                (relations.iter()).any(|o| o.from == r.from && o.to == r.to && o.kind == r.kind);
            if !ends || twin {
                continue;
            }
            if relation_ids.contains(&r.id) {
                r.id = RelationId(next_relation);
                next_relation += 1;
            }
            if Key::of_relation(&r) != first {
                moved.relations.insert(Key::of_relation(&r), first);
            }
            kept_relations.insert(first);
            relation_ids.insert(r.id);
            relations.push(r);
        }
    }
    relations.sort_by_key(|r| r.id);

    let body = LayerBody {
        document: winner.document.clone(),
        layer: winner.layer.clone(),
        annotations,
        relations,
        document_labels: winner.document_labels.clone(),
        done: winner.done,
        removed,
        moved,
    };
    (body, differing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn a(id: u32, start: u32, end: u32, label: &str, created: u64) -> Annotation {
        Annotation {
            id: AnnotationId(id),
            span: Span { start, end },
            label: label.into(),
            note: String::new(),
            attributes: Default::default(),
            created: Some(created),
        }
    }

    fn r(id: u32, from: u32, to: u32, created: u64) -> Relation {
        Relation {
            id: RelationId(id),
            from: AnnotationId(from),
            to: AnnotationId(to),
            kind: "met".into(),
            note: String::new(),
            created: Some(created),
        }
    }

    fn layer(
        annotations: Vec<Annotation>,
        relations: Vec<Relation>,
        removed: &[(u32, u64)],
    ) -> LayerBody {
        let mut body = LayerBody {
            document: "d".into(),
            layer: "ana".into(),
            annotations,
            relations,
            ..Default::default()
        };
        for &(id, created) in removed {
            body.removed.annotations.insert(Key {
                id,
                created: Some(created),
            });
        }
        body
    }

    fn shown(body: &LayerBody) -> Vec<String> {
        (body
            .annotations
            .iter()
            .map(|a| format!("{}:{}-{}:{}", a.id, a.span.start, a.span.end, a.label)))
        .chain(
            body.relations
                .iter()
                .map(|r| format!("r{}:{}->{}", r.id, r.from, r.to)),
        )
        .collect()
    }

    #[test]
    fn versions_written_apart_join_by_key() {
        let base = vec![a(1, 0, 5, "PERSON", 10), a(2, 10, 15, "GPE", 11)];
        let cases: Vec<(&str, Vec<LayerBody>, Vec<&str>)> = vec![
            (
                "one version is itself",
                vec![layer(base.clone(), vec![], &[])],
                vec!["1:0-5:PERSON", "2:10-15:GPE"],
            ),
            (
                "each added one, under the same id: the second moves",
                vec![
                    layer(
                        [base.clone(), vec![a(3, 20, 25, "ORG", 100)]].concat(),
                        vec![],
                        &[],
                    ),
                    layer(
                        [base.clone(), vec![a(3, 30, 35, "ORG", 200)]].concat(),
                        vec![],
                        &[],
                    ),
                ],
                vec!["1:0-5:PERSON", "2:10-15:GPE", "3:20-25:ORG", "4:30-35:ORG"],
            ),
            (
                "one removed what the other kept: it stays removed",
                vec![
                    layer(base.clone(), vec![], &[]),
                    layer(vec![base[0].clone()], vec![], &[(2, 11)]),
                ],
                vec!["1:0-5:PERSON"],
            ),
            (
                "a removal names the annotation, not only its id",
                vec![
                    layer(vec![base[0].clone(), a(2, 40, 45, "GPE", 300)], vec![], &[]),
                    layer(vec![base[0].clone()], vec![], &[(2, 11)]),
                ],
                vec!["1:0-5:PERSON", "2:40-45:GPE"],
            ),
            (
                "both relabelled one annotation: the winner's label stands",
                vec![
                    layer(vec![a(1, 0, 5, "ORG", 10)], vec![], &[]),
                    layer(vec![a(1, 0, 5, "GPE", 10)], vec![], &[]),
                ],
                vec!["1:0-5:ORG"],
            ),
            (
                "both added the same span and label: kept once",
                vec![
                    layer(
                        vec![a(1, 0, 5, "ORG", 10), a(2, 7, 9, "GPE", 20)],
                        vec![],
                        &[],
                    ),
                    layer(
                        vec![a(1, 0, 5, "ORG", 10), a(2, 7, 9, "GPE", 21)],
                        vec![],
                        &[],
                    ),
                ],
                vec!["1:0-5:ORG", "2:7-9:GPE"],
            ),
            (
                "a relation follows its moved end; one whose end was removed goes",
                vec![
                    layer(
                        [base.clone(), vec![a(3, 20, 25, "ORG", 100)]].concat(),
                        vec![r(1, 1, 3, 101)],
                        &[],
                    ),
                    layer(
                        vec![base[0].clone(), a(3, 30, 35, "ORG", 200)],
                        vec![r(1, 1, 3, 201), r(2, 2, 1, 202)],
                        &[(2, 11)],
                    ),
                ],
                vec![
                    "1:0-5:PERSON",
                    "3:20-25:ORG",
                    "4:30-35:ORG",
                    "r1:1->3",
                    "r3:1->4",
                ],
            ),
        ];
        for (what, versions, want) in cases {
            let joined = join(&versions);
            assert_eq!(shown(&joined), want, "{what}");
            // Joining again changes nothing, and the join holds every removal.
            assert_eq!(
                shown(&join(&[joined.clone(), joined.clone()])),
                want,
                "{what}"
            );
            for v in &versions {
                assert!(
                    joined
                        .removed
                        .annotations
                        .is_superset(&v.removed.annotations),
                    "{what}"
                );
            }
        }
    }

    #[test]
    fn an_annotation_changed_differently_is_the_winner_s_and_reported_once() {
        let laptop = layer(
            vec![a(1, 0, 5, "ORG", 100), a(2, 7, 9, "GPE", 110)],
            vec![],
            &[],
        );
        // The tablet relabelled annotation 1 and moved annotation 2's end; both added nothing.
        let tablet = layer(
            vec![a(1, 0, 5, "PERSON", 100), a(2, 7, 10, "GPE", 110)],
            vec![],
            &[],
        );
        let (joined, differing) = join_noting(&[laptop.clone(), tablet.clone(), tablet.clone()]);
        assert_eq!(shown(&joined), ["1:0-5:ORG", "2:7-9:GPE"]);
        let said: Vec<String> = (differing.iter())
            .map(|d| {
                format!(
                    "{}:{} / {}:{}",
                    d.kept.label, d.kept.span.end, d.other.label, d.other.span.end
                )
            })
            .collect();
        assert_eq!(said, ["ORG:5 / PERSON:5", "GPE:9 / GPE:10"]);
        // Made twice (two keys, one span and label), then changed in a third version under
        // the second key: one annotation, the change reported.
        let w = layer(vec![a(1, 0, 5, "ORG", 100)], vec![], &[]);
        let twin = layer(vec![a(1, 0, 5, "ORG", 200)], vec![], &[]);
        let changed = layer(vec![a(1, 0, 5, "PERSON", 200)], vec![], &[]);
        let (joined, differing) = join_noting(&[w, twin, changed]);
        assert_eq!(shown(&joined), ["1:0-5:ORG"]);
        assert_eq!(differing.len(), 1);
        assert_eq!(differing[0].other.label, "PERSON");
        // The same annotation made twice, or held alike, is no difference.
        assert!(join_noting(&[laptop.clone(), laptop.clone()]).1.is_empty());
        let twin = layer(vec![a(7, 0, 5, "ORG", 300)], vec![], &[]);
        assert!(join_noting(&[laptop, twin]).1.is_empty());
    }

    #[test]
    fn a_moved_annotation_keeps_the_key_it_was_made_with() {
        let laptop = layer(vec![a(1, 0, 5, "ORG", 100)], vec![], &[]);
        let tablet = layer(vec![a(1, 10, 15, "GPE", 200)], vec![], &[]);
        let joined = join(&[laptop.clone(), tablet.clone()]);
        assert_eq!(shown(&joined), ["1:0-5:ORG", "2:10-15:GPE"]);
        let first = Key {
            id: 1,
            created: Some(200),
        };
        assert_eq!(joined.origin(&joined.annotations[1]), first);
        // The tablet, not having seen the join, relabels then removes its annotation 1: the
        // join's annotation 2 goes, the laptop's annotation 1 stays.
        let mut removed = layer(vec![], vec![], &[]);
        removed.removed.annotations.insert(first);
        for versions in [
            [joined.clone(), removed.clone()],
            [removed.clone(), joined.clone()],
        ] {
            let again = join(&versions);
            assert_eq!(shown(&again), ["1:0-5:ORG"]);
            assert!(again.moved.annotations.is_empty());
        }
        // And seen by a version that still has it as 1, it is one annotation, not two.
        let mut relabelled = tablet.clone();
        relabelled.annotations[0].label = "LOC".into();
        assert_eq!(
            shown(&join(&[joined, relabelled])),
            ["1:0-5:ORG", "2:10-15:GPE"]
        );
    }
}
