//! Replies, from the worker to the app: built by the worker with [`ready`] and [`answer`], read
//! by the app with [`receive`] and [`contents`].

use crate::{get, id, set, text, ID};
use js_sys::{Array, Object, Uint8Array};
use wasm_bindgen::JsValue;

const READY: &str = "ready";
const JSON: &str = "json";
const BYTES: &str = "bytes";

/// The message that says the worker is listening.
pub fn ready() -> Object {
    let message = Object::new();
    set(&message, READY, &JsValue::TRUE);
    message
}

/// The answer to request `id`: `json` (a `postil_core::jobs::Answer`) and, for an export, the
/// file's bytes. Returns the message and the buffers to transfer with it.
pub fn answer(id: u32, json: &str, bytes: Option<&[u8]>) -> (Object, Array) {
    let message = Object::new();
    set(&message, ID, &JsValue::from(id));
    set(&message, JSON, &JsValue::from_str(json));
    let transfer = Array::new();
    if let Some(bytes) = bytes {
        let array = Uint8Array::from(bytes);
        transfer.push(&array.buffer());
        set(&message, BYTES, &array);
    }
    (message, transfer)
}

/// What a message from the worker is, as the app first reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reply {
    /// The worker is listening.
    Ready,
    /// The answer to the request with this number; [`contents`] reads it.
    Answer(u32),
    /// Neither (nothing the app waits for).
    Other,
}

/// Tells what a message from the worker is.
pub fn receive(data: &JsValue) -> Reply {
    if get(data, READY).is_truthy() {
        Reply::Ready
    } else {
        id(data).map_or(Reply::Other, Reply::Answer)
    }
}

/// What an answer holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contents {
    /// A `postil_core::jobs::Answer` as JSON.
    pub json: String,
    /// The exported file, when the request was an export without preview.
    pub bytes: Option<Vec<u8>>,
}

/// Reads an answer (a message [`receive`] called [`Reply::Answer`]).
pub fn contents(data: &JsValue) -> Contents {
    let bytes = get(data, BYTES);
    Contents {
        json: text(data, JSON),
        bytes: (!bytes.is_undefined()).then(|| Uint8Array::new(&bytes).to_vec()),
    }
}
