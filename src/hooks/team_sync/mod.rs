//! Sync with a team's CouchDB, in small steps that never hold the page: after each change of
//! the work (a moment later, so a burst of labels is one sync), when the server's long poll
//! says something changed there, when the browser comes back online, and when asked. One tab
//! of this browser syncs (`navigator.locks`); the others see its work through storage.
//!
//! A sync: the work's changes go into this browser's copy (`Outgoing::put`), one run of the
//! protocol (`postil_core::sync::Run`) sends its requests one by one with `fetch`, the copy's
//! changed entries are stored (`persist::sync_store`), and the server's revisions go to the
//! reducer (`SyncAction::Took`), which hands them to `Workspace::take_synced`. The server's long
//! poll is in `poll.rs`; signing in and out in `session.rs` ([`sign_in`], [`sign_out`], [`stop`]):
//! the password goes to the server's `_session` once and is never kept.

mod poll;
mod session;

pub use session::{sign_in, sign_out, stop, SignIn};

use crate::persist::sync_store;
use crate::platform::dom::now_ms;
use crate::platform::http;
use crate::platform::storage::Storage;
use crate::state::{Action, AppState, SyncAction};
use crate::view::Same;
use gloo::timers::callback::Timeout;
use poll::poll;
use postil_core::sync::settings::{Settings, Status};
use postil_core::sync::{CouchId, Next, Person, Replica, Run, SyncError};
use postil_core::workspace::Outgoing;
use session::resume;
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
    /// The session whose long poll is waiting, if one is.
    polling: Option<u32>,
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
    storage: Rc<Storage>,
}

