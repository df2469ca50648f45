//! Documents with their annotations: the domain's unit of work, whatever file or store they
//! came from or go to. Formats, storage, merging and intake all speak these types, so none of
//! them depends on another's module for them.
//!
//! Offsets are `char`s, spans half-open, as everywhere in Postil.

use crate::annotation::AnnotationSet;
use crate::document::Document;
use crate::schema::LabelSchema;

/// A document and its annotations, as exported, imported or stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnnotatedDocument {
    pub document: Document,
    pub annotations: AnnotationSet,
}

/// What is exported: the labels and the documents with their annotations, borrowed.
#[derive(Clone, Copy)]
pub struct Corpus<'a> {
    pub schema: &'a LabelSchema,
    pub documents: &'a [(&'a Document, &'a AnnotationSet)],
}
