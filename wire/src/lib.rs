//! The messages between the app (`src/platform/worker.rs`) and its import/export Web Worker
//! (`worker/`), in one place: each message's writer sits beside its reader, so neither side
//! spells a key the other must match by hand.
//!
//! - To the worker ([`to_worker`]): `{op: "read", id, name, bytes: Uint8Array}`,
//!   `{op: "export", id, kind, corpus, annotator, preview}` (`corpus` is Postil native JSON,
//!   `annotator` empty when there is none), `{op: "paste", id, title, body}` and
//!   `{op: "search", id, text, pattern, case_sensitive}`.
//! - To the app ([`to_app`]): `{ready: true}` once the worker listens (messages posted before
//!   that would be lost, so the app waits for it), then `{id, json, bytes?}` for each request:
//!   `json` is a `postil_core::jobs::Answer`, `bytes` an export's file.
//!
//! File bytes travel as a `Uint8Array` whose buffer is transferred, not copied: after posting,
//! the sender's array is empty. The work and the answer's type are `postil_core::jobs`; posting
//! is each side's own (a `Worker`, a worker's global scope), so this crate needs no web-sys.
//!
//! Only Postil's own two sides post these messages, so a field of the wrong type reads as its
//! empty value rather than as an error.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

pub mod to_app;
pub mod to_worker;

/// The key both directions share: a request's number, which its answer carries back.
const ID: &str = "id";

fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn text(o: &JsValue, key: &str) -> String {
    get(o, key).as_string().unwrap_or_default()
}

fn id(o: &JsValue) -> Option<u32> {
    // Ids are u32 numbers that the app writes; a JS number holds every one exactly.
    get(o, ID).as_f64().map(|n| n as u32)
}

fn set(o: &Object, key: &str, value: &JsValue) {
    // Setting a property on a plain new object cannot fail.
    let _ = Reflect::set(o, &JsValue::from_str(key), value);
}
