//! Browser storage: what is saved loads back, unreadable values are reported and the rest kept,
//! and the limits on stored undo histories.

use postil_core::annotation::Overlaps;
use postil_core::corpus::AnnotatedDocument;
use postil_core::edit::label_span;
use postil_core::history::History;
use postil_core::sample::SAMPLE_ID;
use postil_core::store::*;
use postil_core::{AnnotationId, AnnotationSet, Document, Span};
use std::collections::BTreeMap;

fn save(ws: &Stored) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    let ids: Vec<&str> = ws.documents.iter().map(|d| d.document.id()).collect();
    let l = Lineage::first("t");
    m.insert(INDEX_KEY.into(), index_json(&l, &ids, ids[ws.current]));
    m.insert(
        SCHEMA_KEY.into(),
        schema_json(&l, &ws.schema, &ws.schema_history),
    );
    for d in &ws.documents {
        m.insert(doc_key(d.document.id()), document_json(&d.document));
        m.insert(
            annotations_key(d.document.id()),
            annotations_json(
                &l,
                &d.annotations,
                ws.histories
                    .get(d.document.id())
                    .unwrap_or(&History::default()),
            ),
        );
    }
    m
}

fn load_from(m: &BTreeMap<String, String>) -> Loaded {
    let keys: Vec<String> = m.keys().cloned().collect();
    load(&keys, |k| m.get(k).cloned())
}

fn labeled_workspace() -> Stored {
    let mut ws = Stored::fresh();
    let second = Document::new("second", "Second", "Qureshi met Lavrov in Islamabad.");
    let mut set = AnnotationSet::new(second.char_len());
    set.run(|s| label_span(s, Span::new(0, 7), "PERSON", Overlaps::Allowed))
        .unwrap();
    ws.documents.push(AnnotatedDocument {
        document: second,
        annotations: set,
    });
    ws.documents[0]
        .annotations
        .run(|s| label_span(s, Span::new(457, 470), "PERSON", Overlaps::Allowed))
        .unwrap();
    ws.current = 1;
    ws
}

#[test]
fn first_start_gives_the_sample() {
    let loaded = load(&[], |_| None);
    assert!(loaded.first_start);
    assert!(loaded.corrupt.is_empty());
    assert_eq!(loaded.stored, Stored::fresh());
    assert_eq!(loaded.stored.documents[0].document.id(), SAMPLE_ID);
}

#[test]
fn saved_workspace_loads_back_the_same() {
    let ws = labeled_workspace();
    let loaded = load_from(&save(&ws));
    assert!(!loaded.first_start);
    assert!(loaded.corrupt.is_empty(), "{:?}", loaded.corrupt);
    assert_eq!(loaded.stored, ws);
}

#[test]
fn corrupt_values_are_reported_and_the_rest_kept() {
    // (key to damage, replacement, what is still there afterwards)
    let cases: &[(&str, &str, &str)] = &[
        (INDEX_KEY, "{not json", "both documents, found by their keys"),
        (SCHEMA_KEY, "[]", "default schema"),
        ("postil/v1/ann/second", "{\"version\":1,\"next_id\":2,\"annotations\":[{\"id\":1,\"start\":0,\"end\":999,\"label\":\"PERSON\"}]}", "second document without annotations"),
        ("postil/v1/ann/second", "{\"version\":9,\"next_id\":2,\"annotations\":[]}", "second document without annotations"),
        ("postil/v1/doc/second", "garbage", "sample only"),
    ];
    for (key, value, what) in cases {
        let mut m = save(&labeled_workspace());
        m.insert(key.to_string(), value.to_string());
        let loaded = load_from(&m);
        assert_eq!(loaded.corrupt.len(), 1, "{key}: {:?}", loaded.corrupt);
        assert_eq!(loaded.corrupt[0].key, *key);
        assert!(!loaded.first_start, "{key}");
        let ws = &loaded.stored;
        // The sample's annotation survives every one of these.
        let sample = ws
            .documents
            .iter()
            .find(|d| d.document.id() == SAMPLE_ID)
            .unwrap();
        assert_eq!(sample.annotations.len(), 1, "{key}: {what}");
        let second = ws.documents.iter().find(|d| d.document.id() == "second");
        match *what {
            "sample only" => assert!(second.is_none()),
            "second document without annotations" => {
                assert_eq!(second.map(|d| d.annotations.len()), Some(0))
            }
            _ => assert_eq!(second.map(|d| d.annotations.len()), Some(1), "{key}"),
        }
    }
}

