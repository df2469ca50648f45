//! CouchDB's revisions: `_rev` ("3-9a0f…", the generation and a hash) and `_revisions` (a
//! revision with its ancestors, newest first), how Postil makes a new one, which of several
//! leaves CouchDB shows, and whether one revision descends from another.
//!
//! Postil writes with `new_edits=false`, so it names its revisions itself: the hash is the
//! first 32 hex digits of a SHA-256 over the parent revision and the body, so the same edit
//! of the same revision gets the same name wherever it is made.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// How many ancestors a revision keeps in `_revisions` (CouchDB keeps 1,000 by default; a
/// longer history only helps decide descent after that many edits offline).
pub const KEEP: usize = 100;

/// One revision: `pos-hash`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Rev {
    pub pos: u64,
    pub hash: String,
}

impl Rev {
    /// Reads a `_rev`; `None` if it is not `N-hash` with `N` at least 1.
    pub fn parse(text: &str) -> Option<Rev> {
        let (pos, hash) = text.split_once('-')?;
        let pos: u64 = pos.parse().ok()?;
        (pos >= 1 && !hash.is_empty() && !pos_has_sign(text)).then(|| Rev {
            pos,
            hash: hash.to_string(),
        })
    }
}

fn pos_has_sign(text: &str) -> bool {
    text.starts_with('+')
}

impl std::fmt::Display for Rev {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.pos, self.hash)
    }
}

/// A revision and its ancestors, as CouchDB's `_revisions`: `start` is the newest's
/// generation, `ids` the hashes newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revisions {
    pub start: u64,
    pub ids: Vec<String>,
}

impl Revisions {
    /// The first revision of a body.
    pub fn first(body: &str) -> Revisions {
        Revisions {
            start: 1,
            ids: vec![hash("", body)],
        }
    }

    /// Checks what a server sent: at least one id, none empty, and no generation below 1.
    pub fn checked(self) -> Option<Revisions> {
        let ok = !self.ids.is_empty()
            && self.ids.iter().all(|h| !h.is_empty() && !h.contains('-'))
            && self.start >= self.ids.len() as u64;
        ok.then_some(self)
    }

    /// The newest revision.
    pub fn head(&self) -> Rev {
        Rev {
            pos: self.start,
            hash: self.ids.first().cloned().unwrap_or_default(),
        }
    }

    /// Whether `rev` is this revision or one of the ancestors it knows.
    pub fn contains(&self, rev: &Rev) -> bool {
        rev.pos <= self.start
            && (self.start - rev.pos)
                .try_into()
                .ok()
                .and_then(|at: usize| self.ids.get(at))
                .is_some_and(|h| *h == rev.hash)
    }

    /// The revision after this one with `body` (see the module's note).
    pub fn child(&self, body: &str) -> Revisions {
        let mut ids = Vec::with_capacity((self.ids.len() + 1).min(KEEP));
        ids.push(hash(&self.head().to_string(), body));
        ids.extend(self.ids.iter().take(KEEP - 1).cloned());
        Revisions {
            start: self.start + 1,
            ids,
        }
    }
}

fn hash(parent: &str, body: &str) -> String {
    let mut h = Sha256::new();
    h.update(parent.as_bytes());
    h.update([0]);
    h.update(body.as_bytes());
    let digest = h.finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// The leaf CouchDB shows of a document with several (its "winner"): one not deleted before a
/// deleted one, then the higher generation, then the greater hash. `leaves` holds each leaf
/// and whether it is a deletion.
pub fn winner<'a>(leaves: impl IntoIterator<Item = (&'a Rev, bool)>) -> Option<&'a Rev> {
    leaves
        .into_iter()
        .max_by(|(a, a_gone), (b, b_gone)| {
            (!a_gone, a.pos, &a.hash).cmp(&(!b_gone, b.pos, &b.hash))
        })
        .map(|(r, _)| r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rev(text: &str) -> Rev {
        Rev::parse(text).unwrap()
    }

    #[test]
    fn revisions_read_descend_and_are_named_by_content() {
        for (text, ok) in [
            ("1-abc", true),
            ("12-9f", true),
            ("0-abc", false),
            ("-1-abc", false),
            ("+1-abc", false),
            ("1-", false),
            ("abc", false),
            ("x-abc", false),
        ] {
            assert_eq!(Rev::parse(text).is_some(), ok, "{text}");
        }
        assert_eq!(rev("3-abc").to_string(), "3-abc");

        let one = Revisions::first("{\"a\":1}");
        assert_eq!(one.start, 1);
        assert_eq!(one.ids[0].len(), 32);
        let two = one.child("{\"a\":2}");
        let other = one.child("{\"a\":3}");
        assert_eq!(two.start, 2);
        assert!(two.contains(&one.head()) && two.contains(&two.head()));
        assert!(!one.contains(&two.head()));
        assert!(!other.contains(&two.head()));
        assert_ne!(two.head(), other.head());
        // The same edit of the same revision has the same name wherever it is made.
        assert_eq!(one.child("{\"a\":2}"), two);
        assert!(!two.contains(&rev("1-zzz")));
        assert!(!two.contains(&rev("9-zzz")));

        let mut long = one.clone();
        for i in 0..(KEEP + 5) {
            long = long.child(&i.to_string());
        }
        assert_eq!(long.ids.len(), KEEP);
        assert!(!long.contains(&one.head()));

        let bad = |start, ids: &[&str]| {
            Revisions {
                start,
                ids: ids.iter().map(|s| s.to_string()).collect(),
            }
            .checked()
        };
        assert!(bad(2, &["a", "b"]).is_some());
        assert!(bad(1, &["a", "b"]).is_none());
        assert!(bad(1, &[]).is_none());
        assert!(bad(1, &[""]).is_none());
    }

    #[test]
    fn the_winner_is_the_one_couchdb_shows() {
        let (a, b, c, d) = (rev("2-aaa"), rev("2-bbb"), rev("3-aaa"), rev("4-zzz"));
        type Leaves<'a> = Vec<(&'a Rev, bool)>;
        let cases: Vec<(Leaves, Option<&Rev>)> = vec![
            (vec![], None),
            (vec![(&a, false), (&b, false)], Some(&b)),
            (vec![(&a, false), (&c, false), (&b, false)], Some(&c)),
            (vec![(&d, true), (&a, false)], Some(&a)),
            (vec![(&d, true), (&c, true)], Some(&d)),
        ];
        for (leaves, want) in cases {
            assert_eq!(winner(leaves.clone()), want, "{leaves:?}");
        }
    }
}
