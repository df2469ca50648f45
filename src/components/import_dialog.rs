//! Asks what to do when an imported file has other annotations for documents already here.

use super::dialog::use_autofocus;
use crate::state::{PendingImport, Resolution};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ImportDialogProps {
    pub pending: Rc<PendingImport>,
    pub on_resolve: Callback<Resolution>,
}

#[component]
pub fn ImportDialog(props: &ImportDialogProps) -> Html {
    let choose = |r: Resolution| props.on_resolve.reform(move |_: MouseEvent| r);
    // Put the keyboard in the dialog when it opens (Esc cancels, see `AppState::key_action`).
    let first = use_autofocus();
    let p = &props.pending;
    html! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="import-dialog-title">
                <h2 id="import-dialog-title">{ format!("Import “{}”", p.file_name) }</h2>
                <p>{ "The file has other annotations for documents you already have:" }</p>
                <ul>
                    { for p.conflicts.iter().map(|(title, here, there)| html! {
                        <li>{ format!("“{title}”: {here} annotation{} here, {there} in the file", if *here == 1 { "" } else { "s" }) }</li>
                    }) }
                </ul>
                <div class="dialog-actions">
                    <button type="button" ref={first} onclick={choose(Resolution::Replace)}>{ "Replace mine with the file’s" }</button>
                    <button type="button" onclick={choose(Resolution::KeepBoth)}>{ "Keep both (import as copies)" }</button>
                    <button type="button" onclick={choose(Resolution::Cancel)}>{ "Cancel" }</button>
                </div>
            </div>
        </div>
    }
}