#[test]
fn unreadable_documents_fall_back_to_the_sample_with_its_stored_annotations() {
    let mut m = save(&labeled_workspace());
    // The index names only a document whose text is unreadable; the sample's own
    // annotations are still stored.
    m.insert(
        INDEX_KEY.into(),
        index_json(&Lineage::default(), &["second"], "second"),
    );
    m.insert(doc_key("second"), "garbage".into());
    m.remove(&doc_key(SAMPLE_ID));
    let loaded = load_from(&m);
    assert_eq!(loaded.corrupt.len(), 1);
    let ws = &loaded.stored;
    assert_eq!(ws.documents.len(), 1);
    assert_eq!(ws.documents[0].document.id(), SAMPLE_ID);
    assert_eq!(
        ws.documents[0].annotations.len(),
        1,
        "the sample's stored label is back"
    );
}

#[test]
fn a_huge_history_is_stored_without_its_oldest_steps() {
    use postil_core::edit::DocEdit;
    let mut history: History<DocEdit> = History::default();
    let note = "x".repeat(40 * 1024);
    for seq in 1..=10 {
        let edit = DocEdit::Note {
            id: AnnotationId(1),
            from: String::new(),
            to: note.clone(),
        };
        history.record(seq, edit);
    }
    let json = history_body(&history);
    assert!(json.len() <= HISTORY_MAX_BYTES, "{}", json.len());
    let back: History<DocEdit> = serde_json::from_str(&json).unwrap();
    assert_eq!(back.undo_seq(), Some(10), "the newest step is kept");
    assert!(
        back.max_seq() == 10 && back != history,
        "older steps were left out"
    );
}

#[test]
fn documents_missing_from_the_index_are_still_loaded() {
    let mut m = save(&labeled_workspace());
    m.insert(
        INDEX_KEY.into(),
        index_json(&Lineage::default(), &[SAMPLE_ID], SAMPLE_ID),
    );
    let loaded = load_from(&m);
    let ids: Vec<&str> = loaded
        .stored
        .documents
        .iter()
        .map(|d| d.document.id())
        .collect();
    assert_eq!(ids, vec![SAMPLE_ID, "second"]);

    // A text left behind by a deletion (no annotations, not listed) stays deleted.
    m.remove(&annotations_key("second"));
    let loaded = load_from(&m);
    assert_eq!(loaded.stored.documents.len(), 1);
}

#[test]
fn key_kinds() {
    let cases = [
        (INDEX_KEY, KeyKind::Index),
        (SCHEMA_KEY, KeyKind::Schema),
        (SCHEMA_HISTORY_KEY, KeyKind::SchemaHistory),
        ("postil/v1/doc/a/b", KeyKind::Document("a/b")),
        ("postil/v1/ann/x", KeyKind::Annotations("x")),
        ("postil/v1/history/x", KeyKind::History("x")),
        ("postil/v1/backup/ann/x@1", KeyKind::Other),
        ("other-site-key", KeyKind::Other),
    ];
    for (key, want) in cases {
        assert_eq!(key_kind(key), want, "{key}");
    }
}

#[test]
fn backup_keys_are_distinct_and_versioned() {
    assert_eq!(
        backup_key("postil/v1/ann/x", 17),
        "postil/v1/backup/ann/x@17"
    );
    assert_ne!(backup_key(INDEX_KEY, 1), backup_key(INDEX_KEY, 2));
}

/// localStorage as the foundation (layout 1) left it: a real dump from that build, with the
/// sample labeled, a document label set, and a second document imported with notes, emoji and
/// a done mark.
fn layout1_fixture() -> BTreeMap<String, String> {
    let raw = include_str!("fixtures/store-v1.json");
    serde_json::from_str(raw).expect("the fixture is a JSON object of strings")
}

/// Runs a migration plan the way the app does: copy, then remove.
fn migrate(
    local: &mut BTreeMap<String, String>,
    texts: &mut std::collections::HashMap<String, String>,
) -> TextMigration {
    let pairs: Vec<(String, String)> = local.clone().into_iter().collect();
    let plan = plan_text_migration(&pairs, texts, 1_700_000_000_000);
    texts.extend(plan.copy.iter().cloned());
    for k in &plan.remove_local {
        local.remove(k);
    }
    plan
}

