//! Revisions of stored values: which write made a value, and which writes came before it.
//!
//! Every value a tab changes over time (a document's annotations with their undo history, the
//! schema with its history, the index, the settings) carries a [`Lineage`]: its revision
//! `n-tab` (the count of writes that led to it, and the tab that made it) and the revisions
//! it descends from, newest first (at most [`ANCESTORS`]). A tab compares the lineage of what
//! storage holds with the revision it last read or wrote, and so knows whether a value is its
//! own, newer and built on its own (take it), or written beside its own without seeing it
//! (merge both). Revisions are shaped like CouchDB's `_rev` (`n-…`), and each stored value is
//! one document and layer, so a later sync can map them one to one.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// How many ancestors a value names: enough to recognise its base after a burst of writes.
pub const ANCESTORS: usize = 32;

/// One write: the count of writes up to it, and the tab that made it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Rev {
    pub n: u64,
    pub tab: String,
}

impl Rev {
    /// Reads `n-tab`; `None` for anything else.
    pub fn parse(s: &str) -> Option<Rev> {
        let (n, tab) = s.split_once('-')?;
        Some(Rev {
            n: n.parse().ok()?,
            tab: tab.to_string(),
        })
    }
}

impl fmt::Display for Rev {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.n, self.tab)
    }
}

impl Serialize for Rev {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rev {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Rev::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("“{s}” is not a revision")))
    }
}

/// A value's revision and its ancestors. A value written before revisions existed has
/// revision `0-` and no ancestors.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lineage {
    #[serde(default)]
    pub rev: Rev,
    /// Ancestors, newest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revs: Vec<Rev>,
}

impl Lineage {
    /// The lineage of a value `tab` writes on top of this one; `also` names a second parent
    /// (the tab's own value, when it merged another tab's into it).
    pub fn child(&self, tab: &str, also: Option<&Rev>) -> Lineage {
        let n = self.rev.n.max(also.map_or(0, |r| r.n)) + 1;
        let mut revs = vec![self.rev.clone()];
        revs.extend(also.cloned());
        revs.extend(self.revs.iter().cloned());
        let mut seen = std::collections::HashSet::new();
        // Revision 0 is "written before revisions existed": no ancestor to name.
        revs.retain(|r| r.n > 0 && seen.insert(r.clone()));
        revs.truncate(ANCESTORS);
        Lineage {
            rev: Rev {
                n,
                tab: tab.to_string(),
            },
            revs,
        }
    }

    /// The first value `tab` writes of something storage did not hold.
    pub fn first(tab: &str) -> Lineage {
        Lineage::default().child(tab, None)
    }

    /// True when this value was built on `rev` (or is it).
    pub fn includes(&self, rev: &Rev) -> bool {
        self.rev == *rev || self.revs.contains(rev)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_read_back_and_lineages_grow() {
        for (text, want) in [
            ("3-ab", Some((3, "ab"))),
            ("0-", Some((0, ""))),
            ("12-a-b", Some((12, "a-b"))),
            ("x-ab", None),
            ("3", None),
            ("", None),
        ] {
            let got = Rev::parse(text);
            assert_eq!(got.as_ref().map(|r| (r.n, r.tab.as_str())), want, "{text}");
            if let Some(r) = got {
                assert_eq!(r.to_string(), text);
            }
        }
        let a = Lineage::first("a");
        assert_eq!(a.rev.to_string(), "1-a");
        let b = a.child("b", None);
        assert_eq!(b.rev.to_string(), "2-b");
        assert!(b.includes(&a.rev) && b.includes(&b.rev) && !a.includes(&b.rev));
        // A merge names both parents and counts past both.
        let c = Lineage::first("c").child("c", None).child("c", None);
        let m = b.child("c", Some(&c.rev));
        assert_eq!(m.rev.to_string(), "4-c");
        assert!(m.includes(&b.rev) && m.includes(&c.rev) && m.includes(&a.rev));
        // Ancestors are bounded.
        let mut l = Lineage::first("t");
        for _ in 0..100 {
            l = l.child("t", None);
        }
        assert_eq!(l.revs.len(), ANCESTORS);
        let json = serde_json::to_string(&l).unwrap();
        assert_eq!(serde_json::from_str::<Lineage>(&json).unwrap(), l);
        assert_eq!(
            serde_json::from_str::<Lineage>("{}").unwrap(),
            Lineage::default()
        );
    }
}
