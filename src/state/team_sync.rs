//! Sync with a team's CouchDB, as the screen sees it: the settings, whether the person is
//! signed in, where sync stands (the toolbar's words), and what the last syncs could not do.
//! The work itself is `crate::hooks::team_sync`; what a server's revision does to the work
//! is `Workspace::take_synced`.

use super::{AppState, Dialog};
use crate::notice::{Notice, NoticeKind};
use postil_core::sync::settings::{Settings, Status};
use postil_core::workspace::Own;
use std::rc::Rc;

/// What the screen knows about sync.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TeamSync {
    pub settings: Option<Rc<Settings>>,
    /// The server accepted the person's session (as far as this tab knows).
    pub signed_in: bool,
    pub reviewer: bool,
    pub status: Status,
    /// Counts sign-ins and sign-outs, so the sync hook starts and stops with them.
    pub session: u32,
    /// What the last syncs could not do (conflicts shown as CouchDB chose, writes refused,
    /// revisions that could not be read), each a sentence; the newest first, at most 20.
    pub problems: Rc<Vec<String>>,
    /// When the last sync ended well (milliseconds since 1970 UTC).
    pub last: Option<u64>,
    /// Counts "Sync now" (the hook syncs when it changes).
    pub nudge: u32,
    /// Why the sign-in form could not sign in.
    pub form_error: Option<String>,
    /// The sign-in form's request is under way.
    pub signing_in: bool,
}

impl TeamSync {
    /// The person's own layer and role, once signed in.
    pub fn own(&self) -> Option<Own> {
        let s = self.settings.as_ref()?;
        self.signed_in.then(|| Own {
            layer: if s.gold && self.reviewer {
                postil_core::sync::GOLD.to_string()
            } else {
                s.name.clone()
            },
            reviewer: self.reviewer,
        })
    }
}

/// What can happen to sync.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncAction {
    /// Settings found at start, and what the server said of the session: signed in (with
    /// the reviewer role or not), or unknown (unreachable: taken as signed in, to work
    /// offline, until the server says otherwise).
    Resume(Settings, Option<bool>),
    /// Settings found at start, but the server's session is over or someone else's.
    NeedsSignIn(Settings),
    /// The server accepted the person's name and password.
    SignedIn {
        settings: Settings,
        reviewer: bool,
    },
    /// Signed out, or the server ended the session (the sentence says which).
    SignedOut(Option<String>),
    /// Sync is switched off; the copy is forgotten (the work here stays).
    Stop,
    Status(Status),
    /// The sign-in form was sent.
    SigningIn,
    /// The sign-in form could not sign in: why.
    FormError(String),
    /// "Sync now".
    Now,
    /// A sync ended: the server's revisions of these CouchDB documents, and what it could
    /// not do.
    Took {
        /// The session of the run that took them: one that has ended meanwhile (signed out, or
        /// in as someone else) brings nothing into this one.
        session: u32,
        bodies: Vec<(String, Option<String>)>,
        problems: Vec<String>,
        /// When the run that took them finished well (`None`: it did not, or they were read
        /// from this browser's copy), for "Last synced at".
        at: Option<u64>,
    },
}

impl AppState {
    pub(super) fn team_sync(&mut self, action: SyncAction) {
        let sync = &mut self.sync;
        match action {
            SyncAction::Resume(settings, reviewer) => {
                sync.signed_in = true;
                // Unknown (no server): the role it last said.
                sync.reviewer = reviewer.unwrap_or(settings.reviewer);
                sync.settings = Some(Rc::new(settings));
                sync.status = Status::Syncing;
                sync.session += 1;
            }
            SyncAction::NeedsSignIn(settings) => {
                sync.settings = Some(Rc::new(settings));
                sync.signed_in = false;
                sync.status = Status::SignedOut;
                sync.session += 1;
            }
            SyncAction::SignedIn { settings, reviewer } => {
                let name = settings.name.clone();
                sync.settings = Some(Rc::new(settings));
                sync.signed_in = true;
                sync.reviewer = reviewer;
                sync.status = Status::Syncing;
                sync.session += 1;
                sync.problems = Rc::default();
                sync.signing_in = false;
                sync.form_error = None;
                if self.ws.annotator() != name {
                    self.run(|ws| ws.set_annotator(&name));
                }
                if matches!(self.dialog, Some(Dialog::Sync)) {
                    self.dialog = None;
                }
            }
            SyncAction::SignedOut(why) => {
                sync.signed_in = false;
                sync.status = Status::SignedOut;
                sync.session += 1;
                if let Some(why) = why {
                    self.notice = Some(Notice {
                        kind: NoticeKind::Error,
                        text: why,
                        details: Vec::new(),
                    });
                }
            }
            SyncAction::Stop => {
                *sync = TeamSync {
                    session: sync.session + 1,
                    ..TeamSync::default()
                };
            }
            SyncAction::Status(status) => {
                if sync.signed_in {
                    sync.status = status;
                }
            }
            SyncAction::SigningIn => {
                sync.signing_in = true;
                sync.form_error = None;
            }
            SyncAction::FormError(why) => {
                sync.signing_in = false;
                sync.form_error = Some(why);
            }
            SyncAction::Now => sync.nudge += 1,
            SyncAction::Took {
                session,
                bodies,
                problems,
                at,
            } => {
                if session != sync.session {
                    return;
                }
                if !problems.is_empty() {
                    let mut all = problems;
                    all.extend(sync.problems.iter().cloned());
                    all.truncate(20);
                    sync.problems = Rc::new(all);
                }
                if at.is_some() {
                    sync.last = at;
                }
                let Some(own) = sync.own() else { return };
                if bodies.is_empty() {
                    return;
                }
                match self.ws.take_synced(&bodies, &own) {
                    Ok((outcome, taken_problems)) => {
                        if !taken_problems.is_empty() {
                            let mut all = taken_problems;
                            all.extend(self.sync.problems.iter().cloned());
                            all.truncate(20);
                            self.sync.problems = Rc::new(all);
                        }
                        let say = outcome.message.is_some();
                        self.took_external(Ok(outcome.clone()));
                        if say {
                            self.after(outcome);
                        }
                    }
                    Err(r) => self.took_external(Err(r)),
                }
            }
        }
    }
}
