//! The workspace's commands on the host: every command, its refusals (each leaves the
//! workspace exactly as it was), undo and redo across the histories, documents deleted and
//! restored, imports, intake and other tabs' values; table tests and one property test.

use postil_core::annotation::Overlaps;
use postil_core::article::Article;
use postil_core::edit::Edge;
use postil_core::formats::native;
use postil_core::history::History;
use postil_core::schema_edit::SchemaChange;
use postil_core::selection::Selection;
use postil_core::sources;
use postil_core::workspace::{
    Doc, Import, Outcome, Refusal, Resolution, Select, Step, Verb, Workspace,
};
use postil_core::{AnnotationId, AnnotationSet, Document, LabelSchema, Span};
use proptest::prelude::*;
use std::collections::HashSet;

const A: &str = "Lavrov met Qureshi in Moscow.\n\nLavrov said Moscow and Islamabad agree.";
const B: &str = "Talks in Kabul.\n\nDelegates met in Kabul on Monday.";

fn doc(id: &str, text: &str) -> Doc {
    Doc::fresh(Document::new(id, "", text))
}

/// Two documents, "a" open.
fn ws() -> Workspace {
    Workspace::new(
        LabelSchema::default_ner(),
        History::default(),
        vec![doc("a", A), doc("b", B)],
        0,
    )
}

/// The span of the `n`-th (from 0) occurrence of `words` in `text`.
fn nth(text: &str, words: &str, n: usize) -> Span {
    let at = text.match_indices(words).nth(n).expect("in text").0;
    let start = text[..at].chars().count() as u32;
    Span::new(start, start + words.chars().count() as u32)
}

fn span(words: &str) -> Span {
    nth(A, words, 0)
}

/// The open document's annotations as "LABEL:words", in reading order.
fn labels(ws: &Workspace) -> Vec<String> {
    let d = ws.current();
    d.annotations
        .iter()
        .map(|a| format!("{}:{}", a.label, d.document.slice(a.span).unwrap()))
        .collect()
}

/// A command, as the tables list them.
type Command = Box<dyn Fn(&mut Workspace) -> Result<Outcome, Refusal>>;

/// A document for a file: its id, text and (words, label) spans.
type FileDoc<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)]);

fn ok(r: Result<Outcome, Refusal>) -> Outcome {
    r.unwrap_or_else(|e| panic!("refused: {e}"))
}

/// Runs `f` and checks that it was refused and changed nothing; returns the sentence.
fn refused(
    ws: &mut Workspace,
    f: impl FnOnce(&mut Workspace) -> Result<Outcome, Refusal>,
) -> Refusal {
    let before = ws.clone();
    let r = f(ws).expect_err("refused");
    assert_eq!(*ws, before, "a refusal changes nothing ({r})");
    r
}

fn id_of(ws: &Workspace, words: &str) -> AnnotationId {
    let d = ws.current();
    d.annotations
        .iter()
        .find(|a| d.document.slice(a.span) == Some(words))
        .expect("annotated")
        .id
}

#[test]
fn labeling_records_selects_and_offers_the_other_occurrences() {
    let mut w = ws();
    let o = ok(w.label(span("Lavrov"), "PERSON"));
    assert_eq!(labels(&w), ["PERSON:Lavrov"]);
    assert_eq!(o.select, Select::Annotation(id_of(&w, "Lavrov")));
    assert_eq!(o.message, None, "labeling clears what was said before");
    let of = o.offer.expect("an offer is due");
    assert_eq!(
        (of.annotation, of.label.as_str(), of.span),
        (id_of(&w, "Lavrov"), "PERSON", span("Lavrov"))
    );
    let offer = w.offer(&of).expect("the second Lavrov is offered");
    assert_eq!(offer.spans, vec![nth(A, "Lavrov", 1)]);
    assert_eq!(
        (offer.label.as_str(), offer.text.as_str()),
        ("PERSON", "Lavrov")
    );
    assert_eq!(o.changed.annotations, ["a"]);
    assert_eq!(o.changed.histories, ["a"]);
    assert!(!o.changed.schema && !o.changed.documents && !o.changed.opened);
    assert_eq!(w.seq(), 1);

    let o = ok(w.accept_offer(&offer));
    assert_eq!(
        o.message.as_deref(),
        Some("Labeled 1 more “Lavrov” as PERSON. Ctrl+Z undoes it.")
    );
    assert_eq!(labels(&w), ["PERSON:Lavrov", "PERSON:Lavrov"]);
    assert_eq!(w.seq(), 2);

    // Labeling the same words again with the same label changes nothing, silently.
    assert_eq!(
        refused(&mut w, |w| w.label(span("Lavrov"), "PERSON")),
        Refusal::Unchanged
    );
    // With another label, the annotation on exactly those words is relabeled.
    let o = ok(w.label(span("Lavrov"), "ORG"));
    assert_eq!(labels(&w)[0], "ORG:Lavrov");
    assert_eq!(o.offer, None);
    // Nothing offered once every occurrence is labeled.
    let o = ok(w.label(span("Moscow"), "GPE"));
    let offer = w.offer(&o.offer.unwrap()).expect("the other Moscow");
    ok(w.accept_offer(&offer));
    let o = ok(w.label(span("Qureshi"), "PERSON"));
    assert_eq!(w.offer(&o.offer.unwrap()), None);
}

