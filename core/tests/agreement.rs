//! Agreement between layers: the counts, kappas and alpha on cases worked out by hand and on
//! textbook examples, mirror and self-agreement properties, disagreements and the agreed set.
//!
//! `verify::fixture_for_the_python_libraries` also writes `target/verify/agreement.json`,
//! which `verify/check_agreement.py` (run by `make test`) recomputes with scikit-learn,
//! statsmodels, krippendorff and seqeval.
//!
//! Offsets are `char`s, spans half-open, as everywhere in Postil. Layers here are written in
//! word tokens: `(first, end, label)` covers tokens `first..end` of the document. The case
//! tables are kept one case a line (`rustfmt::skip`), so that they read as tables.

// A crate root finds modules beside it, where Cargo would take them for test crates.
#[path = "agreement/unitized.rs"]
mod unitized;
#[path = "agreement/verify.rs"]
mod verify;

use postil_core::agreement::{
    agreed, cohen_kappa, disagreements, fleiss_kappa, krippendorff_alpha, pairwise,
    pairwise_corpus, token_labels, Counts, DisagreementKind, Layer,
};
use postil_core::{Annotation, AnnotationId, AnnotationSet, Document, Overlaps, Relation};
use postil_core::{RelationId, Span};
use proptest::prelude::*;

/// Annotations as `(first token, end token, label)`.
type Spans = &'static [(usize, usize, &'static str)];
/// Relations as `(from, to, type)`, by index in the layer's `Spans`.
type Links = &'static [(usize, usize, &'static str)];
/// Counts as `(tp, fp, fn)`.
type Tally = (usize, usize, usize);

/// A span over tokens `first..end` of `doc`.
fn words(doc: &Document, first: usize, end: usize) -> Span {
    let t = doc.tokens();
    Span::new(t[first].start, t[end - 1].end)
}

/// A layer: annotations over tokens (ids from 1, in the order given) and relations between
/// them by their index in that list.
fn layer(doc: &Document, spans: &[(usize, usize, &str)], links: Links) -> AnnotationSet {
    let items = (spans.iter().zip(1..))
        .map(|((first, end, label), id)| annotation(id, words(doc, *first, *end), label))
        .collect();
    let relations = (links.iter().zip(1..))
        .map(|((from, to, kind), id)| Relation {
            created: None,
            id: RelationId(id),
            from: AnnotationId(*from as u32 + 1),
            to: AnnotationId(*to as u32 + 1),
            kind: kind.to_string(),
            note: String::new(),
        })
        .collect();
    AnnotationSet::from_parts(doc.char_len(), items, 1, Overlaps::Allowed)
        .unwrap()
        .with_relations(relations, 1)
        .unwrap()
}

fn annotation(id: u32, span: Span, label: &str) -> Annotation {
    Annotation {
        created: None,
        id: AnnotationId(id),
        span,
        label: label.into(),
        note: String::new(),
        attributes: Default::default(),
    }
}

/// A document of `n` one-letter words.
fn letters(n: usize) -> Document {
    Document::new("d", "Letters", vec!["w"; n].join(" "))
}

/// A layer giving token `i` of `doc` the label `labels[i]` ("O": none).
fn per_token(doc: &Document, labels: &[&str]) -> AnnotationSet {
    let spans: Vec<(usize, usize, &str)> = (labels.iter().enumerate())
        .filter(|(_, l)| **l != "O")
        .map(|(i, l)| (i, i + 1, *l))
        .collect();
    layer(doc, &spans, &[])
}

fn tally((tp, fp, fn_): Tally) -> Counts {
    Counts { tp, fp, fn_ }
}

fn named<'a>(sets: &[&'a AnnotationSet]) -> Vec<Layer<'a>> {
    const NAMES: [&str; 4] = ["ana", "ben", "cat", "dan"];
    (NAMES.iter().zip(sets))
        .map(|(name, annotations)| Layer { name, annotations })
        .collect()
}

fn close(got: Option<f64>, want: f64, what: &str) {
    let got = got.unwrap_or_else(|| panic!("{what}: undefined, want {want}"));
    assert!((got - want).abs() < 1e-12, "{what}: {got} vs {want}");
}

const MEETING: &str =
    "Sergey Lavrov met Shah Mahmood Qureshi at the Wilson Center in Washington on Tuesday.";

