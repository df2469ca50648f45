//! Relation types and attributes in the schema: their rules, the keys that use them, what a
//! change to them does to the documents (and undo), and how they are kept and exchanged:
//! browser storage, the native file, the schema file, brat and Label Studio.

mod support;
use postil_core::formats::registry::{self, Kind};
use postil_core::history::History;
use postil_core::keymap::{self, KeyCommand, KeyContext, KeyPress, Open};
use postil_core::schema::{AttributeDef, RelationDef, SchemaError};
use postil_core::schema_edit::SchemaChange;
use postil_core::selection::Selection;
use postil_core::type_editor::{self, AttributeAction, TypeAction};
use postil_core::workspace::{Doc, Workspace};
use postil_core::{AnnotationId, Color, Document, LabelSchema, Span};

const TEXT: &str = "Lavrov met Qureshi of the Foreign Office in Islamabad.";

fn relation(name: &str, key: Option<char>, from: &[&str], to: &[&str]) -> RelationDef {
    RelationDef {
        name: name.into(),
        color: Color::from_rgb(0xbfdcff),
        key,
        from: from.iter().map(|s| s.to_string()).collect(),
        to: to.iter().map(|s| s.to_string()).collect(),
    }
}

fn attribute(name: &str, labels: &[&str], values: &[&str], key: Option<char>) -> AttributeDef {
    AttributeDef {
        name: name.into(),
        labels: labels.iter().map(|s| s.to_string()).collect(),
        values: values.iter().map(|s| s.to_string()).collect(),
        key,
    }
}

/// The default schema with "works for" (PERSON → ORG, key w), "met" (any, key m), Negated
/// (yes/no, key n) and Confidence (PERSON only, High/Low, key c).
fn schema() -> LabelSchema {
    LabelSchema::default_ner()
        .with_relation_types(vec![
            relation("works for", Some('w'), &["PERSON"], &["ORG"]),
            relation("met", Some('m'), &[], &[]),
        ])
        .unwrap()
        .with_attributes(vec![
            attribute("Negated", &[], &[], Some('n')),
            attribute("Confidence", &["PERSON"], &["High", "Low"], Some('c')),
        ])
        .unwrap()
}

fn span(words: &str) -> Span {
    let at = TEXT.find(words).unwrap();
    let start = TEXT[..at].chars().count() as u32;
    Span::new(start, start + words.chars().count() as u32)
}

/// A workspace with Lavrov and Qureshi (PERSON), the Foreign Office (ORG), Islamabad (GPE).
fn workspace() -> Workspace {
    let mut ws = Workspace::new(
        schema(),
        History::default(),
        vec![Doc::fresh(Document::new("a", "Talks", TEXT))],
        0,
    );
    for (words, label) in [
        ("Lavrov", "PERSON"),
        ("Qureshi", "PERSON"),
        ("Foreign Office", "ORG"),
        ("Islamabad", "GPE"),
    ] {
        ws.label(span(words), label).unwrap();
    }
    ws
}

fn id(ws: &Workspace, words: &str) -> AnnotationId {
    ws.current().annotations.exact(span(words)).unwrap().id
}

