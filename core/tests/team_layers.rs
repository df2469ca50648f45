//! Layers: a colleague's Postil file becomes their layer of the documents here (never mixed
//! into the annotator's own), kept in storage and in Postil files, merged across tabs; a
//! model's suggestions are accepted and rejected one by one or per label, each undoable.
//!
//! Offsets are `char`s, spans half-open, as everywhere in Postil.

mod support;

use postil_core::annotation::{Layer, LayerKind, Layers};
use postil_core::converge::{merge_doc, DocSide};
use postil_core::formats::native;
use postil_core::history::History;
use postil_core::store;
use postil_core::workspace::{Import, Workspace};
use postil_core::{AnnotationId, AnnotationSet, Span};

/// The `char` span of the first `word` in the open document.
fn span_of(ws: &Workspace, word: &str) -> Span {
    let text = ws.current().document.text();
    let byte = text.find(word).unwrap_or_else(|| panic!("no “{word}”"));
    let start = text[..byte].chars().count() as u32;
    Span::new(start, start + word.chars().count() as u32)
}

/// A workspace (the sample open) by `who`, with `labels` on the sample's words.
fn by(who: &str, labels: &[(&str, &str)]) -> Workspace {
    let mut ws = Workspace::fresh();
    ws.set_annotator(who).ok();
    for (word, label) in labels {
        let span = span_of(&ws, word);
        ws.label(span, label).unwrap();
    }
    ws
}

