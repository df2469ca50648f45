//! The bar shown while files are being imported, with the button that cancels the import.

use postil_core::prose::plural;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ImportProgressProps {
    /// Files read so far (a fraction while a large file's articles are being added).
    pub done: f64,
    pub total: usize,
    /// Articles added so far.
    pub added: usize,
    /// Stops the import: the file being read and the ones after it are not imported.
    pub on_cancel: Callback<()>,
}

#[component]
pub fn ImportProgress(props: &ImportProgressProps) -> Html {
    let files = if props.total == 1 { "file" } else { "files" };
    let whole = (props.done.floor() as usize).min(props.total);
    html! {
        <div class="import-progress" role="status" aria-live="polite">
            <progress max={props.total.to_string()} value={props.done.to_string()} aria-label="Import progress" />
            <span>{ format!("Importing: {whole} of {} {files} read, {} article{} added…",
                props.total, props.added, plural(props.added)) }</span>
            <button type="button" class="cancel-import" onclick={props.on_cancel.reform(|_: MouseEvent| ())}>{ "Cancel import" }</button>
        </div>
    }
}
