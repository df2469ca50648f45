//! Saving the workspace: which values changed since they were last written, and writing them
//! through a [`KeyValue`] store (the app's localStorage adapter; a map in tests).
//!
//! The saver remembers the `Rc` of every value it last wrote (or found in storage) and writes
//! only those whose pointer changed, so one label edit writes one small `ann/<id>` value and
//! its history. Document texts go to IndexedDB when the browser has it: the saver hands them
//! back as [`TextWork`] for the caller to write (IndexedDB answers asynchronously), and counts
//! them as written until told otherwise ([`Saver::forget_texts`]). Values of documents no
//! longer listed (deleted) are removed. Keys holding data that could not be read nor backed up
//! are never written nor removed.

use super::keys::{
    annotations_key, doc_key, history_key, is_text_key, key_kind, KeyKind, INDEX_KEY,
    SCHEMA_HISTORY_KEY, SCHEMA_KEY, SETTINGS_KEY,
};
use super::shapes::{
    annotations_json, document_json, history_json, index_json, schema_json, settings_json,
};
use crate::workspace::{Doc, Workspace};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use thiserror::Error;

/// Where values are kept: keys and string values, every write answering whether it happened.
pub trait KeyValue {
    /// Every key that starts with `prefix`.
    fn keys(&self, prefix: &str) -> Vec<String>;
    /// The value under `key` (a read that fails counts as absent).
    fn get(&self, key: &str) -> Option<String>;
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError>;
    fn remove(&self, key: &str) -> Result<(), StorageError>;
    /// True when the browser refused storage and values are kept in memory for this tab only.
    fn is_blocked(&self) -> bool {
        false
    }
}

/// Why a write did not happen; [`StorageError::warning`] is what the user reads.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum StorageError {
    /// The browser refuses this page any storage.
    #[error("storage is blocked")]
    Blocked,
    /// The storage quota is used up.
    #[error("storage is full")]
    Full,
    /// Anything else the browser reported.
    #[error("{0}")]
    Other(String),
    /// Postil itself held back the write: the value there could not be read nor backed up.
    #[error("“{0}” holds data that could not be read nor backed up")]
    WontOverwrite(String),
}

impl StorageError {
    /// A sentence for the user: what happened and how to keep their work.
    pub fn warning(&self) -> String {
        match self {
            StorageError::Blocked => "This browser does not let Postil use local storage, so your work is kept only in this tab and is lost when it closes. Use “Export JSON” to keep it.".into(),
            StorageError::Full => "Browser storage is full, so your latest changes are not saved. Use “Export JSON” to keep your work, then free space (for example by clearing other sites’ data).".into(),
            StorageError::Other(what) => format!("Saving to browser storage failed ({what}), so your latest changes are not saved. Use “Export JSON” to keep your work."),
            StorageError::WontOverwrite(key) => format!("Changes to this document are not saved: “{key}” holds data that could not be read nor backed up, and Postil will not write over it. Use “Export JSON” to keep your work."),
        }
    }
}

/// Text writes and deletions one save leaves for IndexedDB (which answers asynchronously).
#[derive(Default, Debug, PartialEq, Eq)]
pub struct TextWork {
    pub put: Vec<(String, String)>,
    pub delete: Vec<String>,
}

impl TextWork {
    pub fn is_empty(&self) -> bool {
        self.put.is_empty() && self.delete.is_empty()
    }
}

/// What was written last, by key (see the module documentation).
#[derive(Default, Debug)]
pub struct Saver {
    index: Option<String>,
    /// The documents (by pointer) and the open one when the index was last written: while
    /// they are the same, neither the index nor deletions need looking at (a save per edit
    /// then costs nothing per document but a pointer comparison).
    listed: Option<(Vec<Rc<crate::Document>>, String)>,
    schema: HashMap<String, Rc<crate::LabelSchema>>,
    schema_history: HashMap<String, Rc<crate::history::History<crate::schema_edit::SchemaEdit>>>,
    docs: HashMap<String, Rc<crate::Document>>,
    annotations: HashMap<String, Rc<crate::AnnotationSet>>,
    histories: HashMap<String, Rc<crate::history::History<crate::edit::DocEdit>>>,
    /// Keys holding data that could not be read nor backed up: never written.
    protected: HashSet<String>,
    /// Texts go to IndexedDB (as [`TextWork`]) rather than to the key-value store.
    texts_apart: bool,
    /// The settings (the annotator's name) as last written.
    settings: Option<String>,
}

