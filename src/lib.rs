//! Postil's browser shell: Yew components, one reducer over the core's domain types, the
//! persistence effect, and `platform`, the only module that touches web APIs.

pub mod callbacks;
pub mod components;
pub mod hooks;
pub mod importer;
pub mod later;
pub mod notice;
pub mod persist;
pub mod platform;
pub mod state;
pub mod view;

/// Opens storage (IndexedDB answers asynchronously), loads the workspace, then mounts the app
/// on the page's body in place of the "Opening…" line and of the page's own copy of a first
/// visit's first screen (`postil_core::first_screen`). A panic anywhere shows what happened
/// (the release build then stops: `panic = "abort"`); what was saved stays saved.
pub fn run() {
    // Through Yew, which otherwise puts its own hook in place when the app is rendered.
    yew::set_custom_panic_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("Postil: {info}").into());
        platform::dom::show_fatal(&info.to_string());
    }));
    wasm_bindgen_futures::spawn_local(async {
        let boot = persist::boot().await;
        let started = persist::start(&boot);
        platform::dom::remove("#boot");
        platform::dom::remove("#first-screen");
        let props = components::app::AppProps {
            storage: boot.storage.clone(),
            started: std::rc::Rc::new(std::cell::RefCell::new(Some(started))),
        };
        yew::Renderer::<components::app::App>::with_props(props).render();
        // Once the app is on screen: keeping its files for offline use is not urgent.
        platform::offline::register();
        // The end-to-end tests' way to check the panic hook: `?panic-test` panics once the app
        // is on screen (nothing is changed or lost by it).
        if platform::dom::query_has("panic-test") {
            gloo::timers::callback::Timeout::new(0, || panic!("a test panic (?panic-test)"))
                .forget();
        }
    });
}
