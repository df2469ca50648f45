//! The storage adapter and the start-up loader in headless Chromium: blocked storage, full
//! storage, and stored data that cannot be read.
#![cfg(target_arch = "wasm32")]

use postil::persist::{self, Boot};
use postil::platform::storage::{Storage, StorageError};
use postil_core::store;
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = "
export function full_storage() {
  const data = new Map();
  return {
    get length() { return data.size; },
    key(i) { return [...data.keys()][i] ?? null; },
    getItem(k) { return data.has(k) ? data.get(k) : null; },
    setItem(k, v) { throw new DOMException('exceeded the quota', 'QuotaExceededError'); },
    removeItem(k) { data.delete(k); },
  };
}
export function blocked_storage() {
  return {
    get length() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
  };
}
export function counted(storage) {
  const writes = [];
  return {
    writes,
    get length() { return storage.length; },
    key(i) { return storage.key(i); },
    getItem(k) { return storage.getItem(k); },
    setItem(k, v) { writes.push('set ' + k); storage.setItem(k, v); },
    removeItem(k) { writes.push('remove ' + k); storage.removeItem(k); },
  };
}
export function take_writes(counted) { return counted.writes.splice(0); }
")]
extern "C" {
    fn full_storage() -> JsValue;
    fn blocked_storage() -> JsValue;
    /// `storage`, with every write and removal through it written down.
    fn counted(storage: &web_sys::Storage) -> JsValue;
    /// The writes and removals (`set <key>`, `remove <key>`) since the last call.
    fn take_writes(counted: &JsValue) -> Vec<String>;
}

fn local() -> web_sys::Storage {
    let storage = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .expect("the test browser has localStorage");
    storage.clear().expect("clearing localStorage");
    storage
}

/// Every key and value in `storage`, sorted.
fn snapshot(storage: &web_sys::Storage) -> BTreeMap<String, String> {
    (0..storage.length().unwrap())
        .filter_map(|i| storage.key(i).unwrap())
        .map(|k| {
            let v = storage.get_item(&k).unwrap().unwrap_or_default();
            (k, v)
        })
        .collect()
}

#[wasm_bindgen_test]
fn blocked_storage_falls_back_to_memory_and_reports_every_write() {
    for result in [
        Err(JsValue::from(
            web_sys::DomException::new_with_message_and_name("no", "SecurityError").unwrap(),
        )),
        Ok(None),
        Ok(Some(blocked_storage().unchecked_into())),
    ] {
        let storage = Rc::new(Storage::from_window_result(result));
        assert!(storage.is_blocked());
        assert_eq!(storage.set("postil/v1/x", "1"), Err(StorageError::Blocked));
        // Memory still holds it for this tab.
        assert_eq!(storage.get("postil/v1/x").as_deref(), Some("1"));
        assert_eq!(storage.keys("postil/"), vec!["postil/v1/x".to_string()]);
    }
}

#[wasm_bindgen_test]
fn blocked_storage_starts_the_sample_with_a_warning() {
    let storage = Rc::new(Storage::from_window_result(Ok(None)));
    let started = persist::start(&Boot::local(storage.clone()));
    assert!(started
        .state
        .storage_warning
        .as_deref()
        .unwrap_or("")
        .contains("Export JSON"));
    assert_eq!(started.state.doc().id(), postil_core::sample::SAMPLE_ID);
}

#[wasm_bindgen_test]
fn full_storage_reports_quota_errors() {
    let storage = Rc::new(Storage::from_window_result(Ok(Some(
        full_storage().unchecked_into(),
    ))));
    assert!(!storage.is_blocked());
    assert_eq!(storage.set("postil/v1/x", "1"), Err(StorageError::Full));
    assert!(StorageError::Full.warning().contains("storage is full"));
    let mut started = persist::start(&Boot::local(storage.clone()));
    assert_eq!(
        started.saver.save(&storage, &started.state.ws).0,
        Err(StorageError::Full)
    );
}

#[wasm_bindgen_test]
fn real_local_storage_round_trip() {
    let raw = local();
    let storage = Rc::new(Storage::from_window_result(Ok(Some(raw.clone()))));
    assert!(!storage.is_blocked());
    assert_eq!(storage.set("postil/v1/a", "ü👍"), Ok(()));
    assert_eq!(storage.get("postil/v1/a").as_deref(), Some("ü👍"));
    assert_eq!(storage.keys("postil/v1/"), vec!["postil/v1/a".to_string()]);
    // Measured where it is, in UTF-16 code units as the browser counts them.
    assert_eq!(storage.utf16_len("postil/v1/a"), Some(3));
    assert_eq!(storage.utf16_len("postil/v1/none"), None);
    assert_eq!(storage.remove("postil/v1/a"), Ok(()));
    assert_eq!(storage.get("postil/v1/a"), None);

    // First start writes the sample; a second start finds it and writes nothing new. The
    // adapter works on the same localStorage through a wrapper that writes down every write.
    let counted = counted(&raw);
    let watched = Rc::new(Storage::from_window_result(Ok(Some(
        counted.clone().unchecked_into(),
    ))));
    let mut started = persist::start(&Boot::local(watched.clone()));
    assert_eq!(started.saver.save(&watched, &started.state.ws).0, Ok(()));
    let id = postil_core::sample::SAMPLE_ID;
    let first = take_writes(&counted);
    for key in [store::doc_key(id), store::INDEX_KEY.to_string()] {
        assert!(first.contains(&format!("set {key}")), "{first:?}");
        assert!(watched.get(&key).is_some());
    }
    let stored = snapshot(&raw);
    let mut again = persist::start(&Boot::local(watched.clone()));
    assert!(again.state.notice.is_none());
    assert_eq!(again.state.doc().id(), id);
    let (saved, texts) = again.saver.save(&watched, &again.state.ws);
    assert_eq!(saved, Ok(()));
    assert!(texts.is_empty(), "{texts:?}");
    assert_eq!(take_writes(&counted), Vec::<String>::new());
    assert_eq!(snapshot(&raw), stored);
    raw.clear().unwrap();
}

#[wasm_bindgen_test]
fn corrupt_data_is_backed_up_and_left_in_place() {
    let raw = local();
    let storage = Rc::new(Storage::from_window_result(Ok(Some(raw.clone()))));
    let mut started = persist::start(&Boot::local(storage.clone()));
    started.saver.save(&storage, &started.state.ws).0.unwrap();
    let key = store::annotations_key(postil_core::sample::SAMPLE_ID);
    raw.set_item(&key, "{\"version\":1,").unwrap();

    let mut started = persist::start(&Boot::local(storage.clone()));
    let notice = started
        .state
        .notice
        .clone()
        .expect("a notice about the unreadable data");
    assert!(notice.text.contains("could not be read"), "{notice:?}");
    assert!(notice.details[0].contains(&key), "{notice:?}");
    let backups: Vec<String> = storage.keys("postil/v1/backup/");
    assert_eq!(backups.len(), 1);
    assert_eq!(storage.get(&backups[0]).as_deref(), Some("{\"version\":1,"));
    // Saving right after start writes nothing over it.
    assert_eq!(started.saver.save(&storage, &started.state.ws).0, Ok(()));
    assert_eq!(storage.get(&key).as_deref(), Some("{\"version\":1,"));
    raw.clear().unwrap();
}