/// The open document's annotations as (words, label), in reading order.
fn seen(ws: &Workspace, set: &AnnotationSet) -> Vec<(String, String)> {
    let doc = &ws.current().document;
    set.iter()
        .map(|a| (doc.slice(a.span).unwrap().to_string(), a.label.clone()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(w, l)| (w.to_string(), l.to_string()))
        .collect()
}

fn export(ws: &Workspace) -> String {
    let d = ws.current();
    native::export_by(
        ws.schema(),
        [(&*d.document, &*d.annotations)],
        Some(ws.annotator()),
    )
}

fn import(ws: &mut Workspace, name: &str, file: &str) -> Vec<String> {
    match ws.import_native(name, file).unwrap() {
        Import::Done(outcome) => outcome.details,
        Import::Ask(p) => panic!("asked about {:?}", p.conflicts),
    }
}

/// The question importing `file` asks (panics when it asks none).
fn asked(ws: &mut Workspace, name: &str, file: &str) -> postil_core::workspace::PendingImport {
    match ws.import_native(name, file).unwrap() {
        Import::Ask(pending) => pending,
        Import::Done(o) => panic!("not asked: {:?}", o.message),
    }
}

/// The articles the worker reads from a file.
fn articles(name: &str, bytes: &[u8]) -> Vec<postil_core::article::Article> {
    match postil_core::jobs::read(name, bytes) {
        postil_core::jobs::Answer::Read { articles, .. } => articles,
        other => panic!("{name} not read: {other:?}"),
    }
}

/// The open document's own annotations as (words, label).
fn own(ws: &Workspace) -> Vec<(String, String)> {
    seen(ws, &ws.current().annotations.clone())
}

#[test]
fn a_colleagues_file_becomes_their_layer_and_undo_takes_it_away() {
    let mut mine = by("Ben", &[("Lavrov", "PERSON")]);
    let ana = by("Ana", &[("Lavrov", "PERSON"), ("Islamabad", "GPE")]);
    let details = import(&mut mine, "ana.postil.json", &export(&ana));
    assert_eq!(details.len(), 1, "{details:?}");
    assert!(details[0].contains("as the layer “Ana”"), "{}", details[0]);
    let set = mine.current().annotations.clone();
    assert_eq!(
        seen(&mine, &set),
        pairs(&[("Lavrov", "PERSON")]),
        "mine untouched"
    );
    let layer = set.layers().get("Ana").expect("Ana's layer");
    assert_eq!(layer.kind, LayerKind::Annotator);
    assert_eq!(layer.source, "ana.postil.json");
    assert_eq!(
        seen(&mine, &layer.annotations),
        pairs(&[("Islamabad", "GPE"), ("Lavrov", "PERSON")])
    );
    // The same file again changes nothing; a newer one replaces the layer.
    let again = import(&mut mine, "ana.postil.json", &export(&ana));
    assert!(again[0].contains("already here, unchanged"), "{again:?}");
    mine.undo().unwrap();
    assert!(mine.current().annotations.layers().is_empty());
    mine.redo().unwrap();
    assert_eq!(mine.current().annotations.layers().len(), 1);
}

#[test]
fn my_own_file_still_asks_and_an_unnamed_file_still_asks() {
    let mut mine = by("Ben", &[("Lavrov", "PERSON")]);
    let other_me = by(" ben ", &[("Islamabad", "GPE")]);
    assert!(matches!(
        mine.import_native("b.postil.json", &export(&other_me))
            .unwrap(),
        Import::Ask(_)
    ));
    let nobody = by("", &[("Islamabad", "GPE")]);
    assert!(matches!(
        mine.import_native("x.postil.json", &export(&nobody))
            .unwrap(),
        Import::Ask(_)
    ));
    assert!(mine.current().annotations.layers().is_empty());
}

#[test]
fn a_colleagues_new_document_comes_with_none_of_mine() {
    let mut mine = by("Ben", &[]);
    let mut ana = by("Ana", &[]);
    let article =
        postil_core::sources::from_paste("Talks", "Ana met Ben in Oslo on Monday.").unwrap();
    let mut seen_texts = ana.deduper();
    ana.take_in(vec![article], &mut seen_texts, &Default::default());
    ana.open(1).unwrap();
    let oslo = span_of(&ana, "Oslo");
    ana.label(oslo, "GPE").unwrap();
    let details = import(&mut mine, "ana.postil.json", &export(&ana));
    assert!(
        details[0].contains("added, with 1 annotation"),
        "{details:?}"
    );
    assert_eq!(mine.docs().len(), 2);
    let doc = mine.current();
    assert_eq!(doc.title(), "Talks");
    assert!(doc.annotations.is_empty());
    assert_eq!(
        doc.annotations
            .layers()
            .get("Ana")
            .unwrap()
            .annotations
            .len(),
        1
    );
}

#[test]
fn layers_are_kept_in_storage_and_in_postil_files() {
    let mut mine = by("Ben", &[("Lavrov", "PERSON")]);
    let ana = by("Ana", &[("Islamabad", "GPE"), ("Lavrov", "ORG")]);
    import(&mut mine, "ana.postil.json", &export(&ana));
    let values = support::stored(&mine);
    let keys: Vec<String> = values.keys().cloned().collect();
    let loaded = store::load(&keys, |k| values.get(k).cloned());
    assert!(loaded.corrupt.is_empty(), "{:?}", loaded.corrupt);
    let back = loaded.stored.into_workspace();
    assert_eq!(back.current().annotations, mine.current().annotations);
    assert_eq!(back.current().history, mine.current().history);

    let file = export(&mine);
    assert!(file.contains("\"version\": 5"), "{file}");
    let read = native::import(&file).unwrap();
    assert_eq!(read.annotator.as_deref(), Some("Ben"));
    let layers = read.documents[0].annotations.layers();
    let want = mine.current().annotations.layers().get("Ana").unwrap();
    assert_eq!(layers.get("Ana").unwrap().annotations, want.annotations);
    // A file without layers is still version 4 or below.
    assert!(!export(&ana).contains("\"version\": 5"));
}

#[test]
fn a_layer_whose_text_does_not_match_is_refused_with_where() {
    let mut mine = by("Ben", &[("Lavrov", "PERSON")]);
    let ana = by("Ana", &[("Islamabad", "GPE")]);
    import(&mut mine, "ana.postil.json", &export(&ana));
    let file = export(&mine).replace("\"text\": \"Islamabad\"", "\"text\": \"Islamabat\"");
    let e = native::import(&file).unwrap_err().to_string();
    assert!(e.contains("layer Ana") && e.contains("Islamabat"), "{e}");
}

#[test]
fn tabs_that_each_added_a_layer_keep_both() {
    let text_len = 40;
    let set_with = |names: &[&str]| {
        let mut s = AnnotationSet::new(text_len);
        let layers: Vec<Layer> = (names.iter())
            .map(|n| Layer {
                name: n.to_string(),
                kind: LayerKind::Annotator,
                source: String::new(),
                annotations: AnnotationSet::new(text_len),
            })
            .collect();
        // Through a layer edit, as the workspace adds them.
        for l in layers {
            postil_core::edit::DocEdit::Layer {
                name: l.name.clone(),
                from: None,
                to: Some(std::rc::Rc::new(l)),
            }
            .apply(&mut s)
            .unwrap();
        }
        s
    };
    let h = History::default();
    let side = |s| DocSide {
        annotations: s,
        history: &h,
    };
    let (base, ours, theirs) = (set_with(&["Cy"]), set_with(&["Cy", "Ana"]), set_with(&[]));
    let (merged, _) = merge_doc(side(&base), side(&ours), side(&theirs));
    let names: Vec<&str> = merged.layers().iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, ["Ana"], "theirs removed Cy, ours added Ana");
    assert_eq!(Layers::default(), *set_with(&[]).layers());
}

/// The sample with a model's suggestions of PERSON and GPE.
fn with_suggestions() -> Workspace {
    let mut mine = by("Ben", &[("Lavrov", "PERSON")]);
    let mut model = by("model", &[("Lavrov", "PERSON"), ("Islamabad", "GPE")]);
    for word in ["Qureshi", "Khan"] {
        let span = span_of(&model, word);
        model.label(span, "PERSON").unwrap();
    }
    let file = native::import(&export(&model)).unwrap();
    let mut layer_set = file.documents[0].annotations.clone();
    layer_set = AnnotationSet::from_parts(
        layer_set.text_len(),
        layer_set.iter().cloned().collect(),
        1,
        Default::default(),
    )
    .unwrap();
    let layer = Layer {
        name: "model".into(),
        kind: LayerKind::Suggestions,
        source: "model.json".into(),
        annotations: layer_set,
    };
    let said = mine.add_layer(layer).unwrap().message.unwrap();
    assert_eq!(said, "Added the layer “model”: 4 suggestions.");
    mine
}

