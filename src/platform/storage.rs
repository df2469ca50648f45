//! The one storage adapter: browser localStorage when the browser allows it, memory otherwise.
//!
//! `window.localStorage` throws when storage is blocked (cookies off, sandboxed frames), and
//! writes throw `QuotaExceededError` when it is full. The adapter probes for both itself,
//! never panics, and returns a `Result` from every write so the app can tell the user.

use std::cell::RefCell;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

pub use postil_core::store::StorageError;

/// The browser's exception as a storage error, by its name.
fn from_js(e: JsValue) -> StorageError {
    match e.dyn_ref::<web_sys::DomException>().map(|d| d.name()) {
        Some(name) if name == "QuotaExceededError" => StorageError::Full,
        Some(name) if name == "SecurityError" => StorageError::Blocked,
        Some(name) => StorageError::Other(name),
        None => StorageError::Other(e.as_string().unwrap_or_else(|| format!("{e:?}"))),
    }
}

#[wasm_bindgen]
extern "C" {
    /// `window.localStorage` seen through one method of its own: `getItem` that leaves the
    /// value a JS string (web-sys's copies it into a Rust one).
    type RawStorage;
    #[wasm_bindgen(method, js_name = getItem, catch)]
    fn get_item(this: &RawStorage, key: &str) -> Result<Option<js_sys::JsString>, JsValue>;
}

enum Backend {
    Local(web_sys::Storage),
    Memory(RefCell<BTreeMap<String, String>>),
}

/// Key-value storage that never panics.
pub struct Storage {
    backend: Backend,
    /// Set when the browser refused storage at start.
    blocked: bool,
}

impl Storage {
    /// Opens the page's localStorage, or memory when the browser blocks it.
    pub fn open() -> Self {
        let window = web_sys::window();
        Self::from_window_result(match window {
            Some(w) => w.local_storage(),
            None => Ok(None),
        })
    }

    /// Builds the adapter from what `window.localStorage` gave (split out so tests can hand
    /// in a blocked or fake storage).
    pub fn from_window_result(result: Result<Option<web_sys::Storage>, JsValue>) -> Self {
        match result {
            // Reading `length` also throws on some blocked storages, so touch it once.
            Ok(Some(storage)) if storage.length().is_ok() => Storage {
                backend: Backend::Local(storage),
                blocked: false,
            },
            _ => Self::memory_blocked(),
        }
    }

    fn memory_blocked() -> Self {
        Storage {
            backend: Backend::Memory(RefCell::new(BTreeMap::new())),
            blocked: true,
        }
    }

    /// True when work is kept in memory only, because the browser blocked storage.
    pub fn is_blocked(&self) -> bool {
        self.blocked
    }

    /// All keys that start with `prefix`.
    pub fn keys(&self, prefix: &str) -> Vec<String> {
        match &self.backend {
            Backend::Local(s) => {
                let n = s.length().unwrap_or(0);
                (0..n)
                    .filter_map(|i| s.key(i).ok().flatten())
                    .filter(|k| k.starts_with(prefix))
                    .collect()
            }
            Backend::Memory(m) => m
                .borrow()
                .keys()
                .filter(|k| k.starts_with(prefix))
                .cloned()
                .collect(),
        }
    }

    /// The value under `key`, if any (a read the browser refuses counts as absent).
    pub fn get(&self, key: &str) -> Option<String> {
        match &self.backend {
            Backend::Local(s) => s.get_item(key).ok().flatten(),
            Backend::Memory(m) => m.borrow().get(key).cloned(),
        }
    }

    /// How long the value under `key` is in UTF-16 code units (as the browser counts it
    /// against its quota), if there is one. The value is measured where it is, never copied
    /// into the app: a long document's annotations are megabytes.
    pub fn utf16_len(&self, key: &str) -> Option<u64> {
        match &self.backend {
            Backend::Local(s) => s
                .unchecked_ref::<RawStorage>()
                .get_item(key)
                .ok()
                .flatten()
                .map(|v| u64::from(v.length())),
            Backend::Memory(m) => m
                .borrow()
                .get(key)
                .map(|v| u64::from(postil_core::text::utf16_len(v))),
        }
    }

    /// Writes `value` under `key`.
    pub fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        match &self.backend {
            Backend::Local(s) => s.set_item(key, value).map_err(from_js),
            Backend::Memory(m) => {
                m.borrow_mut().insert(key.to_string(), value.to_string());
                if self.blocked {
                    Err(StorageError::Blocked)
                } else {
                    Ok(())
                }
            }
        }
    }

    /// Removes `key`.
    pub fn remove(&self, key: &str) -> Result<(), StorageError> {
        match &self.backend {
            Backend::Local(s) => s.remove_item(key).map_err(from_js),
            Backend::Memory(m) => {
                m.borrow_mut().remove(key);
                Ok(())
            }
        }
    }
}

/// The saver (`postil_core::store::Saver`) writes through this adapter.
impl postil_core::store::KeyValue for Storage {
    fn keys(&self, prefix: &str) -> Vec<String> {
        Storage::keys(self, prefix)
    }

    fn get(&self, key: &str) -> Option<String> {
        Storage::get(self, key)
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        Storage::set(self, key, value)
    }

    fn remove(&self, key: &str) -> Result<(), StorageError> {
        Storage::remove(self, key)
    }

    fn is_blocked(&self) -> bool {
        Storage::is_blocked(self)
    }
}