fn attributes_of(ws: &Workspace, words: &str) -> Vec<(String, String)> {
    let a = ws.current().annotations.exact(span(words)).unwrap();
    a.attributes.clone().into_iter().collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn the_schema_checks_relation_types_and_attributes() {
    let ner = LabelSchema::default_ner;
    // (what is asked, the refusal)
    let cases: Vec<(Result<LabelSchema, SchemaError>, &str)> = vec![
        (
            ner().with_relation_types(vec![relation("works for", None, &["CHEF"], &[])]),
            "“works for” names the label “CHEF”, which the schema does not have",
        ),
        (
            ner().with_relation_types(vec![relation("met", None, &[], &[]); 2]),
            "relation type “met” appears twice",
        ),
        (
            ner().with_relation_types(vec![
                relation("met", Some('x'), &[], &[]),
                relation("saw", Some('X'), &[], &[]),
            ]),
            "key “X” is used by both “met” and “saw”",
        ),
        (
            ner().with_relation_types(vec![relation(" ", None, &[], &[])]),
            "a relation type has an empty name",
        ),
        (
            ner().with_attributes(vec![attribute("Negated", &[], &[], Some('p'))]),
            "key “p” is used by both “PERSON” and “Negated”",
        ),
        (
            ner().with_attributes(vec![attribute("Negated", &[], &[], Some('?'))]),
            "key “?” of “Negated” is kept for the app’s own shortcuts",
        ),
        (
            ner().with_attributes(vec![attribute("Confidence", &[], &["High", "High"], None)]),
            "value “Confidence/High” appears twice",
        ),
        (
            ner().with_attributes(vec![attribute("Two words", &[], &[], None)]),
            "attribute “Two words” contains white space",
        ),
    ];
    for (got, want) in cases {
        assert_eq!(got.unwrap_err().to_string(), want);
    }
    // A relation key may be a label's key too: it only means something in the link dialog.
    assert!(ner()
        .with_relation_types(vec![relation("met", Some('p'), &[], &[])])
        .is_ok());
}

#[test]
fn a_link_the_type_does_not_allow_is_refused_and_said_why() {
    let mut ws = workspace();
    let (lavrov, qureshi, office) = (
        id(&ws, "Lavrov"),
        id(&ws, "Qureshi"),
        id(&ws, "Foreign Office"),
    );
    let refusal = ws
        .link(office, lavrov, "works for")
        .unwrap_err()
        .to_string();
    assert_eq!(
        refusal,
        "Not linked: a “works for” relation goes from PERSON → ORG, so it cannot link ORG to \
         PERSON."
    );
    ws.link(qureshi, office, "works for").unwrap();
    // Types the schema does not declare link anything, as before.
    ws.link(office, lavrov, "hosted").unwrap();
    assert_eq!(ws.current().annotations.relations().len(), 2);
    // The link dialog offers the declared types that may start here, then the others used.
    assert_eq!(ws.relation_types("PERSON"), ["works for", "met", "hosted"]);
    assert_eq!(ws.relation_types("ORG"), ["met", "hosted"]);
    assert_eq!(
        ws.link_keys("PERSON"),
        [('w', "works for".to_string()), ('m', "met".to_string())]
    );
}

#[test]
fn attribute_keys_step_through_values_and_undo_steps_back() {
    let mut ws = workspace();
    let (lavrov, office) = (id(&ws, "Lavrov"), id(&ws, "Foreign Office"));
    // (annotation, key, what the person is told, the attributes after)
    type Step<'a> = (AnnotationId, char, &'a str, &'a [(&'a str, &'a str)]);
    let steps: &[Step] = &[
        (
            lavrov,
            'n',
            "Negated set on PERSON.",
            &[("Negated", "true")],
        ),
        (
            lavrov,
            'c',
            "Confidence: High.",
            &[("Confidence", "High"), ("Negated", "true")],
        ),
        (
            lavrov,
            'C',
            "Confidence: Low.",
            &[("Confidence", "Low"), ("Negated", "true")],
        ),
        (lavrov, 'c', "Confidence cleared.", &[("Negated", "true")]),
        (lavrov, 'n', "Negated taken off PERSON.", &[]),
    ];
    for (target, key, said, after) in steps {
        let outcome = ws.step_attribute(*target, *key).unwrap();
        assert_eq!(outcome.message.as_deref(), Some(*said));
        assert_eq!(attributes_of(&ws, "Lavrov"), pairs(after), "after {key}");
    }
    // Confidence is PERSON's only: pressed on the ORG it says so and changes nothing.
    let refusal = ws.step_attribute(office, 'c').unwrap_err().to_string();
    assert_eq!(
        refusal,
        "ORG annotations do not have the attribute Confidence (only PERSON do; see Labels)."
    );
    // Undo walks back through every step.
    for (_, _, _, after) in steps.iter().rev().skip(1) {
        ws.undo().unwrap();
        assert_eq!(attributes_of(&ws, "Lavrov"), pairs(after));
    }
    ws.undo().unwrap();
    assert!(attributes_of(&ws, "Lavrov").is_empty());
}

#[test]
fn an_attribute_key_means_something_only_on_a_selected_annotation() {
    let ws = workspace();
    let press = |key: &str, selection: Selection| {
        let set = &ws.current().annotations;
        let cx = KeyContext {
            open: Open::Nothing,
            selection,
            annotations: set,
            schema: ws.schema(),
            offer: false,
            search: false,
            documents: 1,
            tour: false,
        };
        keymap::command(&KeyPress::plain(key), &cx)
    };
    let lavrov = id(&ws, "Lavrov");
    assert_eq!(
        press("n", Selection::Annotation(lavrov)),
        Some(KeyCommand::Attribute('n'))
    );
    assert_eq!(press("n", Selection::None), None);
    // A label's key still relabels.
    assert_eq!(
        press("o", Selection::Annotation(lavrov)),
        Some(KeyCommand::Label("ORG".into()))
    );
}

#[test]
fn renaming_or_deleting_a_type_or_an_attribute_reaches_the_documents() {
    let mut ws = workspace();
    let (lavrov, qureshi, office) = (
        id(&ws, "Lavrov"),
        id(&ws, "Qureshi"),
        id(&ws, "Foreign Office"),
    );
    ws.link(qureshi, office, "works for").unwrap();
    ws.link(lavrov, qureshi, "met").unwrap();
    ws.step_attribute(lavrov, 'c').unwrap();
    ws.step_attribute(office, 'n').unwrap();
    let kinds = |ws: &Workspace| -> Vec<String> {
        let mut k: Vec<String> = (ws.current().annotations.relations().iter())
            .map(|r| r.kind.clone())
            .collect();
        k.sort();
        k
    };
    let before = ws.current().annotations.clone();
    let apply = |ws: &mut Workspace, change: Option<Result<SchemaChange, SchemaError>>| {
        ws.change_schema(change.unwrap().unwrap()).unwrap();
    };
    // Renaming "met" renames its relation; deleting "works for" takes its relation away.
    let change = type_editor::type_change(ws.schema(), 1, TypeAction::Rename("meets".into()));
    apply(&mut ws, change);
    assert_eq!(kinds(&ws), ["meets", "works for"]);
    let change = type_editor::type_change(ws.schema(), 0, TypeAction::Delete);
    apply(&mut ws, change);
    assert_eq!(kinds(&ws), ["meets"]);
    // Renaming Confidence moves its value; dropping the value Low keeps High; deleting
    // Negated takes it off the ORG.
    let change =
        type_editor::attribute_change(ws.schema(), 1, AttributeAction::Rename("Certainty".into()));
    apply(&mut ws, change);
    assert_eq!(
        attributes_of(&ws, "Lavrov"),
        pairs(&[("Certainty", "High")])
    );
    let change =
        type_editor::attribute_change(ws.schema(), 1, AttributeAction::Values("High".into()));
    apply(&mut ws, change);
    assert_eq!(
        attributes_of(&ws, "Lavrov"),
        pairs(&[("Certainty", "High")])
    );
    let change = type_editor::attribute_change(ws.schema(), 0, AttributeAction::Delete);
    apply(&mut ws, change);
    assert!(attributes_of(&ws, "Foreign Office").is_empty());
    // Renaming the label PERSON keeps its attribute and the ends that named it.
    let mut labels = ws.schema().labels().to_vec();
    labels[0].name = "PER".into();
    let to = ws
        .schema()
        .with_labels_renamed(labels, &[("PERSON".into(), "PER".into())])
        .unwrap();
    assert_eq!(to.attribute("Certainty").unwrap().labels, ["PER"]);
    ws.change_schema(SchemaChange {
        to,
        renames: vec![("PERSON".into(), "PER".into())],
        summary: "Renamed PERSON to PER".into(),
    })
    .unwrap();
    assert_eq!(
        attributes_of(&ws, "Lavrov"),
        pairs(&[("Certainty", "High")])
    );
    // Undo brings every relation and value back as it was.
    for _ in 0..6 {
        ws.undo().unwrap();
    }
    assert_eq!(ws.current().annotations, before);
    assert_eq!(*ws.schema().as_ref(), schema());
}

#[test]
fn the_editor_refuses_what_the_schema_cannot_hold() {
    let s = schema();
    let refusal =
        |r: Option<Result<SchemaChange, SchemaError>>| r.unwrap().unwrap_err().to_string();
    assert_eq!(
        refusal(type_editor::type_change(
            &s,
            0,
            TypeAction::To("ORG CHEF".into())
        )),
        "“works for” names the label “CHEF”, which the schema does not have"
    );
    assert_eq!(
        refusal(type_editor::attribute_change(
            &s,
            0,
            AttributeAction::Key("o".into())
        )),
        "key “o” is used by both “ORG” and “Negated”"
    );
    assert_eq!(
        type_editor::add_type(&s, "met").unwrap_err().to_string(),
        "relation type “met” appears twice"
    );
    // Nothing changes: no change.
    assert!(type_editor::type_change(&s, 0, TypeAction::From("PERSON".into())).is_none());
    let added = type_editor::add_attribute(&s, "Generic", "").unwrap();
    let generic = added.to.attribute("Generic").unwrap();
    assert!(generic.is_flag());
    // Its key is the first free letter of its name: g is GPE's, e EVENT's, n Negated's.
    assert_eq!(generic.key, Some('r'));
}

#[test]
fn types_and_attributes_are_kept_in_storage_and_in_files() {
    use postil_core::formats::native;
    use postil_core::schema_file;
    use postil_core::store::{
        annotations_json, parse_annotations, parse_schema, schema_json, Lineage,
    };
    let mut ws = workspace();
    let (lavrov, qureshi) = (id(&ws, "Lavrov"), id(&ws, "Qureshi"));
    ws.link(lavrov, qureshi, "met").unwrap();
    ws.step_attribute(lavrov, 'c').unwrap();
    ws.step_attribute(qureshi, 'n').unwrap();
    // Browser storage: the schema and the annotations (version 2, for attributes).
    let json = schema_json(&Lineage::default(), ws.schema(), &History::default());
    assert_eq!(parse_schema(&json).unwrap().schema, schema());
    let doc = ws.current();
    let json = annotations_json(&Lineage::default(), &doc.annotations, &History::default());
    assert!(json.starts_with("{\"version\":2,"), "{json}");
    let back = parse_annotations(&json, &doc.document).unwrap();
    assert_eq!(back.annotations, *doc.annotations);
    // A schema without them is stored as before they existed.
    let plain = schema_json(
        &Lineage::default(),
        &LabelSchema::default_ner(),
        &History::default(),
    );
    assert!(
        !plain.contains("relation_types") && !plain.contains("attributes"),
        "{plain}"
    );
    // The schema file.
    let file = schema_file::export(ws.schema());
    assert_eq!(schema_file::import(&file).unwrap(), schema());
    // The native file, version 4.
    let docs = [(doc.document.as_ref(), doc.annotations.as_ref())];
    let file = native::export(ws.schema(), docs);
    assert!(file.contains("\"version\": 4"));
    let read = native::import(&file).unwrap();
    assert_eq!(read.schema, schema());
    assert_eq!(read.documents[0].annotations, *doc.annotations);
}

#[test]
fn brat_and_label_studio_carry_attributes_both_ways() {
    use postil_core::corpus::Corpus;
    let mut ws = workspace();
    let (lavrov, qureshi, office) = (
        id(&ws, "Lavrov"),
        id(&ws, "Qureshi"),
        id(&ws, "Foreign Office"),
    );
    ws.link(qureshi, office, "works for").unwrap();
    ws.step_attribute(lavrov, 'c').unwrap();
    ws.step_attribute(qureshi, 'n').unwrap();
    let doc = ws.current();
    let docs = [(doc.document.as_ref(), doc.annotations.as_ref())];
    let corpus = || Corpus {
        schema: ws.schema(),
        documents: &docs,
    };
    let attributes = |article: &postil_core::article::Article| -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for (i, attrs) in article.attributes.iter().enumerate() {
            let (s, e, _) = &article.annotations[i];
            let words: String = article
                .text
                .chars()
                .skip(*s as usize)
                .take((e - s) as usize)
                .collect();
            for (name, value) in attrs {
                out.push((words.clone(), name.clone(), value.clone()));
            }
        }
        out.sort();
        out
    };
    let want = vec![
        (
            "Lavrov".to_string(),
            "Confidence".to_string(),
            "High".to_string(),
        ),
        (
            "Qureshi".to_string(),
            "Negated".to_string(),
            "true".to_string(),
        ),
    ];
    // brat: A lines, and annotation.conf declares them and the type's ends.
    let exported = Kind::Brat.export(corpus(), None);
    assert!(
        !exported.dropped.iter().any(|d| d.contains("attribute")),
        "{:?}",
        exported.dropped
    );
    let files = support::unzip(&exported.bytes);
    let ann = &files.iter().find(|(n, _)| n.ends_with(".ann")).unwrap().1;
    let ann = String::from_utf8(ann.clone()).unwrap();
    assert!(ann.contains("\tConfidence T1 High\n"), "{ann}");
    assert!(ann.contains("\tNegated T2\n"), "{ann}");
    let conf = &files
        .iter()
        .find(|(n, _)| n == "annotation.conf")
        .unwrap()
        .1;
    let conf = String::from_utf8(conf.clone()).unwrap();
    assert!(
        conf.contains("works_for\tArg1:<ENTITY>, Arg2:<ENTITY>\n"),
        "{conf}"
    );
    assert!(
        conf.contains("Confidence\tArg:PERSON, Value:High|Low\n"),
        "{conf}"
    );
    assert!(conf.contains("Negated\tArg:<ENTITY>\n"), "{conf}");
    let back = registry::read_articles("talks.zip", &exported.bytes, Some(Kind::Brat)).unwrap();
    assert_eq!(attributes(&back.articles[0]), want);
    // Label Studio: per-region choices named by the attribute.
    let exported = Kind::LabelStudio.export(corpus(), None);
    let json = String::from_utf8(exported.bytes.clone()).unwrap();
    assert!(json.contains("\"from_name\": \"Confidence\""), "{json}");
    let back =
        registry::read_articles("talks.json", &exported.bytes, Some(Kind::LabelStudio)).unwrap();
    assert_eq!(attributes(&back.articles[0]), want);
    assert!(back.skipped.is_empty(), "{:?}", back.skipped);
    // Formats with no place for them say so.
    for kind in [Kind::Doccano, Kind::Conll, Kind::W3c] {
        let exported = kind.export(corpus(), None);
        assert!(
            exported
                .dropped
                .iter()
                .any(|d| d.starts_with("2 attribute values were dropped")),
            "{kind:?}: {:?}",
            exported.dropped
        );
    }
}

