//! The article: what reading a file gives, whatever the file (plain text, Markdown, a web page or
//! an exchange format), before it becomes a document; with the one rule for titles that every
//! reader follows, and the normalisation every imported text goes through ([`normalize`]).
//!
//! Offsets are Unicode scalar values (`char`s, Python `str` indices) and spans are half-open
//! `[start, end)`, both in the article's text, which is normalised: NFC, `\n` line breaks.
//! A title is one line, never longer than [`TITLE_MAX`] characters.

mod normalize;

pub use normalize::{normalize, text_fingerprint, Deduper, Normalized, OffsetMap, Seen};
use serde::{Deserialize, Serialize};

/// The longest title, in characters, whatever file it comes from (see [`Article::title_from`]).
pub const TITLE_MAX: usize = 120;

/// One article read from a file. Serde: articles cross from the import worker as JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Never empty; one line.
    pub title: String,
    /// The text, normalised. For plain text, Markdown and web pages it is Postil text (blocks
    /// separated by one blank line, the title line first); an exchange format's text is kept
    /// as the file gives it (normalised only), because its offsets refer to it.
    pub text: String,
    /// The id the file gives the article (a JSONL `id`), as a string.
    pub id_hint: Option<String>,
    /// Labelled spans: `char` offsets into `text`, half-open, and the label's name.
    pub annotations: Vec<(u32, u32, String)>,
    /// Where the article came from, for reports: "notes.md", "corpus.jsonl line 7".
    pub source: String,
    /// Notes on annotations: `notes[i]` belongs to `annotations[i]` (empty: none). It may be
    /// shorter than `annotations`; the rest have no note.
    pub notes: Vec<String>,
    /// Relations between the annotations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relations: Vec<Link>,
    /// Attributes of annotations: `attributes[i]` belongs to `annotations[i]`; it may be
    /// shorter than `annotations`, as `notes` may.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<crate::annotation::Attributes>,
    /// A model's suggestions for the article (a Label Studio task's predictions): they become
    /// a layer of suggestions beside the annotations, never annotations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggested: Option<Suggested>,
}

/// What a model suggested for an article, and which model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggested {
    /// The model's name or version (the layer's name).
    pub by: String,
    /// Labelled spans: `char` offsets into the article's text, half-open, and the label.
    pub spans: Vec<(u32, u32, String)>,
}

/// A relation as a file gives it: from `annotations[from]` to `annotations[to]` of its article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub from: usize,
    pub to: usize,
    /// The relation's type.
    pub kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Article {
    /// The title a line makes: normalised, on one line, cut to [`TITLE_MAX`] characters at a
    /// word boundary where one is near, with "…" when anything was cut. Every reader makes its
    /// titles this way, whether the file states the title or it is the text's first line.
    pub fn title_from(line: &str) -> String {
        cut(&normalize(line).text, TITLE_MAX)
    }

    /// The title of a text that states none: its first line that is not blank, as
    /// [`Article::title_from`] makes it (empty for a blank text).
    pub fn title_of(text: &str) -> String {
        Article::title_from(
            text.lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or_default(),
        )
    }
}

/// Replaces every run of whitespace with one space and trims both ends.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` on one line, cut to at most `max` characters, at a word boundary where one is near,
/// with "…" when anything was cut.
pub(crate) fn cut(text: &str, max: usize) -> String {
    let text = collapse_whitespace(text);
    if text.chars().count() <= max {
        return text;
    }
    let kept: String = text.chars().take(max.saturating_sub(1)).collect();
    // Prefer ending at a space, unless that would throw away most of the title.
    let kept = match kept.rfind(' ') {
        Some(space) if kept[..space].chars().count() > max / 2 => &kept[..space],
        _ => kept.as_str(),
    };
    format!("{}…", kept.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_table() {
        let long = "word ".repeat(40);
        let cases = [
            ("Title", "Title"),
            ("\n  \r\n  First  line \nsecond", "First line"),
            ("Cafe\u{301}\tnoir", "Caf\u{e9} noir"),
            ("", ""),
            (
                long.as_str(),
                &format!("{}…", "word ".repeat(23).trim_end()),
            ),
        ];
        for (text, want) in cases {
            assert_eq!(Article::title_of(text), want, "{text:?}");
            assert!(Article::title_of(text).chars().count() <= TITLE_MAX);
        }
        assert_eq!(Article::title_from("  Stated \n title "), "Stated title");
    }

    #[test]
    fn cut_table() {
        let cases = [
            ("Short title", 20, "Short title"),
            ("  spaced \n out  ", 20, "spaced out"),
            ("one two three four five", 12, "one two…"),
            ("abcdefghijklmnop", 10, "abcdefghi…"),
            ("北京和上海北京和上海", 5, "北京和上…"),
        ];
        for (text, max, want) in cases {
            assert_eq!(cut(text, max), want, "{text:?}");
            assert!(cut(text, max).chars().count() <= max);
        }
    }
}
