//! Reading a collection, a list of annotations or one annotation back into articles (see the
//! parent module for what is read and how).

use super::{decode, DOC, FORMAT};
use crate::article::{Article, Link};
use crate::formats::report::left_out;
use crate::formats::written::Written;
use crate::formats::{json_value, FormatError, Imported, Problem};
use crate::text::char_len;
use serde_json::{json, Value};
use std::collections::HashMap;

/// One document being read: its title and text, and the spans found for it so far.
struct Source {
    iri: String,
    title: Option<String>,
    text: String,
    spans: Vec<(u32, u32, String)>,
    notes: Vec<String>,
    relations: Vec<Link>,
}

/// What was left out, counted over the whole file.
#[derive(Default)]
struct Tally {
    untagged: usize,
    whole: usize,
    links: usize,
    /// Linking annotations whose targets are not two annotations of one text in the file.
    loose_relations: usize,
}

/// A linking annotation: the IRIs of the two annotations it links (in order), its types and
/// its note.
struct Linking {
    from: String,
    to: String,
    kinds: Vec<String>,
    note: String,
}

/// Reads a collection, an array of annotations or one annotation: every annotation valid, or
/// every problem with the annotation's number (counted from 1 in file order).
pub fn import(file_name: &str, bytes: &[u8]) -> Result<Imported, FormatError> {
    let value = json_value(FORMAT, bytes)?;
    let mut problems = Vec::new();
    let mut sources: Vec<Source> = Vec::new();
    let (annotations, documents): (Vec<&Value>, Vec<&Value>) = match &value {
        Value::Array(items) => (items.iter().collect(), Vec::new()),
        Value::Object(object) if has_type(&value, "AnnotationCollection") => {
            let mut items = Vec::new();
            let mut page = object.get("first");
            while let Some(next) = page {
                match next {
                    Value::Object(p) => {
                        items.extend(p.get("items").map(one_or_many).unwrap_or_default());
                        page = p.get("next");
                    }
                    _ => {
                        problems.push(Problem {
                            at: "the collection".to_string(),
                            what: "one of its pages is a link, not in this file".to_string(),
                        });
                        page = None;
                    }
                }
            }
            let documents = object
                .get("dcterms:references")
                .map(one_or_many)
                .unwrap_or_default();
            (items, documents)
        }
        Value::Object(_) if has_type(&value, "Annotation") => (vec![&value], Vec::new()),
        _ => {
            return Err(FormatError::not_this(
                FORMAT,
                "it is not an AnnotationCollection, an Annotation or a list of annotations"
                    .to_string(),
            ))
        }
    };
    for (k, document) in documents.iter().enumerate() {
        if let Err(what) = add_source(document, &mut sources) {
            problems.push(Problem {
                at: format!("document {}", k + 1),
                what,
            });
        }
    }
    // Problems by annotation number (0: the file and its documents), so that they are listed
    // in file order although texts are checked only once every annotation is read.
    let mut numbered: Vec<(usize, String)> = Vec::new();
    let mut tally = Tally::default();
    let mut raws = Vec::new();
    let mut linkings = Vec::new();
    for (k, annotation) in annotations.iter().enumerate() {
        let mut read = Read {
            sources: &mut sources,
            tally: &mut tally,
            raws: &mut raws,
            linkings: &mut linkings,
        };
        for what in read_annotation(k + 1, annotation, &mut read) {
            numbered.push((k + 1, what));
        }
    }
    let mut by_source: Vec<Vec<Raw>> = sources.iter().map(|_| Vec::new()).collect();
    for raw in raws {
        by_source[raw.source].push(raw);
    }
    // Where each annotation (by IRI) was placed: its text and span.
    let mut placed: HashMap<String, (usize, usize)> = HashMap::new();
    for (k, (source, raws)) in sources.iter_mut().zip(by_source).enumerate() {
        place_all(source, raws, &mut numbered, |iri, span| {
            placed.entry(iri).or_insert((k, span));
        });
    }
    for linking in linkings {
        match (placed.get(&linking.from), placed.get(&linking.to)) {
            (Some(&(a, from)), Some(&(b, to))) if a == b && from != to => {
                for kind in linking.kinds {
                    sources[a].relations.push(Link {
                        from,
                        to,
                        kind,
                        note: linking.note.clone(),
                    });
                }
            }
            _ => tally.loose_relations += 1,
        }
    }
    numbered.sort_by_key(|(at, _)| *at);
    problems.extend(numbered.into_iter().map(|(at, what)| Problem {
        at: format!("annotation {at}"),
        what,
    }));
    FormatError::refuse_if_any(FORMAT, problems)?;
    if sources.is_empty() {
        return Err(FormatError::not_this(
            FORMAT,
            "it holds no text".to_string(),
        ));
    }
    let articles = sources
        .into_iter()
        .enumerate()
        .map(|(k, source)| {
            let written = Written::new(&source.text);
            let mut notes = source.notes;
            while notes.last().is_some_and(String::is_empty) {
                notes.pop();
            }
            Article {
                suggested: None,
                attributes: Vec::new(),
                title: written.title(source.title.as_deref()),
                id_hint: Some(match source.iri.strip_prefix(DOC) {
                    Some(id) => decode(id),
                    None => source.iri.clone(),
                }),
                annotations: source.spans,
                source: format!("{file_name} document {}", k + 1),
                notes,
                text: written.into_text(),
                relations: source.relations,
            }
        })
        .collect();
    let mut skipped = Vec::new();
    let mut say = |n, one, many, why| left_out(&mut skipped, n, one, many, why);
    say(
        tally.untagged,
        "annotation without a tag",
        "annotations without a tag",
        "Postil labels spans; a comment alone has no place",
    );
    say(
        tally.whole,
        "target that is a whole resource",
        "targets that are whole resources",
        "Postil labels spans of text",
    );
    say(
        tally.links,
        "body that is a link",
        "bodies that are links",
        "Postil reads labels and notes given as text",
    );
    say(
        tally.loose_relations,
        "linking annotation",
        "linking annotations",
        "its targets are not two annotations of one text in this file",
    );
    Ok(Imported {
        articles,
        skipped,
        ..Imported::default()
    })
}

