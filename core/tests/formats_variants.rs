//! Files as other tools and older versions really write them, beside the usual form of each
//! format: each is read, and what Postil read differently is said in `Imported::adjusted` (the
//! import report's "Read with care"). The fixtures are written here from the formats'
//! descriptions.

mod support;
use postil_core::formats::registry::{self, Kind};
use postil_core::formats::{FormatError, Imported};
use support::zip_of;

/// What a test expects of a file: each article's text and its spans as (covered text, label),
/// and the report's sentences.
struct Want {
    articles: &'static [(&'static str, &'static [(&'static str, &'static str)])],
    skipped: &'static [&'static str],
    adjusted: &'static [&'static str],
}

fn read(name: &str, file: &str) -> Result<Imported, FormatError> {
    let kind = registry::detect(name, file.as_bytes());
    match registry::read_articles(name, file.as_bytes(), kind) {
        Ok(imported) => Ok(imported),
        Err(registry::ReadError::Format(e)) => Err(e),
        Err(e) => panic!("{name}: {e}"),
    }
}

fn covered(text: &str, start: u32, end: u32) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

fn check(name: &str, file: &str, want: &Want) {
    let imported = read(name, file).unwrap_or_else(|e| panic!("{name}: {e}"));
    let got: Vec<(String, Vec<(String, String)>)> = (imported.articles.iter())
        .map(|a| {
            let spans = (a.annotations.iter())
                .map(|(s, e, l)| (covered(&a.text, *s, *e), l.clone()))
                .collect();
            (a.text.clone(), spans)
        })
        .collect();
    let wanted: Vec<(String, Vec<(String, String)>)> = (want.articles.iter())
        .map(|(text, spans)| {
            let spans = (spans.iter())
                .map(|(t, l)| (t.to_string(), l.to_string()))
                .collect();
            (text.to_string(), spans)
        })
        .collect();
    assert_eq!(got, wanted, "{name}");
    assert_eq!(imported.skipped, want.skipped, "{name}: skipped");
    assert_eq!(imported.adjusted, want.adjusted, "{name}: adjusted");
}

const MET: &str = "Lavrov met Qureshi in Islamabad.";

#[test]
fn doccano_variants() {
    let cases: &[(&str, &str, Want)] = &[
        (
            // Labels by their numeric ids in a doccano project, in both shapes.
            "ids.jsonl",
            concat!(
                r#"{"id": 1, "text": "Lavrov met Qureshi in Islamabad.", "label": [[0, 6, 1], [11, 18, 1], [22, 31, 2]]}"#,
                "\n",
                r#"{"id": 2, "text": "Talks in Beijing.", "entities": [{"id": 9, "label": 3, "start_offset": 9, "end_offset": 16}]}"#,
                "\n"
            ),
            Want {
                articles: &[
                    (MET, &[("Lavrov", "1"), ("Qureshi", "1"), ("Islamabad", "2")]),
                    ("Talks in Beijing.", &[("Beijing", "3")]),
                ],
                skipped: &[],
                adjusted: &["labels were given as numbers (doccano label ids 1, 2 and 3), not \
                             names: they are named “1”, “2” and “3”; rename them in the label \
                             editor"],
            },
        ),
        (
            // The text under "data" (older doccano, flair's JSONL).
            "data.jsonl",
            r#"{"id": 4, "data": "Lavrov met Qureshi in Islamabad.", "label": [[22, 31, "GPE"]]}"#,
            Want {
                articles: &[(MET, &[("Islamabad", "GPE")])],
                skipped: &[],
                adjusted: &[],
            },
        ),
        (
            // A relation export, pretty-printed, in a .jsonl file.
            "relations.jsonl",
            "{\n  \"id\": 7,\n  \"text\": \"Lavrov met Qureshi in Islamabad.\",\n  \"entities\": [\n    \
             {\"id\": 1, \"label\": \"PER\", \"start_offset\": 0, \"end_offset\": 6},\n    \
             {\"id\": 2, \"label\": \"PER\", \"start_offset\": 11, \"end_offset\": 18}\n  ],\n  \
             \"relations\": [\n    {\"id\": 1, \"from_id\": 1, \"to_id\": 2, \"type\": \"met\"}\n  \
             ]\n}\n",
            Want {
                articles: &[(MET, &[("Lavrov", "PER"), ("Qureshi", "PER")])],
                skipped: &[],
                adjusted: &[
                    "its JSON objects run over several lines each, not one per line: read as 1 \
                     record",
                ],
            },
        ),
        (
            // One JSON array, in a .jsonl file and in a .json file.
            "array.jsonl",
            r#"[{"text": "Lavrov met Qureshi in Islamabad.", "label": [[0, 6, "PER"]]}, {"text": "Talks in Beijing."}]"#,
            Want {
                articles: &[(MET, &[("Lavrov", "PER")]), ("Talks in Beijing.", &[])],
                skipped: &[],
                adjusted: &["it is one JSON array, not one object per line: read as 2 records"],
            },
        ),
        (
            "export.json",
            "[\n {\"text\": \"Lavrov met Qureshi in Islamabad.\", \"label\": [[0, 6, \"PER\"]]}\n]\n",
            Want {
                articles: &[(MET, &[("Lavrov", "PER")])],
                skipped: &[],
                adjusted: &["it is one JSON array, not one object per line: read as 1 record"],
            },
        ),
    ];
    for (name, file, want) in cases {
        check(name, file, want);
    }
}

