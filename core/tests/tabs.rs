//! Several tabs on one store, on the host: each tab saves through its own saver, and hears of
//! the others' writes as the browser's `storage` event tells it, late and in any order, reading
//! what storage holds when it does (as `hooks::other_tabs` does). Whatever the interleaving,
//! once every event is delivered the tabs agree, storage holds what they show, no tab ever
//! wrote over a value it had not seen, and no label any tab made is lost unless a tab removed
//! it. The journal (`store::reconcile`) puts back what a crash took from localStorage.

use postil_core::schema_edit::SchemaChange;
use postil_core::sources;
use postil_core::store::{self, Arrival, KeyKind, KeyValue, StorageError, Waiting};
use postil_core::workspace::Workspace;
use postil_core::{AnnotationId, Span};
use proptest::prelude::*;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// localStorage: one map all tabs share; every write tells the other tabs (their inboxes).
#[derive(Default)]
struct Shared {
    values: RefCell<BTreeMap<String, String>>,
    /// Per tab, the keys others changed since it last looked.
    inboxes: RefCell<Vec<BTreeSet<String>>>,
    /// Which tab is writing now (its own writes send it no event).
    writer: RefCell<usize>,
    /// Writes that replaced a value whose revision the writer had not read: only ever while
    /// the writer's view lagged (as a browser's cache of localStorage can), never otherwise.
    blind_overwrites: RefCell<Vec<String>>,
    /// While set, reads see this older copy (a tab whose view of storage lags behind).
    lagging: RefCell<Option<BTreeMap<String, String>>>,
}

impl KeyValue for Shared {
    fn keys(&self, prefix: &str) -> Vec<String> {
        (self.values.borrow().keys())
            .filter(|k| k.starts_with(prefix))
            .cloned()
            .collect()
    }
    fn get(&self, key: &str) -> Option<String> {
        if let Some(old) = &*self.lagging.borrow() {
            return old.get(key).cloned();
        }
        self.values.borrow().get(key).cloned()
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        let tracked = matches!(
            store::key_kind(key),
            KeyKind::Annotations(_) | KeyKind::Schema
        );
        let held = self.values.borrow().get(key).cloned();
        if let (true, Some(old)) = (tracked, held) {
            let (old, new) = (store::parse_lineage(&old), store::parse_lineage(value));
            if old.rev.n > 0 && !new.includes(&old.rev) {
                self.blind_overwrites
                    .borrow_mut()
                    .push(format!("{key}: {} over {}", new.rev, old.rev));
            }
        }
        self.values
            .borrow_mut()
            .insert(key.to_string(), value.to_string());
        self.notify(key);
        Ok(())
    }
    fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.values.borrow_mut().remove(key);
        self.notify(key);
        Ok(())
    }
}

impl Shared {
    fn notify(&self, key: &str) {
        let me = *self.writer.borrow();
        for (i, inbox) in self.inboxes.borrow_mut().iter_mut().enumerate() {
            if i != me {
                inbox.insert(key.to_string());
            }
        }
    }
}

struct Tab {
    ws: Workspace,
    saver: store::Saver,
}

fn open_tabs(kv: &Shared, n: usize) -> Vec<Tab> {
    kv.inboxes.borrow_mut().resize(n, BTreeSet::new());
    let mut tabs = Vec::new();
    for i in 0..n {
        *kv.writer.borrow_mut() = i;
        let o = store::open(kv, &HashMap::new(), false, &format!("t{i}"), 1);
        let mut tab = Tab {
            ws: o.workspace,
            saver: o.saver,
        };
        tab.saver.save(kv, &tab.ws).0.unwrap();
        tabs.push(tab);
    }
    // The first tab's start wrote what the later ones then found: nothing is waiting.
    for inbox in kv.inboxes.borrow_mut().iter_mut() {
        inbox.clear();
    }
    tabs
}

/// `n` tabs opened on storage holding `values`.
fn open_tabs_at(kv: &Shared, values: &BTreeMap<String, String>, n: usize) -> Vec<Tab> {
    *kv.values.borrow_mut() = values.clone();
    kv.inboxes.borrow_mut().resize(n, BTreeSet::new());
    (0..n)
        .map(|i| {
            let o = store::open(kv, &HashMap::new(), false, &format!("t{i}"), 1);
            Tab {
                ws: o.workspace,
                saver: o.saver,
            }
        })
        .collect()
}

