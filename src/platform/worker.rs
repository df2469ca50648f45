//! The import/export worker (`worker/`, built by Trunk beside the app): started on first use
//! and kept. Each request carries an id; its answer resolves the promise kept under that id.
//! What a message means, how long a request may wait and how a cancel ends it are
//! `postil_core::pending`'s rules; this file carries them out. Every request ends once: with its
//! answer or a sentence (cancelled, no answer in time, a worker that broke the protocol or
//! failed). Ending a request early ends the worker (it cannot be interrupted mid-job), and the
//! next request starts a fresh one; nothing the user has is touched either way. The messages
//! themselves are `postil_wire`'s, shared with the worker.

use gloo::timers::callback::Timeout;
use js_sys::{Function, Promise};
use postil_core::jobs::Answer;
use postil_core::pending::{Ended, Heard, Job, Pending, Verdict};
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

/// A promise's resolve and reject functions.
type Settle = (Function, Function);

/// An answer as read: the worker's `jobs::Answer` and an export's bytes.
type Answered = (Answer, Option<Vec<u8>>);

struct Link {
    /// Tells this worker's events from those of one ended before it.
    generation: u32,
    worker: web_sys::Worker,
    /// Settles when the worker says it is listening (messages sent earlier would be lost).
    ready: Promise,
    ready_settle: RefCell<Option<Settle>>,
    pending: RefCell<Pending<Settle>>,
    /// Answers read, kept for their request until its promise (resolved empty) wakes it.
    answers: RefCell<HashMap<u32, Answered>>,
    /// Fires at the earliest deadline of a waiting request.
    timer: RefCell<Option<Timeout>>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

thread_local! {
    static LINK: RefCell<Option<Rc<Link>>> = const { RefCell::new(None) };
    static GENERATION: Cell<u32> = const { Cell::new(0) };
}

fn now() -> u64 {
    js_sys::Date::now() as u64
}

fn sentence(e: &JsValue) -> String {
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

/// The worker of `generation`, if it is still the one in use.
fn current(generation: u32) -> Option<Rc<Link>> {
    LINK.with(|l| l.borrow().clone())
        .filter(|link| link.generation == generation)
}

/// Ends the worker: each request that was waiting gets its sentence, and whoever waits for the
/// worker to be ready is told it will not be.
fn end(link: &Link, ended: Vec<(Settle, Ended)>) {
    LINK.with(|l| {
        let mut l = l.borrow_mut();
        if l.as_ref().is_some_and(|c| c.generation == link.generation) {
            *l = None;
        }
    });
    link.worker.terminate();
    link.timer.borrow_mut().take();
    for ((_, reject), why) in ended {
        let _ = reject.call1(&JsValue::NULL, &JsValue::from_str(&why.to_string()));
    }
    if let Some((_, reject)) = link.ready_settle.borrow_mut().take() {
        let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("the worker ended"));
    }
}

/// Sets the timer to the earliest deadline of a waiting request (or none).
fn arm(link: &Link) {
    let next = link.pending.borrow().next_deadline();
    let generation = link.generation;
    *link.timer.borrow_mut() = next.map(|deadline| {
        // setTimeout takes at most 2^31 - 1 ms (longer fires at once).
        let wait = deadline.saturating_sub(now()).min(i32::MAX as u64) as u32;
        Timeout::new(wait, move || {
            if let Some(link) = current(generation) {
                let ended = link.pending.borrow_mut().due(now());
                if ended.is_empty() {
                    arm(&link);
                } else {
                    end(&link, ended);
                }
            }
        })
    });
}

fn on_message(generation: u32, e: web_sys::MessageEvent) {
    let Some(link) = current(generation) else {
        return;
    };
    let data = e.data();
    // An answer is read here, so that one that does not read ends the worker like any other
    // message out of turn (core::pending decides), and the next job starts a fresh one.
    let mut answered = None;
    let heard = match to_app::receive(&data) {
        Reply::Ready => Heard::Ready,
        Reply::Answer(id) => {
            let contents = to_app::contents(&data);
            match serde_json::from_str::<Answer>(&contents.json) {
                Ok(answer) => {
                    answered = Some((id, (answer, contents.bytes)));
                    Heard::Answer(id)
                }
                Err(_) => Heard::BadAnswer(id),
            }
        }
        Reply::Other => Heard::Unreadable,
    };
    let verdict = link.pending.borrow_mut().heard(heard);
    match verdict {
        Verdict::Ready => {
            if let Some((resolve, _)) = link.ready_settle.borrow_mut().take() {
                let _ = resolve.call0(&JsValue::NULL);
            }
        }
        Verdict::Answer((resolve, _)) => {
            if let Some((id, answer)) = answered {
                link.answers.borrow_mut().insert(id, answer);
            }
            let _ = resolve.call0(&JsValue::NULL);
            arm(&link);
        }
        Verdict::Late => {}
        Verdict::Stop(ended) => end(&link, ended),
    }
}

fn start() -> Result<Rc<Link>, String> {
    let worker = web_sys::Worker::new(&crate::platform::dom::asset(LOADER)).map_err(|e| {
        format!(
            "the import/export worker could not start ({})",
            sentence(&e)
        )
    })?;
    let generation = GENERATION.with(|g| {
        g.set(g.get().wrapping_add(1));
        g.get()
    });
    let mut ready_settle = None;
    let ready = Promise::new(&mut |resolve, reject| ready_settle = Some((resolve, reject)));
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e| on_message(generation, e));
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        e.prevent_default();
        if let Some(link) = current(generation) {
            let ended = link
                .pending
                .borrow_mut()
                .fail("the import/export worker stopped (it could not load, or it failed)");
            end(&link, ended);
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    worker.set_onmessageerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Rc::new(Link {
        generation,
        worker,
        ready,
        ready_settle: RefCell::new(ready_settle),
        pending: RefCell::new(Pending::default()),
        answers: RefCell::new(HashMap::new()),
        timer: RefCell::new(None),
        _on_message: on_message,
        _on_error: on_error,
    }))
}

