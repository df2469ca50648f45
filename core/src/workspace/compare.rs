//! How far the annotators of the workspace agree, as the agreement view shows it: every pair
//! of layers (the person's own annotations, as "you", when they have any, and every
//! annotator's layer), over all documents and document by document, and Fleiss' kappa and
//! Krippendorff's alpha (over tokens, and unitized) where three or more layers annotated the same documents. A model's
//! suggestions are left out: each one accepted or rejected leaves its layer, so what is left
//! is not the model's output (`postil agree` compares a model's file as it is). The figures are
//! `crate::agreement`'s (checked against scikit-learn, statsmodels, krippendorff and seqeval).

use super::Workspace;
use crate::agreement::{self, Pairwise};
use crate::annotation::AnnotationSet;
use crate::document::Document;

/// Two layers compared over the documents both annotated.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PairReport {
    /// The reference.
    pub a: String,
    pub b: String,
    pub corpus: Pairwise,
    /// Per document (in the workspace's order): its title, and the figures when both layers
    /// annotated it.
    pub per_doc: Vec<(String, Option<Pairwise>)>,
}

/// Everything the agreement view shows.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct AgreementReport {
    /// Every layer name met, in the order first met.
    pub layers: Vec<String>,
    pub pairs: Vec<PairReport>,
    /// Over the documents with three or more layers, each with all of its layers.
    pub fleiss: Option<f64>,
    pub alpha: Option<f64>,
    /// Krippendorff's unitized alpha (uα) over the characters: no word boundaries needed.
    pub unitized: Option<f64>,
    /// How many documents the two figures above are over.
    pub many_layer_docs: usize,
}

impl Workspace {
    /// The agreement between the workspace's annotators (see the module's comment).
    pub fn agreement_report(&self) -> AgreementReport {
        agreement_report(&self.docs)
    }
}

/// The agreement between the annotators of these documents (see the module's comment).
pub fn agreement_report(docs: &[super::Doc]) -> AgreementReport {
    let docs: Vec<(&Document, Vec<(String, &AnnotationSet)>)> = (docs.iter())
        .map(|d| {
            let own =
                (!d.annotations.is_empty()).then(|| (super::YOURS.to_string(), &*d.annotations));
            let sets = own
                .into_iter()
                .chain(
                    (d.annotations.layers().iter())
                        .filter(|l| l.kind == crate::annotation::LayerKind::Annotator)
                        .map(|l| (l.name.clone(), &l.annotations)),
                )
                .collect();
            (&*d.document, sets)
        })
        .collect();
    let mut layers: Vec<String> = Vec::new();
    for (_, sets) in &docs {
        for (n, _) in sets {
            if !layers.contains(n) {
                layers.push(n.clone());
            }
        }
    }
    let mut pairs = Vec::new();
    for (i, a) in layers.iter().enumerate() {
        for b in &layers[i + 1..] {
            pairs.push(pair(&docs, a, b));
        }
    }
    let many: Vec<(&Document, Vec<&AnnotationSet>)> = (docs.iter())
        .filter(|(_, sets)| sets.len() >= 3)
        .map(|(d, sets)| (*d, sets.iter().map(|(_, s)| *s).collect()))
        .collect();
    // Fleiss and alpha need every document rated by as many layers: the most common count.
    let width = (3..=layers.len())
        .max_by_key(|w| many.iter().filter(|(_, s)| s.len() == *w).count())
        .unwrap_or(0);
    let many: Vec<_> = many.into_iter().filter(|(_, s)| s.len() == width).collect();
    AgreementReport {
        fleiss: (!many.is_empty())
            .then(|| agreement::fleiss_kappa(&many))
            .flatten(),
        unitized: (!many.is_empty())
            .then(|| agreement::unitized_alpha(&many))
            .flatten(),
        alpha: (!many.is_empty())
            .then(|| agreement::krippendorff_alpha(&many))
            .flatten(),
        many_layer_docs: many.len(),
        layers,
        pairs,
    }
}

/// The set of the layer `name` among a document's.
fn find<'s>(sets: &[(String, &'s AnnotationSet)], name: &str) -> Option<&'s AnnotationSet> {
    sets.iter().find(|(m, _)| m == name).map(|(_, s)| *s)
}

fn pair(docs: &[(&Document, Vec<(String, &AnnotationSet)>)], a: &str, b: &str) -> PairReport {
    let both: Vec<(&Document, &AnnotationSet, &AnnotationSet)> = (docs.iter())
        .filter_map(|(d, sets)| Some((*d, find(sets, a)?, find(sets, b)?)))
        .collect();
    let per_doc = (docs.iter())
        .map(|(d, sets)| {
            let figures = match (find(sets, a), find(sets, b)) {
                (Some(x), Some(y)) => Some(agreement::pairwise(d, x, y)),
                _ => None,
            };
            (d.title().to_string(), figures)
        })
        .collect();
    PairReport {
        a: a.to_string(),
        b: b.to_string(),
        corpus: agreement::pairwise_corpus(&both),
        per_doc,
    }
}
