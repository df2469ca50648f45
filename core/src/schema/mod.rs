//! The label schema: which labels exist, their colours and their one-key shortcuts.
//!
//! Invariants kept by [`LabelSchema::new`]: names are non-empty, unique and free of white
//! space; keys are single printable characters, unique ignoring case; colours are `#rrggbb`
//! backgrounds on which the annotation text ([`TEXT_COLOR`]) reads at WCAG AA contrast or better;
//! document label sets and their values have unique non-empty names; and every key, of span
//! labels and document labels alike, is unique and not one of [`RESERVED_KEYS`].
//!
//! The colours and their contrast are in `color.rs` (re-exported here); the JSON shapes a
//! schema is stored and exchanged in, and the checks that turn them back into a schema, are in
//! [`shape`], which the native format, the schema file and browser storage share.

mod color;
pub mod shape;

pub use color::{Color, DARK_PAGE, LIGHT_PAGE, MIN_CONTRAST, PALETTE, TEXT_COLOR};

use crate::annotation::Overlaps;
use std::collections::{HashMap, HashSet};
use thiserror::Error;

/// One label of the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelDef {
    pub name: String,
    pub color: Color,
    /// The key that applies this label (a single character; matched ignoring case).
    pub key: char,
}

/// Why a schema was refused.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum SchemaError {
    #[error("a label has an empty name")]
    EmptyName,
    #[error("label name “{0}” contains white space")]
    SpaceInName(String),
    #[error("label “{0}” appears twice")]
    DuplicateName(String),
    #[error("colour “{0}” is not of the form #rrggbb")]
    BadColor(String),
    #[error("label “{0}” has colour {1}, on which text is hard to read (contrast {2}, at least {MIN_CONTRAST} is needed)")]
    LowContrast(String, Color, String),
    #[error("key “{key}” of label “{label}” is not a single letter, digit or symbol")]
    BadKey { label: String, key: String },
    #[error("key “{key}” of “{label}” is kept for the app’s own shortcuts")]
    ReservedKey { key: char, label: String },
    #[error("key “{key}” is used by both “{first}” and “{second}”")]
    DuplicateKey {
        key: char,
        first: String,
        second: String,
    },
}

/// One value of a document label set (say "politics" in "topic").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocLabelValue {
    pub name: String,
    /// The key that toggles this value on the open document, if any.
    pub key: Option<char>,
}

/// A set of document-level labels (say "topic" or "stance").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocLabelSet {
    pub name: String,
    /// Several values may be chosen at once (otherwise choosing one replaces the other).
    pub multiple: bool,
    pub values: Vec<DocLabelValue>,
}

/// Keys the app keeps for itself: `?` opens the shortcut sheet, `/` the search, `[` and `]`
/// go to the previous and next document, `=` marks the document done.
pub const RESERVED_KEYS: [char; 5] = ['?', '/', '[', ']', '='];

/// How many labels get a colour slot (`styles/app.css` has a class for each); labels after
/// them carry their colour themselves.
pub const COLOR_SLOTS: usize = 64;

/// The labels a document can be annotated with (in display order), whether new spans may
/// overlap others, and the sets of document-level labels. Serialised through
/// [`shape::SchemaShape`], so a stored schema is checked when read back.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(into = "shape::SchemaShape", try_from = "shape::SchemaShape")]
pub struct LabelSchema {
    labels: Vec<LabelDef>,
    overlaps: Overlaps,
    doc_sets: Vec<DocLabelSet>,
}

impl LabelSchema {
    /// A schema of span labels only (overlaps allowed, no document labels).
    pub fn new(labels: Vec<LabelDef>) -> Result<Self, SchemaError> {
        Self::with(labels, Overlaps::Allowed, Vec::new())
    }

