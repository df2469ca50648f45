//! Closing or reloading the page while texts are still being written to IndexedDB would lose
//! them: the browser asks first then (and only then).

use crate::persist;
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
                    if persist::writing_texts() {
                        event.prevent_default();
                        if let Some(e) = event.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                            e.set_return_value("Postil is still saving imported articles.");
                        }
                    }
                },
            )
        });
        move || drop(listener)
    });
}
