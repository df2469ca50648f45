//! The JSON shapes of a schema: its labels, its document label sets and the whole, as the
//! native format, the schema file and browser storage write them, and the checks that turn them
//! back into a [`LabelSchema`]. The shapes are plain data; only [`from_shapes`] makes a schema,
//! and it checks every invariant [`LabelSchema::with`] keeps (and that keys are one character).

use super::{
    AttributeDef, Color, DocLabelSet, DocLabelValue, LabelDef, LabelSchema, RelationDef,
    SchemaError,
};
use crate::annotation::Overlaps;
use serde::{Deserialize, Serialize};
use thiserror::Error;

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelShape {
    pub name: String,
    pub color: String,
    pub key: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocValueShape {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocSetShape {
    pub name: String,
    pub multiple: bool,
    pub values: Vec<DocValueShape>,
}

/// A relation type: `{"name": "works for", "color": "#ffd3a8", "key": "w", "from": ["PERSON"],
/// "to": ["ORG"]}` (no key, and ends that allow any label, are left out).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationTypeShape {
    pub name: String,
    pub color: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<String>,
}

/// An attribute: `{"name": "Confidence", "labels": ["PERSON"], "values": ["High", "Low"],
/// "key": "c"}`; no values make a yes/no flag, no labels an attribute of every label.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttributeShape {
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
}

/// A schema's relation types and attributes as stored: absent when there are none, so that a
/// schema without them is written as before they existed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ExtraShapes {
    pub relation_types: Vec<RelationTypeShape>,
    pub attributes: Vec<AttributeShape>,
}

/// Why shapes do not make a schema.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ShapeError {
    #[error("label “{name}” has key “{key}”, which is not a single character")]
    BadKey { name: String, key: String },
    #[error("{0}")]
    Invalid(#[from] SchemaError),
}

/// A schema as stored inside other values (history, storage).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaShape {
    pub labels: Vec<LabelShape>,
    pub allow_overlaps: bool,
    pub document_label_sets: Vec<DocSetShape>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relation_types: Vec<RelationTypeShape>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<AttributeShape>,
}

impl From<LabelSchema> for SchemaShape {
    fn from(schema: LabelSchema) -> Self {
        let (labels, allow_overlaps, document_label_sets) = shapes(&schema);
        let extras = extra_shapes(&schema);
        SchemaShape {
            labels,
            allow_overlaps,
            document_label_sets,
            relation_types: extras.relation_types,
            attributes: extras.attributes,
        }
    }
}

impl TryFrom<SchemaShape> for LabelSchema {
    type Error = ShapeError;

    fn try_from(s: SchemaShape) -> Result<Self, Self::Error> {
        let extras = ExtraShapes {
            relation_types: s.relation_types,
            attributes: s.attributes,
        };
        from_shapes(&s.labels, s.allow_overlaps, &s.document_label_sets, &extras)
    }
}

/// The shapes of a schema's parts.
/// The header of a Postil file (the native format or the schema file), read on its own when
/// the whole file does not read, so that a file of another kind or version is told so rather
/// than about its shape. Every field is optional; the rest of the file is skipped.
#[derive(Deserialize)]
pub struct FileHeader {
    pub format: Option<serde_json::Value>,
    pub version: Option<serde_json::Value>,
    pub offset_unit: Option<serde_json::Value>,
}

impl FileHeader {
    /// Reads the header of `json`: `Err(Some(why))` when it is not JSON, `Err(None)` when it
    /// is JSON but not an object (so it has no format).
    pub fn read(json: &str) -> Result<FileHeader, Option<String>> {
        match serde_json::from_str(json) {
            Ok(header) => Ok(header),
            Err(e) if e.is_syntax() || e.is_eof() => Err(Some(e.to_string())),
            Err(_) => Err(None),
        }
    }

    pub fn format(&self) -> Option<&str> {
        self.format.as_ref().and_then(|f| f.as_str())
    }

    /// The version as the file writes it, and whether it is one of `reads`.
    pub fn version(&self, reads: &[u32]) -> Option<(String, bool)> {
        self.version.as_ref().map(|v| {
            let known = v
                .as_u64()
                .is_some_and(|n| reads.iter().any(|r| u64::from(*r) == n));
            (v.to_string(), known)
        })
    }