#[test]
fn an_offer_worked_out_later_is_none_once_its_annotation_changed() {
    // (what happened between the label and working out the offer)
    type Case<'a> = (&'a str, fn(&mut Workspace, AnnotationId));
    let cases: &[Case] = &[
        ("nothing", |_, _| {}),
        ("deleted", |w, id| {
            ok(w.delete_annotation(id));
        }),
        ("relabeled", |w, id| {
            ok(w.relabel(id, "ORG"));
        }),
        ("undone", |w, _| {
            ok(w.undo());
        }),
    ];
    for (what, change) in cases {
        let mut w = ws();
        let of = ok(w.label(span("Lavrov"), "PERSON")).offer.expect("due");
        change(&mut w, of.annotation);
        let offer = w.offer(&of);
        assert_eq!(offer.is_some(), *what == "nothing", "{what}: {offer:?}");
    }
}

#[test]
fn refusals_say_why_and_change_nothing() {
    let mut w = ws();
    ok(w.label(span("Lavrov met Qureshi"), "EVENT"));
    let event = id_of(&w, "Lavrov met Qureshi");
    let no_overlaps = SchemaChange {
        to: w.schema().with_overlaps(Overlaps::Forbidden),
        renames: vec![],
        summary: "Refused new overlapping spans".into(),
    };
    ok(w.change_schema(no_overlaps));
    let cases: Vec<(&str, Command, &str, bool)> = vec![
        (
            "overlap",
            Box::new(|w| w.label(span("Qureshi"), "PERSON")),
            "Not labeled: the words overlap “Lavrov met Qureshi” (EVENT), and this schema does not allow overlapping spans (see Labels).",
            true,
        ),
        (
            "no selection",
            Box::new(|w| w.label_selection(Selection::None, "GPE")),
            "Select words first (click a word, drag across several, or use the arrow keys), then press a key to label them GPE.",
            false,
        ),
        (
            "missing annotation",
            Box::new(|w| w.relabel(AnnotationId(99), "GPE")),
            "Not changed: there is no annotation 99.",
            true,
        ),
        (
            "out of range",
            Box::new(|w| w.label(Span::new(10, 9999), "GPE")),
            "Not changed: the span 10–9999 runs past the end of the text",
            true,
        ),
        (
            "resize past the start",
            Box::new(move |w| w.resize(event, Edge::Start, true)),
            "The annotation cannot be resized further that way (it keeps at least one word).",
            false,
        ),
        ("same note", Box::new(move |w| w.set_note(event, "")), "nothing would change", false),
        ("unknown set", Box::new(|w| w.toggle_doc_label("mood", "happy")), "nothing would change", false),
        ("only hits already labeled", Box::new(|w| w.label_hits(&[span("Lavrov met Qureshi")], "EVENT")), "nothing would change", false),
        ("open the open one", Box::new(|w| w.open(0)), "nothing would change", false),
        ("open past the end", Box::new(|w| w.open(7)), "nothing would change", false),
        ("same annotator", Box::new(|w| w.set_annotator("  ")), "nothing would change", false),
    ];
    for (what, command, want, error) in cases {
        let r = refused(&mut w, command);
        assert!(r.to_string().starts_with(want), "{what}: {r}");
        assert_eq!(r.is_error(), error, "{what}");
    }
}