#[test]
fn identical_layers_agree_fully() {
    let doc = Document::new("d", "Meeting", MEETING);
    let spans: Spans = &[
        (0, 2, "PERSON"),
        (3, 6, "PERSON"),
        (8, 12, "ORG"),
        (8, 10, "ORG"),
    ];
    let a = layer(&doc, spans, &[(0, 1, "met")]);
    let p = pairwise(&doc, &a, &a);
    for (what, table) in [("exact", &p.exact), ("overlap", &p.overlap)] {
        assert_eq!(table.overall, tally((4, 0, 0)), "{what}");
        assert_eq!(table.label("PERSON"), tally((2, 0, 0)), "{what}");
        close(table.overall.f1(), 1.0, what);
    }
    assert_eq!(p.relations, tally((1, 0, 0)));
    close(p.kappa, 1.0, "kappa");
    assert_eq!(p.tokens, 14);
    let same = named(&[&a, &a]);
    assert!(disagreements(&same).is_empty());
    // The ids were given in reading order from 1, as `agreed` gives them: nothing changes.
    assert_eq!(agreed(&same, doc.char_len()), a);
}

/// (case, reference, other, exact overall, overlap overall), over six one-letter words.
#[rustfmt::skip]
const MATCHES: &[(&str, Spans, Spans, Tally, Tally)] = &[
    ("disjoint", &[(0, 1, "P")], &[(2, 3, "P")], (0, 1, 1), (0, 1, 1)),
    ("one missing", &[(0, 1, "P"), (2, 3, "Q")], &[(0, 1, "P")], (1, 0, 1), (1, 0, 1)),
    ("one extra", &[(0, 1, "P")], &[(0, 1, "P"), (4, 5, "P")], (1, 1, 0), (1, 1, 0)),
    ("label swap", &[(0, 2, "P")], &[(0, 2, "Q")], (0, 1, 1), (0, 1, 1)),
    ("start off by one", &[(0, 2, "P")], &[(1, 2, "P")], (0, 1, 1), (1, 0, 0)),
    ("end off by one", &[(1, 3, "P")], &[(1, 4, "P")], (0, 1, 1), (1, 0, 0)),
    ("next words", &[(0, 2, "P")], &[(2, 4, "P")], (0, 1, 1), (0, 1, 1)),
    ("nested, one kept", &[(0, 4, "P"), (3, 4, "Q")], &[(3, 4, "Q")], (1, 0, 1), (1, 0, 1)),
    // Reference A (0..3) and D (1..2), other B (1..2) and C (2..3): A takes B, the first of
    // the two it overlaps, and D is left with nothing.
    ("greedy", &[(0, 3, "P"), (1, 2, "P")], &[(1, 2, "P"), (2, 3, "P")], (1, 1, 1), (1, 1, 1)),
    ("one wide over two", &[(0, 4, "P")], &[(0, 2, "P"), (2, 4, "P")], (0, 2, 1), (1, 1, 0)),
    ("both empty", &[], &[], (0, 0, 0), (0, 0, 0)),
];

#[test]
fn exact_and_overlap_counts_case_by_case() {
    let doc = letters(6);
    for (case, ours, theirs, exact, overlap) in MATCHES {
        let (a, b) = (layer(&doc, ours, &[]), layer(&doc, theirs, &[]));
        let p = pairwise(&doc, &a, &b);
        assert_eq!(p.exact.overall, tally(*exact), "{case}: exact");
        assert_eq!(p.overlap.overall, tally(*overlap), "{case}: overlap");
        let sum = (p.exact.per_label.iter()).fold(Counts::default(), |s, (_, n)| s + *n);
        assert_eq!(
            sum, p.exact.overall,
            "{case}: overall is the sum of the labels"
        );
    }
}

#[test]
fn label_swap_counts_per_label() {
    let doc = letters(4);
    let a = layer(&doc, &[(0, 1, "PERSON"), (2, 3, "GPE")], &[]);
    let b = layer(&doc, &[(0, 1, "ORG"), (2, 3, "GPE")], &[]);
    let p = pairwise(&doc, &a, &b);
    let labels: Vec<&str> = p.exact.per_label.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(labels, ["GPE", "ORG", "PERSON"], "sorted by name");
    assert_eq!(p.exact.label("GPE"), tally((1, 0, 0)));
    assert_eq!(p.exact.label("ORG"), tally((0, 1, 0)));
    assert_eq!(p.exact.label("PERSON"), tally((0, 0, 1)));
    assert_eq!(p.exact.label("DATE"), Counts::default());
    // Tokens PERSON O GPE O against ORG O GPE O: po = 3/4, pe = (1·0 + 0·1 + 1·1 + 2·2) / 16
    // = 5/16, kappa = (12/16 − 5/16) / (11/16) = 7/11.
    close(p.kappa, 7.0 / 11.0, "kappa");
}

