//! Pasting an article: a title and the text, added like an imported file.

use super::dialog::on_escape;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PasteDialogProps {
    /// The title and the text the user entered.
    pub on_add: Callback<(String, String)>,
    pub on_cancel: Callback<()>,
    /// The text is with the worker, becoming an article.
    pub adding: bool,
}

#[component]
pub fn PasteDialog(props: &PasteDialogProps) -> Html {
    let title = use_node_ref();
    let body = use_node_ref();
    let empty = use_state(|| false);
    {
        let body = body.clone();
        use_effect_with((), move |_| {
            if let Some(el) = body.cast::<web_sys::HtmlTextAreaElement>() {
                let _ = el.focus();
            }
        });
    }
    let onsubmit = {
        let (title, body, empty) = (title.clone(), body.clone(), empty.clone());
        let on_add = props.on_add.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let t = title
                .cast::<web_sys::HtmlInputElement>()
                .map(|el| el.value())
                .unwrap_or_default();
            let b = body
                .cast::<web_sys::HtmlTextAreaElement>()
                .map(|el| el.value())
                .unwrap_or_default();
            if b.trim().is_empty() {
                empty.set(true);
            } else {
                on_add.emit((t, b));
            }
        })
    };
    // Esc closes the dialog from either field (the app's keys do not reach form fields).
    let onkeydown = on_escape(&props.on_cancel);
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    html! {
        <div class="dialog-backdrop">
            <div class="dialog paste-dialog" role="dialog" aria-modal="true" aria-labelledby="paste-title">
                <form class="dialog-form"
                    {onsubmit} {onkeydown}>
                    <h2 id="paste-title">{ "Paste an article" }</h2>
                    <label class="field">
                        <span>{ "Title" }</span>
                        <input ref={title} type="text" placeholder="Taken from the first line when empty" />
                    </label>
                    <label class="field">
                        <span>{ "Text" }</span>
                        <textarea ref={body} rows="12" aria-invalid={empty.then_some("true")}
                            placeholder="Paste the article here. Blank lines separate paragraphs." />
                    </label>
                    if *empty {
                        <p class="field-error" role="alert">{ "There is no text to add: paste the article first." }</p>
                    }
                    <p class="hint">{ "The text is kept as pasted (line endings become \\n, characters NFC), so labels refer to exactly it." }</p>
                    <div class="dialog-actions">
                        <button type="submit" disabled={props.adding}>
                            { if props.adding { "Adding…" } else { "Add article" } }
                        </button>
                        <button type="button" onclick={cancel}>{ "Cancel" }</button>
                    </div>
                </form>
            </div>
        </div>
    }
}
