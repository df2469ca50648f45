//! Commands on the open document's layers: taking one away, and taking annotations of a layer
//! into the annotator's own (accepting a suggestion, or a colleague's version of a span in a
//! review), or rejecting a suggestion. Each is one undoable step of the document.

use super::{Outcome, Refusal, Select, Workspace};
use crate::annotation::{
    Annotation, AnnotationError, AnnotationId, AnnotationSet, Layer, LayerKind,
};
use crate::corpus::AnnotatedDocument;
use crate::edit::DocEdit;
use crate::prose::count;
use std::rc::Rc;

/// One annotation of a layer as a review lists it: in its words' context, with what the
/// annotator's own annotations have there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayerRow {
    pub id: AnnotationId,
    pub label: String,
    pub before: String,
    pub text: String,
    pub after: String,
    /// "you have it too", "you have it as ORG", "overlaps your GPE “Moscow”"; `None` when
    /// nothing of the annotator's own touches it.
    pub yours: Option<String>,
}

/// Characters of context shown around each annotation of a review.
pub(super) const CONTEXT_CHARS: u32 = 60;

impl Workspace {
    /// Takes `articles` (a model's output, or any file imported as suggestions; `source` names
    /// the file) as the layer of suggestions named after the file: on the document here with the same text, or on a new document
    /// with none of the annotator's own. Each layer added is an undoable step of its document;
    /// labels the suggestions need join the schema. `reserved`: ids other tabs hold.
    pub fn take_suggestions(
        &mut self,
        source: &str,
        articles: Vec<crate::article::Article>,
        reserved: &std::collections::HashSet<String>,
    ) -> super::Took {
        let mut taken: std::collections::HashSet<String> =
            self.docs.iter().map(|d| d.id().to_string()).collect();
        taken.extend(self.trash.iter().map(|d| d.doc.id().to_string()));
        taken.extend(reserved.iter().cloned());
        let mut schema = (*self.schema).clone();
        let mut fresh = crate::article::Deduper::new(std::iter::empty::<&str>());
        let intake = crate::intake::take_in(articles, &mut taken, &mut fresh, &mut schema);
        if schema != *self.schema {
            self.schema = Rc::new(schema);
        }
        let mut took = super::Took {
            skipped: intake.skipped,
            annotations: intake.annotations,
            new_labels: intake.new_labels,
            ..Default::default()
        };
        self.suggested(source, intake.documents, &mut took);
        took
    }

    /// A Postil file imported as suggestions: its documents' annotations become the layer of
    /// suggestions named after the file, as [`Workspace::take_suggestions`] does with articles;
    /// its labels join the schema. A file with any problem is refused whole.
    pub fn import_suggestions(&mut self, file_name: &str, text: &str) -> Result<Outcome, Refusal> {
        let file = crate::formats::native::import(text).map_err(|e| Refusal::NotImported {
            file: file_name.to_string(),
            reason: e.to_string(),
        })?;
        self.attempt(|ws| {
            let mut schema = (*ws.schema).clone();
            let new_labels = schema.merge(&file.schema);
            if schema != *ws.schema {
                ws.schema = Rc::new(schema);
            }
            let mut took = super::Took {
                new_labels,
                ..Default::default()
            };
            let n: usize = file.documents.iter().map(|d| d.annotations.len()).sum();
            ws.suggested(file_name, file.documents, &mut took);
            if let Some(i) = took.first.as_deref().and_then(|id| ws.position(id)) {
                ws.current = i;
            }
            let mut details: Vec<String> =
                took.skipped.iter().map(|(_, why)| why.clone()).collect();
            if !took.new_labels.is_empty() {
                details.push(format!("New labels: {}.", took.new_labels.join(", ")));
            }
            Ok(Outcome {
                details,
                select: Select::Nothing,
                ..Outcome::say(format!(
                    "Imported “{file_name}” as suggestions (the layer “{}”): {}.",
                    layer_name(file_name),
                    count(n, "suggestion", "suggestions")
                ))
            })
        })
    }

    /// Puts each of `documents`' annotations as the suggestions layer named after `source` on
    /// the document with its text (or a new one), adding to `took`.
    fn suggested(
        &mut self,
        source: &str,
        documents: Vec<AnnotatedDocument>,
        took: &mut super::Took,
    ) {
        let mut docs = (*self.docs).clone();
        let name = layer_name(source);
        for incoming in documents {
            let layer = Layer {
                name: name.clone(),
                kind: LayerKind::Suggestions,
                source: source.to_string(),
                annotations: incoming.annotations.clone(),
            };
            let before = docs.len();
            let (index, what) = self.take_layer(&mut docs, &incoming, layer);
            took.first
                .get_or_insert_with(|| docs[index].id().to_string());
            if docs.len() > before {
                took.titles.push(docs[index].title().to_string());
            }
            // A layer already here, or one that could not be added, is said in the report.
            let unchanged = what.contains("already here") || what.contains("not added");
            took.skipped
                .extend(unchanged.then(|| (incoming.document.title().to_string(), what)));
        }
        self.docs = Rc::new(docs);
    }

