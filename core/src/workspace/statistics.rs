//! The statistics of the open document or of all documents (`crate::stats`), over the person's
//! own annotations.

use super::{Doc, Scope, Workspace};
use crate::clock::Stamp;
use crate::stats::{self, Stats};

impl Workspace {
    /// The statistics of `scope` at time `now`, days counted where the clock is `zone(t)`
    /// minutes ahead of UTC at time `t` (see [`stats::stats`]).
    pub fn stats(&self, scope: Scope, zone: &dyn Fn(Stamp) -> i32, now: Stamp) -> Stats {
        let current = (scope == Scope::ThisDocument).then_some(self.current);
        docs_stats(&self.docs, current, zone, now)
    }
}

/// [`Workspace::stats`] of these documents: all of them, or only the one at `current`. (The
/// statistics view keeps the documents' `Rc` to know when to count again.)
pub fn docs_stats(
    docs: &[Doc],
    current: Option<usize>,
    zone: &dyn Fn(Stamp) -> i32,
    now: Stamp,
) -> Stats {
    let docs: Vec<_> = (docs.iter().enumerate())
        .filter(|(i, _)| current.is_none_or(|c| c == *i))
        .map(|(i, d)| (i, &*d.document, &*d.annotations))
        .collect();
    stats::stats(&docs, zone, now)
}
