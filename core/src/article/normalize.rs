//! Normalising imported text, with a map from offsets in the text as written to offsets in the
//! normalised text; and recognising texts that are already here.
//!
//! Offsets are Unicode scalar values (`char`s, Python `str` indices); spans are half-open
//! `[start, end)`. Normalising means two things: line breaks become `\n` (`\r\n` and a lone `\r`
//! both), and the text is put in Unicode Normalization Form C, so that "é" typed as `e` + U+0301
//! and "é" typed as U+00E9 are the same text, one character long.
//!
//! The text is cut into *segments* at every point where normalisation cannot reach across: before
//! each character that is a starter (canonical combining class 0) and that nothing composes with
//! (NFC quick check "yes"), except between `\r` and `\n`. Each segment is normalised on its own,
//! which gives the same result as normalising the whole text. A segment that normalisation
//! changes is a *changed sequence*: offsets at its ends map exactly, offsets inside it map to
//! nothing, because the characters they fall between are gone.
//!
//! NFC itself is computed here from `unicode-normalization`'s per-character functions (see
//! [`push_nfc`]), not with its `nfc()` iterator: that iterator's decomposer can also decompose
//! for compatibility (NFKD), so it links the compatibility tables, which NFC never reads: 65 KB
//! of the release wasm (31 KB gzipped).

use crate::text::to_u32;
use std::collections::HashSet;
use unicode_normalization::char::{canonical_combining_class, compose, decompose_canonical};
use unicode_normalization::{is_nfc_quick, IsNormalized};

/// A normalised text and the way back to the text it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    pub map: OffsetMap,
}

/// Maps `char` offsets in a text as written to offsets in its normalised form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OffsetMap {
    /// The changed sequences, in order: where each was (`old`) and what it became (`new`).
    changes: Vec<Change>,
    old_len: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Change {
    old: (u32, u32),
    new: (u32, u32),
}

impl OffsetMap {
    /// Where `old` (an offset in the text as written) is in the normalised text, or `None` when
    /// it falls inside a changed sequence or past the end.
    pub fn map(&self, old: u32) -> Option<u32> {
        if old > self.old_len {
            return None;
        }
        let before = self.changes.partition_point(|c| c.old.1 <= old);
        if self
            .changes
            .get(before)
            .is_some_and(|c| c.old.0 < old && old < c.old.1)
        {
            return None;
        }
        // Past the last change before `old`, the two texts run side by side again.
        let (old_end, new_end) = before
            .checked_sub(1)
            .and_then(|i| self.changes.get(i))
            .map_or((0, 0), |c| (c.old.1, c.new.1));
        Some(new_end + (old - old_end))
    }

    /// The changed sequence (as offsets in the text as written) that `old` falls inside, if any.
    pub fn changed_around(&self, old: u32) -> Option<(u32, u32)> {
        let i = self.changes.partition_point(|c| c.old.1 <= old);
        self.changes
            .get(i)
            .filter(|c| c.old.0 < old && old < c.old.1)
            .map(|c| c.old)
    }

    /// Whether normalising changed nothing.
    pub fn is_identity(&self) -> bool {
        self.changes.is_empty()
    }
}

