//! Opening and saving the work through a key-value store, on the host: what a start writes
//! (nothing, when storage already holds it), what one edit writes, deletions, full and blocked
//! storage, values that could not be read (backed up once, or never written over), texts
//! kept apart in IndexedDB, and what another tab wrote.

use postil_core::selection::Selection;
use postil_core::sources;
use postil_core::store::{self, IdbWork, KeyValue, StorageError};
use postil_core::workspace::Workspace;

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};

/// A key-value store in memory that records every write and can be made to fail.
#[derive(Default)]
struct Memory {
    values: RefCell<BTreeMap<String, String>>,
    /// Keys written or removed, in order ("set k", "remove k").
    log: RefCell<Vec<String>>,
    /// Every write fails with this.
    failing: RefCell<Option<StorageError>>,
    blocked: Cell<bool>,
}

impl Memory {
    fn writes(&self) -> Vec<String> {
        self.log.borrow_mut().drain(..).collect()
    }

    fn snapshot(&self) -> BTreeMap<String, String> {
        self.values.borrow().clone()
    }
}

impl KeyValue for Memory {
    fn keys(&self, prefix: &str) -> Vec<String> {
        (self.values.borrow().keys())
            .filter(|k| k.starts_with(prefix))
            .cloned()
            .collect()
    }

    fn get(&self, key: &str) -> Option<String> {
        self.values.borrow().get(key).cloned()
    }

    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        if let Some(e) = self.failing.borrow().clone() {
            return Err(e);
        }
        self.log.borrow_mut().push(format!("set {key}"));
        self.values
            .borrow_mut()
            .insert(key.to_string(), value.to_string());
        if self.blocked.get() {
            return Err(StorageError::Blocked);
        }
        Ok(())
    }

    fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.log.borrow_mut().push(format!("remove {key}"));
        self.values.borrow_mut().remove(key);
        Ok(())
    }

    fn is_blocked(&self) -> bool {
        self.blocked.get()
    }
}

fn no_texts() -> HashMap<String, String> {
    HashMap::new()
}

/// Labels the first word of the open document.
fn label_first_word(ws: &mut Workspace) {
    let first = ws.current().document.tokens()[0];
    ws.label_selection(Selection::Range(first), "PERSON")
        .unwrap();
}

const SAMPLE: &str = postil_core::sample::SAMPLE_ID;

#[test]
fn a_first_start_writes_the_sample_and_a_second_writes_nothing() {
    let kv = Memory::default();
    let mut opened = store::open(&kv, &no_texts(), false, "t1", 1);
    assert!(opened.unreadable.is_empty());
    let (result, work) = opened.saver.save(&kv, &opened.workspace);
    assert_eq!(result, Ok(()));
    assert_eq!(work, IdbWork::default());
    let mut written = kv.writes();
    written.sort();
    assert_eq!(
        written,
        [
            format!("set postil/v1/ann/{SAMPLE}"),
            format!("set postil/v1/doc/{SAMPLE}"),
            "set postil/v1/index".into(),
            "set postil/v1/schema".into(),
            "set postil/v1/settings".into(),
        ]
    );
    // Saving again writes nothing; neither does a new start that finds it all there.
    assert_eq!(opened.saver.save(&kv, &opened.workspace).0, Ok(()));
    assert_eq!(kv.writes(), Vec::<String>::new());
    let before = kv.snapshot();
    let mut again = store::open(&kv, &no_texts(), false, "t1", 2);
    assert_eq!(again.workspace, opened.workspace);
    assert_eq!(
        again.saver.save(&kv, &again.workspace),
        (Ok(()), IdbWork::default())
    );
    assert_eq!(kv.writes(), Vec::<String>::new());
    assert_eq!(kv.snapshot(), before);
}

#[test]
fn one_label_writes_one_value_its_annotations_with_their_history() {
    let kv = Memory::default();
    let mut o = store::open(&kv, &no_texts(), false, "t1", 1);
    o.saver.save(&kv, &o.workspace).0.unwrap();
    kv.writes();
    label_first_word(&mut o.workspace);
    assert_eq!(o.saver.save(&kv, &o.workspace).0, Ok(()));
    assert_eq!(kv.writes(), [format!("set postil/v1/ann/{SAMPLE}")]);
    // What was written loads back as it was, undo step included, at its revision.
    let back = store::open(&kv, &no_texts(), false, "t1", 2);
    assert_eq!(
        back.workspace.current().annotations,
        o.workspace.current().annotations
    );
    assert_eq!(
        back.workspace.current().history,
        o.workspace.current().history
    );
    let raw = kv.get(&store::annotations_key(SAMPLE)).unwrap();
    let lineage = store::parse_lineage(&raw);
    assert_eq!(lineage.rev.to_string(), "2-t1");
    assert_eq!(lineage.revs.len(), 1);
    // The annotator's name is a setting of its own.
    o.workspace.set_annotator("Ada").unwrap();
    o.saver.save(&kv, &o.workspace).0.unwrap();
    assert_eq!(kv.writes(), ["set postil/v1/settings"]);
    assert_eq!(
        store::open(&kv, &no_texts(), false, "t1", 3)
            .workspace
            .annotator(),
        "Ada"
    );
}

