//! What Postil keeps in browser storage: the keys, the stored shapes, and loading them back
//! with every value checked.
//!
//! Keys (all under `postil/v1/`; every value is a JSON string with its own `version`):
//! - `index`: the order of documents and which one is open;
//! - `schema`: the labels;
//! - `doc/<id>`: a document's title and text (written once, when it arrives). Since layout 2
//!   these values live in IndexedDB, not localStorage (see [`plan_text_migration`]): texts are
//!   large, and localStorage holds about 5 MB per site;
//! - `settings`: the annotator's name (put in exports);
//! - `texts-written`: a time stamp written to localStorage after new texts reach IndexedDB, so
//!   that other tabs (which hear only of localStorage changes) go and read them;
//! - `ann/<id>`: a document's annotations, notes and document labels (rewritten on each edit);
//! - `history/<id>`: a document's undo and redo steps (bounded);
//! - `schema-history`: the schema's undo and redo steps;
//! - `backup/<key>`: a copy of a value that could not be read, kept for the user.
//!
//! "Missing" and "corrupt" are different: a missing value means a default; a corrupt one is
//! reported (so the caller can back it up) and never silently replaced. Offsets are `char`s,
//! spans half-open, as everywhere in Postil.

use crate::annotation::{Annotation, AnnotationId, AnnotationSet, DocLabels};
use crate::corpus::AnnotatedDocument;
use crate::document::Document;
use crate::edit::DocEdit;
use crate::history::History;
use crate::sample::{sample_document, SAMPLE_ID};
use crate::schema::shape::{self, DocSetShape, LabelShape};
use crate::schema::LabelSchema;
use crate::schema_edit::SchemaEdit;
use crate::span::Span;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub const PREFIX: &str = "postil/v1/";
pub const INDEX_KEY: &str = "postil/v1/index";
pub const SCHEMA_KEY: &str = "postil/v1/schema";
const DOC_PREFIX: &str = "postil/v1/doc/";
const ANN_PREFIX: &str = "postil/v1/ann/";
const HISTORY_PREFIX: &str = "postil/v1/history/";
pub const SCHEMA_HISTORY_KEY: &str = "postil/v1/schema-history";
pub const TEXTS_WRITTEN_KEY: &str = "postil/v1/texts-written";
pub const SETTINGS_KEY: &str = "postil/v1/settings";
const BACKUP_PREFIX: &str = "postil/v1/backup/";

pub fn doc_key(id: &str) -> String {
    format!("{DOC_PREFIX}{id}")
}

pub fn annotations_key(id: &str) -> String {
    format!("{ANN_PREFIX}{id}")
}

pub fn history_key(id: &str) -> String {
    format!("{HISTORY_PREFIX}{id}")
}

/// What a storage key holds, for keys another tab changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind<'a> {
    Index,
    Schema,
    SchemaHistory,
    Document(&'a str),
    Annotations(&'a str),
    History(&'a str),
    TextsWritten,
    Other,
}

/// Tells what `key` holds.
pub fn key_kind(key: &str) -> KeyKind<'_> {
    match key {
        INDEX_KEY => KeyKind::Index,
        SCHEMA_KEY => KeyKind::Schema,
        SCHEMA_HISTORY_KEY => KeyKind::SchemaHistory,
        TEXTS_WRITTEN_KEY => KeyKind::TextsWritten,
        _ => {
            if let Some(id) = key.strip_prefix(DOC_PREFIX) {
                KeyKind::Document(id)
            } else if let Some(id) = key.strip_prefix(ANN_PREFIX) {
                KeyKind::Annotations(id)
            } else if let Some(id) = key.strip_prefix(HISTORY_PREFIX) {
                KeyKind::History(id)
            } else {
                KeyKind::Other
            }
        }
    }
}

/// True for the keys whose values (document texts) are kept in IndexedDB.
pub fn is_text_key(key: &str) -> bool {
    key.starts_with(DOC_PREFIX)
}

/// Moving texts out of localStorage (layout 1, the foundation's) into IndexedDB (layout 2).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextMigration {
    /// Values to put into IndexedDB, by key.
    pub copy: Vec<(String, String)>,
    /// localStorage keys to remove once `copy` is stored (never before).
    pub remove_local: Vec<String>,
}

/// What to move, given the text keys localStorage still holds and what IndexedDB holds.
/// A text in both places with the same value needs only removing from localStorage; a text
/// IndexedDB lacks is copied; a text that differs (never expected: texts are written once) is
/// copied under a backup key, so neither version is lost, and IndexedDB's is the one loaded.
pub fn plan_text_migration(
    local: &[(String, String)],
    texts: &HashMap<String, String>,
    stamp_ms: u64,
) -> TextMigration {
    let mut plan = TextMigration::default();
    for (key, value) in local.iter().filter(|(k, _)| is_text_key(k)) {
        match texts.get(key) {
            Some(held) if held == value => {}
            Some(_) => plan.copy.push((backup_key(key, stamp_ms), value.clone())),
            None => plan.copy.push((key.clone(), value.clone())),
        }
        plan.remove_local.push(key.clone());
    }
    plan
}

