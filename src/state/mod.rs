//! The app's one state and its reducer. The state is the workspace (`postil_core::workspace`,
//! where every rule about the work lives and is tested on the host) plus what the screen needs:
//! the caret, the one open dialog, the search bar, the offer, the side panel, the notice and an
//! import under way. Each action calls a core command and shows its outcome or refusal; an
//! action that changes nothing returns the same `Rc`, so nothing re-renders. Storage is never
//! touched here: the persistence hook (`crate::hooks::persistence`) writes what changed after
//! each render.
//!
//! Split by meaning: `action` (everything that can happen), `keys` (what a key means now,
//! and running it), `dialog` (the one open dialog), `find` (the search bar), `import_run` (an
//! import of many files under way), `sync` (values other tabs wrote), `team_sync` (a team's
//! CouchDB, as the screen sees it); `tests` runs the reducer
//! on the host.

mod action;
mod dialog;
mod find;
mod import_run;
mod keys;
mod sync;
mod team_sync;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub use action::Action;
pub use dialog::Dialog;
pub use find::{LabelAll, Search};
pub use import_run::ImportRun;
pub use team_sync::{SyncAction, TeamSync};

use crate::notice::{Notice, NoticeKind};
use postil_core::edit::Edge;
use postil_core::selection::{Caret, Selection};
use postil_core::store::Prefs;
use postil_core::workspace::{
    Doc, Import, Offer, OfferFor, Outcome, Refusal, Resolution, Select, Workspace,
};
use std::rc::Rc;
use yew::Reducible;

/// What the side panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Panel {
    #[default]
    Annotations,
    Documents,
    Schema,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    pub ws: Workspace,
    pub caret: Caret,
    pub dialog: Option<Dialog>,
    /// Dialogs that came while another was open (an import's report while its conflict
    /// question waits for an answer): each opens when the one before it closes.
    pub waiting: Rc<Vec<Dialog>>,
    pub notice: Option<Notice>,
    /// Set while work is not being saved; says why and what to do.
    pub storage_warning: Option<String>,
    pub offer: Option<Rc<Offer>>,
    /// After a label: the offer to work out once the frame showing the label is painted
    /// (`Action::MakeOffer`), or at the next key press, whichever comes first.
    pub offer_due: Option<Rc<OfferFor>>,
    pub search: Option<Rc<Search>>,
    pub panel: Panel,
    /// An import of articles under way.
    pub importing: Option<Rc<ImportRun>>,
    /// Pasted text is with the worker (the paste dialog waits for it; closing it cancels).
    pub pasting: bool,
    /// Layers (by name) shown or hidden against their default: suggestions are shown, other
    /// annotators' layers hidden, until the person says otherwise.
    pub layers_flipped: Rc<std::collections::BTreeSet<String>>,
    /// The reader's text size and whether the tour was dismissed (stored by an effect in
    /// `components/app.rs`, never here).
    pub prefs: Prefs,
    /// The step of the first-run tour on screen, if it is.
    pub tour: Option<usize>,
    /// Sync with a team's CouchDB, as the screen sees it.
    pub sync: TeamSync,
}

/// How many steps the first-run tour has (`components/tour.rs` holds their words).
pub const TOUR_STEPS: usize = 4;

impl AppState {
    pub fn new(ws: Workspace) -> Self {
        AppState {
            ws,
            caret: Caret::default(),
            dialog: None,
            waiting: Rc::new(Vec::new()),
            notice: None,
            storage_warning: None,
            offer: None,
            offer_due: None,
            search: None,
            panel: Panel::default(),
            importing: None,
            pasting: false,
            layers_flipped: Rc::default(),
            prefs: Prefs::default(),
            tour: None,
            sync: TeamSync::default(),
        }
    }

    /// Starts from the stored preferences: the tour shows until it has been dismissed once.
    pub fn with_prefs(mut self, prefs: Prefs) -> Self {
        self.tour = (!prefs.tour_seen).then_some(0);
        self.prefs = prefs;
        self
    }

