//! Edit commands, undo and redo, overlaps and label-all, as table and property tests.

use postil_core::edit::{self, DocEdit, Edge, HitStatus};
use postil_core::history::History;
use postil_core::{
    AnnotationError, AnnotationId, AnnotationSet, DocLabels, Document, Overlaps, Span,
};
use proptest::prelude::*;

const TEXT: &str =
    "Deputy Director of the Asia Program at the Wilson Center in Washington said so.";

fn doc() -> Document {
    Document::new("d", "", TEXT)
}

/// The span of the `n`-th occurrence of `words` in TEXT.
fn span_of(words: &str) -> Span {
    let at = TEXT.find(words).expect("words are in TEXT");
    let start = TEXT[..at].chars().count() as u32;
    Span::new(start, start + words.chars().count() as u32)
}

fn labeled(set: &AnnotationSet) -> Vec<(String, String)> {
    set.iter()
        .map(|a| {
            (
                a.label.clone(),
                TEXT.chars()
                    .skip(a.span.start as usize)
                    .take(a.span.len() as usize)
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn nested_spans_are_allowed_or_refused_by_policy() {
    // (policy, outcome of labeling "Washington" inside the ORG "Wilson Center in Washington")
    let cases = [
        (Overlaps::Allowed, Ok(())),
        (Overlaps::Forbidden, Err("overlaps the ORG annotation 1")),
    ];
    for (policy, want) in cases {
        let mut set = AnnotationSet::new(doc().char_len());
        set.run(|s| edit::label_span(s, span_of("Wilson Center in Washington"), "ORG", policy))
            .unwrap();
        let got = set.run(|s| edit::label_span(s, span_of("Washington"), "GPE", policy));
        match want {
            Ok(()) => {
                assert!(got.is_ok(), "{policy:?}");
                assert_eq!(
                    labeled(&set),
                    vec![
                        ("ORG".into(), "Wilson Center in Washington".into()),
                        ("GPE".into(), "Washington".into())
                    ]
                );
            }
            Err(msg) => assert!(got.unwrap_err().to_string().contains(msg), "{policy:?}"),
        }
    }
}

#[test]
fn every_command_undoes_to_the_state_before() {
    let d = doc();
    let mut set = AnnotationSet::new(d.char_len());
    set.run(|s| edit::label_span(s, span_of("Wilson Center"), "ORG", Overlaps::Allowed))
        .unwrap();
    set.run(|s| edit::label_span(s, span_of("Washington"), "GPE", Overlaps::Allowed))
        .unwrap();
    let id = AnnotationId(1);
    let mut topic = DocLabels::new();
    topic
        .entry("topic".into())
        .or_default()
        .insert("politics".into());
    type Command = Box<dyn Fn(&AnnotationSet) -> Result<DocEdit, AnnotationError>>;
    let tokens = d.tokens().to_vec();
    let hits = vec![span_of("Asia"), span_of("Washington"), span_of("Program")];
    let commands: Vec<(&str, Command)> = vec![
        (
            "add",
            Box::new(|s| edit::label_span(s, span_of("Asia Program"), "ORG", Overlaps::Allowed)),
        ),
        ("relabel", Box::new(move |s| edit::relabel(s, id, "LOC"))),
        (
            "relabel by span",
            Box::new(|s| edit::label_span(s, span_of("Wilson Center"), "MISC", Overlaps::Allowed)),
        ),
        ("remove", Box::new(move |s| edit::remove(s, id))),
        (
            "note",
            Box::new(move |s| edit::set_note(s, id, "the think-tank")),
        ),
        (
            "doc labels",
            Box::new(move |s| edit::set_doc_labels(s, topic.clone())),
        ),
        ("mark done", Box::new(|s| edit::set_done(s, true))),
        (
            "grow end",
            Box::new({
                let t = tokens.clone();
                move |s| edit::resize(s, &t, id, Edge::End, true, Overlaps::Allowed)
            }),
        ),
        (
            "grow start",
            Box::new({
                let t = tokens.clone();
                move |s| edit::resize(s, &t, id, Edge::Start, true, Overlaps::Allowed)
            }),
        ),
        (
            "shrink start",
            Box::new({
                let t = tokens.clone();
                move |s| edit::resize(s, &t, id, Edge::Start, false, Overlaps::Allowed)
            }),
        ),
        (
            "label all",
            Box::new(move |s| {
                edit::label_all(s, &hits, "GPE", Overlaps::Allowed)
                    .ok_or(AnnotationError::Unchanged)
            }),
        ),
    ];
    for (name, command) in commands {
        let before = set.clone();
        let mut after = set.clone();
        let e = after
            .run(|s| command(s))
            .unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_ne!(after, before, "{name} changed something");
        let mut undone = after.clone();
        e.inverse().apply(&mut undone).unwrap();
        assert_eq!(undone, before, "{name} undoes");
        let mut redone = undone.clone();
        e.apply(&mut redone).unwrap();
        assert_eq!(redone, after, "{name} redoes");
    }
}

#[test]
fn resize_by_words() {
    let d = doc();
    let mut set = AnnotationSet::new(d.char_len());
    set.run(|s| edit::label_span(s, span_of("Center in"), "ORG", Overlaps::Forbidden))
        .unwrap();
    set.run(|s| edit::label_span(s, span_of("said"), "MISC", Overlaps::Forbidden))
        .unwrap();
    let id = AnnotationId(1);
    let tokens = d.tokens();
    // (edge, grow, expected text or error)
    let steps: &[(Edge, bool, Result<&str, &str>)] = &[
        (Edge::Start, true, Ok("Wilson Center in")),
        (Edge::End, true, Ok("Wilson Center in Washington")),
        (Edge::End, true, Err("overlaps the MISC annotation 2")),
        (Edge::Start, false, Ok("Center in Washington")),
        (Edge::End, false, Ok("Center in")),
        (Edge::End, false, Ok("Center")),
        (Edge::End, false, Err("nothing would change")),
        (Edge::Start, false, Err("nothing would change")),
    ];
    for (edge, grow, want) in steps {
        let got = set.run(|s| edit::resize(s, tokens, id, *edge, *grow, Overlaps::Forbidden));
        match want {
            Ok(text) => {
                assert!(got.is_ok(), "{edge:?} {grow}: {got:?}");
                let a = set.get(id).unwrap();
                assert_eq!(d.slice(a.span), Some(*text));
            }
            Err(msg) => assert!(
                got.unwrap_err().to_string().contains(msg),
                "{edge:?} {grow}"
            ),
        }
    }
}

#[test]
fn label_all_plans_and_skips() {
    let d = doc();
    let mut set = AnnotationSet::new(d.char_len());
    set.run(|s| edit::label_span(s, span_of("Asia"), "GPE", Overlaps::Forbidden))
        .unwrap();
    set.run(|s| {
        edit::label_span(
            s,
            span_of("Wilson Center in Washington"),
            "ORG",
            Overlaps::Forbidden,
        )
    })
    .unwrap();
    let hits = [
        span_of("Asia"),
        span_of("Washington"),
        span_of("Director"),
        span_of("Deputy"),
    ];
    let plan = edit::plan_label_all(&set, &hits, "GPE", Overlaps::Forbidden);
    assert_eq!(plan[0], HitStatus::AlreadyLabeled);
    assert!(matches!(
        &plan[1],
        HitStatus::Refused(AnnotationError::Overlaps { .. })
    ));
    assert_eq!(&plan[2..], &[HitStatus::New, HitStatus::New]);
    let e = set
        .run(|s| {
            edit::label_all(s, &hits, "GPE", Overlaps::Forbidden).ok_or(AnnotationError::Unchanged)
        })
        .unwrap();
    let DocEdit::Batch { edits } = &e else {
        panic!("a batch")
    };
    assert_eq!(edits.len(), 2, "one undoable step of two additions");
    assert_eq!(set.len(), 4);
    assert!(edit::label_all(&set, &hits[..1], "GPE", Overlaps::Forbidden).is_none());
}

#[test]
fn edits_store_as_json() {
    let mut set = AnnotationSet::new(doc().char_len());
    let e = set
        .run(|s| edit::label_span(s, span_of("Asia"), "GPE", Overlaps::Allowed))
        .unwrap();
    let json = serde_json::to_string(&e).unwrap();
    assert_eq!(
        json,
        r#"{"add":{"annotation":{"id":1,"span":{"start":23,"end":27},"label":"GPE"}}}"#
    );
    assert_eq!(serde_json::from_str::<DocEdit>(&json).unwrap(), e);
}

/// A user's action in the property test.
#[derive(Clone, Debug)]
enum Op {
    Label(usize, usize, u8),
    Remove(usize),
    Resize(usize, bool, bool),
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0usize..14, 1usize..4, 0u8..3).prop_map(|(t, n, l)| Op::Label(t, n, l)),
        (0usize..8).prop_map(Op::Remove),
        (0usize..8, any::<bool>(), any::<bool>()).prop_map(|(i, e, g)| Op::Resize(i, e, g)),
        Just(Op::Undo),
        Just(Op::Redo),
    ]
}

proptest! {
    /// Under any sequence of edits, undos and redos: the set keeps its invariants under the
    /// policy, undoing everything gives back the empty set, and redoing everything gives back
    /// the newest state.
    #[test]
    fn undo_and_redo_replay_exactly(ops in prop::collection::vec(op(), 0..60), forbid in any::<bool>()) {
        let policy = if forbid { Overlaps::Forbidden } else { Overlaps::Allowed };
        let d = doc();
        let tokens = d.tokens().to_vec();
        let mut set = AnnotationSet::new(d.char_len());
        let mut history: History<DocEdit> = History::default();
        let mut seq = 0;
        for op in ops {
            let ids: Vec<AnnotationId> = set.iter().map(|a| a.id).collect();
            let result = match op {
                Op::Label(t, n, l) => {
                    let span = Span::new(tokens[t].start, tokens[(t + n).min(tokens.len() - 1)].end);
                    Some(set.run(|s| edit::label_span(s, span, ["A", "B", "C"][l as usize], policy)))
                }
                Op::Remove(i) if !ids.is_empty() => Some(set.run(|s| edit::remove(s, ids[i % ids.len()]))),
                Op::Resize(i, end, grow) if !ids.is_empty() => {
                    let edge = if end { Edge::End } else { Edge::Start };
                    Some(set.run(|s| edit::resize(s, &tokens, ids[i % ids.len()], edge, grow, policy)))
                }
                Op::Undo => {
                    if let Some(e) = history.undo() { e.inverse().apply(&mut set).unwrap(); }
                    None
                }
                Op::Redo => {
                    if let Some(e) = history.redo() { e.apply(&mut set).unwrap(); }
                    None
                }
                _ => None,
            };
            if let Some(Ok(e)) = result {
                seq += 1;
                history.record(seq, e);
            }
            if policy == Overlaps::Forbidden {
                for pair in set.as_slice().windows(2) {
                    prop_assert!(pair[0].span.end <= pair[1].span.start, "{:?}", set.as_slice());
                }
            }
        }
        // Redo whatever was undone, to reach the newest state; undo everything; redo it all.
        while let Some(e) = history.redo() {
            e.apply(&mut set).unwrap();
        }
        let end = set.clone();
        let mut undone = 0;
        while let Some(e) = history.undo() {
            e.inverse().apply(&mut set).unwrap();
            undone += 1;
        }
        prop_assert!(set.is_empty() || undone == postil_core::history::LIMIT);
        while let Some(e) = history.redo() {
            e.apply(&mut set).unwrap();
        }
        prop_assert_eq!(set, end);
    }
}

#[test]
fn status_follows_labels_and_the_done_mark() {
    use postil_core::annotation::Status;
    let mut set = AnnotationSet::new(doc().char_len());
    assert_eq!(set.status(), Status::New);
    set.run(|s| edit::label_span(s, span_of("Asia"), "GPE", Overlaps::Allowed))
        .unwrap();
    assert_eq!(set.status(), Status::InProgress);
    let done = set.run(|s| edit::set_done(s, true)).unwrap();
    assert_eq!(set.status(), Status::Done);
    assert_eq!(
        set.run(|s| edit::set_done(s, true)),
        Err(AnnotationError::Unchanged)
    );
    done.inverse().apply(&mut set).unwrap();
    assert_eq!(
        (set.status(), Status::Done.to_string()),
        (Status::InProgress, "done".to_string())
    );
}

/// Label-all as it was first written: a copy of the set, each hit checked and added in turn.
/// The bulk version (checks against the set and the new spans by position, one merge) must
/// give the same statuses, the same annotations with the same ids, and undo the same way.
fn label_all_one_by_one(
    set: &AnnotationSet,
    hits: &[Span],
    overlaps: Overlaps,
) -> (Vec<HitStatus>, AnnotationSet) {
    let mut scratch = set.clone();
    let statuses = hits
        .iter()
        .map(|span| {
            let annotation = postil_core::Annotation {
                created: None,
                attributes: Default::default(),
                id: AnnotationId(scratch.next_id()),
                span: *span,
                label: "A".into(),
                note: String::new(),
            };
            match scratch.check_new(&annotation, overlaps) {
                Ok(()) => {
                    DocEdit::Add { annotation }.apply(&mut scratch).unwrap();
                    HitStatus::New
                }
                Err(AnnotationError::Duplicate { .. }) => HitStatus::AlreadyLabeled,
                Err(e) => HitStatus::Refused(e),
            }
        })
        .collect();
    (statuses, scratch)
}

fn spans(len: u32, max: usize) -> impl Strategy<Value = Vec<Span>> {
    prop::collection::vec((0..len + 2, 0u32..12), 0..max).prop_map(|v| {
        v.into_iter()
            .map(|(s, n)| Span {
                start: s,
                end: s + n,
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn label_all_in_bulk_is_label_all_one_by_one(
        held in spans(80, 12),
        labels in prop::collection::vec(any::<bool>(), 12),
        mut hits in spans(80, 40),
        sorted in any::<bool>(),
        forbid in any::<bool>(),
        changed in any::<prop::sample::Index>(),
    ) {
        let policy = if forbid { Overlaps::Forbidden } else { Overlaps::Allowed };
        let len = TEXT.chars().count() as u32;
        let items: Vec<postil_core::Annotation> = held
            .iter()
            .zip(&labels)
            .enumerate()
            .map(|(i, (span, b))| postil_core::Annotation { created: None,
                attributes: Default::default(),
                id: AnnotationId(i as u32 * 3 + 1),
                span: *span,
                label: if *b { "A" } else { "B" }.into(),
                note: String::new(),
            })
            .collect();
        let set = AnnotationSet::from_parts(len, items, 40, policy);
        prop_assume!(set.is_ok());
        let set = set.unwrap();
        if sorted {
            hits.sort_by_key(|s| (s.start, s.end));
        }

        let (want_statuses, want) = label_all_one_by_one(&set, &hits, policy);
        prop_assert_eq!(edit::plan_label_all(&set, &hits, "A", policy), want_statuses);
        let step = edit::label_all(&set, &hits, "A", policy);
        let mut got = set.clone();
        if let Some(step) = &step {
            step.apply(&mut got).unwrap();
        }
        prop_assert_eq!(&got, &want);
        prop_assert_eq!(got.next_id(), want.next_id());
        // Range queries on the merged set find what they find on the one built one by one.
        for start in 0..len {
            let range = Span { start, end: (start + 5).min(len) };
            let a: Vec<_> = got.within(range).map(|a| a.id).collect();
            let b: Vec<_> = want.within(range).map(|a| a.id).collect();
            prop_assert_eq!(a, b);
        }
        let Some(step) = step else { return Ok(()) };
        // Undo takes exactly the new ones out again.
        let mut undone = got.clone();
        step.inverse().apply(&mut undone).unwrap();
        prop_assert_eq!(&undone, &set);
        // An undo that meets one of them changed refuses, as one by one it would, and changes
        // nothing.
        let DocEdit::Batch { edits } = &step else { unreachable!() };
        let DocEdit::Add { annotation } = &edits[changed.index(edits.len())] else { unreachable!() };
        let mut moved = got.clone();
        // "C": no annotation has it, so no same span with the same label can refuse this.
        moved.run(|s| edit::relabel(s, annotation.id, "C")).unwrap();
        let before = moved.clone();
        let mut one_by_one = moved.clone();
        let DocEdit::Batch { edits: removals } = step.inverse() else { unreachable!() };
        let want_error = removals.iter().try_for_each(|e| e.apply(&mut one_by_one));
        prop_assert!(want_error.is_err());
        prop_assert_eq!(step.inverse().apply(&mut moved), want_error);
        prop_assert_eq!(moved, before);
    }
}
