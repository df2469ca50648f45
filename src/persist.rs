//! Loading the workspace at start and saving what changed after each render.
//!
//! The saver remembers the `Rc` of every value it last wrote and writes only those whose
//! pointer changed, so one label edit writes one small `ann/<id>` value. Values that could not
//! be read at start are first copied to a backup key; if even that copy fails, the saver
//! never writes over them (the user is told), so unreadable data is never replaced by less.

use crate::platform::dom::now_ms;
use crate::platform::storage::{Storage, StorageError};
use crate::state::{AppState, Notice};
use crate::view::DocView;
use postil_core::store;
use postil_core::{AnnotationSet, LabelSchema};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// What was written last, by key.
#[derive(Default)]
pub struct Saver {
    schema: Option<Rc<LabelSchema>>,
    index: Option<String>,
    docs: HashMap<String, Rc<DocView>>,
    annotations: HashMap<String, Rc<AnnotationSet>>,
    /// Keys holding data that could not be read nor backed up: never written.
    protected: HashSet<String>,
}

/// The state to start with, the saver that knows what storage holds, and notices for the user.
pub struct Started {
    pub state: AppState,
    pub saver: Saver,
}

/// Loads the workspace from storage, backing up whatever cannot be read.
pub fn start(storage: &Storage) -> Started {
    let keys = storage.keys(store::PREFIX);
    let loaded = store::load(&keys, |k| storage.get(k));
    let mut state = AppState::from_workspace(loaded.workspace);
    let mut saver = Saver::default();

    let mut details = Vec::new();
    for bad in &loaded.corrupt {
        let raw = storage.get(&bad.key).unwrap_or_default();
        let backup = store::backup_key(&bad.key, now_ms());
        match storage.set(&backup, &raw) {
            Ok(()) => details.push(format!(
                "{}: {} (a copy is kept under “{backup}”).",
                bad.key, bad.reason
            )),
            Err(_) => {
                saver.protected.insert(bad.key.clone());
                details.push(format!(
                    "{}: {} (it could not be copied to a backup, so Postil will not write over it).",
                    bad.key, bad.reason
                ));
            }
        }
    }
    if !details.is_empty() {
        let mut notice = Notice::error(
            "Some saved work could not be read. Everything else is loaded; what could not be read is kept, not overwritten.",
        );
        notice.details = details;
        state.notice = Some(notice);
    }
    if storage.is_blocked() {
        state.storage_warning = Some(StorageError::Blocked.warning());
    }
    if !loaded.first_start {
        // What was loaded is what storage holds: nothing to write until it changes. Values
        // that failed to load are marked as saved too, so they are only replaced (after their
        // backup) when the user changes that document.
        saver.remember(&state);
    }
    Started { state, saver }
}

impl Saver {
    fn remember(&mut self, state: &AppState) {
        self.schema = Some(state.schema.clone());
        self.index = Some(index_of(state));
        for e in state.entries.iter() {
            self.docs.insert(e.id().to_string(), e.view.clone());
            self.annotations
                .insert(e.id().to_string(), e.annotations.clone());
        }
    }

    /// Writes every value that changed since the last call. Returns the first failure; later
    /// calls retry whatever did not get written.
    pub fn save(&mut self, storage: &Storage, state: &AppState) -> Result<(), StorageError> {
        let mut first_error = None;
        let mut write =
            |protected: &HashSet<String>, key: &str, value: &dyn Fn() -> String| -> bool {
                if protected.contains(key) {
                    first_error.get_or_insert(StorageError::WontOverwrite(key.to_string()));
                    return false;
                }
                match storage.set(key, &value()) {
                    Ok(()) => true,
                    Err(e) => {
                        first_error.get_or_insert(e);
                        false
                    }
                }
            };

        // Document texts first: an index naming a document whose text is missing is harmless
        // (it is skipped on load), but the text must be there before its annotations matter.
        for e in state.entries.iter() {
            let id = e.id();
            if !self.docs.get(id).is_some_and(|v| Rc::ptr_eq(v, &e.view))
                && write(&self.protected, &store::doc_key(id), &|| {
                    store::document_json(&e.view.doc)
                })
            {
                self.docs.insert(id.to_string(), e.view.clone());
            }
            if !self
                .annotations
                .get(id)
                .is_some_and(|a| Rc::ptr_eq(a, &e.annotations))
                && write(&self.protected, &store::annotations_key(id), &|| {
                    store::annotations_json(&e.annotations)
                })
            {
                self.annotations
                    .insert(id.to_string(), e.annotations.clone());
            }
        }
        if !self
            .schema
            .as_ref()
            .is_some_and(|s| Rc::ptr_eq(s, &state.schema))
            && write(&self.protected, store::SCHEMA_KEY, &|| {
                store::schema_json(&state.schema)
            })
        {
            self.schema = Some(state.schema.clone());
        }
        let index = index_of(state);
        if self.index.as_deref() != Some(index.as_str())
            && write(&self.protected, store::INDEX_KEY, &|| index.clone())
        {
            self.index = Some(index);
        }
        first_error.map_or(Ok(()), Err)
    }
}

fn index_of(state: &AppState) -> String {
    let ids: Vec<&str> = state.entries.iter().map(|e| e.id()).collect();
    store::index_json(&ids, state.entry().id())
}