    /// The tour closes for good (closed, Esc, or finished).
    fn close_tour(&mut self) {
        self.tour = None;
        self.prefs.tour_seen = true;
    }

    /// The open document.
    pub fn doc(&self) -> &Doc {
        self.ws.current()
    }

    /// Whether the open document's layer `layer` is drawn in the article.
    pub fn shows(&self, layer: &postil_core::annotation::Layer) -> bool {
        let default = layer.kind == postil_core::annotation::LayerKind::Suggestions;
        default != self.layers_flipped.contains(&layer.name)
    }

    /// Where the open document's layers on show have annotations (see `layout::ghosts`); while
    /// its review is open, where its layers disagree and it is not settled yet.
    pub fn ghosts(&self) -> Rc<[postil_core::Span]> {
        if matches!(self.dialog, Some(Dialog::Review)) {
            let open: Vec<postil_core::Span> = (self.doc().review_items().into_iter())
                .filter(|it| it.decided.is_none())
                .map(|it| it.span)
                .collect();
            return postil_core::layout::merged(open).into();
        }
        let layers = self.doc().annotations.layers();
        let shown = layers.iter().filter(|l| self.shows(l));
        postil_core::layout::ghosts(shown.map(|l| l.annotations.as_slice())).into()
    }

    /// What a screen reader should say about the selection.
    pub fn announcement(&self) -> String {
        let doc = self.doc();
        self.caret.announcement(&doc.document, &doc.annotations)
    }

    /// Opens a dialog that comes by itself (not asked for by a click or a key): if another is
    /// open, it waits for that one to close, so that neither is lost.
    fn open(&mut self, dialog: Dialog) {
        if self.dialog.is_some() {
            let mut waiting = (*self.waiting).clone();
            waiting.push(dialog);
            self.waiting = Rc::new(waiting);
        } else {
            self.dialog = Some(dialog);
        }
    }

    /// Once no dialog is open, the first one waiting opens.
    fn open_waiting(&mut self) {
        if self.dialog.is_none() && !self.waiting.is_empty() {
            let mut waiting = (*self.waiting).clone();
            self.dialog = Some(waiting.remove(0));
            self.waiting = Rc::new(waiting);
        }
    }

    /// Runs a workspace command and shows what it did.
    fn run(&mut self, command: impl FnOnce(&mut Workspace) -> Result<Outcome, Refusal>) {
        // What the command adds is stamped with this time (the workspace has no clock).
        self.ws.set_now(crate::platform::dom::now_ms());
        let r = command(&mut self.ws);
        self.show(r);
    }

    /// Shows what a workspace command did, or why it did nothing.
    fn show(&mut self, result: Result<Outcome, Refusal>) {
        match result {
            Ok(outcome) => self.after(outcome),
            Err(Refusal::Unchanged) => {}
            Err(r) => self.notice = Some(Notice::refusal(&r)),
        }
    }

    /// Brings the screen in line with a command's outcome: the notice, the selection, the
    /// offer, and what the open document's change leaves open.
    fn after(&mut self, o: Outcome) {
        if o.replaces_message() {
            self.notice = o.message.clone().map(|text| Notice {
                kind: NoticeKind::Info,
                text,
                details: o.details.clone(),
            });
        }
        if o.changed.opened {
            self.opened();
        }
        let doc = self.ws.current().clone();
        match o.select {
            Select::Keep => {}
            Select::Annotation(id) => {
                self.caret
                    .select_annotation(&doc.document, &doc.annotations, id)
            }
            Select::Nothing => self.caret.clear(),
        }
        if o.select != Select::Keep {
            self.offer = None;
            self.offer_due = o.offer.map(Rc::new);
        }
        self.caret.forget_missing(&doc.annotations);
        self.close_stale_dialog();
    }

