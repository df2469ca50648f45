//! Opening the work at start: everything storage holds is loaded into the workspace, each
//! value that cannot be read is copied to a backup key (once: an identical backup is not made
//! again) or, if even that fails, protected from ever being written over, and the saver learns
//! what storage already holds so that nothing is written again until it changes.

use super::keys::{backup_key, PREFIX};
use super::load::load;
use super::save::{KeyValue, Saver, StorageError};
use crate::workspace::Workspace;
use std::collections::{HashMap, HashSet};

/// What opening found.
#[derive(Debug)]
pub struct Opened {
    pub workspace: Workspace,
    pub saver: Saver,
    /// One sentence per value that could not be read, saying where a copy is kept (or that
    /// it is left untouched).
    pub unreadable: Vec<String>,
}

/// Opens the work in `kv`, with the texts IndexedDB gave (`texts`, by key; empty without
/// IndexedDB, when texts are in `kv` too). `tab` names this tab in the revisions it writes;
/// `now_ms` stamps backup keys.
pub fn open<S: KeyValue + ?Sized>(
    kv: &S,
    texts: &HashMap<String, String>,
    texts_apart: bool,
    tab: &str,
    now_ms: u64,
) -> Opened {
    let mut keys = kv.keys(PREFIX);
    let in_kv: HashSet<String> = keys.iter().cloned().collect();
    keys.extend(texts.keys().filter(|k| !in_kv.contains(*k)).cloned());
    let get = |k: &str| match texts.get(k) {
        Some(v) => Some(v.clone()),
        None => kv.get(k),
    };
    let loaded = load(&keys, get);
    let mut workspace = loaded.stored.into_workspace();
    if let Some(raw) = kv.get(super::SETTINGS_KEY) {
        let _ = workspace.set_annotator(&super::parse_settings(&raw));
    }
    let mut saver = Saver::new(tab, texts_apart);
    let mut unreadable = Vec::new();
    for bad in &loaded.corrupt {
        let raw = get(&bad.key).unwrap_or_default();
        match back_up(kv, &keys, &bad.key, &raw, now_ms) {
            Ok(copy) => unreadable.push(format!(
                "{}: {} (a copy is kept under “{copy}”).",
                bad.key, bad.reason
            )),
            Err(_) => {
                saver.protect(&bad.key);
                unreadable.push(format!(
                    "{}: {} (it could not be copied to a backup, so Postil will not write over it).",
                    bad.key, bad.reason
                ));
            }
        }
    }
    for id in &loaded.unlisted {
        unreadable.push(format!(
            "Annotations of “{id}” are in this browser’s storage, but the document is not listed and its text is missing, so they cannot be shown; they are left in storage untouched."
        ));
    }
    for id in &loaded.missing {
        unreadable.push(format!(
            "“{id}” is listed, but its text is missing from this browser’s storage, so it is not opened; its annotations are left in storage untouched."
        ));
    }
    // What storage holds needs no writing until it changes. Only keys really there count: a
    // sample shown because nothing could be read is written, so it is there after a reload.
    let held: HashSet<&str> = keys.iter().map(String::as_str).collect();
    let corrupt: HashSet<&str> = loaded.corrupt.iter().map(|c| c.key.as_str()).collect();
    saver.remember(
        &workspace,
        &loaded.lineages,
        |k| held.contains(k),
        |k| corrupt.contains(k),
    );
    Opened {
        workspace,
        saver,
        unreadable,
    }
}

/// Copies an unreadable value to a backup key, unless an identical copy is already there.
fn back_up<S: KeyValue + ?Sized>(
    kv: &S,
    keys: &[String],
    key: &str,
    raw: &str,
    now_ms: u64,
) -> Result<String, StorageError> {
    let prefix = backup_key(key, 0);
    let prefix = prefix.trim_end_matches('0');
    if let Some(existing) = keys
        .iter()
        .find(|k| k.starts_with(prefix) && kv.get(k).as_deref() == Some(raw))
    {
        return Ok(existing.clone());
    }
    let copy = backup_key(key, now_ms);
    kv.set(&copy, raw).map(|()| copy)
}