#[test]
fn doccano_says_where_the_text_could_be_and_where_records_start() {
    let problems = |name: &str, file: &str| match read(name, file) {
        Err(FormatError::Problems { problems, .. }) => {
            problems.iter().map(ToString::to_string).collect::<Vec<_>>()
        }
        other => panic!("{name}: {other:?}"),
    };
    // Records whose text is under a field of the file's own: Postil asks which field, each
    // way previewed, and finds the labels under theirs.
    let file = "{\"id\": 1, \"content\": \"Lavrov met Qureshi.\", \"who\": \"ann\", \
                \"ner\": [[0, 6, \"PER\"]]}\n{\"id\": 2, \"content\": \"Talks.\", \"who\": \"bo\"}\n";
    match read("c.jsonl", file) {
        Err(e @ FormatError::Ask { .. }) => {
            assert_eq!(
                e.to_string(),
                "its records have no \"text\" or \"data\" field; the text may be in \
                 “content”: choose which"
            );
            let FormatError::Ask { choices, .. } = e else {
                unreachable!()
            };
            let words: Vec<&str> = choices.iter().map(|c| c.words.as_str()).collect();
            // “who” is not offered: the labels do not fit its texts ("ann" has no [0, 6)).
            assert_eq!(
                words,
                [
                    "Read “content” as the text and “ner” as its labels (2 records): “Lavrov met \
                  Qureshi.”"
                ]
            );
            let content = &choices[0].imported;
            assert_eq!(content.articles[0].text, "Lavrov met Qureshi.");
            assert_eq!(content.articles[0].annotations, [(0, 6, "PER".to_string())]);
            assert_eq!(content.articles[1].text, "Talks.");
            assert_eq!(
                content.adjusted,
                [
                    "its text was read from “content” and “ner” as its labels, as you chose \
                  (Postil reads \"text\" or \"data\" on its own)"
                ]
            );
        }
        other => panic!("{other:?}"),
    }
    // With no string field to offer, it is refused as before, naming what it lacks.
    assert_eq!(
        problems("n.jsonl", r#"{"id": 1, "tokens": ["a"]}"#),
        ["line 1: no \"text\" field (Postil reads the text from \"text\" or \"data\")"]
    );
    // Pretty-printed records are named by the line they start on.
    assert_eq!(
        problems(
            "p.jsonl",
            "{\n \"text\": \"abc\"\n}\n\n{\n \"text\": \"abc\",\n \"label\": [[2, 9, \"X\"]]\n}\n"
        ),
        ["line 5: label [2, 9) is outside the text (3 characters)"]
    );
    // A line that is not JSON in a file that does not read as spread-out objects either: the
    // lines are named as before.
    assert_eq!(
        problems("b.jsonl", "{\"text\": \"abc\"}\n{\"text\": \n"),
        ["line 2: not valid JSON (EOF while parsing a value at column 9)"]
    );
    assert_eq!(
        registry::detect("unknown.json", br#"[{"words": ["a"]}]"#),
        Some(Kind::Native),
        "a .json of no known shape goes to the native reader, which says what it expected"
    );
}

#[test]
fn label_studio_variants() {
    let cases: &[(&str, &str, Want)] = &[
        (
            // Label Studio 0.x: "completions", end offsets inclusive (the quote shows it); a
            // second completion is left out as a further annotation would be.
            "project.json",
            r#"[{"id": 3, "data": {"text": "Talks on February 22 in Islamabad."},
                 "completions": [
                   {"id": 1, "result": [
                     {"id": "a", "from_name": "label", "to_name": "text", "type": "labels",
                      "value": {"start": 9, "end": 19, "text": "February 22", "labels": ["DATE"]}},
                     {"id": "b", "from_name": "label", "to_name": "text", "type": "labels",
                      "value": {"start": 24, "end": 32, "text": "Islamabad", "labels": ["GPE"]}}]},
                   {"id": 2, "result": []}]},
                {"id": 4, "data": {"text": "No work here."}}]"#,
            Want {
                articles: &[
                    (
                        "Talks on February 22 in Islamabad.",
                        &[("February 22", "DATE"), ("Islamabad", "GPE")],
                    ),
                    ("No work here.", &[]),
                ],
                skipped: &["1 further annotation (Postil takes the first annotation of a task \
                            that was not cancelled)"],
                adjusted: &[
                    "the work of 1 task was under “completions” (Label Studio 0.x), and was read \
                     as its annotations",
                    "end offsets were inclusive, as Label Studio 0.x wrote them (each region's \
                     quoted text ends one character later): 2 regions were moved by one character",
                ],
            },
        ),
        (
            // An old version counting UTF-16 units: the flag is 4 units and 2 code points.
            "old.json",
            r#"[{"data": {"text": "🇵🇰 Lahore and Karachi"}, "annotations": [{"result": [
                {"id": "a", "type": "labels", "value": {"start": 5, "end": 11, "text": "Lahore", "labels": ["GPE"]}},
                {"id": "b", "type": "labels", "value": {"start": 16, "end": 23, "text": "Karachi", "labels": ["GPE"]}}]}]}]"#,
            Want {
                articles: &[("🇵🇰 Lahore and Karachi", &[("Lahore", "GPE"), ("Karachi", "GPE")])],
                skipped: &[],
                adjusted: &["offsets were counted in UTF-16 units, as old Label Studio versions \
                             wrote them (each region's quoted text says so): 2 regions were read at \
                             those offsets"],
            },
        ),
    ];
    for (name, file, want) in cases {
        check(name, file, want);
    }
}

