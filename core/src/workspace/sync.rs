//! The workspace and a team's CouchDB: what this person's work puts into the copy of the
//! database ([`Outgoing`]), and what the server's revisions do to the work
//! ([`Workspace::take_synced`]).
//!
//! What syncs: every document but the built-in sample (its title and text), the person's own
//! annotations as their layer (or as the gold set, for a reviewer who chose so), and the
//! schema when the person is a reviewer. Others' layers arrive as layers beside the person's
//! own annotations, drawn and compared like a colleague's file. A document deleted here stays
//! in the team's database (it is others' work too).
//!
//! Offsets are `char`s, spans half-open, as everywhere in Postil.

use super::{Doc, Outcome, Refusal, Workspace};
use crate::annotation::{AnnotationSet, Layer, LayerKind};
use crate::document::Document;
use crate::prose::count;
use crate::sample::SAMPLE_ID;
use crate::schema::LabelSchema;
use crate::sync::body::{schema_from_json, schema_json, DocumentBody, LayerBody};
use crate::sync::take::{annotations, layer_body};
use crate::sync::{CouchId, Replica};
use std::collections::HashMap;
use std::rc::Rc;

/// Whose work this side writes: the person's own layer (their CouchDB name, or `gold`), and
/// whether they may change the team's schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Own {
    pub layer: String,
    pub reviewer: bool,
}

/// What this side last put into the copy of the database, by pointer, so that a put after a
/// label serialises that one document, not the thousand others.
#[derive(Default)]
pub struct Outgoing {
    sent: HashMap<String, (Rc<Document>, Rc<AnnotationSet>)>,
    schema: Option<Rc<LabelSchema>>,
    layer: String,
}

impl Outgoing {
    /// Puts into `replica` what changed in `ws` since the last put; returns how many
    /// CouchDB documents got a new revision.
    pub fn put(&mut self, ws: &Workspace, own: &Own, replica: &mut Replica) -> usize {
        if self.layer != own.layer {
            // Another layer name: everything is put again under it.
            self.sent.clear();
            self.layer = own.layer.clone();
        }
        let mut changed = 0;
        for d in ws.docs().iter() {
            if d.id() == SAMPLE_ID {
                continue;
            }
            let same = self.sent.get(d.id()).map(|(doc, set)| {
                (
                    Rc::ptr_eq(doc, &d.document),
                    Rc::ptr_eq(set, &d.annotations),
                )
            });
            if same == Some((true, true)) {
                continue;
            }
            // A text the team holds differently is never replaced (the rules refuse it), and
            // annotations of this text are not offered as annotations of that one.
            let id = CouchId::Document(d.id().to_string()).to_string();
            let theirs = replica
                .body(&id)
                .and_then(|b| DocumentBody::from_json(b).ok());
            // Nor is a document the team deleted sent again.
            let deleted = replica.get(&id).is_some_and(|e| e.body.is_none());
            if deleted || theirs.is_some_and(|t| t.text != d.document.text()) {
                continue;
            }
            if same.is_none_or(|(doc, _)| !doc) {
                let body = DocumentBody {
                    document: d.id().to_string(),
                    title: d.title().to_string(),
                    text: d.document.text().to_string(),
                };
                changed += usize::from(replica.put(&id, Some(body.to_json())));
            }
            if same.is_none_or(|(_, set)| !set) {
                let id = CouchId::Layer {
                    document: d.id().to_string(),
                    layer: own.layer.clone(),
                }
                .to_string();
                let previous = replica.body(&id).and_then(|b| LayerBody::from_json(b).ok());
                let body = layer_body(d.id(), &own.layer, &d.annotations, previous.as_ref());
                let work =
                    !body.annotations.is_empty() || !body.document_labels.is_empty() || body.done;
                if previous.is_some() || work {
                    changed += usize::from(replica.put(&id, Some(body.to_json())));
                }
            }
            self.sent.insert(
                d.id().to_string(),
                (d.document.clone(), d.annotations.clone()),
            );
        }
        if own.reviewer
            && !self
                .schema
                .as_ref()
                .is_some_and(|s| Rc::ptr_eq(s, ws.schema()))
        {
            changed +=
                usize::from(replica.put(crate::sync::ids::SCHEMA, Some(schema_json(ws.schema()))));
            self.schema = Some(ws.schema().clone());
        }
        changed
    }
}

