//! Requests, from the app to the worker: built by the app with [`Request`], read by the worker
//! with [`receive`]. Besides files to read and corpora to export, the worker makes articles of
//! pasted text and finds regular expressions: both need code (normalisation tables,
//! `regex-lite`) that the app's first load does without.

use crate::{get, id, set, text, ID};
use js_sys::{Array, Object, Uint8Array};
use wasm_bindgen::JsValue;

const OP: &str = "op";
const READ: &str = "read";
const EXPORT: &str = "export";
const NAME: &str = "name";
const BYTES: &str = "bytes";
const KIND: &str = "kind";
const CORPUS: &str = "corpus";
const ANNOTATOR: &str = "annotator";
const PREVIEW: &str = "preview";
const PASTE: &str = "paste";
const TITLE: &str = "title";
const BODY: &str = "body";
const SEARCH: &str = "search";
const TEXT: &str = "text";
const PATTERN: &str = "pattern";
const CASE_SENSITIVE: &str = "case_sensitive";

/// A request the app is about to send, not yet numbered: the message and the buffers it hands
/// over.
pub struct Request {
    message: Object,
    transfer: Array,
}

impl Request {
    /// Read the file `name` (its name tells its format) into articles. The bytes are copied
    /// into a JS array here, so the caller may drop its own at once.
    pub fn read(name: &str, bytes: &[u8]) -> Self {
        let message = Object::new();
        set(&message, OP, &JsValue::from_str(READ));
        set(&message, NAME, &JsValue::from_str(name));
        let array = Uint8Array::from(bytes);
        set(&message, BYTES, &array);
        let transfer = Array::of1(&array.buffer());
        Request { message, transfer }
    }

    /// Export `corpus` (Postil native JSON) as the format `kind` (a `Kind::id`); `annotator`
    /// is empty when there is none. With `preview`, the answer comes back without the file.
    pub fn export(kind: &str, corpus: &str, annotator: &str, preview: bool) -> Self {
        let message = Object::new();
        set(&message, OP, &JsValue::from_str(EXPORT));
        set(&message, KIND, &JsValue::from_str(kind));
        set(&message, CORPUS, &JsValue::from_str(corpus));
        set(&message, ANNOTATOR, &JsValue::from_str(annotator));
        set(&message, PREVIEW, &JsValue::from_bool(preview));
        Request {
            message,
            transfer: Array::new(),
        }
    }

    /// Make an article of a pasted title and text.
    pub fn paste(title: &str, body: &str) -> Self {
        let message = Object::new();
        set(&message, OP, &JsValue::from_str(PASTE));
        set(&message, TITLE, &JsValue::from_str(title));
        set(&message, BODY, &JsValue::from_str(body));
        Request {
            message,
            transfer: Array::new(),
        }
    }

    /// Find the regular expression `pattern` in `text`.
    pub fn search(text: &str, pattern: &str, case_sensitive: bool) -> Self {
        let message = Object::new();
        set(&message, OP, &JsValue::from_str(SEARCH));
        set(&message, TEXT, &JsValue::from_str(text));
        set(&message, PATTERN, &JsValue::from_str(pattern));
        set(
            &message,
            CASE_SENSITIVE,
            &JsValue::from_bool(case_sensitive),
        );
        Request {
            message,
            transfer: Array::new(),
        }
    }

    /// The message numbered `id` (its answer carries the same number), and the buffers to
    /// transfer with it (`post_message_with_transfer`).
    pub fn numbered(self, id: u32) -> (Object, Array) {
        set(&self.message, ID, &JsValue::from(id));
        (self.message, self.transfer)
    }
}

/// A request as the worker reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Job {
    /// Read one file into articles.
    Read { name: String, bytes: Vec<u8> },
    /// Export a corpus; without `preview`, the file's bytes go back with the answer.
    Export {
        kind: String,
        corpus: String,
        annotator: Option<String>,
        preview: bool,
    },
    /// Make an article of pasted text.
    Paste { title: String, body: String },
    /// Find a regular expression in a text.
    Search {
        text: String,
        pattern: String,
        case_sensitive: bool,
    },
    /// An `op` this worker does not know (an app newer than its worker, say).
    Unknown { op: String },
}

/// The worker's reading of a message: its number and the job. `None` when it has no number,
/// as then no answer could find its request.
pub fn receive(data: &JsValue) -> Option<(u32, Job)> {
    let id = id(data)?;
    let job = match text(data, OP).as_str() {
        READ => Job::Read {
            name: text(data, NAME),
            bytes: Uint8Array::new(&get(data, BYTES)).to_vec(),
        },
        EXPORT => Job::Export {
            kind: text(data, KIND),
            corpus: text(data, CORPUS),
            annotator: Some(text(data, ANNOTATOR)).filter(|a| !a.is_empty()),
            preview: get(data, PREVIEW).as_bool().unwrap_or(false),
        },
        PASTE => Job::Paste {
            title: text(data, TITLE),
            body: text(data, BODY),
        },
        SEARCH => Job::Search {
            text: text(data, TEXT),
            pattern: text(data, PATTERN),
            case_sensitive: get(data, CASE_SENSITIVE).as_bool().unwrap_or(false),
        },
        op => Job::Unknown { op: op.to_owned() },
    };
    Some((id, job))
}