fn suggestion(ws: &Workspace, word: &str) -> AnnotationId {
    let span = span_of(ws, word);
    let layer = ws.current().annotations.layers().get("model").unwrap();
    layer
        .annotations
        .iter()
        .find(|a| a.span == span)
        .unwrap()
        .id
}

#[test]
fn suggestions_are_accepted_and_rejected_one_by_one_and_undone() {
    let mut ws = with_suggestions();
    let id = suggestion(&ws, "Islamabad");
    let said = ws.adopt("model", id).unwrap().message.unwrap();
    assert_eq!(said, "Accepted “Islamabad” (GPE) from “model”.");
    let set = ws.current().annotations.clone();
    assert_eq!(
        seen(&ws, &set),
        pairs(&[("Islamabad", "GPE"), ("Lavrov", "PERSON")])
    );
    assert_eq!(set.layers().get("model").unwrap().annotations.len(), 3);
    // Lavrov is already mine: accepting it only takes it out of the suggestions.
    let lavrov = suggestion(&ws, "Lavrov");
    ws.adopt("model", lavrov).unwrap();
    assert_eq!(ws.current().annotations.len(), 2);
    let qureshi = suggestion(&ws, "Qureshi");
    let said = ws.reject("model", qureshi).unwrap().message.unwrap();
    assert_eq!(said, "Rejected “Qureshi” (PERSON) from “model”.");
    let left = &ws
        .current()
        .annotations
        .layers()
        .get("model")
        .unwrap()
        .annotations;
    assert_eq!(left.len(), 1);
    for _ in 0..3 {
        ws.undo().unwrap();
    }
    assert_eq!(own(&ws), pairs(&[("Lavrov", "PERSON")]));
    let back = &ws
        .current()
        .annotations
        .layers()
        .get("model")
        .unwrap()
        .annotations;
    assert_eq!(back.len(), 4);
}

#[test]
fn all_suggestions_of_a_label_are_accepted_as_one_step() {
    let mut ws = with_suggestions();
    let said = ws
        .accept_all("model", Some("PERSON"))
        .unwrap()
        .message
        .unwrap();
    assert_eq!(said, "Accepted 3 PERSON suggestions from “model”.");
    let set = ws.current().annotations.clone();
    let mut got = seen(&ws, &set);
    got.sort();
    assert_eq!(
        got,
        pairs(&[
            ("Khan", "PERSON"),
            ("Lavrov", "PERSON"),
            ("Qureshi", "PERSON")
        ])
    );
    let left = &set.layers().get("model").unwrap().annotations;
    assert_eq!(seen(&ws, left), pairs(&[("Islamabad", "GPE")]));
    ws.undo().unwrap();
    assert_eq!(ws.current().annotations.len(), 1);
    let e = ws.accept_all("model", Some("ORG")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "“model” has no suggestions here that could be accepted."
    );
}

#[test]
fn a_layer_is_removed_and_brought_back() {
    let mut ws = with_suggestions();
    let said = ws.remove_layer("model").unwrap().message.unwrap();
    assert_eq!(
        said,
        "Removed the layer “model” (4 annotations). Ctrl+Z brings it back."
    );
    assert!(ws.current().annotations.layers().is_empty());
    ws.undo().unwrap();
    assert_eq!(ws.current().annotations.layers().len(), 1);
    let e = ws.remove_layer("nobody").unwrap_err();
    assert_eq!(
        e.to_string(),
        "Not changed: the document has no layer “nobody”."
    );
}

#[test]
fn a_review_lists_a_layer_in_context_with_what_is_mine_there() {
    let mut ws = with_suggestions();
    let span = span_of(&ws, "Moscow");
    ws.label(span, "ORG").unwrap();
    let rows = ws.layer_rows("model");
    let row = |w: &str| rows.iter().find(|r| r.text == w).unwrap();
    assert_eq!(row("Lavrov").yours.as_deref(), Some("you have it too"));
    assert_eq!(row("Islamabad").yours, None);
    assert!(
        row("Islamabad").before.ends_with("Moscow and "),
        "{:?}",
        row("Islamabad")
    );
    assert_eq!(rows.len(), 4);
    assert!(ws.layer_rows("nobody").is_empty());
}

