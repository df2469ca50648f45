//! The fixtures for the Python libraries: three layers ("ana", "ben", "model") of three
//! documents, written with Postil's figures to `target/verify/agreement.json`, and the
//! end-to-end test's two colleagues on the sample article (`e2e/team.spec.ts`) to
//! `target/verify/sample/agreement.json`, both for `verify/check_agreement.py`. Offsets are
//! `char`s (Python `str` indices), spans half-open.

use super::{layer, tally, Links, Spans, MEETING};
use postil_core::agreement::{
    disagreements, fleiss_kappa, krippendorff_alpha, pairwise_corpus, token_labels, unitized_alpha,
    Counts, Layer,
};
use postil_core::{AnnotationSet, Document};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Three layers, each as its annotations and relations.
type ThreeLayers = [(Spans, Links); 3];

/// Within a layer spans do not overlap and are whole tokens, so BIO tags say exactly the same.
/// Between layers there is each kind of disagreement: a missing annotation, another label,
/// other boundaries, a relation not everyone has. The second text has an astral character
/// (𝔸), a combining mark (e and U+0301) and a flag.
#[rustfmt::skip]
const FIXTURE: &[(&str, &str, ThreeLayers)] = &[
    ("Meeting", MEETING, [
        (&[(0, 2, "PERSON"), (3, 6, "PERSON"), (8, 10, "ORG"), (11, 12, "GPE"), (13, 14, "DATE")],
         &[(0, 1, "met")]),
        (&[(1, 2, "PERSON"), (3, 6, "PERSON"), (8, 10, "ORG"), (11, 12, "ORG")], &[(0, 1, "met")]),
        (&[(0, 2, "PERSON"), (5, 6, "PERSON"), (8, 12, "ORG"), (13, 14, "DATE")], &[(0, 1, "met")]),
    ]),
    ("Café", "𝔸rno Mäki opened Cafe\u{301} Noir in Tromsø 🇳🇴 last May.", [
        (&[(0, 2, "PERSON"), (3, 5, "ORG"), (6, 7, "GPE"), (8, 10, "DATE")], &[(0, 1, "owns")]),
        (&[(0, 2, "PERSON"), (3, 5, "FAC"), (6, 7, "GPE"), (9, 10, "DATE")], &[(0, 1, "owns")]),
        (&[(0, 1, "PERSON"), (3, 5, "ORG"), (7, 8, "GPE"), (8, 10, "DATE")], &[(0, 1, "owns")]),
    ]),
    ("League", "The Hanseatic League traded with Novgorod and Bergen.", [
        (&[(1, 3, "ORG"), (5, 6, "GPE"), (7, 8, "GPE")], &[(0, 1, "tradedWith")]),
        (&[(1, 3, "ORG"), (5, 6, "GPE"), (7, 8, "GPE")], &[(0, 1, "tradedWith")]),
        (&[(1, 3, "ORG"), (5, 6, "GPE"), (7, 8, "LOC")], &[(0, 1, "tradedWith")]),
    ]),
];

const NAMES: [&str; 3] = ["ana", "ben", "model"];

/// A document with its layers' annotation sets (in the order of the names given with it).
type Row<'a> = (&'a Document, Vec<&'a AnnotationSet>);

/// Each pair of `n` layers, the first as the reference.
fn pairs(n: usize) -> Vec<(usize, usize)> {
    (0..n)
        .flat_map(|r| (r + 1..n).map(move |o| (r, o)))
        .collect()
}

fn verify_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join("verify")
}

/// BIO tags of a layer whose spans are whole tokens and do not overlap.
fn bio(doc: &Document, set: &AnnotationSet) -> Vec<String> {
    (doc.tokens().iter())
        .map(|t| match set.within(*t).next() {
            Some(a) if a.span.start == t.start => format!("B-{}", a.label),
            Some(a) => format!("I-{}", a.label),
            None => "O".to_string(),
        })
        .collect()
}

fn figure(x: Option<f64>) -> Value {
    x.map_or(Value::Null, |v| json!(v))
}

fn prf(c: Counts) -> Value {
    json!({"precision": figure(c.precision()), "recall": figure(c.recall()),
           "f1": figure(c.f1()), "tp": c.tp, "fp": c.fp, "fn": c.fn_})
}

