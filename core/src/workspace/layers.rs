//! Commands on the open document's layers: taking one away, and taking annotations of a layer
//! into the annotator's own (accepting a suggestion, or a colleague's version of a span in a
//! review), or rejecting a suggestion. Each is one undoable step of the document.

use super::{Outcome, Refusal, Select, Workspace};
use crate::annotation::{
    Annotation, AnnotationError, AnnotationId, AnnotationSet, Layer, LayerKind,
};
use crate::edit::DocEdit;
use crate::prose::count;
use std::rc::Rc;

impl Workspace {
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
            if set
                .within(a.span)
                .any(|o| o.span == a.span && o.label == a.label)
            {
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
