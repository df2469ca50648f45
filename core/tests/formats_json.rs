//! The JSON exchange formats (doccano JSONL, Label Studio, W3C Web Annotation) both ways,
//! through the public API only. Offsets are Unicode scalar values (Python `str` indices), spans
//! half-open.

use postil_core::annotation::{Annotation, AnnotationId, AnnotationSet, Overlaps};
use postil_core::article::normalize;
use postil_core::corpus::Corpus;
use postil_core::formats::{doccano, label_studio, w3c, Exported, FormatError, Imported};
use postil_core::{Document, LabelSchema, Span};
use proptest::prelude::*;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

/// A span as a file holds it: the document's text, start, end, and the quoted text if the
/// format quotes it.
type FileSpan = (String, u32, u32, Option<String>);

/// One format's three functions, so every test runs on each.
struct Format {
    name: &'static str,
    export: fn(Corpus) -> Exported,
    import: fn(&str, &[u8]) -> Result<Imported, FormatError>,
    looks_like: fn(&[u8]) -> bool,
    holds_notes: bool,
    /// Every span in an exported file, read with serde_json as any other program would.
    spans: fn(&[u8]) -> Vec<FileSpan>,
}

const FORMATS: &[Format] = &[
    Format {
        name: "doccano",
        export: doccano::export,
        import: doccano::import,
        looks_like: doccano::looks_like,
        holds_notes: false,
        spans: doccano_spans,
    },
    Format {
        name: "label_studio",
        export: label_studio::export,
        import: label_studio::import,
        looks_like: label_studio::looks_like,
        holds_notes: true,
        spans: label_studio_spans,
    },
    Format {
        name: "w3c",
        export: w3c::export,
        import: w3c::import,
        looks_like: w3c::looks_like,
        holds_notes: true,
        spans: w3c_spans,
    },
];

fn doccano_spans(bytes: &[u8]) -> Vec<FileSpan> {
    let text = std::str::from_utf8(bytes).unwrap();
    let mut out = Vec::new();
    for line in text.lines() {
        let line: Value = serde_json::from_str(line).unwrap();
        let doc = line["text"].as_str().unwrap().to_string();
        for label in line["label"].as_array().unwrap() {
            let (s, e) = (label[0].as_u64().unwrap(), label[1].as_u64().unwrap());
            out.push((doc.clone(), s as u32, e as u32, None));
        }
    }
    out
}

fn label_studio_spans(bytes: &[u8]) -> Vec<FileSpan> {
    let tasks: Value = serde_json::from_slice(bytes).unwrap();
    let mut out = Vec::new();
    for task in tasks.as_array().unwrap() {
        let doc = task["data"]["text"].as_str().unwrap().to_string();
        for result in task["annotations"][0]["result"].as_array().unwrap() {
            if result["type"] != "labels" {
                continue;
            }
            let value = &result["value"];
            let (s, e) = (
                value["start"].as_u64().unwrap(),
                value["end"].as_u64().unwrap(),
            );
            let quote = value["text"].as_str().map(String::from);
            out.push((doc.clone(), s as u32, e as u32, quote));
        }
    }
    out
}

fn w3c_spans(bytes: &[u8]) -> Vec<FileSpan> {
    let collection: Value = serde_json::from_slice(bytes).unwrap();
    let texts: std::collections::HashMap<&str, &str> = collection["dcterms:references"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap(),
                d["schema:text"].as_str().unwrap(),
            )
        })
        .collect();
    let mut out = Vec::new();
    for item in collection["first"]["items"].as_array().unwrap() {
        let target = &item["target"];
        let doc = texts[target["source"].as_str().unwrap()].to_string();
        let selectors = target["selector"].as_array().unwrap();
        let of = |kind: &str| selectors.iter().find(|s| s["type"] == kind).unwrap();
        let position = of("TextPositionSelector");
        let (s, e) = (
            position["start"].as_u64().unwrap(),
            position["end"].as_u64().unwrap(),
        );
        let quote = of("TextQuoteSelector");
        let before = py_slice(&doc, (s as u32).saturating_sub(32), s as u32);
        let after: String = doc.chars().skip(e as usize).take(32).collect();
        assert_eq!(quote["prefix"].as_str().unwrap_or(""), before);
        assert_eq!(quote["suffix"].as_str().unwrap_or(""), after);
        out.push((
            doc,
            s as u32,
            e as u32,
            quote["exact"].as_str().map(String::from),
        ));
    }
    out
}

/// Python's `text[start:end]`.
fn py_slice(text: &str, start: u32, end: u32) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

/// The `char` span of the `nth` occurrence of `needle` in `text`.
fn span_of(text: &str, needle: &str, nth: usize) -> Span {
    let (byte, _) = text.match_indices(needle).nth(nth).expect(needle);
    let start = text[..byte].chars().count() as u32;
    Span::new(start, start + needle.chars().count() as u32)
}

/// (id, title, text, [(covered text, label, note)])
type Spec = (
    &'static str,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str, &'static str)],
);

