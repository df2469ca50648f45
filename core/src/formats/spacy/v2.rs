//! spaCy 2's JSON training format, as `spacy convert` wrote it and many corpora still ship it:
//!
//! ```json
//! [{"id": 0, "paragraphs": [{"raw": "Lavrov met Qureshi.",
//!   "sentences": [{"tokens": [{"id": 0, "orth": "Lavrov", "tag": "NNP", "ner": "U-PERSON"}, …]}],
//!   "cats": […]}]}]
//! ```
//!
//! Read only (Postil writes spaCy 3's formats). A document becomes an article, its paragraphs
//! joined by a blank line. Entities are BILUO tags on tokens (`B-`, `I-`, `L-`, `U-`, `O`, and
//! `-` for a token whose tag is unknown, read as outside); IOB tags read as well. A paragraph's
//! tokens are found in its `raw` text in order, skipping white space; spaCy's rewritten quotes
//! (`` `` `` and `''` for `"`, `“` or `”`) match the one character they stand for. A paragraph
//! without `raw` is rebuilt from its tokens: a space after each token (unless its `space`
//! is `false`), a line break instead between sentences. Each such reading is said in [`Imported::adjusted`]; part-of-speech tags,
//! dependencies and categories are left out and counted.
//!
//! Offsets are `char`s, half-open, in the text as rebuilt, then carried through normalising as
//! for every format ([`super::article`]).
//!
//! [`Imported::adjusted`]: crate::formats::Imported::adjusted

use super::{article, problems_at, RawSpan};
use crate::formats::report::left_out;
use crate::formats::{FormatError, Imported};
use crate::prose::count;
use serde_json::Value;

const FORMAT: &str = "spaCy 2 training JSON";

/// Whether a JSON list is spaCy 2's training format: its first item is a document with
/// `paragraphs`.
pub(super) fn is_v2(records: &[Value]) -> bool {
    records
        .first()
        .is_some_and(|first| first.get("paragraphs").is_some())
}

/// What was read differently or left out, over the whole file.
#[derive(Default)]
struct Tally {
    no_raw: usize,
    quotes: usize,
    unknown_tags: usize,
    lenient: usize,
    linguistics: usize,
    cats: usize,
}

/// Reads the documents of a spaCy 2 training file. Every document is checked; any problem
/// refuses the whole file.
pub(super) fn import(file_name: &str, records: &[Value]) -> Result<Imported, FormatError> {
    let mut tally = Tally::default();
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    let mut blank = 0;
    for (i, record) in records.iter().enumerate() {
        let at = format!("document {}", i + 1);
        let read = document(record, &mut tally)
            .and_then(|(text, spans)| article(&text, spans, format!("{file_name} {at}")));
        match read {
            Ok(Some(mut article)) => {
                article.id_hint = match record.get("id") {
                    Some(Value::Number(id)) => Some(id.to_string()),
                    Some(Value::String(id)) => Some(id.clone()),
                    _ => None,
                };
                articles.push(article);
            }
            Ok(None) => blank += 1,
            Err(whats) => problems.extend(problems_at(&at, whats)),
        }
    }
    if articles.is_empty() && problems.is_empty() {
        return Err(FormatError::not_this(FORMAT, "it holds no text"));
    }
    let mut skipped = Vec::new();
    let mut say = |n, one, many, why| left_out(&mut skipped, n, one, many, why);
    say(
        tally.linguistics,
        "token's part-of-speech tag, head or dependency",
        "tokens' part-of-speech tags, heads and dependencies",
        "Postil holds labeled spans",
    );
    say(
        tally.cats,
        "paragraph's categories",
        "paragraphs' categories",
        "document labels are not read from spaCy files",
    );
    say(blank, "blank document", "blank documents", "it has no text");
    let mut adjusted = Vec::new();
    if tally.no_raw > 0 {
        adjusted.push(format!(
            "{} no \"raw\" text: rebuilt from the tokens, a space between tokens and a line \
             break between sentences",
            count(tally.no_raw, "paragraph had", "paragraphs had")
        ));
    }
    if tally.quotes > 0 {
        adjusted.push(format!(
            "{} written `` or '' where the text has a quotation mark: matched to it",
            count(tally.quotes, "token was", "tokens were")
        ));
    }
    if tally.unknown_tags > 0 {
        adjusted.push(format!(
            "{} the entity tag \"-\" (unknown): read as outside any entity",
            count(tally.unknown_tags, "token had", "tokens had")
        ));
    }
    if tally.lenient > 0 {
        adjusted.push(format!(
            "{} a span without a B- before {}: read as its start",
            count(
                tally.lenient,
                "I- or L- tag continued",
                "I- or L- tags continued"
            ),
            if tally.lenient == 1 { "it" } else { "them" }
        ));
    }
    let imported = Imported {
        articles,
        skipped,
        adjusted,
        declared: Default::default(),
    };
    FormatError::refuse_or_offer(FORMAT, problems, imported)
}