/// Tab `i` saves (as the persistence effect does after each change), taking in first any
/// value the save found newer in storage than it had read.
fn save(kv: &Shared, tabs: &mut [Tab], i: usize) {
    *kv.writer.borrow_mut() = i;
    let t = &mut tabs[i];
    for _ in 0..10 {
        t.saver.save(kv, &t.ws).0.unwrap();
        let waiting = t.saver.take_waiting();
        if waiting.is_empty() {
            return;
        }
        for w in waiting {
            match w {
                Waiting::Doc(id, Arrival::Take { expect, value }) => {
                    let _ = t.ws.take_doc_value(&id, &expect, value);
                }
                Waiting::Schema(Arrival::Take { expect, value }) => {
                    let _ = t.ws.take_schema_value(&expect, value);
                }
                other => panic!("{other:?}"),
            }
        }
    }
    panic!("a save kept finding newer values");
}

/// Tab `i` saves while its view of storage is `view` (older than what storage holds), but for
/// the values it wrote itself since, which it sees (as a browser's cache of localStorage does).
fn save_lagging(kv: &Shared, tabs: &mut [Tab], i: usize, mut view: BTreeMap<String, String>) {
    let me = format!("t{i}");
    for (k, v) in kv.values.borrow().iter() {
        if store::parse_lineage(v).rev.tab == me {
            view.insert(k.clone(), v.clone());
        }
    }
    *kv.lagging.borrow_mut() = Some(view);
    save(kv, tabs, i);
    *kv.lagging.borrow_mut() = None;
}

/// Tab `i` hears of one key another tab changed, reads storage, and takes the value in.
fn deliver_one(kv: &Shared, tabs: &mut [Tab], i: usize, key: &str) {
    let Some(raw) = kv.get(key) else { return };
    let t = &mut tabs[i];
    match store::key_kind(key) {
        KeyKind::Annotations(id) => match t.saver.doc_arrived(&t.ws, id, &raw) {
            Some(Arrival::Take { expect, value }) => {
                let _ = t.ws.take_doc_value(id, &expect, value);
            }
            Some(Arrival::Unreadable(why)) => panic!("{key}: {why}"),
            Some(Arrival::Same) | None => {}
        },
        KeyKind::Schema => match t.saver.schema_arrived(&t.ws, &raw) {
            Arrival::Take { expect, value } => {
                let _ = t.ws.take_schema_value(&expect, value);
            }
            Arrival::Unreadable(why) => panic!("{key}: {why}"),
            Arrival::Same => {}
        },
        _ => t.saver.other_arrived(key, &raw),
    }
    save(kv, tabs, i);
}

/// Delivers every waiting event until none is left.
fn settle(kv: &Shared, tabs: &mut [Tab]) {
    for _ in 0..100 {
        let mut any = false;
        for i in 0..tabs.len() {
            let keys: Vec<String> = std::mem::take(&mut kv.inboxes.borrow_mut()[i])
                .into_iter()
                .collect();
            for key in keys {
                any = true;
                deliver_one(kv, tabs, i, &key);
            }
        }
        if !any {
            return;
        }
    }
    panic!("the tabs kept writing: no convergence");
}

fn shown(ws: &Workspace) -> Vec<(u32, u32, String)> {
    let mut v: Vec<_> = ws
        .current()
        .annotations
        .iter()
        .map(|a| (a.span.start, a.span.end, a.label.clone()))
        .collect();
    v.sort();
    v
}

/// A set's relations by what they link: (from's span, type, to's span), sorted.
type Linked = Vec<((u32, u32), String, (u32, u32))>;

fn links_of(set: &postil_core::AnnotationSet) -> Linked {
    let at = |id| set.get(id).map_or((0, 0), |a| (a.span.start, a.span.end));
    let mut v: Linked = (set.relations().iter())
        .map(|r| (at(r.from), r.kind.clone(), at(r.to)))
        .collect();
    v.sort();
    v
}

fn stored_links(kv: &Shared, ws: &Workspace) -> Linked {
    let d = ws.current();
    let raw = kv.get(&store::annotations_key(d.id())).expect("stored");
    links_of(
        &store::parse_annotations(&raw, &d.document)
            .unwrap()
            .annotations,
    )
}

