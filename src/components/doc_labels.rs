//! Document-level labels (topic, stance, ...) of the open document, set by click or by key.

use postil_core::{DocLabels, LabelSchema};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DocLabelsProps {
    pub schema: Rc<LabelSchema>,
    pub chosen: Rc<DocLabels>,
    /// Toggle (set, value).
    pub on_toggle: Callback<(String, String)>,
}

#[component]
pub fn DocLabelsPanel(props: &DocLabelsProps) -> Html {
    if props.schema.doc_sets().is_empty() {
        return html! {};
    }
    html! {
        <section class="doc-labels" aria-label="Document labels">
            <h2 class="panel-title">{ "Document labels" }</h2>
            { for props.schema.doc_sets().iter().map(|set| {
                let chosen = props.chosen.get(&set.name);
                html! {
                    <div class="doc-set" role="group" aria-label={set.name.clone()}>
                        <span class="doc-set-name">
                            { set.name.clone() }
                            <span class="doc-set-kind">{ if set.multiple { " (any)" } else { " (one)" } }</span>
                        </span>
                        { for set.values.iter().map(|v| {
                            let on = chosen.is_some_and(|c| c.contains(&v.name));
                            let pair = (set.name.clone(), v.name.clone());
                            let onclick = props.on_toggle.reform(move |_: MouseEvent| pair.clone());
                            html! {
                                <button type="button" class={classes!("doc-value", on.then_some("on"))}
                                    aria-pressed={on.to_string()} {onclick}>
                                    { v.name.clone() }
                                    if let Some(k) = v.key { <kbd>{ k.to_string() }</kbd> }
                                </button>
                            }
                        }) }
                    </div>
                }
            }) }
        </section>
    }
}
