//! Sync with a team's CouchDB, in small steps that never hold the page: after each change of
//! the work (a moment later, so a burst of labels is one sync), when the server's long poll
//! says something changed there, when the browser comes back online, and when asked. One tab
//! of this browser syncs (`navigator.locks`); the others see its work through storage.
//!
//! A sync: the work's changes go into this browser's copy (`Outgoing::put`), one run of the
//! protocol (`postil_core::sync::Run`) sends its requests one by one with `fetch`, the copy's
//! changed entries are stored (`persist::sync_store`), and the server's revisions go to the
//! reducer (`SyncAction::Took`), which hands them to `Workspace::take_synced`. Signing in and
//! out are here too ([`sign_in`], [`sign_out`], [`stop`]): the password goes to the server's
//! `_session` once and is never kept.

use crate::persist::sync_store;
use crate::platform::dom::now_ms;
use crate::platform::http::{self, Unreached};
use crate::platform::storage::Storage;
use crate::state::{Action, AppState, SyncAction};
use crate::view::Same;
use gloo::timers::callback::Timeout;
use postil_core::sync::settings::{address, session, Settings, Status};
use postil_core::sync::{ids, CouchId, Next, Person, Replica, Run, SyncError};
use postil_core::workspace::Outgoing;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// How long one request may take.
const DEADLINE_MS: u32 = 60_000;
/// How long the server holds a long poll, and how long this side waits for it.
const POLL_MS: u32 = 25_000;
const POLL_DEADLINE_MS: u32 = 35_000;
/// After a change of the work, before a sync.
const SOON_MS: u32 = 250;
/// The longest wait before trying again after a failure.
const MOST_BACKOFF_MS: u32 = 60_000;

#[derive(Default)]
struct Engine {
    /// The session this engine works for (`TeamSync::session`): work of an older one stops.
    session: u32,
    settings: Option<Settings>,
    replica: Option<Replica>,
    outgoing: Outgoing,
    running: bool,
    again: bool,
    polling: bool,
    lock_asked: bool,
    locked: bool,
    soon: Option<Timeout>,
    retry: Option<Timeout>,
    backoff: u32,
}

#[derive(Clone)]
struct Ctx {
    engine: Rc<RefCell<Engine>>,
    dispatcher: UseReducerDispatcher<AppState>,
    latest: Rc<RefCell<AppState>>,
}

impl Ctx {
    fn say(&self, status: Status) {
        self.dispatcher
            .dispatch(Action::Sync(SyncAction::Status(status)));
    }

    fn current(&self, session: u32) -> bool {
        self.engine.borrow().session == session
    }
}

#[hook]
pub fn use_team_sync(
    state: &UseReducerHandle<AppState>,
    latest: Rc<RefCell<AppState>>,
    storage: Rc<Storage>,
) {
    let engine = use_mut_ref(Engine::default);
    let ctx = Ctx {
        engine,
        dispatcher: state.dispatcher(),
        latest,
    };
    {
        // Settings kept from an earlier visit: sync resumes if the server's session (its
        // cookie) is still this person's; offline, it resumes as it was.
        let ctx = ctx.clone();
        use_effect_with((), move |_| {
            if let Some(s) = sync_store::settings(&storage) {
                wasm_bindgen_futures::spawn_local(async move {
                    let action = resume(s).await;
                    ctx.dispatcher.dispatch(Action::Sync(action));
                });
            }
        });
    }
    {
        let ctx = ctx.clone();
        let signed_in = state.sync.signed_in;
        let settings = state.sync.settings.clone();
        use_effect_with(state.sync.session, move |session| {
            begin(
                &ctx,
                *session,
                signed_in.then(|| settings.map(|s| (*s).clone())).flatten(),
            );
        });
    }
    {
        // The work changed: sync a moment later.
        let ctx = ctx.clone();
        let keys = (
            Same(state.ws.docs().clone()),
            Same(state.ws.schema().clone()),
        );
        use_effect_with(keys, move |_| soon(&ctx));
    }
    {
        let ctx = ctx.clone();
        use_effect_with(state.sync.nudge, move |_| kick(&ctx));
    }
    {
        let ctx = ctx.clone();
        use_effect_with((), move |_| {
            let listener = http::on_online(move || kick(&ctx));
            move || drop(listener)
        });
    }
}