/// Which layer the annotations in this browser were last sent as (kept across sign-outs and
/// "Stop syncing": they are still that layer's).
const OWNER_KEY: &str = "postil/v1/sync-owner";

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
        storage: storage.clone(),
    };
    {
        // Settings kept from an earlier visit: sync resumes if the server's session (its
        // cookie) is still this person's; offline, it resumes as it was.
        let ctx = ctx.clone();
        use_effect_with((), move |_| {
            if let Some(s) = sync_store::settings(&ctx.storage) {
                wasm_bindgen_futures::spawn_local(async move {
                    let action = resume(s).await;
                    // The role the server said is kept, for a start without the server.
                    if let SyncAction::Resume(s, Some(reviewer)) = &action {
                        if s.reviewer != *reviewer {
                            let kept = Settings {
                                reviewer: *reviewer,
                                ..s.clone()
                            };
                            sync_store::keep_settings(&ctx.storage, Some(&kept));
                        }
                    }
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
        // Others' layers and the schema as the copy holds them reach the work (a run that
        // stopped after storing what it took, before the work had it, is made good here).
        let own = ctx.latest.borrow().sync.own().map(|o| o.layer);
        let bodies: Vec<(String, Option<String>)> = (replica.entries.iter())
            .filter(|(id, _)| match CouchId::parse(id) {
                Some(CouchId::Layer { layer, .. }) => Some(&layer) != own.as_ref(),
                Some(CouchId::Schema) => true,
                _ => false,
            })
            .map(|(id, e)| (id.clone(), e.body.clone()))
            .collect();
        {
            let mut e = ctx.engine.borrow_mut();
            if e.session != session {
                return;
            }
            e.replica = Some(replica);
        }
        if !bodies.is_empty() {
            ctx.dispatcher.dispatch(Action::Sync(SyncAction::Took {
                session,
                bodies,
                problems: Vec::new(),
                at: None,
            }));
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
    /// Signed out, or in again, meanwhile: this run's session is over.
    Session,
}

async fn cycle(ctx: Ctx, session: u32) {
    let finish = |ctx: &Ctx| ctx.engine.borrow_mut().running = false;
    let own = ctx.latest.borrow().sync.own();
    let settings = ctx.engine.borrow().settings.clone();
    let (Some(own), Some(settings)) = (own, settings) else {
        return finish(&ctx);
    };
    // The annotations here were sent as one layer; they are never sent as another's (another
    // person signed in on this browser, or a reviewer's gold set switched on or off).
    let owner = ctx.storage.get(OWNER_KEY).filter(|o| !o.is_empty());
    if let Some(owner) = owner.filter(|o| *o != own.layer) {
        let as_what = |l: &str| {
            if l == postil_core::sync::GOLD {
                "the gold layer".to_string()
            } else {
                format!("{l}'s layer")
            }
        };
        ctx.say(Status::Failed(format!(
            "The annotations in this browser were sent as {}; Postil will not send them as {}. Sign in as before, or use another browser profile for this.",
            as_what(&owner),
            as_what(&own.layer)
        )));
        return finish(&ctx);
    }
    let person = Person {
        name: settings.name.clone(),
        reviewer: own.reviewer,
        offer_all: false,
    };
    let waiting = {
        let latest = ctx.latest.borrow();
        let mut e = ctx.engine.borrow_mut();
        let Engine {
            replica,
            outgoing,
            again,
            ..
        } = &mut *e;
        let Some(replica) = replica.as_mut() else {
            drop(e);
            return finish(&ctx);
        };
        // A copy that has never read the server reads it first, so that nothing here is sent
        // beside what the team already has (a document of the same name, say).
        if replica.entries.is_empty() && replica.since == "0" {
            *again = true;
        } else {
            outgoing.put(&latest.ws, &own, replica);
        }
        waiting_count(replica, &person)
    };
    if !http::online() {
        store(&ctx, session, &settings).await;
        if !ctx.current(session) {
            return handover(&ctx);
        }
        ctx.say(Status::Offline { waiting });
        return finish(&ctx);
    }
    ctx.say(Status::Syncing);
    let mut run = Run::new(&settings.device, person.clone());
    let mut answer = None;
    let result = loop {
        let next = {
            let mut e = ctx.engine.borrow_mut();
            if e.session != session {
                break Err(Stopped::Session);
            }
            let Some(replica) = e.replica.as_mut() else {
                break Err(Stopped::Session);
            };
            run.step(replica, answer.take())
        };
        match next {
            Ok(Next::Send(req)) => match http::send_to(&settings.url, &req, DEADLINE_MS).await {
                Ok(r) => answer = Some(r),
                Err(why) => {
                    // For whoever looks into a sync that will not finish (the toolbar says
                    // only "Offline").
                    web_sys::console::warn_1(
                        &format!("Postil sync: {} {}: {why}", req.method, req.path).into(),
                    );
                    break Err(Stopped::Unreached);
                }
            },
            Ok(Next::Done) => break Ok(()),
            Err(e) => break Err(Stopped::Sync(e)),
        }
    };
    store(&ctx, session, &settings).await;
    if !ctx.current(session) {
        // Signed out or in again meanwhile: a sync of the new session may be waiting.
        return handover(&ctx);
    }
    // What the run took in reaches the work, however it ended: the copy has it now.
    let report = std::mem::take(&mut run.report);
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
    ctx.dispatcher.dispatch(Action::Sync(SyncAction::Took {
        session,
        bodies,
        problems: report.sentences(),
        at: result.is_ok().then(now_ms),
    }));
    if !report.differing.is_empty() {
        // The person's own work changed without them: said where they look, not only in the
        // Team sync dialog.
        // (Three versions may hold one annotation three ways: it counts once.)
        let n = (report.differing.iter())
            .map(|(layer, kept, _)| (layer, kept))
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        ctx.dispatcher
            .dispatch(Action::Notify(crate::notice::Notice {
                kind: crate::notice::NoticeKind::Info,
                text: postil_core::prose::count(
                    n,
                    "annotation was changed differently in two places (devices or tabs)",
                    "annotations were changed differently in two places (devices or tabs)",
                ) + ": one version of each is kept.",
                details: report.differing_sentences(),
            }));
    }
    let waiting = {
        let e = ctx.engine.borrow();
        e.replica.as_ref().map_or(0, |r| waiting_count(r, &person))
    };
    match result {
        Ok(()) => {}
        Err(Stopped::Session) => return handover(&ctx),
        Err(Stopped::Sync(SyncError::Unauthorized(_))) => {
            finish(&ctx);
            ctx.dispatcher.dispatch(Action::Sync(SyncAction::SignedOut(Some(
                "The team's database asks you to sign in again (Team sync). Your work here is kept and will be sent then."
                    .into(),
            ))));
            return;
        }
        Err(Stopped::Sync(e)) => {
            ctx.say(Status::Failed(format!("{e}.")));
            return retry_later(&ctx);
        }
        Err(Stopped::Unreached) => {
            ctx.say(Status::Offline { waiting });
            return retry_later(&ctx);
        }
    }
    if ctx.storage.get(OWNER_KEY).as_deref() != Some(own.layer.as_str()) {
        let _ = ctx.storage.set(OWNER_KEY, &own.layer);
    }
    ctx.engine.borrow_mut().backoff = 0;
    let refused = report.refused.len();
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
    finish(&ctx);
    if again {
        // Once what this run took is on screen (the state this side reads is the one
        // rendered), the next run.
        let c = ctx.clone();
        Timeout::new(50, move || kick(&c)).forget();
    } else {
        poll(&ctx, session);
    }
}

/// Ends a run whose session is over; a kick of the new session that came meanwhile runs now.
fn handover(ctx: &Ctx) {
    let again = {
        let mut e = ctx.engine.borrow_mut();
        e.running = false;
        std::mem::take(&mut e.again)
    };
    if again {
        kick(ctx);
    }
}

/// What waits to be sent: what this person changed and may write (a copy that read the server
/// anew lists everyone's documents as unsent, but offers only these).
fn waiting_count(replica: &Replica, person: &Person) -> usize {
    (replica.unpushed().iter())
        .filter(|(id, _)| CouchId::parse(id).is_some_and(|c| person.may_write(&c)))
        .count()
}

/// Writes the copy's changed entries, if the copy is still `session`'s (after a sign-out or a
/// sign-in as someone else, the engine holds another person's copy, stored by its own runs).
async fn store(ctx: &Ctx, session: u32, settings: &Settings) {
    let items = {
        let mut e = ctx.engine.borrow_mut();
        if e.session != session {
            return;
        }
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
