//! The first-run tour: four short steps in a band under the toolbar. It takes neither the
//! focus nor the keyboard, covers nothing (the page moves down for it) and never stops a first
//! label: the article's keys work while it is there, Esc closes it when nothing else is left
//! to close, and once closed or finished it does not come back (`Prefs::tour_seen`). The help
//! page can show it again. While a step is on screen the app outlines what it speaks of
//! (`tour-at-N` on the app, `styles/help.css`).

use yew::prelude::*;

/// Each step: its title and what it says.
pub const STEPS: [(&str, &str); crate::state::TOUR_STEPS] = [
    (
        "The article: select words",
        "This is the article to label. Click a word, or drag across several; the arrow keys move word by word (with Shift, they extend the selection).",
    ),
    (
        "Label them with a key",
        "With words selected, press a label’s key (shown on its button above the article: p for PERSON, o for ORG…) or click the button. Click a label tag to select that annotation; Delete removes it, Enter writes a note, Ctrl+Z undoes.",
    ),
    (
        "The side panel",
        "Annotations lists this document’s labels, relations and any colleague’s layers; Documents lists every article and your progress; Labels edits the labels, their keys and colours.",
    ),
    (
        "Your files, in this browser",
        "Import… brings in articles and annotation files; Export… writes your work for other tools. Everything stays in this browser only: export to keep a copy, and “Keep my data” (Documents) asks the browser not to clear it. Help and ? explain the rest.",
    ),
];

#[derive(Properties, PartialEq)]
pub struct TourProps {
    /// The step on screen, from 0.
    pub step: usize,
    /// Go to this step.
    pub on_step: Callback<usize>,
    /// Close the tour for good (closed or finished).
    pub on_close: Callback<()>,
}

#[component]
pub fn Tour(props: &TourProps) -> Html {
    let step = props.step.min(STEPS.len() - 1);
    let (title, text) = STEPS[step];
    let last = step + 1 == STEPS.len();
    let go = |to: usize| props.on_step.reform(move |_: MouseEvent| to);
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <section class="tour" aria-labelledby="tour-title">
            <div class="tour-text" aria-live="polite">
                <p class="tour-count">{ format!("Welcome to Postil · {} of {}", step + 1, STEPS.len()) }</p>
                <h2 id="tour-title">{ title }</h2>
                <p>{ text }</p>
            </div>
            <div class="tour-actions">
                if step > 0 {
                    <button type="button" onclick={go(step - 1)}>{ "Back" }</button>
                }
                if last {
                    <button type="button" class="tour-next" onclick={close.clone()}>{ "Finish" }</button>
                } else {
                    <button type="button" class="tour-next" onclick={go(step + 1)}>{ "Next" }</button>
                }
                <button type="button" class="tour-close" onclick={close}
                    title="Close the tour; it will not show again (Esc)">{ "Close tour" }</button>
            </div>
        </section>
    }
}
