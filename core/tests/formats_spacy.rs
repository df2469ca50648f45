//! spaCy's training JSON and DocBin: string ids checked against real spaCy, round trips on text
//! where code points, UTF-16 units and bytes disagree, tokens that fit every annotation, and
//! errors that name their record or document.
//!
//! `fixed_corpus_files_for_spacy` also writes `target/verify/spacy_corpus.{spacy,json}` and the
//! expected values `spacy_expected.json`, which `verify/check_spacy.py` loads with real spaCy.

use postil_core::article::normalize;
use postil_core::corpus::Corpus;
use postil_core::formats::spacy::{self, string_id, Token, SPANS_KEY};
use postil_core::formats::{FormatError, Imported};
use postil_core::{Annotation, AnnotationId, AnnotationSet, Document, LabelSchema, Overlaps, Span};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::PathBuf;

type Spans = BTreeSet<(u32, u32, String)>;
/// A generated document: its text and spans.
type GenDoc = (String, Vec<(u32, u32, String)>);

fn doc_with(
    id: &str,
    title: &str,
    text: &str,
    spans: &[(u32, u32, &str)],
) -> (Document, AnnotationSet) {
    let doc = Document::new(id, title, text);
    let items = spans
        .iter()
        .zip(1..)
        .map(|(&(s, e, l), id)| Annotation {
            created: None,
            attributes: Default::default(),
            id: AnnotationId(id),
            span: Span::new(s, e),
            label: l.to_string(),
            note: String::new(),
        })
        .collect();
    let set = AnnotationSet::from_parts(doc.char_len(), items, 1, Overlaps::Allowed).unwrap();
    (doc, set)
}

/// Python's `text[start:end]`.
fn py_slice(text: &str, start: u32, end: u32) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

/// Where `text` and its spans end up after an import: normalised, offsets carried over.
fn normalised(text: &str, spans: &Spans) -> (String, Spans) {
    let n = normalize(text);
    let spans = spans
        .iter()
        .map(|(s, e, l)| (n.map.map(*s).unwrap(), n.map.map(*e).unwrap(), l.clone()))
        .collect();
    (n.text, spans)
}

fn imported_docs(imported: &Imported) -> Vec<(String, Spans)> {
    imported
        .articles
        .iter()
        .map(|a| (a.text.clone(), a.annotations.iter().cloned().collect()))
        .collect()
}

#[test]
fn string_ids_are_the_ones_spacy_gives() {
    // Each from spaCy 3.8.7: `spacy.blank("xx").vocab.strings.add(s)`.
    let cases: &[(&str, u64)] = &[
        ("", 0),
        ("PERSON", 380),
        ("ORG", 383),
        ("GPE", 384),
        ("_", 456),
        ("ORTH", 65),
        ("ENT_IOB", 77),
        ("ENT_TYPE", 78),
        ("PER", 4317129024397789502),
        ("Sergey", 1194919812262195507),
        ("Lavrov", 11217381338359444981),
        ("postil", 10285903134791592403),
        ("hello", 5983625672228268878),
        ("a", 11901859001352538922),
        ("ab", 6606101647874324205),
        ("abc", 13021918864714763345),
        ("abcd", 10146069190107602562),
        ("abcde", 13719108639536143),
        ("abcdef", 15630152049486356940),
        ("abcdefg", 18200195881963043692),
        ("abcdefgh", 17751780907874141760),
        ("abcdefghi", 13885881106499164936),
        ("abcdefghijklmnop", 12213882378445362951),
        ("abcdefghijklmnopq", 2395869216546743846),
        ("北京", 11804760672128813659),
        ("👨\u{200d}👩\u{200d}👧", 2215223576508609196),
        ("🇵🇰", 15112538900237526996),
        ("cafe\u{301}", 450864218534274913),
        ("שלום", 5806062714155999083),
        (" ", 8532415787641010193),
        ("\n", 962983613142996970),
        ("\r\n", 2933942332565701703),
        (
            "hello world, this is a longer string!",
            17757004707534284296,
        ),
    ];
    for (s, want) in cases {
        assert_eq!(string_id(s), *want, "{s:?}");
    }
}

