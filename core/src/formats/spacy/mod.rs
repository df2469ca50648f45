//! spaCy's two corpus formats, both ways: the training JSON that spaCy's `Example.from_dict`
//! reads (`[["text", {"entities": [[start, end, "LABEL"], …]}], …]`) and the binary DocBin
//! (`.spacy`) that `spacy train` reads; and, read only, spaCy 2's JSON training format
//! (`v2`).
//!
//! Offsets are Unicode scalar values (`char`s) and spans half-open, which is what spaCy's
//! `Doc.char_span` and `Span.start_char`/`end_char` count (Python `str` indices), so offsets
//! pass through unchanged.
//!
//! spaCy's `doc.ents` cannot overlap, Postil's spans can. Both formats therefore carry every
//! span twice over: *all* of a document's spans in the span group [`SPANS_KEY`]
//! (`doc.spans["postil"]`, or `"spans": {"postil": […]}` in JSON), and the largest set of
//! non-overlapping ones as the entities (longest first, then in reading order; see
//! [`entities`]). A span that is not among the entities is listed in [`Exported::dropped`].
//! Import takes the union of the entities and every span group, each distinct
//! `(start, end, label)` once, so a file of either origin reads back whole.
//!
//! Neither format has titles: an import takes the first line of the text as the title, and the
//! text is normalised (NFC, `\n` line breaks) with offsets carried over as for JSONL.
//!
//! [`Exported::dropped`]: crate::formats::Exported::dropped

mod docbin;
mod hash;
mod json;
mod symbols;
mod tokens;
mod v2;

pub use docbin::{export_docbin, import_docbin};
pub use hash::{murmur64a, string_id};
pub use json::{export_json, import_json, looks_like_json};
pub use tokens::{tokens, Token};

use super::Problem;
use crate::article::{normalize, Article};
use crate::corpus::Corpus;
use crate::prose::{count, plural};
use crate::text::char_len;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

/// The span group (and JSON `spans` key) that holds all of a document's spans.
pub const SPANS_KEY: &str = "postil";

/// How many examples a `dropped` sentence names.
const EXAMPLES: usize = 3;

/// A span as a file gives it: `char` offsets not yet checked, and the label.
type RawSpan = (u64, u64, String);

/// One document as both formats write it.
struct DocOut<'a> {
    text: &'a str,
    /// Every span, in reading order.
    spans: Vec<(u32, u32, &'a str)>,
    /// The indices in `spans` of the entities, in reading order.
    entities: Vec<usize>,
}

/// The documents of a corpus ready to write, and what the formats cannot hold.
fn prepare<'a>(corpus: Corpus<'a>) -> (Vec<DocOut<'a>>, Vec<String>) {
    let mut docs = Vec::new();
    let mut only_in_group = Vec::new();
    let (mut notes, mut doc_labels, mut titles) = (0usize, 0usize, Vec::new());
    for (document, set) in corpus.documents {
        let spans: Vec<(u32, u32, &str)> = set
            .iter()
            .filter(|a| a.span.end <= document.char_len())
            .map(|a| (a.span.start, a.span.end, a.label.as_str()))
            .collect();
        let entities = entities(&spans);
        let mut kept = entities.iter().peekable();
        for (i, (start, end, label)) in spans.iter().enumerate() {
            if kept.next_if_eq(&&i).is_none() {
                let text = document
                    .slice(crate::Span::new(*start, *end))
                    .unwrap_or_default();
                only_in_group.push(format!("“{text}” ({label}) in “{}”", document.title()));
            }
        }
        notes += set.iter().filter(|a| !a.note.is_empty()).count();
        doc_labels += usize::from(set.doc_labels().values().any(|v| !v.is_empty()));
        if !document.has_title_block() {
            titles.push(format!("“{}”", document.title()));
        }
        docs.push(DocOut {
            text: document.text(),
            spans,
            entities,
        });
    }
    let mut dropped = Vec::new();
    if !only_in_group.is_empty() {
        dropped.push(format!(
            "{} only in the span group “{SPANS_KEY}”, not among the entities (spaCy's \
             entities cannot overlap): {}",
            count(
                only_in_group.len(),
                "overlapping span is",
                "overlapping spans are"
            ),
            examples(&only_in_group)
        ));
    }
    if notes > 0 {
        dropped.push(format!(
            "{} left out (spaCy's formats have no place for notes)",
            count(
                notes,
                "note on annotations was",
                "notes on annotations were"
            ),
        ));
    }
    if doc_labels > 0 {
        dropped.push(format!(
            "the document labels of {} were left out",
            count(doc_labels, "document", "documents")
        ));
    }
    dropped.extend(super::report::relations_dropped(corpus, "spaCy's formats"));
    dropped.extend(super::report::attributes_dropped(corpus, "spaCy's formats"));
    if !titles.is_empty() {
        dropped.push(format!(
            "{} left out (spaCy's formats hold only the text): {}",
            count(
                titles.len(),
                "title that is not the first line of its text was",
                "titles that are not the first line of their text were"
            ),
            examples(&titles)
        ));
    }
    (docs, dropped)
}

/// The spans that become spaCy entities: the longest span first, then each next longest that
/// overlaps none taken so far (ties in reading order). Returns indices into `spans`, sorted.
/// An outer span wins over the spans nested in it, as a reader would label the whole name.
pub fn entities(spans: &[(u32, u32, &str)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(spans[i].1 - spans[i].0), spans[i].0, i));
    // Taken spans by start; they never overlap, so their ends are in the same order.
    let mut taken: BTreeMap<u32, (u32, usize)> = BTreeMap::new();
    for i in order {
        let (start, end, _) = spans[i];
        let clash_before = taken
            .range(..=start)
            .next_back()
            .is_some_and(|(_, (e, _))| *e > start);
        let clash_after = taken.range(start..end).next().is_some();
        if start < end && !clash_before && !clash_after {
            taken.insert(start, (end, i));
        }
    }
    taken.into_values().map(|(_, i)| i).collect()
}