/// What the server says of the session kept in this browser for `settings`.
async fn resume(settings: Settings) -> SyncAction {
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

/// A session starts (`settings`) or ends (`None`): the copy of the old one is let go, and the
/// new one is read, once this tab holds the sync lock.
fn begin(ctx: &Ctx, session: u32, settings: Option<Settings>) {
    {
        let mut e = ctx.engine.borrow_mut();
        e.session = session;
        e.replica = None;
        e.outgoing = Outgoing::default();
        e.again = false;
        e.retry = None;
        e.soon = None;
        e.backoff = 0;
        e.settings = settings.clone();
        if settings.is_none() {
            return;
        }
        if !e.locked {
            let ask = !std::mem::replace(&mut e.lock_asked, true);
            drop(e);
            if ask {
                let ctx = ctx.clone();
                http::sync_lock("postil-sync", move || {
                    ctx.engine.borrow_mut().locked = true;
                    let (session, settings) = {
                        let e = ctx.engine.borrow();
                        (e.session, e.settings.clone())
                    };
                    if settings.is_some() {
                        begin(&ctx, session, settings);
                    }
                });
            }
            // Granted at once where there are no locks (then `begin` ran again), or in a moment;
            // if not by then, another tab syncs until it closes.
            let c = ctx.clone();
            Timeout::new(1_000, move || {
                let e = c.engine.borrow();
                let waiting = !e.locked && e.session == session && e.settings.is_some();
                drop(e);
                if waiting {
                    c.say(Status::OtherTab);
                }
            })
            .forget();
            return;
        }
    }
    let Some(settings) = settings else { return };
    let ctx = ctx.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let replica = sync_store::load(&settings).await;
        {
            let mut e = ctx.engine.borrow_mut();
            if e.session != session {
                return;
            }
            e.replica = Some(replica);
        }
        kick(&ctx);
    });
}

fn soon(ctx: &Ctx) {
    let mut e = ctx.engine.borrow_mut();
    if e.replica.is_none() {
        return;
    }
    let c = ctx.clone();
    e.soon = Some(Timeout::new(SOON_MS, move || kick(&c)));
}

/// Syncs now, or right after the sync under way.
fn kick(ctx: &Ctx) {
    let mut e = ctx.engine.borrow_mut();
    if e.replica.is_none() || e.settings.is_none() {
        return;
    }
    if e.running {
        e.again = true;
        return;
    }
    e.running = true;
    e.retry = None;
    let session = e.session;
    drop(e);
    let ctx = ctx.clone();
    wasm_bindgen_futures::spawn_local(async move { cycle(ctx, session).await });
}

enum Stopped {
    Unreached,
    Sync(SyncError),
}

async fn cycle(ctx: Ctx, session: u32) {
    loop {
        let own = ctx.latest.borrow().sync.own();
        let settings = ctx.engine.borrow().settings.clone();
        let (Some(own), Some(settings)) = (own, settings) else {
            ctx.engine.borrow_mut().running = false;
            return;
        };
        let waiting = {
            let latest = ctx.latest.borrow();
            let mut e = ctx.engine.borrow_mut();
            let Engine {
                replica, outgoing, ..
            } = &mut *e;
            let Some(replica) = replica.as_mut() else {
                e.running = false;
                return;
            };
            outgoing.put(&latest.ws, &own, replica);
            replica.unpushed().len()
        };
        if !http::online() {
            ctx.say(Status::Offline { waiting });
            store(&ctx, &settings).await;
            ctx.engine.borrow_mut().running = false;
            return;
        }
        ctx.say(Status::Syncing);
        let person = Person {
            name: settings.name.clone(),
            reviewer: own.reviewer,
            offer_all: false,
        };
        let mut run = Run::new(&settings.device, person);
        let mut answer = None;
        let result = loop {
            let next = {
                let mut e = ctx.engine.borrow_mut();
                if e.session != session {
                    e.running = false;
                    return;
                }
                let Some(replica) = e.replica.as_mut() else {
                    e.running = false;
                    return;
                };
                run.step(replica, answer.take())
            };
            match next {
                Ok(Next::Send(req)) => {
                    match http::send_to(&settings.url, &req, DEADLINE_MS).await {
                        Ok(r) => answer = Some(r),
                        Err(_) => break Err(Stopped::Unreached),
                    }
                }
                Ok(Next::Done) => break Ok(std::mem::take(&mut run.report)),
                Err(e) => break Err(Stopped::Sync(e)),
            }
        };
        store(&ctx, &settings).await;
        if !ctx.current(session) {
            return;
        }
        let report = match result {
            Ok(report) => report,
            Err(stopped) => {
                let waiting = {
                    let e = ctx.engine.borrow();
                    e.replica.as_ref().map_or(0, |r| r.unpushed().len())
                };
                match stopped {
                    Stopped::Sync(SyncError::Unauthorized(_)) => {
                        ctx.engine.borrow_mut().running = false;
                        ctx.dispatcher.dispatch(Action::Sync(SyncAction::SignedOut(Some(
                            "The team's database asks you to sign in again (Team sync). Your work here is kept and will be sent then."
                                .into(),
                        ))));
                        return;
                    }
                    Stopped::Sync(e) => ctx.say(Status::Failed(format!("{e}."))),
                    Stopped::Unreached => ctx.say(Status::Offline { waiting }),
                }
                retry_later(&ctx);
                return;
            }
        };
        let bodies: Vec<(String, Option<String>)> = {
            let e = ctx.engine.borrow();
            let replica = e.replica.as_ref();
            (report.taken.iter().chain(&report.joined))
                .filter(|id| CouchId::parse(id).is_some())
                .map(|id| {
                    (
                        id.clone(),
                        replica.and_then(|r| r.body(id)).map(str::to_string),
                    )
                })
                .collect()
        };
        let problems = report.sentences();
        let refused = report.refused.len();
        {
            let mut e = ctx.engine.borrow_mut();
            e.backoff = 0;
        }
        ctx.dispatcher.dispatch(Action::Sync(SyncAction::Took {
            bodies,
            problems,
            at: now_ms(),
        }));
        ctx.say(if refused > 0 {
            Status::Failed(
                postil_core::prose::count(
                    refused,
                    "change was refused by the team's database",
                    "changes were refused by the team's database",
                ) + ": see Team sync.",
            )
        } else {
            Status::Synced
        });
        let again = std::mem::take(&mut ctx.engine.borrow_mut().again);
        if !again {
            ctx.engine.borrow_mut().running = false;
            poll(&ctx, session);
            return;
        }
    }
}

