//! Finding a word or phrase in a document, for highlighting and "label all".
//!
//! Hits are `char` spans, half-open, in order and not overlapping. Plain searches compare
//! characters with Unicode simple lower-casing when case is ignored; regular expressions use
//! `regex-lite`, whose classes (`\w`, `\d`) and case-insensitivity are ASCII-only (the app
//! says so). "Whole word" keeps hits that begin and end on token boundaries.
//!
//! [`context`] gives the text around a hit for listing it: it counts `char`s too, but cuts its
//! window only at word boundaries (UAX #29, the ones tokens use), which never fall inside a
//! grapheme cluster, so an emoji sequence or a letter with its combining marks is never split.
//! (Word boundaries rather than grapheme clusters: the app's wasm then needs only the word
//! tables.)

use crate::document::Document;
use crate::span::Span;
use crate::text::to_u32;
use thiserror::Error;
use unicode_segmentation::UnicodeSegmentation;

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

/// Finds the query in the document's text, regular expressions included. The app finds
/// literal text itself ([`find_literal`]) and regular expressions in its worker
/// ([`regex_spans`] there, then [`finish`]), so that `regex-lite` is not part of its wasm.
pub fn find(doc: &Document, q: &Query) -> Result<Vec<Span>, SearchError> {
    if q.regex {
        if q.text.is_empty() {
            return Ok(Vec::new());
        }
        Ok(finish(doc, q, regex_spans(doc.text(), q)?))
    } else {
        Ok(find_literal(doc, q))
    }
}

/// Finds the query's text as it is written, ignoring its `regex` flag.
pub fn find_literal(doc: &Document, q: &Query) -> Vec<Span> {
    if q.text.is_empty() {
        return Vec::new();
    }
    let hits = if q.case_sensitive {
        find_exact(doc, &q.text)
    } else {
        find_plain(doc.text(), q)
    };
    finish(doc, q, hits)
}

/// The hits a search shows, from what was found in the document's text: not empty, inside
/// the text, on token boundaries for a whole-word search, and at most [`MAX_HITS`].
pub fn finish(doc: &Document, q: &Query, hits: Vec<Span>) -> Vec<Span> {
    let tokens = doc.tokens();
    let len = doc.char_len();
    let on_boundaries = |s: &Span| {
        tokens.binary_search_by_key(&s.start, |t| t.start).is_ok()
            && tokens.binary_search_by_key(&s.end, |t| t.end).is_ok()
    };
    hits.into_iter()
        .filter(|s| !s.is_empty() && s.end <= len && (!q.whole_word || on_boundaries(s)))
        .take(MAX_HITS)
        .collect()
}

