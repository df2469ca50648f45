//! Edits to a document's annotations, as values: each can be applied, inverted and stored, so
//! undo and redo are "apply the inverse" and "apply again". The command functions check the
//! user's intent against the schema's rules and return the edit to apply; applying never
//! consults the schema, so a replay is always exact.
//!
//! Offsets are `char`s, spans half-open, as everywhere in Postil.

use crate::annotation::{
    Annotation, AnnotationError, AnnotationId, AnnotationSet, DecisionKey, DocLabels, Layer,
    Overlaps, Relation, RelationId,
};
use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::HashMap;
use std::rc::Rc;

/// One undoable change to a document. Stored in undo histories as `{"add": {...}}` and so on
/// (externally tagged: smaller code in the wasm bundle than an internal tag).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocEdit {
    Add {
        annotation: Annotation,
    },
    Remove {
        annotation: Annotation,
    },
    Relabel {
        id: AnnotationId,
        from: String,
        to: String,
    },
    Resize {
        id: AnnotationId,
        from: Span,
        to: Span,
    },
    Note {
        id: AnnotationId,
        from: String,
        to: String,
    },
    DocLabels {
        from: DocLabels,
        to: DocLabels,
    },
    /// Marking the document done (or not).
    Done {
        from: bool,
        to: bool,
    },
    /// Several edits as one step (label all, removing a label's annotations).
    Batch {
        edits: Vec<DocEdit>,
    },
    /// A relation added between two annotations.
    Link {
        relation: Relation,
    },
    /// A relation taken away.
    Unlink {
        relation: Relation,
    },
    /// A relation's note changed.
    RelationNote {
        id: RelationId,
        from: String,
        to: String,
    },
    /// An edit to one of the document's layers: a suggestion rejected (taken out of its
    /// layer), or accepted (taken out of it in a batch that adds it to the annotator's own).
    InLayer {
        layer: String,
        edit: Box<DocEdit>,
    },
    /// A layer added (`from` none), taken away (`to` none) or replaced whole.
    Layer {
        name: String,
        from: Option<Rc<Layer>>,
        to: Option<Rc<Layer>>,
    },
    /// A review's decision for the extent `span` where layers disagreed (`None`: none).
    Decide {
        key: DecisionKey,
        from: Option<String>,
        to: Option<String>,
    },
    /// An attribute of an annotation set, changed or cleared (`None`: not set).
    Attribute {
        id: AnnotationId,
        name: String,
        from: Option<String>,
        to: Option<String>,
    },
}

impl DocEdit {
    /// The edit that undoes this one.
    pub fn inverse(&self) -> DocEdit {
        match self.clone() {
            DocEdit::Add { annotation } => DocEdit::Remove { annotation },
            DocEdit::Remove { annotation } => DocEdit::Add { annotation },
            DocEdit::Relabel { id, from, to } => DocEdit::Relabel {
                id,
                from: to,
                to: from,
            },
            DocEdit::Resize { id, from, to } => DocEdit::Resize {
                id,
                from: to,
                to: from,
            },
            DocEdit::Note { id, from, to } => DocEdit::Note {
                id,
                from: to,
                to: from,
            },
            DocEdit::DocLabels { from, to } => DocEdit::DocLabels { from: to, to: from },
            DocEdit::Done { from, to } => DocEdit::Done { from: to, to: from },
            DocEdit::Batch { edits } => DocEdit::Batch {
                edits: edits.iter().rev().map(DocEdit::inverse).collect(),
            },
            DocEdit::Link { relation } => DocEdit::Unlink { relation },
            DocEdit::Unlink { relation } => DocEdit::Link { relation },
            DocEdit::RelationNote { id, from, to } => DocEdit::RelationNote {
                id,
                from: to,
                to: from,
            },
            DocEdit::Attribute { id, name, from, to } => DocEdit::Attribute {
                id,
                name,
                from: to,
                to: from,
            },
            DocEdit::InLayer { layer, edit } => DocEdit::InLayer {
                layer,
                edit: Box::new(edit.inverse()),
            },
            DocEdit::Layer { name, from, to } => DocEdit::Layer {
                name,
                from: to,
                to: from,
            },
            DocEdit::Decide { key, from, to } => DocEdit::Decide {
                key,
                from: to,
                to: from,
            },
        }
    }

