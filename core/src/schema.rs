//! The label schema: which labels exist, their colours and their one-key shortcuts.
//!
//! Invariants kept by [`LabelSchema::new`]: names are non-empty, unique and free of white
//! space; keys are single printable characters, unique ignoring case; colours are `#rrggbb`
//! backgrounds on which the annotation text ([`TEXT_COLOR`]) reads at WCAG AA contrast or better;
//! document label sets and their values have unique non-empty names; and every key, of span
//! labels and document labels alike, is unique and not one of [`RESERVED_KEYS`].

use crate::annotation::Overlaps;
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// The colour annotation text is drawn in on top of a label's colour.
pub const TEXT_COLOR: Color = Color {
    r: 0x1b,
    g: 0x1b,
    b: 0x1b,
};

/// Minimum contrast ratio of [`TEXT_COLOR`] on a label colour (WCAG AA for normal text).
pub const MIN_CONTRAST: f64 = 4.5;

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Color {
    /// A colour from `0xrrggbb`.
    pub const fn from_rgb(rgb: u32) -> Color {
        Color {
            r: (rgb >> 16) as u8,
            g: (rgb >> 8) as u8,
            b: rgb as u8,
        }
    }

    /// Relative luminance as WCAG 2 defines it.
    pub fn luminance(self) -> f64 {
        fn channel(v: u8) -> f64 {
            let c = f64::from(v) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * channel(self.r) + 0.7152 * channel(self.g) + 0.0722 * channel(self.b)
    }

    /// WCAG 2 contrast ratio between two colours (1 to 21).
    pub fn contrast(self, other: Color) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

impl FromStr for Color {
    type Err = SchemaError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || SchemaError::BadColor(s.to_string());
        let hex = s.strip_prefix('#').ok_or_else(bad)?;
        if hex.len() != 6 || !hex.is_ascii() {
            return Err(bad());
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad());
        Ok(Color {
            r: byte(0)?,
            g: byte(2)?,
            b: byte(4)?,
        })
    }
}

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

/// Keys the app keeps for itself: `?` opens the shortcut sheet, `/` the search.
pub const RESERVED_KEYS: [char; 2] = ['?', '/'];

/// The labels a document can be annotated with (in display order), whether new spans may
/// overlap others, and the sets of document-level labels. Serialised through
/// [`crate::schema_file::SchemaShape`], so a stored schema is checked when read back.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(
    into = "crate::schema_file::SchemaShape",
    try_from = "crate::schema_file::SchemaShape"
)]
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
        for (i, label) in labels.iter().enumerate() {
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
            if labels[..i].iter().any(|l| l.name == label.name) {
                return Err(SchemaError::DuplicateName(label.name.clone()));
            }
        }
        for (i, set) in doc_sets.iter().enumerate() {
            check_name(&set.name)?;
            if doc_sets[..i].iter().any(|s| s.name == set.name) {
                return Err(SchemaError::DuplicateName(set.name.clone()));
            }
            for (j, v) in set.values.iter().enumerate() {
                check_name(&v.name)?;
                if set.values[..j].iter().any(|w| w.name == v.name) {
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
        for (i, (key, owner)) in keys.iter().enumerate() {
            if RESERVED_KEYS.contains(key) {
                return Err(SchemaError::ReservedKey {
                    key: *key,
                    label: owner.clone(),
                });
            }
            if let Some((_, first)) = keys[..i].iter().find(|(k, _)| same_key(*k, *key)) {
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
        let taken = |k: char| {
            RESERVED_KEYS.contains(&k)
                || self.labels.iter().any(|l| same_key(l.key, k))
                || self
                    .doc_sets
                    .iter()
                    .flat_map(|s| &s.values)
                    .any(|v| v.key.is_some_and(|vk| same_key(vk, k)))
        };
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

/// Colours for labels: each reads at 7:1 or better under [`TEXT_COLOR`] and stands out from
/// both the light and the dark page (tested), so a new label never starts unreadable.
pub const PALETTE: [Color; 12] = [
    Color::from_rgb(0xffd3a8),
    Color::from_rgb(0xbfdcff),
    Color::from_rgb(0xc4f2bd),
    Color::from_rgb(0xa6e8e4),
    Color::from_rgb(0xf7f0a1),
    Color::from_rgb(0xf9c8f4),
    Color::from_rgb(0xded5ff),
    Color::from_rgb(0xffc2c2),
    Color::from_rgb(0xd6ecb0),
    Color::from_rgb(0xffe0b3),
    Color::from_rgb(0xc9e4f0),
    Color::from_rgb(0xe8dcc8),
];

/// The light and dark page backgrounds of the app's two themes.
pub const LIGHT_PAGE: Color = Color::from_rgb(0xfdfcf9);
pub const DARK_PAGE: Color = Color::from_rgb(0x1c1d21);

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_schema_is_valid_and_readable() {
        let schema = LabelSchema::default_ner();
        let names: Vec<_> = schema.labels().iter().map(|l| l.name.as_str()).collect();
        for want in ["PERSON", "ORG", "GPE", "LOC", "DATE", "EVENT", "MISC"] {
            assert!(names.contains(&want), "{want} missing");
        }
        // Re-validating the built-in schema checks names, keys and contrast.
        assert_eq!(
            LabelSchema::with(
                schema.labels().to_vec(),
                schema.overlaps(),
                schema.doc_sets().to_vec()
            ),
            Ok(schema.clone())
        );
        for label in schema.labels() {
            assert!(
                TEXT_COLOR.contrast(label.color) >= 7.0,
                "{} is below AAA",
                label.name
            );
        }
    }

    #[test]
    fn colour_parsing_and_contrast() {
        let cases = [
            ("#000000", Some((0, 0, 0))),
            ("#FFd3a8", Some((255, 211, 168))),
            ("ffd3a8", None),
            ("#ffd3a", None),
            ("#gg0000", None),
            ("#ééé", None),
        ];
        for (s, want) in cases {
            let got = s.parse::<Color>().ok().map(|c| (c.r, c.g, c.b));
            assert_eq!(got, want, "{s}");
        }
        let black = Color { r: 0, g: 0, b: 0 };
        let white = Color {
            r: 255,
            g: 255,
            b: 255,
        };
        assert!((black.contrast(white) - 21.0).abs() < 1e-9);
        assert_eq!(
            "#1b1b1b".parse::<Color>().map(|c| c.to_string()),
            Ok("#1b1b1b".into())
        );
    }

    #[test]
    fn schema_rejections() {
        let ok = |name: &str, key: char| LabelDef {
            name: name.into(),
            color: Color {
                r: 0xee,
                g: 0xee,
                b: 0xee,
            },
            key,
        };
        let dark = LabelDef {
            color: Color {
                r: 0x20,
                g: 0x20,
                b: 0x40,
            },
            ..ok("DARK", 'k')
        };
        let cases: Vec<(Vec<LabelDef>, &str)> = vec![
            (vec![ok("", 'a')], "empty name"),
            (vec![ok("TWO WORDS", 'a')], "white space"),
            (vec![ok("A", 'a'), ok("A", 'b')], "appears twice"),
            (vec![ok("A", 'a'), ok("B", 'A')], "used by both"),
            (vec![ok("A", ' ')], "not a single"),
            (vec![dark], "hard to read"),
        ];
        for (labels, want) in cases {
            let err = LabelSchema::new(labels)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(err.contains(want), "{err:?} should say {want:?}");
        }
    }

    #[test]
    fn palette_reads_in_both_themes() {
        for c in PALETTE {
            assert!(TEXT_COLOR.contrast(c) >= 7.0, "{c} under text");
            assert!(c.contrast(DARK_PAGE) >= 3.0, "{c} on the dark page");
        }
        for l in LabelSchema::default_ner().labels() {
            assert!(
                PALETTE.contains(&l.color),
                "{} comes from the palette",
                l.name
            );
        }
    }

    #[test]
    fn keys_are_unique_across_span_and_document_labels() {
        let base = LabelSchema::default_ner();
        let clash = vec![DocLabelSet {
            name: "topic".into(),
            multiple: true,
            values: vec![DocLabelValue {
                name: "people".into(),
                key: Some('P'),
            }],
        }];
        let err = base.with_doc_sets(clash).unwrap_err().to_string();
        assert_eq!(err, "key “P” is used by both “PERSON” and “topic/people”");
        let mut labels = base.labels().to_vec();
        labels[0].key = '?';
        assert!(base
            .with_labels(labels)
            .unwrap_err()
            .to_string()
            .contains("kept for the app’s own shortcuts"));
        let twice = vec![
            DocLabelSet {
                name: "a".into(),
                multiple: false,
                values: vec![],
            },
            DocLabelSet {
                name: "a".into(),
                multiple: true,
                values: vec![],
            },
        ];
        assert!(base
            .with_doc_sets(twice)
            .unwrap_err()
            .to_string()
            .contains("appears twice"));
        let (set, value) = base.doc_value_by_key('8').unwrap();
        assert_eq!(
            (set.name.as_str(), value.name.as_str(), set.multiple),
            ("stance", "neutral", false)
        );
        assert_eq!(base.free_key("PRODUCT", Some('p')), 'r');
    }

    #[test]
    fn unused_color_takes_the_first_free_palette_colour() {
        let ner = LabelSchema::default_ner();
        // The default schema uses the first seven palette colours.
        assert_eq!(ner.unused_color(), PALETTE[7]);
        let mut labels = ner.labels().to_vec();
        labels.remove(1);
        assert_eq!(ner.with_labels(labels).unwrap().unused_color(), PALETTE[1]);
        let all: Vec<LabelDef> = PALETTE
            .iter()
            .enumerate()
            .map(|(i, c)| LabelDef {
                name: format!("L{i}"),
                color: *c,
                key: char::from(b'a' + i as u8),
            })
            .collect();
        assert_eq!(LabelSchema::new(all).unwrap().unused_color(), PALETTE[0]);
        assert_eq!(LabelSchema::new(vec![]).unwrap().unused_color(), PALETTE[0]);
    }

    #[test]
    fn keys_match_ignoring_case() {
        let schema = LabelSchema::default_ner();
        assert_eq!(schema.by_key('P').map(|l| l.name.as_str()), Some("PERSON"));
        assert_eq!(schema.by_key('g').map(|l| l.name.as_str()), Some("GPE"));
        assert_eq!(schema.by_key('z'), None);
    }

    #[test]
    fn merge_adds_missing_labels_with_free_keys() {
        let mut mine = LabelSchema::default_ner();
        let theirs = LabelSchema::new(vec![
            LabelDef {
                name: "PERSON".into(),
                color: Color {
                    r: 0xff,
                    g: 0xff,
                    b: 0xff,
                },
                key: 'x',
            },
            LabelDef {
                name: "PRODUCT".into(),
                color: Color {
                    r: 0xee,
                    g: 0xee,
                    b: 0xee,
                },
                key: 'p',
            },
        ])
        .unwrap();
        assert_eq!(mine.merge(&theirs), vec!["PRODUCT".to_string()]);
        assert_eq!(mine.get("PERSON").map(|l| l.key), Some('p'), "mine kept");
        // 'p' is PERSON's, so PRODUCT takes the next free letter of its name: 'r'.
        assert_eq!(mine.get("PRODUCT").map(|l| l.key), Some('r'));
        assert!(LabelSchema::new(mine.labels().to_vec()).is_ok());
    }
}