/// Normalises line breaks to `\n` and the text to NFC, keeping a map of offsets.
pub fn normalize(text: &str) -> Normalized {
    let mut b = Builder {
        out: String::with_capacity(text.len()),
        changes: Vec::new(),
        old_pos: 0,
        new_pos: 0,
        segment: String::new(),
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut previous = None;
    while i < bytes.len() {
        // A run of ASCII without `\r` (after anything but a `\r`): each of its characters but
        // the last is a whole segment that stays as it is (only the last may be joined by a
        // combining mark after it), so the run is taken over at once. A 50 MB text took 8 s
        // a pass one character at a time.
        if previous != Some('\r') {
            let run = (bytes[i..].iter())
                .take_while(|&&b| b.is_ascii() && b != b'\r')
                .count();
            if run > 1 {
                b.flush();
                b.push_plain(&text[i..i + run - 1]);
                i += run - 1;
            }
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let crlf = previous == Some('\r') && c == '\n';
        if !crlf && starts_segment(c) {
            b.flush();
        }
        b.segment.push(c);
        previous = Some(c);
        i += c.len_utf8();
    }
    b.flush();
    Normalized {
        text: b.out,
        map: OffsetMap {
            changes: b.changes,
            old_len: b.old_pos,
        },
    }
}

/// The normalised text as it is built, segment by segment.
struct Builder {
    out: String,
    changes: Vec<Change>,
    old_pos: u32,
    new_pos: u32,
    /// A starter and the characters that may join it, not yet normalised.
    segment: String,
}

impl Builder {
    /// Appends text that normalising leaves as it is.
    fn push_plain(&mut self, plain: &str) {
        let len = to_u32(if plain.is_ascii() {
            plain.len()
        } else {
            plain.chars().count()
        });
        self.out.push_str(plain);
        self.old_pos += len;
        self.new_pos += len;
    }

    /// Normalises the segment and appends it.
    fn flush(&mut self) {
        let segment = std::mem::take(&mut self.segment);
        if segment.is_empty() {
            return;
        }
        // Most segments are already NFC: kept as they are, without the allocations of
        // `normalize_segment`. A quick-check "yes" is definitive: the segment on its own is
        // in NFC. (A byte compared, not `starts_with('\r')`, which calls `memcmp`.)
        if segment.as_bytes().first() != Some(&b'\r')
            && (segment.is_ascii() || is_nfc_quick(segment.chars()) == IsNormalized::Yes)
        {
            self.push_plain(&segment);
        } else {
            let old_len = to_u32(segment.chars().count());
            let normal = normalize_segment(&segment);
            let new_len = to_u32(normal.chars().count());
            if normal != segment {
                self.changes.push(Change {
                    old: (self.old_pos, self.old_pos + old_len),
                    new: (self.new_pos, self.new_pos + new_len),
                });
            }
            self.out.push_str(&normal);
            self.old_pos += old_len;
            self.new_pos += new_len;
        }
        // The segment's buffer is kept for the next one.
        self.segment = segment;
        self.segment.clear();
    }
}

/// Whether normalisation can never reach back across the point before `c`.
fn starts_segment(c: char) -> bool {
    c.is_ascii()
        || (canonical_combining_class(c) == 0
            && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes)
}

fn normalize_segment(segment: &str) -> String {
    // A segment holds at most one line break, at its start (line breaks start segments).
    let (mut out, rest) = match segment
        .strip_prefix("\r\n")
        .or_else(|| segment.strip_prefix('\r'))
    {
        Some(rest) => (String::from("\n"), rest),
        None => (String::new(), segment),
    };
    push_nfc(rest, &mut out);
    out
}

/// Appends the NFC form of `text` to `out`, by the three steps of UAX #15: full canonical
/// decomposition, canonical ordering, canonical composition. The Unicode data (decompositions,
/// combining classes, which pairs compose) all comes from `unicode-normalization`.
fn push_nfc(text: &str, out: &mut String) {
    // ASCII neither decomposes nor composes: most segments of most texts end here.
    if text.is_ascii() {
        out.push_str(text);
        return;
    }
    let mut chars: Vec<(u8, char)> = Vec::with_capacity(text.len());
    for c in text.chars() {
        decompose_canonical(c, |d| chars.push((canonical_combining_class(d), d)));
    }
    // Canonical ordering: each run of non-starters sorted by combining class; the sort is
    // stable, so marks of the same class keep their order.
    for run in chars.split_mut(|&(class, _)| class == 0) {
        run.sort_by_key(|&(class, _)| class);
    }
    // Canonical composition: a character joins the last starter unless a character between
    // them blocks it (is a starter, or has a class at least its own).
    let mut composed: Vec<char> = Vec::with_capacity(chars.len());
    let mut starter: Option<usize> = None;
    // The class of the last character kept since the starter; `None` right after it.
    let mut last_class: Option<u8> = None;
    for (class, c) in chars {
        if let Some(at) = starter {
            let blocked = last_class.is_some_and(|last| last >= class);
            if !blocked {
                if let Some(joined) = compose(composed[at], c) {
                    composed[at] = joined;
                    continue;
                }
            }
        }
        if class == 0 {
            starter = Some(composed.len());
            last_class = None;
        } else {
            last_class = Some(class);
        }
        composed.push(c);
    }
    out.extend(composed);
}

/// A fingerprint of a text as Postil compares texts: without leading and trailing whitespace,
/// with each line break (`\r\n`, a lone `\r`) as `\n`. It is FNV-1a over those UTF-8 bytes, so
/// it is the same on every machine and in every version, and may be stored.
///
/// Characters are compared as they are: every text Postil takes in was put in NFC where it
/// was read ([`normalize`], in the worker for files and pasted text), so NFC is not applied
/// again here, and the app's wasm needs no normalisation tables. A document from a Postil
/// file keeps its text as the file has it (its offsets count on it): one that is not in NFC
/// is told apart from the same text in NFC.
pub fn text_fingerprint(text: &str) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    let mut eat = |byte: u8| hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    let mut bytes = text.trim().bytes().peekable();
    while let Some(byte) = bytes.next() {
        if byte == b'\r' {
            bytes.next_if_eq(&b'\n');
            eat(b'\n');
        } else {
            eat(byte);
        }
    }
    hash
}

/// Whether a text was seen before, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seen {
    New,
    /// The same text is already among the existing documents.
    AlreadyHere,
    /// The same text came earlier in this import.
    EarlierInImport,
}

