//! Documents another tab adds. Their texts are in IndexedDB, which sends no event, so a
//! change to the index, to `texts-written` or to an unknown document's annotations makes this
//! tab look for documents it does not have, read them, and add them (a short wait first
//! gathers the many events one import in the other tab causes into one look).
//! Annotation, history and schema changes, and deletions, come through `state::sync`.

use crate::persist::Saver;
use crate::platform::idb::TextStore;
use crate::platform::storage::Storage;
use crate::state::{Action, AppState, Entry};
use postil_core::store::{self, KeyKind};
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use yew::UseReducerDispatcher;

/// Whether a look is under way, and whether another was asked for meanwhile.
#[derive(Default)]
pub struct Arrivals {
    busy: Cell<bool>,
    again: Cell<bool>,
}

/// True when the change another tab made to `key` may mean a new document.
pub fn may_add_documents(key: &str, value: Option<&str>, state: &AppState) -> bool {
    match store::key_kind(key) {
        KeyKind::Index | KeyKind::TextsWritten => true,
        KeyKind::Annotations(id) => value.is_some() && !state.entries.iter().any(|e| e.id() == id),
        _ => false,
    }
}

/// Looks (soon) for documents storage has and this tab does not, and adds them.
#[allow(clippy::too_many_arguments)]
pub fn look_for_arrivals(
    arrivals: Rc<Arrivals>,
    storage: Rc<Storage>,
    saver: Rc<RefCell<Saver>>,
    latest: Rc<RefCell<AppState>>,
    dispatcher: UseReducerDispatcher<AppState>,
) {
    if arrivals.busy.replace(true) {
        arrivals.again.set(true);
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        loop {
            gloo::timers::future::TimeoutFuture::new(150).await;
            arrivals.again.set(false);
            let known: HashSet<String> = latest
                .borrow()
                .entries
                .iter()
                .map(|e| e.id().to_string())
                .collect();
            let texts = saver.borrow().text_store();
            let found = read_new(&storage, texts.as_ref(), &known).await;
            if !found.is_empty() {
                saver.borrow_mut().adopt(&found);
                dispatcher.dispatch(Action::DocumentsArrived(found));
            }
            if !arrivals.again.get() {
                break;
            }
        }
        arrivals.busy.set(false);
    });
}

/// Reads the documents listed in storage (by the index or by their annotations) that are not
/// in `known` and whose text is there.
async fn read_new(
    storage: &Storage,
    texts: Option<&TextStore>,
    known: &HashSet<String>,
) -> Vec<Entry> {
    let mut ids = storage
        .get(store::INDEX_KEY)
        .map(|raw| store::index_ids(&raw))
        .unwrap_or_default();
    for key in storage.keys(store::PREFIX) {
        if let KeyKind::Annotations(id) = store::key_kind(&key) {
            if !ids.iter().any(|i| i == id) {
                ids.push(id.to_string());
            }
        }
    }
    let mut found = Vec::new();
    for id in ids.into_iter().filter(|id| !known.contains(id)) {
        // Every document a tab keeps has its annotations key; one without is being deleted.
        if storage.get(&store::annotations_key(&id)).is_none() {
            continue;
        }
        let key = store::doc_key(&id);
        let text = match texts {
            Some(t) => t.get(&key).await.ok().flatten(),
            None => storage.get(&key),
        };
        let Some(text) = text else {
            // Not written yet: `texts-written` brings this tab back when it is.
            continue;
        };
        let one: HashMap<String, String> = [(key, text)].into();
        let get = |k: &str| one.get(k).cloned().or_else(|| storage.get(k));
        if let Some((document, history)) = store::load_document(&id, get) {
            found.push(Entry::new(document, history));
        }
    }
    found
}
