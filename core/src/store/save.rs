//! Saving the workspace: which values changed since they were last written, and writing them
//! through a [`KeyValue`] store (the app's localStorage adapter; a map in tests), each with
//! its revision ([`Lineage`]).
//!
//! The saver remembers, for every value, the revision storage holds and the `Rc` of what it
//! holds, and writes only values whose pointer changed, each as a child of the revision it
//! last read or wrote: one label edit writes one `ann/<id>` value (the annotations with their
//! undo history, so no failed write can part an edit from its undo step). What another tab
//! wrote is compared by revision ([`Saver::doc_arrived`], [`Saver::schema_arrived`]): this
//! tab's own value is ignored, a newer one built on it is taken, and one written beside it is
//! merged with it (`crate::converge`); so a tab never writes over a value newer than the one
//! it last read, and taking a value in never writes it back.
//!
//! Document texts go to IndexedDB when the browser has it, and every value written to the
//! key-value store is copied there too (a journal that survives a crash, which localStorage,
//! flushed to disk seconds later, does not): the saver hands both back as [`IdbWork`] for the
//! caller to write, since IndexedDB answers asynchronously. Values of documents no longer
//! listed (deleted) are removed. Keys holding data that could not be read nor backed up are
//! never written nor removed.

use super::keys::{
    annotations_key, doc_key, history_key, is_text_key, key_kind, KeyKind, INDEX_KEY,
    SCHEMA_HISTORY_KEY, SCHEMA_KEY, SETTINGS_KEY,
};
use super::revision::{Lineage, Rev};
use super::shapes::{
    annotations_json, document_json, index_json, parse_annotations, parse_lineage, parse_schema,
    peek_lineage, schema_json, settings_json,
};
use crate::converge::{merge_doc, merge_schema};
use crate::workspace::{Doc, DocValue, SchemaValue, Workspace};
use std::collections::{HashMap, HashSet, VecDeque};
use std::rc::Rc;
use thiserror::Error;

/// Where values are kept: keys and string values, every write answering whether it happened.
pub trait KeyValue {
    /// Every key that starts with `prefix`.
    fn keys(&self, prefix: &str) -> Vec<String>;
    /// The value under `key` (a read that fails counts as absent).
    fn get(&self, key: &str) -> Option<String>;
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError>;
    fn remove(&self, key: &str) -> Result<(), StorageError>;
    /// True when the browser refused storage and values are kept in memory for this tab only.
    fn is_blocked(&self) -> bool {
        false
    }
}

/// Why a write did not happen; [`StorageError::warning`] is what the user reads.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum StorageError {
    /// The browser refuses this page any storage.
    #[error("storage is blocked")]
    Blocked,
    /// The storage quota is used up.
    #[error("storage is full")]
    Full,
    /// Anything else the browser reported.
    #[error("{0}")]
    Other(String),
    /// Postil itself held back the write: the value there could not be read nor backed up.
    #[error("“{0}” holds data that could not be read nor backed up")]
    WontOverwrite(String),
}

impl StorageError {
    /// A sentence for the user: what happened and how to keep their work.
    pub fn warning(&self) -> String {
        match self {
            StorageError::Blocked => "This browser does not let Postil use local storage, so your work is kept only in this tab and is lost when it closes. Use “Export JSON” to keep it.".into(),
            StorageError::Full => "Browser storage is full, so your latest changes are not saved. Use “Export JSON” to keep your work, then free space (for example by clearing other sites’ data).".into(),
            StorageError::Other(what) => format!("Saving to browser storage failed ({what}), so your latest changes are not saved. Use “Export JSON” to keep your work."),
            StorageError::WontOverwrite(key) => format!("Changes to this document are not saved: “{key}” holds data that could not be read nor backed up, and Postil will not write over it. Use “Export JSON” to keep your work."),
        }
    }
}

/// Writes and deletions one save leaves for IndexedDB (which answers asynchronously): new
/// document texts, and a copy of every value written to the key-value store.
#[derive(Default, Debug, PartialEq, Eq)]
pub struct IdbWork {
    pub put: Vec<(String, String)>,
    pub delete: Vec<String>,
}

impl IdbWork {
    pub fn is_empty(&self) -> bool {
        self.put.is_empty() && self.delete.is_empty()
    }

    /// The document texts among the values to put.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.put
            .iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| is_text_key(k))
    }
}

