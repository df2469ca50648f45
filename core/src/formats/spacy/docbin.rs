//! spaCy's DocBin (`.spacy`), the file `spacy train` reads, as written by spaCy 3's
//! `DocBin.to_bytes` (`spacy/tokens/_serialize.py`).
//!
//! The file is zlib-compressed MessagePack: a map with `version` ("0.1"), `attrs` (the
//! attribute ids of the token columns, ORTH first), `tokens` (the raw bytes of a little-endian
//! `uint64` array of shape `(tokens, attrs)`, all documents one after another), `spaces` (one
//! byte per token: followed by a space), `lengths` (little-endian `int32` tokens per document),
//! `strings` (every string the ids stand for), `cats` and `flags` (a map per document) and
//! `span_groups` (per document, the MessagePack of its `doc.spans`: a map from each group's
//! bytes to its keys; a group is a map of `name`, `attrs` and `spans`, each span 40 bytes
//! packed big-endian as `>QQQllll`: id, kb_id, label, start and end token, start and end
//! char). Strings are ids (see [`super::hash`]).
//!
//! Postil writes the columns ORTH, ENT_IOB and ENT_TYPE and one span group; it reads any
//! DocBin, taking the text, the entities and every span group, and reports the rest.

use super::hash::{string_id, symbol_name};
use super::tokens::{tokens, Token};
use super::{article, blank_note, prepare, problems_at, DocOut, RawSpan, SPANS_KEY};
use crate::formats::{Corpus, Exported, FormatError, Imported, Problem};
use rmpv::Value;
use std::collections::{BTreeSet, HashMap};

const FORMAT: &str = "spaCy DocBin";

/// spaCy's attribute ids (`spacy/attrs.pxd`).
const ORTH: u64 = 65;
const NORM: u64 = 67;
const ENT_IOB: u64 = 77;
const ENT_TYPE: u64 = 78;
const SENT_START: u64 = 80;

/// `Token.iob_strings()`: 0 is "not annotated".
const IOB_I: u64 = 1;
const IOB_O: u64 = 2;
const IOB_B: u64 = 3;

/// The largest DocBin Postil unpacks (a zlib bomb must not take the tab down).
const MAX_UNPACKED: usize = 1 << 30;

/// MessagePack nesting a DocBin needs is 4; anything much deeper is not one.
const MAX_DEPTH: usize = 32;

/// The corpus as a DocBin that spaCy 3 loads with `DocBin().from_disk(path)`.
pub fn export_docbin(corpus: Corpus) -> Exported {
    let (docs, dropped) = prepare(corpus);
    let mut columns = Vec::new();
    let mut spaces = Vec::new();
    let mut lengths = Vec::new();
    let mut span_groups = Vec::new();
    let mut strings: BTreeSet<&str> = BTreeSet::new();
    for doc in &docs {
        let written = Written::new(doc);
        for (i, token) in written.tokens.iter().enumerate() {
            let text = written.text_of(token);
            strings.insert(text);
            for value in [string_id(text), written.iob[i], written.types[i]] {
                columns.extend_from_slice(&value.to_le_bytes());
            }
            spaces.push(u8::from(token.space));
        }
        strings.extend(doc.spans.iter().map(|s| s.2));
        lengths.extend_from_slice(&to_i32(written.tokens.len()).to_le_bytes());
        span_groups.push(Value::Binary(written.span_groups()));
    }
    let n = docs.len();
    let message = map(vec![
        ("version", "0.1".into()),
        (
            "attrs",
            Value::Array(vec![ORTH.into(), ENT_IOB.into(), ENT_TYPE.into()]),
        ),
        ("tokens", Value::Binary(columns)),
        ("spaces", Value::Binary(spaces)),
        ("lengths", Value::Binary(lengths)),
        (
            "strings",
            Value::Array(strings.into_iter().map(Value::from).collect()),
        ),
        ("cats", Value::Array(vec![Value::Map(Vec::new()); n])),
        (
            "flags",
            Value::Array(vec![map(vec![("has_unknown_spaces", false.into())]); n]),
        ),
        ("span_groups", Value::Array(span_groups)),
    ]);
    Exported {
        file_name: "corpus.spacy".to_string(),
        mime: "application/octet-stream",
        bytes: miniz_oxide::deflate::compress_to_vec_zlib(&pack(&message), 6),
        dropped,
    }
}

/// One document's tokens and entity columns.
struct Written<'a> {
    doc: &'a DocOut<'a>,
    tokens: Vec<Token>,
    /// The byte offset of every `char` offset of the text (and of its end).
    bytes: Vec<usize>,
    iob: Vec<u64>,
    types: Vec<u64>,
}

