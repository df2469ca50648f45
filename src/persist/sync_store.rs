//! This browser's copy of a team's database (`postil_core::sync::Replica`) in IndexedDB: a
//! database of its own per team database and person (`postil-sync` and the two, so that
//! signing in elsewhere never mixes copies), each CouchDB document's entry under its id, the
//! sequence under `~since`. Only what changed is written after each sync. The sync settings
//! themselves are in localStorage (`postil_core::sync::settings::KEY`).

use crate::platform::idb::TextStore;
use crate::platform::storage::Storage;
use postil_core::sync::settings::{Settings, KEY};
use postil_core::sync::Replica;

fn db_name(settings: &Settings) -> String {
    format!("postil-sync {} {}", settings.url, settings.name)
}

/// The copy kept for `settings`, or an empty one (first sync, or no IndexedDB: then the copy
/// lives as long as the page, and the next start reads everything again).
pub async fn load(settings: &Settings) -> Replica {
    match TextStore::open_named(&db_name(settings)).await {
        Ok(store) => {
            let items = store.get_all().await.unwrap_or_default();
            store.close();
            Replica::from_items(items)
        }
        Err(_) => Replica::new(),
    }
}

/// Writes what changed (`Replica::take_touched`). A failure only means the next sync does
/// more work: the server has everything that was pushed.
pub async fn save(settings: &Settings, items: Vec<(String, Option<String>)>) {
    let Ok(store) = TextStore::open_named(&db_name(settings)).await else {
        return;
    };
    let (put, gone): (Vec<_>, Vec<_>) = items.into_iter().partition(|(_, v)| v.is_some());
    let put: Vec<(String, String)> = put.into_iter().filter_map(|(k, v)| Some((k, v?))).collect();
    let gone: Vec<String> = gone.into_iter().map(|(k, _)| k).collect();
    if !put.is_empty() {
        let _ = store.put_many(&put).await;
    }
    if !gone.is_empty() {
        let _ = store.delete_many(&gone).await;
    }
    store.close();
}

/// Forgets the copy kept for `settings`.
pub async fn forget(settings: &Settings) {
    let _ = TextStore::delete_named(&db_name(settings)).await;
}

/// The settings kept in this browser, if any.
pub fn settings(storage: &Storage) -> Option<Settings> {
    storage.get(KEY).and_then(|raw| Settings::from_json(&raw))
}

/// Keeps `settings` (`None`: stops syncing). Whether it could.
pub fn keep_settings(storage: &Storage, settings: Option<&Settings>) -> bool {
    match settings {
        Some(s) => storage.set(KEY, &s.to_json()).is_ok(),
        None => storage.remove(KEY).is_ok(),
    }
}
