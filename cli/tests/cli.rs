//! The `postil` command as a pipeline runs it: convert between every format and back, validate
//! with line-numbered errors and exit statuses, count with stats.

use postil_core::formats::registry::Kind;
use std::path::PathBuf;
use std::process::{Command, Output};

fn postil(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_postil"))
        .args(args)
        .output()
        .expect("the postil binary runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-tests");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

const TEXT: &str = "Talks 👩‍👩‍👧 in Washington\n\nLavrov spoke at the Wilson Center in Washington 🇺🇸 on Tuesday.\n\n北京 and Café talks.";

/// A Postil file with nested spans, emoji before them, a note and a done mark, under a name of
/// its own for each test (they run in parallel).
fn corpus(name: &str) -> PathBuf {
    let chars: Vec<char> = TEXT.chars().collect();
    let find = |needle: &str, nth: usize| {
        let n: Vec<char> = needle.chars().collect();
        let mut seen = 0;
        for i in 0..=chars.len() - n.len() {
            if chars[i..i + n.len()] == n[..] {
                if seen == nth {
                    return (i, i + n.len());
                }
                seen += 1;
            }
        }
        panic!("{needle} not in the text")
    };
    let spans = [
        ("Lavrov", 0, "PERSON"),
        ("Wilson Center in Washington", 0, "ORG"),
        ("Washington", 1, "GPE"),
        ("北京", 0, "GPE"),
    ];
    let annotations: Vec<serde_json::Value> = spans
        .iter()
        .enumerate()
        .map(|(i, (t, nth, l))| {
            let (s, e) = find(t, *nth);
            serde_json::json!({"id": i + 1, "start": s, "end": e, "label": l, "text": t,
                "note": if *l == "PERSON" { "Foreign minister" } else { "" }})
        })
        .collect();
    let file = serde_json::json!({
        "format": "postil", "version": 3, "offset_unit": "codepoint",
        "labels": [{"name": "PERSON", "color": "#ffd3a8", "key": "p"}, {"name": "ORG", "color": "#bfdcff", "key": "o"},
                   {"name": "GPE", "color": "#c4f2bd", "key": "g"}],
        "annotator": "Ada",
        "documents": [{"id": "talks", "title": "Talks 👩‍👩‍👧 in Washington", "text": TEXT, "done": true,
                       "annotations": annotations}]
    });
    let path = scratch(&format!("{name}.postil.json"));
    std::fs::write(&path, serde_json::to_string_pretty(&file).unwrap()).unwrap();
    path
}

fn spans_of(postil_file: &PathBuf) -> Vec<(u64, u64, String)> {
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(postil_file).unwrap()).unwrap();
    let mut out: Vec<(u64, u64, String)> = v["documents"][0]["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["start"].as_u64().unwrap(),
                a["end"].as_u64().unwrap(),
                a["label"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn converts_to_every_format_and_back_exactly() {
    let input = corpus("round-trip");
    let want = spans_of(&input);
    // Every other format, under the name the app gives its exports; all but CoNLL hold
    // overlapping spans exactly.
    for kind in Kind::ALL.into_iter().filter(|k| *k != Kind::Native) {
        let name = kind.file_name("out");
        let name = name.as_str();
        let exact = kind != Kind::Conll;
        let out = scratch(name);
        let run = postil(&[
            "convert",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "{name}: {err}");
        assert!(err.contains("wrote"), "{name}: {err}");
        let back = scratch(&format!("{name}.back.postil.json"));
        let run = postil(&[
            "convert",
            out.to_str().unwrap(),
            "-o",
            back.to_str().unwrap(),
        ]);
        assert!(
            run.status.success(),
            "{name} back: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let got = spans_of(&back);
        if exact {
            assert_eq!(got, want, "{name}");
        } else {
            // CoNLL keeps the outermost span and says what it dropped.
            assert!(err.contains("overlapping"), "{name}: {err}");
            assert_eq!(got.len(), 3, "{name}: {got:?}");
        }
    }
}

#[test]
fn validate_names_the_bad_lines_and_fails() {
    let bad = scratch("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"text\": \"Fine.\", \"label\": []}\n{\"text\": \"Short\", \"label\": [[0, 40, \"X\"]]}\nnot json\n",
    )
    .unwrap();
    let run = postil(&["validate", bad.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("line 2"), "{err}");
    assert!(err.contains("line 3"), "{err}");

    let run = postil(&["validate", corpus("validate").to_str().unwrap()]);
    assert!(run.status.success());
    assert!(String::from_utf8_lossy(&run.stdout).contains("valid, 1 document, 4 annotations"));

    let run = postil(&["convert", "x.postil.json"]);
    assert_eq!(run.status.code(), Some(2), "a wrong command line");
}

#[test]
fn stats_counts_documents_and_labels() {
    let run = postil(&["stats", corpus("stats").to_str().unwrap()]);
    assert!(run.status.success());
    let out = String::from_utf8_lossy(&run.stdout);
    assert_eq!(
        out,
        "documents: 1 (1 done)\nannotations: 4\n  GPE: 2\n  ORG: 1\n  PERSON: 1\n"
    );
}

#[test]
fn convert_keeps_relations_and_says_what_it_read_differently() {
    let input = scratch("ids.jsonl");
    std::fs::write(
        &input,
        "{\n \"text\": \"Lavrov met Qureshi.\",\n \"entities\": [{\"id\": 1, \"label\": 4, \
         \"start_offset\": 0, \"end_offset\": 6}, {\"id\": 2, \"label\": 4, \"start_offset\": 11, \
         \"end_offset\": 18}],\n \"relations\": [{\"id\": 1, \"from_id\": 1, \"to_id\": 2, \
         \"type\": \"met\"}]\n}\n",
    )
    .unwrap();
    let out = scratch("ids.postil.json");
    let run = postil(&[
        "convert",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{err}");
    assert!(!err.contains("left out"), "{err}");
    for line in [
        "postil: read with care: labels were given as numbers (doccano label id 4), not names: \
         it is named “4”; rename them in the label editor\n",
        "postil: read with care: its JSON objects run over several lines each, not one per line: \
         read as 1 record\n",
    ] {
        assert!(err.contains(line), "{line} missing from {err}");
    }
    assert_eq!(
        spans_of(&out),
        [(0, 6, "4".to_string()), (11, 18, "4".to_string())]
    );
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(
        written["documents"][0]["relations"],
        serde_json::json!([{"id": 1, "from": 1, "to": 2, "type": "met"}]),
        "the relation came through"
    );
}

#[test]
fn skip_bad_converts_the_good_records_and_lists_the_others() {
    let input = scratch("mixed.jsonl");
    std::fs::write(
        &input,
        "{\"text\": \"Lavrov met Qureshi.\", \"label\": [[0, 6, \"PER\"]]}\n{\"text\": 3}\n",
    )
    .unwrap();
    let out = scratch("mixed.postil.json");
    let args = [
        "convert",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    let run = postil(&args);
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains("line 2: \"text\" is not a string (--skip-bad converts the other 1 record)"),
        "{err}"
    );
    let run = postil(&[&args[..], &["--skip-bad"]].concat());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{err}");
    assert!(
        err.contains("postil: skipped line 2: \"text\" is not a string\n"),
        "{err}"
    );
    assert_eq!(spans_of(&out), [(0, 6, "PER".to_string())]);
}

#[test]
fn text_field_reads_jsonl_whose_text_is_under_another_name() {
    let input = scratch("content.jsonl");
    std::fs::write(
        &input,
        "{\"content\": \"Lavrov met Qureshi.\", \"ner\": [[0, 6, \"PER\"]]}\n",
    )
    .unwrap();
    let out = scratch("content.postil.json");
    let args = [
        "convert",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    // Without it: refused, naming the fields and how to choose.
    let run = postil(&args);
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "its records have no \"text\" or \"data\" field; the text may be in “content”: \
             choose which (--text-field content reads it)"
        ),
        "{err}"
    );
    let run = postil(&[&args[..], &["--text-field", "content"]].concat());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{err}");
    assert!(
        err.contains("read with care: its text was read from “content” and “ner” as its labels"),
        "{err}"
    );
    assert_eq!(spans_of(&out), [(0, 6, "PER".to_string())]);
    // A field that is not one of the choices is refused as before.
    let run = postil(&[&args[..], &["--text-field", "nope"]].concat());
    assert_eq!(run.status.code(), Some(1));
}
