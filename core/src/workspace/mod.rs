//! The workspace: every document with its annotations and undo history, the label schema and
//! its history, which document is open, the documents deleted this session, and the
//! annotator's name. Every command the annotator gives (label, relabel, resize, delete,
//! label all, notes, document labels, schema edits and schema import, undo and redo across
//! the document's and the schema's histories, deleting and restoring documents, importing and
//! merging files, taking in articles, taking in another tab's values) is a method here.
//!
//! A command either succeeds, changing the workspace and returning an [`Outcome`] (what to
//! say, what to select, what changed), or is refused with a [`Refusal`] (a sentence) and
//! leaves the workspace exactly as it was: every public command runs through one wrapper that
//! restores the previous state on refusal, so no command can half-apply.
//!
//! Cloning is cheap: every part sits behind an `Rc`, and a change replaces only what it
//! touches, so "what changed" is found by comparing pointers ([`Workspace::changes_since`]),
//! the shell's render compares by pointer, and the saver writes only what changed.
//!
//! Invariants: there is always at least one document, and `current` indexes one of them;
//! document ids are unique (deleted documents keep theirs for as long as they can be
//! restored); every recorded change takes the next number of one sequence shared by all
//! histories, so undo can take back whichever change was made last. Offsets are `char`s and
//! spans half-open, as everywhere in Postil.

mod compare;
mod documents;
mod editing;
mod export;
mod import;
mod intake;
mod labels;
mod layers;
mod outcome;
mod relations;
mod review;
mod statistics;
mod sync;
mod undo;

pub use compare::{agreement_report, AgreementReport, PairReport};
pub use editing::{HitRow, Offer, OfferFor};
pub use export::{Scope, ToExport};
pub use import::{Conflict, Import, PendingImport, Resolution};
pub use intake::{FileOffer, ImportReport, Took};
pub use layers::{layer_name, LayerRow};
pub use outcome::{Blocked, Changed, Outcome, Refusal, Select, Verb};
pub use review::{Progress, ReviewItem, Settle, YOURS};
pub use statistics::docs_stats;
pub use sync::{Outgoing, Own};
pub use undo::Step;

use crate::annotation::AnnotationSet;
use crate::converge::DocSide;
use crate::corpus::AnnotatedDocument;
use crate::document::Document;
use crate::edit::DocEdit;
use crate::history::History;
use crate::prose::plural;
use crate::sample::sample_document;
use crate::schema::LabelSchema;
use crate::schema_edit::SchemaEdit;
use std::collections::HashMap;
use std::rc::Rc;

/// A document as the workspace holds it: its text, its annotations and its undo history,
/// each shared so that unchanged parts are never copied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doc {
    pub document: Rc<Document>,
    pub annotations: Rc<AnnotationSet>,
    pub history: Rc<History<DocEdit>>,
}

/// A document's annotations and undo history: one stored value.
#[derive(Clone, Debug)]
pub struct DocValue {
    pub annotations: Rc<AnnotationSet>,
    pub history: Rc<History<DocEdit>>,
}

impl DocValue {
    pub fn of(doc: &Doc) -> Self {
        DocValue {
            annotations: doc.annotations.clone(),
            history: doc.history.clone(),
        }
    }

    pub fn same(&self, other: &DocValue) -> bool {
        Rc::ptr_eq(&self.annotations, &other.annotations)
            && Rc::ptr_eq(&self.history, &other.history)
    }

    pub fn side(&self) -> DocSide<'_> {
        DocSide {
            annotations: &self.annotations,
            history: &self.history,
        }
    }
}

/// The schema and its undo history: one stored value.
#[derive(Clone, Debug)]
pub struct SchemaValue {
    pub schema: Rc<LabelSchema>,
    pub history: Rc<History<SchemaEdit>>,
}

impl SchemaValue {
    pub fn of(ws: &Workspace) -> Self {
        SchemaValue {
            schema: ws.schema().clone(),
            history: ws.schema_history().clone(),
        }
    }

    pub fn same(&self, other: &SchemaValue) -> bool {
        Rc::ptr_eq(&self.schema, &other.schema) && Rc::ptr_eq(&self.history, &other.history)
    }

    pub fn parts(&self) -> (&LabelSchema, &History<SchemaEdit>) {
        (&self.schema, &self.history)
    }
}

