//! Asks before a document is deleted, saying what goes with it and how to bring it back.

use super::dialog::use_autofocus;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DeleteDialogProps {
    pub title: AttrValue,
    /// "3 annotations (PERSON 2, GPE 1)" or "no annotations".
    pub counts: AttrValue,
    /// True to delete, false to keep the document.
    pub on_answer: Callback<bool>,
}

#[component]
pub fn DeleteDialog(props: &DeleteDialogProps) -> Html {
    // The keyboard goes to Cancel, the safe answer (Esc cancels too, see `postil_core::keymap`).
    let cancel = use_autofocus();
    let answer = |yes: bool| props.on_answer.reform(move |_: MouseEvent| yes);
    html! {
        <div class="dialog-backdrop">
            <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="delete-dialog-title"
                aria-describedby="delete-dialog-text">
                <h2 id="delete-dialog-title">{ format!("Delete “{}”?", props.title) }</h2>
                <p id="delete-dialog-text">
                    { format!("Its text and {} go with it. Ctrl+Z or Restore (in Documents) brings it back until you close this tab.", props.counts) }
                </p>
                <div class="dialog-actions">
                    <button type="button" class="danger" onclick={answer(true)}>{ "Delete" }</button>
                    <button type="button" ref={cancel} onclick={answer(false)}>{ "Cancel" }</button>
                </div>
            </div>
        </div>
    }
}
