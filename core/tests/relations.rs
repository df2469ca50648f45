//! Relations between annotations: the set's rules, the edits that add and take them away,
//! removing an annotation with its relations (and undo bringing both back), and the
//! workspace's commands.

mod support;
use postil_core::edit::{self, DocEdit};
use postil_core::{
    Annotation, AnnotationError, AnnotationId, AnnotationSet, Overlaps, Relation, RelationId, Span,
};
use support::zip_of;

/// "Lavrov met Qureshi in Islamabad." with PER 1, PER 2, GPE 3.
fn set() -> AnnotationSet {
    let a = |id, start, end, label: &str| Annotation {
        created: None,
        attributes: Default::default(),
        id: AnnotationId(id),
        span: Span::new(start, end),
        label: label.to_string(),
        note: String::new(),
    };
    AnnotationSet::from_parts(
        32,
        vec![a(1, 0, 6, "PER"), a(2, 11, 18, "PER"), a(3, 22, 31, "GPE")],
        4,
        Overlaps::Allowed,
    )
    .unwrap()
}

fn rel(id: u32, from: u32, to: u32, kind: &str) -> Relation {
    Relation {
        created: None,
        id: RelationId(id),
        from: AnnotationId(from),
        to: AnnotationId(to),
        kind: kind.to_string(),
        note: String::new(),
    }
}

fn links(set: &AnnotationSet) -> Vec<(u32, u32, u32, String)> {
    (set.relations().iter())
        .map(|r| (r.id.0, r.from.0, r.to.0, r.kind.clone()))
        .collect()
}

#[test]
fn linking_checks_its_ends_and_type() {
    let mut linked = set();
    linked
        .run(|s| edit::link(s, AnnotationId(1), AnnotationId(2), " met "))
        .unwrap();
    assert_eq!(links(&linked), [(1, 1, 2, "met".to_string())]);
    // (from, to, type, the refusal)
    let cases: &[(u32, u32, &str, AnnotationError)] = &[
        (
            1,
            2,
            "met",
            AnnotationError::DuplicateRelation(RelationId(1)),
        ),
        (1, 1, "met", AnnotationError::SelfRelation),
        (
            1,
            9,
            "met",
            AnnotationError::NoSuchAnnotation(AnnotationId(9)),
        ),
        (1, 3, "  ", AnnotationError::NoRelationType),
    ];
    for (from, to, kind, want) in cases {
        let got = linked.run(|s| edit::link(s, AnnotationId(*from), AnnotationId(*to), kind));
        assert_eq!(got, Err(want.clone()), "{from} → {to} {kind:?}");
    }
    // The other way round, or another type, is another link.
    linked
        .run(|s| edit::link(s, AnnotationId(2), AnnotationId(1), "met"))
        .unwrap();
    linked
        .run(|s| edit::link(s, AnnotationId(1), AnnotationId(2), "knows"))
        .unwrap();
    assert_eq!(linked.relations().len(), 3);
    // A linked annotation is relabeled, resized and noted as any other; its links stay.
    linked
        .run(|s| edit::relabel(s, AnnotationId(1), "ORG"))
        .unwrap();
    linked
        .run(|s| edit::set_note(s, AnnotationId(2), "the other one"))
        .unwrap();
    let document = postil_core::Document::new("a", "", "Lavrov met Qureshi in Islamabad.");
    linked
        .run(|s| {
            edit::resize(
                s,
                document.tokens(),
                AnnotationId(2),
                edit::Edge::End,
                true,
                Overlaps::Allowed,
            )
        })
        .unwrap();
    assert_eq!(linked.get(AnnotationId(2)).unwrap().span, Span::new(11, 21));
    assert_eq!(linked.relations().len(), 3);
}

