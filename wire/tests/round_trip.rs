//! Every message, written by one side and read by the other after the trip `postMessage` makes
//! (a structured clone, its buffers transferred). Runs in Node:
//! `cargo test -p postil-wire --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, Uint8Array};
use postil_wire::to_app::{self, Contents, Reply};
use postil_wire::to_worker::{self, Job, Request};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = structuredClone)]
    fn structured_clone(value: &JsValue, options: &JsValue) -> JsValue;
}

/// What the other side's `onmessage` gets (`postMessage` clones the same way), and the
/// message as the sender still holds it.
fn post((message, transfer): (Object, Array)) -> (JsValue, Object) {
    let options = Object::new();
    Reflect::set(&options, &"transfer".into(), &transfer).unwrap();
    (structured_clone(&message, &options), message)
}

/// The length of the sender's `bytes` array after posting: 0 once its buffer was transferred.
fn bytes_left(sent: &Object) -> u32 {
    let array: Uint8Array = Reflect::get(sent, &"bytes".into())
        .unwrap()
        .unchecked_into();
    array.byte_length()
}

#[wasm_bindgen_test]
fn requests_reach_the_worker_as_sent() {
    let text = "Zoë 👋 \r\n東京".as_bytes();
    let cases = vec![
        (
            Request::read("a.md", text),
            1,
            Job::Read {
                name: "a.md".into(),
                bytes: text.to_vec(),
            },
        ),
        (
            Request::read("empty.txt", b""),
            2,
            Job::Read {
                name: "empty.txt".into(),
                bytes: Vec::new(),
            },
        ),
        (
            Request::export("conll", r#"{"format":"postil"}"#, "Ada L.", false),
            u32::MAX,
            Job::Export {
                kind: "conll".into(),
                corpus: r#"{"format":"postil"}"#.into(),
                annotator: Some("Ada L.".into()),
                preview: false,
            },
        ),
        (
            Request::export("brat", "{}", "", true),
            0,
            Job::Export {
                kind: "brat".into(),
                corpus: "{}".into(),
                annotator: None,
                preview: true,
            },
        ),
        (
            Request::paste("Zoë 👋", "東京\r\n\r\nBody"),
            7,
            Job::Paste {
                title: "Zoë 👋".into(),
                body: "東京\r\n\r\nBody".into(),
            },
        ),
        (
            Request::search("Zoë 👋 \r\n東京", r"\w+ (?i)ZO", true),
            8,
            Job::Search {
                text: "Zoë 👋 \r\n東京".into(),
                pattern: r"\w+ (?i)ZO".into(),
                case_sensitive: true,
            },
        ),
        (
            Request::search("", "", false),
            9,
            Job::Search {
                text: String::new(),
                pattern: String::new(),
                case_sensitive: false,
            },
        ),
    ];
    for (request, id, job) in cases {
        let (data, _) = post(request.numbered(id));
        assert_eq!(to_worker::receive(&data), Some((id, job)));
    }
}

#[wasm_bindgen_test]
fn a_read_hands_its_bytes_over_instead_of_copying_them() {
    let (data, sent) = post(Request::read("a.txt", b"four").numbered(1));
    assert_eq!(bytes_left(&sent), 0);
    assert!(
        matches!(to_worker::receive(&data), Some((1, Job::Read { bytes, .. })) if bytes == b"four")
    );
}

#[wasm_bindgen_test]
fn the_worker_reads_what_it_cannot_do_and_what_it_cannot_answer() {
    let unknown = Object::new();
    Reflect::set(&unknown, &"id".into(), &JsValue::from(5)).unwrap();
    Reflect::set(&unknown, &"op".into(), &"sing".into()).unwrap();
    assert_eq!(
        to_worker::receive(&unknown),
        Some((5, Job::Unknown { op: "sing".into() }))
    );
    // No number: no answer could find its request.
    let (unnumbered, _) = Request::export("conll", "{}", "", false).numbered(1);
    Reflect::delete_property(&unnumbered, &"id".into()).unwrap();
    assert_eq!(to_worker::receive(&unnumbered), None);
}

#[wasm_bindgen_test]
fn answers_reach_the_app_as_sent() {
    let json = r#"{"exported":{"mime":"text/plain","dropped":["“Zoë”"]}}"#;
    let cases: &[(u32, Option<&[u8]>)] = &[
        (1, None),
        (2, Some(b"-DOCSTART- -X- O O\n")),
        (3, Some(b"")),
        (u32::MAX, Some("東京 👋".as_bytes())),
    ];
    for &(id, bytes) in cases {
        let (data, sent) = post(to_app::answer(id, json, bytes));
        assert_eq!(to_app::receive(&data), Reply::Answer(id));
        assert_eq!(
            to_app::contents(&data),
            Contents {
                json: json.into(),
                bytes: bytes.map(<[u8]>::to_vec),
            }
        );
        if bytes.is_some() {
            assert_eq!(bytes_left(&sent), 0, "the file's buffer is transferred");
        }
    }
}

#[wasm_bindgen_test]
fn the_app_tells_ready_from_answers_and_from_anything_else() {
    let (ready, _) = post((to_app::ready(), Array::new()));
    assert_eq!(to_app::receive(&ready), Reply::Ready);
    assert_eq!(to_app::receive(&Object::new()), Reply::Other);
    assert_eq!(to_app::receive(&JsValue::NULL), Reply::Other);
}