    /// This edit with `now` as the time of every annotation and relation it adds that does not
    /// say when it was made (one taken from a layer keeps its own). Not into layers: what an
    /// edit adds there is someone else's.
    pub fn stamped(self, now: Option<crate::clock::Stamp>) -> DocEdit {
        match self {
            DocEdit::Add { mut annotation } => {
                annotation.created = annotation.created.or(now);
                DocEdit::Add { annotation }
            }
            DocEdit::Link { mut relation } => {
                relation.created = relation.created.or(now);
                DocEdit::Link { relation }
            }
            DocEdit::Batch { edits } => DocEdit::Batch {
                edits: edits.into_iter().map(|e| e.stamped(now)).collect(),
            },
            other => other,
        }
    }

    /// Applies this edit. On error the set is unchanged (a batch is applied to a copy first).
    pub fn apply(&self, set: &mut AnnotationSet) -> Result<(), AnnotationError> {
        match self {
            DocEdit::Add { annotation } => set.insert(annotation.clone()),
            // Each edit checks that the annotation is still as the edit found it: after another
            // tab's changes were merged in, an undo step may meet an annotation that changed
            // (or a new one under the same id), and must then refuse rather than touch it.
            DocEdit::Remove { annotation } => {
                let held = set
                    .get(annotation.id)
                    .ok_or(AnnotationError::NoSuchAnnotation(annotation.id))?;
                if held.span != annotation.span || held.label != annotation.label {
                    return Err(AnnotationError::Changed(annotation.id));
                }
                set.take(annotation.id).map(drop)
            }
            DocEdit::Relabel { id, from, to } => modify(set, *id, |a| {
                (a.label == *from).then(|| a.label = to.clone())
            }),
            DocEdit::Resize { id, from, to } => {
                modify(set, *id, |a| (a.span == *from).then(|| a.span = *to))
            }
            DocEdit::Note { id, from, to } => {
                modify(set, *id, |a| (a.note == *from).then(|| a.note = to.clone()))
            }
            DocEdit::Attribute { id, name, from, to } => modify(set, *id, |a| {
                (a.attributes.get(name) == from.as_ref()).then(|| match to {
                    Some(v) => drop(a.attributes.insert(name.clone(), v.clone())),
                    None => drop(a.attributes.remove(name)),
                })
            }),
            DocEdit::DocLabels { to, .. } => {
                set.set_doc_labels(to.clone());
                Ok(())
            }
            DocEdit::Done { to, .. } => {
                set.set_done(*to);
                Ok(())
            }
            DocEdit::Link { relation } => set.link(relation.clone()),
            DocEdit::InLayer { layer, edit } => {
                let held = (set.layers_mut().get_mut(layer))
                    .ok_or_else(|| AnnotationError::NoSuchLayer(layer.clone()))?;
                edit.apply(&mut held.annotations)
            }
            DocEdit::Decide { key, from, to } => {
                if set.decisions().get(key) != from.as_ref() {
                    return Err(AnnotationError::DecisionChanged);
                }
                let mut decisions = set.decisions().clone();
                match to {
                    Some(t) => drop(decisions.insert(key.clone(), t.clone())),
                    None => drop(decisions.remove(key)),
                }
                set.set_decisions(decisions);
                Ok(())
            }
            DocEdit::Layer { name, from, to } => {
                if set.layers().get(name) != from.as_deref() {
                    return Err(AnnotationError::LayerChanged(name.clone()));
                }
                // A layer is of the document's text (a stored step could say otherwise).
                if (to.as_ref()).is_some_and(|l| l.annotations.text_len() != set.text_len()) {
                    return Err(AnnotationError::LayerText(name.clone()));
                }
                set.set_layers(set.layers().with(name, to.clone()));
                Ok(())
            }
            DocEdit::RelationNote { id, from, to } => set.set_relation_note(*id, from, to),
            DocEdit::Unlink { relation } => {
                let held = (set.relation(relation.id))
                    .ok_or(AnnotationError::NoSuchRelation(relation.id))?;
                if held != relation {
                    return Err(AnnotationError::RelationChanged(relation.id));
                }
                set.unlink(relation.id).map(drop)
            }
            DocEdit::Batch { edits } => {
                let mut copy = set.clone();
                // A batch of additions (label all, an offer taken) or of removals (their undo)
                // goes in as one step, linear in the set, with the relations removed before
                // (or added after) them one by one; anything else edit by edit.
                let unlinks = edits
                    .iter()
                    .take_while(|e| matches!(e, DocEdit::Unlink { .. }))
                    .count();
                let links = edits
                    .iter()
                    .rev()
                    .take_while(|e| matches!(e, DocEdit::Link { .. }))
                    .count();
                if let Some(adds) = only_adds(&edits[..edits.len() - links]) {
                    copy.insert_many(adds)?;
                    for e in &edits[edits.len() - links..] {
                        e.apply(&mut copy)?;
                    }
                } else if let Some(removes) = only_removes(&edits[unlinks..]) {
                    for e in &edits[..unlinks] {
                        e.apply(&mut copy)?;
                    }
                    let ids: Vec<AnnotationId> = removes.iter().map(|a| a.id).collect();
                    let wanted: HashMap<AnnotationId, &Annotation> =
                        removes.iter().map(|a| (a.id, *a)).collect();
                    copy.take_many(&ids, |held| {
                        let want = wanted[&held.id];
                        if held.span != want.span || held.label != want.label {
                            Err(AnnotationError::Changed(held.id))
                        } else {
                            Ok(())
                        }
                    })?;
                } else {
                    for e in edits {
                        e.apply(&mut copy)?;
                    }
                }
                *set = copy;
                Ok(())
            }
        }
    }