/// Texts that count differently in bytes, UTF-16 units and `char`s, or that normalising
/// changes (CRLF).
const TEXTS: &[Spec] = &[
    (
        "family",
        "Family trip",
        "Family trip\n\nThe family 👩‍👩‍👧 flew to 🇵🇰 Lahore, then to Karachi.",
        &[
            ("👩‍👩‍👧", "MISC", "a ZWJ sequence: five chars"),
            ("🇵🇰", "GPE", ""),
            ("Lahore", "GPE", "after the flag"),
            ("Karachi", "GPE", ""),
        ],
    ),
    (
        "beijing",
        "北京会谈",
        "北京会谈\n\n中国和巴基斯坦在北京举行会谈。",
        &[("北京", "GPE", "北京"), ("巴基斯坦", "GPE", "")],
    ),
    (
        "marks",
        "Zoë and x́",
        "Zoë and x́\n\nThe letter x́ keeps its combining accent; Zoë does not need one. नमस्ते दुनिया.",
        &[
            ("x́", "MISC", ""),
            ("Zoë", "PERSON", "precomposed"),
            ("नमस्ते", "MISC", ""),
        ],
    ),
    (
        "rtl",
        "Right to left",
        "Right to left\n\nقال محمد إن اللقاء في القاهرة. אמר דוד שלום בירושלים.",
        &[
            ("محمد", "PERSON", "Arabic"),
            ("القاهرة", "GPE", ""),
            ("דוד", "PERSON", "Hebrew"),
            ("ירושלים", "GPE", ""),
        ],
    ),
    (
        "crlf",
        "Lines with CRLF",
        "Lines with CRLF\r\n\r\nLavrov met Qureshi\r\nin Islamabad on Tuesday.",
        &[
            ("Lavrov", "PERSON", ""),
            ("Qureshi\r\nin Islamabad", "MISC", "spans a line break"),
            ("Islamabad", "GPE", "note with \"quotes\" and a\nline break"),
        ],
    ),
    (
        "empty",
        "No labels",
        "No labels\n\nNothing here is labelled.",
        &[],
    ),
];

fn annotated(spec: &Spec) -> (Document, AnnotationSet) {
    let (id, title, text, spans) = *spec;
    let document = Document::new(id, title, text);
    let items = spans
        .iter()
        .enumerate()
        .map(|(i, (covered, label, note))| Annotation {
            created: None,
            attributes: Default::default(),
            id: AnnotationId(i as u32 + 1),
            span: span_of(text, covered, 0),
            label: label.to_string(),
            note: note.to_string(),
        })
        .collect();
    let set = AnnotationSet::from_parts(document.char_len(), items, 1, Overlaps::Allowed)
        .expect("valid spans");
    (document, set)
}

/// (start, end, label, note) of a document's spans, carried into its normalised text, sorted.
fn expected(
    document: &Document,
    set: &AnnotationSet,
    notes: bool,
) -> Vec<(u32, u32, String, String)> {
    let map = normalize(document.text()).map;
    let mut out: Vec<_> = set
        .iter()
        .map(|a| {
            (
                map.map(a.span.start).expect("start survives normalising"),
                map.map(a.span.end).expect("end survives normalising"),
                a.label.clone(),
                if notes { a.note.clone() } else { String::new() },
            )
        })
        .collect();
    out.sort();
    out
}

fn got(article: &postil_core::article::Article, notes: bool) -> Vec<(u32, u32, String, String)> {
    let mut out: Vec<_> = article
        .annotations
        .iter()
        .enumerate()
        .map(|(i, (s, e, l))| {
            let note = if notes {
                article.notes.get(i).cloned().unwrap_or_default()
            } else {
                String::new()
            };
            (*s, *e, l.clone(), note)
        })
        .collect();
    out.sort();
    out
}