#[test]
fn deleted_documents_leave_storage_and_texts_go_to_indexeddb() {
    let kv = Memory::default();
    // With IndexedDB, texts are handed back to be written there, once.
    let mut o = store::open(&kv, &no_texts(), true, "t1", 1);
    let (_, work) = o.saver.save(&kv, &o.workspace);
    assert_eq!(work.texts().count(), 1);
    // Every other value written is copied there too, as a journal.
    let mut copied: Vec<&str> = work.put.iter().map(|(k, _)| k.as_str()).collect();
    copied.sort();
    assert_eq!(
        copied,
        [
            format!("postil/v1/ann/{SAMPLE}").as_str(),
            &format!("postil/v1/doc/{SAMPLE}"),
            "postil/v1/index",
            "postil/v1/schema",
            "postil/v1/settings"
        ]
    );
    for (k, v) in &work.put {
        if !k.contains("/doc/") {
            assert_eq!(kv.get(k).as_ref(), Some(v), "{k}: the same value in both");
        }
    }
    assert!(!kv
        .snapshot()
        .keys()
        .any(|k| k.starts_with("postil/v1/doc/")));
    o.workspace
        .add_pasted(sources::from_paste("Second", "Second\n\nMore text.").unwrap())
        .unwrap();
    let (_, work) = o.saver.save(&kv, &o.workspace);
    assert_eq!(work.texts().collect::<Vec<_>>(), ["postil/v1/doc/second"]);
    // IndexedDB refused it: the next save hands it back again.
    o.saver.forget_texts(&["postil/v1/doc/second".to_string()]);
    assert_eq!(o.saver.save(&kv, &o.workspace).1.texts().count(), 1);
    kv.writes();
    // Opening another document rewrites the index (which one is open), and only it.
    o.workspace.open(0).unwrap();
    o.saver.save(&kv, &o.workspace).0.unwrap();
    assert_eq!(kv.writes(), ["set postil/v1/index"]);
    o.workspace.open(1).unwrap();
    o.saver.save(&kv, &o.workspace).0.unwrap();
    kv.writes();
    // Deleting removes its values here and its text there.
    o.workspace.delete_document("second").unwrap();
    let (result, work) = o.saver.save(&kv, &o.workspace);
    assert_eq!(result, Ok(()));
    let mut deleted = work.delete.clone();
    deleted.sort();
    assert_eq!(
        deleted,
        [
            "postil/v1/ann/second",
            "postil/v1/doc/second",
            "postil/v1/history/second"
        ]
    );
    let mut written = kv.writes();
    written.sort();
    assert_eq!(
        written,
        [
            "remove postil/v1/ann/second",
            "remove postil/v1/doc/second",
            "remove postil/v1/history/second",
            "set postil/v1/index",
        ]
    );
}

#[test]
fn full_storage_is_retried_and_blocked_storage_keeps_its_warning() {
    let kv = Memory::default();
    let mut o = store::open(&kv, &no_texts(), false, "t1", 1);
    o.saver.save(&kv, &o.workspace).0.unwrap();
    kv.writes();
    label_first_word(&mut o.workspace);
    *kv.failing.borrow_mut() = Some(StorageError::Full);
    assert_eq!(o.saver.save(&kv, &o.workspace).0, Err(StorageError::Full));
    // Space again: the next save writes what failed.
    *kv.failing.borrow_mut() = None;
    assert_eq!(o.saver.save(&kv, &o.workspace).0, Ok(()));
    assert_eq!(kv.writes(), [format!("set postil/v1/ann/{SAMPLE}")]);

    // Blocked: values count as written (kept in memory), and every save says so.
    let kv = Memory::default();
    kv.blocked.set(true);
    let mut o = store::open(&kv, &no_texts(), false, "t1", 1);
    assert_eq!(
        o.saver.save(&kv, &o.workspace).0,
        Err(StorageError::Blocked)
    );
    kv.writes();
    o.workspace.set_annotator("Ada").unwrap();
    assert_eq!(
        o.saver.save(&kv, &o.workspace).0,
        Err(StorageError::Blocked)
    );
    assert_eq!(kv.writes(), ["set postil/v1/settings"], "only what changed");
    assert_eq!(
        o.saver.save(&kv, &o.workspace).0,
        Err(StorageError::Blocked),
        "the warning stays"
    );
    assert!(StorageError::Blocked.warning().contains("Export JSON"));
}