#[test]
fn removing_an_annotation_takes_its_relations_and_undo_brings_them_back() {
    let before = set()
        .with_relations(
            vec![rel(1, 1, 2, "met"), rel(2, 1, 3, "in"), rel(3, 2, 3, "in")],
            4,
        )
        .unwrap();
    let mut after = before.clone();
    let removal = after.run(|s| edit::remove(s, AnnotationId(1))).unwrap();
    let DocEdit::Batch { edits } = &removal else {
        panic!("{removal:?}")
    };
    assert_eq!(edits.len(), 3, "two relations, then the annotation");
    assert!(after.get(AnnotationId(1)).is_none());
    assert_eq!(links(&after), [(3, 2, 3, "in".to_string())]);
    removal.inverse().apply(&mut after).unwrap();
    assert_eq!(after, before);
    // Without relations, a removal is one edit, as before.
    let mut plain = set();
    let removal = plain.run(|s| edit::remove(s, AnnotationId(3))).unwrap();
    assert!(matches!(removal, DocEdit::Remove { .. }));
    // An annotation cannot be taken out from under a relation.
    let mut held = before.clone();
    let bare = DocEdit::Remove {
        annotation: before.get(AnnotationId(2)).unwrap().clone(),
    };
    assert_eq!(
        bare.apply(&mut held),
        Err(AnnotationError::HasRelations(AnnotationId(2)))
    );
    assert_eq!(held, before, "nothing changed");
}

#[test]
fn an_unlink_meets_a_relation_changed_since_and_refuses() {
    let mut linked = set().with_relations(vec![rel(1, 1, 2, "met")], 2).unwrap();
    let unlink = edit::unlink(&linked, RelationId(1)).unwrap();
    let mut other = set()
        .with_relations(vec![rel(1, 1, 2, "knows")], 2)
        .unwrap();
    assert_eq!(
        unlink.apply(&mut other),
        Err(AnnotationError::RelationChanged(RelationId(1)))
    );
    unlink.apply(&mut linked).unwrap();
    assert!(linked.relations().is_empty());
    assert_eq!(
        edit::unlink(&linked, RelationId(1)),
        Err(AnnotationError::NoSuchRelation(RelationId(1)))
    );
}

#[test]
fn stored_relations_are_checked() {
    // (relations, the first refused and why)
    type Case = (Vec<Relation>, Option<(u32, AnnotationError)>);
    let cases: Vec<Case> = vec![
        (vec![rel(2, 1, 2, "met"), rel(1, 2, 3, "in")], None),
        (
            vec![rel(1, 1, 7, "met")],
            Some((1, AnnotationError::NoSuchAnnotation(AnnotationId(7)))),
        ),
        (
            vec![rel(1, 1, 2, "met"), rel(1, 2, 3, "in")],
            Some((1, AnnotationError::DuplicateRelationId(RelationId(1)))),
        ),
        (
            vec![rel(1, 1, 2, "met"), rel(2, 1, 2, "met")],
            Some((2, AnnotationError::DuplicateRelation(RelationId(1)))),
        ),
        (
            vec![rel(1, 3, 3, "in")],
            Some((1, AnnotationError::SelfRelation)),
        ),
    ];
    for (relations, want) in cases {
        let got = set().with_relations(relations.clone(), 1);
        match (got, want) {
            (Ok(s), None) => {
                assert_eq!(links(&s).iter().map(|l| l.0).collect::<Vec<_>>(), [1, 2]);
                assert_eq!(s.next_relation_id(), 3);
            }
            (Err((r, e)), Some((id, want))) => assert_eq!((r.id.0, e), (id, want), "{relations:?}"),
            (got, want) => panic!("{relations:?}: {got:?} vs {want:?}"),
        }
    }
}

