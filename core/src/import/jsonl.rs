//! doccano-style JSONL: one article per line,
//! `{"text": "…", "label": [[start, end, "LABEL"], …]}` with optional `title`, `id` (number or
//! string) and `meta` (an object whose `title` may hold the title). `labels` is accepted for
//! `label`. Blank lines are skipped.
//!
//! Offsets in the file are Unicode scalar values (`char`s, Python `str` indices), half-open
//! `[start, end)`, into the text as written in the file. The text is normalised (see
//! [`super::normalize`]) and the offsets are carried over through its offset map; a label that
//! starts or ends inside a sequence that normalising changes cannot be carried over and is a
//! problem of its line. Any problem refuses the whole file, listing every one.

use super::normalize::normalize;
use super::{cut, Article, ImportError};
use crate::text::char_len;
use serde_json::Value;
use thiserror::Error;

/// The longest title taken from the first line of a text.
const JSONL_TITLE_MAX: usize = 80;

/// A problem on one line (1-based) of a JSONL file.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("line {line}: {problem}")]
pub struct LineError {
    pub line: u32,
    pub problem: LineProblem,
}

/// What is wrong with one line.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum LineProblem {
    #[error("not valid JSON ({0})")]
    NotJson(String),
    #[error("not a JSON object")]
    NotObject,
    #[error("no \"text\" field")]
    NoText,
    #[error("\"text\" is not a string")]
    TextNotString,
    #[error("the text is empty")]
    EmptyText,
    #[error("\"{0}\" is not a list of labels")]
    LabelsNotList(String),
    #[error("label {0} is not [start, end, \"LABEL\"] with whole-number offsets")]
    LabelShape(usize),
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
    #[error("\"id\" is not a string or a number")]
    BadId,
    #[error("\"title\" is not a string")]
    BadTitle,
}

pub(super) fn read(file_name: &str, content: &str) -> Result<Vec<Article>, ImportError> {
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    for (index, line) in content.split('\n').enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let number = crate::text::to_u32(index + 1);
        match article(line) {
            Ok(mut article) => {
                article.source = format!("{file_name} line {number}");
                articles.push(article);
            }
            Err(found) => problems.extend(found.into_iter().map(|problem| LineError {
                line: number,
                problem,
            })),
        }
    }
    if !problems.is_empty() {
        return Err(ImportError::BadLines {
            file: file_name.to_string(),
            problems,
        });
    }
    if articles.is_empty() {
        return Err(ImportError::NoText {
            file: file_name.to_string(),
        });
    }
    Ok(articles)
}

/// One line's article, or every problem found on it.
fn article(line: &str) -> Result<Article, Vec<LineProblem>> {
    let value: Value =
        serde_json::from_str(line).map_err(|e| vec![LineProblem::NotJson(json_error(&e))])?;
    let Value::Object(object) = value else {
        return Err(vec![LineProblem::NotObject]);
    };
    let mut problems = Vec::new();
    let written = match object.get("text") {
        Some(Value::String(text)) if text.trim().is_empty() => {
            problems.push(LineProblem::EmptyText);
            None
        }
        Some(Value::String(text)) => Some(text.as_str()),
        Some(_) => {
            problems.push(LineProblem::TextNotString);
            None
        }
        None => {
            problems.push(LineProblem::NoText);
            None
        }
    };
    let id_hint = match object.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) => Some(id.clone()),
        Some(Value::Number(id)) => Some(id.to_string()),
        Some(_) => {
            problems.push(LineProblem::BadId);
            None
        }
    };
    let stated_title = match object.get("title") {
        None | Some(Value::Null) => object
            .get("meta")
            .and_then(|meta| meta.get("title"))
            .and_then(Value::as_str),
        Some(Value::String(title)) => Some(title.as_str()),
        Some(_) => {
            problems.push(LineProblem::BadTitle);
            None
        }
    };
    let (key, labels) = match (object.get("label"), object.get("labels")) {
        (Some(labels), _) => ("label", labels),
        (None, Some(labels)) => ("labels", labels),
        (None, None) => ("label", &Value::Null),
    };
    let Some(written) = written else {
        return Err(problems);
    };
    let normal = normalize(written);
    let len = char_len(written);
    let mut annotations = Vec::new();
    let raw = match labels {
        Value::Null => &[][..],
        Value::Array(list) => list.as_slice(),
        _ => {
            problems.push(LineProblem::LabelsNotList(key.to_string()));
            &[][..]
        }
    };
    for (i, label) in raw.iter().enumerate() {
        let Some((start, end, name)) = label_parts(label) else {
            problems.push(LineProblem::LabelShape(i + 1));
            continue;
        };
        if start > end {
            problems.push(LineProblem::Reversed { start, end });
        } else if start == end {
            problems.push(LineProblem::EmptySpan { start, end });
        } else if end > u64::from(len) {
            problems.push(LineProblem::OutOfRange { start, end, len });
        } else if name.trim().is_empty() {
            problems.push(LineProblem::EmptyName { start, end });
        } else {
            // Both fit in u32: they are at most `len`.
            let (s, e) = (start as u32, end as u32);
            match (normal.map.map(s), normal.map.map(e)) {
                (Some(new_start), Some(new_end)) => {
                    annotations.push((new_start, new_end, name.to_string()))
                }
                (from, _) => {
                    let (which, at) = if from.is_none() {
                        ("starts", s)
                    } else {
                        ("ends", e)
                    };
                    let (a, b) = normal.map.changed_around(at).unwrap_or((at, at));
                    let sequence = written
                        .chars()
                        .skip(a as usize)
                        .take((b - a) as usize)
                        .flat_map(char::escape_debug)
                        .collect();
                    problems.push(LineProblem::SplitsSequence {
                        start,
                        end,
                        which,
                        sequence,
                    });
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let title = stated_title
        .map(|t| cut(&normalize(t).text, JSONL_TITLE_MAX))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| {
            let first = normal.text.lines().find(|l| !l.trim().is_empty());
            cut(first.unwrap_or_default(), JSONL_TITLE_MAX)
        });
    Ok(Article {
        title,
        text: normal.text,
        id_hint,
        annotations,
        source: String::new(),
        notes: Vec::new(),
    })
}

/// `[start, end, "LABEL"]`, with offsets that are whole numbers ≥ 0.
fn label_parts(label: &Value) -> Option<(u64, u64, &str)> {
    match label.as_array()?.as_slice() {
        [start, end, name] => Some((start.as_u64()?, end.as_u64()?, name.as_str()?)),
        _ => None,
    }
}

/// serde_json's message without the line number, which is always 1 within one line.
fn json_error(e: &serde_json::Error) -> String {
    e.to_string()
        .replace(&format!(" at line {} column", e.line()), " at column")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_errors_name_the_column() {
        let e = serde_json::from_str::<Value>("{\"text\": \"a\" \"label\": []}").unwrap_err();
        assert_eq!(json_error(&e), "expected `,` or `}` at column 14");
    }

    #[test]
    fn label_shapes() {
        let cases = [
            ("[0, 4, \"PER\"]", Some((0, 4, "PER"))),
            ("[0, 4]", None),
            ("[-1, 4, \"PER\"]", None),
            ("[0.5, 4, \"PER\"]", None),
            ("[0, 4, 7]", None),
            ("{\"start\": 0}", None),
        ];
        for (json, want) in cases {
            let value: Value = serde_json::from_str(json).unwrap();
            assert_eq!(label_parts(&value), want, "{json}");
        }
    }
}
