//! Saving: after every render that changed the workspace, the saver writes what changed to
//! localStorage and hands texts and journal copies to IndexedDB; a failure becomes the storage
//! warning, and the toolbar's save state follows both.
//!
//! The save runs just after the frame that shows the change is painted, not before it:
//! serialising a long document's annotations and writing them takes milliseconds a key press
//! should not wait for, nor should the first paint of a page that opens. Until it has run the
//! toolbar says "Saving…" (but for that first save, of the work as opened). It runs at once
//! when the page is hidden (no frame comes then), and whatever is due is written first when the
//! page is being left or hidden ([`flush`] on `pagehide` and `visibilitychange`), when another
//! tab's write arrives (so it is compared with what this tab stored, as before), and before the
//! browser asks about leaving.
//!
//! The save becomes due in the render's effect. Yew's scheduler yields to the browser (a zero
//! timeout) when rendering takes longer than 16 ms, so on a long document the effect may run a
//! task after the key press; a page closed within that task's few milliseconds would leave the
//! edit unsaved, as before saves were deferred. Left alone: no person closes a tab that fast.

use crate::persist::{self, status, Saver};
use crate::platform::dom;
use crate::platform::storage::Storage;
use crate::state::{Action, AppState};
use gloo::events::EventListener;
use postil_core::store::{Arrival, Waiting};
use postil_core::workspace::Workspace;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// A save waiting for the frame to be painted: the latest workspace and what saving it needs.
struct Due {
    ws: Workspace,
    storage: Rc<Storage>,
    saver: Rc<RefCell<Saver>>,
    dispatcher: UseReducerDispatcher<AppState>,
    /// The storage warning the app showed when this workspace was rendered.
    warning_now: Option<String>,
}

thread_local! {
    static DUE: RefCell<Option<Due>> = const { RefCell::new(None) };
}

/// Writes the save that is due, if one is (see the module's comment for when).
pub fn flush() {
    let Some(due) = DUE.with(|d| d.borrow_mut().take()) else {
        return;
    };
    let (result, work) = due.saver.borrow_mut().save(&due.storage, &due.ws);
    // What another tab wrote since this tab last read it was not written over: it is taken in
    // now (merged with this tab's change), and the save that follows writes the merge. The
    // saver counts it as read, so the `storage` event for it, when it comes, changes nothing.
    let waiting = due.saver.borrow_mut().take_waiting();
    for arrival in waiting {
        match arrival {
            Waiting::Doc(id, Arrival::Take { expect, value }) => {
                due.dispatcher
                    .dispatch(Action::TookDoc { id, expect, value });
            }
            Waiting::Schema(Arrival::Take { expect, value }) => {
                due.dispatcher
                    .dispatch(Action::TookSchema { expect, value });
            }
            // Unreadable values are not counted as read: the `storage` event for them backs
            // them up and protects them (`hooks::other_tabs`).
            Waiting::Doc(_, _) | Waiting::Schema(_) => {}
        }
    }
    let error = result.err();
    let warning = error.as_ref().map(|e| e.warning());
    status::set_local(error);
    status::set_due(false);
    if warning != due.warning_now {
        due.dispatcher.dispatch(Action::StorageWarning(warning));
    }
    persist::write(due.saver, due.storage, work, due.dispatcher);
}

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
    let first = use_mut_ref(|| true);
    use_effect_with(state.ws.clone(), move |ws| {
        let due = Due {
            ws: ws.clone(),
            storage,
            saver,
            dispatcher,
            warning_now,
        };
        let scheduled = DUE.with(|d| d.borrow_mut().replace(due).is_some());
        // The first save writes the workspace as opened: nothing the person did waits on it,
        // so the toolbar keeps saying "Saved" rather than "Saving…" on a page that just opened.
        if !std::mem::replace(&mut *first.borrow_mut(), false) {
            status::set_due(true);
        }
        if !scheduled {
            dom::after_paint(flush);
        }
    });
    // Leaving or hiding the page writes what is due (a hidden page may be discarded).
    use_effect_with((), |_| {
        let window = web_sys::window();
        let on_hide = window
            .as_ref()
            .map(|w| EventListener::new(w, "pagehide", |_| flush()));
        let on_visibility = window.and_then(|w| w.document()).map(|d| {
            EventListener::new(&d, "visibilitychange", |_| {
                let hidden = web_sys::window()
                    .and_then(|w| w.document())
                    .is_some_and(|d| d.hidden());
                if hidden {
                    flush();
                }
            })
        });
        move || drop((on_hide, on_visibility))
    });
}
