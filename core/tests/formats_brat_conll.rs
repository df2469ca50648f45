//! brat standoff and CoNLL-2003/IOB2, both ways: exact round trips, what each format cannot
//! hold, and every refusal, on text where code points, UTF-16 units and bytes all disagree.
//! Offsets are `char`s (Python `str` indices), spans half-open.

mod support;
use postil_core::article::normalize;
use postil_core::corpus::Corpus;
use postil_core::formats::{brat, conll, Exported, FormatError, Imported};
use postil_core::{Annotation, AnnotationId, AnnotationSet, Document, LabelSchema, Overlaps, Span};
use proptest::prelude::*;
use std::io::{Cursor, Write};
use support::{unzip, zip_of};

/// A ZWJ family, a flag, CJK, combining marks that NFC keeps (Devanagari, and x with two marks
/// in canonical order), Hebrew and Arabic: Postil text, already normalised.
const TRICKY: &str = "Family 👩‍👩‍👧 in 🇵🇰 Lahore\n\nक्षत्रिय x\u{323}\u{301} talks in 北京 with שלום and مرحبا.\nLast line";

/// The `char` span of the `nth` (0-based) occurrence of `needle` in `text`.
fn find(text: &str, needle: &str, nth: usize) -> Span {
    let byte = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} not in text"))
        .0;
    let start = text[..byte].chars().count() as u32;
    Span::new(start, start + needle.chars().count() as u32)
}

/// A set from `(span, label, note)`s.
fn set_of(doc: &Document, spans: &[(Span, &str, &str)]) -> AnnotationSet {
    let items = spans
        .iter()
        .enumerate()
        .map(|(i, (span, label, note))| Annotation {
            created: None,
            attributes: Default::default(),
            id: AnnotationId(i as u32 + 1),
            span: *span,
            label: label.to_string(),
            note: note.to_string(),
        })
        .collect();
    AnnotationSet::from_parts(doc.char_len(), items, 1, Overlaps::Allowed).unwrap()
}

fn export_with(export: fn(Corpus) -> Exported, docs: &[(Document, AnnotationSet)]) -> Exported {
    let schema = LabelSchema::default_ner();
    let pairs: Vec<(&Document, &AnnotationSet)> = docs.iter().map(|(d, s)| (d, s)).collect();
    export(Corpus {
        schema: &schema,
        documents: &pairs,
    })
}

/// `(start, end, label, note)` of a set, in reading order (same spans by label).
fn spans_of(set: &AnnotationSet) -> Vec<(u32, u32, String, String)> {
    let mut out: Vec<_> = set
        .iter()
        .map(|a| (a.span.start, a.span.end, a.label.clone(), a.note.clone()))
        .collect();
    out.sort_by_key(|(s, e, l, _)| (*s, std::cmp::Reverse(*e), l.clone()));
    out
}

/// The same for an imported article, sorted as a set sorts.
fn article_spans(imported: &Imported, i: usize) -> Vec<(u32, u32, String, String)> {
    let a = &imported.articles[i];
    let mut out: Vec<_> = a
        .annotations
        .iter()
        .enumerate()
        .map(|(j, (s, e, l))| {
            (
                *s,
                *e,
                l.clone(),
                a.notes.get(j).cloned().unwrap_or_default(),
            )
        })
        .collect();
    out.sort_by_key(|(s, e, l, _)| (*s, std::cmp::Reverse(*e), l.clone()));
    out
}

fn problems(result: Result<Imported, FormatError>) -> Vec<String> {
    match result {
        Err(FormatError::Problems { problems, .. }) => {
            problems.iter().map(ToString::to_string).collect()
        }
        other => panic!("expected problems, got {other:?}"),
    }
}

/// Python's `text[start:end]` on the text as Python's universal newlines read it.
fn py_slice(text: &str, start: usize, end: usize) -> String {
    let view = text.replace("\r\n", "\n").replace('\r', "\n");
    view.chars().skip(start).take(end - start).collect()
}

/// Checks every `T` line of every `.ann` in a brat zip against its `.txt`, as brat would.
fn check_ann_lines(zip: &[u8]) -> usize {
    let entries = unzip(zip);
    let text_of = |name: &str| {
        let (_, bytes) = entries.iter().find(|(n, _)| n == name).unwrap();
        String::from_utf8(bytes.clone()).unwrap()
    };
    let mut checked = 0;
    for (name, bytes) in &entries {
        let Some(stem) = name.strip_suffix(".ann") else {
            continue;
        };
        let text = text_of(&format!("{stem}.txt"));
        for line in std::str::from_utf8(bytes).unwrap().lines() {
            if !line.starts_with('T') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 3, "{line:?}");
            let (_, offsets) = fields[1].split_once(' ').unwrap();
            let pieces: Vec<String> = offsets
                .split(';')
                .map(|f| {
                    let (s, e) = f.split_once(' ').unwrap();
                    py_slice(&text, s.parse().unwrap(), e.parse().unwrap())
                })
                .collect();
            assert_eq!(pieces.join(" "), fields[2], "{name}: {line:?}");
            checked += 1;
        }
    }
    checked
}