/// The fixed corpus: every kind of text that trips offsets, spans that overlap, nest, cross,
/// share a span under two labels, and sit on whitespace.
fn fixed() -> Vec<(Document, AnnotationSet)> {
    let lavrov = "Lavrov met Qureshi in Islamabad\r\n\r\nRussia’s Foreign Minister Sergey Lavrov spoke.  Twice  spaced\tand\u{a0}odd.\n";
    let family = "Family 👨‍👩‍👧 and flag 🇵🇰 in 北京和上海. Cafe\u{301} crème, 東京!";
    let rtl = "שלום עולם and العربية mixed: محمد عباس قال.";
    let symbols = "The words PERSON, ORG and nsubj are spaCy symbols; so is _.";
    vec![
        doc_with(
            "d1",
            "",
            lavrov,
            &[
                (0, 6, "PER"),
                (11, 18, "PER"),
                (22, 31, "GPE"),
                (35, 41, "GPE"),    // Russia
                (35, 74, "ROLE"),   // Russia’s Foreign Minister Sergey Lavrov
                (44, 60, "ROLE"),   // Foreign Minister (crosses the next)
                (52, 67, "MISC"),   // Minister Sergey
                (61, 74, "PER"),    // Sergey Lavrov
                (61, 74, "NAME"),   // the same span, a second label
                (61, 68, "PER"),    // "Sergey " with its space
                (82, 83, "SPACE"),  // the second of two spaces
                (96, 97, "GAP"),    // a tab
                (100, 101, "NBSP"), // a no-break space
            ],
        ),
        doc_with(
            "d2",
            "",
            family,
            &[
                (7, 12, "MISC"),  // 👨‍👩‍👧, five code points
                (7, 9, "PART"),   // half of it: splits the ZWJ sequence
                (22, 24, "FLAG"), // 🇵🇰
                (28, 30, "GPE"),  // 北京
                (31, 33, "GPE"),  // 上海
                (28, 33, "LOC"),  // 北京和上海
                (35, 40, "ORG"),  // Cafe + combining acute
                (48, 50, "GPE"),  // 東京
            ],
        ),
        doc_with(
            "d3",
            "",
            rtl,
            &[
                (5, 9, "LOC"),
                (14, 21, "LANGUAGE"),
                (29, 38, "PERSON"),
                (29, 33, "PERSON"),
            ],
        ),
        doc_with(
            "d4",
            "Symbols",
            symbols,
            &[
                (10, 16, "PERSON"),
                (18, 21, "ORG"),
                (26, 31, "DEP"),
                (57, 58, "_"),
            ],
        ),
        doc_with("d5", "", "Nothing labeled here.\n\nAt all.", &[]),
    ]
}

fn corpus_of(
    docs: &[(Document, AnnotationSet)],
) -> (LabelSchema, Vec<(&Document, &AnnotationSet)>) {
    (
        LabelSchema::default_ner(),
        docs.iter().map(|(d, s)| (d, s)).collect(),
    )
}

fn spans_of(set: &AnnotationSet) -> Spans {
    set.iter()
        .map(|a| (a.span.start, a.span.end, a.label.clone()))
        .collect()
}

fn verify_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("verify")
}

