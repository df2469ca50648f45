//! Agreement beyond chance over word tokens: each token's label in a layer, Cohen's kappa for
//! two layers, Fleiss' kappa and Krippendorff's alpha for any number (the definitions are in
//! the module above). Offsets are `char`s, spans half-open.
//!
//! The sums are kept as integers and divided once at the end, so that "divides by zero" is an
//! exact test rather than a comparison of floats.

use crate::annotation::AnnotationSet;
use crate::document::Document;
use crate::span::Span;
use std::collections::HashMap;

/// The label of a token that no annotation touches.
pub const OUTSIDE: &str = "O";

/// Each token's label in `set`: that of the shortest annotation sharing a character with it
/// (the first in the set's order on a tie), or [`OUTSIDE`].
pub fn token_labels(doc: &Document, set: &AnnotationSet) -> Vec<String> {
    token_refs(doc, set)
        .into_iter()
        .map(str::to_string)
        .collect()
}

fn token_refs<'a>(doc: &Document, set: &'a AnnotationSet) -> Vec<&'a str> {
    (doc.tokens().iter()).map(|t| label_of(set, *t)).collect()
}

fn label_of(set: &AnnotationSet, token: Span) -> &str {
    // `min_by_key` keeps the first of equal keys, and `within` yields in the set's order.
    (set.within(token).min_by_key(|a| a.span.len())).map_or(OUTSIDE, |a| a.label.as_str())
}

/// Cohen's kappa of two label sequences of the same length: `(po − pe) / (1 − pe)`, or `None`
/// when they are empty, of different lengths, or `pe = 1`.
pub fn cohen_kappa(a: &[String], b: &[String]) -> Option<f64> {
    if a.len() != b.len() || a.is_empty() {
        return None;
    }
    let mut margins: HashMap<&str, (i128, i128)> = HashMap::new();
    for (x, y) in a.iter().zip(b) {
        margins.entry(x).or_default().0 += 1;
        margins.entry(y).or_default().1 += 1;
    }
    let n = a.len() as i128;
    let alike = a.iter().zip(b).filter(|(x, y)| x == y).count() as i128;
    let chance: i128 = margins.values().map(|(p, q)| p * q).sum();
    // po = alike / n and pe = chance / n², multiplied through by n².
    divide(n * alike - chance, n * n - chance)
}

fn divide(num: i128, den: i128) -> Option<f64> {
    (den != 0).then(|| num as f64 / den as f64)
}

/// What Fleiss' kappa and Krippendorff's alpha are both computed from, over items (tokens)
/// each rated once by every one of `raters` layers.
struct Ratings {
    items: i128,
    raters: i128,
    /// Σ over items and categories of (how many raters chose the category for the item)².
    squares: i128,
    /// Σ over categories of (how many ratings the category got in all)².
    totals_squared: i128,
}

fn ratings(docs: &[(&Document, Vec<&AnnotationSet>)]) -> Option<Ratings> {
    let raters = docs.first()?.1.len();
    if raters < 2 || docs.iter().any(|(_, layers)| layers.len() != raters) {
        return None;
    }
    let mut totals: HashMap<String, i128> = HashMap::new();
    let (mut items, mut squares) = (0, 0);
    for (doc, layers) in docs {
        let labels: Vec<Vec<&str>> = layers.iter().map(|s| token_refs(doc, s)).collect();
        for unit in 0..labels.first().map_or(0, Vec::len) {
            let mut here: HashMap<&str, i128> = HashMap::new();
            for layer in &labels {
                *here.entry(layer[unit]).or_default() += 1;
            }
            squares += here.values().map(|n| n * n).sum::<i128>();
            for (label, n) in here {
                *totals.entry(label.to_string()).or_default() += n;
            }
            items += 1;
        }
    }
    Some(Ratings {
        items,
        raters: raters as i128,
        squares,
        totals_squared: totals.values().map(|n| n * n).sum(),
    })
}

/// Fleiss' kappa over the tokens of `docs`, each layer a rater (see the module's definition).
/// With no tokens every sum is 0, and so is the divisor.
pub fn fleiss_kappa(docs: &[(&Document, Vec<&AnnotationSet>)]) -> Option<f64> {
    let r = ratings(docs)?;
    let (m, all) = (r.raters, r.items * r.raters);
    // P̄ = (squares − all) / (all·(m − 1)) and P̄e = totals_squared / all²; kappa =
    // (P̄ − P̄e) / (1 − P̄e), multiplied through by all²·(m − 1).
    let num = all * (r.squares - all) - r.totals_squared * (m - 1);
    divide(num, (m - 1) * (all * all - r.totals_squared))
}

/// Krippendorff's nominal alpha over the tokens of `docs`, each layer rating every token.
pub fn krippendorff_alpha(docs: &[(&Document, Vec<&AnnotationSet>)]) -> Option<f64> {
    alpha(ratings(docs)?)
}

fn alpha(r: Ratings) -> Option<f64> {
    let (m, all) = (r.raters, r.items * r.raters);
    // Observed disagreement: Σ over items of (m² − Σ_c n_uc²) / (m − 1); expected: Σ over
    // pairs of different categories of n_c·n_k / (all − 1) = (all² − totals_squared) /
    // (all − 1). alpha = 1 − observed / expected.
    let observed = r.items * m * m - r.squares;
    let expected = (m - 1) * (all * all - r.totals_squared);
    divide((all - 1) * observed, expected).map(|ratio| 1.0 - ratio)
}
