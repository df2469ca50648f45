//! Where the bytes of a file become text: the one decision, made here for every importer (the
//! registry, the app's Postil and schema files, the command line).
//!
//! - UTF-8, with or without a byte order mark (the mark is dropped): read.
//! - UTF-16 (little or big endian) with a byte order mark, which is how Windows tools save
//!   "Unicode" text: read, converted to UTF-8.
//! - Anything else is refused with a sentence that says what the file seems to be: UTF-16
//!   without a mark, a binary file (it holds NUL bytes, which no text file Postil reads does),
//!   or bytes that are not UTF-8, with where the first one is. Such a file is most often
//!   Latin-1 or Windows-1252, but bytes alone cannot tell those from other 8-bit encodings
//!   (Windows-1251, ISO-8859-7, …), so Postil does not guess: a wrong guess would import wrong
//!   letters without a word, and the person can save the file as UTF-8 in seconds.
//!
//! Positions in the messages are byte offsets into the file (counted from 0) and line numbers
//! (from 1), which is what a person can find in an editor; no character offset arises here.

use std::borrow::Cow;
use thiserror::Error;

/// Why a file's bytes are not text Postil reads. Each is the end of a sentence that starts
/// "“file” was not imported: ".
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum NotText {
    #[error("it is a binary file, not text (it holds a NUL byte at byte {at})")]
    Binary { at: usize },
    #[error(
        "it looks like UTF-16 text without a byte order mark; save it as UTF-8 and import it again"
    )]
    Utf16WithoutMark,
    #[error(
        "it is UTF-16 text that is broken at byte {at} (a lone surrogate or a cut-off character)"
    )]
    BrokenUtf16 { at: usize },
    #[error("it is not UTF-8 text: byte {at} (line {line}, value 0x{byte:02X}) is not UTF-8. It may be Latin-1 or Windows-1252: save it as UTF-8 and import it again")]
    NotUtf8 { at: usize, line: usize, byte: u8 },
    #[error("it is not UTF-8 text: it breaks off in the middle of a character at its end (is it cut short?)")]
    CutCharacter,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const UTF16LE_BOM: &[u8] = b"\xFF\xFE";
const UTF16BE_BOM: &[u8] = b"\xFE\xFF";

/// The text of a file's bytes, or why they are not text (see the module documentation).
/// Borrows when the bytes are UTF-8 already.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, NotText> {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return utf8(rest).map(Cow::Borrowed);
    }
    if let Some(rest) = bytes.strip_prefix(UTF16LE_BOM) {
        return utf16(rest, u16::from_le_bytes).map(Cow::Owned);
    }
    if let Some(rest) = bytes.strip_prefix(UTF16BE_BOM) {
        return utf16(rest, u16::from_be_bytes).map(Cow::Owned);
    }
    utf8(bytes).map(Cow::Borrowed)
}

/// The bytes as UTF-8 without a byte order mark when [`decode`] reads them, else unchanged:
/// for looking at a file's content (telling formats apart) before deciding what it is.
pub fn as_utf8_bytes(bytes: &[u8]) -> Cow<'_, [u8]> {
    match decode(bytes) {
        Ok(Cow::Borrowed(s)) => Cow::Borrowed(s.as_bytes()),
        Ok(Cow::Owned(s)) => Cow::Owned(s.into_bytes()),
        Err(_) => Cow::Borrowed(bytes),
    }
}

fn utf8(bytes: &[u8]) -> Result<&str, NotText> {
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(if looks_like_utf16(bytes) {
            NotText::Utf16WithoutMark
        } else {
            NotText::Binary { at }
        });
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        if e.error_len().is_none() {
            return NotText::CutCharacter;
        }
        NotText::NotUtf8 {
            at,
            line: 1 + bytes[..at].iter().filter(|&&b| b == b'\n').count(),
            byte: bytes[at],
        }
    })
}

/// Text in UTF-16 without a mark has a NUL in every other byte wherever it is ASCII: most of
/// the even bytes (big endian) or of the odd ones (little endian), and few of the others.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let pairs = head.len() / 2;
    if pairs < 2 {
        return false;
    }
    let nul_at = |parity: usize| {
        head.chunks_exact(2)
            .filter(|pair| pair[parity] == 0)
            .count()
    };
    let (even, odd) = (nul_at(0), nul_at(1));
    let most = |n: usize| n * 10 >= pairs * 9;
    let few = |n: usize| n * 10 <= pairs;
    (most(even) && few(odd)) || (most(odd) && few(even))
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, NotText> {
    let pairs = bytes.chunks_exact(2);
    if !pairs.remainder().is_empty() {
        return Err(NotText::BrokenUtf16 {
            at: bytes.len() + 1,
        });
    }
    let units = pairs.map(|p| unit([p[0], p[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    // A NUL is no more text in UTF-16 than in UTF-8 (see `utf8`).
    // Counted in code units from the start of the file, past its 2-byte mark.
    let mut at = 2;
    for c in char::decode_utf16(units) {
        match c {
            Ok('\0') => return Err(NotText::Binary { at }),
            Ok(c) => {
                text.push(c);
                at += 2 * c.len_utf16();
            }
            Err(_) => return Err(NotText::BrokenUtf16 { at }),
        }
    }
    Ok(text)
}
