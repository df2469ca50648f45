//! Bringing together two tabs' versions of one stored value: when another tab wrote a
//! document's annotations (or the schema) over a version this tab had also changed, both
//! started from one `base`, and the result keeps the changes of both.
//!
//! The merge is three-way, by annotation id (labels by name): what only one side changed is
//! taken from that side; where both changed the same annotation differently, `theirs` (the
//! value already in storage, which other tabs may have read) stands. Two annotations both
//! sides added under the same id are both kept, ours under a new id, and the undo steps that
//! name it follow it; an annotation ours added on the same span with the same label as one
//! theirs added is kept once. Relations are merged the same way, by relation id; one whose
//! annotation the merge removed goes with it. Offsets are `char`s, spans half-open, as
//! everywhere in Postil.

use crate::annotation::{
    Annotation, AnnotationId, AnnotationSet, DecisionKey, Layer, Layers, Overlaps, Relation,
    RelationId,
};
use crate::edit::DocEdit;
use crate::history::History;
use crate::schema::LabelSchema;
use crate::schema_edit::SchemaEdit;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// A document's annotations with its undo history: what one stored value holds.
#[derive(Clone, Copy, Debug)]
pub struct DocSide<'a> {
    pub annotations: &'a AnnotationSet,
    pub history: &'a History<DocEdit>,
}

/// The annotations and history that keep both sides' changes since `base`.
pub fn merge_doc(
    base: DocSide,
    ours: DocSide,
    theirs: DocSide,
) -> (AnnotationSet, History<DocEdit>) {
    let (annotations, moved) =
        merge_annotations(base.annotations, ours.annotations, theirs.annotations);
    let history = History::merge3(base.history, ours.history, theirs.history, |e| {
        if moved.is_empty() {
            e.clone()
        } else {
            e.remap(&moved)
        }
    });
    (annotations, history)
}

/// The merged set, and the ids of ours that it moved (old to new).
fn merge_annotations(
    base: &AnnotationSet,
    ours: &AnnotationSet,
    theirs: &AnnotationSet,
) -> (AnnotationSet, HashMap<AnnotationId, AnnotationId>) {
    let mut moved = HashMap::new();
    if ours == base || ours == theirs {
        return (theirs.clone(), moved);
    }
    if theirs == base {
        return (ours.clone(), moved);
    }
    let by_id = |set: &'_ AnnotationSet| -> BTreeMap<AnnotationId, Annotation> {
        set.iter().map(|a| (a.id, a.clone())).collect()
    };
    let (mut result, added) = three_way(by_id(base), by_id(ours), by_id(theirs));
    let mut next = ours
        .next_id()
        .max(theirs.next_id())
        .max(result.keys().last().map_or(1, |i| i.0 + 1));
    for a in added {
        let same = result
            .values()
            .find(|r| r.span == a.span && r.label == a.label)
            .map(|r| r.id);
        match same {
            Some(other) if other != a.id => {
                moved.insert(a.id, other);
            }
            Some(_) => {}
            None if result.contains_key(&a.id) => {
                let id = AnnotationId(next);
                next += 1;
                moved.insert(a.id, id);
                result.insert(id, Annotation { id, ..a });
            }
            None => {
                result.insert(a.id, a);
            }
        }
    }
    let items: Vec<Annotation> = result.into_values().collect();
    let relations = merge_relations(base, ours, theirs, &moved, |id| {
        items.binary_search_by_key(&id, |a| a.id).is_ok()
    });
    let next_relation = ours.next_relation_id().max(theirs.next_relation_id());
    let Ok(mut set) = AnnotationSet::from_parts(theirs.text_len(), items, next, Overlaps::Allowed)
        .map_err(drop)
        .and_then(|set| set.with_relations(relations, next_relation).map_err(drop))
    else {
        // Never expected (both sides hold valid sets of one text): keep theirs whole.
        return (theirs.clone(), HashMap::new());
    };
    set.set_doc_labels(side(base.doc_labels(), ours.doc_labels(), theirs.doc_labels()).clone());
    set.set_done(*side(&base.done(), &ours.done(), &theirs.done()));
    set.set_layers(merge_layers(base.layers(), ours.layers(), theirs.layers()));
    let (b, o, t) = (base.decisions(), ours.decisions(), theirs.decisions());
    let places: BTreeSet<&DecisionKey> = o.keys().chain(t.keys()).collect();
    let decisions = places.into_iter().filter_map(|key| {
        let (b, o, t) = (b.get(key), o.get(key), t.get(key));
        side(&b, &o, &t).map(|d| (key.clone(), d.clone()))
    });
    set.set_decisions(decisions.collect());
    (set, moved)
}

/// One part of a value as the side that changed it since `b` has it: ours where only we
/// changed it, else theirs.
fn side<'a, T: PartialEq + ?Sized>(b: &T, o: &'a T, t: &'a T) -> &'a T {
    if o != b && t == b {
        o
    } else {
        t
    }
}

/// Layers merged by name: a layer only one side changed since `base` as that side has it; one
/// both changed (each tab answered other suggestions) merged by annotation id as the
/// document's own annotations are, so that no tab's answers are lost.
fn merge_layers(base: &Layers, ours: &Layers, theirs: &Layers) -> Layers {
    let names: BTreeSet<&str> = (ours.iter().chain(theirs.iter()))
        .map(|l| l.name.as_str())
        .collect();
    let layers = names.into_iter().filter_map(|name| {
        let (b, o, t) = (base.get(name), ours.get(name), theirs.get(name));
        match (b, o, t) {
            (Some(b), Some(o), Some(t)) if o != b && t != b => Some(Layer {
                annotations: merge_annotations(&b.annotations, &o.annotations, &t.annotations).0,
                ..t.clone()
            }),
            _ => side(&b, &o, &t).cloned(),
        }
    });
    Layers::from(layers.collect::<Vec<_>>())
}

