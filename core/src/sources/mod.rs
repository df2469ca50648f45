//! Article sources: plain text, Markdown and saved web pages made into articles, and text
//! pasted into the paste dialog. These are texts without labels; files that carry labels are
//! the exchange formats (`crate::formats`), and `formats::registry` chooses between the two.
//!
//! Offsets do not arise here: an article from a source has no annotations. Its text is Postil
//! text: NFC, `\n` line breaks, blocks separated by one blank line, the title line first as a
//! block of its own, which is what the document view shows as the title.
//!
//! A file is read whole or refused whole: nothing of a file with a problem is returned.

mod html;
mod html_tree;
mod markdown;

use crate::article::{collapse_whitespace, normalize, Article};
use thiserror::Error;

/// The kinds of file that are article sources.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
}

/// Why a file or a paste was refused. Nothing of it was imported.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ImportError {
    /// Not a source, and not an exchange format either (the registry asks the formats first,
    /// so the sentence names `.jsonl` too, which doccano reads).
    #[error("“{file}” was not imported: Postil reads .txt, .md, .markdown, .html, .htm and .jsonl files")]
    UnknownFormat { file: String },
    #[error("“{file}” contains no text")]
    NoText { file: String },
    #[error("“{file}” was not imported: Postil found no article text in the page")]
    NoArticle { file: String },
    #[error("the pasted text is empty")]
    EmptyPaste,
}

/// The format of a file, by its extension (any case).
pub fn format_of(file_name: &str) -> Option<Format> {
    let (_, extension) = file_name.rsplit_once('.')?;
    match extension.to_ascii_lowercase().as_str() {
        "txt" => Some(Format::Text),
        "md" | "markdown" => Some(Format::Markdown),
        "html" | "htm" => Some(Format::Html),
        _ => None,
    }
}

/// Reads the article in a plain text, Markdown or HTML file (by its extension).
pub fn read(file_name: &str, content: &str) -> Result<Article, ImportError> {
    let format = format_of(file_name).ok_or_else(|| ImportError::UnknownFormat {
        file: file_name.to_string(),
    })?;
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    let no_text = || ImportError::NoText {
        file: file_name.to_string(),
    };
    let one = |(title, text): (String, String)| Article {
        suggested: None,
        attributes: Vec::new(),
        title,
        text,
        id_hint: None,
        annotations: Vec::new(),
        source: file_name.to_string(),
        notes: Vec::new(),
        relations: Vec::new(),
    };
    match format {
        Format::Text => titled(None, text_blocks(&normalize(content).text))
            .map(one)
            .ok_or_else(no_text),
        Format::Markdown => {
            let (title, blocks) = markdown::blocks(content);
            titled(title, blocks).map(one).ok_or_else(no_text)
        }
        Format::Html => {
            let page = html::extract(content);
            if page.blocks.is_empty() {
                return Err(if page.title.is_some() {
                    ImportError::NoArticle {
                        file: file_name.to_string(),
                    }
                } else {
                    no_text()
                });
            }
            titled(page.title, page.blocks).map(one).ok_or_else(no_text)
        }
    }
}

/// The article for text pasted in the paste dialog. An empty `title` is taken from the text.
pub fn from_paste(title: &str, body: &str) -> Result<Article, ImportError> {
    let title = collapse_whitespace(&normalize(title).text);
    let stated = (!title.is_empty()).then_some(title);
    let blocks = text_blocks(&normalize(body).text);
    if blocks.is_empty() {
        return Err(ImportError::EmptyPaste);
    }
    let (title, text) = titled(stated, blocks).ok_or(ImportError::EmptyPaste)?;
    Ok(Article {
        suggested: None,
        attributes: Vec::new(),
        title,
        text,
        id_hint: None,
        annotations: Vec::new(),
        source: "pasted text".to_string(),
        notes: Vec::new(),
        relations: Vec::new(),
    })
}

/// The blocks of a plain text: runs of non-blank lines, without trailing whitespace on lines.
fn text_blocks(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push(current.join("\n"));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        blocks.push(current.join("\n"));
    }
    blocks
}

/// An article's title and text from its blocks. `stated` is the title the file gives (a
/// Markdown `#` heading, a page's `<h1>`), without whitespace runs; without one, the first line
/// is the title. Either way the text starts with the whole title line as a block of its own;
/// the title is that line as [`Article::title_from`] makes it. `None` when there is no text.
fn titled(stated: Option<String>, mut blocks: Vec<String>) -> Option<(String, String)> {
    blocks.retain(|b| !b.trim().is_empty());
    let line = match stated {
        Some(line) => {
            if blocks.first() != Some(&line) {
                blocks.insert(0, line.clone());
            }
            line
        }
        None => {
            let first = blocks.first_mut()?;
            let (line, rest) = match first.split_once('\n') {
                Some((line, rest)) => (line.trim().to_string(), Some(rest.to_string())),
                None => (first.trim().to_string(), None),
            };
            if let Some(rest) = rest {
                *first = rest;
                blocks.insert(0, line.clone());
            }
            line
        }
    };
    Some((
        Article::title_from(&line),
        normalize(&blocks.join("\n\n")).text,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        let cases = [
            ("notes.txt", Some(Format::Text)),
            ("NOTES.TXT", Some(Format::Text)),
            ("a.md", Some(Format::Markdown)),
            ("a.Markdown", Some(Format::Markdown)),
            ("page.HTM", Some(Format::Html)),
            ("page.html", Some(Format::Html)),
            ("corpus.jsonl", None),
            ("corpus.json", None),
            ("README", None),
            ("archive.txt.gz", None),
        ];
        for (name, want) in cases {
            assert_eq!(format_of(name), want, "{name}");
        }
    }

    #[test]
    fn titled_puts_the_title_line_first() {
        let blocks = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let cases: &[(Option<&str>, &[&str], &str, &str)] = &[
            (None, &["Title", "Body."], "Title", "Title\n\nBody."),
            (
                None,
                &["Headline\nStandfirst line", "Body."],
                "Headline",
                "Headline\n\nStandfirst line\n\nBody.",
            ),
            (Some("Stated"), &["Body."], "Stated", "Stated\n\nBody."),
            (
                Some("Stated"),
                &["Stated", "Body."],
                "Stated",
                "Stated\n\nBody.",
            ),
            (None, &["  ", "Only"], "Only", "Only"),
        ];
        for (stated, given, title, text) in cases {
            let got = titled(stated.map(String::from), blocks(given));
            assert_eq!(
                got,
                Some((title.to_string(), text.to_string())),
                "{given:?}"
            );
        }
        assert_eq!(titled(None, blocks(&[" ", ""])), None);
    }

    #[test]
    fn paste_needs_text_and_takes_a_title() {
        assert_eq!(from_paste("T", " \n "), Err(ImportError::EmptyPaste));
        let a = from_paste("", "First line\r\nsecond\r\n\r\nMore.").unwrap();
        assert_eq!(a.title, "First line");
        assert_eq!(a.text, "First line\n\nsecond\n\nMore.");
        let a = from_paste(" My  title ", "Body text.").unwrap();
        assert_eq!(
            (a.title.as_str(), a.text.as_str()),
            ("My title", "My title\n\nBody text.")
        );
        assert_eq!(a.source, "pasted text");
    }
}