impl Workspace {
    /// Takes in the server's revisions of `bodies` (each CouchDB id with its body, `None`
    /// when deleted): new documents are added, the person's own layer replaces their
    /// annotations, others' layers are set beside them, and the schema follows the team's.
    /// Says what could not be taken (a text that differs from the one here, a body out of
    /// shape), each a sentence.
    pub fn take_synced(
        &mut self,
        bodies: &[(String, Option<String>)],
        own: &Own,
    ) -> Result<(Outcome, Vec<String>), Refusal> {
        let mut problems = Vec::new();
        let outcome = self.attempt(|ws| {
            let mut docs = (*ws.docs).clone();
            let mut added = 0;
            let mut refused_texts = Vec::new();
            for (id, body) in bodies {
                let (Some(CouchId::Document(d)), Some(body)) = (CouchId::parse(id), body) else {
                    continue;
                };
                let b = match DocumentBody::from_json(body) {
                    Ok(b) => b,
                    Err(e) => {
                        problems.push(format!("The team's document {d} was not taken: {e}."));
                        continue;
                    }
                };
                match docs.iter().find(|x| x.id() == d) {
                    Some(here) if here.document.text() != b.text => {
                        problems.push(format!(
                            "“{}” has another text in the team's database than here: its layers there were not taken, and your annotations of it are not sent.",
                            here.title()
                        ));
                        refused_texts.push(d);
                    }
                    Some(_) => {}
                    None => {
                        docs.push(Doc::fresh(Document::new(b.document, b.title, b.text)));
                        added += 1;
                    }
                }
            }
            for (id, body) in bodies {
                let Some(CouchId::Layer { document, layer }) = CouchId::parse(id) else {
                    continue;
                };
                let Some(at) = docs.iter().position(|x| x.id() == document) else {
                    continue;
                };
                if refused_texts.contains(&document) {
                    continue;
                }
                if layer == own.layer && body.is_none() {
                    // The person's own work is never taken away by a deletion on the server:
                    // the next put writes it again, after the deletion.
                    continue;
                }
                let doc = &docs[at];
                let old = doc.annotations.clone();
                let len = doc.document.char_len();
                let taken = match body {
                    Some(json) => LayerBody::from_json(json)
                        .map_err(|e| e.to_string())
                        .and_then(|b| {
                            if layer != own.layer {
                                return annotations(&b, len);
                            }
                            // The person's own: what they did here since this side last sent it
                            // (during the sync, say) is joined with the server's version, not
                            // replaced by it. The server's version wins where both changed one
                            // annotation.
                            let here = layer_body(&document, &layer, &old, None);
                            annotations(&crate::sync::merge::join(&[b, here]), len)
                        }),
                    None => Ok(AnnotationSet::new(len)),
                };
                let set = match taken {
                    Err(e) => {
                        problems.push(format!(
                            "{layer}'s layer of “{}” was not taken: {e}.",
                            doc.title()
                        ));
                        continue;
                    }
                    Ok(set) if layer == own.layer => {
                        let mut set = set;
                        set.set_layers((*old.layers()).clone());
                        set.set_decisions(old.decisions().clone());
                        set
                    }
                    Ok(set) => {
                        let mut mine = (*old).clone();
                        let entry = (body.is_some()).then(|| {
                            Rc::new(Layer {
                                name: layer.clone(),
                                kind: LayerKind::Annotator,
                                source: "the team's database".into(),
                                annotations: set.bare(),
                            })
                        });
                        mine.set_layers(old.layers().with(&layer, entry));
                        mine
                    }
                };
                if set != *old {
                    docs[at] = Doc {
                        annotations: Rc::new(set),
                        ..doc.clone()
                    };
                }
            }
            for (id, body) in bodies {
                if let (Some(CouchId::Schema), Some(json)) = (CouchId::parse(id), body) {
                    match schema_from_json(json) {
                        Ok(schema) if schema != *ws.schema => ws.schema = Rc::new(schema),
                        Ok(_) => {}
                        Err(e) => problems.push(format!("The team's labels were not taken: {e}.")),
                    }
                }
            }
            ws.docs = Rc::new(docs);
            Ok(if added > 0 {
                Outcome::say(format!(
                    "{} came from the team's database: see Documents.",
                    count(added, "document", "documents")
                ))
            } else {
                Outcome::default()
            })
        })?;
        Ok((outcome, problems))
    }
}
