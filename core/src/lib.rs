//! The browser-free heart of Postil: documents and their structure, tokens, spans, the label
//! schema, the annotation set, the native JSON format and the shapes kept in browser storage.
//!
//! Every position in this crate is a count of Unicode scalar values (`char`s, what a Python `str`
//! indexes), and every span is half-open `[start, end)`. Positions are `u32` because they are
//! stored and exported, and because `usize` is 32 bits in wasm anyway.

pub mod annotation;
pub mod article;
pub mod corpus;
pub mod document;
pub mod edit;
pub mod formats;
pub mod history;
pub mod intake;
pub mod jobs;
pub mod merge;
pub mod prose;
pub mod sample;
pub mod schema;
pub mod schema_edit;
pub mod schema_file;
pub mod search;
pub mod slug;
pub mod sources;
pub mod span;
pub mod store;
pub mod text;
pub mod tokenize;

pub use annotation::{
    Annotation, AnnotationError, AnnotationId, AnnotationSet, DocLabels, Overlaps,
};
pub use document::{Block, BlockKind, Document};
pub use schema::{Color, LabelDef, LabelSchema};
pub use span::Span;