/// Precision, recall or F1, or undefined.
type Ratio = Option<f64>;

/// (counts, precision, recall, F1)
#[rustfmt::skip]
const RATIOS: &[(Tally, Ratio, Ratio, Ratio)] = &[
    ((2, 1, 1), Some(2.0 / 3.0), Some(2.0 / 3.0), Some(2.0 / 3.0)),
    ((3, 1, 0), Some(0.75), Some(1.0), Some(6.0 / 7.0)),
    ((1, 0, 3), Some(1.0), Some(0.25), Some(0.4)),
    ((0, 2, 0), Some(0.0), None, Some(0.0)),
    ((0, 0, 3), None, Some(0.0), Some(0.0)),
    ((0, 0, 0), None, None, None),
];

#[test]
fn precision_recall_and_f1_and_when_they_are_undefined() {
    for (counts, p, r, f) in RATIOS {
        let c = tally(*counts);
        let figures = [
            ("P", c.precision(), p),
            ("R", c.recall(), r),
            ("F1", c.f1(), f),
        ];
        for (what, got, want) in figures {
            match want {
                Some(w) => close(got, *w, &format!("{c:?} {what}")),
                None => assert_eq!(got, None, "{c:?} {what}"),
            }
        }
    }
}

/// The reference of [`RELATIONS`], over five one-letter words.
const LINKED: Spans = &[(0, 1, "P"), (2, 3, "P"), (4, 5, "G")];

/// (case, the other layer's spans and relations, counts against `LINKED` with met 0→1 and
/// in 0→2)
#[rustfmt::skip]
const RELATIONS: &[(&str, Spans, Links, Tally)] = &[
    ("same", LINKED, &[(0, 1, "met"), (0, 2, "in")], (2, 0, 0)),
    ("one missing", LINKED, &[(0, 1, "met")], (1, 0, 1)),
    ("other type", LINKED, &[(0, 1, "saw"), (0, 2, "in")], (1, 1, 1)),
    ("reversed", LINKED, &[(1, 0, "met"), (0, 2, "in")], (1, 1, 1)),
    ("an end moved", &[(0, 2, "P"), (2, 3, "P"), (4, 5, "G")], &[(0, 1, "met"), (0, 2, "in")], (0, 2, 2)),
    ("an end relabeled", &[(0, 1, "P"), (2, 3, "Q"), (4, 5, "G")], &[(0, 1, "met"), (0, 2, "in")], (1, 1, 1)),
    ("none", LINKED, &[], (0, 0, 2)),
];

#[test]
fn relations_match_by_type_and_both_ends() {
    let doc = letters(5);
    let reference = layer(&doc, LINKED, &[(0, 1, "met"), (0, 2, "in")]);
    for (case, spans, links, counts) in RELATIONS {
        let other = layer(&doc, spans, links);
        let got = pairwise(&doc, &reference, &other).relations;
        assert_eq!(got, tally(*counts), "{case}");
    }
}

#[test]
fn a_token_takes_the_shortest_label_touching_it() {
    // 𝔸rno 0..4, met 5..8, Zoë 9..12, at 13..15, Café 16..21 (e and U+0301), Noir 22..26.
    let doc = Document::new("d", "Café", "𝔸rno met Zoë at Cafe\u{301} Noir.");
    let set = AnnotationSet::from_parts(
        doc.char_len(),
        vec![
            // Inside 𝔸rno: the token is still touched.
            annotation(1, Span::new(1, 3), "PART"),
            // Zoë twice with one length: the first in the set's order (by id here).
            annotation(3, Span::new(9, 12), "B"),
            annotation(4, Span::new(9, 12), "A"),
            // Café Noir with Noir nested in it, and the combining mark to N, shorter than both.
            annotation(5, Span::new(16, 26), "ORG"),
            annotation(6, Span::new(22, 26), "FAC"),
            annotation(7, Span::new(20, 23), "X"),
        ],
        1,
        Overlaps::Allowed,
    )
    .unwrap();
    let want = ["PART", "O", "B", "O", "X", "X"];
    assert_eq!(token_labels(&doc, &set), want, "{:?}", doc.tokens());
}

