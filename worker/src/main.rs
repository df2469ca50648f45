//! Postil's import/export worker: a Web Worker the app starts on first use, holding every
//! exchange format's reader and writer so that the app's own wasm (first paint) does not.
//!
//! Messages in: `{op: "read", id, name, bytes: Uint8Array}` and
//! `{op: "export", id, kind, corpus, annotator, preview}` (corpus: Postil native JSON).
//! Messages out: `{ready: true}` once listening (messages sent before that would be lost, so
//! the app waits for it), then `{id, json, bytes?}` per request, `json` being a
//! `postil_core::jobs::Answer`. The work itself is `postil_core::jobs`, tested on the host.

#[cfg(target_arch = "wasm32")]
mod shell {
    use postil_core::jobs::{self, Answer};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    fn get(o: &JsValue, key: &str) -> JsValue {
        js_sys::Reflect::get(o, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }

    fn text(o: &JsValue, key: &str) -> String {
        get(o, key).as_string().unwrap_or_default()
    }

    /// The answer to one request, and the bytes to send beside it (an export's file).
    fn answer(data: &JsValue) -> (Answer, Option<Vec<u8>>) {
        match text(data, "op").as_str() {
            "read" => {
                let bytes = js_sys::Uint8Array::new(&get(data, "bytes")).to_vec();
                (jobs::read(&text(data, "name"), &bytes), None)
            }
            "export" => {
                let annotator = text(data, "annotator");
                let annotator = (!annotator.is_empty()).then_some(annotator.as_str());
                let (answer, bytes) =
                    jobs::export(&text(data, "kind"), &text(data, "corpus"), annotator);
                let preview = get(data, "preview").as_bool().unwrap_or(false);
                (answer, (!preview).then_some(bytes))
            }
            op => (
                Answer::Refused {
                    error: format!("the import/export worker does not know “{op}”"),
                },
                None,
            ),
        }
    }

    fn set(o: &js_sys::Object, key: &str, value: &JsValue) {
        // Setting a property on a plain new object cannot fail.
        let _ = js_sys::Reflect::set(o, &JsValue::from_str(key), value);
    }

    pub fn start() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let reply_to = scope.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e.data();
            let (answer, bytes) = answer(&data);
            let out = js_sys::Object::new();
            set(&out, "id", &get(&data, "id"));
            let json = serde_json::to_string(&answer).unwrap_or_else(|e| {
                format!(r#"{{"answer":"refused","error":"the answer could not be written ({e})"}}"#)
            });
            set(&out, "json", &JsValue::from_str(&json));
            let transfer = js_sys::Array::new();
            if let Some(bytes) = bytes {
                let array = js_sys::Uint8Array::from(bytes.as_slice());
                transfer.push(&array.buffer());
                set(&out, "bytes", &array);
            }
            // Posting to our own parent cannot fail for plain objects and array buffers.
            let _ = reply_to.post_message_with_transfer(&out, &transfer);
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        // The handler lives as long as the worker does.
        on_message.forget();
        let ready = js_sys::Object::new();
        set(&ready, "ready", &JsValue::TRUE);
        let _ = scope.post_message(&ready);
    }
}

fn main() {
    #[cfg(target_arch = "wasm32")]
    shell::start();
}
