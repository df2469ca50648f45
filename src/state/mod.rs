//! The app's one state and its reducer. Actions call core commands; an action that changes
//! nothing returns the same `Rc`, so nothing re-renders. Storage is never touched here: the
//! persistence effect (`crate::persist`) writes what changed after each render.
//!
//! Split by meaning: `editing` (commands on the open document), `labels` (schema changes),
//! `undo`, `cursor` (keyboard movement), `keys` (what a key means now), `import` (merging
//! files), `documents` (adding and deleting documents), `find` (search and label all), `sync`
//! (other tabs' changes).

mod cursor;
mod documents;
mod editing;
mod find;
mod import;
mod intake;
mod keys;
mod labels;
mod sync;
mod undo;

pub use documents::Deleted;
pub use intake::{ImportReport, ImportRun};
pub use keys::{KeyPress, SHORTCUTS};

use crate::components::label_all_dialog::HitRow;
use crate::components::schema_editor::SchemaChange;
use crate::view::DocView;
use postil_core::corpus::AnnotatedDocument;
use postil_core::edit::{DocEdit, Edge};
use postil_core::formats::native::NativeFile;
use postil_core::history::History;
use postil_core::schema_edit::SchemaEdit;
use postil_core::search::Query;
use postil_core::store::Workspace;
use postil_core::{AnnotationId, AnnotationSet, LabelSchema, Span};
use std::rc::Rc;
use yew::Reducible;

/// A document as the app holds it, with its undo history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub view: Rc<DocView>,
    pub annotations: Rc<AnnotationSet>,
    pub history: Rc<History<DocEdit>>,
}

impl Entry {
    pub fn new(d: AnnotatedDocument, history: History<DocEdit>) -> Self {
        Entry {
            view: Rc::new(DocView::new(d.document)),
            annotations: Rc::new(d.annotations),
            history: Rc::new(history),
        }
    }

    pub fn id(&self) -> &str {
        self.view.doc.id()
    }
}

/// What is selected in the article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Selection {
    #[default]
    None,
    /// Words not yet labeled (whole tokens).
    Range(Span),
    /// An existing annotation.
    Annotation(AnnotationId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Error,
}

/// A message for the user, shown until dismissed or replaced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
    pub details: Vec<String>,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Notice {
            kind: NoticeKind::Info,
            text: text.into(),
            details: Vec::new(),
        }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Notice {
            kind: NoticeKind::Error,
            text: text.into(),
            details: Vec::new(),
        }
    }
}

/// An import that meets documents with other annotations, waiting for the user's choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingImport {
    pub file_name: String,
    pub file: Rc<NativeFile>,
    /// Titles of the documents here whose annotations the file would replace, with the counts
    /// (here, in the file).
    pub conflicts: Vec<(String, usize, usize)>,
}

/// How the user settles a pending import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    Replace,
    KeepBoth,
    Cancel,
}

/// After labeling words, the other unlabeled occurrences of the same words, offered for the
/// same label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    pub label: String,
    pub text: String,
    pub spans: Vec<Span>,
}

/// The open search.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Search {
    pub query: Query,
    pub hits: Rc<[Span]>,
    pub error: Option<String>,
    /// The hit last stepped to.
    pub at: Option<usize>,
}

/// The open "label all" dialog.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelAll {
    pub label: String,
    pub rows: Rc<Vec<HitRow>>,
}

/// What the side panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Panel {
    #[default]
    Annotations,
    Documents,
    Schema,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub schema: Rc<LabelSchema>,
    pub schema_history: Rc<History<SchemaEdit>>,
    /// The sequence number of the last recorded change (shared by every history).
    pub seq: u64,
    pub entries: Rc<Vec<Entry>>,
    pub current: usize,
    pub selection: Selection,
    /// The keyboard cursor and where a Shift+arrow extension started, as token indices.
    pub cursor: Option<usize>,
    pub anchor: Option<usize>,
    pub notice: Option<Notice>,
    /// Set while work is not being saved; says why and what to do.
    pub storage_warning: Option<String>,
    pub pending_import: Option<Rc<PendingImport>>,
    pub offer: Option<Rc<Offer>>,
    pub search: Option<Rc<Search>>,
    pub label_all: Option<Rc<LabelAll>>,
    pub panel: Panel,
    pub help: bool,
    /// The annotation whose note is being edited.
    pub note_editor: Option<AnnotationId>,
    /// The document (by id) the user asked to delete, waiting for confirmation.
    pub confirm_delete: Option<String>,
    /// Documents deleted in this session, the last one last.
    pub trash: Rc<Vec<Deleted>>,
    /// An import of articles under way, and the report of the last one.
    pub importing: Option<Rc<ImportRun>>,
    pub import_report: Option<Rc<ImportReport>>,
    /// The paste dialog is open.
    pub paste: bool,
    /// The annotator's name, put in exports.
    pub annotator: String,
    /// The export dialog, and the import dialog (formats, then the file picker), are open.
    pub export_dialog: bool,
    pub import_dialog: bool,
}

