//! Importing articles (text, Markdown, HTML, JSONL, pasted): a run over many files with its
//! progress and, at the end, a report of what came in and what was skipped and why. Files are
//! read and parsed outside the reducer (`crate::callbacks`); each batch of articles comes here.

use super::{AppState, Entry, Notice, Panel};
use postil_core::article::{Article, Deduper};
use postil_core::history::History;
use postil_core::intake::{self, Intake};
use postil_core::sources;
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

/// What an import run did, for the report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub files: usize,
    /// Titles of the documents added.
    pub imported: Vec<String>,
    /// Where each skipped article or file came from, and why.
    pub skipped: Vec<(String, String)>,
    pub annotations: usize,
    pub new_labels: Vec<String>,
}

/// An import under way.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportRun {
    pub total: usize,
    /// Files done (fractions while a large file's articles are added).
    pub done: f64,
    pub report: ImportReport,
    /// The id of the first document added, opened at the end.
    first: Option<String>,
    seen: SeenTexts,
}

/// The texts seen so far in a run (shared, so that cloning the state does not copy it).
#[derive(Clone, Debug)]
struct SeenTexts(Rc<RefCell<Deduper>>);

impl PartialEq for SeenTexts {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl AppState {
    fn deduper(&self) -> Deduper {
        Deduper::new(self.entries.iter().map(|e| e.view.doc.text()))
    }

    pub(super) fn import_started(&mut self, total: usize) {
        self.importing = Some(Rc::new(ImportRun {
            total,
            done: 0.0,
            report: ImportReport {
                files: total,
                ..ImportReport::default()
            },
            first: None,
            seen: SeenTexts(Rc::new(RefCell::new(self.deduper()))),
        }));
    }

    pub(super) fn import_progress(&mut self, done: f64) {
        if let Some(run) = &self.importing {
            let mut run = (**run).clone();
            run.done = done;
            self.importing = Some(Rc::new(run));
        }
    }

    pub(super) fn import_skipped(&mut self, source: String, reason: String) {
        if let Some(run) = &self.importing {
            let mut run = (**run).clone();
            run.report.skipped.push((source, reason));
            self.importing = Some(Rc::new(run));
        }
    }

    /// Adds a batch of articles of the run. `reserved` are ids storage holds that this tab
    /// may not know of yet (another tab's new documents).
    pub(super) fn import_articles(&mut self, articles: Vec<Article>, reserved: &HashSet<String>) {
        let Some(run) = self.importing.clone() else {
            return;
        };
        let mut run = (*run).clone();
        let took = {
            let mut seen = run.seen.0.borrow_mut();
            self.take_in(articles, &mut seen, reserved)
        };
        if let Some(first) = took.first {
            run.first
                .get_or_insert_with(|| self.entries[first].id().to_string());
        }
        let r = &mut run.report;
        r.imported.extend(took.titles);
        r.skipped.extend(took.intake.skipped);
        r.annotations += took.intake.annotations;
        r.new_labels.extend(took.intake.new_labels);
        self.importing = Some(Rc::new(run));
    }

    /// Ends the run: the report opens, and so does the first document added.
    pub(super) fn import_finished(&mut self) {
        let Some(run) = self.importing.take() else {
            return;
        };
        if let Some(i) =
            (run.first.as_ref()).and_then(|id| self.entries.iter().position(|e| e.id() == id))
        {
            self.switch_document(i);
            self.panel = Panel::Documents;
        }
        self.import_report = Some(Rc::new(run.report.clone()));
    }

    /// Adds an article the user pasted.
    pub(super) fn add_pasted(&mut self, title: &str, body: &str) {
        let article = match sources::from_paste(title, body) {
            Ok(a) => a,
            Err(e) => {
                self.notice = Some(Notice::error(format!("Nothing was added: {e}.")));
                return;
            }
        };
        let mut seen = self.deduper();
        let took = self.take_in(vec![article], &mut seen, &HashSet::new());
        self.paste = false;
        match (took.first, took.intake.skipped.first()) {
            (Some(i), _) => {
                self.switch_document(i);
                self.notice = Some(Notice::info(format!(
                    "Added “{}”.",
                    self.entry().view.doc.title()
                )));
            }
            (None, Some((_, why))) => {
                self.notice = Some(Notice::error(format!("Nothing was added: {why}.")))
            }
            (None, None) => {}
        }
    }

    /// Turns articles into documents at the end of the list; labels they need join the
    /// schema. (Not as an undoable step: adding documents is not one either, and a label
    /// change at the top of the history that their annotations keep from being undone would
    /// stand in the way of undoing anything older.)
    fn take_in(
        &mut self,
        articles: Vec<Article>,
        seen: &mut Deduper,
        reserved: &HashSet<String>,
    ) -> Took {
        let mut taken: HashSet<String> = self.entries.iter().map(|e| e.id().to_string()).collect();
        // Deleted this session, and restorable: their ids stay theirs.
        taken.extend(self.trash.iter().map(|d| d.entry.id().to_string()));
        taken.extend(reserved.iter().cloned());
        let mut schema = (*self.schema).clone();
        let mut intake: Intake = intake::take_in(articles, &mut taken, seen, &mut schema);
        if schema != *self.schema {
            self.schema = Rc::new(schema);
        }
        let first = (!intake.documents.is_empty()).then_some(self.entries.len());
        let titles = (intake.documents.iter())
            .map(|d| d.document.title().to_string())
            .collect();
        if first.is_some() {
            let mut entries = (*self.entries).clone();
            entries.extend((intake.documents.drain(..)).map(|d| Entry::new(d, History::default())));
            self.entries = Rc::new(entries);
        }
        Took {
            intake,
            titles,
            first,
        }
    }
}

/// What `take_in` did: the intake (its documents moved into the list), their titles, and
/// where the first of them is.
struct Took {
    intake: Intake,
    titles: Vec<String>,
    first: Option<usize>,
}
