//! Changes another tab made to storage (the browser's `storage` event), taken into this tab
//! so that two tabs on the same work do not overwrite each other: the other tab's value
//! replaces this tab's for the key it wrote. Taking a value in never writes it back (an equal
//! value is not a change), so the tabs do not echo each other.

use super::{AppState, Entry, Selection};
use postil_core::edit::DocEdit;
use postil_core::schema_edit::SchemaEdit;
use postil_core::store::{self, KeyKind};
use std::rc::Rc;

impl AppState {
    pub(super) fn external_change(&mut self, key: &str, value: Option<&str>) {
        let Some(raw) = value else {
            // Annotations are removed only when their document is deleted.
            if let KeyKind::Annotations(id) = store::key_kind(key) {
                self.drop_document(id);
            }
            return;
        };
        match store::key_kind(key) {
            KeyKind::Annotations(id) => {
                let Some(i) = self.entries.iter().position(|e| e.id() == id) else {
                    return;
                };
                let entry = self.entries[i].clone();
                let Ok(set) = store::parse_annotations(raw, &entry.view.doc) else {
                    return;
                };
                if set != *entry.annotations {
                    self.set_entry(
                        i,
                        Entry {
                            annotations: Rc::new(set),
                            ..entry
                        },
                    );
                    if self
                        .note_editor
                        .is_some_and(|id| self.entries[i].annotations.get(id).is_none())
                    {
                        self.note_editor = None;
                    }
                    if i == self.current {
                        if matches!(self.selection, Selection::Annotation(_))
                            && self.selected_annotation().is_none()
                        {
                            self.clear_selection();
                        }
                        self.offer = None;
                        self.refresh_search();
                    }
                }
            }
            KeyKind::History(id) => {
                let Some(i) = self.entries.iter().position(|e| e.id() == id) else {
                    return;
                };
                let entry = self.entries[i].clone();
                if let Ok(history) = store::parse_history::<DocEdit>(raw) {
                    self.seq = self.seq.max(history.max_seq());
                    if history != *entry.history {
                        self.set_entry(
                            i,
                            Entry {
                                history: Rc::new(history),
                                ..entry
                            },
                        );
                    }
                }
            }
            KeyKind::Schema => {
                if let Ok(schema) = store::parse_schema(raw) {
                    if schema != *self.schema {
                        self.schema = Rc::new(schema);
                    }
                }
            }
            KeyKind::SchemaHistory => {
                if let Ok(history) = store::parse_history::<SchemaEdit>(raw) {
                    self.seq = self.seq.max(history.max_seq());
                    if history != *self.schema_history {
                        self.schema_history = Rc::new(history);
                    }
                }
            }
            // New documents are read asynchronously (their texts are in IndexedDB): see
            // `crate::tabs`.
            KeyKind::Index | KeyKind::Document(_) | KeyKind::TextsWritten => {}
            KeyKind::Other => {}
        }
    }
}