    /// Another document is open: nothing of the last one stays selected or offered, and the
    /// search runs again on this one.
    fn opened(&mut self) {
        self.caret.clear();
        self.drop_offer();
        if matches!(
            self.dialog,
            Some(Dialog::Note(_) | Dialog::Link(..) | Dialog::RelationNote(_))
        ) {
            self.dialog = None;
        }
        self.refresh_search();
    }

    /// A dialog about something that is gone (a deleted document, an annotation) closes.
    fn close_stale_dialog(&mut self) {
        let gone = match &self.dialog {
            Some(Dialog::ConfirmDelete(id)) => self.ws.doc(id).is_none(),
            Some(Dialog::Note(id) | Dialog::Link(id, _)) => {
                self.doc().annotations.get(*id).is_none()
            }
            Some(Dialog::RelationNote(id)) => self.doc().annotations.relation(*id).is_none(),
            _ => false,
        };
        if gone {
            self.dialog = None;
        }
    }

    /// The caret moved by the user: the offer made after the last label is no longer meant.
    fn caret_moved(&mut self) {
        self.drop_offer();
    }

    /// Whether an offer is on screen or due to be (what Enter and Escape answer).
    pub fn has_offer(&self) -> bool {
        self.offer.is_some() || self.offer_due.is_some()
    }

    /// No offer, made or due.
    pub(super) fn drop_offer(&mut self) {
        self.offer = None;
        self.offer_due = None;
    }

    /// Works out the offer that is due, if the label it follows is still what is selected.
    pub(super) fn make_offer(&mut self) {
        if let Some(of) = self.offer_due.take() {
            if self.caret.selection == Selection::Annotation(of.annotation) {
                self.offer = self.ws.offer(&of).map(Rc::new);
            }
        }
    }

    fn apply_label(&mut self, label: &str) {
        let selection = self.caret.selection;
        self.run(|ws| ws.label_selection(selection, label));
    }

    fn resize(&mut self, edge: Edge, grow: bool) {
        if let Selection::Annotation(id) = self.caret.selection {
            self.run(|ws| ws.resize(id, edge, grow));
        }
    }

    fn delete_selected(&mut self) {
        if let Selection::Annotation(id) = self.caret.selection {
            self.run(|ws| ws.delete_annotation(id));
        }
    }

    fn accept_offer(&mut self) {
        self.make_offer();
        if let Some(offer) = self.offer.take() {
            self.run(|ws| ws.accept_offer(&offer));
        }
    }

    fn show_undo(&mut self, undo: bool) {
        self.run(|ws| if undo { ws.undo() } else { ws.redo() });
    }

    /// Closes the open dialog; a question about an import answers "cancel".
    fn close_dialog(&mut self) {
        self.pasting = false;
        if let Some(Dialog::Conflict(p)) = self.dialog.take() {
            self.run(|ws| ws.resolve_import(&p.file_name, &p.file, Resolution::Cancel));
        }
    }

