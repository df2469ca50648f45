//! Between Postil's own values and the bodies that sync: a person's annotations as their
//! layer's body (with what they removed since the last version, so that a join keeps it
//! removed), a layer's body as annotations checked against the document's text, and the whole
//! of a database copy as documents with their layers, for an export.
//!
//! Offsets are `char`s, spans half-open, as everywhere in Postil.

use super::body::{schema_from_json, DocumentBody, Key, LayerBody, Moved};
use super::ids::CouchId;
use super::replica::Replica;
use crate::annotation::{AnnotationSet, Layer, LayerKind, Layers, Overlaps};
use crate::corpus::AnnotatedDocument;
use crate::document::Document;
use crate::schema::LabelSchema;
use std::collections::{BTreeMap, BTreeSet};

/// `set` (a person's own annotations of `document`) as the body of their layer `layer`.
/// `previous` is the body this side last held: what it had that `set` lacks is recorded as
/// removed, and ids a join gave are remembered for what is still here.
pub fn layer_body(
    document: &str,
    layer: &str,
    set: &AnnotationSet,
    previous: Option<&LayerBody>,
) -> LayerBody {
    let keys: BTreeSet<Key> = set.iter().map(Key::of).collect();
    let relation_keys: BTreeSet<Key> = set.relations().iter().map(Key::of_relation).collect();
    let mut removed = previous.map(|p| p.removed.clone()).unwrap_or_default();
    let mut moved = Moved::default();
    if let Some(p) = previous {
        for a in &p.annotations {
            if !keys.contains(&Key::of(a)) {
                removed.annotations.insert(p.origin(a));
            }
        }
        for r in &p.relations {
            if !relation_keys.contains(&Key::of_relation(r)) {
                removed.relations.insert(p.relation_origin(r));
            }
        }
        moved.annotations = (p.moved.annotations.iter())
            .filter(|(k, _)| keys.contains(k))
            .map(|(k, o)| (*k, *o))
            .collect();
        moved.relations = (p.moved.relations.iter())
            .filter(|(k, _)| relation_keys.contains(k))
            .map(|(k, o)| (*k, *o))
            .collect();
    }
    // What the layer holds is not removed, though it was once: an annotation taken out and
    // put back with the same key (a file's, with no time it was made: undo, or an older
    // export pushed again) would otherwise be dropped by the next join of this layer.
    let origin = |map: &BTreeMap<Key, Key>, k: &Key| map.get(k).copied().unwrap_or(*k);
    let held: BTreeSet<Key> = keys.iter().map(|k| origin(&moved.annotations, k)).collect();
    removed.annotations.retain(|k| !held.contains(k));
    let held: BTreeSet<Key> = (relation_keys.iter())
        .map(|k| origin(&moved.relations, k))
        .collect();
    removed.relations.retain(|k| !held.contains(k));
    LayerBody {
        document: document.to_string(),
        layer: layer.to_string(),
        annotations: set.iter().cloned().collect(),
        relations: set.relations().to_vec(),
        document_labels: set.doc_labels().clone(),
        done: set.done(),
        removed,
        moved,
    }
}

/// A layer's annotations over a text of `text_len` characters, checked as a file's are.
pub fn annotations(body: &LayerBody, text_len: u32) -> Result<AnnotationSet, String> {
    let set = AnnotationSet::from_parts(text_len, body.annotations.clone(), 1, Overlaps::Allowed)
        .map_err(|(a, e)| format!("annotation {}: {e}", a.id))?;
    let mut set = set
        .with_relations(body.relations.clone(), 1)
        .map_err(|(r, e)| format!("relation {}: {e}", r.id))?;
    set.set_doc_labels(body.document_labels.clone());
    set.set_done(body.done);
    Ok(set)
}

/// What a copy of the database holds, as Postil's documents.
#[derive(Clone, Debug, Default)]
pub struct Pulled {
    /// The team's schema, if the database has one Postil can read.
    pub schema: Option<LabelSchema>,
    /// Each document with the layer chosen as its annotations and every other layer beside
    /// them, in the order of their ids.
    pub documents: Vec<AnnotatedDocument>,
    /// How many documents had the chosen layer.
    pub with_layer: usize,
    /// What could not be read, each a sentence naming the document.
    pub problems: Vec<String>,
}

