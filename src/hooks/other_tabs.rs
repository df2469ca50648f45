//! What other browser tabs on the same work do. Their localStorage writes arrive through the
//! browser's `storage` event. A document's annotations or the schema are compared by revision
//! with what this tab last read or wrote (`store::Saver::doc_arrived`): this tab's own value
//! and values it already has are left alone, a newer one is taken, one written beside this
//! tab's own is merged with it, and one this Postil cannot read (a newer Postil's, or broken)
//! is backed up and never written over. Values are read from storage when the event comes,
//! not from the event, so a late event never brings back an older value. Documents other tabs
//! add have their texts in IndexedDB, which sends no event: a change to the index, to
//! `texts-written` or to an unknown document's annotations makes this tab look for documents
//! it does not have, read them and add them (a short wait first gathers the many events one
//! import in the other tab causes into one look).

use crate::notice::Notice;
use crate::persist::Saver;
use crate::platform::dom::now_ms;
use crate::platform::idb::TextStore;
use crate::platform::storage::Storage;
use crate::state::{Action, AppState};
use gloo::events::EventListener;
use postil_core::store::Lineage;
use postil_core::store::{self, Arrival, KeyKind};
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
                // What this tab has due is stored first: the arrival is compared with it.
                super::persistence::flush();
                let value = e.new_value();
                if let (KeyKind::Annotations(id), None) = (store::key_kind(&key), &value) {
                    // A deletion in another tab, if its annotations are really gone (and not
                    // written again since, by a restore).
                    if storage.get(&key).is_some() {
                        return;
                    }
                    saver.borrow_mut().forget_document(id);
                }
                if value.is_some() && take_value(&key, &storage, &saver, &latest, &dispatcher) {
                    return;
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

/// Takes in another tab's annotations or schema (or index and settings revisions); true when
/// `key` was one of those and is dealt with.
fn take_value(
    key: &str,
    storage: &Storage,
    saver: &RefCell<Saver>,
    latest: &RefCell<AppState>,
    dispatcher: &UseReducerDispatcher<AppState>,
) -> bool {
    let kind = store::key_kind(key);
    if !matches!(
        kind,
        KeyKind::Annotations(_) | KeyKind::Schema | KeyKind::Index
    ) && key != store::SETTINGS_KEY
    {
        return false;
    }
    // What storage holds now: a later write may have replaced the event's value already.
    let Some(raw) = storage.get(key) else {
        return true;
    };
    if saver.borrow().is_protected(key) {
        return true;
    }
    let ws = latest.borrow().ws.clone();
    match kind {
        KeyKind::Annotations(id) => {
            let arrival = saver.borrow_mut().doc_arrived(&ws, id, &raw);
            match arrival {
                // Not a document this tab has: it may be one another tab added.
                None => return false,
                Some(Arrival::Same) => {}
                Some(Arrival::Take { expect, value }) => dispatcher.dispatch(Action::TookDoc {
                    id: id.to_string(),
                    expect,
                    value,
                }),
                Some(Arrival::Unreadable(why)) => {
                    let title = ws.doc(id).map_or(id.to_string(), |d| d.title().to_string());
                    unreadable(
                        key,
                        &raw,
                        &format!("the annotations of “{title}”"),
                        &why,
                        storage,
                        saver,
                        dispatcher,
                    );
                }
            }
        }
        KeyKind::Schema => match saver.borrow_mut().schema_arrived(&ws, &raw) {
            Arrival::Same => {}
            Arrival::Take { expect, value } => {
                dispatcher.dispatch(Action::TookSchema { expect, value })
            }
            Arrival::Unreadable(why) => {
                unreadable(key, &raw, "the labels", &why, storage, saver, dispatcher)
            }
        },
        _ => {
            saver.borrow_mut().other_arrived(key, &raw);
            // The index may also mean new documents: let the caller look.
            return kind != KeyKind::Index;
        }
    }
    true
}

/// Another tab wrote a value this Postil cannot read (a newer Postil's, or broken): copy it
/// to a backup key, never write over it, and say so.
fn unreadable(
    key: &str,
    raw: &str,
    what: &str,
    why: &str,
    storage: &Storage,
    saver: &RefCell<Saver>,
    dispatcher: &UseReducerDispatcher<AppState>,
) {
    saver.borrow_mut().protect(key);
    let copy = store::backup_key(key, now_ms());
    let kept = match storage.set(&copy, raw) {
        Ok(()) => format!("A copy is kept under “{copy}”"),
        Err(_) => "It could not be copied to a backup, and is left as it is".to_string(),
    };
    let mut notice = Notice::error(format!(
        "Another tab wrote {what} in a form this Postil cannot read ({why}). {kept}; this tab no longer saves it, so nothing is written over it. Reload the page (with the newer Postil, if one wrote it) to go on."
    ));
    notice.details = vec![key.to_string()];
    dispatcher.dispatch(Action::Notify(notice));
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
                super::persistence::flush();
                saver.borrow_mut().adopt(&found);
                let docs = found.into_iter().map(|(d, _)| d).collect();
                dispatcher.dispatch(Action::DocumentsArrived(docs));
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
) -> Vec<(Doc, Lineage)> {
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
        if let Some((document, history, lineage)) = store::load_document(&id, get) {
            found.push((Doc::new(document, history), lineage));
        }
    }
    found
}
