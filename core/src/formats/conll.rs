//! CoNLL-2003 named-entity columns with IOB2 tags, both ways.
//!
//! A file is one token per line, `token TAG`, the two columns separated by one space (the
//! two-column form most NER tools read; import also takes tabs, and any extra columns between
//! the token and its tag, as in CoNLL-2003's `word POS chunk NER`). Tags are IOB2: `B-LABEL`
//! starts a span, `I-LABEL` continues it, `O` is outside. A blank line ends a sentence; each
//! document starts with a `-DOCSTART- -X- -X- O` line and a blank line.
//!
//! Import also reads what other tools write, and says so in [`Imported::adjusted`]: IOB1 (an
//! `I-` tag may start a span), BIOES and BILOU tags (`E-`/`L-` end a span, `S-`/`U-` are a span
//! of one token), and spaCy's one-sentence-per-line form, `word|POS|tag` (or `word|tag`)
//! tokens separated by spaces, told apart by every field of a line holding a `|`. A file whose
//! name does not say it is CoNLL is known by its content ([`looks_like`]).
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
    dropped.extend(super::report::relations_dropped(corpus, "CoNLL"));
    dropped.extend(super::report::attributes_dropped(corpus, "CoNLL"));
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
    fn push(&mut self, token: &str, tag: Tag, line: usize, tally: &mut Tally) {
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
            Tag::Inside(label) | Tag::End(label) => {
                match &mut self.open {
                    Some((_, open_end, open_label)) if open_label == label => *open_end = end,
                    _ => {
                        tally.lenient.push((line, tag.prefix()));
                        self.close();
                        self.open = Some((start, end, label.to_string()));
                    }
                }
                if let Tag::End(_) = tag {
                    tally.bioes += 1;
                    self.close();
                }
            }
            Tag::Single(label) => {
                tally.bioes += 1;
                self.close();
                self.spans.push((start, end, label.to_string()));
            }
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
            suggested: None,
            attributes: Vec::new(),
            title: Article::title_of(&self.text),
            id_hint: None,
            annotations,
            source: format!("{file_name} line {}", self.line),
            notes: Vec::new(),
            text: self.text,
            relations: Vec::new(),
        })
    }
}

/// A token's tag: IOB2's `B-`, `I-` and `O`, and BIOES's (or BILOU's) `E-` (`L-`), the last
/// token of a span, and `S-` (`U-`), a span of one token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag<'a> {
    Outside,
    Begin(&'a str),
    Inside(&'a str),
    End(&'a str),
    Single(&'a str),
}

impl Tag<'_> {
    fn prefix(self) -> &'static str {
        match self {
            Tag::Outside => "O",
            Tag::Begin(_) => "B-",
            Tag::Inside(_) => "I-",
            Tag::End(_) => "E-",
            Tag::Single(_) => "S-",
        }
    }
}

/// A tag (IOB2, IOB1, BIOES or BILOU), or why it is not one.
fn tag(tag: &str) -> Result<Tag<'_>, String> {
    if tag == "O" {
        return Ok(Tag::Outside);
    }
    match tag.split_once('-') {
        Some(("B", label)) if !label.is_empty() => Ok(Tag::Begin(label)),
        Some(("I", label)) if !label.is_empty() => Ok(Tag::Inside(label)),
        Some(("E" | "L", label)) if !label.is_empty() => Ok(Tag::End(label)),
        Some(("S" | "U", label)) if !label.is_empty() => Ok(Tag::Single(label)),
        Some((prefix, label)) if !label.is_empty() && !prefix.is_empty() => Err(format!(
            "the tag “{tag}” starts with {prefix}-, which Postil does not read (it reads \
             IOB2 and BIOES tags: B-, I-, E-, S- and O, with L- and U- for E- and S-)"
        )),
        _ => Err(format!(
            "“{tag}” is not a tag (B-LABEL, I-LABEL, E-LABEL, S-LABEL or O)"
        )),
    }
}