#[test]
fn the_workspace_links_unlinks_and_says_what_a_deletion_took() {
    use postil_core::history::History;
    use postil_core::workspace::{Doc, Workspace};
    use postil_core::{Document, LabelSchema};
    let text = "Lavrov met Qureshi in Moscow.";
    let mut ws = Workspace::new(
        LabelSchema::default_ner(),
        History::default(),
        vec![Doc::fresh(Document::new("a", "", text))],
        0,
    );
    let doc = ws.current().document.clone();
    let span = |words: &str| {
        let at = doc.text().find(words).unwrap();
        let start = doc.text()[..at].chars().count() as u32;
        Span::new(start, start + words.chars().count() as u32)
    };
    ws.label(span("Lavrov"), "PERSON").unwrap();
    ws.label(span("Qureshi"), "PERSON").unwrap();
    let id = |words: &str| ws.current().annotations.exact(span(words)).unwrap().id;
    let (lavrov, qureshi) = (id("Lavrov"), id("Qureshi"));
    ws.link(lavrov, qureshi, "met").unwrap();
    assert_eq!(ws.current().annotations.relations().len(), 1);
    assert!(
        ws.link(lavrov, qureshi, "met").is_err(),
        "the same link twice"
    );
    let outcome = ws.delete_annotation(qureshi).unwrap();
    assert_eq!(
        outcome.message.as_deref(),
        Some("Deleted, with its 1 relation (undo brings it back).")
    );
    assert!(ws.current().annotations.relations().is_empty());
    ws.undo().unwrap();
    assert_eq!(ws.current().annotations.relations().len(), 1);
    let relation = ws.current().annotations.relations()[0].id;
    ws.unlink(relation).unwrap();
    assert!(ws.current().annotations.relations().is_empty());
    ws.undo().unwrap();
    assert_eq!(ws.current().annotations.relations().len(), 1);
}

#[test]
fn relations_are_stored_in_version_2_and_read_back() {
    use postil_core::history::History;
    use postil_core::store::{annotations_json, parse_annotations, Lineage};
    use postil_core::Document;
    let document = Document::new("a", "", "Lavrov met Qureshi in Islamabad.");
    let mut linked = set()
        .with_relations(vec![rel(1, 1, 2, "met"), rel(4, 2, 3, "in")], 5)
        .unwrap();
    let mut history = History::default();
    let edit = linked
        .run(|s| edit::link(s, AnnotationId(3), AnnotationId(1), "near"))
        .unwrap();
    history.record(1, edit);
    let json = annotations_json(&Lineage::default(), &linked, &history);
    assert!(json.starts_with("{\"version\":2,"), "{json}");
    let back = parse_annotations(&json, &document).unwrap();
    assert_eq!(back.annotations, linked);
    assert_eq!(back.annotations.next_relation_id(), 6);
    assert_eq!(back.history, Some(history.clone()));
    // Without relations, and no link in the history, the value is version 1 as before.
    let json = annotations_json(&Lineage::default(), &set(), &History::default());
    assert!(json.starts_with("{\"version\":1,"), "{json}");
    // A history that only mentions a relation (its link undone) is version 2 too: a Postil
    // from before relations could not read that step.
    let mut unlinked = linked.clone();
    let mut steps = history.clone();
    let undone = steps.undo().unwrap();
    undone.inverse().apply(&mut unlinked).unwrap();
    assert_eq!(unlinked.relations().len(), 2);
    let plain = set();
    let json = annotations_json(&Lineage::default(), &plain, &steps);
    assert!(json.starts_with("{\"version\":2,"), "{json}");
    // A stored relation that breaks the rules is named.
    let broken = json.replace(
        "\"next_id\"",
        "\"relations\":[{\"id\":1,\"from\":1,\"to\":9,\"type\":\"x\"}],\"next_id\"",
    );
    assert_eq!(
        parse_annotations(&broken, &document)
            .unwrap_err()
            .to_string(),
        "relation 1: there is no annotation 9"
    );
}

