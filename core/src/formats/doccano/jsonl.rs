//! doccano-style JSONL: one article per line,
//! `{"text": "…", "label": [[start, end, "LABEL"], …]}` with optional `title`, `id` (number or
//! string) and `meta` (an object whose `title` may hold the title). `labels` is accepted for
//! `label`, and so is doccano's newer shape, `"entities": [{"id": 1, "label": "LABEL",
//! "start_offset": start, "end_offset": end}, …]` with `"relations": […]`; relations cannot be
//! held and are only counted ([`parse`] says how many). Blank lines are skipped.
//!
//! Offsets in the file are Unicode scalar values (`char`s, Python `str` indices), half-open
//! `[start, end)`, into the text as written in the file. The text is normalised (see
//! [`crate::article::normalize`]) and the offsets are carried over through its offset map
//! ([`Written::place`]); a label that starts or ends inside a sequence that normalising changes
//! cannot be carried over and is a problem of its line. Any problem refuses the whole file,
//! listing every one.

use crate::article::Article;
use crate::formats::written::{SpanProblem, Written};
use crate::formats::Problem;
use serde_json::Value;
use thiserror::Error;

/// What is wrong with one line.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub(super) enum LineProblem {
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
    #[error(transparent)]
    Span(#[from] SpanProblem),
    #[error("entity {0} is not {{\"label\": \"LABEL\", \"start_offset\": start, \"end_offset\": end}} with whole-number offsets")]
    EntityShape(usize),
    #[error("\"relations\" is not a list")]
    RelationsNotList,
    #[error("\"id\" is not a string or a number")]
    BadId,
    #[error("\"title\" is not a string")]
    BadTitle,
}

/// What a JSONL file held: its articles, and how many relations (which Postil cannot hold)
/// were left out.
pub(super) struct Lines {
    pub articles: Vec<Article>,
    pub relations: usize,
}

/// Reads every line, or returns every problem of every line (at "line 7", counted from 1), in
/// line order; a line may have several.
pub(super) fn parse(file_name: &str, content: &str) -> Result<Lines, Vec<Problem>> {
    let mut lines = Lines {
        articles: Vec::new(),
        relations: 0,
    };
    let mut problems = Vec::new();
    for (index, line) in content.split('\n').enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let number = index + 1;
        match article(line) {
            Ok((mut article, relations)) => {
                article.source = format!("{file_name} line {number}");
                lines.articles.push(article);
                lines.relations += relations;
            }
            Err(found) => problems.extend(found.into_iter().map(|problem| Problem {
                at: format!("line {number}"),
                what: problem.to_string(),
            })),
        }
    }
    if problems.is_empty() {
        Ok(lines)
    } else {
        Err(problems)
    }
}

/// One line's article and its number of relations, or every problem found on it.
fn article(line: &str) -> Result<(Article, usize), Vec<LineProblem>> {
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
    // Every span as the file gives it ([start, end, "LABEL"] lists, then doccano's newer entity
    // objects), or why it is not one; checked in file order so problems are listed in it.
    let mut spans = Vec::new();
    match labels {
        Value::Null => {}
        Value::Array(list) => {
            for (i, label) in list.iter().enumerate() {
                spans.push(label_parts(label).ok_or(LineProblem::LabelShape(i + 1)));
            }
        }
        _ => problems.push(LineProblem::LabelsNotList(key.to_string())),
    }
    match object.get("entities") {
        None | Some(Value::Null) => {}
        Some(Value::Array(list)) => {
            for (i, entity) in list.iter().enumerate() {
                spans.push(entity_parts(entity).ok_or(LineProblem::EntityShape(i + 1)));
            }
        }
        Some(_) => problems.push(LineProblem::LabelsNotList("entities".to_string())),
    }
    let relations = match object.get("relations") {
        None | Some(Value::Null) => 0,
        Some(Value::Array(list)) => list.len(),
        Some(_) => {
            problems.push(LineProblem::RelationsNotList);
            0
        }
    };
    let Some(written) = written else {
        return Err(problems);
    };
    let written = Written::new(written);
    let mut annotations = Vec::new();
    for span in spans {
        match span.and_then(|(start, end, name)| {
            written
                .place(start, end, name, None)
                .map(|(s, e)| (s, e, name))
                .map_err(LineProblem::Span)
        }) {
            Ok((start, end, name)) => annotations.push((start, end, name.to_string())),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let title = written.title(stated_title);
    let article = Article {
        title,
        text: written.into_text(),
        id_hint,
        annotations,
        source: String::new(),
        notes: Vec::new(),
    };
    Ok((article, relations))
}

/// `{"label": "LABEL", "start_offset": start, "end_offset": end}` (doccano 1.6 and later), with
/// offsets that are whole numbers ≥ 0; other keys (`id`) are ignored.
fn entity_parts(entity: &Value) -> Option<(u64, u64, &str)> {
    Some((
        entity.get("start_offset")?.as_u64()?,
        entity.get("end_offset")?.as_u64()?,
        entity.get("label")?.as_str()?,
    ))
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
