//! Saving: after every render that changed the workspace, the saver writes what changed to
//! localStorage (and texts to IndexedDB), and a failure becomes the storage warning.

use crate::persist::{self, Saver};
use crate::platform::storage::Storage;
use crate::state::{Action, AppState};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Persists the workspace after each change of it (the workspace compares by pointer, so an
/// action that left it alone costs nothing here).
#[hook]
pub fn use_persistence(
    state: &UseReducerHandle<AppState>,
    storage: Rc<Storage>,
    saver: Rc<RefCell<Saver>>,
) {
    let dispatcher = state.dispatcher();
    let warning_now = state.storage_warning.clone();
    use_effect_with(state.ws.clone(), move |ws| {
        let (result, work) = saver.borrow_mut().save(&storage, ws);
        let warning = result.err().map(|e| e.warning());
        if warning != warning_now {
            dispatcher.dispatch(Action::StorageWarning(warning));
        }
        persist::write_texts(saver.clone(), storage.clone(), work, dispatcher.clone());
    });
}