/// Where an unreadable value is kept: the original key under `backup/`, stamped with the time
/// (milliseconds) so that a second failure does not overwrite the first backup.
pub fn backup_key(key: &str, stamp_ms: u64) -> String {
    let rest = key.strip_prefix(PREFIX).unwrap_or(key);
    format!("{BACKUP_PREFIX}{rest}@{stamp_ms}")
}

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

/// Everything the user works on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workspace {
    pub schema: LabelSchema,
    pub documents: Vec<AnnotatedDocument>,
    pub current: usize,
    /// Undo and redo steps of each document, by id.
    pub histories: HashMap<String, History<DocEdit>>,
    pub schema_history: History<SchemaEdit>,
}

impl Workspace {
    /// The first-start workspace: the sample article and the default schema.
    pub fn fresh() -> Self {
        let document = sample_document();
        let annotations = AnnotationSet::new(document.char_len());
        Workspace {
            schema: LabelSchema::default_ner(),
            documents: vec![AnnotatedDocument {
                document,
                annotations,
            }],
            current: 0,
            histories: HashMap::new(),
            schema_history: History::default(),
        }
    }
}

/// A stored value that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Corrupt {
    pub key: String,
    pub reason: String,
}

/// What [`load`] found.
#[derive(Debug)]
pub struct Loaded {
    pub workspace: Workspace,
    /// Values that could not be read; the workspace was built without them.
    pub corrupt: Vec<Corrupt>,
    /// True when nothing was stored yet (first start).
    pub first_start: bool,
}

/// Loads the workspace from storage. `keys` are all keys present, `get` reads one.
pub fn load(keys: &[String], get: impl Fn(&str) -> Option<String>) -> Loaded {
    let mut corrupt = Vec::new();
    let mut bad = |key: &str, reason: String| {
        corrupt.push(Corrupt {
            key: key.to_string(),
            reason,
        })
    };

    let schema = match get(SCHEMA_KEY).map(|raw| parse_schema(&raw)) {
        None => LabelSchema::default_ner(),
        Some(Ok(schema)) => schema,
        Some(Err(reason)) => {
            bad(SCHEMA_KEY, reason);
            LabelSchema::default_ner()
        }
    };

    let stored_docs: Vec<String> = keys
        .iter()
        .filter_map(|k| k.strip_prefix(DOC_PREFIX))
        .map(str::to_string)
        .collect();
    let (mut order, current_id) =
        match get(INDEX_KEY).map(|raw| serde_json::from_str::<StoredIndex>(&raw)) {
            None => (stored_docs.clone(), None),
            Some(Ok(index)) if index.version == 1 => (index.documents, Some(index.current)),
            Some(Ok(index)) => {
                bad(
                    INDEX_KEY,
                    format!(
                        "it is version {}, which this Postil cannot read",
                        index.version
                    ),
                );
                (stored_docs.clone(), None)
            }
            Some(Err(e)) => {
                bad(INDEX_KEY, e.to_string());
                (stored_docs.clone(), None)
            }
        };
    // A document stored but missing from the index (another tab wrote its own index over
    // it) is still the user's: list it after the others. A text with neither an index entry
    // nor annotations is what a deletion left behind when removing the text failed.
    for id in stored_docs {
        if !order.contains(&id) && keys.contains(&annotations_key(&id)) {
            order.push(id);
        }
    }

    let mut documents = Vec::new();
    let mut histories = HashMap::new();
    // When none of the listed documents can be read, fall back to the sample, with whatever
    // annotations of it storage holds, rather than to an empty state.
    let sample_only = vec![SAMPLE_ID.to_string()];
    let passes: &[&Vec<String>] = if order.iter().any(|id| id == SAMPLE_ID) {
        &[&order]
    } else {
        &[&order, &sample_only]
    };
    for ids in passes {
        if !documents.is_empty() {
            break;
        }
        for id in ids.iter() {
            if let Some((d, h)) = read_document(id, &get, &mut bad) {
                if let Some(h) = h {
                    histories.insert(id.clone(), h);
                }
                documents.push(d);
            }
        }
    }
    let schema_history = match get(SCHEMA_HISTORY_KEY).map(|raw| parse_history::<SchemaEdit>(&raw))
    {
        None => History::default(),
        Some(Ok(h)) => h,
        Some(Err(reason)) => {
            bad(SCHEMA_HISTORY_KEY, reason);
            History::default()
        }
    };

    let first_start = !keys.iter().any(|k| k.starts_with(PREFIX));
    if documents.is_empty() {
        // Even the sample's stored text was unreadable: open the built-in one. Whatever could
        // not be read is in `corrupt`, for the caller to keep under backup keys.
        let fresh = Workspace::fresh();
        return Loaded {
            workspace: Workspace {
                schema,
                schema_history,
                ..fresh
            },
            corrupt,
            first_start,
        };
    }
    let current = current_id
        .and_then(|c| documents.iter().position(|d| d.document.id() == c))
        .unwrap_or(0);
    Loaded {
        workspace: Workspace {
            schema,
            documents,
            current,
            histories,
            schema_history,
        },
        corrupt,
        first_start,
    }
}

