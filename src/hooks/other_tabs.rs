//! What other browser tabs on the same work do. Their localStorage writes arrive through the
//! browser's `storage` event and go to the reducer (`state::sync` reads them with the store's
//! parsers and the workspace takes them in). Documents they add have their texts in
//! IndexedDB, which sends no event: a change to the index, to `texts-written` or to an unknown
//! document's annotations makes this tab look for documents it does not have, read them and
//! add them (a short wait first gathers the many events one import in the other tab causes
//! into one look).

use crate::persist::Saver;
use crate::platform::idb::TextStore;
use crate::platform::storage::Storage;
use crate::state::{Action, AppState};
use gloo::events::EventListener;
use postil_core::store::{self, KeyKind};
use postil_core::workspace::Doc;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Listens to the `storage` event for as long as the app is mounted.
#[hook]
pub fn use_other_tabs(
    dispatcher: UseReducerDispatcher<AppState>,
    latest: Rc<RefCell<AppState>>,
    storage: Rc<Storage>,
    saver: Rc<RefCell<Saver>>,
) {
    use_effect_with((), move |_| {
        let arrivals = Rc::new(Arrivals::default());
        let listener = web_sys::window().map(|w| {
            EventListener::new(&w, "storage", move |event| {
                let Some(e) = event.dyn_ref::<web_sys::StorageEvent>() else {
                    return;
                };
                let Some(key) = e.key() else {
                    return;
                };
                let value = e.new_value();
                if let (KeyKind::Annotations(id), None) = (store::key_kind(&key), &value) {
                    // A deletion in another tab, if its annotations are really gone (and not
                    // written again since, by a restore).
                    if storage.get(&key).is_some() {
                        return;
                    }
                    saver.borrow_mut().forget_document(id);
                }
                let known = |id: &str| latest.borrow().ws.doc(id).is_some();
                if store::may_add_documents(&key, value.is_some(), known) {
                    look_for_arrivals(
                        arrivals.clone(),
                        storage.clone(),
                        saver.clone(),
                        latest.clone(),
                        dispatcher.clone(),
                    );
                }
                dispatcher.dispatch(Action::StorageChanged { key, value });
            })
        });
        move || drop(listener)
    });
}

/// Whether a look is under way, and whether another was asked for meanwhile.
#[derive(Default)]
struct Arrivals {
    busy: Cell<bool>,
    again: Cell<bool>,
}

/// Looks (soon) for documents storage has and this tab does not, and adds them.
fn look_for_arrivals(
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
                .ws
                .docs()
                .iter()
                .map(|d| d.id().to_string())
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
) -> Vec<Doc> {
    let mut found = Vec::new();
    for id in store::unknown_documents(storage, |id| known.contains(id)) {
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
            found.push(Doc::new(document, history));
        }
    }
    found
}
