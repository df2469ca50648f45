//! Importing a Postil file: every document in it is added, fills in, or (after asking the
//! user) replaces or sits beside a document already here; its labels join the schema.
//! Nothing the user has is lost: replaced annotations are one undoable step, and labels the
//! file brings are a step of their own, recorded first so that undo takes the documents' steps
//! back before the labels.

use super::{describe_counts, Doc, Outcome, Refusal, Select, Workspace};
use crate::annotation::{AnnotationSet, Layer, LayerKind};
use crate::corpus::AnnotatedDocument;
use crate::document::Document;
use crate::edit::DocEdit;
use crate::formats::native::{self, NativeFile};
use crate::history::History;
use crate::merge::{self, Incoming};
use crate::prose::plural;
use crate::schema_edit::SchemaEdit;
use crate::slug::free_id;
use std::rc::Rc;

/// A document here whose annotations an imported file would replace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub title: String,
    /// Annotations here, and in the file.
    pub here: usize,
    pub there: usize,
}

/// An import that meets documents with other annotations, waiting for the user's choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingImport {
    pub file_name: String,
    pub file: Rc<NativeFile>,
    pub conflicts: Vec<Conflict>,
    /// The annotator the file names, when this annotator has not set a name, so Postil cannot
    /// tell whether the file is theirs or a colleague's (then the question asks that too).
    pub whose: Option<String>,
}

impl PendingImport {
    /// The name the file's layer would take: its annotator, or else its file's name.
    pub fn layer_name(&self) -> String {
        layer_of(&self.file, &self.file_name)
    }
}

/// The name a file's annotations take as a layer: the annotator it names, or else the file's
/// name ("ana.postil.json" is "ana").
fn layer_of(file: &NativeFile, file_name: &str) -> String {
    (file.annotator.as_deref().map(str::trim))
        .filter(|a| !a.is_empty())
        .map_or_else(|| super::layer_name(file_name), str::to_string)
}

/// How the user settles a pending import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    Replace,
    KeepBoth,
    /// The file's annotations are someone else's: each document gets them as a layer.
    Layer,
    Cancel,
}

/// What reading a Postil file came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Import {
    /// Imported (nothing here had other annotations).
    Done(Outcome),
    /// The user must choose what happens to documents with other annotations.
    Ask(PendingImport),
}

impl Workspace {
    /// Reads a Postil file and imports it: a file that names another annotator as their
    /// layer; otherwise as the annotator's own, asking first when it has other annotations for
    /// documents already here, or when it names someone and this annotator has not set a name
    /// (it may be their own work). A file with any problem is refused whole.
    pub fn import_native(&mut self, file_name: &str, text: &str) -> Result<Import, Refusal> {
        let file = native::import(text).map_err(|e| Refusal::NotImported {
            file: file_name.to_string(),
            reason: e.to_string(),
        })?;
        let whose = self.colleague(&file).map(str::to_string);
        if whose.is_some() && !self.annotator.trim().is_empty() {
            return (self.resolve_import(file_name, &file, Resolution::Layer)).map(Import::Done);
        }
        let here = pairs(&self.docs);
        let conflicts: Vec<Conflict> = file
            .documents
            .iter()
            .filter_map(|d| match merge::classify(&here, d) {
                Incoming::Conflicts(i) => Some(Conflict {
                    title: here[i].0.title().to_string(),
                    here: here[i].1.len(),
                    there: d.annotations.len(),
                }),
                _ => None,
            })
            .collect();
        if conflicts.is_empty() && whose.is_none() {
            self.resolve_import(file_name, &file, Resolution::Replace)
                .map(Import::Done)
        } else {
            Ok(Import::Ask(PendingImport {
                file_name: file_name.to_string(),
                file: Rc::new(file),
                conflicts,
                whose,
            }))
        }
    }

