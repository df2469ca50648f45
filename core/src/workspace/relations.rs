//! What the screen shows of a document's relations: the annotations a new link may go to, and
//! each relation as a line of text. Offsets are `char`s, as everywhere.

use super::Doc;
use crate::annotation::{Annotation, Relation};
use crate::article::cut;
use crate::AnnotationId;

/// The most characters of an annotation's words shown in a relation's line.
const WORDS_MAX: usize = 40;

impl Doc {
    /// The annotations a link from `from` may go to, nearest first, at most `max` of them, each
    /// with its line ("“Qureshi” (PER), 5 characters after"); and how many there are in all.
    pub fn link_targets(
        &self,
        from: AnnotationId,
        max: usize,
    ) -> (Vec<(AnnotationId, String)>, usize) {
        let Some(origin) = self.annotations.get(from) else {
            return (Vec::new(), 0);
        };
        let near = self.annotations.nearest(from);
        let all = near.len();
        let targets = (near.into_iter().take(max))
            .map(|b| (b.id, self.target_line(origin, b)))
            .collect();
        (targets, all)
    }

    /// [`Self::link_targets`], with `to` first (chosen already: a tag dragged onto another),
    /// whether or not it is among the nearest.
    pub fn link_targets_to(
        &self,
        from: AnnotationId,
        to: AnnotationId,
        max: usize,
    ) -> (Vec<(AnnotationId, String)>, usize) {
        let (mut targets, all) = self.link_targets(from, max);
        let (Some(origin), Some(chosen)) = (self.annotations.get(from), self.annotations.get(to))
        else {
            return (targets, all);
        };
        targets.retain(|(id, _)| *id != to);
        targets.insert(0, (to, self.target_line(origin, chosen)));
        targets.truncate(max.max(1));
        (targets, all)
    }

    /// “Qureshi” (PER), 5 characters after: `b` as a link from `origin` may go to it.
    fn target_line(&self, origin: &Annotation, b: &Annotation) -> String {
        let gap = b.span.start.abs_diff(origin.span.start);
        let place = match (gap, b.span.start < origin.span.start) {
            (0, _) => "at the same place".to_string(),
            (1, true) => "1 character before".to_string(),
            (1, false) => "1 character after".to_string(),
            (n, true) => format!("{n} characters before"),
            (n, false) => format!("{n} characters after"),
        };
        format!("{} ({}), {place}", self.quoted(b), b.label)
    }

    /// “Sergey Lavrov”: an annotation's words, cut when long.
    pub fn quoted(&self, a: &Annotation) -> String {
        format!(
            "“{}”",
            cut(self.document.slice(a.span).unwrap_or_default(), WORDS_MAX)
        )
    }

    /// A relation as a line: ("“Lavrov”", "met", "“Qureshi”").
    pub fn relation_line(&self, r: &Relation) -> (String, String, String) {
        let end = |id| {
            self.annotations
                .get(id)
                .map_or_else(|| "(gone)".to_string(), |a| self.quoted(a))
        };
        (end(r.from), r.kind.clone(), end(r.to))
    }
}
