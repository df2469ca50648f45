//! One sync with the server, as CouchDB's replication protocol has it, with no input or
//! output of its own: [`Run::step`] says which request to send next and takes its answer, so
//! the command line sends them with a blocking client and the browser with `fetch`, in small
//! steps that never hold the page.
//!
//! A run pulls, then pushes:
//! 1. `GET /_local/<id>`: the checkpoint this side left on the server. If it is missing or
//!    names another sequence than this side's, the server is not the one this side synced
//!    with (a new or restored database): everything is read again and offered again.
//! 2. `GET /_changes?style=all_docs&since=…&limit=…`: the documents changed since, with all
//!    their leaves; the leaves this side does not know are fetched with
//!    `POST /_bulk_get?revs=true` and taken in ([`Replica::receive`]), batch by batch.
//! 3. `PUT /_local/<id>`: the new checkpoint.
//! 4. `POST /_revs_diff` with what this side holds that the server may lack, then
//!    `POST /_bulk_docs` with `new_edits: false` and each revision's `_revisions`, so the
//!    server keeps this side's revision names and history. A write the server refuses (the
//!    access rules: someone else's layer) is reported and kept here, never dropped.
//!
//! Paths are relative to the database's URL.

use super::body::{self, DocumentBody, LayerBody};
use super::ids::{self, CouchId, GOLD};
use super::replica::{Leaf, Received, Replica};
use super::rev::{Rev, Revisions};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use thiserror::Error;

/// How many changes one `_changes` request asks for.
pub const CHANGES_BATCH: usize = 500;
/// How many documents one `_revs_diff` and `_bulk_docs` carries.
pub const PUSH_BATCH: usize = 200;

/// A request to send, to the database's URL followed by `path`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub method: &'static str,
    pub path: String,
    /// JSON, when there is a body.
    pub body: Option<String>,
}

/// What the server answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub body: String,
}

/// Why a run stopped.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum SyncError {
    #[error("the server asks you to sign in again ({0})")]
    Unauthorized(String),
    #[error("you may not read this database ({0})")]
    Forbidden(String),
    #[error("there is no such database on the server")]
    NoDatabase,
    #[error("the server answered {0} to {1}: {2}")]
    Status(u16, String, String),
    #[error("the server's answer to {0} is not what CouchDB sends ({1})")]
    Shape(String, String),
}

/// A write the server refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    pub id: String,
    pub reason: String,
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Documents whose newer revision from the server is now held here.
    pub taken: Vec<String>,
    /// Layers written apart that were joined here.
    pub joined: Vec<String>,
    /// Annotations those versions held differently: whose versions of which layer (in words,
    /// with the document's title), and what was kept and what not, each as `LABEL “text”`.
    pub differing: Vec<(String, String, String)>,
    /// Documents with leaves this person may not join (CouchDB's winner is held).
    pub conflicts: Vec<String>,
    /// Documents whose revision from the server could not be read, and why.
    pub unreadable: Vec<(String, String)>,
    /// Revisions the server took from this side.
    pub pushed: usize,
    pub refused: Vec<Refused>,
}

impl Report {
    /// One sentence per annotation of the person's own layer that their versions held
    /// differently ([`Report::differing`]).
    pub fn differing_sentences(&self) -> Vec<String> {
        (self.differing.iter())
            .map(|(layer, kept, other)| {
                format!(
                    "{layer} written apart differ: {kept} is kept, not {other}. Change it if the other was meant."
                )
            })
            .collect()
    }

    /// What the person reads about what this run could not do: one sentence each.
    pub fn sentences(&self) -> Vec<String> {
        let mut out = Vec::new();
        for r in &self.refused {
            out.push(format!(
                "The team's database refused your change to {}: {} It is kept here.",
                in_words(&r.id),
                r.reason.trim_end_matches('.').to_string() + "."
            ));
        }
        for id in &self.conflicts {
            let until = match CouchId::parse(id) {
                Some(CouchId::Layer { .. }) => ", until its owner's Postil joins them",
                _ => "",
            };
            out.push(format!(
                "Versions of {} were written apart; the one CouchDB chose is shown{until}.",
                in_words(id)
            ));
        }
        out.extend(self.differing_sentences());
        for (id, why) in &self.unreadable {
            out.push(format!(
                "Postil could not read {} from the team's database: {why}.",
                in_words(id)
            ));
        }
        out
    }
}

