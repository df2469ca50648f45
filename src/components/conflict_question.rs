//! Asks what to do when an imported Postil file has other annotations for documents already
//! here: replace them with the file's, keep both (the file's as copies), take the file's as a
//! layer beside them, or cancel. When the file names an annotator and this person has not set
//! a name, it asks first whose the file is: theirs, or that annotator's (then a layer).

use super::dialog::use_autofocus;
use postil_core::prose::plural;
use postil_core::workspace::{PendingImport, Resolution};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ConflictQuestionProps {
    pub pending: Rc<PendingImport>,
    pub on_resolve: Callback<Resolution>,
}

#[component]
pub fn ConflictQuestion(props: &ConflictQuestionProps) -> Html {
    let choose = |r: Resolution| props.on_resolve.reform(move |_: MouseEvent| r);
    // Put the keyboard in the dialog when it opens (Esc cancels, see `postil_core::keymap`).
    let first = use_autofocus();
    let p = &props.pending;
    let layer = format!("Add as the layer “{}”", p.layer_name());
    html! {
        <div class="dialog-backdrop">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="import-dialog-title">
                <h2 id="import-dialog-title">{ format!("Import “{}”", p.file_name) }</h2>
                if let Some(who) = &p.whose {
                    <p>{ format!("The file holds {who}’s annotations. You have not set your name (Documents tab), so Postil cannot tell whether they are yours (from another browser, say) or a colleague’s, to compare and review beside yours as a layer.") }</p>
                }
                if !p.conflicts.is_empty() {
                    <p>{ "The file has other annotations for documents you already have:" }</p>
                    <ul>
                        { for p.conflicts.iter().map(|c| html! {
                            <li>{ format!("“{}”: {} annotation{} here, {} in the file", c.title, c.here, plural(c.here), c.there) }</li>
                        }) }
                    </ul>
                }
                <div class="dialog-actions">
                    if let Some(who) = &p.whose {
                        <button type="button" ref={first.clone()} onclick={choose(Resolution::Layer)}>{ format!("They are {who}’s: add as a layer") }</button>
                        if p.conflicts.is_empty() {
                            <button type="button" onclick={choose(Resolution::Replace)}>{ "They are mine: import them" }</button>
                        } else {
                            <button type="button" onclick={choose(Resolution::Replace)}>{ "They are mine: replace mine with the file’s" }</button>
                            <button type="button" onclick={choose(Resolution::KeepBoth)}>{ "They are mine: keep both (as copies)" }</button>
                        }
                    } else {
                        <button type="button" ref={first} onclick={choose(Resolution::Replace)}>{ "Replace mine with the file’s" }</button>
                        <button type="button" onclick={choose(Resolution::KeepBoth)}>{ "Keep both (import as copies)" }</button>
                        <button type="button" onclick={choose(Resolution::Layer)}>{ layer }</button>
                    }
                    <button type="button" onclick={choose(Resolution::Cancel)}>{ "Cancel" }</button>
                </div>
            </div>
        </div>
    }
}
