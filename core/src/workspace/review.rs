//! Reviewing where annotators disagree, one document at a time, into a gold set: the
//! annotator's own annotations. The review compares the document's annotator layers (with the
//! annotator's own when there is only one layer), lists each disagreement (only in some
//! layers, different labels, different boundaries, a relation some have) in its words'
//! context, and settles it by taking one layer's version, all of them, or none: the own
//! annotations over the disagreement's extent are replaced in one undoable step, and the
//! decision (whose version was taken) is kept with the document ([`crate::annotation::Decision`]).
//!
//! Offsets are `char`s, spans half-open, as everywhere in Postil.

use super::{Doc, Outcome, Refusal, Select, Workspace};
use crate::agreement::{self, Disagreement, DisagreementKind};
use crate::annotation::{
    Annotation, AnnotationId, AnnotationSet, DecisionKey, LayerKind, Relation, RelationId,
};
use crate::edit::{self, DocEdit};
use crate::prose::{and_list, count};
use crate::span::Span;

/// What the person's own annotations are called in a review.
pub const YOURS: &str = "you";

/// How a disagreement is settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settle {
    /// Take this layer's version (by its index in the review's layers).
    Take(usize),
    /// Take every layer's version.
    All,
    /// Take none.
    Reject,
    /// The reviewer labels it themselves (in the article): only the decision is kept.
    Edited,
}

/// One disagreement as the review shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewItem {
    /// Where it is, as its decision is kept (and as [`Workspace::settle`] names it).
    pub key: DecisionKey,
    pub span: Span,
    /// "only in Ana", "different labels", "different boundaries", "a relation only in Ben".
    pub kind: String,
    pub before: String,
    pub text: String,
    pub after: String,
    /// Each layer's version, in the review's order: "PERSON “Sergey Lavrov”", or "nothing".
    pub versions: Vec<String>,
    /// Whose version was taken, when settled.
    pub decided: Option<String>,
}

/// Where a document's review stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub disagreements: usize,
    pub settled: usize,
}

impl Progress {
    /// Where the review of these items stands (a document's, as `review_items` lists it).
    pub fn of(items: &[ReviewItem]) -> Progress {
        Progress {
            disagreements: items.len(),
            settled: items.iter().filter(|it| it.decided.is_some()).count(),
        }
    }

    pub fn remaining(&self) -> usize {
        self.disagreements - self.settled
    }
}

use super::layers::CONTEXT_CHARS;

impl Doc {
    /// The names of the layers a review of this document compares: its annotators' layers,
    /// and the person's own annotations ([`YOURS`]) first when there is only one.
    pub fn review_layers(&self) -> Vec<String> {
        let names: Vec<String> = (self.annotations.layers().iter())
            .filter(|l| l.kind == LayerKind::Annotator)
            .map(|l| l.name.clone())
            .collect();
        match names.len() {
            0 => Vec::new(),
            1 => vec![YOURS.to_string(), names[0].clone()],
            _ => names,
        }
    }

    /// The annotation set of the review layer `name`.
    fn review_set(&self, name: &str) -> Option<&AnnotationSet> {
        if name == YOURS {
            return Some(&self.annotations);
        }
        self.annotations.layers().get(name).map(|l| &l.annotations)
    }

    /// The disagreements between the review's layers, in reading order.
    fn disagreements(&self, names: &[String]) -> Vec<Disagreement> {
        let layers: Vec<agreement::Layer> = (names.iter())
            .filter_map(|n| {
                let annotations = self.review_set(n)?;
                Some(agreement::Layer {
                    name: n,
                    annotations,
                })
            })
            .collect();
        if layers.len() < 2 || layers.len() != names.len() {
            return Vec::new();
        }
        agreement::disagreements(&layers)
    }

    /// Every disagreement of this document's review, as the review shows it.
    pub fn review_items(&self) -> Vec<ReviewItem> {
        let names = self.review_layers();
        (self.disagreements(&names).iter())
            .map(|d| self.item(&names, d))
            .collect()
    }

    /// How many disagreements this document's review has, and how many are settled.
    pub fn review_progress(&self) -> Progress {
        let names = self.review_layers();
        let found = self.disagreements(&names);
        Progress {
            disagreements: found.len(),
            settled: (found.iter())
                .filter(|d| (self.annotations.decisions()).contains_key(&self.key(&names, d)))
                .count(),
        }
    }

