//! The stored shapes: each value as it is kept (a JSON string with its own `version`), written
//! by a `*_json` function and read back, checked, by a `parse_*` function (which the loader
//! and the app, for values another tab wrote, both use).

use super::revision::Lineage;
use super::StoredError;
use crate::annotation::{
    decision_map, Annotation, AnnotationId, AnnotationSet, Decision, DocLabels, Layer, Layers,
    Overlaps, Relation, RelationId,
};
use crate::document::Document;
use crate::edit::DocEdit;
use crate::history::History;
use crate::schema::shape::{self, DocSetShape, LabelShape};
use crate::schema::LabelSchema;
use crate::schema_edit::SchemaEdit;
use crate::span::Span;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
struct StoredIndex {
    version: u32,
    #[serde(default)]
    rev: super::revision::Rev,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    revs: Vec<super::revision::Rev>,
    current: String,
    documents: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct StoredSchema {
    version: u32,
    #[serde(default)]
    rev: super::revision::Rev,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    revs: Vec<super::revision::Rev>,
    labels: Vec<LabelShape>,
    /// Absent in values written before overlaps could be switched off: allowed.
    #[serde(default)]
    allow_overlaps: Option<bool>,
    /// Absent in values written before document labels existed: the default sets.
    #[serde(default)]
    document_label_sets: Option<Vec<DocSetShape>>,
    /// Absent when the schema has none (and in values written before they existed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    relation_types: Vec<shape::RelationTypeShape>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    attributes: Vec<shape::AttributeShape>,
    /// The schema's undo history (written after the rest, see [`with_history`]); absent in
    /// values written before it was kept beside the schema (it had its own key then).
    #[serde(default, skip_serializing)]
    history: Option<History<SchemaEdit>>,
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
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    attributes: crate::annotation::Attributes,
    /// When it was made (milliseconds since 1970 UTC), if known. Absent in values written
    /// before it was kept; a Postil from then reads the value and forgets only this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created: Option<u64>,
}

#[derive(Serialize, Deserialize)]
struct StoredRelation {
    id: u32,
    from: u32,
    to: u32,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
    /// As an annotation's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created: Option<u64>,
}

/// A document's annotations. Version 2 is version 1 with relations (`relations`,
/// `next_relation`, and `link`/`unlink` steps in the history) and attributes (on annotations
/// and `attribute` steps): it is written only when the document has either or its history
/// mentions them, so that a Postil from before
/// relations reads every other value as before, and refuses (and so keeps, backed up) a value
/// whose relations it would drop. Version 3 adds the layers (`layers`, and `layer`/`in_layer`
/// steps), on the same terms.
#[derive(Serialize, Deserialize)]
struct StoredAnnotations {
    version: u32,
    #[serde(default)]
    rev: super::revision::Rev,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    revs: Vec<super::revision::Rev>,
    next_id: u32,
    annotations: Vec<StoredAnnotation>,
    #[serde(default, skip_serializing_if = "DocLabels::is_empty")]
    document_labels: DocLabels,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    done: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    relations: Vec<StoredRelation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    next_relation: Option<u32>,
    /// Other annotators' and models' layers (version 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    layers: Vec<Layer>,
    /// A review's decisions where layers disagreed (version 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    decisions: Vec<Decision>,
    /// The document's undo history (written after the rest, see [`with_history`]): one value
    /// holds an edit and its undo step, so no failed write can part them. Absent in values
    /// written before it was kept here (it had its own key then).
    #[serde(default, skip_serializing)]
    history: Option<History<DocEdit>>,
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

/// A stored schema with its history and lineage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaState {
    pub lineage: Lineage,
    pub schema: LabelSchema,
    /// `None` in values written before the history was kept beside the schema.
    pub history: Option<History<SchemaEdit>>,
}

/// Reads a stored schema (also what another tab wrote).
pub fn parse_schema(raw: &str) -> Result<SchemaState, StoredError> {
    let stored: StoredSchema = serde_json::from_str(raw)?;
    version_1(stored.version)?;
    let sets = match stored.document_label_sets {
        Some(sets) => sets,
        None => shape::shapes(&LabelSchema::default_ner()).2,
    };
    let extras = shape::ExtraShapes {
        relation_types: stored.relation_types,
        attributes: stored.attributes,
    };
    let schema = shape::from_shapes(
        &stored.labels,
        stored.allow_overlaps.unwrap_or(true),
        &sets,
        &extras,
    )?;
    Ok(SchemaState {
        lineage: Lineage {
            rev: stored.rev,
            revs: stored.revs,
        },
        schema,
        history: stored.history,
    })
}

/// A document's stored annotations with their history and lineage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocState {
    pub lineage: Lineage,
    pub annotations: AnnotationSet,
    /// `None` in values written before the history was kept beside the annotations.
    pub history: Option<History<DocEdit>>,
}

