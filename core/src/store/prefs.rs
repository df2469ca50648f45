//! The reader's preferences, kept under `postil/v1/prefs`: the article's text size and whether
//! the first-run tour was dismissed. They are this browser's and not part of the work, so they
//! carry no revision, are not journaled to IndexedDB and are not exported; a tab that changes
//! them writes the whole value.
//!
//! "Missing" gives the defaults (a first run: the tour shows). A value that cannot be read is
//! reported by [`parse_prefs`] so the shell can back it up before it writes over it.

use super::StoredError;
use serde::{Deserialize, Serialize};

/// The article's text sizes, in percent of the usual size, smallest first. Steps rather than a
/// free number: each press of A− or A+ makes a visible difference, and the largest still fits
/// a paragraph's words on a tablet.
pub const TEXT_SIZES: [u16; 8] = [80, 90, 100, 115, 130, 150, 175, 200];

/// The usual size, 100%.
pub const DEFAULT_TEXT_SIZE: u16 = 100;

/// What the reader chose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prefs {
    /// One of [`TEXT_SIZES`].
    pub text_size: u16,
    /// The first-run tour was closed or finished: it is not shown again.
    pub tour_seen: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            text_size: DEFAULT_TEXT_SIZE,
            tour_seen: false,
        }
    }
}

impl Prefs {
    /// The next size up (`larger`) or down, or the same at either end.
    pub fn step_text(self, larger: bool) -> Self {
        let at = TEXT_SIZES
            .iter()
            .position(|s| *s == self.text_size)
            .unwrap_or(2);
        let to = if larger {
            (at + 1).min(TEXT_SIZES.len() - 1)
        } else {
            at.saturating_sub(1)
        };
        Prefs {
            text_size: TEXT_SIZES[to],
            ..self
        }
    }

    /// What to write over `stored`, what storage holds now (another tab may have written
    /// since this one read): the text size is this tab's, the latest choice; the tour, once
    /// dismissed in any tab, stays dismissed.
    pub fn over(self, stored: Option<Prefs>) -> Self {
        Prefs {
            tour_seen: self.tour_seen || stored.is_some_and(|s| s.tour_seen),
            ..self
        }
    }

    /// Whether the text can get smaller, or larger, from here.
    pub fn can_step_text(self, larger: bool) -> bool {
        self.step_text(larger).text_size != self.text_size
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredPrefs {
    format: String,
    version: u32,
    text_size: u16,
    #[serde(default)]
    tour_seen: bool,
}

const FORMAT: &str = "postil-prefs";

/// The stored form of `prefs`.
pub fn prefs_json(prefs: &Prefs) -> String {
    let stored = StoredPrefs {
        format: FORMAT.to_string(),
        version: 1,
        text_size: prefs.text_size,
        tour_seen: prefs.tour_seen,
    };
    serde_json::to_string(&stored).unwrap_or_default()
}

/// Reads a stored value: an error says why it cannot be (another format, a newer version, a
/// text size that is not one of the steps).
pub fn parse_prefs(raw: &str) -> Result<Prefs, StoredError> {
    let stored: StoredPrefs =
        serde_json::from_str(raw).map_err(|e| StoredError::NotJson(e.to_string()))?;
    if stored.format != FORMAT {
        return Err(StoredError::NotJson(format!(
            "it is “{}”, not Postil's preferences",
            stored.format
        )));
    }
    if stored.version != 1 {
        return Err(StoredError::Version(stored.version));
    }
    if !TEXT_SIZES.contains(&stored.text_size) {
        return Err(StoredError::NotJson(format!(
            "the text size {}% is not one of Postil's",
            stored.text_size
        )));
    }
    Ok(Prefs {
        text_size: stored.text_size,
        tour_seen: stored.tour_seen,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_size_steps_stop_at_both_ends() {
        // (from, larger?, to)
        let cases = [
            (100, true, 115),
            (100, false, 90),
            (80, false, 80),
            (200, true, 200),
            (175, true, 200),
            (90, false, 80),
        ];
        for (from, larger, to) in cases {
            let p = Prefs {
                text_size: from,
                tour_seen: false,
            };
            assert_eq!(p.step_text(larger).text_size, to, "{from} larger={larger}");
            assert_eq!(
                p.can_step_text(larger),
                from != to,
                "{from} larger={larger}"
            );
        }
    }

    #[test]
    fn a_dismissed_tour_stays_dismissed_whichever_tab_writes_last() {
        let p = |text_size, tour_seen| Prefs {
            text_size,
            tour_seen,
        };
        // (this tab's, what storage holds, what is written)
        let cases = [
            (p(115, false), None, p(115, false)),
            (p(115, false), Some(p(100, true)), p(115, true)),
            (p(90, true), Some(p(100, false)), p(90, true)),
            (p(130, false), Some(p(80, false)), p(130, false)),
        ];
        for (mine, stored, written) in cases {
            assert_eq!(mine.over(stored), written, "{mine:?} over {stored:?}");
        }
    }

    #[test]
    fn stored_prefs_round_trip_and_bad_ones_say_why() {
        let p = Prefs {
            text_size: 130,
            tour_seen: true,
        };
        assert_eq!(parse_prefs(&prefs_json(&p)).unwrap(), p);
        assert_eq!(
            prefs_json(&p),
            r#"{"format":"postil-prefs","version":1,"text_size":130,"tour_seen":true}"#
        );
        // The tour flag may be absent: a value written before it existed.
        let old = r#"{"format":"postil-prefs","version":1,"text_size":90}"#;
        assert_eq!(
            parse_prefs(old).unwrap(),
            Prefs {
                text_size: 90,
                tour_seen: false
            }
        );
        let bad = [
            ("not json", "expected"),
            (
                r#"{"format":"postil","version":1,"text_size":100}"#,
                "not Postil's preferences",
            ),
            (
                r#"{"format":"postil-prefs","version":2,"text_size":100}"#,
                "version 2",
            ),
            (
                r#"{"format":"postil-prefs","version":1,"text_size":101}"#,
                "101%",
            ),
            (
                r#"{"format":"postil-prefs","version":1,"text_size":"big"}"#,
                "invalid type",
            ),
        ];
        for (raw, says) in bad {
            let why = parse_prefs(raw).unwrap_err().to_string();
            assert!(why.contains(says), "{raw}: {why}");
        }
    }
}
