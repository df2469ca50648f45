//! doccano-style JSONL: one article per line,
//! `{"text": "…", "label": [[start, end, "LABEL"], …]}` with optional `title`, `id` (number or
//! string) and `meta` (an object whose `title` may hold the title). `labels` is accepted for
//! `label`, and so is doccano's newer shape, `"entities": [{"id": 1, "label": "LABEL",
//! "start_offset": start, "end_offset": end}, …]` with `"relations": [{"id": 1, "from_id": 1,
//! "to_id": 2, "type": "TYPE"}, …]`, whose ends are entity ids of the same line (a relation
//! naming an id the line lacks is counted, left out: [`parse`] says how many). Blank lines are
//! skipped.
//!
//! Offsets in the file are Unicode scalar values (`char`s, Python `str` indices), half-open
//! `[start, end)`, into the text as written in the file. The text is normalised (see
//! [`crate::article::normalize`]) and the offsets are carried over through its offset map
//! ([`Written::place`]); a label that starts or ends inside a sequence that normalising changes
//! cannot be carried over and is a problem of its line. Any problem refuses the whole file,
//! listing every one.

use crate::article::{cut, Article, Link};
use crate::formats::written::{SpanProblem, Written};
use crate::formats::Problem;
use serde_json::Value;
use std::collections::BTreeSet;
use thiserror::Error;

/// What is wrong with one line.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub(super) enum LineProblem {
    #[error("not valid JSON ({0})")]
    NotJson(String),
    #[error("not a JSON object")]
    NotObject,
    /// No text, and what the record's string fields are (or nothing).
    #[error("no \"text\" field (Postil reads the text from \"text\" or \"data\"){0}")]
    NoText(String),
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
    #[error("relation {0} is not {{\"from_id\": id, \"to_id\": id, \"type\": \"TYPE\"}}")]
    RelationShape(usize),
    #[error("\"id\" is not a string or a number")]
    BadId,
    #[error("\"title\" is not a string")]
    BadTitle,
}

/// How a file's records were laid out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum Layout {
    /// One JSON object per line, as JSONL is.
    #[default]
    Lines,
    /// JSON objects spread over several lines each (pretty-printed), one after another.
    Spread,
    /// One JSON array of objects.
    Array,
}

/// What a JSONL file held: its articles, how many relations (naming entities their line does
/// not have) were left out, the label ids that were numbers (named by their number), and how its records
/// were laid out.
#[derive(Default)]
pub(super) struct Lines {
    pub articles: Vec<Article>,
    /// How many records had no text field, and the string fields of the first of them with
    /// the start of each value (where the text may be, under a name Postil does not know).
    pub without_text: usize,
    pub fields: Vec<(String, String)>,
    /// The fields of that record that hold `[start, end, "LABEL"]` lists under another name
    /// than `label` or `labels`.
    pub label_fields: Vec<String>,
    pub relations: usize,
    pub numbered: BTreeSet<u64>,
    pub layout: Layout,
}

/// Reads every record: the good ones, and every problem of the others (at "line 7", counted
/// from 1, where the record starts; "record 3" in a JSON array), in file order; a record may
/// have several. Records are one per line; a file that is not that but is a sequence of JSON
/// objects spread over lines, or one JSON array of them, is read as such.
/// Where a record's text and labels are, when not where doccano puts them.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Keys<'a> {
    /// The text's field (otherwise `text`, else `data`).
    pub text: Option<&'a str>,
    /// The labels' field (otherwise `label`, else `labels`).
    pub labels: Option<&'a str>,
}

