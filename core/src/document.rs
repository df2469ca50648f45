//! A document: its id, title and text, and the structure derived from the text.
//!
//! The text is kept exactly as given: every offset refers to it. Structure is read from blank
//! lines: each run of non-blank lines is a block; the first block is the title (when the title
//! was taken from it, or reads the same), a short single line without closing punctuation (or
//! one starting with `#`) is a heading, and the rest are paragraphs. A text that does not start
//! with its title (a JSONL record, say) has no title block: the title is shown apart from it. Block spans are `char` offsets, half-open, and exclude the line breaks (`\n` or
//! `\r\n`) around them.

use crate::span::Span;
use crate::text::{to_u32, CharMap};
use crate::tokenize;
use std::cell::OnceCell;

/// What a block of text is, for display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    Title,
    Heading,
    Paragraph,
}

/// One block (title, heading or paragraph) of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub span: Span,
}

/// An article to annotate.
#[derive(Clone, Debug)]
pub struct Document {
    id: String,
    title: String,
    text: String,
    map: CharMap,
    blocks: Vec<Block>,
    /// The word tokens, found the first time something asks for them (selecting, resizing,
    /// whole-word search, the word count): opening a long article only to read it need not
    /// segment all of it first.
    tokens: OnceCell<Vec<Span>>,
}

/// Equal documents have the same id, title and text (the rest follows from those).
impl PartialEq for Document {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.title == other.title && self.text == other.text
    }
}

impl Eq for Document {}

/// The most words a heading may have; longer single lines are paragraphs.
const HEADING_MAX_WORDS: usize = 24;

impl Document {
    /// Builds a document. An empty `title` is taken from the first line of the text.
    pub fn new(id: impl Into<String>, title: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let mut title = title.into();
        let derived = title.trim().is_empty();
        if derived {
            title = text
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or("Untitled")
                .to_string();
        }
        let map = CharMap::new(&text);
        let mut blocks = blocks(&text, &map);
        if let Some(first) = blocks.first_mut() {
            let same = map.slice(&text, first.span).map(str::trim) == Some(title.trim());
            if derived || same {
                first.kind = BlockKind::Title;
            }
        }
        Document {
            id: id.into(),
            title,
            text,
            map,
            blocks,
            tokens: OnceCell::new(),
        }
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Length of the text in characters.
    pub fn char_len(&self) -> u32 {
        self.map.len()
    }

    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// True when the text starts with its title (its first block is the title block).
    pub fn has_title_block(&self) -> bool {
        self.blocks
            .first()
            .is_some_and(|b| b.kind == BlockKind::Title)
    }

    pub fn tokens(&self) -> &[Span] {
        self.tokens.get_or_init(|| tokenize::tokenize(&self.text))
    }

    /// Number of word tokens.
    pub fn word_count(&self) -> usize {
        self.tokens().len()
    }

    /// The text a span covers, or `None` when it runs past the end.
    pub fn slice(&self, span: Span) -> Option<&str> {
        self.map.slice(&self.text, span)
    }

    /// The `char` offset of a byte offset on a character boundary of the text.
    pub fn char_offset(&self, byte: usize) -> u32 {
        self.map.char_offset(&self.text, byte)
    }

    /// Snaps a rough selection to whole tokens (see [`tokenize::snap`]).
    pub fn snap(&self, range: Span) -> Option<Span> {
        tokenize::snap(self.tokens(), range)
    }
}

/// Splits text into blocks at blank lines and classifies them.
fn blocks(text: &str, map: &CharMap) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Span> = None;
    let mut offset = 0u32;
    for line in text.split_inclusive('\n') {
        let len = to_u32(line.chars().count());
        let body = line.trim_end_matches(['\n', '\r']);
        let body_len = to_u32(body.chars().count());
        if body.trim().is_empty() {
            if let Some(span) = current.take() {
                out.push(span);
            }
        } else {
            let end = offset + body_len;
            current = Some(match current {
                Some(span) => Span {
                    start: span.start,
                    end,
                },
                None => Span { start: offset, end },
            });
        }
        offset += len;
    }
    out.extend(current);

    out.into_iter()
        .map(|span| {
            // The first block becomes the title in `Document::new` when it is one.
            let kind = if looks_like_heading(text, map, span) {
                BlockKind::Heading
            } else {
                BlockKind::Paragraph
            };
            Block { kind, span }
        })
        .collect()
}

fn looks_like_heading(text: &str, map: &CharMap, span: Span) -> bool {
    let Some(line) = map.slice(text, span) else {
        return false;
    };
    let body = line.trim();
    if body.contains('\n') {
        return false;
    }
    if body.starts_with('#') {
        return true;
    }
    let closes_sentence = body.chars().last().is_some_and(|c| {
        matches!(
            c,
            '.' | '!' | '?' | '…' | ':' | ',' | '"' | '”' | '’' | '\''
        )
    });
    // Most paragraphs end a sentence: they are not headings, and their words need no counting
    // (finding words is most of the time it takes to open a long article).
    if closes_sentence {
        return false;
    }
    // Nor are lines with more than that many white-space-separated pieces that could be words.
    if surely_more_words_than(body, HEADING_MAX_WORDS) {
        return false;
    }
    // A block is bounded by line breaks (or the ends of the text), where words always break,
    // so its words are those of its line on its own.
    let words = tokenize::count_up_to(line, HEADING_MAX_WORDS);
    words > 0 && words <= HEADING_MAX_WORDS
}