#[test]
fn two_tabs_linking_at_once_keep_both_links_and_a_removed_end_takes_its_link() {
    use postil_core::converge::{merge_doc, DocSide};
    use postil_core::history::History;
    let base = set().with_relations(vec![rel(1, 1, 2, "met")], 2).unwrap();
    let empty = History::default();
    let side = |s| DocSide {
        annotations: s,
        history: &empty,
    };
    // Both sides add a relation under id 2: both are kept.
    let mut ours = base.clone();
    ours.run(|s| edit::link(s, AnnotationId(2), AnnotationId(3), "in"))
        .unwrap();
    let mut theirs = base.clone();
    theirs
        .run(|s| edit::link(s, AnnotationId(1), AnnotationId(3), "in"))
        .unwrap();
    let (merged, _) = merge_doc(side(&base), side(&ours), side(&theirs));
    assert_eq!(
        links(&merged),
        [
            (1, 1, 2, "met".to_string()),
            (2, 1, 3, "in".to_string()),
            (3, 2, 3, "in".to_string())
        ]
    );
    // Theirs removed Qureshi (with the link), ours linked him to Islamabad: the link cannot
    // stay without its end.
    let mut theirs = base.clone();
    theirs.run(|s| edit::remove(s, AnnotationId(2))).unwrap();
    let (merged, _) = merge_doc(side(&base), side(&ours), side(&theirs));
    assert!(merged.get(AnnotationId(2)).is_none());
    assert!(merged.relations().is_empty(), "{:?}", links(&merged));
}

#[test]
fn postil_files_carry_relations_in_version_4() {
    use postil_core::formats::native;
    use postil_core::{Document, LabelSchema};
    let document = Document::new("a", "Talks", "Lavrov met Qureshi in Islamabad.");
    let label = |name: &str, key| postil_core::LabelDef {
        name: name.to_string(),
        color: postil_core::Color::from_rgb(0xffd3a8),
        key,
    };
    let schema = LabelSchema::new(vec![label("PER", 'p'), label("GPE", 'g')]).unwrap();
    let mut linked = set()
        .with_relations(vec![rel(2, 1, 2, "met"), rel(3, 2, 3, "in")], 4)
        .unwrap();
    linked
        .run(|s| edit::set_note(s, AnnotationId(1), "the minister"))
        .unwrap();
    let file = native::export(&schema, [(&document, &linked)]);
    let value: serde_json::Value = serde_json::from_str(&file).unwrap();
    assert_eq!(value["version"], 4);
    assert_eq!(
        value["documents"][0]["relations"],
        serde_json::json!([
            {"id": 2, "from": 1, "to": 2, "type": "met"},
            {"id": 3, "from": 2, "to": 3, "type": "in"}
        ])
    );
    let back = native::import(&file).unwrap();
    assert_eq!(back.documents[0].annotations, linked);
    // Without relations a file is version 3, which a Postil from before relations reads.
    let plain = native::export(&schema, [(&document, &set())]);
    assert!(plain.contains("\"version\": 3"), "{plain}");
    // A relation to an annotation the document does not have is named.
    let broken = file.replace("\"to\": 3", "\"to\": 8");
    assert_eq!(
        native::import(&broken).unwrap_err().to_string(),
        "the file has 1 problem: document “a”, relation 3: there is no annotation 8"
    );
}

/// A relation as read back from a file: (from's text, type, to's text, note).
type Read = (String, String, String, String);

/// The relations of an imported article, by the texts they link.
fn read_links(article: &postil_core::article::Article) -> Vec<Read> {
    let covered = |i: usize| {
        let (s, e, _) = &article.annotations[i];
        article
            .text
            .chars()
            .skip(*s as usize)
            .take((e - s) as usize)
            .collect::<String>()
    };
    (article.relations.iter())
        .map(|l| {
            (
                covered(l.from),
                l.kind.clone(),
                covered(l.to),
                l.note.clone(),
            )
        })
        .collect()
}

fn read(list: &[(&str, &str, &str, &str)]) -> Vec<Read> {
    (list.iter())
        .map(|(a, k, b, n)| (a.to_string(), k.to_string(), b.to_string(), n.to_string()))
        .collect()
}

