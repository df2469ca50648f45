//! The journal: every value written to localStorage is copied to IndexedDB too (see
//! `save.rs`), because a browser that crashes or is killed loses the localStorage writes of
//! the last seconds (Chromium writes them to disk on a delay), while an IndexedDB transaction
//! that completed is on disk. At start, [`reconcile`] compares the two copies of each value by
//! revision and keeps the newer: a value the crash took from localStorage is put back, and
//! so is one that is damaged there (not even JSON), once the damaged one is backed up.

use super::keys::{doc_key, is_text_key, key_kind, KeyKind, INDEX_KEY, PREFIX, SETTINGS_KEY};
use super::revision::Lineage;
use super::save::KeyValue;
use super::shapes::{index_ids, parse_document, parse_lineage};
use std::collections::{BTreeSet, HashMap, HashSet};

/// What start-up does to bring localStorage and the journal together.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reconciled {
    /// Journal values newer than localStorage's (or that localStorage lost): written back to
    /// localStorage, and read from here even if that write fails.
    pub restore: Vec<(String, String)>,
    /// localStorage values the journal lacks or holds older: copied to the journal.
    pub copy: Vec<(String, String)>,
    /// Journal values of documents no longer listed (deleted before the journal heard of it).
    pub drop: Vec<String>,
    /// Keys among `restore` whose localStorage value is not even JSON (half written, or
    /// damaged): the caller backs it up before putting the journal's copy over it, and leaves
    /// it alone if the backup fails.
    pub damaged: Vec<String>,
}

/// True when `raw` is JSON at all (whatever its shape).
fn is_json(raw: &str) -> bool {
    serde_json::from_str::<serde::de::IgnoredAny>(raw).is_ok()
}

/// True for the keys the journal mirrors: every value the saver writes but the texts (which
/// live in IndexedDB alone); not backups, nor the histories of the layout before they moved
/// into their values.
fn journaled(key: &str) -> bool {
    key.starts_with(PREFIX)
        && !is_text_key(key)
        && (matches!(
            key_kind(key),
            KeyKind::Index | KeyKind::Schema | KeyKind::Annotations(_)
        ) || key == super::keys::SETTINGS_KEY)
}

/// Which of two copies of one value is newer: the one whose lineage includes the other's
/// revision; else (written apart) the one with more writes behind it, localStorage's on a tie.
/// A localStorage value without a revision was written by a Postil from before revisions
/// (a tab of an older build, or the store as it was before this build first ran): it is kept,
/// as this build never writes one.
fn journal_newer(local: &str, journal: &str) -> bool {
    let (l, j): (Lineage, Lineage) = (parse_lineage(local), parse_lineage(journal));
    if l.rev == j.rev || l.rev.n == 0 {
        return false;
    }
    if j.includes(&l.rev) && l.rev.n > 0 {
        return true;
    }
    if l.includes(&j.rev) && j.rev.n > 0 {
        return false;
    }
    j.rev.n > l.rev.n
}

/// Compares localStorage (`kv`) with the journal (`journal`: IndexedDB's values, by key).
pub fn reconcile<S: KeyValue + ?Sized>(kv: &S, journal: &HashMap<String, String>) -> Reconciled {
    let mut out = Reconciled::default();
    let mut keys: BTreeSet<String> = kv
        .keys(PREFIX)
        .into_iter()
        .filter(|k| journaled(k))
        .collect();
    keys.extend(journal.keys().filter(|k| journaled(k)).cloned());
    // The index decides whether a document the journal alone has was lost from localStorage
    // (put it back) or deleted (drop it): the newer of the two indexes lists what is live.
    let index = match (kv.get(INDEX_KEY), journal.get(INDEX_KEY)) {
        (Some(l), Some(j)) if journal_newer(&l, j) => Some(j.clone()),
        (Some(l), _) => Some(l),
        (None, j) => j.cloned(),
    };
    let listed: HashSet<String> = index
        .map(|raw| index_ids(&raw))
        .unwrap_or_default()
        .into_iter()
        .collect();
    for key in keys {
        let local = kv.get(&key);
        match (local, journal.get(&key)) {
            (Some(l), Some(j)) if l == *j => {}
            (Some(l), Some(j)) => {
                if !is_json(&l) && is_json(j) {
                    out.damaged.push(key.clone());
                    out.restore.push((key, j.clone()));
                } else if journal_newer(&l, j) {
                    out.restore.push((key, j.clone()));
                } else {
                    out.copy.push((key, l));
                }
            }
            (Some(l), None) => out.copy.push((key, l)),
            (None, Some(j)) => {
                let live = match key_kind(&key) {
                    KeyKind::Annotations(id) => listed.contains(id),
                    _ => true,
                };
                if live {
                    out.restore.push((key, j.clone()));
                } else {
                    out.drop.push(key);
                }
            }
            (None, None) => {}
        }
    }
    out
}

/// The sentence telling the user that `key` was put back from the journal, naming what it
/// holds: a document by its title (read from `texts`, the stored texts by key), the labels,
/// the list of documents, the annotator's name.
pub fn restored_sentence(key: &str, texts: &HashMap<String, String>) -> String {
    const FROM: &str = "put back from the copy kept in IndexedDB (this browser had lost it from localStorage, as a crash or a killed browser can)";
    match key_kind(key) {
        KeyKind::Annotations(id) => {
            let title = texts
                .get(&doc_key(id))
                .and_then(|raw| parse_document(id, raw).ok())
                .map(|d| d.title().to_string())
                .or_else(|| {
                    (id == crate::sample::SAMPLE_ID)
                        .then(|| crate::sample::sample_document().title().to_string())
                })
                .unwrap_or_else(|| id.to_string());
            format!("Your latest changes to “{title}” were {FROM}.")
        }
        KeyKind::Schema => format!("Your latest changes to the labels were {FROM}."),
        KeyKind::Index => format!("The list of documents was {FROM}."),
        _ if key == SETTINGS_KEY => format!("Your name for exports was {FROM}."),
        _ => format!("{key} was {FROM}."),
    }
}
