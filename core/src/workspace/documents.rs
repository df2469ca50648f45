//! Whole documents: opening one, deleting and restoring, and what another tab did (documents
//! it added or deleted, annotations, histories and labels it wrote). A deleted document is kept
//! for the session (the trash), so that Ctrl+Z or Restore brings it back with its annotations
//! and history; its id stays reserved meanwhile. Taking in another tab's value replaces this
//! tab's for that part only and is never recorded as a change of this tab's own.

use super::{
    describe_counts, Deleted, Doc, DocValue, Outcome, Refusal, SchemaValue, Select, Workspace,
};
use crate::annotation::AnnotationSet;
use crate::converge::{merge_doc, merge_schema};
use crate::document::Document;
use crate::edit::DocEdit;
use crate::history::History;
use crate::prose::plural;
use crate::schema::LabelSchema;
use crate::schema_edit::SchemaEdit;
use crate::slug::free_id;
use std::rc::Rc;

impl Workspace {
    /// Opens the document at `i`.
    pub fn open(&mut self, i: usize) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            if i >= ws.docs.len() || i == ws.current {
                return Err(Refusal::Unchanged);
            }
            ws.current = i;
            Ok(Outcome::select(Select::Nothing))
        })
    }

    /// Opens the next (or previous) document, round the list.
    pub fn open_next(&mut self, forward: bool) -> Result<Outcome, Refusal> {
        let n = self.docs.len();
        let i = if forward {
            (self.current + 1) % n
        } else {
            (self.current + n - 1) % n
        };
        self.open(i)
    }

    /// Whether the document at `i` may be deleted (the last one may not: Postil needs one
    /// open); its id, for the question that confirms it.
    pub fn may_delete(&self, i: usize) -> Result<String, Refusal> {
        let doc = self.docs.get(i).ok_or(Refusal::Unchanged)?;
        if self.docs.len() == 1 {
            return Err(Refusal::OnlyDocument);
        }
        Ok(doc.id().to_string())
    }

    /// Deletes the document `id` (by id: documents may have come or gone since the user
    /// asked). The open document stays open, or the one that takes the deleted one's place
    /// opens.
    pub fn delete_document(&mut self, id: &str) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let i = ws.position(id).ok_or(Refusal::Unchanged)?;
            if ws.docs.len() == 1 {
                return Err(Refusal::OnlyDocument);
            }
            let seq = ws.next_seq();
            let doc = ws.remove_doc(i, seq);
            Ok(Outcome::say(format!(
                "Deleted “{}”. Ctrl+Z (or Restore, in Documents) brings it back until you close this tab.",
                doc.title()
            )))
        })
    }

    /// Brings back the last deleted document, where it was. If its id was taken meanwhile (an
    /// import, another tab), it comes back under a free one; labels removed meanwhile come back
    /// with it, since its annotations use them.
    pub fn restore_deleted(&mut self) -> Result<Outcome, Refusal> {
        self.attempt(|ws| ws.restore_inner())
    }

    pub(super) fn restore_inner(&mut self) -> Result<Outcome, Refusal> {
        let mut trash = (*self.trash).clone();
        let d = trash.pop().ok_or(Refusal::Unchanged)?;
        self.trash = Rc::new(trash);
        let mut doc = d.doc;
        if self.position(doc.id()).is_some() {
            let id = free_id(doc.id(), |c| {
                self.position(c).is_some() || self.trash.iter().any(|t| t.doc.id() == c)
            });
            let document = Document::new(id, doc.title(), doc.document.text());
            doc = Doc {
                document: Rc::new(document),
                ..doc
            };
        }
        let mut schema = (*self.schema).clone();
        for a in doc.annotations.iter() {
            // A name that was valid when the annotation was made stays valid.
            let _ = schema.add_label(&a.label);
        }
        if schema != *self.schema {
            self.schema = Rc::new(schema);
        }
        let message = format!(
            "Restored “{}” with {}.",
            doc.title(),
            describe_counts(&doc.annotations)
        );
        let mut docs = (*self.docs).clone();
        let at = d.index.min(docs.len());
        docs.insert(at, doc);
        self.docs = Rc::new(docs);
        self.current = at;
        Ok(Outcome {
            select: Select::Nothing,
            ..Outcome::say(message)
        })
    }

    /// Adds documents another tab added, after the others (those already here are skipped).
    pub fn documents_arrived(&mut self, found: Vec<Doc>) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let mut docs = (*ws.docs).clone();
            let before = docs.len();
            for d in found {
                if !docs.iter().any(|x| x.id() == d.id()) {
                    ws.seq = ws.seq.max(d.history.max_seq());
                    docs.push(d);
                }
            }
            let added = docs.len() - before;
            if added == 0 {
                return Err(Refusal::Unchanged);
            }
            ws.docs = Rc::new(docs);
            Ok(Outcome::say(format!(
                "Another tab added {added} document{}: see Documents.",
                plural(added)
            )))
        })
    }

    /// Another tab deleted the document `id`: it goes here too (its stored values are gone),
    /// restorable by Restore, not by Ctrl+Z.
    pub fn drop_document(&mut self, id: &str) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let i = ws.position(id).ok_or(Refusal::Unchanged)?;
            if ws.docs.len() == 1 {
                return Err(Refusal::Unchanged);
            }
            let doc = ws.remove_doc(i, 0);
            Ok(Outcome::say(format!(
                "Another tab deleted “{}”. Restore (in Documents) brings it back.",
                doc.title()
            )))
        })
    }

    /// Another tab's annotations for document `id`.
    pub fn take_annotations(&mut self, id: &str, set: AnnotationSet) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let i = ws.position(id).ok_or(Refusal::Unchanged)?;
            let doc = ws.docs[i].clone();
            if set == *doc.annotations {
                return Err(Refusal::Unchanged);
            }
            ws.set_doc(
                i,
                Doc {
                    annotations: Rc::new(set),
                    ..doc
                },
            );
            Ok(Outcome::default())
        })
    }

    /// A value storage holds for document `id` (another tab's, or both tabs' merged): its
    /// annotations and history replace `expect`, what this tab held when the value was read.
    /// If this tab changed the document since, that change is kept (`expect` → current →
    /// `value` are merged). The value is taken by pointer, so the saver sees it as stored.
    pub fn take_doc_value(
        &mut self,
        id: &str,
        expect: &DocValue,
        value: DocValue,
    ) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let i = ws.position(id).ok_or(Refusal::Unchanged)?;
            let doc = ws.docs[i].clone();
            let current = DocValue::of(&doc);
            let value = if current.same(expect) {
                value
            } else {
                let (annotations, history) = merge_doc(expect.side(), current.side(), value.side());
                DocValue {
                    annotations: Rc::new(annotations),
                    history: Rc::new(history),
                }
            };
            if value.same(&current) {
                return Err(Refusal::Unchanged);
            }
            ws.seq = ws.seq.max(value.history.max_seq());
            ws.set_doc(
                i,
                Doc {
                    annotations: value.annotations,
                    history: value.history,
                    ..doc
                },
            );
            Ok(Outcome::default())
        })
    }

    /// The schema and its history storage holds (as [`Workspace::take_doc_value`]).
    pub fn take_schema_value(
        &mut self,
        expect: &SchemaValue,
        value: SchemaValue,
    ) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let current = SchemaValue::of(ws);
            let value = if current.same(expect) {
                value
            } else {
                let (schema, history) =
                    merge_schema(expect.parts(), current.parts(), value.parts());
                SchemaValue {
                    schema: Rc::new(schema),
                    history: Rc::new(history),
                }
            };
            if value.same(&current) {
                return Err(Refusal::Unchanged);
            }
            ws.seq = ws.seq.max(value.history.max_seq());
            ws.schema = value.schema;
            ws.schema_history = value.history;
            Ok(Outcome::default())
        })
    }

    /// Another tab's undo history for document `id`. Its sequence numbers count here too, so
    /// that this tab's next change is later than anything in it.
    pub fn take_history(
        &mut self,
        id: &str,
        history: History<DocEdit>,
    ) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let i = ws.position(id).ok_or(Refusal::Unchanged)?;
            ws.seq = ws.seq.max(history.max_seq());
            let doc = ws.docs[i].clone();
            if history != *doc.history {
                ws.set_doc(
                    i,
                    Doc {
                        history: Rc::new(history),
                        ..doc
                    },
                );
            }
            Ok(Outcome::default())
        })
    }

    /// Another tab's labels.
    pub fn take_schema(&mut self, schema: LabelSchema) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            if schema == *ws.schema {
                return Err(Refusal::Unchanged);
            }
            ws.schema = Rc::new(schema);
            Ok(Outcome::default())
        })
    }

    /// Another tab's history of label changes.
    pub fn take_schema_history(
        &mut self,
        history: History<SchemaEdit>,
    ) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            ws.seq = ws.seq.max(history.max_seq());
            if history != *ws.schema_history {
                ws.schema_history = Rc::new(history);
            }
            Ok(Outcome::default())
        })
    }

    /// Opens the document `id`, if it is here.
    pub fn open_id(&mut self, id: &str) -> Result<Outcome, Refusal> {
        match self.position(id) {
            Some(i) => self.open(i),
            None => Err(Refusal::Unchanged),
        }
    }

    /// Takes the document at `i` out into the trash (with sequence `seq`), keeping the open
    /// document open, or opening the one that took the removed one's place.
    fn remove_doc(&mut self, i: usize, seq: u64) -> Doc {
        let open_id = self.current().id().to_string();
        let mut docs = (*self.docs).clone();
        let doc = docs.remove(i);
        self.docs = Rc::new(docs);
        self.current = self
            .position(&open_id)
            .unwrap_or_else(|| i.min(self.docs.len() - 1));
        let mut trash = (*self.trash).clone();
        trash.push(Deleted {
            seq,
            index: i,
            doc: doc.clone(),
        });
        self.trash = Rc::new(trash);
        doc
    }
}