/// The test set's document, with relations (one with a note) and a type with a space.
fn linked_corpus() -> (
    postil_core::Document,
    AnnotationSet,
    postil_core::LabelSchema,
) {
    let document = postil_core::Document::new("a", "Talks", "Lavrov met Qureshi in Islamabad.");
    let mut linked = set()
        .with_relations(vec![rel(1, 1, 2, "met"), rel(2, 2, 3, "located in")], 3)
        .unwrap();
    let with_note = DocEdit::Unlink {
        relation: linked.relations()[0].clone(),
    };
    with_note.apply(&mut linked).unwrap();
    DocEdit::Link {
        relation: Relation {
            note: "in Islamabad".to_string(),
            ..rel(1, 1, 2, "met")
        },
    }
    .apply(&mut linked)
    .unwrap();
    let label = |name: &str, key| postil_core::LabelDef {
        name: name.to_string(),
        color: postil_core::Color::from_rgb(0xffd3a8),
        key,
    };
    let schema = postil_core::LabelSchema::new(vec![label("PER", 'p'), label("GPE", 'g')]).unwrap();
    (document, linked, schema)
}

#[test]
fn brat_relations_go_out_as_r_lines_and_come_back() {
    use postil_core::corpus::Corpus;
    use postil_core::formats::registry::{self, Kind};
    let (document, linked, schema) = linked_corpus();
    let docs = [(&document, &linked)];
    let exported = Kind::Brat.export(
        Corpus {
            schema: &schema,
            documents: &docs,
        },
        None,
    );
    assert!(
        exported
            .dropped
            .iter()
            .any(|d| d.contains("“located in” as located_in")),
        "{:?}",
        exported.dropped
    );
    let imported = registry::read_articles("talks.zip", &exported.bytes, Some(Kind::Brat)).unwrap();
    assert_eq!(
        read_links(&imported.articles[0]),
        read(&[
            ("Lavrov", "met", "Qureshi", "in Islamabad"),
            ("Qureshi", "located_in", "Islamabad", "")
        ])
    );
    assert!(imported.skipped.is_empty(), "{:?}", imported.skipped);
}