    fn act(&mut self, action: Action) {
        match action {
            Action::Key(press) => self.run_key(&press),
            Action::Pointer { start, end } => {
                self.caret_moved();
                let doc = self.ws.current().clone();
                self.caret
                    .pointer(&doc.document, &doc.annotations, start, end);
            }
            Action::PickAnnotation(id) => {
                self.caret_moved();
                let doc = self.ws.current().clone();
                if doc.annotations.get(id).is_some() {
                    self.caret
                        .select_annotation(&doc.document, &doc.annotations, id);
                }
            }
            Action::ApplyLabel(label) => self.apply_label(&label),
            Action::Undo => self.show_undo(true),
            Action::Redo => self.show_undo(false),
            Action::SwitchDocument(i) => {
                self.run(|ws| ws.open(i));
            }
            Action::AskDelete(i) => match self.ws.may_delete(i) {
                Ok(id) => self.dialog = Some(Dialog::ConfirmDelete(id)),
                Err(r) => self.show(Err(r)),
            },
            Action::ConfirmDelete(yes) => {
                if let Some(Dialog::ConfirmDelete(id)) = self.dialog.take() {
                    if yes {
                        self.run(|ws| ws.delete_document(&id));
                    }
                }
            }
            Action::RestoreDeleted => {
                self.run(|ws| ws.restore_deleted());
            }
            Action::ImportNative { file_name, text } => {
                match self.ws.import_native(&file_name, &text) {
                    Ok(Import::Done(o)) => self.after(o),
                    Ok(Import::Ask(pending)) => self.open(Dialog::Conflict(Rc::new(pending))),
                    Err(r) => self.show(Err(r)),
                }
            }
            Action::ResolveImport(resolution) => {
                if let Some(Dialog::Conflict(p)) = self.dialog.take() {
                    self.run(|ws| ws.resolve_import(&p.file_name, &p.file, resolution));
                }
            }
            Action::ImportStarted { total } => self.import_started(total),
            Action::ImportProgress(done) => self.import_progress(done),
            Action::ImportArticles { articles, reserved } => {
                self.import_articles(articles, &reserved)
            }
            Action::ImportSuggestions {
                source,
                articles,
                reserved,
            } => self.import_suggestions(source, articles, &reserved),
            Action::ImportNativeSuggestions { file_name, text } => {
                self.run(|ws| ws.import_suggestions(&file_name, &text));
                self.panel = Panel::Annotations;
            }
            Action::ImportSkipped { source, reason } => self.import_skipped(source, reason),
            Action::ImportLeftOut { source, what } => self.import_left_out(source, what),
            Action::ImportAdjusted { source, what } => self.import_adjusted(source, what),
            Action::ImportOffered(offer) => self.change_report(|report| report.offers.push(offer)),
            Action::ImportDeclared { source, declared } => {
                let added = self.ws.declare(&declared);
                if !added.is_empty() {
                    let what = format!(
                        "from its annotation.conf, {} joined the schema (see Labels)",
                        postil_core::prose::and_list(&added)
                    );
                    self.import_adjusted(source, what);
                }
            }
            Action::TakeOffered {
                source,
                choice,
                reserved,
            } => self.take_offered(&source, choice, &reserved),
            Action::ImportFinished => self.import_finished(),
            Action::Show(dialog) => self.dialog = Some(dialog),
            Action::CloseDialog => self.close_dialog(),
            Action::ExportDone => {
                if self.dialog == Some(Dialog::Export) {
                    self.dialog = None;
                }
            }
            Action::SetAnnotator(name) => {
                self.run(|ws| ws.set_annotator(&name));
            }
            Action::Pasting => self.pasting = true,
            // An answer for a paste dialog the person closed meanwhile is dropped.
            Action::AddPasted(article) => {
                if std::mem::take(&mut self.pasting) {
                    let r = self.ws.add_pasted(article);
                    self.dialog = None;
                    self.show(r);
                }
            }
            // Only text that could not be read keeps the dialog open, to be put right.
            Action::PasteRefused(why) => {
                if std::mem::take(&mut self.pasting) {
                    self.show(Err(Refusal::NotAdded(why)));
                }
            }
            Action::ImportSchema { file_name, text } => {
                self.run(|ws| ws.import_schema(&file_name, &text));
            }
            Action::ChangeSchema(change) => {
                self.run(|ws| ws.change_schema(change));
            }
            Action::AcceptOffer => self.accept_offer(),
            Action::MakeOffer => self.make_offer(),
            Action::DismissOffer => self.drop_offer(),
            Action::OpenSearch => self.open_search(),
            Action::CloseSearch => self.search = None,
            Action::FindText { doc, text, at } => self.find_text(doc, text, at),
            Action::SetQuery(q) => self.set_query(q),
            Action::RegexFound { doc, query, found } => self.regex_found(&doc, &query, found),
            Action::StepHit(d) => self.step_hit(d),
            Action::OpenLabelAll(label) => self.open_label_all(label),
            Action::ConfirmLabelAll(spans) => {
                if let Some(Dialog::LabelAll(dialog)) = self.dialog.take() {
                    self.run(|ws| ws.label_hits(&spans, &dialog.label));
                }
            }
            Action::ShowPanel(p) => self.panel = p,
            Action::TextSize(larger) => self.prefs = self.prefs.step_text(larger),
            Action::TourStep(step) => {
                if self.tour.is_some() {
                    self.tour = Some(step.min(TOUR_STEPS - 1));
                }
            }
            Action::CloseTour => self.close_tour(),
            Action::StartTour => {
                self.dialog = None;
                self.tour = Some(0);
            }
            Action::EditNote(id) => self.dialog = Some(Dialog::Note(id)),
            Action::SaveNote(id, text) => {
                self.dialog = None;
                self.run(|ws| ws.set_note(id, &text));
            }
            Action::StartLink(id) => self.dialog = Some(Dialog::Link(id, None)),
            Action::DragLink(from, to) => {
                let doc = self.ws.current().clone();
                let set = &doc.annotations;
                if from != to && set.get(from).is_some() && set.get(to).is_some() {
                    self.caret_moved();
                    self.caret.select_annotation(&doc.document, set, from);
                    self.dialog = Some(Dialog::Link(from, Some(to)));
                }
            }
            Action::Link { from, to, kind } => {
                self.dialog = None;
                self.run(|ws| ws.link(from, to, &kind));
            }
            Action::Unlink(id) => self.run(|ws| ws.unlink(id)),
            Action::ToggleLayer(name) => {
                let mut flipped = (*self.layers_flipped).clone();
                if !flipped.remove(&name) {
                    flipped.insert(name);
                }
                self.layers_flipped = Rc::new(flipped);
            }
            Action::RemoveLayer(name) => self.run(|ws| ws.remove_layer(&name)),
            Action::Adopt(name, id) => self.run(|ws| ws.adopt(&name, id)),
            Action::Reject(name, id) => self.run(|ws| ws.reject(&name, id)),
            Action::AcceptAll(name, label) => self.run(|ws| ws.accept_all(&name, label.as_deref())),
            Action::ReviewLayer(name) => self.open(Dialog::Suggestions(name)),
            Action::Settle(key, how) => self.run(|ws| ws.settle(&key, how)),
            Action::TakeAgreed => self.run(|ws| ws.take_agreed()),
            Action::EditDisagreement(key) => {
                self.dialog = None;
                let span = key.span;
                self.run(|ws| ws.settle(&key, postil_core::workspace::Settle::Edited));
                let doc = self.ws.current().clone();
                self.caret
                    .pointer(&doc.document, &doc.annotations, span.start, span.end);
                self.open_waiting();
            }
            Action::EditRelationNote(id) => self.dialog = Some(Dialog::RelationNote(id)),
            Action::SaveRelationNote(id, text) => {
                self.dialog = None;
                self.run(|ws| ws.set_relation_note(id, &text));
            }
            Action::ToggleDocLabel { set, value } => {
                self.run(|ws| ws.toggle_doc_label(&set, &value));
            }
            Action::DocumentsArrived(found) => {
                self.run(|ws| ws.documents_arrived(found));
            }
            Action::TookDoc { id, expect, value } => {
                let r = self.ws.take_doc_value(&id, &expect, value);
                self.took_external(r);
            }
            Action::TookSchema { expect, value } => {
                let r = self.ws.take_schema_value(&expect, value);
                self.took_external(r);
            }
            Action::StorageChanged { key, value } => self.external_change(&key, value.as_deref()),
            Action::Notify(n) => self.notice = Some(n),
            Action::DismissNotice => self.notice = None,
            Action::StorageWarning(w) => self.storage_warning = w,
            Action::Sync(a) => self.team_sync(a),
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.act(action);
        next.open_waiting();
        // Every part is compared by pointer first, so this is cheap; an action that changed
        // nothing keeps the same `Rc`, and nothing re-renders.
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}
