//! The one dialog that may be open: each takes the keyboard until it closes (Esc closes any;
//! see `postil_core::keymap::Open`).

use super::LabelAll;
use postil_core::workspace::{ImportReport, PendingImport};
use postil_core::{AnnotationId, RelationId};
use std::rc::Rc;

#[derive(Clone, Debug, PartialEq)]
pub enum Dialog {
    /// An imported Postil file has other annotations for documents here: replace them, keep
    /// both, or cancel.
    Conflict(Rc<PendingImport>),
    /// "Export…": every format, this document or all of them.
    Export,
    /// "Import…": what Postil reads, then the file picker.
    ImportFormats,
    /// What the last import of articles did.
    Report(Rc<ImportReport>),
    Paste,
    /// The document (by id) the user asked to delete, waiting for yes or no.
    ConfirmDelete(String),
    /// Every search hit with what labeling it would do.
    LabelAll(Rc<LabelAll>),
    /// The note of this annotation of the open document.
    Note(AnnotationId),
    /// Linking this annotation of the open document to another: which (chosen already when
    /// the link was dragged from one tag to another), and the type.
    Link(AnnotationId, Option<AnnotationId>),
    /// The note of this relation of the open document.
    RelationNote(RelationId),
    /// The shortcut sheet.
    Help,
    /// The help page: labeling, relations, keys, formats, teams, where the data lives.
    Guide,
    /// The review of the suggestions of the open document's layer of this name.
    Suggestions(String),
    /// The review of where the open document's annotators disagree.
    Review,
    /// How far the annotators agree: tables and charts.
    Agreement,
    /// The statistics of the open document and of all, with charts.
    Stats,
    /// Sync with a team's CouchDB: signing in, where it stands, what it could not do.
    Sync,
}