impl Doc {
    pub fn new(d: AnnotatedDocument, history: History<DocEdit>) -> Self {
        Doc {
            document: Rc::new(d.document),
            annotations: Rc::new(d.annotations),
            history: Rc::new(history),
        }
    }

    /// A document with no annotations and no history yet.
    pub fn fresh(document: Document) -> Self {
        let annotations = AnnotationSet::new(document.char_len());
        Doc::new(
            AnnotatedDocument {
                document,
                annotations,
            },
            History::default(),
        )
    }

    pub fn id(&self) -> &str {
        self.document.id()
    }

    pub fn title(&self) -> &str {
        self.document.title()
    }
}

/// A document deleted in this session, and where it was: Ctrl+Z or Restore brings it back
/// with its annotations and history until the tab is closed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deleted {
    /// The change's sequence number: undo takes it back when it is the latest change. Zero for
    /// a document another tab deleted, which only Restore brings back.
    pub seq: u64,
    pub index: usize,
    pub doc: Doc,
}

/// Everything the user works on (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workspace {
    schema: Rc<LabelSchema>,
    schema_history: Rc<History<SchemaEdit>>,
    /// The sequence number of the last recorded change (shared by every history).
    seq: u64,
    docs: Rc<Vec<Doc>>,
    current: usize,
    trash: Rc<Vec<Deleted>>,
    annotator: Rc<str>,
    /// The time the shell last told (see [`Clock`]).
    now: Clock,
}

/// What time it is, as the shell last said ([`Workspace::set_now`]): what new annotations and
/// relations are stamped with. It is not part of the work, so two workspaces that differ only
/// in it are equal (an action that changed nothing must still compare equal after the shell
/// told the time).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Clock(pub(crate) Option<crate::clock::Stamp>);

impl PartialEq for Clock {
    fn eq(&self, _: &Clock) -> bool {
        true
    }
}

impl Eq for Clock {}

impl Workspace {
    /// A workspace of these documents (the sample when there are none), opened at `current`
    /// (the first one when out of range).
    pub fn new(
        schema: LabelSchema,
        schema_history: History<SchemaEdit>,
        docs: Vec<Doc>,
        current: usize,
    ) -> Self {
        let docs = if docs.is_empty() {
            (*Workspace::fresh().docs).clone()
        } else {
            docs
        };
        let seq = docs
            .iter()
            .map(|d| d.history.max_seq())
            .chain([schema_history.max_seq()])
            .max()
            .unwrap_or(0);
        let current = if current < docs.len() { current } else { 0 };
        Workspace {
            schema: Rc::new(schema),
            schema_history: Rc::new(schema_history),
            seq,
            docs: Rc::new(docs),
            current,
            trash: Rc::new(Vec::new()),
            annotator: Rc::from(""),
            now: Clock::default(),
        }
    }

    /// A workspace from loaded documents and their histories (by id).
    pub fn from_parts(
        schema: LabelSchema,
        schema_history: History<SchemaEdit>,
        documents: Vec<AnnotatedDocument>,
        mut histories: HashMap<String, History<DocEdit>>,
        current: usize,
    ) -> Self {
        let docs = documents
            .into_iter()
            .map(|d| {
                let history = histories.remove(d.document.id()).unwrap_or_default();
                Doc::new(d, history)
            })
            .collect();
        Workspace::new(schema, schema_history, docs, current)
    }

    /// The first-start workspace: the sample article and the default labels.
    pub fn fresh() -> Self {
        Workspace {
            schema: Rc::new(LabelSchema::default_ner()),
            schema_history: Rc::new(History::default()),
            seq: 0,
            docs: Rc::new(vec![Doc::fresh(sample_document())]),
            current: 0,
            trash: Rc::new(Vec::new()),
            annotator: Rc::from(""),
            now: Clock::default(),
        }
    }

    pub fn schema(&self) -> &Rc<LabelSchema> {
        &self.schema
    }

    pub fn schema_history(&self) -> &Rc<History<SchemaEdit>> {
        &self.schema_history
    }

    /// Every document, in the workspace's order (never empty).
    pub fn docs(&self) -> &Rc<Vec<Doc>> {
        &self.docs
    }