#[test]
fn fixed_corpus_files_for_spacy() {
    let docs = fixed();
    // The comments in `fixed` say what each span covers; hold them to it.
    let covered: Vec<String> = docs[0]
        .1
        .iter()
        .map(|a| py_slice(docs[0].0.text(), a.span.start, a.span.end))
        .collect();
    assert!(covered.contains(&"Russia’s Foreign Minister Sergey Lavrov".to_string()));
    assert!(covered.contains(&"Sergey ".to_string()));
    assert!(covered.contains(&"\u{a0}".to_string()) && covered.contains(&"\t".to_string()));
    assert_eq!(py_slice(docs[1].0.text(), 7, 12), "👨‍👩‍👧");
    assert_eq!(py_slice(docs[1].0.text(), 35, 40), "Cafe\u{301}");
    assert_eq!(py_slice(docs[2].0.text(), 29, 38), "محمد عباس");
    assert_eq!(py_slice(docs[3].0.text(), 26, 31), "nsubj");

    let (schema, pairs) = corpus_of(&docs);
    let corpus = Corpus {
        schema: &schema,
        documents: &pairs,
    };
    let docbin = spacy::export_docbin(corpus);
    let json = spacy::export_json(corpus);
    assert_eq!(docbin.dropped, json.dropped);
    assert_eq!(docbin.dropped.len(), 2, "{:?}", docbin.dropped);
    assert!(
        docbin.dropped[0].starts_with("10 overlapping spans are only in the span group “postil”")
    );
    assert!(
        docbin.dropped[1].contains("“Symbols”"),
        "{:?}",
        docbin.dropped
    );

    let expected: Vec<serde_json::Value> = docs
        .iter()
        .map(|(doc, set)| {
            let spans: Vec<(u32, u32, &str)> = set
                .iter()
                .map(|a| (a.span.start, a.span.end, a.label.as_str()))
                .collect();
            let ents: Vec<_> = spacy::entities(&spans)
                .into_iter()
                .map(|i| spans[i])
                .collect();
            serde_json::json!({"text": doc.text(), "ents": ents, "spans": spans})
        })
        .collect();
    let dir = verify_dir();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("spacy_corpus.spacy"), &docbin.bytes).unwrap();
    std::fs::write(dir.join("spacy_corpus.json"), &json.bytes).unwrap();
    let sidecar = serde_json::json!({"spans_key": SPANS_KEY, "docs": expected});
    std::fs::write(dir.join("spacy_expected.json"), sidecar.to_string()).unwrap();

    // And both read back: the same texts (normalised) and every span.
    let want: Vec<(String, Spans)> = docs
        .iter()
        .map(|(d, s)| normalised(d.text(), &spans_of(s)))
        .collect();
    for (name, bytes, import) in [
        (
            "x.spacy",
            &docbin.bytes,
            spacy::import_docbin as fn(&str, &[u8]) -> _,
        ),
        ("x.json", &json.bytes, spacy::import_json),
    ] {
        let imported = import(name, bytes).unwrap();
        assert_eq!(imported_docs(&imported), want, "{name}");
        assert_eq!(imported.skipped, Vec::<String>::new(), "{name}");
        let titles: Vec<&str> = imported.articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles[0], "Lavrov met Qureshi in Islamabad", "{name}");
        assert_eq!(
            imported.articles[3].source,
            format!(
                "{name} {} 4",
                if name.ends_with("json") {
                    "record"
                } else {
                    "doc"
                }
            )
        );
    }
}

#[test]
fn json_holds_entities_and_all_spans() {
    let docs = vec![doc_with(
        "d",
        "",
        "Sergey Lavrov spoke",
        &[(0, 13, "PER"), (7, 13, "PER")],
    )];
    let (schema, pairs) = corpus_of(&docs);
    let out = spacy::export_json(Corpus {
        schema: &schema,
        documents: &pairs,
    });
    let text = String::from_utf8(out.bytes).unwrap();
    assert_eq!(
        text,
        "[\n  [\"Sergey Lavrov spoke\",{\"entities\":[[0,13,\"PER\"]],\"spans\":{\"postil\":[[0,13,\"PER\"],[7,13,\"PER\"]]}}]\n]\n"
    );
    assert!(spacy::looks_like_json(text.as_bytes()));
}

#[test]
fn sniffing_json() {
    let cases: &[(&str, bool)] = &[
        ("[[\"a\", {\"entities\": []}]]", true),
        ("\u{feff} [\n [ \"a\", {\"spans\": {}}]]", true),
        ("[[\"a\", {}]]", false),
        ("{\"entities\": []}", false),
        ("[{\"text\": \"a\", \"entities\": []}]", false),
        ("[]", false),
        ("", false),
    ];
    for (text, want) in cases {
        assert_eq!(spacy::looks_like_json(text.as_bytes()), *want, "{text:?}");
    }
}