/// What another tab's value means for this one.
#[derive(Debug)]
pub enum Arrival<V> {
    /// Nothing new: this tab's own value, or one it already has.
    Same,
    /// Take `value` in place of `expect` (the value this tab held when it looked; if the
    /// workspace moved on since, take it in by merging `expect` → current → `value`). Taking
    /// it in writes nothing back, unless it is a merge of both tabs' changes, which is then
    /// written as a child of the other tab's revision.
    Take { expect: V, value: V },
    /// The value cannot be read (a newer Postil's, or broken): the caller backs it up and
    /// [`Saver::protect`]s the key, and says so.
    Unreadable(String),
}

/// Values kept of past revisions, to find the base of a merge.
const RECENT: usize = 8;

/// What storage holds of one value, as this tab last read or wrote it.
#[derive(Clone, Debug)]
struct Known<V> {
    lineage: Lineage,
    /// The value at `lineage.rev`, by pointer.
    value: V,
    /// This tab's own revision that the next write must name as a parent too (after merging
    /// another tab's value with it).
    also: Option<Rev>,
    /// Values of recent revisions, newest last.
    recent: VecDeque<(Rev, V)>,
}

impl<V: Clone> Known<V> {
    fn new(lineage: Lineage, value: V) -> Self {
        let mut known = Known {
            lineage: Lineage::default(),
            value: value.clone(),
            also: None,
            recent: VecDeque::new(),
        };
        known.now(lineage, value);
        known
    }

    /// Storage now holds `value` at `lineage`.
    fn now(&mut self, lineage: Lineage, value: V) {
        self.recent.push_back((lineage.rev.clone(), value.clone()));
        if self.recent.len() > RECENT {
            self.recent.pop_front();
        }
        self.lineage = lineage;
        self.value = value;
    }

    /// The newest value this tab knows that `theirs` descends from.
    fn base_of(&self, theirs: &Lineage) -> Option<&V> {
        self.recent
            .iter()
            .rev()
            .find(|(rev, _)| rev.n > 0 && theirs.includes(rev))
            .map(|(_, v)| v)
    }

    /// The base for merging `theirs` when its ancestors name none this tab knows (more
    /// writes than a lineage names went by): the newest value this tab read from others
    /// (storage held it, so `theirs` most likely grew from it), else the oldest it knows.
    /// This tab's own writes are never the base then, since one of them may be what `theirs`
    /// replaced unseen, and taking it as the base would read its changes as deleted there.
    fn fallback_base(&self, tab: &str) -> &V {
        self.recent
            .iter()
            .rev()
            .find(|(rev, _)| rev.tab != tab)
            .or(self.recent.front())
            .map_or(&self.value, |(_, v)| v)
    }
}

/// What was written last, by key (see the module documentation).
#[derive(Default, Debug)]
pub struct Saver {
    /// This tab's name in revisions.
    tab: String,
    /// The index as last written (ids and the open one) and its lineage.
    index: Option<String>,
    index_lineage: Lineage,
    /// The documents (by pointer) and the open one when the index was last written: while
    /// they are the same, neither the index nor deletions need looking at (a save per edit
    /// then costs nothing per document but a pointer comparison).
    listed: Option<(Vec<Rc<crate::Document>>, String)>,
    schema: Option<Known<SchemaValue>>,
    texts: HashMap<String, Rc<crate::Document>>,
    /// Each document's annotations and history, by id.
    states: HashMap<String, Known<DocValue>>,
    /// Keys holding data that could not be read nor backed up: never written.
    protected: HashSet<String>,
    /// Texts go to IndexedDB, and values are copied there ([`IdbWork`]).
    idb: bool,
    /// The settings (the annotator's name) as last written, and their lineage.
    settings: Option<String>,
    settings_lineage: Lineage,
    /// Keys of the layout before histories lived beside their values: removed once the value
    /// that now holds the history is written.
    legacy: HashSet<String>,
    /// See [`Saver::take_waiting`].
    waiting: Vec<Waiting>,
}

/// A value storage held newer than this tab had read, found when about to write over it.
#[derive(Debug)]
pub enum Waiting {
    Doc(String, Arrival<DocValue>),
    Schema(Arrival<SchemaValue>),
}

