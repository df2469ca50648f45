//! The IndexedDB text store, the quota helpers and the storage meter in headless Chromium.
//! Each test uses its own database and deletes it at the end.
#![cfg(target_arch = "wasm32")]

use postil::components::storage_meter::{StorageMeter, StorageMeterProps};
use postil::platform::idb::{IdbError, TextStore};
use postil::platform::quota;
use postil::platform::storage::Storage;
use postil_core::quota::human_bytes;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{DomException, Element, HtmlElement};
use yew::prelude::*;
use yew::scheduler::flush;

wasm_bindgen_test_configure!(run_in_browser);

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A store on an empty database of this name.
async fn fresh(name: &str) -> TextStore {
    TextStore::delete_named(name).await.expect("deleting");
    TextStore::open_named(name).await.expect("opening")
}

async fn discard(store: TextStore, name: &str) {
    store.close();
    TextStore::delete_named(name).await.expect("deleting");
}

#[wasm_bindgen_test]
async fn put_many_then_get_all_returns_every_pair_in_key_order() {
    let name = "test-round-trip";
    let store = fresh(name).await;
    assert_eq!(store.get_all().await, Ok(vec![]));
    let items = pairs(&[
        ("postil/v1/doc/b", "{\"text\":\"ü👍 中文\"}"),
        ("postil/v1/doc/a", ""),
        ("postil/v1/doc/c", "x"),
    ]);
    assert_eq!(store.put_many(&items).await, Ok(()));
    let mut sorted = items.clone();
    sorted.sort();
    assert_eq!(store.get_all().await, Ok(sorted));
    assert_eq!(
        store.get("postil/v1/doc/b").await,
        Ok(Some("{\"text\":\"ü👍 中文\"}".to_string()))
    );
    assert_eq!(store.get("postil/v1/doc/a").await, Ok(Some(String::new())));
    discard(store, name).await;
}

#[wasm_bindgen_test]
async fn put_many_overwrites_and_delete_many_removes() {
    let name = "test-overwrite-delete";
    let store = fresh(name).await;
    let items = pairs(&[("k1", "one"), ("k2", "two"), ("k3", "three")]);
    store.put_many(&items).await.unwrap();
    store.put_many(&pairs(&[("k2", "TWO")])).await.unwrap();
    assert_eq!(store.get("k2").await, Ok(Some("TWO".to_string())));
    assert_eq!(store.get_all().await.unwrap().len(), 3);

    // An absent key is no error.
    let gone = vec!["k1".to_string(), "k3".to_string(), "never".to_string()];
    assert_eq!(store.delete_many(&gone).await, Ok(()));
    assert_eq!(store.get_all().await, Ok(pairs(&[("k2", "TWO")])));
    assert_eq!(store.get("k1").await, Ok(None));
    // Nothing to do is done without a transaction.
    assert_eq!(store.put_many(&[]).await, Ok(()));
    assert_eq!(store.delete_many(&[]).await, Ok(()));
    discard(store, name).await;
}

#[wasm_bindgen_test]
async fn get_of_a_missing_key_is_none() {
    let name = "test-missing";
    let store = fresh(name).await;
    assert_eq!(store.get("postil/v1/doc/nothing").await, Ok(None));
    discard(store, name).await;
}

#[wasm_bindgen_test]
async fn a_second_open_sees_the_data() {
    let name = "test-second-open";
    let first = fresh(name).await;
    first.put_many(&pairs(&[("k", "kept")])).await.unwrap();
    first.close();
    let second = TextStore::open_named(name).await.expect("reopening");
    assert_eq!(second.get_all().await, Ok(pairs(&[("k", "kept")])));
    // Clones share the connection.
    let clone = second.clone();
    assert_eq!(clone.get("k").await, Ok(Some("kept".to_string())));
    discard(second, name).await;
}