// ---------------------------------------------------------------------------------------------
// brat

fn tricky_doc() -> (Document, AnnotationSet) {
    let doc = Document::new("d1", "", TRICKY);
    let spans = [
        (find(TRICKY, "👩‍👩‍👧", 0), "MISC", "a ZWJ family: 5 code points"),
        (find(TRICKY, "🇵🇰 Lahore", 0), "GPE", ""),
        (
            find(TRICKY, "Lahore", 0),
            "GPE",
            "nested in the span before",
        ),
        (
            find(TRICKY, "क्षत्रिय x\u{323}\u{301}", 0),
            "MISC",
            "tab\there",
        ),
        (find(TRICKY, "x\u{323}\u{301} talks", 0), "EVENT", ""),
        (find(TRICKY, "北京", 0), "GPE", ""),
        (find(TRICKY, "שלום and مرحبا", 0), "MISC", ""),
        (find(TRICKY, "مرحبا", 0), "PERSON", ""),
        // Over a line break: written as two fragments, read back as one span.
        (find(TRICKY, "مرحبا.\nLast", 0), "ORG", ""),
    ];
    let set = set_of(&doc, &spans);
    (doc, set)
}

#[test]
fn brat_round_trip_is_exact_on_tricky_text() {
    assert_eq!(normalize(TRICKY).text, TRICKY, "the fixture is Postil text");
    let (doc, set) = tricky_doc();
    let other = Document::new("d2", "Second", "Second\n\nJust 🇵🇰.");
    let other_set = set_of(&other, &[(find(other.text(), "🇵🇰", 0), "GPE", "")]);
    let exported = export_with(
        brat::export,
        &[(doc, set.clone()), (other, other_set.clone())],
    );
    assert_eq!(exported.dropped, Vec::<String>::new());
    assert_eq!(exported.mime, "application/zip");
    let imported = brat::import("corpus-brat.zip", &exported.bytes).unwrap();
    assert_eq!(imported.skipped, Vec::<String>::new());
    assert_eq!(imported.articles.len(), 2);
    // Entries are sorted by name: "family-in-lahore" before "second".
    assert_eq!(imported.articles[0].text, TRICKY);
    assert_eq!(article_spans(&imported, 0), spans_of(&set));
    assert_eq!(imported.articles[0].title, "Family 👩‍👩‍👧 in 🇵🇰 Lahore");
    assert_eq!(
        imported.articles[0].id_hint.as_deref(),
        Some("family-in-lahore")
    );
    assert_eq!(imported.articles[1].text, "Second\n\nJust 🇵🇰.");
    assert_eq!(article_spans(&imported, 1), spans_of(&other_set));
}

#[test]
fn brat_zip_is_deterministic_sorted_and_dated_1980() {
    let (doc, set) = tricky_doc();
    let same = Document::new("d9", doc.title(), doc.text());
    let docs = [(doc, set.clone()), (same, set)];
    let a = export_with(brat::export, &docs);
    let b = export_with(brat::export, &docs);
    assert_eq!(a.bytes, b.bytes);
    let names: Vec<String> = unzip(&a.bytes).into_iter().map(|(n, _)| n).collect();
    assert_eq!(
        names,
        [
            "annotation.conf",
            "family-in-lahore-2.ann",
            "family-in-lahore-2.txt",
            "family-in-lahore.ann",
            "family-in-lahore.txt",
        ]
    );
    let mut archive = zip::ZipArchive::new(Cursor::new(&a.bytes[..])).unwrap();
    for i in 0..archive.len() {
        let file = archive.by_index(i).unwrap();
        let time = file.last_modified().unwrap();
        assert_eq!((time.year(), time.month(), time.day()), (1980, 1, 1));
        assert_eq!(file.compression(), zip::CompressionMethod::Deflated);
    }
}

