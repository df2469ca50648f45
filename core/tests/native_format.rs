//! The native format, version 1: export, import, round trips and every rejection, on text where
//! code points, UTF-16 units and bytes all disagree.

use postil_core::corpus::AnnotatedDocument;
use postil_core::edit::label_span;
use postil_core::formats::native::{export, import, ImportError};
use postil_core::{AnnotationSet, Document, LabelSchema, Overlaps, Span};
use proptest::prelude::*;

/// Text with emoji (a ZWJ family and a flag), CJK, a combining mark, right-to-left script and
/// CRLF line ends: every way UTF-8, UTF-16 and code point offsets disagree.
const TRICKY: &str = "Family 👨‍👩‍👧 in 🇵🇰 Lahore\r\n\r\nCafe\u{301} talks in 北京 with שלום.\r\n";

fn doc_with(text: &str, spans: &[(u32, u32, &str)]) -> (Document, AnnotationSet) {
    let doc = Document::new("doc-1", "", text);
    let mut set = AnnotationSet::new(doc.char_len());
    for (s, e, l) in spans {
        set.run(|set| label_span(set, Span::new(*s, *e), l, Overlaps::Allowed))
            .unwrap();
    }
    (doc, set)
}

fn export_one(text: &str, spans: &[(u32, u32, &str)]) -> String {
    let (doc, set) = doc_with(text, spans);
    export(&LabelSchema::default_ner(), [(&doc, &set)])
}