#[test]
fn brat_files_with_relations_as_people_write_them() {
    use postil_core::formats::registry::{self, Kind, ReadError};
    use postil_core::formats::FormatError;
    let text = "Lavrov met Qureshi in Islamabad and Kabul.";
    // Relations before the spans they link, a note on a relation, a relation of a
    // discontinuous span (read as linked fragments: the relation goes from the first) and of
    // an event (read as its trigger, with its role as a relation from it).
    let ann = "R1\tMet Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes R1\tfirst meeting\n\
               T1\tPER 0 6\tLavrov\nT2\tPER 11 18\tQureshi\nT3\tGPE 22 31;36 41\tIslamabad Kabul\n\
               R2\tIn Arg1:T2 Arg2:T3\nE1\tMeet:T4 A:T1\nT4\tEV 7 10\tmet\nR3\tCause Arg1:E1 Arg2:T1\n";
    let zip = zip_of(&[("d.txt", text), ("d.ann", ann)]);
    let imported = registry::read_articles("d.zip", &zip, Some(Kind::Brat)).unwrap();
    assert_eq!(
        read_links(&imported.articles[0]),
        read(&[
            ("Islamabad", "fragment", "Kabul", ""),
            ("Lavrov", "Met", "Qureshi", "first meeting"),
            ("Qureshi", "In", "Islamabad", ""),
            ("met", "A", "Lavrov", ""),
            ("met", "Cause", "Lavrov", ""),
        ])
    );
    assert!(imported.skipped.is_empty(), "{:?}", imported.skipped);
    assert_eq!(imported.adjusted.len(), 2, "{:?}", imported.adjusted);
    // A relation that names a span the file does not have is a problem of its line.
    let ann = "T1\tPER 0 6\tLavrov\nR1\tMet Arg1:T1 Arg2:T9\nR2\tMet Arg1 T1\n";
    let zip = zip_of(&[("d.txt", text), ("d.ann", ann)]);
    match registry::read_articles("d.zip", &zip, Some(Kind::Brat)) {
        Err(ReadError::Format(FormatError::Problems { problems, .. })) => assert_eq!(
            problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "d.ann line 3: R2 is not a relation of a type between two arguments (“Type \
                 Arg1:T1 Arg2:T2”)",
                "d.ann line 2: R1 links T9, which is not in this file",
            ]
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn formats_without_a_place_for_links_say_they_dropped_them() {
    use postil_core::corpus::Corpus;
    use postil_core::formats::registry::Kind;
    let (document, linked, schema) = linked_corpus();
    let docs = [(&document, &linked)];
    let corpus = Corpus {
        schema: &schema,
        documents: &docs,
    };
    for (kind, name) in [
        (Kind::SpacyJson, "spaCy's formats"),
        (Kind::SpacyBin, "spaCy's formats"),
        (Kind::Conll, "CoNLL"),
    ] {
        let exported = kind.export(corpus, None);
        let want =
            format!("2 relations were dropped ({name} has no place for links between spans)");
        assert!(
            exported.dropped.contains(&want),
            "{kind:?}: {:?}",
            exported.dropped
        );
    }
}

#[test]
fn w3c_relations_are_linking_annotations_and_come_back_with_their_notes() {
    use postil_core::corpus::Corpus;
    use postil_core::formats::registry::{self, Kind};
    let (document, linked, schema) = linked_corpus();
    let docs = [(&document, &linked)];
    let corpus = Corpus {
        schema: &schema,
        documents: &docs,
    };
    let exported = Kind::W3c.export(corpus, None);
    assert!(exported.dropped.is_empty(), "{:?}", exported.dropped);
    let value: serde_json::Value = serde_json::from_slice(&exported.bytes).unwrap();
    let items = value["first"]["items"].as_array().unwrap();
    assert_eq!(value["total"], 5);
    assert_eq!(
        items[3],
        serde_json::json!({
            "id": "urn:postil:rel:a:1",
            "type": "Annotation",
            "motivation": "linking",
            "body": [
                {"type": "TextualBody", "purpose": "tagging", "value": "met"},
                {"type": "TextualBody", "purpose": "commenting", "value": "in Islamabad"}
            ],
            "target": ["urn:postil:anno:a:1", "urn:postil:anno:a:2"]
        })
    );
    let imported = registry::read_articles("t.jsonld", &exported.bytes, Some(Kind::W3c)).unwrap();
    assert_eq!(
        read_links(&imported.articles[0]),
        read(&[
            ("Lavrov", "met", "Qureshi", "in Islamabad"),
            ("Qureshi", "located in", "Islamabad", "")
        ])
    );
    // A linking annotation whose targets are not annotations of the file is left out, counted.
    let loose = String::from_utf8(exported.bytes)
        .unwrap()
        .replace("\"urn:postil:anno:a:2\"\n", "\"urn:postil:anno:zz\"\n");
    let imported = registry::read_articles("t.jsonld", loose.as_bytes(), Some(Kind::W3c)).unwrap();
    assert_eq!(imported.articles[0].relations.len(), 1);
    assert_eq!(
        imported.skipped,
        ["1 linking annotation (its targets are not two annotations of one text in this file)"]
    );
}

#[test]
fn doccano_and_label_studio_relations_go_out_and_come_back() {
    use postil_core::corpus::Corpus;
    use postil_core::formats::registry::{self, Kind};
    let (document, linked, schema) = linked_corpus();
    let docs = [(&document, &linked)];
    let corpus = Corpus {
        schema: &schema,
        documents: &docs,
    };
    for (kind, name) in [(Kind::Doccano, "t.jsonl"), (Kind::LabelStudio, "t.json")] {
        let exported = kind.export(corpus, None);
        assert!(
            exported.dropped.contains(&format!(
                "1 note on a relation was dropped ({} has no place for them)",
                kind.name()
            )),
            "{kind:?}: {:?}",
            exported.dropped
        );
        let imported = registry::read_articles(name, &exported.bytes, Some(kind)).unwrap();
        assert_eq!(
            read_links(&imported.articles[0]),
            read(&[
                ("Lavrov", "met", "Qureshi", ""),
                ("Qureshi", "located in", "Islamabad", "")
            ]),
            "{kind:?}"
        );
    }
    // doccano's relation shape, as doccano writes it.
    let line = Kind::Doccano.export(corpus, None).bytes;
    let value: serde_json::Value = serde_json::from_slice(&line).unwrap();
    assert_eq!(
        value["relations"],
        serde_json::json!([
            {"id": 1, "from_id": 1, "to_id": 2, "type": "met"},
            {"id": 2, "from_id": 2, "to_id": 3, "type": "located in"}
        ])
    );
    assert_eq!(
        value["entities"][0],
        serde_json::json!({"id": 1, "label": "PER", "start_offset": 0, "end_offset": 6})
    );
}

#[test]
fn label_studio_relation_directions_and_loose_ends() {
    use postil_core::formats::registry::{self, Kind};
    let file = r#"[{"data": {"text": "Lavrov met Qureshi in Islamabad."}, "annotations": [{"result": [
        {"id": "a", "type": "labels", "value": {"start": 0, "end": 6, "labels": ["PER"]}},
        {"id": "b", "type": "labels", "value": {"start": 11, "end": 18, "labels": ["PER"]}},
        {"id": "c", "type": "labels", "value": {"start": 22, "end": 31, "labels": ["GPE"]}},
        {"from_id": "a", "to_id": "b", "type": "relation", "direction": "bi", "labels": ["met"]},
        {"from_id": "c", "to_id": "b", "type": "relation", "direction": "left"},
        {"from_id": "a", "to_id": "zz", "type": "relation", "direction": "right", "labels": ["x"]}
    ]}]}]"#;
    let imported =
        registry::read_articles("p.json", file.as_bytes(), Some(Kind::LabelStudio)).unwrap();
    assert_eq!(
        read_links(&imported.articles[0]),
        read(&[
            ("Lavrov", "met", "Qureshi", ""),
            ("Qureshi", "met", "Lavrov", ""),
            ("Qureshi", "related", "Islamabad", ""),
        ])
    );
    assert_eq!(
        imported.skipped,
        ["1 relation result (they do not link two labelled regions of their task)"]
    );
}

