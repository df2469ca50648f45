//! Undo and redo across the open document's history, the labels' history and the documents
//! deleted this session: undo takes back whichever change was made last (the largest sequence
//! number), redo makes again the earliest one undone (the smallest). A step that would
//! overwrite later work, or bring back a label the schema no longer has, is refused.

use super::{Outcome, Refusal, Select, Verb, Workspace};
use crate::edit::DocEdit;
use crate::history::History;
use std::rc::Rc;

/// Which history the next undo or redo steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Bring back the document deleted last (undo only: deleting is not redone, the
    /// document's row has a Delete button for that).
    Restore,
    Schema,
    Document,
    Nothing,
}

impl Workspace {
    pub fn undo(&mut self) -> Result<Outcome, Refusal> {
        self.attempt(|ws| ws.step(Verb::Undo))
    }

    pub fn redo(&mut self) -> Result<Outcome, Refusal> {
        self.attempt(|ws| ws.step(Verb::Redo))
    }

    /// Which history the next undo (or redo) takes its step from.
    pub fn next_step(&self, verb: Verb) -> Step {
        let undo = verb == Verb::Undo;
        let doc_history = &self.current().history;
        let (doc, schema) = if undo {
            (doc_history.undo_seq(), self.schema_history.undo_seq())
        } else {
            (doc_history.redo_seq(), self.schema_history.redo_seq())
        };
        if undo && self.trash_seq() > doc.max(schema) {
            return Step::Restore;
        }
        match (schema, doc) {
            (Some(s), Some(d)) if (s > d) == undo => Step::Schema,
            (Some(_), None) => Step::Schema,
            (_, Some(_)) => Step::Document,
            (None, None) => Step::Nothing,
        }
    }

    fn step(&mut self, verb: Verb) -> Result<Outcome, Refusal> {
        match self.next_step(verb) {
            Step::Restore => self.restore_inner(),
            Step::Schema => self.step_schema_history(verb),
            Step::Document => self.step_doc_history(verb),
            Step::Nothing => Err(Refusal::NothingTo { verb }),
        }
    }

    /// The sequence number of the deletion undo would take back. Documents another tab
    /// deleted (sequence 0) come back by Restore, not by Ctrl+Z.
    pub(super) fn trash_seq(&self) -> Option<u64> {
        self.trash.last().map(|d| d.seq).filter(|s| *s > 0)
    }

    /// Undoes (or redoes) one step of the labels' history.
    fn step_schema_history(&mut self, verb: Verb) -> Result<Outcome, Refusal> {
        let undo = verb == Verb::Undo;
        let mut history = (*self.schema_history).clone();
        let seq = if undo {
            history.undo_seq()
        } else {
            history.redo_seq()
        };
        let Some(e) = (if undo { history.undo() } else { history.redo() }) else {
            return Err(Refusal::NothingTo { verb });
        };
        // The label change reached into documents; a document edited since then would have
        // those later edits overwritten, so it must be undone there first.
        let newer = e.docs.iter().find_map(|(id, _)| {
            self.docs
                .iter()
                .find(|d| d.id() == id && d.history.undo_seq() > seq)
        });
        if let Some(d) = newer {
            return Err(Refusal::EditedSince {
                verb,
                title: d.title().to_string(),
            });
        }
        let forward = if undo { e.inverse() } else { e };
        self.apply_schema_edit(&forward)
            .map_err(|b| Refusal::CannotStep {
                verb,
                reason: b.to_string(),
            })?;
        self.schema_history = Rc::new(history);
        Ok(Outcome::say(if undo {
            "Undid the last change to the labels."
        } else {
            "Redid the last change to the labels."
        }))
    }

    /// Undoes (or redoes) one step of the open document's history, and selects what it was
    /// about.
    fn step_doc_history(&mut self, verb: Verb) -> Result<Outcome, Refusal> {
        let undo = verb == Verb::Undo;
        let doc = self.current().clone();
        let mut history: History<DocEdit> = (*doc.history).clone();
        let Some(e) = (if undo { history.undo() } else { history.redo() }) else {
            return Err(Refusal::NothingTo { verb });
        };
        let forward = if undo { e.inverse() } else { e };
        let mut set = (*doc.annotations).clone();
        let cannot = |reason: String| Refusal::CannotStep { verb, reason };
        forward.apply(&mut set).map_err(|e| cannot(e.to_string()))?;
        // Never bring back an annotation whose label the labels no longer have.
        let orphan = set.iter().find(|a| {
            self.schema.get(&a.label).is_none()
                && doc.annotations.get(a.id).is_none_or(|b| b.label != a.label)
        });
        if let Some(a) = orphan {
            return Err(cannot(format!(
                "it uses the label {}, which is no longer among the labels",
                a.label
            )));
        }
        let select = match forward.subject().filter(|id| set.get(*id).is_some()) {
            Some(id) => Select::Annotation(id),
            None => Select::Nothing,
        };
        self.replace_current(set, history);
        Ok(Outcome::select(select))
    }
}