/// Reads a document's stored annotations (also what another tab wrote).
pub fn parse_annotations(raw: &str, document: &Document) -> Result<DocState, StoredError> {
    let stored: StoredAnnotations = serde_json::from_str(raw)?;
    if !(2..=3).contains(&stored.version) {
        version_1(stored.version)?;
    }
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
            attributes: a.attributes,
            created: a.created.and_then(crate::clock::checked),
        })
        .collect();
    // What was stored was accepted when it was made: read it back whatever the overlap policy.
    let set = AnnotationSet::from_parts(
        document.char_len(),
        items,
        stored.next_id,
        Overlaps::Allowed,
    )
    .map_err(|(a, error)| StoredError::Annotation { id: a.id, error })?;
    let relations = (stored.relations.into_iter())
        .map(|r| Relation {
            id: RelationId(r.id),
            from: AnnotationId(r.from),
            to: AnnotationId(r.to),
            kind: r.kind,
            note: r.note,
            created: r.created.and_then(crate::clock::checked),
        })
        .collect();
    let mut set = (set.with_relations(relations, stored.next_relation.unwrap_or(1)))
        .map_err(|(r, error)| StoredError::Relation { id: r.id, error })?;
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
    let len = document.char_len();
    if let Some(l) = (stored.layers.iter()).find(|l| l.annotations.text_len() != len) {
        return Err(StoredError::LayerText(l.name.clone()));
    }
    set.set_layers(Layers::from(stored.layers));
    set.set_decisions(decision_map(stored.decisions));
    Ok(DocState {
        lineage: Lineage {
            rev: stored.rev,
            revs: stored.revs,
        },
        annotations: set,
        history: stored.history,
    })
}

#[derive(Deserialize)]
struct JustLineage {
    #[serde(default)]
    rev: super::revision::Rev,
    #[serde(default)]
    revs: Vec<super::revision::Rev>,
}

/// The lineage of any stored value (the default, revision `0-`, when it has none or cannot be
/// read): all a tab needs to know whether a value is new to it.
pub fn parse_lineage(raw: &str) -> Lineage {
    serde_json::from_str::<JustLineage>(raw)
        .map(|j| Lineage {
            rev: j.rev,
            revs: j.revs,
        })
        .unwrap_or_default()
}

/// The lineage of a stored value as cheaply as can be: Postil writes `version`, `rev` and
/// `revs` first, so they are read from the start of the text without parsing the rest (a
/// document's annotations can be hundreds of kilobytes, and this runs before each write).
/// Anything else is parsed whole ([`parse_lineage`]).
pub fn peek_lineage(raw: &str) -> Lineage {
    fn quoted(s: &str) -> Option<(&str, &str)> {
        let s = s.strip_prefix('"')?;
        let end = s.find('"')?;
        Some((&s[..end], &s[end + 1..]))
    }
    let fast = || -> Option<Lineage> {
        let rest = (raw.strip_prefix("{\"version\":1,\"rev\":"))
            .or_else(|| raw.strip_prefix("{\"version\":2,\"rev\":"))
            .or_else(|| raw.strip_prefix("{\"version\":3,\"rev\":"))?;
        let (rev, mut rest) = quoted(rest)?;
        let rev = super::revision::Rev::parse(rev)?;
        let mut revs = Vec::new();
        if let Some(list) = rest.strip_prefix(",\"revs\":[") {
            rest = list;
            loop {
                let (r, after) = quoted(rest)?;
                revs.push(super::revision::Rev::parse(r)?);
                match after.as_bytes().first()? {
                    b',' => rest = &after[1..],
                    b']' => break,
                    _ => return None,
                }
            }
        }
        Some(Lineage { rev, revs })
    };
    fast().unwrap_or_else(|| parse_lineage(raw))
}

/// Puts `history` (already JSON) into `json` (a stored object) as its last field, `history`:
/// the history is measured and trimmed as a string of its own ([`history_body`]), and is
/// not serialised twice.
fn with_history(mut json: String, history: &str) -> String {
    if json.ends_with('}') {
        json.pop();
        json.push_str(",\"history\":");
        json.push_str(history);
        json.push('}');
    }
    json
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
    rev: super::revision::Rev,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    revs: Vec<super::revision::Rev>,
    #[serde(default)]
    annotator: String,
}

