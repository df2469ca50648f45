//! What Postil keeps in browser storage: the keys, the stored shapes, and loading them back
//! with every value checked.
//!
//! Keys (all under `postil/v1/`; every value is a JSON string with its own `version`):
//! - `index`: the order of documents and which one is open;
//! - `schema`: the labels, with their undo and redo steps;
//! - `doc/<id>`: a document's title and text (written once, when it arrives). Since layout 2
//!   these values live in IndexedDB, not localStorage (see [`plan_text_migration`]): texts are
//!   large, and localStorage holds about 5 MB per site;
//! - `settings`: the annotator's name (put in exports);
//! - `texts-written`: a time stamp written to localStorage after new texts reach IndexedDB, so
//!   that other tabs (which hear only of localStorage changes) go and read them;
//! - `ann/<id>`: a document's annotations, notes, document labels and its undo and redo steps
//!   (bounded), in one value so that no failed write can part an edit from its undo step
//!   (rewritten on each edit);
//! - `history/<id>`, `schema-history`: where undo histories were kept before they moved into
//!   `ann/<id>` and `schema`; read when those lack one, removed once they are written;
//! - `backup/<key>`: a copy of a value that could not be read, kept for the user;
//! - `prefs`: the reader's text size and whether the first-run tour was dismissed (see
//!   `prefs.rs`: no revision, not journaled, not part of the work).
//!
//! Every value but the texts carries its revision (`rev`, `revs`: see `revision.rs`), and
//! every value written to localStorage is copied to IndexedDB (a journal that survives a
//! crash: localStorage reaches the disk seconds after a write); at start the newer of the two
//! copies wins ([`reconcile`]).
//!
//! "Missing" and "corrupt" are different: a missing value means a default; a corrupt one is
//! reported (so the caller can back it up) and never silently replaced. Offsets are `char`s,
//! spans half-open, as everywhere in Postil.
//!
//! `keys.rs` names the keys; `shapes.rs` holds each value's stored shape, written by its
//! `*_json` function and read back by its `parse_*` function ([`StoredError`] says why one
//! could not be); `load.rs` loads the whole workspace and moves texts to IndexedDB; `open.rs`
//! opens the work at start (backing up what cannot be read); `save.rs` writes what changed,
//! through the [`KeyValue`] trait the app's storage adapter implements.

mod journal;
mod keys;
mod load;
mod open;
mod others;
mod prefs;
mod revision;
mod save;
mod shapes;
mod status;

pub use journal::{reconcile, restored_sentence, Reconciled};
pub use keys::{
    annotations_key, backup_key, doc_key, history_key, is_text_key, key_kind, KeyKind, INDEX_KEY,
    PREFIX, PREFS_KEY, SCHEMA_HISTORY_KEY, SCHEMA_KEY, SEEN_BUILD_KEY, SETTINGS_KEY,
    TEXTS_WRITTEN_KEY,
};
pub use load::{load, load_document, plan_text_migration, Corrupt, Loaded, TextMigration};
pub use open::{open, Opened};
pub use others::{may_add_documents, reserved_ids, unknown_documents};
pub use prefs::{parse_prefs, prefs_json, Prefs, DEFAULT_TEXT_SIZE, TEXT_SIZES};
pub use revision::{Lineage, Rev, ANCESTORS};
pub use save::{Arrival, IdbWork, KeyValue, Saver, StorageError, Waiting};
pub use shapes::{
    annotations_json, document_json, history_body, index_ids, index_json, parse_annotations,
    parse_history, parse_lineage, parse_schema, parse_settings, peek_lineage, schema_json,
    settings_json, DocState, SchemaState, HISTORY_MAX_BYTES,
};
pub use status::SaveState;

use crate::annotation::{AnnotationError, AnnotationId, AnnotationSet};
use crate::corpus::AnnotatedDocument;
use crate::edit::DocEdit;
use crate::history::History;
use crate::sample::sample_document;
use crate::schema::shape::ShapeError;
use crate::schema::LabelSchema;
use crate::schema_edit::SchemaEdit;
use crate::workspace::Workspace;
use std::collections::HashMap;
use thiserror::Error;

/// Why a stored value could not be read; each a sentence for the notice that lists what could
/// not be read ([`Corrupt::reason`]), which also says what was kept.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum StoredError {
    /// Not JSON, or JSON of another shape: serde's sentence, which says where.
    #[error("{0}")]
    NotJson(String),
    #[error("it is version {0}, which this Postil cannot read")]
    Version(u32),
    /// A stored schema that breaks the schema's rules.
    #[error(transparent)]
    Schema(#[from] ShapeError),
    /// A stored annotation that breaks the annotation set's rules.
    #[error("annotation {id}: {error}")]
    Annotation {
        id: AnnotationId,
        error: AnnotationError,
    },
    /// Document labels or a done mark that could not be set on the annotations.
    #[error(transparent)]
    Marks(AnnotationError),
    /// A stored relation that breaks the annotation set's rules.
    #[error("relation {id}: {error}")]
    Relation {
        id: crate::annotation::RelationId,
        error: AnnotationError,
    },
    /// A stored layer whose annotations are of a text of another length.
    #[error("its layer “{0}” is of another text")]
    LayerText(String),
}

impl From<serde_json::Error> for StoredError {
    fn from(e: serde_json::Error) -> Self {
        StoredError::NotJson(e.to_string())
    }
}

/// What storage held, every value read and checked: it becomes the workspace
/// ([`Stored::into_workspace`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    pub schema: LabelSchema,
    pub documents: Vec<AnnotatedDocument>,
    pub current: usize,
    /// Undo and redo steps of each document, by id.
    pub histories: HashMap<String, History<DocEdit>>,
    pub schema_history: History<SchemaEdit>,
}

impl Stored {
    /// The workspace these values make.
    pub fn into_workspace(self) -> Workspace {
        Workspace::from_parts(
            self.schema,
            self.schema_history,
            self.documents,
            self.histories,
            self.current,
        )
    }

    /// The first-start values: the sample article and the default schema.
    pub fn fresh() -> Self {
        let document = sample_document();
        let annotations = AnnotationSet::new(document.char_len());
        Stored {
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
