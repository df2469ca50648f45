//! What a workspace command answers: an [`Outcome`] (what to say, what to select, what to
//! offer, and which parts of the workspace it replaced) or a [`Refusal`] (the sentence the
//! user reads; the workspace is then exactly as it was).

use super::{Doc, OfferFor, Workspace};
use crate::annotation::AnnotationError;
use crate::AnnotationId;
use std::collections::HashMap;
use std::rc::Rc;
use thiserror::Error;

/// What to select after a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Select {
    /// Leave the selection as it is.
    #[default]
    Keep,
    Annotation(AnnotationId),
    Nothing,
}

/// What a command did, for the screen: what to tell the user, what to select, what to offer,
/// and which parts of the workspace changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// A sentence for the user (see [`Outcome::replaces_message`]).
    pub message: Option<String>,
    /// Lines under the message (an import's per-document results).
    pub details: Vec<String>,
    pub select: Select,
    /// After labeling words: the annotation whose words' other unlabeled occurrences may be
    /// offered for the same label ([`Workspace::offer`] works them out).
    pub offer: Option<OfferFor>,
    pub changed: Changed,
}

impl Outcome {
    /// Whether this outcome replaces what the user was told before: it does when it says
    /// something, or when it recorded a change (which makes an earlier message stale); opening
    /// a document, say, leaves it.
    pub fn replaces_message(&self) -> bool {
        self.message.is_some() || !self.changed.histories.is_empty()
    }

    pub(super) fn say(message: impl Into<String>) -> Self {
        Outcome {
            message: Some(message.into()),
            ..Outcome::default()
        }
    }

    pub(super) fn select(select: Select) -> Self {
        Outcome {
            select,
            ..Outcome::default()
        }
    }
}

/// Which parts of the workspace a command replaced (found by pointer, so exact).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changed {
    /// Documents (by id) whose annotations changed.
    pub annotations: Vec<String>,
    /// Documents (by id) whose undo history changed.
    pub histories: Vec<String>,
    /// Documents came, went or moved.
    pub documents: bool,
    /// Another document is open.
    pub opened: bool,
    pub schema: bool,
    pub schema_history: bool,
    pub trash: bool,
    pub annotator: bool,
}

impl Changed {
    pub fn is_empty(&self) -> bool {
        *self == Changed::default()
    }
}

/// Why a command changed nothing: each is the sentence the user reads.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum Refusal {
    /// Nothing to do (the label it already has, a note typed back as it was): nothing to say.
    #[error("nothing would change")]
    Unchanged,
    #[error("Select words first (click a word, drag across several, or use the arrow keys), then press a key to label them {label}.")]
    NothingSelected { label: String },
    #[error("Not labeled: the words overlap “{words}” ({label}), and this schema does not allow overlapping spans (see Labels).")]
    Overlaps { words: String, label: String },
    #[error("Not labeled: there is no label {label} (see Labels).")]
    NoSuchLabel { label: String },
    #[error("Not changed: {0}.")]
    Annotation(AnnotationError),
    #[error("The annotation cannot be resized further that way (it keeps at least one word).")]
    NoFurther,
    #[error("The labels were not changed: {0}.")]
    LabelsNotChanged(Blocked),
    #[error("Nothing was imported from “{file}”: {reason}. Your labels are unchanged.")]
    SchemaNotImported { file: String, reason: String },
    #[error("Nothing to {verb} in this document.")]
    NothingTo { verb: Verb },
    #[error("Could not {verb} the change to the labels: “{title}” was edited after it. Undo those edits in that document first.")]
    EditedSince { verb: Verb, title: String },
    #[error("Could not {verb}: {reason}.")]
    CannotStep { verb: Verb, reason: String },
    #[error(
        "This is the only document, and Postil needs one open: import another before deleting it."
    )]
    OnlyDocument,
    #[error("Nothing was imported from “{file}”: {reason}. Your work is unchanged.")]
    NotImported { file: String, reason: String },
    /// The pasted text could not be taken (the paste dialog stays open to fix it).
    #[error("Nothing was added: {0}.")]
    NotAdded(String),
    /// A link the schema's relation type does not allow between those labels.
    #[error("Not linked: {0}.")]
    NotLinked(String),
    /// An attribute key pressed on an annotation whose label does not have it.
    #[error("{0}")]
    NoAttribute(String),
    /// A disagreement of a review could not be settled as asked.
    #[error("Not settled: {0}.")]
    Review(String),
    /// Accepting all of a layer's suggestions found none that could be taken.
    #[error("“{layer}” has no suggestions here that could be accepted.")]
    NothingToAccept { layer: String },
    /// The pasted text was read but not added (its text is already here).
    #[error("Nothing was added: {0}.")]
    Skipped(String),
}

impl Refusal {
    /// True for refusals that report a problem; false for the ones that only explain (what
    /// to select first, that there is nothing to undo), shown quietly.
    pub fn is_error(&self) -> bool {
        !matches!(
            self,
            Refusal::Unchanged
                | Refusal::NothingSelected { .. }
                | Refusal::NoFurther
                | Refusal::NothingTo { .. }
                | Refusal::NoAttribute(_)
                | Refusal::NothingToAccept { .. }
        )
    }
}

/// Why a change to the labels could not be applied to the documents.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum Blocked {
    #[error("“{words}” in “{title}” still uses the label {label}; remove or relabel it first")]
    LabelInUse {
        words: String,
        title: String,
        label: String,
    },
    #[error("{0}")]
    Edit(AnnotationError),
}

/// Undo or redo, for the sentences that name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Undo,
    Redo,
}

impl std::fmt::Display for Verb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Verb::Undo => "undo",
            Verb::Redo => "redo",
        })
    }
}

impl Workspace {
    /// What differs from `before` (by pointer: a replaced part counts as changed).
    pub fn changes_since(&self, before: &Workspace) -> Changed {
        let mut changed = Changed {
            schema: !Rc::ptr_eq(&self.schema, &before.schema),
            schema_history: !Rc::ptr_eq(&self.schema_history, &before.schema_history),
            trash: !Rc::ptr_eq(&self.trash, &before.trash),
            annotator: !Rc::ptr_eq(&self.annotator, &before.annotator),
            opened: self.current().id() != before.current().id(),
            ..Changed::default()
        };
        if Rc::ptr_eq(&self.docs, &before.docs) {
            return changed;
        }
        // Most changes leave the list as it was (same documents, same order): compare by
        // position, in one pass and without allocating, as this runs on every edit.
        let same_list = self.docs.len() == before.docs.len()
            && (self.docs.iter().zip(before.docs.iter()))
                .all(|(a, b)| Rc::ptr_eq(&a.document, &b.document) || a.id() == b.id());
        changed.documents = !same_list;
        let mut compare = |d: &Doc, b: Option<&Doc>| {
            if b.is_none_or(|b| !Rc::ptr_eq(&d.annotations, &b.annotations)) {
                changed.annotations.push(d.id().to_string());
            }
            if b.is_none_or(|b| !Rc::ptr_eq(&d.history, &b.history)) {
                changed.histories.push(d.id().to_string());
            }
        };
        if same_list {
            for (d, b) in self.docs.iter().zip(before.docs.iter()) {
                compare(d, Some(b));
            }
        } else {
            let by_id: HashMap<&str, &Doc> = before.docs.iter().map(|d| (d.id(), d)).collect();
            for d in self.docs.iter() {
                compare(d, by_id.get(d.id()).copied());
            }
        }
        changed
    }
}