#[test]
fn commands_on_annotations_undo_and_redo() {
    let mut w = ws();
    ok(w.label(span("Lavrov met"), "PERSON"));
    let id = id_of(&w, "Lavrov met");
    // (command, the open document's labels after it)
    let steps: Vec<(Command, Vec<&str>)> = vec![
        (
            Box::new(move |w| w.resize(id, Edge::End, false)),
            vec!["PERSON:Lavrov"],
        ),
        (
            Box::new(move |w| w.resize(id, Edge::End, true)),
            vec!["PERSON:Lavrov met"],
        ),
        (
            Box::new(move |w| w.relabel(id, "GPE")),
            vec!["GPE:Lavrov met"],
        ),
        (
            Box::new(move |w| w.set_note(id, "  a note ")),
            vec!["GPE:Lavrov met"],
        ),
        (
            Box::new(|w| w.toggle_doc_label("stance", "neutral")),
            vec!["GPE:Lavrov met"],
        ),
        (
            Box::new(|w| w.toggle_doc_label("stance", "negative")),
            vec!["GPE:Lavrov met"],
        ),
        (Box::new(|w| w.toggle_done()), vec!["GPE:Lavrov met"]),
        (Box::new(move |w| w.delete_annotation(id)), vec![]),
    ];
    let mut states = vec![w.clone()];
    for (command, want) in &steps {
        ok(command(&mut w));
        assert_eq!(labels(&w), *want);
        states.push(w.clone());
    }
    let d = w.current().annotations.clone();
    assert!(d.done());
    assert_eq!(
        d.doc_labels()["stance"].iter().collect::<Vec<_>>(),
        ["negative"],
        "one value at a time"
    );
    // Undo walks back through every state; redo forward again.
    for want in states.iter().rev().skip(1) {
        ok(w.undo());
        assert_eq!(*w.current().annotations, *want.current().annotations);
    }
    ok(w.undo());
    assert!(labels(&w).is_empty(), "the first label is the first step");
    assert_eq!(
        refused(&mut w, |w| w.undo()),
        Refusal::NothingTo { verb: Verb::Undo }
    );
    ok(w.redo());
    for want in states.iter().skip(1) {
        ok(w.redo());
        assert_eq!(*w.current().annotations, *want.current().annotations);
    }
    // Undoing the deletion selects what came back; undoing an addition selects nothing.
    assert_eq!(ok(w.undo()).select, Select::Annotation(id));
    let mut fresh = ws();
    ok(fresh.label(span("Moscow"), "GPE"));
    assert_eq!(ok(fresh.undo()).select, Select::Nothing);
    // A new change forgets what could be redone.
    ok(fresh.label(span("Qureshi"), "PERSON"));
    assert_eq!(
        refused(&mut fresh, |w| w.redo()),
        Refusal::NothingTo { verb: Verb::Redo }
    );
}

#[test]
fn done_and_document_label_messages() {
    let mut w = ws();
    let title = w.current().title().to_string();
    assert_eq!(
        ok(w.toggle_done()).message.unwrap(),
        format!("Marked “{title}” done. ] opens the next document.")
    );
    assert_eq!(
        ok(w.toggle_done()).message.unwrap(),
        format!("“{title}” is no longer marked done.")
    );
    ok(w.toggle_doc_label("topic", "politics"));
    ok(w.toggle_doc_label("topic", "health"));
    let chosen: Vec<_> = w.current().annotations.doc_labels()["topic"]
        .iter()
        .cloned()
        .collect();
    assert_eq!(chosen, ["health", "politics"], "several values at a time");
    ok(w.toggle_doc_label("topic", "health"));
    ok(w.toggle_doc_label("topic", "politics"));
    assert!(
        w.current().annotations.doc_labels().is_empty(),
        "a set with no value goes"
    );
}

#[test]
fn label_all_rows_say_what_each_hit_would_do() {
    let mut w = ws();
    ok(w.label(nth(A, "Moscow", 0), "GPE"));
    ok(w.change_schema(SchemaChange {
        to: w.schema().with_overlaps(Overlaps::Forbidden),
        renames: vec![],
        summary: "x".into(),
    }));
    ok(w.label(nth(A, "Moscow and", 0), "ORG"));
    let hits = [
        nth(A, "Moscow", 0),
        nth(A, "Moscow", 1),
        nth(A, "Islamabad", 0),
    ];
    let rows = w.label_all_rows(&hits, "GPE");
    let blocked: Vec<_> = rows.iter().map(|r| r.blocked.as_deref()).collect();
    assert_eq!(
        blocked,
        [Some("already GPE"), Some("overlaps a ORG annotation"), None]
    );
    assert_eq!(rows[2].text, "Islamabad");
    assert!(
        rows[2].before.ends_with("Moscow and "),
        "{:?}",
        rows[2].before
    );
    let o = ok(w.label_hits(&hits, "GPE"));
    assert_eq!(
        o.message.as_deref(),
        Some("Labeled 1 hit as GPE. Ctrl+Z undoes it in one step.")
    );
}

fn rename(w: &Workspace, from: &str, to: &str) -> SchemaChange {
    let mut labels = w.schema().labels().to_vec();
    labels.iter_mut().find(|l| l.name == from).unwrap().name = to.into();
    SchemaChange {
        to: w.schema().with_labels(labels).unwrap(),
        renames: vec![(from.into(), to.into())],
        summary: format!("Renamed {from} to {to}"),
    }
}

fn without(w: &Workspace, name: &str) -> SchemaChange {
    let mut labels = w.schema().labels().to_vec();
    labels.retain(|l| l.name != name);
    SchemaChange {
        to: w.schema().with_labels(labels).unwrap(),
        renames: vec![],
        summary: format!("Deleted {name}"),
    }
}

