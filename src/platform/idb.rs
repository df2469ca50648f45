//! Article texts in IndexedDB: one object store of string keys (`postil/v1/doc/<id>`) to string
//! values (the JSON the app already made). localStorage holds about 5 M characters per origin,
//! too little for a corpus of long articles; IndexedDB holds as much as the browser's quota.
//!
//! IndexedDB reports through events. Each request or transaction is turned into a future by a
//! `js_sys::Promise` whose own `resolve`/`reject` functions are set as the event handlers: no Rust
//! closure is made per call, so nothing is leaked or left dangling however many calls there are.
//! The one Rust closure, the `upgradeneeded` handler, exists once per `open`.
//!
//! Invariants:
//! - Handlers are set in the same (synchronous) step that issues a request, never later: an
//!   event that fires before the handler is set is lost, and the future would wait forever.
//! - Writes resolve only on the transaction's `complete`, so `Ok` means the data is committed.
//! - Nothing the browser does makes this module panic: every JS result is matched.
//! - A connection closes itself on `versionchange`, so another tab (a newer Postil, or one that
//!   deletes the database) is never blocked by this one. Calls on a closed store return
//!   `IdbError::Unavailable`.

use js_sys::{Array, Function, Promise, Reflect};
use std::fmt;
use std::future::Future;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DomException, Event, IdbDatabase, IdbFactory, IdbOpenDbRequest, IdbRequest, IdbTransaction,
    IdbTransactionMode,
};

/// The app's database.
pub const DB_NAME: &str = "postil";
/// The object store of article texts.
pub const STORE: &str = "texts";
/// The object store of the journal: a copy of every value written to localStorage, by key.
pub const JOURNAL: &str = "journal";
/// The schema version: version 1 is the texts' object store, version 2 adds the journal's
/// (both of out-of-line string keys).
pub const VERSION: u32 = 2;

/// Why a call on a closed connection failed.
const CLOSED: &str = "the connection was closed, for example because another tab deleted or \
                      upgraded the database; reload the page to reconnect";

/// Why IndexedDB did not do what was asked. `Display` gives a lower-case clause for the user
/// ("the browser's storage is full"), to be put in a sentence that says what was kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdbError {
    /// No IndexedDB: private browsing, storage blocked by settings, or the connection was closed
    /// because another tab upgraded or deleted the database.
    Unavailable(String),
    /// The origin's storage quota is used up.
    Full,
    /// Anything else the browser reported.
    Failed(String),
}

impl fmt::Display for IdbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdbError::Unavailable(why) => write!(
                f,
                "the browser does not let Postil keep article texts in its database ({why})"
            ),
            IdbError::Full => f.write_str("the browser's storage is full"),
            IdbError::Failed(what) => write!(
                f,
                "the browser could not read or write the stored article texts ({what})"
            ),
        }
    }
}

impl std::error::Error for IdbError {}

impl From<DomException> for IdbError {
    /// Sorts the browser's exception by its name, the one stable part of it.
    fn from(e: DomException) -> Self {
        match e.name().as_str() {
            "QuotaExceededError" => IdbError::Full,
            "SecurityError" | "NotAllowedError" => IdbError::Unavailable(e.message()),
            // The only state error our calls can meet: the connection was closed, by
            // `versionchange` (another tab) or by `close`.
            "InvalidStateError" => IdbError::Unavailable(CLOSED.into()),
            name => IdbError::Failed(format!("{name}: {}", e.message())),
        }
    }
}

impl IdbError {
    fn from_js(e: JsValue) -> Self {
        match e.dyn_into::<DomException>() {
            Ok(d) => d.into(),
            Err(e) => IdbError::Failed(e.as_string().unwrap_or_else(|| format!("{e:?}"))),
        }
    }

    /// A failure to open means the database cannot be used at all, except when it is full.
    fn when_opening(self) -> Self {
        match self {
            IdbError::Failed(what) => IdbError::Unavailable(what),
            other => other,
        }
    }
}

/// A connection to the texts database. Cloning shares the connection.
#[derive(Clone, Debug)]
pub struct TextStore {
    db: IdbDatabase,
}

impl TextStore {
    /// Opens (creating on first use) the app's database.
    pub async fn open() -> Result<TextStore, IdbError> {
        Self::open_named(DB_NAME).await
    }