/// Exports the documents, checks every span against the text as Python would slice it, imports
/// the file back and checks texts, titles, spans and notes.
fn round_trip(format: &Format, docs: &[(Document, AnnotationSet)], check_titles: bool) {
    let schema = LabelSchema::default_ner();
    let refs: Vec<(&Document, &AnnotationSet)> = docs.iter().map(|(d, s)| (d, s)).collect();
    let corpus = Corpus {
        schema: &schema,
        documents: &refs,
    };
    let exported = (format.export)(corpus);
    assert_eq!(
        (format.export)(corpus),
        exported,
        "{}: the same corpus exports the same bytes",
        format.name
    );
    assert!((format.looks_like)(&exported.bytes), "{}", format.name);
    let notes = docs
        .iter()
        .flat_map(|(_, s)| s.iter())
        .any(|a| !a.note.is_empty());
    assert_eq!(
        exported.dropped.iter().any(|d| d.contains("note")),
        notes && !format.holds_notes,
        "{}: {:?}",
        format.name,
        exported.dropped
    );
    let spans = (format.spans)(&exported.bytes);
    assert_eq!(
        spans.len(),
        docs.iter().map(|(_, s)| s.len()).sum::<usize>(),
        "{}",
        format.name
    );
    for (text, start, end, quote) in &spans {
        let covered = py_slice(text, *start, *end);
        let doc = docs
            .iter()
            .find(|(d, _)| d.text() == text)
            .expect("a document's text");
        assert!(
            doc.1.iter().any(|a| a.span == Span::new(*start, *end)
                && doc.0.slice(a.span) == Some(covered.as_str())),
            "{}: [{start}, {end}) in {text:?}",
            format.name
        );
        if let Some(quote) = quote {
            assert_eq!(*quote, covered, "{}", format.name);
        }
    }
    let imported =
        (format.import)("file", &exported.bytes).unwrap_or_else(|e| panic!("{}: {e}", format.name));
    assert_eq!(imported.articles.len(), docs.len(), "{}", format.name);
    for ((document, set), article) in docs.iter().zip(&imported.articles) {
        assert_eq!(
            article.text,
            normalize(document.text()).text,
            "{}",
            format.name
        );
        if check_titles {
            assert_eq!(article.title, document.title(), "{}", format.name);
        }
        assert_eq!(
            article.id_hint.as_deref(),
            Some(document.id()),
            "{}",
            format.name
        );
        assert_eq!(
            got(article, format.holds_notes),
            expected(document, set, format.holds_notes),
            "{}: {}",
            format.name,
            document.id()
        );
    }
}

#[test]
fn every_format_round_trips_emoji_cjk_marks_rtl_and_crlf() {
    let docs: Vec<_> = TEXTS.iter().map(annotated).collect();
    for format in FORMATS {
        round_trip(format, &docs, true);
    }
}

#[test]
fn exports_do_not_depend_on_the_order_annotations_were_made_in() {
    let (document, set) = annotated(&TEXTS[0]);
    let reversed: Vec<Annotation> = set
        .as_slice()
        .iter()
        .rev()
        .enumerate()
        .map(|(i, a)| Annotation {
            id: AnnotationId(40 + i as u32),
            ..a.clone()
        })
        .collect();
    let other =
        AnnotationSet::from_parts(document.char_len(), reversed, 1, Overlaps::Allowed).unwrap();
    let schema = LabelSchema::default_ner();
    for format in FORMATS {
        let one = [(&document, &set)];
        let two = [(&document, &other)];
        let a = (format.export)(Corpus {
            schema: &schema,
            documents: &one,
        });
        let b = (format.export)(Corpus {
            schema: &schema,
            documents: &two,
        });
        assert_eq!(a.bytes, b.bytes, "{}", format.name);
    }
}

#[test]
fn sniffers_tell_the_json_files_apart() {
    let native = br#"{"format": "postil", "version": 2, "documents": []}"#;
    let spacy = br#"[["Lavrov met Qureshi.", {"entities": [[0, 6, "PERSON"]]}]]"#;
    let doccano_line = br#"{"id": 1, "text": "Lavrov met Qureshi.", "label": [[0, 6, "PER"]]}"#;
    let label_studio = br#"[{"id": 1, "data": {"text": "Lavrov"}, "annotations": []}]"#;
    let w3c_collection =
        br#"{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection"}"#;
    let w3c_array = br#"[{"type": "Annotation", "target": "urn:x"}]"#;
    let files: [(&str, &[u8]); 6] = [
        ("native", native),
        ("spacy", spacy),
        ("doccano", doccano_line),
        ("label_studio", label_studio),
        ("w3c", w3c_collection),
        ("w3c", w3c_array),
    ];
    for format in FORMATS {
        for (owner, bytes) in files {
            assert_eq!(
                (format.looks_like)(bytes),
                owner == format.name,
                "{} on {owner}",
                format.name
            );
        }
    }
}

fn problems(result: Result<Imported, FormatError>) -> Vec<String> {
    match result {
        Err(FormatError::Problems { problems, .. }) => {
            problems.iter().map(ToString::to_string).collect()
        }
        other => panic!("expected problems, got {other:?}"),
    }
}