/// Who is syncing, which decides which layers' conflicts this side may join, and what it
/// offers the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub reviewer: bool,
    /// Offer the server everything this side changed and let it decide (the command line,
    /// which an admin may use to write anyone's layer); otherwise only what [`Person::may_write`]
    /// allows is offered, and the rest is kept here.
    pub offer_all: bool,
}

impl Person {
    /// Whether this person may write the CouchDB document `id` (as the access rules say).
    pub fn may_write(&self, id: &CouchId) -> bool {
        match id {
            CouchId::Layer { layer, .. } if layer == GOLD => self.reviewer,
            CouchId::Layer { layer, .. } => *layer == self.name,
            CouchId::Schema => self.reviewer,
            CouchId::Document(_) => true,
        }
    }
}

enum Stage {
    Start,
    Checkpoint,
    Changes,
    Fetch { last_seq: Value, more: bool },
    Saved,
    Diff { batch: Vec<(String, Vec<Rev>)> },
    Push { sent: Vec<(String, Rev)> },
    Done,
}

/// One run (see the module's note).
pub struct Run {
    checkpoint: String,
    person: Person,
    stage: Stage,
    checkpoint_rev: Option<String>,
    read_from: Value,
    offered: std::collections::BTreeSet<String>,
    pub report: Report,
}

/// What to do next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    Send(Request),
    Done,
}

impl Run {
    /// A run for `person`; `replication` names this side's copy (the checkpoint's id).
    pub fn new(replication: &str, person: Person) -> Run {
        Run {
            checkpoint: format!("_local/postil-{}", ids::encode(replication)),
            person,
            stage: Stage::Start,
            checkpoint_rev: None,
            read_from: Value::Null,
            offered: Default::default(),
            report: Report::default(),
        }
    }

