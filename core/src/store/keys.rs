//! The keys of browser storage: every key Postil writes is under [`PREFIX`] (`postil/v1/`), is
//! named here, and is told apart by [`key_kind`] (for keys another tab changed).

pub const PREFIX: &str = "postil/v1/";
pub const INDEX_KEY: &str = "postil/v1/index";
pub const SCHEMA_KEY: &str = "postil/v1/schema";
pub(super) const DOC_PREFIX: &str = "postil/v1/doc/";
const ANN_PREFIX: &str = "postil/v1/ann/";
const HISTORY_PREFIX: &str = "postil/v1/history/";
pub const SCHEMA_HISTORY_KEY: &str = "postil/v1/schema-history";
pub const TEXTS_WRITTEN_KEY: &str = "postil/v1/texts-written";
pub const SETTINGS_KEY: &str = "postil/v1/settings";
/// The version of the last build this browser ran (`crate::release`), to announce an update once.
pub const SEEN_BUILD_KEY: &str = "postil/v1/seen-build";
/// The reader's text size and whether the tour was dismissed (`prefs.rs`).
pub const PREFS_KEY: &str = "postil/v1/prefs";
const BACKUP_PREFIX: &str = "postil/v1/backup/";

pub fn doc_key(id: &str) -> String {
    format!("{DOC_PREFIX}{id}")
}

pub fn annotations_key(id: &str) -> String {
    format!("{ANN_PREFIX}{id}")
}

pub fn history_key(id: &str) -> String {
    format!("{HISTORY_PREFIX}{id}")
}

/// What a storage key holds, for keys another tab changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind<'a> {
    Index,
    Schema,
    SchemaHistory,
    Document(&'a str),
    Annotations(&'a str),
    History(&'a str),
    TextsWritten,
    Other,
}

/// Tells what `key` holds.
pub fn key_kind(key: &str) -> KeyKind<'_> {
    match key {
        INDEX_KEY => KeyKind::Index,
        SCHEMA_KEY => KeyKind::Schema,
        SCHEMA_HISTORY_KEY => KeyKind::SchemaHistory,
        TEXTS_WRITTEN_KEY => KeyKind::TextsWritten,
        _ => {
            if let Some(id) = key.strip_prefix(DOC_PREFIX) {
                KeyKind::Document(id)
            } else if let Some(id) = key.strip_prefix(ANN_PREFIX) {
                KeyKind::Annotations(id)
            } else if let Some(id) = key.strip_prefix(HISTORY_PREFIX) {
                KeyKind::History(id)
            } else {
                KeyKind::Other
            }
        }
    }
}

/// True for the keys whose values (document texts) are kept in IndexedDB.
pub fn is_text_key(key: &str) -> bool {
    key.starts_with(DOC_PREFIX)
}

/// Where an unreadable value is kept: the original key under `backup/`, stamped with the time
/// (milliseconds) so that a second failure does not overwrite the first backup.
pub fn backup_key(key: &str, stamp_ms: u64) -> String {
    let rest = key.strip_prefix(PREFIX).unwrap_or(key);
    format!("{BACKUP_PREFIX}{rest}@{stamp_ms}")
}
