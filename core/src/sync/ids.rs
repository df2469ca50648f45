//! Which CouchDB document holds which part of the work. One per Postil document (its title and
//! text), one per document and layer (a person's annotations of it, or the team's gold set),
//! and one for the label schema, so that two people never write the same CouchDB document.
//!
//! An id is built of percent-encoded parts: every byte of a part's UTF-8 outside
//! `[A-Za-z0-9._~-]` is written `%XX` (uppercase hex), so a part never holds the `:` that
//! separates parts and an id never starts with `_` (CouchDB keeps those for itself). The access
//! rules (`validate_doc_update.js`) encode the same way.

use std::fmt::Write;

/// The id of the schema's CouchDB document.
pub const SCHEMA: &str = "schema";

/// The layer that holds the team's adjudicated gold set; only reviewers write it.
pub const GOLD: &str = "gold";

/// What a CouchDB document id names.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CouchId {
    Schema,
    /// A document's title and text, by its Postil id.
    Document(String),
    /// One layer of a document: whose (a CouchDB user name, or [`GOLD`]) and of which.
    Layer {
        document: String,
        layer: String,
    },
}

impl CouchId {
    /// Reads an id Postil wrote; `None` for any other (design documents, others' data).
    pub fn parse(text: &str) -> Option<CouchId> {
        if text == SCHEMA {
            return Some(CouchId::Schema);
        }
        let mut parts = text.split(':');
        let id = match (parts.next()?, parts.next(), parts.next()) {
            ("document", Some(d), None) => CouchId::Document(decode(d)?),
            ("layer", Some(d), Some(l)) => CouchId::Layer {
                document: decode(d)?,
                layer: decode(l)?,
            },
            _ => return None,
        };
        // Only the one spelling Postil writes, so that one part of the work has one id.
        (parts.next().is_none() && id.to_string() == text).then_some(id)
    }

    /// The Postil document it belongs to (none for the schema).
    pub fn document(&self) -> Option<&str> {
        match self {
            CouchId::Schema => None,
            CouchId::Document(d) | CouchId::Layer { document: d, .. } => Some(d),
        }
    }
}

impl std::fmt::Display for CouchId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CouchId::Schema => f.write_str(SCHEMA),
            CouchId::Document(d) => write!(f, "document:{}", encode(d)),
            CouchId::Layer { document, layer } => {
                write!(f, "layer:{}:{}", encode(document), encode(layer))
            }
        }
    }
}

/// `part` percent-encoded (see the module's note).
pub fn encode(part: &str) -> String {
    let mut out = String::with_capacity(part.len());
    for b in part.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'~' | b'-') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The part `encode` wrote, or `None` if `text` is not such an encoding of UTF-8.
pub fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            if !hex
                .bytes()
                .all(|c| c.is_ascii_digit() || (b'A'..=b'F').contains(&c))
            {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A whole id as one segment of a URL's path (its `:` and its own `%` encoded again; CouchDB
/// decodes the segment back to the id).
pub fn in_url(id: &str) -> String {
    encode(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_only_one_spelling_is_read() {
        let layer = |d: &str, l: &str| CouchId::Layer {
            document: d.into(),
            layer: l.into(),
        };
        let cases: Vec<(CouchId, &str)> = vec![
            (CouchId::Schema, "schema"),
            (
                CouchId::Document("russia-drills".into()),
                "document:russia-drills",
            ),
            (CouchId::Document("a:b c".into()), "document:a%3Ab%20c"),
            (CouchId::Document("_x".into()), "document:_x"),
            (layer("d1", "ana"), "layer:d1:ana"),
            (layer("d1", "gold"), "layer:d1:gold"),
            (layer("d:1", "Zoë 𝄞"), "layer:d%3A1:Zo%C3%AB%20%F0%9D%84%9E"),
            (layer("50%", "a/b"), "layer:50%25:a%2Fb"),
        ];
        for (id, text) in cases {
            assert_eq!(id.to_string(), text);
            assert_eq!(CouchId::parse(text), Some(id), "{text}");
        }
        for other in [
            "_design/postil",
            "document",
            "document:a:b",
            "layer:d1",
            "layer:d1:ana:x",
            "layer:d%3a1:ana",
            "layer:d%C3:ana",
            "layer:d%2:ana",
            "document:a%41",
            "document:a b",
            "note:x",
        ] {
            assert_eq!(CouchId::parse(other), None, "{other}");
        }
        assert_eq!(layer("d", "ana").document(), Some("d"));
        assert_eq!(CouchId::Schema.document(), None);
    }
}