    /// Adds a valid file's labels and documents. `resolution` says what to do with documents
    /// that have other annotations here; Cancel changes nothing (and says so).
    pub fn resolve_import(
        &mut self,
        file_name: &str,
        file: &NativeFile,
        resolution: Resolution,
    ) -> Result<Outcome, Refusal> {
        if resolution == Resolution::Cancel {
            return Ok(Outcome::say(format!(
                "Import of “{file_name}” cancelled. Your work is unchanged."
            )));
        }
        self.attempt(|ws| {
            let mut schema = (*ws.schema).clone();
            let added_labels = schema.merge(&file.schema);
            if !added_labels.is_empty() {
                let e = SchemaEdit {
                    from: (*ws.schema).clone(),
                    to: schema.clone(),
                    docs: Vec::new(),
                };
                ws.schema = Rc::new(schema);
                ws.record_schema_edit(e);
            }
            let mut docs = (*ws.docs).clone();
            let mut details = Vec::new();
            let mut first_touched = None;
            let colleague = (resolution == Resolution::Layer).then(|| layer_of(file, file_name));
            for incoming in &file.documents {
                if let Some(name) = &colleague {
                    let layer = Layer {
                        name: name.clone(),
                        kind: LayerKind::Annotator,
                        source: file_name.to_string(),
                        annotations: incoming.annotations.clone(),
                    };
                    let (index, what) = ws.take_layer(&mut docs, incoming, layer);
                    first_touched.get_or_insert(index);
                    details.push(what);
                    continue;
                }
                let counts = describe_counts(&incoming.annotations);
                let title = incoming.document.title().to_string();
                let as_copy = |docs: &mut Vec<Doc>| {
                    let id = free_id(incoming.document.id(), |c| docs.iter().any(|d| d.id() == c));
                    let document =
                        Document::new(id, format!("{title} (imported)"), incoming.document.text());
                    docs.push(Doc::new(
                        AnnotatedDocument {
                            document,
                            annotations: incoming.annotations.clone(),
                        },
                        History::default(),
                    ));
                    docs.len() - 1
                };
                // Classified against what is here now, earlier documents of the file included.
                let (index, what) = match merge::classify(&pairs(&docs), incoming) {
                    Incoming::New => {
                        docs.push(Doc::new(incoming.clone(), History::default()));
                        (docs.len() - 1, "added")
                    }
                    Incoming::Unchanged(i) => (i, "already here, unchanged"),
                    Incoming::FillsIn(i) => {
                        docs[i] = replaced(&docs[i], incoming, &mut ws.seq);
                        (i, "annotations added")
                    }
                    Incoming::Conflicts(i) if resolution == Resolution::Replace => {
                        docs[i] = replaced(&docs[i], incoming, &mut ws.seq);
                        (
                            i,
                            "annotations replaced (Ctrl+Z in that document brings yours back)",
                        )
                    }
                    Incoming::Conflicts(_) => (as_copy(&mut docs), "added as a copy"),
                    Incoming::SameIdOtherText(_) => (
                        as_copy(&mut docs),
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
            ws.docs = Rc::new(docs);
            if let Some(i) = first_touched {
                ws.current = i;
            }
            Ok(Outcome {
                details,
                select: Select::Nothing,
                ..Outcome::say(format!(
                    "Imported “{file_name}”: {n} document{}, {total} annotation{}.",
                    plural(n),
                    plural(total)
                ))
            })
        })
    }
}

impl Workspace {
    /// The name of the colleague whose file this is: the annotator it names, unless that is
    /// this annotator (their own work, from another browser or a backup). Names are compared
    /// trimmed and without regard to case.
    fn colleague<'f>(&self, file: &'f NativeFile) -> Option<&'f str> {
        let name = file.annotator.as_deref()?.trim();
        let me = self.annotator.trim();
        (!name.is_empty() && name.to_lowercase() != me.to_lowercase()).then_some(name)
    }

    /// Puts a colleague's annotations of `incoming` beside the annotator's own, as a layer of
    /// the document here with its id (or, failing that, its text), or of a new document with
    /// none of the annotator's own. Adding the layer is an undoable step of that document
    /// (a layer of the same name is replaced in it). Layers the file itself carries come too,
    /// except one named as this annotator. Returns the document's index and the report line.
    pub(super) fn take_layer(
        &mut self,
        docs: &mut Vec<Doc>,
        incoming: &AnnotatedDocument,
        layer: Layer,
    ) -> (usize, String) {
        let title = incoming.document.title().to_string();
        let counts = describe_counts(&incoming.annotations);
        let name = layer.name.clone();
        let here = (docs
            .iter()
            .position(|d| d.id() == incoming.document.id())
            .filter(|&i| docs[i].document.text() == incoming.document.text()))
        .or_else(|| {
            docs.iter()
                .position(|d| d.document.text() == incoming.document.text())
        });
        let (index, what) = match here {
            Some(i) => (i, format!("“{title}”: {counts} as the layer “{name}”.")),
            None => {
                let id = free_id(incoming.document.id(), |c| docs.iter().any(|d| d.id() == c));
                let document = Document::new(id, &title, incoming.document.text());
                docs.push(Doc::fresh(document));
                (
                    docs.len() - 1,
                    format!("“{title}”: added, with {counts} as the layer “{name}”."),
                )
            }
        };
        // The file's own layers come too, but not one named as this annotator (their own work,
        // echoed back) or as the layer the file's annotations make (which stands).
        let me = self.annotator.trim().to_lowercase();
        let mut layers: Vec<Layer> = (incoming.annotations.layers().iter())
            .filter(|l| l.name.trim().to_lowercase() != me && l.name != name)
            .cloned()
            .collect();
        let mut own = layer;
        own.annotations = own.annotations.bare();
        layers.push(own);
        let doc = &docs[index];
        let edits: Vec<DocEdit> = (layers.into_iter())
            .filter(|l| doc.annotations.layers().get(&l.name) != Some(l))
            .map(|l| DocEdit::Layer {
                name: l.name.clone(),
                from: doc.annotations.layers().shared(&l.name),
                to: Some(Rc::new(l)),
            })
            .collect();
        if edits.is_empty() {
            return (
                index,
                format!("“{title}”: the layer “{name}” is already here, unchanged."),
            );
        }
        let batch = DocEdit::Batch { edits };
        let mut set = (*doc.annotations).clone();
        if let Err(e) = batch.apply(&mut set) {
            return (
                index,
                format!("“{title}”: not added as the layer “{name}”: {e}."),
            );
        }
        let mut history = (*doc.history).clone();
        history.record(self.next_seq(), batch);
        docs[index] = Doc {
            annotations: Rc::new(set),
            history: Rc::new(history),
            document: docs[index].document.clone(),
        };
        (index, what)
    }
}

/// The documents with their annotations, for merge decisions.
fn pairs(docs: &[Doc]) -> Vec<(&Document, &AnnotationSet)> {
    docs.iter()
        .map(|d| (&*d.document, &*d.annotations))
        .collect()
}

/// `doc` with the file's annotations instead of its own, the swap recorded as one undoable
/// step (remove all, add all) so nothing the user had is beyond reach.
fn replaced(doc: &Doc, incoming: &AnnotatedDocument, seq: &mut u64) -> Doc {
    let ids: Vec<_> = doc.annotations.iter().map(|a| a.id).collect();
    let mut edits: Vec<DocEdit> = crate::edit::removals(&doc.annotations, &ids);
    edits.extend(incoming.annotations.iter().map(|a| DocEdit::Add {
        annotation: a.clone(),
    }));
    edits.extend(
        (incoming.annotations.relations().iter()).map(|r| DocEdit::Link {
            relation: r.clone(),
        }),
    );
    edits.push(DocEdit::DocLabels {
        from: doc.annotations.doc_labels().clone(),
        to: incoming.annotations.doc_labels().clone(),
    });
    // The file's layers and review decisions come too (those only here stay).
    let (here, theirs) = (&doc.annotations, &incoming.annotations);
    edits.extend(
        (theirs.layers().iter())
            .filter(|l| here.layers().get(&l.name) != Some(*l))
            .map(|l| DocEdit::Layer {
                name: l.name.clone(),
                from: here.layers().shared(&l.name),
                to: theirs.layers().shared(&l.name),
            }),
    );
    edits.extend(
        (theirs.decisions().iter())
            .filter(|(key, taken)| here.decisions().get(*key) != Some(*taken))
            .map(|(key, taken)| DocEdit::Decide {
                key: key.clone(),
                from: here.decisions().get(key).cloned(),
                to: Some(taken.clone()),
            }),
    );
    let batch = DocEdit::Batch { edits };
    let mut set = (*doc.annotations).clone();
    match batch.apply(&mut set) {
        Ok(()) => {
            *seq += 1;
            let mut history = (*doc.history).clone();
            history.record(*seq, batch);
            Doc {
                annotations: Rc::new(set),
                history: Rc::new(history),
                document: doc.document.clone(),
            }
        }
        // Ids clash between the two sets in a way a batch cannot replay: take the file's set
        // as it is (the user chose to replace).
        Err(_) => Doc {
            annotations: Rc::new(incoming.annotations.clone()),
            ..doc.clone()
        },
    }
}
