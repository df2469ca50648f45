//! Signing in (`POST /_session`, once, with the password), resuming a kept session, signing
//! out and stopping sync in this browser.

use super::DEADLINE_MS;
use crate::persist::sync_store;
use crate::platform::http::{self, Unreached};
use crate::platform::storage::Storage;
use crate::state::{Action, AppState, SyncAction};
use postil_core::sync::settings::{address, session, Settings};
use yew::prelude::*;

/// What the server says of the session kept in this browser for `settings`.
pub(super) async fn resume(settings: Settings) -> SyncAction {
    let Ok(at) = address(&settings.url) else {
        return SyncAction::NeedsSignIn(settings);
    };
    match http::send("GET", &format!("{}/_session", at.server), None, DEADLINE_MS).await {
        Ok(r) if r.status == 200 => match session(&r.body) {
            Some((name, reviewer)) if name == settings.name => {
                SyncAction::Resume(settings, Some(reviewer))
            }
            _ => SyncAction::NeedsSignIn(settings),
        },
        Ok(_) => SyncAction::NeedsSignIn(settings),
        Err(_) => SyncAction::Resume(settings, None),
    }
}

/// What the sign-in form holds. (No `Debug`: it holds a password.)
#[derive(Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SignIn {
    pub url: String,
    pub name: String,
    pub password: String,
    pub gold: bool,
}

/// Signs in at the server of `form.url`'s database (`POST /_session`), checks the database
/// can be read, keeps the settings (never the password) and starts syncing; or says why not.
pub async fn sign_in(form: SignIn, storage: &Storage, dispatcher: &UseReducerDispatcher<AppState>) {
    let fail = |why: String| dispatcher.dispatch(Action::Sync(SyncAction::FormError(why)));
    let at = match address(&form.url) {
        Ok(a) => a,
        Err(why) => return fail(why),
    };
    if form.name.trim().is_empty() {
        return fail("Your CouchDB name is missing.".into());
    }
    let body = serde_json::json!({"name": form.name.trim(), "password": form.password}).to_string();
    let reached = |u: Unreached| {
        format!("Postil could not reach {}: {u}. Is the address right, and does the server let this page in (its CORS settings, in the README)?", at.server)
    };
    let answer = match http::send(
        "POST",
        &format!("{}/_session", at.server),
        Some(&body),
        DEADLINE_MS,
    )
    .await
    {
        Ok(a) => a,
        Err(u) => return fail(reached(u)),
    };
    if answer.status == 401 {
        return fail("The server does not know this name with this password.".into());
    }
    let Some((name, reviewer)) = (answer.status == 200)
        .then(|| session(&answer.body))
        .flatten()
    else {
        return fail(format!(
            "The server did not sign you in (it answered {}).",
            answer.status
        ));
    };
    match http::send("GET", &at.database, None, DEADLINE_MS).await {
        Ok(r) if r.status == 200 => {}
        Ok(r) if r.status == 404 => {
            return fail("There is no such database on this server: check its name.".into())
        }
        Ok(r) if r.status == 401 || r.status == 403 => {
            return fail(format!(
                "{name} may not read this database: its admin adds you as a member (README, “A team on one CouchDB”)."
            ))
        }
        Ok(r) => return fail(format!("The database answered {}.", r.status)),
        Err(u) => return fail(reached(u)),
    }
    let device = sync_store::settings(storage)
        .map(|s| s.device)
        .filter(|d| !d.is_empty())
        .unwrap_or_else(http::random_name);
    let settings = Settings {
        url: at.database,
        name,
        gold: form.gold && reviewer,
        device,
        reviewer,
    };
    if !sync_store::keep_settings(storage, Some(&settings)) {
        return fail(
            "This browser's storage refused the settings: see the storage warning.".into(),
        );
    }
    dispatcher.dispatch(Action::Sync(SyncAction::SignedIn { settings, reviewer }));
}

/// `DELETE /_session` at the server of `settings`' database (whatever it answers).
async fn end_session(settings: &Settings) {
    if let Ok(at) = address(&settings.url) {
        let url = format!("{}/_session", at.server);
        let _ = http::send("DELETE", &url, None, DEADLINE_MS).await;
    }
}

/// Ends the session at the server (`DELETE /_session`); the settings and the copy stay, for
/// the next sign-in.
pub async fn sign_out(settings: &Settings, dispatcher: &UseReducerDispatcher<AppState>) {
    end_session(settings).await;
    dispatcher.dispatch(Action::Sync(SyncAction::SignedOut(None)));
}

/// Stops syncing in this browser: signs out, forgets the settings and the copy (the work here
/// stays, and so does everything on the server).
pub async fn stop(
    settings: &Settings,
    storage: &Storage,
    dispatcher: &UseReducerDispatcher<AppState>,
) {
    end_session(settings).await;
    sync_store::keep_settings(storage, None);
    sync_store::forget(settings).await;
    dispatcher.dispatch(Action::Sync(SyncAction::Stop));
}