/// What was read differently from two-column IOB2, for the report.
#[derive(Default)]
struct Tally {
    /// Tags that continue a span with none open (IOB1's I- at a span's start), with their line.
    lenient: Vec<(usize, &'static str)>,
    /// BIOES/BILOU tags (E-, S-, L-, U-).
    bioes: usize,
    /// Sentences written on one line as `word|POS|tag` tokens.
    piped: usize,
}

impl Tally {
    fn sentences(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.lenient.is_empty() {
            let lines: Vec<String> = (self.lenient.iter())
                .map(|(l, _)| format!("line {l}"))
                .collect();
            let (one, many) = if self.lenient.iter().all(|(_, p)| *p == "I-") {
                (
                    "I- tag without a B- before it was",
                    "I- tags without a B- before them were",
                )
            } else {
                (
                    "I- or E- tag without a B- before it was",
                    "I- or E- tags without a B- before them were",
                )
            };
            out.push(listed(
                format!(
                    "{} read as the start of a span",
                    count(self.lenient.len(), one, many)
                ),
                &lines,
            ));
        }
        if self.bioes > 0 {
            out.push(format!(
                "{} BIOES or BILOU (E- or L- ends a span, S- or U- is a span of one token), \
                 read as the spans they mark",
                count(self.bioes, "tag was", "tags were")
            ));
        }
        if self.piped > 0 {
            out.push(format!(
                "{} written on one line as word|POS|tag tokens (spaCy's .iob form), read as \
                 tokens and tags",
                count(self.piped, "sentence was", "sentences were")
            ));
        }
        out
    }
}

/// Whether a line is a sentence of `word|POS|tag` (or `word|tag`) tokens: every field has a
/// `|`.
fn piped(fields: &[&str]) -> bool {
    !fields.is_empty() && fields.iter().all(|f| f.contains('|'))
}

/// A `word|POS|tag` token's word and tag.
fn piped_token(field: &str) -> (&str, &str) {
    let tag = field.rsplit('|').next().unwrap_or("");
    let word = field.split('|').next().unwrap_or("");
    (word, tag)
}

/// Whether a document starts at this line (`-DOCSTART- -X- -X- O`, or `-DOCSTART-|-X-|O`).
fn docstart(fields: &[&str]) -> bool {
    fields.first().is_some_and(|f| {
        *f == DOCSTART || f.strip_prefix(DOCSTART).is_some_and(|r| r.starts_with('|'))
    })
}

/// Whether `bytes` read as CoNLL columns (or `word|POS|tag` sentences) by their content: the
/// first lines (up to 200 that are not blank) are all tokens with tags or document starts, and
/// one of them tags a span. For files whose name does not say what they are (`eng.train`).
pub fn looks_like(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let Ok(head) =
        std::str::from_utf8(head).or_else(|e| std::str::from_utf8(&head[..e.valid_up_to()]))
    else {
        return false;
    };
    let head = head.strip_prefix('\u{feff}').unwrap_or(head);
    let mut lines = head.lines().filter(|l| !l.trim().is_empty()).peekable();
    // The last line may be cut short by the 64 KB: it is not looked at unless it is the only one.
    let mut checked = Vec::new();
    while let Some(line) = lines.next() {
        if lines.peek().is_none() && head.len() < bytes.len() && !checked.is_empty() {
            break;
        }
        checked.push(line);
        if checked.len() == 200 {
            break;
        }
    }
    let mut spans = false;
    for line in &checked {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if docstart(&fields) {
            continue;
        }
        let tags: Vec<&str> = if piped(&fields) {
            fields.iter().map(|f| piped_token(f).1).collect()
        } else if fields.len() >= 2 {
            fields.last().copied().into_iter().collect()
        } else {
            return false;
        };
        for t in tags {
            match tag(t) {
                Ok(Tag::Outside) => {}
                Ok(_) => spans = true,
                Err(_) => return false,
            }
        }
    }
    spans
}

/// Reads CoNLL columns with IOB2 tags (see the module documentation).
pub fn import(file_name: &str, bytes: &[u8]) -> Result<Imported, FormatError> {
    let content = text(bytes)?;
    let content: &str = &content;
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    let mut tally = Tally::default();
    let mut reading = Reading {
        line: 1,
        ..Reading::default()
    };
    for (index, line) in content.split('\n').enumerate() {
        let number = index + 1;
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.as_slice() {
            [] => reading.end_sentence(),
            fields if docstart(fields) => {
                articles.extend(std::mem::take(&mut reading).finish(file_name));
                reading.line = number;
            }
            fields if piped(fields) => {
                for (i, field) in fields.iter().enumerate() {
                    let (token, written) = piped_token(field);
                    match tag(written) {
                        Ok(tag) if !token.is_empty() => {
                            reading.push(token, tag, number, &mut tally)
                        }
                        Ok(_) => problems.push(Problem {
                            at: format!("line {number}, token {}", i + 1),
                            what: format!("“{field}” has no word before its first |"),
                        }),
                        Err(what) => problems.push(Problem {
                            at: format!("line {number}, token {}", i + 1),
                            what,
                        }),
                    }
                }
                reading.end_sentence();
                tally.piped += 1;
            }
            [token] => problems.push(Problem {
                at: format!("line {number}"),
                what: format!(
                    "“{token}” has no tag (a line is a token and its tag, separated by a space \
                     or a tab)"
                ),
            }),
            [token, .., last] => match tag(last) {
                Ok(tag) => reading.push(token, tag, number, &mut tally),
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
    Ok(Imported {
        articles,
        adjusted: tally.sentences(),
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
            ("E-PER", Ok(Tag::End("PER"))),
            ("L-PER", Ok(Tag::End("PER"))),
            ("S-LOC", Ok(Tag::Single("LOC"))),
            ("U-LOC", Ok(Tag::Single("LOC"))),
            ("X-LOC", Err("starts with X-")),
            ("PER", Err("is not a tag")),
            ("B-", Err("is not a tag")),
            ("o", Err("is not a tag")),
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
