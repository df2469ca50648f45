//! The bodies of the CouchDB documents Postil writes, and reading them back checked. Every body
//! says what it is (`type`), which shape (`postil`: 1) and how it counts (`offset_unit`:
//! "codepoint", spans half-open, as Postil files do). A body another Postil (or anyone with
//! access to the database) wrote is read as a file is: anything out of shape is refused with
//! a sentence that names the document, and never half-taken.
//!
//! A layer's body keeps what was removed from it (`removed`: the annotations' and relations'
//! ids with when each was made), so that two versions of one person's layer written apart can
//! be joined without bringing back what either removed ([`super::merge`]).

use crate::annotation::{Annotation, AnnotationId, DocLabels, Relation, RelationId, Stamp};
use crate::clock;
use crate::formats::native::OFFSET_UNIT;
use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use thiserror::Error;

/// The shape of the bodies this Postil writes and reads.
pub const SHAPE: u32 = 1;

/// One person's (or the gold set's) annotations of one document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LayerBody {
    pub document: String,
    pub layer: String,
    /// In reading order.
    pub annotations: Vec<Annotation>,
    pub relations: Vec<Relation>,
    pub document_labels: DocLabels,
    pub done: bool,
    pub removed: Removed,
    /// Annotations and relations a join gave a new id, to the key each was made with.
    pub moved: Moved,
}

/// New keys to the keys they were made with (see [`super::merge`]): an annotation keeps its
/// first key as its identity, so a removal made on a device that has not yet seen it moved
/// still finds it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Moved {
    pub annotations: BTreeMap<Key, Key>,
    pub relations: BTreeMap<Key, Key>,
}

impl LayerBody {
    /// The key an annotation was made with: its identity across versions of the layer.
    pub fn origin(&self, a: &Annotation) -> Key {
        let k = Key::of(a);
        self.moved.annotations.get(&k).copied().unwrap_or(k)
    }

    /// The key a relation was made with.
    pub fn relation_origin(&self, r: &Relation) -> Key {
        let k = Key::of_relation(r);
        self.moved.relations.get(&k).copied().unwrap_or(k)
    }
}

/// What a layer no longer holds, so that a join of two versions does not bring it back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Removed {
    pub annotations: BTreeSet<Key>,
    pub relations: BTreeSet<Key>,
}

/// An annotation or relation as one of a layer's versions knows it: its id and when it was
/// made. Two versions written apart may each give one id to a different annotation; they
/// were not made at the same millisecond.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub id: u32,
    pub created: Option<Stamp>,
}

impl Key {
    pub fn of(a: &Annotation) -> Key {
        Key {
            id: a.id.0,
            created: a.created,
        }
    }

    pub fn of_relation(r: &Relation) -> Key {
        Key {
            id: r.id.0,
            created: r.created,
        }
    }
}

/// A document's title and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentBody {
    pub document: String,
    pub title: String,
    pub text: String,
}