#[test]
fn cohen_kappa_on_the_textbook_table() {
    // 50 items: both yes 20, first yes and second no 5, first no and second yes 10, both no
    // 15: po = 0.7, pe = 0.5·0.6 + 0.5·0.4 = 0.5, kappa = 0.4.
    let doc = letters(50);
    let first = [["YES"; 25], ["O"; 25]].concat();
    let second = [&["YES"; 20][..], &["O"; 5], &["YES"; 10], &["O"; 15]].concat();
    let (a, b) = (per_token(&doc, &first), per_token(&doc, &second));
    close(pairwise(&doc, &a, &b).kappa, 0.4, "Cohen");
    close(pairwise(&doc, &b, &a).kappa, 0.4, "Cohen, swapped");

    let none = per_token(&doc, &["O"; 50]);
    assert_eq!(pairwise(&doc, &none, &none).kappa, None, "pe = 1: 0/0");
    let empty = Document::new("e", "Empty", "… !");
    let nothing = AnnotationSet::new(empty.char_len());
    assert_eq!(
        pairwise(&empty, &nothing, &nothing).kappa,
        None,
        "no tokens"
    );
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    close(
        cohen_kappa(&s(&["X", "O"]), &s(&["O", "X"])),
        -1.0,
        "po = 0, pe = 1/2",
    );
    assert_eq!(
        cohen_kappa(&s(&["X"]), &s(&["X", "O"])),
        None,
        "lengths differ"
    );
}

/// Fleiss (1971) as Wikipedia gives it: 10 subjects, 14 raters, 5 categories; each row is how
/// many raters chose each category.
#[rustfmt::skip]
const FLEISS_1971: [[usize; 5]; 10] = [
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
];

/// The table as 14 layers over 10 one-word tokens: for each token, raters in order take the
/// categories in order as many times as the row says.
fn fleiss_layers(doc: &Document) -> Vec<AnnotationSet> {
    let names = ["C1", "C2", "C3", "C4", "C5"];
    let mut labels = vec![Vec::new(); 14];
    for row in FLEISS_1971 {
        let chosen = (row.iter().zip(names)).flat_map(|(n, name)| std::iter::repeat_n(name, *n));
        for (rater, name) in chosen.enumerate() {
            labels[rater].push(name);
        }
    }
    labels.iter().map(|l| per_token(doc, l)).collect()
}

#[test]
fn fleiss_and_alpha_on_the_fleiss_1971_table() {
    let doc = letters(10);
    let layers = fleiss_layers(&doc);
    let docs = [(&doc, layers.iter().collect::<Vec<_>>())];
    // P̄ = (Σ n_ij² − 140) / (140·13) = 688/1820, P̄e = Σ p_j² = 4170/19600, so kappa =
    // (96320/13 − 4170) / 15430 = 42110/200590 = 0.20993…
    close(fleiss_kappa(&docs), 42110.0 / 200590.0, "Fleiss");
    // alpha = 1 − (140 − 1)(10·14² − 828) / (13·(140² − 4170)) = 43242/200590 = 0.21557…,
    // which is kappa + (1 − kappa)/140, as it must be for complete data.
    close(krippendorff_alpha(&docs), 43242.0 / 200590.0, "alpha");
}

#[test]
fn alpha_on_krippendorffs_binary_example() {
    // Krippendorff's "Computing Krippendorff's Alpha-Reliability", two observers, ten units,
    // no missing values: alpha = 1 − 19·8 / (2·14·6) = 16/168 = 0.095.
    let doc = letters(10);
    let a = per_token(&doc, &["O", "Y", "O", "O", "O", "O", "O", "O", "Y", "O"]);
    let b = per_token(&doc, &["Y", "Y", "Y", "O", "O", "Y", "O", "O", "O", "O"]);
    let docs = [(&doc, vec![&a, &b])];
    close(krippendorff_alpha(&docs), 16.0 / 168.0, "alpha");
    // Fleiss with two raters (Scott's pi): P̄ = 6/10, P̄e = (14² + 6²)/20² = 232/400:
    // kappa = (240/400 − 232/400) / (168/400) = 8/168.
    close(fleiss_kappa(&docs), 8.0 / 168.0, "Fleiss, two raters");
}

