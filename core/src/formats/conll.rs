//! CoNLL-2003 named-entity columns with IOB2 tags, both ways.
//!
//! A file is one token per line, `token TAG`, the two columns separated by one space (the
//! two-column form most NER tools read; import also takes tabs, and any extra columns between
//! the token and its tag, as in CoNLL-2003's `word POS chunk NER`). Tags are IOB2: `B-LABEL`
//! starts a span, `I-LABEL` continues it, `O` is outside. A blank line ends a sentence; each
//! document starts with a `-DOCSTART- -X- -X- O` line and a blank line.
//!
//! Offsets are `char`s, half-open. CoNLL holds tokens, not text: the spacing and line breaks
//! of a text are not kept. On export every character but white space is in a token (see
//! [`layout`]), every span starts and ends at token boundaries (tokens are split there), and
//! no span crosses a sentence. A token holds one label, so where spans overlap only the
//! outermost is written; the rest, notes and document labels are listed in
//! [`Exported::dropped`]. On import the text is rebuilt from the tokens: one space between
//! tokens, a line break between sentences; the title is the first sentence.

mod layout;

use super::report::{example, listed};
use super::{text, Exported, FormatError, Imported, Problem};
use crate::article::{normalize, Article};
use crate::corpus::Corpus;
use crate::prose::count;
use crate::span::Span;
use crate::text::char_len;

const FORMAT: &str = "CoNLL";
const DOCSTART: &str = "-DOCSTART-";

/// Writes the corpus as CoNLL-2003 two-column IOB2 (see the module documentation).
pub fn export(corpus: Corpus) -> Exported {
    let mut out = String::new();
    let (mut overlapping, mut blank, mut renamed) = (Vec::new(), Vec::new(), Vec::new());
    let (mut notes, mut doc_labels) = (0, 0);
    for (document, set) in corpus.documents {
        let text = document.text();
        let (kept, dropped, blanks) = layout::choose(set, |a| {
            document
                .slice(a.span)
                .is_none_or(|t| t.chars().all(char::is_whitespace))
        });
        let seen = |a: &crate::Annotation| {
            example(
                document.slice(a.span).unwrap_or_default(),
                &a.label,
                document.title(),
            )
        };
        overlapping.extend(dropped.iter().map(|a| seen(a)));
        blank.extend(blanks.iter().map(|a| seen(a)));
        notes += set.iter().filter(|a| !a.note.is_empty()).count();
        doc_labels += usize::from(set.doc_labels().values().any(|v| !v.is_empty()));
        let cuts: Vec<u32> = kept
            .iter()
            .flat_map(|a| [a.span.start, a.span.end])
            .collect();
        let tokens = layout::tokens(text, &cuts);
        let spans: Vec<Span> = kept.iter().map(|a| a.span).collect();
        let mut covered = vec![false; kept.len()];
        out.push_str(DOCSTART);
        out.push_str(" -X- -X- O\n\n");
        let mut span = 0;
        for sentence in layout::sentences(text, &tokens, &spans) {
            let mut previous: Option<usize> = None;
            for token in sentence {
                while kept.get(span).is_some_and(|a| a.span.end <= token.start) {
                    span += 1;
                }
                let tag = match kept.get(span).filter(|a| a.span.covers(token)) {
                    Some(a) => {
                        let label = tag_label(&a.label, &mut renamed);
                        let prefix = if previous == Some(span) { "I" } else { "B" };
                        covered[span] = true;
                        previous = Some(span);
                        format!("{prefix}-{label}")
                    }
                    None => {
                        previous = None;
                        "O".to_string()
                    }
                };
                out.push_str(document.slice(token).unwrap_or_default());
                out.push(' ');
                out.push_str(&tag);
                out.push('\n');
            }
            out.push('\n');
        }
        blank.extend(
            kept.iter()
                .zip(&covered)
                .filter(|(_, covered)| !**covered)
                .map(|(a, _)| seen(a)),
        );
    }
    let mut dropped = Vec::new();
    if !corpus.documents.is_empty() {
        dropped.push(
            "The texts' exact spacing and line breaks are not kept: CoNLL holds tokens, not text"
                .to_string(),
        );
    }
    if !overlapping.is_empty() {
        dropped.push(listed(
            format!(
                "{} dropped (CoNLL holds one label per token)",
                count(
                    overlapping.len(),
                    "overlapping span was",
                    "overlapping spans were"
                )
            ),
            &overlapping,
        ));
    }
    if !blank.is_empty() {
        dropped.push(listed(
            format!(
                "{} dropped: they cover only white space",
                count(blank.len(), "span was", "spans were")
            ),
            &blank,
        ));
    }
    if notes > 0 {
        dropped.push(format!(
            "{} dropped (CoNLL has no place for notes)",
            count(notes, "note was", "notes were")
        ));
    }
    if doc_labels > 0 {
        dropped.push(format!(
            "The document labels of {} dropped (CoNLL has no place for them)",
            count(doc_labels, "document were", "documents were")
        ));
    }
    renamed.sort();
    renamed.dedup();
    if !renamed.is_empty() {
        dropped.push(listed(
            format!(
                "{} white space, which a CoNLL tag cannot; written",
                count(renamed.len(), "label has", "labels have")
            ),
            &renamed,
        ));
    }
    Exported {
        mime: "text/plain",
        bytes: out.into_bytes(),
        dropped,
    }
}

/// A label as it can stand in a tag: white space (the column separator) becomes `_`.
fn tag_label(label: &str, renamed: &mut Vec<String>) -> String {
    if !label.contains(char::is_whitespace) {
        return label.to_string();
    }
    let name: String = label
        .chars()
        .map(|c| if c.is_whitespace() { '_' } else { c })
        .collect();
    renamed.push(format!("“{label}” as {name}"));
    name
}

