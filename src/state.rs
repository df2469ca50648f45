//! The app's one state and its reducer. Actions call core operations; an action that changes
//! nothing returns the same `Rc`, so nothing re-renders. Storage is never touched here: the
//! persistence effect (`crate::persist`) writes what changed after each render.

use crate::view::DocView;
use postil_core::merge::{self, Incoming};
use postil_core::native::{self, AnnotatedDocument, NativeFile};
use postil_core::store::Workspace;
use postil_core::{AnnotationError, AnnotationId, AnnotationSet, Document, LabelSchema, Span};
use std::rc::Rc;
use yew::Reducible;

/// A document as the app holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub view: Rc<DocView>,
    pub annotations: Rc<AnnotationSet>,
}

impl Entry {
    fn new(d: AnnotatedDocument) -> Self {
        Entry {
            view: Rc::new(DocView::new(d.document)),
            annotations: Rc::new(d.annotations),
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
    /// Words not yet labeled (snapped to whole tokens).
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

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub schema: Rc<LabelSchema>,
    pub entries: Rc<Vec<Entry>>,
    pub current: usize,
    pub selection: Selection,
    pub notice: Option<Notice>,
    /// Set while work is not being saved; says why and what to do.
    pub storage_warning: Option<String>,
    pub pending_import: Option<Rc<PendingImport>>,
}

pub enum Action {
    /// The user clicked (start == end) or dragged over the article.
    Pointer {
        start: u32,
        end: u32,
    },
    /// The user clicked an annotation (in the text or the list).
    PickAnnotation(AnnotationId),
    /// Apply a label (by name) to the selection.
    ApplyLabel(String),
    /// A key was pressed that may be a label shortcut.
    LabelKey(char),
    DeleteSelected,
    ClearSelection,
    SwitchDocument(usize),
    /// A file was read for import.
    ImportText {
        file_name: String,
        text: String,
    },
    ResolveImport(Resolution),
    Notify(Notice),
    DismissNotice,
    StorageWarning(Option<String>),
}

impl AppState {
    pub fn from_workspace(ws: Workspace) -> Self {
        AppState {
            schema: Rc::new(ws.schema),
            entries: Rc::new(ws.documents.into_iter().map(Entry::new).collect()),
            current: ws.current,
            selection: Selection::None,
            notice: None,
            storage_warning: None,
            pending_import: None,
        }
    }

    /// The open document.
    pub fn entry(&self) -> &Entry {
        // `current` is kept in range by every action that changes `entries` or `current`,
        // and `entries` is never empty (the workspace always holds at least the sample).
        &self.entries[self.current.min(self.entries.len().saturating_sub(1))]
    }

    /// What a key press (without modifiers, outside form fields) means now, if anything.
    pub fn key_action(&self, key: &str) -> Option<Action> {
        if self.pending_import.is_some() {
            // The import dialog is open: only Escape (cancel) acts; its buttons do the rest.
            return (key == "Escape").then_some(Action::ResolveImport(Resolution::Cancel));
        }
        match (key, self.selection) {
            (_, Selection::None) => None,
            ("Escape", _) => Some(Action::ClearSelection),
            ("Delete" | "Backspace", Selection::Annotation(_)) => Some(Action::DeleteSelected),
            _ => {
                let mut chars = key.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if self.schema.by_key(c).is_some() => Some(Action::LabelKey(c)),
                    _ => None,
                }
            }
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

    /// Replaces the open document's annotations.
    fn set_annotations(&mut self, set: AnnotationSet) {
        let mut entries = (*self.entries).clone();
        if let Some(e) = entries.get_mut(self.current) {
            e.annotations = Rc::new(set);
        }
        self.entries = Rc::new(entries);
    }

    fn apply_label(&mut self, label: &str) {
        let entry = self.entry().clone();
        let mut set = (*entry.annotations).clone();
        let overlaps = self.schema.overlaps();
        let result = match self.selection {
            Selection::Range(span) => {
                set.run(|s| postil_core::edit::label_span(s, span, label, overlaps))
            }
            Selection::Annotation(id) => set.run(|s| postil_core::edit::relabel(s, id, label)),
            Selection::None => {
                self.notice = Some(Notice::info(format!(
                    "Select words first (click a word or drag across several), then press a key to label them {label}."
                )));
                return;
            }
        };
        match result {
            Ok(postil_core::edit::DocEdit::Add { .. }) => {
                self.set_annotations(set);
                self.selection = Selection::None;
                self.notice = None;
            }
            Ok(_) => {
                self.set_annotations(set);
                self.notice = None;
            }
            Err(AnnotationError::Unchanged) => {}
            Err(AnnotationError::Overlaps { id, label: other }) => {
                let words = entry
                    .annotations
                    .get(id)
                    .and_then(|a| entry.view.doc.slice(a.span))
                    .unwrap_or_default();
                self.notice = Some(Notice::error(format!(
                    "Not labeled: the words overlap “{words}” ({other}). Click it and press Delete first, or select words outside it."
                )));
            }
            Err(e) => self.notice = Some(Notice::error(format!("Not labeled: {e}."))),
        }
    }

    fn import_text(&mut self, file_name: String, text: &str) {
        let file = match native::import(text) {
            Ok(f) => f,
            Err(e) => {
                self.notice = Some(Notice::error(format!(
                    "Nothing was imported from “{file_name}”: {e}. Your work is unchanged."
                )));
                return;
            }
        };
        let conflicts: Vec<(String, usize, usize)> = {
            let here = pairs(&self.entries);
            file.documents
                .iter()
                .filter_map(|d| match merge::classify(&here, d) {
                    Incoming::Conflicts(i) => Some((
                        here[i].0.title().to_string(),
                        here[i].1.len(),
                        d.annotations.len(),
                    )),
                    _ => None,
                })
                .collect()
        };
        if conflicts.is_empty() {
            self.apply_import(&file_name, &file, Resolution::Replace);
        } else {
            self.pending_import = Some(Rc::new(PendingImport {
                file_name,
                file: Rc::new(file),
                conflicts,
            }));
        }
    }

    /// Adds a valid file's labels and documents. `resolution` says what to do with documents
    /// that have other annotations here (Replace or KeepBoth; Cancel does nothing).
    fn apply_import(&mut self, file_name: &str, file: &NativeFile, resolution: Resolution) {
        if resolution == Resolution::Cancel {
            self.notice = Some(Notice::info(format!(
                "Import of “{file_name}” cancelled. Your work is unchanged."
            )));
            return;
        }
        let mut schema = (*self.schema).clone();
        let added_labels = schema.merge(&file.schema);
        let mut entries = (*self.entries).clone();
        let mut details = Vec::new();
        let mut first_touched = None;
        for incoming in &file.documents {
            let counts = describe_counts(&incoming.annotations);
            let title = incoming.document.title().to_string();
            let as_copy = |entries: &mut Vec<Entry>| {
                let id = merge::free_id(incoming.document.id(), |c| {
                    entries.iter().any(|e| e.id() == c)
                });
                let doc =
                    Document::new(id, format!("{title} (imported)"), incoming.document.text());
                entries.push(Entry::new(AnnotatedDocument {
                    document: doc,
                    annotations: incoming.annotations.clone(),
                }));
                entries.len() - 1
            };
            // Classified against what is here now, earlier documents of the file included.
            let class = merge::classify(&pairs(&entries), incoming);
            let (index, what) = match class {
                Incoming::New => {
                    entries.push(Entry::new(incoming.clone()));
                    (entries.len() - 1, "added")
                }
                Incoming::Unchanged(i) => (i, "already here, unchanged"),
                Incoming::FillsIn(i) => {
                    entries[i].annotations = Rc::new(incoming.annotations.clone());
                    (i, "annotations added")
                }
                Incoming::Conflicts(i) if resolution == Resolution::Replace => {
                    entries[i].annotations = Rc::new(incoming.annotations.clone());
                    (i, "annotations replaced")
                }
                Incoming::Conflicts(_) => (as_copy(&mut entries), "added as a copy"),
                Incoming::SameIdOtherText(_) => (
                    as_copy(&mut entries),
                    "added as a copy (its text differs from the one here)",
                ),
            };
            first_touched.get_or_insert(index);
            details.push(format!("“{title}”: {counts}; {what}."));
        }
        if !added_labels.is_empty() {
            details.push(format!("New labels: {}.", added_labels.join(", ")));
        }
        let n = file.documents.len();
        let total: usize = file.documents.iter().map(|d| d.annotations.len()).sum();
        self.schema = Rc::new(schema);
        self.entries = Rc::new(entries);
        if let Some(i) = first_touched {
            self.current = i;
        }
        self.selection = Selection::None;
        self.notice = Some(Notice {
            kind: NoticeKind::Info,
            text: format!(
                "Imported “{file_name}”: {n} document{}, {total} annotation{}.",
                plural(n),
                plural(total)
            ),
            details,
        });
    }
}

/// The documents with their annotations, for merge decisions.
fn pairs(entries: &[Entry]) -> Vec<(&Document, &AnnotationSet)> {
    entries
        .iter()
        .map(|e| (&e.view.doc, &*e.annotations))
        .collect()
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
        match action {
            Action::Pointer { start, end } => self.with(|s| {
                let entry = s.entry();
                if start == end {
                    if let Some(a) = entry.annotations.covering(start).first() {
                        s.selection = Selection::Annotation(a.id);
                        return;
                    }
                }
                s.selection = match entry.view.doc.snap(Span::new(start, end)) {
                    Some(span) => Selection::Range(span),
                    None => Selection::None,
                };
            }),
            Action::PickAnnotation(id) => self.with(|s| {
                if s.entry().annotations.get(id).is_some() {
                    s.selection = Selection::Annotation(id);
                }
            }),
            Action::ApplyLabel(label) => self.with(|s| s.apply_label(&label)),
            Action::LabelKey(key) => match self.schema.by_key(key).map(|l| l.name.clone()) {
                Some(label) if self.selection != Selection::None => {
                    self.with(|s| s.apply_label(&label))
                }
                _ => self,
            },
            Action::DeleteSelected => self.with(|s| {
                if let Selection::Annotation(id) = s.selection {
                    let mut set = (*s.entry().annotations).clone();
                    if set.run(|s| postil_core::edit::remove(s, id)).is_ok() {
                        s.set_annotations(set);
                    }
                    s.selection = Selection::None;
                }
            }),
            Action::ClearSelection => self.with(|s| s.selection = Selection::None),
            Action::SwitchDocument(i) => self.with(|s| {
                if i < s.entries.len() {
                    s.current = i;
                    s.selection = Selection::None;
                }
            }),
            Action::ImportText { file_name, text } => {
                self.with(|s| s.import_text(file_name, &text))
            }
            Action::ResolveImport(resolution) => self.with(|s| {
                if let Some(pending) = s.pending_import.take() {
                    s.apply_import(&pending.file_name, &pending.file, resolution);
                }
            }),
            Action::Notify(n) => self.with(|s| s.notice = Some(n)),
            Action::DismissNotice => self.with(|s| s.notice = None),
            Action::StorageWarning(w) => self.with(|s| s.storage_warning = w),
        }
    }
}
