//! What the article renders from: the open document with its blocks' texts cut out once,
//! shared by `Rc`, so that props compare by pointer and a long article is sliced only when it
//! opens.

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
    pub doc: Rc<Document>,
    pub blocks: Rc<[BlockView]>,
}

impl DocView {
    pub fn new(doc: Rc<Document>) -> Self {
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

/// A shared value compared by pointer (which document is open, which layers it has), for
/// memos keyed on it.
#[derive(Clone, Debug)]
pub struct Same<T>(pub Rc<T>);

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}
