//! The work the app hands to its Web Worker (reading exchange-format and text files into
//! articles, exporting a corpus to an exchange format) and the answers, as serde types. The
//! worker (`worker/`) is a thin shell over [`read`] and [`export`]; keeping them here means
//! they run, and are tested, on the host like the rest of the core.
//!
//! Why a worker at all: the parsers and writers of every format (HTML, Markdown, zip, DocBin,
//! …) are most of the app's code but are needed only when a person imports or exports, so they
//! live in a second wasm the app loads on first use, and the parsing runs off the UI thread.
//!
//! A corpus crosses as a Postil native JSON string (what `formats::native::export_by` writes), so no
//! second shape of the documents exists; file bytes cross beside the JSON answer as a
//! `Uint8Array`, never inside it.

use crate::article::Article;
use crate::corpus::Corpus;
use crate::formats::native;
use crate::formats::registry::{self, Kind, ReadError};
use crate::formats::FormatError;
use crate::search::{self, Query};
use crate::sources;
use crate::{AnnotationSet, Document, Span};
use serde::{Deserialize, Serialize};

/// What the worker answers to a request (without the exported bytes, which travel beside it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// A file read into articles, and what it held that Postil cannot (for the report).
    Read {
        articles: Vec<Article>,
        skipped: Vec<String>,
        /// What was read differently from the format's usual form ([`Imported::adjusted`]).
        ///
        /// [`Imported::adjusted`]: crate::formats::Imported::adjusted
        #[serde(default)]
        adjusted: Vec<String>,
        /// What the file declares for the schema (brat's `annotation.conf`).
        #[serde(default, skip_serializing_if = "crate::formats::Declared::is_empty")]
        declared: crate::formats::Declared,
    },
    /// The file is for the native import (a `.json` of no known shape is: the native reader
    /// says what it expected). The app reads those itself, as it may ask about conflicts.
    Native,
    /// An export: its MIME type and what the format could not hold.
    Exported { mime: String, dropped: Vec<String> },
    /// Where a regular expression matched in a text: `char` spans, in order.
    Found { hits: Vec<Span> },
    /// Nothing was done: a sentence for the user.
    Refused { error: String },
    /// A file of separate records, some with problems (`error` says which): what its good
    /// records hold, for the person to take or leave.
    Offered {
        error: String,
        articles: Vec<Article>,
        skipped: Vec<String>,
        adjusted: Vec<String>,
    },
    /// The file reads more than one way (`error` says why): each way in words, with what it
    /// holds, for the person to choose.
    Ask {
        error: String,
        choices: Vec<AskChoice>,
    },
}

impl Answer {
    /// The answer as the worker sends it: JSON, externally tagged (`{"read": {…}}`, `"native"`),
    /// which reads back without serde's buffering of internally tagged enums (about 20 KB less
    /// gzipped in the app's wasm). An answer that cannot be written is a refusal saying so.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| {
            serde_json::to_string(&Answer::Refused {
                error: format!("the answer could not be written ({e})"),
            })
            .unwrap_or_default()
        })
    }
}

/// One way an ambiguous file reads ([`crate::formats::Choice`]) as the worker answers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskChoice {
    pub words: String,
    pub articles: Vec<Article>,
    pub adjusted: Vec<String>,
}

/// Reads one file into articles, by the format its name (or its content) says.
pub fn read(file_name: &str, bytes: &[u8]) -> Answer {
    let refused = |error: String| Answer::Refused { error };
    match registry::detect(file_name, bytes) {
        Some(Kind::Native) => Answer::Native,
        kind => match registry::read_articles(file_name, bytes, kind) {
            Ok(i) => Answer::Read {
                articles: i.articles,
                skipped: i.skipped,
                adjusted: i.adjusted,
                declared: i.declared,
            },
            Err(ReadError::Format(e)) => {
                let error = format!("“{file_name}” was not imported: {e}");
                match e {
                    FormatError::Problems {
                        good: Some(good), ..
                    } => Answer::Offered {
                        error,
                        articles: good.articles,
                        skipped: good.skipped,
                        adjusted: good.adjusted,
                    },
                    FormatError::Ask { choices, .. } => Answer::Ask {
                        error,
                        choices: (choices.into_iter())
                            .map(|c| AskChoice {
                                words: c.words,
                                articles: c.imported.articles,
                                adjusted: c.imported.adjusted,
                            })
                            .collect(),
                    },
                    _ => refused(error),
                }
            }
            Err(ReadError::NotText(e)) => refused(format!("“{file_name}” was not imported: {e}")),
            Err(ReadError::Source(e)) => refused(e.to_string()),
        },
    }
}