/// Writes the copy's changed entries.
async fn store(ctx: &Ctx, settings: &Settings) {
    let items = {
        let mut e = ctx.engine.borrow_mut();
        e.replica
            .as_mut()
            .map(Replica::take_touched)
            .unwrap_or_default()
    };
    sync_store::save(settings, items).await;
}

/// Tries again after a wait that doubles with each failure (at most a minute).
fn retry_later(ctx: &Ctx) {
    let mut e = ctx.engine.borrow_mut();
    e.running = false;
    e.backoff = (e.backoff * 2).clamp(2_000, MOST_BACKOFF_MS);
    let c = ctx.clone();
    e.retry = Some(Timeout::new(e.backoff, move || kick(&c)));
}

/// Waits for the server to say something changed there (`_changes?feed=longpoll`), then
/// syncs. One poll at a time; it ends with its session.
fn poll(ctx: &Ctx, session: u32) {
    {
        let mut e = ctx.engine.borrow_mut();
        if e.polling {
            return;
        }
        e.polling = true;
    }
    let ctx = ctx.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let changed = loop {
            let (since, url) = {
                let e = ctx.engine.borrow();
                if e.session != session {
                    break false;
                }
                let (Some(r), Some(s)) = (e.replica.as_ref(), e.settings.as_ref()) else {
                    break false;
                };
                let since = match &r.since {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (since, s.url.clone())
            };
            let url = format!(
                "{url}/_changes?feed=longpoll&limit=1&timeout={POLL_MS}&since={}",
                ids::encode(&since)
            );
            match http::send("GET", &url, None, POLL_DEADLINE_MS).await {
                Ok(r) if r.status == 200 => {
                    let any = serde_json::from_str::<serde_json::Value>(&r.body)
                        .ok()
                        .and_then(|v| v.get("results")?.as_array().map(|a| !a.is_empty()))
                        .unwrap_or(false);
                    if any {
                        break true;
                    }
                }
                Err(Unreached::Timeout) => {}
                // Down, offline or signed out: a sync says which, and tries again.
                _ => break true,
            }
        };
        ctx.engine.borrow_mut().polling = false;
        if changed && ctx.current(session) {
            kick(&ctx);
        }
    });
}

/// What the sign-in form holds.
#[derive(Clone, Debug, PartialEq)]
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
    };
    if !sync_store::keep_settings(storage, Some(&settings)) {
        return fail(
            "This browser's storage refused the settings: see the storage warning.".into(),
        );
    }
    dispatcher.dispatch(Action::Sync(SyncAction::SignedIn { settings, reviewer }));
}

/// Ends the session at the server (`DELETE /_session`); the settings and the copy stay, for
/// the next sign-in.
pub async fn sign_out(settings: &Settings, dispatcher: &UseReducerDispatcher<AppState>) {
    if let Ok(at) = address(&settings.url) {
        let _ = http::send(
            "DELETE",
            &format!("{}/_session", at.server),
            None,
            DEADLINE_MS,
        )
        .await;
    }
    dispatcher.dispatch(Action::Sync(SyncAction::SignedOut(None)));
}

/// Stops syncing in this browser: signs out, forgets the settings and the copy (the work here
/// stays, and so does everything on the server).
pub async fn stop(
    settings: &Settings,
    storage: &Storage,
    dispatcher: &UseReducerDispatcher<AppState>,
) {
    if let Ok(at) = address(&settings.url) {
        let _ = http::send(
            "DELETE",
            &format!("{}/_session", at.server),
            None,
            DEADLINE_MS,
        )
        .await;
    }
    sync_store::keep_settings(storage, None);
    sync_store::forget(settings).await;
    dispatcher.dispatch(Action::Sync(SyncAction::Stop));
}