/// Postil's figures for some documents, each with its layers (named by `names`).
fn figures(names: &[&str], rows: &[Row]) -> Value {
    let (mut kappa, mut exact, mut unitized) = (Map::new(), Map::new(), Map::new());
    for (r, o) in pairs(names.len()) {
        let p = pairwise_corpus(
            &rows
                .iter()
                .map(|(d, l)| (*d, l[r], l[o]))
                .collect::<Vec<_>>(),
        );
        let name = format!("{}/{}", names[r], names[o]);
        kappa.insert(name.clone(), figure(p.kappa));
        unitized.insert(name.clone(), figure(p.unitized));
        let per_label: Map<String, Value> = (p.exact.per_label.iter())
            .map(|(l, c)| (l.clone(), prf(*c)))
            .collect();
        exact.insert(
            name,
            json!({"overall": prf(p.exact.overall), "per_label": per_label}),
        );
    }
    let all: Vec<(&Document, Vec<&AnnotationSet>)> =
        rows.iter().map(|(d, l)| (*d, l.clone())).collect();
    json!({"kappa": kappa, "exact": exact, "fleiss": figure(fleiss_kappa(&all)),
           "alpha": figure(krippendorff_alpha(&all)),
           "unitized": unitized, "unitized_all": figure(unitized_alpha(&all))})
}

fn fixture_document(names: &[&str], (doc, layers): &Row) -> Value {
    let tokens: Vec<[u32; 2]> = doc.tokens().iter().map(|t| [t.start, t.end]).collect();
    let texts: Vec<&str> = (doc.tokens().iter())
        .map(|t| doc.slice(*t).unwrap())
        .collect();
    let per_layer: Map<String, Value> = (names.iter().zip(layers))
        .map(|(name, set)| {
            let spans: Vec<Value> = (set.iter())
                .map(|a| json!([a.span.start, a.span.end, a.label]))
                .collect();
            let labels = token_labels(doc, set);
            let layer = json!({"annotations": spans, "token_labels": labels, "bio": bio(doc, set)});
            (name.to_string(), layer)
        })
        .collect();
    json!({"title": doc.title(), "text": doc.text(), "tokens": tokens, "words": texts,
           "layers": per_layer, "postil": figures(names, &[(*doc, layers.clone())])})
}

/// The kinds of disagreement among the three layers of each document, by name.
fn kinds(rows: &[Row]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (_, sets) in rows {
        let layers: Vec<Layer> = (NAMES.iter().zip(sets))
            .map(|(name, annotations)| Layer { name, annotations })
            .collect();
        for d in disagreements(&layers) {
            let name = format!("{:?}", d.kind);
            out.insert(
                name.split([' ', '{'])
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            );
        }
    }
    out
}

/// Holds the fixture to what it says: whole tokens, no overlap within a layer.
fn check_whole_tokens(rows: &[Row]) {
    for (doc, sets) in rows {
        let t = doc.tokens();
        for a in sets.iter().flat_map(|s| s.iter()) {
            assert!(
                t.iter().any(|s| s.start == a.span.start),
                "{a:?} starts a token"
            );
            assert!(t.iter().any(|s| s.end == a.span.end), "{a:?} ends a token");
        }
        for set in sets {
            assert!(
                set.iter().all(|a| set.within(a.span).count() == 1),
                "{set:?}"
            );
        }
    }
}

#[test]
fn fixture_for_the_python_libraries() {
    let docs: Vec<(Document, [AnnotationSet; 3])> = (FIXTURE.iter())
        .map(|(title, text, layers)| {
            let doc = Document::new(*title, *title, *text);
            let sets = (*layers).map(|(spans, links)| layer(&doc, spans, links));
            (doc, sets)
        })
        .collect();
    let rows: Vec<Row> = docs.iter().map(|(d, l)| (d, l.iter().collect())).collect();
    check_whole_tokens(&rows);
    let want = ["Boundaries", "Label", "Missing", "Relation"];
    assert_eq!(kinds(&rows).iter().collect::<Vec<_>>(), want);
    // ana against ben over the corpus, worked by hand as (tp, ana's, ben's): PERSON (2, 3, 3),
    // ORG (2, 3, 3), GPE (3, 4, 3), DATE (0, 2, 1), FAC (0, 0, 1); relations: the two ends
    // of "met" and "owns" differ, "tradedWith" is the same.
    let ab = pairwise_corpus(
        &rows
            .iter()
            .map(|(d, l)| (*d, l[0], l[1]))
            .collect::<Vec<_>>(),
    );
    assert_eq!(ab.exact.overall, tally((7, 4, 5)));
    assert_eq!(ab.exact.label("FAC"), tally((0, 1, 0)));
    assert_eq!(ab.relations, tally((1, 2, 2)));

    let mut file = written(&NAMES, &rows);
    file["unitized_cases"] = unitized_cases();
    // The chance-corrected figures are all defined, so the libraries have a number for each
    // (ben's FAC has no recall, which the script checks as such).
    let every = (file["documents"].as_array().unwrap().iter()).map(|d| &d["postil"]);
    for figures in every.chain([&file["corpus"]]) {
        let kappas = figures["kappa"].as_object().unwrap().values();
        for x in kappas.chain([&figures["fleiss"], &figures["alpha"]]) {
            assert!(x.is_f64(), "{figures}");
        }
    }
    write(&verify_dir(), &file);
}

/// Annotations as `(start, end, label)` in chars.
type CharSpans = &'static [(u32, u32, &'static str)];

