//! Deciding what an imported document does to the documents already here.
//!
//! Nothing the user has is ever dropped without asking: an incoming document either is new,
//! is already here unchanged, fills in a document that has no annotations yet, or meets a
//! document with other annotations, which only the user can settle (replace, or keep both).

use crate::annotation::AnnotationSet;
use crate::corpus::AnnotatedDocument;
use crate::document::Document;

/// How one incoming document relates to the documents already here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Incoming {
    /// No document here has its id: add it.
    New,
    /// The document at this index has the same id, text, annotations, relations, layers and
    /// review decisions: nothing to do.
    Unchanged(usize),
    /// The document at this index has the same id and text and no annotations (or the same
    /// annotations and other layers or decisions): fill it in.
    FillsIn(usize),
    /// The document at this index has the same id and text but other annotations (or
    /// relations): ask.
    Conflicts(usize),
    /// The document at this index has the same id but another text: add as a copy.
    SameIdOtherText(usize),
}

/// Classifies `incoming` against the documents here, given with their annotations.
pub fn classify(
    existing: &[(&Document, &AnnotationSet)],
    incoming: &AnnotatedDocument,
) -> Incoming {
    let id = incoming.document.id();
    let Some(i) = existing.iter().position(|(d, _)| d.id() == id) else {
        return Incoming::New;
    };
    let (document, annotations) = existing[i];
    if document.text() != incoming.document.text() {
        Incoming::SameIdOtherText(i)
    } else if annotations.as_slice() == incoming.annotations.as_slice()
        && annotations.relations() == incoming.annotations.relations()
    {
        let theirs = &incoming.annotations;
        if annotations.layers() == theirs.layers() && annotations.decisions() == theirs.decisions()
        {
            Incoming::Unchanged(i)
        } else {
            Incoming::FillsIn(i)
        }
    } else if annotations.is_empty() {
        Incoming::FillsIn(i)
    } else {
        Incoming::Conflicts(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::Overlaps;
    use crate::edit::label_span;
    use crate::span::Span;

    fn doc(id: &str, text: &str, spans: &[(u32, u32)]) -> AnnotatedDocument {
        let document = Document::new(id, "", text);
        let mut annotations = AnnotationSet::new(document.char_len());
        for (s, e) in spans {
            annotations
                .run(|set| label_span(set, Span::new(*s, *e), "PERSON", Overlaps::Allowed))
                .unwrap();
        }
        AnnotatedDocument {
            document,
            annotations,
        }
    }

    #[test]
    fn classify_table() {
        let here = [
            doc("a", "Lavrov spoke.", &[]),
            doc("b", "Qureshi spoke.", &[(0, 7)]),
        ];
        let here: Vec<(&Document, &AnnotationSet)> =
            here.iter().map(|d| (&d.document, &d.annotations)).collect();
        let cases = [
            (doc("c", "New text.", &[]), Incoming::New),
            (doc("a", "Lavrov spoke.", &[]), Incoming::Unchanged(0)),
            (doc("a", "Lavrov spoke.", &[(0, 6)]), Incoming::FillsIn(0)),
            (
                doc("b", "Qureshi spoke.", &[(0, 7)]),
                Incoming::Unchanged(1),
            ),
            (
                doc("b", "Qureshi spoke.", &[(8, 13)]),
                Incoming::Conflicts(1),
            ),
            (doc("b", "Qureshi spoke.", &[]), Incoming::Conflicts(1)),
            (doc("b", "Other text.", &[]), Incoming::SameIdOtherText(1)),
        ];
        for (incoming, want) in cases {
            assert_eq!(
                classify(&here, &incoming),
                want,
                "{:?}",
                incoming.document.id()
            );
        }
    }
}
