//! Writing the collection: every document as a `dcterms:references` resource, every annotation
//! with a quote and a position selector (see the parent module).

use super::{encode, CONTEXT, CONTEXT_CHARS, DOC, FORMAT};
use crate::corpus::Corpus;
use crate::document::Document;
use crate::formats::report::losses;
use crate::formats::Exported;
use crate::prose::count;
use serde_json::{json, Map, Value};

/// The collection, pretty-printed.
pub fn export(corpus: Corpus) -> Exported {
    let mut items = Vec::new();
    let mut documents = Vec::new();
    let mut print: u64 = 0xcbf2_9ce4_8422_2325;
    for (document, set) in corpus.documents {
        let iri = format!("{DOC}{}", encode(document.id()));
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
            let mut body =
                vec![json!({"type": "TextualBody", "purpose": "tagging", "value": a.label})];
            if !a.note.is_empty() {
                body.push(json!({"type": "TextualBody", "purpose": "commenting", "value": a.note}));
            }
            items.push(json!({
                "id": format!("urn:postil:anno:{}:{}", encode(document.id()), n + 1),
                "type": "Annotation",
                "motivation": "tagging",
                "body": body,
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
    }
    let id = format!("urn:postil:collection:{print:016x}");
    let collection = json!({
        "@context": CONTEXT,
        "id": id,
        "type": "AnnotationCollection",
        "label": format!(
            "Postil export: {}, {}",
            count(documents.len(), "document", "documents"),
            count(items.len(), "annotation", "annotations")
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
            dropped.extend(super::super::report::relations_dropped(corpus, FORMAT));
            dropped
        },
    }
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
