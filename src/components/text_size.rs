//! The article's text size: A− and A+ with the size between them (also the keys `-` and `+`;
//! kept across reloads with the preferences).

use postil_core::store::Prefs;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TextSizeProps {
    pub prefs: Prefs,
    /// A step larger (true) or smaller.
    pub on_step: Callback<bool>,
}

#[component]
pub fn TextSize(props: &TextSizeProps) -> Html {
    let button = |larger: bool, text: &'static str, name: &'static str, key: &str| {
        // aria-disabled rather than disabled: at either end the button keeps the focus.
        let at_end = !props.prefs.can_step_text(larger);
        html! {
            <button type="button" onclick={props.on_step.reform(move |_: MouseEvent| larger)}
                title={format!("{name} ({key})")} aria-disabled={at_end.then_some("true")}>
                { text }<span class="visually-hidden">{ format!(" {name}") }</span>
            </button>
        }
    };
    html! {
        <div class="text-size" role="group" aria-label="Article text size">
            { button(false, "A−", "Smaller text", "-") }
            <span class="text-size-value" aria-live="polite">{ format!("{}%", props.prefs.text_size) }</span>
            { button(true, "A+", "Larger text", "+") }
        </div>
    }
}
