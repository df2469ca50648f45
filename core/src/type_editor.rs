//! The label editor's commands for relation types and attributes: what the person asks of one
//! row (rename, key, colour, ends, labels, values, delete) or the add forms, turned into the
//! [`SchemaChange`] it makes or refused with the schema's reason, as [`crate::label_editor`]
//! does for labels. Renaming a type or an attribute renames it where it is used; deleting one
//! takes its relations, or its values, away (undo brings them back).

use crate::schema::{AttributeDef, Color, LabelSchema, RelationDef, SchemaError};
use crate::schema_edit::SchemaChange;

/// What the person asked of one relation type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeAction {
    Rename(String),
    /// The key as typed (empty: none).
    Key(String),
    Color(Color),
    /// The labels it may start from, as typed ("PERSON ORG", commas too; empty: any).
    From(String),
    /// The labels it may go to, as typed.
    To(String),
    Delete,
}

/// What the person asked of one attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttributeAction {
    Rename(String),
    /// The key as typed (empty: none).
    Key(String),
    /// The labels that have it, as typed (empty: every label).
    Labels(String),
    /// Its values, as typed ("High Medium Low"; empty: a yes/no flag).
    Values(String),
    Delete,
}

/// Names typed in one field, split at spaces and commas, each once, in the order typed.
pub fn names(typed: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in typed
        .split([',', ' ', '\t', '\n'])
        .filter(|n| !n.is_empty())
    {
        if !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    }
    out
}

/// The key typed for `owner`, whose key is `old`, with the change's summary; `None` when it is
/// the same key, or why it cannot be one.
fn new_key(
    owner: &str,
    old: Option<char>,
    typed: &str,
) -> Option<Result<(Option<char>, String), SchemaError>> {
    match crate::label_editor::parse_value_key(owner, typed) {
        Ok(k) if k == old => None,
        Ok(Some(k)) => Some(Ok((Some(k), format!("Set the key of {owner} to {k}")))),
        Ok(None) => Some(Ok((None, format!("Removed the key of {owner}")))),
        Err(e) => Some(Err(e)),
    }
}

/// The change `action` makes to relation type `i`; `None` when it changes nothing.
pub fn type_change(
    schema: &LabelSchema,
    i: usize,
    action: TypeAction,
) -> Option<Result<SchemaChange, SchemaError>> {
    let mut types = schema.relation_types().to_vec();
    let old = types.get(i)?.clone();
    let name = old.name.clone();
    let mut renames = Vec::new();
    let summary = match action {
        TypeAction::Rename(new) => {
            let new = new.trim().to_string();
            if new == name {
                return None;
            }
            types[i].name = new.clone();
            renames.push((name.clone(), new.clone()));
            format!("Renamed the relation type {name} to {new}")
        }
        TypeAction::Key(typed) => match new_key(&name, old.key, &typed)? {
            Ok((k, summary)) => {
                types[i].key = k;
                summary
            }
            Err(e) => return Some(Err(e)),
        },
        TypeAction::Color(c) => {
            if c == old.color {
                return None;
            }
            types[i].color = c;
            format!("Changed the colour of {name}")
        }
        TypeAction::From(typed) => {
            let from = names(&typed);
            if from == old.from {
                return None;
            }
            types[i].from = from;
            format!("{name} now goes {}", types[i].ends())
        }
        TypeAction::To(typed) => {
            let to = names(&typed);
            if to == old.to {
                return None;
            }
            types[i].to = to;
            format!("{name} now goes {}", types[i].ends())
        }
        TypeAction::Delete => {
            types.remove(i);
            format!("Deleted the relation type {name} and its relations")
        }
    };
    Some(schema.with_relation_types(types).map(|to| SchemaChange {
        to,
        renames,
        summary,
    }))
}

/// A new relation type named `name` (trimmed), with a free colour and no key.
pub fn add_type(schema: &LabelSchema, name: &str) -> Result<SchemaChange, SchemaError> {
    let name = name.trim().to_string();
    let mut types = schema.relation_types().to_vec();
    types.push(RelationDef {
        name: name.clone(),
        color: schema.unused_relation_color(),
        key: None,
        from: Vec::new(),
        to: Vec::new(),
    });
    Ok(SchemaChange {
        to: schema.with_relation_types(types)?,
        renames: Vec::new(),
        summary: format!("Added the relation type {name}"),
    })
}

/// The change `action` makes to attribute `i`; `None` when it changes nothing.
pub fn attribute_change(
    schema: &LabelSchema,
    i: usize,
    action: AttributeAction,
) -> Option<Result<SchemaChange, SchemaError>> {
    let mut attributes = schema.attributes().to_vec();
    let old = attributes.get(i)?.clone();
    let name = old.name.clone();
    let mut renames = Vec::new();
    let summary = match action {
        AttributeAction::Rename(new) => {
            let new = new.trim().to_string();
            if new == name {
                return None;
            }
            attributes[i].name = new.clone();
            renames.push((name.clone(), new.clone()));
            format!("Renamed the attribute {name} to {new}")
        }
        AttributeAction::Key(typed) => match new_key(&name, old.key, &typed)? {
            Ok((k, summary)) => {
                attributes[i].key = k;
                summary
            }
            Err(e) => return Some(Err(e)),
        },
        AttributeAction::Labels(typed) => {
            let labels = names(&typed);
            if labels == old.labels {
                return None;
            }
            attributes[i].labels = labels;
            if attributes[i].labels.is_empty() {
                format!("{name} is now an attribute of every label")
            } else {
                format!(
                    "{name} is now an attribute of {}",
                    attributes[i].labels.join(", ")
                )
            }
        }
        AttributeAction::Values(typed) => {
            let values = names(&typed);
            if values == old.values {
                return None;
            }
            attributes[i].values = values;
            if attributes[i].values.is_empty() {
                format!("{name} is now yes or no")
            } else {
                format!("{name} now takes {}", attributes[i].values.join(", "))
            }
        }
        AttributeAction::Delete => {
            attributes.remove(i);
            format!("Deleted the attribute {name} and its values")
        }
    };
    Some(schema.with_attributes(attributes).map(|to| SchemaChange {
        to,
        renames,
        summary,
    }))
}

/// A new attribute named `name` (trimmed) taking the `values` typed (none: yes or no), of
/// every label, with a free key.
pub fn add_attribute(
    schema: &LabelSchema,
    name: &str,
    values: &str,
) -> Result<SchemaChange, SchemaError> {
    let name = name.trim().to_string();
    let mut attributes = schema.attributes().to_vec();
    attributes.push(AttributeDef {
        name: name.clone(),
        labels: Vec::new(),
        values: names(values),
        key: Some(schema.free_key(&name, None)).filter(|k| !('\u{E000}'..='\u{F8FF}').contains(k)),
    });
    Ok(SchemaChange {
        to: schema.with_attributes(attributes)?,
        renames: Vec::new(),
        summary: format!("Added the attribute {name}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_table() {
        let cases = [
            ("PERSON ORG", vec!["PERSON", "ORG"]),
            ("PERSON, ORG,", vec!["PERSON", "ORG"]),
            ("  ", vec![]),
            ("GPE GPE", vec!["GPE"]),
        ];
        for (typed, want) in cases {
            assert_eq!(names(typed), want, "{typed:?}");
        }
    }
}
