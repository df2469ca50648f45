//! `postil-more`: the views loaded on demand (`postil::later`), a wasm module of their own that
//! the app loads the first time one of them opens (`postil::platform::later`). Its exports are
//! here, in the binary, so that only this module holds the views: the app's binary never names
//! them.

use postil::later::{Event, Root, RootProps, View, PANIC_TEST, STOPPED_EVENT, STOPPED_KEY};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

fn main() {
    // A panic stops this module only (`panic = "abort"`): said in the console, and to the app
    // (`postil::later::STOPPED_EVENT`), which closes the views and says so.
    yew::set_custom_panic_hook(Box::new(|info| {
        let what = info.to_string();
        web_sys::console::error_1(&format!("Postil (views loaded on demand): {what}").into());
        if let Some(w) = web_sys::window() {
            let _ = js_sys::Reflect::set(&w, &STOPPED_KEY.into(), &what.into());
            if let Ok(e) = web_sys::Event::new(STOPPED_EVENT) {
                let _ = w.dispatch_event(&e);
            }
        }
    }));
    // Two Yews, the app's and this module's, listen on one page. Each marks the elements it
    // listens on with the number of their app (`__yew_subtree_id`), counted from 1 in each
    // module, and takes an event for its own when the nearest marked element has its number.
    // The app's one root is 1: a view numbered 1 too would have its clicks taken by the app's
    // Yew, which would run whichever of its own handlers has the clicked element's listener
    // number. An empty first app here takes the 1, so the views are 2, 3, …
    #[component]
    fn Nothing() -> Html {
        html! {}
    }
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("div").ok())
    {
        yew::Renderer::<Nothing>::with_root(el).render().destroy();
    }
}

/// A view shown by this module.
#[wasm_bindgen]
pub struct Mounted {
    app: yew::AppHandle<Root>,
    view: View,
    emit: Callback<Event>,
}

/// Shows `view` (`View::name`) in `el`, from `input` (its JSON); each thing the person does is
/// passed to `emit` as an event's JSON.
#[wasm_bindgen]
pub fn mount(
    view: &str,
    el: web_sys::Element,
    input: String,
    emit: js_sys::Function,
) -> Result<Mounted, JsError> {
    let view = View::from_name(view)
        .ok_or_else(|| JsError::new(&format!("this build has no view “{view}”")))?;
    let panics = postil::platform::dom::query_has(PANIC_TEST);
    let emit = Callback::from(move |e: Event| {
        if panics {
            panic!("a test panic (?{PANIC_TEST})");
        }
        if let Ok(json) = serde_json::to_string(&e) {
            let _ = emit.call1(&JsValue::NULL, &JsValue::from(json));
        }
    });
    let props = RootProps {
        view,
        input: Rc::from(input),
        emit: emit.clone(),
    };
    let app = yew::Renderer::<Root>::with_root_and_props(el, props).render();
    Ok(Mounted { app, view, emit })
}

#[wasm_bindgen]
impl Mounted {
    /// Shows the view from new input.
    pub fn update(&mut self, input: String) {
        self.app.update(RootProps {
            view: self.view,
            input: Rc::from(input),
            emit: self.emit.clone(),
        });
    }

    /// Takes the view away.
    pub fn unmount(self) {
        self.app.destroy();
    }
}