fn stored(kv: &Shared, ws: &Workspace) -> Vec<(u32, u32, String)> {
    let d = ws.current();
    let raw = kv.get(&store::annotations_key(d.id())).expect("stored");
    let set = store::parse_annotations(&raw, &d.document)
        .unwrap()
        .annotations;
    let mut v: Vec<_> = set
        .iter()
        .map(|a| (a.span.start, a.span.end, a.label.clone()))
        .collect();
    v.sort();
    v
}

/// Tab `i` saves its edit (when `lagging`, seeing storage as it was a step ago: `before`),
/// then, when `deliver`, hears every storage event waiting for it.
fn after_edit(
    kv: &Shared,
    tabs: &mut [Tab],
    i: usize,
    lagging: bool,
    deliver: bool,
    before: BTreeMap<String, String>,
) {
    if lagging {
        save_lagging(kv, tabs, i, before);
    } else {
        save(kv, tabs, i);
    }
    if deliver {
        let keys: Vec<String> = std::mem::take(&mut kv.inboxes.borrow_mut()[i])
            .into_iter()
            .collect();
        for key in keys {
            deliver_one(kv, tabs, i, &key);
        }
    }
}

const LABELS: [&str; 3] = ["PERSON", "ORG", "GPE"];

#[derive(Clone, Debug)]
enum Op {
    Label(usize, usize),
    Relabel(usize, usize),
    Delete(usize),
    Undo,
    Redo,
    AddLabel(usize),
    /// Link the i-th annotation to the j-th with the k-th type.
    Link(usize, usize, usize),
    Unlink(usize),
}

const KINDS: [&str; 2] = ["met", "in"];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..400usize, 0..3usize).prop_map(|(w, l)| Op::Label(w, l)),
        1 => (0..50usize, 0..3usize).prop_map(|(i, l)| Op::Relabel(i, l)),
        1 => (0..50usize).prop_map(Op::Delete),
        1 => Just(Op::Undo),
        1 => Just(Op::Redo),
        1 => (0..4usize).prop_map(Op::AddLabel),
        2 => (0..50usize, 0..50usize, 0..2usize).prop_map(|(i, j, k)| Op::Link(i, j, k)),
        1 => (0..20usize).prop_map(Op::Unlink),
    ]
}

fn nth_id(ws: &Workspace, i: usize) -> Option<AnnotationId> {
    let a = &ws.current().annotations;
    (!a.is_empty()).then(|| a.as_slice()[i % a.len()].id)
}

