//! Saving: after every render that changed the workspace, the saver writes what changed to
//! localStorage and hands texts and journal copies to IndexedDB; a failure becomes the storage
//! warning, and the toolbar's save state follows both.

use crate::persist::{self, status, Saver};
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
        let error = result.err();
        let warning = error.as_ref().map(|e| e.warning());
        status::set_local(error);
        if warning != warning_now {
            dispatcher.dispatch(Action::StorageWarning(warning));
        }
        persist::write(saver.clone(), storage.clone(), work, dispatcher.clone());
    });
}
