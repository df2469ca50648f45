//! Requests to a team's CouchDB with `fetch`: JSON both ways, the session cookie sent
//! (`credentials: "include"`), and a deadline after which the request is aborted. Also whether
//! the browser thinks it is online, when it comes back online, and the one lock that lets a
//! single tab of this browser sync (the others see its work through storage, as always).

use postil_core::sync::{Request, Response};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, RequestCredentials, RequestInit};

/// Why no answer came.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unreached {
    /// The network failed, the server is down, or CORS refused: nothing to read.
    Network(String),
    /// The deadline passed.
    Timeout,
}

impl std::fmt::Display for Unreached {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreached::Network(why) => write!(f, "the server could not be reached ({why})"),
            Unreached::Timeout => f.write_str("the server did not answer in time"),
        }
    }
}

/// Sends `method url` with a JSON `body`; the answer's status and text, or why none came.
pub async fn send(
    method: &str,
    url: &str,
    body: Option<&str>,
    deadline_ms: u32,
) -> Result<Response, Unreached> {
    let window = web_sys::window().ok_or(Unreached::Network("no window".into()))?;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::Include);
    let headers = js_sys::Object::new();
    let set = |k: &str, v: &str| js_sys::Reflect::set(&headers, &k.into(), &v.into());
    let _ = set("Accept", "application/json");
    if let Some(body) = body {
        let _ = set("Content-Type", "application/json");
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    let abort = AbortController::new().ok();
    if let Some(a) = &abort {
        init.set_signal(Some(&a.signal()));
    }
    let timer = abort
        .clone()
        .map(|a| gloo::timers::callback::Timeout::new(deadline_ms, move || a.abort()));
    let answer = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await;
    let timed_out = abort.as_ref().is_some_and(|a| a.signal().aborted());
    let response: web_sys::Response = match answer {
        Ok(r) => r
            .dyn_into()
            .map_err(|_| Unreached::Network("no response".into()))?,
        Err(_) if timed_out => return Err(Unreached::Timeout),
        Err(e) => return Err(Unreached::Network(message(&e))),
    };
    let status = response.status();
    let text = match response.text() {
        Ok(p) => JsFuture::from(p).await,
        Err(e) => Err(e),
    };
    drop(timer);
    match text {
        Ok(t) => Ok(Response {
            status,
            body: t.as_string().unwrap_or_default(),
        }),
        Err(_) if timed_out => Err(Unreached::Timeout),
        Err(e) => Err(Unreached::Network(message(&e))),
    }
}

/// A protocol request to the database at `database`.
pub async fn send_to(
    database: &str,
    req: &Request,
    deadline_ms: u32,
) -> Result<Response, Unreached> {
    let url = format!("{database}{}", req.path);
    send(req.method, &url, req.body.as_deref(), deadline_ms).await
}

fn message(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "failed".into())
}

/// Whether the browser says it is online (it may be wrong about "online", never about
/// "offline").
pub fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Calls `f` each time the browser comes back online, for as long as the listener is kept.
pub fn on_online(f: impl Fn() + 'static) -> Option<gloo::events::EventListener> {
    let window = web_sys::window()?;
    Some(gloo::events::EventListener::new(
        &window,
        "online",
        move |_| f(),
    ))
}

/// Asks for the sync lock of this browser (`navigator.locks`); `granted` runs once this tab
/// holds it, which it then does until it closes. A browser without Web Locks grants at once.
pub fn sync_lock(name: &str, granted: impl FnOnce() + 'static) {
    let locks = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"locks".into()).ok())
        .filter(|l| !l.is_undefined() && !l.is_null());
    let request = locks.as_ref().and_then(|l| {
        js_sys::Reflect::get(l, &"request".into())
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    });
    let (Some(locks), Some(request)) = (locks, request) else {
        granted();
        return;
    };
    let held = Closure::once_into_js(move || {
        granted();
        // Held until the tab closes: a promise that never settles.
        js_sys::Promise::new(&mut |_, _| {})
    });
    let _ = request.call2(&locks, &JsValue::from_str(name), &held);
}

/// A random name for this browser's copy (its replication's checkpoint).
pub fn random_name() -> String {
    (0..4)
        .map(|_| format!("{:04x}", (js_sys::Math::random() * 65536.0) as u32))
        .collect()
}