/// One document being read.
#[derive(Default)]
struct Reading {
    text: String,
    len: u32,
    /// The text has tokens in the current sentence.
    in_sentence: bool,
    spans: Vec<(u32, u32, String)>,
    /// The span the previous token was in, still open.
    open: Option<(u32, u32, String)>,
    /// The line the document starts on.
    line: usize,
}

impl Reading {
    fn push(&mut self, token: &str, tag: Tag, line: usize, lenient: &mut Vec<usize>) {
        if self.in_sentence {
            self.text.push(' ');
            self.len += 1;
        } else if !self.text.is_empty() {
            self.text.push('\n');
            self.len += 1;
        }
        self.in_sentence = true;
        let token = normalize(token).text;
        let (start, end) = (self.len, self.len + char_len(&token));
        self.text.push_str(&token);
        self.len = end;
        match tag {
            Tag::Outside => self.close(),
            Tag::Begin(label) => {
                self.close();
                self.open = Some((start, end, label.to_string()));
            }
            Tag::Inside(label) => match &mut self.open {
                Some((_, open_end, open_label)) if open_label == label => *open_end = end,
                _ => {
                    lenient.push(line);
                    self.close();
                    self.open = Some((start, end, label.to_string()));
                }
            },
        }
    }

    fn close(&mut self) {
        self.spans.extend(self.open.take());
    }

    fn end_sentence(&mut self) {
        self.close();
        self.in_sentence = false;
    }

    fn finish(mut self, file_name: &str) -> Option<Article> {
        self.close();
        if self.text.is_empty() {
            return None;
        }
        let annotations = std::mem::take(&mut self.spans);
        Some(Article {
            title: Article::title_of(&self.text),
            id_hint: None,
            annotations,
            source: format!("{file_name} line {}", self.line),
            notes: Vec::new(),
            text: self.text,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag<'a> {
    Outside,
    Begin(&'a str),
    Inside(&'a str),
}

/// An IOB2 tag, or why it is not one.
fn tag(tag: &str) -> Result<Tag<'_>, String> {
    if tag == "O" {
        return Ok(Tag::Outside);
    }
    match tag.split_once('-') {
        Some(("B", label)) if !label.is_empty() => Ok(Tag::Begin(label)),
        Some(("I", label)) if !label.is_empty() => Ok(Tag::Inside(label)),
        Some((prefix, label)) if !label.is_empty() && !prefix.is_empty() => Err(format!(
            "the tag “{tag}” starts with {prefix}-, which IOB2 does not have (Postil reads \
             B-, I- and O)"
        )),
        _ => Err(format!(
            "“{tag}” is not an IOB2 tag (B-LABEL, I-LABEL or O)"
        )),
    }
}

/// Reads CoNLL columns with IOB2 tags (see the module documentation).
pub fn import(file_name: &str, bytes: &[u8]) -> Result<Imported, FormatError> {
    let content = text(bytes)?;
    let content: &str = &content;
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    let mut lenient = Vec::new();
    let mut reading = Reading {
        line: 1,
        ..Reading::default()
    };
    for (index, line) in content.split('\n').enumerate() {
        let number = index + 1;
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.as_slice() {
            [] => reading.end_sentence(),
            [first, ..] if *first == DOCSTART => {
                articles.extend(std::mem::take(&mut reading).finish(file_name));
                reading.line = number;
            }
            [token] => problems.push(Problem {
                at: format!("line {number}"),
                what: format!(
                    "“{token}” has no tag (a line is a token and its tag, separated by a space \
                     or a tab)"
                ),
            }),
            [token, .., last] => match tag(last) {
                Ok(tag) => reading.push(token, tag, number, &mut lenient),
                Err(what) => problems.push(Problem {
                    at: format!("line {number}"),
                    what,
                }),
            },
        }
    }
    articles.extend(reading.finish(file_name));
    FormatError::refuse_if_any(FORMAT, problems)?;
    if articles.is_empty() {
        return Err(FormatError::not_this(FORMAT, "it holds no tokens"));
    }
    let mut adjusted = Vec::new();
    if !lenient.is_empty() {
        let lines: Vec<String> = lenient.iter().map(|l| format!("line {l}")).collect();
        adjusted.push(listed(
            format!(
                "{} read as the start of a span",
                count(
                    lenient.len(),
                    "I- tag without a B- before it was",
                    "I- tags without a B- before them were"
                )
            ),
            &lines,
        ));
    }
    Ok(Imported {
        articles,
        adjusted,
        ..Imported::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_table() {
        let cases = [
            ("O", Ok(Tag::Outside)),
            ("B-PER", Ok(Tag::Begin("PER"))),
            ("I-GPE", Ok(Tag::Inside("GPE"))),
            ("B-WORK-OF-ART", Ok(Tag::Begin("WORK-OF-ART"))),
            ("E-PER", Err("starts with E-")),
            ("S-LOC", Err("starts with S-")),
            ("PER", Err("is not an IOB2 tag")),
            ("B-", Err("is not an IOB2 tag")),
            ("o", Err("is not an IOB2 tag")),
        ];
        for (written, want) in cases {
            match (tag(written), want) {
                (Ok(got), Ok(want)) => assert_eq!(got, want, "{written}"),
                (Err(got), Err(want)) => assert!(got.contains(want), "{written}: {got}"),
                (got, want) => panic!("{written}: {got:?} vs {want:?}"),
            }
        }
    }
}