    pub fn offset_unit(&self) -> Option<&str> {
        self.offset_unit.as_ref().and_then(|u| u.as_str())
    }
}

pub fn shapes(schema: &LabelSchema) -> (Vec<LabelShape>, bool, Vec<DocSetShape>) {
    let labels = schema
        .labels()
        .iter()
        .map(|l| LabelShape {
            name: l.name.clone(),
            color: l.color.to_string(),
            key: l.key.to_string(),
        })
        .collect();
    let sets = schema
        .doc_sets()
        .iter()
        .map(|s| DocSetShape {
            name: s.name.clone(),
            multiple: s.multiple,
            values: s
                .values
                .iter()
                .map(|v| DocValueShape {
                    name: v.name.clone(),
                    key: v.key.map(String::from),
                })
                .collect(),
        })
        .collect();
    (labels, schema.overlaps() == Overlaps::Allowed, sets)
}

/// The shapes of a schema's relation types and attributes.
pub fn extra_shapes(schema: &LabelSchema) -> ExtraShapes {
    ExtraShapes {
        relation_types: (schema.relation_types().iter())
            .map(|r| RelationTypeShape {
                name: r.name.clone(),
                color: r.color.to_string(),
                key: r.key.map(String::from),
                from: r.from.clone(),
                to: r.to.clone(),
            })
            .collect(),
        attributes: (schema.attributes().iter())
            .map(|a| AttributeShape {
                name: a.name.clone(),
                labels: a.labels.clone(),
                values: a.values.clone(),
                key: a.key.map(String::from),
            })
            .collect(),
    }
}

fn single_char(owner: &str, key: &str) -> Result<char, ShapeError> {
    let mut chars = key.chars();
    match (chars.next(), chars.next()) {
        (Some(k), None) => Ok(k),
        _ => Err(ShapeError::BadKey {
            name: owner.to_string(),
            key: key.to_string(),
        }),
    }
}

/// Builds a schema from its shapes, checking everything.
pub fn from_shapes(
    labels: &[LabelShape],
    allow_overlaps: bool,
    sets: &[DocSetShape],
    extras: &ExtraShapes,
) -> Result<LabelSchema, ShapeError> {
    let labels = labels
        .iter()
        .map(|l| {
            Ok(LabelDef {
                name: l.name.clone(),
                color: l.color.parse::<Color>()?,
                key: single_char(&l.name, &l.key)?,
            })
        })
        .collect::<Result<Vec<_>, ShapeError>>()?;
    let sets = sets
        .iter()
        .map(|s| {
            let values = s
                .values
                .iter()
                .map(|v| {
                    let owner = format!("{}/{}", s.name, v.name);
                    let key = v
                        .key
                        .as_deref()
                        .map(|k| single_char(&owner, k))
                        .transpose()?;
                    Ok(DocLabelValue {
                        name: v.name.clone(),
                        key,
                    })
                })
                .collect::<Result<Vec<_>, ShapeError>>()?;
            Ok(DocLabelSet {
                name: s.name.clone(),
                multiple: s.multiple,
                values,
            })
        })
        .collect::<Result<Vec<_>, ShapeError>>()?;
    let overlaps = if allow_overlaps {
        Overlaps::Allowed
    } else {
        Overlaps::Forbidden
    };
    let relation_types = (extras.relation_types.iter())
        .map(|r| {
            Ok(RelationDef {
                name: r.name.clone(),
                color: r.color.parse::<Color>()?,
                key: r
                    .key
                    .as_deref()
                    .map(|k| single_char(&r.name, k))
                    .transpose()?,
                from: r.from.clone(),
                to: r.to.clone(),
            })
        })
        .collect::<Result<Vec<_>, ShapeError>>()?;
    let attributes = (extras.attributes.iter())
        .map(|a| {
            Ok(AttributeDef {
                name: a.name.clone(),
                labels: a.labels.clone(),
                values: a.values.clone(),
                key: a
                    .key
                    .as_deref()
                    .map(|k| single_char(&a.name, k))
                    .transpose()?,
            })
        })
        .collect::<Result<Vec<_>, ShapeError>>()?;
    Ok(LabelSchema::build(
        labels,
        overlaps,
        sets,
        relation_types,
        attributes,
    )?)
}
