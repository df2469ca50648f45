//! This side's copy of the team's CouchDB database: for every CouchDB document Postil syncs,
//! the revision held here (with its ancestors), its body, and whether the server has it; and
//! how far the server's changes have been read. The workspace's parts are put in as bodies
//! ([`Replica::put`]), the server's revisions are taken in ([`Replica::receive`]), and what
//! the server lacks is listed to be pushed ([`Replica::unpushed`]).
//!
//! When a document has leaves that do not descend from one another (a conflict: written
//! apart, then both sent), a layer this person may write (their own, or the gold set for a
//! reviewer) is joined ([`super::merge`]) and the join written as a child of CouchDB's
//! winner, the other leaves closed by a deletion; any other is shown as CouchDB shows it
//! (its winner), with the conflict listed for the person.

use super::body::LayerBody;
use super::ids::CouchId;
use super::merge;
use super::rev::{winner, Rev, Revisions};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What this side holds of one CouchDB document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub revisions: Revisions,
    /// The body as JSON (without `_id`, `_rev`), or `None` when the document was deleted.
    pub body: Option<String>,
    /// The server holds this revision.
    pub pushed: bool,
    /// Leaves the server holds that stand beside this one (deletions of leaves this side
    /// joined, to be pushed; or, for a document this person may not write, the leaves CouchDB
    /// did not choose).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closing: Vec<Revisions>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<String>,
}

/// A leaf the server sent: its revisions and its body (`None` for a deletion).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leaf {
    pub revisions: Revisions,
    pub body: Option<String>,
}

/// What taking in a document's leaves did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Received {
    /// Nothing new here (this side has it, or is ahead).
    Nothing,
    /// This side now holds the server's newer revision.
    Taken,
    /// Leaves written apart were joined into a new revision, to be pushed; the annotations
    /// they held differently (the winner's stand).
    Joined(Vec<merge::Differing>),
    /// Leaves written apart that this person may not join: CouchDB's winner is shown.
    Conflict,
    /// A leaf's body could not be read: nothing here changed.
    Unreadable(String),
}

/// This side's copy of the database (see the module's note).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replica {
    pub entries: BTreeMap<String, Entry>,
    /// The server's `_changes` sequence up to which everything was taken in ("0": none).
    pub since: serde_json::Value,
    /// The documents changed here since [`Replica::take_touched`] was last called, for the
    /// browser to store only those.
    #[serde(skip)]
    touched: std::collections::BTreeSet<String>,
}

/// The key under which a stored copy keeps its sequence (no CouchDB id starts with `~`).
pub const SINCE_KEY: &str = "~since";

impl Replica {
    pub fn new() -> Replica {
        Replica {
            entries: BTreeMap::new(),
            since: serde_json::Value::from("0"),
            touched: Default::default(),
        }
    }

    /// A copy read back from stored items (each CouchDB id with its entry as JSON, and
    /// [`SINCE_KEY`] with the sequence). An entry that cannot be read is left out, and the
    /// sequence with it, so that the next sync reads everything again.
    pub fn from_items(items: Vec<(String, String)>) -> Replica {
        let mut replica = Replica::new();
        let mut since = None;
        let mut lost = false;
        for (id, json) in items {
            if id == SINCE_KEY {
                since = serde_json::from_str(&json).ok();
            } else if let Ok(entry) = serde_json::from_str::<Entry>(&json) {
                replica.entries.insert(id, entry);
            } else {
                lost = true;
            }
        }
        if let (Some(since), false) = (since, lost) {
            replica.since = since;
        }
        replica
    }

    /// The items changed since the last call, to store ([`Replica::from_items`] reads them),
    /// with the sequence; `None` for an entry gone.
    pub fn take_touched(&mut self) -> Vec<(String, Option<String>)> {
        let touched = std::mem::take(&mut self.touched);
        let mut items: Vec<(String, Option<String>)> = (touched.into_iter())
            .map(|id| {
                let json = self
                    .entries
                    .get(&id)
                    .and_then(|e| serde_json::to_string(e).ok());
                (id, json)
            })
            .collect();
        items.push((SINCE_KEY.to_string(), Some(self.since.to_string())));
        items
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.get(id)
    }

    /// The body held for `id`, unless it was deleted.
    pub fn body(&self, id: &str) -> Option<&str> {
        self.entries.get(id).and_then(|e| e.body.as_deref())
    }

    /// Puts in this side's version of a document (`None`: deleted). A body equal to the one
    /// held changes nothing; any other is a new revision, child of the one held. Returns
    /// whether it changed.
    pub fn put(&mut self, id: &str, body: Option<String>) -> bool {
        match self.entries.get_mut(id) {
            Some(e) if e.body == body => false,
            Some(e) => {
                e.revisions = e.revisions.child(body.as_deref().unwrap_or(DELETED));
                e.body = body;
                e.pushed = false;
                self.touched.insert(id.to_string());
                true
            }
            None => {
                let Some(body) = body else {
                    return false;
                };
                let entry = Entry {
                    revisions: Revisions::first(&body),
                    body: Some(body),
                    pushed: false,
                    closing: Vec::new(),
                    conflicts: Vec::new(),
                };
                self.entries.insert(id.to_string(), entry);
                self.touched.insert(id.to_string());
                true
            }
        }
    }