#[test]
fn schema_changes_reach_every_document_and_undo_in_order() {
    let mut w = ws();
    ok(w.label(span("Lavrov"), "PERSON"));
    ok(w.open(1));
    ok(w.label(nth(B, "Kabul", 0), "GPE"));
    ok(w.label(nth(B, "Delegates", 0), "PERSON"));
    let o = ok(w.change_schema(rename(&w, "PERSON", "PER")));
    assert_eq!(
        o.message.as_deref(),
        Some("Renamed PERSON to PER. Ctrl+Z undoes it.")
    );
    assert!(o.changed.schema && o.changed.schema_history);
    assert_eq!(o.changed.annotations, ["a", "b"]);
    assert_eq!(labels(&w), ["GPE:Kabul", "PER:Delegates"]);
    let o = ok(w.change_schema(without(&w, "GPE")));
    assert_eq!(
        o.message.as_deref(),
        Some("Deleted GPE. 1 annotation removed. Ctrl+Z undoes it.")
    );
    assert_eq!(labels(&w), ["PER:Delegates"]);
    // The labels' changes are the latest: undo takes them back first, newest first.
    assert_eq!(w.next_step(Verb::Undo), Step::Schema);
    assert_eq!(
        ok(w.undo()).message.as_deref(),
        Some("Undid the last change to the labels.")
    );
    assert_eq!(labels(&w), ["GPE:Kabul", "PER:Delegates"]);
    ok(w.undo());
    assert_eq!(labels(&w), ["GPE:Kabul", "PERSON:Delegates"]);
    assert_eq!(w.next_step(Verb::Undo), Step::Document);
    assert_eq!(w.next_step(Verb::Redo), Step::Schema);
    ok(w.redo());
    assert_eq!(labels(&w), ["GPE:Kabul", "PER:Delegates"]);
    // A document change makes the labels' redo stale.
    ok(w.label(nth(B, "Monday", 0), "DATE"));
    assert!(!w.schema_history().can_redo());
    assert_eq!(
        refused(&mut w, |w| w.redo()),
        Refusal::NothingTo { verb: Verb::Redo }
    );
}

#[test]
fn a_label_change_is_not_undone_over_later_edits_or_left_orphans() {
    // Rename reaches document b; b is edited after; undo from a must not overwrite that.
    let mut w = ws();
    ok(w.open(1));
    ok(w.label(nth(B, "Delegates", 0), "PERSON"));
    ok(w.open(0));
    ok(w.change_schema(rename(&w, "PERSON", "PER")));
    ok(w.open(1));
    ok(w.label(nth(B, "Kabul", 0), "GPE"));
    ok(w.open(0));
    let r = refused(&mut w, |w| w.undo());
    assert_eq!(
        r.to_string(),
        "Could not undo the change to the labels: “Talks in Kabul.” was edited after it. Undo those edits in that document first."
    );
    // A label added and then used in b cannot be taken away by undo from a.
    let mut w = ws();
    let mut with_x = w.schema().labels().to_vec();
    with_x.push(postil_core::LabelDef {
        name: "X".into(),
        color: w.schema().unused_color(),
        key: 'x',
    });
    ok(w.change_schema(SchemaChange {
        to: w.schema().with_labels(with_x).unwrap(),
        renames: vec![],
        summary: "Added label X".into(),
    }));
    ok(w.open(1));
    ok(w.label(nth(B, "Kabul", 0), "X"));
    ok(w.open(0));
    let r = refused(&mut w, |w| w.undo());
    assert_eq!(
        r.to_string(),
        "Could not undo: “Kabul” in “Talks in Kabul.” still uses the label X; remove or relabel it first."
    );
    // And deleting a label some annotation keeps (by a change the editor does not make:
    // annotations of a label are removed with it) is refused the same way.
    let mut w = ws();
    ok(w.label(span("Moscow"), "GPE"));
    let mut change = without(&w, "GPE");
    change.renames = vec![("GPE".into(), "GONE".into())];
    // "GONE" is not in the new schema, so the rename cannot follow: the annotation goes.
    ok(w.change_schema(change));
    assert!(labels(&w).is_empty());
}

#[test]
fn redoing_a_label_change_another_tab_already_made_keeps_its_schema() {
    // Delete PERSON, undo; another tab's schema without PERSON arrives; redo: the schema is
    // already the one the redo gives, so it stays as it is (and is not written again).
    let mut w = ws();
    ok(w.label(span("Lavrov"), "PERSON"));
    ok(w.change_schema(without(&w, "PERSON")));
    ok(w.undo());
    let theirs = without(&w, "PERSON").to;
    ok(w.take_schema(theirs));
    let o = ok(w.redo());
    assert!(!o.changed.schema, "the same schema is not replaced");
    assert_eq!(o.changed.annotations, ["a"]);
    assert!(labels(&w).is_empty());
}