    /// Where a disagreement's decision is kept: its extent, and for a relation's, the
    /// relation's type and its ends' spans.
    fn key(&self, names: &[String], d: &Disagreement) -> DecisionKey {
        let relation = (d.kind == DisagreementKind::Relation)
            .then(|| {
                let (set, ids) = (names.iter().zip(&d.by_layer))
                    .find_map(|(n, ids)| Some((self.review_set(n)?, ids.first()?)))?;
                let r = set.relation(RelationId(*ids))?;
                let (from, to) = (set.get(r.from)?.span, set.get(r.to)?.span);
                Some(format!(
                    "{}: {}-{} → {}-{}",
                    r.kind, from.start, from.end, to.start, to.end
                ))
            })
            .flatten();
        DecisionKey {
            span: d.span,
            relation,
        }
    }

    fn item(&self, names: &[String], d: &Disagreement) -> ReviewItem {
        let (before, text, after) = if d.kind == DisagreementKind::Relation {
            // A relation's extent runs from one end to the other: its ends, and what is
            // between them cut short.
            (
                String::new(),
                shortened(self.document.slice(d.span).unwrap_or_default()),
                String::new(),
            )
        } else {
            crate::search::context(&self.document, d.span, CONTEXT_CHARS)
        };
        let versions: Vec<String> = (names.iter().zip(&d.by_layer))
            .map(|(name, ids)| self.version(name, d, ids))
            .collect();
        let named =
            |which: &[usize]| and_list(&which.iter().map(|i| &names[*i]).collect::<Vec<_>>());
        let kind = match &d.kind {
            DisagreementKind::Missing { absent_from } => {
                let present: Vec<usize> = (0..names.len())
                    .filter(|i| !absent_from.contains(i))
                    .collect();
                format!("only in {}", named(&present))
            }
            DisagreementKind::Label => "different labels".to_string(),
            DisagreementKind::Boundaries => "different boundaries".to_string(),
            DisagreementKind::Relation => {
                let present: Vec<usize> = (0..names.len())
                    .filter(|i| !d.by_layer[*i].is_empty())
                    .collect();
                format!("a relation only in {}", named(&present))
            }
        };
        let key = self.key(names, d);
        ReviewItem {
            decided: self.annotations.decisions().get(&key).cloned(),
            key,
            span: d.span,
            kind,
            before,
            text,
            after,
            versions,
        }
    }

    /// What the layer `name` has in a disagreement: its spans with their labels, or its
    /// relation, or "nothing".
    fn version(&self, name: &str, d: &Disagreement, ids: &[u32]) -> String {
        let Some(set) = self.review_set(name) else {
            return "nothing".into();
        };
        let words = |a: &Annotation| {
            format!(
                "{} “{}”",
                a.label,
                self.document.slice(a.span).unwrap_or_default()
            )
        };
        let parts: Vec<String> = if d.kind == DisagreementKind::Relation {
            (ids.iter())
                .filter_map(|id| set.relation(RelationId(*id)))
                .filter_map(|r| {
                    let (from, to) = (set.get(r.from)?, set.get(r.to)?);
                    Some(format!("{} —{}→ {}", words(from), r.kind, words(to)))
                })
                .collect()
        } else {
            (ids.iter())
                .filter_map(|id| set.get(AnnotationId(*id)))
                .map(words)
                .collect()
        };
        if parts.is_empty() {
            "nothing".into()
        } else {
            parts.join("; ")
        }
    }
}

impl Workspace {
    /// How many disagreements the reviews of all documents have, and how many are settled.
    pub fn review_progress(&self) -> Progress {
        (self.docs.iter().map(Doc::review_progress)).fold(Progress::default(), |sum, p| Progress {
            disagreements: sum.disagreements + p.disagreements,
            settled: sum.settled + p.settled,
        })
    }