#[test]
fn label_studio_regions_without_quotes_follow_their_task() {
    let cases: &[(&str, &str, Want)] = &[
        (
            // UTF-16 offsets: the quoted region shows it; the unquoted one, after the flag too,
            // is read the same way (at code points it would be "d Karac").
            "old.json",
            r#"[{"data": {"text": "🇵🇰 Lahore and Karachi"}, "annotations": [{"result": [
                {"id": "a", "type": "labels", "value": {"start": 5, "end": 11, "text": "Lahore", "labels": ["GPE"]}},
                {"id": "b", "type": "labels", "value": {"start": 16, "end": 23, "labels": ["GPE"]}}]}]}]"#,
            Want {
                articles: &[(
                    "🇵🇰 Lahore and Karachi",
                    &[("Lahore", "GPE"), ("Karachi", "GPE")],
                )],
                skipped: &[],
                adjusted: &[
                    "offsets were counted in UTF-16 units, as old Label Studio versions wrote \
                     them (each region's quoted text says so): 2 regions were read at those \
                     offsets",
                    "1 region had no quoted text to show how to read it: read as the other \
                     regions of its task showed (counted above)",
                ],
            },
        ),
        (
            // Inclusive ends (0.x): the unquoted region's end is read inclusive too.
            "zero.json",
            r#"[{"data": {"text": "Talks on February 22 in Islamabad."}, "completions": [{"result": [
                {"id": "a", "type": "labels", "value": {"start": 9, "end": 19, "text": "February 22", "labels": ["DATE"]}},
                {"id": "b", "type": "labels", "value": {"start": 24, "end": 32, "labels": ["GPE"]}}]}]}]"#,
            Want {
                articles: &[(
                    "Talks on February 22 in Islamabad.",
                    &[("February 22", "DATE"), ("Islamabad", "GPE")],
                )],
                skipped: &[],
                adjusted: &[
                    "the work of 1 task was under “completions” (Label Studio 0.x), and was read \
                     as its annotations",
                    "end offsets were inclusive, as Label Studio 0.x wrote them (each region's \
                     quoted text ends one character later): 2 regions were moved by one character",
                    "1 region had no quoted text to show how to read it: read as the other \
                     regions of its task showed (counted above)",
                ],
            },
        ),
    ];
    for (name, file, want) in cases {
        check(name, file, want);
    }
}

