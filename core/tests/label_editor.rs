//! The label editor's commands on the host: every row action and document label set
//! action, with what each refuses, as tables.

use postil_core::label_editor::*;
use postil_core::schema::SchemaError;
use postil_core::schema_edit::SchemaChange;
use postil_core::LabelSchema;

fn outcome(r: Option<Result<SchemaChange, SchemaError>>) -> String {
    match r {
        None => "nothing".into(),
        Some(Ok(c)) => {
            let names: Vec<_> = c.to.labels().iter().map(|l| l.name.as_str()).collect();
            format!("{} [{}] {:?}", c.summary, names.join(" "), c.renames)
        }
        Some(Err(e)) => format!("refused: {e}"),
    }
}

#[test]
fn row_actions_table() {
    let schema = LabelSchema::default_ner();
    let names: Vec<String> = schema.labels().iter().map(|l| l.name.clone()).collect();
    let (first, second) = (names[0].clone(), names[1].clone());
    let last = names.len() - 1;
    let all = |v: &[String]| v.join(" ");
    let swapped = {
        let mut v = names.clone();
        v.swap(0, 1);
        v
    };
    let without_first = names[1..].to_vec();
    let renamed = {
        let mut v = names.clone();
        v[0] = "PER".into();
        v
    };
    let other_key = schema.labels()[1].key.to_string();
    let cases: Vec<(usize, RowAction, usize, String)> = vec![
        (
            0,
            RowAction::Rename(" PER ".into()),
            0,
            format!(
                "Renamed {first} to PER [{}] [(\"{first}\", \"PER\")]",
                all(&renamed)
            ),
        ),
        (0, RowAction::Rename(first.clone()), 0, "nothing".into()),
        (
            0,
            RowAction::Rename("two words".into()),
            0,
            "refused".into(),
        ),
        (0, RowAction::Rename(second.clone()), 0, "refused".into()),
        (0, RowAction::Key("xy".into()), 0, "refused".into()),
        (0, RowAction::Key(other_key), 0, "refused".into()),
        (0, RowAction::Key("?".into()), 0, "refused".into()),
        (0, RowAction::Move(Move::Up), 0, "nothing".into()),
        (last, RowAction::Move(Move::Down), 0, "nothing".into()),
        (
            0,
            RowAction::Move(Move::Down),
            0,
            format!("Moved {first} down [{}] []", all(&swapped)),
        ),
        (
            0,
            RowAction::Delete { confirmed: true },
            3,
            format!(
                "Deleted {first} and its 3 annotations [{}] []",
                all(&without_first)
            ),
        ),
        (
            0,
            RowAction::Delete { confirmed: false },
            0,
            format!("Deleted label {first} [{}] []", all(&without_first)),
        ),
        (99, RowAction::Move(Move::Up), 0, "nothing".into()),
    ];
    for (i, action, usage, want) in cases {
        let got = outcome(row_change(&schema, i, action.clone(), usage));
        assert!(got.starts_with(&want), "{i} {action:?}: {got}");
    }
    assert!(must_confirm(&RowAction::Delete { confirmed: false }, 1));
    assert!(!must_confirm(&RowAction::Delete { confirmed: false }, 0));
    assert!(!must_confirm(&RowAction::Delete { confirmed: true }, 5));
}

#[test]
fn adding_a_label_takes_a_free_key_and_colour() {
    let schema = LabelSchema::default_ner();
    let c = add_label(&schema, " PRODUCT ").unwrap();
    let added = c.to.get("PRODUCT").expect("added");
    assert!(schema.labels().iter().all(|l| l.key != added.key));
    assert!(schema.labels().iter().all(|l| l.color != added.color));
    assert_eq!(c.summary, "Added label PRODUCT");
    assert!(add_label(&schema, "").is_err());
    assert!(add_label(&schema, schema.labels()[0].name.as_str()).is_err());
}

#[test]
fn document_label_sets_table() {
    let schema = LabelSchema::default_ner();
    let set = schema.doc_sets()[0].clone();
    let cases: Vec<(SetAction, Result<&str, ()>)> = vec![
        (SetAction::Multiple(!set.multiple), Ok("Set ")),
        (
            SetAction::AddValue {
                name: " sport ".into(),
                key: "".into(),
            },
            Ok("Added sport to "),
        ),
        (
            SetAction::AddValue {
                name: "sport".into(),
                key: "ab".into(),
            },
            Err(()),
        ),
        (
            SetAction::ValueKey {
                value: 0,
                key: "".into(),
            },
            Ok("Removed the key of "),
        ),
        (SetAction::DeleteValue(0), Ok("Deleted ")),
        (SetAction::DeleteSet, Ok("Deleted document label set ")),
    ];
    for (action, want) in cases {
        let got = set_change(&schema, 0, action.clone());
        match (got, want) {
            (Ok(c), Ok(prefix)) => {
                assert!(c.summary.starts_with(prefix), "{action:?}: {}", c.summary)
            }
            (Err(_), Err(())) => {}
            (got, _) => panic!("{action:?}: {got:?}"),
        }
    }
    let deleted = set_change(&schema, 0, SetAction::DeleteSet).unwrap();
    assert_eq!(deleted.to.doc_sets().len(), schema.doc_sets().len() - 1);
    let added = add_set(&schema, " tone ", true).unwrap();
    assert!(added
        .to
        .doc_sets()
        .iter()
        .any(|s| s.name == "tone" && s.multiple));
    assert!(
        add_set(&schema, &set.name, false).is_err(),
        "a second set of the same name"
    );
    assert_eq!(parse_value_key("t/v", " x "), Ok(Some('x')));
}
