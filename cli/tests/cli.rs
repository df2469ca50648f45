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

/// The `char` span of the `nth` (from 0) `needle` in [`TEXT`].
fn find(needle: &str, nth: usize) -> (usize, usize) {
    let chars: Vec<char> = TEXT.chars().collect();
    let n: Vec<char> = needle.chars().collect();
    let start = (0..=chars.len() - n.len())
        .filter(|i| chars[*i..*i + n.len()] == n[..])
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle} not in the text"));
    (start, start + n.len())
}

/// A Postil file with nested spans, emoji before them, a note and a done mark, under a name of
/// its own for each test (they run in parallel).
fn corpus(name: &str) -> PathBuf {
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

/// One annotator's Postil file of [`TEXT`] (`annotator` names it, or else its file name), with
/// spans as (words, which occurrence, label) and relations between them by index; and, when
/// `other` is given, a second document of that text.
fn layer_file(
    name: &str,
    annotator: Option<&str>,
    spans: &[(&str, usize, &str)],
    relations: &[(usize, usize, &str)],
    other: Option<&str>,
) -> PathBuf {
    let annotations: Vec<serde_json::Value> = (spans.iter().zip(1..))
        .map(|((t, nth, l), id)| {
            let (s, e) = find(t, *nth);
            serde_json::json!({"id": id, "start": s, "end": e, "label": l, "text": t})
        })
        .collect();
    let links: Vec<serde_json::Value> = (relations.iter().zip(1..))
        .map(|((from, to, kind), id)| {
            serde_json::json!({"id": id, "from": from + 1, "to": to + 1, "type": kind})
        })
        .collect();
    let mut documents = vec![
        serde_json::json!({"id": "talks", "title": "Talks", "text": TEXT,
        "annotations": annotations, "relations": links}),
    ];
    documents.extend(other.map(|text| {
        serde_json::json!({"id": "other", "title": "Another", "text": text, "annotations": []})
    }));
    let mut file = serde_json::json!({
        "format": "postil", "version": 4, "offset_unit": "codepoint",
        "labels": [{"name": "PERSON", "color": "#ffd3a8", "key": "p"},
                   {"name": "ORG", "color": "#bfdcff", "key": "o"},
                   {"name": "GPE", "color": "#c4f2bd", "key": "g"}],
        "relation_types": [{"name": "in", "color": "#888888"}],
        "documents": documents
    });
    if let Some(who) = annotator {
        file["annotator"] = serde_json::json!(who);
    }
    let path = scratch(&format!("{name}.postil.json"));
    std::fs::write(&path, serde_json::to_string_pretty(&file).unwrap()).unwrap();
    path
}

/// Ada's and Ben's files: Ben has a shorter ORG and 北京 as ORG; only Ada's has a second
/// document. By hand, Ben against Ada: exact tp 2 (Lavrov, Washington), fp 2, fn 2; overlap tp
/// 3 (the ORGs overlap), fp 1, fn 1. Over the 20 tokens, Ada's labels are O 13, PERSON 1,
/// ORG 3 (Wilson Center in), GPE 3 (Washington 北 京) and Ben's O 14, PERSON 1, ORG 4, GPE 1;
/// they differ on "in", 北 and 京: kappa = (20·17 − (13·14 + 1 + 3·4 + 3·1)) / (400 − 198) =
/// 142/202 = 0.703.
fn ada_and_ben(name: &str) -> [PathBuf; 2] {
    let ada = [
        ("Lavrov", 0, "PERSON"),
        ("Wilson Center in Washington", 0, "ORG"),
        ("Washington", 1, "GPE"),
        ("北京", 0, "GPE"),
    ];
    let ben = [
        ("Lavrov", 0, "PERSON"),
        ("Wilson Center", 0, "ORG"),
        ("Washington", 1, "GPE"),
        ("北京", 0, "ORG"),
    ];
    [
        layer_file(
            &format!("{name}-ada"),
            Some("Ada"),
            &ada,
            &[(1, 2, "in")],
            Some("Only Ada's."),
        ),
        layer_file(
            &format!("{name}-ben"),
            Some("Ben"),
            &ben,
            &[(1, 2, "in")],
            None,
        ),
    ]
}

fn path(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn agree_prints_the_figures_of_each_pair_and_document() {
    let [ada, ben] = ada_and_ben("agree");
    let run = postil(&["agree", path(&ada), path(&ben)]);
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for line in [
        "documents: 1 compared (20 tokens), 1 skipped\n",
        "  skipped “Another”: only in Ada\n",
        "Ben against Ada (the reference)\n",
        "(all)      0.500  0.500  0.500    0.750  0.750  0.750\n",
        "GPE        1.000  0.500  0.667    1.000  0.500  0.667\n",
        "ORG        0.000  0.000  0.000    0.500  1.000  0.667\n",
        "PERSON     1.000  1.000  1.000    1.000  1.000  1.000\n",
        "relations F1 0.000 (matched 0, only the other's 1, only the reference's 1)\n",
        "Cohen's kappa (over 20 tokens): 0.703\n",
        "Krippendorff's unitized alpha (characters): 0.887\n",
        "“Talks” (20 tokens)\n  Ben against Ada: exact F1 0.500, overlap F1 0.750, \
         relations F1 0.000, kappa 0.703, unitized alpha 0.887\n",
    ] {
        assert!(out.contains(line), "{line:?} missing from\n{out}");
    }
    assert!(!out.contains("Fleiss"), "two layers: no Fleiss\n{out}");

    let run = postil(&["agree", path(&ada), path(&ben), "--json"]);
    assert!(run.status.success());
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).expect("--json prints JSON");
    let pair = &v["corpus"]["pairs"][0];
    assert_eq!(
        (&pair["reference"], &pair["other"]),
        (&"Ada".into(), &"Ben".into())
    );
    assert_eq!(pair["exact"]["overall"]["tp"], 2);
    assert_eq!(pair["overlap"]["overall"]["fp"], 1);
    assert_eq!(pair["exact"]["per_label"]["ORG"]["f1"], 0.0);
    assert!((pair["kappa"].as_f64().unwrap() - 142.0 / 202.0).abs() < 1e-12);
    assert!((pair["unitized_alpha"].as_f64().unwrap() - 0.887).abs() < 5e-4);
    assert_eq!(
        v["skipped"],
        serde_json::json!([{"title": "Another", "in": ["Ada"]}])
    );
    assert_eq!(v["documents"][0]["title"], "Talks");
}

#[test]
fn agree_with_three_layers_adds_fleiss_and_alpha_and_refuses_bad_input() {
    let [ada, ben] = ada_and_ben("three");
    let cat = layer_file("three-cat", None, &[("Lavrov", 0, "PERSON")], &[], None);
    let run = postil(&["agree", path(&ada), path(&ben), path(&cat)]);
    let out = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // The file without an annotator is named by its file name.
    assert!(
        out.contains("three-cat.postil.json against Ben (the reference)"),
        "{out}"
    );
    assert!(out.contains("Fleiss' kappa (tokens): "), "{out}");
    assert!(
        out.contains("Krippendorff's alpha (nominal, tokens): "),
        "{out}"
    );
    let unitized = out
        .lines()
        .filter(|l| l.starts_with("Krippendorff's unitized alpha"));
    assert_eq!(
        unitized.count(),
        4,
        "one for each pair and one for all three\n{out}"
    );

    let lone = layer_file("three-lone", Some("Lone"), &[], &[], None);
    let other_text = scratch("three-other.jsonl");
    std::fs::write(
        &other_text,
        "{\"text\": \"Nothing in common.\", \"label\": []}\n",
    )
    .unwrap();
    let missing = scratch("three-missing.postil.json");
    for (args, status, says) in [
        (
            vec!["agree", path(&lone)],
            2,
            "agree needs two files or more",
        ),
        (
            vec!["agree", path(&ada), path(&missing)],
            1,
            "could not read",
        ),
        (
            vec!["agree", path(&ada), path(&other_text)],
            1,
            "no document is in every file",
        ),
        (
            vec!["agree", path(&ada), path(&ben), "-o", "x"],
            2,
            "takes no -o",
        ),
        (
            vec!["merge", path(&ada), path(&ben)],
            2,
            "merge needs -o OUT",
        ),
        (
            vec!["stats", path(&ada), "--json"],
            2,
            "--json goes with agree",
        ),
    ] {
        let run = postil(&args);
        let err = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(status), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn merge_writes_what_all_agree_on_and_lists_the_rest() {
    let [ada, ben] = ada_and_ben("merge");
    let gold = scratch("merge-gold.postil.json");
    let run = postil(&["merge", path(&ada), path(&ben), "-o", path(&gold)]);
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{err}");
    assert!(
        err.contains("wrote")
            && err.contains("2 annotations agreed by every file, 4 disagreements"),
        "{err}"
    );
    assert!(
        err.contains("postil: left out “Another”: only in Ada\n"),
        "{err}"
    );
    let (lavrov, washington) = (find("Lavrov", 0), find("Washington", 1));
    let want = [
        (lavrov.0 as u64, lavrov.1 as u64, "PERSON".to_string()),
        (washington.0 as u64, washington.1 as u64, "GPE".to_string()),
    ];
    assert_eq!(spans_of(&gold), want, "exactly the agreed annotations");
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&gold).unwrap()).unwrap();
    assert_eq!(
        written["documents"].as_array().unwrap().len(),
        1,
        "only documents in both"
    );
    let run = postil(&["validate", path(&gold)]);
    assert!(run.status.success(), "the gold file reads back");

    // Relations of one extent come by type, then by their ends: Ben's shorter end first.
    let (org, beijing) = (find("Wilson Center in Washington", 0), find("北京", 0));
    let relation_end = washington.1;
    let out = String::from_utf8_lossy(&run_stdout(&[
        "merge",
        path(&ada),
        path(&ben),
        "-o",
        path(&gold),
    ]))
    .into_owned();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            format!(
                "“Talks” [{}, {}) “Wilson Center in Washington”: boundaries: \
                 Ada: ORG, GPE “Washington”; Ben: ORG “Wilson Center”, GPE “Washington”",
                org.0, org.1
            ),
            format!(
                "“Talks” [{}, {relation_end}) “Wilson Center in Washington”: relation: \
                 Ada: nothing; Ben: in (Wilson Center → Washington)",
                org.0
            ),
            format!(
                "“Talks” [{}, {relation_end}) “Wilson Center in Washington”: relation: \
                 Ada: in (Wilson Center in Washington → Washington); Ben: nothing",
                org.0
            ),
            format!(
                "“Talks” [{}, {}) “北京”: label: Ada: GPE; Ben: ORG",
                beijing.0, beijing.1
            ),
        ]
    );
}

