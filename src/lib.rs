//! Postil's browser shell: Yew components, one reducer over the core's domain types, the
//! persistence effect, and `platform`, the only module that touches web APIs.

pub mod callbacks;
pub mod components;
pub mod persist;
pub mod platform;
pub mod state;
pub mod view;

/// Mounts the app on the page's body.
pub fn run() {
    yew::Renderer::<components::app::App>::new().render();
}
