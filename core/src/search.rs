//! Finding a word or phrase in a document, for highlighting and "label all".
//!
//! Hits are `char` spans, half-open, in order and not overlapping. Plain searches compare
//! characters with Unicode simple lower-casing when case is ignored; regular expressions use
//! `regex-lite`, whose classes (`\w`, `\d`) and case-insensitivity are ASCII-only (the app
//! says so). "Whole word" keeps hits that begin and end on token boundaries.

use crate::document::Document;
use crate::span::Span;
use crate::text::{to_u32, CharMap};
use thiserror::Error;

/// The most hits a search returns; more would not help anyone label them.
pub const MAX_HITS: usize = 5000;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    pub case_sensitive: bool,
    pub whole_word: bool,
    pub regex: bool,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum SearchError {
    #[error("the regular expression is not valid: {0}")]
    BadRegex(String),
}

/// Finds the query in the document's text.
pub fn find(doc: &Document, q: &Query) -> Result<Vec<Span>, SearchError> {
    if q.text.is_empty() {
        return Ok(Vec::new());
    }
    let hits = if q.regex {
        find_regex(doc, q)?
    } else {
        find_plain(doc.text(), q)
    };
    let tokens = doc.tokens();
    let on_boundaries = |s: &Span| {
        tokens.binary_search_by_key(&s.start, |t| t.start).is_ok()
            && tokens.binary_search_by_key(&s.end, |t| t.end).is_ok()
    };
    Ok(hits
        .into_iter()
        .filter(|s| !s.is_empty() && (!q.whole_word || on_boundaries(s)))
        .take(MAX_HITS)
        .collect())
}

fn fold(c: char, case_sensitive: bool) -> char {
    if case_sensitive {
        return c;
    }
    // Simple lower-casing: characters whose lower case is several characters stay as they are.
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

fn find_plain(text: &str, q: &Query) -> Vec<Span> {
    let needle: Vec<char> = q.text.chars().map(|c| fold(c, q.case_sensitive)).collect();
    let hay: Vec<char> = text.chars().map(|c| fold(c, q.case_sensitive)).collect();
    let mut hits = Vec::new();
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        if hay[i..i + needle.len()] == needle[..] {
            hits.push(Span {
                start: to_u32(i),
                end: to_u32(i + needle.len()),
            });
            i += needle.len();
        } else {
            i += 1;
        }
    }
    hits
}

fn find_regex(doc: &Document, q: &Query) -> Result<Vec<Span>, SearchError> {
    let re = regex_lite::RegexBuilder::new(&q.text)
        .case_insensitive(!q.case_sensitive)
        .build()
        .map_err(|e| SearchError::BadRegex(e.to_string()))?;
    let text = doc.text();
    let map = CharMap::new(text);
    Ok(re
        .find_iter(text)
        .take(MAX_HITS * 4)
        .map(|m| Span {
            start: map.char_offset(text, m.start()),
            end: map.char_offset(text, m.end()),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(text: &str, q: Query) -> Vec<String> {
        let doc = Document::new("d", "t", text);
        find(&doc, &q)
            .unwrap()
            .into_iter()
            .map(|s| doc.slice(s).unwrap_or("?").to_string())
            .collect()
    }

    fn q(text: &str, case: bool, word: bool, regex: bool) -> Query {
        Query {
            text: text.into(),
            case_sensitive: case,
            whole_word: word,
            regex,
        }
    }

    #[test]
    fn search_table() {
        let text =
            "Russia, Russian and RUSSIA’s ties; Pak-Russia. Ünïcode ÜNÏCODE 👍 русский Русский";
        let cases: Vec<(Query, Vec<&str>)> = vec![
            (
                q("Russia", true, false, false),
                vec!["Russia", "Russia", "Russia"],
            ),
            (
                q("Russia", false, false, false),
                vec!["Russia", "Russia", "RUSSIA", "Russia"],
            ),
            (
                q("Russia", false, true, false),
                vec!["Russia", "RUSSIA", "Russia"],
            ),
            (q("Russia", true, true, false), vec!["Russia", "Russia"]),
            (q("ünïcode", false, true, false), vec!["Ünïcode", "ÜNÏCODE"]),
            (
                q("русский", false, false, false),
                vec!["русский", "Русский"],
            ),
            (q("👍", true, false, false), vec!["👍"]),
            (q(r"R\w+ia\b", true, false, true), vec!["Russia", "Russia"]),
            (
                q(r"russ\w*", false, true, true),
                vec!["Russia", "Russian", "RUSSIA", "Russia"],
            ),
            (q("", false, false, false), vec![]),
            (q("zzz", false, false, false), vec![]),
        ];
        for (query, want) in cases {
            assert_eq!(hits(text, query.clone()), want, "{query:?}");
        }
    }

    #[test]
    fn regex_hits_are_char_offsets() {
        let doc = Document::new("d", "t", "👨‍👩‍👧 in Lahore, 北京 too");
        let spans = find(&doc, &q("Lahore|北京", true, false, true)).unwrap();
        assert_eq!(spans, vec![Span::new(9, 15), Span::new(17, 19)]);
    }

    #[test]
    fn bad_regex_says_so() {
        let doc = Document::new("d", "t", "x");
        let err = find(&doc, &q("(unclosed", true, false, true))
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("the regular expression is not valid"),
            "{err}"
        );
    }
}
