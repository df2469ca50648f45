//! Word tokens by Unicode word boundaries (UAX #29, from `unicode-segmentation`), and the
//! snapping of a rough selection to whole tokens.
//!
//! Offsets are `char`s; token spans are half-open and sorted, and never overlap. A token is a
//! word-boundary segment that holds something other than white space and punctuation: words,
//! numbers ("50,000"), CJK ideographs (one each, as UAX #29 gives no dictionary), emoji and
//! flags. An English possessive ending ("Russia’s") is split off so that the name alone can be
//! labeled, as spaCy and most NER corpora do.

use crate::span::Span;
use crate::text::to_u32;
use unicode_segmentation::UnicodeSegmentation;

/// Splits `text` into tokens, returning their `char` spans in order.
pub fn tokenize(text: &str) -> Vec<Span> {
    tokens(text).collect()
}

/// How many tokens `tokenize(text)` would give, counting no further than `max + 1` (the words
/// of a long paragraph need not all be found to tell that it is longer than a heading).
pub fn count_up_to(text: &str, max: usize) -> usize {
    tokens(text).take(max + 1).count()
}

/// The tokens of `text` in order, found as they are asked for.
fn tokens(text: &str) -> impl Iterator<Item = Span> + '_ {
    let mut chars_before = 0usize;
    let mut last_byte = 0usize;
    text.split_word_bound_indices()
        .flat_map(move |(byte, segment)| {
            // Count the chars between the previous segment and this one (always none with
            // UAX #29, but cheap to keep honest).
            chars_before += text[last_byte..byte].chars().count();
            let len = segment.chars().count();
            let (start, end) = (to_u32(chars_before), to_u32(chars_before + len));
            chars_before += len;
            last_byte = byte + segment.len();
            let parts = if !is_token(segment) {
                [None, None]
            } else {
                match possessive_suffix_len(segment) {
                    Some(suffix) if len > suffix => {
                        let split = end - to_u32(suffix);
                        [
                            Some(Span { start, end: split }),
                            Some(Span { start: split, end }),
                        ]
                    }
                    _ => [Some(Span { start, end }), None],
                }
            };
            parts.into_iter().flatten()
        })
}

pub(crate) fn is_token(segment: &str) -> bool {
    segment
        .chars()
        .any(|c| !c.is_whitespace() && !is_punctuation(c))
}

/// Punctuation that is never a token on its own: ASCII punctuation, the General Punctuation
/// block (quotes, dashes, ellipsis), CJK and full-width punctuation, and Latin-1 marks.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{A1}' | '\u{A7}' | '\u{AB}' | '\u{B6}' | '\u{B7}' | '\u{BB}' | '\u{BF}'
            | '\u{2010}'..='\u{205E}'
            | '\u{3000}'..='\u{303F}'
            | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}'
            | '\u{FF5B}'..='\u{FF65}'
            | '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{05BE}' | '\u{05C0}' | '\u{05C3}')
}

/// Length in chars of a trailing possessive "’s" / "'s", if the segment ends with one.
fn possessive_suffix_len(segment: &str) -> Option<usize> {
    let mut rev = segment.chars().rev();
    let s = rev.next()?;
    let apostrophe = rev.next()?;
    let before = rev.next()?;
    ((s == 's' || s == 'S')
        && (apostrophe == '\u{2019}' || apostrophe == '\'')
        && before.is_alphabetic())
    .then_some(2)
}

/// Index of the first token whose end is after `offset`.
fn first_ending_after(tokens: &[Span], offset: u32) -> usize {
    tokens.partition_point(|t| t.end <= offset)
}

/// The token under a caret placed at `offset` by a click: the token covering that character,
/// or else the token that ends right there (a click on the right half of a word's last letter
/// puts the caret after it).
pub fn token_at(tokens: &[Span], offset: u32) -> Option<Span> {
    let i = first_ending_after(tokens, offset);
    if let Some(t) = tokens.get(i).filter(|t| t.contains(offset)) {
        return Some(*t);
    }
    i.checked_sub(1)
        .and_then(|j| tokens.get(j))
        .filter(|t| t.end == offset)
        .copied()
}

/// Snaps a dragged range to the whole tokens it touches: from the start of the first token it
/// overlaps to the end of the last. `None` when it touches only spaces or punctuation. An empty
/// range is treated as a click at that offset.
pub fn snap(tokens: &[Span], range: Span) -> Option<Span> {
    if range.is_empty() {
        return token_at(tokens, range.start);
    }
    let first = first_ending_after(tokens, range.start);
    let last = tokens.partition_point(|t| t.start < range.end);
    if first >= last {
        return None;
    }
    Some(Span {
        start: tokens[first].start,
        end: tokens[last - 1].end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::CharMap;

    fn words(text: &str) -> Vec<&str> {
        let map = CharMap::new(text);
        tokenize(text)
            .into_iter()
            .map(|s| map.slice(text, s).unwrap_or("<bad>"))
            .collect()
    }

    #[test]
    fn tokens_by_unicode_word_boundaries() {
        let cases: &[(&str, &[&str])] = &[
            ("Sergey Lavrov spoke.", &["Sergey", "Lavrov", "spoke"]),
            (
                "Russia’s Foreign Minister",
                &["Russia", "’s", "Foreign", "Minister"],
            ),
            ("Pakistan's army", &["Pakistan", "'s", "army"]),
            (
                "the United States’ dwindling",
                &["the", "United", "States", "dwindling"],
            ),
            ("50,000 vaccine doses", &["50,000", "vaccine", "doses"]),
            (
                "Covid-19 and Pak-Russia",
                &["Covid", "19", "and", "Pak", "Russia"],
            ),
            (
                "“We stand ready,” he said",
                &["We", "stand", "ready", "he", "said"],
            ),
            ("cafe\u{301} noir", &["cafe\u{301}", "noir"]),
            ("北京和上海", &["北", "京", "和", "上", "海"]),
            ("hi 👨‍👩‍👧 🇵🇰!", &["hi", "👨‍👩‍👧", "🇵🇰"]),
            ("Lavrov\r\nQureshi", &["Lavrov", "Qureshi"]),
            ("שלום עולם", &["שלום", "עולם"]),
            ("... — !", &[]),
            ("", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(&words(text), want, "{text:?}");
        }
    }

    #[test]
    fn token_spans_count_chars_not_bytes() {
        // "é" here is two chars (e + combining acute); the flag is two chars.
        let text = "e\u{301}t\u{e9} 🇵🇰 Lahore";
        assert_eq!(
            tokenize(text),
            vec![Span::new(0, 4), Span::new(5, 7), Span::new(8, 14)]
        );
    }

    #[test]
    fn snap_extends_to_whole_tokens() {
        let text = "Sergey Lavrov spoke, said Qureshi.";
        //          0123456789012345678901234567890123
        let tokens = tokenize(text);
        let cases = [
            ((2, 9), Some((0, 13))),    // mid-word to mid-word
            ((0, 13), Some((0, 13))),   // exact
            ((6, 7), None),             // only the space
            ((19, 21), None),           // comma and space
            ((19, 22), Some((21, 25))), // punctuation then into "said"
            ((3, 3), Some((0, 6))),     // click inside a word
            ((6, 6), Some((0, 6))),     // caret right after a word
            ((0, 0), Some((0, 6))),     // caret before the first letter
            ((33, 34), None),           // final full stop
            ((30, 40), Some((26, 33))), // past the end of the text
        ];
        for ((a, b), want) in cases {
            let got = snap(&tokens, Span::new(a, b)).map(|s| (s.start, s.end));
            assert_eq!(got, want, "snap {a}..{b}");
        }
    }
}
