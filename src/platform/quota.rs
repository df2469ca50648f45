//! How much the browser lets Postil keep, and whether it may clear it.
//!
//! `navigator.storage` (the Storage API) exists only in secure contexts (https, localhost) and
//! in recent browsers; every function here returns `None` where it is missing or fails, so the
//! caller shows "unknown" instead of a guess.
//!
//! localStorage is counted separately: the Storage API's `usage` is an estimate over all of
//! the origin's storage, and localStorage has its own, much smaller limit.

use crate::platform::storage::Storage;
use postil_core::text;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{StorageEstimate, StorageManager};

/// Prefix of every key Postil writes to localStorage.
pub const KEY_PREFIX: &str = "postil/";

/// What localStorage holds at most per origin, in bytes as [`local_storage_bytes`] counts them:
/// Chromium allows 10 MiB per origin (`kPerStorageAreaQuota`), counting strings as UTF-16,
/// i.e. 5 Mi (5,242,880) UTF-16 code units of keys and values together. Firefox's default
/// limit is about as large. Chromium stores all-Latin-1 strings in one byte per character, so
/// for mostly-ASCII labels the true limit is higher: this one errs on the safe side.
pub const LOCAL_STORAGE_LIMIT_BYTES: u64 = 10 * 1024 * 1024;

/// The origin's storage use and quota in bytes, as the browser estimates them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub usage: f64,
    pub quota: f64,
}

/// `navigator.storage.estimate()`; `None` where unsupported or refused.
pub async fn estimate() -> Option<Estimate> {
    let promise = manager()?.estimate().ok()?;
    let found = JsFuture::from(promise).await.ok()?;
    // A dictionary, not a class: `instanceof` cannot check it, so check it is an object.
    if !found.is_object() {
        return None;
    }
    let found: StorageEstimate = found.unchecked_into();
    Some(Estimate {
        usage: found.get_usage()?,
        quota: found.get_quota()?,
    })
}

/// `navigator.storage.persisted()`: whether the browser has promised not to clear Postil's
/// data under storage pressure.
pub async fn persisted() -> Option<bool> {
    let promise = manager()?.persisted().ok()?;
    JsFuture::from(promise).await.ok()?.as_bool()
}

/// `navigator.storage.persist()`: asks for that promise. Chromium decides without asking the
/// person (by site engagement, bookmarks, installed app); Firefox shows a prompt.
pub async fn request_persist() -> Option<bool> {
    let promise = manager()?.persist().ok()?;
    JsFuture::from(promise).await.ok()?.as_bool()
}

/// What Postil's keys take in localStorage, in bytes: (key + value) in UTF-16 code units × 2
/// over every key under [`KEY_PREFIX`]. Other sites' keys do not count (they have their own
/// origin), other apps on the same origin are not Postil's business. Compare with
/// [`LOCAL_STORAGE_LIMIT_BYTES`].
pub fn local_storage_bytes(storage: &Storage) -> u64 {
    storage
        .keys(KEY_PREFIX)
        .iter()
        .map(|key| u64::from(text::utf16_len(key)) + storage.utf16_len(key).unwrap_or(0))
        .sum::<u64>()
        * 2
}

/// `navigator.storage`, if this browser and context have it. The web-sys getter assumes it is
/// there, so check first: an insecure context has `undefined`.
fn manager() -> Option<StorageManager> {
    let navigator = web_sys::window()?.navigator();
    let storage = js_sys::Reflect::get(&navigator, &JsValue::from_str("storage")).ok()?;
    storage.dyn_into::<StorageManager>().ok()
}
