//! The file formats, each both ways: Postil's own ([`native`], which keeps everything) and the
//! exchange formats other tools read and write (export a corpus, or one document, to a file;
//! import a file back into articles); [`registry`] names them, tells them apart and reads any
//! file a person hands Postil, passing plain text, Markdown and HTML to `crate::sources`.
//!
//! Below the formats, and shared by them: this module's results and errors, `written` (spans
//! given as offsets into a text as a file wrote it), `report` (the sentences of what was
//! dropped or left out) and `sniff` (cheap looks at a file). No format uses another.
//!
//! Offsets are Unicode scalar values (`char`s, Python `str` indices), spans half-open, as
//! everywhere in Postil; a format that counts otherwise is converted at its edge, in its module.
//! An export never drops anything silently: what the format cannot hold is listed in
//! [`Exported::dropped`]. An import validates every record and either returns all of it or
//! refuses the whole file with every problem and where it is ([`FormatError::Problems`]); a
//! file of separate records (doccano, Label Studio, spaCy's training JSON) also hands back what
//! its good records hold, for the person to take or leave.

pub mod brat;
pub mod conll;
pub mod doccano;
pub mod label_studio;
pub mod native;
pub mod registry;
pub mod spacy;
pub mod w3c;

mod report;
mod sniff;
mod written;

use crate::article::Article;
use crate::prose::count;
use thiserror::Error;

impl FormatError {
    /// The file is not one of `format`'s, and `reason` says why.
    pub fn not_this(format: &'static str, reason: impl Into<String>) -> FormatError {
        FormatError::NotThisFormat {
            format,
            reason: reason.into(),
        }
    }

    /// `Ok` when nothing is wrong; otherwise the whole file is refused with every problem.
    pub fn refuse_if_any(format: &'static str, problems: Vec<Problem>) -> Result<(), FormatError> {
        if problems.is_empty() {
            Ok(())
        } else {
            Err(FormatError::Problems {
                format,
                problems,
                good: None,
            })
        }
    }

    /// `imported` when nothing is wrong; otherwise the file is refused with every problem,
    /// and with what its good records hold when there are any (its articles are separate
    /// records: a person may take those and leave the rest).
    pub fn refuse_or_offer(
        format: &'static str,
        problems: Vec<Problem>,
        imported: Imported,
    ) -> Result<Imported, FormatError> {
        if problems.is_empty() {
            return Ok(imported);
        }
        let good = (!imported.articles.is_empty()).then(|| Box::new(imported));
        Err(FormatError::Problems {
            format,
            problems,
            good,
        })
    }
}

/// The text a file holds ([`crate::encoding::decode`]: UTF-8, or UTF-16 with a byte order
/// mark; the mark dropped), or its refusal.
fn text(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, FormatError> {
    crate::encoding::decode(bytes).map_err(FormatError::NotText)
}

/// The JSON a file of `format` holds (as [`text`] reads it), or its refusal.
fn json_value(format: &'static str, bytes: &[u8]) -> Result<serde_json::Value, FormatError> {
    serde_json::from_str(&text(bytes)?)
        .map_err(|e| FormatError::not_this(format, format!("it is not valid JSON ({e})")))
}

/// An export: the file and what the format could not hold. Its name is the caller's to give
/// (`registry::Kind::file_name`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exported {
    pub mime: &'static str,
    pub bytes: Vec<u8>,
    /// One sentence per kind of loss, with counts: "3 overlapping spans were dropped (CoNLL
    /// holds one label per token): “Washington” (GPE) in “Talks”, …".
    pub dropped: Vec<String>,
}

/// What an import read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// The articles, with their annotations (and notes) at exact `char` offsets.
    pub articles: Vec<Article>,
    /// What the file held that Postil cannot, and was left out: "2 relations (R1, R2)".
    pub skipped: Vec<String>,
    /// What Postil read differently from the format's usual form, and how, so the person can
    /// check it: "Label Studio end offsets were inclusive: 12 regions were moved by one
    /// character".
    pub adjusted: Vec<String>,
    /// What the file's own schema declares (brat's `annotation.conf`), for the schema.
    pub declared: Declared,
}

pub use crate::schema::Declared;

/// A problem in an imported file, and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// "line 7", "record 3", "doc1.ann line 4", "task 2 result 1".
    pub at: String,
    pub what: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.what)
    }
}

/// Why an import was refused. Nothing of the file was taken.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum FormatError {
    #[error("this is not a {format} file: {reason}")]
    NotThisFormat {
        format: &'static str,
        reason: String,
    },
    /// The file may be of this format, but reading it would take more memory than a tab
    /// can spare (see `crate::limits`).
    #[error("this {format} file is too large for Postil: {reason}")]
    TooLarge {
        format: &'static str,
        reason: String,
    },
    /// The file's bytes are not text (a binary file, another encoding than UTF-8 or UTF-16
    /// with a byte order mark).
    #[error(transparent)]
    NotText(#[from] crate::encoding::NotText),
    #[error("{} in this {format} file: {}", count(problems.len(), "problem", "problems"),
        problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; "))]
    Problems {
        format: &'static str,
        problems: Vec<Problem>,
        /// What the file's good records hold, when its records are separate articles and
        /// some are good: nothing of it is taken unless the person says so.
        good: Option<Box<Imported>>,
    },
    /// The file is ambiguous: it reads one way or another (its text under one field or
    /// another), and the person is asked which. Nothing is taken until they say.
    #[error("{reason}")]
    Ask {
        format: &'static str,
        reason: String,
        choices: Vec<Choice>,
    },
}

/// One way an ambiguous file reads: in words ("Read “content” as the text: “Lavrov met…”"),
/// the field it takes (for the command line's `--text-field`), and what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub words: String,
    pub field: String,
    pub imported: Box<Imported>,
}