#[test]
fn conll_variants() {
    let cases: &[(&str, &str, Want)] = &[
        (
            // BIOES, in a file whose name does not say it is CoNLL; an E- with no B- before it.
            "eng.train",
            "-DOCSTART- -X- -X- O\n\nSergey B-PER\nLavrov E-PER\nmet O\nQureshi S-PER\n\n\
             in O\nIslamabad E-GPE\n",
            Want {
                articles: &[(
                    "Sergey Lavrov met Qureshi\nin Islamabad",
                    &[
                        ("Sergey Lavrov", "PER"),
                        ("Qureshi", "PER"),
                        ("Islamabad", "GPE"),
                    ],
                )],
                skipped: &[],
                adjusted: &[
                    "its name does not say what it is: read as CoNLL columns",
                    "1 I- or E- tag without a B- before it was read as the start of a span: line 9",
                    "3 tags were BIOES or BILOU (E- or L- ends a span, S- or U- is a span of one \
                     token), read as the spans they mark",
                ],
            },
        ),
        (
            // BILOU with U- and L-, in a .txt: the content says it is columns.
            "dev.txt",
            "Shah\tNNP\tB-PER\nMahmood\tNNP\tI-PER\nQureshi\tNNP\tL-PER\nspoke\tVBD\tO\n\
             today\tNN\tU-DATE\n",
            Want {
                articles: &[(
                    "Shah Mahmood Qureshi spoke today",
                    &[("Shah Mahmood Qureshi", "PER"), ("today", "DATE")],
                )],
                skipped: &[],
                adjusted: &[
                    "its name does not say what it is: read as CoNLL columns",
                    "2 tags were BIOES or BILOU (E- or L- ends a span, S- or U- is a span of one \
                     token), read as the spans they mark",
                ],
            },
        ),
        (
            // spaCy's one-sentence-per-line form.
            "news.iob",
            "Lavrov|NNP|B-PERSON met|VBD|O Qureshi|NNP|B-PERSON .|.|O\n\
             Talks|NNS|O in|IN|O New|NNP|B-GPE York|NNP|I-GPE\n",
            Want {
                articles: &[(
                    "Lavrov met Qureshi .\nTalks in New York",
                    &[
                        ("Lavrov", "PERSON"),
                        ("Qureshi", "PERSON"),
                        ("New York", "GPE"),
                    ],
                )],
                skipped: &[],
                adjusted: &[
                    "2 sentences were written on one line as word|POS|tag tokens \
                             (spaCy's .iob form), read as tokens and tags",
                ],
            },
        ),
    ];
    for (name, file, want) in cases {
        check(name, file, want);
    }
}

#[test]
fn column_content_is_told_from_prose() {
    // (name, content, read as CoNLL)
    let cases: &[(&str, &str, bool)] = &[
        ("eng.testa", "EU NNP B-NP B-ORG\nrejects VBZ B-VP O\n", true),
        ("a.user0", "Lavrov B-PER\n", true),
        ("sent.txt", "Lavrov|B-PER met|O\n", true),
        // Tokens and tags, but no span: nothing says these are labels.
        ("plain.txt", "It O\nwas O\n", false),
        (
            "story.txt",
            "Talks in Islamabad\n\nLavrov met Qureshi on Tuesday.\n",
            false,
        ),
        (
            "notes.txt",
            "Call me at 5 B-PER\nand then some words\n",
            false,
        ),
        ("readme.md", "Lavrov B-PER\n", false),
        ("page.html", "Lavrov B-PER\n", false),
        ("one.txt", "Lavrov\n", false),
    ];
    for (name, content, conll) in cases {
        let kind = registry::detect(name, content.as_bytes());
        assert_eq!(kind == Some(Kind::Conll), *conll, "{name}: {kind:?}");
    }
}

