//! Reading any DocBin: its shape is checked first (a file that is not one is refused as a
//! whole), then each document: its text from the tokens' ORTH ids and spaces, its entities from
//! the ENT_IOB and ENT_TYPE columns, and the spans of every span group. Offsets are `char`s.

use super::{
    unpack, zlib, ENT_IOB, ENT_TYPE, FORMAT, IOB_B, IOB_I, IOB_O, MAX_UNPACKED, NORM, ORTH,
    SENT_START,
};
use crate::formats::spacy::hash::{string_id, symbol_name};
use crate::formats::spacy::{article, blank_note, problems_at, RawSpan};
use crate::formats::{FormatError, Imported, Problem};
use crate::prose::plural;
use rmpv::Value;
use std::collections::{BTreeSet, HashMap};

/// Reads a DocBin. Every document is checked; any problem refuses the whole file.
pub fn import_docbin(file_name: &str, bytes: &[u8]) -> Result<Imported, FormatError> {
    let unpacked = zlib::inflate(bytes, MAX_UNPACKED).map_err(|e| match e {
        zlib::InflateError::TooLarge => FormatError::TooLarge {
            format: FORMAT,
            reason: crate::limits::unpacked_too_large(),
        },
        e => FormatError::not_this(FORMAT, format!("it is not zlib-compressed data ({e})")),
    })?;
    let message = unpack(&unpacked)
        .map_err(|e| FormatError::not_this(FORMAT, format!("it is not MessagePack ({e})")))?;
    let bin = Bin::read(&message).map_err(|reason| FormatError::not_this(FORMAT, reason))?;
    let mut articles = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    let mut blank = Vec::new();
    for (i, rows) in bin.docs().enumerate() {
        let number = i + 1;
        let at = format!("doc {number}");
        let read = bin
            .doc(i, rows)
            .and_then(|(text, spans)| article(&text, spans, format!("{file_name} doc {number}")));
        match read {
            Ok(Some(article)) => articles.push(article),
            Ok(None) => blank.push(number),
            Err(whats) => problems.extend(problems_at(&at, whats)),
        }
    }
    FormatError::refuse_if_any(FORMAT, problems)?;
    if articles.is_empty() {
        return Err(FormatError::not_this(FORMAT, "it holds no text"));
    }
    let mut skipped = bin.skipped();
    skipped.extend(blank_note("doc", &blank));
    Ok(Imported {
        articles,
        skipped,
        ..Imported::default()
    })
}

/// A DocBin's message, checked for shape.
struct Bin<'m> {
    attrs: Vec<u64>,
    tokens: &'m [u8],
    spaces: &'m [u8],
    lengths: Vec<usize>,
    strings: HashMap<u64, &'m str>,
    span_groups: Vec<&'m [u8]>,
    unknown_spaces: Vec<bool>,
    cats: usize,
}

