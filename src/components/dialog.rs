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

/// What the keys every review takes did: the reviews (suggestions, disagreements) go through
/// items one at a time and answer the rest of the keys themselves.
pub enum ReviewKey {
    /// Taken here: Ctrl+Z undid, or ↑ ↓ (k j) moved.
    Taken,
    /// With Ctrl, Alt or Meta: none of the review's.
    Ignored,
    /// The review's own to answer (or Esc to close).
    Other,
}

/// Ctrl+Z (Cmd+Z) undoes the step a review just made, as in the article; ↑ or k and ↓ or j
/// move `at` from item `i` among `n`.
pub fn review_key(
    e: &KeyboardEvent,
    (i, n): (usize, usize),
    at: &UseStateHandle<usize>,
    undo: &Callback<()>,
) -> ReviewKey {
    let key = e.key();
    let moved = match key.as_str() {
        _ if e.ctrl_key() || e.meta_key() || e.alt_key() => {
            let is_undo =
                (e.ctrl_key() || e.meta_key()) && !e.shift_key() && key.eq_ignore_ascii_case("z");
            if !is_undo {
                return ReviewKey::Ignored;
            }
            undo.emit(());
            None
        }
        "ArrowDown" | "j" => Some((i + 1).min(n.saturating_sub(1))),
        "ArrowUp" | "k" => Some(i.saturating_sub(1)),
        _ => return ReviewKey::Other,
    };
    if let Some(to) = moved {
        at.set(to);
    }
    e.prevent_default();
    ReviewKey::Taken
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
