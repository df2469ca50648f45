//! Colours: labels' backgrounds, the text drawn on them, and how well it reads (WCAG 2
//! contrast). Every label colour must let [`TEXT_COLOR`] read at [`MIN_CONTRAST`] or better;
//! the [`PALETTE`] that new labels take from reads at 7:1 and stands out from both page themes.

use super::SchemaError;
use std::fmt;
use std::str::FromStr;

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