    /// This edit with annotation ids changed as `map` says (ids it does not name stay).
    pub fn remap(&self, map: &HashMap<AnnotationId, AnnotationId>) -> DocEdit {
        let id = |i: &AnnotationId| *map.get(i).unwrap_or(i);
        let moved = |a: &Annotation| Annotation {
            id: id(&a.id),
            ..a.clone()
        };
        match self {
            DocEdit::Add { annotation } => DocEdit::Add {
                annotation: moved(annotation),
            },
            DocEdit::Remove { annotation } => DocEdit::Remove {
                annotation: moved(annotation),
            },
            DocEdit::Relabel { id: i, from, to } => DocEdit::Relabel {
                id: id(i),
                from: from.clone(),
                to: to.clone(),
            },
            DocEdit::Resize { id: i, from, to } => DocEdit::Resize {
                id: id(i),
                from: *from,
                to: *to,
            },
            DocEdit::Note { id: i, from, to } => DocEdit::Note {
                id: id(i),
                from: from.clone(),
                to: to.clone(),
            },
            DocEdit::DocLabels { .. } | DocEdit::Done { .. } => self.clone(),
            DocEdit::Batch { edits } => DocEdit::Batch {
                edits: edits.iter().map(|e| e.remap(map)).collect(),
            },
            DocEdit::Link { relation } => DocEdit::Link {
                relation: Relation {
                    from: id(&relation.from),
                    to: id(&relation.to),
                    ..relation.clone()
                },
            },
            DocEdit::Unlink { relation } => DocEdit::Unlink {
                relation: Relation {
                    from: id(&relation.from),
                    to: id(&relation.to),
                    ..relation.clone()
                },
            },
            // Ids in a layer are that layer's own: a merge of this document's moves none of them.
            DocEdit::RelationNote { .. }
            | DocEdit::InLayer { .. }
            | DocEdit::Layer { .. }
            | DocEdit::Decide { .. } => self.clone(),
            DocEdit::Attribute {
                id: i,
                name,
                from,
                to,
            } => DocEdit::Attribute {
                id: id(i),
                name: name.clone(),
                from: from.clone(),
                to: to.clone(),
            },
        }
    }

    /// The annotation this edit is about, for selecting it after undo or redo.
    pub fn subject(&self) -> Option<AnnotationId> {
        match self {
            DocEdit::Add { annotation } | DocEdit::Remove { annotation } => Some(annotation.id),
            DocEdit::Relabel { id, .. }
            | DocEdit::Resize { id, .. }
            | DocEdit::Note { id, .. }
            | DocEdit::Attribute { id, .. } => Some(*id),
            DocEdit::Link { relation } | DocEdit::Unlink { relation } => Some(relation.from),
            DocEdit::DocLabels { .. }
            | DocEdit::Done { .. }
            | DocEdit::Batch { .. }
            | DocEdit::RelationNote { .. }
            | DocEdit::InLayer { .. }
            | DocEdit::Layer { .. }
            | DocEdit::Decide { .. } => None,
        }
    }
}

impl AnnotationSet {
    /// Runs a command against this set: builds its edit, applies it, and returns it (for the
    /// undo history).
    pub fn run(
        &mut self,
        command: impl FnOnce(&AnnotationSet) -> Result<DocEdit, AnnotationError>,
    ) -> Result<DocEdit, AnnotationError> {
        let edit = command(self)?;
        edit.apply(self)?;
        Ok(edit)
    }
}