/// A token as the file gives it.
struct TokenIn<'a> {
    orth: &'a str,
    ner: &'a str,
    /// The first token of a sentence.
    starts_sentence: bool,
    /// Whether white space follows the token (spaCy's `space`; `true` when not given).
    space: bool,
}

/// A document's text (its paragraphs joined by a blank line) and its spans, or its problems.
fn document(record: &Value, tally: &mut Tally) -> Result<(String, Vec<RawSpan>), Vec<String>> {
    let Some(paragraphs) = record.get("paragraphs").and_then(Value::as_array) else {
        return Err(vec![
            "it has no \"paragraphs\" list (a spaCy 2 document is {\"id\", \"paragraphs\": […]})"
                .to_string(),
        ]);
    };
    let mut text = String::new();
    let mut len: u64 = 0;
    let mut spans = Vec::new();
    let mut problems = Vec::new();
    for (j, paragraph) in paragraphs.iter().enumerate() {
        let at = format!("paragraph {}", j + 1);
        let tokens = match tokens_of(paragraph, tally) {
            Ok(tokens) => tokens,
            Err(what) => {
                problems.push(format!("{at}: {what}"));
                continue;
            }
        };
        let placed = match paragraph.get("raw").and_then(Value::as_str) {
            Some(raw) if !raw.trim().is_empty() => align(raw, &tokens, tally)
                .map(|places| (raw.to_string(), places))
                .map_err(|what| format!("{at}: {what}")),
            _ => {
                tally.no_raw += usize::from(!tokens.is_empty());
                Ok(rebuild(&tokens))
            }
        };
        let (paragraph_text, places) = match placed {
            Ok(placed) => placed,
            Err(what) => {
                problems.push(what);
                continue;
            }
        };
        if paragraph_text.trim().is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
            len += 2;
        }
        match biluo(&tokens, &places, tally) {
            Ok(found) => spans.extend(
                (found.into_iter()).map(|(s, e, label)| (len + s, len + e, label.to_string())),
            ),
            Err(whats) => problems.extend(whats.into_iter().map(|w| format!("{at}: {w}"))),
        }
        len += paragraph_text.chars().count() as u64;
        text.push_str(&paragraph_text);
    }
    if problems.is_empty() {
        Ok((text, spans))
    } else {
        Err(problems)
    }
}

