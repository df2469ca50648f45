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

/// Whether `e` is Ctrl+Z (Cmd+Z): a dialog that takes keys itself (the reviews) undoes the
/// step it just made with it, as the article would.
pub fn is_undo(e: &KeyboardEvent) -> bool {
    (e.ctrl_key() || e.meta_key()) && !e.shift_key() && e.key().eq_ignore_ascii_case("z")
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
