//! Opening both stores before the app starts: IndexedDB for texts and the journal (read whole,
//! waiting [`IDB_WAIT_MS`] at most), localStorage for the rest; what a crash took from
//! localStorage is put back from the journal, and texts a layout-1 store still keeps in
//! localStorage are moved to IndexedDB.

use crate::platform::dom::now_ms;
use crate::platform::idb::{IdbError, TextStore};
use crate::platform::storage::Storage;
use postil_core::store;
use std::collections::HashMap;
use std::future::Future;
use std::rc::Rc;
use std::task::Poll;

/// How long start-up waits for IndexedDB before going on with localStorage alone (a browser
/// whose IndexedDB hangs would otherwise show "Opening your documents…" forever).
pub const IDB_WAIT_MS: u32 = 4_000;

/// What the app starts from: storage, the texts read from IndexedDB (and journal values put
/// back), and what to tell the user.
pub struct Boot {
    pub storage: Rc<Storage>,
    pub store: Option<TextStore>,
    /// IndexedDB's texts, and journal values newer than localStorage's, by key.
    pub texts: HashMap<String, String>,
    /// Why texts are not in IndexedDB, or what went wrong moving them there.
    pub warning: Option<String>,
    /// One line per value put back from the journal.
    pub restored: Vec<String>,
}

impl Boot {
    /// Texts in localStorage with everything else (no IndexedDB), as the storage tests use.
    pub fn local(storage: Rc<Storage>) -> Self {
        Boot {
            storage,
            store: None,
            texts: HashMap::new(),
            warning: None,
            restored: Vec::new(),
        }
    }
}

/// The output of `work`, or `None` if `ms` milliseconds pass first.
async fn within<T>(ms: u32, work: impl Future<Output = T>) -> Option<T> {
    let mut work = Box::pin(work);
    let mut timer = gloo::timers::future::TimeoutFuture::new(ms);
    std::future::poll_fn(move |cx| {
        if let Poll::Ready(v) = work.as_mut().poll(cx) {
            return Poll::Ready(Some(v));
        }
        match std::pin::Pin::new(&mut timer).poll(cx) {
            Poll::Ready(()) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    })
    .await
}

/// Opens both stores, puts back what the journal holds newer, and finishes moving texts out of
/// localStorage. Never fails: without IndexedDB (or when it does not answer in time), texts
/// stay in localStorage (and the user is told it holds about 5 MB, and that there is no copy
/// that survives a crash).
pub async fn boot() -> Boot {
    let storage = Rc::new(Storage::open());
    let opening = async {
        let store = TextStore::open().await?;
        let texts = store.get_all().await?;
        let journal = store.get_journal().await?;
        Ok::<_, IdbError>((store, (texts, journal)))
    };
    let (store, (texts, journal)) = match within(IDB_WAIT_MS, opening).await {
        Some(Ok(x)) => x,
        failed => {
            let why = match failed {
                Some(Err(e)) => e.to_string(),
                _ => format!(
                    "the browser's database did not answer within {} seconds",
                    IDB_WAIT_MS / 1000
                ),
            };
            return Boot {
                warning: Some(format!(
                    "Article texts are kept in localStorage, which holds only about 5 MB, and changes have no copy that survives a crash, because {why}. Reload to try again."
                )),
                ..Boot::local(storage)
            };
        }
    };
    let mut texts: HashMap<String, String> = texts.into_iter().collect();
    let journal: HashMap<String, String> = journal.into_iter().collect();
    let mut warning = None;

    // The journal against localStorage: put back what a crash lost, copy what the journal
    // lacks, and drop copies of documents deleted since.
    let plan = store::reconcile(&*storage, &journal);
    let mut restored = Vec::new();
    for (key, value) in &plan.restore {
        if plan.damaged.contains(key) {
            // Never lose even damaged data without a copy: if it cannot be backed up, it is
            // left for `store::open` to report and protect.
            let raw = storage.get(key).unwrap_or_default();
            let copy = store::backup_key(key, now_ms());
            if storage.set(&copy, &raw).is_err() {
                continue;
            }
            restored.push(format!(
                "{key} could not be read (a copy is kept under “{copy}”); the copy kept in IndexedDB was put back."
            ));
        } else {
            restored.push(store::restored_sentence(key, &texts));
        }
        // Read from here even if localStorage refuses it (full): the journal's copy is newer.
        let _ = storage.set(key, value);
        texts.insert(key.clone(), value.clone());
    }
    if store
        .commit(&plan.copy, &plan.drop, store::is_text_key)
        .await
        .is_err()
    {
        warning = Some("The crash-safe copy of your work could not be brought up to date; it will be on the next change.".to_string());
    }

    let local: Vec<(String, String)> = storage
        .keys(store::PREFIX)
        .into_iter()
        .filter(|k| store::is_text_key(k))
        .filter_map(|k| storage.get(&k).map(|v| (k, v)))
        .collect();
    let migration = store::plan_text_migration(&local, &texts, now_ms());
    let copied = if migration.copy.is_empty() {
        Ok(())
    } else {
        store.put_many(&migration.copy).await
    };
    match copied {
        Ok(()) => {
            texts.extend(migration.copy);
            for key in &migration.remove_local {
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
        restored,
    }
}
