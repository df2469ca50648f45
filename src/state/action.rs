//! What can happen to the app: everything the user, the browser or another tab does,
//! dispatched to the reducer (`AppState::act`).

use super::{Dialog, Panel};
use crate::notice::Notice;
use postil_core::article::Article;
use postil_core::keymap::KeyPress;
use postil_core::schema_edit::SchemaChange;
use postil_core::search::Query;
use postil_core::workspace::{Doc, DocValue, Resolution, SchemaValue};
use postil_core::{AnnotationId, RelationId, Span};
use std::collections::HashSet;

pub enum Action {
    /// A key was pressed outside form fields (see `postil_core::keymap`).
    Key(KeyPress),
    /// The user clicked (start == end) or dragged over the article.
    Pointer {
        start: u32,
        end: u32,
    },
    /// The user picked an annotation (its label tag, or the list).
    PickAnnotation(AnnotationId),
    /// Apply a label (by name) to the selection.
    ApplyLabel(String),
    Undo,
    Redo,
    SwitchDocument(usize),
    /// Ask to delete the document at this index; then confirm (true) or cancel.
    AskDelete(usize),
    ConfirmDelete(bool),
    /// Bring back the last document deleted in this session.
    RestoreDeleted,
    /// A Postil file the user imported (it may ask about conflicts: see `Dialog::Conflict`).
    ImportNative {
        file_name: String,
        text: String,
    },
    ResolveImport(Resolution),
    /// An import of `total` article files begins.
    ImportStarted {
        total: usize,
    },
    /// Files done so far (fractions while a large file's articles are added).
    ImportProgress(f64),
    /// Articles read from a file of the import under way.
    ImportArticles {
        articles: Vec<Article>,
        /// Document ids storage holds (other tabs' too): new documents must not take them.
        reserved: HashSet<String>,
    },
    /// A file of the import could not be read; nothing of it was imported.
    ImportSkipped {
        source: String,
        reason: String,
    },
    /// A file of the import held what Postil cannot (`what` says what and why), for the report.
    ImportLeftOut {
        source: String,
        what: String,
    },
    /// A file of the import was refused for problems in some records: its good records, for
    /// the report to offer.
    ImportOffered(postil_core::workspace::FileOffer),
    /// What a file of the import declares for the schema (brat's `annotation.conf`).
    ImportDeclared {
        source: String,
        declared: postil_core::formats::Declared,
    },
    /// The person takes what the report offers of a file (its `choice`th offer; `reserved`:
    /// ids other tabs hold, as for any import).
    TakeOffered {
        source: String,
        choice: usize,
        reserved: HashSet<String>,
    },
    /// A file of the import was read differently from its format's usual form (`what` says
    /// how), for the report.
    ImportAdjusted {
        source: String,
        what: String,
    },
    ImportFinished,
    /// A file's articles to take as suggestions (`source`: the file's name, which names the
    /// layer).
    ImportSuggestions {
        source: String,
        articles: Vec<Article>,
        reserved: HashSet<String>,
    },
    /// A Postil file to take as suggestions.
    ImportNativeSuggestions {
        file_name: String,
        text: String,
    },
    /// Open a dialog that needs nothing to open (export, import formats, paste, help).
    Show(Dialog),
    CloseDialog,
    /// An export finished downloading: its dialog closes (if it is still the one open).
    ExportDone,
    /// The annotator typed their name.
    SetAnnotator(String),
    /// The text the user pasted went to the worker, to be made an article.
    Pasting,
    /// The article the worker made of the pasted text.
    AddPasted(Article),
    /// The worker could not make an article of the pasted text: why (the dialog stays open).
    PasteRefused(String),
    ImportSchema {
        file_name: String,
        text: String,
    },
    ChangeSchema(SchemaChange),
    AcceptOffer,
    /// The frame showing a label is painted: work out the offer that is due.
    MakeOffer,
    DismissOffer,
    OpenSearch,
    CloseSearch,
    /// Search for a text (from the statistics) in the document at this position, opening it,
    /// and step to the hit at `at`.
    FindText {
        doc: usize,
        text: String,
        at: Span,
    },
    SetQuery(Query),
    /// What the worker found for a regular expression in the document with id `doc`: hits,
    /// or the sentence saying why there are none.
    RegexFound {
        doc: String,
        query: Query,
        found: Result<Vec<Span>, String>,
    },
    StepHit(i32),
    OpenLabelAll(String),
    ConfirmLabelAll(Vec<Span>),
    ShowPanel(Panel),
    /// The article's text a step larger (true) or smaller.
    TextSize(bool),
    /// Show this step of the first-run tour (while it is on screen).
    TourStep(usize),
    /// Close the tour for good.
    CloseTour,
    /// Show the tour again from its first step (asked for on the help page).
    StartTour,
    EditNote(AnnotationId),
    SaveNote(AnnotationId, String),
    /// Open the link dialog for this annotation.
    StartLink(AnnotationId),
    /// A tag dragged onto another: the link dialog from the first, the second chosen.
    DragLink(AnnotationId, AnnotationId),
    /// Link two annotations of the open document with a relation of type `kind`.
    Link {
        from: AnnotationId,
        to: AnnotationId,
        kind: String,
    },
    /// Take a relation of the open document away.
    Unlink(RelationId),
    EditRelationNote(RelationId),
    SaveRelationNote(RelationId, String),
    ToggleDocLabel {
        set: String,
        value: String,
    },
    /// Show a layer of the open document in the article, or stop showing it (by name).
    ToggleLayer(String),
    RemoveLayer(String),
    /// Take an annotation of a layer into the annotator's own (a suggestion accepted).
    Adopt(String, AnnotationId),
    /// Reject a suggestion of a layer.
    Reject(String, AnnotationId),
    /// Accept every suggestion of a layer (of one label, when given).
    AcceptAll(String, Option<String>),
    /// Open the review of a layer's suggestions.
    ReviewLayer(String),
    /// Settle a disagreement of the open document's review.
    Settle(
        postil_core::annotation::DecisionKey,
        postil_core::workspace::Settle,
    ),
    /// Take what the review's layers all agree on.
    TakeAgreed,
    /// Leave the review to label a disagreement's words by hand (it is kept as settled so).
    EditDisagreement(postil_core::annotation::DecisionKey),
    /// Documents another tab added (see `crate::hooks::other_tabs`).
    DocumentsArrived(Vec<Doc>),
    /// Another tab's annotations of document `id` (or both tabs' merged), to take in place of
    /// `expect` (see `postil_core::store::Arrival`).
    TookDoc {
        id: String,
        expect: DocValue,
        value: DocValue,
    },
    /// Another tab's schema (or both tabs' merged), as `TookDoc`.
    TookSchema {
        expect: SchemaValue,
        value: SchemaValue,
    },
    /// Another tab wrote `value` (None: removed) under `key`.
    StorageChanged {
        key: String,
        value: Option<String>,
    },
    Notify(Notice),
    DismissNotice,
    StorageWarning(Option<String>),
    /// Sync with a team's CouchDB (see `team_sync`).
    Sync(super::SyncAction),
}