pub(super) fn parse(file_name: &str, content: &str, keys: Keys) -> (Lines, Vec<Problem>) {
    let text_key = keys.text;
    let by_line = by_line(content);
    let (mut records, mut layout) = match by_line.iter().any(|(_, value)| value.is_err()) {
        false => (by_line, Layout::Lines),
        true => match by_value(content) {
            Some(records) => (records, Layout::Spread),
            None => (by_line, Layout::Lines),
        },
    };
    if let [(_, Ok(Value::Array(items)))] = records.as_mut_slice() {
        records = (std::mem::take(items).into_iter().enumerate())
            .map(|(i, item)| (format!("record {}", i + 1), Ok(item)))
            .collect();
        layout = Layout::Array;
    }
    let mut lines = Lines {
        layout,
        ..Lines::default()
    };
    let mut problems = Vec::new();
    for (at, value) in records {
        if let Ok(Value::Object(object)) = &value {
            let keyed = match text_key {
                Some(key) => object.contains_key(key),
                None => object.contains_key("text") || object.contains_key("data"),
            };
            if !keyed {
                lines.without_text += 1;
                if lines.fields.is_empty() {
                    lines.fields = (object.iter())
                        .filter_map(|(k, v)| Some((k.clone(), cut(v.as_str()?, 60))))
                        .collect();
                    lines.label_fields = (object.iter())
                        .filter(|(k, _)| {
                            !["label", "labels", "entities", "relations"].contains(&k.as_str())
                        })
                        .filter(|(_, v)| {
                            v.as_array().is_some_and(|list| {
                                !list.is_empty() && list.iter().all(|l| label_parts(l).is_some())
                            })
                        })
                        .map(|(k, _)| k.clone())
                        .collect();
                }
            }
        }
        let found = match value.map(|value| article(value, keys, &mut lines.numbered)) {
            Ok(Ok((mut article, relations))) => {
                article.source = format!("{file_name} {at}");
                lines.articles.push(article);
                lines.relations += relations;
                continue;
            }
            Ok(Err(found)) => found,
            Err(not_json) => vec![not_json],
        };
        problems.extend(found.into_iter().map(|problem| Problem {
            at: at.clone(),
            what: problem.to_string(),
        }));
    }
    (lines, problems)
}

/// Where a record is ("line 7") and its JSON, or why it is not JSON.
type Record = (String, Result<Value, LineProblem>);

/// Every non-blank line as JSON, or why it is not.
fn by_line(content: &str) -> Vec<Record> {
    (content.split('\n').enumerate())
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| {
            let value = serde_json::from_str::<Value>(line)
                .map_err(|e| LineProblem::NotJson(json_error(&e)));
            (format!("line {}", index + 1), value)
        })
        .collect()
}

/// The file as JSON values one after another, each at the line it starts on; `None` unless
/// the whole file reads so.
fn by_value(content: &str) -> Option<Vec<Record>> {
    let mut values = serde_json::Deserializer::from_str(content).into_iter::<Value>();
    let mut records = Vec::new();
    // Lines are counted from where the last record ended, so a large file is read once.
    let (mut from, mut line) = (0, 1);
    while let Some(value) = values.next() {
        let value = value.ok()?;
        let rest = &content[from..];
        let start = from + rest.len() - rest.trim_start().len();
        line += content[from..start].matches('\n').count();
        records.push((format!("line {line}"), Ok(value)));
        let end = values.byte_offset();
        line += content[start..end].matches('\n').count();
        from = end;
    }
    (!records.is_empty()).then_some(records)
}