pub enum Action {
    /// The user clicked (start == end) or dragged over the article.
    Pointer {
        start: u32,
        end: u32,
    },
    /// The user picked an annotation (its label tag, or the list).
    PickAnnotation(AnnotationId),
    /// Apply a label (by name) to the selection.
    ApplyLabel(String),
    /// A key was pressed that may be a label shortcut.
    LabelKey(char),
    DeleteSelected,
    ClearSelection,
    /// Move the keyboard cursor (and select the word there).
    Move(cursor::Move),
    /// Extend the selection with the keyboard.
    Extend(cursor::Move),
    /// Grow or shrink the selected annotation by a word.
    Resize {
        edge: Edge,
        grow: bool,
    },
    /// Select the next (true) or previous annotation.
    NextAnnotation(bool),
    Undo,
    Redo,
    SwitchDocument(usize),
    /// Open the next (true) or previous document.
    NextDocument(bool),
    /// Mark the open document done, or not done any more.
    ToggleDone,
    /// Ask to delete the document at this index; then confirm (true) or cancel.
    AskDelete(usize),
    ConfirmDelete(bool),
    /// Bring back the last document deleted in this session.
    RestoreDeleted,
    ImportText {
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
        articles: Vec<postil_core::article::Article>,
        /// Document ids storage holds (other tabs' too): new documents must not take them.
        reserved: std::collections::HashSet<String>,
    },
    /// A file of the import could not be read; nothing of it was imported.
    ImportSkipped {
        source: String,
        reason: String,
    },
    ImportFinished,
    CloseReport,
    ShowPaste(bool),
    ShowExport(bool),
    ShowImportFormats(bool),
    /// The annotator typed their name.
    SetAnnotator(String),
    /// The title and text the user pasted.
    AddPasted(String, String),
    ImportSchemaText {
        file_name: String,
        text: String,
    },
    ChangeSchema(SchemaChange),
    AcceptOffer,
    DismissOffer,
    OpenSearch,
    CloseSearch,
    SetQuery(Query),
    StepHit(i32),
    OpenLabelAll(String),
    ConfirmLabelAll(Vec<Span>),
    CancelLabelAll,
    ShowHelp(bool),
    ShowPanel(Panel),
    EditNote(Option<AnnotationId>),
    SaveNote(AnnotationId, String),
    ToggleDocLabel {
        set: String,
        value: String,
    },
    /// Documents another tab added (see `crate::tabs`).
    DocumentsArrived(Vec<Entry>),
    /// Another tab wrote `value` (None: removed) under `key`.
    StorageChanged {
        key: String,
        value: Option<String>,
    },
    Notify(Notice),
    DismissNotice,
    StorageWarning(Option<String>),
}

impl AppState {
    pub fn from_workspace(mut ws: Workspace) -> Self {
        let seq = ws
            .histories
            .values()
            .map(History::max_seq)
            .chain([ws.schema_history.max_seq()])
            .max()
            .unwrap_or(0);
        let entries = ws
            .documents
            .into_iter()
            .map(|d| {
                let history = ws.histories.remove(d.document.id()).unwrap_or_default();
                Entry::new(d, history)
            })
            .collect();
        AppState {
            schema: Rc::new(ws.schema),
            schema_history: Rc::new(ws.schema_history),
            seq,
            entries: Rc::new(entries),
            current: ws.current,
            selection: Selection::None,
            cursor: None,
            anchor: None,
            notice: None,
            storage_warning: None,
            pending_import: None,
            offer: None,
            search: None,
            label_all: None,
            panel: Panel::default(),
            help: false,
            note_editor: None,
            confirm_delete: None,
            trash: Rc::new(Vec::new()),
            importing: None,
            import_report: None,
            paste: false,
            annotator: String::new(),
            export_dialog: false,
            import_dialog: false,
        }
    }

    /// The open document.
    pub fn entry(&self) -> &Entry {
        // `current` is kept in range by every action that changes `entries` or `current`,
        // and `entries` is never empty (the workspace always holds at least the sample).
        &self.entries[self.current.min(self.entries.len().saturating_sub(1))]
    }

    /// The selected annotation, if it still exists.
    pub fn selected_annotation(&self) -> Option<&postil_core::Annotation> {
        match self.selection {
            Selection::Annotation(id) => self.entry().annotations.get(id),
            _ => None,
        }
    }

    /// What a screen reader should say about the selection ("PERSON: Sergey Lavrov").
    pub fn announcement(&self) -> String {
        let doc = &self.entry().view.doc;
        match self.selection {
            Selection::None => String::new(),
            Selection::Range(span) => format!("Selected: {}", doc.slice(span).unwrap_or_default()),
            Selection::Annotation(_) => match self.selected_annotation() {
                Some(a) if a.note.is_empty() => {
                    format!("{}: {}", a.label, doc.slice(a.span).unwrap_or_default())
                }
                Some(a) => format!(
                    "{}: {}. Note: {}",
                    a.label,
                    doc.slice(a.span).unwrap_or_default(),
                    a.note
                ),
                None => String::new(),
            },
        }
    }

