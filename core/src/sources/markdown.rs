//! Markdown to Postil blocks, with `pulldown-cmark` (CommonMark, plus tables, strikethrough,
//! task lists and YAML front matter so that their markers do not show up as text).
//!
//! Offsets do not arise here: the result is a list of blocks, each a string.
//!
//! What is kept: headings and paragraphs as blocks; each list item as its own block (a nested
//! list's items too); each table row as a block with its cells joined by " | "; the text of
//! links (not their URLs); inline code without its backticks. Code blocks are kept as one block
//! each, line by line without blank lines, because an annotator should not silently lose text
//! the author wrote. What is dropped: emphasis and other markers, images (with their alt text),
//! raw HTML, front matter, footnote markers and rules. Line breaks inside a paragraph become
//! spaces, as a browser would show them.

use crate::article::collapse_whitespace;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The title (the text of the first `#` heading, if any) and the other blocks, in order.
pub(super) fn blocks(markdown: &str) -> (Option<String>, Vec<String>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    // Line ends are made `\n` first so that code blocks keep no `\r`.
    let markdown = markdown.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Blocks::default();
    // Images and front matter: their text is not article text.
    let mut hidden = 0usize;
    for event in Parser::new_ext(&markdown, options) {
        match event {
            Event::Start(Tag::Image { .. } | Tag::MetadataBlock(_)) => hidden += 1,
            Event::End(TagEnd::Image | TagEnd::MetadataBlock(_)) => {
                hidden = hidden.saturating_sub(1)
            }
            _ if hidden > 0 => {}
            Event::Start(Tag::Heading { level, .. }) => {
                out.flush();
                out.in_h1 = level == HeadingLevel::H1;
            }
            Event::End(TagEnd::Heading(_)) => {
                out.flush();
                out.in_h1 = false;
            }
            Event::Start(Tag::CodeBlock(_)) => {
                out.flush();
                out.in_code = true;
            }
            Event::End(TagEnd::CodeBlock) => {
                out.flush();
                out.in_code = false;
            }
            Event::Start(Tag::TableCell) if !out.buffer.trim().is_empty() => {
                out.buffer.push_str(" | ")
            }
            Event::Start(
                Tag::Paragraph
                | Tag::Item
                | Tag::BlockQuote(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition,
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
            )
            | Event::Rule => out.flush(),
            Event::Text(text) | Event::Code(text) => out.buffer.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.buffer.push(' '),
            // Raw HTML, footnote references, task list markers, math: not article text.
            _ => {}
        }
    }
    out.flush();
    (out.title, out.blocks)
}

#[derive(Default)]
struct Blocks {
    title: Option<String>,
    blocks: Vec<String>,
    buffer: String,
    in_h1: bool,
    in_code: bool,
}

impl Blocks {
    /// Ends the current block, if it has any text.
    fn flush(&mut self) {
        let block = if self.in_code {
            code_lines(&self.buffer)
        } else {
            collapse_whitespace(&self.buffer)
        };
        self.buffer.clear();
        if block.is_empty() {
            return;
        }
        if self.in_h1 && self.title.is_none() {
            self.title = Some(block);
        } else {
            self.blocks.push(block);
        }
    }
}

/// A code block's lines, without trailing whitespace and without blank lines (a blank line
/// would split the block in two).
pub(super) fn code_lines(code: &str) -> String {
    let lines: Vec<&str> = code
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_table() {
        let cases: &[(&str, Option<&str>, &[&str])] = &[
            (
                "# Title\n\nBody *em* **strong**.",
                Some("Title"),
                &["Body em strong."],
            ),
            (
                "Intro.\n\n# Late title\n\nMore.",
                Some("Late title"),
                &["Intro.", "More."],
            ),
            ("## Only h2\n\nText.", None, &["Only h2", "Text."]),
            (
                "[link text](https://x.example/) ok",
                None,
                &["link text ok"],
            ),
            ("![alt words](a.png) after", None, &["after"]),
            (
                "- one\n- two\n  - nested\n",
                None,
                &["one", "two", "nested"],
            ),
            ("1. first\n\n2. second\n", None, &["first", "second"]),
            ("- [ ] task\n- [x] done", None, &["task", "done"]),
            (
                "```rust\nfn main() {}\n\n  x();  \n```",
                None,
                &["fn main() {}\n  x();"],
            ),
            (
                "<div>raw html</div>\n\nText <b>bold</b>.",
                None,
                &["Text bold."],
            ),
            ("---\ntitle: front\n---\n\nBody.", None, &["Body."]),
            ("| a | b |\n|---|---|\n| 1 | 2 |", None, &["a | b", "1 | 2"]),
            ("> quoted\n> on two lines", None, &["quoted on two lines"]),
            ("soft\nbreak and `code`", None, &["soft break and code"]),
            ("a\r\n\r\nb", None, &["a", "b"]),
        ];
        for (md, title, want) in cases {
            let (got_title, got) = blocks(md);
            assert_eq!(got_title.as_deref(), *title, "{md:?}");
            assert_eq!(got, *want, "{md:?}");
        }
    }
}
