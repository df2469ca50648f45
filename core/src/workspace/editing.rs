//! Commands on the open document: labeling, relabeling, deleting and resizing annotations,
//! labeling many hits at once, notes, document labels and the "done" mark. Each change is a
//! core edit ([`crate::edit`]) recorded in the document's history with the next sequence
//! number; a new change makes what could be redone in the labels stale, and with it the
//! documents' redo steps (they may use labels only those would bring back).

use super::{Outcome, Refusal, Select, Workspace};
use crate::annotation::{AnnotationError, AnnotationId, AnnotationSet, DocLabels, RelationId};
use crate::edit::{self, DocEdit, Edge, HitStatus};
use crate::prose::{count, plural};
use crate::search::{self, Query};
use crate::selection::Selection;
use crate::span::Span;
use std::rc::Rc;

/// After labeling words, the other unlabeled occurrences of the same words, offered for the
/// same label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    pub label: String,
    pub text: String,
    pub spans: Vec<Span>,
}

/// After labeling words, the annotation whose words' other occurrences may be offered: the
/// offer itself is worked out by [`Workspace::offer`], which the shell calls once the frame
/// showing the label is painted (finding every occurrence in a long article is milliseconds
/// a key press should not wait for).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfferFor {
    pub annotation: AnnotationId,
    pub label: String,
    pub span: Span,
}

/// One search hit as the "label all" dialog lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HitRow {
    pub span: Span,
    pub before: String,
    pub text: String,
    pub after: String,
    /// None: can be labeled; Some(reason): already labeled or refused, shown and not checkable.
    pub blocked: Option<String>,
}

/// Characters of context shown around each hit in the "label all" list.
const CONTEXT_CHARS: u32 = 40;

impl Workspace {
    /// Labels the selection: new words get an annotation, a selected annotation is relabeled.
    pub fn label_selection(
        &mut self,
        selection: Selection,
        label: &str,
    ) -> Result<Outcome, Refusal> {
        match selection {
            Selection::Range(span) => self.label(span, label),
            Selection::Annotation(id) => self.relabel(id, label),
            Selection::None => Err(Refusal::NothingSelected {
                label: label.to_string(),
            }),
        }
    }