#[test]
fn json_problems_name_their_record() {
    let file = r#"[
        ["Fine text", {"entities": [[0, 4, "X"]], "cats": {"A": 1.0}}],
        ["Short", {"entities": [[0, 40, "X"], [3, 1, "Y"]]}],
        ["Tags", {"entities": ["B-X", "O"]}],
        [7, {}],
        ["Bad", {"spans": {"sc": [[0, 1]]}}],
        "no pair"
    ]"#;
    let Err(FormatError::Problems { problems, .. }) = spacy::import_json("f.json", file.as_bytes())
    else {
        panic!("expected problems");
    };
    let got: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        [
            "record 2: span [0, 40) “X” is outside the text (5 characters)",
            "record 2: span [3, 1) “Y” is empty or ends before it starts",
            "record 3: \"entities\" are BILUO tags, which need spaCy's tokens; Postil reads [start, end, \"LABEL\"] offsets",
            "record 4: the text is not a string",
            "record 5: item 1 of \"spans\" “sc” is not [start, end, \"LABEL\"] with whole-number offsets",
            "record 6: it is not a [text, {\"entities\": […]}] pair",
        ]
    );
    let ok = spacy::import_json(
        "f.json",
        br#"[["Fine text", {"entities": [[0, 4, "X"]], "cats": {"A": 1.0}}], ["  ", {}]]"#,
    )
    .unwrap();
    assert_eq!(ok.articles[0].annotations, vec![(0, 4, "X".to_string())]);
    assert_eq!(
        ok.skipped,
        [
            "“cats” of 1 record (Postil has no place for it)",
            "1 blank record without text (record 2)"
        ]
    );
    for (bytes, reason) in [
        (&b"{\"a\": 1}"[..], "not a JSON list"),
        (b"[[\"a\"", "not JSON"),
        (b"[]", "holds no text"),
    ] {
        let err = spacy::import_json("f.json", bytes).unwrap_err();
        assert!(err.to_string().contains(reason), "{err}");
    }
}

/// A DocBin's message, to take apart and break in tests.
fn unpack(bytes: &[u8]) -> rmpv::Value {
    let mut raw = Vec::new();
    flate2::read::ZlibDecoder::new(bytes)
        .read_to_end(&mut raw)
        .unwrap();
    rmpv::decode::read_value(&mut &raw[..]).unwrap()
}

fn pack(value: &rmpv::Value) -> Vec<u8> {
    let mut raw = Vec::new();
    rmpv::encode::write_value(&mut raw, value).unwrap();
    zlib(&raw)
}

fn zlib(raw: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(6));
    encoder.write_all(raw).unwrap();
    encoder.finish().unwrap()
}

fn field<'v>(value: &'v mut rmpv::Value, key: &str) -> &'v mut rmpv::Value {
    let rmpv::Value::Map(entries) = value else {
        panic!("not a map")
    };
    &mut entries
        .iter_mut()
        .find(|(k, _)| k.as_str() == Some(key))
        .unwrap()
        .1
}