/// A value that may be one item or a list of them, as a list.
fn one_or_many(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        other => vec![other],
    }
}

fn has_type(value: &Value, kind: &str) -> bool {
    value
        .get("type")
        .map(one_or_many)
        .unwrap_or_default()
        .iter()
        .any(|t| t.as_str() == Some(kind))
}

/// Adds a document resource (`{"id", "schema:name"?, "schema:text"}`), unless one with its IRI
/// is there; returns its index.
fn add_source(resource: &Value, sources: &mut Vec<Source>) -> Result<usize, String> {
    let Some(iri) = resource.get("id").and_then(Value::as_str) else {
        return Err("it has no \"id\"".to_string());
    };
    if let Some(i) = sources.iter().position(|s| s.iri == iri) {
        return Ok(i);
    }
    let text = match resource.get("schema:text").and_then(Value::as_str) {
        Some(text) if !text.trim().is_empty() => text,
        Some(_) => return Err(format!("the text of “{iri}” is empty")),
        None => return Err(format!("“{iri}” has no \"schema:text\"")),
    };
    sources.push(Source {
        iri: iri.to_string(),
        title: resource
            .get("schema:name")
            .and_then(Value::as_str)
            .map(String::from),
        text: text.to_string(),
        spans: Vec::new(),
        notes: Vec::new(),
        relations: Vec::new(),
    });
    Ok(sources.len() - 1)
}

/// Where an annotation puts a label, before it is checked against the text.
struct Raw {
    /// The annotation's number, for problems.
    at: usize,
    /// The annotation's IRI, if it has one (a relation may name it).
    iri: Option<String>,
    source: usize,
    position: Position,
    label: String,
    note: String,
}

#[derive(Clone)]
enum Position {
    Offsets {
        start: u64,
        end: u64,
        quote: Option<String>,
    },
    Quote {
        exact: String,
        prefix: String,
        suffix: String,
    },
}

/// What reading the annotations gathers.
struct Read<'a> {
    sources: &'a mut Vec<Source>,
    tally: &'a mut Tally,
    raws: &'a mut Vec<Raw>,
    linkings: &'a mut Vec<Linking>,
}