/// Where one save writes: the store, the keys it must not touch, and the first failure.
struct Writer<'a, S: KeyValue + ?Sized> {
    kv: &'a S,
    protected: &'a HashSet<String>,
    first_error: Option<StorageError>,
}

impl<S: KeyValue + ?Sized> Writer<'_, S> {
    /// Writes `value` under `key` if `current` differs from what `saved` holds there.
    fn sync<T>(
        &mut self,
        saved: &mut HashMap<String, Rc<T>>,
        key: String,
        current: &Rc<T>,
        value: impl FnOnce(&T) -> String,
    ) {
        if saved.get(&key).is_some_and(|s| Rc::ptr_eq(s, current)) {
            return;
        }
        if self.protected.contains(&key) {
            self.first_error
                .get_or_insert(StorageError::WontOverwrite(key));
            return;
        }
        match self.kv.set(&key, &value(current)) {
            Ok(()) => {
                saved.insert(key, current.clone());
            }
            // Blocked storage keeps the value in memory for this tab: count it as written so
            // that each edit does not rewrite everything, and say so (storage that refuses
            // writes mid-session is blocked too, though it was not at start).
            Err(StorageError::Blocked) => {
                saved.insert(key, current.clone());
                self.first_error.get_or_insert(StorageError::Blocked);
            }
            Err(e) => {
                self.first_error.get_or_insert(e);
            }
        }
    }

    /// Writes a value that is compared by content, not pointer (the index, the settings).
    fn sync_value(&mut self, last: &mut Option<String>, key: &str, value: String) {
        if last.as_deref() == Some(value.as_str()) {
            return;
        }
        let mut saved = HashMap::new();
        self.sync(&mut saved, key.to_string(), &Rc::new(value.clone()), |s| {
            s.clone()
        });
        if !saved.is_empty() {
            *last = Some(value);
        }
    }
}

impl Saver {
    /// A saver that knows nothing written yet. `texts_apart`: texts go to IndexedDB.
    pub fn new(texts_apart: bool) -> Self {
        Saver {
            texts_apart,
            ..Saver::default()
        }
    }

    /// Never write (nor remove) `key`: it holds data that could not be read nor backed up.
    pub fn protect(&mut self, key: &str) {
        self.protected.insert(key.to_string());
    }

    /// Marks as saved the values whose keys `held` says storage has, as they are in `ws`. A key
    /// that held unreadable data (`corrupt`) counts for everything but the index, which is
    /// then written again.
    pub fn remember(
        &mut self,
        ws: &Workspace,
        held: impl Fn(&str) -> bool,
        corrupt: impl Fn(&str) -> bool,
    ) {
        if held(INDEX_KEY) && !corrupt(INDEX_KEY) {
            self.index = Some(index_of(ws));
        }
        if held(SCHEMA_KEY) {
            self.schema.insert(SCHEMA_KEY.into(), ws.schema().clone());
        }
        if held(SCHEMA_HISTORY_KEY) {
            self.schema_history
                .insert(SCHEMA_HISTORY_KEY.into(), ws.schema_history().clone());
        }
        if held(SETTINGS_KEY) {
            self.settings = Some(settings_json(ws.annotator()));
        }
        for d in ws.docs().iter() {
            let id = d.id();
            if held(&doc_key(id)) {
                self.docs.insert(doc_key(id), d.document.clone());
            }
            if held(&annotations_key(id)) {
                self.annotations
                    .insert(annotations_key(id), d.annotations.clone());
            }
            if held(&history_key(id)) {
                self.histories.insert(history_key(id), d.history.clone());
            }
        }
    }

