//! Half-open spans `[start, end)` over a document's text, counted in Unicode scalar values.

use serde::{Deserialize, Serialize};

/// A half-open range `[start, end)` of character (Unicode scalar value) offsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// A span from two offsets given in either order.
    pub fn new(a: u32, b: u32) -> Self {
        Span {
            start: a.min(b),
            end: a.max(b),
        }
    }

    pub fn len(self) -> u32 {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// True when the two spans share at least one character. Touching spans do not overlap,
    /// and an empty span overlaps nothing.
    pub fn overlaps(self, other: Span) -> bool {
        self.start < other.end && other.start < self.end && !self.is_empty() && !other.is_empty()
    }

    /// True when `offset` is one of the characters covered by this span.
    pub fn contains(self, offset: u32) -> bool {
        self.start <= offset && offset < self.end
    }

    /// True when `other` lies entirely within this span.
    pub fn covers(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The characters both spans cover, if any.
    pub fn intersect(self, other: Span) -> Option<Span> {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        (start < end).then_some(Span { start, end })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlaps_every_ordering_of_two_spans() {
        // (a, b, overlaps): every way two spans can sit against each other.
        let cases = [
            ((0, 2), (3, 5), false), // apart
            ((0, 3), (3, 5), false), // touching
            ((0, 4), (3, 5), true),  // crossing
            ((0, 5), (1, 3), true),  // containing
            ((1, 3), (1, 3), true),  // equal
            ((1, 3), (0, 5), true),  // contained
            ((3, 5), (0, 4), true),  // crossing, reversed
            ((3, 5), (0, 3), false), // touching, reversed
            ((3, 5), (0, 2), false), // apart, reversed
            ((2, 2), (0, 5), false), // empty never overlaps
        ];
        for ((a0, a1), (b0, b1), want) in cases {
            let a = Span::new(a0, a1);
            let b = Span::new(b0, b1);
            assert_eq!(a.overlaps(b), want, "{a:?} vs {b:?}");
            assert_eq!(b.overlaps(a), want, "{b:?} vs {a:?}");
            assert_eq!(a.intersect(b).is_some(), want, "intersect {a:?} {b:?}");
        }
    }

    #[test]
    fn new_orders_its_ends() {
        assert_eq!(Span::new(7, 3), Span { start: 3, end: 7 });
        assert!(Span::new(4, 4).is_empty());
        assert!(Span::new(2, 5).contains(2));
        assert!(!Span::new(2, 5).contains(5));
        assert!(Span::new(0, 9).covers(Span::new(2, 5)));
    }
}