/// True when storage holds under `key` another revision than `known` (another tab wrote it
/// since this tab last read or wrote it). A protected key is never written anyway.
fn newer_held<S: KeyValue + ?Sized>(
    kv: &S,
    key: &str,
    known: &Lineage,
    protected: &HashSet<String>,
) -> bool {
    if protected.contains(key) {
        return false;
    }
    kv.get(key).is_some_and(|raw| {
        let held = peek_lineage(&raw).rev;
        // An older value this tab's own was built on is not newer (a lagging view).
        !(held.n > 0 && known.includes(&held)) && held != known.rev
    })
}

/// Where one save writes: the store, the keys it must not touch, the first failure, and the
/// copies for IndexedDB.
struct Writer<'a, S: KeyValue + ?Sized> {
    kv: &'a S,
    protected: &'a HashSet<String>,
    first_error: Option<StorageError>,
    mirror: Option<&'a mut IdbWork>,
}

impl<S: KeyValue + ?Sized> Writer<'_, S> {
    /// Writes `value` under `key`; true when storage holds it now (or, blocked, this tab's
    /// memory does: counted as written so that each edit does not rewrite everything).
    fn write(&mut self, key: &str, value: String) -> bool {
        if self.protected.contains(key) {
            self.first_error
                .get_or_insert(StorageError::WontOverwrite(key.to_string()));
            return false;
        }
        match self.kv.set(key, &value) {
            Ok(()) => {
                if let Some(m) = self.mirror.as_deref_mut() {
                    m.put.push((key.to_string(), value));
                }
                true
            }
            Err(StorageError::Blocked) => {
                self.first_error.get_or_insert(StorageError::Blocked);
                true
            }
            Err(e) => {
                self.first_error.get_or_insert(e);
                false
            }
        }
    }
}

/// What a tab holds after `theirs` (written by another tab at `lineage`) arrives over `ours`,
/// shared by documents and the schema: `theirs` as it is when it was built on what this tab
/// holds; else `merge` from the newest common base (or the fallback base, or `ours`). With it,
/// the revision the written merge must also descend from (this tab's), when it is not `theirs`.
fn take_in<V: Clone>(
    known: Option<&Known<V>>,
    tab: &str,
    lineage: &Lineage,
    ours: &V,
    theirs: &V,
    same: impl Fn(&V, &V) -> bool,
    merge: impl FnOnce(&V) -> V,
) -> (V, Option<Rev>) {
    let base = known.and_then(|k| k.base_of(lineage));
    let value = match base {
        // Built on what this tab holds: take it as it is.
        Some(b) if same(b, ours) => theirs.clone(),
        _ => merge(base.or(known.map(|k| k.fallback_base(tab))).unwrap_or(ours)),
    };
    let also = (!same(&value, theirs))
        .then(|| known.map(|k| k.lineage.rev.clone()))
        .flatten();
    (value, also)
}

impl Saver {
    /// A saver that knows nothing written yet. `tab` names this tab in revisions; `idb`: texts
    /// go to IndexedDB and values are copied there.
    pub fn new(tab: &str, idb: bool) -> Self {
        Saver {
            tab: tab.to_string(),
            idb,
            ..Saver::default()
        }
    }

    /// Never write (nor remove) `key`: it holds data that could not be read nor backed up.
    pub fn protect(&mut self, key: &str) {
        self.protected.insert(key.to_string());
    }

    /// True when `key` is never written.
    pub fn is_protected(&self, key: &str) -> bool {
        self.protected.contains(key)
    }

    /// Marks as saved the values whose keys `held` says storage has, as they are in `ws`, at
    /// the revisions `lineages` gives by key. A key that held unreadable data (`corrupt`)
    /// counts for everything but the index, which is then written again.
    pub fn remember(
        &mut self,
        ws: &Workspace,
        lineages: &HashMap<String, Lineage>,
        held: impl Fn(&str) -> bool,
        corrupt: impl Fn(&str) -> bool,
    ) {
        let lineage = |k: &str| lineages.get(k).cloned().unwrap_or_default();
        if held(INDEX_KEY) && !corrupt(INDEX_KEY) {
            self.index = Some(index_of(ws));
        }
        self.index_lineage = lineage(INDEX_KEY);
        if held(SCHEMA_KEY) {
            self.schema = Some(Known::new(lineage(SCHEMA_KEY), SchemaValue::of(ws)));
        }
        if held(SCHEMA_HISTORY_KEY) {
            self.legacy.insert(SCHEMA_HISTORY_KEY.into());
        }
        if held(SETTINGS_KEY) {
            self.settings = Some(ws.annotator().to_string());
        }
        self.settings_lineage = lineage(SETTINGS_KEY);
        for d in ws.docs().iter() {
            let id = d.id();
            if held(&doc_key(id)) {
                self.texts.insert(doc_key(id), d.document.clone());
            }
            let key = annotations_key(id);
            if held(&key) {
                self.states
                    .insert(id.to_string(), Known::new(lineage(&key), DocValue::of(d)));
            }
            if held(&history_key(id)) {
                self.legacy.insert(history_key(id));
            }
        }
    }

