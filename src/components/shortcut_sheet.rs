//! The keyboard sheet (`?`): every shortcut, including the schema's label and document keys.

use super::dialog::use_autofocus;
use postil_core::keymap::SHORTCUTS;
use postil_core::LabelSchema;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShortcutSheetProps {
    pub schema: Rc<LabelSchema>,
    pub on_close: Callback<()>,
}

#[component]
pub fn ShortcutSheet(props: &ShortcutSheetProps) -> Html {
    let close_button = use_autofocus();
    let close = props.on_close.reform(|_: MouseEvent| ());
    let row = |keys: String, what: String| html! { <tr><th scope="row"><kbd>{ keys }</kbd></th><td>{ what }</td></tr> };
    html! {
        <div class="dialog-backdrop">
            <div class="dialog sheet" role="dialog" aria-modal="true" aria-labelledby="sheet-title">
                <h2 id="sheet-title">{ "Keyboard shortcuts" }</h2>
                <table class="shortcuts">
                    <tbody>
                        { for SHORTCUTS.iter().map(|(k, w)| row(k.to_string(), w.to_string())) }
                    </tbody>
                </table>
                <h3>{ "Labels" }</h3>
                <table class="shortcuts">
                    <tbody>
                        { for props.schema.labels().iter().map(|l| row(l.key.to_string(), format!("Label {}", l.name))) }
                    </tbody>
                </table>
                if props.schema.attributes().iter().any(|a| a.key.is_some()) {
                    <h3>{ "Attributes (on the selected annotation)" }</h3>
                    <table class="shortcuts">
                        <tbody>
                            { for props.schema.attributes().iter().filter_map(|a| a.key.map(|k| row(k.to_string(),
                                if a.is_flag() { format!("Turn {} on or off", a.name) }
                                else { format!("Step {} through {}", a.name, a.values.join(", ")) }))) }
                        </tbody>
                    </table>
                }
                if props.schema.relation_types().iter().any(|r| r.key.is_some()) {
                    <h3>{ "Relation types (in the link dialog, after >)" }</h3>
                    <table class="shortcuts">
                        <tbody>
                            { for props.schema.relation_types().iter().filter_map(|r| r.key.map(|k| row(k.to_string(),
                                format!("Link with {} ({})", r.name, r.ends())))) }
                        </tbody>
                    </table>
                }
                if !props.schema.doc_sets().is_empty() {
                    <h3>{ "Document labels" }</h3>
                    <table class="shortcuts">
                        <tbody>
                            { for props.schema.doc_sets().iter().flat_map(|s| s.values.iter().filter_map(move |v| {
                                v.key.map(|k| row(k.to_string(), format!("Toggle {}: {}", s.name, v.name)))
                            })) }
                        </tbody>
                    </table>
                }
                <div class="dialog-actions">
                    <button type="button" ref={close_button} onclick={close}>{ "Close (Esc)" }</button>
                </div>
            </div>
        </div>
    }
}