#[test]
fn imported_attributes_and_relation_types_join_the_schema() {
    let mut ws = Workspace::fresh();
    let ann = "T1\tPER 0 6\tLavrov\nT2\tPER 11 18\tQureshi\nR1\tMet Arg1:T1 Arg2:T2\n\
               A1\tNegated T1\nA2\tConfidence T2 High\nA3\tConfidence T1 Low\n";
    let zip = support::zip_of(&[("d.txt", "Lavrov met Qureshi."), ("d.ann", ann)]);
    support::import_file(&mut ws, "d.zip", &zip).unwrap();
    let schema = ws.schema();
    assert!(schema.relation_type("Met").is_some());
    assert!(schema.attribute("Negated").unwrap().is_flag());
    // Values in the order the annotations bring them.
    assert_eq!(
        schema.attribute("Confidence").unwrap().values,
        ["Low", "High"]
    );
}

#[test]
fn the_link_dialog_lists_the_nearest_or_the_one_dragged_to_first() {
    let ws = workspace();
    let doc = ws.current();
    let (lavrov, islamabad) = (id(&ws, "Lavrov"), id(&ws, "Islamabad"));
    let lines = |targets: Vec<(AnnotationId, String)>| -> Vec<String> {
        targets.into_iter().map(|(_, line)| line).collect()
    };
    // (how, the lines listed)
    let cases: [(_, &[&str]); 3] = [
        (
            doc.link_targets(lavrov, 2),
            &[
                "“Qureshi” (PERSON), 11 characters after",
                "“Foreign Office” (ORG), 26 characters after",
            ],
        ),
        (
            doc.link_targets_to(lavrov, islamabad, 2),
            &[
                "“Islamabad” (GPE), 44 characters after",
                "“Qureshi” (PERSON), 11 characters after",
            ],
        ),
        (
            doc.link_targets_to(lavrov, id(&ws, "Qureshi"), 2),
            &[
                "“Qureshi” (PERSON), 11 characters after",
                "“Foreign Office” (ORG), 26 characters after",
            ],
        ),
    ];
    for ((targets, all), want) in cases {
        assert_eq!(all, 3);
        assert_eq!(lines(targets), want);
    }
}

