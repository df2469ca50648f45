//! An import of many article files under way: its progress, and the report that opens at the
//! end. Files are read and parsed outside the reducer (`crate::importer`, in the worker); each
//! batch of articles comes here and the workspace takes it in (`Workspace::take_in`).

use super::{AppState, Dialog, Panel};
use postil_core::article::{Article, Deduper};
use postil_core::workspace::ImportReport;
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

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
    /// Suggestions were taken: the end shows the open document's layers.
    suggestions: bool,
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
    pub(super) fn import_started(&mut self, total: usize) {
        self.importing = Some(Rc::new(ImportRun {
            total,
            done: 0.0,
            report: ImportReport {
                files: total,
                ..ImportReport::default()
            },
            first: None,
            suggestions: false,
            seen: SeenTexts(Rc::new(RefCell::new(self.ws.deduper()))),
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
        self.change_report(|report| report.skipped.push((source, reason)));
    }

    pub(super) fn import_left_out(&mut self, source: String, what: String) {
        self.change_report(|report| report.left_out.push((source, what)));
    }

    pub(super) fn import_adjusted(&mut self, source: String, what: String) {
        self.change_report(|report| report.adjusted.push((source, what)));
    }

    /// Takes in what the finished import's report offers of a file (its `choice`th offer: its
    /// good records, or one way it reads), drops the file's other offers, and says so in the
    /// report.
    pub(super) fn take_offered(&mut self, source: &str, choice: usize, reserved: &HashSet<String>) {
        let Some(Dialog::Report(report)) = &self.dialog else {
            return;
        };
        let mut report = (**report).clone();
        let Some(offer) = (report.offers.iter())
            .filter(|o| o.source == source)
            .nth(choice)
            .cloned()
        else {
            return;
        };
        report.offers.retain(|o| o.source != source);
        let mut seen = self.ws.deduper();
        let took = self
            .ws
            .take_in((*offer.articles).clone(), &mut seen, reserved);
        let n = took.titles.len();
        for (s, reason) in report.skipped.iter_mut() {
            if s == source {
                reason.push_str(&format!(
                    " (then {} taken, as you asked)",
                    postil_core::prose::count(n, "record was", "records were")
                ));
            }
        }
        for what in offer.adjusted {
            report.adjusted.push((source.to_string(), what));
        }
        // What was taken opens, as after any import.
        if let Some(id) = took.first.clone() {
            let r = self.ws.open_id(&id);
            self.show(r);
            self.panel = Panel::Documents;
        }
        report.add(took);
        self.dialog = Some(Dialog::Report(Rc::new(report)));
    }

    pub(super) fn change_report(&mut self, change: impl FnOnce(&mut ImportReport)) {
        if let Some(run) = &self.importing {
            let mut run = (**run).clone();
            change(&mut run.report);
            self.importing = Some(Rc::new(run));
        }
    }

    /// Adds a batch of articles of the run.
    pub(super) fn import_articles(&mut self, articles: Vec<Article>, reserved: &HashSet<String>) {
        let Some(run) = self.importing.clone() else {
            return;
        };
        let mut run = (*run).clone();
        let took = {
            let mut seen = run.seen.0.borrow_mut();
            self.ws.take_in(articles, &mut seen, reserved)
        };
        if run.first.is_none() {
            run.first = took.first.clone();
        }
        run.report.add(took);
        self.importing = Some(Rc::new(run));
    }

    /// A file's articles taken as suggestions (see `Workspace::take_suggestions`).
    pub(super) fn import_suggestions(
        &mut self,
        source: String,
        articles: Vec<Article>,
        reserved: &HashSet<String>,
    ) {
        let Some(run) = self.importing.clone() else {
            return;
        };
        let mut run = (*run).clone();
        let n = articles.len();
        let took = self.ws.take_suggestions(&source, articles, reserved);
        if run.first.is_none() {
            run.first = took.first.clone();
        }
        run.suggestions = true;
        let what = format!(
            "read as suggestions: the layer “{}” of {} (see Layers under Annotations)",
            postil_core::workspace::layer_name(&source),
            postil_core::prose::count(n, "document", "documents")
        );
        run.report.adjusted.push((source, what));
        run.report.add(took);
        self.importing = Some(Rc::new(run));
    }

    /// Ends the run: the report opens, and so does the first document added.
    pub(super) fn import_finished(&mut self) {
        let Some(run) = self.importing.take() else {
            return;
        };
        if let Some(id) = &run.first {
            let r = self.ws.open_id(id);
            self.show(r);
            self.panel = if run.suggestions {
                Panel::Annotations
            } else {
                Panel::Documents
            };
        }
        self.open(Dialog::Report(Rc::new(run.report.clone())));
    }
}