/// Makes an article of a pasted title and text ([`sources::from_paste`]: line breaks and
/// characters normalised, as every imported text is).
pub fn paste(title: &str, body: &str) -> Answer {
    match sources::from_paste(title, body) {
        Ok(article) => Answer::Read {
            articles: vec![article],
            skipped: Vec::new(),
            adjusted: Vec::new(),
            declared: Default::default(),
        },
        Err(e) => Answer::Refused {
            error: e.to_string(),
        },
    }
}

/// Finds the regular expression `pattern` in `text` ([`search::regex_spans`]); the app keeps
/// the hits a search shows with [`search::finish`].
pub fn search(text: &str, pattern: &str, case_sensitive: bool) -> Answer {
    let query = Query {
        text: pattern.to_string(),
        case_sensitive,
        whole_word: false,
        regex: true,
    };
    match search::regex_spans(text, &query) {
        Ok(hits) => Answer::Found { hits },
        Err(e) => Answer::Refused {
            error: e.to_string(),
        },
    }
}

/// Exports `corpus` (a Postil native JSON string) in the format whose id is `kind` (see
/// [`Kind::id`]). The bytes are empty when the answer is not [`Answer::Exported`].
pub fn export(kind: &str, corpus: &str, annotator: Option<&str>) -> (Answer, Vec<u8>) {
    let Some(kind) = Kind::by_id(kind) else {
        return (
            Answer::Refused {
                error: format!("Postil has no export format called “{kind}”"),
            },
            Vec::new(),
        );
    };
    let file = match native::import(corpus) {
        Ok(file) => file,
        Err(e) => {
            return (
                Answer::Refused {
                    error: format!("the work to export could not be read back ({e})"),
                },
                Vec::new(),
            )
        }
    };
    let docs: Vec<(&Document, &AnnotationSet)> = file
        .documents
        .iter()
        .map(|d| (&d.document, &d.annotations))
        .collect();
    let out = kind.export(
        Corpus {
            schema: &file.schema,
            documents: &docs,
        },
        annotator,
    );
    (
        Answer::Exported {
            mime: out.mime.to_string(),
            dropped: out.dropped,
        },
        out.bytes,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer_round_trips(a: &Answer) {
        let json = a.to_json();
        assert_eq!(&serde_json::from_str::<Answer>(&json).unwrap(), a, "{json}");
    }

    #[test]
    fn answers_are_tagged_by_their_variant() {
        let cases: &[(Answer, &str)] = &[
            (Answer::Native, r#""native""#),
            (
                Answer::Refused {
                    error: "“Zoë” \"quoted\"".into(),
                },
                r#"{"refused":{"error":"“Zoë” \"quoted\""}}"#,
            ),
            (
                Answer::Found {
                    hits: vec![Span::new(0, 2)],
                },
                r#"{"found":{"hits":[{"start":0,"end":2}]}}"#,
            ),
        ];
        for (answer, json) in cases {
            assert_eq!(answer.to_json(), *json);
            assert_eq!(&serde_json::from_str::<Answer>(json).unwrap(), answer);
        }
    }

    #[test]
    fn reads_text_formats_and_sends_native_back() {
        let cases: &[(&str, &str, &str)] = &[
            ("a.txt", "Title\n\nBody.", "read"),
            ("a.md", "# Title\n\nBody *text*.", "read"),
            ("a.html", "<h1>T</h1><p>Body text here.</p>", "read"),
            ("a.postil.json", r#"{"format": "postil"}"#, "native"),
            ("other.json", r#"[{"words": ["x"]}]"#, "native"),
            ("doccano.json", r#"[{"text": "x", "label": []}]"#, "read"),
            ("a.txt", " \n ", "refused"),
            ("a.jsonl", "\n\n", "refused"),
            ("a.pdf", "x", "refused"),
            ("a.conll", "Lavrov B-PERSON\n", "read"),
            // A bad line beside a good one: refused, the good line offered.
            (
                "b.jsonl",
                "{\"text\": \"Fine.\"}\n{\"text\": 3}\n",
                "offered",
            ),
            // The text under a field of the file's own: which one is asked.
            ("c.jsonl", "{\"content\": \"Fine.\"}\n", "asked"),
        ];
        for (name, content, want) in cases {
            let got = read(name, content.as_bytes());
            let tag = match &got {
                Answer::Read { articles, .. } => {
                    assert!(!articles.is_empty(), "{name}");
                    "read"
                }
                Answer::Native => "native",
                Answer::Refused { .. } => "refused",
                Answer::Offered { .. } => "offered",
                Answer::Ask { .. } => "asked",
                Answer::Exported { .. } | Answer::Found { .. } => "other",
            };
            assert_eq!(tag, *want, "{name}: {got:?}");
            answer_round_trips(&got);
        }
        assert!(matches!(
            read("a.txt", &[0xff, 0xfe, 0x00]),
            Answer::Refused { .. }
        ));
    }

    #[test]
    fn pastes_and_finds_regular_expressions() {
        // Title, text, and the article's title and text or the refusal.
        type Case<'a> = (&'a str, &'a str, Result<(&'a str, &'a str), &'a str>);
        let cases: &[Case] = &[
            (
                "",
                "Pasted title\r\n\r\nCafe\u{301} body.",
                Ok(("Pasted title", "Pasted title\n\nCaf\u{e9} body.")),
            ),
            (
                " My  title ",
                "Body.",
                Ok(("My title", "My title\n\nBody.")),
            ),
            ("T", " \n ", Err("the pasted text is empty")),
        ];
        for (title, body, want) in cases {
            let got = paste(title, body);
            answer_round_trips(&got);
            match (got, want) {
                (
                    Answer::Read {
                        articles,
                        skipped,
                        adjusted,
                        ..
                    },
                    Ok((t, text)),
                ) => {
                    assert_eq!((articles.len(), skipped.len(), adjusted.len()), (1, 0, 0));
                    assert_eq!(
                        (articles[0].title.as_str(), articles[0].text.as_str()),
                        (*t, *text)
                    );
                }
                (Answer::Refused { error }, Err(e)) => assert_eq!(error, *e),
                (got, want) => panic!("{title:?}: {got:?}, wanted {want:?}"),
            }
        }
        let span = |start, end| Span { start, end };
        // Text, pattern, case-sensitive, and the hits or the start of the refusal.
        type Find<'a> = (&'a str, &'a str, bool, Result<Vec<Span>, &'a str>);
        let cases: &[Find] = &[
            // Offsets count chars: "é" and an astral character are one each.
            (
                "\u{e9}t\u{e9} \u{1f600} Ada, ADA",
                "ada",
                false,
                Ok(vec![span(6, 9), span(11, 14)]),
            ),
            ("Ada, ADA", "ada", true, Ok(vec![])),
            ("a1 b22", r"\d+", true, Ok(vec![span(1, 2), span(4, 6)])),
            ("x", "(", false, Err("the regular expression is not valid")),
        ];
        for (text, pattern, case, want) in cases {
            let got = search(text, pattern, *case);
            answer_round_trips(&got);
            match (got, want) {
                (Answer::Found { hits }, Ok(want)) => assert_eq!(&hits, want, "{pattern}"),
                (Answer::Refused { error }, Err(e)) => assert!(error.starts_with(e), "{error}"),
                (got, want) => panic!("{pattern}: {got:?}, wanted {want:?}"),
            }
        }
    }

    #[test]
    fn exports_a_native_corpus_and_says_what_was_dropped() {
        let read_back = |a: Answer| match a {
            Answer::Read { articles, .. } => articles,
            other => panic!("{other:?}"),
        };
        let articles = read_back(read(
            "t.jsonl",
            r#"{"text": "Wilson Center in Washington", "label": [[0, 27, "ORG"], [17, 27, "GPE"]]}"#
                .as_bytes(),
        ));
        let schema = crate::LabelSchema::default_ner();
        let doc = Document::new("t", &articles[0].title, &articles[0].text);
        let items = (articles[0].annotations.iter().enumerate())
            .map(|(i, (s, e, l))| crate::Annotation {
                created: None,
                id: crate::AnnotationId(i as u32 + 1),
                span: crate::Span::new(*s, *e),
                label: l.clone(),
                note: String::new(),
                attributes: Default::default(),
            })
            .collect();
        let len = doc.text().chars().count() as u32;
        let set =
            AnnotationSet::from_parts(len, items, 1, crate::annotation::Overlaps::Allowed).unwrap();
        let corpus = native::export_by(&schema, [(&doc, &set)], Some("ana"));
        let (answer, bytes) = export("conll", &corpus, Some("ana"));
        match &answer {
            Answer::Exported { dropped, .. } => {
                assert!(
                    dropped.iter().any(|d| d.contains("overlapping")),
                    "{dropped:?}"
                )
            }
            other => panic!("{other:?}"),
        }
        assert!(String::from_utf8(bytes).unwrap().contains("Wilson"));
        answer_round_trips(&answer);
        assert!(matches!(
            export("pdf", &corpus, None).0,
            Answer::Refused { .. }
        ));
        assert!(matches!(
            export("conll", "{}", None).0,
            Answer::Refused { .. }
        ));
    }
}