#[test]
fn a_models_file_comes_in_as_suggestions_on_the_document_with_its_text() {
    let mut ws = by("Ben", &[("Lavrov", "PERSON")]);
    let text = ws.current().document.text().to_string();
    let at = span_of(&ws, "Islamabad");
    let lines = [
        serde_json::json!({"text": text, "label": [[at.start, at.end, "GPE"], [0, 6, "NORP"]]}),
        serde_json::json!({"text": "Ana met Ben in Oslo.", "label": [[15, 19, "GPE"]]}),
    ];
    let file: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let read = articles("runs/model-v2.jsonl", file.as_bytes());
    let took = ws.take_suggestions("runs/model-v2.jsonl", read, &Default::default());
    assert_eq!(took.titles, ["Ana met Ben in Oslo."], "one new document");
    assert_eq!(took.new_labels, ["NORP"]);
    let layer = ws
        .current()
        .annotations
        .layers()
        .get("model-v2")
        .unwrap()
        .clone();
    assert_eq!(layer.kind, LayerKind::Suggestions);
    assert_eq!(layer.source, "runs/model-v2.jsonl");
    assert_eq!(
        seen(&ws, &layer.annotations),
        pairs(&[("Russia", "NORP"), ("Islamabad", "GPE")])
    );
    assert_eq!(ws.current().annotations.len(), 1, "mine untouched");
    let new = ws.docs().last().unwrap();
    assert!(new.annotations.is_empty());
    assert_eq!(
        new.annotations
            .layers()
            .get("model-v2")
            .unwrap()
            .annotations
            .len(),
        1
    );
    ws.undo().unwrap();
    assert!(
        ws.current().annotations.layers().is_empty(),
        "undo takes the layer back"
    );
}

#[test]
fn a_layer_is_named_after_its_file() {
    use postil_core::workspace::layer_name;
    let cases = [
        ("model.jsonl", "model"),
        ("runs/model-v2.spacy", "model-v2"),
        ("C:\\out\\ner.postil.json", "ner"),
        (".hidden", ".hidden"),
        ("plain", "plain"),
    ];
    for (file, want) in cases {
        assert_eq!(layer_name(file), want, "{file}");
    }
}

/// A reviewer's workspace with Ana's and Ben's layers of the sample: they agree on
/// Islamabad, label Lavrov differently, and each has one span the other has not; Ana links
/// Lavrov to Islamabad.
fn review() -> Workspace {
    let mut ana = by(
        "Ana",
        &[
            ("Moscow", "GPE"),
            ("Islamabad", "GPE"),
            ("Sergey Lavrov", "PERSON"),
        ],
    );
    let (lavrov, islamabad) = {
        let set = &ana.current().annotations;
        let id = |w: &str| {
            let s = span_of(&ana, w);
            set.iter().find(|a| a.span == s).unwrap().id
        };
        (id("Sergey Lavrov"), id("Islamabad"))
    };
    ana.link(lavrov, islamabad, "visited").unwrap();
    let ben = by(
        "Ben",
        &[
            ("Islamabad", "GPE"),
            ("Sergey Lavrov", "ORG"),
            ("Qureshi", "PERSON"),
        ],
    );
    let mut rev = by("Rev", &[]);
    import(&mut rev, "ana.postil.json", &export(&ana));
    import(&mut rev, "ben.postil.json", &export(&ben));
    rev
}

#[test]
fn a_review_lists_disagreements_and_settles_them_into_the_gold_set() {
    use postil_core::workspace::Settle;
    let mut ws = review();
    let doc = ws.current().clone();
    assert_eq!(doc.review_layers(), ["Ana", "Ben"]);
    let items = doc.review_items();
    let shown: Vec<(String, String, Vec<String>)> = (items.iter())
        .filter(|i| !i.kind.starts_with("a relation"))
        .map(|i| (i.text.clone(), i.kind.clone(), i.versions.clone()))
        .collect();
    let s = |x: &str| x.to_string();
    assert_eq!(
        shown,
        [
            (
                s("Moscow"),
                s("only in Ana"),
                vec![s("GPE “Moscow”"), s("nothing")]
            ),
            (
                s("Sergey Lavrov"),
                s("different labels"),
                vec![s("PERSON “Sergey Lavrov”"), s("ORG “Sergey Lavrov”")]
            ),
            (
                s("Qureshi"),
                s("only in Ben"),
                vec![s("nothing"), s("PERSON “Qureshi”")]
            ),
        ]
    );
    let relation = items
        .iter()
        .find(|i| i.kind == "a relation only in Ana")
        .unwrap();
    assert_eq!(
        relation.versions,
        [
            s("PERSON “Sergey Lavrov” —visited→ GPE “Islamabad”"),
            s("nothing")
        ]
    );
    assert_eq!(items.len(), 4);
    assert_eq!(doc.review_progress().remaining(), 4);

    let said = ws.take_agreed().unwrap().message.unwrap();
    assert_eq!(
        said,
        "Took what Ana and Ben agree on: 1 annotation or relation."
    );
    let key = |w: &str| items.iter().find(|i| i.text == w).unwrap().key.clone();
    let [lavrov, moscow, qureshi] = ["Sergey Lavrov", "Moscow", "Qureshi"].map(key);
    let said = ws
        .settle(&lavrov, Settle::Take(1))
        .unwrap()
        .message
        .unwrap();
    assert_eq!(said, "Took Ben’s version of “Sergey Lavrov”.");
    ws.settle(&moscow, Settle::Reject).unwrap();
    ws.settle(&qureshi, Settle::All).unwrap();
    let mut mine = own(&ws);
    mine.sort();
    assert_eq!(
        mine,
        pairs(&[
            ("Islamabad", "GPE"),
            ("Qureshi", "PERSON"),
            ("Sergey Lavrov", "ORG")
        ])
    );
    // The relation's ends are not both Ana's in the gold set (Lavrov is ORG there).
    let e = ws.settle(&relation.key, Settle::Take(0)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "Not settled: your annotations do not have both its ends yet: settle those first."
    );
    assert_eq!(ws.current().review_progress().remaining(), 1);
    let decided: Vec<(String, String)> = (ws.current().annotations.decisions().iter())
        .map(|(key, who)| {
            (
                ws.current().document.slice(key.span).unwrap().to_string(),
                who.clone(),
            )
        })
        .collect();
    assert!(
        decided.contains(&(s("Sergey Lavrov"), s("Ben"))),
        "{decided:?}"
    );
    assert!(
        decided.contains(&(s("Moscow"), s("rejected"))),
        "{decided:?}"
    );
    assert!(
        decided.contains(&(s("Qureshi"), s("Ana and Ben"))),
        "{decided:?}"
    );

    let all = ws.review_progress();
    assert_eq!(
        (all.disagreements, all.settled),
        (4, 3),
        "the only document with layers"
    );
    // Undo takes back one settling at a time, its decision with it.
    ws.undo().unwrap();
    assert_eq!(ws.current().review_progress().remaining(), 2);
    ws.redo().unwrap();

    // The gold set travels with who-accepted-what, and reads back in a fresh workspace.
    let file = export(&ws);
    assert!(file.contains("\"taken\": \"rejected\""), "{file}");
    let mut fresh = by("Cy", &[]);
    let back = match fresh.import_native("gold.postil.json", &file).unwrap() {
        Import::Done(_) => fresh.current().annotations.layers().get("Rev").cloned(),
        Import::Ask(_) => None,
    };
    assert_eq!(
        back.unwrap().annotations.len(),
        3,
        "the gold set is Rev's layer for Cy"
    );
    let read = native::import(&file).unwrap();
    assert_eq!(
        read.documents[0].annotations.decisions(),
        ws.current().annotations.decisions()
    );
}

