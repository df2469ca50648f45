//! Postil's native JSON format, version 1 (`.postil.json`).
//!
//! ```json
//! {"format": "postil", "version": 1, "offset_unit": "codepoint",
//!  "labels": [{"name": "PERSON", "color": "#ffd3a8", "key": "p"}],
//!  "documents": [{"id": "…", "title": "…", "text": "…",
//!                 "annotations": [{"id": 1, "start": 0, "end": 6, "label": "PERSON", "text": "Sergey"}]}]}
//! ```
//!
//! Offsets are Unicode scalar values (code points, Python `str` indices), spans half-open
//! `[start, end)`; `text` of an annotation is what the span covers, so any reader can check the
//! offsets. The serde types here are the file's shape only; [`import`] validates every part and
//! turns it into domain types, or refuses the whole file with every problem it found.

use crate::annotation::{Annotation, AnnotationError, AnnotationId, AnnotationSet};
use crate::document::Document;
use crate::schema::{Color, LabelDef, LabelSchema, SchemaError};
use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use thiserror::Error;

pub const FORMAT: &str = "postil";
pub const VERSION: u32 = 1;
pub const OFFSET_UNIT: &str = "codepoint";

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileV1 {
    format: String,
    version: u32,
    offset_unit: String,
    labels: Vec<LabelV1>,
    documents: Vec<DocumentV1>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelV1 {
    name: String,
    color: String,
    key: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentV1 {
    id: String,
    title: String,
    text: String,
    annotations: Vec<AnnotationV1>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnnotationV1 {
    id: u32,
    start: u32,
    end: u32,
    label: String,
    text: String,
}

/// A document and its annotations, as exported or imported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnotatedDocument {
    pub document: Document,
    pub annotations: AnnotationSet,
}

/// What a valid native file holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NativeFile {
    pub schema: LabelSchema,
    pub documents: Vec<AnnotatedDocument>,
}

/// Serialises documents and their annotations (pretty-printed, with a final newline).
pub fn export<'a>(
    schema: &LabelSchema,
    documents: impl IntoIterator<Item = (&'a Document, &'a AnnotationSet)>,
) -> String {
    let file = FileV1 {
        format: FORMAT.into(),
        version: VERSION,
        offset_unit: OFFSET_UNIT.into(),
        labels: schema
            .labels()
            .iter()
            .map(|l| LabelV1 {
                name: l.name.clone(),
                color: l.color.to_string(),
                key: l.key.to_string(),
            })
            .collect(),
        documents: documents
            .into_iter()
            .map(|(doc, set)| DocumentV1 {
                id: doc.id().into(),
                title: doc.title().into(),
                text: doc.text().into(),
                annotations: set
                    .iter()
                    .map(|a| AnnotationV1 {
                        id: a.id.0,
                        start: a.span.start,
                        end: a.span.end,
                        label: a.label.clone(),
                        text: doc.slice(a.span).unwrap_or_default().into(),
                    })
                    .collect(),
            })
            .collect(),
    };
    // Serialising plain structs of strings and integers cannot fail.
    let mut out = serde_json::to_string_pretty(&file).unwrap_or_default();
    out.push('\n');
    out
}

/// One problem found in a file, located by document and annotation.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum Problem {
    #[error("labels: {0}")]
    Schema(SchemaError),
    #[error("label “{name}” has key “{key}”, which is not a single character")]
    BadKey { name: String, key: String },
    #[error("document {index} has an empty id")]
    EmptyDocumentId { index: usize },
    #[error("document “{0}” appears twice")]
    DuplicateDocument(String),
    #[error("document “{doc}”, annotation {id}: label “{label}” is not in the file’s labels")]
    UnknownLabel { doc: String, id: u32, label: String },
    #[error("document “{doc}”, annotation {id}: {start}–{end} is outside the text, which has {len} characters")]
    OutOfRange {
        doc: String,
        id: u32,
        start: u32,
        end: u32,
        len: u32,
    },
    #[error("document “{doc}”, annotation {id}: the span {start}–{end} is empty")]
    EmptySpan {
        doc: String,
        id: u32,
        start: u32,
        end: u32,
    },
    #[error("document “{doc}”, annotation {id}: its text “{stated}” does not match the document, which has “{actual}” at {start}–{end}")]
    TextMismatch {
        doc: String,
        id: u32,
        start: u32,
        end: u32,
        stated: String,
        actual: String,
    },
    #[error("document “{doc}”: annotation id {id} is used twice")]
    DuplicateAnnotation { doc: String, id: u32 },
    #[error("document “{doc}”, annotation {id}: it overlaps annotation {other}, and this version of Postil cannot show overlapping spans")]
    Overlap { doc: String, id: u32, other: u32 },
}

/// Why a file was refused. Nothing of a refused file is applied.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ImportError {
    #[error("the file is not valid JSON ({0})")]
    NotJson(String),
    #[error("the file is not a Postil file: it has no \"format\": \"postil\"")]
    NotPostil,
    #[error("the file is Postil format version {0}, and this Postil reads version {VERSION}")]
    UnsupportedVersion(String),
    #[error("the file counts offsets in “{0}”, and Postil reads only “{OFFSET_UNIT}”")]
    UnsupportedOffsetUnit(String),
    #[error("the file does not have the shape of a Postil file ({0})")]
    Shape(String),
    #[error("the file has {} problem{}: {}", .0.len(), if .0.len() == 1 { "" } else { "s" }, list(.0))]
    Invalid(Vec<Problem>),
}