    /// Gives `span` the label `label` (relabeling the annotation with exactly that span, if
    /// there is one). A new annotation is selected, and its words' other unlabeled occurrences
    /// are offered.
    pub fn label(&mut self, span: Span, label: &str) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            ws.known(label)?;
            let overlaps = ws.schema.overlaps();
            match ws.commit(|s| edit::label_span(s, span, label, overlaps))? {
                DocEdit::Add { annotation } => Ok(Outcome {
                    offer: Some(OfferFor {
                        annotation: annotation.id,
                        label: annotation.label.clone(),
                        span: annotation.span,
                    }),
                    ..Outcome::select(Select::Annotation(annotation.id))
                }),
                e => Ok(Outcome::select(
                    e.subject().map_or(Select::Keep, Select::Annotation),
                )),
            }
        })
    }

    /// Changes an annotation's label.
    pub fn relabel(&mut self, id: AnnotationId, label: &str) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            ws.known(label)?;
            ws.commit(|s| edit::relabel(s, id, label))?;
            Ok(Outcome::select(Select::Annotation(id)))
        })
    }

    /// Labels the offered occurrences, as one step.
    pub fn accept_offer(&mut self, offer: &Offer) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let n = ws.label_all(&offer.spans, &offer.label)?;
            Ok(Outcome::say(format!(
                "Labeled {n} more “{}” as {}. Ctrl+Z undoes it.",
                offer.text, offer.label
            )))
        })
    }

    /// Labels the chosen search hits, as one step.
    pub fn label_hits(&mut self, spans: &[Span], label: &str) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let n = ws.label_all(spans, label)?;
            Ok(Outcome::say(format!(
                "Labeled {n} hit{} as {label}. Ctrl+Z undoes it in one step.",
                plural(n)
            )))
        })
    }

    /// Removes an annotation.
    pub fn delete_annotation(&mut self, id: AnnotationId) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let links = ws.current().annotations.relations_of(id).count();
            ws.commit(|s| edit::remove(s, id))?;
            let mut outcome = Outcome::select(Select::Nothing);
            if links > 0 {
                outcome.message = Some(format!(
                    "Deleted, with its {} (undo brings {} back).",
                    count(links, "relation", "relations"),
                    if links == 1 { "it" } else { "them" }
                ));
            }
            Ok(outcome)
        })
    }

    /// Links annotation `from` to `to` with a relation of type `kind`, and selects `from`.
    pub fn link(
        &mut self,
        from: AnnotationId,
        to: AnnotationId,
        kind: &str,
    ) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let set = &ws.current().annotations;
            if let (Some(a), Some(b)) = (set.get(from), set.get(to)) {
                if let Some(why) = ws.schema.refuses_link(kind.trim(), &a.label, &b.label) {
                    return Err(Refusal::NotLinked(why));
                }
            }
            ws.commit(|s| edit::link(s, from, to, kind))?;
            Ok(Outcome::select(Select::Annotation(from)))
        })
    }

    /// Sets (or, with `None`, clears) an attribute of an annotation.
    pub fn set_attribute(
        &mut self,
        id: AnnotationId,
        name: &str,
        value: Option<&str>,
    ) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            ws.commit(|s| edit::set_attribute(s, id, name, value))?;
            Ok(Outcome::default())
        })
    }

    /// The attribute whose key is `key`, pressed on annotation `id`: a yes/no attribute turns
    /// on or off, a list steps to its next value (and from the last to none). Says what it
    /// set, or why it cannot (the annotation's label does not have that attribute).
    pub fn step_attribute(&mut self, id: AnnotationId, key: char) -> Result<Outcome, Refusal> {
        let Some(def) = self.schema.attribute_by_key(key).cloned() else {
            return Err(Refusal::Unchanged);
        };
        let Some(a) = self.current().annotations.get(id).cloned() else {
            return Err(Refusal::Unchanged);
        };
        if !def.applies_to(&a.label) {
            return Err(Refusal::NoAttribute(format!(
                "{} annotations do not have the attribute {} (only {} do; see Labels).",
                a.label,
                def.name,
                def.labels.join(", ")
            )));
        }
        let next = def.next(a.attributes.get(&def.name).map(String::as_str));
        let said = match (&next, def.is_flag()) {
            (Some(_), true) => format!("{} set on {}.", def.name, a.label),
            (None, true) => format!("{} taken off {}.", def.name, a.label),
            (Some(v), false) => format!("{}: {v}.", def.name),
            (None, false) => format!("{} cleared.", def.name),
        };
        let mut outcome = self.set_attribute(id, &def.name, next.as_deref())?;
        outcome.message = Some(said);
        Ok(outcome)
    }

    /// Sets (or, with an empty text, clears) a relation's note.
    pub fn set_relation_note(&mut self, id: RelationId, text: &str) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            ws.commit(|s| edit::set_relation_note(s, id, text))?;
            Ok(Outcome::default())
        })
    }

    /// Takes a relation away.
    pub fn unlink(&mut self, id: RelationId) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            ws.commit(|s| edit::unlink(s, id))?;
            Ok(Outcome::default())
        })
    }

    /// Grows or shrinks an annotation by one word at one edge.
    pub fn resize(&mut self, id: AnnotationId, edge: Edge, grow: bool) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let doc = ws.current().document.clone();
            let overlaps = ws.schema.overlaps();
            match ws.commit(|s| edit::resize(s, doc.tokens(), id, edge, grow, overlaps)) {
                Ok(_) => Ok(Outcome::default()),
                Err(Refusal::Unchanged) => Err(Refusal::NoFurther),
                Err(r) => Err(r),
            }
        })
    }

    /// Sets (or, with an empty text, clears) an annotation's note.
    pub fn set_note(&mut self, id: AnnotationId, text: &str) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            ws.commit(|s| edit::set_note(s, id, text))?;
            Ok(Outcome::default())
        })
    }

    /// Marks the open document done, or not done any more.
    pub fn toggle_done(&mut self) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let done = !ws.current().annotations.done();
            ws.commit(|s| edit::set_done(s, done))?;
            let title = ws.current().title();
            Ok(Outcome::say(if done {
                format!("Marked “{title}” done. ] opens the next document.")
            } else {
                format!("“{title}” is no longer marked done.")
            }))
        })
    }

    /// Chooses (or takes back) a document label: in a one-value set it replaces the value
    /// chosen before, in a several-values set it joins them.
    pub fn toggle_doc_label(&mut self, set_name: &str, value: &str) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let multiple = match ws.schema.doc_sets().iter().find(|s| s.name == set_name) {
                Some(set) => set.multiple,
                None => return Err(Refusal::Unchanged),
            };
            let mut labels: DocLabels = ws.current().annotations.doc_labels().clone();
            let values = labels.entry(set_name.to_string()).or_default();
            if !values.remove(value) {
                if !multiple {
                    values.clear();
                }
                values.insert(value.to_string());
            }
            labels.retain(|_, v| !v.is_empty());
            ws.commit(|s| edit::set_doc_labels(s, labels))?;
            Ok(Outcome::default())
        })
    }

    /// Every hit with what labeling it `label` would do, for the "label all" dialog.
    pub fn label_all_rows(&self, hits: &[Span], label: &str) -> Vec<HitRow> {
        let doc = self.current();
        let plan = edit::plan_label_all(&doc.annotations, hits, label, self.schema.overlaps());
        hits.iter()
            .zip(plan)
            .map(|(hit, status)| {
                let (before, text, after) = search::context(&doc.document, *hit, CONTEXT_CHARS);
                let blocked = match status {
                    HitStatus::New => None,
                    HitStatus::AlreadyLabeled => Some(format!("already {label}")),
                    HitStatus::Refused(AnnotationError::Overlaps { label, .. }) => {
                        Some(format!("overlaps a {label} annotation"))
                    }
                    HitStatus::Refused(e) => Some(e.to_string()),
                };
                HitRow {
                    span: *hit,
                    before,
                    text,
                    after,
                    blocked,
                }
            })
            .collect()
    }

    /// Runs a command on the open document and records it; returns the edit.
    pub(super) fn commit(
        &mut self,
        command: impl FnOnce(&AnnotationSet) -> Result<DocEdit, AnnotationError>,
    ) -> Result<DocEdit, Refusal> {
        let doc = self.current().clone();
        let mut set = (*doc.annotations).clone();
        let now = self.now.0;
        let e = set
            .run(|s| command(s).map(|e| e.stamped(now)))
            .map_err(|e| match e {
                AnnotationError::Unchanged => Refusal::Unchanged,
                AnnotationError::Overlaps { id, label } => Refusal::Overlaps {
                    words: doc
                        .annotations
                        .get(id)
                        .and_then(|a| doc.document.slice(a.span))
                        .unwrap_or_default()
                        .to_string(),
                    label,
                },
                e => Refusal::Annotation(e),
            })?;
        let seq = self.next_seq();
        let mut history = (*doc.history).clone();
        history.record(seq, e.clone());
        if self.schema_history.can_redo() {
            let mut labels = (*self.schema_history).clone();
            labels.clear_redo();
            self.schema_history = Rc::new(labels);
            self.clear_documents_redo();
        }
        self.replace_current(set, history);
        Ok(e)
    }

    /// Labels every span it can of `spans`, as one step; how many it labeled.
    fn label_all(&mut self, spans: &[Span], label: &str) -> Result<usize, Refusal> {
        self.known(label)?;
        let overlaps = self.schema.overlaps();
        let made = self.commit(|s| {
            edit::label_all(s, spans, label, overlaps).ok_or(AnnotationError::Unchanged)
        })?;
        Ok(match made {
            DocEdit::Batch { edits } => edits.len(),
            _ => 1,
        })
    }

    /// Refuses a label the schema does not have (another tab may just have deleted it).
    fn known(&self, label: &str) -> Result<(), Refusal> {
        match self.schema.get(label) {
            Some(_) => Ok(()),
            None => Err(Refusal::NoSuchLabel {
                label: label.to_string(),
            }),
        }
    }

    /// The other unlabeled occurrences of the words `of` labeled, whole words and the same
    /// case, that could take its label; none when that annotation is no longer in the open
    /// document as it was made (deleted, relabeled, resized, or another document opened).
    pub fn offer(&self, of: &OfferFor) -> Option<Offer> {
        let doc = self.current();
        let still = doc.annotations.get(of.annotation)?;
        if still.label != of.label || still.span != of.span {
            return None;
        }
        let (label, span) = (of.label.as_str(), of.span);
        let text = doc.document.slice(span).unwrap_or_default().to_string();
        let q = Query {
            text: text.clone(),
            case_sensitive: true,
            whole_word: true,
            regex: false,
        };
        let hits: Vec<_> = search::find(&doc.document, &q)
            .unwrap_or_default()
            .into_iter()
            .filter(|h| *h != span)
            .collect();
        let plan = edit::plan_label_all(&doc.annotations, &hits, label, self.schema.overlaps());
        let spans: Vec<_> = hits
            .into_iter()
            .zip(plan)
            .filter(|(_, p)| *p == HitStatus::New)
            .map(|(h, _)| h)
            .collect();
        (!spans.is_empty()).then(|| Offer {
            label: label.to_string(),
            text,
            spans,
        })
    }

    /// Forgets every document's redo steps.
    pub(super) fn clear_documents_redo(&mut self) {
        if !self.docs.iter().any(|d| d.history.can_redo()) {
            return;
        }
        let docs = self
            .docs
            .iter()
            .map(|d| {
                if d.history.can_redo() {
                    let mut h = (*d.history).clone();
                    h.clear_redo();
                    super::Doc {
                        history: Rc::new(h),
                        ..d.clone()
                    }
                } else {
                    d.clone()
                }
            })
            .collect();
        self.docs = Rc::new(docs);
    }

    /// Puts new annotations and history in place of the open document's.
    pub(super) fn replace_current(
        &mut self,
        set: AnnotationSet,
        history: crate::history::History<DocEdit>,
    ) {
        let doc = self.current().clone();
        self.set_doc(
            self.current,
            super::Doc {
                annotations: Rc::new(set),
                history: Rc::new(history),
                ..doc
            },
        );
    }
}
