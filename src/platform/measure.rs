//! A size the stylesheet cannot know: the toolbar's height, which grows when its buttons wrap
//! onto a second row on a narrow screen. The sticky palette and side panel sit under it, so
//! its height is kept in a CSS variable on the root element as it changes.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Keeps a CSS variable equal to an element's height; stops when dropped.
pub struct HeightVar {
    observer: web_sys::ResizeObserver,
    _on_resize: Closure<dyn FnMut()>,
}

impl Drop for HeightVar {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Sets `name` (a custom property such as `--toolbar-h`) on the root element to `el`'s height
/// in pixels now and whenever it changes. `None` where the browser has no `ResizeObserver`
/// (the stylesheet's fallback is a one-row toolbar).
pub fn track_height(el: &web_sys::Element, name: &'static str) -> Option<HeightVar> {
    let root = web_sys::window()?.document()?.document_element()?;
    let target = el.clone();
    let on_resize = Closure::<dyn FnMut()>::new(move || {
        let height = target.get_bounding_client_rect().height();
        // The root element carries no other inline style.
        let _ = root.set_attribute("style", &format!("{name}: {height}px"));
    });
    let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
    observer.observe(el);
    Some(HeightVar {
        observer,
        _on_resize: on_resize,
    })
}