/// Reads one document's text, annotations and history; what cannot be read goes to `bad`.
/// None when the text is missing or unreadable (its annotations mean nothing without it).
fn read_document(
    id: &str,
    get: impl Fn(&str) -> Option<String>,
    bad: &mut impl FnMut(&str, String),
) -> Option<(AnnotatedDocument, Option<History<DocEdit>>)> {
    let key = doc_key(id);
    let document = match get(&key).map(|raw| serde_json::from_str::<StoredDocument>(&raw)) {
        Some(Ok(d)) if d.version == 1 => Document::new(id, d.title, d.text),
        Some(Ok(d)) => {
            bad(
                &key,
                format!("it is version {}, which this Postil cannot read", d.version),
            );
            return None;
        }
        Some(Err(e)) => {
            bad(&key, e.to_string());
            return None;
        }
        // The sample is built in, so it needs no stored text.
        None if id == SAMPLE_ID => sample_document(),
        // Listed in the index but never written (storage filled up as it arrived).
        None => return None,
    };
    let akey = annotations_key(id);
    let annotations = match get(&akey).map(|raw| parse_annotations(&raw, &document)) {
        None => AnnotationSet::new(document.char_len()),
        Some(Ok(set)) => set,
        Some(Err(reason)) => {
            bad(&akey, reason);
            AnnotationSet::new(document.char_len())
        }
    };
    let hkey = history_key(id);
    let history = match get(&hkey).map(|raw| parse_history::<DocEdit>(&raw)) {
        None => None,
        Some(Ok(h)) => Some(h),
        Some(Err(reason)) => {
            bad(&hkey, reason);
            None
        }
    };
    Some((
        AnnotatedDocument {
            document,
            annotations,
        },
        history,
    ))
}

/// A document another tab added, read from storage. None unless its text, annotations and
/// history all read cleanly: this tab then leaves it alone rather than write over it.
pub fn load_document(
    id: &str,
    get: impl Fn(&str) -> Option<String>,
) -> Option<(AnnotatedDocument, History<DocEdit>)> {
    let mut clean = true;
    let found = read_document(id, get, &mut |_: &str, _: String| clean = false);
    match found {
        Some((d, h)) if clean => Some((d, h.unwrap_or_default())),
        _ => None,
    }
}

/// The document ids an index value lists (empty when it cannot be read).
pub fn index_ids(raw: &str) -> Vec<String> {
    serde_json::from_str::<StoredIndex>(raw)
        .map(|i| i.documents)
        .unwrap_or_default()
}

/// Reads a stored schema (also what another tab wrote).
pub fn parse_schema(raw: &str) -> Result<LabelSchema, String> {
    let stored: StoredSchema = serde_json::from_str(raw).map_err(|e| e.to_string())?;
    if stored.version != 1 {
        return Err(format!(
            "it is version {}, which this Postil cannot read",
            stored.version
        ));
    }
    let sets = match stored.document_label_sets {
        Some(sets) => sets,
        None => shape::shapes(&LabelSchema::default_ner()).2,
    };
    shape::from_shapes(&stored.labels, stored.allow_overlaps.unwrap_or(true), &sets)
        .map_err(|e| e.to_string())
}

/// Reads a document's stored annotations (also what another tab wrote).
pub fn parse_annotations(raw: &str, document: &Document) -> Result<AnnotationSet, String> {
    let stored: StoredAnnotations = serde_json::from_str(raw).map_err(|e| e.to_string())?;
    if stored.version != 1 {
        return Err(format!(
            "it is version {}, which this Postil cannot read",
            stored.version
        ));
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
        })
        .collect();
    // What was stored was accepted when it was made: read it back whatever the overlap policy.
    let mut set = AnnotationSet::from_parts(
        document.char_len(),
        items,
        stored.next_id,
        crate::annotation::Overlaps::Allowed,
    )
    .map_err(|(a, e)| format!("annotation {}: {e}", a.id))?;
    let labels = DocEdit::DocLabels {
        from: DocLabels::new(),
        to: stored.document_labels,
    };
    let done = DocEdit::Done {
        from: false,
        to: stored.done,
    };
    done.apply(&mut set).map_err(|e| e.to_string())?;
    labels.apply(&mut set).map_err(|e| e.to_string())?;
    Ok(set)
}

/// Reads a stored undo history (also what another tab wrote).
pub fn parse_history<E: DeserializeOwned>(raw: &str) -> Result<History<E>, String> {
    let stored: StoredHistory<E> = serde_json::from_str(raw).map_err(|e| e.to_string())?;
    if stored.version != 1 {
        return Err(format!(
            "it is version {}, which this Postil cannot read",
            stored.version
        ));
    }
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

/// The stored form of an undo history.
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