#[test]
fn brat_files_hold_the_text_exactly_and_ann_lines_as_brat_writes_them() {
    let (doc, set) = tricky_doc();
    let exported = export_with(brat::export, &[(doc, set)]);
    let entries = unzip(&exported.bytes);
    let get = |name: &str| {
        let (_, b) = entries.iter().find(|(n, _)| n == name).unwrap();
        String::from_utf8(b.clone()).unwrap()
    };
    assert_eq!(get("family-in-lahore.txt"), TRICKY);
    let ann = get("family-in-lahore.ann");
    let lines: Vec<&str> = ann.lines().collect();
    // 👩‍👩‍👧 is 5 code points from 7; the flag 2 from 15.
    assert_eq!(lines[0], "T1\tMISC 7 12\t👩‍👩‍👧");
    assert_eq!(
        lines[1],
        "#1\tAnnotatorNotes T1\ta ZWJ family: 5 code points"
    );
    assert_eq!(lines[2], "T2\tGPE 16 25\t🇵🇰 Lahore");
    assert!(ann.contains("\tAnnotatorNotes T4\ttab\there\n"), "{ann}");
    let over = find(TRICKY, "مرحبا.\nLast", 0);
    let line_break = over.start + 6;
    assert!(
        ann.contains(&format!(
            "\tORG {} {line_break};{} {}\tمرحبا. Last\n",
            over.start,
            line_break + 1,
            over.end
        )),
        "{ann}"
    );
    let conf = get("annotation.conf");
    assert!(conf.starts_with("[entities]\nPERSON\n"), "{conf}");
    assert!(
        conf.contains("\n[relations]\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n")
    );
    assert!(conf.ends_with("\n[events]\n\n[attributes]\n"));
    assert_eq!(check_ann_lines(&exported.bytes), 9);
}

#[test]
fn brat_counts_crlf_as_brat_does_and_imports_the_text_brat_sees() {
    let text = "Lavrov\r\nmet Khan 🇵🇰\r\nin Islamabad";
    let doc = Document::new("d", "Talks", text);
    let spans = [
        (find(text, "Khan", 0), "PERSON", ""),
        (find(text, "Khan 🇵🇰\r\nin", 0), "MISC", "over CRLF"),
        (find(text, "Islamabad", 0), "GPE", ""),
    ];
    let set = set_of(&doc, &spans);
    let exported = export_with(brat::export, &[(doc, set)]);
    assert_eq!(exported.dropped, Vec::<String>::new());
    let entries = unzip(&exported.bytes);
    assert_eq!(entries[2].1, text.as_bytes(), "the .txt keeps CRLF");
    let ann = String::from_utf8(entries[1].1.clone()).unwrap();
    // "Khan" is at 12 in the text, at 11 where brat counts (one \r before it).
    assert!(
        ann.starts_with("T1\tMISC 11 18;19 21\tKhan 🇵🇰 in\n"),
        "{ann}"
    );
    assert!(ann.contains("\nT2\tPERSON 11 15\tKhan\n"), "{ann}");
    assert_eq!(check_ann_lines(&exported.bytes), 3);
    let imported = brat::import("talks.zip", &exported.bytes).unwrap();
    let article = &imported.articles[0];
    assert_eq!(article.text, text.replace("\r\n", "\n"));
    let covered: Vec<String> = article
        .annotations
        .iter()
        .map(|(s, e, l)| {
            let t: String = article
                .text
                .chars()
                .skip(*s as usize)
                .take((e - s) as usize)
                .collect();
            format!("{l} {t}")
        })
        .collect();
    assert_eq!(
        covered,
        ["MISC Khan 🇵🇰\nin", "PERSON Khan", "GPE Islamabad"]
    );
}

#[test]
fn brat_export_lists_what_it_cannot_hold() {
    let text = "Lavrov\r\nmet\n\nKhan";
    let doc = Document::new("d", "Talks", text);
    let set = set_of(
        &doc,
        &[
            (Span::new(0, 7), "PERSON", ""),           // ends between \r and \n
            (Span::new(11, 13), "ORG", ""),            // only line breaks
            (Span::new(8, 12), "EVENT", "two\nlines"), // ends in a line break
            (Span::new(13, 17), "odd label", ""),
        ],
    );
    let exported = export_with(brat::export, &[(doc, set)]);
    assert_eq!(
        exported.dropped,
        [
            "1 span was dropped: they start or end between \\r and \\n, which brat reads as one \
             line break: “Lavrov” (PERSON) in “Talks”",
            "1 span was dropped: they hold only line breaks, and a brat span cannot: “” (ORG) in \
             “Talks”",
            "1 span starts or ends at a line break, which brat cannot hold; they were written \
             without it: “met” (EVENT) in “Talks”",
            "1 note had line breaks, written as spaces (an .ann line holds one line)",
            "1 label has white space, which brat type names cannot; written: “odd label” as \
             odd_label",
        ]
    );
    let entries = unzip(&exported.bytes);
    let ann = String::from_utf8(entries[1].1.clone()).unwrap();
    assert_eq!(
        ann,
        "T1\tEVENT 7 10\tmet\n#1\tAnnotatorNotes T1\ttwo lines\nT2\todd_label 12 16\tKhan\n"
    );
    assert!(String::from_utf8(entries[0].1.clone())
        .unwrap()
        .contains("\nodd_label\n"));
}

