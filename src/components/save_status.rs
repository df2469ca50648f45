//! The toolbar's quiet save state: "Saved", "Saving…", "Not saved: why" (`persist::status`).
//! It listens to the state itself, so a change repaints this one element, not the app.

use crate::persist::status;
use yew::prelude::*;

#[component]
pub fn SaveStatus() -> Html {
    let state = use_state(status::current);
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let id = status::subscribe(Callback::from(move |s| state.set(s)));
            move || status::unsubscribe(id)
        });
    }
    let class = match *state {
        postil_core::store::SaveState::NotSaved(_) => "save-status unsaved",
        postil_core::store::SaveState::Saving => "save-status saving",
        _ => "save-status",
    };
    html! {
        <span class={class} role="status" aria-live="polite" title={state.detail()}
            data-testid="save-status">{ state.label() }</span>
    }
}
