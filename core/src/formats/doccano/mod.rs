//! doccano JSONL for sequence labelling, both ways.
//!
//! Export writes one document per line, in corpus order:
//! `{"id": "<document id>", "text": "…", "label": [[start, end, "LABEL"], …], "title": "…"}`
//! with the spans ordered by (start, end, label). When any document has relations, every line
//! is written in doccano's relation shape instead, `{"id", "text", "title", "entities":
//! [{"id": 1, "label": "LABEL", "start_offset": start, "end_offset": end}, …], "relations":
//! [{"id": 1, "from_id": 1, "to_id": 2, "type": "TYPE"}, …]}` (entity ids are the annotations'
//! ids). doccano ignores keys it does not know (`title`). Import reads both shapes and the older
//! `labels` key (`jsonl.rs`, the one reader of `.jsonl` files in Postil), and the variants other
//! tools and older doccano versions write, each said in [`Imported::adjusted`]: the text under
//! `data` instead of `text`, labels given by their numeric ids in a doccano project (named by
//! their number), and records that are not one per line (pretty-printed objects, or one JSON
//! array).
//!
//! Offsets are Unicode scalar values (`char`s, Python `str` indices, which is what doccano
//! writes), half-open `[start, end)`, into `text` exactly as written: a document that keeps
//! `\r\n` is exported with it, and its offsets count both characters.
//!
//! What doccano JSONL cannot hold: notes on annotations and relations, document labels and
//! "done" marks (each reported in [`Exported::dropped`]).

mod jsonl;

use super::report::{losses, relation_notes_dropped};
use super::sniff::{first_byte, first_in_array};
use super::{text, Choice, Exported, FormatError, Imported};
use crate::corpus::Corpus;
use crate::prose::{and_list, count};
use jsonl::{Layout, Lines};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeSet;

/// The format's name in messages.
pub const FORMAT: &str = "doccano JSONL";

#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    text: &'a str,
    label: Vec<(u32, u32, &'a str)>,
    title: &'a str,
}

/// A line in doccano's relation shape.
#[derive(Serialize)]
struct LinkedLine<'a> {
    id: &'a str,
    text: &'a str,
    entities: Vec<Entity<'a>>,
    relations: Vec<RelationOut<'a>>,
    title: &'a str,
}

#[derive(Serialize)]
struct Entity<'a> {
    id: u32,
    label: &'a str,
    start_offset: u32,
    end_offset: u32,
}

#[derive(Serialize)]
struct RelationOut<'a> {
    id: u32,
    from_id: u32,
    to_id: u32,
    #[serde(rename = "type")]
    kind: &'a str,
}

/// One line per document, each ending in `\n`.
pub fn export(corpus: Corpus) -> Exported {
    let linked = (corpus.documents.iter()).any(|(_, set)| !set.relations().is_empty());
    let mut bytes = Vec::new();
    for (document, set) in corpus.documents {
        // Serialising strings and integers into a Vec cannot fail.
        if linked {
            let line = LinkedLine {
                id: document.id(),
                text: document.text(),
                entities: (set.in_export_order().into_iter())
                    .map(|a| Entity {
                        id: a.id.0,
                        label: &a.label,
                        start_offset: a.span.start,
                        end_offset: a.span.end,
                    })
                    .collect(),
                relations: (set.relations().iter())
                    .map(|r| RelationOut {
                        id: r.id.0,
                        from_id: r.from.0,
                        to_id: r.to.0,
                        kind: &r.kind,
                    })
                    .collect(),
                title: document.title(),
            };
            let _ = serde_json::to_writer(&mut bytes, &line);
        } else {
            let line = Line {
                id: document.id(),
                text: document.text(),
                label: (set.in_export_order().into_iter())
                    .map(|a| (a.span.start, a.span.end, a.label.as_str()))
                    .collect(),
                title: document.title(),
            };
            let _ = serde_json::to_writer(&mut bytes, &line);
        }
        bytes.push(b'\n');
    }
    let mut dropped = losses(corpus, FORMAT, false);
    dropped.extend(relation_notes_dropped(corpus, FORMAT));
    dropped.extend(super::report::attributes_dropped(corpus, FORMAT));
    Exported {
        mime: "application/jsonl",
        bytes,
        dropped,
    }
}

/// Reads a doccano JSONL file: every line valid, or every problem with its line number (and
/// what the good lines hold, which the person may take).
pub fn import(file_name: &str, bytes: &[u8]) -> Result<Imported, FormatError> {
    import_with(file_name, bytes, None)
}

/// The most fields a question about which field holds the text offers.
const FIELD_CHOICES: usize = 6;

