//! spaCy's training JSON: a list of `[text, annotations]` pairs, as `Example.from_dict` takes
//! them: `[["text", {"entities": [[start, end, "LABEL"], …], "spans": {"postil": […]}}], …]`.
//!
//! Offsets are `char`s, half-open. `entities` holds the spans that can be spaCy entities (no
//! two overlap); `spans["postil"]` holds all of them (see the parent module). On import every
//! list under `spans` is read, whatever its key; a span may carry a fourth item (a knowledge
//! base id), which is ignored. Other keys (`cats`, `links`, …) are left out and reported.
//! Entities given as BILUO tags (`["B-PER", "L-PER", "O"]`) refer to a tokenisation the file
//! does not hold, so they are a problem of their record. spaCy 2's format (documents with
//! `paragraphs` of tokenised sentences) is told apart by its first item and read by `v2`.

use super::{article, blank_note, prepare, problems_at, RawSpan, SPANS_KEY};
use crate::corpus::Corpus;
use crate::formats::{text, Exported, FormatError, Imported, Problem};
use crate::prose::plural;
use serde_json::{json, Value};
use std::collections::BTreeMap;

const FORMAT: &str = "spaCy training JSON";

/// The corpus as spaCy training JSON, one document per line.
pub fn export_json(corpus: Corpus) -> Exported {
    let (docs, dropped) = prepare(corpus);
    let records: Vec<String> = docs
        .iter()
        .map(|doc| {
            let triple = |&(start, end, label): &(u32, u32, &str)| json!([start, end, label]);
            let entities: Vec<Value> = doc
                .entities
                .iter()
                .map(|&i| triple(&doc.spans[i]))
                .collect();
            let all: Vec<Value> = doc.spans.iter().map(triple).collect();
            let record = json!([doc.text, {"entities": entities, "spans": {SPANS_KEY: all}}]);
            format!("  {record}")
        })
        .collect();
    let body = if records.is_empty() {
        "[]\n".to_string()
    } else {
        format!("[\n{}\n]\n", records.join(",\n"))
    };
    Exported {
        mime: "application/json",
        bytes: body.into_bytes(),
        dropped,
    }
}

/// Whether `bytes` look like spaCy training JSON: a JSON list whose first item is a list that
/// starts with a string, with an `"entities"` or `"spans"` key somewhere; or spaCy 2's format,
/// a list whose first item is an object with `"paragraphs"`. Reads no further than it must; a
/// yes is confirmed by [`import_json`].
pub fn looks_like_json(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut rest = bytes.iter().copied().filter(|b| !b.is_ascii_whitespace());
    let (first, second) = (rest.next(), rest.next());
    if (first, second) == (Some(b'['), Some(b'{')) {
        #[derive(serde::Deserialize)]
        struct Document {
            #[serde(rename = "paragraphs")]
            _paragraphs: serde::de::IgnoredAny,
        }
        return crate::formats::sniff::first_in_array::<Document>(bytes).is_some();
    }
    let opens = (first, second, rest.next()) == (Some(b'['), Some(b'['), Some(b'"'));
    opens && (contains(bytes, b"\"entities\"") || contains(bytes, b"\"spans\""))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Reads spaCy training JSON. Every record is checked; any problem refuses the whole file.
pub fn import_json(file_name: &str, bytes: &[u8]) -> Result<Imported, FormatError> {
    let value: Value = serde_json::from_str(&text(bytes)?)
        .map_err(|e| FormatError::not_this(FORMAT, format!("it is not JSON ({e})")))?;
    let Value::Array(records) = value else {
        return Err(FormatError::not_this(
            FORMAT,
            "it is not a JSON list of [text, annotations] pairs",
        ));
    };
    if super::v2::is_v2(&records) {
        return super::v2::import(file_name, &records);
    }
    let mut articles = Vec::new();
    let mut problems: Vec<Problem> = Vec::new();
    let mut blank = Vec::new();
    // Keys left out, with the records that had them.
    let mut other_keys: BTreeMap<String, usize> = BTreeMap::new();
    for (i, record) in records.iter().enumerate() {
        let number = i + 1;
        let at = format!("record {number}");
        let (text, spans) = match record_parts(record, &mut other_keys) {
            Ok(parts) => parts,
            Err(whats) => {
                problems.extend(problems_at(&at, whats));
                continue;
            }
        };
        match article(text, spans, format!("{file_name} record {number}")) {
            Ok(Some(article)) => articles.push(article),
            Ok(None) => blank.push(number),
            Err(whats) => problems.extend(problems_at(&at, whats)),
        }
    }
    if articles.is_empty() && problems.is_empty() {
        return Err(FormatError::not_this(FORMAT, "it holds no text"));
    }
    let mut skipped: Vec<String> = other_keys
        .into_iter()
        .map(|(key, n)| {
            format!(
                "“{key}” of {n} record{} (Postil has no place for it)",
                plural(n)
            )
        })
        .collect();
    skipped.extend(blank_note("record", &blank));
    let imported = Imported {
        articles,
        skipped,
        ..Imported::default()
    };
    FormatError::refuse_or_offer(FORMAT, problems, imported)
}

/// A record's text and spans (entities and every span group), or what is wrong with its shape.
type Parts<'a> = (&'a str, Vec<RawSpan>);