#[test]
fn unreadable_values_are_backed_up_once_or_never_written_over() {
    let kv = Memory::default();
    let mut o = store::open(&kv, &no_texts(), false, "t1", 1);
    o.saver.save(&kv, &o.workspace).0.unwrap();
    let key = store::annotations_key(SAMPLE);
    kv.values
        .borrow_mut()
        .insert(key.clone(), "{\"version\":1,".into());
    kv.writes();
    let o = store::open(&kv, &no_texts(), false, "t1", 7);
    assert_eq!(o.unreadable.len(), 1);
    assert!(
        o.unreadable[0].starts_with(&format!("{key}: ")),
        "{}",
        o.unreadable[0]
    );
    let copy = format!("postil/v1/backup/ann/{SAMPLE}@7");
    assert!(o.unreadable[0].ends_with(&format!("(a copy is kept under “{copy}”).")));
    assert_eq!(kv.get(&copy).as_deref(), Some("{\"version\":1,"));
    // A second start finds the same copy and makes none.
    let mut o = store::open(&kv, &no_texts(), false, "t1", 8);
    assert!(o.unreadable[0].contains(&copy));
    assert_eq!(kv.keys("postil/v1/backup/").len(), 1);
    // Saving right after start writes nothing over it; an edit then writes the new set.
    kv.writes();
    assert_eq!(o.saver.save(&kv, &o.workspace).0, Ok(()));
    assert_eq!(kv.writes(), Vec::<String>::new());
    label_first_word(&mut o.workspace);
    o.saver.save(&kv, &o.workspace).0.unwrap();
    assert!(kv
        .get(&key)
        .unwrap()
        .starts_with("{\"version\":1,\"rev\":\"1-t1\",\"next_id\""));

    // When the copy cannot be made, the value is never written over nor removed.
    let kv = Memory::default();
    let mut o = store::open(&kv, &no_texts(), false, "t1", 1);
    o.saver.save(&kv, &o.workspace).0.unwrap();
    kv.values.borrow_mut().insert(key.clone(), "broken".into());
    *kv.failing.borrow_mut() = Some(StorageError::Full);
    let mut o = store::open(&kv, &no_texts(), false, "t1", 2);
    assert!(o.unreadable[0]
        .ends_with("(it could not be copied to a backup, so Postil will not write over it)."));
    *kv.failing.borrow_mut() = None;
    label_first_word(&mut o.workspace);
    assert_eq!(
        o.saver.save(&kv, &o.workspace).0,
        Err(StorageError::WontOverwrite(key.clone()))
    );
    assert_eq!(kv.get(&key).as_deref(), Some("broken"));
}

#[test]
fn what_another_tab_wrote_is_not_written_again() {
    let kv = Memory::default();
    let mut o = store::open(&kv, &no_texts(), false, "t1", 1);
    o.saver.save(&kv, &o.workspace).0.unwrap();
    // The other tab adds a document and writes it; this tab adopts it.
    let mut theirs = store::open(&kv, &no_texts(), false, "t2", 2);
    theirs
        .workspace
        .add_pasted(sources::from_paste("Theirs", "Theirs\n\nA text.").unwrap())
        .unwrap();
    theirs.saver.save(&kv, &theirs.workspace).0.unwrap();
    kv.writes();
    let found = store::open(&kv, &no_texts(), false, "t1", 3).workspace;
    let arrived: Vec<_> = found
        .docs()
        .iter()
        .filter(|d| d.id() == "theirs")
        .cloned()
        .collect();
    let lineage = store::parse_lineage(&kv.get(&store::annotations_key("theirs")).unwrap());
    assert_eq!(lineage.rev.to_string(), "1-t2");
    let with_lineage: Vec<_> = arrived
        .iter()
        .map(|d| (d.clone(), lineage.clone()))
        .collect();
    o.saver.adopt(&with_lineage);
    o.workspace.documents_arrived(arrived).unwrap();
    o.saver.save(&kv, &o.workspace).0.unwrap();
    assert_eq!(
        kv.writes(),
        ["set postil/v1/index"],
        "only the index: the document is theirs"
    );
    // They delete it; this tab forgets it and does not remove it again after a restore there.
    o.saver.forget_document("theirs");
    o.workspace.drop_document("theirs").unwrap();
    o.saver.save(&kv, &o.workspace).0.unwrap();
    assert!(kv.writes().iter().all(|w| !w.starts_with("remove")));
}

