//! Files dropped anywhere on the page are imported: one `dragover` and one `drop` listener on
//! the document, for as long as the app is mounted. On the document rather than on the app's
//! element, because the views loaded on demand (`crate::later`) run their own Yew, whose events
//! the app's Yew does not see: a file dropped over the label editor or one of those dialogs
//! would otherwise be opened by the browser in Postil's place.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[hook]
pub fn use_file_drop(drag_over: Callback<DragEvent>, drop: Callback<DragEvent>) {
    use_effect_with((), move |_| {
        let document = web_sys::window().and_then(|w| w.document());
        let listeners = document.map(|d| {
            let on = |kind: &'static str, answer: Callback<DragEvent>| {
                let options = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&d, kind, options, move |e| {
                    if let Some(e) = e.dyn_ref::<DragEvent>() {
                        answer.emit(e.clone());
                    }
                })
            };
            [on("dragover", drag_over), on("drop", drop)]
        });
        move || std::mem::drop(listeners)
    });
}