    /// Settles the open document's disagreement at `key` as `how` says: the own annotations
    /// there that the chosen version lacks go, and what it has that they lack comes (a
    /// relation is added or taken away between the own annotations at its ends), and the
    /// decision is kept; one undoable step.
    pub fn settle(&mut self, key: &DecisionKey, how: Settle) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let doc = ws.current().clone();
            let names = doc.review_layers();
            let found = doc.disagreements(&names);
            let d = (found.iter().find(|d| doc.key(&names, d) == *key))
                .ok_or_else(|| Refusal::Review("that disagreement is no longer there".into()))?;
            let span = d.span;
            let taken = match how {
                Settle::Take(i) => names.get(i).cloned().ok_or(Refusal::Unchanged)?,
                Settle::All => and_list(&names),
                Settle::Reject => "rejected".to_string(),
                Settle::Edited => "edited".to_string(),
            };
            let chosen: Vec<usize> = match how {
                Settle::Take(i) => vec![i],
                Settle::All => (0..names.len()).collect(),
                Settle::Reject => Vec::new(),
                Settle::Edited => return ws.decide(&doc, key, taken),
            };
            let mut edits = if d.kind == DisagreementKind::Relation {
                relation_edits(&doc, &names, d, &chosen)?
            } else {
                span_edits(&doc, &names, d, &chosen, ws.schema.overlaps())?
            };
            let from = doc.annotations.decisions().get(key).cloned();
            edits.push(DocEdit::Decide {
                key: key.clone(),
                from,
                to: Some(taken.clone()),
            });
            ws.commit(|_| Ok(DocEdit::Batch { edits }))?;
            let words = doc.document.slice(span).unwrap_or_default();
            let message = match how {
                Settle::Reject => format!("Rejected every version of “{words}”."),
                Settle::All => format!("Took every version of “{words}” ({taken})."),
                _ if taken == YOURS => format!("Kept your own version of “{words}”."),
                _ => format!("Took {taken}’s version of “{words}”."),
            };
            let select = (ws.current().annotations.within(span))
                .find(|a| span.covers(a.span))
                .map_or(Select::Nothing, |a| Select::Annotation(a.id));
            Ok(Outcome {
                select,
                ..Outcome::say(message)
            })
        })
    }

    /// Adds to the open document's own annotations what every layer of its review agrees on
    /// (those it has already are left), as one undoable step.
    pub fn take_agreed(&mut self) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let doc = ws.current().clone();
            let names = doc.review_layers();
            let layers: Vec<agreement::Layer> = (names.iter())
                .filter_map(|n| {
                    Some(agreement::Layer {
                        name: n,
                        annotations: doc.review_set(n)?,
                    })
                })
                .collect();
            if layers.len() < 2 {
                return Err(Refusal::Review(
                    "there are no two layers to compare here".into(),
                ));
            }
            let agreed = agreement::agreed(&layers, doc.annotations.text_len());
            let mut set = (*doc.annotations).clone();
            let mut edits = Vec::new();
            let mut ids = std::collections::HashMap::new();
            for a in agreed.iter() {
                let have = set
                    .within(a.span)
                    .find(|o| o.span == a.span && o.label == a.label);
                let id = match have {
                    Some(o) => o.id,
                    None => {
                        let new = Annotation {
                            id: AnnotationId(set.next_id()),
                            ..a.clone()
                        };
                        if set.check_new(&new, ws.schema.overlaps()).is_err() {
                            continue;
                        }
                        let e = DocEdit::Add {
                            annotation: new.clone(),
                        };
                        e.apply(&mut set).map_err(Refusal::Annotation)?;
                        edits.push(e);
                        new.id
                    }
                };
                ids.insert(a.id, id);
            }
            for r in agreed.relations() {
                let (Some(&from), Some(&to)) = (ids.get(&r.from), ids.get(&r.to)) else {
                    continue;
                };
                if set
                    .relations()
                    .iter()
                    .any(|o| o.from == from && o.to == to && o.kind == r.kind)
                {
                    continue;
                }
                let e = DocEdit::Link {
                    relation: Relation {
                        id: RelationId(set.next_relation_id()),
                        from,
                        to,
                        ..r.clone()
                    },
                };
                if e.apply(&mut set).is_ok() {
                    edits.push(e);
                }
            }
            if edits.is_empty() {
                return Err(Refusal::Review(
                    "you have everything the layers agree on already".into(),
                ));
            }
            let n = edits.len();
            ws.commit(|_| Ok(DocEdit::Batch { edits }))?;
            Ok(Outcome::say(format!(
                "Took what {} agree on: {}.",
                and_list(&names),
                count(n, "annotation or relation", "annotations and relations")
            )))
        })
    }

    /// Keeps only the decision at `key` (the reviewer labels it themselves).
    fn decide(&mut self, doc: &Doc, key: &DecisionKey, taken: String) -> Result<Outcome, Refusal> {
        let from = doc.annotations.decisions().get(key).cloned();
        if from.as_ref() == Some(&taken) {
            return Err(Refusal::Unchanged);
        }
        self.commit(|_| {
            Ok(DocEdit::Decide {
                key: key.clone(),
                from,
                to: Some(taken),
            })
        })?;
        let words = doc.document.slice(key.span).unwrap_or_default();
        Ok(Outcome::say(format!(
            "“{words}” is settled by your own labels."
        )))
    }
}

