//! Writing texts to IndexedDB after a save: IndexedDB answers asynchronously, so the saver
//! hands the texts over ([`TextWork`]) and this writes them, tells other tabs, and keeps the
//! page from closing while a write is under way.

use super::{Saver, TextWork};
use crate::platform::dom::now_ms;
use crate::platform::storage::Storage;
use crate::state::{Action, AppState};
use postil_core::prose::plural;
use postil_core::store;
use std::cell::RefCell;
use std::rc::Rc;
use yew::UseReducerDispatcher;

thread_local! {
    /// Text writes to IndexedDB not yet confirmed: leaving the page now would lose them.
    static WRITING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// True while texts are still being written (the page asks before it is closed then).
pub fn writing_texts() -> bool {
    WRITING.with(|w| w.get() > 0)
}

/// Writes (and deletes) texts in IndexedDB, then tells other tabs through localStorage that
/// new texts are there. A text IndexedDB refuses is kept in memory, marked unsaved, and the
/// user is told why; the next save tries again.
pub fn write_texts(
    saver: Rc<RefCell<Saver>>,
    storage: Rc<Storage>,
    work: TextWork,
    dispatcher: UseReducerDispatcher<AppState>,
) {
    let Some(texts) = saver.borrow().text_store() else {
        return;
    };
    if work.is_empty() {
        return;
    }
    if !work.put.is_empty() {
        WRITING.with(|w| w.set(w.get() + 1));
    }
    wasm_bindgen_futures::spawn_local(async move {
        if !work.put.is_empty() {
            let written = texts.put_many(&work.put).await;
            WRITING.with(|w| w.set(w.get().saturating_sub(1)));
            match written {
                Ok(()) => {
                    let _ = storage.set(store::TEXTS_WRITTEN_KEY, &now_ms().to_string());
                }
                Err(e) => {
                    let keys: Vec<String> = work.put.into_iter().map(|(k, _)| k).collect();
                    saver.borrow_mut().forget_texts(&keys);
                    dispatcher.dispatch(Action::StorageWarning(Some(format!(
                        "{} article text{} could not be saved: {e}. They stay open in this tab; export your work (Export JSON) to keep it.",
                        keys.len(),
                        plural(keys.len())
                    ))));
                }
            }
        }
        if !work.delete.is_empty() {
            // A text left behind by a failed delete is harmless: nothing lists it any more.
            let _ = texts.delete_many(&work.delete).await;
        }
    });
}
