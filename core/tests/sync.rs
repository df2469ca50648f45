//! The sync protocol against a small in-memory stand-in for CouchDB that keeps revision trees
//! as CouchDB does (leaves, `_changes` with all leaves, `_bulk_get` with `_revisions`,
//! `_revs_diff`, `_bulk_docs` with `new_edits: false`, `_local` documents) and refuses writes
//! to someone else's layer as the design document does. The real server (pouchdb-server) is
//! exercised by the command line's and the browser's tests; this one runs in milliseconds, so
//! it can try thousands of interleavings.

use postil_core::annotation::{Annotation, AnnotationId};
use postil_core::span::Span;
use postil_core::sync::body::{Key, LayerBody};
use postil_core::sync::rev::{winner, Rev};
use postil_core::sync::{CouchId, Next, Person, Replica, Request, Response, Run};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug)]
struct Node {
    parent: Option<String>,
    body: Option<Value>,
    deleted: bool,
}

#[derive(Default)]
struct Server {
    docs: BTreeMap<String, BTreeMap<String, Node>>,
    seqs: BTreeMap<String, u64>,
    seq: u64,
    local: BTreeMap<String, Value>,
    requests: usize,
}

fn pos(rev: &str) -> u64 {
    Rev::parse(rev).unwrap().pos
}

impl Server {
    fn leaves(&self, id: &str) -> Vec<String> {
        let tree = &self.docs[id];
        let parents: BTreeSet<&String> = tree.values().filter_map(|n| n.parent.as_ref()).collect();
        tree.keys()
            .filter(|r| !parents.contains(r))
            .cloned()
            .collect()
    }

    /// The leaves that are not deletions.
    fn live(&self, id: &str) -> Vec<String> {
        (self.leaves(id).into_iter())
            .filter(|r| !self.docs[id][r].deleted)
            .collect()
    }

    fn winning_body(&self, id: &str) -> Option<Value> {
        let leaves: Vec<(Rev, bool)> = (self.leaves(id).iter())
            .map(|r| (Rev::parse(r).unwrap(), self.docs[id][r].deleted))
            .collect();
        let w = winner(leaves.iter().map(|(r, d)| (r, *d)))?.to_string();
        self.docs[id][&w].body.clone()
    }

    fn path(&self, id: &str, rev: &str) -> Value {
        let mut ids = Vec::new();
        let mut at = Some(rev.to_string());
        while let Some(r) = at {
            ids.push(Rev::parse(&r).unwrap().hash);
            at = self.docs[id].get(&r).and_then(|n| n.parent.clone());
        }
        json!({"start": pos(rev), "ids": ids})
    }