#[test]
fn brat_offsets_counted_with_crlf_on_an_lf_text_are_read_where_their_text_is() {
    let text = "Talks in Islamabad\nLavrov met Qureshi\nin Lahore.";
    // Counted on "Talks in Islamabad\r\nLavrov met Qureshi\r\nin Lahore.".
    let ann = "T1\tGPE 9 18\tIslamabad\nT2\tPER 20 26\tLavrov\nT3\tPER 31 38\tQureshi\n\
               T4\tGPE 43 49\tLahore\nR1\tmet Arg1:T2 Arg2:T3\n";
    let zip = zip_of(&[("doc.txt", text), ("doc.ann", ann)]);
    let imported = registry::read_articles("talks.zip", &zip, Some(Kind::Brat)).unwrap();
    let spans: Vec<(String, String)> = (imported.articles[0].annotations.iter())
        .map(|(s, e, l)| (covered(text, *s, *e), l.clone()))
        .collect();
    let want = [
        ("Islamabad", "GPE"),
        ("Lavrov", "PER"),
        ("Qureshi", "PER"),
        ("Lahore", "GPE"),
    ];
    assert_eq!(spans, want.map(|(t, l)| (t.to_string(), l.to_string())));
    assert!(imported.skipped.is_empty(), "{:?}", imported.skipped);
    assert_eq!(
        imported.articles[0].relations.len(),
        1,
        "Lavrov —met→ Qureshi"
    );
    assert_eq!(
        imported.adjusted,
        ["doc.ann: its offsets were counted on the text with \\r\\n line breaks, which the .txt \
          does not have; 4 spans were read where their own text is"]
    );
    // Offsets that fit neither way are refused as before, naming the line.
    let ann = "T1\tGPE 9 18\tIslamabad\nT2\tPER 21 27\tLavrov\n";
    let zip = zip_of(&[("doc.txt", text), ("doc.ann", ann)]);
    match registry::read_articles("talks.zip", &zip, Some(Kind::Brat)) {
        Err(registry::ReadError::Format(FormatError::Problems { problems, .. })) => {
            assert_eq!(problems.len(), 1);
            assert!(
                problems[0]
                    .to_string()
                    .starts_with("doc.ann line 2: T2 says its text is “Lavrov” but the .txt has"),
                "{}",
                problems[0]
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn files_of_separate_records_offer_their_good_ones_when_some_are_bad() {
    // (name, file, titles of the good records, how many problems)
    let cases: &[(&str, &str, &[&str], usize)] = &[
        (
            "mixed.jsonl",
            "{\"text\": \"One good line.\"}\n{\"text\": 3}\n{\"text\": \"Another good one.\"}\n",
            &["One good line.", "Another good one."],
            1,
        ),
        (
            "tasks.json",
            r#"[{"data": {"text": "A good task."}}, {"data": {}}]"#,
            &["A good task."],
            1,
        ),
        (
            "train.spacy.json",
            r#"[["A good pair.", {"entities": []}], ["Bad", {"entities": [[0, 9, "X"]]}]]"#,
            &["A good pair."],
            1,
        ),
        // Nothing good: refused, nothing offered.
        ("bad.jsonl", "{\"text\": 3}\n", &[], 1),
    ];
    for (name, file, good, n) in cases {
        match read(name, file) {
            Err(FormatError::Problems {
                problems,
                good: offered,
                ..
            }) => {
                assert_eq!(problems.len(), *n, "{name}");
                let titles: Vec<String> = offered
                    .map(|g| g.articles.into_iter().map(|a| a.title).collect())
                    .unwrap_or_default();
                assert_eq!(titles, *good, "{name}");
            }
            other => panic!("{name}: {other:?}"),
        }
    }
}
