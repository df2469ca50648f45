//! The storage warning (shown while work is not being saved) and the latest notice.

use crate::notice::{Notice, NoticeKind};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    pub storage_warning: Option<AttrValue>,
    pub notice: Option<Notice>,
    pub on_dismiss: Callback<()>,
}

#[component]
pub fn Notices(props: &NoticesProps) -> Html {
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="notices">
            if let Some(w) = &props.storage_warning {
                <div class="notice warning storage-warning" role="alert">{ w.clone() }</div>
            }
            if let Some(n) = &props.notice {
                <div class={classes!("notice", match n.kind { NoticeKind::Info => "info", NoticeKind::Error => "error" })}
                    role={if n.kind == NoticeKind::Error { "alert" } else { "status" }}>
                    <p class="notice-text">{ n.text.clone() }</p>
                    if !n.details.is_empty() {
                        <ul class="notice-details">
                            { for n.details.iter().map(|d| html! { <li>{ d.clone() }</li> }) }
                        </ul>
                    }
                    <button type="button" class="dismiss" onclick={dismiss} aria-label="Dismiss">{ "×" }</button>
                </div>
            }
        </div>
    }
}
