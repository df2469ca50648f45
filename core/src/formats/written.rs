//! A text as a file wrote it, and the labelled spans the file places on it: checked against
//! the text *as written*, then carried through [`normalize`] to the text Postil keeps. Every
//! exchange format that gives spans as offsets into a text (doccano, W3C, Label Studio) reads
//! them through [`Written::place`], so they refuse the same spans with the same sentences.
//!
//! Offsets are Unicode scalar values (`char`s, Python `str` indices), spans half-open
//! `[start, end)`, in the text as written until `place` returns them in the normalised text.

use crate::article::{normalize, Article, Normalized};
use crate::text::char_len;
use thiserror::Error;

/// What is wrong with a labelled span a file gives (`start` and `end` as the file wrote them).
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum SpanProblem {
    #[error("label [{start}, {end}) is empty")]
    EmptySpan { start: u64, end: u64 },
    #[error("label [{start}, {end}) ends before it starts")]
    Reversed { start: u64, end: u64 },
    #[error("label [{start}, {end}) is outside the text ({len} characters)")]
    OutOfRange { start: u64, end: u64, len: u32 },
    #[error("label [{start}, {end}) has an empty name")]
    EmptyName { start: u64, end: u64 },
    #[error("label [{start}, {end}) {which} inside “{sequence}”, which Postil normalises (a line break \\r\\n, or a letter with combining marks)")]
    SplitsSequence {
        start: u64,
        end: u64,
        which: &'static str,
        sequence: String,
    },
    #[error("label [{start}, {end}) says it covers “{stated}”, and the text there is “{actual}”")]
    QuoteMismatch {
        start: u64,
        end: u64,
        stated: String,
        actual: String,
    },
}

/// Every how many `char`s [`Written`] notes a byte offset.
const STEP: usize = 64;

/// A text as a file wrote it, with its normalised form.
pub(crate) struct Written<'a> {
    text: &'a str,
    len: u32,
    normal: Normalized,
    /// The byte offset of every [`STEP`]-th `char` (0, STEP, 2·STEP, …): a `char` offset is
    /// then found in at most STEP steps, not by a walk from the start of the text (20,000
    /// quoted regions on a 2 MB text took 12 s that way).
    marks: Vec<usize>,
}

impl<'a> Written<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Written {
            text,
            len: char_len(text),
            normal: normalize(text),
            marks: text.char_indices().step_by(STEP).map(|(b, _)| b).collect(),
        }
    }

    /// The byte offset of `char` offset `at` (the end of the text past it).
    fn byte_at(&self, at: u32) -> usize {
        let at = at as usize;
        let Some(&mark) = self.marks.get(at / STEP) else {
            return self.text.len();
        };
        (self.text[mark..].char_indices())
            .nth(at % STEP)
            .map_or(self.text.len(), |(b, _)| mark + b)
    }

    /// The `char` offset of byte offset `byte`, which must be on a `char` boundary.
    pub(crate) fn char_at_byte(&self, byte: usize) -> u32 {
        let i = self.marks.partition_point(|&m| m <= byte).saturating_sub(1);
        let mark = self.marks.get(i).copied().unwrap_or(0);
        (i * STEP) as u32 + char_len(&self.text[mark..byte])
    }

    /// The text as written.
    pub(crate) fn as_written(&self) -> &'a str {
        self.text
    }

    /// What the text as written has at `[start, end)` (empty past the end).
    pub(crate) fn slice(&self, start: u32, end: u32) -> String {
        let (a, b) = (self.byte_at(start), self.byte_at(end.max(start)));
        self.text[a..b].to_string()
    }

    /// Checks a labelled span given in the file (offsets in the text as written) and returns it
    /// in the normalised text. `quote` is the text the file says the span covers, if it says.
    pub(crate) fn place(
        &self,
        start: u64,
        end: u64,
        name: &str,
        quote: Option<&str>,
    ) -> Result<(u32, u32), SpanProblem> {
        let len = self.len;
        if start > end {
            return Err(SpanProblem::Reversed { start, end });
        }
        if start == end {
            return Err(SpanProblem::EmptySpan { start, end });
        }
        if end > u64::from(len) {
            return Err(SpanProblem::OutOfRange { start, end, len });
        }
        if name.trim().is_empty() {
            return Err(SpanProblem::EmptyName { start, end });
        }
        // Both fit in u32: they are at most `len`.
        let (s, e) = (start as u32, end as u32);
        if let Some(quote) = quote {
            let actual = self.slice(s, e);
            if actual != quote {
                return Err(SpanProblem::QuoteMismatch {
                    start,
                    end,
                    stated: quote.to_string(),
                    actual,
                });
            }
        }
        match (self.normal.map.map(s), self.normal.map.map(e)) {
            (Some(new_start), Some(new_end)) => Ok((new_start, new_end)),
            (from, _) => {
                let (which, at) = if from.is_none() {
                    ("starts", s)
                } else {
                    ("ends", e)
                };
                let (a, b) = self.normal.map.changed_around(at).unwrap_or((at, at));
                let sequence = self
                    .slice(a, b)
                    .chars()
                    .flat_map(char::escape_debug)
                    .collect();
                Err(SpanProblem::SplitsSequence {
                    start,
                    end,
                    which,
                    sequence,
                })
            }
        }
    }

    /// The article's title: the one the file states, else the first non-blank line, cut.
    pub(crate) fn title(&self, stated: Option<&str>) -> String {
        stated
            .map(Article::title_from)
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| Article::title_of(&self.normal.text))
    }

    /// The normalised text, which the article keeps.
    pub(crate) fn into_text(self) -> String {
        self.normal.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_and_byte_offsets_agree_with_a_walk_from_the_start() {
        // Long enough to pass several marks, with 2-, 3- and 4-byte chars.
        let text: String = (0..300)
            .map(|i| ["a", "é", "北", "🇵", "\r\n"][i % 5])
            .collect();
        let w = Written::new(&text);
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let n = chars.len() as u32;
        for (start, end) in [
            (0, 0),
            (0, 1),
            (63, 65),
            (64, 128),
            (100, 299),
            (n - 1, n),
            (n, n),
            (5, n + 10),
            (n + 3, n + 9),
        ] {
            let walked: String = text
                .chars()
                .skip(start as usize)
                .take(end.saturating_sub(start) as usize)
                .collect();
            assert_eq!(w.slice(start, end), walked, "{start}..{end}");
        }
        for (c, (byte, _)) in chars.iter().enumerate() {
            assert_eq!(w.char_at_byte(*byte), c as u32, "byte {byte}");
        }
        assert_eq!(w.char_at_byte(text.len()), n);
    }
}
