//! Conversions between the three ways of counting text positions that meet in Postil:
//! Unicode scalar values (`char`s, Postil's unit everywhere), UTF-8 bytes (Rust `str` indices)
//! and UTF-16 code units (what the browser's DOM reports in selections).
//!
//! This is the one place where those units are converted; everything else speaks `char`s.

use crate::span::Span;

/// Number of Unicode scalar values in `s`, as a stored offset.
pub fn char_len(s: &str) -> u32 {
    to_u32(s.chars().count())
}

/// Clamps a `usize` count into the `u32` offsets Postil stores (texts beyond 4 G characters do
/// not fit in a browser anyway).
pub fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Length of `s` in UTF-16 code units: what JavaScript's `length` and `slice` count, and what
/// browsers count against localStorage's quota.
pub fn utf16_len(s: &str) -> u32 {
    if s.is_ascii() {
        to_u32(s.len())
    } else {
        to_u32(s.encode_utf16().count())
    }
}

/// Converts a UTF-16 code unit offset within `s` into a `char` offset. An offset that falls
/// between the two halves of a surrogate pair rounds down to the start of that character, and
/// one past the end clamps to the end.
pub fn utf16_to_char(s: &str, utf16: u32) -> u32 {
    let mut units = 0u32;
    let mut chars = 0u32;
    for c in s.chars() {
        let next = units + c.len_utf16() as u32;
        if next > utf16 {
            return chars;
        }
        units = next;
        chars += 1;
    }
    chars
}

/// Converts a `char` offset within `s` into UTF-16 code units (clamped to the end of `s`).
pub fn char_to_utf16(s: &str, chars: u32) -> u32 {
    s.chars()
        .take(chars as usize)
        .map(|c| c.len_utf16() as u32)
        .sum()
}

/// Maps `char` offsets of one text to byte offsets quickly, keeping a checkpoint every
/// [`CharMap::STRIDE`] characters so that long articles need little memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CharMap {
    checkpoints: Vec<u32>,
    len: u32,
    ascii: bool,
}

impl CharMap {
    const STRIDE: usize = 64;

    pub fn new(text: &str) -> Self {
        let ascii = text.is_ascii();
        let mut checkpoints = Vec::new();
        let mut len = 0usize;
        if ascii {
            len = text.len();
        } else {
            for (i, (byte, _)) in text.char_indices().enumerate() {
                if i % Self::STRIDE == 0 {
                    checkpoints.push(to_u32(byte));
                }
                len = i + 1;
            }
        }
        CharMap {
            checkpoints,
            len: to_u32(len),
            ascii,
        }
    }

    /// Length of the text in characters.
    pub fn len(&self) -> u32 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Byte offset of the character at `offset` (or `text.len()` for `offset == len`).
    pub fn byte_offset(&self, text: &str, offset: u32) -> Option<usize> {
        if offset > self.len {
            return None;
        }
        if self.ascii {
            return Some(offset as usize);
        }
        if offset == self.len {
            return Some(text.len());
        }
        let slot = offset as usize / Self::STRIDE;
        let from = *self.checkpoints.get(slot)? as usize;
        let skip = offset as usize % Self::STRIDE;
        text.get(from..)?
            .char_indices()
            .nth(skip)
            .map(|(b, _)| from + b)
    }

