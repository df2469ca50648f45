//! Loads the module of views loaded on demand (`crate::later`, built from `src/more.rs`) the
//! first time one opens, and mounts, updates and unmounts a view in it. The module is
//! wasm-bindgen's script-tag form (Trunk builds it like the worker, `index.html`): its script
//! declares `wasm_bindgen`, the function that starts its wasm and carries its exports.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

// One load per page: later views wait for the same promise. A script that could not be fetched,
// or was not the module's, is taken out and tried again next time; once the script ran, only
// its wasm is (the script cannot run twice: it declares `wasm_bindgen`).
#[wasm_bindgen(inline_js = r#"
let loading;
let ran = false;
export function later_load(src) {
  if (!loading) {
    const start = (ok, no) => {
      try {
        // Declared by the module's script (wasm-bindgen's no-modules output) in the page's
        // global scope.
        const m = wasm_bindgen;
        m({ module_or_path: src.replace(/\.js(\?|$)/, '_bg.wasm$1') }).then(() => ok(m), no);
      } catch (e) {
        no(e);
      }
    };
    loading = new Promise((ok, no) => {
      if (ran) return start(ok, no);
      const s = document.createElement('script');
      s.src = src;
      s.onload = () => {
        // A page that is not the module's script (a host's error page served as a success)
        // defines nothing: take it out, so that the next try fetches the script again.
        if (typeof wasm_bindgen !== 'function') {
          s.remove();
          return no(new Error('the file ' + src.split('?')[0] + ' is not the script it should be'));
        }
        ran = true;
        start(ok, no);
      };
      s.onerror = () => { s.remove(); no(new Error('the file ' + src.split('?')[0] + ' could not be fetched')); };
      document.head.appendChild(s);
    });
    loading.catch(() => { loading = undefined; });
  }
  return loading;
}
export function later_mount(m, view, el, input, emit) { return m.mount(view, el, input, emit); }
export function later_update(h, input) { h.update(input); }
export function later_unmount(h) { h.unmount(); }
"#)]
extern "C" {
    fn later_load(src: &str) -> js_sys::Promise;
    #[wasm_bindgen(catch)]
    fn later_mount(
        module: &JsValue,
        view: &str,
        el: &web_sys::Element,
        input: &str,
        emit: &js_sys::Function,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch)]
    fn later_update(handle: &JsValue, input: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(catch)]
    fn later_unmount(handle: &JsValue) -> Result<(), JsValue>;
}

/// The loaded module, to mount views with.
pub struct Module(JsValue);

/// A view mounted in the module: `unmount` it when it goes.
pub struct Mounted(JsValue);

/// What went wrong, as a sentence's end.
fn why(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "an unknown error".to_string())
}

thread_local! {
    static LOADED: std::cell::RefCell<Option<JsValue>> = const { std::cell::RefCell::new(None) };
}

/// What stopped the module (a panic in it: `crate::later::STOPPED_KEY`), once something has. No
/// view is mounted in it again: its memory may be half-changed.
pub fn stopped() -> Option<String> {
    let w = web_sys::window()?;
    js_sys::Reflect::get(&w, &crate::later::STOPPED_KEY.into())
        .ok()?
        .as_string()
}

/// The module, if it is loaded already (a view then mounts at once, with no line in between).
pub fn loaded() -> Option<Module> {
    LOADED.with(|l| l.borrow().clone()).map(Module)
}

/// Loads the module (once per page; a failed load is tried again on the next call).
pub async fn load() -> Result<Module, String> {
    let src = crate::platform::dom::asset(crate::later::SCRIPT);
    let m = wasm_bindgen_futures::JsFuture::from(later_load(&src))
        .await
        .map_err(|e| why(&e))?;
    LOADED.with(|l| *l.borrow_mut() = Some(m.clone()));
    Ok(Module(m))
}

impl Module {
    /// Mounts `view` into `el` with its input (JSON); `emit` gets each event (JSON).
    pub fn mount(
        &self,
        view: &str,
        el: &web_sys::Element,
        input: &str,
        emit: &js_sys::Function,
    ) -> Result<Mounted, String> {
        later_mount(&self.0, view, el, input, emit)
            .map(Mounted)
            .map_err(|e| why(&e))
    }
}

impl Mounted {
    pub fn update(&self, input: &str) {
        if let Err(e) = later_update(&self.0, input) {
            web_sys::console::warn_1(
                &format!("Postil: a view could not be updated: {}", why(&e)).into(),
            );
        }
    }

    pub fn unmount(self) {
        if let Err(e) = later_unmount(&self.0) {
            web_sys::console::warn_1(
                &format!("Postil: a view could not be closed: {}", why(&e)).into(),
            );
        }
    }
}
