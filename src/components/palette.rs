//! The label palette: one button per label, with its key.

use postil_core::LabelSchema;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PaletteProps {
    pub schema: Rc<LabelSchema>,
    /// True when something is selected, so a label would apply.
    pub active: bool,
    /// True when the selection is an annotation (which can also be linked, noted, removed).
    #[prop_or_default]
    pub on_annotation: bool,
    pub on_label: Callback<String>,
}

#[component]
pub fn Palette(props: &PaletteProps) -> Html {
    html! {
        <div class={classes!("palette", props.active.then_some("active"))} role="toolbar" aria-label="Labels">
            { for props.schema.labels().iter().map(|l| {
                let name = l.name.clone();
                let onclick = props.on_label.reform(move |_: MouseEvent| name.clone());
                html! {
                    <button type="button" class="label-button" style={format!("--label: {}", l.color)}
                        data-label={l.name.clone()} {onclick}
                        title={format!("Label the selection {} (key {})", l.name, l.key)}>
                        <span class="label-name">{ l.name.clone() }</span>
                        <kbd>{ l.key.to_string() }</kbd>
                    </button>
                }
            }) }
            <span class="hint">
                { match (props.active, props.on_annotation) {
                    (true, true) => {
                        let keys: Vec<String> = (props.schema.attributes().iter())
                            .filter_map(|a| a.key.map(|k| format!("{k} {}", a.name)))
                            .collect();
                        if keys.is_empty() {
                            "A label’s key relabels it, > links it, Enter writes a note. Esc clears.".to_string()
                        } else {
                            format!("A label’s key relabels it, > links it, {} set attributes, Enter writes a note. Esc clears.", keys.join(", "))
                        }
                    }
                    (true, false) => "Press a label’s key, or click it. Esc clears.".to_string(),
                    _ => "Click a word or drag across words to select.".to_string(),
                } }
            </span>
        </div>
    }
}