impl<'a> Written<'a> {
    fn new(doc: &'a DocOut<'a>) -> Self {
        let bounds: Vec<(u32, u32)> = doc.spans.iter().map(|s| (s.0, s.1)).collect();
        let tokens = tokens(doc.text, &bounds);
        let mut bytes: Vec<usize> = doc.text.char_indices().map(|(b, _)| b).collect();
        bytes.push(doc.text.len());
        let mut written = Written {
            doc,
            iob: vec![IOB_O; tokens.len()],
            types: vec![0; tokens.len()],
            tokens,
            bytes,
        };
        for &i in &doc.entities {
            let (first, end) = written.token_range(i);
            let label = string_id(doc.spans[i].2);
            for t in first..end {
                written.iob[t] = if t == first { IOB_B } else { IOB_I };
                written.types[t] = label;
            }
        }
        written
    }

    fn text_of(&self, token: &Token) -> &'a str {
        &self.doc.text[self.bytes[token.start as usize]..self.bytes[token.end as usize]]
    }

    /// The tokens `[first, end)` that span `i` covers.
    fn token_range(&self, i: usize) -> (usize, usize) {
        let (start, end, _) = self.doc.spans[i];
        let first = self.tokens.partition_point(|t| t.start < start);
        let last = self.tokens.partition_point(|t| t.end < end);
        debug_assert_eq!(self.tokens.get(first).map(|t| t.start), Some(start));
        debug_assert_eq!(self.tokens.get(last).map(|t| t.end), Some(end));
        (first, last + 1)
    }

    /// `doc.spans.to_bytes()`: one group, [`SPANS_KEY`], with every span.
    fn span_groups(&self) -> Vec<u8> {
        let spans = (0..self.doc.spans.len())
            .map(|i| {
                let (start, end, label) = self.doc.spans[i];
                let (first, last) = self.token_range(i);
                let mut packed = Vec::with_capacity(40);
                for id in [0, 0, string_id(label)] {
                    packed.extend_from_slice(&u64::to_be_bytes(id));
                }
                for n in [first, last, start as usize, end as usize] {
                    packed.extend_from_slice(&to_i32(n).to_be_bytes());
                }
                Value::Binary(packed)
            })
            .collect();
        let group = map(vec![
            ("name", SPANS_KEY.into()),
            ("attrs", Value::Map(Vec::new())),
            ("spans", Value::Array(spans)),
        ]);
        let keys = Value::Array(vec![SPANS_KEY.into()]);
        pack(&Value::Map(vec![(Value::Binary(pack(&group)), keys)]))
    }
}

fn to_i32(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn map(entries: Vec<(&str, Value)>) -> Value {
    Value::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect())
}

fn pack(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail: rmpv's only errors are the writer's.
    rmpv::encode::write_value(&mut out, value).expect("writing to a Vec never fails");
    out
}

fn unpack(bytes: &[u8]) -> Result<Value, String> {
    rmpv::decode::read_value_with_max_depth(&mut &bytes[..], MAX_DEPTH).map_err(|e| e.to_string())
}

/// Reads a DocBin. Every document is checked; any problem refuses the whole file.
pub fn import_docbin(file_name: &str, bytes: &[u8]) -> Result<Imported, FormatError> {
    let not_this = |reason: String| FormatError::NotThisFormat {
        format: FORMAT,
        reason,
    };
    let unpacked = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(bytes, MAX_UNPACKED)
        .map_err(|e| not_this(format!("it is not zlib-compressed data ({e})")))?;
    let message =
        unpack(&unpacked).map_err(|e| not_this(format!("it is not MessagePack ({e})")))?;
    let bin = Bin::read(&message).map_err(not_this)?;
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
    if !problems.is_empty() {
        return Err(FormatError::Problems {
            format: FORMAT,
            problems,
        });
    }
    if articles.is_empty() {
        return Err(not_this("it holds no text".into()));
    }
    let mut skipped = bin.skipped();
    skipped.extend(blank_note("doc", &blank));
    Ok(Imported { articles, skipped })
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
        if lengths.iter().sum::<usize>() != n_tokens || spaces.len() != n_tokens {
            return Err(format!(
                "its lengths, tokens and spaces do not agree ({} tokens by the lengths, {n_tokens} \
                 token rows, {} spaces)",
                lengths.iter().sum::<usize>(),
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
                super::plural(self.cats)
            ));
        }
        out
    }
}
