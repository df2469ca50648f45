//! What other tabs on the same work hold in storage: the document ids a new document must not
//! take, whether a change another tab made may mean a new document, and which documents
//! storage lists that this tab does not have yet.

use super::keys::{annotations_key, key_kind, KeyKind, INDEX_KEY, PREFIX};
use super::save::KeyValue;
use super::shapes::index_ids;
use std::collections::HashSet;

/// Every document id storage holds, this tab's and other tabs' (listed in the index, or with
/// annotations or a history): two tabs importing "BBC News" at once must not both take
/// `bbc-news`.
pub fn reserved_ids<S: KeyValue + ?Sized>(kv: &S) -> HashSet<String> {
    stored_ids(kv, true).into_iter().collect()
}

/// The ids the index lists, then those of any other document with annotations (and, with
/// `histories`, with a history), each once, in that order.
fn stored_ids<S: KeyValue + ?Sized>(kv: &S, histories: bool) -> Vec<String> {
    let mut ids = kv
        .get(INDEX_KEY)
        .map(|raw| index_ids(&raw))
        .unwrap_or_default();
    let mut seen: HashSet<String> = ids.iter().cloned().collect();
    for key in kv.keys(PREFIX) {
        let id = match key_kind(&key) {
            KeyKind::Annotations(id) => id,
            KeyKind::History(id) if histories => id,
            _ => continue,
        };
        if seen.insert(id.to_string()) {
            ids.push(id.to_string());
        }
    }
    ids
}

/// True when another tab's change to `key` (`written`: a value, not a removal) may mean a
/// document this tab does not know (`known` says which it does).
pub fn may_add_documents(key: &str, written: bool, known: impl Fn(&str) -> bool) -> bool {
    match key_kind(key) {
        KeyKind::Index | KeyKind::TextsWritten => true,
        KeyKind::Annotations(id) => written && !known(id),
        _ => false,
    }
}

/// The documents storage lists (by the index, then any other with annotations) that `known`
/// does not have. One without annotations is left out: every document a tab keeps has them,
/// so it is being deleted.
pub fn unknown_documents<S: KeyValue + ?Sized>(
    kv: &S,
    known: impl Fn(&str) -> bool,
) -> Vec<String> {
    stored_ids(kv, false)
        .into_iter()
        .filter(|id| !known(id) && kv.get(&annotations_key(id)).is_some())
        .collect()
}