#[test]
fn a_relation_is_settled_once_its_ends_are_in_the_gold_set() {
    use postil_core::workspace::Settle;
    let mut ws = review();
    let key = |ws: &Workspace, w: &str| {
        let items = ws.current().review_items();
        items.into_iter().find(|i| i.text == w).map(|i| i.key)
    };
    let lavrov = key(&ws, "Sergey Lavrov").unwrap();
    ws.settle(&lavrov, Settle::Take(0)).unwrap();
    assert_eq!(
        key(&ws, "Islamabad"),
        None,
        "both have Islamabad: no disagreement"
    );
    ws.take_agreed().ok();
    let relation = ws
        .current()
        .review_items()
        .into_iter()
        .find(|i| i.kind.starts_with("a relation"))
        .unwrap();
    ws.settle(&relation.key, Settle::Take(0)).unwrap();
    let set = &ws.current().annotations;
    assert_eq!(set.relations().len(), 1);
    assert_eq!(set.relations()[0].kind, "visited");
    ws.undo().unwrap();
    assert!(ws.current().annotations.relations().is_empty());
}

#[test]
fn a_label_studio_tasks_predictions_come_in_as_its_models_suggestions() {
    let file = r#"[{"id": 7, "data": {"text": "Lavrov met Qureshi in Islamabad."},
      "annotations": [{"result": [{"id": "a", "type": "labels", "value": {"start": 0, "end": 6, "labels": ["PERSON"]}}]}],
      "predictions": [{"model_version": "ner-v3", "result": [
        {"id": "p1", "type": "labels", "value": {"start": 11, "end": 18, "labels": ["PERSON"]}},
        {"id": "p2", "type": "labels", "value": {"start": 22, "end": 31, "labels": ["GPE"]}}]}]}]"#;
    let mut ws = by("Ben", &[]);
    support::import_file(&mut ws, "tasks.json", file.as_bytes()).unwrap();
    let doc = ws.docs().last().unwrap();
    let own: Vec<&str> = doc.annotations.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(own, ["PERSON"], "the annotation is the annotator's own");
    let layer = doc.annotations.layers().get("ner-v3").unwrap();
    assert_eq!(layer.kind, LayerKind::Suggestions);
    assert_eq!(layer.source, "tasks.json task 1");
    assert_eq!(layer.annotations.len(), 2);
}

#[test]
fn suggestions_go_back_to_label_studio_as_the_tasks_prediction() {
    use postil_core::formats::registry::Kind;
    let file = r#"[{"id": 7, "data": {"text": "Lavrov met Qureshi in Islamabad."},
      "predictions": [{"model_version": "ner-v3", "result": [
        {"id": "p1", "type": "labels", "value": {"start": 11, "end": 18, "text": "Qureshi", "labels": ["PERSON"]}}]}]}]"#;
    let mut ws = by("Ben", &[]);
    support::import_file(&mut ws, "tasks.json", file.as_bytes()).unwrap();
    let last = ws.docs().len() - 1;
    ws.open(last).unwrap();
    let json = ws
        .to_export(postil_core::workspace::Scope::ThisDocument)
        .json;
    let (_, bytes) = postil_core::jobs::export(Kind::LabelStudio.id(), &json, None);
    let tasks: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let prediction = &tasks[0]["predictions"][0];
    assert_eq!(prediction["model_version"], "ner-v3");
    assert_eq!(prediction["result"][0]["value"]["text"], "Qureshi");
    assert_eq!(tasks[0]["annotations"][0]["result"], serde_json::json!([]));
}