    fn handle(&mut self, who: &str, req: Request) -> Response {
        self.requests += 1;
        let body: Value = req
            .body
            .as_deref()
            .map(|b| serde_json::from_str(b).unwrap())
            .unwrap_or(Value::Null);
        let (path, query) = req.path.split_once('?').unwrap_or((&req.path, ""));
        let reply = |status: u16, v: Value| Response {
            status,
            body: v.to_string(),
        };
        match (req.method, path) {
            ("GET", p) if p.starts_with("/_local/") => match self.local.get(p) {
                Some(v) => reply(200, v.clone()),
                None => reply(404, json!({"error": "not_found", "reason": "missing"})),
            },
            ("PUT", p) if p.starts_with("/_local/") => {
                let n = self.local.len() + 1;
                let mut v = body;
                v["_rev"] = json!(format!("0-{n}"));
                self.local.insert(p.to_string(), v);
                reply(201, json!({"ok": true}))
            }
            ("GET", "/_changes") => {
                let q: BTreeMap<&str, &str> = query
                    .split('&')
                    .filter_map(|kv| kv.split_once('='))
                    .collect();
                let since: u64 = q["since"].parse().unwrap();
                let limit: usize = q["limit"].parse().unwrap();
                let mut changed: Vec<(u64, &String)> = self
                    .seqs
                    .iter()
                    .filter(|(_, s)| **s > since)
                    .map(|(id, s)| (*s, id))
                    .collect();
                changed.sort();
                changed.truncate(limit);
                let last = changed.last().map_or(since, |c| c.0);
                let results: Vec<Value> = (changed.iter())
                    .map(|(s, id)| {
                        let revs: Vec<Value> =
                            self.leaves(id).iter().map(|r| json!({"rev": r})).collect();
                        json!({"seq": s, "id": id, "changes": revs})
                    })
                    .collect();
                reply(200, json!({"results": results, "last_seq": last}))
            }
            ("POST", "/_bulk_get") => {
                let mut results = Vec::new();
                for d in body["docs"].as_array().unwrap() {
                    let (id, rev) = (d["id"].as_str().unwrap(), d["rev"].as_str().unwrap());
                    let node = &self.docs[id][rev];
                    let mut doc = node.body.clone().unwrap_or(json!({}));
                    doc["_id"] = json!(id);
                    doc["_rev"] = json!(rev);
                    doc["_revisions"] = self.path(id, rev);
                    if node.deleted {
                        doc["_deleted"] = json!(true);
                    }
                    results.push(json!({"id": id, "docs": [{"ok": doc}]}));
                }
                reply(200, json!({"results": results}))
            }
            ("POST", "/_revs_diff") => {
                let mut out = serde_json::Map::new();
                for (id, revs) in body.as_object().unwrap() {
                    let missing: Vec<&Value> = (revs.as_array().unwrap().iter())
                        .filter(|r| {
                            !self
                                .docs
                                .get(id)
                                .is_some_and(|t| t.contains_key(r.as_str().unwrap()))
                        })
                        .collect();
                    if !missing.is_empty() {
                        out.insert(id.clone(), json!({"missing": missing}));
                    }
                }
                reply(200, Value::Object(out))
            }
            ("POST", "/_bulk_docs") => {
                assert_eq!(body["new_edits"], json!(false));
                let mut errors = Vec::new();
                for doc in body["docs"].as_array().unwrap() {
                    let id = doc["_id"].as_str().unwrap().to_string();
                    if let Some(CouchId::Layer { layer, .. }) = CouchId::parse(&id) {
                        if layer != who {
                            errors.push(json!({"id": id, "error": "forbidden", "reason": format!("Only {layer} may change {layer}'s layer; you are signed in as {who}.")}));
                            continue;
                        }
                    }
                    let start = doc["_revisions"]["start"].as_u64().unwrap();
                    let ids: Vec<String> = (doc["_revisions"]["ids"].as_array().unwrap().iter())
                        .map(|h| h.as_str().unwrap().to_string())
                        .collect();
                    let tree = self.docs.entry(id.clone()).or_default();
                    for (i, h) in ids.iter().enumerate().rev() {
                        let rev = format!("{}-{h}", start - i as u64);
                        let parent = ids
                            .get(i + 1)
                            .map(|p| format!("{}-{p}", start - i as u64 - 1));
                        let node = tree.entry(rev).or_insert(Node {
                            parent,
                            body: None,
                            deleted: false,
                        });
                        if i == 0 {
                            let mut b = doc.clone();
                            b.as_object_mut()
                                .unwrap()
                                .retain(|k, _| !k.starts_with('_'));
                            node.deleted = doc["_deleted"] == json!(true);
                            node.body = Some(b);
                        }
                    }
                    self.seq += 1;
                    self.seqs.insert(id, self.seq);
                }
                reply(201, Value::Array(errors))
            }
            other => panic!("unexpected request {other:?}"),
        }
    }
}

/// One run of the protocol between `replica` and `server`, to its end.
fn run(
    replica: &mut Replica,
    person: &Person,
    name: &str,
    server: &mut Server,
) -> postil_core::sync::Report {
    run_as(replica, person, &person.name, name, server)
}

/// As [`run`], the server knowing them as `who`.
fn run_as(
    replica: &mut Replica,
    person: &Person,
    who: &str,
    name: &str,
    server: &mut Server,
) -> postil_core::sync::Report {
    let mut run = Run::new(name, person.clone());
    let mut answer = None;
    for _ in 0..1000 {
        match run.step(replica, answer.take()).unwrap() {
            Next::Send(req) => answer = Some(server.handle(who, req)),
            Next::Done => return run.report,
        }
    }
    panic!("a sync that does not end")
}