/// One record's article and its number of relations left out, or every problem found in it. Label ids
/// that are numbers are added to `numbered`.
fn article(
    value: Value,
    keys: Keys,
    numbered: &mut BTreeSet<u64>,
) -> Result<(Article, usize), Vec<LineProblem>> {
    let text_key = keys.text;
    let Value::Object(object) = value else {
        return Err(vec![LineProblem::NotObject]);
    };
    let mut problems = Vec::new();
    let text = match text_key {
        Some(key) => object.get(key),
        None => object.get("text").or_else(|| object.get("data")),
    };
    let written = match text {
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
            let strings: Vec<String> = (object.iter())
                .filter(|(_, v)| v.is_string())
                .map(|(k, _)| format!("\"{k}\""))
                .collect();
            problems.push(LineProblem::NoText(if strings.is_empty() {
                String::new()
            } else {
                format!("; its text fields are {}", strings.join(", "))
            }));
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
    let (key, labels) = match (keys.labels, object.get("label"), object.get("labels")) {
        (Some(key), _, _) => (key, object.get(key).unwrap_or(&Value::Null)),
        (None, Some(labels), _) => ("label", labels),
        (None, None, Some(labels)) => ("labels", labels),
        (None, None, None) => ("label", &Value::Null),
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
    // An entity's id (as JSON text: 3 and "3" differ) → its place in `spans`.
    let mut entity_ids = std::collections::HashMap::new();
    match object.get("entities") {
        None | Some(Value::Null) => {}
        Some(Value::Array(list)) => {
            for (i, entity) in list.iter().enumerate() {
                if let Some(id) = entity.get("id").filter(|id| !id.is_null()) {
                    entity_ids.insert(id.to_string(), spans.len());
                }
                spans.push(entity_parts(entity).ok_or(LineProblem::EntityShape(i + 1)));
            }
        }
        Some(_) => problems.push(LineProblem::LabelsNotList("entities".to_string())),
    }
    // Relations whose ends are entities of this line; the others are counted, left out.
    let mut links = Vec::new();
    let mut unlinked = 0;
    match object.get("relations") {
        None | Some(Value::Null) => {}
        Some(Value::Array(list)) => {
            for (i, relation) in list.iter().enumerate() {
                let end = |key: &str| {
                    (relation.get(key))
                        .and_then(|id| entity_ids.get(&id.to_string()))
                        .copied()
                };
                let kind = relation.get("type").and_then(Value::as_str);
                match (end("from_id"), end("to_id"), kind) {
                    (Some(from), Some(to), Some(kind)) if !kind.trim().is_empty() => {
                        links.push(Link {
                            from,
                            to,
                            kind: kind.to_string(),
                            note: String::new(),
                        })
                    }
                    (_, _, Some(_)) if relation.is_object() => unlinked += 1,
                    _ => problems.push(LineProblem::RelationShape(i + 1)),
                }
            }
        }
        Some(_) => problems.push(LineProblem::RelationsNotList),
    };
    let relations = unlinked;
    let Some(written) = written else {
        return Err(problems);
    };
    let written = Written::new(written);
    let mut annotations = Vec::new();
    for span in spans {
        match span.and_then(|(start, end, name)| {
            let text = name.text();
            (written.place(start, end, &text, None))
                .map(|(s, e)| (s, e, text, name))
                .map_err(LineProblem::Span)
        }) {
            Ok((start, end, text, name)) => {
                if let Name::Id(id) = name {
                    numbered.insert(id);
                }
                annotations.push((start, end, text));
            }
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let title = written.title(stated_title);
    let article = Article {
        suggested: None,
        attributes: Vec::new(),
        title,
        text: written.into_text(),
        id_hint,
        annotations,
        source: String::new(),
        notes: Vec::new(),
        relations: links,
    };
    Ok((article, relations))
}

/// A span's label as a file names it: by name, or by a number (the id of a label in a doccano
/// project, which older exports wrote instead of its name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Name<'a> {
    Text(&'a str),
    Id(u64),
}

impl Name<'_> {
    fn of(value: &Value) -> Option<Name<'_>> {
        match value {
            Value::String(name) => Some(Name::Text(name)),
            Value::Number(id) => id.as_u64().map(Name::Id),
            _ => None,
        }
    }

    /// The label's name in Postil: a number is named by its digits.
    fn text(self) -> String {
        match self {
            Name::Text(name) => name.to_string(),
            Name::Id(id) => id.to_string(),
        }
    }
}

/// `{"label": "LABEL", "start_offset": start, "end_offset": end}` (doccano 1.6 and later), with
/// offsets that are whole numbers ≥ 0 and a label that is a name or a label id; other keys
/// (`id`) are ignored.
fn entity_parts(entity: &Value) -> Option<(u64, u64, Name<'_>)> {
    Some((
        entity.get("start_offset")?.as_u64()?,
        entity.get("end_offset")?.as_u64()?,
        Name::of(entity.get("label")?)?,
    ))
}

/// `[start, end, "LABEL"]` (or `[start, end, id]`), with offsets that are whole numbers ≥ 0.
fn label_parts(label: &Value) -> Option<(u64, u64, Name<'_>)> {
    match label.as_array()?.as_slice() {
        [start, end, name] => Some((start.as_u64()?, end.as_u64()?, Name::of(name)?)),
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
            ("[0, 4, \"PER\"]", Some((0, 4, Name::Text("PER")))),
            ("[0, 4]", None),
            ("[-1, 4, \"PER\"]", None),
            ("[0.5, 4, \"PER\"]", None),
            ("[0, 4, 7]", Some((0, 4, Name::Id(7)))),
            ("[0, 4, -7]", None),
            ("[0, 4, 7.5]", None),
            ("[0, 4, null]", None),
            ("{\"start\": 0}", None),
        ];
        for (json, want) in cases {
            let value: Value = serde_json::from_str(json).unwrap();
            assert_eq!(label_parts(&value), want, "{json}");
        }
    }
}
