//! Postil's import/export worker: a Web Worker the app starts on first use, holding every
//! exchange format's reader and writer so that the app's own wasm (first paint) does not.
//!
//! The messages are `postil_wire`'s (requests to read a file, export a corpus, make an
//! article of pasted text or find a regular expression; a ready message, then one answer per
//! request); the work itself is `postil_core::jobs`, tested on
//! the host. This file only connects the two.

#[cfg(target_arch = "wasm32")]
mod shell {
    use postil_core::jobs::{self, Answer};
    use postil_wire::{to_app, to_worker, to_worker::Job};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    /// The answer to one job, and the bytes to send beside it (an export's file).
    fn answer(job: Job) -> (Answer, Option<Vec<u8>>) {
        match job {
            Job::Read { name, bytes } => (jobs::read(&name, &bytes), None),
            Job::Export {
                kind,
                corpus,
                annotator,
                preview,
            } => {
                let (answer, bytes) = jobs::export(&kind, &corpus, annotator.as_deref());
                (answer, (!preview).then_some(bytes))
            }
            Job::Paste { title, body } => (jobs::paste(&title, &body), None),
            Job::Search {
                text,
                pattern,
                case_sensitive,
            } => (jobs::search(&text, &pattern, case_sensitive), None),
            Job::Unknown { op } => (
                Answer::Refused {
                    error: format!("the import/export worker does not know “{op}”"),
                },
                None,
            ),
        }
    }

    pub fn start() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let reply_to = scope.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            // A request without a number could not be matched to its answer; the app numbers
            // every one.
            let Some((id, job)) = to_worker::receive(&e.data()) else {
                return;
            };
            let (answer, bytes) = answer(job);
            let json = answer.to_json();
            let (out, transfer) = to_app::answer(id, &json, bytes.as_deref());
            // Posting to our own parent cannot fail for plain objects and array buffers.
            let _ = reply_to.post_message_with_transfer(&out, &transfer);
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The handler lives as long as the worker does.
        on_message.forget();
        let _ = scope.post_message(&to_app::ready());
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    shell::start();
}