fn link() -> Result<Rc<Link>, String> {
    if let Some(link) = LINK.with(|l| l.borrow().clone()) {
        return Ok(link);
    }
    let link = start()?;
    LINK.with(|l| *l.borrow_mut() = Some(link.clone()));
    Ok(link)
}

/// Ends every request of `job` that waits (the user cancelled it): each gets "it was cancelled",
/// and the worker, busy with it, ends too. Nothing happens when none of `job` waits.
pub fn cancel(job: Job) {
    if let Some(link) = LINK.with(|l| l.borrow().clone()) {
        let ended = link.pending.borrow_mut().cancel(job);
        if !ended.is_empty() {
            end(&link, ended);
        }
    }
}

/// Sends `request` (numbered here; `bytes` of input) and waits for its answer, or for the
/// sentence that says why none will come.
async fn call(request: Request, job: Job, bytes: usize) -> Result<Answered, String> {
    let link = link()?;
    let mut settle = None;
    let answer = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    let Some(settle) = settle else {
        // `Promise::new` calls its executor at once; this cannot happen.
        return Err("the request could not be made".into());
    };
    let id = link
        .pending
        .borrow_mut()
        .add(job, bytes as u64, now(), settle);
    arm(&link);
    // When the worker ends before it is ready, `answer` was already given the reason.
    if JsFuture::from(link.ready.clone()).await.is_ok() && link.pending.borrow_mut().sent(id, now())
    {
        arm(&link);
        let (message, transfer) = request.numbered(id);
        if let Err(e) = link.worker.post_message_with_transfer(&message, &transfer) {
            link.pending.borrow_mut().remove(id);
            arm(&link);
            return Err(format!(
                "the file could not be handed to the import/export worker ({})",
                sentence(&e)
            ));
        }
    }
    JsFuture::from(answer).await.map_err(|e| sentence(&e))?;
    // The promise resolves only after its answer was put here.
    let answered = link.answers.borrow_mut().remove(&id);
    answered.ok_or_else(|| "the import/export worker's answer was lost".to_string())
}

/// Reads one file (not a Postil file) into articles in the worker.
pub async fn read(name: &str, bytes: Vec<u8>) -> Result<Answer, String> {
    let size = bytes.len();
    let request = Request::read(name, &bytes);
    // The request holds its own copy until the worker takes it over: do not keep two.
    drop(bytes);
    Ok(call(request, Job::Import, size).await?.0)
}

/// Exports `corpus` (Postil native JSON) as the format `kind` (a `Kind::id`) in the worker. With
/// `preview`, only the answer comes back (what would be dropped), not the file.
pub async fn export(
    kind: &str,
    corpus: String,
    annotator: &str,
    preview: bool,
) -> Result<(Answer, Vec<u8>), String> {
    let size = corpus.len();
    let request = Request::export(kind, &corpus, annotator, preview);
    let job = if preview { Job::Preview } else { Job::Export };
    let (answer, bytes) = call(request, job, size).await?;
    Ok((answer, bytes.unwrap_or_default()))
}

/// Makes an article of pasted text in the worker (which normalises it, as it does every file).
pub async fn paste(title: &str, body: &str) -> Result<Answer, String> {
    let request = Request::paste(title, body);
    Ok(call(request, Job::Paste, title.len() + body.len()).await?.0)
}

/// Finds the regular expression `pattern` in `text` in the worker.
pub async fn search(text: &str, pattern: &str, case_sensitive: bool) -> Result<Answer, String> {
    let request = Request::search(text, pattern, case_sensitive);
    Ok(call(request, Job::Search, text.len()).await?.0)
}