/// Recognises texts that are already here or came earlier in the same import. Two texts are
/// the same when they are equal once trimmed of whitespace at both ends, with line breaks as
/// `\n` (see [`text_fingerprint`]: texts come in normalised). Only
/// fingerprints are kept; two different texts share one with odds of about one in 2^64 per pair.
#[derive(Clone, Debug, Default)]
pub struct Deduper {
    existing: HashSet<u64>,
    imported: HashSet<u64>,
}

impl Deduper {
    /// A deduper that knows the texts of the documents already here.
    pub fn new<'a>(existing: impl IntoIterator<Item = &'a str>) -> Self {
        Deduper {
            existing: existing.into_iter().map(text_fingerprint).collect(),
            imported: HashSet::new(),
        }
    }

    /// Says whether `text` was seen, and remembers it for the rest of the import.
    pub fn check(&mut self, text: &str) -> Seen {
        let print = text_fingerprint(text);
        if self.existing.contains(&print) {
            Seen::AlreadyHere
        } else if !self.imported.insert(print) {
            Seen::EarlierInImport
        } else {
            Seen::New
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_table() {
        // (as written, normalised, offsets 0..=len mapped)
        let cases: &[(&str, &str, &[Option<u32>])] = &[
            ("ab", "ab", &[Some(0), Some(1), Some(2)]),
            (
                "a\r\nb",
                "a\nb",
                &[Some(0), Some(1), None, Some(2), Some(3)],
            ),
            ("a\rb", "a\nb", &[Some(0), Some(1), Some(2), Some(3)]),
            ("\r\r\n", "\n\n", &[Some(0), Some(1), None, Some(2)]),
            ("e\u{301}x", "\u{e9}x", &[Some(0), None, Some(1), Some(2)]),
            ("\u{e9}x", "\u{e9}x", &[Some(0), Some(1), Some(2)]),
            // Two combining marks out of canonical order are reordered: one changed sequence.
            (
                "x\u{301}\u{323}",
                "x\u{323}\u{301}",
                &[Some(0), None, None, Some(3)],
            ),
            // Hangul jamo compose into a syllable.
            (
                "\u{1100}\u{1161}!",
                "\u{ac00}!",
                &[Some(0), None, Some(1), Some(2)],
            ),
            ("北京", "北京", &[Some(0), Some(1), Some(2)]),
            ("🇵🇰", "🇵🇰", &[Some(0), Some(1), Some(2)]),
            ("", "", &[Some(0)]),
        ];
        for (written, want, offsets) in cases {
            let n = normalize(written);
            assert_eq!(n.text, *want, "{written:?}");
            let got: Vec<_> = (0..offsets.len() as u32).map(|o| n.map.map(o)).collect();
            assert_eq!(got, *offsets, "{written:?}");
            assert_eq!(n.map.map(offsets.len() as u32), None, "past the end");
        }
    }

    /// `push_nfc` against the crate's own `nfc()`: every character alone, and every character
    /// before marks that reorder (U+0323 has a lower class than U+0301) and compose.
    #[test]
    fn push_nfc_agrees_with_the_crate_on_every_character() {
        use unicode_normalization::UnicodeNormalization;
        let mut ours = String::new();
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            for text in [c.to_string(), format!("{c}\u{301}\u{323}")] {
                ours.clear();
                push_nfc(&text, &mut ours);
                assert!(ours.chars().eq(text.nfc()), "{text:?}");
            }
        }
    }

    #[test]
    fn changed_around_names_the_sequence() {
        let n = normalize("ab\r\ncafe\u{301}!");
        assert_eq!(n.map.changed_around(3), Some((2, 4)));
        assert_eq!(n.map.changed_around(8), Some((7, 9)));
        assert_eq!(n.map.changed_around(7), None);
        assert!(!n.map.is_identity());
        assert!(normalize("plain").map.is_identity());
    }

    #[test]
    fn fingerprint_ignores_line_breaks_and_outer_whitespace_only() {
        let base = text_fingerprint("Caf\u{e9} talks\n\nEnd.");
        let same = [
            "  Caf\u{e9} talks\r\n\r\nEnd.\n",
            "Caf\u{e9} talks\r\rEnd.",
            "Caf\u{e9} talks\n\r\nEnd.",
        ];
        for text in same {
            assert_eq!(text_fingerprint(text), base, "{text:?}");
        }
        let other = [
            "Cafe talks\n\nEnd.",
            "Caf\u{e9}  talks\n\nEnd.",
            "Caf\u{e9} talks\n\n\nEnd.",
        ];
        for text in other {
            assert_ne!(text_fingerprint(text), base, "{text:?}");
        }
        // Forms are told apart: texts are compared once normalised where they are read.
        let decomposed = "Cafe\u{301} talks\n\nEnd.";
        assert_ne!(text_fingerprint(decomposed), base);
        assert_eq!(text_fingerprint(&normalize(decomposed).text), base);
    }

    proptest::proptest! {
        /// Runs of letters, marks of several classes, Hangul jamo and syllables, singletons and
        /// CJK compatibility ideographs, against the crate's own `nfc()`.
        #[test]
        fn push_nfc_agrees_with_the_crate(text in "[a-eA\u{e0}-\u{ff}\u{300}-\u{36f}\u{591}-\u{5c7}\u{1100}-\u{1175}\u{11a7}-\u{11c3}\u{ac00}-\u{ac1f}\u{1e00}-\u{1eff}\u{2126}\u{212b}\u{0958}-\u{095f}\u{f900}-\u{f90f}\u{1d15e}-\u{1d164}\u{0f71}-\u{0f81}]{0,12}") {
            use unicode_normalization::UnicodeNormalization;
            let mut ours = String::new();
            push_nfc(&text, &mut ours);
            proptest::prop_assert_eq!(ours, text.nfc().collect::<String>());
        }
    }
}
