//! The search bar over the open document, and the "label all" dialog it opens. Finding is
//! `postil_core::search`: text here, regular expressions in the worker (`hooks::regex_search`
//! sends them when a search waits); what labeling each hit would do is
//! `Workspace::label_all_rows`.

use super::{AppState, Dialog};
use postil_core::search::{self, Query};
use postil_core::selection::Selection;
use postil_core::workspace::HitRow;
use postil_core::Span;
use std::rc::Rc;

/// The open search.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Search {
    pub query: Query,
    pub hits: Rc<[Span]>,
    pub error: Option<String>,
    /// The hit last stepped to.
    pub at: Option<usize>,
    /// A regular expression is being searched in the worker (`regex-lite` is not in the app's
    /// wasm); its hits come with `Action::RegexFound`.
    pub waiting: bool,
}

/// The open "label all" dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabelAll {
    pub label: String,
    pub rows: Rc<Vec<HitRow>>,
}

impl AppState {
    pub(super) fn open_search(&mut self) {
        if self.search.is_none() {
            // Start from the selected words, as editors do.
            let text = match self.caret.selection {
                Selection::Range(span) => self
                    .doc()
                    .document
                    .slice(span)
                    .unwrap_or_default()
                    .to_string(),
                _ => String::new(),
            };
            self.search = Some(Rc::new(Search::default()));
            self.set_query(Query {
                text,
                ..Query::default()
            });
        }
    }

    /// Opens document `doc` (when it is not open) and searches it for `text`, whole words and
    /// the same case (what the statistics counted), stepping to the hit at `at` (the first
    /// hit when none is there: the document changed meanwhile).
    pub(super) fn find_text(&mut self, doc: usize, text: String, at: Span) {
        self.dialog = None;
        if self.ws.current_index() != doc {
            self.run(|ws| ws.open(doc));
        }
        self.search = Some(Rc::new(Search::default()));
        self.set_query(Query {
            text,
            case_sensitive: true,
            whole_word: true,
            ..Query::default()
        });
        let Some(s) = self.search.clone() else { return };
        let i = s.hits.iter().position(|h| *h == at).unwrap_or(0);
        if let Some(hit) = s.hits.get(i).copied() {
            self.search = Some(Rc::new(Search {
                at: Some(i),
                ..(*s).clone()
            }));
            let doc = self.doc().document.clone();
            self.caret.select_hit(&doc, hit);
        }
    }

    pub(super) fn set_query(&mut self, query: Query) {
        let waiting = query.regex && !query.text.is_empty();
        let hits = if waiting {
            Vec::new()
        } else {
            search::find_literal(&self.doc().document, &query)
        };
        self.search = Some(Rc::new(Search {
            query,
            hits: hits.into(),
            error: None,
            at: None,
            waiting,
        }));
    }

    /// Takes in what the worker found for a regular expression, if the search still waits
    /// for it: the same query, on the same document.
    pub(super) fn regex_found(
        &mut self,
        doc: &str,
        query: &Query,
        found: Result<Vec<Span>, String>,
    ) {
        let Some(s) = &self.search else { return };
        if !s.waiting || &s.query != query || self.doc().id() != doc {
            return;
        }
        let (hits, error) = match found {
            Ok(spans) => (search::finish(&self.doc().document, query, spans), None),
            Err(why) => (Vec::new(), Some(why)),
        };
        self.search = Some(Rc::new(Search {
            query: query.clone(),
            hits: hits.into(),
            error,
            at: None,
            waiting: false,
        }));
    }

    /// Runs the open search again (on another document).
    pub(super) fn refresh_search(&mut self) {
        if let Some(q) = self.search.as_ref().map(|s| s.query.clone()) {
            self.set_query(q);
        }
    }

    /// Selects the next (`+1`) or previous (`-1`) hit.
    pub(super) fn step_hit(&mut self, delta: i32) {
        let Some(s) = self.search.clone() else { return };
        let n = s.hits.len();
        if n == 0 {
            return;
        }
        let at = match s.at {
            None if delta >= 0 => 0,
            None => n - 1,
            Some(i) => (i as i64 + i64::from(delta)).rem_euclid(n as i64) as usize,
        };
        self.search = Some(Rc::new(Search {
            at: Some(at),
            ..(*s).clone()
        }));
        let doc = self.doc().document.clone();
        self.caret.select_hit(&doc, s.hits[at]);
    }

    /// Shows every hit with what labeling it would do.
    pub(super) fn open_label_all(&mut self, label: String) {
        let Some(s) = self.search.clone() else { return };
        let rows = self.ws.label_all_rows(&s.hits, &label);
        self.dialog = Some(Dialog::LabelAll(Rc::new(LabelAll {
            label,
            rows: Rc::new(rows),
        })));
    }
}
