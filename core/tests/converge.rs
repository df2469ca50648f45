//! Merging what two tabs changed from one base (`core::converge`): a table of cases, each
//! base → ours and base → theirs as edits, and what the merge must hold.

use postil_core::converge::{merge_doc, merge_schema, DocSide};
use postil_core::edit::{DocEdit, Edge};
use postil_core::history::History;
use postil_core::workspace::Workspace;
use postil_core::{AnnotationSet, Document, LabelSchema, Span};

const TEXT: &str = "Lavrov met Qureshi in Moscow on Monday.";

fn span(words: &str) -> Span {
    let at = TEXT.find(words).unwrap() as u32;
    Span::new(at, at + words.len() as u32)
}

fn ws() -> Workspace {
    Workspace::new(
        LabelSchema::default_ner(),
        History::default(),
        vec![postil_core::workspace::Doc::fresh(Document::new(
            "d", "", TEXT,
        ))],
        0,
    )
}

/// "LABEL:words", sorted.
fn shown(set: &AnnotationSet) -> Vec<String> {
    let mut v: Vec<String> = set
        .iter()
        .map(|a| {
            format!(
                "{}:{}",
                a.label,
                &TEXT[a.span.start as usize..a.span.end as usize]
            )
        })
        .collect();
    v.sort();
    v
}

type Steps = fn(&mut Workspace);

fn side(x: &postil_core::workspace::Doc) -> DocSide<'_> {
    DocSide {
        annotations: &x.annotations,
        history: &x.history,
    }
}

fn first_id(w: &Workspace) -> postil_core::AnnotationId {
    w.current().annotations.as_slice()[0].id
}

#[test]
fn two_sides_changes_are_both_kept() {
    let cases: Vec<(&str, Steps, Steps, Steps, Vec<&str>)> = vec![
        (
            "only ours changed",
            |_| {},
            |w| {
                w.label(span("Lavrov"), "PERSON").unwrap();
            },
            |_| {},
            vec!["PERSON:Lavrov"],
        ),
        (
            "only theirs changed",
            |_| {},
            |_| {},
            |w| {
                w.label(span("Moscow"), "GPE").unwrap();
            },
            vec!["GPE:Moscow"],
        ),
        (
            "both added, under one id: both kept",
            |_| {},
            |w| {
                w.label(span("Lavrov"), "PERSON").unwrap();
            },
            |w| {
                w.label(span("Moscow"), "GPE").unwrap();
            },
            vec!["GPE:Moscow", "PERSON:Lavrov"],
        ),
        (
            "both added the same span and label: kept once",
            |_| {},
            |w| {
                w.label(span("Monday"), "DATE").unwrap();
                w.label(span("Lavrov"), "PERSON").unwrap();
            },
            |w| {
                w.label(span("Lavrov"), "PERSON").unwrap();
            },
            vec!["DATE:Monday", "PERSON:Lavrov"],
        ),
        (
            "ours deleted, theirs relabeled: the relabel stands",
            |w| {
                w.label(span("Qureshi"), "ORG").unwrap();
            },
            |w| {
                let id = first_id(w);
                w.delete_annotation(id).unwrap();
            },
            |w| {
                let id = first_id(w);
                w.relabel(id, "PERSON").unwrap();
            },
            vec!["PERSON:Qureshi"],
        ),
        (
            "ours relabeled, theirs added elsewhere",
            |w| {
                w.label(span("Qureshi"), "ORG").unwrap();
            },
            |w| {
                let id = first_id(w);
                w.relabel(id, "PERSON").unwrap();
            },
            |w| {
                w.label(span("Moscow"), "GPE").unwrap();
            },
            vec!["GPE:Moscow", "PERSON:Qureshi"],
        ),
        (
            "ours deleted, theirs added elsewhere",
            |w| {
                w.label(span("Qureshi"), "ORG").unwrap();
            },
            |w| {
                let id = first_id(w);
                w.delete_annotation(id).unwrap();
            },
            |w| {
                w.label(span("Moscow"), "GPE").unwrap();
            },
            vec!["GPE:Moscow"],
        ),
        (
            "ours resized, theirs deleted another",
            |w| {
                w.label(span("Qureshi"), "PERSON").unwrap();
                w.label(span("Moscow"), "GPE").unwrap();
            },
            |w| {
                let id = first_id(w);
                w.resize(id, Edge::End, true).unwrap();
            },
            |w| {
                let id = w.current().annotations.as_slice()[1].id;
                w.delete_annotation(id).unwrap();
            },
            vec!["PERSON:Qureshi in"],
        ),
    ];
    for (name, base, ours, theirs, want) in cases {
        let mut b = ws();
        base(&mut b);
        let (mut o, mut t) = (b.clone(), b.clone());
        ours(&mut o);
        theirs(&mut t);
        let side = |w: &Workspace| {
            let d = w.current().clone();
            (d.annotations.clone(), d.history.clone())
        };
        let (bs, os, ts) = (side(&b), side(&o), side(&t));
        let (merged, history) = merge_doc(
            DocSide {
                annotations: &bs.0,
                history: &bs.1,
            },
            DocSide {
                annotations: &os.0,
                history: &os.1,
            },
            DocSide {
                annotations: &ts.0,
                history: &ts.1,
            },
        );
        assert_eq!(shown(&merged), want, "{name}");
        // Every undo step of the merged history meets the merged set without panicking:
        // applied, or refused where the other side's change got in the way; and with the
        // steps of only one side in play, undoing them all gives back the base.
        let mut set = merged.clone();
        let mut h = history.clone();
        let mut refused = 0;
        while let Some(edit) = h.undo() {
            if edit.inverse().apply(&mut set).is_err() {
                refused += 1;
            }
        }
        if os.0 == bs.0 || ts.0 == bs.0 {
            assert_eq!((shown(&set), refused), (shown(&bs.0), 0), "{name}");
        }
    }
}

