//! Loading the workspace at start and saving what changed after each render.
//!
//! Article texts (`doc/<id>`) live in IndexedDB, everything else in localStorage (see
//! `postil_core::store`). `boot` opens IndexedDB, reads every text, and moves texts a
//! layout-1 store still keeps in localStorage over to it, before the app starts; `texts`
//! writes texts to IndexedDB after a save.
//!
//! The saver remembers the `Rc` of every value it last wrote (or found in storage) and writes
//! only those whose pointer changed, so one label edit writes one small `ann/<id>` value and
//! its history. Values that could not be read at start are first copied to a backup key (once:
//! an identical backup is not made again); if even that copy fails, the saver never writes over
//! them and says so, so unreadable data is never replaced by less.

mod boot;
mod texts;

pub use boot::{boot, Boot};
pub use texts::{write_texts, writing_texts, TextWork};

use crate::notice::Notice;
use crate::platform::dom::now_ms;
use crate::platform::idb::TextStore;
use crate::platform::storage::{Storage, StorageError};
use crate::state::AppState;
use postil_core::document::Document;
use postil_core::store;
use postil_core::workspace::{Doc, Workspace};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// What was written last, by key.
#[derive(Default)]
pub struct Saver {
    index: Option<String>,
    schema: HashMap<String, Rc<postil_core::LabelSchema>>,
    schema_history:
        HashMap<String, Rc<postil_core::history::History<postil_core::schema_edit::SchemaEdit>>>,
    docs: HashMap<String, Rc<Document>>,
    annotations: HashMap<String, Rc<postil_core::AnnotationSet>>,
    histories: HashMap<String, Rc<postil_core::history::History<postil_core::edit::DocEdit>>>,
    /// Keys holding data that could not be read nor backed up: never written.
    protected: HashSet<String>,
    /// Where texts go: IndexedDB, or localStorage when the browser does not offer it.
    texts: Option<TextStore>,
    /// The annotator's name as last written.
    annotator: Option<Rc<str>>,
}

/// The state to start with and the saver that knows what storage holds.
pub struct Started {
    pub state: AppState,
    pub saver: Saver,
}