/// The three-way merge by id of one kind of item: theirs, with what only ours changed since
/// `base` (an item changed or removed) taken from ours. What ours added, and what both sides
/// added under one id, is handed back apart (`added`, in id order) for the caller to place.
fn three_way<K: Ord + Copy, V: Clone + PartialEq>(
    base: BTreeMap<K, V>,
    ours: BTreeMap<K, V>,
    theirs: BTreeMap<K, V>,
) -> (BTreeMap<K, V>, Vec<V>) {
    let mut added = Vec::new();
    let ids: BTreeSet<K> = base.keys().chain(ours.keys()).copied().collect();
    let mut result = theirs.clone();
    for id in ids {
        let (b, o, t) = (base.get(&id), ours.get(&id), theirs.get(&id));
        if o == b || o == t {
            continue;
        }
        if t == b {
            match o {
                Some(v) if b.is_none() => added.push(v.clone()),
                Some(v) => {
                    result.insert(id, v.clone());
                }
                None => {
                    result.remove(&id);
                }
            }
        } else if let (None, Some(v)) = (b, o) {
            // Both added an item under this id: theirs stays there, ours goes elsewhere.
            added.push(v.clone());
        }
        // Otherwise both changed the same item: theirs stands.
    }
    (result, added)
}

/// The merged relations, by id as annotations are: what only one side changed is taken from
/// it, theirs stands where both changed one, and a relation both added under one id is kept
/// twice (ours under a new id) unless it is the same link. Ours' ends follow the annotations
/// the merge moved (`moved`); a relation whose end is not in the merged set (`kept`) goes,
/// and so does a second relation of one type between the same ends.
fn merge_relations(
    base: &AnnotationSet,
    ours: &AnnotationSet,
    theirs: &AnnotationSet,
    moved: &HashMap<AnnotationId, AnnotationId>,
    kept: impl Fn(AnnotationId) -> bool,
) -> Vec<Relation> {
    let by_id = |set: &'_ AnnotationSet| -> BTreeMap<RelationId, Relation> {
        set.relations().iter().map(|r| (r.id, r.clone())).collect()
    };
    let (mut result, added) = three_way(by_id(base), by_id(ours), by_id(theirs));
    let mut next = ours
        .next_relation_id()
        .max(theirs.next_relation_id())
        .max(result.keys().last().map_or(1, |i| i.0 + 1));
    for mut r in added {
        let end = |a: AnnotationId| *moved.get(&a).unwrap_or(&a);
        (r.from, r.to) = (end(r.from), end(r.to));
        if result.contains_key(&r.id) {
            r.id = RelationId(next);
            next += 1;
        }
        result.insert(r.id, r);
    }
    let mut seen = HashSet::new();
    (result.into_values())
        .filter(|r| kept(r.from) && kept(r.to) && r.from != r.to)
        .filter(|r| seen.insert((r.from, r.to, r.kind.clone())))
        .collect()
}

/// The schema and its history that keep both sides' changes since `base`: labels are merged
/// by name (a label only one side added, removed or changed takes that side's change); the
/// overlap policy and document label sets come from the side that changed them. If the
/// merged labels break the schema's rules (both gave one key to different labels), theirs
/// stands.
pub fn merge_schema(
    base: (&LabelSchema, &History<SchemaEdit>),
    ours: (&LabelSchema, &History<SchemaEdit>),
    theirs: (&LabelSchema, &History<SchemaEdit>),
) -> (LabelSchema, History<SchemaEdit>) {
    let history = History::merge3(base.1, ours.1, theirs.1, Clone::clone);
    let (b, o, t) = (base.0, ours.0, theirs.0);
    if o == b || o == t {
        return (t.clone(), history);
    }
    if t == b {
        return (o.clone(), history);
    }
    let mut labels = t.labels().to_vec();
    let mut names: Vec<&str> = b.labels().iter().map(|l| l.name.as_str()).collect();
    names.extend(o.labels().iter().map(|l| l.name.as_str()));
    for name in names {
        let (bl, ol, tl) = (b.get(name), o.get(name), t.get(name));
        if ol == bl || ol == tl || tl != bl {
            continue;
        }
        match ol {
            Some(l) => match labels.iter_mut().find(|x| x.name == name) {
                Some(x) => *x = l.clone(),
                None => labels.push(l.clone()),
            },
            None => labels.retain(|x| x.name != name),
        }
    }
    // The overlap policy, document label sets, relation types and attributes, each as a
    // whole: ours where only we changed it, else theirs.
    let overlaps = *side(&b.overlaps(), &o.overlaps(), &t.overlaps());
    let sets = side(b.doc_sets(), o.doc_sets(), t.doc_sets());
    let relation_types = side(b.relation_types(), o.relation_types(), t.relation_types());
    let attributes = side(b.attributes(), o.attributes(), t.attributes());
    let merged = LabelSchema::build(
        labels,
        overlaps,
        sets.to_vec(),
        relation_types.to_vec(),
        attributes.to_vec(),
    );
    (merged.unwrap_or_else(|_| t.clone()), history)
}