/// Reads one annotation's tags and targets (not yet checked against the texts). One whose
/// targets are two IRIs (no selectors) links the annotations they name.
fn read_annotation(at: usize, annotation: &Value, read: &mut Read) -> Vec<String> {
    let (sources, tally, raws) = (&mut *read.sources, &mut *read.tally, &mut *read.raws);
    if !has_type(annotation, "Annotation") {
        return vec!["it is not an Annotation (no \"type\": \"Annotation\")".to_string()];
    }
    let motivation = annotation.get("motivation").and_then(Value::as_str);
    let mut labels = Vec::new();
    let mut notes = Vec::new();
    let mut bodies: Vec<Value> = annotation
        .get("body")
        .map(one_or_many)
        .unwrap_or_default()
        .into_iter()
        .cloned()
        .collect();
    if let Some(value) = annotation.get("bodyValue") {
        bodies.push(json!({"type": "TextualBody", "value": value}));
    }
    for body in &bodies {
        let Some(value) = body.get("value").and_then(Value::as_str) else {
            tally.links += 1;
            continue;
        };
        let purpose = body.get("purpose").and_then(Value::as_str).or(motivation);
        match purpose {
            Some("tagging") => labels.push(value.to_string()),
            Some("commenting") => notes.push(value.to_string()),
            _ => {}
        }
    }
    if labels.is_empty() {
        tally.untagged += 1;
        return Vec::new();
    }
    let note = notes.join("\n\n");
    let targets = annotation
        .get("target")
        .map(one_or_many)
        .unwrap_or_default();
    if let [Value::String(from), Value::String(to)] = targets.as_slice() {
        read.linkings.push(Linking {
            from: from.clone(),
            to: to.clone(),
            kinds: labels,
            note,
        });
        return Vec::new();
    }
    let iri = annotation
        .get("id")
        .and_then(Value::as_str)
        .map(String::from);
    let mut problems = Vec::new();
    for target in targets {
        let source = match target.get("source") {
            Some(Value::String(iri)) => sources
                .iter()
                .position(|s| s.iri == *iri)
                .ok_or_else(|| format!("the text of its target “{iri}” is not in this file")),
            Some(resource @ Value::Object(_)) => add_source(resource, sources),
            _ if target.is_string() => {
                tally.whole += 1;
                continue;
            }
            _ => Err("its target has no \"source\"".to_string()),
        };
        match source.and_then(|source| position(target).map(|p| (source, p))) {
            Ok((source, position)) => {
                for label in &labels {
                    raws.push(Raw {
                        at,
                        iri: iri.clone(),
                        source,
                        position: position.clone(),
                        label: label.clone(),
                        note: note.clone(),
                    });
                }
            }
            Err(what) => problems.push(what),
        }
    }
    problems
}

/// Where a target's selectors put it.
fn position(target: &Value) -> Result<Position, String> {
    let selectors = target.get("selector").map(one_or_many).unwrap_or_default();
    let find = |kind: &str| selectors.iter().copied().find(|s| has_type(s, kind));
    let text = |s: &Value, key: &str| s.get(key).and_then(Value::as_str).map(String::from);
    let quote = find("TextQuoteSelector");
    match (find("TextPositionSelector"), quote) {
        (Some(p), _) => match (
            p.get("start").and_then(Value::as_u64),
            p.get("end").and_then(Value::as_u64),
        ) {
            (Some(start), Some(end)) => Ok(Position::Offsets {
                start,
                end,
                quote: quote.and_then(|q| text(q, "exact")),
            }),
            _ => Err("its TextPositionSelector has no whole-number start and end".to_string()),
        },
        (None, Some(q)) => match text(q, "exact") {
            Some(exact) => Ok(Position::Quote {
                exact,
                prefix: text(q, "prefix").unwrap_or_default(),
                suffix: text(q, "suffix").unwrap_or_default(),
            }),
            None => Err("its TextQuoteSelector has no \"exact\"".to_string()),
        },
        (None, None) => {
            Err("its target has no TextPositionSelector or TextQuoteSelector".to_string())
        }
    }
}

/// Checks every label placed on one source against its text and adds the spans, telling
/// `found` the annotation IRI and span index of each.
fn place_all(
    source: &mut Source,
    raws: Vec<Raw>,
    problems: &mut Vec<(usize, String)>,
    mut found: impl FnMut(String, usize),
) {
    let written = Written::new(&source.text);
    let quotes = Occurrences::of(
        written.as_written(),
        raws.iter().filter_map(|raw| match &raw.position {
            Position::Quote { exact, .. } => Some(exact.as_str()),
            Position::Offsets { .. } => None,
        }),
    );
    for raw in &raws {
        let placed = match &raw.position {
            Position::Offsets { start, end, quote } => written
                .place(*start, *end, &raw.label, quote.as_deref())
                .map_err(|p| p.to_string()),
            Position::Quote {
                exact,
                prefix,
                suffix,
            } => locate(&written, &quotes, exact, prefix, suffix).and_then(|(start, end)| {
                written
                    .place(start, end, &raw.label, None)
                    .map_err(|p| p.to_string())
            }),
        };
        match placed {
            Ok((start, end)) => {
                if let Some(iri) = &raw.iri {
                    found(iri.clone(), source.spans.len());
                }
                source.spans.push((start, end, raw.label.clone()));
                source.notes.push(raw.note.clone());
            }
            Err(what) => problems.push((raw.at, what)),
        }
    }
}

