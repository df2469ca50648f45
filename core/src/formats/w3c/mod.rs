//! W3C Web Annotation Data Model (JSON-LD), both ways.
//!
//! Export is one `AnnotationCollection` with one embedded `AnnotationPage` (`first`) holding
//! every annotation: documents in corpus order, annotations by (start, end, label). Each is
//!
//! ```json
//! {"id": "urn:postil:anno:<doc>:<n>", "type": "Annotation", "motivation": "tagging",
//!  "body": [{"type": "TextualBody", "purpose": "tagging", "value": "LABEL"},
//!           {"type": "TextualBody", "purpose": "commenting", "value": "the note"}],
//!  "target": {"source": "urn:postil:doc:<doc>",
//!             "selector": [{"type": "TextQuoteSelector", "exact": "…", "prefix": "…", "suffix": "…"},
//!                          {"type": "TextPositionSelector", "start": s, "end": e}]}}
//! ```
//!
//! (`anno:` keeps annotation IRIs apart from document IRIs: a document whose id is `doc` would
//! otherwise share `urn:postil:doc:1` with the document whose id is `1`.) Document ids are
//! percent-encoded in IRIs. `prefix` and `suffix` are up to 32 characters either side, left out
//! when empty.
//!
//! A relation is an annotation of its own whose targets are the two annotations it links, in
//! order (the model lets a target be an IRI): `{"id": "urn:postil:rel:<doc>:<n>", "type":
//! "Annotation", "motivation": "linking", "body": [{"type": "TextualBody", "purpose": "tagging",
//! "value": "TYPE"}, …], "target": ["urn:postil:anno:<doc>:1", "urn:postil:anno:<doc>:2"]}`. On
//! import, an annotation whose targets are two IRIs links the annotations of the file with those
//! ids when both are on one text; otherwise it is counted and left out.
//!
//! Offsets: `TextPositionSelector` counts "characters" of the text, which the model defines as
//! Unicode code points: Postil's unit, Python `str` indices; half-open.
//!
//! Where the texts travel: the model names the annotated resources but has no place for their
//! content. The collection lists every document under `dcterms:references` as a resource of type
//! `Text` (`dctypes:Text`) with `schema:name` (the title) and `schema:text` (the text). Both
//! `dcterms` and `schema` are prefixes the Web Annotation context already defines, and the
//! model's section on extensions recommends such CURIEs over new terms, so the file needs no
//! context of its own and readers that do not know the properties ignore them, as the model
//! requires. On import, a target's `source` may also be such a resource embedded in place
//! (`{"id": …, "type": "Text", "schema:text": …}`), which lets single annotations and plain
//! arrays of them carry their text too.
//!
//! Import reads a collection (its embedded pages, following embedded `next` pages), a plain
//! array of annotations, or one annotation. Positions come from `TextPositionSelector` and are
//! checked against `TextQuoteSelector.exact` when there is one; with only a quote, the quote is
//! looked up, its `prefix` and `suffix` must match exactly, and it must then occur once (a
//! quote that fits several places is a problem rather than a guess). Labels are the values of
//! `TextualBody` bodies whose purpose (or, without one, the annotation's motivation) is
//! `tagging`; notes those whose purpose is `commenting`. What Postil cannot hold is counted in
//! [`Imported::skipped`]: annotations without a tag, targets that are whole resources, bodies
//! that are links.
//!
//! Not held on export: document labels and "done" marks (reported in [`Exported::dropped`]).
//!
//! [`Imported::skipped`]: crate::formats::Imported::skipped
//! [`Exported::dropped`]: crate::formats::Exported::dropped

mod read;
mod write;

pub use read::import;
pub use write::export;

use super::sniff::{first_byte, first_in_array};
use serde::Deserialize;

/// The format's name in messages.
pub const FORMAT: &str = "W3C Web Annotation";

const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
const DOC: &str = "urn:postil:doc:";
/// Characters of context kept either side of a quote.
const CONTEXT_CHARS: u32 = 32;

/// Percent-encodes everything but unreserved characters, so any id makes a valid IRI.
fn encode(id: &str) -> String {
    let mut out = String::new();
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The id an IRI made by [`encode`] stands for.
fn decode(iri: &str) -> String {
    let bytes = iri.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Just enough of an annotation or a collection to tell its type.
#[derive(Deserialize)]
struct Typed {
    #[serde(rename = "type")]
    kind: OneOrMany,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl Typed {
    fn is(&self, kind: &str) -> bool {
        match &self.kind {
            OneOrMany::One(k) => k == kind,
            OneOrMany::Many(ks) => ks.iter().any(|k| k == kind),
        }
    }
}

/// Whether the file is an object of type `AnnotationCollection` or `Annotation`, or an array
/// whose first element is an `Annotation`.
pub fn looks_like(bytes: &[u8]) -> bool {
    match first_byte(bytes) {
        Some(b'{') => {
            let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
            serde_json::from_slice::<Typed>(bytes)
                .is_ok_and(|t| t.is("AnnotationCollection") || t.is("Annotation"))
        }
        Some(b'[') => first_in_array::<Typed>(bytes).is_some_and(|t| t.is("Annotation")),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_survive_the_iri() {
        let cases = [
            ("talks", "talks"),
            ("doc 1/é", "doc%201%2F%C3%A9"),
            ("a~b_c.d-e", "a~b_c.d-e"),
            ("100%", "100%25"),
        ];
        for (id, iri) in cases {
            assert_eq!(encode(id), iri);
            assert_eq!(decode(iri), id);
        }
    }
}
