//! Labeling, deleting, resizing, notes, document labels and "done" on the open document.
//! Every change is a core edit recorded in the document's history with the next sequence
//! number (see `undo` for taking it back, `labels` for changes to the schema).

use super::{AppState, Entry, Notice, Offer, Selection};
use postil_core::edit::{self, DocEdit, Edge, HitStatus};
use postil_core::history::History;
use postil_core::search::{self, Query};
use postil_core::{AnnotationError, AnnotationId, AnnotationSet, DocLabels};
use std::rc::Rc;

impl AppState {
    /// Runs a command on the open document and records it. Returns the edit, or tells the
    /// user why nothing changed.
    pub(super) fn commit(
        &mut self,
        command: impl FnOnce(&AnnotationSet) -> Result<DocEdit, AnnotationError>,
    ) -> Option<DocEdit> {
        let entry = self.entry().clone();
        let mut set = (*entry.annotations).clone();
        match set.run(command) {
            Ok(e) => {
                self.seq += 1;
                let mut history = (*entry.history).clone();
                history.record(self.seq, e.clone());
                // A new change makes what could be redone in the labels stale, and with it
                // the documents' redo steps that may use labels only those would bring back.
                if self.schema_history.can_redo() {
                    let mut labels = (*self.schema_history).clone();
                    labels.clear_redo();
                    self.schema_history = Rc::new(labels);
                    self.clear_documents_redo();
                }
                self.replace_current(set, history);
                self.notice = None;
                Some(e)
            }
            Err(AnnotationError::Unchanged) => None,
            Err(AnnotationError::Overlaps { id, label }) => {
                let words = entry
                    .annotations
                    .get(id)
                    .and_then(|a| entry.view.doc.slice(a.span))
                    .unwrap_or_default();
                self.notice = Some(Notice::error(format!(
                    "Not labeled: the words overlap “{words}” ({label}), and this schema does not allow overlapping spans (see Labels)."
                )));
                None
            }
            Err(e) => {
                self.notice = Some(Notice::error(format!("Not changed: {e}.")));
                None
            }
        }
    }

    pub(super) fn apply_label(&mut self, label: &str) {
        let overlaps = self.schema.overlaps();
        let made = match self.selection {
            Selection::Range(span) => self.commit(|s| edit::label_span(s, span, label, overlaps)),
            Selection::Annotation(id) => self.commit(|s| edit::relabel(s, id, label)),
            Selection::None => {
                self.notice = Some(Notice::info(format!(
                    "Select words first (click a word, drag across several, or use the arrow keys), then press a key to label them {label}."
                )));
                return;
            }
        };
        match made {
            Some(DocEdit::Add { annotation }) => {
                self.offer_more(&annotation.label, annotation.span);
                self.select_annotation(annotation.id);
            }
            Some(DocEdit::Relabel { id, .. }) => self.select_annotation(id),
            _ => {}
        }
    }

    /// After labeling some words, offers the other unlabeled occurrences of the same words.
    fn offer_more(&mut self, label: &str, span: postil_core::Span) {
        let entry = self.entry().clone();
        let doc = &entry.view.doc;
        let text = doc.slice(span).unwrap_or_default().to_string();
        let q = Query {
            text: text.clone(),
            case_sensitive: true,
            whole_word: true,
            regex: false,
        };
        let hits: Vec<_> = search::find(doc, &q)
            .unwrap_or_default()
            .into_iter()
            .filter(|h| *h != span)
            .collect();
        let plan = edit::plan_label_all(&entry.annotations, &hits, label, self.schema.overlaps());
        let spans: Vec<_> = hits
            .into_iter()
            .zip(plan)
            .filter(|(_, p)| *p == HitStatus::New)
            .map(|(h, _)| h)
            .collect();
        self.offer = (!spans.is_empty()).then(|| {
            Rc::new(Offer {
                label: label.to_string(),
                text,
                spans,
            })
        });
    }

    pub(super) fn accept_offer(&mut self) {
        let Some(offer) = self.offer.take() else {
            return;
        };
        let overlaps = self.schema.overlaps();
        let made = self.commit(|s| {
            edit::label_all(s, &offer.spans, &offer.label, overlaps)
                .ok_or(AnnotationError::Unchanged)
        });
        if let Some(DocEdit::Batch { edits }) = made {
            self.notice = Some(Notice::info(format!(
                "Labeled {} more “{}” as {}. Ctrl+Z undoes it.",
                edits.len(),
                offer.text,
                offer.label
            )));
        }
    }

    pub(super) fn delete_selected(&mut self) {
        if let Selection::Annotation(id) = self.selection {
            if self.commit(|s| edit::remove(s, id)).is_some() {
                self.clear_selection();
            }
        }
    }

    pub(super) fn resize(&mut self, edge: Edge, grow: bool) {
        let Selection::Annotation(id) = self.selection else {
            return;
        };
        let view = self.entry().view.clone();
        let overlaps = self.schema.overlaps();
        if self
            .commit(|s| edit::resize(s, view.doc.tokens(), id, edge, grow, overlaps))
            .is_none()
            && self.notice.is_none()
        {
            self.notice = Some(Notice::info(
                "The annotation cannot be resized further that way (it keeps at least one word).",
            ));
        }
    }

    pub(super) fn save_note(&mut self, id: AnnotationId, text: &str) {
        self.note_editor = None;
        self.commit(|s| edit::set_note(s, id, text));
    }

    pub(super) fn toggle_done(&mut self) {
        let done = !self.entry().annotations.done();
        if self.commit(|s| edit::set_done(s, done)).is_some() {
            let title = self.entry().view.doc.title().to_string();
            self.notice = Some(Notice::info(if done {
                format!("Marked “{title}” done. ] opens the next document.")
            } else {
                format!("“{title}” is no longer marked done.")
            }));
        }
    }

    pub(super) fn toggle_doc_label(&mut self, set_name: &str, value: &str) {
        let Some(set) = self.schema.doc_sets().iter().find(|s| s.name == set_name) else {
            return;
        };
        let mut labels: DocLabels = self.entry().annotations.doc_labels().clone();
        let values = labels.entry(set_name.to_string()).or_default();
        if !values.remove(value) {
            if !set.multiple {
                values.clear();
            }
            values.insert(value.to_string());
        }
        labels.retain(|_, v| !v.is_empty());
        self.commit(|s| edit::set_doc_labels(s, labels));
    }

    /// Puts new annotations and history in place of the open document's.
    pub(super) fn replace_current(&mut self, set: AnnotationSet, history: History<DocEdit>) {
        let entry = self.entry().clone();
        self.set_entry(
            self.current,
            Entry {
                annotations: Rc::new(set),
                history: Rc::new(history),
                ..entry
            },
        );
    }
}