/// Why a body was not taken.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum BodyError {
    #[error("it is not JSON Postil can read ({0})")]
    Json(String),
    #[error("it is a “{0}” where Postil expected a “{1}”")]
    Type(String, &'static str),
    #[error("it is shape {0}, which this Postil cannot read (it reads shape {SHAPE})")]
    Shape(u32),
    #[error("it counts offsets in “{0}”, and Postil reads only “{OFFSET_UNIT}”")]
    Unit(String),
    #[error("annotation {0}: {1}")]
    Annotation(u32, String),
    #[error("relation {0}: {1}")]
    Relation(u32, String),
    #[error("its time “{0}” is not a moment Postil can read")]
    Time(String),
    #[error("its {0} “{1}” does not match the document's id “{2}”")]
    Mismatch(&'static str, String, String),
    #[error("its schema: {0}")]
    Schema(String),
}

#[derive(Serialize, Deserialize)]
struct Head {
    #[serde(rename = "type")]
    kind: String,
    postil: u32,
    #[serde(default)]
    offset_unit: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct LayerShape {
    #[serde(rename = "type")]
    kind: String,
    postil: u32,
    offset_unit: String,
    document: String,
    layer: String,
    annotations: Vec<AnnotationShape>,
    #[serde(default)]
    relations: Vec<RelationShape>,
    #[serde(default)]
    document_labels: DocLabels,
    #[serde(default)]
    done: bool,
    #[serde(default)]
    removed: RemovedShape,
    #[serde(default, skip_serializing_if = "MovedShape::is_empty")]
    moved: MovedShape,
}

#[derive(Serialize, Deserialize, Default)]
struct MovedShape {
    #[serde(default)]
    annotations: Vec<MoveShape>,
    #[serde(default)]
    relations: Vec<MoveShape>,
}

impl MovedShape {
    fn is_empty(&self) -> bool {
        self.annotations.is_empty() && self.relations.is_empty()
    }
}

/// An id given by a join: `id` (made `created`) was made as `was`.
#[derive(Serialize, Deserialize)]
struct MoveShape {
    id: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created: Option<String>,
    was: u32,
}

#[derive(Serialize, Deserialize)]
struct AnnotationShape {
    id: u32,
    start: u32,
    end: u32,
    label: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    attributes: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct RelationShape {
    id: u32,
    from: u32,
    to: u32,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    note: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created: Option<String>,
}

#[derive(Serialize, Deserialize, Default)]
struct RemovedShape {
    #[serde(default)]
    annotations: Vec<KeyShape>,
    #[serde(default)]
    relations: Vec<KeyShape>,
}

#[derive(Serialize, Deserialize)]
struct KeyShape {
    id: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct DocumentShape {
    #[serde(rename = "type")]
    kind: String,
    postil: u32,
    document: String,
    title: String,
    text: String,
}

fn time(text: Option<String>) -> Result<Option<Stamp>, BodyError> {
    text.map(|t| clock::parse_iso(&t).ok_or(BodyError::Time(t)))
        .transpose()
}

fn key_shape(k: &Key) -> KeyShape {
    KeyShape {
        id: k.id,
        created: k.created.map(clock::iso),
    }
}

fn move_shape((new, was): (&Key, &Key)) -> MoveShape {
    MoveShape {
        id: new.id,
        created: new.created.map(clock::iso),
        was: was.id,
    }
}

fn key(k: KeyShape) -> Result<Key, BodyError> {
    Ok(Key {
        id: k.id,
        created: time(k.created)?,
    })
}

/// What kind of body `json` is (its `type`), once its shape and unit are ones Postil reads.
fn head(json: &str, want: &'static str) -> Result<(), BodyError> {
    let head: Head = serde_json::from_str(json).map_err(|e| BodyError::Json(e.to_string()))?;
    if head.kind != want {
        return Err(BodyError::Type(head.kind, want));
    }
    if head.postil != SHAPE {
        return Err(BodyError::Shape(head.postil));
    }
    match head.offset_unit {
        Some(u) if u != OFFSET_UNIT => Err(BodyError::Unit(u)),
        _ => Ok(()),
    }
}

impl LayerBody {
    /// The body as JSON, without `_id` and `_rev` (the same layer always gives the same text).
    pub fn to_json(&self) -> String {
        let shape = LayerShape {
            kind: "layer".into(),
            postil: SHAPE,
            offset_unit: OFFSET_UNIT.into(),
            document: self.document.clone(),
            layer: self.layer.clone(),
            annotations: (self.annotations.iter())
                .map(|a| AnnotationShape {
                    id: a.id.0,
                    start: a.span.start,
                    end: a.span.end,
                    label: a.label.clone(),
                    note: a.note.clone(),
                    attributes: a.attributes.clone(),
                    created: a.created.map(clock::iso),
                })
                .collect(),
            relations: (self.relations.iter())
                .map(|r| RelationShape {
                    id: r.id.0,
                    from: r.from.0,
                    to: r.to.0,
                    kind: r.kind.clone(),
                    note: r.note.clone(),
                    created: r.created.map(clock::iso),
                })
                .collect(),
            document_labels: self.document_labels.clone(),
            done: self.done,
            removed: RemovedShape {
                annotations: self.removed.annotations.iter().map(key_shape).collect(),
                relations: self.removed.relations.iter().map(key_shape).collect(),
            },
            moved: MovedShape {
                annotations: self.moved.annotations.iter().map(move_shape).collect(),
                relations: self.moved.relations.iter().map(move_shape).collect(),
            },
        };
        serde_json::to_string(&shape).unwrap_or_default()
    }

    /// Reads a layer's body. Its annotations are checked against the text when they are
    /// taken into a document (`super::take`); here only the shape is.
    pub fn from_json(json: &str) -> Result<LayerBody, BodyError> {
        head(json, "layer")?;
        let shape: LayerShape =
            serde_json::from_str(json).map_err(|e| BodyError::Json(e.to_string()))?;
        if shape.offset_unit != OFFSET_UNIT {
            return Err(BodyError::Unit(shape.offset_unit));
        }
        let annotations = (shape.annotations.into_iter())
            .map(|a| {
                if a.end <= a.start {
                    return Err(BodyError::Annotation(
                        a.id,
                        format!("its span {}–{} is empty or backwards", a.start, a.end),
                    ));
                }
                let created =
                    time(a.created).map_err(|e| BodyError::Annotation(a.id, e.to_string()))?;
                Ok(Annotation {
                    id: AnnotationId(a.id),
                    span: Span {
                        start: a.start,
                        end: a.end,
                    },
                    label: a.label,
                    note: a.note,
                    attributes: a.attributes,
                    created,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let relations = (shape.relations.into_iter())
            .map(|r| {
                let created =
                    time(r.created).map_err(|e| BodyError::Relation(r.id, e.to_string()))?;
                Ok(Relation {
                    id: RelationId(r.id),
                    from: AnnotationId(r.from),
                    to: AnnotationId(r.to),
                    kind: r.kind,
                    note: r.note,
                    created,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let keys = |list: Vec<KeyShape>| list.into_iter().map(key).collect::<Result<_, _>>();
        let moves = |list: Vec<MoveShape>| {
            (list.into_iter())
                .map(|m| {
                    let created = time(m.created)?;
                    Ok((Key { id: m.id, created }, Key { id: m.was, created }))
                })
                .collect::<Result<_, BodyError>>()
        };
        Ok(LayerBody {
            document: shape.document,
            layer: shape.layer,
            annotations,
            relations,
            document_labels: shape.document_labels,
            done: shape.done,
            removed: Removed {
                annotations: keys(shape.removed.annotations)?,
                relations: keys(shape.removed.relations)?,
            },
            moved: Moved {
                annotations: moves(shape.moved.annotations)?,
                relations: moves(shape.moved.relations)?,
            },
        })
    }
}

impl DocumentBody {
    pub fn to_json(&self) -> String {
        serde_json::to_string(&DocumentShape {
            kind: "document".into(),
            postil: SHAPE,
            document: self.document.clone(),
            title: self.title.clone(),
            text: self.text.clone(),
        })
        .unwrap_or_default()
    }

    pub fn from_json(json: &str) -> Result<DocumentBody, BodyError> {
        head(json, "document")?;
        let shape: DocumentShape =
            serde_json::from_str(json).map_err(|e| BodyError::Json(e.to_string()))?;
        Ok(DocumentBody {
            document: shape.document,
            title: shape.title,
            text: shape.text,
        })
    }
}

/// The schema's body: the schema file's JSON (`crate::schema_file`) inside.
pub fn schema_json(schema: &crate::schema::LabelSchema) -> String {
    let file = crate::schema_file::export(schema);
    format!("{{\"type\":\"schema\",\"postil\":{SHAPE},\"schema\":{file}}}")
}

/// Reads the schema's body.
pub fn schema_from_json(json: &str) -> Result<crate::schema::LabelSchema, BodyError> {
    head(json, "schema")?;
    #[derive(Deserialize)]
    struct Shape {
        schema: serde_json::Value,
    }
    let shape: Shape = serde_json::from_str(json).map_err(|e| BodyError::Json(e.to_string()))?;
    crate::schema_file::import(&shape.schema.to_string())
        .map_err(|e| BodyError::Schema(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::LabelSchema;

    fn annotation(
        id: u32,
        start: u32,
        end: u32,
        label: &str,
        created: Option<Stamp>,
    ) -> Annotation {
        Annotation {
            id: AnnotationId(id),
            span: Span { start, end },
            label: label.into(),
            note: String::new(),
            attributes: Default::default(),
            created,
        }
    }

    #[test]
    fn bodies_round_trip() {
        let mut body = LayerBody {
            document: "d1".into(),
            layer: "ana".into(),
            annotations: vec![
                annotation(1, 0, 6, "PERSON", Some(1_733_000_000_123)),
                annotation(2, 10, 16, "GPE", None),
            ],
            relations: vec![Relation {
                id: RelationId(1),
                from: AnnotationId(1),
                to: AnnotationId(2),
                kind: "visited".into(),
                note: "n".into(),
                created: Some(5),
            }],
            done: true,
            ..Default::default()
        };
        body.annotations[0].note = "a “note”".into();
        body.document_labels
            .entry("topic".into())
            .or_default()
            .insert("politics".into());
        body.removed.annotations.insert(Key {
            id: 3,
            created: Some(7),
        });
        body.moved.annotations.insert(
            Key {
                id: 2,
                created: None,
            },
            Key {
                id: 1,
                created: None,
            },
        );
        let json = body.to_json();
        assert!(json.starts_with(
            r#"{"type":"layer","postil":1,"offset_unit":"codepoint","document":"d1","layer":"ana","annotations":[{"id":1,"start":0,"end":6,"label":"PERSON","note":"a “note”","created":"2024-11-30T20:53:20.123Z"}"#
        ), "{json}");
        assert_eq!(LayerBody::from_json(&json), Ok(body.clone()));
        // With CouchDB's fields around it.
        let stored = json.replacen('{', r#"{"_id":"layer:d1:ana","_rev":"1-a","#, 1);
        assert_eq!(LayerBody::from_json(&stored), Ok(body));

        let doc = DocumentBody {
            document: "d1".into(),
            title: "T".into(),
            text: "Zoë 𝄞".into(),
        };
        assert_eq!(DocumentBody::from_json(&doc.to_json()), Ok(doc));
        let schema = LabelSchema::default_ner();
        assert_eq!(schema_from_json(&schema_json(&schema)), Ok(schema));
    }

    #[test]
    fn bodies_out_of_shape_say_why() {
        let good = LayerBody {
            document: "d".into(),
            layer: "ana".into(),
            annotations: vec![annotation(1, 0, 2, "X", None)],
            ..Default::default()
        }
        .to_json();
        let cases = [
            ("{", "not JSON Postil can read"),
            (
                r#"{"type":"document","postil":1}"#,
                "it is a “document” where Postil expected a “layer”",
            ),
            (&good.replace("\"postil\":1", "\"postil\":2"), "shape 2"),
            (&good.replace("codepoint", "utf16"), "offsets in “utf16”"),
            (
                &good.replace("\"end\":2", "\"end\":0"),
                "annotation 1: its span 0–0 is empty or backwards",
            ),
            (
                &good.replace(
                    "\"label\":\"X\"",
                    "\"label\":\"X\",\"created\":\"yesterday\"",
                ),
                "annotation 1: its time “yesterday”",
            ),
            (&good.replace("\"start\":0", "\"start\":-1"), "not JSON"),
        ];
        for (json, want) in cases {
            let why = LayerBody::from_json(json).expect_err(want).to_string();
            assert!(why.contains(want), "{why} vs {want}");
        }
    }
}
