//! The label editor's commands: what the person asks of a label row (rename, key, colour,
//! move, delete, add) or of a set of document labels (add a set, one or several values, add
//! or delete a value, set a value's key, delete the set), turned into the [`SchemaChange`] it
//! makes, or refused with the schema's reason. The editor's components only wire these to
//! inputs and show the refusal where it was asked for; the workspace applies the change.

use crate::prose::count;
use crate::schema::{Color, DocLabelSet, DocLabelValue, LabelDef, LabelSchema, SchemaError};
use crate::schema_edit::SchemaChange;

/// Which way a label moves in the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Up,
    Down,
}

/// What the person asked of the label in one row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowAction {
    Rename(String),
    /// The key as typed (it must be one character).
    Key(String),
    Color(Color),
    Move(Move),
    /// Delete, `confirmed` once the person said yes to losing the label's annotations.
    Delete {
        confirmed: bool,
    },
}

/// "12 annotations", "1 annotation".
pub fn annotations(n: usize) -> String {
    count(n, "annotation", "annotations")
}

/// The schema with its span labels replaced, as one change.
fn with_labels(
    schema: &LabelSchema,
    labels: Vec<LabelDef>,
    renames: Vec<(String, String)>,
    summary: String,
) -> Result<SchemaChange, SchemaError> {
    Ok(SchemaChange {
        to: schema.with_labels_renamed(labels, &renames)?,
        renames,
        summary,
    })
}

/// The change `action` makes to the label in row `i`, used by `usage` annotations; `None`
/// when it changes nothing (a name typed back as it was, a move past an end).
pub fn row_change(
    schema: &LabelSchema,
    i: usize,
    action: RowAction,
    usage: usize,
) -> Option<Result<SchemaChange, SchemaError>> {
    let mut labels = schema.labels().to_vec();
    let old = labels.get(i)?.clone();
    let name = old.name.clone();
    Some(match action {
        RowAction::Rename(new) => {
            // Stray spaces at the ends are a slip; spaces inside are refused by the schema.
            let new = new.trim().to_string();
            if new == name {
                return None;
            }
            labels[i].name = new.clone();
            let summary = format!("Renamed {name} to {new}");
            with_labels(schema, labels, vec![(name, new)], summary)
        }
        RowAction::Key(typed) => {
            let key = match one_char(&typed) {
                Some(Some(k)) => k,
                _ => {
                    return Some(Err(SchemaError::BadKey {
                        label: name,
                        key: typed,
                    }))
                }
            };
            if key == old.key {
                return None;
            }
            labels[i].key = key;
            let summary = format!("Set the key of {name} to {key}");
            with_labels(schema, labels, vec![], summary)
        }
        RowAction::Color(color) => {
            if color == old.color {
                return None;
            }
            labels[i].color = color;
            let summary = format!("Changed the colour of {name}");
            with_labels(schema, labels, vec![], summary)
        }
        RowAction::Move(dir) => {
            let (j, word) = match dir {
                Move::Up => (i.checked_sub(1)?, "up"),
                Move::Down => (i + 1, "down"),
            };
            if j >= labels.len() {
                return None;
            }
            labels.swap(i, j);
            with_labels(schema, labels, vec![], format!("Moved {name} {word}"))
        }
        RowAction::Delete { .. } => {
            labels.remove(i);
            let summary = if usage == 0 {
                format!("Deleted label {name}")
            } else {
                format!("Deleted {name} and its {}", annotations(usage))
            };
            with_labels(schema, labels, vec![], summary)
        }
    })
}

/// Whether deleting a label must be confirmed first: it takes `usage` annotations with it.
pub fn must_confirm(action: &RowAction, usage: usize) -> bool {
    *action == RowAction::Delete { confirmed: false } && usage > 0
}

