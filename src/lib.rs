//! Postil's browser shell: Yew components, one reducer over the core's domain types, the
//! persistence effect, and `platform`, the only module that touches web APIs.

pub mod callbacks;
pub mod components;
pub mod hooks;
pub mod importer;
pub mod notice;
pub mod persist;
pub mod platform;
pub mod state;
pub mod view;

/// Opens storage (IndexedDB answers asynchronously), loads the workspace, then mounts the app
/// on the page's body in place of the "Opening…" line.
pub fn run() {
    wasm_bindgen_futures::spawn_local(async {
        let boot = persist::boot().await;
        let started = persist::start(&boot);
        platform::dom::remove("#boot");
        let props = components::app::AppProps {
            storage: boot.storage.clone(),
            started: std::rc::Rc::new(std::cell::RefCell::new(Some(started))),
        };
        yew::Renderer::<components::app::App>::with_props(props).render();
    });
}
