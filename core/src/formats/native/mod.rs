//! Postil's native JSON format (`.postil.json`), version 4 (3 when no document has relations);
//! versions 1 to 3 still import.
//!
//! ```json
//! {"format": "postil", "version": 2, "offset_unit": "codepoint",
//!  "labels": [{"name": "PERSON", "color": "#ffd3a8", "key": "p"}],
//!  "allow_overlaps": true,
//!  "document_label_sets": [{"name": "topic", "multiple": true, "values": [{"name": "politics", "key": "1"}]}],
//!  "documents": [{"id": "…", "title": "…", "text": "…",
//!                 "document_labels": {"topic": ["politics"]}, "done": true,
//!                 "annotations": [{"id": 1, "start": 0, "end": 6, "label": "PERSON", "text": "Sergey",
//!                                  "note": "…"}],
//!                 "relations": [{"id": 1, "from": 1, "to": 2, "type": "met", "note": "…"}]}]}
//! ```
//!
//! Version 2 added `allow_overlaps`, `document_label_sets`, `document_labels`, `done` and `note`;
//! version 3 added `annotator`, and per document `sha256` (of the text's UTF-8 bytes, checked
//! on import) and `status` (`new`, `in progress` or `done`, as the documents list shows it);
//! version 4 added per document `relations`, typed links from one annotation (`from`, an
//! annotation id of the same document) to another (`to`), written only when there are any
//! (a file without relations is still version 3, so an older Postil reads it); version 5 added
//! per document `layers`, other annotators' and models' annotations of it (`name`, `kind`:
//! `annotator` or `suggestions`, and `annotations` and `relations` as the document's own),
//! and `review`, the reviewer's decisions where layers disagreed (`start`, `end`, `text`, and
//! `taken`: whose version became the document's annotations there, "rejected" or "edited"),
//! written only when there are any. Each is optional on import (a version 1 file has none of
//! them).
//!
//! Exports are deterministic so that they diff well in git: keys sorted, documents in the
//! workspace's order, annotations by (start, end, label, id), ids kept.
//!
//! Offsets are Unicode scalar values (code points, Python `str` indices), spans half-open
//! `[start, end)`; `text` of an annotation is what the span covers, so any reader can check the
//! offsets. The serde types here are the file's shape only; [`import`] (in `read.rs`) validates
//! every part and turns it into domain types, or refuses the whole file with every problem it
//! found.

mod read;

pub use read::{import, ImportError, Problem};

use crate::annotation::{AnnotationSet, DocLabels, LayerKind};
use crate::corpus::AnnotatedDocument;
use crate::document::Document;
use crate::schema::shape::{self, AttributeShape, DocSetShape, LabelShape, RelationTypeShape};
use crate::schema::LabelSchema;
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "postil";
/// The version this Postil writes when an annotation or relation says when it was made.
pub const VERSION: u32 = 6;
/// The version this Postil writes when a document has layers (and nothing says when it was
/// made).
pub const VERSION_LAYERED: u32 = 5;
/// The version this Postil writes when a document has relations or attributes, or the schema
/// relation types or attributes, and no document has layers.
pub const VERSION_LINKED: u32 = 4;
/// The version this Postil writes when no document has relations or layers.
pub const VERSION_PLAIN: u32 = 3;
/// The versions this Postil reads.
pub const READS: [u32; 6] = [1, 2, 3, 4, 5, 6];
pub const OFFSET_UNIT: &str = "codepoint";

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileShape {
    format: String,
    version: u32,
    offset_unit: String,
    labels: Vec<LabelShape>,
    #[serde(default = "yes")]
    allow_overlaps: bool,
    #[serde(default)]
    document_label_sets: Vec<DocSetShape>,
    /// Relation types (version 4): absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    relation_types: Vec<RelationTypeShape>,
    /// Attributes of labels (version 4): absent when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    attributes: Vec<AttributeShape>,
    /// Who made the annotations, as they called themselves (version 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    annotator: Option<String>,
    documents: Vec<DocumentShape>,
}

fn yes() -> bool {
    true
}