fn run_stdout(args: &[&str]) -> Vec<u8> {
    let run = postil(args);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    run.stdout
}

/// `postil serve` without the app says how to get it; with the app (built with POSTIL_DIST, as
/// `make dist` does) it answers on the address it prints, wasm as `application/wasm`.
#[test]
fn serve_says_how_to_get_the_app_or_serves_it() {
    let bad = postil(&["serve", "--port", "http"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--port needs a port number"));
    if option_env!("POSTIL_DIST").is_none() {
        let out = postil(&["serve", "--port", "0"]);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "postil: this postil was built without the app; build it with `make dist` (target/release/postil)\n"
        );
        return;
    }
    use std::io::{BufRead, BufReader, Read, Write};
    let mut child = Command::new(env!("CARGO_BIN_EXE_postil"))
        .args(["serve", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the postil binary runs");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("piped"))
        .read_line(&mut line)
        .expect("the address is printed");
    let address = line
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .expect("an address on 127.0.0.1")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    let get = |path: &str| {
        let mut s = std::net::TcpStream::connect(&address).expect("the server listens");
        write!(s, "GET {path} HTTP/1.1\r\nHost: {address}\r\n\r\n").unwrap();
        let mut reply = Vec::new();
        s.read_to_end(&mut reply).unwrap();
        reply
    };
    let page = String::from_utf8_lossy(&get("/")).into_owned();
    let wasm_name = std::fs::read_dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(option_env!("POSTIL_DIST").unwrap_or_default()),
    )
    .expect("the dist folder the binary was built from")
    .filter_map(|e| e.ok())
    .map(|e| e.file_name().to_string_lossy().into_owned())
    .find(|n| n.ends_with("_bg.wasm"))
    .expect("a wasm file in dist");
    let wasm = get(&format!("/{wasm_name}"));
    child.kill().ok();
    child.wait().ok();
    assert!(page.starts_with("HTTP/1.1 200 OK\r\n"), "{page}");
    assert!(page.contains("<title>Postil</title>"), "{page}");
    let head = String::from_utf8_lossy(&wasm[..200.min(wasm.len())]).into_owned();
    assert!(
        head.contains("Content-Type: application/wasm\r\n"),
        "{head}"
    );
}

/// `couch-setup`'s command line is checked before anything is sent; a server that does not
/// answer is said as such. (Against a server: e2e/couch-cli.spec.ts.)
#[test]
fn couch_setup_checks_its_command_line() {
    for (args, code, said) in [
        (
            &["couch-setup"][..],
            2,
            "couch-setup needs a database's URL",
        ),
        (
            &["couch-setup", "http://127.0.0.1:1/db"],
            2,
            "couch-setup needs --user ADMIN",
        ),
        (
            &[
                "couch-setup",
                "http://127.0.0.1:1/db",
                "--user",
                "admin",
                "--layer",
                "gold",
            ],
            2,
            "--layer goes with pull and push",
        ),
        (
            &[
                "couch-setup",
                "http://127.0.0.1:1/db",
                "--user",
                "admin",
                "-o",
                "x.json",
            ],
            2,
            "couch-setup takes only a database's URL and --user ADMIN",
        ),
        (
            &[
                "couch-setup",
                "http://127.0.0.1:1/db",
                "http://127.0.0.1:1/other",
                "--user",
                "admin",
            ],
            2,
            "unexpected argument “http://127.0.0.1:1/other”",
        ),
        (
            &["couch-setup", "127.0.0.1:1/db", "--user", "admin"],
            2,
            "“127.0.0.1:1/db” is not a database's address",
        ),
        (
            &["stats", "x.postil.json", "--user", "admin"],
            2,
            "--user goes with pull, push and couch-setup",
        ),
        (
            &["couch-setup", "http://127.0.0.1:1/db", "--user", "admin"],
            1,
            "postil: could not reach http://127.0.0.1:1/db",
        ),
    ] {
        let run = Command::new(env!("CARGO_BIN_EXE_postil"))
            .args(args)
            .env("POSTIL_PASSWORD", "not-asked")
            .output()
            .expect("the postil binary runs");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(stderr.contains(said), "{args:?}: {stderr}");
    }
}
