//! The import/export worker (`worker/`, built by Trunk beside the app): started on first use
//! and kept. Each request carries an id; its answer resolves the promise kept under that id.
//! If the worker cannot load or fails, every waiting request gets a sentence and the next
//! request starts a fresh worker; nothing the user has is touched either way.

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use postil_core::jobs::Answer;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The loader Trunk writes for the worker (`data-loader-shim`): it loads the worker's wasm.
const LOADER: &str = "postil-worker_loader.js";

/// How long the worker may take to load before requests give up (its wasm is large).
const START_MS: i32 = 30_000;

/// A promise's resolve and reject functions.
type Settle = (Function, Function);

struct Link {
    worker: web_sys::Worker,
    /// Settles when the worker says it is listening (messages sent earlier would be lost).
    ready: Promise,
    ready_settle: RefCell<Option<Settle>>,
    pending: RefCell<HashMap<u32, Settle>>,
    next: Cell<u32>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static LINK: RefCell<Option<Rc<Link>>> = const { RefCell::new(None) };
}

fn get(o: &JsValue, key: &str) -> JsValue {
    Reflect::get(o, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn set(o: &Object, key: &str, value: &JsValue) {
    // Setting a property on a plain new object cannot fail.
    let _ = Reflect::set(o, &JsValue::from_str(key), value);
}

fn sentence(e: &JsValue) -> String {
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

/// Ends the worker and gives every waiting request `why`.
fn fail(why: &str) {
    let Some(link) = LINK.with(|l| l.borrow_mut().take()) else {
        return;
    };
    link.worker.terminate();
    let why = JsValue::from_str(why);
    if let Some((_, reject)) = link.ready_settle.borrow_mut().take() {
        let _ = reject.call1(&JsValue::NULL, &why);
    }
    for (_, (_, reject)) in link.pending.borrow_mut().drain() {
        let _ = reject.call1(&JsValue::NULL, &why);
    }
}

fn on_message(e: web_sys::MessageEvent) {
    let Some(link) = LINK.with(|l| l.borrow().clone()) else {
        return;
    };
    let data = e.data();
    if get(&data, "ready").is_truthy() {
        if let Some((resolve, _)) = link.ready_settle.borrow_mut().take() {
            let _ = resolve.call0(&JsValue::NULL);
        }
        return;
    }
    let settle =
        (get(&data, "id").as_f64()).and_then(|id| link.pending.borrow_mut().remove(&(id as u32)));
    if let Some((resolve, _)) = settle {
        let _ = resolve.call1(&JsValue::NULL, &data);
    }
}

fn start() -> Result<Rc<Link>, String> {
    let worker = web_sys::Worker::new(LOADER).map_err(|e| {
        format!(
            "the import/export worker could not start ({})",
            sentence(&e)
        )
    })?;
    let mut ready_settle = None;
    let ready = Promise::new(&mut |resolve, reject| ready_settle = Some((resolve, reject)));
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(on_message);
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|e: web_sys::Event| {
        e.prevent_default();
        fail("the import/export worker stopped (it could not load, or it failed)");
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
    let link = Rc::new(Link {
        worker,
        ready,
        ready_settle: RefCell::new(ready_settle),
        pending: RefCell::new(HashMap::new()),
        next: Cell::new(0),
        _on_message: on_message,
        _on_error: on_error,
    });
    // A worker whose wasm never loads sends nothing at all; give up on it after a while.
    let started = Rc::downgrade(&link);
    let give_up = Closure::once_into_js(move || {
        if let Some(link) = started.upgrade() {
            if link.ready_settle.borrow().is_some() {
                fail("the import/export worker did not start in time");
            }
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            give_up.unchecked_ref(),
            START_MS,
        );
    }
    Ok(link)
}

fn link() -> Result<Rc<Link>, String> {
    if let Some(link) = LINK.with(|l| l.borrow().clone()) {
        return Ok(link);
    }
    let link = start()?;
    LINK.with(|l| *l.borrow_mut() = Some(link.clone()));
    Ok(link)
}

/// Sends `message` (its `id` is set here) and waits for the answer's data.
async fn call(message: Object, transfer: Array) -> Result<JsValue, String> {
    let link = link()?;
    JsFuture::from(link.ready.clone())
        .await
        .map_err(|e| sentence(&e))?;
    let id = link.next.get().wrapping_add(1);
    link.next.set(id);
    set(&message, "id", &JsValue::from(id));
    let answer = Promise::new(&mut |resolve, reject| {
        link.pending.borrow_mut().insert(id, (resolve, reject));
    });
    if let Err(e) = link.worker.post_message_with_transfer(&message, &transfer) {
        link.pending.borrow_mut().remove(&id);
        return Err(format!(
            "the file could not be handed to the import/export worker ({})",
            sentence(&e)
        ));
    }
    JsFuture::from(answer).await.map_err(|e| sentence(&e))
}

fn parse(data: &JsValue) -> Result<Answer, String> {
    let json = get(data, "json").as_string().unwrap_or_default();
    serde_json::from_str(&json).map_err(|e| {
        format!("the import/export worker answered in a way Postil does not read ({e})")
    })
}

/// Reads one file (not a Postil file) into articles in the worker.
pub async fn read(name: &str, bytes: Vec<u8>) -> Result<Answer, String> {
    let message = Object::new();
    set(&message, "op", &JsValue::from_str("read"));
    set(&message, "name", &JsValue::from_str(name));
    let array = Uint8Array::from(bytes.as_slice());
    drop(bytes);
    set(&message, "bytes", &array);
    parse(&call(message, Array::of1(&array.buffer())).await?)
}

/// Exports `corpus` (Postil native JSON) as the format `kind` (a `Kind::id`) in the worker. With
/// `preview`, only the answer comes back (what would be dropped), not the file.
pub async fn export(
    kind: &str,
    corpus: String,
    annotator: &str,
    preview: bool,
) -> Result<(Answer, Vec<u8>), String> {
    let message = Object::new();
    set(&message, "op", &JsValue::from_str("export"));
    set(&message, "kind", &JsValue::from_str(kind));
    set(&message, "corpus", &JsValue::from_str(&corpus));
    set(&message, "annotator", &JsValue::from_str(annotator));
    set(&message, "preview", &JsValue::from_bool(preview));
    let data = call(message, Array::new()).await?;
    let bytes = get(&data, "bytes");
    let bytes = if bytes.is_undefined() {
        Vec::new()
    } else {
        Uint8Array::new(&bytes).to_vec()
    };
    Ok((parse(&data)?, bytes))
}