/// An article from a text and spans as a file gives them, or the problems with them (each a
/// sentence for [`Problem::what`]). `Ok(None)` when the text is blank.
fn article(
    written: &str,
    spans: Vec<RawSpan>,
    source: String,
) -> Result<Option<Article>, Vec<String>> {
    if written.trim().is_empty() {
        return if spans.is_empty() {
            Ok(None)
        } else {
            Err(vec!["the text is blank but has spans".to_string()])
        };
    }
    let normal = normalize(written);
    let len = char_len(written);
    let mut problems = Vec::new();
    // Reading order: by start, longer first; each distinct span once.
    let mut annotations: BTreeSet<(u32, Reverse<u32>, String)> = BTreeSet::new();
    for (start, end, label) in spans {
        let at = format!("span [{start}, {end}) “{label}”");
        if start >= end {
            problems.push(format!("{at} is empty or ends before it starts"));
        } else if end > u64::from(len) {
            problems.push(format!("{at} is outside the text ({len} characters)"));
        } else if label.trim().is_empty() {
            problems.push(format!("span [{start}, {end}) has an empty label"));
        } else {
            // Both fit in u32: they are at most `len`.
            match (normal.map.map(start as u32), normal.map.map(end as u32)) {
                (Some(s), Some(e)) => {
                    annotations.insert((s, Reverse(e), label));
                }
                _ => problems.push(format!(
                    "{at} starts or ends inside a sequence that Postil normalises (a line \
                     break \\r\\n, or a letter with combining marks)"
                )),
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Some(Article {
        suggested: None,
        attributes: Vec::new(),
        title: Article::title_of(&normal.text),
        text: normal.text,
        id_hint: None,
        annotations: annotations
            .into_iter()
            .map(|(s, Reverse(e), label)| (s, e, label))
            .collect(),
        source,
        notes: Vec::new(),
        relations: Vec::new(),
    }))
}

/// Problems found in record or document `at`, in the shape every format reports.
fn problems_at(at: &str, whats: Vec<String>) -> impl Iterator<Item = Problem> + '_ {
    whats.into_iter().map(move |what| Problem {
        at: at.to_string(),
        what,
    })
}

/// "3 blank documents (doc 2, 5, 9)" for `Imported::skipped`.
fn blank_note(kind: &str, numbers: &[usize]) -> Option<String> {
    (!numbers.is_empty()).then(|| {
        let list: Vec<String> = numbers.iter().map(ToString::to_string).collect();
        format!(
            "{} blank {kind}{} without text ({kind} {})",
            numbers.len(),
            plural(numbers.len()),
            list.join(", ")
        )
    })
}

fn examples(items: &[String]) -> String {
    let mut out = items
        .iter()
        .take(EXAMPLES)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > EXAMPLES {
        out.push_str(", …");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_prefer_the_longest_then_reading_order() {
        // (spans, the indices that become entities)
        type Case = (&'static [(u32, u32)], &'static [usize]);
        let cases: &[Case] = &[
            (&[(0, 2), (3, 5)], &[0, 1]),          // apart
            (&[(0, 3), (3, 5)], &[0, 1]),          // touching
            (&[(0, 4), (3, 5)], &[0]),             // crossing: the longer
            (&[(0, 2), (1, 5)], &[1]),             // crossing: the longer, second
            (&[(0, 3), (2, 5)], &[0]),             // crossing, equal length: the first
            (&[(0, 10), (1, 3), (5, 8)], &[0]),    // nested: the outer
            (&[(1, 3), (1, 3)], &[0]),             // same span twice (two labels)
            (&[(0, 4), (3, 8), (7, 10)], &[1]),    // a chain: the longest, middle
            (&[(0, 5), (4, 8), (7, 12)], &[0, 2]), // a chain: ends win when longer
        ];
        for (given, want) in cases {
            let spans: Vec<(u32, u32, &str)> = given.iter().map(|&(s, e)| (s, e, "L")).collect();
            assert_eq!(entities(&spans), *want, "{given:?}");
        }
    }

    #[test]
    fn article_maps_offsets_and_names_problems() {
        let got = article(
            "Caf\u{65}\u{301}\r\nLavrov",
            vec![
                (0, 5, "ORG".into()),
                (7, 13, "PER".into()),
                (7, 13, "PER".into()),
            ],
            "f doc 1".into(),
        )
        .unwrap()
        .unwrap();
        assert_eq!(got.text, "Café\nLavrov");
        assert_eq!(got.title, "Café");
        assert_eq!(
            got.annotations,
            vec![(0, 4, "ORG".into()), (5, 11, "PER".into())]
        );
        let bad = article(
            "Cafe\u{301} x",
            vec![
                (0, 4, "ORG".into()),
                (2, 2, "A".into()),
                (0, 99, "B".into()),
                (0, 1, " ".into()),
            ],
            String::new(),
        )
        .unwrap_err();
        assert_eq!(bad.len(), 4, "{bad:?}");
        assert!(bad[0].contains("[0, 4)") && bad[0].contains("normalises"));
        assert!(bad[2].contains("outside the text (7 characters)"));
        assert_eq!(article(" \n", vec![], String::new()), Ok(None));
    }
}
