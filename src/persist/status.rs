//! Where saving stands, for the toolbar's quiet "Saved" / "Saving…" / "Not saved: why" and for
//! the leave guard. The inputs come from the persistence effect (the localStorage save) and
//! the journal (IndexedDB writes); `postil_core::store::SaveState` decides what they mean.
//! Kept outside the reducer: a change of state repaints the one indicator, not the app.

use postil_core::store::{SaveState, StorageError};
use std::cell::RefCell;
use yew::Callback;

#[derive(Default)]
struct Inputs {
    local: Option<StorageError>,
    /// A localStorage save waits for the frame to be painted (`hooks::persistence`).
    due: bool,
    pending: u32,
    journal_error: Option<String>,
    journaled: bool,
    listeners: Vec<(u32, Callback<SaveState>)>,
    next_listener: u32,
    shown: Option<SaveState>,
}

thread_local! {
    static INPUTS: RefCell<Inputs> = RefCell::new(Inputs::default());
}

fn state_of(i: &Inputs) -> SaveState {
    SaveState::of(
        i.local.as_ref(),
        i.due || i.pending > 0,
        i.journal_error.as_deref(),
        i.journaled,
    )
}

/// Applies `change` and tells the listeners if what is shown changes.
fn update(change: impl FnOnce(&mut Inputs)) {
    let (state, listeners) = INPUTS.with(|i| {
        let mut i = i.borrow_mut();
        change(&mut i);
        let state = state_of(&i);
        if i.shown.as_ref() == Some(&state) {
            return (state, Vec::new());
        }
        i.shown = Some(state.clone());
        (state, i.listeners.iter().map(|(_, c)| c.clone()).collect())
    });
    for l in listeners {
        l.emit(state.clone());
    }
}

/// Whether this tab has an IndexedDB journal (set once at start).
pub fn set_journaled(journaled: bool) {
    update(|i| i.journaled = journaled);
}

/// The outcome of the latest localStorage save.
pub fn set_local(error: Option<StorageError>) {
    update(|i| i.local = error);
}

/// A localStorage save is due (`true`) or was written (`false`).
pub fn set_due(due: bool) {
    update(|i| i.due = due);
}

/// A journal write was queued.
pub fn journal_started() {
    update(|i| i.pending += 1);
}

/// A journal write finished (`error`: why it failed).
pub fn journal_finished(error: Option<String>) {
    update(|i| {
        i.pending = i.pending.saturating_sub(1);
        i.journal_error = error;
    });
}

/// What saving stands at now.
pub fn current() -> SaveState {
    INPUTS.with(|i| state_of(&i.borrow()))
}

/// Calls `listener` with every change of the state; returns a handle for [`unsubscribe`].
pub fn subscribe(listener: Callback<SaveState>) -> u32 {
    INPUTS.with(|i| {
        let mut i = i.borrow_mut();
        i.next_listener += 1;
        let id = i.next_listener;
        i.listeners.push((id, listener));
        id
    })
}

pub fn unsubscribe(id: u32) {
    INPUTS.with(|i| i.borrow_mut().listeners.retain(|(l, _)| *l != id));
}
