//! Other people's annotations of a document, and a model's: each a layer beside the
//! annotator's own, named by its annotator (or model) and kept with the document. A layer is
//! read to be shown, compared and reviewed; the annotator's own annotations stay the ones that
//! are edited and exported. Suggestions are a layer whose annotations the annotator accepts
//! (into their own) or rejects, one by one.
//!
//! Offsets are `char`s, spans half-open, as everywhere in Postil.

use super::{Annotation, AnnotationSet, Overlaps, Relation};
use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// What a layer holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LayerKind {
    /// A person's annotations (a colleague's file).
    #[default]
    Annotator,
    /// A model's predictions (or any file imported as suggestions), to accept or reject.
    Suggestions,
}

/// One layer: whose it is, what it holds, and where it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "LayerShape", try_from = "LayerShape")]
pub struct Layer {
    pub name: String,
    pub kind: LayerKind,
    /// The file it was imported from ("ana.postil.json"), for the layers list.
    pub source: String,
    pub annotations: AnnotationSet,
}

/// A document's layers, sorted by name; names are unique. Each is shared (`Rc`), so a change
/// to one copies only that one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layers(Vec<Rc<Layer>>);

impl Layers {
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Layer> + Clone {
        self.0.iter().map(|l| &**l)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn get(&self, name: &str) -> Option<&Layer> {
        self.iter().find(|l| l.name == name)
    }

    /// The layer `name`, shared.
    pub fn shared(&self, name: &str) -> Option<Rc<Layer>> {
        self.0.iter().find(|l| l.name == name).cloned()
    }

    /// These layers with `name`'s replaced by `layer` (`None`: taken away; a new name: added
    /// in its place by name).
    pub fn with(&self, name: &str, layer: Option<Rc<Layer>>) -> Layers {
        let mut list: Vec<Rc<Layer>> = self.0.iter().filter(|l| l.name != name).cloned().collect();
        list.extend(layer);
        Layers::sorted(list)
    }

    pub(crate) fn get_mut(&mut self, name: &str) -> Option<&mut Layer> {
        self.0.iter_mut().find(|l| l.name == name).map(Rc::make_mut)
    }

    /// The layers sorted by name; of two with one name, the later stands.
    fn sorted(mut list: Vec<Rc<Layer>>) -> Self {
        list.reverse();
        list.sort_by(|a, b| a.name.cmp(&b.name));
        list.dedup_by(|later, earlier| later.name == earlier.name);
        Layers(list)
    }
}

impl From<Vec<Layer>> for Layers {
    /// The layers sorted by name; of two with one name, the later stands.
    fn from(list: Vec<Layer>) -> Self {
        Layers::sorted(list.into_iter().map(Rc::new).collect())
    }
}

/// What the reviewer decided where the layers disagreed: for a disagreement's extent, whose
/// version was taken ("Ana", "Ana and Ben"), or that none was ("rejected"), or that the
/// reviewer wrote their own ("edited"). Kept with the document, so that a review's progress
/// and who-accepted-what travel with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub start: u32,
    pub end: u32,
    /// For a relation's disagreement, which relation (see [`DecisionKey::relation`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
    pub taken: String,
}

/// Where a decision was made: a disagreement's extent, and for a relation's, which relation
/// ("met: 0-6 → 11-18", its type and its ends' spans), so that it is never taken for the
/// spans' disagreement over the same extent, or for another relation between them.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct DecisionKey {
    pub span: crate::span::Span,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
}

/// A document's decisions, by where they were made; one each.
pub type Decisions = std::collections::BTreeMap<DecisionKey, String>;

/// The decisions as written (of two for one place, the later stands; an empty extent is left
/// out).
pub fn decision_map(list: Vec<Decision>) -> Decisions {
    (list.into_iter())
        .filter(|d| d.start < d.end)
        .map(|d| {
            let span = crate::span::Span::new(d.start, d.end);
            (
                DecisionKey {
                    span,
                    relation: d.relation,
                },
                d.taken,
            )
        })
        .collect()
}

/// How a layer is written (in undo histories, browser storage and Postil files): its
/// annotations and relations as they are, checked again when read.
#[derive(Serialize, Deserialize)]
struct LayerShape {
    name: String,
    #[serde(default)]
    kind: LayerKind,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    source: String,
    text_len: u32,
    annotations: Vec<Annotation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    relations: Vec<Relation>,
}

impl From<Layer> for LayerShape {
    fn from(l: Layer) -> Self {
        LayerShape {
            name: l.name,
            kind: l.kind,
            source: l.source,
            text_len: l.annotations.text_len(),
            annotations: l.annotations.iter().cloned().collect(),
            relations: l.annotations.relations().to_vec(),
        }
    }
}

impl TryFrom<LayerShape> for Layer {
    type Error = String;

    fn try_from(s: LayerShape) -> Result<Self, String> {
        let name = s.name;
        let bad = |what: String| format!("layer “{name}”: {what}");
        let set = AnnotationSet::from_parts(s.text_len, s.annotations, 1, Overlaps::Allowed)
            .map_err(|(a, e)| bad(format!("annotation {}: {e}", a.id)))?;
        let next = s.relations.iter().map(|r| r.id.0 + 1).max().unwrap_or(1);
        let annotations = (set.with_relations(s.relations, next))
            .map_err(|(r, e)| bad(format!("relation {}: {e}", r.id)))?;
        Ok(Layer {
            name,
            kind: s.kind,
            source: s.source,
            annotations,
        })
    }
}