#[test]
fn doccano_reads_the_entities_shape_and_its_relations() {
    let file = concat!(
        r#"{"id": 7, "text": "Lavrov met Qureshi in 🇵🇰 Islamabad.", "entities": [{"id": 1, "label": "PER", "start_offset": 0, "end_offset": 6}, {"id": 2, "label": "PER", "start_offset": 11, "end_offset": 18}, {"id": 3, "label": "LOC", "start_offset": 25, "end_offset": 34}], "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "met"}, {"id": 2, "from_id": 2, "to_id": 3, "type": "in"}]}"#,
        "\n",
        r#"{"text": "No relations here.", "entities": [], "relations": []}"#,
        "\n"
    );
    let imported = doccano::import("corpus.jsonl", file.as_bytes()).unwrap();
    assert_eq!(
        imported.articles[0].annotations,
        vec![
            (0, 6, "PER".to_string()),
            (11, 18, "PER".to_string()),
            (25, 34, "LOC".to_string())
        ]
    );
    assert_eq!(imported.articles[0].source, "corpus.jsonl line 1");
    assert_eq!(imported.articles[0].id_hint.as_deref(), Some("7"));
    assert!(imported.skipped.is_empty(), "{:?}", imported.skipped);
    let links: Vec<(usize, usize, &str)> = (imported.articles[0].relations.iter())
        .map(|l| (l.from, l.to, l.kind.as_str()))
        .collect();
    assert_eq!(links, [(0, 1, "met"), (1, 2, "in")]);
    // The same reader serves `.jsonl` files dropped on the app.
    match postil_core::jobs::read("corpus.jsonl", file.as_bytes()) {
        postil_core::jobs::Answer::Read {
            articles, skipped, ..
        } => {
            assert_eq!((articles, skipped), (imported.articles, imported.skipped));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn doccano_names_every_bad_line() {
    let file = [
        r#"{"text": "Fine.", "label": [[0, 4, "X"]]}"#,
        r#"{"text": "abc", "entities": [{"label": "X", "start_offset": 2, "end_offset": 9}, {"label": "X"}]}"#,
        r#"{"text": "abc", "entities": {}, "relations": 3}"#,
        "not json",
    ]
    .join("\n");
    assert_eq!(
        problems(doccano::import("c.jsonl", file.as_bytes())),
        [
            "line 2: label [2, 9) is outside the text (3 characters)",
            "line 2: entity 2 is not {\"label\": \"LABEL\", \"start_offset\": start, \"end_offset\": end} with whole-number offsets",
            "line 3: \"entities\" is not a list of labels",
            "line 3: \"relations\" is not a list",
            "line 4: not valid JSON (expected ident at column 2)",
        ]
    );
    assert!(matches!(
        doccano::import("c.jsonl", b"\n \n"),
        Err(FormatError::NotThisFormat { .. })
    ));
    assert!(matches!(
        doccano::import("c.jsonl", b"\xff\xfe"),
        Err(FormatError::NotThisFormat { .. })
    ));
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Labelled spans as the text they cover and the label's name.
type Covered = &'static [(&'static str, &'static str)];
type Pair = (u32, u32);

#[test]
fn jsonl_offsets_survive_normalisation() {
    let file = fixture("corpus.jsonl");
    let articles = doccano::import("corpus.jsonl", file.as_bytes())
        .expect("valid file")
        .articles;
    // (source, id, title, [(covered text, label)])
    let want: &[(&str, Option<&str>, &str, Covered)] = &[
        (
            "corpus.jsonl line 1",
            Some("17"),
            "Sergey Lavrov met Shah Mahmood Qureshi in Islamabad.",
            &[
                ("Sergey Lavrov", "PER"),
                ("Shah Mahmood Qureshi", "PER"),
                ("Islamabad", "LOC"),
            ],
        ),
        (
            // CRLF becomes LF and "re\u{301}" becomes "ré": later offsets shift by one, then two.
            "corpus.jsonl line 3",
            Some("b-2"),
            "Talks in Beijing",
            &[
                ("北京", "LOC"),
                ("caf\u{e9}", "MISC"),
                ("r\u{e9}opened", "MISC"),
            ],
        ),
        (
            // Emoji (a ZWJ family, a flag) need no normalising: offsets stay as written.
            "corpus.jsonl line 4",
            None,
            "A family trip",
            &[("👨‍👩‍👧", "MISC"), ("🇵🇰", "LOC"), ("Lahore", "LOC")],
        ),
        (
            "corpus.jsonl line 5",
            None,
            "No labels at all, and a first line that is long enough to need cutting when it becomes the title of the article, even…",
            &[],
        ),
    ];
    assert_eq!(articles.len(), want.len());
    for (article, (source, id, title, labels)) in articles.iter().zip(want) {
        assert_eq!(article.source, *source);
        assert_eq!(article.id_hint.as_deref(), *id, "{source}");
        assert_eq!(article.title, *title, "{source}");
        let covered: Vec<(String, &str)> = article
            .annotations
            .iter()
            .map(|(s, e, l)| (py_slice(&article.text, *s, *e), l.as_str()))
            .collect();
        let labels: Vec<(String, &str)> = labels.iter().map(|(t, l)| (t.to_string(), *l)).collect();
        assert_eq!(covered, labels, "{source}");
        assert!(!article.text.contains('\r'));
        assert_eq!(article.text, article.text.nfc().collect::<String>());
    }
    assert_eq!(articles[1].annotations[1].0, 23, "offsets moved");
    assert_eq!(articles[2].annotations[2], (19, 25, "LOC".to_string()));
}

#[test]
fn jsonl_refuses_the_whole_file_and_names_every_bad_line() {
    let lines = [
        r#"{"text": "Good line.", "label": [[0, 4, "X"]]}"#,
        r#"{"text": "bad json" "label": []}"#,
        r#"{"label": [[0, 1, "X"]]}"#,
        r#"{"text": "Thirty-eight characters long, exactly.", "label": [[40, 45, "X"], [3, 3, "X"], [5, 2, "X"]]}"#,
        r#"{"text": "abc", "label": [[0, 1, ""], [0, 1], [-1, 2, "X"]]}"#,
        "",
        r#"{"text": "a\r\nb", "label": [[0, 2, "X"]]}"#,
        r#"{"text": "cafe\u0301", "label": [[0, 4, "X"]]}"#,
        r#"{"text": 7}"#,
        r#"[1, 2]"#,
        r#"{"text": "  ", "id": [1]}"#,
        r#"{"text": "x", "labels": "PER", "title": 3}"#,
    ];
    let file = lines.join("\r\n");
    let error = doccano::import("corpus.jsonl", file.as_bytes()).expect_err("bad lines");
    let message = error.to_string();
    let got = problems(Err(error));
    let want = [
        "line 2: not valid JSON (expected `,` or `}` at column 21)",
        "line 3: no \"text\" field (Postil reads the text from \"text\" or \"data\")",
        "line 4: label [40, 45) is outside the text (38 characters)",
        "line 4: label [3, 3) is empty",
        "line 4: label [5, 2) ends before it starts",
        "line 5: label [0, 1) has an empty name",
        "line 5: label 2 is not [start, end, \"LABEL\"] with whole-number offsets",
        "line 5: label 3 is not [start, end, \"LABEL\"] with whole-number offsets",
        "line 7: label [0, 2) ends inside “\\r\\n”, which Postil normalises (a line break \\r\\n, \
         or a letter with combining marks)",
        "line 8: label [0, 4) ends inside “e\\u{301}”, which Postil normalises (a line break \
         \\r\\n, or a letter with combining marks)",
        "line 9: \"text\" is not a string",
        "line 10: not a JSON object",
        "line 11: the text is empty",
        "line 11: \"id\" is not a string or a number",
        "line 12: \"title\" is not a string",
        "line 12: \"labels\" is not a list of labels",
    ];
    assert_eq!(got, want);
    assert!(
        message.starts_with("16 problems in this doccano JSONL file: line 2:"),
        "{message}"
    );
    for line in want {
        assert!(message.contains(line), "{line} missing from {message}");
    }
}

#[test]
fn a_label_boundary_may_sit_at_either_end_of_a_changed_sequence() {
    // "a\r\nb" → "a\nb"; "e\u{301}" → "é".
    // (text as JSON, span as written, span in the normalised text)
    let cases: &[(&str, Pair, Pair)] = &[
        (r#"a\r\nb"#, (0, 1), (0, 1)),
        (r#"a\r\nb"#, (1, 3), (1, 2)),
        (r#"a\r\nb"#, (3, 4), (2, 3)),
        (r#"cafe\u0301 bar"#, (0, 5), (0, 4)),
        (r#"cafe\u0301 bar"#, (6, 9), (5, 8)),
        (r#"北京 👍🏽 ok"#, (0, 2), (0, 2)),
        (r#"北京 👍🏽 ok"#, (3, 5), (3, 5)),
    ];
    for (text, (s, e), want) in cases {
        let line = format!(r#"{{"text": "{text}", "label": [[{s}, {e}, "X"]]}}"#);
        let imported = doccano::import("one.jsonl", line.as_bytes()).unwrap();
        assert_eq!(
            imported.articles[0].annotations,
            vec![(want.0, want.1, "X".to_string())],
            "{text}"
        );
    }
}

/// Pieces of text whose lengths differ in bytes, UTF-16 units and `char`s.
const PIECES: &[&str] = &[
    "Lahore",
    "北京",
    "👩‍👩‍👧",
    "🇵🇰",
    "x\u{301}",
    "Zoë",
    "محمد",
    "שלום",
    " ",
    " ",
    "\r\n",
    "\n\n",
    ".",
    "👍🏽",
    "نمستے",
];

prop_compose! {
    fn corpus_doc(index: usize)(pieces in proptest::collection::vec(0..PIECES.len(), 1..24),
                                cuts in proptest::collection::vec((any::<u16>(), any::<u16>(), 0..3usize, any::<bool>()), 0..8))
                                -> (Document, AnnotationSet) {
        let text: String = pieces.iter().map(|p| PIECES[*p]).collect();
        let text = format!("Title {index}\n\n{text}");
        let document = Document::new(format!("doc-{index}"), "", text.as_str());
        let len = document.char_len();
        let map = normalize(&text).map;
        let mut items = Vec::new();
        for (a, b, label, noted) in cuts {
            let (a, b) = (u32::from(a) % (len + 1), u32::from(b) % (len + 1));
            let span = Span::new(a, b);
            // Postil's spans never split a `\r\n` (they snap to tokens); such a span could not
            // come back from a file, whose text is normalised.
            if span.is_empty() || map.map(span.start).is_none() || map.map(span.end).is_none() {
                continue;
            }
            let label = ["PER", "LOC", "MISC"][label].to_string();
            if items.iter().any(|x: &Annotation| x.span == span && x.label == label) {
                continue;
            }
            items.push(Annotation { created: None,
                attributes: Default::default(),
                id: AnnotationId(items.len() as u32 + 1),
                span,
                label,
                note: if noted { format!("note {a}–{b} 🇵🇰") } else { String::new() },
            });
        }
        let set = AnnotationSet::from_parts(len, items, 1, Overlaps::Allowed).unwrap();
        (document, set)
    }
}

fn corpus() -> impl Strategy<Value = Vec<(Document, AnnotationSet)>> {
    (
        corpus_doc(1),
        corpus_doc(2),
        proptest::option::of(corpus_doc(3)),
    )
        .prop_map(|(a, b, c)| {
            let mut docs = vec![a, b];
            docs.extend(c);
            docs
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_corpora_round_trip(docs in corpus()) {
        for format in FORMATS {
            round_trip(format, &docs, false);
        }
    }
}

#[test]
fn label_studio_offsets_are_code_points_and_old_utf16_files_still_read() {
    // Label Studio issue #1347: "💩This is an annotation." with "annotation" at code points
    // [12, 22); old versions wrote the UTF-16 offsets [13, 23).
    let task = |start: u32, end: u32, quote: &str| {
        format!(
            r#"[{{"id": 1, "data": {{"text": "💩This is an annotation."}}, "annotations": [{{"result": [{{"id": "a", "type": "labels", "from_name": "label", "to_name": "text", "value": {{"start": {start}, "end": {end}{quote}, "labels": ["X"]}}}}]}}]}}]"#
        )
    };
    let cases: &[(u32, u32, &str, (u32, u32))] = &[
        (12, 22, r#", "text": "annotation""#, (12, 22)),
        (13, 23, r#", "text": "annotation""#, (12, 22)),
        // Without a quote nothing tells the readings apart: code points.
        (13, 23, "", (13, 23)),
        (0, 1, r#", "text": "💩""#, (0, 1)),
        (0, 2, r#", "text": "💩""#, (0, 1)),
    ];
    for (start, end, quote, want) in cases {
        let file = task(*start, *end, quote);
        let imported = label_studio::import("tasks.json", file.as_bytes()).unwrap();
        assert_eq!(
            imported.articles[0].annotations,
            vec![(want.0, want.1, "X".to_string())],
            "{start}–{end} {quote}"
        );
    }
    // A quote that matches under neither reading is a problem.
    assert_eq!(
        problems(label_studio::import(
            "tasks.json",
            task(12, 22, r#", "text": "notation""#).as_bytes()
        )),
        ["task 1, result 1: label [12, 22) says it covers “notation”, and the text there is “annotation”"]
    );
}

#[test]
fn label_studio_takes_the_first_annotation_not_cancelled_and_its_notes() {
    let file = r#"[
      {"id": 10, "data": {"text": "Lavrov met Qureshi.", "title": "Talks"},
       "annotations": [
         {"was_cancelled": true, "result": [{"id": "c", "type": "labels", "value": {"start": 0, "end": 6, "labels": ["CANCELLED"]}}]},
         {"result": [
           {"id": "r1", "type": "labels", "value": {"start": 0, "end": 6, "text": "Lavrov", "labels": ["PER", "ACTOR"]}},
           {"id": "r1", "type": "textarea", "from_name": "note", "value": {"start": 0, "end": 6, "text": ["Russian", "minister"]}},
           {"id": "r2", "type": "labels", "value": {"start": 11, "end": 18, "labels": ["PER"]}},
           {"id": "t", "type": "textarea", "value": {"text": ["about the task"]}},
           {"id": "k", "type": "choices", "value": {"choices": ["news"]}},
           {"type": "relation", "from_id": "r1", "to_id": "r2"}
         ]},
         {"result": [{"id": "z", "type": "labels", "value": {"start": 0, "end": 6, "labels": ["SECOND"]}}]}
       ],
       "predictions": [{"result": []}]},
      {"id": 11, "data": {"text": "Only a prediction: Lahore."},
       "predictions": [
         {"model_version": "ner-v3", "result": [{"id": "p", "type": "labels", "value": {"start": 19, "end": 25, "labels": ["GPE"]}}]},
         {"result": []}
       ]}
    ]"#;
    let imported = label_studio::import("tasks.json", file.as_bytes()).unwrap();
    let first = &imported.articles[0];
    assert_eq!(first.title, "Talks");
    assert_eq!(first.source, "tasks.json task 1");
    assert_eq!(first.id_hint.as_deref(), Some("10"));
    assert_eq!(
        first.annotations,
        vec![
            (0, 6, "PER".to_string()),
            (0, 6, "ACTOR".to_string()),
            (11, 18, "PER".to_string())
        ]
    );
    assert_eq!(first.notes, vec!["Russian\nminister", "Russian\nminister"]);
    assert_eq!(
        first.suggested, None,
        "an empty prediction suggests nothing"
    );
    // A prediction is a model's suggestions, never annotations: a layer named after the model.
    let second = &imported.articles[1];
    assert!(second.annotations.is_empty());
    assert_eq!(
        second.suggested,
        Some(postil_core::article::Suggested {
            by: "ner-v3".into(),
            spans: vec![(19, 25, "GPE".to_string())]
        })
    );
    assert_eq!(second.title, "Only a prediction: Lahore.");
    assert_eq!(
        imported.adjusted,
        ["the first prediction of 1 task was read as suggestions: a layer named after its model, to accept or reject (see Layers under Annotations)"]
    );
    assert_eq!(
        imported.skipped,
        [
            "1 cancelled annotation (Postil takes the first annotation of a task that was not cancelled)",
            "1 further annotation (Postil takes the first annotation of a task that was not cancelled)",
            "1 further prediction (Postil takes the first prediction of a task, as suggestions)",
            "1 textarea result (not attached to a labelled region, so not a note on one)",
            "1 “choices” result (Postil reads “labels” results)",
        ]
    );
}

#[test]
fn label_studio_names_every_bad_task_and_result() {
    let file = r#"[
      {"data": {"text": "Fine."}, "annotations": [{"result": [{"id": "a", "type": "labels", "value": {"start": 0, "end": 4, "labels": ["X"]}}]}]},
      {"data": {"html": "<p>no text</p>"}},
      {"data": {"text": "abc"}, "annotations": [{"result": [
        {"id": "a", "type": "labels", "value": {"start": 1, "end": 9, "labels": ["X"]}},
        {"id": "b", "type": "labels", "value": {"start": 0, "end": 2, "text": "ab", "labels": []}},
        {"id": "c", "type": "labels", "value": {"start": 2, "end": 2, "labels": ["X"]}},
        {"id": "d", "type": "labels", "value": {"start": 0, "end": 1, "labels": [""]}},
        {"id": "e", "type": "labels", "value": {"labels": ["X"]}}
      ]}]},
      7
    ]"#;
    assert_eq!(
        problems(label_studio::import("tasks.json", file.as_bytes())),
        [
            "task 2: it has no \"data\": {\"text\": …} (Postil reads a task's text from data.text)",
            "task 3, result 1: label [1, 9) is outside the text (3 characters)",
            "task 3, result 2: its value has no \"labels\"",
            "task 3, result 3: label [2, 2) is empty",
            "task 3, result 4: label [0, 1) has an empty name",
            "task 3, result 5: its value has no whole-number \"start\" and \"end\"",
            "task 4: not a task object",
        ]
    );
    assert!(matches!(
        label_studio::import("tasks.json", b"[]"),
        Err(FormatError::NotThisFormat { .. })
    ));
    assert!(matches!(
        label_studio::import("tasks.json", b"{\"data\": "),
        Err(FormatError::NotThisFormat { .. })
    ));
}

/// Writes the W3C export of the table texts to `target/verify/w3c.jsonld`, for
/// `verify/check_w3c.py` (JSON Schema and Python slicing) to check after `cargo test`.
#[test]
fn w3c_sample_for_the_python_check() {
    let mut docs: Vec<_> = TEXTS.iter().map(annotated).collect();
    // Two relations in the first text, so the check also sees linking annotations.
    let link = |from: u32, to: u32, kind: &str| postil_core::Relation {
        created: None,
        id: postil_core::RelationId(from),
        from: AnnotationId(from),
        to: AnnotationId(to),
        kind: kind.to_string(),
        note: String::new(),
    };
    let (_, first) = docs.remove(0);
    let first = first
        .with_relations(vec![link(3, 4, "then to"), link(1, 3, "flew to")], 1)
        .unwrap();
    docs.insert(0, (annotated(&TEXTS[0]).0, first));
    let refs: Vec<(&Document, &AnnotationSet)> = docs.iter().map(|(d, s)| (d, s)).collect();
    let schema = LabelSchema::default_ner();
    let exported = w3c::export(Corpus {
        schema: &schema,
        documents: &refs,
    });
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/verify");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("w3c.jsonld"), &exported.bytes).unwrap();
    let value: Value = serde_json::from_slice(&exported.bytes).unwrap();
    assert_eq!(value["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(value["type"], "AnnotationCollection");
    assert_eq!(value["total"], 18);
    assert_eq!(value["first"]["items"][0]["id"], "urn:postil:anno:family:1");
    assert_eq!(
        exported.dropped,
        Vec::<String>::new(),
        "notes travel as commenting bodies"
    );
}

#[test]
fn w3c_reads_bare_annotations_with_quotes_only_and_embedded_sources() {
    let source = r#"{"id": "https://example.org/talks", "type": "Text", "schema:text": "Khan met Khan in 🇵🇰 Lahore; Khan left."}"#;
    let anno = |selector: &str, body: &str| {
        format!(
            r#"{{"type": "Annotation", "motivation": "tagging", "body": {body}, "target": {{"source": {source}, "selector": {selector}}}}}"#
        )
    };
    let tag = r#"{"type": "TextualBody", "purpose": "tagging", "value": "PER"}"#;
    let file = format!(
        "[{}, {}, {}, {}]",
        anno(
            r#"{"type": "TextQuoteSelector", "exact": "Khan", "prefix": "met ", "suffix": " in"}"#,
            tag
        ),
        anno(
            r#"{"type": "TextQuoteSelector", "exact": "Lahore"}"#,
            r#"[{"type": "TextualBody", "value": "GPE"}, {"type": "TextualBody", "purpose": "commenting", "value": "city"}]"#
        ),
        anno(
            r#"{"type": "TextQuoteSelector", "exact": "Khan", "suffix": " left"}"#,
            tag
        ),
        r#"{"type": "Annotation", "motivation": "commenting", "bodyValue": "just a comment", "target": "https://example.org/talks"}"#,
    );
    assert!(w3c::looks_like(file.as_bytes()));
    let imported = w3c::import("notes.jsonld", file.as_bytes()).unwrap();
    let article = &imported.articles[0];
    assert_eq!(
        article.annotations,
        vec![
            (9, 13, "PER".to_string()),
            (20, 26, "GPE".to_string()),
            (28, 32, "PER".to_string())
        ]
    );
    assert_eq!(article.notes, vec!["", "city"]);
    assert_eq!(
        article.id_hint.as_deref(),
        Some("https://example.org/talks")
    );
    assert_eq!(article.source, "notes.jsonld document 1");
    assert_eq!(
        imported.skipped,
        ["1 annotation without a tag (Postil labels spans; a comment alone has no place)"]
    );
    // One annotation on its own reads too.
    let one = anno(
        r#"{"type": "TextPositionSelector", "start": 0, "end": 4}"#,
        tag,
    );
    assert!(w3c::looks_like(one.as_bytes()));
    let imported = w3c::import("one.jsonld", one.as_bytes()).unwrap();
    assert_eq!(
        imported.articles[0].annotations,
        vec![(0, 4, "PER".to_string())]
    );
}

#[test]
fn w3c_names_every_bad_annotation() {
    let collection = r#"{
      "@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
      "dcterms:references": [
        {"id": "urn:postil:doc:a", "type": "Text", "schema:text": "Khan met Khan."},
        {"id": "urn:postil:doc:b", "type": "Text"}
      ],
      "first": {"type": "AnnotationPage", "items": [
        {"type": "Annotation", "body": {"type": "TextualBody", "purpose": "tagging", "value": "PER"},
         "target": {"source": "urn:postil:doc:a", "selector": [{"type": "TextPositionSelector", "start": 0, "end": 4}]}},
        {"type": "Annotation", "body": {"type": "TextualBody", "purpose": "tagging", "value": "PER"},
         "target": {"source": "urn:postil:doc:a", "selector": {"type": "TextQuoteSelector", "exact": "Khan"}}},
        {"type": "Annotation", "body": {"type": "TextualBody", "purpose": "tagging", "value": "PER"},
         "target": {"source": "urn:postil:doc:a", "selector": [{"type": "TextQuoteSelector", "exact": "Khan"}, {"type": "TextPositionSelector", "start": 4, "end": 8}]}},
        {"type": "Annotation", "body": {"type": "TextualBody", "purpose": "tagging", "value": "PER"},
         "target": {"source": "urn:postil:doc:zzz", "selector": {"type": "TextPositionSelector", "start": 0, "end": 4}}},
        {"type": "Annotation", "body": {"type": "TextualBody", "purpose": "tagging", "value": ""},
         "target": {"source": "urn:postil:doc:a", "selector": {"type": "TextPositionSelector", "start": 0, "end": 40}}},
        {"type": "Note"},
        {"type": "Annotation", "body": {"type": "TextualBody", "purpose": "tagging", "value": "X"},
         "target": {"source": "urn:postil:doc:a"}}
      ]}
    }"#;
    assert_eq!(
        problems(w3c::import("c.jsonld", collection.as_bytes())),
        [
            "document 2: “urn:postil:doc:b” has no \"schema:text\"",
            "annotation 2: its quote “Khan” fits 2 places in the text, and its prefix and suffix do not tell which",
            "annotation 3: label [4, 8) says it covers “Khan”, and the text there is “ met”",
            "annotation 4: the text of its target “urn:postil:doc:zzz” is not in this file",
            "annotation 5: label [0, 40) is outside the text (14 characters)",
            "annotation 6: it is not an Annotation (no \"type\": \"Annotation\")",
            "annotation 7: its target has no TextPositionSelector or TextQuoteSelector",
        ]
    );
    assert!(matches!(
        w3c::import("c.jsonld", br#"{"type": "Note"}"#),
        Err(FormatError::NotThisFormat { .. })
    ));
}
