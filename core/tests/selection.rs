//! The caret on the host: clicks and drags, arrows and blocks, Tab between annotations,
//! search hits and what a screen reader hears, as tables.

use postil_core::annotation::Overlaps;
use postil_core::edit::label_span;
use postil_core::selection::{Caret, Move, Selection};
use postil_core::{AnnotationSet, Document, Span};

// Two blocks: "Sergey Lavrov met Qureshi." and "In Moscow, talks went on."
const TEXT: &str = "Sergey Lavrov met Qureshi.\n\nIn Moscow, talks went on.";

fn doc() -> Document {
    Document::new("d", "", TEXT)
}

fn span(words: &str) -> Span {
    let at = TEXT.find(words).expect("in TEXT");
    let start = TEXT[..at].chars().count() as u32;
    Span::new(start, start + words.chars().count() as u32)
}

/// "Sergey Lavrov" PERSON (1), "Lavrov" PERSON-in-PERSON would duplicate, so "Lavrov" GPE
/// (2) nested in it, and "Moscow" GPE (3).
fn set(doc: &Document) -> AnnotationSet {
    let mut set = AnnotationSet::new(doc.char_len());
    for (words, label) in [
        ("Sergey Lavrov", "PERSON"),
        ("Lavrov", "GPE"),
        ("Moscow", "GPE"),
    ] {
        set.run(|s| label_span(s, span(words), label, Overlaps::Allowed))
            .unwrap();
    }
    set
}

fn selected_text(c: &Caret, doc: &Document, set: &AnnotationSet) -> String {
    match c.selection {
        Selection::None => "-".into(),
        Selection::Range(s) => format!("[{}]", doc.slice(s).unwrap_or_default()),
        Selection::Annotation(id) => {
            let a = set.get(id).unwrap();
            format!("{}:{}", a.label, doc.slice(a.span).unwrap())
        }
    }
}

#[test]
fn pointer_table() {
    let d = doc();
    let s = set(&d);
    let at = |w: &str| span(w).start;
    // (clicks or drags in order, what is selected after the last)
    let cases: Vec<(Vec<(u32, u32)>, &str)> = vec![
        (vec![(at("met"), at("met"))], "[met]"),
        (vec![(at("met") + 1, at("met") + 1)], "[met]"),
        // Inside nested spans: innermost first, then the next one out, then round again.
        (vec![(at("Lavrov"), at("Lavrov"))], "GPE:Lavrov"),
        (
            vec![(at("Lavrov"), at("Lavrov")), (at("Lavrov"), at("Lavrov"))],
            "PERSON:Sergey Lavrov",
        ),
        (
            vec![
                (at("Lavrov"), at("Lavrov")),
                (at("Lavrov"), at("Lavrov")),
                (at("Lavrov"), at("Lavrov")),
            ],
            "GPE:Lavrov",
        ),
        // A drag snaps to whole words, and stays in the block it started in.
        (vec![(at("met") + 1, at("Qureshi") + 2)], "[met Qureshi]"),
        (vec![(at("Qureshi"), at("talks") + 2)], "[Qureshi]"),
        // A drag over exactly an annotation selects it.
        (
            vec![(at("Sergey") + 1, at("Lavrov") + 3)],
            "PERSON:Sergey Lavrov",
        ),
        // Clicking white space clears.
        (
            vec![(at("met"), at("met")), (at("met") - 1, at("met") - 1)],
            "-",
        ),
    ];
    for (presses, want) in cases {
        let mut c = Caret::default();
        for (a, b) in &presses {
            c.pointer(&d, &s, *a, *b);
        }
        assert_eq!(selected_text(&c, &d, &s), want, "{presses:?}");
    }
}

#[test]
fn keyboard_table() {
    let d = doc();
    let s = set(&d);
    use Move::*;
    // (moves with extend?, what is selected after them), from nothing selected.
    let cases: Vec<(Vec<(Move, bool)>, &str)> = vec![
        (vec![(NextWord, false)], "[Sergey]"),
        (vec![(NextWord, false), (NextWord, false)], "[Lavrov]"),
        (
            vec![(NextWord, false), (NextWord, true), (NextWord, true)],
            "[Sergey Lavrov met]",
        ),
        (vec![(NextWord, false), (NextBlock, false)], "[In]"),
        (
            vec![(NextWord, false), (NextBlock, false), (NextBlock, false)],
            "[In]",
        ),
        (vec![(NextWord, false), (BlockEnd, false)], "[Qureshi]"),
        (
            vec![(NextWord, false), (BlockEnd, false), (BlockStart, true)],
            "[Sergey Lavrov met Qureshi]",
        ),
        (
            vec![(NextWord, false), (NextBlock, false), (PrevBlock, false)],
            "[Sergey]",
        ),
        (vec![(NextWord, false), (PrevWord, false)], "[Sergey]"),
    ];
    for (moves, want) in cases {
        let mut c = Caret::default();
        for (m, extend) in &moves {
            c.move_cursor(&d, &s, *m, *extend);
        }
        assert_eq!(selected_text(&c, &d, &s), want, "{moves:?}");
    }
    // From a selected annotation, → leaves it from its end.
    let mut c = Caret::default();
    c.pointer(&d, &s, span("Sergey").start, span("Sergey").start);
    assert_eq!(selected_text(&c, &d, &s), "PERSON:Sergey Lavrov");
    c.move_cursor(&d, &s, NextWord, false);
    assert_eq!(selected_text(&c, &d, &s), "[met]");
}

#[test]
fn next_annotation_wraps_in_reading_order() {
    let d = doc();
    let s = set(&d);
    let mut c = Caret::default();
    let mut seen = Vec::new();
    for _ in 0..4 {
        c.next_annotation(&d, &s, true);
        seen.push(selected_text(&c, &d, &s));
    }
    assert_eq!(
        seen,
        [
            "PERSON:Sergey Lavrov",
            "GPE:Lavrov",
            "GPE:Moscow",
            "PERSON:Sergey Lavrov"
        ]
    );
    c.next_annotation(&d, &s, false);
    assert_eq!(selected_text(&c, &d, &s), "GPE:Moscow");
    // From the cursor, with nothing selected: the first annotation after it.
    let mut c = Caret::default();
    c.select_tokens(&d, 3, 3); // "Qureshi"
    c.clear();
    c.next_annotation(&d, &s, true);
    assert_eq!(selected_text(&c, &d, &s), "GPE:Moscow");
}

#[test]
fn hits_announcements_and_missing_annotations() {
    let d = doc();
    let s = set(&d);
    let mut c = Caret::default();
    c.select_hit(
        &d,
        Span::new(span("Qureshi").start, span("Qureshi").start + 3),
    );
    assert_eq!(selected_text(&c, &d, &s), "[Qur]");
    assert_eq!(c.announcement(&d, &s), "Selected: Qur");
    c.pointer(&d, &s, span("Moscow").start, span("Moscow").start);
    assert_eq!(c.announcement(&d, &s), "GPE: Moscow");
    let empty = AnnotationSet::new(d.char_len());
    c.forget_missing(&empty);
    assert_eq!(c.selection, Selection::None);
    // An empty text has no tokens: moving does nothing.
    let blank = Document::new("b", "", "");
    let mut c = Caret::default();
    c.move_cursor(&blank, &AnnotationSet::new(0), Move::NextWord, false);
    assert_eq!(c, Caret::default());
}
