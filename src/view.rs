//! What the components render from: a document with its blocks' texts cut out once, shared by
//! `Rc`, so that props compare by pointer and a long article is sliced only when it loads.

use postil_core::{BlockKind, Document, Span};
use std::rc::Rc;

/// One block of a document, ready to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockView {
    pub kind: BlockKind,
    pub span: Span,
    pub text: Rc<str>,
}

/// A document and its blocks.
#[derive(Debug, PartialEq, Eq)]
pub struct DocView {
    pub doc: Document,
    pub blocks: Rc<[BlockView]>,
}

impl DocView {
    pub fn new(doc: Document) -> Self {
        let blocks = doc
            .blocks()
            .iter()
            .map(|b| BlockView {
                kind: b.kind,
                span: b.span,
                text: Rc::from(doc.slice(b.span).unwrap_or_default()),
            })
            .collect();
        DocView { doc, blocks }
    }
}