fn fold(c: char, case_sensitive: bool) -> char {
    if case_sensitive {
        return c;
    }
    // ASCII first: the same answer as below, without the Unicode table (most of an article).
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    // Simple lower-casing: characters whose lower case is several characters stay as they are.
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Case-sensitive plain search: a byte search (fast on long articles, and what runs after
/// every label to offer the other occurrences), converted to `char` offsets.
fn find_exact(doc: &Document, needle: &str) -> Vec<Span> {
    doc.text()
        .match_indices(needle)
        .map(|(byte, m)| Span {
            start: doc.char_offset(byte),
            end: doc.char_offset(byte + m.len()),
        })
        .collect()
}

/// Case-insensitive plain search, comparing simply lower-cased characters.
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

/// The matches of the query's regular expression in `text`, as `char` spans in order (enough
/// for [`finish`] to keep [`MAX_HITS`] after dropping empty ones and, for a whole-word search,
/// those off token boundaries).
pub fn regex_spans(text: &str, q: &Query) -> Result<Vec<Span>, SearchError> {
    let re = regex_lite::RegexBuilder::new(&q.text)
        .case_insensitive(!q.case_sensitive)
        .build()
        .map_err(|e| SearchError::BadRegex(e.to_string()))?;
    // Matches come in order: count the characters between one and the next only.
    let (mut byte, mut chars) = (0, 0usize);
    let mut at = |to: usize| {
        chars += text[byte..to].chars().count();
        byte = to;
        to_u32(chars)
    };
    Ok(re
        .find_iter(text)
        .take(MAX_HITS * 4)
        .map(|m| {
            let start = at(m.start());
            Span {
                start,
                end: at(m.end()),
            }
        })
        .collect())
}

/// Characters read beyond a context window so that the word at its edge is seen whole (an
/// emoji ZWJ sequence needs what comes before the joiner).
const CLUSTER_GUARD: u32 = 16;

/// Text around a hit for showing it in a list: up to `chars` characters before and after
/// (cut at white space where possible, line breaks shown as spaces), and the hit itself.
///
/// A window that reaches the start or end of the text is kept whole; one cut inside the text
/// drops the partial word at its outer edge, unless the window holds no white space at all (CJK
/// text), in which case it is cut between words (each CJK ideograph is one). A hit running
/// past the end of the text is clamped to it.
pub fn context(doc: &Document, hit: Span, chars: u32) -> (String, String, String) {
    let len = doc.char_len();
    let start = hit.start.min(len);
    let end = hit.end.clamp(start, len);
    let slice = |from: u32, to: u32| {
        doc.slice(Span {
            start: from,
            end: to,
        })
        .unwrap_or("")
    };

    let lo = start.saturating_sub(chars);
    let guard_lo = lo.saturating_sub(CLUSTER_GUARD);
    let before = cut_before(slice(guard_lo, start), (lo - guard_lo) as usize, lo == 0);

    let hi = end.saturating_add(chars).min(len);
    let guard_hi = hi.saturating_add(CLUSTER_GUARD).min(len);
    let after = cut_after(slice(end, guard_hi), (hi - end) as usize, hi == len);

    (
        one_line(before).trim_start().to_string(),
        one_line(slice(start, end)),
        one_line(after).trim_end().to_string(),
    )
}

/// The end of `region` from its `cut`-th char on, moved forward to a word boundary and then
/// past the first white space unless it already starts a word. `whole`: the region starts the
/// text, so nothing is cut.
fn cut_before(region: &str, cut: usize, whole: bool) -> &str {
    if whole {
        return region;
    }
    let cut = byte_of_char(region, cut);
    let at = region
        .split_word_bound_indices()
        .map(|(b, _)| b)
        .find(|&b| b >= cut)
        .unwrap_or(region.len());
    let word_start = region[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_whitespace);
    let rest = &region[at..];
    if word_start {
        return rest;
    }
    match rest.char_indices().find(|(_, c)| c.is_whitespace()) {
        Some((b, c)) => &rest[b + c.len_utf8()..],
        None => rest,
    }
}

/// The start of `region` up to its `cut`-th char, moved back to a word boundary and then
/// before the last white space unless it already ends a word. `whole`: the region ends the
/// text, so nothing is cut.
fn cut_after(region: &str, cut: usize, whole: bool) -> &str {
    if whole {
        return region;
    }
    let cut = byte_of_char(region, cut);
    let at = region
        .split_word_bound_indices()
        .map(|(b, _)| b)
        .take_while(|&b| b <= cut)
        .last()
        .unwrap_or(0);
    let word_end = region[at..].chars().next().is_some_and(char::is_whitespace);
    let kept = &region[..at];
    if word_end {
        return kept;
    }
    match kept.char_indices().rev().find(|(_, c)| c.is_whitespace()) {
        Some((b, _)) => &kept[..b],
        None => kept,
    }
}

/// Byte offset of the `n`-th char of `s` (its length when `n` is past the end).
fn byte_of_char(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(b, _)| b)
}

/// `s` with every run of line breaks (`\n`, `\r\n`, a blank line, ...) shown as one space.
fn one_line(s: &str) -> String {
    let is_break = |c: char| {
        matches!(
            c,
            '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        )
    };
    let mut out = String::with_capacity(s.len());
    let mut in_break = false;
    for c in s.chars() {
        if is_break(c) {
            if !in_break {
                out.push(' ');
            }
            in_break = true;
        } else {
            out.push(c);
            in_break = false;
        }
    }
    out
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
    fn ascii_folds_as_unicode_lower_casing_does() {
        for c in (0u8..128).map(char::from) {
            assert_eq!(fold(c, false), c.to_lowercase().next().unwrap(), "{c:?}");
            assert_eq!(fold(c, true), c);
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

    #[test]
    fn context_table() {
        let family = "👨\u{200d}👩\u{200d}👧";
        // (text, the hit's text, which occurrence, chars, (before, hit, after))
        type Case = (
            String,
            &'static str,
            usize,
            u32,
            (&'static str, &'static str, &'static str),
        );
        #[rustfmt::skip]
        let cases: Vec<Case> = vec![
            // Cut inside words: the partial words at the outer edges are dropped.
            ("The quick brown fox jumps over the lazy dog".into(), "fox", 0, 10, ("brown ", "fox", " jumps")),
            // Windows that end on white space keep their edge word.
            ("The quick brown fox jumps over".into(), "fox", 0, 6, ("brown ", "fox", " jumps")),
            // Hits at the very start and the very end of the text.
            ("Russia and China meet".into(), "Russia", 0, 5, ("", "Russia", " and")),
            ("talks with Russia".into(), "Russia", 0, 5, ("with ", "Russia", "")),
            ("Russia".into(), "Russia", 0, 40, ("", "Russia", "")),
            // The whole text fits: nothing is cut, outer white space is trimmed.
            ("  a Russia b  ".into(), "Russia", 0, 40, ("a ", "Russia", " b")),
            // CRLF and blank lines show as one space.
            ("Line one\r\nRussia\r\n\r\nnext line".into(), "Russia", 0, 40, ("Line one ", "Russia", " next line")),
            ("end.\r\n\r\nRussia".into(), "Russia", 0, 3, ("", "Russia", "")),
            // A hit across a line break.
            ("in Pak\r\nRussia talks".into(), "Pak\r\nRussia", 0, 3, ("in ", "Pak Russia", "")),
            // CJK has no white space: cut by characters.
            ("北京是中国的首都，上海是最大的城市".into(), "上海", 0, 3, ("首都，", "上海", "是最大")),
            ("北京是中国的首都".into(), "北京", 0, 3, ("", "北京", "是中国")),
            // Emoji: a ZWJ family or a flag is kept whole or left out, never split.
            (format!("ab{family}Lahore"), "Lahore", 0, 6, ("👨\u{200d}👩\u{200d}👧", "Lahore", "")),
            (format!("ab{family}Lahore"), "Lahore", 0, 7, ("ab👨\u{200d}👩\u{200d}👧", "Lahore", "")),
            (format!("ab{family}Lahore"), "Lahore", 0, 4, ("", "Lahore", "")),
            (format!("Lahore{family}ab"), "Lahore", 0, 4, ("", "Lahore", "")),
            ("So I 👍 Lahore 🇵🇰 too".into(), "Lahore", 0, 3, ("👍 ", "Lahore", " 🇵🇰")),
            ("So I 👍 Lahore 🇵🇰 too".into(), "Lahore", 0, 2, ("👍 ", "Lahore", "")),
            // Combining marks stay with their letter; a word cut by the window is left out
            // even where no white space is next to it.
            ("Lahore:cafe\u{301}s".into(), "Lahore", 0, 5, ("", "Lahore", ":")),
            ("Lahore:cafe\u{301}s".into(), "Lahore", 0, 6, ("", "Lahore", ":")),
            ("Lahore:cafe\u{301}s!".into(), "Lahore", 0, 7, ("", "Lahore", ":cafe\u{301}s")),
            // Thai, like CJK, is cut between characters, never between a letter and its vowel
            // sign: "กิน" two characters back is the sign, so the cut moves on past it.
            ("\u{e01}\u{e34}\u{e19}Lahore".into(), "Lahore", 0, 2, ("\u{e19}", "Lahore", "")),
            ("\u{e01}\u{e34}\u{e19}Lahore".into(), "Lahore", 0, 3, ("\u{e01}\u{e34}\u{e19}", "Lahore", "")),
            // The second of three hits, and no context asked for.
            ("Russia, Russia, Russia".into(), "Russia", 1, 3, ("", "Russia", ",")),
            ("Russia, Russia, Russia".into(), "Russia", 1, 0, ("", "Russia", "")),
        ];
        for (text, needle, nth, chars, (before, hit, after)) in cases {
            let doc = Document::new("d", "t", text.as_str());
            let span = find(&doc, &q(needle, true, false, false)).unwrap()[nth];
            let want = (before.to_string(), hit.to_string(), after.to_string());
            assert_eq!(
                context(&doc, span, chars),
                want,
                "{text:?} {needle:?}#{nth} ±{chars}"
            );
        }
    }

    #[test]
    fn context_clamps_a_hit_past_the_end() {
        let doc = Document::new("d", "t", "short text");
        assert_eq!(
            context(&doc, Span::new(6, 99), 3),
            ("".to_string(), "text".to_string(), "".to_string())
        );
        assert_eq!(
            context(&doc, Span::new(50, 60), 4),
            ("text".to_string(), "".to_string(), "".to_string())
        );
    }
}
