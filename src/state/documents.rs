//! Adding and deleting whole documents. A deleted document is kept in memory for the session
//! (the "trash"), so that Ctrl+Z or Restore brings it back with its annotations and history;
//! its stored values are removed by the saver, as for any document no longer listed.

use super::{describe_counts, AppState, Entry, Notice};
use crate::view::DocView;
use postil_core::slug;
use postil_core::Document;
use std::rc::Rc;

/// A document deleted in this session, and where it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deleted {
    /// The change's sequence number: undo takes it back when it is the latest change.
    pub seq: u64,
    pub index: usize,
    pub entry: Entry,
}

impl AppState {
    /// Asks before deleting the document at `i`.
    pub(super) fn ask_delete(&mut self, i: usize) {
        if i >= self.entries.len() {
            return;
        }
        if self.entries.len() == 1 {
            self.notice = Some(Notice::error(
                "This is the only document, and Postil needs one open: import another before deleting it.",
            ));
            return;
        }
        self.confirm_delete = Some(self.entries[i].id().to_string());
    }

    /// Deletes the document the user confirmed.
    pub(super) fn confirm_delete(&mut self) {
        let Some(id) = self.confirm_delete.take() else {
            return;
        };
        // By id: documents may have come or gone (another tab) while the dialog was open.
        let Some(i) = self.entries.iter().position(|e| e.id() == id) else {
            return;
        };
        if self.entries.len() == 1 {
            return;
        }
        let mut entries = (*self.entries).clone();
        let entry = entries.remove(i);
        let open_id = self.entry().id().to_string();
        self.entries = Rc::new(entries);
        self.seq += 1;
        let title = entry.view.doc.title().to_string();
        let mut trash = (*self.trash).clone();
        trash.push(Deleted {
            seq: self.seq,
            index: i,
            entry,
        });
        self.trash = Rc::new(trash);
        self.reopen(&open_id, i);
        self.notice = Some(Notice::info(format!(
            "Deleted “{title}”. Ctrl+Z (or Restore, in Documents) brings it back until you close this tab."
        )));
    }

    /// Brings back the last deleted document, where it was. If its id was taken meanwhile (an
    /// import, another tab), it comes back under a free one; labels removed meanwhile come back
    /// with it, since its annotations use them.
    pub(super) fn restore_deleted(&mut self) {
        let mut trash = (*self.trash).clone();
        let Some(d) = trash.pop() else {
            return;
        };
        self.trash = Rc::new(trash);
        let mut entry = d.entry;
        if self.entries.iter().any(|e| e.id() == entry.id()) {
            let doc = &entry.view.doc;
            let id = slug::free_id(doc.id(), |c| {
                self.entries.iter().any(|e| e.id() == c)
                    || self.trash.iter().any(|t| t.entry.id() == c)
            });
            let document = Document::new(id, doc.title(), doc.text());
            entry = Entry {
                view: Rc::new(DocView::new(document)),
                ..entry
            };
        }
        let mut schema = (*self.schema).clone();
        for a in entry.annotations.iter() {
            // A name that was valid when the annotation was made stays valid.
            let _ = schema.add_label(&a.label);
        }
        if schema != *self.schema {
            self.schema = Rc::new(schema);
        }
        let title = entry.view.doc.title().to_string();
        let counts = describe_counts(&entry.annotations);
        let mut entries = (*self.entries).clone();
        let at = d.index.min(entries.len());
        entries.insert(at, entry);
        self.entries = Rc::new(entries);
        // Always a switch, also when the restored document takes the open one's place.
        self.current = usize::MAX;
        self.switch_document(at);
        self.notice = Some(Notice::info(format!("Restored “{title}” with {counts}.")));
    }

    /// Adds documents another tab added, after the others (those already here are skipped).
    pub(super) fn documents_arrived(&mut self, found: Vec<Entry>) {
        let mut entries = (*self.entries).clone();
        let before = entries.len();
        for e in found {
            if !entries.iter().any(|x| x.id() == e.id()) {
                self.seq = self.seq.max(e.history.max_seq());
                entries.push(e);
            }
        }
        let added = entries.len() - before;
        if added > 0 {
            self.entries = Rc::new(entries);
            self.notice = Some(Notice::info(format!(
                "Another tab added {added} document{}: see Documents.",
                super::plural(added)
            )));
        }
    }

    /// The sequence number of the deletion undo would take back.
    pub(super) fn trash_seq(&self) -> Option<u64> {
        // Documents another tab deleted (sequence 0) come back by Restore, not by Ctrl+Z.
        self.trash.last().map(|d| d.seq).filter(|s| *s > 0)
    }

    /// Another tab deleted the document `id`: drop it here too (its stored values are gone).
    pub(super) fn drop_document(&mut self, id: &str) {
        let Some(i) = self.entries.iter().position(|e| e.id() == id) else {
            return;
        };
        if self.entries.len() == 1 {
            return;
        }
        let open_id = self.entry().id().to_string();
        let mut entries = (*self.entries).clone();
        let entry = entries.remove(i);
        self.entries = Rc::new(entries);
        if self.confirm_delete.as_deref() == Some(id) {
            self.confirm_delete = None;
        }
        self.reopen(&open_id, i);
        self.notice = Some(Notice::info(format!(
            "Another tab deleted “{}”. Restore (in Documents) brings it back.",
            entry.view.doc.title()
        )));
        // Restorable here too; sequence 0, so that Ctrl+Z takes back this tab's own changes
        // before it.
        let mut trash = (*self.trash).clone();
        trash.push(Deleted {
            seq: 0,
            index: i,
            entry,
        });
        self.trash = Rc::new(trash);
    }

    /// After removing the entry at `removed`: opens the document that was open (now at a new
    /// index), or the one that took the removed one's place.
    fn reopen(&mut self, open_id: &str, removed: usize) {
        match self.entries.iter().position(|e| e.id() == open_id) {
            Some(i) => self.current = i,
            None => {
                self.current = usize::MAX;
                self.switch_document(removed.min(self.entries.len() - 1));
            }
        }
    }
}