/// Loads the workspace from storage, backing up whatever cannot be read.
pub fn start(boot: &Boot) -> Started {
    let storage = &boot.storage;
    let mut keys = storage.keys(store::PREFIX);
    let in_local: HashSet<String> = keys.iter().cloned().collect();
    keys.extend(
        boot.texts
            .keys()
            .filter(|k| !in_local.contains(*k))
            .cloned(),
    );
    let get = |k: &str| match boot.texts.get(k) {
        Some(v) => Some(v.clone()),
        None => storage.get(k),
    };
    let loaded = store::load(&keys, get);
    let l = loaded.workspace;
    let mut ws = Workspace::from_parts(
        l.schema,
        l.schema_history,
        l.documents,
        l.histories,
        l.current,
    );
    let annotator = storage
        .get(store::SETTINGS_KEY)
        .map(|raw| store::parse_settings(&raw));
    if let Some(name) = &annotator {
        let _ = ws.set_annotator(name);
    }
    let mut state = AppState::new(ws);
    let mut saver = Saver {
        texts: boot.store.clone(),
        ..Saver::default()
    };
    if annotator.is_some() {
        saver.annotator = Some(state.ws.annotator().into());
    }

    let mut details = Vec::new();
    for bad in &loaded.corrupt {
        let raw = get(&bad.key).unwrap_or_default();
        match backup(storage, &keys, &bad.key, &raw) {
            Ok(backup) => details.push(format!(
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
    if let Some(w) = &boot.warning {
        match &mut state.notice {
            Some(n) => n.details.push(w.clone()),
            None => state.notice = Some(Notice::error(w.clone())),
        }
    }
    // What storage holds needs no writing until it changes. Only keys really there count: a
    // sample shown because nothing could be read is written, so it is there after a reload.
    let held: HashSet<&str> = keys.iter().map(String::as_str).collect();
    let corrupt: HashSet<&str> = loaded.corrupt.iter().map(|c| c.key.as_str()).collect();
    saver.remember(&state.ws, |k| held.contains(k), |k| corrupt.contains(k));
    Started { state, saver }
}

/// Copies an unreadable value to a backup key, unless an identical copy is already there.
fn backup(
    storage: &Storage,
    keys: &[String],
    key: &str,
    raw: &str,
) -> Result<String, StorageError> {
    let prefix = store::backup_key(key, 0);
    let prefix = prefix.trim_end_matches('0');
    if let Some(existing) = keys
        .iter()
        .find(|k| k.starts_with(prefix) && storage.get(k).as_deref() == Some(raw))
    {
        return Ok(existing.clone());
    }
    let backup = store::backup_key(key, now_ms());
    storage.set(&backup, raw).map(|()| backup)
}

/// Where one save writes: the storage, the keys it must not touch, and the first failure.
struct Writer<'a> {
    storage: &'a Storage,
    protected: &'a HashSet<String>,
    first_error: Option<StorageError>,
}

impl Writer<'_> {
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
        match self.storage.set(&key, &value(current)) {
            Ok(()) => {
                saved.insert(key, current.clone());
            }
            // Blocked storage keeps the value in memory for this tab: count it as written so
            // that each edit does not rewrite everything, but keep the warning up.
            Err(StorageError::Blocked) => {
                saved.insert(key, current.clone());
                self.first_error.get_or_insert(StorageError::Blocked);
            }
            Err(e) => {
                self.first_error.get_or_insert(e);
            }
        }
    }
}

impl Saver {
    /// Marks as saved the values whose keys `held` says storage has. A key that held
    /// unreadable data stays marked until the user changes that value (after its backup).
    fn remember(
        &mut self,
        ws: &Workspace,
        held: impl Fn(&str) -> bool,
        corrupt: impl Fn(&str) -> bool,
    ) {
        if held(store::INDEX_KEY) && !corrupt(store::INDEX_KEY) {
            self.index = Some(index_of(ws));
        }
        if held(store::SCHEMA_KEY) {
            self.schema
                .insert(store::SCHEMA_KEY.into(), ws.schema().clone());
        }
        if held(store::SCHEMA_HISTORY_KEY) {
            self.schema_history.insert(
                store::SCHEMA_HISTORY_KEY.into(),
                ws.schema_history().clone(),
            );
        }
        for e in ws.docs().iter() {
            let id = e.id();
            if held(&store::doc_key(id)) {
                self.docs.insert(store::doc_key(id), e.document.clone());
            }
            if held(&store::annotations_key(id)) {
                self.annotations
                    .insert(store::annotations_key(id), e.annotations.clone());
            }
            if held(&store::history_key(id)) {
                self.histories
                    .insert(store::history_key(id), e.history.clone());
            }
        }
    }

    /// Writes every value that changed since the last call, and removes the stored values of
    /// documents no longer listed (deleted). Returns the first failure (later calls retry
    /// whatever did not get written) and the texts for the caller to write to IndexedDB.
    pub fn save(
        &mut self,
        storage: &Storage,
        ws: &Workspace,
    ) -> (Result<(), StorageError>, TextWork) {
        let mut w = Writer {
            storage,
            protected: &self.protected,
            first_error: None,
        };
        let mut work = TextWork::default();
        // Document texts first: an index naming a document whose text is missing is harmless
        // (it is skipped on load), but the text must be there before its annotations matter.
        for e in ws.docs().iter() {
            let id = e.id();
            let key = store::doc_key(id);
            match &self.texts {
                // Counted as saved now, so that it is put once; `forget_texts` undoes that if
                // IndexedDB refuses it.
                Some(_)
                    if !self
                        .docs
                        .get(&key)
                        .is_some_and(|s| Rc::ptr_eq(s, &e.document)) =>
                {
                    work.put
                        .push((key.clone(), store::document_json(&e.document)));
                    self.docs.insert(key, e.document.clone());
                }
                Some(_) => {}
                None => w.sync(&mut self.docs, key, &e.document, store::document_json),
            }
            w.sync(
                &mut self.annotations,
                store::annotations_key(id),
                &e.annotations,
                store::annotations_json,
            );
            w.sync(
                &mut self.histories,
                store::history_key(id),
                &e.history,
                store::history_json,
            );
        }
        w.sync(
            &mut self.schema,
            store::SCHEMA_KEY.into(),
            ws.schema(),
            store::schema_json,
        );
        w.sync(
            &mut self.schema_history,
            store::SCHEMA_HISTORY_KEY.into(),
            ws.schema_history(),
            store::history_json,
        );
        let index = index_of(ws);
        if self.index.as_deref() != Some(index.as_str()) {
            let mut saved = HashMap::new();
            w.sync(
                &mut saved,
                store::INDEX_KEY.into(),
                &Rc::new(index.clone()),
                |s| s.clone(),
            );
            if !saved.is_empty() {
                self.index = Some(index);
            }
        }
        if self.annotator.as_deref() != Some(ws.annotator()) {
            let mut saved = HashMap::new();
            w.sync(
                &mut saved,
                store::SETTINGS_KEY.into(),
                &Rc::new(ws.annotator().to_string()),
                |a| store::settings_json(a),
            );
            if !saved.is_empty() {
                self.annotator = Some(ws.annotator().into());
            }
        }
        let first_error = w.first_error;

        // Deleted documents: their values go (after the index no longer lists them).
        let live: HashSet<&str> = ws.docs().iter().map(|e| e.id()).collect();
        let gone = |key: &String| match store::key_kind(key) {
            store::KeyKind::Document(id)
            | store::KeyKind::Annotations(id)
            | store::KeyKind::History(id) => !live.contains(id),
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
            if store::is_text_key(&key) && self.texts.is_some() {
                // A text may still be in localStorage too (a migration that did not finish).
                let _ = storage.remove(&key);
                work.delete.push(key);
            } else {
                let _ = storage.remove(&key);
            }
        }
        (first_error.map_or(Ok(()), Err), work)
    }

    /// Counts documents another tab wrote as saved, so this tab does not write them again.
    pub fn adopt(&mut self, docs: &[Doc]) {
        for e in docs {
            let id = e.id();
            self.docs.insert(store::doc_key(id), e.document.clone());
            self.annotations
                .insert(store::annotations_key(id), e.annotations.clone());
            self.histories
                .insert(store::history_key(id), e.history.clone());
        }
    }

    /// Another tab deleted the document `id` (and its stored values): forget them, so that
    /// this tab does not delete them again (which could remove what the other tab restored).
    pub fn forget_document(&mut self, id: &str) {
        self.docs.remove(&store::doc_key(id));
        self.annotations.remove(&store::annotations_key(id));
        self.histories.remove(&store::history_key(id));
    }

    /// The text store the saver writes to, if any.
    pub fn text_store(&self) -> Option<TextStore> {
        self.texts.clone()
    }

    /// IndexedDB refused these texts: they count as unsaved again, for the next save to retry.
    pub fn forget_texts(&mut self, keys: &[String]) {
        for k in keys {
            self.docs.remove(k);
        }
    }
}

fn index_of(ws: &Workspace) -> String {
    let ids: Vec<&str> = ws.docs().iter().map(|e| e.id()).collect();
    store::index_json(&ids, ws.current().id())
}
