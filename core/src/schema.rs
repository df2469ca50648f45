//! The label schema: which labels exist, their colours and their one-key shortcuts.
//!
//! Invariants kept by [`LabelSchema::new`]: names are non-empty, unique and free of white
//! space; keys are single printable characters, unique ignoring case; colours are `#rrggbb`
//! backgrounds on which the annotation text ([`TEXT_COLOR`]) reads at WCAG AA contrast or better.

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
    #[error("key “{key}” is used by both “{first}” and “{second}”")]
    DuplicateKey {
        key: char,
        first: String,
        second: String,
    },
}

/// The labels a document can be annotated with, in display order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelSchema {
    labels: Vec<LabelDef>,
}

impl LabelSchema {
    /// Builds a schema, checking every invariant listed in the module docs.
    pub fn new(labels: Vec<LabelDef>) -> Result<Self, SchemaError> {
        for (i, label) in labels.iter().enumerate() {
            if label.name.is_empty() {
                return Err(SchemaError::EmptyName);
            }
            if label.name.chars().any(char::is_whitespace) {
                return Err(SchemaError::SpaceInName(label.name.clone()));
            }
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
            for earlier in &labels[..i] {
                if earlier.name == label.name {
                    return Err(SchemaError::DuplicateName(label.name.clone()));
                }
                if same_key(earlier.key, label.key) {
                    return Err(SchemaError::DuplicateKey {
                        key: label.key,
                        first: earlier.name.clone(),
                        second: label.name.clone(),
                    });
                }
            }
        }
        Ok(LabelSchema { labels })
    }

    /// The default named-entity schema.
    pub fn default_ner() -> Self {
        let label = |name: &str, rgb: u32, key: char| LabelDef {
            name: name.to_string(),
            color: Color {
                r: (rgb >> 16) as u8,
                g: (rgb >> 8) as u8,
                b: rgb as u8,
            },
            key,
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
        }
    }

    pub fn labels(&self) -> &[LabelDef] {
        &self.labels
    }

    pub fn get(&self, name: &str) -> Option<&LabelDef> {
        self.labels.iter().find(|l| l.name == name)
    }

    /// The label whose shortcut is `key`, ignoring case.
    pub fn by_key(&self, key: char) -> Option<&LabelDef> {
        self.labels.iter().find(|l| same_key(l.key, key))
    }

    /// Adds the labels of `other` that this schema lacks, keeping this schema's own colours and
    /// keys. An incoming label whose key is taken keeps a free key of its name's letters if one
    /// exists, or else the first free digit. Returns the names that were added.
    pub fn merge(&mut self, other: &LabelSchema) -> Vec<String> {
        let mut added = Vec::new();
        for label in &other.labels {
            if self.get(&label.name).is_some() {
                continue;
            }
            let taken = |k: char| self.labels.iter().any(|l| same_key(l.key, k));
            // Private-use characters come last: no keyboard types them, so such a label is
            // applied from the palette, but it is never dropped.
            let key = std::iter::once(label.key)
                .chain(
                    label
                        .name
                        .chars()
                        .filter(|c| c.is_alphanumeric())
                        .flat_map(char::to_lowercase),
                )
                .chain('1'..='9')
                .chain('\u{E000}'..='\u{F8FF}')
                .find(|k| is_valid_key(*k) && !taken(*k))
                .unwrap_or('\u{F8FF}');
            self.labels.push(LabelDef {
                name: label.name.clone(),
                color: label.color,
                key,
            });
            added.push(label.name.clone());
        }
        added
    }
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
            LabelSchema::new(schema.labels().to_vec()),
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