#[test]
fn docbin_layout_is_spacys() {
    let docs = vec![doc_with(
        "d",
        "",
        "Sergey  Lavrov",
        &[(0, 6, "PER"), (0, 14, "PER")],
    )];
    let (schema, pairs) = corpus_of(&docs);
    let out = spacy::export_docbin(Corpus {
        schema: &schema,
        documents: &pairs,
    });
    assert_eq!(out.mime, "application/octet-stream");
    let mut message = unpack(&out.bytes);
    assert_eq!(field(&mut message, "version").as_str(), Some("0.1"));
    let attrs: Vec<u64> = field(&mut message, "attrs")
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(attrs, [65, 77, 78]);
    // "Sergey" + space flag, " " (the second space), "Lavrov": the entity is the outer span.
    let row = |orth: &str, iob: u64, label: &str| [string_id(orth), iob, string_id(label)];
    let want: Vec<u8> = [
        row("Sergey", 3, "PER"),
        row(" ", 1, "PER"),
        row("Lavrov", 1, "PER"),
    ]
    .iter()
    .flatten()
    .flat_map(|v| v.to_le_bytes())
    .collect();
    assert_eq!(field(&mut message, "tokens").as_slice(), Some(&want[..]));
    assert_eq!(
        field(&mut message, "spaces").as_slice(),
        Some(&[1u8, 0, 0][..])
    );
    assert_eq!(
        field(&mut message, "lengths").as_slice(),
        Some(&3i32.to_le_bytes()[..])
    );
    let strings: Vec<&str> = field(&mut message, "strings")
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(strings, [" ", "Lavrov", "PER", "Sergey"]);
    // doc.spans: {group bytes: ["postil"]}; each span `>QQQllll`.
    let groups = field(&mut message, "span_groups").as_array().unwrap()[0]
        .as_slice()
        .unwrap()
        .to_vec();
    let groups = rmpv::decode::read_value(&mut &groups[..]).unwrap();
    let (group, keys) = &groups.as_map().unwrap()[0];
    assert_eq!(keys.as_array().unwrap()[0].as_str(), Some("postil"));
    let group = rmpv::decode::read_value(&mut group.as_slice().unwrap()).unwrap();
    assert_eq!(group["name"].as_str(), Some("postil"));
    let spans = group["spans"].as_array().unwrap();
    let packed = |label: &str, ints: [i32; 4]| {
        let mut v = [
            0u64.to_be_bytes(),
            0u64.to_be_bytes(),
            string_id(label).to_be_bytes(),
        ]
        .concat();
        v.extend(ints.iter().flat_map(|i| i.to_be_bytes()));
        v
    };
    assert_eq!(spans[0].as_slice(), Some(&packed("PER", [0, 3, 0, 14])[..]));
    assert_eq!(spans[1].as_slice(), Some(&packed("PER", [0, 1, 0, 6])[..]));
}

#[test]
fn docbin_problems_name_their_doc() {
    let docs = vec![
        doc_with("a", "", "Sergey spoke", &[(0, 6, "PER")]),
        doc_with("b", "", "Lavrov answered", &[(0, 6, "PER")]),
    ];
    let (schema, pairs) = corpus_of(&docs);
    let out = spacy::export_docbin(Corpus {
        schema: &schema,
        documents: &pairs,
    });
    // Take "answered" out of the strings: doc 2's second token has no text any more.
    let mut message = unpack(&out.bytes);
    let rmpv::Value::Array(strings) = field(&mut message, "strings") else {
        panic!()
    };
    strings.retain(|s| s.as_str() != Some("answered"));
    let Err(FormatError::Problems { problems, .. }) =
        spacy::import_docbin("x.spacy", &pack(&message))
    else {
        panic!("expected problems");
    };
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].at, "doc 2");
    assert!(
        problems[0].what.starts_with("token 2: its text (id "),
        "{}",
        problems[0]
    );

    // A span group whose span runs past the text.
    let mut message = unpack(&out.bytes);
    let rmpv::Value::Array(groups) = field(&mut message, "span_groups") else {
        panic!()
    };
    let outer = rmpv::decode::read_value(&mut groups[0].as_slice().unwrap()).unwrap();
    let (group, keys) = outer.as_map().unwrap()[0].clone();
    let mut group = rmpv::decode::read_value(&mut group.as_slice().unwrap()).unwrap();
    let rmpv::Value::Array(spans) = field(&mut group, "spans") else {
        panic!()
    };
    let mut span = spans[0].as_slice().unwrap().to_vec();
    span[36..40].copy_from_slice(&99i32.to_be_bytes()); // end_char
    spans[0] = rmpv::Value::Binary(span);
    let mut raw = Vec::new();
    rmpv::encode::write_value(&mut raw, &group).unwrap();
    let mut outer = Vec::new();
    rmpv::encode::write_value(
        &mut outer,
        &rmpv::Value::Map(vec![(rmpv::Value::Binary(raw), keys)]),
    )
    .unwrap();
    groups[0] = rmpv::Value::Binary(outer);
    let err = spacy::import_docbin("x.spacy", &pack(&message)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "1 problem in this spaCy DocBin file: doc 1: span [0, 99) “PER” is outside the text (12 characters)"
    );

    for (bytes, reason) in [
        (&b"not zlib"[..], "not zlib-compressed"),
        (&zlib(b"\x82\xa1")[..], "not MessagePack"),
        (
            &pack(&rmpv::Value::Map(vec![]))[..],
            "no list of attribute ids",
        ),
    ] {
        let err = spacy::import_docbin("x.spacy", bytes).unwrap_err();
        assert!(matches!(err, FormatError::NotThisFormat { .. }), "{err}");
        assert!(err.to_string().contains(reason), "{err}");
    }
}

