//! What a schema says beyond its labels: the types of relations between annotations (with the
//! labels each end may have, as brat's `annotation.conf` says) and the attributes a label's
//! annotations may carry (a yes/no flag such as `Negated`, or one value of a list such as
//! `Confidence: High/Medium/Low`).
//!
//! Invariants kept by [`super::LabelSchema`]: relation type names are non-empty, free of
//! control characters and unique; their keys are unique among relation types (a relation key
//! only means something while a link is being made); attribute names and values are names as
//! labels' are, unique; attribute keys share the one key space of labels and document labels
//! (they act on the selected annotation, as label keys do); and every label named by an end or
//! an attribute is a label of the schema.

use super::{fold, is_valid_key, Color, KeyFold, SchemaError};
use std::collections::{HashMap, HashSet};

/// One type of relation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RelationDef {
    /// "met", "works for": spaces are allowed (a relation type is read, not typed as a key).
    pub name: String,
    /// The colour of its arcs' tags, readable under the annotation text as labels' are.
    pub color: Color,
    /// The key that finishes a link with this type, in the link dialog.
    pub key: Option<char>,
    /// The labels a relation of this type may start from; empty: any.
    pub from: Vec<String>,
    /// The labels it may go to; empty: any.
    pub to: Vec<String>,
}

impl RelationDef {
    /// Whether a relation of this type may go from a `from`-labelled annotation to a
    /// `to`-labelled one.
    pub fn allows(&self, from: &str, to: &str) -> bool {
        let fits =
            |ends: &[String], label: &str| ends.is_empty() || ends.iter().any(|e| e == label);
        fits(&self.from, from) && fits(&self.to, to)
    }

    /// "PERSON or ORG → GPE", "any label → any label".
    pub fn ends(&self) -> String {
        let side = |ends: &[String]| {
            if ends.is_empty() {
                "any label".to_string()
            } else {
                ends.join(" or ")
            }
        };
        format!("{} → {}", side(&self.from), side(&self.to))
    }
}

/// One attribute an annotation may carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttributeDef {
    pub name: String,
    /// The labels whose annotations may carry it; empty: every label.
    pub labels: Vec<String>,
    /// The values one is chosen from; empty: a yes/no flag (set or not).
    pub values: Vec<String>,
    /// The key that sets it on the selected annotation (a flag toggles; a list steps to its
    /// next value, and from the last to none).
    pub key: Option<char>,
}

impl AttributeDef {
    pub fn is_flag(&self) -> bool {
        self.values.is_empty()
    }

    /// Whether annotations labelled `label` may carry it.
    pub fn applies_to(&self, label: &str) -> bool {
        self.labels.is_empty() || self.labels.iter().any(|l| l == label)
    }

    /// The value after `now` when its key is pressed: a flag goes on and off ("true" is the
    /// value of a set flag), a list steps through its values and then to none.
    pub fn next(&self, now: Option<&str>) -> Option<String> {
        if self.is_flag() {
            return match now {
                Some(_) => None,
                None => Some(FLAG_SET.to_string()),
            };
        }
        let at = now.and_then(|v| self.values.iter().position(|x| x == v));
        match at {
            None => self.values.first().cloned(),
            Some(i) => self.values.get(i + 1).cloned(),
        }
    }

    /// Whether `value` is one this attribute takes.
    pub fn takes(&self, value: &str) -> bool {
        if self.is_flag() {
            value == FLAG_SET
        } else {
            self.values.iter().any(|v| v == value)
        }
    }
}

/// The value a set yes/no attribute has.
pub const FLAG_SET: &str = "true";

/// An annotation's attributes as its tag shows them after the label: a set flag by its name,
/// another by its value ("Negated · High"); empty when it has none.
pub fn tag_text(attributes: &crate::annotation::Attributes) -> String {
    (attributes.iter())
        .map(|(name, value)| if value == FLAG_SET { name } else { value })
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" · ")
}