#[test]
fn importing_a_schema_keeps_labels_in_use() {
    let mut w = ws();
    ok(w.label(span("Moscow"), "GPE"));
    let theirs = LabelSchema::new(vec![postil_core::LabelDef {
        name: "PERSON".into(),
        color: "#ffd3a8".parse().unwrap(),
        key: 'p',
    }])
    .unwrap();
    let file = postil_core::schema_file::export(&theirs);
    let o = ok(w.import_schema("theirs.postil-schema.json", &file));
    assert_eq!(
        o.message.as_deref(),
        Some("Imported the labels of “theirs.postil-schema.json” (kept GPE, which your annotations use). Ctrl+Z undoes it.")
    );
    let names: Vec<_> = w
        .schema()
        .labels()
        .iter()
        .map(|l| l.name.as_str())
        .collect();
    assert_eq!(names, ["PERSON", "GPE"]);
    assert_eq!(labels(&w), ["GPE:Moscow"]);
    let r = refused(&mut w, |w| w.import_schema("broken.json", "{"));
    assert!(
        r.to_string()
            .starts_with("Nothing was imported from “broken.json”: "),
        "{r}"
    );
    assert!(
        r.to_string().ends_with(". Your labels are unchanged."),
        "{r}"
    );
}

#[test]
fn deleting_and_restoring_documents() {
    let mut w = ws();
    ok(w.label(span("Lavrov"), "PERSON"));
    // Deleting the open document opens the one that takes its place.
    let id = w.may_delete(0).unwrap();
    let o = ok(w.delete_document(&id));
    assert_eq!(
        o.message.as_deref(),
        Some("Deleted “Lavrov met Qureshi in Moscow.”. Ctrl+Z (or Restore, in Documents) brings it back until you close this tab.")
    );
    assert!(o.changed.documents && o.changed.opened && o.changed.trash);
    assert_eq!(w.current().id(), "b");
    assert_eq!(w.may_delete(0), Err(Refusal::OnlyDocument));
    assert_eq!(
        refused(&mut w, |w| w.delete_document("b")),
        Refusal::OnlyDocument
    );
    // Undo brings it back first, where it was, with its annotations, and opens it.
    assert_eq!(w.next_step(Verb::Undo), Step::Restore);
    let o = ok(w.undo());
    assert_eq!(
        o.message.as_deref(),
        Some("Restored “Lavrov met Qureshi in Moscow.” with 1 annotation (PERSON 1).")
    );
    assert_eq!(w.current_index(), 0);
    assert_eq!(labels(&w), ["PERSON:Lavrov"]);
    // Restored under a free id when an import took its id meanwhile; its labels come back.
    let id = w.may_delete(0).unwrap();
    ok(w.delete_document(&id));
    ok(w.change_schema(without(&w, "PERSON")));
    let mut seen = w.deduper();
    let took = w.take_in(
        vec![article("a", "Another text entirely.")],
        &mut seen,
        &HashSet::new(),
    );
    assert_ne!(
        took.first.as_deref(),
        Some("a"),
        "a deleted document keeps its id"
    );
    assert_eq!(took.first.as_deref(), Some("a-2"));
    ok(w.restore_deleted());
    assert_eq!(w.current().id(), "a");
    assert!(
        w.schema().get("PERSON").is_some(),
        "its label comes back with it"
    );
    assert_eq!(refused(&mut w, |w| w.restore_deleted()), Refusal::Unchanged);
}

#[test]
fn what_another_tab_does_arrives_here() {
    let mut w = ws();
    // Deleted there: gone here, restorable by Restore but not by Ctrl+Z.
    let o = ok(w.drop_document("b"));
    assert_eq!(
        o.message.as_deref(),
        Some("Another tab deleted “Talks in Kabul.”. Restore (in Documents) brings it back.")
    );
    assert_eq!(w.next_step(Verb::Undo), Step::Nothing);
    ok(w.restore_deleted());
    assert_eq!(w.docs().len(), 2);
    assert_eq!(w.current().id(), "b", "a restored document opens");
    ok(w.open(0));
    assert_eq!(
        refused(&mut w, |w| w.drop_document("nope")),
        Refusal::Unchanged
    );
    // Their annotations and history replace ours for that document; their sequence numbers
    // count here.
    let mut theirs = ws();
    ok(theirs.label(span("Qureshi"), "PERSON"));
    ok(theirs.label(span("Moscow"), "GPE"));
    let d = theirs.current().clone();
    let o = ok(w.take_annotations("a", (*d.annotations).clone()));
    assert_eq!(o.changed.annotations, ["a"]);
    assert!(
        o.changed.histories.is_empty(),
        "taking a value in is not a change of ours"
    );
    ok(w.take_history("a", (*d.history).clone()));
    assert_eq!(w.seq(), 2);
    assert_eq!(
        refused(&mut w, |w| w
            .take_annotations("a", (*d.annotations).clone())),
        Refusal::Unchanged
    );
    assert_eq!(
        refused(&mut w, |w| w.take_schema(LabelSchema::default_ner())),
        Refusal::Unchanged
    );
    ok(w.undo());
    assert_eq!(labels(&w), ["PERSON:Qureshi"]);
    // Documents they added come after ours, once.
    let o = ok(w.documents_arrived(vec![doc("c", "New one."), doc("a", A)]));
    assert_eq!(
        o.message.as_deref(),
        Some("Another tab added 1 document: see Documents.")
    );
    assert_eq!(
        refused(&mut w, |w| w.documents_arrived(vec![doc("c", "New one.")])),
        Refusal::Unchanged
    );
}