    /// Builds a schema, checking every invariant listed in the module docs.
    pub fn with(
        labels: Vec<LabelDef>,
        overlaps: Overlaps,
        doc_sets: Vec<DocLabelSet>,
    ) -> Result<Self, SchemaError> {
        // Each check is one pass with a set of what came before (not a scan of it): a schema
        // of 2,000 labels took minutes to import when every label added re-checked them all
        // against each other.
        let mut names = HashSet::new();
        for label in &labels {
            check_label(label)?;
            if !names.insert(label.name.as_str()) {
                return Err(SchemaError::DuplicateName(label.name.clone()));
            }
        }
        let mut set_names = HashSet::new();
        for set in &doc_sets {
            check_name(&set.name)?;
            if !set_names.insert(set.name.as_str()) {
                return Err(SchemaError::DuplicateName(set.name.clone()));
            }
            let mut value_names = HashSet::new();
            for v in &set.values {
                check_name(&v.name)?;
                if !value_names.insert(v.name.as_str()) {
                    return Err(SchemaError::DuplicateName(format!(
                        "{}/{}",
                        set.name, v.name
                    )));
                }
            }
        }
        // Every key, of span labels and document labels alike, means one thing.
        let mut keys: Vec<(char, String)> =
            labels.iter().map(|l| (l.key, l.name.clone())).collect();
        for set in &doc_sets {
            for v in &set.values {
                if let Some(k) = v.key {
                    if !is_valid_key(k) {
                        return Err(SchemaError::BadKey {
                            label: format!("{}/{}", set.name, v.name),
                            key: k.to_string(),
                        });
                    }
                    keys.push((k, format!("{}/{}", set.name, v.name)));
                }
            }
        }
        let mut owners: HashMap<KeyFold, &String> = HashMap::new();
        for (key, owner) in &keys {
            if RESERVED_KEYS.contains(key) {
                return Err(SchemaError::ReservedKey {
                    key: *key,
                    label: owner.clone(),
                });
            }
            if let Some(first) = owners.insert(fold(*key), owner) {
                return Err(SchemaError::DuplicateKey {
                    key: *key,
                    first: first.clone(),
                    second: owner.clone(),
                });
            }
        }
        Ok(LabelSchema {
            labels,
            overlaps,
            doc_sets,
        })
    }

    /// The default named-entity schema, with topic and stance as document labels.
    pub fn default_ner() -> Self {
        let label = |name: &str, rgb: u32, key: char| LabelDef {
            name: name.to_string(),
            color: Color::from_rgb(rgb),
            key,
        };
        let values = |names: &[(&str, char)]| {
            names
                .iter()
                .map(|(n, k)| DocLabelValue {
                    name: n.to_string(),
                    key: Some(*k),
                })
                .collect()
        };
        LabelSchema {
            labels: vec![
                label("PERSON", 0xffd3a8, 'p'),
                label("ORG", 0xbfdcff, 'o'),
                label("GPE", 0xc4f2bd, 'g'),
                label("LOC", 0xa6e8e4, 'l'),
                label("DATE", 0xf7f0a1, 'd'),
                label("EVENT", 0xf9c8f4, 'e'),
                label("MISC", 0xded5ff, 'm'),
            ],
            overlaps: Overlaps::Allowed,
            doc_sets: vec![
                DocLabelSet {
                    name: "topic".into(),
                    multiple: true,
                    values: values(&[
                        ("politics", '1'),
                        ("security", '2'),
                        ("economy", '3'),
                        ("health", '4'),
                        ("diplomacy", '5'),
                    ]),
                },
                DocLabelSet {
                    name: "stance".into(),
                    multiple: false,
                    values: values(&[("positive", '7'), ("neutral", '8'), ("negative", '9')]),
                },
            ],
        }
    }

    pub fn labels(&self) -> &[LabelDef] {
        &self.labels
    }

    pub fn overlaps(&self) -> Overlaps {
        self.overlaps
    }

    pub fn doc_sets(&self) -> &[DocLabelSet] {
        &self.doc_sets
    }

    pub fn get(&self, name: &str) -> Option<&LabelDef> {
        self.labels.iter().find(|l| l.name == name)
    }

    /// The colour slot of a label (its place in the list) while there are slots for it: the
    /// article draws a label's runs and tags with the class `l<slot>`, whose colour
    /// [`Self::color_slots`] sets once, instead of a colour on each of thousands of elements.
    pub fn color_slot(&self, name: &str) -> Option<usize> {
        (self.labels.iter().take(COLOR_SLOTS)).position(|l| l.name == name)
    }