#[test]
fn chance_figures_are_undefined_where_they_divide_by_zero() {
    let doc = letters(3);
    let a = per_token(&doc, &["X", "O", "O"]);
    let all_o = per_token(&doc, &["O", "O", "O"]);
    let empty = Document::new("e", "Empty", "");
    let nothing = AnnotationSet::new(0);
    let cases = [
        ("one layer", vec![(&doc, vec![&a])]),
        ("no documents", vec![]),
        ("no tokens", vec![(&empty, vec![&nothing; 3])]),
        ("one category", vec![(&doc, vec![&all_o; 3])]),
        (
            "layers differ in number",
            vec![(&doc, vec![&a; 2]), (&doc, vec![&a; 3])],
        ),
    ];
    for (case, docs) in cases {
        assert_eq!(fleiss_kappa(&docs), None, "{case}: Fleiss");
        assert_eq!(krippendorff_alpha(&docs), None, "{case}: alpha");
    }
    let same = [(&doc, vec![&a; 3])];
    close(fleiss_kappa(&same), 1.0, "identical layers: Fleiss");
    close(krippendorff_alpha(&same), 1.0, "identical layers: alpha");
}

#[test]
fn pairwise_corpus_sums_counts_and_pools_tokens() {
    let (one, two) = (letters(4), letters(3));
    let a1 = per_token(&one, &["X", "O", "Y", "O"]);
    let b1 = per_token(&one, &["X", "X", "O", "O"]);
    let a2 = per_token(&two, &["Y", "Y", "O"]);
    let b2 = per_token(&two, &["Y", "O", "O"]);
    let corpus = pairwise_corpus(&[(&one, &a1, &b1), (&two, &a2, &b2)]);
    let (p1, p2) = (pairwise(&one, &a1, &b1), pairwise(&two, &a2, &b2));
    assert_eq!(corpus.exact, p1.exact.plus(&p2.exact));
    assert_eq!(corpus.exact.overall, tally((2, 1, 2)));
    assert_eq!(corpus.tokens, 7);
    // X O Y O Y Y O against X X O O Y O O: po = 4/7; margins X 1·2, Y 3·1, O 3·4: pe = 17/49;
    // kappa = (28 − 17) / (49 − 17) = 11/32, not a mean of the documents' kappas.
    close(corpus.kappa, 11.0 / 32.0, "pooled kappa");
    let ours = [token_labels(&one, &a1), token_labels(&two, &a2)].concat();
    let theirs = [token_labels(&one, &b1), token_labels(&two, &b2)].concat();
    assert_eq!(corpus.kappa, cohen_kappa(&ours, &theirs));
}

/// Three layers of the meeting: one cluster agreed, one missing from a layer, one labeled
/// differently, one with other boundaries, and relations not every layer has.
#[rustfmt::skip]
const THREE: [(Spans, Links); 3] = [
    (&[(0, 2, "PERSON"), (3, 6, "PERSON"), (8, 10, "ORG"), (11, 12, "GPE"), (13, 14, "DATE")],
     &[(0, 1, "met"), (2, 3, "in")]),
    (&[(0, 2, "PERSON"), (3, 6, "PERSON"), (8, 10, "ORG"), (11, 12, "ORG"), (13, 14, "DATE")],
     &[(0, 1, "met")]),
    (&[(0, 2, "PERSON"), (5, 6, "PERSON"), (11, 12, "GPE"), (13, 14, "DATE")],
     &[(0, 1, "met")]),
];

fn three_meeting_layers(doc: &Document) -> [AnnotationSet; 3] {
    THREE.map(|(spans, links)| layer(doc, spans, links))
}