    /// Writes every value that changed since the last call, and removes the values of
    /// documents no longer listed (deleted). Returns the first failure (later calls retry
    /// whatever did not get written; blocked storage fails every call, so its warning stays
    /// up) and the work for IndexedDB.
    pub fn save<S: KeyValue + ?Sized>(
        &mut self,
        kv: &S,
        ws: &Workspace,
    ) -> (Result<(), StorageError>, IdbWork) {
        let mut work = IdbWork::default();
        let mut mirror = IdbWork::default();
        let mut w = Writer {
            kv,
            protected: &self.protected,
            first_error: None,
            mirror: self.idb.then_some(&mut mirror),
        };
        let mut written_legacy = Vec::new();
        let mut stale_docs = Vec::new();
        // Document texts first: an index naming a document whose text is missing is harmless
        // (it is skipped on load), but the text must be there before its annotations matter.
        for d in ws.docs().iter() {
            let id = d.id();
            let key = doc_key(id);
            if !self
                .texts
                .get(&key)
                .is_some_and(|s| Rc::ptr_eq(s, &d.document))
            {
                if self.idb {
                    // Counted as saved now, so that it is put once; `forget_texts` undoes that
                    // if IndexedDB refuses it.
                    work.put.push((key.clone(), document_json(&d.document)));
                    self.texts.insert(key, d.document.clone());
                } else if w.write(&key, document_json(&d.document)) {
                    self.texts.insert(key, d.document.clone());
                }
            }
            let value = DocValue::of(d);
            let known = self.states.get(id);
            if known.is_some_and(|k| k.value.same(&value)) {
                continue;
            }
            // Never over a value newer than the one this tab last read: take that one in
            // first (the caller hands it to the workspace; the next save writes the merge).
            if let Some(k) = known {
                if newer_held(kv, &annotations_key(id), &k.lineage, &self.protected) {
                    stale_docs.push(id.to_string());
                    continue;
                }
            }
            let lineage = match known {
                Some(k) => k.lineage.child(&self.tab, k.also.as_ref()),
                None => Lineage::first(&self.tab),
            };
            let json = annotations_json(&lineage, &value.annotations, &value.history);
            if w.write(&annotations_key(id), json) {
                match self.states.get_mut(id) {
                    Some(k) => {
                        k.now(lineage, value);
                        k.also = None;
                    }
                    None => {
                        self.states
                            .insert(id.to_string(), Known::new(lineage, value));
                    }
                }
                written_legacy.push(history_key(id));
            }
        }
        let value = SchemaValue::of(ws);
        let stale_schema = self.schema.as_ref().is_some_and(|k| {
            !k.value.same(&value) && newer_held(kv, SCHEMA_KEY, &k.lineage, &self.protected)
        });
        if !stale_schema && !self.schema.as_ref().is_some_and(|k| k.value.same(&value)) {
            let lineage = match &self.schema {
                Some(k) => k.lineage.child(&self.tab, k.also.as_ref()),
                None => Lineage::first(&self.tab),
            };
            if w.write(
                SCHEMA_KEY,
                schema_json(&lineage, &value.schema, &value.history),
            ) {
                match &mut self.schema {
                    Some(k) => {
                        k.now(lineage, value);
                        k.also = None;
                    }
                    None => self.schema = Some(Known::new(lineage, value)),
                }
                written_legacy.push(SCHEMA_HISTORY_KEY.to_string());
            }
        }
        let same_list = self.listed.as_ref().is_some_and(|(docs, current)| {
            current == ws.current().id()
                && docs.len() == ws.docs().len()
                && (docs.iter().zip(ws.docs().iter())).all(|(a, d)| Rc::ptr_eq(a, &d.document))
        });
        if !same_list {
            let index = index_of(ws);
            if self.index.as_deref() != Some(index.as_str()) {
                let lineage = self.index_lineage.child(&self.tab, None);
                let ids: Vec<&str> = ws.docs().iter().map(|d| d.id()).collect();
                if w.write(INDEX_KEY, index_json(&lineage, &ids, ws.current().id())) {
                    self.index_lineage = lineage;
                    self.index = Some(index.clone());
                }
            }
            self.listed = (self.index.as_deref() == Some(index.as_str())).then(|| {
                let docs = ws.docs().iter().map(|d| d.document.clone()).collect();
                (docs, ws.current().id().to_string())
            });
        }
        if self.settings.as_deref() != Some(ws.annotator()) {
            let lineage = self.settings_lineage.child(&self.tab, None);
            if w.write(SETTINGS_KEY, settings_json(&lineage, ws.annotator())) {
                self.settings_lineage = lineage;
                self.settings = Some(ws.annotator().to_string());
            }
        }
        let first_error = w.first_error;
        // The layout before histories lived beside their values: a history key goes once the
        // value holding it is written (never a protected one).
        for key in written_legacy {
            if self.legacy.remove(&key)
                && !self.protected.contains(&key)
                && kv.remove(&key).is_ok()
                && self.idb
            {
                mirror.delete.push(key);
            }
        }
        // Deleted documents: their values go (after the index no longer lists them). Only a
        // changed list of documents can have left some.
        if !same_list {
            self.remove_deleted(kv, ws, &mut work);
        }
        for id in stale_docs {
            if let Some(raw) = kv.get(&annotations_key(&id)) {
                if let Some(arrival) = self.doc_arrived(ws, &id, &raw) {
                    self.waiting.push(Waiting::Doc(id, arrival));
                }
            }
        }
        if stale_schema {
            if let Some(raw) = kv.get(SCHEMA_KEY) {
                let arrival = self.schema_arrived(ws, &raw);
                self.waiting.push(Waiting::Schema(arrival));
            }
        }
        work.put.append(&mut mirror.put);
        work.delete.append(&mut mirror.delete);
        let result = match first_error {
            Some(e) => Err(e),
            None if kv.is_blocked() => Err(StorageError::Blocked),
            None => Ok(()),
        };
        (result, work)
    }