/// Pieces of text where offsets disagree, and whitespace of every kind spaCy sees.
const PIECES: &[&str] = &[
    "Lavrov",
    "Sergey",
    "PERSON",
    "北",
    "京",
    "👨‍👩‍👧",
    "🇵🇰",
    "cafe\u{301}",
    "שלום",
    "محمد",
    " ",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\t",
    "\u{a0}",
    ",",
    ".",
    "’s",
    "'s",
    "...",
    "-",
    "x",
];

fn text_strategy() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 1..24)
        .prop_map(|pieces| normalize(&format!("W {}", pieces.concat())).text)
}

fn corpus_strategy() -> impl Strategy<Value = Vec<GenDoc>> {
    let doc = text_strategy().prop_flat_map(|text| {
        let len = text.chars().count() as u32;
        let span = (
            0..len,
            1..=len,
            proptest::sample::select(&["PER", "ORG", "PERSON", "two words"][..]),
        )
            .prop_map(|(a, b, l)| (a.min(b), a.max(b), l.to_string()))
            .prop_filter("non-empty", |(a, b, _)| a < b);
        (Just(text), proptest::collection::vec(span, 0..8))
    });
    proptest::collection::vec(doc, 1..4)
}

fn round_trip(docs: &[GenDoc]) -> Result<(), TestCaseError> {
    let built: Vec<(Document, AnnotationSet)> = docs
        .iter()
        .enumerate()
        .map(|(i, (text, spans))| {
            let unique: Spans = spans.iter().cloned().collect();
            let spans: Vec<(u32, u32, &str)> = unique
                .iter()
                .map(|(s, e, l)| (*s, *e, l.as_str()))
                .collect();
            doc_with(&format!("d{i}"), "", text, &spans)
        })
        .collect();
    let (schema, pairs) = corpus_of(&built);
    let corpus = Corpus {
        schema: &schema,
        documents: &pairs,
    };
    let want: Vec<(String, Spans)> = built
        .iter()
        .map(|(d, s)| (d.text().to_string(), spans_of(s)))
        .collect();
    let docbin = spacy::import_docbin("p.spacy", &spacy::export_docbin(corpus).bytes).unwrap();
    prop_assert_eq!(&imported_docs(&docbin), &want);
    let json = spacy::import_json("p.json", &spacy::export_json(corpus).bytes).unwrap();
    prop_assert_eq!(&imported_docs(&json), &want);
    Ok(())
}