#[test]
fn an_export_says_which_layers_it_leaves_out() {
    use postil_core::formats::registry::Kind;
    use postil_core::jobs::{self, Answer};
    let mut mine = by("Ben", &[("Lavrov", "PERSON")]);
    let ana = by("Ana", &[("Islamabad", "GPE")]);
    import(&mut mine, "ana.postil.json", &export(&ana));
    let json = mine
        .to_export(postil_core::workspace::Scope::ThisDocument)
        .json;
    for kind in Kind::ALL {
        let (answer, _) = jobs::export(kind.id(), &json, None);
        let Answer::Exported { dropped, .. } = answer else {
            panic!("{kind:?}: {answer:?}");
        };
        let said = dropped
            .iter()
            .any(|d| d.starts_with("1 layer of other annotators’"));
        assert_eq!(said, kind != Kind::Native, "{kind:?}: {dropped:?}");
    }
}

#[test]
fn without_a_name_of_ones_own_a_named_file_is_asked_about() {
    use postil_core::workspace::Resolution;
    let ana = by("Ana", &[("Islamabad", "GPE")]);
    // Not named: the file may be one's own work from another browser, or Ana's.
    let mut nobody = by("", &[("Lavrov", "PERSON")]);
    let pending = asked(&mut nobody, "ana.postil.json", &export(&ana));
    assert_eq!(pending.whose.as_deref(), Some("Ana"));
    assert_eq!(pending.layer_name(), "Ana");
    let mut as_layer = nobody.clone();
    as_layer
        .resolve_import("ana.postil.json", &pending.file, Resolution::Layer)
        .unwrap();
    assert_eq!(own(&as_layer), pairs(&[("Lavrov", "PERSON")]));
    assert!(as_layer.current().annotations.layers().get("Ana").is_some());
    nobody
        .resolve_import("ana.postil.json", &pending.file, Resolution::Replace)
        .unwrap();
    assert_eq!(own(&nobody), pairs(&[("Islamabad", "GPE")]));
    assert!(nobody.current().annotations.layers().is_empty());

    // A file that names nobody, with other annotations here, may be taken as a layer too,
    // named after the file.
    let unnamed = by("", &[("Moscow", "GPE")]);
    let mut mine = by("Ben", &[("Lavrov", "PERSON")]);
    let pending = asked(&mut mine, "cy.postil.json", &export(&unnamed));
    assert_eq!(
        (pending.whose.clone(), pending.layer_name()),
        (None, "cy".to_string())
    );
    mine.resolve_import("cy.postil.json", &pending.file, Resolution::Layer)
        .unwrap();
    assert!(mine.current().annotations.layers().get("cy").is_some());
}

#[test]
fn the_agreement_report_pairs_every_annotator_with_yours_and_leaves_models_out() {
    let mut ws = review();
    let report = ws.agreement_report();
    assert_eq!(
        report.layers,
        ["Ana", "Ben"],
        "yours only once you have annotations"
    );
    let pair = &report.pairs[0];
    assert_eq!((pair.a.as_str(), pair.b.as_str()), ("Ana", "Ben"));
    let c = pair.corpus.exact.overall;
    assert_eq!((c.tp, c.fp, c.fn_), (1, 2, 2));
    assert_eq!(pair.corpus.relations.fn_, 1, "Ana's “visited” is not Ben's");
    assert_eq!(pair.per_doc.len(), 1);
    assert!(report.fleiss.is_none(), "two layers");

    ws.take_agreed().unwrap();
    let text = ws.current().document.text().to_string();
    let model = format!(
        "{}\n",
        serde_json::json!({"text": text, "label": [[span_of(&ws, "Qureshi").start, span_of(&ws, "Qureshi").end, "PERSON"]]})
    );
    let read = articles("m.jsonl", model.as_bytes());
    ws.take_suggestions("m.jsonl", read, &Default::default());
    let report = ws.agreement_report();
    assert_eq!(
        report.layers,
        ["you", "Ana", "Ben"],
        "the model's suggestions are left out"
    );
    assert_eq!(report.pairs.len(), 3);
    assert_eq!(report.many_layer_docs, 1);
    assert!(report.fleiss.is_some() && report.alpha.is_some() && report.unitized.is_some());
    let you_ana = report
        .pairs
        .iter()
        .find(|p| p.a == "you" && p.b == "Ana")
        .unwrap();
    assert_eq!(
        you_ana.corpus.exact.overall.tp, 1,
        "Islamabad, which both agree on"
    );
    // The report crosses to the views loaded on demand as JSON: every figure comes back the
    // same here ("undefined" as undefined; serde_json reads a float back to within its last
    // bit, far below the three decimals shown).
    let json = serde_json::to_string(&report).unwrap();
    let back: postil_core::workspace::AgreementReport = serde_json::from_str(&json).unwrap();
    assert_eq!(back, report, "{json}");
    assert_eq!(
        postil_core::workspace::agreement_report(ws.docs()),
        report,
        "the same report from the documents alone"
    );
}