#[wasm_bindgen_test]
async fn an_open_connection_gives_way_when_the_database_is_deleted() {
    let name = "test-versionchange";
    let store = fresh(name).await;
    store.put_many(&pairs(&[("k", "v")])).await.unwrap();
    // Without close-on-versionchange this would wait for `store` forever.
    assert_eq!(TextStore::delete_named(name).await, Ok(()));
    assert!(
        matches!(store.get_all().await, Err(IdbError::Unavailable(_))),
        "the old connection is closed"
    );
    let again = TextStore::open_named(name).await.unwrap();
    assert_eq!(again.get_all().await, Ok(vec![]));
    discard(again, name).await;
}

#[wasm_bindgen_test]
async fn calls_on_a_closed_store_fail_without_panicking() {
    let name = "test-closed";
    let store = fresh(name).await;
    store.close();
    let err = store.put_many(&pairs(&[("k", "v")])).await.unwrap_err();
    assert!(matches!(err, IdbError::Unavailable(_)), "{err:?}");
    assert!(err.to_string().contains("reload the page"), "{err}");
    assert!(store.get("k").await.is_err());
    assert!(store.delete_many(&["k".to_string()]).await.is_err());
    TextStore::delete_named(name).await.unwrap();
}

#[wasm_bindgen_test]
fn browser_exceptions_map_to_errors_by_name() {
    for (name, expected) in [
        ("QuotaExceededError", IdbError::Full),
        ("SecurityError", IdbError::Unavailable("m".into())),
        ("NotAllowedError", IdbError::Unavailable("m".into())),
        ("UnknownError", IdbError::Failed("UnknownError: m".into())),
    ] {
        let e = DomException::new_with_message_and_name("m", name).unwrap();
        assert_eq!(IdbError::from(e), expected, "{name}");
    }
    let closed = DomException::new_with_message_and_name("m", "InvalidStateError").unwrap();
    assert!(
        matches!(IdbError::from(closed), IdbError::Unavailable(why) if why.contains("connection was closed"))
    );
    assert_eq!(IdbError::Full.to_string(), "the browser's storage is full");
}

#[wasm_bindgen_test]
async fn a_thousand_ten_kilobyte_texts_in_one_transaction() {
    let name = "test-thousand";
    let store = fresh(name).await;
    let paragraph = "Die Straße 👍 leads north; 中文 words and plain ASCII words follow. ";
    let items: Vec<(String, String)> = (0..1000)
        .map(|i| {
            let body = paragraph.repeat(10_000 / paragraph.len() + 1);
            (
                format!("postil/v1/doc/{i:04}"),
                format!("{{\"id\":{i},\"text\":\"{body}\"}}"),
            )
        })
        .collect();
    let bytes: usize = items.iter().map(|(k, v)| k.len() + v.len()).sum();

    let start = js_sys::Date::now();
    store.put_many(&items).await.expect("writing 1,000 texts");
    let written = js_sys::Date::now();
    let read = store.get_all().await.expect("reading 1,000 texts");
    let done = js_sys::Date::now();
    web_sys::console::log_1(
        &format!(
            "1,000 texts, {:.1} MB of UTF-8: put_many {:.0} ms, get_all {:.0} ms",
            bytes as f64 / 1e6,
            written - start,
            done - written
        )
        .into(),
    );
    assert_eq!(read, items);
    discard(store, name).await;
}

#[wasm_bindgen_test]
async fn quota_helpers_answer_on_localhost() {
    // The test runner serves from localhost, a secure context, so the Storage API is there.
    let estimate = quota::estimate().await.expect("an estimate");
    assert!(
        estimate.quota > 0.0 && estimate.usage >= 0.0,
        "{estimate:?}"
    );
    assert!(quota::persisted().await.is_some());
}

#[wasm_bindgen_test]
fn local_storage_bytes_counts_utf16_of_postil_keys_only() {
    // Memory-backed: writes report `Blocked` but are kept, which is all this needs.
    let storage = Storage::from_window_result(Ok(None));
    let _ = storage.set("postil/v1/a", "ü👍"); // 11 + 3 code units
    let _ = storage.set("postil/v1/b", ""); // 11
    let _ = storage.set("other", "not ours");
    assert_eq!(quota::local_storage_bytes(&storage), (11 + 3 + 11) * 2);
}

const MB: f64 = 1024.0 * 1024.0;