fn load_split(
    local: &BTreeMap<String, String>,
    texts: &std::collections::HashMap<String, String>,
) -> Loaded {
    let keys: Vec<String> = local.keys().chain(texts.keys()).cloned().collect();
    // As the app reads: a text from IndexedDB first, then localStorage.
    load(&keys, |k| texts.get(k).or_else(|| local.get(k)).cloned())
}

#[test]
fn layout1_store_migrates_its_texts_without_loss() {
    let v1 = layout1_fixture();
    let before = load_from(&v1);
    assert!(before.corrupt.is_empty(), "{:?}", before.corrupt);
    let ws = &before.stored;
    assert_eq!(ws.documents.len(), 2);
    assert_eq!(ws.documents[0].annotations.len(), 2);
    let cafe = &ws.documents[1];
    assert_eq!(cafe.document.title(), "Talks in a café ☕");
    assert!(cafe.annotations.done());
    assert_eq!(
        cafe.annotations
            .iter()
            .map(|a| a.note.as_str())
            .collect::<Vec<_>>(),
        ["", "Foreign minister"]
    );

    let mut local = v1.clone();
    let mut texts = std::collections::HashMap::new();
    let plan = migrate(&mut local, &mut texts);
    assert_eq!(plan.copy.len(), 2);
    assert!(
        local.keys().all(|k| !is_text_key(k)),
        "no text is left in localStorage"
    );
    assert_eq!(texts.len(), 2);

    let after = load_split(&local, &texts);
    assert!(after.corrupt.is_empty());
    assert!(!after.first_start);
    assert_eq!(after.stored, before.stored);

    // Running it again (a second start) moves nothing.
    assert_eq!(migrate(&mut local, &mut texts), TextMigration::default());
}

#[test]
fn migration_interrupted_after_the_copy_finishes_on_the_next_start() {
    let v1 = layout1_fixture();
    let mut texts: std::collections::HashMap<String, String> = v1
        .iter()
        .filter(|(k, _)| is_text_key(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    // Copied, but the tab closed before localStorage was cleared: both hold the texts.
    let both = load_split(&v1, &texts);
    assert_eq!(both.stored, load_from(&v1).stored);
    let mut local = v1.clone();
    let plan = migrate(&mut local, &mut texts);
    assert!(plan.copy.is_empty());
    assert_eq!(plan.remove_local.len(), 2);

    // A text that differs is kept under a backup key, never dropped.
    let mut local = v1.clone();
    let key = doc_key("talks-cafe");
    texts.insert(
        key.clone(),
        document_json(&Document::new("talks-cafe", "T", "Other text")),
    );
    let plan = migrate(&mut local, &mut texts);
    assert_eq!(plan.copy.len(), 1);
    assert!(plan.copy[0]
        .0
        .starts_with("postil/v1/backup/doc/talks-cafe@"));
    assert_eq!(&plan.copy[0].1, &v1[&key]);
}

#[test]
fn what_the_journal_put_back_is_named_for_the_user() {
    use postil_core::store;
    let doc = Document::new("kabul", "Kabul talks", "Kabul talks\n\nThe envoys met.");
    let texts: std::collections::HashMap<String, String> =
        [(store::doc_key("kabul"), store::document_json(&doc))]
            .into_iter()
            .collect();
    let from = "put back from the copy kept in IndexedDB (this browser had lost it from localStorage, as a crash or a killed browser can).";
    let sample_title = postil_core::sample::sample_document().title().to_string();
    for (key, says) in [
        (
            store::annotations_key("kabul"),
            "Your latest changes to “Kabul talks” were ".to_string(),
        ),
        // The sample's text is built in: its title all the same.
        (
            store::annotations_key(postil_core::sample::SAMPLE_ID),
            format!("Your latest changes to “{sample_title}” were "),
        ),
        // A text that is not there: the document's id.
        (
            store::annotations_key("gone"),
            "Your latest changes to “gone” were ".to_string(),
        ),
        (
            store::SCHEMA_KEY.to_string(),
            "Your latest changes to the labels were ".to_string(),
        ),
        (
            store::INDEX_KEY.to_string(),
            "The list of documents was ".to_string(),
        ),
        (
            store::SETTINGS_KEY.to_string(),
            "Your name for exports was ".to_string(),
        ),
    ] {
        assert_eq!(
            store::restored_sentence(&key, &texts),
            format!("{says}{from}"),
            "{key}"
        );
    }
}