#[test]
fn a_stored_layer_of_another_text_is_refused_and_reported() {
    let mut mine = by("Ben", &[("Lavrov", "PERSON")]);
    let ana = by("Ana", &[("Islamabad", "GPE")]);
    import(&mut mine, "ana.postil.json", &export(&ana));
    let mut values = support::stored(&mine);
    let key = store::annotations_key(mine.current().id());
    let len = mine.current().document.char_len();
    let raw = values[&key].replace(
        &format!("\"text_len\":{len}"),
        &format!("\"text_len\":{}", len + 5),
    );
    assert_ne!(raw, values[&key], "the layer's length is in the value");
    values.insert(key.clone(), raw);
    let keys: Vec<String> = values.keys().cloned().collect();
    let loaded = store::load(&keys, |k| values.get(k).cloned());
    let said: Vec<String> = loaded.corrupt.iter().map(|c| format!("{c:?}")).collect();
    assert!(
        said.iter().any(|c| c.contains("is of another text")),
        "{said:?}"
    );
}

#[test]
fn a_prediction_that_does_not_fit_leaves_the_tasks_own_work_in() {
    let file = r#"[{"id": 7, "data": {"text": "Lavrov met Qureshi."},
      "annotations": [{"result": [{"id": "a", "type": "labels", "value": {"start": 0, "end": 6, "labels": ["PERSON"]}}]}],
      "predictions": [{"result": [{"id": "p", "type": "labels", "value": {"start": 11, "end": 99, "labels": ["PERSON"]}}]}]}]"#;
    let imported = postil_core::formats::label_studio::import("t.json", file.as_bytes()).unwrap();
    let article = &imported.articles[0];
    assert_eq!(article.annotations.len(), 1);
    assert_eq!(article.suggested, None);
    assert_eq!(imported.skipped.len(), 1, "{:?}", imported.skipped);
    assert!(imported.skipped[0].starts_with("1 prediction was left out: a region does not fit the text (task 1, prediction, result 1: "), "{:?}", imported.skipped);
}

#[test]
fn a_layer_both_tabs_answered_keeps_both_answers() {
    let text_len = 40;
    let layer = |ids: &[u32]| {
        let items = ids
            .iter()
            .map(|&i| postil_core::Annotation {
                created: None,
                id: AnnotationId(i),
                span: Span::new(i * 5, i * 5 + 3),
                label: "X".into(),
                note: String::new(),
                attributes: Default::default(),
            })
            .collect();
        let annotations =
            AnnotationSet::from_parts(text_len, items, 1, Default::default()).unwrap();
        let mut set = AnnotationSet::new(text_len);
        postil_core::edit::DocEdit::Layer {
            name: "m".into(),
            from: None,
            to: Some(std::rc::Rc::new(Layer {
                name: "m".into(),
                kind: LayerKind::Suggestions,
                source: String::new(),
                annotations,
            })),
        }
        .apply(&mut set)
        .unwrap();
        set
    };
    let h = History::default();
    let side = |s| DocSide {
        annotations: s,
        history: &h,
    };
    let (base, ours, theirs) = (layer(&[1, 2, 3]), layer(&[2, 3]), layer(&[1, 2]));
    let (merged, _) = merge_doc(side(&base), side(&ours), side(&theirs));
    let left: Vec<u32> = merged
        .layers()
        .get("m")
        .unwrap()
        .annotations
        .iter()
        .map(|a| a.id.0)
        .collect();
    assert_eq!(left, [2], "one tab answered 1, the other 3");
}

#[test]
fn a_file_named_as_its_model_comes_in_as_one_layer_of_suggestions() {
    let file = r#"[{"id": 7, "data": {"text": "Lavrov met Qureshi."},
      "annotations": [{"result": [{"id": "a", "type": "labels", "value": {"start": 0, "end": 6, "labels": ["PERSON"]}}]}],
      "predictions": [{"model_version": "gpt4", "result": [{"id": "p", "type": "labels", "value": {"start": 11, "end": 18, "labels": ["PERSON"]}}]}]}]"#;
    let mut ws = by("Ben", &[]);
    let read = articles("gpt4.json", file.as_bytes());
    let took = ws.take_suggestions("gpt4.json", read, &Default::default());
    assert!(took.skipped.is_empty(), "{:?}", took.skipped);
    let doc = ws.docs().last().unwrap();
    let layer = doc.annotations.layers().get("gpt4").unwrap();
    assert_eq!(
        layer.annotations.len(),
        1,
        "the file's annotations, as the layer named after it"
    );
    assert_eq!(doc.annotations.layers().len(), 1);
}

