//! The IndexedDB side of each save: new article texts, and the journal copy of every value
//! written to localStorage (`postil_core::store` says why: localStorage reaches the disk seconds
//! after a write, an IndexedDB commit does not). IndexedDB answers asynchronously, so the saver
//! hands the work over ([`IdbWork`]) and this writes it: one transaction at a time, in order,
//! each committed durably; work that arrives meanwhile is gathered (the latest value of each
//! key) into the next transaction, so a burst of edits costs a few commits, not one each.
//! While anything is queued the toolbar says "Saving…" and the page asks before it closes.

use super::{status, Saver};
use crate::platform::dom::now_ms;
use crate::platform::storage::Storage;
use crate::state::{Action, AppState};
use postil_core::prose::plural;
use postil_core::store::{self, IdbWork};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::UseReducerDispatcher;

/// Writes not yet handed to IndexedDB, by key (`None`: delete), and whether a transaction is
/// under way.
#[derive(Default)]
struct Queue {
    waiting: BTreeMap<String, Option<String>>,
    busy: bool,
}

thread_local! {
    static QUEUE: RefCell<Queue> = RefCell::new(Queue::default());
}

/// Queues `work` for IndexedDB and starts writing unless a write is under way.
pub fn write(
    saver: Rc<RefCell<Saver>>,
    storage: Rc<Storage>,
    work: IdbWork,
    dispatcher: UseReducerDispatcher<AppState>,
) {
    if work.is_empty() || saver.borrow().text_store().is_none() {
        return;
    }
    let start = QUEUE.with(|q| {
        let mut q = q.borrow_mut();
        for (k, v) in work.put {
            q.waiting.insert(k, Some(v));
        }
        for k in work.delete {
            q.waiting.insert(k, None);
        }
        !std::mem::replace(&mut q.busy, true)
    });
    if start {
        status::journal_started();
        wasm_bindgen_futures::spawn_local(drain(saver, storage, dispatcher));
    }
}

/// Writes what is queued, one transaction after another, until nothing is left.
async fn drain(
    saver: Rc<RefCell<Saver>>,
    storage: Rc<Storage>,
    dispatcher: UseReducerDispatcher<AppState>,
) {
    let mut last_error = None;
    loop {
        let batch = QUEUE.with(|q| {
            let mut q = q.borrow_mut();
            let batch = std::mem::take(&mut q.waiting);
            if batch.is_empty() {
                q.busy = false;
            }
            batch
        });
        if batch.is_empty() {
            break;
        }
        let Some(texts) = saver.borrow().text_store() else {
            break;
        };
        let (mut put, mut delete) = (Vec::new(), Vec::new());
        for (k, v) in batch {
            match v {
                Some(v) => put.push((k, v)),
                None => delete.push(k),
            }
        }
        let new_texts: Vec<String> = put
            .iter()
            .map(|(k, _)| k.clone())
            .filter(|k| store::is_text_key(k))
            .collect();
        match texts.commit(&put, &delete, store::is_text_key).await {
            Ok(()) => {
                last_error = None;
                if !new_texts.is_empty() {
                    // Other tabs hear only of localStorage: this sends them to read the texts.
                    let _ = storage.set(store::TEXTS_WRITTEN_KEY, &now_ms().to_string());
                }
            }
            Err(e) => {
                last_error = Some(e.to_string());
                if !new_texts.is_empty() {
                    saver.borrow_mut().forget_texts(&new_texts);
                    dispatcher.dispatch(Action::StorageWarning(Some(format!(
                        "{} article text{} could not be saved: {e}. They stay open in this tab; export your work (Export JSON) to keep it.",
                        new_texts.len(),
                        plural(new_texts.len())
                    ))));
                }
            }
        }
    }
    status::journal_finished(last_error);
}