    /// The colours of the slots as CSS custom properties (`--l0: #ffd3a8; --l1: …`), for the
    /// element that holds the article (`styles/app.css` gives `.l<n>` the colour `--l<n>`).
    pub fn color_slots(&self) -> String {
        (self.labels.iter().take(COLOR_SLOTS).enumerate())
            .map(|(i, l)| format!("--l{i}: {};", l.color))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The label whose shortcut is `key`, ignoring case.
    pub fn by_key(&self, key: char) -> Option<&LabelDef> {
        self.labels.iter().find(|l| same_key(l.key, key))
    }

    /// The document label (set, value) whose shortcut is `key`, ignoring case.
    pub fn doc_value_by_key(&self, key: char) -> Option<(&DocLabelSet, &DocLabelValue)> {
        self.doc_sets
            .iter()
            .flat_map(|s| s.values.iter().map(move |v| (s, v)))
            .find(|(_, v)| v.key.is_some_and(|k| same_key(k, key)))
    }

    /// A free key for a new label named `name`: one of its letters, else a digit, else a
    /// private-use character (no keyboard types it; the label is then applied from the palette).
    pub fn free_key(&self, name: &str, preferred: Option<char>) -> char {
        // Gathered once: with thousands of labels, most candidates are taken.
        let used: HashSet<KeyFold> = (self.labels.iter().map(|l| l.key))
            .chain(
                self.doc_sets
                    .iter()
                    .flat_map(|s| &s.values)
                    .filter_map(|v| v.key),
            )
            .chain(RESERVED_KEYS)
            .map(fold)
            .collect();
        let taken = |k: char| used.contains(&fold(k));
        preferred
            .into_iter()
            .chain(
                name.chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase),
            )
            .chain('a'..='z')
            .chain('0'..='9')
            .chain('\u{E000}'..='\u{F8FF}')
            .find(|k| is_valid_key(*k) && !taken(*k))
            .unwrap_or('\u{F8FF}')
    }

    /// Adds the labels and document label sets of `other` that this schema lacks, keeping this
    /// schema's own colours and keys; an incoming key that is taken is replaced by a free one.
    /// Returns the names that were added.
    pub fn merge(&mut self, other: &LabelSchema) -> Vec<String> {
        let mut added = Vec::new();
        for label in &other.labels {
            if self.get(&label.name).is_some() {
                continue;
            }
            let key = self.free_key(&label.name, Some(label.key));
            self.labels.push(LabelDef {
                name: label.name.clone(),
                color: label.color,
                key,
            });
            added.push(label.name.clone());
        }
        for set in &other.doc_sets {
            let index = match self.doc_sets.iter().position(|s| s.name == set.name) {
                Some(i) => i,
                None => {
                    self.doc_sets.push(DocLabelSet {
                        name: set.name.clone(),
                        multiple: set.multiple,
                        values: Vec::new(),
                    });
                    self.doc_sets.len() - 1
                }
            };
            for v in &set.values {
                if self.doc_sets[index].values.iter().any(|w| w.name == v.name) {
                    continue;
                }
                let key = v.key.filter(|k| self.free_key("", Some(*k)) == *k);
                self.doc_sets[index].values.push(DocLabelValue {
                    name: v.name.clone(),
                    key,
                });
                added.push(format!("{}/{}", set.name, v.name));
            }
        }
        added
    }

    /// Adds a label named `name` with a free colour and key, unless there is one. Returns
    /// whether it was added, or why the name cannot be a label.
    pub fn add_label(&mut self, name: &str) -> Result<bool, SchemaError> {
        if self.get(name).is_some() {
            return Ok(false);
        }
        // The name is new and the key free (`free_key`), so this label is all there is to
        // check: checking the whole schema again for each label made an import cubic.
        let label = LabelDef {
            name: name.to_string(),
            color: self.unused_color(),
            key: self.free_key(name, None),
        };
        check_label(&label)?;
        self.labels.push(label);
        Ok(true)
    }

    /// This schema with its labels replaced (checked like any new schema).
    pub fn with_labels(&self, labels: Vec<LabelDef>) -> Result<Self, SchemaError> {
        Self::with(labels, self.overlaps, self.doc_sets.clone())
    }