    /// Opens (creating on first use) the database `db_name`; tests use their own names.
    pub async fn open_named(db_name: &str) -> Result<TextStore, IdbError> {
        let factory = factory()?;
        let request = factory
            .open_with_u32(db_name, VERSION)
            .map_err(|e| IdbError::from_js(e).when_opening())?;
        let upgrade = UpgradeHandler::install(&request);
        // `blocked` is not handled: it fires only when an upgrade waits for other connections to
        // close, and every Postil connection closes on `versionchange`, so the wait ends.
        let opened = wait(&request).await;
        upgrade.finish();
        let db = opened
            .map_err(IdbError::when_opening)?
            .dyn_into::<IdbDatabase>()
            .map_err(|_| IdbError::Unavailable("the browser opened no database".into()))?;
        close_on_versionchange(&db);
        if !db.object_store_names().contains(STORE) || !db.object_store_names().contains(JOURNAL) {
            // Only if an earlier `open` was dropped before its upgrade ran: never in the app.
            db.close();
            return Err(IdbError::Failed(format!(
                "the database “{db_name}” has no “{STORE}” store"
            )));
        }
        Ok(TextStore { db })
    }

    /// Deletes the database `db_name` and everything in it. Open connections to it close
    /// themselves first (see the module comment).
    pub async fn delete_named(db_name: &str) -> Result<(), IdbError> {
        let request = factory()?
            .delete_database(db_name)
            .map_err(IdbError::from_js)?;
        wait(&request).await.map(|_| ())
    }

    /// Closes the connection; later calls on any clone return `IdbError::Unavailable`.
    pub fn close(&self) {
        self.db.close();
    }

