//! Undo and redo stacks of edits, bounded in length.
//!
//! Each entry carries a sequence number from one counter shared by every history in the
//! workspace, so that when several histories apply (a document's and the schema's), undo takes
//! whichever change was made last.

use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// How many steps a history keeps.
pub const LIMIT: usize = 200;

/// An edit and when it was made. The edit is shared, so copying a history (as the app does
/// on every change) copies pointers, not "label all" steps of thousands of annotations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry<E> {
    pub seq: u64,
    pub edit: Rc<E>,
}

/// Undo and redo stacks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct History<E> {
    undo: Vec<Entry<E>>,
    redo: Vec<Entry<E>>,
}

impl<E> Default for History<E> {
    fn default() -> Self {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }
}

impl<E: Clone> History<E> {
    /// Records a new change; what could be redone is forgotten, and the oldest step goes when
    /// the history is full.
    pub fn record(&mut self, seq: u64, edit: E) {
        self.redo.clear();
        self.undo.push(Entry {
            seq,
            edit: Rc::new(edit),
        });
        if self.undo.len() > LIMIT {
            self.undo.remove(0);
        }
    }

    /// Forgets what could be redone (a new change elsewhere makes it stale).
    pub fn clear_redo(&mut self) {
        self.redo.clear();
    }

    /// The sequence number of the change undo would take back.
    pub fn undo_seq(&self) -> Option<u64> {
        self.undo.last().map(|e| e.seq)
    }

    /// The sequence number of the change redo would make again.
    pub fn redo_seq(&self) -> Option<u64> {
        self.redo.last().map(|e| e.seq)
    }

    /// Takes the last change off the undo stack onto the redo stack and returns it.
    pub fn undo(&mut self) -> Option<E> {
        let entry = self.undo.pop()?;
        let edit = (*entry.edit).clone();
        self.redo.push(entry);
        Some(edit)
    }

    /// Takes the last undone change back onto the undo stack and returns it.
    pub fn redo(&mut self) -> Option<E> {
        let entry = self.redo.pop()?;
        let edit = (*entry.edit).clone();
        self.undo.push(entry);
        Some(edit)
    }

    /// Puts back what `undo` took, when applying its inverse failed.
    pub fn cancel_undo(&mut self) {
        if let Some(e) = self.redo.pop() {
            self.undo.push(e);
        }
    }

    /// Puts back what `redo` took, when applying it failed.
    pub fn cancel_redo(&mut self) {
        if let Some(e) = self.undo.pop() {
            self.redo.push(e);
        }
    }

    /// Drops the step farthest from now and returns it: the oldest undo step, or, with none
    /// left, the last redo step (dropping the next redo step instead would make the later ones
    /// replay on the wrong state). `None` when nothing is left.
    pub fn forget_oldest(&mut self) -> Option<Entry<E>> {
        if !self.undo.is_empty() {
            Some(self.undo.remove(0))
        } else if !self.redo.is_empty() {
            // The bottom of the redo stack is the change that would be redone last.
            Some(self.redo.remove(0))
        } else {
            None
        }
    }

    /// The largest sequence number in this history.
    pub fn max_seq(&self) -> u64 {
        self.undo
            .iter()
            .chain(&self.redo)
            .map(|e| e.seq)
            .max()
            .unwrap_or(0)
    }

    /// The history of a value two tabs changed from the same `base`: if only one side
    /// changed it, that side's; otherwise every undo step of either side, in order of their
    /// sequence numbers (the newest [`LIMIT`]), with `fix` applied to the steps only `ours`
    /// has (the merge may have given its annotations other ids), and the redo steps of the
    /// side that changed them (theirs when both did).
    pub fn merge3(base: &Self, ours: &Self, theirs: &Self, fix: impl Fn(&E) -> E) -> Self
    where
        E: PartialEq,
    {
        if ours == base {
            return theirs.clone();
        }
        if theirs == base || ours == theirs {
            return ours.clone();
        }
        let mut undo = theirs.undo.clone();
        for e in &ours.undo {
            if !base.undo.contains(e) && !theirs.undo.contains(e) {
                undo.push(Entry {
                    seq: e.seq,
                    edit: Rc::new(fix(&e.edit)),
                });
            }
        }
        undo.sort_by_key(|e| e.seq);
        let excess = undo.len().saturating_sub(LIMIT);
        undo.drain(..excess);
        let redo = if ours.redo != base.redo && theirs.redo == base.redo {
            ours.redo.clone()
        } else {
            theirs.redo.clone()
        };
        History { undo, redo }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_redo_and_record_clears_redo() {
        let mut h = History::default();
        h.record(1, "a");
        h.record(2, "b");
        assert_eq!(h.undo(), Some("b"));
        assert_eq!(h.redo_seq(), Some(2));
        assert_eq!(h.redo(), Some("b"));
        assert_eq!(h.undo(), Some("b"));
        h.record(3, "c");
        assert_eq!(h.redo(), None, "a new change forgets the undone one");
        assert_eq!(h.undo(), Some("c"));
        assert_eq!(h.undo(), Some("a"));
        assert_eq!(h.undo(), None);
        assert_eq!(h.max_seq(), 3);
    }

    #[test]
    fn bounded_length() {
        let mut h = History::default();
        for i in 0..(LIMIT as u64 + 50) {
            h.record(i, i);
        }
        let mut n = 0;
        while h.undo().is_some() {
            n += 1;
        }
        assert_eq!(n, LIMIT);
    }

    #[test]
    fn cancel_puts_entries_back() {
        let mut h = History::default();
        h.record(1, "a");
        h.undo();
        h.cancel_undo();
        assert_eq!(h.undo_seq(), Some(1));
        assert!(!h.can_redo());
        h.undo();
        h.redo();
        h.cancel_redo();
        assert_eq!(h.redo_seq(), Some(1));
    }
}