/// The first few problems, one sentence each.
fn list(problems: &[Problem]) -> String {
    const SHOWN: usize = 5;
    let mut out: Vec<String> = problems.iter().take(SHOWN).map(|p| p.to_string()).collect();
    if problems.len() > SHOWN {
        out.push(format!("and {} more", problems.len() - SHOWN));
    }
    out.join("; ")
}

/// Reads and validates a native file. Either everything in it is valid and returned, or the
/// file is refused with every problem found.
pub fn import(json: &str) -> Result<NativeFile, ImportError> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| ImportError::NotJson(e.to_string()))?;
    // Check the header first so that a file of another kind or version gets the right message
    // rather than a complaint about its shape.
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(ImportError::NotPostil);
    }
    match value.get("version") {
        Some(v) if v.as_u64() == Some(u64::from(VERSION)) => {}
        Some(v) => return Err(ImportError::UnsupportedVersion(v.to_string())),
        None => return Err(ImportError::UnsupportedVersion("(none)".into())),
    }
    match value.get("offset_unit").and_then(|u| u.as_str()) {
        Some(OFFSET_UNIT) => {}
        other => {
            return Err(ImportError::UnsupportedOffsetUnit(
                other.unwrap_or("(none)").to_string(),
            ))
        }
    }
    let file: FileV1 =
        serde_json::from_value(value).map_err(|e| ImportError::Shape(e.to_string()))?;
    validate(file).map_err(ImportError::Invalid)
}

fn validate(file: FileV1) -> Result<NativeFile, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut labels = Vec::new();
    for l in &file.labels {
        let mut chars = l.key.chars();
        let key = match (chars.next(), chars.next()) {
            (Some(k), None) => k,
            _ => {
                problems.push(Problem::BadKey {
                    name: l.name.clone(),
                    key: l.key.clone(),
                });
                continue;
            }
        };
        match l.color.parse::<Color>() {
            Ok(color) => labels.push(LabelDef {
                name: l.name.clone(),
                color,
                key,
            }),
            Err(e) => problems.push(Problem::Schema(e)),
        }
    }
    let schema = match LabelSchema::new(labels) {
        Ok(s) => Some(s),
        Err(e) => {
            problems.push(Problem::Schema(e));
            None
        }
    };
    let names: HashSet<&str> = file.labels.iter().map(|l| l.name.as_str()).collect();

    let mut seen_docs = HashSet::new();
    let mut documents = Vec::new();
    for (index, d) in file.documents.into_iter().enumerate() {
        if d.id.is_empty() {
            problems.push(Problem::EmptyDocumentId { index: index + 1 });
            continue;
        }
        if !seen_docs.insert(d.id.clone()) {
            problems.push(Problem::DuplicateDocument(d.id.clone()));
            continue;
        }
        let document = Document::new(d.id, d.title, d.text);
        let doc = document.id().to_string();
        let len = document.char_len();
        let before = problems.len();
        let mut items = Vec::new();
        for a in d.annotations {
            let span = Span {
                start: a.start,
                end: a.end,
            };
            let id = a.id;
            if !names.contains(a.label.as_str()) {
                problems.push(Problem::UnknownLabel {
                    doc: doc.clone(),
                    id,
                    label: a.label.clone(),
                });
            }
            if a.start > a.end || a.end > len {
                problems.push(Problem::OutOfRange {
                    doc: doc.clone(),
                    id,
                    start: a.start,
                    end: a.end,
                    len,
                });
                continue;
            }
            if span.is_empty() {
                problems.push(Problem::EmptySpan {
                    doc: doc.clone(),
                    id,
                    start: a.start,
                    end: a.end,
                });
                continue;
            }
            let actual = document.slice(span).unwrap_or_default();
            if actual != a.text {
                problems.push(Problem::TextMismatch {
                    doc: doc.clone(),
                    id,
                    start: a.start,
                    end: a.end,
                    stated: a.text,
                    actual: actual.to_string(),
                });
                continue;
            }
            items.push(Annotation {
                id: AnnotationId(id),
                span,
                label: a.label,
            });
        }
        if problems.len() > before {
            continue;
        }
        match AnnotationSet::from_parts(len, items, 1) {
            Ok(annotations) => documents.push(AnnotatedDocument {
                document,
                annotations,
            }),
            Err((a, AnnotationError::DuplicateId(_))) => {
                problems.push(Problem::DuplicateAnnotation { doc, id: a.id.0 })
            }
            Err((a, AnnotationError::Overlaps { id: other, .. })) => {
                problems.push(Problem::Overlap {
                    doc,
                    id: a.id.0,
                    other: other.0,
                })
            }
            // Range and emptiness were checked above, one annotation at a time.
            Err((a, _)) => problems.push(Problem::OutOfRange {
                doc,
                id: a.id.0,
                start: a.span.start,
                end: a.span.end,
                len,
            }),
        }
    }
    match schema {
        Some(schema) if problems.is_empty() => Ok(NativeFile { schema, documents }),
        _ => Err(problems),
    }
}