#[test]
fn brat_to_postil_to_brat_keeps_discontinuous_spans_links_and_attributes() {
    let text = "Lavrov met Qureshi in Islamabad and Kabul.";
    let ann = "T1\tPER 0 6\tLavrov\nT2\tPER 11 18\tQureshi\nT3\tGPE 22 31;36 41\tIslamabad Kabul\n\
               R1\tMet Arg1:T1 Arg2:T2\nR2\tIn Arg1:T2 Arg2:T3\nA1\tNegated T3\n\
               #1\tAnnotatorNotes T3\ttwo cities\n";
    let zip = support::zip_of(&[("d.txt", text), ("d.ann", ann)]);
    let mut ws = Workspace::fresh();
    support::import_file(&mut ws, "d.zip", &zip).unwrap();
    let doc = ws
        .docs()
        .iter()
        .find(|d| d.document.text() == text)
        .unwrap()
        .clone();
    assert_eq!(doc.annotations.len(), 4, "T3 is two fragments");
    let docs = [(doc.document.as_ref(), doc.annotations.as_ref())];
    let exported = Kind::Brat.export(
        postil_core::corpus::Corpus {
            schema: ws.schema(),
            documents: &docs,
        },
        None,
    );
    assert!(exported.dropped.is_empty(), "{:?}", exported.dropped);
    let files = support::unzip(&exported.bytes);
    let ann = String::from_utf8(
        files
            .iter()
            .find(|(n, _)| n.ends_with(".ann"))
            .unwrap()
            .1
            .clone(),
    )
    .unwrap();
    // The fragments are one T line again, with its attribute and note, and every link is kept.
    assert_eq!(
        ann,
        "T1\tPER 0 6\tLavrov\nT2\tPER 11 18\tQureshi\nT3\tGPE 22 31;36 41\tIslamabad Kabul\n\
         A1\tNegated T3\n#1\tAnnotatorNotes T3\ttwo cities\nR1\tMet Arg1:T1 Arg2:T2\n\
         R2\tIn Arg1:T2 Arg2:T3\n"
    );
}

