//! Closing or reloading the page while the latest changes are not yet stored for good (the
//! journal copy or a text still being written to IndexedDB, or storage refusing them) would
//! lose them: the browser asks first then (and only then).

use crate::persist::status;
use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[hook]
pub fn use_leave_guard() {
    use_effect_with((), |_| {
        let listener = web_sys::window().map(|w| {
            EventListener::new_with_options(
                &w,
                "beforeunload",
                EventListenerOptions::enable_prevent_default(),
                |event| {
                    // A save waiting for the next frame is written now.
                    super::persistence::flush();
                    let state = status::current();
                    if !state.is_safe() {
                        event.prevent_default();
                        if let Some(e) = event.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                            e.set_return_value(&state.label());
                        }
                    }
                },
            )
        });
        move || drop(listener)
    });
}