/// The documents of `replica` with the layer `main` (a person's, or the gold set) as their
/// annotations and the other layers beside them.
pub fn pulled(replica: &Replica, main: &str) -> Pulled {
    let mut out = Pulled::default();
    let mut layers: BTreeMap<String, Vec<LayerBody>> = BTreeMap::new();
    let mut texts: Vec<DocumentBody> = Vec::new();
    for (id, entry) in &replica.entries {
        let Some(body) = entry.body.as_deref() else {
            continue;
        };
        match CouchId::parse(id) {
            Some(CouchId::Schema) => match schema_from_json(body) {
                Ok(s) => out.schema = Some(s),
                Err(e) => out.problems.push(format!("the schema: {e}")),
            },
            Some(CouchId::Document(_)) => match DocumentBody::from_json(body) {
                Ok(d) => texts.push(d),
                Err(e) => out.problems.push(format!("{id}: {e}")),
            },
            Some(CouchId::Layer { document, .. }) => match LayerBody::from_json(body) {
                Ok(l) => layers.entry(document).or_default().push(l),
                Err(e) => out.problems.push(format!("{id}: {e}")),
            },
            None => {}
        }
    }
    for d in texts {
        let document = Document::new(d.document.clone(), d.title, d.text);
        let len = document.char_len();
        let mut own = AnnotationSet::new(len);
        let mut others = Vec::new();
        for body in layers.remove(&d.document).unwrap_or_default() {
            match annotations(&body, len) {
                Ok(set) if body.layer == main => {
                    own = set;
                    out.with_layer += 1;
                }
                Ok(set) => others.push(Layer {
                    name: body.layer.clone(),
                    kind: LayerKind::Annotator,
                    source: "CouchDB".into(),
                    annotations: set.bare(),
                }),
                Err(e) => out.problems.push(format!(
                    "{}'s layer of “{}”: {e}",
                    body.layer,
                    document.title()
                )),
            }
        }
        own.set_layers(Layers::from(others));
        out.documents.push(AnnotatedDocument {
            document,
            annotations: own,
        });
    }
    for (document, bodies) in layers {
        for b in bodies {
            out.problems.push(format!(
                "{}'s layer of “{document}”: the database has no such document",
                b.layer
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{Annotation, AnnotationId};
    use crate::span::Span;

    fn set(items: &[(u32, u32, u32, u64)]) -> AnnotationSet {
        let items = (items.iter())
            .map(|&(id, start, end, created)| Annotation {
                id: AnnotationId(id),
                span: Span { start, end },
                label: "PERSON".into(),
                note: String::new(),
                attributes: Default::default(),
                created: Some(created),
            })
            .collect();
        AnnotationSet::from_parts(20, items, 1, Overlaps::Allowed).unwrap()
    }

    #[test]
    fn a_layer_remembers_what_was_removed_and_reads_back_checked() {
        let first = layer_body("d", "ana", &set(&[(1, 0, 2, 10), (2, 3, 5, 11)]), None);
        assert!(first.removed.annotations.is_empty());
        let mut second = layer_body("d", "ana", &set(&[(2, 3, 5, 11)]), Some(&first));
        assert_eq!(
            second.removed.annotations,
            BTreeSet::from([Key {
                id: 1,
                created: Some(10)
            }])
        );
        // A moved id is remembered while its annotation is here.
        second.moved.annotations.insert(
            Key {
                id: 2,
                created: Some(11),
            },
            Key {
                id: 9,
                created: Some(11),
            },
        );
        let third = layer_body("d", "ana", &set(&[]), Some(&second));
        assert!(third.removed.annotations.contains(&Key {
            id: 9,
            created: Some(11)
        }));
        assert!(third.moved.annotations.is_empty());

        assert_eq!(annotations(&first, 20).unwrap().len(), 2);
        let why = annotations(&first, 4).unwrap_err();
        assert!(why.starts_with("annotation 2:"), "{why}");
    }

    /// An annotation removed, pushed, and put back (the same key: a file's annotations have
    /// no time they were made) is held and not listed as removed, so a join with a version
    /// written apart keeps it.
    #[test]
    fn an_annotation_put_back_is_no_longer_removed() {
        let items = |ids: &[u32]| {
            let items = (ids.iter())
                .map(|&id| Annotation {
                    id: AnnotationId(id),
                    span: Span {
                        start: id * 3,
                        end: id * 3 + 2,
                    },
                    label: "PERSON".into(),
                    note: String::new(),
                    attributes: Default::default(),
                    created: None,
                })
                .collect();
            AnnotationSet::from_parts(20, items, 1, Overlaps::Allowed).unwrap()
        };
        let first = layer_body("d", "ana", &items(&[1, 2]), None);
        let second = layer_body("d", "ana", &items(&[2]), Some(&first));
        let third = layer_body("d", "ana", &items(&[1, 2]), Some(&second));
        assert!(third.removed.annotations.is_empty(), "{:?}", third.removed);
        for versions in [[third.clone(), first.clone()], [first, third]] {
            let ids: Vec<u32> = (super::super::merge::join(&versions).annotations.iter())
                .map(|a| a.id.0)
                .collect();
            assert_eq!(ids, [1, 2]);
        }
    }

    #[test]
    fn a_copy_of_the_database_becomes_documents_with_layers() {
        let mut replica = Replica::new();
        let doc = DocumentBody {
            document: "d1".into(),
            title: "One".into(),
            text: "Lavrov met Qureshi.".into(),
        };
        replica.put("document:d1", Some(doc.to_json()));
        let ana = layer_body("d1", "ana", &set(&[(1, 0, 6, 1)]), None);
        let gold = layer_body("d1", "gold", &set(&[(1, 0, 6, 1), (2, 11, 18, 2)]), None);
        let stray = layer_body("d9", "ana", &set(&[]), None);
        replica.put("layer:d1:ana", Some(ana.to_json()));
        replica.put("layer:d1:gold", Some(gold.to_json()));
        replica.put("layer:d9:ana", Some(stray.to_json()));
        let pulled = pulled(&replica, "gold");
        assert_eq!(pulled.documents.len(), 1);
        assert_eq!(pulled.with_layer, 1);
        let d = &pulled.documents[0];
        assert_eq!(d.annotations.len(), 2);
        let names: Vec<&str> = d
            .annotations
            .layers()
            .iter()
            .map(|l| l.name.as_str())
            .collect();
        assert_eq!(names, ["ana"]);
        assert_eq!(
            pulled.problems,
            ["ana's layer of “d9”: the database has no such document"]
        );
    }
}