    /// Takes the answer to the last request (none at the start) and says what to send next.
    pub fn step(
        &mut self,
        replica: &mut Replica,
        answer: Option<Response>,
    ) -> Result<Next, SyncError> {
        let stage = std::mem::replace(&mut self.stage, Stage::Done);
        let next = match (stage, answer) {
            (Stage::Start, _) => {
                self.stage = Stage::Checkpoint;
                get(&self.checkpoint)
            }
            (Stage::Checkpoint, Some(r)) => {
                #[derive(Deserialize)]
                struct Checkpoint {
                    #[serde(rename = "_rev")]
                    rev: Option<String>,
                    source_last_seq: Option<Value>,
                }
                let found = match r.status {
                    404 => None,
                    _ => Some(parse::<Checkpoint>(
                        &ok(r, "the checkpoint")?,
                        "the checkpoint",
                    )?),
                };
                let agrees =
                    found.as_ref().and_then(|c| c.source_last_seq.as_ref()) == Some(&replica.since);
                if !agrees && replica.since != "0" {
                    replica.since = Value::from("0");
                    replica.forget_pushed();
                }
                self.checkpoint_rev = found.and_then(|c| c.rev);
                self.read_from = replica.since.clone();
                self.changes(replica)
            }
            (Stage::Changes, Some(r)) => {
                let changes: Changes = parse(&ok(r, "_changes")?, "_changes")?;
                let more = changes.results.len() >= CHANGES_BATCH;
                let mut wanted = Vec::new();
                for c in &changes.results {
                    if CouchId::parse(&c.id).is_none() {
                        continue;
                    }
                    for rev in &c.changes {
                        match Rev::parse(&rev.rev) {
                            Some(r) if !replica.knows(&c.id, &r) => {
                                wanted.push(format!(
                                    "{{\"id\":{},\"rev\":{}}}",
                                    json_string(&c.id),
                                    json_string(&rev.rev)
                                ));
                            }
                            _ => {}
                        }
                    }
                }
                if wanted.is_empty() {
                    replica.since = changes.last_seq;
                    self.after_batch(replica, more)
                } else {
                    self.stage = Stage::Fetch {
                        last_seq: changes.last_seq,
                        more,
                    };
                    post(
                        "/_bulk_get?revs=true",
                        format!("{{\"docs\":[{}]}}", wanted.join(",")),
                    )
                }
            }
            (Stage::Fetch { last_seq, more }, Some(r)) => {
                let got: BulkGet = parse(&ok(r, "_bulk_get")?, "_bulk_get")?;
                let mut leaves: BTreeMap<String, Vec<Leaf>> = BTreeMap::new();
                for result in got.results {
                    for doc in result.docs {
                        let Some(doc) = doc.ok else { continue };
                        match leaf(&result.id, doc) {
                            Ok(l) => leaves.entry(result.id.clone()).or_default().push(l),
                            Err(why) => self.report.unreadable.push((result.id.clone(), why)),
                        }
                    }
                }
                for (id, leaves) in leaves {
                    let writable = CouchId::parse(&id).is_some_and(|c| self.person.may_write(&c));
                    match replica.receive(&id, leaves, writable) {
                        Received::Nothing => {}
                        Received::Taken => self.report.taken.push(id),
                        Received::Joined(differing) => {
                            self.report
                                .differing
                                .extend(described(replica, &id, &differing));
                            self.report.joined.push(id);
                        }
                        Received::Conflict => self.report.conflicts.push(id),
                        Received::Unreadable(why) => self.report.unreadable.push((id, why)),
                    }
                }
                replica.since = last_seq;
                self.after_batch(replica, more)
            }
            (Stage::Saved, Some(r)) => {
                // A checkpoint not written costs only a longer read next time.
                let _ = r;
                self.push(replica)
            }
            (Stage::Diff { batch }, Some(r)) => {
                let missing: BTreeMap<String, Missing> =
                    parse(&ok(r, "_revs_diff")?, "_revs_diff")?;
                let mut docs = Vec::new();
                let mut sent = Vec::new();
                for (id, revs) in batch {
                    let gone = missing
                        .get(&id)
                        .map(|m| m.missing.clone())
                        .unwrap_or_default();
                    for rev in revs {
                        if gone.contains(&rev.to_string()) {
                            if let Some(doc) = outgoing(replica, &id, &rev) {
                                docs.push(doc);
                                sent.push((id.clone(), rev));
                            }
                        } else {
                            replica.pushed(&id, &rev);
                        }
                    }
                }
                if docs.is_empty() {
                    self.push(replica)
                } else {
                    self.stage = Stage::Push { sent };
                    post(
                        "/_bulk_docs",
                        format!("{{\"new_edits\":false,\"docs\":[{}]}}", docs.join(",")),
                    )
                }
            }
            (Stage::Push { sent }, Some(r)) => {
                let answers: Vec<Written> = parse(&ok(r, "_bulk_docs")?, "_bulk_docs")?;
                let mut failed: BTreeMap<&str, String> = BTreeMap::new();
                for a in &answers {
                    if let Some(error) = &a.error {
                        let reason = a.reason.clone().unwrap_or_else(|| error.clone());
                        failed.insert(a.id.as_str(), reason);
                    }
                }
                for (id, rev) in sent {
                    match failed.get(id.as_str()) {
                        Some(reason) => {
                            if !self.report.refused.iter().any(|r| r.id == id) {
                                self.report.refused.push(Refused {
                                    id: id.clone(),
                                    reason: reason.clone(),
                                });
                            }
                        }
                        None => {
                            replica.pushed(&id, &rev);
                            self.report.pushed += 1;
                        }
                    }
                }
                self.push(replica)
            }
            (Stage::Done, _) => Next::Done,
            (_, None) => {
                return Err(SyncError::Shape(
                    "a request".into(),
                    "no answer came".into(),
                ))
            }
        };
        Ok(next)
    }