/// A paragraph's tokens, in order, marking where sentences start.
fn tokens_of<'a>(paragraph: &'a Value, tally: &mut Tally) -> Result<Vec<TokenIn<'a>>, String> {
    let Some(sentences) = paragraph.get("sentences").and_then(Value::as_array) else {
        return Err("it has no \"sentences\" list".to_string());
    };
    if paragraph
        .get("cats")
        .and_then(Value::as_array)
        .is_some_and(|c| !c.is_empty())
    {
        tally.cats += 1;
    }
    let mut out = Vec::new();
    for (s, sentence) in sentences.iter().enumerate() {
        let Some(tokens) = sentence.get("tokens").and_then(Value::as_array) else {
            return Err(format!("sentence {} has no \"tokens\" list", s + 1));
        };
        for (t, token) in tokens.iter().enumerate() {
            let Some(orth) = token.get("orth").and_then(Value::as_str) else {
                return Err(format!(
                    "sentence {}, token {} has no \"orth\" string",
                    s + 1,
                    t + 1
                ));
            };
            let ner = match token.get("ner") {
                None | Some(Value::Null) => "O",
                Some(Value::String(ner)) => ner.as_str(),
                Some(_) => {
                    return Err(format!(
                        "sentence {}, token {}: \"ner\" is not a string",
                        s + 1,
                        t + 1
                    ))
                }
            };
            let linguistic = |key: &str| {
                token
                    .get(key)
                    .is_some_and(|v| !v.is_null() && v.as_str() != Some(""))
            };
            if ["tag", "dep"].iter().any(|k| linguistic(k)) {
                tally.linguistics += 1;
            }
            out.push(TokenIn {
                orth,
                ner,
                starts_sentence: t == 0,
                space: token.get("space").and_then(Value::as_bool) != Some(false),
            });
        }
    }
    Ok(out)
}

/// Where each token is in `raw` (`char` offsets, half-open), found in order after white space.
fn align(raw: &str, tokens: &[TokenIn], tally: &mut Tally) -> Result<Vec<(u64, u64)>, String> {
    let mut places = Vec::with_capacity(tokens.len());
    let mut byte = 0;
    let mut at: u64 = 0;
    for (i, token) in tokens.iter().enumerate() {
        let rest = &raw[byte..];
        let trimmed = rest.trim_start();
        at += rest[..rest.len() - trimmed.len()].chars().count() as u64;
        byte += rest.len() - trimmed.len();
        let (bytes, chars) = if !token.orth.is_empty() && trimmed.starts_with(token.orth) {
            (token.orth.len(), token.orth.chars().count() as u64)
        } else if matches!(token.orth, "``" | "''")
            && trimmed.starts_with(['"', '“', '”', '„', '«', '»'])
        {
            tally.quotes += 1;
            (trimmed.chars().next().map_or(1, char::len_utf8), 1)
        } else {
            let found: String = trimmed.chars().take(20).collect();
            return Err(format!(
                "token {} “{}” is not where its text goes on (“{found}”)",
                i + 1,
                token.orth
            ));
        };
        places.push((at, at + chars));
        at += chars;
        byte += bytes;
    }
    Ok(places)
}

/// A paragraph's text rebuilt from its tokens (a space after each unless its `space` says
/// not, a line break instead between sentences), and where each token is in it.
fn rebuild(tokens: &[TokenIn]) -> (String, Vec<(u64, u64)>) {
    let mut text = String::new();
    let mut at: u64 = 0;
    let mut places = Vec::with_capacity(tokens.len());
    let mut space_before = false;
    for token in tokens {
        if space_before {
            text.push(if token.starts_sentence { '\n' } else { ' ' });
            at += 1;
        }
        space_before = token.space;
        let n = token.orth.chars().count() as u64;
        places.push((at, at + n));
        text.push_str(token.orth);
        at += n;
    }
    (text, places)
}

