//! Loading the workspace at start and saving what changed after each render: the browser's
//! side of `postil_core::store`, which decides what to read, back up, write, remove and take
//! from other tabs.
//!
//! Article texts (`doc/<id>`) live in IndexedDB, everything else in localStorage, with a copy
//! of each value in IndexedDB too (the journal, which survives a crash). `boot` opens
//! IndexedDB (waiting a few seconds at most), reads every text and journal copy, puts back
//! what a crash took from localStorage, and moves texts a layout-1 store still keeps in
//! localStorage over to IndexedDB, before the app starts; `start` opens the work
//! (`store::open`); the [`Saver`] writes what changed through the storage adapter
//! (`store::Saver`) and hands the IndexedDB work to `journal`; `status` says where saving
//! stands.

mod boot;
mod journal;
pub mod prefs;
pub mod status;
pub mod sync_store;

pub use boot::{boot, Boot};
pub use journal::write;
pub use postil_core::store::IdbWork;

use crate::notice::Notice;
use crate::platform::dom::{now_ms, tab_name};
use crate::platform::idb::TextStore;
use crate::platform::storage::{Storage, StorageError};
use crate::state::AppState;
use postil_core::store::{self, Arrival, Lineage};
use postil_core::workspace::{Doc, DocValue, SchemaValue, Workspace};

/// The core's saver, and where texts and journal copies go: IndexedDB, or nowhere (texts in
/// localStorage) when the browser does not offer it.
#[derive(Default)]
pub struct Saver {
    rules: store::Saver,
    texts: Option<TextStore>,
}

/// The state to start with and the saver that knows what storage holds.
pub struct Started {
    pub state: AppState,
    pub saver: Saver,
}

/// Loads the workspace from storage, backing up whatever cannot be read, and says so.
pub fn start(boot: &Boot) -> Started {
    let storage = &*boot.storage;
    let opened = store::open(
        storage,
        &boot.texts,
        boot.store.is_some(),
        &tab_name(),
        now_ms(),
    );
    status::set_journaled(boot.store.is_some());
    let mut state = AppState::new(opened.workspace);
    let mut details = opened.unreadable;
    details.extend(boot.restored.iter().cloned());
    if !details.is_empty() {
        let mut notice = if boot.restored.len() == details.len() {
            Notice::info("Postil put back changes the browser lost when it last closed.")
        } else {
            Notice::error(
                "Some saved work could not be read. Everything else is loaded; what could not be read is kept, not overwritten.",
            )
        };
        notice.details = details;
        state.notice = Some(notice);
    }
    if storage.is_blocked() {
        state.storage_warning = Some(StorageError::Blocked.warning());
        status::set_local(Some(StorageError::Blocked));
    }
    if let Some(w) = &boot.warning {
        match &mut state.notice {
            Some(n) => n.details.push(w.clone()),
            None => state.notice = Some(Notice::error(w.clone())),
        }
    }
    Started {
        state,
        saver: Saver {
            rules: opened.saver,
            texts: boot.store.clone(),
        },
    }
}

impl Saver {
    /// Writes what changed since the last call (see `store::Saver::save`).
    pub fn save(
        &mut self,
        storage: &Storage,
        ws: &Workspace,
    ) -> (Result<(), StorageError>, IdbWork) {
        self.rules.save(storage, ws)
    }

    /// Another tab wrote the annotations of `id` (see `store::Saver::doc_arrived`).
    pub fn doc_arrived(
        &mut self,
        ws: &Workspace,
        id: &str,
        raw: &str,
    ) -> Option<Arrival<DocValue>> {
        self.rules.doc_arrived(ws, id, raw)
    }

    /// Another tab wrote the schema (see `store::Saver::schema_arrived`).
    pub fn schema_arrived(&mut self, ws: &Workspace, raw: &str) -> Arrival<SchemaValue> {
        self.rules.schema_arrived(ws, raw)
    }

    /// Values the last save found newer in storage than this tab had read, and so did not
    /// write over (see `store::Saver::take_waiting`): each is to be taken in as from another
    /// tab, and the next save writes the result.
    pub fn take_waiting(&mut self) -> Vec<store::Waiting> {
        self.rules.take_waiting()
    }

    /// Another tab wrote the index or the settings.
    pub fn other_arrived(&mut self, key: &str, raw: &str) {
        self.rules.other_arrived(key, raw);
    }

    /// True when `key` is never written (see [`Saver::protect`]).
    pub fn is_protected(&self, key: &str) -> bool {
        self.rules.is_protected(key)
    }

    /// Never write `key` again this session (it holds what this Postil cannot read).
    pub fn protect(&mut self, key: &str) {
        self.rules.protect(key);
    }

    /// Counts documents another tab wrote as saved, so this tab does not write them again.
    pub fn adopt(&mut self, docs: &[(Doc, Lineage)]) {
        self.rules.adopt(docs);
    }

    /// Another tab deleted the document `id`: this tab does not delete its values again.
    pub fn forget_document(&mut self, id: &str) {
        self.rules.forget_document(id);
    }

    /// IndexedDB refused these texts: the next save tries them again.
    pub fn forget_texts(&mut self, keys: &[String]) {
        self.rules.forget_texts(keys);
    }

    /// The text store texts are written to, if any.
    pub fn text_store(&self) -> Option<TextStore> {
        self.texts.clone()
    }
}
