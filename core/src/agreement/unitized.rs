//! Krippendorff's unitized alpha (uα): agreement on how layers cut the text into labeled units,
//! with no word tokens at all (Krippendorff, Mathet, Bouvry and Widlöcher 2016, "On the
//! reliability of unitizing textual continua: Further developments", as the
//! `krippendorff-unitized-alpha` package computes it). Offsets are `char`s, spans half-open.
//!
//! # The continuum and its segments
//! Each document's text is a continuum of characters; the corpus is the documents one after
//! another (a segment never runs from one document into the next). Every layer cuts it into
//! *segments* that cover it exactly once: each character belongs to the shortest annotation
//! covering it (the first in the set's order on a tie, as for token labels), and a segment is a
//! longest run of characters belonging to the same annotation (a *unit*, whose category is the
//! annotation's label) or to none (a *gap*). An annotation with a shorter one nested inside is
//! cut into the parts on either side of it.
//!
//! # The coefficient
//! With `m` layers, `L` characters, `l = m·L`, `n_c` the characters of category `c` over all
//! layers (gaps are one more category), `squares` the sum over characters and categories of
//! (how many layers put that character in that category)², `S` the sum over every layer's
//! segments of `len²` for a unit and `len` for a gap, and `T = Σ_c n_c²`:
//!
//! `uα = 1 − (m²·L − squares)·(l² − S) / ((m − 1)·l·(l² − T))`
//!
//! This is `1 − D_o / D_e` of the 2016 paper's coincidence matrices: the observed coincidence
//! of categories `c` and `k` is the length the segments of `c` in one layer share with those of
//! `k` in another, summed over ordered pairs of layers and divided by `m − 1`; the expected one
//! is `l·(n_c·n_k − [c = k]·S_c) / (l² − S)`, where a unit cannot coincide with itself but each
//! character of a gap stands alone. Had every segment length 1 and were all units, this would
//! be the nominal alpha over characters.
//!
//! Only the characters' categories are compared, not where equal units are cut: two units of
//! a label side by side agree fully with one unit of that label over both.
//!
//! `None` where it would divide by zero: fewer than two layers, layers of different numbers
//! across documents, no characters, or one category everywhere.

use crate::annotation::{Annotation, AnnotationSet};
use crate::document::Document;
use std::collections::HashMap;

/// One layer's segment: its category (`None` for a gap) and its length in `char`s.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment<'a> {
    pub label: Option<&'a str>,
    pub len: u32,
}

/// How `set` cuts `doc`'s text into units and gaps (see the module's comment), in text order.
pub fn segments<'a>(doc: &Document, set: &'a AnnotationSet) -> Vec<Segment<'a>> {
    let owners = owners(doc, set);
    let mut out: Vec<Segment<'a>> = Vec::new();
    let mut last: Option<Option<usize>> = None;
    for owner in owners {
        match out.last_mut() {
            Some(seg) if last == Some(owner) => seg.len += 1,
            _ => out.push(Segment {
                label: owner
                    .and_then(|i| set.as_slice().get(i))
                    .map(|a| a.label.as_str()),
                len: 1,
            }),
        }
        last = Some(owner);
    }
    out
}

/// Each character's annotation (its index in the set): the shortest covering it, the first on
/// a tie.
fn owners(doc: &Document, set: &AnnotationSet) -> Vec<Option<usize>> {
    let len = doc.char_len() as usize;
    let mut owner = vec![None; len];
    // Painted longest first, and of equal lengths the later first, so that the shortest
    // (and of those the first) is painted last.
    let mut order: Vec<(usize, &Annotation)> = set.iter().enumerate().collect();
    order.sort_by_key(|(i, a)| (std::cmp::Reverse(a.span.len()), std::cmp::Reverse(*i)));
    for (i, a) in order {
        let (start, end) = (a.span.start as usize, (a.span.end as usize).min(len));
        for o in owner.iter_mut().take(end).skip(start) {
            *o = Some(i);
        }
    }
    owner
}

/// Krippendorff's uα of `docs`, each with the same number of layers (see the module's comment).
pub fn unitized_alpha(docs: &[(&Document, Vec<&AnnotationSet>)]) -> Option<f64> {
    let m = docs.first()?.1.len();
    if m < 2 || docs.iter().any(|(_, layers)| layers.len() != m) {
        return None;
    }
    let (mut chars, mut squares, mut weights) = (0i128, 0i128, 0i128);
    let mut totals: HashMap<Option<&str>, i128> = HashMap::new();
    for (doc, layers) in docs {
        let mut labels: Vec<Vec<Option<&str>>> = Vec::with_capacity(m);
        for set in layers {
            let segs = segments(doc, set);
            weights += (segs.iter())
                .map(|s| match s.label {
                    Some(_) => i128::from(s.len) * i128::from(s.len),
                    None => i128::from(s.len),
                })
                .sum::<i128>();
            labels.push(
                (segs.iter())
                    .flat_map(|s| std::iter::repeat_n(s.label, s.len as usize))
                    .collect(),
            );
        }
        let len = labels.first().map_or(0, Vec::len);
        let mut here: Vec<(Option<&str>, i128)> = Vec::with_capacity(m);
        for at in 0..len {
            here.clear();
            for layer in &labels {
                match here.iter_mut().find(|(l, _)| *l == layer[at]) {
                    Some((_, n)) => *n += 1,
                    None => here.push((layer[at], 1)),
                }
            }
            for (label, n) in &here {
                squares += n * n;
                *totals.entry(*label).or_default() += n;
            }
        }
        chars += len as i128;
    }
    let m = m as i128;
    let l = m * chars;
    let t: i128 = totals.values().map(|n| n * n).sum();
    let (observed, expected) = (m * m * chars - squares, l * l - weights);
    // `l² − S` is never 0: S ≤ m·L² < l² for m ≥ 2.
    let den = (m - 1) * l * (l * l - t);
    (den != 0).then(|| 1.0 - observed as f64 * expected as f64 / den as f64)
}