impl<'m> Bin<'m> {
    fn read(message: &'m Value) -> Result<Self, String> {
        let field = |key: &str| {
            message
                .as_map()
                .and_then(|m| m.iter().find(|(k, _)| k.as_str() == Some(key)))
                .map(|(_, v)| v)
        };
        let binary = |key: &str| {
            field(key)
                .and_then(Value::as_slice)
                .ok_or_else(|| format!("it has no “{key}” bytes"))
        };
        let attrs: Vec<u64> = field("attrs")
            .and_then(Value::as_array)
            .and_then(|a| a.iter().map(Value::as_u64).collect())
            .ok_or("it has no list of attribute ids")?;
        if attrs.first() != Some(&ORTH) {
            return Err("its first token column is not ORTH (the token text)".into());
        }
        let tokens = binary("tokens")?;
        let spaces = binary("spaces")?;
        let raw_lengths = binary("lengths")?;
        let row = 8 * attrs.len();
        if tokens.len() % row != 0 || raw_lengths.len() % 4 != 0 {
            return Err("its token or length bytes are cut short".into());
        }
        let lengths: Vec<usize> = raw_lengths
            .chunks_exact(4)
            .map(|c| usize::try_from(i32::from_le_bytes([c[0], c[1], c[2], c[3]])))
            .collect::<Result<_, _>>()
            .map_err(|_| "it has a negative document length")?;
        let n_tokens = tokens.len() / row;
        // Checked: lengths from a hostile file could wrap around a 32-bit usize.
        let by_lengths = lengths
            .iter()
            .try_fold(0usize, |sum, &n| sum.checked_add(n));
        if by_lengths != Some(n_tokens) || spaces.len() != n_tokens {
            return Err(format!(
                "its lengths, tokens and spaces do not agree ({} tokens by the lengths, {n_tokens} \
                 token rows, {} spaces)",
                by_lengths.map_or("too many".to_string(), |n| n.to_string()),
                spaces.len()
            ));
        }
        let strings = field("strings")
            .and_then(Value::as_array)
            .and_then(|a| a.iter().map(Value::as_str).collect::<Option<Vec<&str>>>())
            .ok_or("it has no list of strings")?
            .into_iter()
            .map(|s| (string_id(s), s))
            .collect();
        let per_doc = |key: &str| field(key).and_then(Value::as_array).map(Vec::as_slice);
        let span_groups = per_doc("span_groups")
            .unwrap_or_default()
            .iter()
            .map(|v| v.as_slice().unwrap_or_default())
            .collect();
        let unknown_spaces = per_doc("flags")
            .unwrap_or_default()
            .iter()
            .map(|flags| {
                flags.as_map().is_some_and(|m| {
                    m.iter().any(|(k, v)| {
                        k.as_str() == Some("has_unknown_spaces") && v.as_bool() == Some(true)
                    })
                })
            })
            .collect();
        let cats = per_doc("cats")
            .unwrap_or_default()
            .iter()
            .filter(|c| c.as_map().is_some_and(|m| !m.is_empty()))
            .count();
        Ok(Bin {
            attrs,
            tokens,
            spaces,
            lengths,
            strings,
            span_groups,
            unknown_spaces,
            cats,
        })
    }

