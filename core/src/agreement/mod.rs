//! Agreement between annotators (or models) who labeled the same documents apart: how far one
//! agrees with another taken as the truth, how far three or more agree beyond chance, where
//! they disagree, and what they all agree on (a gold set to start reviewing from).
//!
//! Offsets are `char`s (Unicode scalar values) and spans half-open `[start, end)`, as everywhere
//! in Postil. Every function here is pure: it reads annotation sets and returns figures.
//!
//! # Definitions
//!
//! A *layer* is one annotator's annotation set for one document. Two layers are compared with
//! one of them, the *reference*, as the truth; counts are of annotations:
//!
//! - **Exact match**: the same span and the same label. Within one set a (span, label) pair is
//!   unique, so matching is one-to-one: `tp` counts the other layer's annotations that match a
//!   reference annotation, `fp` the other's unmatched ones, `fn_` the reference's unmatched
//!   ones. Per label, by label name; `overall` is the sum over labels (micro-averaged).
//! - **Overlap match**: the same label and spans sharing at least one character, matched one to
//!   one greedily in reading order: each reference annotation, in the set's order (by start,
//!   longer first), takes the first of the other's annotations, in the same order, that has its
//!   label, shares a character with it and is not taken yet. Greedy matching can miss a better
//!   pairing (reference spans A and D, the other's B and C; A overlaps B and C, D only B: A
//!   takes B and leaves D unmatched, where A–C and D–B would match both), so overlap counts
//!   need not mirror when the two layers swap roles; exact counts always do.
//! - **Relations**: a relation of the other layer matches one of the reference when both have
//!   the same type and their `from` ends, and their `to` ends, match exactly (span and label).
//!   Unmatched relations are `fp` (other) and `fn_` (reference).
//! - **Precision** is `tp / (tp + fp)`, **recall** `tp / (tp + fn)`, **F1**
//!   `2tp / (2tp + fp + fn)` (the harmonic mean of the two where both are defined, and 0 when
//!   only one is); each is `None` when its denominator is 0.
//! - **Token labels**: the document's word tokens ([`Document::tokens`]); a token's label is
//!   the label of the shortest annotation sharing a character with it (on a tie, the first in
//!   the set's order), or [`OUTSIDE`] (`"O"`) when none does. (A label itself named `O` is
//!   counted together with no label.)
//! - **Cohen's kappa** of two layers is over their token labels:
//!   `(po − pe) / (1 − pe)`, with `po` the share of tokens labeled alike and `pe` the chance of
//!   that, `Σ_k p₁(k)·p₂(k)` over categories `k` (as scikit-learn's `cohen_kappa_score`).
//!   It is `None` when there are no tokens, and when `pe = 1`: both layers gave every token the
//!   one same category, so agreement beyond chance is 0/0 (scikit-learn returns NaN there).
//! - **Fleiss' kappa** treats each layer as a rater and each token of each document as an item,
//!   categories being the labels and `O` (Fleiss 1971, as statsmodels' `fleiss_kappa`; with
//!   two layers it is Scott's pi). Every document must have the same number of layers, at
//!   least two.
//! - **Krippendorff's alpha** is the nominal alpha with tokens as units, every layer rating
//!   every token (no missing values): `1 − D_o / D_e`, the observed over the expected
//!   disagreement of the coincidence matrix (as the `krippendorff` package's
//!   `alpha(level_of_measurement="nominal")`).
//!   Both chance-corrected figures are `None` when they would divide by zero: no tokens, fewer
//!   than two layers, layers of different numbers across documents, or one category for all.
//! - **Krippendorff's unitized alpha (uα)** needs no tokens: it measures how alike the layers
//!   cut the text, character by character, into labeled units and gaps, for two layers or
//!   more (as the `krippendorff-unitized-alpha` package computes it). Its definition, and how
//!   nested annotations are cut into segments, are in `unitized.rs`.
//!
//! [`disagreements`] and [`agreed`] (in `review.rs`) say what differs and what does not; their
//! rules are on them.

mod chance;
mod counts;
mod review;
mod unitized;

pub use chance::{cohen_kappa, fleiss_kappa, krippendorff_alpha, token_labels, OUTSIDE};
pub use counts::{Counts, LabelTable};
pub use review::{agreed, disagreements, Disagreement, DisagreementKind};
pub use unitized::{segments, unitized_alpha, Segment};

use crate::annotation::AnnotationSet;
use crate::document::Document;

/// One annotator's (or model's) annotations of one document.
#[derive(Clone, Copy, Debug)]
pub struct Layer<'a> {
    pub name: &'a str,
    pub annotations: &'a AnnotationSet,
}

/// Two layers compared, `reference` as the truth.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Pairwise {
    pub exact: LabelTable,
    pub overlap: LabelTable,
    pub relations: Counts,
    /// Cohen's kappa over the token labels.
    pub kappa: Option<f64>,
    /// How many tokens the kappa is over.
    pub tokens: usize,
    /// Krippendorff's uα of the two layers over the documents' characters.
    pub unitized: Option<f64>,
}

/// Compares `other` with `reference` on one document.
pub fn pairwise(doc: &Document, reference: &AnnotationSet, other: &AnnotationSet) -> Pairwise {
    pairwise_corpus(&[(doc, reference, other)])
}

/// Compares two layers over several documents: the counts are summed, and the kappa is over
/// all tokens of all documents together (not an average of the documents' kappas).
pub fn pairwise_corpus(docs: &[(&Document, &AnnotationSet, &AnnotationSet)]) -> Pairwise {
    let mut exact = LabelTable::default();
    let mut overlap = LabelTable::default();
    let mut relations = Counts::default();
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for (doc, reference, other) in docs {
        exact = exact.plus(&counts::exact(reference, other));
        overlap = overlap.plus(&counts::overlap(reference, other));
        relations += counts::relations(reference, other);
        ours.extend(token_labels(doc, reference));
        theirs.extend(token_labels(doc, other));
    }
    let both: Vec<(&Document, Vec<&AnnotationSet>)> =
        (docs.iter()).map(|(d, r, o)| (*d, vec![*r, *o])).collect();
    Pairwise {
        unitized: unitized_alpha(&both),
        exact,
        overlap,
        relations,
        kappa: cohen_kappa(&ours, &theirs),
        tokens: ours.len(),
    }
}