struct Device {
    person: Person,
    /// Who the server knows them as (their session).
    signed_in_as: String,
    replica: Replica,
    name: String,
    clock: u64,
}

impl Device {
    fn new(person: &str, device: &str) -> Device {
        Device {
            person: Person {
                name: person.into(),
                reviewer: false,
                offer_all: false,
            },
            signed_in_as: person.into(),
            replica: Replica::new(),
            name: format!("{person}-{device}"),
            clock: 0,
        }
    }

    fn sync(&mut self, server: &mut Server) -> postil_core::sync::Report {
        let name = self.name.clone();
        run_as(
            &mut self.replica,
            &self.person,
            &self.signed_in_as,
            &name,
            server,
        )
    }

    fn layer_id(&self, doc: &str) -> String {
        CouchId::Layer {
            document: doc.into(),
            layer: self.person.name.clone(),
        }
        .to_string()
    }

    fn layer(&self, doc: &str) -> LayerBody {
        match self.replica.body(&self.layer_id(doc)) {
            Some(b) => LayerBody::from_json(b).unwrap(),
            None => LayerBody {
                document: doc.into(),
                layer: self.person.name.clone(),
                ..Default::default()
            },
        }
    }

    /// Labels `start..start+2` in this person's layer; the time stamps differ per device.
    fn label(&mut self, doc: &str, start: u32, stamp_base: u64) -> Option<Key> {
        let mut layer = self.layer(doc);
        if layer.annotations.iter().any(|a| a.span.start == start) {
            return None;
        }
        let id = (layer.annotations.iter().map(|a| a.id.0))
            .chain(layer.removed.annotations.iter().map(|k| k.id))
            .max()
            .unwrap_or(0)
            + 1;
        self.clock += 1;
        let a = Annotation {
            id: AnnotationId(id),
            span: Span {
                start,
                end: start + 2,
            },
            label: "PERSON".into(),
            note: String::new(),
            attributes: Default::default(),
            created: Some(stamp_base + self.clock),
        };
        let key = Key::of(&a);
        layer.annotations.push(a);
        layer
            .annotations
            .sort_by_key(|a| (a.span.start, std::cmp::Reverse(a.span.end), a.id));
        self.replica.put(&self.layer_id(doc), Some(layer.to_json()));
        Some(key)
    }

    fn unlabel(&mut self, doc: &str, nth: usize) -> Option<Key> {
        let mut layer = self.layer(doc);
        if layer.annotations.is_empty() {
            return None;
        }
        let a = layer.annotations.remove(nth % layer.annotations.len());
        let first = layer.origin(&a);
        layer.removed.annotations.insert(first);
        self.replica.put(&self.layer_id(doc), Some(layer.to_json()));
        Some(first)
    }