    /// Values a save found newer in storage than this tab had read, and so did not write over:
    /// the caller takes each in (as from another tab), and the next save writes the result.
    pub fn take_waiting(&mut self) -> Vec<Waiting> {
        std::mem::take(&mut self.waiting)
    }

    /// Removes the stored values of documents `ws` no longer lists.
    fn remove_deleted<S: KeyValue + ?Sized>(&mut self, kv: &S, ws: &Workspace, work: &mut IdbWork) {
        let live: HashSet<&str> = ws.docs().iter().map(|d| d.id()).collect();
        let gone: Vec<String> = (self.texts.keys())
            .filter_map(|k| match key_kind(k) {
                KeyKind::Document(id) => Some(id),
                _ => None,
            })
            .chain(self.states.keys().map(String::as_str))
            .filter(|id| !live.contains(id))
            .map(str::to_string)
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        for id in gone {
            self.texts.remove(&doc_key(&id));
            self.states.remove(&id);
            for key in [doc_key(&id), annotations_key(&id), history_key(&id)] {
                // Data that could not be read nor backed up is never removed either.
                if self.protected.contains(&key) {
                    continue;
                }
                // A text may be in the key-value store too (a migration that did not finish).
                let _ = kv.remove(&key);
                self.legacy.remove(&key);
                if self.idb {
                    work.delete.push(key);
                }
            }
        }
    }