    /// Every key and value, in key order (IndexedDB compares strings by UTF-16 code units), read
    /// in one transaction. An entry whose key or value is not a string (not written by Postil)
    /// is left out.
    pub async fn get_all(&self) -> Result<Vec<(String, String)>, IdbError> {
        let tx = self.transaction(IdbTransactionMode::Readonly)?;
        let store = tx.object_store(STORE).map_err(IdbError::from_js)?;
        // Both requests are issued (and their handlers set) before either is awaited.
        let keys = wait(&store.get_all_keys().map_err(IdbError::from_js)?);
        let values = wait(&store.get_all().map_err(IdbError::from_js)?);
        let keys: Array = keys.await?.unchecked_into();
        let values: Array = values.await?.unchecked_into();
        if keys.length() != values.length() {
            return Err(IdbError::Failed(format!(
                "{} keys but {} values",
                keys.length(),
                values.length()
            )));
        }
        Ok(keys
            .iter()
            .zip(values.iter())
            .filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?)))
            .collect())
    }

    /// Every key and value of the journal, read in one transaction (see [`TextStore::get_all`]).
    pub async fn get_journal(&self) -> Result<Vec<(String, String)>, IdbError> {
        let tx = self
            .db
            .transaction_with_str_and_mode(JOURNAL, IdbTransactionMode::Readonly)
            .map_err(IdbError::from_js)?;
        let store = tx.object_store(JOURNAL).map_err(IdbError::from_js)?;
        let keys = wait(&store.get_all_keys().map_err(IdbError::from_js)?);
        let values = wait(&store.get_all().map_err(IdbError::from_js)?);
        let keys: Array = keys.await?.unchecked_into();
        let values: Array = values.await?.unchecked_into();
        Ok(keys
            .iter()
            .zip(values.iter())
            .filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?)))
            .collect())
    }

    /// The value under `key`; `None` when there is none (or it is not a string).
    pub async fn get(&self, key: &str) -> Result<Option<String>, IdbError> {
        let tx = self.transaction(IdbTransactionMode::Readonly)?;
        let store = tx.object_store(STORE).map_err(IdbError::from_js)?;
        let request = store
            .get(&JsValue::from_str(key))
            .map_err(IdbError::from_js)?;
        Ok(wait(&request).await?.as_string())
    }

    /// Writes every pair, replacing existing values, in one transaction: all are kept or none.
    /// Resolves once the transaction has committed.
    pub async fn put_many(&self, items: &[(String, String)]) -> Result<(), IdbError> {
        if items.is_empty() {
            return Ok(());
        }
        self.write(|store| {
            items.iter().try_for_each(|(key, value)| {
                store
                    .put_with_key(&JsValue::from_str(value), &JsValue::from_str(key))
                    .map(drop)
            })
        })
        .await
    }

    /// Removes every key (absent keys are no error) in one transaction. Resolves once the
    /// transaction has committed.
    pub async fn delete_many(&self, keys: &[String]) -> Result<(), IdbError> {
        if keys.is_empty() {
            return Ok(());
        }
        self.write(|store| {
            keys.iter()
                .try_for_each(|key| store.delete(&JsValue::from_str(key)).map(drop))
        })
        .await
    }

    /// Puts and deletes, texts (`is_text`) in the texts' store and the rest in the journal, in
    /// one transaction whose commit the browser reports only once it is on disk (durability
    /// "strict"): what the app then shows as saved survives a crash or a power cut. All are
    /// kept or none.
    pub async fn commit(
        &self,
        put: &[(String, String)],
        delete: &[String],
        is_text: impl Fn(&str) -> bool,
    ) -> Result<(), IdbError> {
        if put.is_empty() && delete.is_empty() {
            return Ok(());
        }
        let options = js_sys::Object::new();
        let _ = Reflect::set(&options, &"durability".into(), &"strict".into());
        let tx = durable_transaction(&self.db, &options).map_err(IdbError::from_js)?;
        let done = wait_transaction(&tx);
        let texts = tx.object_store(STORE).map_err(IdbError::from_js)?;
        let journal = tx.object_store(JOURNAL).map_err(IdbError::from_js)?;
        let store = |key: &str| {
            if is_text(key) {
                texts.clone()
            } else {
                journal.clone()
            }
        };
        let issued = put
            .iter()
            .try_for_each(|(key, value)| {
                store(key)
                    .put_with_key(&JsValue::from_str(value), &JsValue::from_str(key))
                    .map(drop)
            })
            .and_then(|()| {
                delete
                    .iter()
                    .try_for_each(|key| store(key).delete(&JsValue::from_str(key)).map(drop))
            });
        if let Err(e) = issued {
            let _ = tx.abort();
            return Err(IdbError::from_js(e));
        }
        done.await
    }

    fn transaction(&self, mode: IdbTransactionMode) -> Result<IdbTransaction, IdbError> {
        self.db
            .transaction_with_str_and_mode(STORE, mode)
            .map_err(IdbError::from_js)
    }

    /// Runs `issue` in a readwrite transaction and waits for `complete`. If `issue` fails the
    /// transaction is aborted, so nothing of it is written.
    async fn write(
        &self,
        issue: impl FnOnce(&web_sys::IdbObjectStore) -> Result<(), JsValue>,
    ) -> Result<(), IdbError> {
        let tx = self.transaction(IdbTransactionMode::Readwrite)?;
        let done = wait_transaction(&tx);
        let store = tx.object_store(STORE).map_err(IdbError::from_js)?;
        if let Err(e) = issue(&store) {
            // The transaction may already be finishing; nothing more to do then.
            let _ = tx.abort();
            return Err(IdbError::from_js(e));
        }
        done.await
    }
}

/// `db.transaction(["texts", "journal"], "readwrite", options)`: web-sys offers the options
/// argument only behind its unstable flag, so it is called through `Reflect`. A browser
/// without durability options ignores them.
fn durable_transaction(
    db: &IdbDatabase,
    options: &js_sys::Object,
) -> Result<IdbTransaction, JsValue> {
    let transaction: Function = Reflect::get(db, &JsValue::from_str("transaction"))?.dyn_into()?;
    let stores = Array::of2(&JsValue::from_str(STORE), &JsValue::from_str(JOURNAL));
    transaction
        .call3(db, &stores, &JsValue::from_str("readwrite"), options)?
        .dyn_into()
}

fn factory() -> Result<IdbFactory, IdbError> {
    let window =
        web_sys::window().ok_or_else(|| IdbError::Unavailable("no browser window".into()))?;
    match window.indexed_db() {
        Ok(Some(factory)) => Ok(factory),
        Ok(None) => Err(IdbError::Unavailable(
            "this browser has no IndexedDB".into(),
        )),
        Err(e) => Err(IdbError::from_js(e).when_opening()),
    }
}