fn article(id: &str, text: &str) -> Article {
    Article {
        suggested: None,
        attributes: Vec::new(),
        title: text.lines().next().unwrap_or_default().to_string(),
        text: text.to_string(),
        id_hint: Some(id.to_string()),
        annotations: Vec::new(),
        source: format!("{id}.txt"),
        notes: Vec::new(),
        relations: Vec::new(),
    }
}

#[test]
fn taking_in_articles() {
    let mut w = ws();
    let mut labeled = article("c", "Kyiv and Minsk.");
    labeled.annotations = vec![(0, 4, "CITY".into()), (0, 4, "CITY".into())];
    let reserved: HashSet<String> = ["d".to_string()].into();
    let mut seen = w.deduper();
    let history = w.current().history.clone();
    let took = w.take_in(
        vec![
            labeled,
            article("d", "Fresh text."),
            article("e", A),
            article("f", "Fresh text."),
        ],
        &mut seen,
        &reserved,
    );
    assert_eq!(took.first.as_deref(), Some("c"));
    assert_eq!(took.titles, ["Kyiv and Minsk.", "Fresh text."]);
    assert_eq!(
        w.docs().iter().map(|d| d.id()).collect::<Vec<_>>(),
        ["a", "b", "c", "d-2"]
    );
    assert_eq!(took.annotations, 1, "an exact duplicate span counts once");
    assert_eq!(took.new_labels, ["CITY"]);
    assert!(w.schema().get("CITY").is_some());
    let skipped: Vec<_> = took
        .skipped
        .iter()
        .map(|(s, why)| format!("{s}: {why}"))
        .collect();
    assert_eq!(
        skipped,
        [
            "e.txt: “Lavrov met Qureshi in Moscow.” has the same text as a document already here",
            "f.txt: “Fresh text.” has the same text as an article earlier in this import",
        ]
    );
    assert!(
        std::rc::Rc::ptr_eq(&history, &w.current().history),
        "not an undoable step"
    );
    assert_eq!(w.next_step(Verb::Undo), Step::Nothing);
    // Pasting opens what it added; a text already here is refused (an empty paste never
    // becomes an article: `jobs::paste` refuses it).
    let pasted = || sources::from_paste("", "Pasted title\n\nBody.").unwrap();
    let o = ok(w.add_pasted(pasted()));
    assert_eq!(o.message.as_deref(), Some("Added “Pasted title”."));
    assert_eq!(w.current().title(), "Pasted title");
    let r = refused(&mut w, |w| w.add_pasted(pasted()));
    assert!(matches!(r, Refusal::Skipped(_)), "{r:?}");
}

fn native_file(docs: &[FileDoc]) -> String {
    let mut schema = LabelSchema::default_ner();
    let _ = schema.add_label("CITY");
    let built: Vec<(Document, AnnotationSet)> = docs
        .iter()
        .map(|(id, text, spans)| {
            let d = Document::new(*id, "", *text);
            let mut set = AnnotationSet::new(d.char_len());
            for (words, label) in *spans {
                let s = nth(text, words, 0);
                set.run(|x| postil_core::edit::label_span(x, s, label, Overlaps::Allowed))
                    .unwrap();
            }
            (d, set)
        })
        .collect();
    native::export(&schema, built.iter().map(|(d, s)| (d, s)))
}

