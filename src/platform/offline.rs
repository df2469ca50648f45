//! Working offline: registers the service worker that keeps the app's files (`sw.js`, written
//! by scripts/offline.py in a release build), and reads which build is running
//! (`version.json`, beside it).
//!
//! Both are optional. Where service workers are missing (an insecure context: `http` on a host
//! other than localhost; `file://`; some private modes) or `sw.js` is not there (`trunk serve`),
//! Postil works as before, only not offline. Addresses are relative to the page, so the app
//! works under a folder of a host as at its root.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCache, RequestInit, Response, ServiceWorkerContainer};

/// The service worker's script, beside the page; its folder is its scope.
const SCRIPT: &str = "sw.js";
/// The running build's version and changes (`postil_core::release::BuildInfo`).
const VERSION: &str = "version.json";

/// Registers the service worker, if this browser and context allow one. Nothing waits on it:
/// the app runs the same either way; a refusal is only noted on the console.
pub fn register() {
    let Some(container) = container() else {
        return;
    };
    let promise = container.register(SCRIPT);
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = JsFuture::from(promise).await {
            web_sys::console::info_2(
                &"Postil: no offline copy (the service worker was not registered):".into(),
                &e,
            );
        }
    });
}

/// The text of `version.json`, or `None` when there is none (a development build) or it cannot
/// be read. Under the service worker this is the copy kept with the running build's files.
pub async fn build_info() -> Option<String> {
    let window = web_sys::window()?;
    let init = RequestInit::new();
    // Without a service worker, ask the server rather than the HTTP cache.
    init.set_cache(RequestCache::NoCache);
    let answer = JsFuture::from(window.fetch_with_str_and_init(VERSION, &init))
        .await
        .ok()?;
    let response: Response = answer.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}

/// `navigator.serviceWorker`, if this browser and context have it. The web-sys getter assumes
/// it is there; an insecure context has `undefined`.
fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    let found = js_sys::Reflect::get(&navigator, &JsValue::from_str("serviceWorker")).ok()?;
    found.dyn_into::<ServiceWorkerContainer>().ok()
}
