//! Label Studio's JSON export (a list of tasks), both ways, for a labelling config like
//!
//! ```xml
//! <View>
//!   <Labels name="label" toName="text"> <Label value="PERSON"/> … </Labels>
//!   <Text name="text" value="$text"/>
//!   <TextArea name="note" toName="text" perRegion="true"/>
//! </View>
//! ```
//!
//! Export: `[{"id": 1, "data": {"text": …, "title": …, "postil_id": …}, "annotations":
//! [{"result": [region, …]}]}]`, tasks in corpus order, one region per annotation ordered by
//! (start, end, label): `{"id": "postil-3", "from_name": "label", "to_name": "text",
//! "type": "labels", "value": {"start": s, "end": e, "text": "…", "labels": ["LABEL"]}}`. A note
//! is a per-region `textarea` result with the region's `id` (that is how Label Studio ties a
//! per-region TextArea to its region): `{"id": "postil-3", "from_name": "note", …, "type":
//! "textarea", "value": {"start": s, "end": e, "text": ["the note"]}}`.
//!
//! Offsets: Unicode scalar values (code points, Python `str` indices), half-open. Label Studio's
//! editor runs in JavaScript, whose strings count UTF-16 units, and early versions stored those
//! (label-studio issues #1008 and #1347: every offset after an emoji was off by one per astral
//! character). The frontend was changed to store code points (label-studio PR #1559, merged
//! through label-studio-frontend PR #308), and later reports (issue #4988, version 1.9) describe
//! correct offsets in the exported JSON with emoji. So Postil writes and reads code points. On
//! import, a region whose `text` does not match at code-point offsets but does when its offsets
//! are read as UTF-16 units is taken at the latter: that is a file from an old version, and the
//! quoted text says which reading is right. Label Studio 0.x wrote end offsets inclusive
//! (`'February 22'` at 343–353): a region whose quoted text matches only with its end one
//! further is read so. A region without `text` is read as code points, end exclusive. Each such
//! reading is counted in [`Imported::adjusted`].
//!
//! Import takes, per task, the first annotation that was not cancelled (`was_cancelled`), or the
//! first prediction when the task has no such annotation; the others are counted in
//! [`Imported::skipped`]. Label Studio 0.x kept annotations under `completions`: a task without
//! `annotations` has those read instead (and said in [`Imported::adjusted`]). Of its results, `labels` become annotations (one per label) and
//! `textarea` results with a region's id become that region's note; other result types
//! (choices, relations, …) are counted and left out.
//!
//! Relations are `relation` results, `{"from_id": "postil-1", "to_id": "postil-2", "type":
//! "relation", "direction": "right", "labels": ["met"]}`, between the regions' ids, both ways:
//! on import `"left"` reverses a relation and `"bi"` makes one each way; a relation without a
//! label has the type `related`.
//!
//! Label Studio JSON cannot hold document labels, "done" marks or notes on relations (reported
//! in [`Exported::dropped`]).
//!
//! [`Imported::skipped`]: crate::formats::Imported::skipped
//! [`Imported::adjusted`]: crate::formats::Imported::adjusted
//! [`Exported::dropped`]: crate::formats::Exported::dropped

mod read;
mod write;

pub use read::import;
pub use write::export;

use super::sniff::{first_byte, first_in_array};
use serde::de::IgnoredAny;
use serde::{Deserialize, Serialize};

/// The format's name in messages.
pub const FORMAT: &str = "Label Studio JSON";

// The shapes an export writes (see the module documentation).

#[derive(Serialize)]
struct TaskOut<'a> {
    id: usize,
    data: DataOut<'a>,
    annotations: [ResultsOut<'a>; 1],
    /// A layer of suggestions of the document, as a model's prediction.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    predictions: Vec<PredictionOut<'a>>,
}

#[derive(Serialize)]
struct PredictionOut<'a> {
    model_version: &'a str,
    result: Vec<ItemOut<'a>>,
}

#[derive(Serialize)]
struct DataOut<'a> {
    text: &'a str,
    title: &'a str,
    postil_id: &'a str,
}

#[derive(Serialize)]
struct ResultsOut<'a> {
    result: Vec<ItemOut<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum ItemOut<'a> {
    Region(ResultOut<'a>),
    Relation(RelationOut<'a>),
}

/// A relation result: from one region to another, its type as its one label.
#[derive(Serialize)]
struct RelationOut<'a> {
    from_id: String,
    to_id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    direction: &'static str,
    labels: [&'a str; 1],
}

#[derive(Serialize)]
struct ResultOut<'a> {
    id: String,
    from_name: &'a str,
    to_name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    value: ValueOut<'a>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum ValueOut<'a> {
    Labels {
        start: u32,
        end: u32,
        text: &'a str,
        labels: [&'a str; 1],
    },
    Note {
        start: u32,
        end: u32,
        text: [&'a str; 1],
    },
    /// An attribute of the region: its value, or a yes/no attribute's own name when set.
    Choices {
        start: u32,
        end: u32,
        choices: [&'a str; 1],
    },
}

// Just enough of a task to tell a Label Studio file from other JSON.

#[derive(Deserialize)]
struct TaskProbe {
    #[serde(rename = "data")]
    _data: DataProbe,
}

#[derive(Deserialize)]
struct DataProbe {
    #[serde(rename = "text")]
    _text: IgnoredAny,
}

/// Whether the file is a JSON array whose first element is a task with `data.text`. Only the
/// first element is read.
pub fn looks_like(bytes: &[u8]) -> bool {
    first_byte(bytes) == Some(b'[') && first_in_array::<TaskProbe>(bytes).is_some()
}