#[test]
fn importing_postil_files() {
    let mut w = ws();
    ok(w.label(span("Lavrov"), "PERSON"));
    // New documents and a document with no annotations here are taken without asking.
    let file = native_file(&[("b", B, &[("Kabul", "CITY")]), ("c", "Third.", &[])]);
    let Import::Done(o) = w.import_native("f.postil.json", &file).unwrap() else {
        panic!("asked")
    };
    assert_eq!(
        o.message.as_deref(),
        Some("Imported “f.postil.json”: 2 documents, 1 annotation.")
    );
    assert_eq!(
        o.details,
        [
            "“Talks in Kabul.”: 1 annotation (CITY 1); annotations added.",
            "“Third.”: no annotations; added.",
            "New labels: CITY.",
        ]
    );
    assert_eq!(w.current().id(), "b");
    assert_eq!(labels(&w), ["CITY:Kabul"]);
    // Undo takes the document's step back before the labels it needed.
    assert_eq!(w.next_step(Verb::Undo), Step::Document);
    // Other annotations for a document here: the user is asked.
    ok(w.open(0));
    let theirs = native_file(&[("a", A, &[("Moscow", "GPE")])]);
    let Import::Ask(pending) = w.import_native("t.postil.json", &theirs).unwrap() else {
        panic!("not asked")
    };
    assert_eq!(pending.conflicts.len(), 1);
    assert_eq!(
        (pending.conflicts[0].here, pending.conflicts[0].there),
        (1, 1)
    );
    let mut keep = w.clone();
    let o = ok(keep.resolve_import(&pending.file_name, &pending.file, Resolution::KeepBoth));
    assert_eq!(
        o.details[0],
        "“Lavrov met Qureshi in Moscow.”: 1 annotation (GPE 1); added as a copy."
    );
    assert_eq!(
        keep.current().title(),
        "Lavrov met Qureshi in Moscow. (imported)"
    );
    let cancel =
        ok(w.clone()
            .resolve_import(&pending.file_name, &pending.file, Resolution::Cancel));
    assert_eq!(
        cancel.message.as_deref(),
        Some("Import of “t.postil.json” cancelled. Your work is unchanged.")
    );
    assert!(cancel.changed.is_empty());
    ok(w.resolve_import(&pending.file_name, &pending.file, Resolution::Replace));
    assert_eq!(labels(&w), ["GPE:Moscow"]);
    ok(w.undo());
    assert_eq!(
        labels(&w),
        ["PERSON:Lavrov"],
        "replacing is one undoable step"
    );
    // A broken file is refused whole.
    let before = w.clone();
    let r = w
        .import_native("x.json", "{\"format\": \"postil\"}")
        .unwrap_err();
    assert!(
        r.to_string()
            .starts_with("Nothing was imported from “x.json”: "),
        "{r}"
    );
    assert_eq!(w, before);
}

#[test]
fn a_workspace_without_documents_opens_the_sample_and_keeps_counting() {
    // The labels' history says changes up to 7 were made: the next one must come after.
    let mut history = History::default();
    history.record(
        7,
        postil_core::schema_edit::SchemaEdit {
            from: LabelSchema::default_ner(),
            to: LabelSchema::default_ner(),
            docs: vec![],
        },
    );
    let mut w = Workspace::new(LabelSchema::default_ner(), history, vec![], 3);
    assert_eq!(w.current().id(), postil_core::sample::SAMPLE_ID);
    assert_eq!(w.seq(), 7);
    let first = w.current().document.tokens()[0];
    ok(w.label(first, "PERSON"));
    assert_eq!(w.seq(), 8);
    assert_eq!(w.next_step(Verb::Undo), Step::Document);
}

#[test]
fn documents_open_round_the_list_and_report_what_changed() {
    let mut w = ws();
    let o = ok(w.open_next(true));
    assert_eq!((w.current().id(), o.select), ("b", Select::Nothing));
    assert!(o.changed.opened && !o.changed.documents);
    ok(w.open_next(true));
    assert_eq!(w.current().id(), "a");
    ok(w.open_next(false));
    assert_eq!(w.current().id(), "b");
    let o = ok(w.set_annotator("  Ada  "));
    assert_eq!(w.annotator(), "Ada");
    assert!(o.changed.annotator);
    assert_eq!(w.label_usage().len(), 0);
}

/// A command the property test runs.
#[derive(Clone, Debug)]
enum Op {
    Label(u32, u32, u8),
    Relabel(u32, u8),
    Delete(u32),
    Resize(u32, bool, bool),
    Note(u32, bool),
    Done,
    DocLabel(bool),
    DeleteLabel(u8),
    Overlaps(bool),
    Undo,
    Redo,
    Open(usize),
    DeleteDocument(usize),
    Restore,
    /// Another tab's labels arrive: these without one label (its annotations arrive later).
    TheirSchemaWithout(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u32..70, 1u32..12, 0u8..4).prop_map(|(s, l, k)| Op::Label(s, s + l, k)),
        1 => (1u32..8, 0u8..4).prop_map(|(i, k)| Op::Relabel(i, k)),
        1 => (1u32..8).prop_map(Op::Delete),
        1 => (1u32..8, any::<bool>(), any::<bool>()).prop_map(|(i, e, g)| Op::Resize(i, e, g)),
        1 => (1u32..8, any::<bool>()).prop_map(|(i, b)| Op::Note(i, b)),
        1 => Just(Op::Done),
        1 => any::<bool>().prop_map(Op::DocLabel),
        1 => (0u8..4).prop_map(Op::DeleteLabel),
        1 => any::<bool>().prop_map(Op::Overlaps),
        3 => Just(Op::Undo),
        2 => Just(Op::Redo),
        1 => (0usize..3).prop_map(Op::Open),
        1 => (0usize..3).prop_map(Op::DeleteDocument),
        1 => Just(Op::Restore),
        1 => (0u8..4).prop_map(Op::TheirSchemaWithout),
    ]
}

