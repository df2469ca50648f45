//! The help page (toolbar "Help", F1): labeling, relations, keys, formats, teams and where the
//! data lives, as headed sections of plain text. The formats come from the formats' registry,
//! so the page names exactly what Import… and Export… read and write. It has the focus while
//! open, Esc closes it, and the focus goes back to the Help button.

use super::dialog::{on_escape, use_autofocus};
use crate::platform::dom;
use postil_core::formats::registry::Kind;
use yew::prelude::*;

/// The sections before the formats: a heading and its paragraphs.
const BEFORE: &[(&str, &[&str])] = &[
    ("Labeling", &[
        "Select words in the article: click a word, drag across several, or move with the arrow keys (Shift extends). Then press a label’s key or click its button above the article. Selections snap to whole words within a paragraph.",
        "Click a label tag to select that annotation. Its key relabels it, Shift+arrows resize it, Delete removes it, Enter writes a note. Overlapping and nested spans are allowed unless the Labels tab forbids them. After a label, Postil offers to label the word’s other occurrences: Enter accepts. Find (Ctrl+F) and “Label all…” label every hit at once. Ctrl+Z undoes any change.",
        "The Labels tab adds, renames, recolours and reorders labels and sets their keys; document labels (topic, stance) are toggled with their number keys.",
    ]),
    ("Relations", &[
        "Select an annotation and press > (or drag its label tag onto another): choose the other annotation and the relation’s type. Relations are drawn as arcs over the text and listed in the Annotations tab, where × removes one and ✎ writes its note. Relation types and attributes (a yes/no flag or one of a list) are declared in the Labels tab; an attribute’s key sets it on the selected annotation.",
    ]),
    ("Keys", &[
        "Postil is made for the keyboard: ← → move by word, ↑ ↓ by paragraph, Tab goes to the next annotation, Esc clears, [ and ] open the previous and next document, = marks it done, + and - size the text. Press ? for every shortcut, including your labels’ keys.",
    ]),
];

/// The sections after the formats.
const AFTER: &[(&str, &[&str])] = &[
    ("Teams", &[
        "Postil has no server of its own: each annotator labels in their own browser and exports a Postil file with their name (set it in the Documents tab). Importing a colleague’s file adds their annotations as a layer beside yours, never mixed in; show it dashed from the Annotations tab. A model’s output imported “as suggestions” is a layer to accept or reject one by one.",
        "Agreement… compares every pair of layers (precision, recall, F1, Cohen’s κ, Krippendorff’s unitized α; Fleiss’ κ and Krippendorff’s α with three or more). Review disagreements… goes through each place where the layers differ and takes one version, several or none into your annotations: the gold set.",
        "A team with a CouchDB database can sync instead of passing files: Team sync… in the Documents tab signs you in, sends your annotations as your layer and brings your colleagues’ layers and new documents, live while online and catching up after working offline.",
        "Statistics… in the Documents tab shows your annotations per label, per document and per day, each label’s most frequent texts and the texts given different labels in different places, with charts, tables and CSV.",
    ]),
    ("Where your data lives", &[
        "In this browser only, on this computer: labels in localStorage, article texts in IndexedDB. Nothing is sent anywhere, unless you sign in to your team’s database in Team sync: then your documents and annotations go there too. Another browser, another computer or a private window has none of it, and clearing the site’s data deletes it.",
        "Export JSON (or Export all documents in the Documents tab) to keep a copy. “Keep my data” in the Documents tab asks the browser not to clear Postil’s data when space runs short.",
    ]),
];

#[derive(Properties, PartialEq)]
pub struct HelpPageProps {
    pub on_close: Callback<()>,
    /// Go on to the shortcut sheet.
    pub on_shortcuts: Callback<()>,
    /// Show the first-run tour again.
    pub on_tour: Callback<()>,
}

fn sections(list: &[(&str, &[&str])]) -> Html {
    html! {
        for (title, paragraphs) in list.iter() {
            <section>
                <h3>{ *title }</h3>
                for p in paragraphs.iter() { <p>{ *p }</p> }
            </section>
        }
    }
}

#[component]
pub fn HelpPage(props: &HelpPageProps) -> Html {
    let close_button = use_autofocus();
    // The focus goes back where the page was opened from (F1 included: the Help button).
    use_effect_with((), |_| move || dom::focus(".help-open"));
    let unit = |c: &Callback<()>| c.reform(|_: MouseEvent| ());
    html! {
        <div class="dialog-backdrop">
            <div class="dialog sheet help-page" role="dialog" aria-modal="true" aria-labelledby="help-title"
                onkeydown={on_escape(&props.on_close)}>
                <h2 id="help-title">{ "Help" }</h2>
                <div class="dialog-actions help-actions">
                    <button type="button" ref={close_button} onclick={unit(&props.on_close)}>{ "Close (Esc)" }</button>
                    <button type="button" onclick={unit(&props.on_shortcuts)}>{ "All keyboard shortcuts (?)" }</button>
                    <button type="button" onclick={unit(&props.on_tour)}>{ "Show the tour again" }</button>
                </div>
                { sections(BEFORE) }
                <section>
                    <h3>{ "Formats" }</h3>
                    <p>{ "Import… reads several files at once (or drop them on the page): articles as plain text, Markdown or saved web pages, and annotations in these formats. Export… writes this document or all of them in any of them, and says first what a format cannot hold. Offsets count Unicode code points, spans are half-open." }</p>
                    <dl class="format-list">
                        for k in Kind::ALL {
                            <dt>{ k.name() }</dt>
                            <dd>{ k.holds() }</dd>
                        }
                    </dl>
                </section>
                { sections(AFTER) }
            </div>
        </div>
    }
}