/// `text` cut to its first and last words when it is long ("Sergey Lavrov … Islamabad").
fn shortened(text: &str) -> String {
    const EDGE: usize = 40;
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= 2 * EDGE + 10 {
        return text.to_string();
    }
    let head: String = chars[..EDGE].iter().collect();
    let tail: String = chars[chars.len() - EDGE..].iter().collect();
    format!("{} … {}", head.trim_end(), tail.trim_start())
}

/// The edits that make the own annotations over a span disagreement's extent the chosen
/// layers' version: those the extent covers that the version lacks go (with their relations),
/// and what the version has that they lack comes; the rest are left as they are (their ids
/// and relations too).
fn span_edits(
    doc: &Doc,
    names: &[String],
    d: &Disagreement,
    chosen: &[usize],
    overlaps: crate::annotation::Overlaps,
) -> Result<Vec<DocEdit>, Refusal> {
    let mut wanted: Vec<&Annotation> = Vec::new();
    for &i in chosen {
        let Some(layer) = doc.review_set(&names[i]) else {
            continue;
        };
        for a in d.by_layer[i]
            .iter()
            .filter_map(|id| layer.get(AnnotationId(*id)))
        {
            if !wanted
                .iter()
                .any(|w| w.span == a.span && w.label == a.label)
            {
                wanted.push(a);
            }
        }
    }
    let own = &doc.annotations;
    let gone: Vec<AnnotationId> = (own.within(d.span))
        .filter(|a| d.span.covers(a.span))
        .filter(|a| {
            !wanted
                .iter()
                .any(|w| w.span == a.span && w.label == a.label)
        })
        .map(|a| a.id)
        .collect();
    let mut edits = edit::removals(own, &gone);
    let mut set = (**own).clone();
    for e in &edits {
        e.apply(&mut set).map_err(Refusal::Annotation)?;
    }
    for a in wanted {
        if set.has(a.span, &a.label) {
            continue;
        }
        let new = Annotation {
            id: AnnotationId(set.next_id()),
            ..a.clone()
        };
        set.check_new(&new, overlaps)
            .map_err(|e| Refusal::Review(format!("{e}, so those versions cannot all be taken")))?;
        let e = DocEdit::Add { annotation: new };
        e.apply(&mut set).map_err(Refusal::Annotation)?;
        edits.push(e);
    }
    Ok(edits)
}

/// The edits that make the own annotations have the chosen layers' version of a relation: the
/// relation of that type between the own annotations at its ends (which must be there), or
/// none.
fn relation_edits(
    doc: &Doc,
    names: &[String],
    d: &Disagreement,
    chosen: &[usize],
) -> Result<Vec<DocEdit>, Refusal> {
    let own = &doc.annotations;
    // The relation as some layer has it: its type and its ends' spans and labels.
    let Some((layer, r)) = (names.iter().zip(&d.by_layer)).find_map(|(n, ids)| {
        let set = doc.review_set(n)?;
        Some((set, set.relation(RelationId(*ids.first()?))?))
    }) else {
        return Ok(Vec::new());
    };
    let end = |id: AnnotationId| {
        let a = layer.get(id)?;
        own.within(a.span)
            .find(|o| o.span == a.span && o.label == a.label)
            .map(|o| o.id)
    };
    let present: Vec<&Relation> = match (end(r.from), end(r.to)) {
        (Some(from), Some(to)) => (own.relations().iter())
            .filter(|o| o.from == from && o.to == to && o.kind == r.kind)
            .collect(),
        _ => Vec::new(),
    };
    let want = chosen.iter().any(|i| !d.by_layer[*i].is_empty());
    if !want {
        return Ok((present.into_iter().cloned())
            .map(|relation| DocEdit::Unlink { relation })
            .collect());
    }
    if !present.is_empty() {
        return Ok(Vec::new());
    }
    let (Some(from), Some(to)) = (end(r.from), end(r.to)) else {
        return Err(Refusal::Review(
            "your annotations do not have both its ends yet: settle those first".into(),
        ));
    };
    Ok(vec![DocEdit::Link {
        relation: Relation {
            id: RelationId(own.next_relation_id()),
            from,
            to,
            kind: r.kind.clone(),
            note: r.note.clone(),
            created: r.created,
        },
    }])
}