#[test]
fn ones_own_file_brings_back_its_layers_and_review() {
    use postil_core::workspace::Settle;
    let mut ws = review();
    let items = ws.current().review_items();
    ws.settle(&items[0].key, Settle::Take(0)).unwrap();
    let file = export(&ws);
    // The same person, in a browser that has the sample with the same annotations only.
    let mut other = by("Rev", &[("Moscow", "GPE")]);
    let details = match other.import_native("rev.postil.json", &file).unwrap() {
        Import::Done(o) => o.details,
        Import::Ask(p) => panic!("asked {:?}", p.conflicts),
    };
    assert!(details[0].contains("annotations added"), "{details:?}");
    let back = &other.current().annotations;
    assert_eq!(back.layers(), ws.current().annotations.layers());
    assert_eq!(back.decisions(), ws.current().annotations.decisions());
}

#[test]
fn a_layer_may_use_labels_the_schema_no_longer_has() {
    let mut mine = by("Ben", &[]);
    let ana = by("Ana", &[("Islamabad", "GPE")]);
    import(&mut mine, "ana.postil.json", &export(&ana));
    let file = export(&mine).replace("\"label\": \"GPE\"", "\"label\": \"CITY\"");
    let read = native::import(&file).unwrap();
    let layer = read.documents[0].annotations.layers().get("Ana").unwrap();
    assert_eq!(layer.annotations.iter().next().unwrap().label, "CITY");
}

#[test]
fn a_relation_and_the_spans_over_the_same_extent_are_settled_apart() {
    use postil_core::workspace::Settle;
    // Ana: ORG over "Russia and Pakistan", GPE over "Russia", "includes" from one to the other;
    // Ben has none of it. Both disagreements span the same characters.
    let mut ana = by("Ana", &[("Russia and Pakistan", "ORG"), ("Russia", "GPE")]);
    let ids: Vec<AnnotationId> = ana.current().annotations.iter().map(|a| a.id).collect();
    ana.link(ids[0], ids[1], "includes").unwrap();
    let ben = by("Ben", &[("Islamabad", "GPE")]);
    let mut rev = by("Rev", &[]);
    import(&mut rev, "ana.postil.json", &export(&ana));
    import(&mut rev, "ben.postil.json", &export(&ben));
    let items = rev.current().review_items();
    let spans = items
        .iter()
        .find(|i| i.kind == "only in Ana")
        .unwrap()
        .clone();
    let relation = items
        .iter()
        .find(|i| i.kind == "a relation only in Ana")
        .unwrap()
        .clone();
    assert_eq!(spans.span, relation.span);
    assert_ne!(spans.key, relation.key);
    assert!(
        rev.settle(&relation.key, Settle::Take(0)).is_err(),
        "its ends are not yours yet"
    );
    rev.settle(&spans.key, Settle::Take(0)).unwrap();
    rev.settle(&relation.key, Settle::Take(0)).unwrap();
    let set = &rev.current().annotations;
    assert_eq!((set.len(), set.relations().len()), (2, 1));
    assert_eq!(set.decisions().len(), 2);
}

#[test]
fn settling_keeps_what_it_need_not_touch() {
    use postil_core::workspace::Settle;
    // Yours: ORG over the whole first sentence's subject, wider than the disagreement; and a
    // relation between your two annotations. Ana alone: GPE Moscow.
    let mut mine = by(
        "Rev",
        &[
            ("Russia’s Foreign Minister said Moscow", "ORG"),
            ("Islamabad", "GPE"),
        ],
    );
    let ids: Vec<AnnotationId> = mine.current().annotations.iter().map(|a| a.id).collect();
    mine.link(ids[0], ids[1], "near").unwrap();
    let ana = by("Ana", &[("Moscow", "GPE"), ("Islamabad", "GPE")]);
    import(&mut mine, "ana.postil.json", &export(&ana));
    assert_eq!(mine.current().review_layers(), ["you", "Ana"]);
    let items = mine.current().review_items();
    // Taking your own version changes nothing but the decision: ids and relations stay.
    let before = mine.current().annotations.clone();
    for item in &items {
        mine.settle(&item.key, Settle::Take(0)).unwrap();
    }
    let after = &mine.current().annotations;
    assert_eq!(after.as_slice(), before.as_slice());
    assert_eq!(after.relations(), before.relations());
    assert_eq!(after.decisions().len(), items.len());
}

#[test]
fn settling_says_whose_version_was_taken() {
    use postil_core::workspace::Settle;
    let mut mine = by("Rev", &[("Moscow", "GPE")]);
    let ana = by("Ana", &[("Moscow", "LOC"), ("Qureshi", "PERSON")]);
    import(&mut mine, "ana.postil.json", &export(&ana));
    let items = mine.current().review_items();
    let said =
        |ws: &mut Workspace, i: usize, how| ws.settle(&items[i].key, how).unwrap().message.unwrap();
    assert_eq!(
        said(&mut mine, 0, Settle::Take(0)),
        "Kept your own version of “Moscow”."
    );
    assert_eq!(
        said(&mut mine, 1, Settle::All),
        "Took every version of “Qureshi” (you and Ana)."
    );
}