    fn changes(&mut self, replica: &Replica) -> Next {
        self.stage = Stage::Changes;
        let since = match &replica.since {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        get(&format!(
            "/_changes?style=all_docs&limit={CHANGES_BATCH}&since={}",
            ids::encode(&since)
        ))
    }

    fn after_batch(&mut self, replica: &mut Replica, more: bool) -> Next {
        if more {
            return self.changes(replica);
        }
        if replica.since == self.read_from {
            return self.push(replica);
        }
        self.stage = Stage::Saved;
        let rev = (self.checkpoint_rev.as_ref())
            .map(|r| format!("\"_rev\":{},", json_string(r)))
            .unwrap_or_default();
        Next::Send(Request {
            method: "PUT",
            path: format!("/{}", self.checkpoint),
            body: Some(format!(
                "{{{rev}\"source_last_seq\":{},\"replicator\":\"postil\"}}",
                replica.since
            )),
        })
    }

    fn push(&mut self, replica: &mut Replica) -> Next {
        // What this person may not write is kept here, not offered: the server would refuse
        // it (what they believed they could write, and could not, was refused and said).
        let batch: Vec<(String, Vec<Rev>)> = (replica.unpushed().into_iter())
            .filter(|(id, _)| !self.offered.contains(*id))
            .filter(|(id, _)| {
                self.person.offer_all
                    || CouchId::parse(id).is_some_and(|c| self.person.may_write(&c))
            })
            .take(PUSH_BATCH)
            .map(|(id, revs)| (id.to_string(), revs))
            .collect();
        if batch.is_empty() {
            self.stage = Stage::Done;
            return Next::Done;
        }
        self.offered.extend(batch.iter().map(|(id, _)| id.clone()));
        let body = (batch.iter())
            .map(|(id, revs)| {
                let revs: Vec<String> = revs.iter().map(|r| json_string(&r.to_string())).collect();
                format!("{}:[{}]", json_string(id), revs.join(","))
            })
            .collect::<Vec<_>>()
            .join(",");
        self.stage = Stage::Diff { batch };
        post("/_revs_diff", format!("{{{body}}}"))
    }
}

fn get(path: &str) -> Next {
    let path = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    Next::Send(Request {
        method: "GET",
        path,
        body: None,
    })
}

fn post(path: &str, body: String) -> Next {
    Next::Send(Request {
        method: "POST",
        path: path.to_string(),
        body: Some(body),
    })
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// The answer's body, if its status says it worked.
fn ok(r: Response, what: &str) -> Result<String, SyncError> {
    let reason = || {
        #[derive(Deserialize)]
        struct Why {
            reason: Option<String>,
            error: Option<String>,
        }
        serde_json::from_str::<Why>(&r.body)
            .ok()
            .and_then(|w| w.reason.or(w.error))
            .unwrap_or_default()
    };
    match r.status {
        200..=299 => Ok(r.body),
        401 => Err(SyncError::Unauthorized(reason())),
        403 => Err(SyncError::Forbidden(reason())),
        404 => Err(SyncError::NoDatabase),
        s => Err(SyncError::Status(s, what.to_string(), reason())),
    }
}

fn parse<T: serde::de::DeserializeOwned>(body: &str, what: &str) -> Result<T, SyncError> {
    serde_json::from_str(body).map_err(|e| SyncError::Shape(what.to_string(), e.to_string()))
}

#[derive(Deserialize)]
struct Changes {
    results: Vec<Change>,
    last_seq: Value,
}

#[derive(Deserialize)]
struct Change {
    id: String,
    #[serde(default)]
    changes: Vec<ChangeRev>,
}

#[derive(Deserialize)]
struct ChangeRev {
    rev: String,
}

#[derive(Deserialize)]
struct BulkGet {
    results: Vec<BulkGetResult>,
}

#[derive(Deserialize)]
struct BulkGetResult {
    id: String,
    docs: Vec<BulkGetDoc>,
}

#[derive(Deserialize)]
struct BulkGetDoc {
    ok: Option<serde_json::Map<String, Value>>,
}

#[derive(Deserialize)]
struct Missing {
    #[serde(default)]
    missing: Vec<String>,
}

#[derive(Deserialize)]
struct Written {
    #[serde(default)]
    id: String,
    error: Option<String>,
    reason: Option<String>,
}

/// A leaf from `_bulk_get`: its `_revisions`, and its body in this Postil's own spelling (so
/// that a body read back equals the one written, whatever order the server keeps fields in).
fn leaf(id: &str, mut doc: serde_json::Map<String, Value>) -> Result<Leaf, String> {
    let revisions: Revisions = (doc.remove("_revisions"))
        .and_then(|r| serde_json::from_value::<Revisions>(r).ok())
        .and_then(Revisions::checked)
        .ok_or("it has no revision history (_revisions)")?;
    let rev = doc.get("_rev").and_then(Value::as_str).and_then(Rev::parse);
    if rev.as_ref() != Some(&revisions.head()) {
        return Err("its _rev is not the head of its _revisions".into());
    }
    if doc.get("_deleted") == Some(&Value::Bool(true)) {
        return Ok(Leaf {
            revisions,
            body: None,
        });
    }
    doc.retain(|k, _| !k.starts_with('_'));
    let json = Value::Object(doc).to_string();
    let body = canonical(id, &json).map_err(|e| e.to_string())?;
    Ok(Leaf {
        revisions,
        body: Some(body),
    })
}

/// `json` written as this Postil writes a body of that kind, checked.
pub fn canonical(id: &str, json: &str) -> Result<String, body::BodyError> {
    let mismatch = |what, found: &str, want: &str| {
        body::BodyError::Mismatch(what, found.to_string(), want.to_string())
    };
    match CouchId::parse(id) {
        Some(CouchId::Schema) => Ok(body::schema_json(&body::schema_from_json(json)?)),
        Some(CouchId::Document(d)) => {
            let b = DocumentBody::from_json(json)?;
            if b.document != d {
                return Err(mismatch("document", &b.document, &d));
            }
            Ok(b.to_json())
        }
        Some(CouchId::Layer { document, layer }) => {
            let b = LayerBody::from_json(json)?;
            if b.document != document {
                return Err(mismatch("document", &b.document, &document));
            }
            if b.layer != layer {
                return Err(mismatch("layer", &b.layer, &layer));
            }
            Ok(b.to_json())
        }
        None => Err(body::BodyError::Type(
            id.to_string(),
            "document Postil writes",
        )),
    }
}

/// The document to send for `rev` of `id`: the head with its body, or a deletion closing a
/// joined leaf.
fn outgoing(replica: &Replica, id: &str, rev: &Rev) -> Option<String> {
    let entry = replica.get(id)?;
    let (revisions, body) = if entry.revisions.head() == *rev {
        (&entry.revisions, entry.body.as_deref())
    } else {
        (entry.closing.iter().find(|c| c.head() == *rev)?, None)
    };
    let head = format!(
        "{{\"_id\":{},\"_rev\":{},\"_revisions\":{}",
        json_string(id),
        json_string(&rev.to_string()),
        serde_json::to_string(revisions).ok()?
    );
    Some(match body {
        Some(b) if b.len() > 2 => format!("{head},{}", &b[1..]),
        Some(_) => format!("{head}}}"),
        None => format!("{head},\"_deleted\":true}}"),
    })
}

/// What a document of the team's database is, in words: "ana's layer of “d1”", "the labels".
fn in_words(id: &str) -> String {
    match CouchId::parse(id) {
        Some(CouchId::Layer { document, layer }) if layer == GOLD => {
            format!("the gold layer of “{document}”")
        }
        Some(CouchId::Layer { document, layer }) => format!("{layer}'s layer of “{document}”"),
        Some(CouchId::Document(d)) => format!("the document “{d}”"),
        Some(CouchId::Schema) => "the labels".to_string(),
        None => id.to_string(),
    }
}

/// `differing` of the layer `id`, as the report keeps them: each annotation as `LABEL “text”`,
/// the text read from the document's copy here (its offsets if there is none).
fn described(
    replica: &Replica,
    id: &str,
    differing: &[super::merge::Differing],
) -> Vec<(String, String, String)> {
    let document = (CouchId::parse(id).and_then(|c| c.document().map(str::to_string)))
        .and_then(|d| {
            replica
                .body(&CouchId::Document(d).to_string())
                .map(str::to_string)
        })
        .and_then(|json| DocumentBody::from_json(&json).ok());
    let layer = match (CouchId::parse(id), &document) {
        (Some(CouchId::Layer { layer, .. }), Some(d)) if layer != GOLD => {
            format!("Your versions of {layer}'s layer of “{}”", d.title)
        }
        // The reviewers' versions, not necessarily one person's.
        (Some(CouchId::Layer { .. }), Some(d)) => {
            format!("Versions of the gold layer of “{}”", d.title)
        }
        (Some(CouchId::Layer { layer, .. }), None) if layer != GOLD => {
            format!("Your versions of {}", in_words(id))
        }
        _ => format!("Versions of {}", in_words(id)),
    };
    let text = document.map(|b| b.text);
    let show = |a: &crate::annotation::Annotation| {
        let (start, end) = (a.span.start as usize, a.span.end as usize);
        let words = text.as_deref().and_then(|t| {
            let s: String = t
                .chars()
                .skip(start)
                .take(end.saturating_sub(start))
                .collect();
            (end > start && s.chars().count() == end - start).then_some(s)
        });
        match words {
            Some(w) => format!("{} “{w}”", a.label),
            None => format!("{} at {start}–{end}", a.label),
        }
    };
    (differing.iter())
        .map(|d| (layer.clone(), show(&d.kept), show(&d.other)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_says_what_it_could_not_do() {
        let report = Report {
            refused: vec![Refused {
                id: "layer:d1:ana".into(),
                reason: "Only ana may change ana's layer; you are signed in as ben.".into(),
            }],
            conflicts: vec!["layer:d%3A2:cy".into()],
            unreadable: vec![("schema".into(), "it is shape 2".into())],
            ..Report::default()
        };
        assert_eq!(
            report.sentences(),
            [
                "The team's database refused your change to ana's layer of “d1”: Only ana may change ana's layer; you are signed in as ben. It is kept here.",
                "Versions of cy's layer of “d:2” were written apart; the one CouchDB chose is shown, until its owner's Postil joins them.",
                "Postil could not read the labels from the team's database: it is shape 2.",
            ]
        );
    }
}
