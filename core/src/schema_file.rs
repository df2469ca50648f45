//! The schema file (`.postil-schema.json`), for sharing a schema within a team: the schema's
//! JSON shapes ([`crate::schema::shape`]) under a format name and a version.
//!
//! ```json
//! {"format": "postil-schema", "version": 1,
//!  "labels": [{"name": "PERSON", "color": "#ffd3a8", "key": "p"}],
//!  "allow_overlaps": true,
//!  "document_label_sets": [{"name": "topic", "multiple": true,
//!                           "values": [{"name": "politics", "key": "1"}]}]}
//! ```

use crate::schema::shape::{
    extra_shapes, from_shapes, shapes, AttributeShape, DocSetShape, ExtraShapes, FileHeader,
    LabelShape, RelationTypeShape, ShapeError,
};
use crate::schema::LabelSchema;
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub const FORMAT: &str = "postil-schema";
pub const VERSION: u32 = 1;

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
    #[error(transparent)]
    Invalid(#[from] ShapeError),
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
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    relation_types: Vec<RelationTypeShape>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    attributes: Vec<AttributeShape>,
}

fn yes() -> bool {
    true
}

/// The schema as a shareable file (pretty-printed, with a final newline).
pub fn export(schema: &LabelSchema) -> String {
    let (labels, allow_overlaps, document_label_sets) = shapes(schema);
    let extras = extra_shapes(schema);
    let file = SchemaFileV1 {
        format: FORMAT.into(),
        version: VERSION,
        labels,
        allow_overlaps,
        document_label_sets,
        relation_types: extras.relation_types,
        attributes: extras.attributes,
    };
    let mut out = serde_json::to_string_pretty(&file).unwrap_or_default();
    out.push('\n');
    out
}

/// Reads a schema file: straight into its shape, and only when that fails its header on its
/// own, whose problems (not JSON, not a schema file, another version) are told first.
pub fn import(json: &str) -> Result<LabelSchema, SchemaFileError> {
    let file = match serde_json::from_str::<SchemaFileV1>(json) {
        Ok(file) => file,
        Err(shape) => {
            let header = FileHeader::read(json).map_err(|why| match why {
                Some(why) => SchemaFileError::NotJson(why),
                None => SchemaFileError::NotSchema,
            })?;
            check_header(header.format(), header.version(&[VERSION]))?;
            return Err(SchemaFileError::Shape(shape.to_string()));
        }
    };
    check_header(
        Some(&file.format),
        Some((file.version.to_string(), file.version == VERSION)),
    )?;
    let extras = ExtraShapes {
        relation_types: file.relation_types,
        attributes: file.attributes,
    };
    Ok(from_shapes(
        &file.labels,
        file.allow_overlaps,
        &file.document_label_sets,
        &extras,
    )?)
}

/// Refuses a header of another kind or version (the version as written, and whether it is
/// the one this Postil reads).
fn check_header(
    format: Option<&str>,
    version: Option<(String, bool)>,
) -> Result<(), SchemaFileError> {
    if format != Some(FORMAT) {
        return Err(SchemaFileError::NotSchema);
    }
    match version {
        Some((_, true)) => Ok(()),
        Some((v, false)) => Err(SchemaFileError::UnsupportedVersion(v)),
        None => Err(SchemaFileError::UnsupportedVersion("(none)".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::Overlaps;

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
