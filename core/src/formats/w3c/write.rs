//! Writing the collection: every document as a `dcterms:references` resource, every annotation
//! with a quote and a position selector, every relation as a linking annotation of two (see the
//! parent module).

use super::{encode, CONTEXT, CONTEXT_CHARS, DOC, FORMAT};
use crate::corpus::Corpus;
use crate::document::Document;
use crate::formats::report::losses;
use crate::formats::Exported;
use crate::prose::count;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// The collection, pretty-printed.
pub fn export(corpus: Corpus) -> Exported {
    let mut items = Vec::new();
    let mut documents = Vec::new();
    let mut print: u64 = 0xcbf2_9ce4_8422_2325;
    let mut spans = 0;
    for (document, set) in corpus.documents {
        let iri = format!("{DOC}{}", encode(document.id()));
        // Each annotation's IRI, for the relations that link them.
        let mut iri_of = HashMap::new();
        for byte in document
            .id()
            .bytes()
            .chain([0])
            .chain(document.text().bytes())
        {
            print = (print ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
        documents.push(json!({
            "id": iri,
            "type": "Text",
            "format": "text/plain",
            "schema:name": document.title(),
            "schema:text": document.text(),
        }));
        for (n, a) in set.in_export_order().into_iter().enumerate() {
            let id = format!("urn:postil:anno:{}:{}", encode(document.id()), n + 1);
            iri_of.insert(a.id, id.clone());
            spans += 1;
            items.push(json!({
                "id": id,
                "type": "Annotation",
                "motivation": "tagging",
                "body": bodies(&a.label, &a.note),
                "target": {
                    "source": iri,
                    "selector": [quote(document, a.span.start, a.span.end), {
                        "type": "TextPositionSelector",
                        "start": a.span.start,
                        "end": a.span.end,
                    }],
                },
            }));
        }
        // A relation: an annotation whose targets are the two annotations it links, in order.
        for (m, r) in set.relations().iter().enumerate() {
            let (Some(from), Some(to)) = (iri_of.get(&r.from), iri_of.get(&r.to)) else {
                continue;
            };
            items.push(json!({
                "id": format!("urn:postil:rel:{}:{}", encode(document.id()), m + 1),
                "type": "Annotation",
                "motivation": "linking",
                "body": bodies(&r.kind, &r.note),
                "target": [from, to],
            }));
        }
    }
    let id = format!("urn:postil:collection:{print:016x}");
    let collection = json!({
        "@context": CONTEXT,
        "id": id,
        "type": "AnnotationCollection",
        "label": format!(
            "Postil export: {}, {}",
            count(documents.len(), "document", "documents"),
            count(spans, "annotation", "annotations")
        ),
        "total": items.len(),
        "dcterms:references": documents,
        "first": {"id": format!("{id}:page:1"), "type": "AnnotationPage", "startIndex": 0, "items": items},
    });
    // Serialising a Value cannot fail.
    let mut bytes = serde_json::to_vec_pretty(&collection).unwrap_or_default();
    bytes.push(b'\n');
    Exported {
        mime: "application/ld+json",
        bytes,
        dropped: {
            let mut dropped = losses(corpus, FORMAT, true);
            dropped.extend(crate::formats::report::attributes_dropped(corpus, FORMAT));
            dropped
        },
    }
}

/// A tag (a label, or a relation's type) and its note, as textual bodies.
fn bodies(tag: &str, note: &str) -> Vec<Value> {
    let mut body = vec![json!({"type": "TextualBody", "purpose": "tagging", "value": tag})];
    if !note.is_empty() {
        body.push(json!({"type": "TextualBody", "purpose": "commenting", "value": note}));
    }
    body
}

/// The quote selector for `[start, end)`, with up to 32 characters of context either side.
fn quote(document: &Document, start: u32, end: u32) -> Value {
    let slice = |s: u32, e: u32| {
        document
            .slice(crate::span::Span::new(s, e))
            .unwrap_or_default()
    };
    let mut selector = Map::new();
    selector.insert("type".into(), "TextQuoteSelector".into());
    selector.insert("exact".into(), slice(start, end).into());
    let prefix = slice(start.saturating_sub(CONTEXT_CHARS), start);
    if !prefix.is_empty() {
        selector.insert("prefix".into(), prefix.into());
    }
    let suffix = slice(end, (end + CONTEXT_CHARS).min(document.char_len()));
    if !suffix.is_empty() {
        selector.insert("suffix".into(), suffix.into());
    }
    Value::Object(selector)
}