const LABELS: [&str; 4] = ["PERSON", "ORG", "GPE", "DATE"];

fn run(w: &mut Workspace, op: &Op) -> Result<Outcome, Refusal> {
    let len = w.current().document.char_len();
    match op.clone() {
        Op::Label(s, e, k) => w.label(Span::new(s.min(len), e.min(len)), LABELS[k as usize]),
        Op::Relabel(i, k) => w.relabel(AnnotationId(i), LABELS[k as usize]),
        Op::Delete(i) => w.delete_annotation(AnnotationId(i)),
        Op::Resize(i, end, grow) => w.resize(
            AnnotationId(i),
            if end { Edge::End } else { Edge::Start },
            grow,
        ),
        Op::Note(i, some) => w.set_note(AnnotationId(i), if some { "note" } else { "" }),
        Op::Done => w.toggle_done(),
        Op::DocLabel(b) => w.toggle_doc_label("stance", if b { "neutral" } else { "positive" }),
        Op::DeleteLabel(k) => {
            let change = without(w, LABELS[k as usize]);
            w.change_schema(change)
        }
        Op::Overlaps(on) => {
            let to = w.schema().with_overlaps(if on {
                Overlaps::Allowed
            } else {
                Overlaps::Forbidden
            });
            w.change_schema(SchemaChange {
                to,
                renames: vec![],
                summary: "o".into(),
            })
        }
        Op::Undo => w.undo(),
        Op::Redo => w.redo(),
        Op::Open(i) => w.open(i),
        Op::DeleteDocument(i) => match w.may_delete(i) {
            Ok(id) => w.delete_document(&id),
            Err(e) => Err(e),
        },
        Op::Restore => w.restore_deleted(),
        Op::TheirSchemaWithout(k) => {
            let to = without(w, LABELS[k as usize]).to;
            w.take_schema(to)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Whatever the commands: a refusal leaves the workspace as it was, the invariants hold,
    /// no command makes (or brings back) an annotation whose label the schema lacks, and
    /// "what changed" is exactly what differs.
    #[test]
    fn commands_keep_the_workspace_whole(ops in prop::collection::vec(op(), 1..40)) {
        let mut w = ws();
        for op in &ops {
            let before = w.clone();
            match run(&mut w, op) {
                Ok(o) => {
                    // What changed, found independently: by content, document by document.
                    let by_content = |part: fn(&Doc) -> String| -> Vec<String> {
                        w.docs().iter()
                            .filter(|d| before.doc(d.id()).is_none_or(|b| part(b) != part(d)))
                            .map(|d| d.id().to_string())
                            .collect()
                    };
                    prop_assert_eq!(&o.changed.annotations, &by_content(|d| format!("{:?}", d.annotations)));
                    prop_assert_eq!(&o.changed.histories, &by_content(|d| format!("{:?}", d.history)));
                    let ids = |x: &Workspace| x.docs().iter().map(|d| d.id().to_string()).collect::<Vec<_>>();
                    prop_assert_eq!(o.changed.documents, ids(&w) != ids(&before));
                    prop_assert_eq!(o.changed.schema, **w.schema() != **before.schema());
                    prop_assert_eq!(o.changed.opened, w.current().id() != before.current().id());
                }
                Err(_) => prop_assert_eq!(&w, &before),
            }
            prop_assert!(!w.docs().is_empty());
            prop_assert!(w.current_index() < w.docs().len());
            let ids: HashSet<_> = w.docs().iter().map(|d| d.id().to_string()).collect();
            prop_assert_eq!(ids.len(), w.docs().len(), "ids are unique");
            for d in w.docs().iter() {
                for a in d.annotations.iter() {
                    // Only another tab's schema may leave one, until its annotations arrive.
                    let had = before
                        .doc(d.id())
                        .and_then(|b| b.annotations.get(a.id))
                        .is_some_and(|b| b.label == a.label);
                    prop_assert!(w.schema().get(&a.label).is_some() || had, "{:?} made {} {} without its label", op, d.id(), a.label);
                    prop_assert!(a.span.end <= d.document.char_len());
                }
                // Every step of every history is numbered below the counter.
                prop_assert!(d.history.max_seq() <= w.seq());
            }
        }
        // Undo all the way back, then redo: nothing panics, and undo stops.
        for _ in 0..(ops.len() * 2 + 2) {
            if w.undo().is_err() { break; }
        }
    }
}
