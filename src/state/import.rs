//! Importing a native file: every document in it is added, fills in, or (after asking)
//! replaces or sits beside a document already here; its labels join the schema.

use super::{
    describe_counts, plural, AppState, Entry, Notice, NoticeKind, PendingImport, Resolution,
    Selection,
};
use postil_core::corpus::AnnotatedDocument;
use postil_core::edit::DocEdit;
use postil_core::formats::native::{self, NativeFile};
use postil_core::history::History;
use postil_core::merge::{self, Incoming};
use postil_core::schema_edit::SchemaEdit;
use postil_core::slug;
use postil_core::{AnnotationSet, Document};
use std::rc::Rc;

impl AppState {
    pub(super) fn import_text(&mut self, file_name: String, text: &str) {
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
    pub(super) fn apply_import(
        &mut self,
        file_name: &str,
        file: &NativeFile,
        resolution: Resolution,
    ) {
        if resolution == Resolution::Cancel {
            self.notice = Some(Notice::info(format!(
                "Import of “{file_name}” cancelled. Your work is unchanged."
            )));
            return;
        }
        let mut schema = (*self.schema).clone();
        let added_labels = schema.merge(&file.schema);
        if !added_labels.is_empty() {
            // Recorded before the documents' steps, so that undo takes those back first and
            // then, once no annotation uses them, the labels.
            let e = SchemaEdit {
                from: (*self.schema).clone(),
                to: schema.clone(),
                docs: Vec::new(),
            };
            self.schema = Rc::new(schema);
            self.record_schema_edit(e);
        }
        let mut entries = (*self.entries).clone();
        let mut details = Vec::new();
        let mut first_touched = None;
        for incoming in &file.documents {
            let counts = describe_counts(&incoming.annotations);
            let title = incoming.document.title().to_string();
            let as_copy = |entries: &mut Vec<Entry>| {
                let id = slug::free_id(incoming.document.id(), |c| {
                    entries.iter().any(|e| e.id() == c)
                });
                let doc =
                    Document::new(id, format!("{title} (imported)"), incoming.document.text());
                entries.push(Entry::new(
                    AnnotatedDocument {
                        document: doc,
                        annotations: incoming.annotations.clone(),
                    },
                    History::default(),
                ));
                entries.len() - 1
            };
            // Classified against what is here now, earlier documents of the file included.
            let class = merge::classify(&pairs(&entries), incoming);
            let (index, what) = match class {
                Incoming::New => {
                    entries.push(Entry::new(incoming.clone(), History::default()));
                    (entries.len() - 1, "added")
                }
                Incoming::Unchanged(i) => (i, "already here, unchanged"),
                Incoming::FillsIn(i) => {
                    entries[i] = replaced(&entries[i], incoming, &mut self.seq);
                    (i, "annotations added")
                }
                Incoming::Conflicts(i) if resolution == Resolution::Replace => {
                    entries[i] = replaced(&entries[i], incoming, &mut self.seq);
                    (
                        i,
                        "annotations replaced (Ctrl+Z in that document brings yours back)",
                    )
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

/// `entry` with the file's annotations instead of its own, the swap recorded as one undoable
/// step (remove all, add all) so nothing the user had is beyond reach.
fn replaced(entry: &Entry, incoming: &AnnotatedDocument, seq: &mut u64) -> Entry {
    let mut edits: Vec<DocEdit> = entry
        .annotations
        .iter()
        .map(|a| DocEdit::Remove {
            annotation: a.clone(),
        })
        .collect();
    edits.extend(incoming.annotations.iter().map(|a| DocEdit::Add {
        annotation: a.clone(),
    }));
    edits.push(DocEdit::DocLabels {
        from: entry.annotations.doc_labels().clone(),
        to: incoming.annotations.doc_labels().clone(),
    });
    let batch = DocEdit::Batch { edits };
    let mut set = (*entry.annotations).clone();
    match batch.apply(&mut set) {
        Ok(()) => {
            *seq += 1;
            let mut history = (*entry.history).clone();
            history.record(*seq, batch);
            Entry {
                annotations: Rc::new(set),
                history: Rc::new(history),
                view: entry.view.clone(),
            }
        }
        // Ids clash between the two sets in a way a batch cannot replay: take the file's set
        // as it is (the user chose to replace).
        Err(_) => Entry {
            annotations: Rc::new(incoming.annotations.clone()),
            ..entry.clone()
        },
    }
}
