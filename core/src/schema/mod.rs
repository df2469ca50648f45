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
mod extras;
pub mod shape;

pub use color::{Color, DARK_PAGE, LIGHT_PAGE, MIN_CONTRAST, PALETTE, TEXT_COLOR};
pub use extras::{spoken, tag_text, AttributeDef, Declared, RelationDef, FLAG_SET};

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
    #[error("relation type “{0}” has a control character in its name")]
    BadRelationName(String),
    /// What has no name: "relation type", "attribute", "value of Confidence".
    #[error("a {0} has an empty name")]
    EmptyNameOf(String),
    #[error("{0} “{1}” appears twice")]
    TwiceOf(&'static str, String),
    #[error("{0} “{1}” contains white space")]
    SpaceIn(String, String),
    #[error("relation type “{0}” starts or ends with white space")]
    RelationSpaces(String),
    #[error("“{owner}” names the label “{label}”, which the schema does not have")]
    UnknownLabel { owner: String, label: String },
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
    relation_types: Vec<RelationDef>,
    attributes: Vec<AttributeDef>,
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
        Self::build(labels, overlaps, doc_sets, Vec::new(), Vec::new())
    }

    /// [`Self::with`], with relation types and attributes.
    pub fn build(
        labels: Vec<LabelDef>,
        overlaps: Overlaps,
        doc_sets: Vec<DocLabelSet>,
        relation_types: Vec<RelationDef>,
        attributes: Vec<AttributeDef>,
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
        let mut owners: HashMap<KeyFold, String> = HashMap::new();
        for (key, owner) in keys {
            if RESERVED_KEYS.contains(&key) {
                return Err(SchemaError::ReservedKey { key, label: owner });
            }
            if let Some(first) = owners.insert(fold(key), owner.clone()) {
                return Err(SchemaError::DuplicateKey {
                    key,
                    first,
                    second: owner,
                });
            }
        }
        extras::check(&relation_types, &attributes, &names, &mut owners)?;
        Ok(LabelSchema {
            labels,
            overlaps,
            doc_sets,
            relation_types,
            attributes,
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
            relation_types: Vec::new(),
            attributes: Vec::new(),
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

    /// The relation types, in display order.
    pub fn relation_types(&self) -> &[RelationDef] {
        &self.relation_types
    }

    pub fn relation_type(&self, name: &str) -> Option<&RelationDef> {
        self.relation_types.iter().find(|r| r.name == name)
    }

    /// The relation type whose key is `key`, ignoring case.
    pub fn relation_by_key(&self, key: char) -> Option<&RelationDef> {
        (self.relation_types.iter()).find(|r| r.key.is_some_and(|k| same_key(k, key)))
    }

    /// Why a relation of type `kind` may not go from a `from`-labelled annotation to a
    /// `to`-labelled one, if the schema declares that type and says it may not.
    pub fn refuses_link(&self, kind: &str, from: &str, to: &str) -> Option<String> {
        let def = self.relation_type(kind)?;
        (!def.allows(from, to)).then(|| {
            format!(
                "a “{kind}” relation goes from {}, so it cannot link {from} to {to}",
                def.ends()
            )
        })
    }

    /// The attributes, in display order.
    pub fn attributes(&self) -> &[AttributeDef] {
        &self.attributes
    }

    pub fn attribute(&self, name: &str) -> Option<&AttributeDef> {
        self.attributes.iter().find(|a| a.name == name)
    }

    /// The attribute whose key is `key`, ignoring case.
    pub fn attribute_by_key(&self, key: char) -> Option<&AttributeDef> {
        (self.attributes.iter()).find(|a| a.key.is_some_and(|k| same_key(k, key)))
    }

    /// The attributes annotations labelled `label` may carry.
    pub fn attributes_of<'a>(&'a self, label: &'a str) -> impl Iterator<Item = &'a AttributeDef> {
        self.attributes.iter().filter(move |a| a.applies_to(label))
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
            .chain(self.attributes.iter().filter_map(|a| a.key))
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
        // Relation types and attributes this schema lacks, their ends and labels kept where
        // this schema has those labels (it has them all once the labels above are in).
        for r in &other.relation_types {
            if self.relation_type(&r.name).is_some() {
                continue;
            }
            let key = r.key.filter(|k| self.relation_by_key(*k).is_none());
            self.relation_types.push(RelationDef { key, ..r.clone() });
            added.push(format!("relation type {}", r.name));
        }
        for a in &other.attributes {
            if self.attribute(&a.name).is_some() {
                continue;
            }
            let key = a.key.filter(|k| self.free_key("", Some(*k)) == *k);
            self.attributes.push(AttributeDef { key, ..a.clone() });
            added.push(format!("attribute {}", a.name));
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

    /// Declares what an imported annotation's attribute `name` = `value` shows, if the schema
    /// lacks it: a new attribute (yes/no for [`FLAG_SET`], else a list of the values seen), or
    /// a value its list lacks. A name or value that cannot be one is left undeclared (the
    /// annotation keeps it). Returns whether the schema changed.
    pub fn learn_attribute(&mut self, name: &str, value: &str) -> bool {
        if check_name(name).is_err() || check_name(value).is_err() {
            return false;
        }
        match self.attributes.iter_mut().find(|a| a.name == name) {
            Some(a) if a.takes(value) || (a.is_flag() != (value == FLAG_SET)) => false,
            Some(a) => {
                a.values.push(value.to_string());
                true
            }
            None => {
                let values = if value == FLAG_SET {
                    Vec::new()
                } else {
                    vec![value.to_string()]
                };
                self.attributes.push(AttributeDef {
                    name: name.to_string(),
                    labels: Vec::new(),
                    values,
                    key: None,
                });
                true
            }
        }
    }

    /// Takes in what a file declares (brat's `annotation.conf`) that this schema lacks: its
    /// labels (with free colours and keys), then its relation types and attributes with the
    /// labels it names that the schema has (one whose labels at an end are all unknown is left
    /// out rather than widened to any). What this schema already has stays as it is. Returns
    /// what was added ("relation type Met"), for the report.
    pub fn declare(&mut self, declared: &Declared) -> Vec<String> {
        let mut added = Vec::new();
        for label in &declared.labels {
            if self.add_label(label) == Ok(true) {
                added.push(format!("label {label}"));
            }
        }
        let known = |list: &[String]| -> Option<Vec<String>> {
            let kept: Vec<String> = (list.iter())
                .filter(|l| self.get(l).is_some())
                .cloned()
                .collect();
            (list.is_empty() || !kept.is_empty()).then_some(kept)
        };
        let mut types = self.relation_types.clone();
        for (name, from, to) in &declared.relation_types {
            if self.relation_type(name).is_some() {
                continue;
            }
            let (Some(from), Some(to)) = (known(from), known(to)) else {
                continue;
            };
            let color = (PALETTE.into_iter())
                .find(|c| types.iter().all(|t: &RelationDef| t.color != *c))
                .unwrap_or(PALETTE[0]);
            types.push(RelationDef {
                name: name.clone(),
                color,
                key: None,
                from,
                to,
            });
        }
        let mut attributes = self.attributes.clone();
        for (name, labels, values) in &declared.attributes {
            if self.attribute(name).is_some() {
                continue;
            }
            let Some(labels) = known(labels) else {
                continue;
            };
            attributes.push(AttributeDef {
                name: name.clone(),
                labels,
                values: values.clone(),
                key: None,
            });
        }
        // Each list is taken only if the schema still holds (a name brat allows but Postil
        // does not leaves that list as it was); what is new is what the schema now has.
        let (had_types, had_attributes) = (self.relation_types.len(), self.attributes.len());
        if let Ok(with) = self.with_relation_types(types) {
            *self = with;
        }
        if let Ok(with) = self.with_attributes(attributes) {
            *self = with;
        }
        added.extend(
            self.relation_types[had_types..]
                .iter()
                .map(|t| format!("relation type {}", t.name)),
        );
        added.extend(
            self.attributes[had_attributes..]
                .iter()
                .map(|a| format!("attribute {}", a.name)),
        );
        added
    }

    /// Declares the relation type `kind` of an imported relation, if the schema lacks it,
    /// with a free colour, no key and any labels at its ends. Returns whether it was added.
    pub fn learn_relation_type(&mut self, kind: &str) -> bool {
        let kind = kind.trim();
        if kind.is_empty()
            || kind.chars().any(char::is_control)
            || self.relation_type(kind).is_some()
        {
            return false;
        }
        let color = self.unused_relation_color();
        self.relation_types.push(RelationDef {
            name: kind.to_string(),
            color,
            key: None,
            from: Vec::new(),
            to: Vec::new(),
        });
        true
    }

    /// This schema with its labels replaced (checked like any new schema). Relation ends and
    /// attributes that named a label now gone stop naming it; a relation type or attribute
    /// all of whose labels at one end are gone goes too (it had no annotation left to be on,
    /// and would otherwise widen to every label).
    pub fn with_labels(&self, labels: Vec<LabelDef>) -> Result<Self, SchemaError> {
        self.with_labels_renamed(labels, &[])
    }

    /// [`Self::with_labels`], where `renames` (old name, new name) lists the labels renamed:
    /// relation ends and attributes follow them.
    pub fn with_labels_renamed(
        &self,
        labels: Vec<LabelDef>,
        renames: &[(String, String)],
    ) -> Result<Self, SchemaError> {
        let names: HashSet<&str> = labels.iter().map(|l| l.name.as_str()).collect();
        let follow = |list: &[String]| -> Vec<String> {
            list.iter()
                .map(|l| {
                    (renames.iter().find(|(old, _)| old == l))
                        .map_or_else(|| l.clone(), |(_, new)| new.clone())
                })
                .filter(|l| names.contains(l.as_str()))
                .collect()
        };
        let emptied = |before: &[String], after: &[String]| !before.is_empty() && after.is_empty();
        let relation_types = (self.relation_types.iter())
            .map(|r| RelationDef {
                from: follow(&r.from),
                to: follow(&r.to),
                ..r.clone()
            })
            .zip(&self.relation_types)
            .filter(|(new, old)| !emptied(&old.from, &new.from) && !emptied(&old.to, &new.to))
            .map(|(new, _)| new)
            .collect();
        let attributes = (self.attributes.iter())
            .map(|a| AttributeDef {
                labels: follow(&a.labels),
                ..a.clone()
            })
            .zip(&self.attributes)
            .filter(|(new, old)| !emptied(&old.labels, &new.labels))
            .map(|(new, _)| new)
            .collect();
        Self::build(
            labels,
            self.overlaps,
            self.doc_sets.clone(),
            relation_types,
            attributes,
        )
    }

    /// This schema with its relation types replaced (checked like any new schema).
    pub fn with_relation_types(&self, types: Vec<RelationDef>) -> Result<Self, SchemaError> {
        Self::build(
            self.labels.clone(),
            self.overlaps,
            self.doc_sets.clone(),
            types,
            self.attributes.clone(),
        )
    }

    /// This schema with its attributes replaced (checked like any new schema).
    pub fn with_attributes(&self, attributes: Vec<AttributeDef>) -> Result<Self, SchemaError> {
        Self::build(
            self.labels.clone(),
            self.overlaps,
            self.doc_sets.clone(),
            self.relation_types.clone(),
            attributes,
        )
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
        Self::build(
            self.labels.clone(),
            self.overlaps,
            doc_sets,
            self.relation_types.clone(),
            self.attributes.clone(),
        )
    }

    /// The colour for a new relation type: the first [`PALETTE`] colour no relation type has.
    pub fn unused_relation_color(&self) -> Color {
        PALETTE
            .into_iter()
            .find(|c| self.relation_types.iter().all(|r| r.color != *c))
            .unwrap_or(PALETTE[0])
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
    check_contrast(&label.name, label.color)
}

/// Whether the annotation text reads on `color` (a label's or a relation type's).
fn check_contrast(owner: &str, color: Color) -> Result<(), SchemaError> {
    let contrast = TEXT_COLOR.contrast(color);
    if contrast < MIN_CONTRAST {
        return Err(SchemaError::LowContrast(
            owner.to_string(),
            color,
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
