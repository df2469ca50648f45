//! The import/export worker (`worker/`, built by Trunk beside the app): started on first use
//! and kept. Each request carries an id; its answer resolves the promise kept under that id.
//! If the worker cannot load or fails, every waiting request gets a sentence and the next
//! request starts a fresh worker; nothing the user has is touched either way. The messages
//! themselves are `postil_wire`'s, shared with the worker.

use js_sys::{Function, Promise};
use postil_core::jobs::Answer;
use postil_wire::to_app::{self, Reply};
use postil_wire::to_worker::Request;
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
    match to_app::receive(&data) {
        Reply::Ready => {
            if let Some((resolve, _)) = link.ready_settle.borrow_mut().take() {
                let _ = resolve.call0(&JsValue::NULL);
            }
        }
        Reply::Answer(id) => {
            let settle = link.pending.borrow_mut().remove(&id);
            if let Some((resolve, _)) = settle {
                let _ = resolve.call1(&JsValue::NULL, &data);
            }
        }
        Reply::Other => {}
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

/// Sends `request` (numbered here) and waits for its answer.
async fn call(request: Request) -> Result<to_app::Contents, String> {
    let link = link()?;
    JsFuture::from(link.ready.clone())
        .await
        .map_err(|e| sentence(&e))?;
    let id = link.next.get().wrapping_add(1);
    link.next.set(id);
    let (message, transfer) = request.numbered(id);
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
    let data = JsFuture::from(answer).await.map_err(|e| sentence(&e))?;
    Ok(to_app::contents(&data))
}

fn parse(json: &str) -> Result<Answer, String> {
    serde_json::from_str(json).map_err(|e| {
        format!("the import/export worker answered in a way Postil does not read ({e})")
    })
}

/// Reads one file (not a Postil file) into articles in the worker.
pub async fn read(name: &str, bytes: Vec<u8>) -> Result<Answer, String> {
    let request = Request::read(name, &bytes);
    // The request holds its own copy until the worker takes it over: do not keep two.
    drop(bytes);
    parse(&call(request).await?.json)
}

/// Exports `corpus` (Postil native JSON) as the format `kind` (a `Kind::id`) in the worker. With
/// `preview`, only the answer comes back (what would be dropped), not the file.
pub async fn export(
    kind: &str,
    corpus: String,
    annotator: &str,
    preview: bool,
) -> Result<(Answer, Vec<u8>), String> {
    let request = Request::export(kind, &corpus, annotator, preview);
    let contents = call(request).await?;
    Ok((parse(&contents.json)?, contents.bytes.unwrap_or_default()))
}
