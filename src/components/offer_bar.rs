//! After labeling words: "Label 3 more “Pakistan” as GPE?" — Enter accepts, Esc or anything
//! else ignores it.

use postil_core::workspace::Offer;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OfferBarProps {
    pub offer: Rc<Offer>,
    pub on_accept: Callback<()>,
    pub on_dismiss: Callback<()>,
}

#[component]
pub fn OfferBar(props: &OfferBarProps) -> Html {
    let o = &props.offer;
    let n = o.spans.len();
    html! {
        <div class="offer" role="status">
            <span>{ format!("Label {n} more “{}” as {}?", o.text, o.label) }</span>
            <button type="button" class="accept" onclick={props.on_accept.reform(|_: MouseEvent| ())}>
                { format!("Label all {n}") }<kbd>{ "Enter" }</kbd>
            </button>
            <button type="button" onclick={props.on_dismiss.reform(|_: MouseEvent| ())}>{ "No" }<kbd>{ "Esc" }</kbd></button>
        </div>
    }
}