#[test]
fn doccano_relations_naming_missing_entities_are_left_out_and_counted() {
    use postil_core::formats::doccano;
    let file = r#"{"text": "Lavrov met Qureshi.", "entities": [{"id": 10, "label": "PER", "start_offset": 0, "end_offset": 6}, {"id": 11, "label": "PER", "start_offset": 11, "end_offset": 18}], "relations": [{"id": 1, "from_id": 10, "to_id": 11, "type": "met"}, {"id": 2, "from_id": 10, "to_id": 99, "type": "met"}]}"#;
    let imported = doccano::import("r.jsonl", file.as_bytes()).unwrap();
    assert_eq!(
        read_links(&imported.articles[0]),
        read(&[("Lavrov", "met", "Qureshi", "")])
    );
    assert_eq!(
        imported.skipped,
        ["1 relation (they name an entity id their line does not have)"]
    );
    let bad = r#"{"text": "Lavrov met Qureshi.", "relations": [{"from_id": 1}]}"#;
    assert!(doccano::import("r.jsonl", bad.as_bytes())
        .unwrap_err()
        .to_string()
        .contains("relation 1 is not {\"from_id\": id, \"to_id\": id, \"type\": \"TYPE\"}"));
}

#[test]
fn the_link_key_and_the_nearest_ends() {
    use postil_core::keymap::{command, KeyCommand, KeyContext, KeyPress, Open};
    use postil_core::selection::Selection;
    use postil_core::LabelSchema;
    let annotations = set();
    let schema = LabelSchema::default_ner();
    let cx = |selection, annotations| KeyContext {
        open: Open::Nothing,
        selection,
        annotations,
        schema: &schema,
        offer: false,
        search: false,
        documents: 1,
        tour: false,
    };
    let on = Selection::Annotation(AnnotationId(2));
    let one = AnnotationSet::from_parts(
        32,
        vec![set().get(AnnotationId(2)).unwrap().clone()],
        3,
        Overlaps::Allowed,
    )
    .unwrap();
    // (selection, annotations, what `>` does)
    let cases = [
        (on, &annotations, Some(KeyCommand::StartLink)),
        (Selection::None, &annotations, None),
        (Selection::Range(Span::new(0, 3)), &annotations, None),
        (on, &one, None),
    ];
    for (selection, set, want) in cases {
        assert_eq!(
            command(&KeyPress::plain(">"), &cx(selection, set)),
            want,
            "{selection:?}"
        );
    }
    // Nearest first: from Qureshi (11), Lavrov (0) is 11 away and Islamabad (22) 11 too; reading
    // order decides.
    let near: Vec<u32> = annotations
        .nearest(AnnotationId(2))
        .iter()
        .map(|a| a.id.0)
        .collect();
    assert_eq!(near, [1, 3]);
    let near: Vec<u32> = annotations
        .nearest(AnnotationId(3))
        .iter()
        .map(|a| a.id.0)
        .collect();
    assert_eq!(near, [2, 1]);
}

