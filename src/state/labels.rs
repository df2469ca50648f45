//! Changes to the labels (the schema), which reach into every document: applied all or
//! nothing, recorded in the labels' own history, and imported from a shared schema file.

use super::{AppState, Entry, Notice, Selection};
use crate::components::schema_editor::SchemaChange;
use postil_core::schema_edit::{self, SchemaEdit};
use postil_core::{AnnotationSet, LabelSchema};
use std::rc::Rc;

impl AppState {
    /// Applies a schema change to the schema and every document it reaches, and records it.
    pub(super) fn change_schema(&mut self, change: SchemaChange) {
        let docs: Vec<(&str, &AnnotationSet)> = self
            .entries
            .iter()
            .map(|e| (e.id(), &*e.annotations))
            .collect();
        let e = schema_edit::change(&self.schema, change.to, &change.renames, &docs);
        if e.from == e.to && e.docs.is_empty() {
            return;
        }
        let removed = e.removed_count();
        if let Err(err) = self.apply_schema_edit(&e) {
            self.notice = Some(Notice::error(format!(
                "The labels were not changed: {err}."
            )));
            return;
        }
        self.record_schema_edit(e);
        let removed = if removed > 0 {
            format!(" {removed} annotation{} removed.", super::plural(removed))
        } else {
            String::new()
        };
        self.notice = Some(Notice::info(format!(
            "{}.{removed} Ctrl+Z undoes it.",
            change.summary
        )));
    }

    /// Records a schema change that has been applied. It makes every redo stale, the
    /// documents' included (their steps may name labels that changed).
    pub(super) fn record_schema_edit(&mut self, e: SchemaEdit) {
        self.seq += 1;
        let mut history = (*self.schema_history).clone();
        history.record(self.seq, e);
        self.schema_history = Rc::new(history);
        self.clear_documents_redo();
    }

    /// Forgets every document's redo steps.
    pub(super) fn clear_documents_redo(&mut self) {
        if !self.entries.iter().any(|x| x.history.can_redo()) {
            return;
        }
        let entries: Vec<Entry> = self
            .entries
            .iter()
            .map(|x| {
                if x.history.can_redo() {
                    let mut h = (*x.history).clone();
                    h.clear_redo();
                    Entry {
                        history: Rc::new(h),
                        ..x.clone()
                    }
                } else {
                    x.clone()
                }
            })
            .collect();
        self.entries = Rc::new(entries);
    }

    /// Sets the schema to `e.to` and applies its document edits, all or nothing. Refused when
    /// an annotation would be left with a label the schema no longer has.
    pub(super) fn apply_schema_edit(&mut self, e: &SchemaEdit) -> Result<(), String> {
        let mut entries = (*self.entries).clone();
        for (id, doc_edit) in &e.docs {
            if let Some(entry) = entries.iter_mut().find(|x| x.id() == id) {
                let mut set = (*entry.annotations).clone();
                doc_edit.apply(&mut set).map_err(|err| err.to_string())?;
                entry.annotations = Rc::new(set);
            }
        }
        let orphan = entries.iter().find_map(|x| {
            x.annotations
                .iter()
                .find(|a| e.to.get(&a.label).is_none() && self.schema.get(&a.label).is_some())
                .map(|a| (x, a))
        });
        if let Some((x, a)) = orphan {
            let words = x.view.doc.slice(a.span).unwrap_or_default();
            return Err(format!(
                "“{words}” in “{}” still uses the label {}; remove or relabel it first",
                x.view.doc.title(),
                a.label
            ));
        }
        self.entries = Rc::new(entries);
        self.schema = Rc::new(e.to.clone());
        if matches!(self.selection, Selection::Annotation(_))
            && self.selected_annotation().is_none()
        {
            self.clear_selection();
        }
        Ok(())
    }

    /// Reads a shared schema file: it replaces the labels, but labels in use that it lacks
    /// are kept, so importing a colleague's schema never deletes work.
    pub(super) fn import_schema(&mut self, file_name: &str, text: &str) {
        let imported = match postil_core::schema_file::import(text) {
            Ok(s) => s,
            Err(e) => {
                self.notice = Some(Notice::error(format!(
                    "Nothing was imported from “{file_name}”: {e}. Your labels are unchanged."
                )));
                return;
            }
        };
        let mut merged = imported.clone();
        let in_use: Vec<_> = self
            .schema
            .labels()
            .iter()
            .filter(|l| {
                imported.get(&l.name).is_none()
                    && self
                        .entries
                        .iter()
                        .any(|e| e.annotations.iter().any(|a| a.label == l.name))
            })
            .cloned()
            .collect();
        // They come from a valid schema, so they form one; `merge` gives them free keys.
        if let Ok(kept) = LabelSchema::new(in_use.clone()) {
            merged.merge(&kept);
        }
        let mut summary = format!("Imported the labels of “{file_name}”");
        if !in_use.is_empty() {
            let names: Vec<_> = in_use.iter().map(|l| l.name.as_str()).collect();
            summary.push_str(&format!(
                " (kept {}, which your annotations use)",
                names.join(", ")
            ));
        }
        self.change_schema(SchemaChange {
            to: merged,
            renames: Vec::new(),
            summary,
        });
    }
}
