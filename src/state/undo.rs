//! Undo and redo across the open document's history and the labels' history: whichever
//! change was made last (by sequence number) is taken back first.

use super::{AppState, Notice};
use postil_core::edit::DocEdit;
use postil_core::history::History;
use std::rc::Rc;

impl AppState {
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
        // A document deleted after every other change comes back first (deleting is not
        // redone: the document's row has a Delete button for that).
        if undo && self.trash_seq() > doc.max(schema) {
            self.restore_deleted();
            return;
        }
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
        self.replace_current(set, history);
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