/// Layers whose annotations nest, overlap, sit side by side or end inside a word, as
/// `(start, end, label)` in chars: their unitized alpha only (token figures need whole tokens).
#[rustfmt::skip]
const UNITIZED: &[(&str, &[CharSpans])] = &[
    ("Lavrov met Qureshi in Islamabad.", &[
        &[(0, 18, "EVENT"), (0, 6, "PERSON"), (11, 18, "PERSON"), (22, 31, "GPE")],
        &[(0, 5, "PERSON"), (11, 18, "PERSON"), (18, 31, "GPE")],
        &[(0, 6, "PERSON"), (6, 10, "PERSON"), (22, 31, "LOC"), (22, 27, "GPE")],
    ]),
    ("𝔸rno opened Cafe\u{301} Noir 🇳🇴.", &[
        &[(0, 4, "PERSON"), (12, 22, "ORG")],
        &[(0, 4, "PERSON"), (12, 17, "ORG"), (17, 22, "ORG")],
        &[(1, 4, "PERSON"), (12, 25, "ORG"), (23, 25, "GPE")],
    ]),
];

/// Each case of [`UNITIZED`] with Postil's unitized alpha for each pair and for all three.
fn unitized_cases() -> Value {
    let cases = UNITIZED.iter().map(|(text, layers)| {
        let doc = Document::new("u", "u", *text);
        let sets: Vec<AnnotationSet> = (layers.iter())
            .map(|spans| {
                let items = (spans.iter().zip(1..))
                    .map(|((s, e, l), id)| super::annotation(id, postil_core::Span::new(*s, *e), l))
                    .collect();
                let overlaps = postil_core::Overlaps::Allowed;
                AnnotationSet::from_parts(doc.char_len(), items, 1, overlaps).unwrap()
            })
            .collect();
        let mut pairwise = Map::new();
        for (r, o) in pairs(sets.len()) {
            let p = unitized_alpha(&[(&doc, vec![&sets[r], &sets[o]])]);
            pairwise.insert(format!("{}/{}", NAMES[r], NAMES[o]), figure(p));
        }
        let annotations: Map<String, Value> = (NAMES.iter().zip(&sets))
            .map(|(name, set)| {
                let spans = set
                    .iter()
                    .map(|a| json!([a.span.start, a.span.end, a.label]));
                (name.to_string(), Value::Array(spans.collect()))
            })
            .collect();
        json!({"text": text, "layers": annotations, "unitized": pairwise,
               "unitized_all": figure(unitized_alpha(&[(&doc, sets.iter().collect())]))})
    });
    Value::Array(cases.collect())
}

/// The file for the script: the layers' names, each document with its figures, the corpus's.
fn written(names: &[&str], rows: &[Row]) -> Value {
    json!({
        "layers": names,
        "documents": rows.iter().map(|r| fixture_document(names, r)).collect::<Vec<_>>(),
        "corpus": figures(names, rows),
    })
}

fn write(dir: &std::path::Path, file: &Value) {
    std::fs::create_dir_all(dir).unwrap();
    let pretty = serde_json::to_string_pretty(file).unwrap();
    std::fs::write(dir.join("agreement.json"), pretty).unwrap();
}

/// The end-to-end test's fixture (`e2e/team.spec.ts`): Ana and Ben on the sample article.
/// The figures the agreement view shows there are Postil's here, and the script checks them.
#[test]
fn the_browser_fixture_for_the_python_libraries() {
    let doc = postil_core::sample::sample_document();
    let at = |word: &str| {
        let byte = doc.text().find(word).unwrap();
        let start = doc.text()[..byte].chars().count();
        (start, start + word.chars().count())
    };
    let set = |labels: &[(&str, &str)]| {
        let mut set = AnnotationSet::new(doc.char_len());
        for (word, label) in labels {
            let (s, e) = at(word);
            let span = postil_core::Span::new(s as u32, e as u32);
            set.run(|x| postil_core::edit::label_span(x, span, label, Default::default()))
                .unwrap();
        }
        set
    };
    let ana = set(&[
        ("Moscow", "GPE"),
        ("Islamabad", "GPE"),
        ("Sergey Lavrov", "PERSON"),
    ]);
    let ben = set(&[
        ("Islamabad", "GPE"),
        ("Sergey Lavrov", "GPE"),
        ("Qureshi", "PERSON"),
    ]);
    let rows: Vec<Row> = vec![(&doc, vec![&ana, &ben])];
    check_whole_tokens(&rows);
    // What the agreement view shows in the browser: 1 of 3 exact each way.
    let p = pairwise_corpus(&[(&doc, &ana, &ben)]);
    assert_eq!(p.exact.overall, tally((1, 2, 2)));
    assert_eq!(format!("{:.3}", p.kappa.unwrap()), "0.497");
    write(
        &verify_dir().join("sample"),
        &written(&["Ana", "Ben"], &rows),
    );
}