/// A future for the first of the events that `hook` wires to the promise's resolve and reject.
fn settle(hook: impl FnOnce(&Function, &Function)) -> JsFuture {
    let mut hook = Some(hook);
    // The executor runs synchronously inside the constructor, so the handlers are in place
    // when this returns.
    let promise = Promise::new(&mut |resolve, reject| {
        if let Some(hook) = hook.take() {
            hook(&resolve, &reject);
        }
    });
    JsFuture::from(promise)
}

/// The request's result on `success`, its error on `error`. The handlers are set now; the
/// returned future only reads the outcome.
fn wait(request: &IdbRequest) -> impl Future<Output = Result<JsValue, IdbError>> {
    let outcome = settle(|ok, fail| {
        request.set_onsuccess(Some(ok));
        request.set_onerror(Some(fail));
    });
    let request = request.clone();
    async move {
        match outcome.await {
            Ok(_) => request.result().map_err(IdbError::from_js),
            Err(_) => Err(match request.error() {
                Ok(Some(e)) => e.into(),
                _ => IdbError::Failed("the request failed".into()),
            }),
        }
    }
}

/// `Ok` on the transaction's `complete`; its error on `error` or `abort`.
fn wait_transaction(tx: &IdbTransaction) -> impl Future<Output = Result<(), IdbError>> {
    let outcome = settle(|ok, fail| {
        tx.set_oncomplete(Some(ok));
        tx.set_onerror(Some(fail));
        tx.set_onabort(Some(fail));
    });
    let tx = tx.clone();
    async move {
        match outcome.await {
            Ok(_) => Ok(()),
            Err(event) => Err(transaction_error(&tx, &event)),
        }
    }
}

/// On `abort` the transaction holds the error; on an `error` bubbled up from a request the
/// transaction may not have it yet, but the request (the event's target) does.
fn transaction_error(tx: &IdbTransaction, event: &JsValue) -> IdbError {
    if let Some(e) = tx.error() {
        return e.into();
    }
    let from_request = event
        .dyn_ref::<Event>()
        .and_then(|ev| ev.target())
        .and_then(|t| t.dyn_into::<IdbRequest>().ok())
        .and_then(|r| r.error().ok().flatten());
    match from_request {
        Some(e) => e.into(),
        None => IdbError::Failed("the write was cancelled".into()),
    }
}

/// `db.onversionchange = db.close.bind(db)`: a browser function, so no Rust closure has to
/// live as long as the connection.
fn close_on_versionchange(db: &IdbDatabase) {
    if let Ok(close) = Reflect::get(db, &JsValue::from_str("close")) {
        if let Ok(close) = close.dyn_into::<Function>() {
            db.set_onversionchange(Some(&close.bind0(db)));
        }
    }
}

/// Creates the object store when the database is new. Owns the closure and unsets it once the
/// open has settled; if the open future is dropped before that, the closure is leaked instead
/// (one per abandoned open), because the browser may still run the upgrade.
struct UpgradeHandler {
    request: IdbOpenDbRequest,
    closure: Option<Closure<dyn FnMut(Event)>>,
}

impl UpgradeHandler {
    fn install(request: &IdbOpenDbRequest) -> Self {
        let req = request.clone();
        let closure = Closure::once(move |_: Event| {
            let created = req
                .result()
                .and_then(|db| db.dyn_into::<IdbDatabase>())
                .and_then(|db| {
                    [STORE, JOURNAL].into_iter().try_for_each(|name| {
                        if db.object_store_names().contains(name) {
                            Ok(())
                        } else {
                            db.create_object_store(name).map(drop)
                        }
                    })
                });
            if created.is_err() {
                // Aborting the upgrade makes the open fail with an error the caller sees.
                if let Some(tx) = req.transaction() {
                    let _ = tx.abort();
                }
            }
        });
        request.set_onupgradeneeded(Some(closure.as_ref().unchecked_ref()));
        UpgradeHandler {
            request: request.clone(),
            closure: Some(closure),
        }
    }

    /// The open has settled: the upgrade ran or never will.
    fn finish(mut self) {
        self.request.set_onupgradeneeded(None);
        self.closure = None;
    }
}

impl Drop for UpgradeHandler {
    fn drop(&mut self) {
        if let Some(closure) = self.closure.take() {
            closure.forget();
        }
    }
}