    fn keys(&self, layer_id: &str) -> BTreeSet<Key> {
        self.replica
            .body(layer_id)
            .map(|b| {
                LayerBody::from_json(b)
                    .unwrap()
                    .annotations
                    .iter()
                    .map(Key::of)
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn document(replica: &mut Replica, id: &str, text: &str) {
    let body = postil_core::sync::body::DocumentBody {
        document: id.into(),
        title: id.into(),
        text: text.into(),
    };
    replica.put(
        &CouchId::Document(id.into()).to_string(),
        Some(body.to_json()),
    );
}

#[test]
fn a_colleague_sees_your_layer_and_cannot_write_it() {
    let mut server = Server::default();
    let mut ana = Device::new("ana", "laptop");
    let mut ben = Device::new("ben", "laptop");
    document(&mut ana.replica, "d1", "Sergey Lavrov met Qureshi.");
    let k = ana.label("d1", 0, 1000).unwrap();
    let report = ana.sync(&mut server);
    assert_eq!(report.pushed, 2);
    assert!(report.refused.is_empty());

    let report = ben.sync(&mut server);
    assert_eq!(
        report.taken,
        vec!["document:d1".to_string(), "layer:d1:ana".to_string()]
    );
    assert_eq!(ben.keys("layer:d1:ana"), BTreeSet::from([k]));
    assert_eq!(
        ben.replica.body("document:d1"),
        ana.replica.body("document:d1")
    );

    // A change to Ana's layer in Ben's copy is kept there and never offered: he may not
    // write it.
    let mut theirs = ben.layer("d1");
    theirs.layer = "ana".into();
    theirs.annotations.clear();
    ben.replica.put("layer:d1:ana", Some(theirs.to_json()));
    let before = server.requests;
    let report = ben.sync(&mut server);
    assert!(report.refused.is_empty());
    assert_eq!(server.requests - before, 2);
    assert!(ben.keys("layer:d1:ana").is_empty());
    // One who believes they may (their settings name Ana, their session is Ben's) sends it,
    // and the server refuses it, each time; their copy keeps it.
    let mut stale = Device::new("ana", "borrowed");
    stale.signed_in_as = "ben".into();
    stale.sync(&mut server);
    stale.unlabel("d1", 0);
    let report = stale.sync(&mut server);
    assert_eq!(report.refused.len(), 1);
    assert_eq!(report.refused[0].id, "layer:d1:ana");
    assert!(
        report.refused[0]
            .reason
            .contains("Only ana may change ana's layer; you are signed in as ben."),
        "{:?}",
        report.refused
    );
    assert!(stale.keys("layer:d1:ana").is_empty());
    assert_eq!(stale.sync(&mut server).refused.len(), 1);
    // Ana's work on the server is untouched.
    ana.sync(&mut server);
    assert_eq!(ana.keys("layer:d1:ana"), BTreeSet::from([k]));

    // A second run with nothing new asks only for the checkpoint and the changes.
    let before = server.requests;
    let report = ana.sync(&mut server);
    assert_eq!(report, Default::default());
    assert_eq!(server.requests - before, 2);
}

#[test]
fn one_persons_two_devices_written_apart_are_joined() {
    let mut server = Server::default();
    let mut laptop = Device::new("ana", "laptop");
    let mut tablet = Device::new("ana", "tablet");
    document(
        &mut laptop.replica,
        "d1",
        "Sergey Lavrov met Qureshi in Moscow.",
    );
    let first = laptop.label("d1", 0, 1000).unwrap();
    let gone = laptop.label("d1", 4, 1000).unwrap();
    laptop.sync(&mut server);
    tablet.sync(&mut server);
    // Offline, each labels and removes; both use the next id.
    let on_laptop = laptop.label("d1", 10, 1000).unwrap();
    let on_tablet = tablet.label("d1", 20, 2000).unwrap();
    assert_eq!(on_laptop.id, on_tablet.id);
    assert_eq!(tablet.unlabel("d1", 1), Some(gone));
    laptop.sync(&mut server);
    let report = tablet.sync(&mut server);
    assert_eq!(report.joined, vec!["layer:d1:ana".to_string()]);
    laptop.sync(&mut server);
    tablet.sync(&mut server);
    for d in [&laptop, &tablet] {
        let layer = d.layer("d1");
        let got: Vec<(u32, u32)> = layer
            .annotations
            .iter()
            .map(|a| (a.span.start, a.id.0))
            .collect();
        // Which of the two keeps id 3 is up to CouchDB's winner; the other gets 4.
        let (mut ids, starts): (Vec<u32>, Vec<u32>) = got.iter().map(|(s, i)| (*i, *s)).unzip();
        ids.sort();
        assert_eq!(
            (starts, ids),
            (
                vec![0, 10, 20],
                vec![first.id, on_laptop.id, on_laptop.id + 1]
            ),
            "{}",
            d.name
        );
        assert!(layer.removed.annotations.contains(&gone));
    }
    assert_eq!(
        laptop.replica.body("layer:d1:ana"),
        tablet.replica.body("layer:d1:ana")
    );
    // The server shows one version again, and it is the join.
    assert_eq!(server.live("layer:d1:ana").len(), 1);
    let shown = server.winning_body("layer:d1:ana").unwrap();
    assert_eq!(
        shown.to_string().len(),
        laptop.replica.body("layer:d1:ana").unwrap().len()
    );
}

#[test]
fn one_annotation_relabelled_apart_keeps_one_label_and_says_which() {
    let mut server = Server::default();
    let mut laptop = Device::new("ana", "laptop");
    let mut tablet = Device::new("ana", "tablet");
    let body = postil_core::sync::body::DocumentBody {
        document: "d1".into(),
        title: "Talks".into(),
        text: "Sergey Lavrov met Qureshi.".into(),
    };
    laptop.replica.put("document:d1", Some(body.to_json()));
    laptop.label("d1", 7, 1000).unwrap();
    laptop.sync(&mut server);
    tablet.sync(&mut server);
    let relabel = |d: &mut Device, label: &str| {
        let mut layer = d.layer("d1");
        layer.annotations[0].label = label.into();
        layer.annotations[0].span.end = 13;
        let id = d.layer_id("d1");
        d.replica.put(&id, Some(layer.to_json()));
    };
    relabel(&mut laptop, "ORG");
    relabel(&mut tablet, "GPE");
    laptop.sync(&mut server);
    let report = tablet.sync(&mut server);
    assert_eq!(report.joined, vec!["layer:d1:ana".to_string()]);
    let kept = tablet.layer("d1").annotations[0].label.clone();
    let other = if kept == "ORG" { "GPE" } else { "ORG" };
    assert_eq!(
        report.sentences(),
        vec![format!(
            "Your versions of ana's layer of “Talks” written apart differ: {kept} “Lavrov” is kept, not {other} “Lavrov”. Change it if the other was meant."
        )]
    );
    laptop.sync(&mut server);
    assert_eq!(laptop.layer("d1").annotations[0].label, kept);
    assert_eq!(laptop.layer("d1").annotations.len(), 1);
}

#[test]
fn a_new_database_is_given_everything_again() {
    let mut server = Server::default();
    let mut ana = Device::new("ana", "laptop");
    document(&mut ana.replica, "d1", "Text.");
    ana.label("d1", 0, 1000);
    ana.sync(&mut server);
    let mut fresh = Server::default();
    let report = ana.sync(&mut fresh);
    assert_eq!(report.pushed, 2);
    assert_eq!(fresh.docs.len(), 2);
}

#[test]
fn many_changes_arrive_in_batches() {
    let mut server = Server::default();
    let mut ana = Device::new("ana", "laptop");
    for i in 0..1100 {
        document(&mut ana.replica, &format!("d{i}"), "Some text here.");
    }
    assert_eq!(ana.sync(&mut server).pushed, 1100);
    let mut ben = Device::new("ben", "laptop");
    let report = ben.sync(&mut server);
    assert_eq!(report.taken.len(), 1100);
    assert_eq!(ben.replica.entries.len(), 1100);
}

#[derive(Clone, Debug)]
enum Op {
    Label {
        device: usize,
        doc: usize,
        start: u32,
    },
    Unlabel {
        device: usize,
        doc: usize,
        nth: usize,
    },
    Sync {
        device: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        // Each device labels its own spans, so no two devices make one span with one label
        // (which the join would keep once).
        3 => (0..6usize, 0..2usize, 0..7u32).prop_map(|(device, doc, n)| Op::Label { device, doc, start: device as u32 * 7 + n }),
        1 => (0..6usize, 0..2usize, 0..5usize).prop_map(|(device, doc, nth)| Op::Unlabel { device, doc, nth }),
        2 => (0..6usize).prop_map(|device| Op::Sync { device }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Three people with two devices each, labeling and removing and syncing in any order:
    /// once all have synced twice, every device and the server hold the same layers, each
    /// with exactly what its owner added and did not remove.
    #[test]
    fn every_device_converges_and_nothing_is_lost(ops in prop::collection::vec(op(), 1..60)) {
        let mut server = Server::default();
        let mut devices: Vec<Device> = ["ana", "ben", "cy"]
            .iter()
            .flat_map(|p| [Device::new(p, "a"), Device::new(p, "b")])
            .collect();
        for d in 0..2 {
            document(&mut devices[0].replica, &format!("d{d}"), "0123456789 123456789 123456789 123456789 123456789");
        }
        devices[0].sync(&mut server);
        let mut added: BTreeMap<(String, String), BTreeSet<Key>> = BTreeMap::new();
        let mut removed: BTreeMap<(String, String), BTreeSet<Key>> = BTreeMap::new();
        for op in ops {
            match op {
                Op::Label { device, doc, start } => {
                    let d = &mut devices[device];
                    let doc = format!("d{doc}");
                    if let Some(key) = d.label(&doc, start, 1_000_000 * (device as u64 + 1)) {
                        added.entry((doc, d.person.name.clone())).or_default().insert(key);
                    }
                }
                Op::Unlabel { device, doc, nth } => {
                    let d = &mut devices[device];
                    let doc = format!("d{doc}");
                    if let Some(key) = d.unlabel(&doc, nth) {
                        removed.entry((doc, d.person.name.clone())).or_default().insert(key);
                    }
                }
                Op::Sync { device } => {
                    let report = devices[device].sync(&mut server);
                    prop_assert!(report.refused.is_empty());
                    prop_assert!(report.unreadable.is_empty());
                }
            }
        }
        for _ in 0..2 {
            for d in devices.iter_mut() {
                d.sync(&mut server);
            }
        }
        for ((doc, person), keys) in &added {
            let id = CouchId::Layer { document: doc.clone(), layer: person.clone() }.to_string();
            let gone = removed.get(&(doc.clone(), person.clone())).cloned().unwrap_or_default();
            let first = devices[0].replica.body(&id).map(str::to_string);
            for d in &devices {
                prop_assert_eq!(d.replica.body(&id).map(str::to_string), first.clone(), "{} {}", d.name, id);
            }
            prop_assert_eq!(server.live(&id).len(), 1, "{}", id);
            let layer = LayerBody::from_json(first.as_deref().unwrap()).unwrap();
            // Every annotation kept (an id may have moved, so compare by span and time).
            let held: BTreeSet<(u32, Option<u64>)> =
                layer.annotations.iter().map(|a| (a.span.start, a.created)).collect();
            let want_count = keys.iter().filter(|k| !gone.contains(k)).count();
            prop_assert!(held.len() <= want_count, "{} holds {} of {}", id, held.len(), want_count);
            for k in keys.iter().filter(|k| !gone.contains(k)) {
                prop_assert!(layer.annotations.iter().any(|a| a.created == k.created), "{:?} lost from {}", k, id);
            }
            for k in &gone {
                prop_assert!(!layer.annotations.iter().any(|a| layer.origin(a) == *k), "{:?} came back to {}", k, id);
            }
        }
    }
}

/// What a run took, as the shell hands it to the workspace.
fn bodies(replica: &Replica, report: &postil_core::sync::Report) -> Vec<(String, Option<String>)> {
    (report.taken.iter().chain(&report.joined))
        .map(|id| (id.clone(), replica.body(id).map(str::to_string)))
        .collect()
}

#[test]
fn workspaces_share_documents_and_see_each_others_layers() {
    use postil_core::document::Document;
    use postil_core::history::History;
    use postil_core::workspace::{Doc, Outgoing, Own, Workspace};
    use postil_core::LabelSchema;

    let mut server = Server::default();
    let person = |name: &str| Person {
        name: name.into(),
        reviewer: false,
        offer_all: false,
    };
    let own = |name: &str| Own {
        layer: name.into(),
        reviewer: false,
    };
    let text = "Sergey Lavrov met Qureshi in Islamabad.";
    let mut ana = Workspace::new(
        LabelSchema::default_ner(),
        History::default(),
        vec![Doc::fresh(Document::new("d1", "One", text))],
        0,
    );
    ana.set_now(1_700_000_000_000);
    ana.label(Span { start: 0, end: 13 }, "PERSON").unwrap();
    let (mut ana_copy, mut ana_out) = (Replica::new(), Outgoing::default());
    assert_eq!(ana_out.put(&ana, &own("ana"), &mut ana_copy), 2);
    assert_eq!(ana_out.put(&ana, &own("ana"), &mut ana_copy), 0);
    run(&mut ana_copy, &person("ana"), "ana", &mut server);

    // Ben starts with the sample only (which never syncs) and gets the document with Ana's
    // layer beside his (empty) own annotations.
    let mut ben = Workspace::fresh();
    let (mut ben_copy, mut ben_out) = (Replica::new(), Outgoing::default());
    assert_eq!(ben_out.put(&ben, &own("ben"), &mut ben_copy), 0);
    let report = run(&mut ben_copy, &person("ben"), "ben", &mut server);
    let (outcome, problems) = ben
        .take_synced(&bodies(&ben_copy, &report), &own("ben"))
        .unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(
        outcome.message.as_deref(),
        Some("1 document came from the team's database: see Documents.")
    );
    let d1 = ben.doc("d1").unwrap();
    assert!(d1.annotations.is_empty());
    let layer = d1.annotations.layers().get("ana").unwrap();
    assert_eq!(
        layer
            .annotations
            .iter()
            .map(|a| (a.span.start, a.span.end, a.label.as_str()))
            .collect::<Vec<_>>(),
        [(0, 13, "PERSON")]
    );
    // Taking it in made nothing new to send back.
    assert_eq!(ben_out.put(&ben, &own("ben"), &mut ben_copy), 0);

    // Ben labels; Ana sees his layer, and her own annotations are as they were.
    ben.open_id("d1").unwrap();
    ben.set_now(1_700_000_100_000);
    ben.label(Span { start: 29, end: 38 }, "GPE").unwrap();
    assert_eq!(ben_out.put(&ben, &own("ben"), &mut ben_copy), 1);
    run(&mut ben_copy, &person("ben"), "ben", &mut server);
    let report = run(&mut ana_copy, &person("ana"), "ana", &mut server);
    assert_eq!(report.taken, ["layer:d1:ben"]);
    let before = ana.doc("d1").unwrap().annotations.clone();
    ana.take_synced(&bodies(&ana_copy, &report), &own("ana"))
        .unwrap();
    let after = &ana.doc("d1").unwrap().annotations;
    assert_eq!(after.as_slice(), before.as_slice());
    assert_eq!(after.layers().get("ben").unwrap().annotations.len(), 1);
    assert_eq!(ana_out.put(&ana, &own("ana"), &mut ana_copy), 0);

    // A document the team holds with another text is refused, never replaced.
    let mut cy = Workspace::new(
        LabelSchema::default_ner(),
        History::default(),
        vec![Doc::fresh(Document::new("d1", "One", "Another text."))],
        0,
    );
    let mut cy_copy = Replica::new();
    let report = run(&mut cy_copy, &person("cy"), "cy", &mut server);
    let (_, problems) = cy
        .take_synced(&bodies(&cy_copy, &report), &own("cy"))
        .unwrap();
    assert_eq!(problems, ["“One” has another text in the team's database than here: its layers there were not taken, and your annotations of it are not sent."]);
    assert_eq!(cy.doc("d1").unwrap().document.text(), "Another text.");
    let mut cy_out = Outgoing::default();
    cy.set_now(5);
    cy.label(Span { start: 0, end: 7 }, "ORG").unwrap();
    cy_out.put(&cy, &own("cy"), &mut cy_copy);
    assert!(cy_copy.body("document:d1").unwrap().contains(text));
    assert_eq!(cy_copy.body("layer:d1:cy"), None);
}

#[test]
fn a_stored_copy_reads_back_from_what_changed() {
    let mut server = Server::default();
    let mut ana = Device::new("ana", "laptop");
    let mut stored: BTreeMap<String, String> = BTreeMap::new();
    let mut keep = |replica: &mut Replica| {
        for (id, json) in replica.take_touched() {
            match json {
                Some(j) => stored.insert(id, j),
                None => stored.remove(&id),
            };
        }
        Replica::from_items(stored.clone().into_iter().collect())
    };
    document(&mut ana.replica, "d1", "Text here.");
    ana.label("d1", 0, 1000);
    ana.sync(&mut server);
    let back = keep(&mut ana.replica);
    assert_eq!(back.entries, ana.replica.entries);
    assert_eq!(back.since, ana.replica.since);
    // Only what changed is handed over the next time (and the sequence).
    ana.label("d1", 4, 1000);
    let touched: Vec<String> = ana
        .replica
        .take_touched()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(touched, ["layer:d1:ana", "~since"]);
    // An entry that cannot be read drops the sequence: everything is read again.
    let broken = Replica::from_items(vec![
        ("~since".into(), "7".into()),
        ("document:x".into(), "{".into()),
    ]);
    assert_eq!(broken.since, json!("0"));
}
