//! How a document is laid out as CoNLL rows: which spans fit (one label per token), the
//! tokens, and the sentences.
//!
//! Offsets are `char`s, spans half-open. Tokens cover every character that is not white space
//! (Postil's word tokens, and the punctuation between them, one word-boundary segment each),
//! never hold white space, and start and end at every boundary of a kept span. Sentences are
//! UAX #29 sentences (every line break ends one), merged where a kept span or a token would
//! cross their boundary.

use crate::annotation::{Annotation, AnnotationSet};
use crate::span::Span;
use crate::text::to_u32;
use crate::tokenize::tokenize;
use std::cmp::Reverse;
use unicode_segmentation::UnicodeSegmentation;

/// The spans CoNLL can hold and the ones it cannot: where spans overlap, the outermost
/// (longest, then earliest) is kept. Spans over white space only (`blank` says which) hold no
/// token, so they are left out first and shadow nothing. Kept spans come back in text order.
pub(super) fn choose(
    set: &AnnotationSet,
    blank: impl Fn(&Annotation) -> bool,
) -> (Vec<&Annotation>, Vec<&Annotation>, Vec<&Annotation>) {
    let (blanks, mut by_size): (Vec<&Annotation>, Vec<&Annotation>) =
        set.iter().partition(|a| blank(a));
    by_size.sort_by_key(|a| (Reverse(a.span.len()), a.span.start, a.id));
    let mut kept: Vec<&Annotation> = Vec::new();
    let mut dropped = Vec::new();
    for a in by_size {
        if kept.iter().any(|k| k.span.overlaps(a.span)) {
            dropped.push(a);
        } else {
            kept.push(a);
        }
    }
    kept.sort_by_key(|a| a.span.start);
    dropped.sort_by_key(|a| (a.span.start, a.id));
    (kept, dropped, blanks)
}

/// The tokens of `text`, split at every boundary in `cuts` (sorted or not).
pub(super) fn tokens(text: &str, cuts: &[u32]) -> Vec<Span> {
    let words = tokenize(text);
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut offset = 0u32;
    let mut word = 0;
    for segment in text.split_word_bounds() {
        let len = to_u32(segment.chars().count());
        let here = Span {
            start: offset,
            end: offset + len,
        };
        offset += len;
        while words.get(word).is_some_and(|w| w.end <= here.start) {
            word += 1;
        }
        // Postil's tokens where it has them (they split "Russia’s" in two), else the segment.
        let inside: Vec<Span> = words[word..]
            .iter()
            .take_while(|w| w.end <= here.end)
            .copied()
            .collect();
        if inside.is_empty() {
            out.push(here);
        } else {
            out.extend(inside);
        }
    }
    let mut cuts: Vec<u32> = cuts.to_vec();
    cuts.sort_unstable();
    out.into_iter()
        .flat_map(|t| split(t, &chars, &cuts))
        .collect()
}

/// `token` without its white space, cut at every boundary in `cuts` that falls inside it.
fn split(token: Span, chars: &[char], cuts: &[u32]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start: Option<u32> = None;
    for i in token.start..token.end {
        let blank = chars.get(i as usize).is_none_or(|c| c.is_whitespace());
        let cut = cuts.binary_search(&i).is_ok();
        if let Some(s) = start.filter(|_| blank || cut) {
            out.push(Span { start: s, end: i });
            start = None;
        }
        if !blank && start.is_none() {
            start = Some(i);
        }
    }
    out.extend(start.map(|s| Span {
        start: s,
        end: token.end,
    }));
    out
}

/// The tokens grouped into sentences, none empty. No sentence boundary falls inside a span of
/// `kept` or inside a token.
pub(super) fn sentences(text: &str, tokens: &[Span], kept: &[Span]) -> Vec<Vec<Span>> {
    let mut bounds: Vec<u32> = Vec::new();
    let mut offset = 0u32;
    for sentence in text.split_sentence_bounds() {
        offset += to_u32(sentence.chars().count());
        bounds.push(offset);
    }
    bounds.retain(|&b| !inside_one(kept, b) && !inside_one(tokens, b));
    let mut out: Vec<Vec<Span>> = Vec::new();
    let mut current = Vec::new();
    let mut next = bounds.iter().copied().peekable();
    for &token in tokens {
        let mut ended = false;
        while next.peek().is_some_and(|&b| b <= token.start) {
            next.next();
            ended = true;
        }
        if ended && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        current.push(token);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether `offset` falls strictly inside one of `spans` (sorted, not overlapping).
fn inside_one(spans: &[Span], offset: u32) -> bool {
    let i = spans.partition_point(|s| s.end <= offset);
    spans.get(i).is_some_and(|s| s.start < offset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::CharMap;

    fn texts(text: &str, spans: &[Span]) -> Vec<String> {
        let map = CharMap::new(text);
        spans
            .iter()
            .map(|s| map.slice(text, *s).unwrap_or("<bad>").to_string())
            .collect()
    }

    #[test]
    fn tokens_cover_everything_but_white_space() {
        let cases: &[(&str, &[u32], &[&str])] = &[
            (
                "Lavrov met Qureshi.",
                &[],
                &["Lavrov", "met", "Qureshi", "."],
            ),
            ("Russia’s army", &[], &["Russia", "’s", "army"]),
            (
                "“We stand ready,” he said",
                &[],
                &["“", "We", "stand", "ready", ",", "”", "he", "said"],
            ),
            ("U.S. talks", &[], &["U.S", ".", "talks"]),
            ("Pak-Russia", &[3], &["Pak", "-", "Russia"]),
            ("Islamabad", &[4], &["Isla", "mabad"]),
            ("北京和上海", &[], &["北", "京", "和", "上", "海"]),
            ("hi 👩‍👩‍👧 🇵🇰!", &[], &["hi", "👩‍👩‍👧", "🇵🇰", "!"]),
            ("a\r\n\r\nb", &[], &["a", "b"]),
            ("  ", &[], &[]),
        ];
        for (text, cuts, want) in cases {
            assert_eq!(texts(text, &tokens(text, cuts)), *want, "{text:?}");
        }
    }

    #[test]
    fn sentences_never_split_a_kept_span() {
        let text = "He met Mr. Khan. Then left.\nNew line";
        let tokens = tokens(text, &[]);
        let count = |kept: &[Span]| {
            sentences(text, &tokens, kept)
                .iter()
                .map(Vec::len)
                .collect::<Vec<_>>()
        };
        // UAX #29 ends a sentence after "Mr." too; a span over "Mr. Khan" merges the two.
        assert_eq!(count(&[]), vec![4, 2, 3, 2]);
        assert_eq!(count(&[Span::new(7, 15)]), vec![6, 3, 2]);
        // "Khan. Then left.\nNew": across a line break too.
        assert_eq!(count(&[Span::new(11, 31)]), vec![4, 7]);
    }
}