/// [`import`], with the text read from the field `text_key` (otherwise `text`, else `data`).
/// When no record has a text field Postil knows, but they have string fields that read as
/// texts, the person is asked which one holds the text ([`FormatError::Ask`]), each way
/// previewed, instead of the file being refused.
fn import_with(
    file_name: &str,
    bytes: &[u8],
    text_key: Option<&str>,
) -> Result<Imported, FormatError> {
    let content = text(bytes)?;
    let keys = jsonl::Keys {
        text: text_key,
        labels: None,
    };
    let (lines, problems) = jsonl::parse(file_name, &content, keys);
    if text_key.is_none()
        && lines.articles.is_empty()
        && lines.without_text > 0
        && lines.without_text
            == problems
                .iter()
                .map(|p| &p.at)
                .collect::<BTreeSet<_>>()
                .len()
    {
        let choices: Vec<Choice> = (lines.fields.iter())
            .filter(|(key, _)| !["id", "title"].contains(&key.as_str()))
            .filter_map(|(key, start)| {
                // Labels under a name of the file's own, if its first record has a list of
                // [start, end, "LABEL"] spans under one.
                let labels = lines.label_fields.first().map(String::as_str);
                let keys = jsonl::Keys {
                    text: Some(key),
                    labels,
                };
                let (read, problems) = jsonl::parse(file_name, &content, keys);
                let and_labels = labels
                    .map(|l| format!(" and “{l}” as its labels"))
                    .unwrap_or_default();
                (problems.is_empty() && !read.articles.is_empty()).then(|| Choice {
                    words: format!(
                        "Read “{key}” as the text{and_labels} ({}): “{start}”",
                        count(read.articles.len(), "record", "records")
                    ),
                    field: key.clone(),
                    imported: Box::new(Imported {
                        adjusted: vec![format!(
                            "its text was read from “{key}”{and_labels}, as you chose (Postil \
                             reads \"text\" or \"data\" on its own)"
                        )],
                        skipped: Vec::new(),
                        articles: read.articles,
                        declared: Default::default(),
                    }),
                })
            })
            .take(FIELD_CHOICES)
            .collect();
        if !choices.is_empty() {
            let keys: Vec<String> = choices.iter().map(|c| format!("“{}”", c.field)).collect();
            return Err(FormatError::Ask {
                format: FORMAT,
                reason: format!(
                    "its records have no \"text\" or \"data\" field; the text may be in {}: \
                     choose which",
                    crate::prose::or_list(&keys)
                ),
                choices,
            });
        }
    }
    if lines.articles.is_empty() && problems.is_empty() {
        return Err(FormatError::not_this(
            FORMAT,
            "it holds no line with a text",
        ));
    }
    let mut skipped = Vec::new();
    if lines.relations > 0 {
        skipped.push(format!(
            "{} (they name an entity id their line does not have)",
            count(lines.relations, "relation", "relations")
        ));
    }
    let imported = Imported {
        adjusted: adjusted(&lines),
        articles: lines.articles,
        skipped,
        declared: Default::default(),
    };
    FormatError::refuse_or_offer(FORMAT, problems, imported)
}

/// What was read differently from doccano JSONL's usual form: label ids for names, records
/// not one per line.
fn adjusted(lines: &Lines) -> Vec<String> {
    let mut out = Vec::new();
    if !lines.numbered.is_empty() {
        let ids: Vec<String> = lines.numbered.iter().map(u64::to_string).collect();
        let names: Vec<String> = ids.iter().map(|id| format!("“{id}”")).collect();
        let (one, they) = match ids.len() {
            1 => ("id", "it is"),
            _ => ("ids", "they are"),
        };
        out.push(format!(
            "labels were given as numbers (doccano label {one} {}), not names: {they} named {}; \
             rename them in the label editor",
            and_list(&ids),
            and_list(&names)
        ));
    }
    let records = count(lines.articles.len(), "record", "records");
    match lines.layout {
        Layout::Lines => {}
        Layout::Spread => out.push(format!(
            "its JSON objects run over several lines each, not one per line: read as {records}"
        )),
        Layout::Array => out.push(format!(
            "it is one JSON array, not one object per line: read as {records}"
        )),
    }
    out
}

/// Whether the file is a JSON array whose first element is an object with a string `text` (a
/// doccano export as one JSON array, in a `.json` file). Only the first element is read.
pub fn looks_like_array(bytes: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Probe {
        #[serde(rename = "text")]
        _text: String,
    }
    first_byte(bytes) == Some(b'[') && first_in_array::<Probe>(bytes).is_some()
}

/// Whether the first non-blank line is a JSON object with a string `text` (and is not
/// Postil's own format).
pub fn looks_like(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let Some(line) = bytes
        .split(|b| *b == b'\n')
        .find(|l| l.iter().any(|b| !b.is_ascii_whitespace()))
    else {
        return false;
    };
    match serde_json::from_slice::<Value>(line) {
        Ok(Value::Object(object)) => {
            object.get("text").is_some_and(Value::is_string) && !object.contains_key("format")
        }
        _ => false,
    }
}