    /// The text a span covers, or `None` when the span runs past the end.
    pub fn slice<'t>(&self, text: &'t str, span: Span) -> Option<&'t str> {
        if span.start > span.end {
            return None;
        }
        let a = self.byte_offset(text, span.start)?;
        let b = self.byte_offset(text, span.end)?;
        text.get(a..b)
    }

    /// The `char` offset of a byte offset that lies on a character boundary.
    pub fn char_offset(&self, text: &str, byte: usize) -> u32 {
        if self.ascii {
            return to_u32(byte);
        }
        // Binary search the checkpoints, then count the rest.
        let slot = match self.checkpoints.binary_search(&to_u32(byte)) {
            Ok(i) => return to_u32(i * Self::STRIDE),
            Err(i) => i.saturating_sub(1),
        };
        let from = self.checkpoints.get(slot).copied().unwrap_or(0) as usize;
        let rest = text.get(from..byte).map_or(0, |s| s.chars().count());
        to_u32(slot * Self::STRIDE + rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_len_counts_code_units() {
        // (text, UTF-16 code units)
        let cases: &[(&str, u32)] = &[
            ("", 0),
            ("Lavrov", 6),
            ("\u{fc}", 1),
            ("\u{fc}\u{1F44D}", 3),
            ("cafe\u{301}", 5),
            ("北京", 2),
            ("\u{1F1F5}\u{1F1F0}", 4),
        ];
        for (text, units) in cases {
            assert_eq!(utf16_len(text), *units, "{text:?}");
            assert_eq!(utf16_len(text) as usize, text.encode_utf16().count());
        }
    }

    /// Texts whose characters take 1 to 4 UTF-8 bytes and 1 or 2 UTF-16 units, with combining
    /// marks (two chars, one glyph), ZWJ emoji sequences, flags and CRLF.
    const SAMPLES: &[&str] = &[
        "plain ascii",
        "Lavrov met Khan\r\nin Islamabad",
        "cafe\u{301} cr\u{e8}me",
        "北京和上海",
        "family 👨‍👩‍👧 and flag 🇵🇰 here",
        "עברית and العربية mixed",
        "",
    ];

    #[test]
    fn utf16_and_char_offsets_round_trip_on_every_boundary() {
        for s in SAMPLES {
            let mut utf16 = 0;
            for (i, c) in s.chars().enumerate() {
                assert_eq!(utf16_to_char(s, utf16), i as u32, "{s:?} at {utf16}");
                assert_eq!(char_to_utf16(s, i as u32), utf16, "{s:?} at char {i}");
                utf16 += c.len_utf16() as u32;
            }
            assert_eq!(utf16_to_char(s, utf16), char_len(s));
            assert_eq!(
                utf16_to_char(s, utf16 + 10),
                char_len(s),
                "clamps past the end"
            );
        }
    }

    #[test]
    fn utf16_offset_inside_a_surrogate_pair_rounds_down() {
        // "a🇵b": the flag half is two UTF-16 units, one char.
        let s = "a\u{1F1F5}b";
        let cases = [(0, 0), (1, 1), (2, 1), (3, 2), (4, 3)];
        for (utf16, want) in cases {
            assert_eq!(utf16_to_char(s, utf16), want, "utf16 {utf16}");
        }
    }

    #[test]
    fn char_map_slices_like_python() {
        // (text, start, end, expected slice) as Python's text[start:end] gives it.
        let cases = [
            ("hello world", 6, 11, "world"),
            ("Lavrov\r\nsaid", 6, 8, "\r\n"),
            ("cafe\u{301}!", 3, 5, "e\u{301}"),
            ("北京和上海", 2, 3, "和"),
            ("go 👨‍👩‍👧 go", 3, 8, "👨‍👩‍👧"),
            ("🇵🇰 Pakistan", 0, 2, "🇵🇰"),
            ("abc", 3, 3, ""),
        ];
        for (text, start, end, want) in cases {
            let map = CharMap::new(text);
            assert_eq!(map.slice(text, Span { start, end }), Some(want), "{text:?}");
        }
        let map = CharMap::new("abc");
        assert_eq!(map.slice("abc", Span { start: 2, end: 4 }), None);
    }

    #[test]
    fn char_map_agrees_with_char_indices_on_long_text() {
        let text: String = (0..1000)
            .map(|i| ["a", "é", "北", "👍", "\r\n"][i % 5])
            .collect();
        let map = CharMap::new(&text);
        assert_eq!(map.len(), char_len(&text));
        for (i, (byte, _)) in text.char_indices().enumerate() {
            assert_eq!(map.byte_offset(&text, i as u32), Some(byte));
            assert_eq!(map.char_offset(&text, byte), i as u32);
        }
        assert_eq!(map.byte_offset(&text, map.len()), Some(text.len()));
        assert_eq!(map.byte_offset(&text, map.len() + 1), None);
    }
}