/// A new label named `name` (trimmed), with the first unused palette colour and a free key.
pub fn add_label(schema: &LabelSchema, name: &str) -> Result<SchemaChange, SchemaError> {
    let name = name.trim().to_string();
    let mut labels = schema.labels().to_vec();
    labels.push(LabelDef {
        color: schema.unused_color(),
        key: schema.free_key(&name, None),
        name: name.clone(),
    });
    with_labels(schema, labels, vec![], format!("Added label {name}"))
}

/// A typed key: `Some(None)` for empty (no key), `Some(Some(k))` for one character, `None`
/// for anything longer.
fn one_char(typed: &str) -> Option<Option<char>> {
    let mut chars = typed.trim().chars();
    match (chars.next(), chars.next()) {
        (None, _) => Some(None),
        (Some(k), None) => Some(Some(k)),
        _ => None,
    }
}

/// A typed key for a document label value: empty is no key, one character is that key,
/// anything else is refused naming `owner` ("topic/politics").
pub fn parse_value_key(owner: &str, typed: &str) -> Result<Option<char>, SchemaError> {
    one_char(typed).ok_or_else(|| SchemaError::BadKey {
        label: owner.to_string(),
        key: typed.to_string(),
    })
}

/// What the person asked of one set of document labels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetAction {
    /// One value per document (false) or several (true).
    Multiple(bool),
    /// A new value and its key as typed (empty: none).
    AddValue {
        name: String,
        key: String,
    },
    /// A value's key, as typed (empty: none).
    ValueKey {
        value: usize,
        key: String,
    },
    DeleteValue(usize),
    DeleteSet,
}

/// The change `action` makes to document label set `index`.
pub fn set_change(
    schema: &LabelSchema,
    index: usize,
    action: SetAction,
) -> Result<SchemaChange, SchemaError> {
    let mut sets = schema.doc_sets().to_vec();
    let Some(set) = sets.get_mut(index) else {
        return Ok(SchemaChange {
            to: schema.clone(),
            renames: vec![],
            summary: String::new(),
        });
    };
    let set_name = set.name.clone();
    let summary = match action {
        SetAction::Multiple(multiple) => {
            set.multiple = multiple;
            let how = if multiple {
                "several values"
            } else {
                "one value"
            };
            format!("Set {set_name} to take {how}")
        }
        SetAction::AddValue { name, key } => {
            let name = name.trim().to_string();
            let key = parse_value_key(&format!("{set_name}/{name}"), &key)?;
            set.values.push(DocLabelValue {
                name: name.clone(),
                key,
            });
            format!("Added {name} to {set_name}")
        }
        SetAction::ValueKey { value, key } => {
            let owner = format!(
                "{set_name}/{}",
                set.values.get(value).map_or("", |v| v.name.as_str())
            );
            let parsed = parse_value_key(&owner, &key)?;
            if let Some(v) = set.values.get_mut(value) {
                v.key = parsed;
            }
            match parsed {
                Some(k) => format!("Set the key of {owner} to {k}"),
                None => format!("Removed the key of {owner}"),
            }
        }
        SetAction::DeleteValue(value) => {
            let name = set.values.get(value).map(|v| v.name.clone());
            if value < set.values.len() {
                set.values.remove(value);
            }
            format!("Deleted {} from {set_name}", name.unwrap_or_default())
        }
        SetAction::DeleteSet => {
            sets.remove(index);
            format!("Deleted document label set {set_name}")
        }
    };
    Ok(SchemaChange {
        to: schema.with_doc_sets(sets)?,
        renames: vec![],
        summary,
    })
}

/// A new set of document labels named `name` (trimmed), taking one value or several.
pub fn add_set(
    schema: &LabelSchema,
    name: &str,
    multiple: bool,
) -> Result<SchemaChange, SchemaError> {
    let name = name.trim().to_string();
    let mut sets = schema.doc_sets().to_vec();
    sets.push(DocLabelSet {
        name: name.clone(),
        multiple,
        values: vec![],
    });
    Ok(SchemaChange {
        to: schema.with_doc_sets(sets)?,
        renames: vec![],
        summary: format!("Added document label set {name}"),
    })
}