#[test]
fn deleting_the_only_label_of_a_type_or_attribute_deletes_it_rather_than_widening_it() {
    let s = schema();
    // (labels kept, relation types left, attributes left)
    let cases: [(&[&str], &[&str], &[&str]); 3] = [
        (
            &["PERSON", "ORG", "GPE"],
            &["works for", "met"],
            &["Negated", "Confidence"],
        ),
        (&["ORG", "GPE"], &["met"], &["Negated"]),
        (&["PERSON", "GPE"], &["met"], &["Negated", "Confidence"]),
    ];
    for (kept, types, attributes) in cases {
        let labels = (s.labels().iter())
            .filter(|l| kept.contains(&l.name.as_str()))
            .cloned()
            .collect();
        let to = s.with_labels(labels).unwrap();
        let names = |v: Vec<&str>| v.into_iter().map(String::from).collect::<Vec<_>>();
        assert_eq!(
            names(
                to.relation_types()
                    .iter()
                    .map(|r| r.name.as_str())
                    .collect()
            ),
            names(types.to_vec()),
            "{kept:?}"
        );
        assert_eq!(
            names(to.attributes().iter().map(|a| a.name.as_str()).collect()),
            names(attributes.to_vec()),
            "{kept:?}"
        );
    }
}

#[test]
fn doccano_to_postil_to_doccano_keeps_every_link() {
    let line = r#"{"id": 7, "text": "Lavrov met Qureshi in Islamabad.", "entities": [{"id": 10, "label": "PER", "start_offset": 0, "end_offset": 6}, {"id": 11, "label": "PER", "start_offset": 11, "end_offset": 18}, {"id": 12, "label": "GPE", "start_offset": 22, "end_offset": 31}], "relations": [{"id": 1, "from_id": 10, "to_id": 11, "type": "met"}, {"id": 2, "from_id": 11, "to_id": 12, "type": "in"}, {"id": 3, "from_id": 12, "to_id": 10, "type": "hosted"}]}"#;
    let mut ws = Workspace::fresh();
    support::import_file(&mut ws, "r.jsonl", line.as_bytes()).unwrap();
    let doc = ws
        .docs()
        .iter()
        .find(|d| d.document.text().starts_with("Lavrov met"))
        .unwrap()
        .clone();
    let docs = [(doc.document.as_ref(), doc.annotations.as_ref())];
    let exported = Kind::Doccano.export(
        postil_core::corpus::Corpus {
            schema: ws.schema(),
            documents: &docs,
        },
        None,
    );
    // Each link by its ends' offsets and its type, in the file read and the file written.
    let links = |json: &str| -> Vec<(i64, i64, String)> {
        let value: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
        let start = |id: &serde_json::Value| {
            (value["entities"].as_array().unwrap().iter())
                .find(|e| e["id"] == *id)
                .unwrap()["start_offset"]
                .as_i64()
                .unwrap()
        };
        let mut out: Vec<(i64, i64, String)> = (value["relations"].as_array().unwrap().iter())
            .map(|r| {
                (
                    start(&r["from_id"]),
                    start(&r["to_id"]),
                    r["type"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        out.sort();
        out
    };
    let written = String::from_utf8(exported.bytes).unwrap();
    assert_eq!(links(&written), links(line));
    assert_eq!(links(line).len(), 3);
}

#[test]
fn a_brat_collection_brings_its_declared_types_and_attributes() {
    let conf = "[entities]\nPER\nORG\nGPE\n[relations]\nMet\tArg1:PER, Arg2:PER|ORG\n\
                Saw\tArg1:PER, Arg2:VEHICLE\n\
                <OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n[events]\n\
                [attributes]\nNegated\tArg:<ENTITY>\nConfidence\tArg:PER, Value:High|Low\n";
    let ann = "T1\tPER 0 6\tLavrov\nT2\tPER 11 18\tQureshi\nR1\tMet Arg1:T1 Arg2:T2\n\
               A1\tConfidence T1 High\n";
    let zip = support::zip_of(&[
        ("c/annotation.conf", conf),
        ("c/d.txt", "Lavrov met Qureshi."),
        ("c/d.ann", ann),
    ]);
    let imported = registry::read_articles("c.zip", &zip, Some(Kind::Brat)).unwrap();
    let mut ws = Workspace::fresh();
    let added = ws.declare(&imported.declared);
    assert_eq!(
        added,
        [
            "label PER",
            "relation type Met",
            "attribute Negated",
            "attribute Confidence"
        ],
        "Saw names a type the collection does not have at its end: left out"
    );
    let schema = ws.schema();
    let met = schema.relation_type("Met").unwrap();
    assert_eq!(
        (met.from.clone(), met.to.clone()),
        (
            vec!["PER".to_string()],
            vec!["PER".to_string(), "ORG".to_string()]
        )
    );
    assert!(schema.relation_type("Saw").is_none());
    assert!(schema.attribute("Negated").unwrap().is_flag());
    let confidence = schema.attribute("Confidence").unwrap();
    assert_eq!(
        (confidence.labels.clone(), confidence.values.clone()),
        (
            vec!["PER".to_string()],
            vec!["High".to_string(), "Low".to_string()]
        )
    );
    // A link the collection's schema does not allow is refused once its articles are in.
    let mut seen = ws.deduper();
    ws.take_in(imported.articles, &mut seen, &Default::default());
    ws.open(1).unwrap();
    let (lavrov, qureshi) = {
        let set = &ws.current().annotations;
        let mut ids = set.iter().map(|a| a.id);
        (ids.next().unwrap(), ids.next().unwrap())
    };
    ws.label(Span::new(7, 10), "GPE").unwrap();
    let gpe = ws.current().annotations.exact(Span::new(7, 10)).unwrap().id;
    assert!(ws.link(lavrov, gpe, "Met").is_err());
    assert_eq!(ws.current().annotations.relations().len(), 1);
    let _ = qureshi;
}