fn record_parts<'a>(
    record: &'a Value,
    other_keys: &mut BTreeMap<String, usize>,
) -> Result<Parts<'a>, Vec<String>> {
    let shape = || vec!["it is not a [text, {\"entities\": […]}] pair".to_string()];
    let [text, annotations] = record.as_array().map(Vec::as_slice).ok_or_else(shape)? else {
        return Err(shape());
    };
    let text = text
        .as_str()
        .ok_or_else(|| vec!["the text is not a string".to_string()])?;
    let annotations = annotations
        .as_object()
        .ok_or_else(|| vec!["the annotations are not a JSON object".to_string()])?;
    let mut problems = Vec::new();
    let mut spans = Vec::new();
    for (key, value) in annotations {
        match key.as_str() {
            "entities" => read_list(value, "\"entities\"", &mut spans, &mut problems),
            "spans" => match value.as_object() {
                Some(groups) => {
                    for (name, list) in groups {
                        let what = format!("\"spans\" “{name}”");
                        read_list(list, &what, &mut spans, &mut problems);
                    }
                }
                None => problems.push("\"spans\" is not an object of span lists".to_string()),
            },
            other => *other_keys.entry(other.to_string()).or_default() += 1,
        }
    }
    if problems.is_empty() {
        Ok((text, spans))
    } else {
        Err(problems)
    }
}

/// Reads `[[start, end, "LABEL"(, kb_id)], …]` into `spans`.
fn read_list(value: &Value, what: &str, spans: &mut Vec<RawSpan>, problems: &mut Vec<String>) {
    let Some(list) = value.as_array() else {
        problems.push(format!("{what} is not a list"));
        return;
    };
    if list.iter().any(Value::is_string) {
        problems.push(format!(
            "{what} are BILUO tags, which need spaCy's tokens; Postil reads [start, end, \"LABEL\"] \
             offsets"
        ));
        return;
    }
    for (i, item) in list.iter().enumerate() {
        let parts = item.as_array().map(Vec::as_slice);
        match parts {
            Some([start, end, label, ..]) if parts.is_some_and(|p| p.len() <= 4) => {
                match (start.as_u64(), end.as_u64(), label.as_str()) {
                    (Some(s), Some(e), Some(l)) => spans.push((s, e, l.to_string())),
                    _ => problems.push(shape_problem(what, i)),
                }
            }
            _ => problems.push(shape_problem(what, i)),
        }
    }
}

fn shape_problem(what: &str, i: usize) -> String {
    format!(
        "item {} of {what} is not [start, end, \"LABEL\"] with whole-number offsets",
        i + 1
    )
}