#[test]
fn disagreements_name_each_kind_in_reading_order() {
    use DisagreementKind::*;
    let doc = Document::new("d", "Meeting", MEETING);
    let [ana, ben, cat] = three_meeting_layers(&doc);
    let w = |first, end| words(&doc, first, end);
    let met = Span::new(w(0, 2).start, w(3, 6).end);
    #[rustfmt::skip]
    let want = vec![
        // "met": ana's and ben's end is Shah Mahmood Qureshi, cat's only Qureshi.
        (met, Relation, vec![vec![1], vec![1], vec![]]),
        (met, Relation, vec![vec![], vec![], vec![1]]),
        (w(3, 6), Boundaries, vec![vec![2], vec![2], vec![2]]),
        // ana's "in" (Wilson Center → Washington) reaches further than the cluster at its
        // start, so it comes first.
        (w(8, 12), Relation, vec![vec![2], vec![], vec![]]),
        (w(8, 10), Missing { absent_from: vec![2] }, vec![vec![3], vec![3], vec![]]),
        (w(11, 12), Label, vec![vec![4], vec![4], vec![3]]),
    ];
    let got: Vec<_> = (disagreements(&named(&[&ana, &ben, &cat])).into_iter())
        .map(|d| (d.span, d.kind, d.by_layer))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn agreed_keeps_what_every_layer_has() {
    let doc = Document::new("d", "Meeting", MEETING);
    let [ana, ben, cat] = three_meeting_layers(&doc);
    // A note on ana's first annotation comes along; ben's and cat's are not asked.
    let mut items: Vec<Annotation> = ana.iter().cloned().collect();
    items[0].note = "Foreign minister".into();
    let ana = AnnotationSet::from_parts(ana.text_len(), items, 1, Overlaps::Allowed)
        .unwrap()
        .with_relations(ana.relations().to_vec(), 1)
        .unwrap();
    let gold = agreed(&named(&[&ana, &ben, &cat]), doc.char_len());
    let got: Vec<(u32, &str, &str, &str)> = (gold.iter())
        .map(|a| {
            (
                a.id.0,
                doc.slice(a.span).unwrap(),
                a.label.as_str(),
                a.note.as_str(),
            )
        })
        .collect();
    let want = [
        (1, "Sergey Lavrov", "PERSON", "Foreign minister"),
        (2, "Tuesday", "DATE", ""),
    ];
    assert_eq!(got, want);
    assert!(gold.relations().is_empty(), "cat's met ends elsewhere");

    let two = agreed(&named(&[&ana, &ben]), doc.char_len());
    let kinds: Vec<(&str, &str, &str)> = (two.relations().iter())
        .map(|r| {
            let end = |id| doc.slice(two.get(id).unwrap().span).unwrap();
            (r.kind.as_str(), end(r.from), end(r.to))
        })
        .collect();
    assert_eq!(kinds, [("met", "Sergey Lavrov", "Shah Mahmood Qureshi")]);
    assert_eq!(agreed(&[], 7), AnnotationSet::new(7));
}

fn arbitrary_layer(tokens: usize) -> impl Strategy<Value = Vec<(usize, usize, &'static str)>> {
    let one = (
        0..tokens,
        1..4usize,
        prop::sample::select(vec!["P", "Q", "R"]),
    )
        .prop_map(move |(first, len, label)| (first, (first + len).min(tokens), label));
    prop::collection::vec(one, 0..8).prop_map(|mut spans| {
        // A set holds one annotation per span and label.
        spans.sort();
        spans.dedup();
        spans
    })
}

proptest! {
    #[test]
    fn exact_counts_mirror_and_layers_agree_with_themselves(
        ours in arbitrary_layer(12),
        theirs in arbitrary_layer(12),
    ) {
        let doc = letters(12);
        let (a, b) = (layer(&doc, &ours, &[]), layer(&doc, &theirs, &[]));
        let (ab, ba) = (pairwise(&doc, &a, &b), pairwise(&doc, &b, &a));
        let mirrored = |c: Counts| Counts { tp: c.tp, fp: c.fn_, fn_: c.fp };
        prop_assert_eq!(ab.exact.overall, mirrored(ba.exact.overall));
        for (label, c) in &ab.exact.per_label {
            prop_assert_eq!(*c, mirrored(ba.exact.label(label)), "{}", label);
        }
        prop_assert_eq!(ab.kappa, ba.kappa);
        let spans = |s: &AnnotationSet| {
            s.iter().map(|x| (x.span, x.label.clone())).collect::<Vec<_>>()
        };
        let same = named(&[&a, &a]);
        prop_assert_eq!(spans(&agreed(&same, doc.char_len())), spans(&a));
        prop_assert!(disagreements(&same).is_empty());
        let both = named(&[&a, &b]);
        prop_assert_eq!(agreed(&both, doc.char_len()).len(), ab.exact.overall.tp);
        prop_assert_eq!(disagreements(&both).is_empty(), spans(&a) == spans(&b));
    }
}
