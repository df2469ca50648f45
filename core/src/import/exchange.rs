//! What the exchange formats (`crate::import::jsonl` and `crate::formats::*`) share: placing a
//! span given in a file onto the normalised text, titles and the sentences that say what an
//! export could not hold.
//!
//! Offsets are Unicode scalar values (`char`s, Python `str` indices), spans half-open
//! `[start, end)`. A file's offsets refer to its text *as written*; [`Written::place`] checks
//! them there and carries them through [`normalize`] to the text Postil keeps.

use super::jsonl::LineProblem;
use crate::article::{normalize, Article, Normalized};

use crate::corpus::Corpus;
use crate::prose::count;
use crate::text::char_len;

/// A text as a file wrote it, with its normalised form.
pub(crate) struct Written<'a> {
    text: &'a str,
    len: u32,
    normal: Normalized,
}

impl<'a> Written<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Written {
            text,
            len: char_len(text),
            normal: normalize(text),
        }
    }

    /// The text as written.
    pub(crate) fn as_written(&self) -> &'a str {
        self.text
    }

    /// What the text as written has at `[start, end)` (empty past the end).
    pub(crate) fn slice(&self, start: u32, end: u32) -> String {
        self.text
            .chars()
            .skip(start as usize)
            .take(end.saturating_sub(start) as usize)
            .collect()
    }

    /// Checks a labelled span given in the file (offsets in the text as written) and returns it
    /// in the normalised text. `quote` is the text the file says the span covers, if it says.
    pub(crate) fn place(
        &self,
        start: u64,
        end: u64,
        name: &str,
        quote: Option<&str>,
    ) -> Result<(u32, u32), LineProblem> {
        let len = self.len;
        if start > end {
            return Err(LineProblem::Reversed { start, end });
        }
        if start == end {
            return Err(LineProblem::EmptySpan { start, end });
        }
        if end > u64::from(len) {
            return Err(LineProblem::OutOfRange { start, end, len });
        }
        if name.trim().is_empty() {
            return Err(LineProblem::EmptyName { start, end });
        }
        // Both fit in u32: they are at most `len`.
        let (s, e) = (start as u32, end as u32);
        if let Some(quote) = quote {
            let actual = self.slice(s, e);
            if actual != quote {
                return Err(LineProblem::QuoteMismatch {
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
                Err(LineProblem::SplitsSequence {
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

/// The sentences for what `format` cannot hold of a corpus: notes (unless `holds_notes`),
/// document labels and "done" marks.
pub(crate) fn losses(corpus: Corpus<'_>, format: &str, holds_notes: bool) -> Vec<String> {
    let mut out = Vec::new();
    let sets = || corpus.documents.iter().map(|(_, set)| *set);
    let notes = sets()
        .flat_map(|set| set.iter())
        .filter(|a| !a.note.is_empty())
        .count();
    if !holds_notes && notes > 0 {
        out.push(format!(
            "{} dropped ({format} has no place for notes on annotations)",
            count(notes, "note was", "notes were")
        ));
    }
    let labelled = sets().filter(|set| !set.doc_labels().is_empty()).count();
    if labelled > 0 {
        out.push(format!(
            "the document labels of {} dropped ({format} has no place for them)",
            count(labelled, "document were", "documents were")
        ));
    }
    let done = sets().filter(|set| set.done()).count();
    if done > 0 {
        out.push(format!(
            "{} as done dropped ({format} has no place for it)",
            count(done, "document's mark", "documents' marks")
        ));
    }
    out
}

/// Adds "3 relations (why)" to what an import left out, when there were any.
pub(crate) fn left_out(out: &mut Vec<String>, n: usize, one: &str, many: &str, why: &str) {
    if n > 0 {
        out.push(format!("{} ({why})", count(n, one, many)));
    }
}
/// The first element of a JSON array at the top of `bytes`, if it is a `T`; without reading (or
/// allocating for) the rest of the file, so that telling formats apart stays cheap.
pub(crate) fn first_in_array<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    use serde::de::{Deserializer, Error, SeqAccess, Visitor};
    struct First<'a, T>(&'a mut Option<T>);
    impl<'de, T: serde::de::DeserializeOwned> Visitor<'de> for First<'_, T> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an array")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            *self.0 = seq.next_element()?;
            // Stop here: the rest of the file does not matter.
            Err(A::Error::custom("stop"))
        }
    }
    let mut first = None;
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let _ = serde_json::Deserializer::from_slice(bytes).deserialize_seq(First(&mut first));
    first
}

/// The first byte of `bytes` that is not whitespace or a byte order mark.
pub(crate) fn first_byte(bytes: &[u8]) -> Option<u8> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    bytes.iter().copied().find(|b| !b.is_ascii_whitespace())
}
