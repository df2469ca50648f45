//! Changes to the labels (the schema), which reach into every document: applied all or
//! nothing (never leaving an annotation on a label the schema no longer has), recorded in the
//! labels' own history, and imported from a shared schema file without deleting work.

use super::{Blocked, Outcome, Refusal, Workspace};
use crate::prose::plural;
use crate::schema::LabelSchema;
use crate::schema_edit::{self, SchemaChange, SchemaEdit};
use crate::schema_file;
use std::rc::Rc;

impl Workspace {
    /// Applies a schema change to the schema and every document it reaches, and records it.
    pub fn change_schema(&mut self, change: SchemaChange) -> Result<Outcome, Refusal> {
        self.attempt(|ws| ws.change_schema_inner(change))
    }

    /// Reads a shared schema file: it replaces the labels, but labels in use that it lacks
    /// are kept, so importing a colleague's schema never deletes work.
    pub fn import_schema(&mut self, file_name: &str, text: &str) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let imported = schema_file::import(text).map_err(|e| Refusal::SchemaNotImported {
                file: file_name.to_string(),
                reason: e.to_string(),
            })?;
            let in_use: Vec<_> = ws
                .schema
                .labels()
                .iter()
                .filter(|l| {
                    imported.get(&l.name).is_none()
                        && ws
                            .docs
                            .iter()
                            .any(|d| d.annotations.iter().any(|a| a.label == l.name))
                })
                .cloned()
                .collect();
            let mut merged = imported;
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
            ws.change_schema_inner(SchemaChange {
                to: merged,
                renames: Vec::new(),
                summary,
            })
        })
    }

    fn change_schema_inner(&mut self, change: SchemaChange) -> Result<Outcome, Refusal> {
        let docs: Vec<(&str, &crate::AnnotationSet)> = self
            .docs
            .iter()
            .map(|d| (d.id(), &*d.annotations))
            .collect();
        let e = schema_edit::change(&self.schema, change.to, &change.renames, &docs);
        if e.from == e.to && e.docs.is_empty() {
            return Err(Refusal::Unchanged);
        }
        let removed = e.removed_count();
        self.apply_schema_edit(&e)
            .map_err(Refusal::LabelsNotChanged)?;
        self.record_schema_edit(e);
        let removed = if removed > 0 {
            format!(" {removed} annotation{} removed.", plural(removed))
        } else {
            String::new()
        };
        Ok(Outcome::say(format!(
            "{}.{removed} Ctrl+Z undoes it.",
            change.summary
        )))
    }

    /// Records a schema change that has been applied. It makes every redo stale, the
    /// documents' included (their steps may name labels that changed).
    pub(super) fn record_schema_edit(&mut self, e: SchemaEdit) {
        let seq = self.next_seq();
        let mut history = (*self.schema_history).clone();
        history.record(seq, e);
        self.schema_history = Rc::new(history);
        self.clear_documents_redo();
    }

    /// Sets the schema to `e.to` and applies its document edits, all or nothing. Refused when
    /// an annotation would be left with a label the schema no longer has (one it had before:
    /// a label that was already missing, from a file, is not this change's doing).
    pub(super) fn apply_schema_edit(&mut self, e: &SchemaEdit) -> Result<(), Blocked> {
        let mut docs = (*self.docs).clone();
        for (id, doc_edit) in &e.docs {
            if let Some(doc) = docs.iter_mut().find(|d| d.id() == id) {
                let mut set = (*doc.annotations).clone();
                doc_edit.apply(&mut set).map_err(Blocked::Edit)?;
                doc.annotations = Rc::new(set);
            }
        }
        let orphan = docs.iter().find_map(|d| {
            d.annotations
                .iter()
                .find(|a| e.to.get(&a.label).is_none() && self.schema.get(&a.label).is_some())
                .map(|a| (d, a))
        });
        if let Some((d, a)) = orphan {
            return Err(Blocked::LabelInUse {
                words: d.document.slice(a.span).unwrap_or_default().to_string(),
                title: d.title().to_string(),
                label: a.label.clone(),
            });
        }
        self.docs = Rc::new(docs);
        // Another tab may already have given this schema: then it is not replaced (nor
        // written again).
        if *self.schema != e.to {
            self.schema = Rc::new(e.to.clone());
        }
        Ok(())
    }
}