    /// Writes every value that changed since the last call, and removes the values of
    /// documents no longer listed (deleted). Returns the first failure (later calls retry
    /// whatever did not get written; blocked storage fails every call, so its warning stays
    /// up) and the texts for the caller to write to IndexedDB.
    pub fn save<S: KeyValue + ?Sized>(
        &mut self,
        kv: &S,
        ws: &Workspace,
    ) -> (Result<(), StorageError>, TextWork) {
        let mut w = Writer {
            kv,
            protected: &self.protected,
            first_error: None,
        };
        let mut work = TextWork::default();
        // Document texts first: an index naming a document whose text is missing is harmless
        // (it is skipped on load), but the text must be there before its annotations matter.
        for d in ws.docs().iter() {
            let id = d.id();
            let key = doc_key(id);
            if !self.texts_apart {
                w.sync(&mut self.docs, key, &d.document, document_json);
            } else if !self
                .docs
                .get(&key)
                .is_some_and(|s| Rc::ptr_eq(s, &d.document))
            {
                // Counted as saved now, so that it is put once; `forget_texts` undoes that if
                // IndexedDB refuses it.
                work.put.push((key.clone(), document_json(&d.document)));
                self.docs.insert(key, d.document.clone());
            }
            w.sync(
                &mut self.annotations,
                annotations_key(id),
                &d.annotations,
                annotations_json,
            );
            w.sync(
                &mut self.histories,
                history_key(id),
                &d.history,
                history_json,
            );
        }
        w.sync(
            &mut self.schema,
            SCHEMA_KEY.into(),
            ws.schema(),
            schema_json,
        );
        w.sync(
            &mut self.schema_history,
            SCHEMA_HISTORY_KEY.into(),
            ws.schema_history(),
            history_json,
        );
        let same_list = self.listed.as_ref().is_some_and(|(docs, current)| {
            current == ws.current().id()
                && docs.len() == ws.docs().len()
                && (docs.iter().zip(ws.docs().iter())).all(|(a, d)| Rc::ptr_eq(a, &d.document))
        });
        if !same_list {
            let index = index_of(ws);
            w.sync_value(&mut self.index, INDEX_KEY, index.clone());
            self.listed = (self.index.as_deref() == Some(index.as_str())).then(|| {
                let docs = ws.docs().iter().map(|d| d.document.clone()).collect();
                (docs, ws.current().id().to_string())
            });
        }
        w.sync_value(
            &mut self.settings,
            SETTINGS_KEY,
            settings_json(ws.annotator()),
        );
        let first_error = w.first_error;

        // Deleted documents: their values go (after the index no longer lists them). Only a
        // changed list of documents can have left some.
        if !same_list {
            self.remove_deleted(kv, ws, &mut work);
        }
        let result = match first_error {
            Some(e) => Err(e),
            None if kv.is_blocked() => Err(StorageError::Blocked),
            None => Ok(()),
        };
        (result, work)
    }

    /// Removes the stored values of documents `ws` no longer lists.
    fn remove_deleted<S: KeyValue + ?Sized>(
        &mut self,
        kv: &S,
        ws: &Workspace,
        work: &mut TextWork,
    ) {
        let live: HashSet<&str> = ws.docs().iter().map(|d| d.id()).collect();
        let gone = |key: &String| match key_kind(key) {
            KeyKind::Document(id) | KeyKind::Annotations(id) | KeyKind::History(id) => {
                !live.contains(id)
            }
            _ => false,
        };
        let dropped: Vec<String> = (self.docs.keys().filter(|k| gone(k)))
            .chain(self.annotations.keys().filter(|k| gone(k)))
            .chain(self.histories.keys().filter(|k| gone(k)))
            .cloned()
            .collect();
        for key in dropped {
            self.docs.remove(&key);
            self.annotations.remove(&key);
            self.histories.remove(&key);
            // Data that could not be read nor backed up is never removed either.
            if self.protected.contains(&key) {
                continue;
            }
            // A text may be in the key-value store too (a migration that did not finish).
            let _ = kv.remove(&key);
            if is_text_key(&key) && self.texts_apart {
                work.delete.push(key);
            }
        }
    }

    /// Counts documents another tab wrote as saved, so this tab does not write them again.
    pub fn adopt(&mut self, docs: &[Doc]) {
        for d in docs {
            let id = d.id();
            self.docs.insert(doc_key(id), d.document.clone());
            self.annotations
                .insert(annotations_key(id), d.annotations.clone());
            self.histories.insert(history_key(id), d.history.clone());
        }
    }

    /// Another tab deleted the document `id` (and its stored values): forget them, so that
    /// this tab does not delete them again (which could remove what the other tab restored).
    pub fn forget_document(&mut self, id: &str) {
        self.docs.remove(&doc_key(id));
        self.annotations.remove(&annotations_key(id));
        self.histories.remove(&history_key(id));
    }

    /// IndexedDB refused these texts: they count as unsaved again, for the next save to retry.
    pub fn forget_texts(&mut self, keys: &[String]) {
        for k in keys {
            self.docs.remove(k);
        }
    }
}

fn index_of(ws: &Workspace) -> String {
    let ids: Vec<&str> = ws.docs().iter().map(|d| d.id()).collect();
    index_json(&ids, ws.current().id())
}