    /// This schema with another overlap policy.
    pub fn with_overlaps(&self, overlaps: Overlaps) -> Self {
        LabelSchema {
            overlaps,
            ..self.clone()
        }
    }

    /// This schema with its document label sets replaced (checked like any new schema).
    pub fn with_doc_sets(&self, doc_sets: Vec<DocLabelSet>) -> Result<Self, SchemaError> {
        Self::with(self.labels.clone(), self.overlaps, doc_sets)
    }

    /// The colour for a new label: the first [`PALETTE`] colour no label has yet, else the
    /// first one (twelve labels in, sharing a colour beats an unreadable one).
    pub fn unused_color(&self) -> Color {
        PALETTE
            .into_iter()
            .find(|c| self.labels.iter().all(|l| l.color != *c))
            .unwrap_or(PALETTE[0])
    }
}

/// A label's own invariants: its name, its key, the contrast of its colour.
fn check_label(label: &LabelDef) -> Result<(), SchemaError> {
    check_name(&label.name)?;
    if !is_valid_key(label.key) {
        return Err(SchemaError::BadKey {
            label: label.name.clone(),
            key: label.key.to_string(),
        });
    }
    let contrast = TEXT_COLOR.contrast(label.color);
    if contrast < MIN_CONTRAST {
        return Err(SchemaError::LowContrast(
            label.name.clone(),
            label.color,
            format!("{contrast:.1}"),
        ));
    }
    Ok(())
}

fn check_name(name: &str) -> Result<(), SchemaError> {
    if name.is_empty() {
        return Err(SchemaError::EmptyName);
    }
    if name.chars().any(char::is_whitespace) {
        return Err(SchemaError::SpaceInName(name.to_string()));
    }
    Ok(())
}

fn is_valid_key(key: char) -> bool {
    !key.is_whitespace() && !key.is_control()
}

fn same_key(a: char, b: char) -> bool {
    a == b || a.to_lowercase().eq(b.to_lowercase())
}

/// A key as keys are compared (ignoring case): its lowercase, at most three `char`s. Two keys
/// are the [`same_key`] exactly when their folds are equal.
type KeyFold = [char; 3];

fn fold(key: char) -> KeyFold {
    let mut out = ['\0'; 3];
    for (slot, c) in out.iter_mut().zip(key.to_lowercase()) {
        *slot = c;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn color_slots_table() {
        let ner = LabelSchema::default_ner();
        // (label, its slot)
        let cases = [
            ("PERSON", Some(0)),
            ("ORG", Some(1)),
            ("MISC", Some(6)),
            ("NOPE", None),
        ];
        for (label, slot) in cases {
            assert_eq!(ner.color_slot(label), slot, "{label}");
        }
        assert!(ner.color_slots().starts_with("--l0: #"));
        assert_eq!(ner.color_slots().matches("--l").count(), 7);
        // Past the last slot, labels carry their own colour.
        let many: Vec<LabelDef> = (0..COLOR_SLOTS + 2)
            .map(|i| LabelDef {
                name: format!("L{i}"),
                color: Color::from_rgb(0xffd3a8),
                key: char::from_u32(0x4e00 + i as u32).unwrap(),
            })
            .collect();
        let many = LabelSchema::new(many).unwrap();
        assert_eq!(
            many.color_slot(&format!("L{}", COLOR_SLOTS - 1)),
            Some(COLOR_SLOTS - 1)
        );
        assert_eq!(many.color_slot(&format!("L{COLOR_SLOTS}")), None);
        assert_eq!(many.color_slots().matches("--l").count(), COLOR_SLOTS);
        assert!(many
            .color_slots()
            .ends_with(&format!("--l{}: #ffd3a8;", COLOR_SLOTS - 1)));
    }

    #[test]
    fn folds_are_equal_exactly_for_the_same_key() {
        // 'K' is the Kelvin sign (lowercase 'k'); 'İ' lowercases to two chars.
        let keys = [
            'a', 'A', 'k', 'K', '\u{212A}', 'İ', 'i', 'ß', 'ẞ', 'Σ', 'σ', 'ς', '1', '?',
        ];
        for a in keys {
            for b in keys {
                assert_eq!(fold(a) == fold(b), same_key(a, b), "{a} {b}");
            }
        }
    }
}