    /// The relation types the link dialog offers for a link from a `from`-labelled
    /// annotation: the schema's that may start there (in its order), then the undeclared
    /// ones in use in any document (sorted).
    pub fn relation_types(&self, from: &str) -> Vec<String> {
        let declared = self.schema.relation_types();
        let mut used: Vec<String> = (self.docs.iter())
            .flat_map(|d| d.annotations.relations().iter().map(|r| r.kind.clone()))
            .filter(|k| self.schema.relation_type(k).is_none())
            .collect();
        used.sort();
        used.dedup();
        (declared.iter())
            .filter(|t| t.from.is_empty() || t.from.iter().any(|l| l == from))
            .map(|t| t.name.clone())
            .chain(used)
            .collect()
    }

    /// The keys that finish a link from a `from`-labelled annotation, with their types.
    pub fn link_keys(&self, from: &str) -> Vec<(char, String)> {
        (self.schema.relation_types().iter())
            .filter(|t| t.from.is_empty() || t.from.iter().any(|l| l == from))
            .filter_map(|t| t.key.map(|k| (k, t.name.clone())))
            .collect()
    }

    /// The open document's index.
    pub fn current_index(&self) -> usize {
        self.current
    }

    /// The open document.
    pub fn current(&self) -> &Doc {
        // `current` is kept in range by every command that changes `docs` or `current`, and
        // `docs` is never empty.
        &self.docs[self.current.min(self.docs.len().saturating_sub(1))]
    }

    pub fn doc(&self, id: &str) -> Option<&Doc> {
        self.docs.iter().find(|d| d.id() == id)
    }

    pub fn position(&self, id: &str) -> Option<usize> {
        self.docs.iter().position(|d| d.id() == id)
    }

    /// Documents deleted this session, the last one last.
    pub fn trash(&self) -> &[Deleted] {
        &self.trash
    }

    /// The annotator's name, put in exports.
    pub fn annotator(&self) -> &str {
        &self.annotator
    }

    /// The number of the last recorded change.
    pub fn seq(&self) -> u64 {
        self.seq
    }

    /// Whether undo (or redo) has anything to take back (or make again) here.
    pub fn can_undo(&self) -> bool {
        self.current().history.can_undo() || self.schema_history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.current().history.can_redo() || self.schema_history.can_redo()
    }

    /// How many annotations use each label, over all documents.
    pub fn label_usage(&self) -> std::collections::BTreeMap<String, usize> {
        let mut usage = std::collections::BTreeMap::new();
        for d in self.docs.iter() {
            for a in d.annotations.iter() {
                *usage.entry(a.label.clone()).or_default() += 1;
            }
        }
        usage
    }

    /// Tells the time (milliseconds since 1970 UTC): annotations and relations made from now
    /// on are stamped with it, until told again.
    pub fn set_now(&mut self, now: crate::clock::Stamp) {
        self.now = Clock(Some(now.min(crate::clock::LAST)));
    }

    /// Sets the annotator's name (trimmed).
    pub fn set_annotator(&mut self, name: &str) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let name = name.trim();
            if *ws.annotator == *name {
                return Err(Refusal::Unchanged);
            }
            ws.annotator = Rc::from(name);
            Ok(Outcome::default())
        })
    }

    /// Runs a command: on success the outcome learns what changed; on refusal the workspace
    /// is put back exactly as it was, whatever the command had done.
    fn attempt(
        &mut self,
        command: impl FnOnce(&mut Workspace) -> Result<Outcome, Refusal>,
    ) -> Result<Outcome, Refusal> {
        let before = self.clone();
        match command(self) {
            Ok(mut outcome) => {
                outcome.changed = self.changes_since(&before);
                Ok(outcome)
            }
            Err(refusal) => {
                *self = before;
                Err(refusal)
            }
        }
    }

    /// Replaces the document at `index`.
    fn set_doc(&mut self, index: usize, doc: Doc) {
        let mut docs = (*self.docs).clone();
        if let Some(d) = docs.get_mut(index) {
            *d = doc;
        }
        self.docs = Rc::new(docs);
    }

    /// The next sequence number, taken.
    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }
}

/// "3 annotations (PERSON 2, GPE 1)" or "no annotations".
pub fn describe_counts(set: &AnnotationSet) -> String {
    if set.is_empty() {
        return "no annotations".into();
    }
    let per_label: Vec<String> = set
        .counts()
        .into_iter()
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    format!(
        "{} annotation{} ({})",
        set.len(),
        plural(set.len()),
        per_label.join(", ")
    )
}