    /// Each document's first and last token row, `[from, to)`.
    fn docs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.lengths.iter().scan(0, |at, &n| {
            let from = *at;
            *at += n;
            Some((from, *at))
        })
    }

    fn value(&self, row: usize, column: usize) -> u64 {
        let at = 8 * (row * self.attrs.len() + column);
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(&self.tokens[at..at + 8]);
        u64::from_le_bytes(bytes)
    }

    fn string(&self, id: u64) -> Option<&'m str> {
        match id {
            0 => Some(""),
            _ => self.strings.get(&id).copied().or_else(|| symbol_name(id)),
        }
    }

    /// Document `i`'s text and spans (its entities, then its span groups), or its problems.
    fn doc(
        &self,
        i: usize,
        (from, to): (usize, usize),
    ) -> Result<(String, Vec<RawSpan>), Vec<String>> {
        let mut problems = Vec::new();
        let all_spaces = self.unknown_spaces.get(i).copied().unwrap_or(false);
        let mut text = String::new();
        let mut starts = Vec::with_capacity(to - from);
        let mut ends = Vec::with_capacity(to - from);
        let mut chars = 0u64;
        for row in from..to {
            let id = self.value(row, 0);
            let word = self.string(id).unwrap_or_else(|| {
                problems.push(format!(
                    "token {}: its text (id {id}) is not among the file's strings",
                    row - from + 1
                ));
                ""
            });
            starts.push(chars);
            text.push_str(word);
            chars += word.chars().count() as u64;
            ends.push(chars);
            if all_spaces || self.spaces[row] != 0 {
                text.push(' ');
                chars += 1;
            }
        }
        let mut spans = Vec::new();
        let column = |attr| self.attrs.iter().position(|&a| a == attr);
        if let (Some(iob), Some(kind)) = (column(ENT_IOB), column(ENT_TYPE)) {
            let mut open: Option<(u64, u64, u64)> = None;
            for row in from..to {
                let k = row - from;
                let (tag, label) = (self.value(row, iob), self.value(row, kind));
                let continues = tag == IOB_I && open.is_some_and(|o| o.2 == label);
                if !continues {
                    spans.extend(open.take());
                }
                match tag {
                    IOB_B | IOB_I if label != 0 => {
                        let o = open.get_or_insert((starts[k], ends[k], label));
                        o.1 = ends[k];
                    }
                    0 | IOB_O | IOB_B | IOB_I => {}
                    _ => problems.push(format!(
                        "token {}: entity tag {tag} is not one of 0–3",
                        k + 1
                    )),
                }
            }
            spans.extend(open);
        }
        let mut named = Vec::new();
        for (s, e, label) in spans {
            match self.string(label) {
                Some(name) => named.push((s, e, name.to_string())),
                None => problems.push(format!(
                    "an entity's label (id {label}) is not among the file's strings"
                )),
            }
        }
        if let Some(groups) = self.span_groups.get(i) {
            match self.groups(groups) {
                Ok(found) => named.extend(found),
                Err(e) => problems.push(e),
            }
        }
        if problems.is_empty() {
            Ok((text, named))
        } else {
            Err(problems)
        }
    }

    /// The spans of every group in `doc.spans.to_bytes()` (any of its historical shapes).
    fn groups(&self, bytes: &[u8]) -> Result<Vec<RawSpan>, String> {
        if bytes.is_empty() {
            return Ok(Vec::new());
        }
        let bad = |why: &str| format!("its span groups cannot be read ({why})");
        let value = unpack(bytes).map_err(|e| bad(&e))?;
        let groups: Vec<&[u8]> = match &value {
            Value::Array(items) => items.iter().filter_map(Value::as_slice).collect(),
            Value::Map(entries) => entries.iter().filter_map(|(k, _)| k.as_slice()).collect(),
            _ => return Err(bad("not a list or map")),
        };
        let mut out = Vec::new();
        for group in groups {
            let group = unpack(group).map_err(|e| bad(&e))?;
            let name = group["name"].as_str().unwrap_or("?");
            let spans = group["spans"]
                .as_array()
                .ok_or_else(|| bad("a group without spans"))?;
            for span in spans {
                let packed = span
                    .as_slice()
                    .filter(|p| p.len() == 40)
                    .ok_or_else(|| bad("a span is not 40 bytes"))?;
                let word = |at: usize| {
                    let mut b = [0u8; 8];
                    b.copy_from_slice(&packed[at..at + 8]);
                    u64::from_be_bytes(b)
                };
                let int = |at: usize| {
                    i32::from_be_bytes([packed[at], packed[at + 1], packed[at + 2], packed[at + 3]])
                };
                let (start, end) = (int(32), int(36));
                let label = self.string(word(16)).ok_or_else(|| {
                    format!("a span of group “{name}” has a label (id {}) that is not among the file's strings", word(16))
                })?;
                let (Ok(start), Ok(end)) = (u64::try_from(start), u64::try_from(end)) else {
                    return Err(format!(
                        "a span of group “{name}” has a negative offset ({start}, {end})"
                    ));
                };
                out.push((start, end, label.to_string()));
            }
        }
        Ok(out)
    }

    /// What the file holds that Postil leaves out.
    fn skipped(&self) -> Vec<String> {
        let mut out = Vec::new();
        // spaCy fills NORM from the text and marks each doc's first token a sentence start even
        // in a blank pipeline: neither is an annotation anyone made.
        let firsts: BTreeSet<usize> = self.docs().map(|(from, _)| from).collect();
        let annotated = |column: usize, attr: u64| {
            (0..self.spaces.len()).any(|row| {
                self.value(row, column) != 0 && !(attr == SENT_START && firsts.contains(&row))
            })
        };
        let other: Vec<&str> = self
            .attrs
            .iter()
            .enumerate()
            .filter(|(_, a)| ![ORTH, NORM, ENT_IOB, ENT_TYPE].contains(a))
            .filter(|&(column, &attr)| annotated(column, attr))
            .map(|(_, &a)| symbol_name(a).unwrap_or("an unknown attribute"))
            .collect();
        if !other.is_empty() {
            out.push(format!(
                "the token attributes {} (Postil keeps only the text and the spans)",
                other.join(", ")
            ));
        }
        if self.cats > 0 {
            out.push(format!(
                "the categories (cats) of {} doc{}",
                self.cats,
                plural(self.cats)
            ));
        }
        out
    }
}