fn is_false(b: &bool) -> bool {
    !b
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentShape {
    id: String,
    title: String,
    text: String,
    #[serde(default, skip_serializing_if = "DocLabels::is_empty")]
    document_labels: DocLabels,
    /// Marked done by the annotator (omitted when not).
    #[serde(default, skip_serializing_if = "is_false")]
    done: bool,
    /// "new", "in progress" or "done" (version 3; for readers, derived on import).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<String>,
    /// SHA-256 of the text's UTF-8 bytes, lower-case hex (version 3; checked on import).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sha256: Option<String>,
    annotations: Vec<AnnotationShape>,
    /// Links between the annotations (version 4).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    relations: Vec<RelationShape>,
    /// Other annotators' and models' layers of the document (version 5).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    layers: Vec<LayerShape>,
    /// A review's decisions where the layers disagreed: whose version was taken for each
    /// extent (version 5).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    review: Vec<ReviewShape>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewShape {
    start: u32,
    end: u32,
    text: String,
    /// For a relation's disagreement: which relation ("met: 0-6 → 11-18").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    relation: Option<String>,
    taken: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct LayerShape {
    name: String,
    #[serde(default)]
    kind: LayerKind,
    /// The file it was imported from (omitted when not known).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    source: String,
    annotations: Vec<AnnotationShape>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    relations: Vec<RelationShape>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RelationShape {
    id: u32,
    from: u32,
    to: u32,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
    /// When it was made, ISO 8601 in UTC (version 6): absent when not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnnotationShape {
    id: u32,
    start: u32,
    end: u32,
    label: String,
    text: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
    /// The annotation's attributes, name to value (version 4): absent when it has none.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    attributes: crate::annotation::Attributes,
    /// When it was made, ISO 8601 in UTC (version 6): absent when not known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created: Option<String>,
}

/// What a valid native file holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NativeFile {
    pub schema: LabelSchema,
    pub documents: Vec<AnnotatedDocument>,
    /// Whose annotations these are, when the file says (trimmed, never empty).
    pub annotator: Option<String>,
}

/// Serialises documents and their annotations (pretty-printed, with a final newline).
pub fn export<'a>(
    schema: &LabelSchema,
    documents: impl IntoIterator<Item = (&'a Document, &'a AnnotationSet)>,
) -> String {
    export_by(schema, documents, None)
}

fn annotation_shapes(doc: &Document, set: &AnnotationSet) -> Vec<AnnotationShape> {
    (set.in_export_order().into_iter())
        .map(|a| AnnotationShape {
            id: a.id.0,
            start: a.span.start,
            end: a.span.end,
            label: a.label.clone(),
            text: doc.slice(a.span).unwrap_or_default().into(),
            note: a.note.clone(),
            attributes: a.attributes.clone(),
            created: a.created.map(crate::clock::iso),
        })
        .collect()
}

fn relation_shapes(set: &AnnotationSet) -> Vec<RelationShape> {
    (set.relations().iter())
        .map(|r| RelationShape {
            id: r.id.0,
            from: r.from.0,
            to: r.to.0,
            kind: r.kind.clone(),
            note: r.note.clone(),
            created: r.created.map(crate::clock::iso),
        })
        .collect()
}

/// The SHA-256 of a text's UTF-8 bytes, lower-case hex.
pub fn text_sha256(text: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// [`export`], naming the annotator (omitted when `None` or empty).
pub fn export_by<'a>(
    schema: &LabelSchema,
    documents: impl IntoIterator<Item = (&'a Document, &'a AnnotationSet)>,
    annotator: Option<&str>,
) -> String {
    let (labels, allow_overlaps, document_label_sets) = shape::shapes(schema);
    let documents: Vec<(&Document, &AnnotationSet)> = documents.into_iter().collect();
    let extras = shape::extra_shapes(schema);
    let linked = documents.iter().any(|(_, set)| !set.relations().is_empty())
        || !extras.relation_types.is_empty()
        || !extras.attributes.is_empty()
        || (documents.iter()).any(|(_, set)| set.iter().any(|a| !a.attributes.is_empty()));
    let layered =
        (documents.iter()).any(|(_, set)| !set.layers().is_empty() || !set.decisions().is_empty());
    let dated = |set: &AnnotationSet| {
        set.iter().any(|a| a.created.is_some())
            || set.relations().iter().any(|r| r.created.is_some())
    };
    let dated = (documents.iter())
        .any(|(_, set)| dated(set) || set.layers().iter().any(|l| dated(&l.annotations)));
    let file = FileShape {
        format: FORMAT.into(),
        version: if dated {
            VERSION
        } else if layered {
            VERSION_LAYERED
        } else if linked {
            VERSION_LINKED
        } else {
            VERSION_PLAIN
        },
        offset_unit: OFFSET_UNIT.into(),
        labels,
        allow_overlaps,
        document_label_sets,
        relation_types: extras.relation_types,
        attributes: extras.attributes,
        annotator: annotator
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string),
        documents: documents
            .into_iter()
            .map(|(doc, set)| DocumentShape {
                id: doc.id().into(),
                title: doc.title().into(),
                text: doc.text().into(),
                document_labels: set.doc_labels().clone(),
                done: set.done(),
                status: Some(set.status().to_string()),
                sha256: Some(text_sha256(doc.text())),
                annotations: annotation_shapes(doc, set),
                relations: relation_shapes(set),
                layers: (set.layers().iter())
                    .map(|l| LayerShape {
                        name: l.name.clone(),
                        kind: l.kind,
                        source: l.source.clone(),
                        annotations: annotation_shapes(doc, &l.annotations),
                        relations: relation_shapes(&l.annotations),
                    })
                    .collect(),
                review: (set.decisions().iter())
                    .map(|(key, taken)| ReviewShape {
                        start: key.span.start,
                        end: key.span.end,
                        text: doc.slice(key.span).unwrap_or_default().into(),
                        relation: key.relation.clone(),
                        taken: taken.clone(),
                    })
                    .collect(),
            })
            .collect(),
    };
    // Through a `Value`, whose objects are sorted maps: every key comes out in order.
    // Serialising plain structs of strings and integers cannot fail.
    let value = serde_json::to_value(&file).unwrap_or_default();
    let mut out = serde_json::to_string_pretty(&value).unwrap_or_default();
    out.push('\n');
    out
}