/// Takes an annotation out, changes it and puts it back (so order and bounds stay right). `f`
/// answers `None` when the annotation is no longer as the edit expects (see
/// [`DocEdit::apply`]); nothing changes then.
fn modify(
    set: &mut AnnotationSet,
    id: AnnotationId,
    f: impl FnOnce(&mut Annotation) -> Option<()>,
) -> Result<(), AnnotationError> {
    let before = set
        .get(id)
        .cloned()
        .ok_or(AnnotationError::NoSuchAnnotation(id))?;
    let mut a = before.clone();
    if f(&mut a).is_none() {
        return Err(AnnotationError::Changed(id));
    }
    set.take_to_put_back(id)?;
    set.insert(a).inspect_err(|_| {
        // Put the original back: a failed edit changes nothing.
        let _ = set.insert(before);
    })
}

/// Gives `span` the label `label`: relabels the annotation with exactly that span if there is
/// one, or adds a new annotation.
pub fn label_span(
    set: &AnnotationSet,
    span: Span,
    label: &str,
    overlaps: Overlaps,
) -> Result<DocEdit, AnnotationError> {
    if let Some(existing) = set.exact(span) {
        return relabel(set, existing.id, label);
    }
    let annotation = Annotation {
        id: AnnotationId(set.next_id()),
        span,
        label: label.into(),
        note: String::new(),
        attributes: Default::default(),
        created: None,
    };
    set.check_new(&annotation, overlaps)?;
    Ok(DocEdit::Add { annotation })
}

/// Changes an annotation's label.
pub fn relabel(
    set: &AnnotationSet,
    id: AnnotationId,
    label: &str,
) -> Result<DocEdit, AnnotationError> {
    let a = set.get(id).ok_or(AnnotationError::NoSuchAnnotation(id))?;
    if a.label == label {
        return Err(AnnotationError::Unchanged);
    }
    if let Some(same) = set
        .within(a.span)
        .find(|b| b.span == a.span && b.label == label)
    {
        return Err(AnnotationError::Duplicate {
            id: same.id,
            label: same.label.clone(),
        });
    }
    Ok(DocEdit::Relabel {
        id,
        from: a.label.clone(),
        to: label.into(),
    })
}

/// Removes an annotation, and the relations that link it, as one step.
pub fn remove(set: &AnnotationSet, id: AnnotationId) -> Result<DocEdit, AnnotationError> {
    set.get(id).ok_or(AnnotationError::NoSuchAnnotation(id))?;
    let mut edits = removals(set, &[id]);
    Ok(match edits.len() {
        1 => edits.remove(0),
        _ => DocEdit::Batch { edits },
    })
}

/// The edits that remove the annotations `ids` (those the set holds): first every relation that
/// links any of them (each once), then the annotations, in the order given.
pub fn removals(set: &AnnotationSet, ids: &[AnnotationId]) -> Vec<DocEdit> {
    let gone: std::collections::HashSet<AnnotationId> = ids.iter().copied().collect();
    let mut edits: Vec<DocEdit> = (set.relations().iter())
        .filter(|r| gone.contains(&r.from) || gone.contains(&r.to))
        .map(|r| DocEdit::Unlink {
            relation: r.clone(),
        })
        .collect();
    edits.extend(
        (ids.iter())
            .filter_map(|id| set.get(*id))
            .map(|a| DocEdit::Remove {
                annotation: a.clone(),
            }),
    );
    edits
}

/// Links annotation `from` to `to` with a relation of type `kind`.
pub fn link(
    set: &AnnotationSet,
    from: AnnotationId,
    to: AnnotationId,
    kind: &str,
) -> Result<DocEdit, AnnotationError> {
    let relation = Relation {
        id: RelationId(set.next_relation_id()),
        from,
        to,
        kind: kind.trim().to_string(),
        note: String::new(),
        created: None,
    };
    set.check_link(&relation)?;
    Ok(DocEdit::Link { relation })
}

/// Sets (or, with an empty text, clears) a relation's note.
pub fn set_relation_note(
    set: &AnnotationSet,
    id: RelationId,
    note: &str,
) -> Result<DocEdit, AnnotationError> {
    let relation = set
        .relation(id)
        .ok_or(AnnotationError::NoSuchRelation(id))?;
    let note = note.trim();
    if relation.note == note {
        return Err(AnnotationError::Unchanged);
    }
    Ok(DocEdit::RelationNote {
        id,
        from: relation.note.clone(),
        to: note.to_string(),
    })
}

