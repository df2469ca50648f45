//! "Import…": what Postil reads, one sentence each, then the file picker. Files can also be
//! dropped on the page; the format is told from the name (and, for `.json`, the content).

use super::dialog::{on_escape, use_autofocus};
use postil_core::formats::registry::Kind;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ImportFormatsProps {
    /// Open the browser's file picker.
    pub on_choose: Callback<()>,
    /// Open the file picker for files to take as suggestions.
    pub on_choose_suggestions: Callback<()>,
    pub on_close: Callback<()>,
}

/// The article formats Postil reads (`postil_core::sources` and the formats' registry), with what becomes of them.
const ARTICLES: [(&str, &str); 4] = [
    ("Plain text (.txt)", "The text as it is; the first line is the title."),
    ("Markdown (.md)", "Headings and paragraphs; the markup is removed."),
    ("Web page (.html, .htm)", "The article itself, its title, headings and paragraphs; menus, ads, comments and the like are left out."),
    ("Pasted text", "Use Paste… for a title and a text."),
];

#[component]
pub fn ImportFormats(props: &ImportFormatsProps) -> Html {
    let choose = use_autofocus();
    let onkeydown = on_escape(&props.on_close);
    html! {
        <div class="dialog-backdrop">
            <div class="dialog import-formats" role="dialog" aria-modal="true" aria-labelledby="import-formats-title" {onkeydown}>
                <h2 id="import-formats-title">{ "Import" }</h2>
                <p>{ "Choose one or more files (or drop them on the page). Postil reads:" }</p>
                <dl class="format-list">
                    { for Kind::ALL.into_iter().map(|k| html! {
                        <>
                            <dt>{ k.name() }</dt>
                            <dd>{ k.holds() }</dd>
                        </>
                    }) }
                    { for ARTICLES.into_iter().map(|(name, what)| html! {
                        <>
                            <dt>{ name }</dt>
                            <dd>{ what }</dd>
                        </>
                    }) }
                </dl>
                <p class="hint">{ "A file with any error is not imported at all; the report says what and where. Text is kept exactly (line endings become \\n, characters NFC)." }</p>
                <div class="dialog-actions">
                    <button type="button" ref={choose} onclick={props.on_choose.reform(|_: MouseEvent| ())}>{ "Choose files…" }</button>
                    <button type="button" class="choose-suggestions"
                        onclick={props.on_choose_suggestions.reform(|_: MouseEvent| ())}>{ "Import as suggestions…" }</button>
                    <button type="button" onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "Cancel" }</button>
                </div>
                <p class="hint">{ "Import as suggestions: a model’s output (or any file in these formats) shows dashed beside your labels, on the document with the same text, to accept or reject one by one or per label (see Layers in the Annotations panel)." }</p>
            </div>
        </div>
    }
}