#[test]
fn brat_reads_a_zip_deflated_by_python_and_counts_what_it_skips() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/brat-python-deflated.zip"
    ))
    .unwrap();
    let imported = brat::import("collection.zip", &bytes).unwrap();
    assert_eq!(
        imported.skipped,
        [
            "1 equivalence: collection/doc1.ann *",
            "1 normalization: collection/doc1.ann N1",
        ]
    );
    // The event, its attribute and note, and the discontinuous span are read, and said so.
    assert_eq!(
        imported.adjusted,
        [
            "1 event was read as its trigger span with its roles as relations from it \
             (Agent, Partner): collection/doc1.ann E1",
            "1 discontinuous span has text between its fragments: each fragment was read as a \
             span of its label, linked to the next by a “fragment” relation (Postil spans are \
             continuous): collection/doc1.ann T6",
        ]
    );
    let covered = |i: usize| -> Vec<String> {
        let a = &imported.articles[i];
        a.annotations
            .iter()
            .zip(
                a.notes
                    .iter()
                    .map(String::as_str)
                    .chain(std::iter::repeat("")),
            )
            .map(|((s, e, l), note)| {
                let t: String = a
                    .text
                    .chars()
                    .skip(*s as usize)
                    .take((e - s) as usize)
                    .collect();
                format!("{l} {t} {note}").trim_end().to_string()
            })
            .collect()
    };
    assert_eq!(
        covered(0),
        [
            "PER Sergey Lavrov",
            "PER Shah Mahmood Qureshi",
            "GPE Islamabad capital of Pakistan",
            "Meeting met a note on the event",
            "MISC talks covered",
            "PER Lavrov",
            "PER Qureshi",
            "GPE 北京",
            "GPE 🇵🇰",
        ]
    );
    let link = &imported.articles[0].relations;
    assert_eq!(
        link.iter()
            .map(|l| (l.from, l.kind.as_str(), l.to))
            .collect::<Vec<_>>(),
        [
            (5, "fragment", 6),
            (3, "Agent", 0),
            (3, "Partner", 1),
            (1, "Located", 2)
        ],
        "T6's fragments, the event's roles from its trigger, and R1"
    );
    // A1 is on the event (so on its trigger), A2 on Sergey Lavrov.
    let attributes = &imported.articles[0].attributes;
    assert_eq!(
        attributes[0].get("Confidence").map(String::as_str),
        Some("High")
    );
    assert_eq!(
        attributes[3].get("Negated").map(String::as_str),
        Some("true")
    );
    assert_eq!(
        attributes.iter().map(|a| a.len()).sum::<usize>(),
        2,
        "{attributes:?}"
    );
    // CRLF read as brat reads it, and "cafe" + U+0301 normalised to "café", one character.
    assert_eq!(
        imported.articles[1].text,
        "Flag 🇵🇰 and family 👩‍👩‍👧\nSecond line: caf\u{e9} in תל אביב\n"
    );
    assert_eq!(
        covered(1),
        [
            "GPE 🇵🇰",
            "MISC 👩‍👩‍👧",
            "MISC 👩‍👩‍👧\nSecond",
            "FOOD caf\u{e9} combining acute, two code points",
            "GPE תל אביב",
        ]
    );
    assert_eq!(imported.articles[0].id_hint.as_deref(), Some("doc1"));
    assert_eq!(
        imported.articles[0].source,
        "collection.zip: collection/doc1.txt"
    );
    assert_eq!(
        imported.articles[0].title,
        "Sergey Lavrov met Shah Mahmood Qureshi in Islamabad."
    );
}