    /// Another tab wrote `raw` as the annotations of document `id`, which `ws` holds: what
    /// this tab should do with it (see [`Arrival`]). The saver counts storage as holding it.
    pub fn doc_arrived(
        &mut self,
        ws: &Workspace,
        id: &str,
        raw: &str,
    ) -> Option<Arrival<DocValue>> {
        let doc = ws.doc(id)?;
        let ours = DocValue::of(doc);
        let state = match parse_annotations(raw, &doc.document) {
            Ok(s) => s,
            Err(e) => return Some(Arrival::Unreadable(e.to_string())),
        };
        let known = self.states.get(id);
        // Nothing new: what this tab last read or wrote, or an older value it was built on (a
        // late event, or a view of storage that lags behind).
        if state.lineage.rev.n > 0 && known.is_some_and(|k| k.lineage.includes(&state.lineage.rev))
        {
            return Some(Arrival::Same);
        }
        let theirs = DocValue {
            annotations: Rc::new(state.annotations),
            // A value from a Postil that kept histories apart: the history stays this tab's.
            history: state.history.map_or_else(|| ours.history.clone(), Rc::new),
        };
        let (value, also) = take_in(
            known,
            &self.tab,
            &state.lineage,
            &ours,
            &theirs,
            DocValue::same,
            |base| {
                let (annotations, history) = merge_doc(base.side(), ours.side(), theirs.side());
                if annotations == *theirs.annotations && history == *theirs.history {
                    theirs.clone()
                } else {
                    DocValue {
                        annotations: Rc::new(annotations),
                        history: Rc::new(history),
                    }
                }
            },
        );
        match self.states.get_mut(id) {
            Some(k) => {
                k.now(state.lineage, theirs);
                k.also = also;
            }
            None => {
                self.states
                    .insert(id.to_string(), Known::new(state.lineage, theirs));
            }
        }
        Some(Arrival::Take {
            expect: ours,
            value,
        })
    }

    /// Another tab wrote `raw` as the schema: what this tab should do with it (as
    /// [`Saver::doc_arrived`]).
    pub fn schema_arrived(&mut self, ws: &Workspace, raw: &str) -> Arrival<SchemaValue> {
        let ours = SchemaValue::of(ws);
        let state = match parse_schema(raw) {
            Ok(s) => s,
            Err(e) => return Arrival::Unreadable(e.to_string()),
        };
        let known = self.schema.as_ref();
        if state.lineage.rev.n > 0 && known.is_some_and(|k| k.lineage.includes(&state.lineage.rev))
        {
            return Arrival::Same;
        }
        let theirs = SchemaValue {
            schema: Rc::new(state.schema),
            history: state.history.map_or_else(|| ours.history.clone(), Rc::new),
        };
        let (value, also) = take_in(
            known,
            &self.tab,
            &state.lineage,
            &ours,
            &theirs,
            SchemaValue::same,
            |base| {
                let (schema, history) = merge_schema(base.parts(), ours.parts(), theirs.parts());
                if schema == *theirs.schema && history == *theirs.history {
                    theirs.clone()
                } else {
                    SchemaValue {
                        schema: Rc::new(schema),
                        history: Rc::new(history),
                    }
                }
            },
        );
        match &mut self.schema {
            Some(k) => {
                k.now(state.lineage, theirs);
                k.also = also;
            }
            None => self.schema = Some(Known::new(state.lineage, theirs)),
        }
        Arrival::Take {
            expect: ours,
            value,
        }
    }

    /// Another tab wrote the index or the settings: this tab's next write of it follows that
    /// revision (the content is taken in elsewhere).
    pub fn other_arrived(&mut self, key: &str, raw: &str) {
        let lineage = parse_lineage(raw);
        match key {
            INDEX_KEY => self.index_lineage = lineage,
            SETTINGS_KEY => self.settings_lineage = lineage,
            _ => {}
        }
    }

    /// Counts documents another tab wrote as saved (at the revisions storage holds), so this
    /// tab does not write them again.
    pub fn adopt(&mut self, docs: &[(Doc, Lineage)]) {
        for (d, lineage) in docs {
            let id = d.id();
            self.texts.insert(doc_key(id), d.document.clone());
            self.states
                .insert(id.to_string(), Known::new(lineage.clone(), DocValue::of(d)));
        }
    }

    /// Another tab deleted the document `id` (and its stored values): forget them, so that
    /// this tab does not delete them again (which could remove what the other tab restored).
    pub fn forget_document(&mut self, id: &str) {
        self.texts.remove(&doc_key(id));
        self.states.remove(id);
    }

    /// IndexedDB refused these texts: they count as unsaved again, for the next save to retry.
    pub fn forget_texts(&mut self, keys: &[String]) {
        for k in keys {
            self.texts.remove(k);
        }
    }
}

fn index_of(ws: &Workspace) -> String {
    let ids: Vec<&str> = ws.docs().iter().map(|d| d.id()).collect();
    format!("{}\n{}", ws.current().id(), ids.join("\n"))
}
