//! Loading the workspace at start and saving what changed after each render: the browser's
//! side of `postil_core::store`, which decides what to read, back up, write and remove.
//!
//! Article texts (`doc/<id>`) live in IndexedDB, everything else in localStorage. `boot`
//! opens IndexedDB, reads every text, and moves texts a layout-1 store still keeps in
//! localStorage over to it, before the app starts; `start` opens the work (`store::open`);
//! the [`Saver`] writes what changed through the storage adapter (`store::Saver`) and hands
//! texts to `texts`, which writes them to IndexedDB.

mod boot;
mod texts;

pub use boot::{boot, Boot};
pub use postil_core::store::TextWork;
pub use texts::{write_texts, writing_texts};

use crate::notice::Notice;
use crate::platform::dom::now_ms;
use crate::platform::idb::TextStore;
use crate::platform::storage::{Storage, StorageError};
use crate::state::AppState;
use postil_core::store;
use postil_core::workspace::{Doc, Workspace};

/// The core's saver, and where texts go: IndexedDB, or localStorage when the browser does not
/// offer it.
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
    let opened = store::open(storage, &boot.texts, boot.store.is_some(), now_ms());
    let mut state = AppState::new(opened.workspace);
    if !opened.unreadable.is_empty() {
        let mut notice = Notice::error(
            "Some saved work could not be read. Everything else is loaded; what could not be read is kept, not overwritten.",
        );
        notice.details = opened.unreadable;
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
    ) -> (Result<(), StorageError>, TextWork) {
        self.rules.save(storage, ws)
    }

    /// Counts documents another tab wrote as saved, so this tab does not write them again.
    pub fn adopt(&mut self, docs: &[Doc]) {
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
