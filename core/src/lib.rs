//! The browser-free heart of Postil: documents and their structure, tokens, spans, the label
//! schema, the annotation set and its edits, every file format and the shapes kept in browser
//! storage.
//!
//! The modules are layered one way: each uses only modules of its own layer or below, and none
//! uses another that uses it back (`tests/layers.rs` checks both). Bottom to top:
//! 1. `span`, `text` (offset conversions), `encoding` (a file's bytes as text), `prose`
//!    (sentences for people), `slug`, `quota`, `limits` (how much one import may bring in),
//!    `release` (which build runs, and announcing an update), `clock` (moments as ISO 8601
//!    and as days in a time zone);
//! 2. `tokenize`, `document`, `sample`;
//! 3. `annotation`, `edit`, `history`, `selection` (the caret and how keys and the pointer
//!    move it), `layout` (how a block is cut into runs for display);
//! 4. `schema` (with its colours, relation types, attributes and JSON shapes), `schema_edit`,
//!    `label_editor` and `type_editor` (the label editor's commands), `keymap` (what each key means), `converge` (merging the values
//!    two tabs changed from one base);
//! 5. `corpus`: documents with their annotations; `agreement`: how far annotators agree, where
//!    they differ, and what they all agree on; `stats`: the statistics view's figures;
//! 6. `article`: what reading a file gives, its one title rule, and normalisation;
//! 7. `sources`: plain text, Markdown, HTML and pasted articles;
//! 8. `formats` (shared helpers, then each format on its own, then the registry) and
//!    `schema_file`;
//! 9. `search`, `merge`, `intake`, `jobs`, `pending` (how long the app waits for the worker),
//!    `sync` (a team's CouchDB: the documents that sync, revisions, joining versions written
//!    apart, and the replication protocol as requests to send);
//! 10. `workspace`: every command on the work, with undo, as one tested place;
//! 11. `store`: the keys and shapes kept in browser storage.
//!
//! Every position in this crate is a count of Unicode scalar values (`char`s, what a Python `str`
//! indexes), and every span is half-open `[start, end)`. Positions are `u32` because they are
//! stored and exported, and because `usize` is 32 bits in wasm anyway.

pub mod agreement;
pub mod annotation;
pub mod article;
pub mod clock;
pub mod converge;
pub mod corpus;
pub mod document;
pub mod edit;
pub mod encoding;
pub mod first_screen;
pub mod formats;
pub mod history;
pub mod intake;
pub mod jobs;
pub mod keymap;
pub mod label_editor;
pub mod layout;
pub mod limits;
pub mod merge;
pub mod pending;
pub mod prose;
pub mod quota;
pub mod release;
pub mod sample;
pub mod schema;
pub mod schema_edit;
pub mod schema_file;
pub mod search;
pub mod selection;
pub mod slug;
pub mod sources;
pub mod span;
pub mod stats;
pub mod store;
pub mod sync;
pub mod text;
pub mod tokenize;
pub mod type_editor;
pub mod workspace;

pub use annotation::{
    Annotation, AnnotationError, AnnotationId, AnnotationSet, DocLabels, Overlaps, Relation,
    RelationId,
};
pub use document::{Block, BlockKind, Document};
pub use schema::{Color, LabelDef, LabelSchema};
pub use span::Span;
