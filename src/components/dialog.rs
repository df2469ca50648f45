//! What every dialog does: put the keyboard on one of its controls when it opens, and close
//! on Esc from inside it (the app's own keys do not reach form fields).

use yew::prelude::*;

/// A node ref that gets the focus when the dialog opens; put it on the control to start at.
#[hook]
pub fn use_autofocus() -> NodeRef {
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((), move |_| {
            if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    node
}

/// A keydown handler for the dialog that calls `close` on Esc.
pub fn on_escape(close: &Callback<()>) -> Callback<KeyboardEvent> {
    let close = close.clone();
    Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Escape" {
            e.prevent_default();
            close.emit(());
        }
    })
}
