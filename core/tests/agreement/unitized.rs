//! Krippendorff's unitized alpha on cases worked out by hand (each also recomputed once with the
//! `krippendorff-unitized-alpha` package), the segments it counts, where it is undefined, and
//! its symmetry. Spans here are in `char`s, half-open, on a four-letter text unless said.

use super::close;
use postil_core::agreement::{pairwise, segments, unitized_alpha, Segment};
use postil_core::{AnnotationSet, Document, Overlaps, Span};
use proptest::prelude::*;

/// A layer of `doc` from `(start, end, label)` in chars.
fn chars(doc: &Document, spans: &[(u32, u32, &str)]) -> AnnotationSet {
    let items = (spans.iter().zip(1..))
        .map(|((s, e, l), id)| super::annotation(id, Span::new(*s, *e), l))
        .collect();
    AnnotationSet::from_parts(doc.char_len(), items, 1, Overlaps::Allowed).unwrap()
}

type Chars = &'static [(u32, u32, &'static str)];

#[test]
#[rustfmt::skip]
fn unitized_alpha_on_cases_worked_by_hand() {
    let doc = Document::new("d", "Four", "abcd");
    // m layers, L = 4 characters, l = 4m: uα = 1 − (m²L − squares)(l² − S) / ((m − 1)·l·(l² − T)).
    let cases: [(&str, &[Chars], f64); 5] = [
        // squares 14, S 4+2+1+3, T 3²+5²: 1 − 2·54 / (8·30).
        ("half the unit",     &[&[(0, 2, "A")], &[(0, 1, "A")]], 1.0 - 108.0 / 240.0),
        ("the same",          &[&[(0, 2, "A")], &[(0, 2, "A")]], 1.0),
        // squares 8, S 16+4, T 4²+4²: 1 − 8·44 / (8·32), worse than chance.
        ("a unit and a gap",  &[&[(0, 4, "A")], &[]], 1.0 - 352.0 / 256.0),
        // m = 3: squares 20, S 6+6+6, T 4²+6²+2²: 1 − 16·126 / (2·12·88) = 1/22.
        ("three layers",      &[&[(0, 2, "A")], &[(0, 2, "A")], &[(2, 4, "B")]], 1.0 / 22.0),
        // Same extent, other labels: squares 12, S 6+6, T 2²+2²+4²: 1 − 4·52 / (8·40).
        ("other label",       &[&[(0, 2, "A")], &[(0, 2, "B")]], 1.0 - 208.0 / 320.0),
    ];
    for (case, layers, want) in cases {
        let sets: Vec<AnnotationSet> = layers.iter().map(|l| chars(&doc, l)).collect();
        close(unitized_alpha(&[(&doc, sets.iter().collect())]), want, case);
    }
}

#[test]
fn a_nested_annotation_cuts_the_one_around_it() {
    let doc = Document::new("d", "", "Lavrov met Qureshi.");
    let set = chars(&doc, &[(0, 18, "X"), (7, 10, "Y"), (11, 18, "Z")]);
    let seg = |label: Option<&'static str>, len| Segment { label, len };
    assert_eq!(
        segments(&doc, &set),
        [
            seg(Some("X"), 7),
            seg(Some("Y"), 3),
            seg(Some("X"), 1),
            seg(Some("Z"), 7),
            seg(None, 1)
        ]
    );
    // Two annotations side by side stay two units; gaps fill the rest.
    let side = chars(&doc, &[(0, 6, "P"), (6, 10, "P")]);
    assert_eq!(
        segments(&doc, &side),
        [seg(Some("P"), 6), seg(Some("P"), 4), seg(None, 9)]
    );
}

#[test]
fn unitized_alpha_sees_edges_inside_words_that_token_figures_cannot() {
    let doc = Document::new("d", "", "Lavrov met Qureshi.");
    let a = chars(&doc, &[(0, 6, "PERSON"), (11, 18, "PERSON")]);
    let b = chars(&doc, &[(0, 5, "PERSON"), (11, 18, "PERSON")]);
    let p = pairwise(&doc, &a, &b);
    assert_eq!(p.kappa, Some(1.0), "the same tokens");
    let u = p.unitized.unwrap();
    assert!(u > 0.5 && u < 1.0, "{u}");
    assert_eq!(pairwise(&doc, &a, &a).unitized, Some(1.0));
}

#[test]
fn unitized_alpha_is_undefined_where_it_divides_by_zero() {
    let doc = Document::new("d", "", "abcd");
    let a = chars(&doc, &[(0, 2, "A")]);
    let nothing = chars(&doc, &[]);
    let whole = chars(&doc, &[(0, 4, "A")]);
    let empty = Document::new("e", "", "");
    let none = AnnotationSet::new(0);
    let cases = [
        ("one layer", vec![(&doc, vec![&a])]),
        ("no documents", vec![]),
        ("no characters", vec![(&empty, vec![&none; 2])]),
        ("all gap", vec![(&doc, vec![&nothing; 3])]),
        ("one unit everywhere", vec![(&doc, vec![&whole; 2])]),
        (
            "layers differ in number",
            vec![(&doc, vec![&a; 2]), (&doc, vec![&a; 3])],
        ),
    ];
    for (case, docs) in cases {
        assert_eq!(unitized_alpha(&docs), None, "{case}");
    }
}

fn arbitrary_chars() -> impl Strategy<Value = Vec<(u32, u32, &'static str)>> {
    let one = (0..12u32, 1..5u32, prop::sample::select(vec!["P", "Q"]))
        .prop_map(|(s, len, l)| (s, (s + len).min(12), l));
    prop::collection::vec(one, 0..5).prop_map(|mut v| {
        v.sort();
        v.dedup_by(|x, y| (x.0, x.1, x.2) == (y.0, y.1, y.2));
        v
    })
}

proptest! {
    #[test]
    fn unitized_alpha_is_symmetric_and_one_for_a_layer_with_itself(
        ours in arbitrary_chars(),
        theirs in arbitrary_chars(),
    ) {
        let doc = Document::new("d", "", "abcdefghijkl");
        let (a, b) = (chars(&doc, &ours), chars(&doc, &theirs));
        prop_assert_eq!(pairwise(&doc, &a, &b).unitized, pairwise(&doc, &b, &a).unitized);
        if let Some(u) = pairwise(&doc, &a, &a).unitized {
            prop_assert!((u - 1.0).abs() < 1e-12);
        }
        let covered: u32 = segments(&doc, &a).iter().map(|s| s.len).sum();
        prop_assert_eq!(covered, doc.char_len());
    }
}