/// Takes a relation away.
pub fn unlink(set: &AnnotationSet, id: RelationId) -> Result<DocEdit, AnnotationError> {
    let relation = set
        .relation(id)
        .ok_or(AnnotationError::NoSuchRelation(id))?;
    Ok(DocEdit::Unlink {
        relation: relation.clone(),
    })
}

/// Sets (or clears, with an empty string) an annotation's note.
pub fn set_note(
    set: &AnnotationSet,
    id: AnnotationId,
    note: &str,
) -> Result<DocEdit, AnnotationError> {
    let a = set.get(id).ok_or(AnnotationError::NoSuchAnnotation(id))?;
    let note = note.trim();
    if a.note == note {
        return Err(AnnotationError::Unchanged);
    }
    Ok(DocEdit::Note {
        id,
        from: a.note.clone(),
        to: note.into(),
    })
}

/// Sets an annotation's attribute `name` to `value`, or clears it (`None`).
pub fn set_attribute(
    set: &AnnotationSet,
    id: AnnotationId,
    name: &str,
    value: Option<&str>,
) -> Result<DocEdit, AnnotationError> {
    let a = set.get(id).ok_or(AnnotationError::NoSuchAnnotation(id))?;
    let from = a.attributes.get(name).cloned();
    if from.as_deref() == value {
        return Err(AnnotationError::Unchanged);
    }
    Ok(DocEdit::Attribute {
        id,
        name: name.to_string(),
        from,
        to: value.map(str::to_string),
    })
}

/// Marks the document done, or not done.
pub fn set_done(set: &AnnotationSet, done: bool) -> Result<DocEdit, AnnotationError> {
    if set.done() == done {
        return Err(AnnotationError::Unchanged);
    }
    Ok(DocEdit::Done {
        from: set.done(),
        to: done,
    })
}

/// Sets the document-level labels.
pub fn set_doc_labels(set: &AnnotationSet, labels: DocLabels) -> Result<DocEdit, AnnotationError> {
    if set.doc_labels() == &labels {
        return Err(AnnotationError::Unchanged);
    }
    Ok(DocEdit::DocLabels {
        from: set.doc_labels().clone(),
        to: labels,
    })
}

/// Which end of a span a resize moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    Start,
    End,
}

/// Grows (`grow`) or shrinks an annotation by one token at one edge. A span never shrinks
/// below one token.
pub fn resize(
    set: &AnnotationSet,
    tokens: &[Span],
    id: AnnotationId,
    edge: Edge,
    grow: bool,
    overlaps: Overlaps,
) -> Result<DocEdit, AnnotationError> {
    let a = set.get(id).ok_or(AnnotationError::NoSuchAnnotation(id))?;
    let from = a.span;
    let to = match (edge, grow) {
        (Edge::End, true) => tokens.iter().find(|t| t.start >= from.end).map(|t| Span {
            start: from.start,
            end: t.end,
        }),
        (Edge::End, false) => tokens
            .iter()
            .rev()
            .find(|t| t.end < from.end && t.end > from.start)
            .map(|t| Span {
                start: from.start,
                end: t.end,
            }),
        (Edge::Start, true) => tokens
            .iter()
            .rev()
            .find(|t| t.end <= from.start)
            .map(|t| Span {
                start: t.start,
                end: from.end,
            }),
        (Edge::Start, false) => tokens
            .iter()
            .find(|t| t.start > from.start && t.start < from.end)
            .map(|t| Span {
                start: t.start,
                end: from.end,
            }),
    }
    .ok_or(AnnotationError::Unchanged)?;
    let moved = Annotation {
        span: to,
        ..a.clone()
    };
    // Check against every other annotation: the moved span must be valid on its own.
    let mut without = set.clone();
    without.take_to_put_back(id)?;
    without.check_new(&moved, overlaps)?;
    Ok(DocEdit::Resize { id, from, to })
}

/// What labeling one search hit would do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HitStatus {
    /// It would get a new annotation.
    New,
    /// It already has this label.
    AlreadyLabeled,
    /// It cannot be labeled, and why.
    Refused(AnnotationError),
}