/// Python's `text[start:end]`: slicing by code points.
fn py_slice(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

#[test]
fn export_states_unit_and_covered_text_that_python_slicing_reproduces() {
    // 👨‍👩‍👧 is 5 code points (3 people, 2 joiners); 🇵🇰 is 2.
    let json = export_one(
        TRICKY,
        &[
            (7, 12, "MISC"),
            (16, 18, "GPE"),
            (19, 25, "GPE"),
            (44, 46, "GPE"),
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["format"], "postil");
    assert_eq!(v["version"], 3);
    assert_eq!(v["offset_unit"], "codepoint");
    let doc = &v["documents"][0];
    let text = doc["text"].as_str().unwrap();
    let got: Vec<(String, String)> = doc["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let (s, e) = (a["start"].as_u64().unwrap(), a["end"].as_u64().unwrap());
            (
                py_slice(text, s, e),
                a["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = ["👨‍👩‍👧", "🇵🇰", "Lahore", "北京"];
    assert_eq!(got.len(), want.len());
    for ((sliced, stated), want) in got.iter().zip(want) {
        assert_eq!(sliced, want);
        assert_eq!(stated, want);
    }
    assert!(json.ends_with("}\n"));
}

#[test]
fn round_trip_keeps_everything() {
    let (doc, set) = doc_with(
        TRICKY,
        &[
            (7, 12, "MISC"),
            (29, 34, "ORG"),
            (44, 46, "GPE"),
            (52, 56, "PERSON"),
        ],
    );
    let schema = LabelSchema::default_ner();
    let json = export(&schema, [(&doc, &set)]);
    let back = import(&json).unwrap();
    assert_eq!(back.schema, schema);
    assert_eq!(
        back.documents,
        vec![AnnotatedDocument {
            document: doc,
            annotations: set
        }]
    );
    // Exporting what was imported gives the same bytes.
    let again = export(
        &back.schema,
        back.documents.iter().map(|d| (&d.document, &d.annotations)),
    );
    assert_eq!(again, json);
}

/// Applies `edit` to the exported JSON of a valid file and returns the import error text.
fn refused(edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let json = export_one(
        "Sergey Lavrov visited Pakistan.",
        &[(0, 13, "PERSON"), (22, 30, "GPE")],
    );
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    edit(&mut v);
    match import(&v.to_string()) {
        Ok(_) => "accepted".into(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn every_rejection_names_what_is_wrong() {
    use serde_json::json;
    type Edit = Box<dyn FnOnce(&mut serde_json::Value)>;
    let cases: Vec<(Edit, &str)> = vec![
        (Box::new(|_| {}), "accepted"),
        (Box::new(|v| v["version"] = json!(7)), "version 7, and this Postil reads versions 1 to 6"),
        (
            Box::new(|v| v["documents"][0]["annotations"][0]["created"] = json!("yesterday")),
            "document “doc-1”, annotation 1: “yesterday” is not a time Postil reads",
        ),
        (Box::new(|v| v["documents"][0]["sha256"] = json!("00ff")), "does not match its SHA-256"),
        (Box::new(|v| v["version"] = json!("1")), "version \"1\""),
        (Box::new(|v| v["format"] = json!("doccano")), "not a Postil file"),
        (Box::new(|v| v["offset_unit"] = json!("utf16")), "counts offsets in “utf16”"),
        (
            Box::new(|v| v["documents"][0]["annotations"][1]["end"] = json!(99)),
            "document “doc-1”, annotation 2: 22–99 is outside the text, which has 31 characters",
        ),
        (
            Box::new(|v| v["documents"][0]["annotations"][0]["start"] = json!(14)),
            "document “doc-1”, annotation 1: 14–13 is outside the text",
        ),
        (
            Box::new(|v| v["documents"][0]["annotations"][0]["text"] = json!("Sergei Lavrov")),
            "document “doc-1”, annotation 1: its text “Sergei Lavrov” does not match the document, which has “Sergey Lavrov” at 0–13",
        ),
        (
            Box::new(|v| v["documents"][0]["annotations"][1]["id"] = json!(1)),
            "document “doc-1”: annotation id 1 is used twice",
        ),
        (
            Box::new(|v| v["documents"][0]["annotations"][1]["label"] = json!("CITY")),
            "document “doc-1”, annotation 2: label “CITY” is not in the file’s labels",
        ),
        (
            Box::new(|v| {
                let mut a = v["documents"][0]["annotations"][1].clone();
                a["id"] = json!(3);
                a["start"] = json!(7);
                a["end"] = json!(21);
                a["text"] = json!("Lavrov visited");
                v["documents"][0]["annotations"].as_array_mut().unwrap().push(a);
                v["allow_overlaps"] = json!(false);
            }),
            "annotation 3: it overlaps annotation 1, and the file’s schema does not allow overlapping spans",
        ),
        (
            Box::new(|v| {
                let d = v["documents"][0].clone();
                v["documents"].as_array_mut().unwrap().push(d);
            }),
            "document “doc-1” appears twice",
        ),
        (Box::new(|v| v["labels"][0]["key"] = json!("pp")), "label “PERSON” has key “pp”"),
        (
            Box::new(|v| v["documents"][0]["document_labels"] = json!({"topic": ["sports"]})),
            "document “doc-1”: document label “topic/sports” is not in the file’s document label sets",
        ),
        (
            Box::new(|v| v["documents"][0]["document_labels"] = json!({"stance": ["positive", "negative"]})),
            "document “doc-1”: “stance” takes one value, and the file gives 2",
        ),
        (
            Box::new(|v| {
                let mut a = v["documents"][0]["annotations"][0].clone();
                a["id"] = json!(9);
                v["documents"][0]["annotations"].as_array_mut().unwrap().push(a);
            }),
            "annotation 9: the same span already has this label (annotation 1)",
        ),
        (Box::new(|v| v["labels"][1]["key"] = json!("p")), "key “p” is used by both “PERSON” and “ORG”"),
        (Box::new(|v| v["labels"][0]["color"] = json!("red")), "colour “red” is not of the form #rrggbb"),
        (
            Box::new(|v| v["documents"][0].as_object_mut().unwrap().remove("text").map(|_| ()).unwrap()),
            "does not have the shape of a Postil file (missing field `text`",
        ),
        (Box::new(|v| v["documents"][0]["annotations"][0]["start"] = json!(-1)), "shape"),
    ];
    for (edit, want) in cases {
        let got = refused(edit);
        assert!(got.contains(want), "got {got:?}\nwant {want:?}");
    }
}

#[test]
fn several_problems_are_all_reported() {
    let got = refused(|v| {
        v["documents"][0]["annotations"][0]["label"] = serde_json::json!("A");
        v["documents"][0]["annotations"][1]["label"] = serde_json::json!("B");
    });
    assert!(got.starts_with("the file has 2 problems: "), "{got}");
    assert!(got.contains("“A”") && got.contains("“B”"), "{got}");
}

#[test]
fn not_json_says_where() {
    let err = import("{\"format\": \"postil\",\n  \"version\": 1,,}")
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with("the file is not valid JSON (") && err.contains("line 2"),
        "{err}"
    );
    assert!(import("")
        .unwrap_err()
        .to_string()
        .contains("not valid JSON"));
    assert_eq!(import("[1,2]").unwrap_err(), ImportError::NotPostil);
}

proptest! {
    /// Any text (any Unicode, any line ends) with spans on its tokens survives the round trip,
    /// and every exported span's code point slice equals its stated text.
    #[test]
    fn round_trip_on_generated_text(text in "\\PC{0,60}(\r\n|\n)?\\PC{0,40}", picks in prop::collection::vec(any::<prop::sample::Index>(), 0..8)) {
        let doc = Document::new("gen", "", text.clone());
        let mut set = AnnotationSet::new(doc.char_len());
        let tokens = doc.tokens().to_vec();
        if !tokens.is_empty() {
            for (i, pick) in picks.iter().enumerate() {
                let t = tokens[pick.index(tokens.len())];
                let _ = set.run(|s| label_span(s, t, ["PERSON", "GPE", "ORG"][i % 3], Overlaps::Allowed));
            }
        }
        let json = export(&LabelSchema::default_ner(), [(&doc, &set)]);
        let back = import(&json).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&back.documents[0].annotations, &set);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        for a in v["documents"][0]["annotations"].as_array().unwrap() {
            let s = py_slice(&text, a["start"].as_u64().unwrap(), a["end"].as_u64().unwrap());
            prop_assert_eq!(s.as_str(), a["text"].as_str().unwrap());
        }
    }
}

#[test]
fn version_1_files_still_import() {
    let v1 = r##"{"format": "postil", "version": 1, "offset_unit": "codepoint",
        "labels": [{"name": "PERSON", "color": "#ffd3a8", "key": "p"}],
        "documents": [{"id": "d", "title": "T", "text": "Sergey Lavrov spoke.",
            "annotations": [{"id": 1, "start": 0, "end": 13, "label": "PERSON", "text": "Sergey Lavrov"}]}]}"##;
    let file = import(v1).unwrap();
    assert_eq!(file.documents[0].annotations.len(), 1);
    assert_eq!(file.schema.overlaps(), Overlaps::Allowed);
    assert!(file.schema.doc_sets().is_empty());
}

#[test]
fn notes_document_labels_and_overlaps_round_trip() {
    use postil_core::edit::{set_doc_labels, set_note};
    use postil_core::DocLabels;
    let doc = Document::new("d", "", "Wilson Center in Washington said so.");
    let mut set = AnnotationSet::new(doc.char_len());
    let org = set
        .run(|s| label_span(s, Span::new(0, 27), "ORG", Overlaps::Allowed))
        .unwrap();
    set.run(|s| label_span(s, Span::new(17, 27), "GPE", Overlaps::Allowed))
        .unwrap();
    let id = org.subject().unwrap();
    set.run(|s| set_note(s, id, "think-tank, “quoted”"))
        .unwrap();
    let mut labels = DocLabels::new();
    labels
        .entry("topic".into())
        .or_default()
        .insert("politics".into());
    set.run(|s| set_doc_labels(s, labels)).unwrap();
    set.run(|s| postil_core::edit::set_done(s, true)).unwrap();
    let json = export(&LabelSchema::default_ner(), [(&doc, &set)]);
    assert!(
        json.contains("\"note\": \"think-tank, “quoted”\""),
        "{json}"
    );
    assert!(json.contains("\"document_labels\": {"), "{json}");
    assert!(json.contains("\"done\": true"), "{json}");
    let back = import(&json).unwrap();
    assert_eq!(back.documents[0].annotations, set);
}

#[test]
fn exports_are_deterministic_sorted_and_checksummed() {
    use postil_core::formats::native::{export_by, text_sha256};
    let doc = Document::new("d", "Title", "Title\n\nQureshi met Lavrov in Islamabad.");
    let mut set = AnnotationSet::new(doc.char_len());
    // Made out of reading order: the export sorts them.
    for (s, e, l) in [
        (30, 39, "GPE"),
        (7, 25, "ORG"),
        (19, 25, "PERSON"),
        (7, 14, "PERSON"),
    ] {
        set.run(|x| postil_core::edit::label_span(x, Span::new(s, e), l, Overlaps::Allowed))
            .unwrap();
    }
    let schema = LabelSchema::default_ner();
    let a = export_by(&schema, [(&doc, &set)], Some("  Ada "));
    let b = export_by(&schema, [(&doc, &set)], Some("Ada"));
    assert_eq!(a, b, "the same work gives the same bytes");
    let v: serde_json::Value = serde_json::from_str(&a).unwrap();
    assert_eq!(v["annotator"], "Ada");
    let d = &v["documents"][0];
    assert_eq!(d["sha256"], text_sha256(doc.text()));
    assert_eq!(d["status"], "in progress");
    let order: Vec<(u64, u64, &str)> = d["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["start"].as_u64().unwrap(),
                x["end"].as_u64().unwrap(),
                x["label"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        order,
        [
            (7, 14, "PERSON"),
            (7, 25, "ORG"),
            (19, 25, "PERSON"),
            (30, 39, "GPE")
        ]
    );
    // Keys in sorted order at every level (checked on the text, as `git diff` sees it).
    let top: Vec<&str> = [
        "\"allow_overlaps\"",
        "\"annotator\"",
        "\"document_label_sets\"",
        "\"documents\"",
        "\"format\"",
        "\"labels\"",
        "\"offset_unit\"",
        "\"version\"",
    ]
    .to_vec();
    let at: Vec<usize> = top.iter().map(|k| a.find(k).unwrap()).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{a}");
    // The SHA-256 of known bytes.
    assert_eq!(
        text_sha256("abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    // And it reads back the same.
    let back = import(&a).unwrap();
    assert_eq!(back.documents[0].annotations, set);
}