/// True when `text` surely has more than `max` tokens: more than `max` of its
/// white-space-separated pieces hold a character that is neither white space nor punctuation.
/// Each such piece holds a token (a token never spans white space), so this never says yes
/// wrongly; it costs a pass over the characters, not the word boundaries' tables.
fn surely_more_words_than(text: &str, max: usize) -> bool {
    text.split_whitespace()
        .filter(|piece| tokenize::is_token(piece))
        .nth(max)
        .is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(text: &str) -> Vec<(BlockKind, String)> {
        let doc = Document::new("d", "", text);
        doc.blocks()
            .iter()
            .map(|b| (b.kind, doc.slice(b.span).unwrap_or("<bad>").to_string()))
            .collect()
    }

    #[test]
    fn the_first_block_is_the_title_only_when_it_is_one() {
        let cases = [
            // (title given, text, first block is the title)
            ("", "Derived title\n\nBody text.", true),
            ("Same title", "Same title\n\nBody text.", true),
            ("Same title", "  Same title \r\n\r\nBody text.", true),
            ("Labeled meeting", "Lavrov met Qureshi.", false),
            ("Short", "Short but more\n\nBody.", false),
        ];
        for (title, text, expected) in cases {
            let doc = Document::new("d", title, text);
            assert_eq!(doc.has_title_block(), expected, "{title:?} / {text:?}");
            if !expected {
                assert_ne!(doc.blocks()[0].kind, BlockKind::Title);
            }
        }
    }

    #[test]
    fn structure_from_blank_lines() {
        use BlockKind::*;
        let cases: &[(&str, &[(BlockKind, &str)])] = &[
            (
                "Title here\n\nFirst paragraph ends.\n\nA Heading\n\nSecond one.\n",
                &[
                    (Title, "Title here"),
                    (Paragraph, "First paragraph ends."),
                    (Heading, "A Heading"),
                    (Paragraph, "Second one."),
                ],
            ),
            (
                "T\r\n\r\nLine one\r\nline two.\r\n\r\n\r\nLast.",
                &[
                    (Title, "T"),
                    (Paragraph, "Line one\r\nline two."),
                    (Paragraph, "Last."),
                ],
            ),
            ("\n\n  \nOnly title", &[(Title, "Only title")]),
            (
                "T\n\n## Markdown heading.\n\nBody.",
                &[
                    (Title, "T"),
                    (Heading, "## Markdown heading."),
                    (Paragraph, "Body."),
                ],
            ),
            (
                "T\n\nAssisting each other in Joint Drills;\n\nBody.",
                &[
                    (Title, "T"),
                    (Heading, "Assisting each other in Joint Drills;"),
                    (Paragraph, "Body."),
                ],
            ),
            ("", &[]),
        ];
        for (text, want) in cases {
            let want: Vec<(BlockKind, String)> =
                want.iter().map(|(k, s)| (*k, s.to_string())).collect();
            assert_eq!(shape(text), want, "{text:?}");
        }
    }

    #[test]
    fn title_defaults_to_first_line() {
        assert_eq!(
            Document::new("d", "", "\n  First line \nrest").title(),
            "First line"
        );
        assert_eq!(Document::new("d", "Given", "First line").title(), "Given");
        assert_eq!(Document::new("d", " ", "").title(), "Untitled");
    }

    #[test]
    fn block_offsets_are_chars() {
        let doc = Document::new("d", "", "Ünïcödé 👍\n\nПривет мир.");
        let spans: Vec<_> = doc
            .blocks()
            .iter()
            .map(|b| (b.span.start, b.span.end))
            .collect();
        assert_eq!(spans, vec![(0, 9), (11, 22)]);
    }

    proptest::proptest! {
        /// A block's words counted on its line alone are the words the whole text's tokens
        /// put inside it, so headings are told apart as when the whole text was segmented
        /// first; and the tokens found later are the whole text's.
        #[test]
        fn headings_from_each_line_match_the_whole_text(
            text in "[a-zA-Z0-9 .,'’#:!?\n\r\u{301}\u{200d}\u{1f469}\u{fe0f}\u{a0}\u{2003}\u{3000}\u{4e00}-\u{4e05}-]{0,120}"
        ) {
            let doc = Document::new("d", "t", text.as_str());
            let tokens = tokenize::tokenize(&text);
            proptest::prop_assert_eq!(doc.tokens(), &tokens[..]);
            for block in doc.blocks() {
                let first = tokens.partition_point(|t| t.start < block.span.start);
                let words = tokens[first..].iter().take_while(|t| t.end <= block.span.end).count();
                let line = doc.slice(block.span).unwrap();
                proptest::prop_assert_eq!(tokenize::tokenize(line).len(), words, "{:?}", line);
                for max in 0..4 {
                    proptest::prop_assert_eq!(tokenize::count_up_to(line, max), words.min(max + 1));
                    if surely_more_words_than(line, max) {
                        proptest::prop_assert!(words > max, "{:?} has {} words, not more than {}", line, words, max);
                    }
                }
            }
        }
    }
}
