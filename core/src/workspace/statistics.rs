//! The statistics of the open document or of all documents (`crate::stats`), over the person's
//! own annotations.

use super::{Scope, Workspace};
use crate::stats::{self, Stats};

impl Workspace {
    /// The statistics of `scope`, days counted where the clock is `offset_minutes` ahead of UTC.
    pub fn stats(&self, scope: Scope, offset_minutes: i32) -> Stats {
        let docs: Vec<_> = (self.docs.iter().enumerate())
            .filter(|(i, _)| scope == Scope::AllDocuments || *i == self.current)
            .map(|(i, d)| (i, &*d.document, &*d.annotations))
            .collect();
        stats::stats(&docs, offset_minutes)
    }
}