#[test]
fn brat_refuses_the_whole_zip_naming_every_problem() {
    const TEXT: &str = "Lavrov met Khan.";
    // (zip entries, every problem)
    type Case = (
        &'static [(&'static str, &'static str)],
        &'static [&'static str],
    );
    let cases: &[Case] = &[
        (
            &[
                ("a.txt", TEXT),
                ("a.ann", "T1\tPER 0 6\tLavrov\nT2\tPER 11 15\tKhan.\n"),
            ],
            &["a.ann line 2: T2 says its text is “Khan.” but the .txt has “Khan” at 11 15"],
        ),
        (
            &[
                ("a.txt", TEXT),
                (
                    "a.ann",
                    "T1\tPER 0 6\tLavrov\n\nT1\tPER 11 15\tKhan\nX1\tfoo\n",
                ),
            ],
            &[
                "a.ann line 3: the id T1 is used twice",
                "a.ann line 4: “X1” is not a brat annotation id (T, R, E, A, M, N, * or #)",
            ],
        ),
        (
            &[
                ("a.txt", TEXT),
                (
                    "a.ann",
                    "T1\tPER 0 99\tLavrov\n#1\tAnnotatorNotes T7\tgone\n",
                ),
            ],
            &[
                "a.ann line 1: T1: the fragment 0 99 runs past the end of the text (16 characters)",
                "a.ann line 2: the note is on T7, which is not in this file",
            ],
        ),
        (
            &[("b.ann", "T1\tPER 0 6\tLavrov\n"), ("a.txt", TEXT)],
            &["b.ann: there is no .txt file of the same name beside it"],
        ),
        (
            &[
                ("a.txt", "cafe\u{301} talk"),
                ("a.ann", "T1\tX 0 4\tcafe\n"),
            ],
            &[
                "a.ann line 1: [0, 4) starts or ends inside a letter with combining marks, which \
               Postil normalises to one character",
            ],
        ),
    ];
    for (entries, want) in cases {
        assert_eq!(
            problems(brat::import("c.zip", &zip_of(entries))),
            *want,
            "{entries:?}"
        );
    }
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("a.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(b"\xffx").unwrap();
    let bad = zip.finish().unwrap().into_inner();
    assert_eq!(
        problems(brat::import("c.zip", &bad)),
        [
            "a.txt: it is not UTF-8 text: byte 0 (line 1, value 0xFF) is not UTF-8. It may be \
          Latin-1 or Windows-1252: save it as UTF-8 and import it again"
        ]
    );
}

