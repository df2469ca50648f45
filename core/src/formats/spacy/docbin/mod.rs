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
//! DocBin ([`read`]), taking the text, the entities and every span group, and reports the rest.

mod read;
mod zlib;

pub use read::import_docbin;

use super::hash::string_id;
use super::tokens::{tokens, Token};
use super::{prepare, DocOut, SPANS_KEY};
use crate::corpus::Corpus;
use crate::formats::Exported;
use rmpv::Value;
use std::collections::BTreeSet;

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
const MAX_UNPACKED: usize = crate::limits::MAX_UNPACKED as usize;

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
        mime: "application/octet-stream",
        bytes: zlib::deflate(&pack(&message)),
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
