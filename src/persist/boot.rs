//! Opening both stores before the app starts: IndexedDB for texts (read whole), localStorage
//! for the rest, and the move of texts a layout-1 store still keeps in localStorage.

use crate::platform::dom::now_ms;
use crate::platform::idb::TextStore;
use crate::platform::storage::Storage;
use postil_core::store;
use std::collections::HashMap;
use std::rc::Rc;

/// What the app starts from: storage, the texts read from IndexedDB, and what to tell the user.
pub struct Boot {
    pub storage: Rc<Storage>,
    pub store: Option<TextStore>,
    /// IndexedDB's values, by key.
    pub texts: HashMap<String, String>,
    /// Why texts are not in IndexedDB, or what went wrong moving them there.
    pub warning: Option<String>,
}

impl Boot {
    /// Texts in localStorage with everything else (no IndexedDB), as the storage tests use.
    pub fn local(storage: Rc<Storage>) -> Self {
        Boot {
            storage,
            store: None,
            texts: HashMap::new(),
            warning: None,
        }
    }
}

/// Opens both stores and finishes moving texts out of localStorage. Never fails: without
/// IndexedDB, texts stay in localStorage (and the user is told it holds about 5 MB).
pub async fn boot() -> Boot {
    let storage = Rc::new(Storage::open());
    let opened = match TextStore::open().await {
        Ok(store) => store.get_all().await.map(|all| (store, all)),
        Err(e) => Err(e),
    };
    let (store, all) = match opened {
        Ok(x) => x,
        Err(e) => {
            return Boot {
                storage,
                store: None,
                texts: HashMap::new(),
                warning: Some(format!(
                    "Article texts are kept in localStorage, which holds only about 5 MB, because {e}."
                )),
            };
        }
    };
    let mut texts: HashMap<String, String> = all.into_iter().collect();
    let local: Vec<(String, String)> = storage
        .keys(store::PREFIX)
        .into_iter()
        .filter(|k| store::is_text_key(k))
        .filter_map(|k| storage.get(&k).map(|v| (k, v)))
        .collect();
    let plan = store::plan_text_migration(&local, &texts, now_ms());
    let mut warning = None;
    let copied = if plan.copy.is_empty() {
        Ok(())
    } else {
        store.put_many(&plan.copy).await
    };
    match copied {
        Ok(()) => {
            texts.extend(plan.copy);
            for key in &plan.remove_local {
                // A text left behind is read from IndexedDB first and removed next start.
                let _ = storage.remove(key);
            }
        }
        Err(e) => {
            warning = Some(format!(
            "Article texts could not be moved out of localStorage ({e}); they stay there for now."
        ))
        }
    }
    Boot {
        storage,
        store: Some(store),
        texts,
        warning,
    }
}
