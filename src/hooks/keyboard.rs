//! The keyboard: one document-wide `keydown` listener. Keys typed into form fields are theirs;
//! every other key is asked of the keymap (`postil_core::keymap`, through
//! `AppState::key_command`), and when it means something the browser's own action is prevented
//! and the key goes to the reducer, which runs it against the newest state.

use crate::platform::dom;
use crate::state::{Action, AppState};
use gloo::events::{EventListener, EventListenerOptions};
use postil_core::keymap::{KeyCommand, KeyPress};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Listens for keys for as long as the app is mounted. `latest` is the state last rendered,
/// read to decide whether a key is the app's (so that, say, Tab moves the focus as usual when
/// nothing is selected).
#[hook]
pub fn use_keyboard(dispatcher: UseReducerDispatcher<AppState>, latest: Rc<RefCell<AppState>>) {
    use_effect_with((), move |_| {
        let document = web_sys::window().and_then(|w| w.document());
        let listener = document.map(|d| {
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&d, "keydown", options, move |event| {
                let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                let target = event.target();
                if dom::is_typing_target(target.clone()) {
                    return;
                }
                // Tab moves between annotations only while the article has the focus;
                // elsewhere it moves the focus, as it should. Enter and Space on a button
                // press it, except that Enter answers an offer on screen.
                let key = event.key();
                if key == "Tab" && !dom::is_article(target.clone()) {
                    return;
                }
                let offer = latest.borrow().has_offer();
                if (key == " " || (key == "Enter" && !offer)) && dom::is_control(target) {
                    return;
                }
                let press = KeyPress {
                    key,
                    shift: event.shift_key(),
                    ctrl: event.ctrl_key() || event.meta_key(),
                    alt: event.alt_key(),
                };
                let Some(command) = latest.borrow().key_command(&press) else {
                    return;
                };
                event.prevent_default();
                dispatcher.dispatch(Action::Key(press));
                if command == KeyCommand::Find {
                    // Also when the search is already open: bring the keyboard back to it.
                    dom::focus(".search-field");
                }
            })
        });
        move || drop(listener)
    });
}
