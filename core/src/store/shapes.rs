//! The stored shapes: each value as it is kept (a JSON string with its own `version`), written
//! by a `*_json` function and read back, checked, by a `parse_*` function (which the loader
//! and the app, for values another tab wrote, both use).

use super::StoredError;
use crate::annotation::{Annotation, AnnotationId, AnnotationSet, DocLabels, Overlaps};
use crate::document::Document;
use crate::edit::DocEdit;
use crate::history::History;
use crate::schema::shape::{self, DocSetShape, LabelShape};
use crate::schema::LabelSchema;
use crate::span::Span;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
struct StoredIndex {
    version: u32,
    current: String,
    documents: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct StoredSchema {
    version: u32,
    labels: Vec<LabelShape>,
    /// Absent in values written before overlaps could be switched off: allowed.
    #[serde(default)]
    allow_overlaps: Option<bool>,
    /// Absent in values written before document labels existed: the default sets.
    #[serde(default)]
    document_label_sets: Option<Vec<DocSetShape>>,
}

#[derive(Serialize, Deserialize)]
struct StoredDocument {
    version: u32,
    title: String,
    text: String,
}

#[derive(Serialize, Deserialize)]
struct StoredAnnotation {
    id: u32,
    start: u32,
    end: u32,
    label: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
}

#[derive(Serialize, Deserialize)]
struct StoredAnnotations {
    version: u32,
    next_id: u32,
    annotations: Vec<StoredAnnotation>,
    #[serde(default, skip_serializing_if = "DocLabels::is_empty")]
    document_labels: DocLabels,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    done: bool,
}

#[derive(Serialize, Deserialize)]
struct StoredHistory<E> {
    version: u32,
    history: History<E>,
}

/// The document ids an index value lists (empty when it cannot be read).
pub fn index_ids(raw: &str) -> Vec<String> {
    serde_json::from_str::<StoredIndex>(raw)
        .map(|i| i.documents)
        .unwrap_or_default()
}

/// Every stored value is written in version 1 of its shape; another is not read.
fn version_1(version: u32) -> Result<(), StoredError> {
    match version {
        1 => Ok(()),
        other => Err(StoredError::Version(other)),
    }
}

/// Reads the index: the document ids in order, and the one that was open.
pub(super) fn parse_index(raw: &str) -> Result<(Vec<String>, String), StoredError> {
    let stored: StoredIndex = serde_json::from_str(raw)?;
    version_1(stored.version)?;
    Ok((stored.documents, stored.current))
}

/// Reads a document's stored title and text.
pub(super) fn parse_document(id: &str, raw: &str) -> Result<Document, StoredError> {
    let stored: StoredDocument = serde_json::from_str(raw)?;
    version_1(stored.version)?;
    Ok(Document::new(id, stored.title, stored.text))
}

/// Reads a stored schema (also what another tab wrote).
pub fn parse_schema(raw: &str) -> Result<LabelSchema, StoredError> {
    let stored: StoredSchema = serde_json::from_str(raw)?;
    version_1(stored.version)?;
    let sets = match stored.document_label_sets {
        Some(sets) => sets,
        None => shape::shapes(&LabelSchema::default_ner()).2,
    };
    Ok(shape::from_shapes(
        &stored.labels,
        stored.allow_overlaps.unwrap_or(true),
        &sets,
    )?)
}

/// Reads a document's stored annotations (also what another tab wrote).
pub fn parse_annotations(raw: &str, document: &Document) -> Result<AnnotationSet, StoredError> {
    let stored: StoredAnnotations = serde_json::from_str(raw)?;
    version_1(stored.version)?;
    let items = stored
        .annotations
        .into_iter()
        .map(|a| Annotation {
            id: AnnotationId(a.id),
            span: Span {
                start: a.start,
                end: a.end,
            },
            label: a.label,
            note: a.note,
        })
        .collect();
    // What was stored was accepted when it was made: read it back whatever the overlap policy.
    let mut set = AnnotationSet::from_parts(
        document.char_len(),
        items,
        stored.next_id,
        Overlaps::Allowed,
    )
    .map_err(|(a, error)| StoredError::Annotation { id: a.id, error })?;
    let labels = DocEdit::DocLabels {
        from: DocLabels::new(),
        to: stored.document_labels,
    };
    let done = DocEdit::Done {
        from: false,
        to: stored.done,
    };
    done.apply(&mut set).map_err(StoredError::Marks)?;
    labels.apply(&mut set).map_err(StoredError::Marks)?;
    Ok(set)
}

/// Reads a stored undo history (also what another tab wrote).
pub fn parse_history<E: DeserializeOwned>(raw: &str) -> Result<History<E>, StoredError> {
    let stored: StoredHistory<E> = serde_json::from_str(raw)?;
    version_1(stored.version)?;
    Ok(stored.history)
}

#[derive(Serialize, Deserialize)]
struct StoredSettings {
    version: u32,
    #[serde(default)]
    annotator: String,
}

/// The stored form of the settings.
pub fn settings_json(annotator: &str) -> String {
    let stored = StoredSettings {
        version: 1,
        annotator: annotator.to_string(),
    };
    serde_json::to_string(&stored).unwrap_or_default()
}

/// The annotator's name from stored settings (empty when unreadable: it is only a label).
pub fn parse_settings(raw: &str) -> String {
    serde_json::from_str::<StoredSettings>(raw)
        .map(|s| s.annotator)
        .unwrap_or_default()
}

/// The stored form of the index.
pub fn index_json(ids: &[&str], current: &str) -> String {
    let index = StoredIndex {
        version: 1,
        current: current.to_string(),
        documents: ids.iter().map(|s| s.to_string()).collect(),
    };
    serde_json::to_string(&index).unwrap_or_default()
}

/// The stored form of a schema.
pub fn schema_json(schema: &LabelSchema) -> String {
    let (labels, allow_overlaps, sets) = shape::shapes(schema);
    let stored = StoredSchema {
        version: 1,
        labels,
        allow_overlaps: Some(allow_overlaps),
        document_label_sets: Some(sets),
    };
    serde_json::to_string(&stored).unwrap_or_default()
}

/// The stored form of an undo history, at most [`HISTORY_MAX_BYTES`] long: the oldest steps
/// are left out of storage when a history grows past it (one "label all" of thousands of hits
/// is a large step), so saving stays quick and the quota is kept for the work itself.
pub fn history_json<E: Serialize + Clone>(history: &History<E>) -> String {
    let mut stored = StoredHistory {
        version: 1,
        history: history.clone(),
    };
    let full = serde_json::to_string(&stored).unwrap_or_default();
    if full.len() <= HISTORY_MAX_BYTES {
        return full;
    }
    // Measure each step as it is dropped (one serialisation of the whole at the end), rather
    // than serialising the whole again after every drop.
    let mut excess = full.len() - HISTORY_MAX_BYTES;
    while excess > 0 {
        let Some(entry) = stored.history.forget_oldest() else {
            break;
        };
        let len = serde_json::to_string(&entry).map_or(0, |j| j.len() + 1);
        excess = excess.saturating_sub(len);
    }
    serde_json::to_string(&stored).unwrap_or_default()
}

/// The most bytes a stored undo history takes.
pub const HISTORY_MAX_BYTES: usize = 256 * 1024;

/// The stored form of a document's title and text.
pub fn document_json(document: &Document) -> String {
    let stored = StoredDocument {
        version: 1,
        title: document.title().to_string(),
        text: document.text().to_string(),
    };
    serde_json::to_string(&stored).unwrap_or_default()
}

/// The stored form of a document's annotations.
pub fn annotations_json(set: &AnnotationSet) -> String {
    let stored = StoredAnnotations {
        version: 1,
        next_id: set.next_id(),
        annotations: set
            .iter()
            .map(|a| StoredAnnotation {
                id: a.id.0,
                start: a.span.start,
                end: a.span.end,
                label: a.label.clone(),
                note: a.note.clone(),
            })
            .collect(),
        document_labels: set.doc_labels().clone(),
        done: set.done(),
    };
    serde_json::to_string(&stored).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::AnnotationError;

    #[test]
    fn unreadable_values_say_why() {
        let doc = Document::new("d", "", "Lavrov spoke.");
        let good = schema_json(&LabelSchema::default_ner());
        let annotations = |body: &str| parse_annotations(body, &doc).map(|_| ());
        let cases: Vec<(Result<(), StoredError>, &str)> = vec![
            (parse_schema("{").map(|_| ()), "EOF while parsing an object"),
            (
                parse_schema(&good.replace("\"version\":1", "\"version\":2")).map(|_| ()),
                "it is version 2, which this Postil cannot read",
            ),
            (
                parse_schema(&good.replace("#ffd3a8", "#111111")).map(|_| ()),
                "hard to read",
            ),
            (
                annotations(
                    r#"{"version":1,"next_id":2,"annotations":[{"id":1,"start":0,"end":99,"label":"PERSON"}]}"#,
                ),
                "annotation 1: the span 0–99 runs past the end of the text (13 characters)",
            ),
            (
                parse_history::<DocEdit>(r#"{"version":7,"history":{"undo":[],"redo":[]}}"#)
                    .map(|_| ()),
                "it is version 7, which this Postil cannot read",
            ),
        ];
        for (got, want) in cases {
            let why = got.expect_err(want).to_string();
            assert!(why.contains(want), "{why} vs {want}");
        }
        assert!(matches!(
            parse_annotations(
                r#"{"version":1,"next_id":1,"annotations":[{"id":1,"start":3,"end":3,"label":"X"}]}"#,
                &doc
            ),
            Err(StoredError::Annotation {
                error: AnnotationError::Empty,
                ..
            })
        ));
    }
}