#[test]
fn what_other_tabs_hold() {
    let kv = Memory::default();
    let mut o = store::open(&kv, &no_texts(), false, "t1", 1);
    o.saver.save(&kv, &o.workspace).0.unwrap();
    // Another tab added "theirs" (annotations written, not yet in our index) and is deleting
    // "going" (listed in its index, annotations already removed).
    kv.set(&store::annotations_key("theirs"), "{}").unwrap();
    kv.set(&store::history_key("half"), "{}").unwrap();
    let index = store::index_json(&store::Lineage::default(), &[SAMPLE, "going"], SAMPLE);
    kv.set(store::INDEX_KEY, &index).unwrap();
    let mut reserved: Vec<_> = store::reserved_ids(&kv).into_iter().collect();
    reserved.sort();
    assert_eq!(reserved, ["going", "half", SAMPLE, "theirs"]);
    let known = |id: &str| id == SAMPLE;
    assert_eq!(store::unknown_documents(&kv, known), ["theirs"]);
    let cases = [
        (store::INDEX_KEY.to_string(), true, true),
        (store::TEXTS_WRITTEN_KEY.to_string(), true, true),
        (store::annotations_key("theirs"), true, true),
        (store::annotations_key("theirs"), false, false),
        (store::annotations_key(SAMPLE), true, false),
        (store::history_key("theirs"), true, false),
        (store::SCHEMA_KEY.to_string(), true, false),
    ];
    for (key, written, want) in cases {
        assert_eq!(
            store::may_add_documents(&key, written, known),
            want,
            "{key} {written}"
        );
    }
}

#[test]
fn an_edit_and_its_undo_step_are_stored_together_or_not_at_all() {
    let kv = Memory::default();
    let mut o = store::open(&kv, &no_texts(), false, "t1", 1);
    o.saver.save(&kv, &o.workspace).0.unwrap();
    let key = store::annotations_key(SAMPLE);
    let stored = |kv: &Memory| {
        let doc = store::open(kv, &no_texts(), false, "t9", 9).workspace;
        let d = doc.current().clone();
        (d.annotations.len(), d.history.can_undo())
    };
    for n in 1..=3 {
        label_first_word(&mut o.workspace);
        let _ = o.workspace.undo();
        label_first_word(&mut o.workspace);
        // The store fills up as this edit is saved: neither half of it is stored.
        *kv.failing.borrow_mut() = Some(StorageError::Full);
        let before = kv.get(&key);
        assert_eq!(o.saver.save(&kv, &o.workspace).0, Err(StorageError::Full));
        assert_eq!(kv.get(&key), before, "round {n}");
        // Space comes back: the next save stores both halves, which agree.
        *kv.failing.borrow_mut() = None;
        o.saver.save(&kv, &o.workspace).0.unwrap();
        assert_eq!(stored(&kv), (1, true), "round {n}");
        o.workspace.undo().unwrap();
        o.saver.save(&kv, &o.workspace).0.unwrap();
        assert_eq!(
            stored(&kv),
            (0, false),
            "round {n}: the undo step went with its edit"
        );
        o.workspace.redo().unwrap();
        o.workspace.undo().unwrap();
    }
}

#[test]
fn annotations_whose_text_is_missing_are_reported_and_never_removed() {
    let kv = Memory::default();
    let mut o = store::open(&kv, &no_texts(), false, "t1", 1);
    o.saver.save(&kv, &o.workspace).0.unwrap();
    // One document listed without its text, one with annotations only (not listed, no text).
    let ghost = r#"{"version":1,"rev":"1-x","next_id":2,"annotations":[{"id":1,"start":0,"end":4,"label":"ORG"}]}"#;
    let index = kv.get(store::INDEX_KEY).unwrap();
    let listed = index.replacen("\"documents\":[", "\"documents\":[\"listed\",", 1);
    assert_ne!(listed, index);
    kv.set(store::INDEX_KEY, &listed).unwrap();
    for id in ["listed", "stray"] {
        kv.set(&store::annotations_key(id), ghost).unwrap();
    }
    let mut again = store::open(&kv, &no_texts(), false, "t1", 2);
    assert_eq!(
        again.unreadable,
        [
            "Annotations of “stray” are in this browser’s storage, but the document is not listed and its text is missing, so they cannot be shown; they are left in storage untouched.",
            "“listed” is listed, but its text is missing from this browser’s storage, so it is not opened; its annotations are left in storage untouched.",
        ]
    );
    assert_eq!(again.workspace.docs().len(), 1);
    // Editing, and saving a new list of documents, leaves both values as they were.
    label_first_word(&mut again.workspace);
    again.saver.save(&kv, &again.workspace).0.unwrap();
    for id in ["listed", "stray"] {
        assert_eq!(
            kv.get(&store::annotations_key(id)).as_deref(),
            Some(ghost),
            "{id}"
        );
    }
    // The next start, with "listed" no longer in the index, still reports both.
    let third = store::open(&kv, &no_texts(), false, "t1", 3);
    assert_eq!(third.unreadable.len(), 2, "{:?}", third.unreadable);
}