#[test]
fn brat_says_what_it_reads_when_given_something_else() {
    let cases: &[(&str, &[u8], &str)] = &[
        ("doc.ann", b"T1\tPER 0 6\tLavrov\n", "zip the folder"),
        ("doc.txt", b"Lavrov", "zip the folder"),
        (
            "doc.zip",
            b"T1\tPER 0 6\tLavrov\n",
            "it is not a zip that can be read",
        ),
        (
            "doc.zip",
            &zip_of(&[("notes.md", "# hi")]),
            "the zip holds no .txt or .ann files",
        ),
    ];
    for (name, bytes, want) in cases {
        match brat::import(name, bytes) {
            Err(FormatError::NotThisFormat {
                format: "brat",
                reason,
            }) => {
                assert!(reason.contains(want), "{name}: {reason}")
            }
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn brat_writes_a_zip_for_the_python_check() {
    // verify/check_brat.py reads this file: it checks every T line with Python's own slicing.
    let (doc, set) = tricky_doc();
    let text = "Lavrov\r\nmet Khan 🇵🇰\r\nin Islamabad";
    let crlf = Document::new("d", "Talks", text);
    let crlf_set = set_of(&crlf, &[(find(text, "Khan 🇵🇰\r\nin", 0), "MISC", "")]);
    // Attributes, a relation, and a discontinuous span (two fragments linked in order).
    let text = "Lavrov met Qureshi in Islamabad and 北京.";
    let linked = Document::new("l", "Linked", text);
    let mut linked_set = set_of(
        &linked,
        &[
            (find(text, "Lavrov", 0), "PER", ""),
            (find(text, "Qureshi", 0), "PER", "foreign minister"),
            (find(text, "Islamabad", 0), "GPE", ""),
            (find(text, "北京", 0), "GPE", ""),
        ],
    );
    let id = |words: &str| linked_set.exact(find(text, words, 0)).unwrap().id;
    let (lavrov, qureshi, islamabad, beijing) =
        (id("Lavrov"), id("Qureshi"), id("Islamabad"), id("北京"));
    for (from, to, kind) in [(lavrov, qureshi, "met"), (islamabad, beijing, "fragment")] {
        linked_set
            .run(|s| postil_core::edit::link(s, from, to, kind))
            .unwrap();
    }
    linked_set
        .run(|s| postil_core::edit::set_attribute(s, lavrov, "Negated", Some("true")))
        .unwrap();
    linked_set
        .run(|s| postil_core::edit::set_attribute(s, qureshi, "Confidence", Some("High")))
        .unwrap();
    let exported = export_with(
        brat::export,
        &[(doc, set), (crlf, crlf_set), (linked, linked_set)],
    );
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/verify");
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(format!("{dir}/brat.zip"), &exported.bytes).unwrap();
}

// ---------------------------------------------------------------------------------------------
// CoNLL

fn conll_text(exported: &Exported) -> String {
    String::from_utf8(exported.bytes.clone()).unwrap()
}

#[test]
fn conll_tags_a_known_sentence() {
    let text = "Talks\n\nSergey Lavrov met Shah Mahmood Qureshi in Islamabad, Pakistan’s capital.";
    let doc = Document::new("d", "", text);
    let set = set_of(
        &doc,
        &[
            (find(text, "Sergey Lavrov", 0), "PERSON", ""),
            (find(text, "Shah Mahmood Qureshi", 0), "PERSON", ""),
            (find(text, "Islamabad", 0), "GPE", ""),
            (find(text, "Pakistan", 0), "GPE", ""),
        ],
    );
    let exported = export_with(conll::export, &[(doc, set)]);
    assert_eq!(
        conll_text(&exported),
        "-DOCSTART- -X- -X- O\n\nTalks O\n\nSergey B-PERSON\nLavrov I-PERSON\nmet O\n\
         Shah B-PERSON\nMahmood I-PERSON\nQureshi I-PERSON\nin O\nIslamabad B-GPE\n, O\n\
         Pakistan B-GPE\n’s O\ncapital O\n. O\n\n"
    );
    assert_eq!(
        exported.dropped,
        ["The texts' exact spacing and line breaks are not kept: CoNLL holds tokens, not text"]
    );
}

#[test]
fn conll_splits_tokens_at_span_boundaries_and_keeps_spans_in_one_sentence() {
    // Tokens, then tags, for a text and its spans.
    // (text, spans by their text and label, tokens and tags with | for a line break)
    type Case = (
        &'static str,
        &'static [(&'static str, &'static str)],
        &'static str,
    );
    let cases: &[Case] = &[
        // A span inside a word cuts the word.
        (
            "Pak-Russia ties",
            &[("Russia", "GPE")],
            "Pak O|- O|Russia B-GPE|ties O",
        ),
        ("Islamabad", &[("Islam", "X")], "Islam B-X|abad O"),
        // Two adjacent spans of the same label stay two spans.
        (
            "北京上海",
            &[("北京", "GPE"), ("上海", "GPE")],
            "北 B-GPE|京 I-GPE|上 B-GPE|海 I-GPE",
        ),
        // A span over a sentence end keeps the sentences together.
        (
            "He met Mr. Khan. Then",
            &[("Mr. Khan", "PERSON")],
            "He O|met O|Mr B-PERSON|. I-PERSON|Khan I-PERSON|. O||Then O",
        ),
        (
            "Emoji 👩‍👩‍👧 🇵🇰!",
            &[("🇵🇰", "GPE")],
            "Emoji O|👩‍👩‍👧 O|🇵🇰 B-GPE|! O",
        ),
    ];
    for (text, spans, want) in cases {
        let doc = Document::new("d", "T", *text);
        let spans: Vec<(Span, &str, &str)> = spans
            .iter()
            .map(|(n, l)| (find(text, n, 0), *l, ""))
            .collect();
        let set = set_of(&doc, &spans);
        let out = conll_text(&export_with(conll::export, &[(doc, set)]));
        let body = out.strip_prefix("-DOCSTART- -X- -X- O\n\n").unwrap();
        let got = body.trim_end().replace('\n', "|");
        assert_eq!(got, *want, "{text}");
    }
}

#[test]
fn conll_drops_overlaps_and_notes_and_says_which() {
    let text = "Talks at the Wilson Center in Washington";
    let doc = Document::new("d", "Talks", text);
    let set = set_of(
        &doc,
        &[
            (
                find(text, "Wilson Center in Washington", 0),
                "ORG",
                "the whole name",
            ),
            (find(text, "Washington", 0), "GPE", ""),
            (find(text, "Wilson", 0), "PERSON", "a note"),
            (find(text, "Talks at", 0), "EVENT", ""),
            (find(text, "at the", 0), "X", ""),
        ],
    );
    let exported = export_with(conll::export, &[(doc, set)]);
    assert_eq!(
        exported.dropped[1..],
        [
            "3 overlapping spans were dropped (CoNLL holds one label per token): “at the” (X) in \
             “Talks”, “Wilson” (PERSON) in “Talks”, “Washington” (GPE) in “Talks”",
            "2 notes were dropped (CoNLL has no place for notes)",
        ]
    );
    assert!(conll_text(&exported).contains("Talks B-EVENT\nat I-EVENT\nthe O\nWilson B-ORG\n"));
}

#[test]
fn conll_round_trip_keeps_spans_by_token_text_and_label() {
    let (doc, set) = tricky_doc();
    let exported = export_with(conll::export, &[(doc.clone(), set.clone())]);
    let imported = conll::import("corpus.conll", &exported.bytes).unwrap();
    assert_eq!(imported.skipped, Vec::<String>::new());
    assert_eq!(imported.articles.len(), 1);
    let article = &imported.articles[0];
    assert_eq!(article.title, "Family 👩‍👩‍👧 in 🇵🇰 Lahore");
    assert_eq!(
        article.text,
        "Family 👩‍👩‍👧 in 🇵🇰 Lahore\nक्षत्रिय x\u{323}\u{301} talks in 北 京 with שלום and مرحبا .\nLast line"
    );
    let got: Vec<String> = article
        .annotations
        .iter()
        .map(|(s, e, l)| {
            let t: String = article
                .text
                .chars()
                .skip(*s as usize)
                .take((e - s) as usize)
                .collect();
            format!("{l} {t}")
        })
        .collect();
    // The outermost of each overlapping group is kept; the dropped ones were reported.
    assert_eq!(
        got,
        [
            "MISC 👩‍👩‍👧",
            "GPE 🇵🇰 Lahore",
            "MISC क्षत्रिय x\u{323}\u{301}",
            "GPE 北 京",
            "MISC שלום and مرحبا",
        ]
    );
    assert!(
        exported.dropped[1].starts_with("4 overlapping spans were dropped"),
        "{:?}",
        exported.dropped
    );
}

#[test]
fn conll_import_reads_documents_and_is_lenient_with_iob1() {
    let file = "-DOCSTART- -X- -X- O\n\nEU\tNNP\tB-NP\tB-ORG\nrejects VBZ B-VP O\nGerman I-MISC\ncall O\n. O\n\n\
                Peter I-PER\nBlackburn I-PER\n\n-DOCSTART- -X- -X- O\r\n\r\nSecond B-LOC\r\nDoc I-PER\r\n";
    let imported = conll::import("eng.train", file.as_bytes()).unwrap();
    assert!(imported.skipped.is_empty());
    assert_eq!(
        imported.adjusted,
        [
            "3 I- tags without a B- before them were read as the start of a span: line 5, line 9, \
          line 15"
        ]
    );
    type Doc = (String, String, Vec<(u32, u32, String)>);
    let docs: Vec<Doc> = imported
        .articles
        .iter()
        .map(|a| (a.title.clone(), a.text.clone(), a.annotations.clone()))
        .collect();
    assert_eq!(
        docs,
        [
            (
                "EU rejects German call .".to_string(),
                "EU rejects German call .\nPeter Blackburn".to_string(),
                vec![
                    (0, 2, "ORG".to_string()),
                    (11, 17, "MISC".to_string()),
                    (25, 40, "PER".to_string()),
                ]
            ),
            (
                "Second Doc".to_string(),
                "Second Doc".to_string(),
                vec![(0, 6, "LOC".to_string()), (7, 10, "PER".to_string())]
            ),
        ]
    );
    assert_eq!(imported.articles[1].source, "eng.train line 12");
}

#[test]
fn conll_names_every_bad_line() {
    let file = "Lavrov B-PER\nmet\nKhan X-PER\nin O\nIslamabad GPE\nnow B-\nLahore|B-GPE |O\n";
    assert_eq!(
        problems(conll::import("bad.conll", file.as_bytes())),
        [
            "line 2: “met” has no tag (a line is a token and its tag, separated by a space or a tab)",
            "line 3: the tag “X-PER” starts with X-, which Postil does not read (it reads IOB2 \
             and BIOES tags: B-, I-, E-, S- and O, with L- and U- for E- and S-)",
            "line 5: “GPE” is not a tag (B-LABEL, I-LABEL, E-LABEL, S-LABEL or O)",
            "line 6: “B-” is not a tag (B-LABEL, I-LABEL, E-LABEL, S-LABEL or O)",
            "line 7, token 2: “|O” has no word before its first |",
        ]
    );
    for (bytes, want) in [
        (
            &b"\n\n-DOCSTART- O\n\n"[..],
            "this is not a CoNLL file: it holds no tokens",
        ),
        (
            &b"caf\xe9 O\n"[..],
            "it is not UTF-8 text: byte 3 (line 1, value 0xE9) is not UTF-8. It may be Latin-1 \
             or Windows-1252: save it as UTF-8 and import it again",
        ),
    ] {
        match conll::import("x.conll", bytes) {
            Err(e) => assert_eq!(e.to_string(), want),
            other => panic!("{other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Properties

/// Pieces of Postil text: words in several scripts, emoji, punctuation, spaces, line breaks.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "Lavrov",
        "met",
        "Khan",
        "北",
        "京",
        "👩‍👩‍👧",
        "🇵🇰",
        "क्षत्रिय",
        "x\u{323}\u{301}",
        "שלום",
        "مرحبا",
        ".",
        ",",
        "’s",
        "“",
        "”",
        " ",
        " ",
        " ",
        "\n",
        "\n\n",
        "-",
        "50,000",
    ])
}

fn text_and_spans() -> impl Strategy<Value = (String, Vec<(u32, u32, u8, bool)>)> {
    prop::collection::vec(piece(), 1..40).prop_flat_map(|pieces| {
        let text: String = pieces.concat();
        let len = text.chars().count() as u32;
        let span = (0..len, 1..12u32, 0..3u8, any::<bool>());
        (Just(text), prop::collection::vec(span, 0..12))
    })
}

/// A document and a valid set from generated spans (cut to the text, duplicates left out).
fn generated(
    text: &str,
    spans: &[(u32, u32, u8, bool)],
    avoid_breaks: bool,
) -> (Document, AnnotationSet) {
    let doc = Document::new("p", "Prop", text);
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len() as u32;
    let mut items: Vec<(Span, &str, &str)> = Vec::new();
    for &(start, width, label, note) in spans {
        let span = Span::new(start, (start + width).min(len));
        let label = ["PERSON", "GPE", "ORG"][label as usize];
        let at_break = |i: u32| chars[i as usize] == '\n';
        if span.is_empty()
            || (avoid_breaks && (at_break(span.start) || at_break(span.end - 1)))
            || items.iter().any(|(s, l, _)| *s == span && *l == label)
        {
            continue;
        }
        items.push((span, label, if note { "a note" } else { "" }));
    }
    let set = set_of(&doc, &items);
    (doc, set)
}

proptest! {
    /// brat keeps every span, label and note of Postil text exactly, whatever the overlaps,
    /// and every .ann line slices its .txt to its stated text.
    #[test]
    fn brat_round_trips_exactly((text, spans) in text_and_spans()) {
        prop_assume!(!text.trim().is_empty());
        let (doc, set) = generated(&text, &spans, true);
        let exported = export_with(brat::export, &[(doc, set.clone())]);
        prop_assert_eq!(&exported.dropped, &Vec::<String>::new());
        check_ann_lines(&exported.bytes);
        let imported = brat::import("p.zip", &exported.bytes).unwrap();
        prop_assert_eq!(&imported.articles[0].text, &text);
        prop_assert_eq!(article_spans(&imported, 0), spans_of(&set));
    }

    /// CoNLL keeps every span it does not report dropped, with its label and its characters
    /// other than white space, in order.
    #[test]
    fn conll_round_trips_spans_by_token_text((text, spans) in text_and_spans()) {
        let (doc, set) = generated(&text, &spans, false);
        let exported = export_with(conll::export, &[(doc.clone(), set.clone())]);
        let dropped: usize = exported.dropped.iter()
            .filter(|d| d.contains("span was dropped") || d.contains("spans were dropped"))
            .map(|d| d.split(' ').next().unwrap().parse::<usize>().unwrap())
            .sum();
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        // The spans CoNLL keeps: outermost first, none over white space only; in text order.
        let mut kept: Vec<(Span, String, String)> = Vec::new();
        let mut by_size: Vec<&Annotation> = set.iter().collect();
        by_size.sort_by_key(|a| (std::cmp::Reverse(a.span.len()), a.span.start, a.id));
        for a in by_size {
            let covered = squeeze(doc.slice(a.span).unwrap());
            if !kept.iter().any(|(k, _, _)| k.overlaps(a.span)) && !covered.is_empty() {
                kept.push((a.span, covered, a.label.clone()));
            }
        }
        prop_assert_eq!(kept.len() + dropped, set.len());
        kept.sort_by_key(|(span, _, _)| span.start);
        let want: Vec<(String, String)> = kept.into_iter().map(|(_, t, l)| (t, l)).collect();
        if text.trim().is_empty() {
            prop_assert!(conll::import("p.conll", &exported.bytes).is_err());
        } else {
            let imported = conll::import("p.conll", &exported.bytes).unwrap();
            prop_assert_eq!(&imported.skipped, &Vec::<String>::new());
            let article = &imported.articles[0];
            let got: Vec<(String, String)> = article.annotations.iter().map(|(s, e, l)| {
                let t: String = article.text.chars().skip(*s as usize).take((e - s) as usize).collect();
                (squeeze(&t), l.clone())
            }).collect();
            prop_assert_eq!(got, want);
        }
    }
}

#[test]
fn both_formats_say_document_labels_are_dropped() {
    use postil_core::edit::set_doc_labels;
    let doc = Document::new("d", "Talks", "Talks held.");
    let mut set = AnnotationSet::new(doc.char_len());
    let labels = [("topic".to_string(), ["politics".to_string()].into())].into();
    set.run(|s| set_doc_labels(s, labels)).unwrap();
    let docs = [(doc, set)];
    for export in [brat::export as fn(Corpus) -> Exported, conll::export] {
        let dropped = export_with(export, &docs).dropped;
        assert!(
            dropped
                .iter()
                .any(|d| d.starts_with("The document labels of 1 document were dropped")),
            "{dropped:?}"
        );
    }
}
