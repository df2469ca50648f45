//! Labeling, deleting, resizing, notes, document labels, schema changes, and undo and redo
//! of all of them. Every change is a core edit recorded in a history with the next sequence
//! number, so undo takes back the latest change whether it was to the document or the schema.

use super::{AppState, Entry, Notice, Offer, Selection};
use crate::components::schema_editor::SchemaChange;
use postil_core::edit::{self, DocEdit, Edge, HitStatus};
use postil_core::history::History;
use postil_core::schema_edit::{self, SchemaEdit};
use postil_core::search::{self, Query};
use postil_core::{AnnotationError, AnnotationId, AnnotationSet, DocLabels, LabelSchema};
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
                self.set_entry(
                    self.current,
                    Entry {
                        annotations: Rc::new(set),
                        history: Rc::new(history),
                        ..entry
                    },
                );
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

    /// Applies a schema change to the schema and every document it reaches, and records it.
    pub(super) fn change_schema(&mut self, change: SchemaChange) {
        let docs: Vec<(&str, &AnnotationSet)> = self
            .entries
            .iter()
            .map(|e| (e.id(), &*e.annotations))
            .collect();
        let e = schema_edit::change(&self.schema, change.to, &change.renames, &docs);
        if e.from == e.to && e.docs.is_empty() {
            return;
        }
        let removed = e.removed_count();
        if let Err(err) = self.apply_schema_edit(&e) {
            self.notice = Some(Notice::error(format!(
                "The labels were not changed: {err}."
            )));
            return;
        }
        self.record_schema_edit(e);
        let removed = if removed > 0 {
            format!(" {removed} annotation{} removed.", super::plural(removed))
        } else {
            String::new()
        };
        self.notice = Some(Notice::info(format!(
            "{}.{removed} Ctrl+Z undoes it.",
            change.summary
        )));
    }

    /// Records a schema change that has been applied. It makes every redo stale, the
    /// documents' included (their steps may name labels that changed).
    pub(super) fn record_schema_edit(&mut self, e: SchemaEdit) {
        self.seq += 1;
        let mut history = (*self.schema_history).clone();
        history.record(self.seq, e);
        self.schema_history = Rc::new(history);
        self.clear_documents_redo();
    }

    /// Forgets every document's redo steps.
    fn clear_documents_redo(&mut self) {
        if !self.entries.iter().any(|x| x.history.can_redo()) {
            return;
        }
        let entries: Vec<Entry> = self
            .entries
            .iter()
            .map(|x| {
                if x.history.can_redo() {
                    let mut h = (*x.history).clone();
                    h.clear_redo();
                    Entry {
                        history: Rc::new(h),
                        ..x.clone()
                    }
                } else {
                    x.clone()
                }
            })
            .collect();
        self.entries = Rc::new(entries);
    }

    /// Sets the schema to `e.to` and applies its document edits, all or nothing. Refused when
    /// an annotation would be left with a label the schema no longer has.
    fn apply_schema_edit(&mut self, e: &SchemaEdit) -> Result<(), String> {
        let mut entries = (*self.entries).clone();
        for (id, doc_edit) in &e.docs {
            if let Some(entry) = entries.iter_mut().find(|x| x.id() == id) {
                let mut set = (*entry.annotations).clone();
                doc_edit.apply(&mut set).map_err(|err| err.to_string())?;
                entry.annotations = Rc::new(set);
            }
        }
        let orphan = entries.iter().find_map(|x| {
            x.annotations
                .iter()
                .find(|a| e.to.get(&a.label).is_none() && self.schema.get(&a.label).is_some())
                .map(|a| (x, a))
        });
        if let Some((x, a)) = orphan {
            let words = x.view.doc.slice(a.span).unwrap_or_default();
            return Err(format!(
                "“{words}” in “{}” still uses the label {}; remove or relabel it first",
                x.view.doc.title(),
                a.label
            ));
        }
        self.entries = Rc::new(entries);
        self.schema = Rc::new(e.to.clone());
        if matches!(self.selection, Selection::Annotation(_))
            && self.selected_annotation().is_none()
        {
            self.clear_selection();
        }
        Ok(())
    }

    /// Reads a shared schema file: it replaces the labels, but labels in use that it lacks
    /// are kept, so importing a colleague's schema never deletes work.
    pub(super) fn import_schema(&mut self, file_name: &str, text: &str) {
        let imported = match postil_core::schema_file::import(text) {
            Ok(s) => s,
            Err(e) => {
                self.notice = Some(Notice::error(format!(
                    "Nothing was imported from “{file_name}”: {e}. Your labels are unchanged."
                )));
                return;
            }
        };
        let mut merged = imported.clone();
        let in_use: Vec<_> = self
            .schema
            .labels()
            .iter()
            .filter(|l| {
                imported.get(&l.name).is_none()
                    && self
                        .entries
                        .iter()
                        .any(|e| e.annotations.iter().any(|a| a.label == l.name))
            })
            .cloned()
            .collect();
        // They come from a valid schema, so they form one; `merge` gives them free keys.
        if let Ok(kept) = LabelSchema::new(in_use.clone()) {
            merged.merge(&kept);
        }
        let mut summary = format!("Imported the labels of “{file_name}”");
        if !in_use.is_empty() {
            let names: Vec<_> = in_use.iter().map(|l| l.name.as_str()).collect();
            summary.push_str(&format!(
                " (kept {}, which your annotations use)",
                names.join(", ")
            ));
        }
        self.change_schema(SchemaChange {
            to: merged,
            renames: Vec::new(),
            summary,
        });
    }

    pub(super) fn undo(&mut self) {
        self.step_history(true);
    }

    pub(super) fn redo(&mut self) {
        self.step_history(false);
    }

    /// Undo takes back the latest change (the largest sequence number), redo makes again the
    /// earliest one undone (the smallest), whether it was to the document or to the labels.
    fn step_history(&mut self, undo: bool) {
        let (doc, schema) = if undo {
            (
                self.entry().history.undo_seq(),
                self.schema_history.undo_seq(),
            )
        } else {
            (
                self.entry().history.redo_seq(),
                self.schema_history.redo_seq(),
            )
        };
        let schema_first = match (schema, doc) {
            (Some(s), Some(d)) => (s > d) == undo,
            (Some(_), None) => true,
            _ => false,
        };
        let verb = if undo { "undo" } else { "redo" };
        if schema_first {
            self.step_schema_history(undo);
        } else if doc.is_some() {
            self.step_doc_history(undo);
        } else {
            self.notice = Some(Notice::info(format!("Nothing to {verb} in this document.")));
        }
    }

    /// Undoes (or redoes) one step of the labels' history.
    fn step_schema_history(&mut self, undo: bool) {
        let mut history = (*self.schema_history).clone();
        let seq = if undo {
            history.undo_seq()
        } else {
            history.redo_seq()
        };
        let Some(e) = (if undo { history.undo() } else { history.redo() }) else {
            return;
        };
        // The label change reached into documents; a document edited since then would have
        // those later edits overwritten, so it must be undone there first.
        let newer = e.docs.iter().find_map(|(id, _)| {
            self.entries
                .iter()
                .find(|x| x.id() == id && x.history.undo_seq() > seq)
        });
        if let Some(x) = newer {
            let verb = if undo { "undo" } else { "redo" };
            self.notice = Some(Notice::error(format!(
                "Could not {verb} the change to the labels: “{}” was edited after it. Undo those edits in that document first.",
                x.view.doc.title()
            )));
            return;
        }
        let forward = if undo { e.inverse() } else { e };
        match self.apply_schema_edit(&forward) {
            Ok(()) => {
                self.schema_history = Rc::new(history);
                let done = if undo { "Undid" } else { "Redid" };
                self.notice = Some(Notice::info(format!(
                    "{done} the last change to the labels."
                )));
            }
            Err(err) => {
                let verb = if undo { "undo" } else { "redo" };
                self.notice = Some(Notice::error(format!("Could not {verb}: {err}.")));
            }
        }
    }

    /// Undoes (or redoes) one step of the open document's history.
    fn step_doc_history(&mut self, undo: bool) {
        let entry = self.entry().clone();
        let mut history: History<DocEdit> = (*entry.history).clone();
        let Some(e) = (if undo { history.undo() } else { history.redo() }) else {
            return;
        };
        let forward = if undo { e.inverse() } else { e.clone() };
        let mut set = (*entry.annotations).clone();
        let applied = forward
            .apply(&mut set)
            .map_err(|e| e.to_string())
            .and_then(|()| {
                // Never bring back an annotation whose label the labels no longer have.
                let orphan = set.iter().find(|a| {
                    self.schema.get(&a.label).is_none()
                        && entry
                            .annotations
                            .get(a.id)
                            .is_none_or(|b| b.label != a.label)
                });
                match orphan {
                    Some(a) => Err(format!(
                        "it uses the label {}, which is no longer among the labels",
                        a.label
                    )),
                    None => Ok(()),
                }
            });
        if let Err(err) = applied {
            self.notice = Some(Notice::error(format!(
                "Could not {}: {err}.",
                if undo { "undo" } else { "redo" }
            )));
            return;
        }
        self.set_entry(
            self.current,
            Entry {
                annotations: Rc::new(set),
                history: Rc::new(history),
                ..entry
            },
        );
        self.offer = None;
        self.notice = None;
        match forward
            .subject()
            .filter(|id| self.entry().annotations.get(*id).is_some())
        {
            Some(id) => self.select_annotation(id),
            None => self.clear_selection(),
        }
    }
}