/// Where a quote is: the one place whose text is `exact`, preceded by `prefix` and followed by
/// `suffix`.
fn locate(
    written: &Written,
    quotes: &Occurrences,
    exact: &str,
    prefix: &str,
    suffix: &str,
) -> Result<(u64, u64), String> {
    let text = written.as_written();
    if exact.is_empty() {
        return Err("its TextQuoteSelector's \"exact\" is empty".to_string());
    }
    let places: Vec<usize> = (quotes.get(exact).iter())
        .copied()
        .filter(|&byte| {
            text[..byte].ends_with(prefix) && text[byte + exact.len()..].starts_with(suffix)
        })
        .collect();
    match places.as_slice() {
        [byte] => {
            let start = u64::from(written.char_at_byte(*byte));
            Ok((start, start + u64::from(char_len(exact))))
        }
        [] => Err(format!("its quote “{exact}” (with its prefix and suffix) is not in the text")),
        many => Err(format!(
            "its quote “{exact}” fits {} places in the text, and its prefix and suffix do not tell which",
            many.len()
        )),
    }
}

/// Where each quote occurs in a text (byte offsets, overlapping occurrences included), found
/// for all quotes together: one pass over the text for each length of quote, with a rolling
/// hash, rather than one search of the whole text for each quote (20,000 quote selectors
/// took 17 s that way).
struct Occurrences<'q> {
    at: HashMap<&'q str, Vec<usize>>,
}

impl<'q> Occurrences<'q> {
    fn of(text: &str, quotes: impl Iterator<Item = &'q str>) -> Self {
        const BASE: u64 = 257;
        let hash = |bytes: &[u8]| {
            (bytes.iter()).fold(0u64, |h, &b| {
                h.wrapping_mul(BASE).wrapping_add(u64::from(b))
            })
        };
        let mut at: HashMap<&'q str, Vec<usize>> = HashMap::new();
        let mut by_length: HashMap<usize, HashMap<u64, Vec<&'q str>>> = HashMap::new();
        for quote in quotes.filter(|q| !q.is_empty() && q.len() <= text.len()) {
            if at.insert(quote, Vec::new()).is_none() {
                (by_length.entry(quote.len()).or_default())
                    .entry(hash(quote.as_bytes()))
                    .or_default()
                    .push(quote);
            }
        }
        let bytes = text.as_bytes();
        for (len, wanted) in by_length {
            // BASE^(len - 1), to take the byte leaving the window out of the hash.
            let top = (1..len).fold(1u64, |p, _| p.wrapping_mul(BASE));
            let mut h = hash(&bytes[..len]);
            for start in 0..=bytes.len() - len {
                if start > 0 {
                    h = h
                        .wrapping_sub(u64::from(bytes[start - 1]).wrapping_mul(top))
                        .wrapping_mul(BASE)
                        .wrapping_add(u64::from(bytes[start + len - 1]));
                }
                let Some(quotes) = wanted.get(&h) else {
                    continue;
                };
                for quote in quotes {
                    if text.is_char_boundary(start)
                        && &bytes[start..start + len] == quote.as_bytes()
                    {
                        at.entry(quote).or_default().push(start);
                    }
                }
            }
        }
        Occurrences { at }
    }

    fn get(&self, quote: &str) -> &[usize] {
        self.at.get(quote).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_are_every_match_of_every_quote() {
        let text = "aaa Köln köln 北京 aa";
        let quotes = [
            "aa",
            "Köln",
            "öln",
            "北京",
            "北京 aa!",
            "x",
            "aaa Köln köln 北京 aa",
        ];
        let found = Occurrences::of(text, quotes.iter().copied());
        for quote in quotes {
            // Every start where the quote fits, overlapping ones too.
            let walked: Vec<usize> = (0..text.len())
                .filter(|&i| text.is_char_boundary(i) && text[i..].starts_with(quote))
                .collect();
            assert_eq!(found.get(quote), walked, "{quote}");
        }
        assert_eq!(found.get("aa"), [0, 1, 23]);
        assert!(found.get("not asked").is_empty());
    }
}