#[test]
fn an_annotation_moved_to_a_new_id_takes_its_undo_step_along() {
    let b = ws();
    let (mut o, mut t) = (b.clone(), b.clone());
    o.label(span("Lavrov"), "PERSON").unwrap();
    t.label(span("Moscow"), "GPE").unwrap();
    let d = |w: &Workspace| w.current().clone();
    let (bd, od, td) = (d(&b), d(&o), d(&t));
    let (merged, history) = merge_doc(side(&bd), side(&od), side(&td));
    let lavrov = merged.exact(span("Lavrov")).unwrap().id;
    let moscow = merged.exact(span("Moscow")).unwrap().id;
    assert_ne!(lavrov, moscow);
    // Both undo steps are there; the one for Lavrov names its new id.
    let mut h = history.clone();
    let mut subjects = Vec::new();
    while let Some(e) = h.undo() {
        subjects.push(e.subject().unwrap());
    }
    subjects.sort();
    let mut want = vec![lavrov, moscow];
    want.sort();
    assert_eq!(subjects, want);
    // An undo step for an annotation another side changed refuses instead of removing it.
    let mut set = merged.clone();
    let stale = DocEdit::Remove {
        annotation: postil_core::Annotation {
            created: None,
            attributes: Default::default(),
            id: moscow,
            span: span("Monday"),
            label: "DATE".into(),
            note: String::new(),
        },
    };
    assert!(stale.apply(&mut set).is_err());
    assert_eq!(set, merged);
}

#[test]
fn label_changes_on_both_sides_are_merged_by_name() {
    let base = LabelSchema::default_ner();
    let h = History::default();
    let mut ours = base.clone();
    ours.add_label("TITLE").unwrap();
    let mut theirs = base.clone();
    theirs.add_label("LAW").unwrap();
    let (merged, _) = merge_schema((&base, &h), (&ours, &h), (&theirs, &h));
    assert!(merged.get("TITLE").is_some() && merged.get("LAW").is_some());
    // Both gave a new label the same key: the schema's rules refuse the merge, theirs stands.
    let mut ours = base.clone();
    ours.add_label("ZZA").unwrap();
    let mut theirs = base.clone();
    theirs.add_label("ZZB").unwrap();
    let clash = ours.get("ZZA").unwrap().key == theirs.get("ZZB").unwrap().key;
    let (merged, _) = merge_schema((&base, &h), (&ours, &h), (&theirs, &h));
    if clash {
        assert_eq!(merged, theirs);
    } else {
        assert!(merged.get("ZZA").is_some() && merged.get("ZZB").is_some());
    }
    // One side deleted a label the other left alone: it goes.
    let labels: Vec<_> = base
        .labels()
        .iter()
        .filter(|l| l.name != "MISC")
        .cloned()
        .collect();
    let ours = base.with_labels(labels).unwrap();
    let (merged, _) = merge_schema((&base, &h), (&ours, &h), (&base, &h));
    assert!(merged.get("MISC").is_none());
}