/// The stored form of the settings.
pub fn settings_json(lineage: &Lineage, annotator: &str) -> String {
    let stored = StoredSettings {
        version: 1,
        rev: lineage.rev.clone(),
        revs: lineage.revs.clone(),
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
pub fn index_json(lineage: &Lineage, ids: &[&str], current: &str) -> String {
    let index = StoredIndex {
        version: 1,
        rev: lineage.rev.clone(),
        revs: lineage.revs.clone(),
        current: current.to_string(),
        documents: ids.iter().map(|s| s.to_string()).collect(),
    };
    serde_json::to_string(&index).unwrap_or_default()
}

/// The stored form of a schema with its undo history.
pub fn schema_json(
    lineage: &Lineage,
    schema: &LabelSchema,
    history: &History<SchemaEdit>,
) -> String {
    let (labels, allow_overlaps, sets) = shape::shapes(schema);
    let extras = shape::extra_shapes(schema);
    let stored = StoredSchema {
        version: 1,
        rev: lineage.rev.clone(),
        revs: lineage.revs.clone(),
        labels,
        allow_overlaps: Some(allow_overlaps),
        document_label_sets: Some(sets),
        relation_types: extras.relation_types,
        attributes: extras.attributes,
        history: None,
    };
    let json = serde_json::to_string(&stored).unwrap_or_default();
    with_history(json, &history_body(history))
}

/// An undo history as JSON, at most [`HISTORY_MAX_BYTES`] long: the oldest steps are left out
/// of storage when a history grows past it (one "label all" of thousands of hits is a large
/// step), so saving stays quick and the quota is kept for the work itself.
pub fn history_body<E: Serialize + Clone>(history: &History<E>) -> String {
    let full = serde_json::to_string(history).unwrap_or_default();
    if full.len() <= HISTORY_MAX_BYTES {
        return full;
    }
    // Measure each step as it is dropped (one serialisation of the whole at the end), rather
    // than serialising the whole again after every drop.
    let mut trimmed = history.clone();
    let mut excess = full.len() - HISTORY_MAX_BYTES;
    while excess > 0 {
        let Some(entry) = trimmed.forget_oldest() else {
            break;
        };
        let len = serde_json::to_string(&entry).map_or(0, |j| j.len() + 1);
        excess = excess.saturating_sub(len);
    }
    serde_json::to_string(&trimmed).unwrap_or_default()
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

/// The stored form of a document's annotations with their undo history.
pub fn annotations_json(
    lineage: &Lineage,
    set: &AnnotationSet,
    history: &History<DocEdit>,
) -> String {
    let history = history_body(history);
    let relations: Vec<StoredRelation> = (set.relations().iter())
        .map(|r| StoredRelation {
            id: r.id.0,
            from: r.from.0,
            to: r.to.0,
            kind: r.kind.clone(),
            note: r.note.clone(),
            created: r.created,
        })
        .collect();
    // A note's quotes are escaped in JSON, so these are only ever edits' tags.
    let linked = !relations.is_empty()
        || set.iter().any(|a| !a.attributes.is_empty())
        || [
            "{\"link\":",
            "{\"unlink\":",
            "{\"relation_note\":",
            "{\"attribute\":",
        ]
        .iter()
        .any(|tag| history.contains(tag));
    let layered = !set.layers().is_empty()
        || !set.decisions().is_empty()
        || ["{\"in_layer\":", "{\"layer\":", "{\"decide\":"]
            .iter()
            .any(|tag| history.contains(tag));
    let stored = StoredAnnotations {
        version: if layered {
            3
        } else if linked {
            2
        } else {
            1
        },
        rev: lineage.rev.clone(),
        revs: lineage.revs.clone(),
        next_id: set.next_id(),
        annotations: set
            .iter()
            .map(|a| StoredAnnotation {
                id: a.id.0,
                start: a.span.start,
                end: a.span.end,
                label: a.label.clone(),
                note: a.note.clone(),
                attributes: a.attributes.clone(),
                created: a.created,
            })
            .collect(),
        document_labels: set.doc_labels().clone(),
        done: set.done(),
        next_relation: linked.then_some(set.next_relation_id()),
        relations,
        layers: set.layers().iter().cloned().collect(),
        decisions: set.decision_list(),
        history: None,
    };
    let json = serde_json::to_string(&stored).unwrap_or_default();
    with_history(json, &history)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::AnnotationError;

    #[test]
    fn unreadable_values_say_why() {
        let doc = Document::new("d", "", "Lavrov spoke.");
        let good = schema_json(
            &Lineage::default(),
            &LabelSchema::default_ner(),
            &History::default(),
        );
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