#[test]
fn a_colleague_s_file_with_the_same_spans_but_links_is_not_unchanged() {
    use postil_core::corpus::AnnotatedDocument;
    use postil_core::merge::{classify, Incoming};
    let document = postil_core::Document::new("a", "", "Lavrov met Qureshi in Islamabad.");
    let here = set();
    let theirs = AnnotatedDocument {
        document: document.clone(),
        annotations: set().with_relations(vec![rel(1, 1, 2, "met")], 2).unwrap(),
    };
    let existing = [(&document, &here)];
    assert_eq!(classify(&existing, &theirs), Incoming::Conflicts(0));
    let same = AnnotatedDocument {
        document: document.clone(),
        annotations: set(),
    };
    assert_eq!(classify(&existing, &same), Incoming::Unchanged(0));
}

#[test]
fn a_relation_s_note_is_set_undone_and_refused_when_unchanged_or_changed_since() {
    let mut linked = set().with_relations(vec![rel(1, 1, 2, "met")], 2).unwrap();
    let before = linked.clone();
    let noted = linked
        .run(|s| edit::set_relation_note(s, RelationId(1), "  in Islamabad "))
        .unwrap();
    assert_eq!(linked.relations()[0].note, "in Islamabad");
    assert_eq!(
        linked.run(|s| edit::set_relation_note(s, RelationId(1), "in Islamabad")),
        Err(AnnotationError::Unchanged)
    );
    assert_eq!(
        edit::set_relation_note(&linked, RelationId(9), "x"),
        Err(AnnotationError::NoSuchRelation(RelationId(9)))
    );
    // Another tab changed the note since: the undo step refuses rather than overwrite it.
    let mut other = before.clone().with_relations(Vec::new(), 1).unwrap();
    other
        .run(|s| edit::set_relation_note(s, RelationId(1), "elsewhere"))
        .unwrap();
    assert_eq!(
        noted.inverse().apply(&mut other),
        Err(AnnotationError::RelationChanged(RelationId(1)))
    );
    noted.inverse().apply(&mut linked).unwrap();
    assert_eq!(linked, before);
    // A history that holds a note step is stored in version 2, which older Postils refuse.
    let mut history = postil_core::history::History::default();
    history.record(1, noted);
    let json = postil_core::store::annotations_json(&Default::default(), &set(), &history);
    assert!(json.starts_with("{\"version\":2,"), "{json}");
}