/// Every annotation boundary is a token boundary, and the tokens rebuild the text exactly.
fn check_tokens(text: &str, spans: &[(u32, u32, String)]) -> Result<(), TestCaseError> {
    let bounds: Vec<(u32, u32)> = spans.iter().map(|s| (s.0, s.1)).collect();
    let tokens: Vec<Token> = spacy::tokens(text, &bounds);
    let mut rebuilt = String::new();
    let mut at = 0;
    for t in &tokens {
        prop_assert_eq!(t.start, at, "tokens are contiguous");
        prop_assert!(t.start < t.end, "no empty token");
        rebuilt.push_str(&py_slice(text, t.start, t.end));
        at = t.end;
        if t.space {
            rebuilt.push(' ');
            at += 1;
        }
    }
    prop_assert_eq!(&rebuilt, text);
    for (s, e) in bounds {
        prop_assert!(
            tokens.iter().any(|t| t.start == s),
            "a token starts at {}",
            s
        );
        prop_assert!(tokens.iter().any(|t| t.end == e), "a token ends at {}", e);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn both_formats_round_trip(docs in corpus_strategy()) {
        round_trip(&docs)?;
    }

    #[test]
    fn tokens_rebuild_the_text_and_fit_every_span(docs in corpus_strategy()) {
        for (text, spans) in &docs {
            check_tokens(text, spans)?;
        }
    }
}

#[test]
fn reads_a_docbin_spacy_wrote() {
    // Written by spaCy 3.8.7 (`verify/spacy_fixture.py`): DocBin's default columns, a tag, entities, a
    // span group "sc" and categories.
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/spacy_written.spacy"
    ))
    .unwrap();
    let imported = spacy::import_docbin("written.spacy", &bytes).unwrap();
    let got: Vec<_> = imported
        .articles
        .iter()
        .map(|a| (a.title.as_str(), a.text.as_str(), a.annotations.clone()))
        .collect();
    let owned = |v: &[(u32, u32, &str)]| {
        v.iter()
            .map(|&(s, e, l)| (s, e, l.to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        got,
        [
            (
                "Sergey Lavrov met Shah Mahmood Qureshi in Islamabad.",
                "Sergey Lavrov met Shah Mahmood Qureshi in Islamabad.\n\nBoth  spoke of PERSON.",
                owned(&[(0, 13, "PERSON"), (0, 6, "FIRST"), (42, 51, "GPE")]),
            ),
            (
                "Café in 北京 and 🇵🇰 today",
                "Café in 北京 and 🇵🇰 today",
                owned(&[(0, 4, "ORG"), (8, 10, "GPE")]),
            ),
        ]
    );
    assert_eq!(
        imported.skipped,
        [
            "the token attributes TAG (Postil keeps only the text and the spans)",
            "the categories (cats) of 1 doc"
        ]
    );
}

/// spaCy 2's JSON training format, written here from its description: tokenised sentences in
/// paragraphs, BILUO tags, a `raw` text whose quotes spaCy rewrote as `` and '', a paragraph
/// without `raw` (whose tokens say where spaces are: spaCy reads a missing `space` as none once
/// any token of a paragraph has one), an unknown tag "-", linguistic fields and categories.
fn spacy2_file() -> serde_json::Value {
    let token = |orth: &str, ner: &str| serde_json::json!({"orth": orth, "tag": "NN", "dep": "dep", "head": 0, "ner": ner});
    serde_json::json!([
        {"id": 0, "paragraphs": [
            {"raw": "He said “Lavrov met Qureshi” in New York.", "sentences": [{"tokens": [
                token("He", "O"), token("said", "O"), token("``", "O"), token("Lavrov", "U-PERSON"),
                token("met", "O"), token("Qureshi", "U-PERSON"), token("''", "O"), token("in", "O"),
                token("New", "B-GPE"), token("York", "L-GPE"), token(".", "O"),
            ]}]},
            {"sentences": [
                {"tokens": [
                    {"orth": "Talks", "ner": "O", "space": true}, {"orth": "ended", "ner": "O", "space": true}, {"orth": "on", "ner": "-", "space": true},
                    {"orth": "Tuesday", "ner": "U-DATE", "space": false}, {"orth": ".", "ner": "O", "space": true},
                ]},
                {"tokens": [
                    {"orth": "Sergey", "ner": "B-PERSON", "space": true}, {"orth": "Lavrov", "ner": "L-PERSON", "space": true},
                    {"orth": "left", "ner": "O", "space": false},
                ]},
            ]},
        ]},
        {"id": "b", "paragraphs": [
            {"raw": "北京 and 🇵🇰 talks", "cats": [{"label": "politics", "value": 1}], "sentences": [{"tokens": [
                token("北京", "U-GPE"), token("and", "O"), token("🇵🇰", "U-GPE"), token("talks", "O"),
            ]}]},
        ]},
    ])
}

#[test]
fn spacy2_training_json_is_read_and_written_down_for_spacy() {
    let file = spacy2_file();
    let bytes = serde_json::to_vec_pretty(&file).unwrap();
    assert_eq!(
        postil_core::formats::registry::detect("train.json", &bytes),
        Some(postil_core::formats::registry::Kind::SpacyJson)
    );
    let imported = spacy::import_json("train.json", &bytes).unwrap();
    let docs: Vec<(String, Vec<(String, String)>)> = (imported.articles.iter())
        .map(|a| {
            let ents = (a.annotations.iter())
                .map(|(s, e, l)| (py_slice(&a.text, *s, *e), l.clone()))
                .collect();
            (a.text.clone(), ents)
        })
        .collect();
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(t, l)| (t.to_string(), l.to_string()))
            .collect()
    };
    assert_eq!(
        docs,
        [
            (
                "He said “Lavrov met Qureshi” in New York.\n\nTalks ended on Tuesday.\nSergey Lavrov left"
                    .to_string(),
                pairs(&[
                    ("Lavrov", "PERSON"),
                    ("Qureshi", "PERSON"),
                    ("New York", "GPE"),
                    ("Tuesday", "DATE"),
                    ("Sergey Lavrov", "PERSON"),
                ])
            ),
            (
                "北京 and 🇵🇰 talks".to_string(),
                pairs(&[("北京", "GPE"), ("🇵🇰", "GPE")])
            ),
        ]
    );
    let ids: Vec<Option<&str>> = (imported.articles.iter())
        .map(|a| a.id_hint.as_deref())
        .collect();
    assert_eq!(ids, [Some("0"), Some("b")]);
    assert_eq!(
        imported.skipped,
        [
            "15 tokens' part-of-speech tags, heads and dependencies (Postil holds labeled spans)",
            "1 paragraph's categories (document labels are not read from spaCy files)",
        ]
    );
    assert_eq!(
        imported.adjusted,
        [
            "1 paragraph had no \"raw\" text: rebuilt from the tokens, a space between tokens \
             and a line break between sentences",
            "2 tokens were written `` or '' where the text has a quotation mark: matched to it",
            "1 token had the entity tag \"-\" (unknown): read as outside any entity",
        ]
    );
    // A token that is not in the raw text, and a tag that is not BILUO, name their place.
    let broken = serde_json::json!([{"paragraphs": [{"raw": "Lavrov met.", "sentences": [{"tokens": [
        {"orth": "Lavrov", "ner": "X-PER"}, {"orth": "saw", "ner": "O"}]}]}]}]);
    match spacy::import_json("b.json", &serde_json::to_vec(&broken).unwrap()) {
        Err(FormatError::Problems { problems, .. }) => assert_eq!(
            problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["document 1: paragraph 1: token 2 “saw” is not where its text goes on (“met.”)"]
        ),
        other => panic!("{other:?}"),
    }
    // For verify/check_spacy.py: spaCy's own reader of this format (one Doc per paragraph) is
    // to find the same entities, by their text and label.
    let expected: Vec<serde_json::Value> = (file.as_array().unwrap().iter().zip(&docs))
        .map(|(doc, (_, ents))| {
            serde_json::json!({"paragraphs": doc["paragraphs"].as_array().unwrap().len(), "ents": ents})
        })
        .collect();
    let dir = verify_dir();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("spacy2_train.json"), &bytes).unwrap();
    std::fs::write(
        dir.join("spacy2_expected.json"),
        serde_json::json!({"docs": expected}).to_string(),
    )
    .unwrap();
}