/// An annotation's attributes in words, for screen readers and lists ("Negated, Confidence:
/// High"); empty when it has none.
pub fn spoken(attributes: &crate::annotation::Attributes) -> String {
    (attributes.iter())
        .map(|(name, value)| {
            if value == FLAG_SET {
                name.clone()
            } else {
                format!("{name}: {value}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks relation types and attributes against the schema's `labels` and the keys already
/// `taken` (by labels and document labels, folded, with their owners).
pub(super) fn check(
    relation_types: &[RelationDef],
    attributes: &[AttributeDef],
    labels: &HashSet<&str>,
    taken: &mut HashMap<KeyFold, String>,
) -> Result<(), SchemaError> {
    let known = |owner: &str, label: &String| {
        if labels.contains(label.as_str()) {
            Ok(())
        } else {
            Err(SchemaError::UnknownLabel {
                owner: owner.to_string(),
                label: label.clone(),
            })
        }
    };
    let mut names = HashSet::new();
    let mut keys: HashMap<KeyFold, &str> = HashMap::new();
    for r in relation_types {
        if r.name.trim().is_empty() {
            return Err(SchemaError::EmptyNameOf("relation type".into()));
        }
        if r.name.trim() != r.name {
            return Err(SchemaError::RelationSpaces(r.name.clone()));
        }
        if r.name.chars().any(char::is_control) {
            return Err(SchemaError::BadRelationName(r.name.clone()));
        }
        if !names.insert(r.name.as_str()) {
            return Err(SchemaError::TwiceOf("relation type", r.name.clone()));
        }
        super::check_contrast(&r.name, r.color)?;
        for label in r.from.iter().chain(&r.to) {
            known(&r.name, label)?;
        }
        if let Some(key) = r.key {
            if !is_valid_key(key) {
                return Err(SchemaError::BadKey {
                    label: r.name.clone(),
                    key: key.to_string(),
                });
            }
            if let Some(first) = keys.insert(fold(key), &r.name) {
                return Err(SchemaError::DuplicateKey {
                    key,
                    first: first.to_string(),
                    second: r.name.clone(),
                });
            }
        }
    }
    let mut names = HashSet::new();
    for a in attributes {
        name_of("attribute", &a.name)?;
        if !names.insert(a.name.as_str()) {
            return Err(SchemaError::TwiceOf("attribute", a.name.clone()));
        }
        for label in &a.labels {
            known(&a.name, label)?;
        }
        let mut values = HashSet::new();
        for v in &a.values {
            name_of(&format!("value of {}", a.name), v)?;
            if !values.insert(v.as_str()) {
                return Err(SchemaError::TwiceOf("value", format!("{}/{v}", a.name)));
            }
        }
        if let Some(key) = a.key {
            if !is_valid_key(key) {
                return Err(SchemaError::BadKey {
                    label: a.name.clone(),
                    key: key.to_string(),
                });
            }
            if super::RESERVED_KEYS.contains(&key) {
                return Err(SchemaError::ReservedKey {
                    key,
                    label: a.name.clone(),
                });
            }
            if let Some(first) = taken.insert(fold(key), a.name.clone()) {
                return Err(SchemaError::DuplicateKey {
                    key,
                    first,
                    second: a.name.clone(),
                });
            }
        }
    }
    Ok(())
}

/// An attribute's name or value: non-empty, without white space (brat's `A` lines are split
/// at spaces). `what` says which, for the message.
fn name_of(what: &str, name: &str) -> Result<(), SchemaError> {
    if name.is_empty() {
        return Err(SchemaError::EmptyNameOf(what.to_string()));
    }
    if name.chars().any(char::is_whitespace) {
        return Err(SchemaError::SpaceIn(what.to_string(), name.to_string()));
    }
    Ok(())
}

/// What a file declares beside its annotations (brat's `annotation.conf`): labels, relation
/// types with the labels each end may have, attributes with their labels and values (empty
/// lists: any label; a yes/no attribute). The schema takes what it lacks
/// ([`super::LabelSchema::declare`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Declared {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    /// (name, the labels it may start from, the labels it may go to).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relation_types: Vec<(String, Vec<String>, Vec<String>)>,
    /// (name, the labels that have it, its values).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<(String, Vec<String>, Vec<String>)>,
}

impl Declared {
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty() && self.relation_types.is_empty() && self.attributes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attribute(values: &[&str]) -> AttributeDef {
        AttributeDef {
            name: "Confidence".into(),
            labels: vec![],
            values: values.iter().map(|v| v.to_string()).collect(),
            key: None,
        }
    }

    #[test]
    fn an_attribute_key_steps_through_its_values() {
        // (values, now, next)
        let cases: [(&[&str], Option<&str>, Option<&str>); 7] = [
            (&[], None, Some("true")),
            (&[], Some("true"), None),
            (&["High", "Low"], None, Some("High")),
            (&["High", "Low"], Some("High"), Some("Low")),
            (&["High", "Low"], Some("Low"), None),
            // A value the list no longer has starts the list again.
            (&["High", "Low"], Some("Medium"), Some("High")),
            (&["High"], Some("High"), None),
        ];
        for (values, now, want) in cases {
            let a = attribute(values);
            assert_eq!(a.next(now).as_deref(), want, "{values:?} {now:?}");
        }
    }

    #[test]
    fn relation_ends_table() {
        let r = RelationDef {
            name: "works for".into(),
            color: Color::from_rgb(0xffd3a8),
            key: Some('w'),
            from: vec!["PERSON".into()],
            to: vec![],
        };
        // (from, to, allowed)
        let cases = [
            ("PERSON", "ORG", true),
            ("PERSON", "PERSON", true),
            ("ORG", "PERSON", false),
        ];
        for (from, to, want) in cases {
            assert_eq!(r.allows(from, to), want, "{from} {to}");
        }
        assert_eq!(r.ends(), "PERSON → any label");
    }
}