    fn with(self: &Rc<Self>, f: impl FnOnce(&mut AppState)) -> Rc<Self> {
        let mut next = (**self).clone();
        f(&mut next);
        if next == **self {
            self.clone()
        } else {
            Rc::new(next)
        }
    }

    /// Opens the document at `i`.
    fn switch_document(&mut self, i: usize) {
        if i < self.entries.len() && i != self.current {
            self.current = i;
            self.clear_selection();
            self.note_editor = None;
            self.offer = None;
            self.refresh_search();
        }
    }

    /// Replaces one entry.
    fn set_entry(&mut self, index: usize, entry: Entry) {
        let mut entries = (*self.entries).clone();
        if let Some(e) = entries.get_mut(index) {
            *e = entry;
        }
        self.entries = Rc::new(entries);
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
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

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        self.with(|s| match action {
            Action::Pointer { start, end } => s.pointer(start, end),
            Action::PickAnnotation(id) => s.pick(id),
            Action::ApplyLabel(label) => s.apply_label(&label),
            Action::LabelKey(key) => {
                if let Some(label) = s.schema.by_key(key).map(|l| l.name.clone()) {
                    s.apply_label(&label);
                }
            }
            Action::DeleteSelected => s.delete_selected(),
            Action::ClearSelection => s.clear_selection(),
            Action::Move(m) => s.move_cursor(m, false),
            Action::Extend(m) => s.move_cursor(m, true),
            Action::Resize { edge, grow } => s.resize(edge, grow),
            Action::NextAnnotation(forward) => s.next_annotation(forward),
            Action::Undo => s.undo(),
            Action::Redo => s.redo(),
            Action::SwitchDocument(i) => s.switch_document(i),
            Action::NextDocument(forward) => {
                let n = s.entries.len();
                let i = if forward {
                    (s.current + 1) % n
                } else {
                    (s.current + n - 1) % n
                };
                s.switch_document(i);
            }
            Action::ToggleDone => s.toggle_done(),
            Action::AskDelete(i) => s.ask_delete(i),
            Action::ConfirmDelete(true) => s.confirm_delete(),
            Action::ConfirmDelete(false) => s.confirm_delete = None,
            Action::RestoreDeleted => s.restore_deleted(),
            Action::ImportText { file_name, text } => s.import_text(file_name, &text),
            Action::ResolveImport(resolution) => {
                if let Some(pending) = s.pending_import.take() {
                    s.apply_import(&pending.file_name, &pending.file, resolution);
                }
            }
            Action::ImportStarted { total } => s.import_started(total),
            Action::ImportProgress(done) => s.import_progress(done),
            Action::ImportArticles { articles, reserved } => s.import_articles(articles, &reserved),
            Action::ImportSkipped { source, reason } => s.import_skipped(source, reason),
            Action::ImportFinished => s.import_finished(),
            Action::CloseReport => s.import_report = None,
            Action::ShowPaste(on) => s.paste = on,
            Action::ShowExport(on) => s.export_dialog = on,
            Action::ShowImportFormats(on) => s.import_dialog = on,
            Action::SetAnnotator(name) => s.annotator = name.trim().to_string(),
            Action::AddPasted(title, body) => s.add_pasted(&title, &body),
            Action::ImportSchemaText { file_name, text } => s.import_schema(&file_name, &text),
            Action::ChangeSchema(change) => s.change_schema(change),
            Action::AcceptOffer => s.accept_offer(),
            Action::DismissOffer => s.offer = None,
            Action::OpenSearch => s.open_search(),
            Action::CloseSearch => s.search = None,
            Action::SetQuery(q) => s.set_query(q),
            Action::StepHit(d) => s.step_hit(d),
            Action::OpenLabelAll(label) => s.open_label_all(label),
            Action::ConfirmLabelAll(spans) => s.confirm_label_all(spans),
            Action::CancelLabelAll => s.label_all = None,
            Action::ShowHelp(on) => s.help = on,
            Action::ShowPanel(p) => s.panel = p,
            Action::EditNote(id) => s.note_editor = id,
            Action::SaveNote(id, text) => s.save_note(id, &text),
            Action::ToggleDocLabel { set, value } => s.toggle_doc_label(&set, &value),
            Action::DocumentsArrived(found) => s.documents_arrived(found),
            Action::StorageChanged { key, value } => s.external_change(&key, value.as_deref()),
            Action::Notify(n) => s.notice = Some(n),
            Action::DismissNotice => s.notice = None,
            Action::StorageWarning(w) => s.storage_warning = w,
        })
    }
}