fn apply(ws: &mut Workspace, op: &Op) {
    let _ = match op {
        Op::Label(w, l) => {
            let tokens = ws.current().document.tokens();
            let span: Span = tokens[w % tokens.len()];
            ws.label(span, LABELS[*l])
        }
        Op::Relabel(i, l) => match nth_id(ws, *i) {
            Some(id) => ws.relabel(id, LABELS[*l]),
            None => return,
        },
        Op::Delete(i) => match nth_id(ws, *i) {
            Some(id) => ws.delete_annotation(id),
            None => return,
        },
        Op::Undo => ws.undo(),
        Op::Redo => ws.redo(),
        Op::Link(i, j, k) => match (nth_id(ws, *i), nth_id(ws, *j)) {
            (Some(from), Some(to)) => ws.link(from, to, KINDS[*k]),
            _ => return,
        },
        Op::Unlink(i) => {
            let relations = ws.current().annotations.relations();
            match relations.get(i % relations.len().max(1)) {
                Some(r) => {
                    let id = r.id;
                    ws.unlink(id)
                }
                None => return,
            }
        }
        Op::AddLabel(n) => {
            let mut to = (**ws.schema()).clone();
            if to.add_label(&format!("EXTRA{n}")) != Ok(true) {
                return;
            }
            ws.change_schema(SchemaChange {
                to,
                renames: vec![],
                summary: format!("Added EXTRA{n}"),
            })
        }
    };
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Random edits (relations among them) in two or three tabs, events delivered late (`deliver` says after which
    /// edits a tab catches up): the tabs end equal, storage holds it, and nothing was written
    /// over unseen.
    #[test]
    fn tabs_converge_whatever_the_interleaving(
        n in 2..4usize,
        steps in prop::collection::vec((0..3usize, op(), any::<bool>(), 0..4u8), 1..80),
    ) {
        let kv = Shared::default();
        let mut tabs = open_tabs(&kv, n);
        let mut before = kv.values.borrow().clone();
        for (who, op, deliver, lag) in &steps {
            let i = who % n;
            let now = kv.values.borrow().clone();
            apply(&mut tabs[i].ws, op);
            after_edit(&kv, &mut tabs, i, *lag == 0, *deliver, before);
            before = now;
        }
        settle(&kv, &mut tabs);
        let first = shown(&tabs[0].ws);
        let first_links = links_of(&tabs[0].ws.current().annotations);
        for t in &tabs {
            prop_assert_eq!(&shown(&t.ws), &first);
            prop_assert_eq!(&links_of(&t.ws.current().annotations), &first_links);
            prop_assert_eq!(t.ws.schema(), tabs[0].ws.schema());
        }
        prop_assert_eq!(stored(&kv, &tabs[0].ws), first);
        prop_assert_eq!(stored_links(&kv, &tabs[0].ws), first_links);
        let lagged = steps.iter().filter(|s| s.3 == 0).count();
        prop_assert!(kv.blind_overwrites.borrow().len() <= lagged, "{:?}", kv.blind_overwrites.borrow());
    }

    /// Links between ten labelled words, made in any tabs with events late: every link made is
    /// there at the end, in every tab and in storage.
    #[test]
    fn no_link_is_lost_to_another_tab(
        n in 2..4usize,
        steps in prop::collection::vec((0..3usize, 0..10usize, 0..10usize, 0..2usize, any::<bool>(), 0..4u8), 1..40),
    ) {
        let kv = Shared::default();
        let mut tabs = open_tabs(&kv, n);
        let words: Vec<Span> = tabs[0].ws.current().document.tokens()[..10].to_vec();
        for w in &words {
            tabs[0].ws.label(*w, "PERSON").unwrap();
        }
        save(&kv, &mut tabs, 0);
        settle(&kv, &mut tabs);
        let mut made = BTreeSet::new();
        let mut before = kv.values.borrow().clone();
        for (who, a, b, k, deliver, lag) in &steps {
            let now = kv.values.borrow().clone();
            let i = who % n;
            let id = |ws: &Workspace, w: usize| ws.current().annotations.exact(words[w]).map(|x| x.id);
            if let (Some(from), Some(to)) = (id(&tabs[i].ws, *a), id(&tabs[i].ws, *b)) {
                if tabs[i].ws.link(from, to, KINDS[*k]).is_ok() {
                    let at = |w: usize| (words[w].start, words[w].end);
                    made.insert((at(*a), KINDS[*k].to_string(), at(*b)));
                }
            }
            after_edit(&kv, &mut tabs, i, *lag == 0, *deliver, before);
            before = now;
        }
        settle(&kv, &mut tabs);
        let want: Linked = made.into_iter().collect();
        for t in &tabs {
            prop_assert_eq!(&links_of(&t.ws.current().annotations), &want);
        }
        prop_assert_eq!(stored_links(&kv, &tabs[0].ws), want);
    }

    /// Only labels, in any tabs, with events late: every label made is there at the end.
    #[test]
    fn no_label_is_lost_to_another_tab(
        n in 2..4usize,
        steps in prop::collection::vec((0..3usize, 0..400usize, any::<bool>(), 0..4u8), 1..60),
    ) {
        let kv = Shared::default();
        let mut tabs = open_tabs(&kv, n);
        let mut made = BTreeSet::new();
        let mut before = kv.values.borrow().clone();
        for (who, word, deliver, lag) in &steps {
            let now = kv.values.borrow().clone();
            let i = who % n;
            let span = {
                let tokens = tabs[i].ws.current().document.tokens();
                tokens[word % tokens.len()]
            };
            if tabs[i].ws.label(span, "PERSON").is_ok() {
                made.insert((span.start, span.end));
            }
            after_edit(&kv, &mut tabs, i, *lag == 0, *deliver, before);
            before = now;
        }
        settle(&kv, &mut tabs);
        let want: Vec<_> = made.into_iter().map(|(s, e)| (s, e, "PERSON".to_string())).collect();
        for t in &tabs {
            prop_assert_eq!(&shown(&t.ws), &want);
        }
        prop_assert_eq!(stored(&kv, &tabs[0].ws), want);
    }
}

#[test]
fn a_value_written_beside_this_tab_s_own_is_merged_not_lost() {
    let kv = Shared::default();
    let mut tabs = open_tabs(&kv, 2);
    let tokens = tabs[0].ws.current().document.tokens().to_vec();
    // Both label before hearing of the other. With storage as it is, B sees A's value is
    // newer than the one it read, and merges before writing:
    let start = kv.values.borrow().clone();
    tabs[0].ws.label(tokens[0], "PERSON").unwrap();
    save(&kv, &mut tabs, 0);
    let after_a = kv.values.borrow().clone();
    tabs[1].ws.label(tokens[5], "ORG").unwrap();
    save(&kv, &mut tabs, 1);
    let key = store::annotations_key(tabs[0].ws.current().id());
    assert_eq!(
        store::parse_lineage(&kv.get(&key).unwrap()).rev.to_string(),
        "3-t1"
    );
    assert!(kv.blind_overwrites.borrow().is_empty());
    // But a browser's view of storage can lag: then B's write replaces A's unseen.
    *kv.values.borrow_mut() = after_a;
    let kv = Shared {
        values: RefCell::new(kv.values.borrow().clone()),
        inboxes: RefCell::new(vec![BTreeSet::new(); 2]),
        ..Shared::default()
    };
    let mut tabs = open_tabs_at(&kv, &start, 2);
    tabs[0].ws.label(tokens[0], "PERSON").unwrap();
    save(&kv, &mut tabs, 0);
    tabs[1].ws.label(tokens[5], "ORG").unwrap();
    save_lagging(&kv, &mut tabs, 1, start);
    assert_eq!(kv.blind_overwrites.borrow().len(), 1);
    let raw = kv.get(&key).unwrap();
    assert_eq!(store::parse_lineage(&raw).rev.to_string(), "2-t1");
    // A hears of it: storage holds B's, written beside A's own; A merges both and writes the
    // merge as a child of B's revision (naming its own too).
    deliver_one(&kv, &mut tabs, 0, &key);
    let merged = store::parse_lineage(&kv.get(&key).unwrap());
    assert_eq!(merged.rev.to_string(), "3-t0");
    assert_eq!(
        merged.revs[..2],
        [
            store::Rev::parse("2-t1").unwrap(),
            store::Rev::parse("2-t0").unwrap()
        ]
    );
    // B hears (late) of A's first write, reads storage (A's merge, built on B's): takes it
    // without writing anything back.
    let before = kv.get(&key);
    deliver_one(&kv, &mut tabs, 1, &key);
    assert_eq!(
        kv.get(&key),
        before,
        "taking a value in never writes it back"
    );
    assert_eq!(shown(&tabs[0].ws), shown(&tabs[1].ws));
    assert_eq!(shown(&tabs[0].ws).len(), 2);
    // A late event for a value this tab already has changes nothing.
    deliver_one(&kv, &mut tabs, 1, &key);
    deliver_one(&kv, &mut tabs, 0, &key);
    assert_eq!(kv.get(&key), before);
    // The document has one history: both labels are in it, whichever tab made them (A's
    // label got a new id in the merge, and its undo step followed it). Undo in B takes back
    // the latest step, and only that annotation, in both tabs; undo in A the other.
    tabs[1].ws.undo().unwrap();
    save(&kv, &mut tabs, 1);
    settle(&kv, &mut tabs);
    assert_eq!(shown(&tabs[0].ws).len(), 1);
    assert_eq!(shown(&tabs[0].ws), shown(&tabs[1].ws));
    tabs[0].ws.undo().unwrap();
    save(&kv, &mut tabs, 0);
    settle(&kv, &mut tabs);
    assert!(
        shown(&tabs[1].ws).is_empty(),
        "each undo took back one label"
    );
}

#[test]
fn an_unreadable_value_from_another_tab_is_reported_not_taken() {
    let kv = Shared::default();
    let mut tabs = open_tabs(&kv, 2);
    let id = tabs[0].ws.current().id().to_string();
    let key = store::annotations_key(&id);
    let newer = kv
        .get(&key)
        .unwrap()
        .replace("\"version\":1", "\"version\":9");
    kv.values.borrow_mut().insert(key.clone(), newer.clone());
    let t = &mut tabs[0];
    match t.saver.doc_arrived(&t.ws, &id, &newer) {
        Some(Arrival::Unreadable(why)) => {
            assert_eq!(why, "it is version 9, which this Postil cannot read")
        }
        other => panic!("{other:?}"),
    }
    // The shell then protects the key: this tab's next label writes nothing over it.
    t.saver.protect(&key);
    let tokens = t.ws.current().document.tokens().to_vec();
    t.ws.label(tokens[0], "PERSON").unwrap();
    assert_eq!(
        t.saver.save(&kv, &t.ws).0,
        Err(StorageError::WontOverwrite(key.clone()))
    );
    assert_eq!(kv.get(&key), Some(newer));
}

#[test]
fn the_journal_puts_back_what_a_crash_took_from_local_storage() {
    // A tab saves with a journal: every value is also handed over for IndexedDB.
    let kv = Shared::default();
    kv.inboxes.borrow_mut().resize(1, BTreeSet::new());
    let mut o = store::open(&kv, &HashMap::new(), true, "t0", 1);
    let mut journal: HashMap<String, String> = HashMap::new();
    let save_both = |o: &mut store::Opened, journal: &mut HashMap<String, String>| {
        let (r, work) = o.saver.save(&kv, &o.workspace);
        r.unwrap();
        for (k, v) in work.put {
            journal.insert(k, v);
        }
        for k in work.delete {
            journal.remove(&k);
        }
    };
    save_both(&mut o, &mut journal);
    let before_crash = kv.values.borrow().clone();
    let tokens = o.workspace.current().document.tokens().to_vec();
    o.workspace.label(tokens[0], "PERSON").unwrap();
    save_both(&mut o, &mut journal);
    o.workspace
        .add_pasted(sources::from_paste("Second", "Second\n\nMore.").unwrap())
        .unwrap();
    save_both(&mut o, &mut journal);
    let texts: HashMap<String, String> = journal
        .iter()
        .filter(|(k, _)| store::is_text_key(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let journal_only: HashMap<String, String> = journal
        .into_iter()
        .filter(|(k, _)| !store::is_text_key(k))
        .collect();
    // The crash: localStorage lost its last writes (as Chromium loses seconds of them).
    *kv.values.borrow_mut() = before_crash;
    let plan = store::reconcile(&kv, &journal_only);
    let mut restored: Vec<&str> = plan.restore.iter().map(|(k, _)| k.as_str()).collect();
    restored.sort();
    assert_eq!(
        restored,
        [
            "postil/v1/ann/russia-pakistan-joint-drills",
            "postil/v1/ann/second",
            "postil/v1/index"
        ]
    );
    assert!(plan.copy.is_empty() && plan.drop.is_empty());
    let mut overlay = texts;
    for (k, v) in plan.restore {
        overlay.insert(k, v);
    }
    let back = store::open(&kv, &overlay, true, "t1", 2).workspace;
    assert_eq!(back.docs().len(), 2);
    assert_eq!(back.docs()[0].annotations.len(), 1);
    assert!(
        back.docs()[0].history.can_undo(),
        "the undo step came back with it"
    );

    // The other way: localStorage newer than the journal (the journal write failed) is
    // copied there; a journal value of a document deleted since is dropped.
    let kv = Shared::default();
    kv.inboxes.borrow_mut().resize(1, BTreeSet::new());
    let mut o = store::open(&kv, &HashMap::new(), false, "t0", 1);
    o.saver.save(&kv, &o.workspace).0.unwrap();
    let old: HashMap<String, String> = kv.values.borrow().clone().into_iter().collect();
    o.workspace.label(tokens[0], "PERSON").unwrap();
    o.saver.save(&kv, &o.workspace).0.unwrap();
    let mut journal: HashMap<String, String> = old
        .into_iter()
        .filter(|(k, _)| !store::is_text_key(k))
        .collect();
    journal.insert(store::annotations_key("gone"), "{}".into());
    let plan = store::reconcile(&kv, &journal);
    assert!(plan.restore.is_empty(), "{:?}", plan.restore);
    assert_eq!(
        plan.copy
            .iter()
            .map(|(k, _)| k.as_str())
            .collect::<Vec<_>>(),
        ["postil/v1/ann/russia-pakistan-joint-drills"]
    );
    assert_eq!(plan.drop, ["postil/v1/ann/gone"]);
}
