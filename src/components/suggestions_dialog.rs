//! Reviewing a layer's suggestions one by one, from the keyboard: each in its words' context,
//! with what the annotator has there. A (or Enter) accepts it into the annotator's own, R (or
//! Delete) rejects it, the arrow keys move, Esc closes. Each answer is one undoable step; the
//! next suggestion comes up in its place.

use super::dialog::{on_escape, review_key, use_autofocus, ReviewKey};
use postil_core::workspace::LayerRow;
use postil_core::AnnotationId;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SuggestionsDialogProps {
    pub layer: AttrValue,
    pub rows: Rc<Vec<LayerRow>>,
    pub on_accept: Callback<AnnotationId>,
    pub on_reject: Callback<AnnotationId>,
    pub on_undo: Callback<()>,
    pub on_close: Callback<()>,
}

#[component]
pub fn SuggestionsDialog(props: &SuggestionsDialogProps) -> Html {
    let focus = use_autofocus();
    let at = use_state(|| 0usize);
    let n = props.rows.len();
    let i = (*at).min(n.saturating_sub(1));
    let row = props.rows.get(i).cloned();
    let onkeydown = {
        let (at, escape) = (at.clone(), on_escape(&props.on_close));
        let (accept, reject) = (props.on_accept.clone(), props.on_reject.clone());
        let undo = props.on_undo.clone();
        let id = row.as_ref().map(|r| r.id);
        Callback::from(move |e: KeyboardEvent| {
            if !matches!(review_key(&e, (i, n), &at, &undo), ReviewKey::Other) {
                return;
            }
            let key = e.key();
            // Enter on one of the dialog's buttons is that button's.
            if key == "Enter" && crate::platform::dom::is_control(e.target()) {
                return;
            }
            let done = match key.as_str() {
                "a" | "A" | "Enter" => id.map(|id| accept.emit(id)).is_some(),
                "r" | "R" | "Delete" | "Backspace" => id.map(|id| reject.emit(id)).is_some(),
                _ => false,
            };
            if done {
                e.prevent_default();
            } else {
                escape.emit(e);
            }
        })
    };
    let step = |d: isize| {
        let at = at.clone();
        Callback::from(move |_: MouseEvent| {
            at.set(i.saturating_add_signed(d).min(n.saturating_sub(1)))
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="dialog-backdrop">
            <div class="dialog suggestions-dialog" role="dialog" aria-modal="true"
                aria-labelledby="suggestions-title" tabindex="0" ref={focus} {onkeydown}>
                <h2 id="suggestions-title">{ format!("Suggestions from “{}”", props.layer) }</h2>
                if let Some(r) = row {
                    <p class="progress" aria-live="polite">
                        { format!("Suggestion {} of {n}", i + 1) }
                    </p>
                    <p class="suggestion-context">
                        { r.before.clone() }
                        <mark class="suggested">{ r.text.clone() }</mark>
                        { r.after.clone() }
                    </p>
                    <p class="suggestion-label">
                        <span class="chip">{ r.label.clone() }</span>
                        if let Some(yours) = r.yours.clone() {
                            <span class="hint">{ format!(" ({yours})") }</span>
                        }
                    </p>
                    <div class="dialog-actions">
                        <button type="button" onclick={props.on_accept.reform(move |_: MouseEvent| r.id)}>
                            { "Accept (A)" }
                        </button>
                        <button type="button" onclick={props.on_reject.reform(move |_: MouseEvent| r.id)}>
                            { "Reject (R)" }
                        </button>
                        <button type="button" onclick={step(-1)} disabled={i == 0}>{ "Previous (↑)" }</button>
                        <button type="button" onclick={step(1)} disabled={i + 1 >= n}>{ "Next (↓)" }</button>
                        <button type="button" onclick={close}>{ "Close" }</button>
                    </div>
                    <p class="hint">{ "A or Enter accepts, R or Delete rejects, ↑ ↓ move, Esc closes. Ctrl+Z undoes each." }</p>
                } else {
                    <p>{ format!("No suggestions are left in “{}”.", props.layer) }</p>
                    <div class="dialog-actions">
                        <button type="button" onclick={close}>{ "Close" }</button>
                    </div>
                }
            </div>
        </div>
    }
}