fn meter_props(usage: f64, local_mb: f64, persisted: Option<bool>) -> StorageMeterProps {
    StorageMeterProps {
        usage: Some(usage * MB),
        quota: Some(100.0 * MB),
        local_bytes: (local_mb * MB) as u64,
        local_limit: 10 * 1024 * 1024,
        persisted,
        on_persist: Callback::noop(),
    }
}

/// Renders the meter alone and returns its root element's text and the root.
async fn render(props: StorageMeterProps) -> (Element, yew::AppHandle<StorageMeter>) {
    let document = web_sys::window().and_then(|w| w.document()).unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<StorageMeter>::with_root_and_props(root.clone(), props).render();
    flush().await;
    (root, handle)
}

fn warning_text(root: &Element) -> Option<String> {
    root.query_selector(".storage-warning[role=alert]")
        .unwrap()
        .map(|w| w.text_content().unwrap_or_default())
}

#[wasm_bindgen_test]
async fn meter_warns_only_above_eighty_percent() {
    // (origin MB of 100, labels MB of 10) -> the warning's part, if any.
    for (usage, local, expected) in [
        (12.3, 0.4, None),
        (80.0, 8.0, None),
        (81.0, 0.4, Some("81% of the browser's space is used")),
        (10.0, 9.5, Some("labels take 95% of their limit")),
        (
            99.0,
            12.0,
            Some("99% of the browser's space is used; labels take 120%"),
        ),
    ] {
        let (root, handle) = render(meter_props(usage, local, None)).await;
        let text = root.text_content().unwrap_or_default();
        assert!(
            text.contains(&format!(
                "Storage: {} of 100 MB used",
                human_bytes(usage * MB)
            )),
            "{text}"
        );
        assert!(
            text.contains("of 10 MB (browser limit for labels)"),
            "{text}"
        );
        match (warning_text(&root), expected) {
            (None, None) => {}
            (Some(w), Some(part)) => assert!(w.contains(part), "{w}"),
            (w, e) => panic!("at {usage} MB / {local} MB: warning {w:?}, expected {e:?}"),
        }
        assert_eq!(root.query_selector_all("meter").unwrap().length(), 2);
        let bar = root.query_selector("meter").unwrap().unwrap();
        let shown: f64 = bar.get_attribute("value").unwrap().parse().unwrap();
        assert!((shown - (usage / 100.0)).abs() < 1e-9, "{shown}");
        handle.destroy();
        root.remove();
    }
}

#[wasm_bindgen_test]
async fn meter_offers_to_persist_and_says_when_it_is() {
    let asked = Rc::new(Cell::new(0));
    let count = asked.clone();
    let props = StorageMeterProps {
        on_persist: Callback::from(move |()| count.set(count.get() + 1)),
        ..meter_props(1.0, 0.1, Some(false))
    };
    let (root, handle) = render(props).await;
    let button = root
        .query_selector("button.storage-persist")
        .unwrap()
        .expect("the persist button");
    assert!(button
        .text_content()
        .unwrap_or_default()
        .contains("Keep my data"));
    button.unchecked_ref::<HtmlElement>().click();
    flush().await;
    assert_eq!(asked.get(), 1);
    handle.destroy();
    root.remove();

    let (root, handle) = render(meter_props(1.0, 0.1, Some(true))).await;
    let text = root.text_content().unwrap_or_default();
    assert!(
        text.contains("The browser keeps this data persistently."),
        "{text}"
    );
    assert!(root.query_selector("button").unwrap().is_none());
    handle.destroy();
    root.remove();

    // Unknown: neither the button nor the claim; unknown figures are said to be unknown.
    let props = StorageMeterProps {
        usage: None,
        quota: None,
        ..meter_props(1.0, 0.1, None)
    };
    let (root, handle) = render(props).await;
    let text = root.text_content().unwrap_or_default();
    assert!(root.query_selector("button").unwrap().is_none());
    assert!(!text.contains("persistently"), "{text}");
    assert!(text.contains("does not say how much is used"), "{text}");
    assert_eq!(root.query_selector_all("meter").unwrap().length(), 1);
    handle.destroy();
    root.remove();
}