/// For each hit, what labeling it `label` would do (hits are considered in order, each one
/// as if the earlier new ones were added), with the annotation it would add.
///
/// The set is not copied and added to hit by hit (that was quadratic: 5,000 hits of a word
/// in a long article took 60 ms after every label, for the offer): each hit is checked against
/// the set as it is and against the new spans so far, kept by position.
fn plan(
    set: &AnnotationSet,
    hits: &[Span],
    label: &str,
    overlaps: Overlaps,
) -> Vec<(HitStatus, Option<Annotation>)> {
    // The new spans so far, in (start, end) order (hits come in reading order, so each goes
    // at the end), and the longest of them.
    let mut added: Vec<(u32, u32, AnnotationId)> = Vec::new();
    let mut longest = 0;
    let mut next_id = set.next_id();
    hits.iter()
        .map(|span| {
            let annotation = Annotation {
                id: AnnotationId(next_id),
                span: *span,
                label: label.into(),
                note: String::new(),
                attributes: Default::default(),
                created: None,
            };
            if let Err(e) = set.check_new(&annotation, Overlaps::Allowed) {
                return (status_of(e), None);
            }
            let at = added.partition_point(|&(s, e, _)| (s, e) < (span.start, span.end));
            if let Some(&(_, _, id)) = added
                .get(at)
                .filter(|&&(s, e, _)| (s, e) == (span.start, span.end))
            {
                return (
                    status_of(AnnotationError::Duplicate {
                        id,
                        label: label.into(),
                    }),
                    None,
                );
            }
            if overlaps == Overlaps::Forbidden {
                // The first overlapping annotation in reading order, of the set's and the new.
                let held = set.within(*span).find(|b| b.id != annotation.id);
                let from = span.start.saturating_sub(longest);
                let first = added.partition_point(|&(s, _, _)| s < from);
                let new = (added[first..].iter())
                    .take_while(|&&(s, _, _)| s < span.end)
                    .map(|&(start, end, id)| (Span { start, end }, id))
                    .filter(|(s, _)| s.overlaps(*span))
                    .min_by_key(|(s, id)| (s.start, Reverse(s.end), *id));
                let first = match (held, new) {
                    (Some(h), Some((s, id)))
                        if (s.start, Reverse(s.end), id)
                            < (h.span.start, Reverse(h.span.end), h.id) =>
                    {
                        Some((id, label.to_string()))
                    }
                    (Some(h), _) => Some((h.id, h.label.clone())),
                    (None, Some((_, id))) => Some((id, label.to_string())),
                    (None, None) => None,
                };
                if let Some((id, label)) = first {
                    return (status_of(AnnotationError::Overlaps { id, label }), None);
                }
            }
            added.insert(at, (span.start, span.end, annotation.id));
            longest = longest.max(span.len());
            next_id += 1;
            (HitStatus::New, Some(annotation))
        })
        .collect()
}

fn status_of(e: AnnotationError) -> HitStatus {
    match e {
        AnnotationError::Duplicate { .. } => HitStatus::AlreadyLabeled,
        e => HitStatus::Refused(e),
    }
}

/// For each hit, what labeling it `label` would do (hits are considered in order, each one
/// as if the earlier new ones were added).
pub fn plan_label_all(
    set: &AnnotationSet,
    hits: &[Span],
    label: &str,
    overlaps: Overlaps,
) -> Vec<HitStatus> {
    plan(set, hits, label, overlaps)
        .into_iter()
        .map(|(status, _)| status)
        .collect()
}

/// One step that labels the chosen hits `label`. Hits that cannot be labeled are skipped;
/// `None` when there is nothing to do.
pub fn label_all(
    set: &AnnotationSet,
    hits: &[Span],
    label: &str,
    overlaps: Overlaps,
) -> Option<DocEdit> {
    let edits: Vec<DocEdit> = plan(set, hits, label, overlaps)
        .into_iter()
        .filter_map(|(_, annotation)| annotation.map(|annotation| DocEdit::Add { annotation }))
        .collect();
    (!edits.is_empty()).then_some(DocEdit::Batch { edits })
}

/// The annotations of a batch made only of additions.
fn only_adds(edits: &[DocEdit]) -> Option<Vec<Annotation>> {
    (edits.iter())
        .map(|e| match e {
            DocEdit::Add { annotation } => Some(annotation.clone()),
            _ => None,
        })
        .collect()
}

/// The annotations of a batch made only of removals.
fn only_removes(edits: &[DocEdit]) -> Option<Vec<&Annotation>> {
    (edits.iter())
        .map(|e| match e {
            DocEdit::Remove { annotation } => Some(annotation),
            _ => None,
        })
        .collect()
}