    /// The documents whose revision here the server may lack, with the revisions to offer
    /// it (the head, unless the server has it, and the deletions closing joined leaves).
    pub fn unpushed(&self) -> Vec<(&str, Vec<Rev>)> {
        (self.entries.iter())
            .filter(|(_, e)| !e.pushed || !e.closing.is_empty())
            .map(|(id, e)| {
                let revs = (!e.pushed)
                    .then(|| e.revisions.head())
                    .into_iter()
                    .chain(e.closing.iter().map(|c| c.head()))
                    .collect();
                (id.as_str(), revs)
            })
            .collect()
    }

    /// Marks `id`'s revision `rev` as held by the server.
    pub fn pushed(&mut self, id: &str, rev: &Rev) {
        if let Some(e) = self.entries.get_mut(id) {
            self.touched.insert(id.to_string());
            e.closing.retain(|c| c.head() != *rev);
            if e.revisions.head() == *rev {
                e.pushed = true;
            }
        }
    }

    /// Marks every document as possibly missing on the server (it lost its data, or is a new
    /// database): the next push asks it about each.
    pub fn forget_pushed(&mut self) {
        for (id, e) in self.entries.iter_mut() {
            e.pushed = false;
            self.touched.insert(id.clone());
        }
    }

    /// Whether this side knows `rev` of `id` (holds it or a descendant).
    pub fn knows(&self, id: &str, rev: &Rev) -> bool {
        self.entries
            .get(id)
            .is_some_and(|e| e.revisions.contains(rev) || e.closing.iter().any(|c| c.contains(rev)))
    }

    /// Takes in leaves of `id` the server sent. `writable` says whether this person may write
    /// a layer (their own, or the gold set for a reviewer): such a layer's conflicts are
    /// joined; any other's are shown.
    pub fn receive(&mut self, id: &str, leaves: Vec<Leaf>, writable: bool) -> Received {
        let got = self.receive_leaves(id, leaves, writable);
        if got != Received::Nothing {
            self.touched.insert(id.to_string());
        }
        got
    }

    fn receive_leaves(&mut self, id: &str, leaves: Vec<Leaf>, writable: bool) -> Received {
        // Every leaf in view: this side's own (unless the server's descend from it), and the
        // server's (unless this side's descends from them).
        let mut candidates: Vec<(Leaf, bool)> = Vec::new();
        if let Some(e) = self.entries.get(id) {
            candidates.push((
                Leaf {
                    revisions: e.revisions.clone(),
                    body: e.body.clone(),
                },
                true,
            ));
        }
        for leaf in leaves {
            if candidates
                .iter()
                .any(|(c, _)| c.revisions.contains(&leaf.revisions.head()))
            {
                continue;
            }
            candidates.retain(|(c, _)| !leaf.revisions.contains(&c.revisions.head()));
            candidates.push((leaf, false));
        }
        // Deleted branches are closed: they stand beside nothing.
        if candidates.iter().any(|(c, _)| c.body.is_some()) {
            candidates.retain(|(c, _)| c.body.is_some());
        }
        let heads: Vec<(Rev, bool)> = (candidates.iter())
            .map(|(c, _)| (c.revisions.head(), c.body.is_none()))
            .collect();
        let Some(win) = winner(heads.iter().map(|(r, d)| (r, *d))).cloned() else {
            return Received::Nothing;
        };
        let at = heads.iter().position(|(r, _)| *r == win).unwrap_or(0);
        let (won, won_local) = candidates.swap_remove(at);
        let others = candidates;
        // Only deletions in view (the document was deleted, maybe on several branches): the
        // deletion CouchDB shows is taken, nothing is joined.
        if others.is_empty() || won.body.is_none() {
            if won_local {
                return Received::Nothing;
            }
            self.entries.insert(id.to_string(), taken(won, Vec::new()));
            return Received::Taken;
        }
        let layer = matches!(CouchId::parse(id), Some(CouchId::Layer { .. }));
        if !(layer && writable) {
            let conflicts = others
                .iter()
                .map(|(o, _)| o.revisions.head().to_string())
                .collect();
            if won_local {
                if let Some(e) = self.entries.get_mut(id) {
                    e.conflicts = conflicts;
                }
            } else {
                self.entries.insert(id.to_string(), taken(won, conflicts));
            }
            return Received::Conflict;
        }
        let mut bodies = Vec::with_capacity(others.len() + 1);
        for (leaf, _) in std::iter::once(&(won.clone(), won_local)).chain(&others) {
            let json = leaf.body.as_deref().unwrap_or_default();
            match LayerBody::from_json(json) {
                Ok(b) => bodies.push(b),
                Err(e) => return Received::Unreadable(e.to_string()),
            }
        }
        let (joined, differing) = merge::join_noting(&bodies);
        let joined = joined.to_json();
        // The join is a child of the winner; every other leaf is closed by a deletion. One only
        // this side held is closed too: the server may hold its ancestors, and a deletion
        // sent with its whole history closes that branch there.
        let closing = (others.iter())
            .map(|(o, _)| o.revisions.child(DELETED))
            .collect();
        self.entries.insert(
            id.to_string(),
            Entry {
                revisions: won.revisions.child(&joined),
                body: Some(joined),
                pushed: false,
                closing,
                conflicts: Vec::new(),
            },
        );
        Received::Joined(differing)
    }
}

/// What a deletion's revision is named after.
pub const DELETED: &str = "{\"_deleted\":true}";

fn taken(leaf: Leaf, conflicts: Vec<String>) -> Entry {
    Entry {
        revisions: leaf.revisions,
        body: leaf.body,
        pushed: true,
        closing: Vec::new(),
        conflicts,
    }
}