/// The spans BILUO (or IOB) tags mark on placed tokens, or the tags that are not tags.
fn biluo<'a>(
    tokens: &[TokenIn<'a>],
    places: &[(u64, u64)],
    tally: &mut Tally,
) -> Result<Vec<(u64, u64, &'a str)>, Vec<String>> {
    let mut spans = Vec::new();
    let mut open: Option<(u64, u64, &str)> = None;
    let mut problems = Vec::new();
    for (i, (token, &(start, end))) in tokens.iter().zip(places).enumerate() {
        if token.starts_sentence {
            spans.extend(open.take());
        }
        let ner = token.ner;
        let not_biluo = |i: usize| {
            format!(
                "token {} “{}”: “{ner}” is not a BILUO tag (B-, I-, L-, U- with a label, or O)",
                i + 1,
                token.orth
            )
        };
        if ner == "O" || ner.is_empty() || ner == "-" {
            tally.unknown_tags += usize::from(ner == "-");
            spans.extend(open.take());
            continue;
        }
        let (prefix, label) = match ner.split_once('-') {
            Some((prefix, label)) if !label.is_empty() => (prefix, label),
            _ => {
                problems.push(not_biluo(i));
                continue;
            }
        };
        match prefix {
            "B" | "U" => {
                spans.extend(open.take());
                open = Some((start, end, label));
            }
            "I" | "L" => match &mut open {
                Some((_, open_end, open_label)) if *open_label == label => *open_end = end,
                _ => {
                    tally.lenient += 1;
                    spans.extend(open.take());
                    open = Some((start, end, label));
                }
            },
            _ => {
                problems.push(not_biluo(i));
                continue;
            }
        }
        if matches!(prefix, "L" | "U") {
            spans.extend(open.take());
        }
    }
    spans.extend(open);
    if problems.is_empty() {
        Ok(spans)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(list: &[(&'static str, &'static str)]) -> Vec<TokenIn<'static>> {
        (list.iter().enumerate())
            .map(|(i, (orth, ner))| TokenIn {
                orth,
                ner,
                starts_sentence: i == 0,
                space: true,
            })
            .collect()
    }

    #[test]
    fn aligning_tokens_to_raw_text() {
        // (raw, tokens, places or the start of the problem)
        type Case = (
            &'static str,
            &'static [&'static str],
            Result<&'static [(u64, u64)], &'static str>,
        );
        let cases: &[Case] = &[
            (
                "Lavrov met.",
                &["Lavrov", "met", "."],
                Ok(&[(0, 6), (7, 10), (10, 11)]),
            ),
            (
                "  北京 🇵🇰 ok",
                &["北京", "🇵🇰", "ok"],
                Ok(&[(2, 4), (5, 7), (8, 10)]),
            ),
            (
                "He said “yes”.",
                &["He", "said", "``", "yes", "''", "."],
                Ok(&[(0, 2), (3, 7), (8, 9), (9, 12), (12, 13), (13, 14)]),
            ),
            (
                "Lavrov met.",
                &["Lavrov", "saw"],
                Err("token 2 “saw” is not where its text goes on (“met.”)"),
            ),
        ];
        for (raw, orths, want) in cases {
            let list: Vec<(&str, &str)> = orths.iter().map(|o| (*o, "O")).collect();
            let got = align(raw, &tokens(&list), &mut Tally::default());
            match (got, want) {
                (Ok(got), Ok(want)) => assert_eq!(got, *want, "{raw}"),
                (Err(got), Err(want)) => assert_eq!(got, *want, "{raw}"),
                (got, want) => panic!("{raw}: {got:?} vs {want:?}"),
            }
        }
    }

    #[test]
    fn biluo_tags_to_spans() {
        let list = [
            ("Shah", "B-PER"),
            ("Qureshi", "L-PER"),
            ("in", "O"),
            ("Lahore", "U-GPE"),
            ("and", "-"),
            ("New", "B-GPE"),
            ("York", "I-GPE"),
            ("today", "I-DATE"),
        ];
        let toks = tokens(&list);
        let places: Vec<(u64, u64)> = (0..list.len() as u64)
            .map(|i| (i * 10, i * 10 + 5))
            .collect();
        let mut tally = Tally::default();
        let spans = biluo(&toks, &places, &mut tally).unwrap();
        assert_eq!(
            spans,
            [
                (0, 15, "PER"),
                (30, 35, "GPE"),
                (50, 65, "GPE"),
                (70, 75, "DATE")
            ]
        );
        assert_eq!((tally.unknown_tags, tally.lenient), (1, 1));
        let bad = tokens(&[("x", "PER"), ("y", "X-PER")]);
        assert_eq!(
            biluo(&bad, &[(0, 1), (2, 3)], &mut Tally::default())
                .unwrap_err()
                .len(),
            2
        );
    }
}
