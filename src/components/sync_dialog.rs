//! "Team sync": signing in to a team's CouchDB database (its address, the person's CouchDB
//! name and password: the password goes to the server once and is never kept), and once
//! signed in, where sync stands, what it could not do, and Sync now / Sign out / Stop syncing.

use super::dialog::{on_escape, use_autofocus};
use crate::hooks::team_sync::SignIn;
use crate::state::TeamSync;
use postil_core::sync::settings::Status;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SyncDialogProps {
    pub sync: TeamSync,
    pub on_sign_in: Callback<SignIn>,
    pub on_sign_out: Callback<()>,
    pub on_stop: Callback<()>,
    pub on_now: Callback<()>,
    pub on_close: Callback<()>,
}

#[component]
pub fn SyncDialog(props: &SyncDialogProps) -> Html {
    let sync = &props.sync;
    let first = use_autofocus();
    let close = props.on_close.reform(|_: MouseEvent| ());
    let body = if sync.signed_in {
        signed_in(props, first)
    } else {
        html! { <SignInForm sync={sync.clone()} on_sign_in={props.on_sign_in.clone()} first={first} /> }
    };
    // Esc closes it from its fields too (the app's keys leave fields alone).
    let onkeydown = on_escape(&props.on_close);
    html! {
        <div class="dialog-backdrop">
            <div class="dialog sync-dialog" role="dialog" aria-modal="true" aria-labelledby="sync-title" {onkeydown}>
                <h2 id="sync-title">{ "Team sync" }</h2>
                { body }
                <div class="dialog-actions">
                    <button type="button" onclick={close}>{ "Close" }</button>
                </div>
            </div>
        </div>
    }
}

fn signed_in(props: &SyncDialogProps, first: NodeRef) -> Html {
    let sync = &props.sync;
    let Some(settings) = sync.settings.as_ref() else {
        return html! {};
    };
    let unit = |c: &Callback<()>| c.reform(|_: MouseEvent| ());
    let role = if sync.reviewer { " (reviewer)" } else { "" };
    let layer = sync.own().map(|o| o.layer).unwrap_or_default();
    let detail = match &sync.status {
        Status::Failed(why) => why.clone(),
        Status::Offline { .. } => {
            "The server cannot be reached now. Postil keeps working here and sends your changes when it can.".into()
        }
        Status::OtherTab => "Another tab of this browser syncs; this one shows its work.".into(),
        _ => String::new(),
    };
    let last = sync.last.map(|t| {
        let offset = crate::platform::dom::utc_offset_at()(t);
        let local = t as i64 + i64::from(offset) * 60_000;
        let iso = postil_core::clock::iso(local.max(0) as u64);
        format!("Last synced at {}.", &iso[11..16])
    });
    html! {
        <>
            <p class="sync-who">
                { format!("Signed in as {}{role} to ", settings.name) }
                <code>{ settings.url.clone() }</code>
                { format!(". Your annotations are the layer “{layer}”.") }
            </p>
            <p class="sync-state" role="status">
                <strong>{ sync.status.text() }</strong>
                if !detail.is_empty() { { " " }{ detail } }
                if let Some(last) = last { { " " }{ last } }
            </p>
            if !sync.problems.is_empty() {
                <section class="sync-problems" aria-label="What sync could not do">
                    <h3>{ "What sync could not do" }</h3>
                    <ul>
                        { for sync.problems.iter().map(|p| html! { <li>{ p.clone() }</li> }) }
                    </ul>
                </section>
            }
            <div class="sync-actions">
                <button type="button" ref={first} onclick={unit(&props.on_now)}>{ "Sync now" }</button>
                <button type="button" onclick={unit(&props.on_sign_out)}>{ "Sign out" }</button>
                <button type="button" class="danger" onclick={unit(&props.on_stop)}
                    title="Forget the database here; your work in this browser and on the server stays">
                    { "Stop syncing" }
                </button>
            </div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct SignInFormProps {
    sync: TeamSync,
    on_sign_in: Callback<SignIn>,
    first: NodeRef,
}

#[component]
fn SignInForm(props: &SignInFormProps) -> Html {
    let settings = props.sync.settings.clone();
    let url = use_state(|| settings.as_ref().map(|s| s.url.clone()).unwrap_or_default());
    let name = use_state(|| {
        settings
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_default()
    });
    let gold = use_state(|| settings.as_ref().is_some_and(|s| s.gold));
    let password = use_node_ref();
    let text = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            state.set(input.value());
        })
    };
    let on_gold = {
        let gold = gold.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            gold.set(input.checked());
        })
    };
    let on_submit = {
        let (url, name, gold, password) =
            (url.clone(), name.clone(), gold.clone(), password.clone());
        let send = props.on_sign_in.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let field = password.cast::<HtmlInputElement>();
            let secret = field.as_ref().map(|f| f.value()).unwrap_or_default();
            // The password leaves the page's fields at once.
            if let Some(f) = field {
                f.set_value("");
            }
            send.emit(SignIn {
                url: (*url).clone(),
                name: (*name).clone(),
                password: secret,
                gold: *gold,
            });
        })
    };
    html! {
        <form class="sync-form" onsubmit={on_submit}>
            <p>{ "Sync your work with your team's CouchDB database. Postil sends your annotations as your own layer and shows your colleagues' beside them; it keeps working offline and catches up later. The password goes to the server once and is never kept here." }</p>
            <label>
                { "Database address" }
                <input ref={props.first.clone()} type="url" required=true value={(*url).clone()}
                    placeholder="https://couch.example.org/newsroom" oninput={text(&url)}
                    autocomplete="url" spellcheck="false" />
            </label>
            <label>
                { "Your CouchDB name" }
                <input type="text" required=true value={(*name).clone()} oninput={text(&name)}
                    autocomplete="username" spellcheck="false" />
            </label>
            <label>
                { "Password" }
                <input ref={password} type="password" autocomplete="current-password" />
            </label>
            <label class="sync-gold">
                <input type="checkbox" checked={*gold} onchange={on_gold} />
                { "My annotations are the team's gold set (reviewers)" }
            </label>
            if let Some(why) = props.sync.form_error.clone() {
                <p class="sync-error" role="alert">{ why }</p>
            }
            <button type="submit" disabled={props.sync.signing_in}>
                { if props.sync.signing_in { "Signing in…" } else { "Sign in and sync" } }
            </button>
        </form>
    }
}
