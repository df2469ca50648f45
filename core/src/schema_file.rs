//! The JSON shapes of a schema, shared by the schema file (`.postil-schema.json`, for sharing
//! a schema within a team), the native format and browser storage; and the schema file itself.
//!
//! ```json
//! {"format": "postil-schema", "version": 1,
//!  "labels": [{"name": "PERSON", "color": "#ffd3a8", "key": "p"}],
//!  "allow_overlaps": true,
//!  "document_label_sets": [{"name": "topic", "multiple": true,
//!                           "values": [{"name": "politics", "key": "1"}]}]}
//! ```

use crate::annotation::Overlaps;
use crate::schema::{Color, DocLabelSet, DocLabelValue, LabelDef, LabelSchema, SchemaError};
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub const FORMAT: &str = "postil-schema";
pub const VERSION: u32 = 1;

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

/// Why a schema in a file could not be read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum SchemaFileError {
    #[error("the file is not valid JSON ({0})")]
    NotJson(String),
    #[error("the file is not a Postil schema: it has no \"format\": \"postil-schema\"")]
    NotSchema,
    #[error("the file is schema version {0}, and this Postil reads version {VERSION}")]
    UnsupportedVersion(String),
    #[error("the file does not have the shape of a Postil schema ({0})")]
    Shape(String),
    #[error("label “{name}” has key “{key}”, which is not a single character")]
    BadKey { name: String, key: String },
    #[error("{0}")]
    Invalid(#[from] SchemaError),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SchemaFileV1 {
    format: String,
    version: u32,
    labels: Vec<LabelShape>,
    #[serde(default = "yes")]
    allow_overlaps: bool,
    #[serde(default)]
    document_label_sets: Vec<DocSetShape>,
}

fn yes() -> bool {
    true
}

/// A schema as stored inside other values (history, storage).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaShape {
    pub labels: Vec<LabelShape>,
    pub allow_overlaps: bool,
    pub document_label_sets: Vec<DocSetShape>,
}

impl From<LabelSchema> for SchemaShape {
    fn from(schema: LabelSchema) -> Self {
        let (labels, allow_overlaps, document_label_sets) = shapes(&schema);
        SchemaShape {
            labels,
            allow_overlaps,
            document_label_sets,
        }
    }
}

impl TryFrom<SchemaShape> for LabelSchema {
    type Error = SchemaFileError;

    fn try_from(s: SchemaShape) -> Result<Self, Self::Error> {
        from_shapes(&s.labels, s.allow_overlaps, &s.document_label_sets)
    }
}

/// The shapes of a schema's parts.
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

fn single_char(owner: &str, key: &str) -> Result<char, SchemaFileError> {
    let mut chars = key.chars();
    match (chars.next(), chars.next()) {
        (Some(k), None) => Ok(k),
        _ => Err(SchemaFileError::BadKey {
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
) -> Result<LabelSchema, SchemaFileError> {
    let labels = labels
        .iter()
        .map(|l| {
            Ok(LabelDef {
                name: l.name.clone(),
                color: l.color.parse::<Color>()?,
                key: single_char(&l.name, &l.key)?,
            })
        })
        .collect::<Result<Vec<_>, SchemaFileError>>()?;
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
                .collect::<Result<Vec<_>, SchemaFileError>>()?;
            Ok(DocLabelSet {
                name: s.name.clone(),
                multiple: s.multiple,
                values,
            })
        })
        .collect::<Result<Vec<_>, SchemaFileError>>()?;
    let overlaps = if allow_overlaps {
        Overlaps::Allowed
    } else {
        Overlaps::Forbidden
    };
    Ok(LabelSchema::with(labels, overlaps, sets)?)
}

/// The schema as a shareable file (pretty-printed, with a final newline).
pub fn export(schema: &LabelSchema) -> String {
    let (labels, allow_overlaps, document_label_sets) = shapes(schema);
    let file = SchemaFileV1 {
        format: FORMAT.into(),
        version: VERSION,
        labels,
        allow_overlaps,
        document_label_sets,
    };
    let mut out = serde_json::to_string_pretty(&file).unwrap_or_default();
    out.push('\n');
    out
}

/// Reads a schema file.
pub fn import(json: &str) -> Result<LabelSchema, SchemaFileError> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| SchemaFileError::NotJson(e.to_string()))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(SchemaFileError::NotSchema);
    }
    match value.get("version") {
        Some(v) if v.as_u64() == Some(u64::from(VERSION)) => {}
        other => {
            return Err(SchemaFileError::UnsupportedVersion(
                other.map_or("(none)".into(), |v| v.to_string()),
            ))
        }
    }
    let file: SchemaFileV1 =
        serde_json::from_value(value).map_err(|e| SchemaFileError::Shape(e.to_string()))?;
    from_shapes(&file.labels, file.allow_overlaps, &file.document_label_sets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let schema = LabelSchema::default_ner().with_overlaps(Overlaps::Forbidden);
        let json = export(&schema);
        assert_eq!(import(&json), Ok(schema));
        assert!(json.contains("\"format\": \"postil-schema\""));
    }

    #[test]
    fn rejections() {
        let good = export(&LabelSchema::default_ner());
        let cases: &[(String, &str)] = &[
            ("{".into(), "not valid JSON"),
            (
                good.replace("postil-schema", "postil"),
                "not a Postil schema",
            ),
            (
                good.replace("\"version\": 1", "\"version\": 4"),
                "schema version 4",
            ),
            (
                good.replace("\"key\": \"p\"", "\"key\": \"pp\""),
                "label “PERSON” has key “pp”",
            ),
            (
                good.replace("\"key\": \"o\"", "\"key\": \"p\""),
                "key “p” is used by both “PERSON” and “ORG”",
            ),
            (good.replace("#ffd3a8", "#111111"), "hard to read"),
            (
                good.replace("\"multiple\": true", "\"multiple\": 1"),
                "shape",
            ),
        ];
        for (json, want) in cases {
            let got = import(json)
                .map(|_| "accepted".to_string())
                .unwrap_or_else(|e| e.to_string());
            assert!(got.contains(want), "{got} vs {want}");
        }
    }
}
