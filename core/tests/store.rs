//! Browser storage: what is saved loads back, unreadable values are reported and the rest kept,
//! and the limits on stored undo histories.

use postil_core::annotation::Overlaps;
use postil_core::edit::label_span;
use postil_core::history::History;
use postil_core::native::AnnotatedDocument;
use postil_core::sample::SAMPLE_ID;
use postil_core::store::*;
use postil_core::{AnnotationId, AnnotationSet, Document, Span};
use std::collections::BTreeMap;

fn save(ws: &Workspace) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    let ids: Vec<&str> = ws.documents.iter().map(|d| d.document.id()).collect();
    m.insert(INDEX_KEY.into(), index_json(&ids, ids[ws.current]));
    m.insert(SCHEMA_KEY.into(), schema_json(&ws.schema));
    for d in &ws.documents {
        m.insert(doc_key(d.document.id()), document_json(&d.document));
        m.insert(
            annotations_key(d.document.id()),
            annotations_json(&d.annotations),
        );
    }
    m
}

fn load_from(m: &BTreeMap<String, String>) -> Loaded {
    let keys: Vec<String> = m.keys().cloned().collect();
    load(&keys, |k| m.get(k).cloned())
}

fn labeled_workspace() -> Workspace {
    let mut ws = Workspace::fresh();
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
    assert_eq!(loaded.workspace, Workspace::fresh());
    assert_eq!(loaded.workspace.documents[0].document.id(), SAMPLE_ID);
}

#[test]
fn saved_workspace_loads_back_the_same() {
    let ws = labeled_workspace();
    let loaded = load_from(&save(&ws));
    assert!(!loaded.first_start);
    assert!(loaded.corrupt.is_empty(), "{:?}", loaded.corrupt);
    assert_eq!(loaded.workspace, ws);
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
        let ws = &loaded.workspace;
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
    m.insert(INDEX_KEY.into(), index_json(&["second"], "second"));
    m.insert(doc_key("second"), "garbage".into());
    m.remove(&doc_key(SAMPLE_ID));
    let loaded = load_from(&m);
    assert_eq!(loaded.corrupt.len(), 1);
    let ws = &loaded.workspace;
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
    let json = history_json(&history);
    assert!(json.len() <= HISTORY_MAX_BYTES, "{}", json.len());
    let back: History<DocEdit> = parse_history(&json).unwrap();
    assert_eq!(back.undo_seq(), Some(10), "the newest step is kept");
    assert!(
        back.max_seq() == 10 && back != history,
        "older steps were left out"
    );
}

#[test]
fn documents_missing_from_the_index_are_still_loaded() {
    let mut m = save(&labeled_workspace());
    m.insert(INDEX_KEY.into(), index_json(&[SAMPLE_ID], SAMPLE_ID));
    let loaded = load_from(&m);
    let ids: Vec<&str> = loaded
        .workspace
        .documents
        .iter()
        .map(|d| d.document.id())
        .collect();
    assert_eq!(ids, vec![SAMPLE_ID, "second"]);
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
