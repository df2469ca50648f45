//! Cutting a text into spaCy tokens for a DocBin, so that spaCy rebuilds exactly the same text
//! and every annotation starts and ends on a token boundary.
//!
//! Offsets are `char`s, half-open. spaCy rebuilds a text as each token's text followed by one
//! space when the token's `whitespace_` flag is set; every other whitespace is a token of its
//! own. The words are Postil's tokens ([`crate::tokenize`]); what lies between them is cut at
//! Unicode word boundaries (so punctuation marks become tokens), except that a run of
//! whitespace stays one token. Every annotation boundary is then a cut as well. A word takes
//! the one space after it as its flag unless an annotation starts on that space or ends right
//! after it, because then the space must be a token of its own for the boundary to exist.

use crate::text::to_u32;
use crate::tokenize::tokenize;
use std::collections::BTreeSet;
use unicode_segmentation::UnicodeSegmentation;

/// One spaCy token: its `char` span (without the space of its flag) and that flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    /// Followed by one space that belongs to it (spaCy's `whitespace_ == " "`).
    pub space: bool,
}

/// The tokens of `text`, given the annotations' `(start, end)` offsets. Together with their
/// spaces they cover the text exactly, in order.
pub fn tokens(text: &str, annotations: &[(u32, u32)]) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let len = to_u32(chars.len());
    // The byte offset of every char offset, so that the gaps can be sliced quickly.
    let mut bytes: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    bytes.push(text.len());
    let starts: BTreeSet<u32> = annotations.iter().map(|a| a.0).collect();
    let ends: BTreeSet<u32> = annotations.iter().map(|a| a.1).collect();

    let mut cuts: BTreeSet<u32> = BTreeSet::from([0, len]);
    let mut previous_end = 0;
    for word in tokenize(text) {
        gap_cuts(text, &bytes, previous_end, word.start, &mut cuts);
        cuts.extend([word.start, word.end]);
        previous_end = word.end;
    }
    gap_cuts(text, &bytes, previous_end, len, &mut cuts);
    cuts.extend(starts.iter().chain(&ends).filter(|&&b| b <= len));

    let is_space = |start: u32, end: u32| (start..end).all(|i| chars[i as usize].is_whitespace());
    let mut out: Vec<Token> = Vec::new();
    let bounds: Vec<u32> = cuts.into_iter().collect();
    for pair in bounds.windows(2) {
        let (mut start, end) = (pair[0], pair[1]);
        if is_space(start, end) {
            let absorbed = chars[start as usize] == ' '
                && !starts.contains(&start)
                && !ends.contains(&(start + 1))
                && out
                    .last()
                    .is_some_and(|t| t.end == start && !t.space && !is_space(t.start, t.end));
            if absorbed {
                if let Some(last) = out.last_mut() {
                    last.space = true;
                }
                start += 1;
                if start == end {
                    continue;
                }
            }
        }
        out.push(Token {
            start,
            end,
            space: false,
        });
    }
    out
}

/// Adds the cuts inside the stretch `[from, to)` between two words: at each word boundary,
/// except between two whitespace segments.
fn gap_cuts(text: &str, bytes: &[usize], from: u32, to: u32, cuts: &mut BTreeSet<u32>) {
    if from >= to {
        return;
    }
    let (a, b) = (bytes[from as usize], bytes[to as usize]);
    let mut at = from;
    let mut previous_space = false;
    for segment in text[a..b].split_word_bounds() {
        let space = segment.chars().all(char::is_whitespace);
        if !(space && previous_space) {
            cuts.insert(at);
        }
        previous_space = space;
        at += to_u32(segment.chars().count());
    }
}