    /// The annotations of the open document's layer `name`, in reading order, as a review
    /// lists them (none when there is no such layer).
    pub fn layer_rows(&self, name: &str) -> Vec<LayerRow> {
        let doc = self.current();
        let Some(layer) = doc.annotations.layers().get(name) else {
            return Vec::new();
        };
        (layer.annotations.iter())
            .map(|a| {
                let (before, text, after) =
                    crate::search::context(&doc.document, a.span, CONTEXT_CHARS);
                let mut mine = doc
                    .annotations
                    .within(a.span)
                    .filter(|o| o.span.overlaps(a.span));
                let yours = if doc.annotations.has(a.span, &a.label) {
                    Some("you have it too".to_string())
                } else if let Some(o) = doc.annotations.within(a.span).find(|o| o.span == a.span) {
                    Some(format!("you have it as {}", o.label))
                } else {
                    mine.next().map(|o| {
                        let words = doc.document.slice(o.span).unwrap_or_default();
                        format!("overlaps your {} “{words}”", o.label)
                    })
                };
                LayerRow {
                    id: a.id,
                    label: a.label.clone(),
                    before,
                    text,
                    after,
                    yours,
                }
            })
            .collect()
    }

    /// Adds `layer` to the open document, or replaces the layer of its name (Ctrl+Z takes it
    /// back).
    pub fn add_layer(&mut self, layer: Layer) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let name = layer.name.clone();
            let from = ws.current().annotations.layers().shared(&name);
            if from.as_deref() == Some(&layer) {
                return Err(Refusal::Unchanged);
            }
            let n = layer.annotations.len();
            let noun = match layer.kind {
                LayerKind::Suggestions => ("suggestion", "suggestions"),
                LayerKind::Annotator => ("annotation", "annotations"),
            };
            ws.commit(|_| {
                Ok(DocEdit::Layer {
                    name: name.clone(),
                    from,
                    to: Some(Rc::new(layer)),
                })
            })?;
            Ok(Outcome::say(format!(
                "Added the layer “{name}”: {}.",
                count(n, noun.0, noun.1)
            )))
        })
    }

    /// Takes the layer `name` away from the open document (Ctrl+Z brings it back).
    pub fn remove_layer(&mut self, name: &str) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let n = ws.layer(name)?.annotations.len();
            let layer = ws.current().annotations.layers().shared(name);
            ws.commit(|_| {
                Ok(DocEdit::Layer {
                    name: name.to_string(),
                    from: layer,
                    to: None,
                })
            })?;
            Ok(Outcome::say(format!(
                "Removed the layer “{name}” ({}). Ctrl+Z brings it back.",
                count(n, "annotation", "annotations")
            )))
        })
    }

    /// Takes annotation `id` of the layer `name` into the annotator's own annotations (with its
    /// note and attributes). A suggestion leaves its layer as it is accepted; a colleague's
    /// annotation stays in theirs. Refused when the schema forbids the overlap it would make
    /// or lacks its label.
    pub fn adopt(&mut self, name: &str, id: AnnotationId) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let layer = ws.layer(name)?;
            let suggestion = layer.kind == LayerKind::Suggestions;
            let a = (layer.annotations.get(id))
                .ok_or(Refusal::Annotation(AnnotationError::NoSuchAnnotation(id)))?
                .clone();
            if ws.schema.get(&a.label).is_none() {
                return Err(Refusal::NoSuchLabel { label: a.label });
            }
            let overlaps = ws.schema.overlaps();
            let made = taken(
                &ws.current().annotations,
                std::slice::from_ref(&a),
                overlaps,
            );
            let mut edits = Vec::new();
            if suggestion {
                edits.push(in_layer(
                    name,
                    vec![DocEdit::Remove {
                        annotation: a.clone(),
                    }],
                ));
            }
            let select = match made.first() {
                Some(Err(e)) => return Err(ws.refused(e.clone())),
                Some(Ok(Some(new))) => {
                    edits.push(DocEdit::Add {
                        annotation: new.clone(),
                    });
                    Select::Annotation(new.id)
                }
                _ => (ws.current().annotations.iter())
                    .find(|o| o.span == a.span && o.label == a.label)
                    .map_or(Select::Nothing, |o| Select::Annotation(o.id)),
            };
            if edits.is_empty() {
                return Err(Refusal::Unchanged);
            }
            ws.commit(|_| Ok(DocEdit::Batch { edits }))?;
            let words = ws.current().document.slice(a.span).unwrap_or_default();
            let verb = if suggestion { "Accepted" } else { "Took" };
            Ok(Outcome {
                select,
                ..Outcome::say(format!("{verb} “{words}” ({}) from “{name}”.", a.label))
            })
        })
    }

    /// Rejects suggestion `id` of the layer `name`: it leaves the layer (Ctrl+Z brings it
    /// back).
    pub fn reject(&mut self, name: &str, id: AnnotationId) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let a = (ws.layer(name)?.annotations.get(id))
                .ok_or(Refusal::Annotation(AnnotationError::NoSuchAnnotation(id)))?
                .clone();
            ws.commit(|_| {
                Ok(in_layer(
                    name,
                    vec![DocEdit::Remove {
                        annotation: a.clone(),
                    }],
                ))
            })?;
            let words = ws.current().document.slice(a.span).unwrap_or_default();
            Ok(Outcome::say(format!(
                "Rejected “{words}” ({}) from “{name}”.",
                a.label
            )))
        })
    }

    /// Accepts every suggestion of the layer `name` (of `label` only, when given) as one
    /// step. Those the schema's overlap rule refuses stay in the layer, and are counted.
    pub fn accept_all(&mut self, name: &str, label: Option<&str>) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let layer = ws.layer(name)?;
            let chosen: Vec<Annotation> = (layer.annotations.iter())
                .filter(|a| label.is_none_or(|l| a.label == l))
                .filter(|a| ws.schema.get(&a.label).is_some())
                .cloned()
                .collect();
            let overlaps = ws.schema.overlaps();
            let made = taken(&ws.current().annotations, &chosen, overlaps);
            let mut out = Vec::new();
            let mut adds = Vec::new();
            for (a, m) in chosen.iter().zip(made) {
                if let Ok(new) = m {
                    out.push(DocEdit::Remove {
                        annotation: a.clone(),
                    });
                    adds.extend(new.map(|annotation| DocEdit::Add { annotation }));
                }
            }
            let kept = chosen.len() - out.len();
            let accepted = out.len();
            if accepted == 0 {
                return Err(Refusal::NothingToAccept {
                    layer: name.to_string(),
                });
            }
            let mut edits = vec![in_layer(name, out)];
            if !adds.is_empty() {
                edits.push(DocEdit::Batch { edits: adds });
            }
            ws.commit(|_| Ok(DocEdit::Batch { edits }))?;
            let noun = label.map_or("suggestion".to_string(), |l| format!("{l} suggestion"));
            let mut message = format!(
                "Accepted {} from “{name}”.",
                count(accepted, &noun, &format!("{noun}s"))
            );
            if kept > 0 {
                message.push_str(&format!(
                    " {} stayed: {} your annotations, and this schema does not allow overlapping spans.",
                    count(kept, "suggestion", "suggestions"),
                    if kept == 1 { "it overlaps" } else { "they overlap" }
                ));
            }
            Ok(Outcome::say(message))
        })
    }

    fn layer(&self, name: &str) -> Result<&Layer, Refusal> {
        (self.current().annotations.layers().get(name))
            .ok_or_else(|| Refusal::Annotation(AnnotationError::NoSuchLayer(name.to_string())))
    }

    fn refused(&self, e: AnnotationError) -> Refusal {
        match e {
            AnnotationError::Overlaps { id, label } => Refusal::Overlaps {
                words: (self.current().annotations.get(id))
                    .and_then(|a| self.current().document.slice(a.span))
                    .unwrap_or_default()
                    .to_string(),
                label,
            },
            e => Refusal::Annotation(e),
        }
    }
}

/// A layer's name from its file's: the name without its folders and extensions
/// ("runs/model-v2.spacy" is "model-v2"), or the whole name when that leaves nothing.
pub fn layer_name(file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let stem = base.split('.').next().unwrap_or(base).trim();
    if stem.is_empty() { base.trim() } else { stem }.to_string()
}

/// One edit to the layer `name`: the edits as one batch inside it.
fn in_layer(name: &str, edits: Vec<DocEdit>) -> DocEdit {
    DocEdit::InLayer {
        layer: name.to_string(),
        edit: Box::new(DocEdit::Batch { edits }),
    }
}

/// What taking each of `wanted` into `set` would make, in order: a new annotation (the next
/// ids, checked against `set` and the ones before it), nothing when `set` already has its span
/// and label, or why the schema refuses it.
fn taken(
    set: &AnnotationSet,
    wanted: &[Annotation],
    overlaps: crate::annotation::Overlaps,
) -> Vec<Result<Option<Annotation>, AnnotationError>> {
    let mut set = set.clone();
    (wanted.iter())
        .map(|a| {
            if set.has(a.span, &a.label) {
                return Ok(None);
            }
            let new = Annotation {
                id: AnnotationId(set.next_id()),
                ..a.clone()
            };
            set.check_new(&new, overlaps)?;
            DocEdit::Add {
                annotation: new.clone(),
            }
            .apply(&mut set)?;
            Ok(Some(new))
        })
        .collect()
}
