//! The keyboard in the reducer: what a key means on the screen as it is (asked of
//! `postil_core::keymap`), and running it.

use super::{AppState, Dialog};
use postil_core::keymap::{self, KeyCommand, KeyContext, KeyPress, Open};
use postil_core::selection::Move;

impl AppState {
    /// What the keyboard means now (see `postil_core::keymap`).
    pub fn key_command(&self, press: &KeyPress) -> Option<KeyCommand> {
        let doc = self.doc();
        let open = match &self.dialog {
            None => Open::Nothing,
            Some(Dialog::Report(_)) => Open::Report,
            Some(Dialog::Help) => Open::Help,
            Some(Dialog::Guide) => Open::Guide,
            // A note editor whose annotation went away (deleted in another tab) is not open.
            Some(Dialog::Note(id) | Dialog::Link(id, _)) if doc.annotations.get(*id).is_none() => {
                Open::Nothing
            }
            Some(Dialog::RelationNote(id)) if doc.annotations.relation(*id).is_none() => {
                Open::Nothing
            }
            Some(_) => Open::Dialog,
        };
        keymap::command(
            press,
            &KeyContext {
                open,
                selection: self.caret.selection,
                annotations: &doc.annotations,
                schema: self.ws.schema(),
                offer: self.has_offer(),
                search: self.search.is_some(),
                documents: self.ws.docs().len(),
                tour: self.tour.is_some(),
            },
        )
    }

    pub(super) fn run_key(&mut self, press: &KeyPress) {
        // A key pressed before the frame after a label: the offer is made first, so that
        // Enter and Escape answer it as they would a moment later.
        self.make_offer();
        let Some(command) = self.key_command(press) else {
            return;
        };
        let doc = self.ws.current().clone();
        let (d, set) = (&doc.document, &doc.annotations);
        match command {
            KeyCommand::Close => self.close_dialog(),
            KeyCommand::ShowHelp => self.dialog = Some(Dialog::Help),
            KeyCommand::ShowGuide => self.dialog = Some(Dialog::Guide),
            KeyCommand::CloseTour => self.close_tour(),
            KeyCommand::TextSize(larger) => self.prefs = self.prefs.step_text(larger),
            KeyCommand::Undo => self.show_undo(true),
            KeyCommand::Redo => self.show_undo(false),
            KeyCommand::Find => self.open_search(),
            KeyCommand::Move(m) => self.move_caret(m, false),
            KeyCommand::Extend(m) => self.move_caret(m, true),
            KeyCommand::Resize { edge, grow } => self.resize(edge, grow),
            KeyCommand::NextAnnotation(forward) => {
                self.caret_moved();
                self.caret.next_annotation(d, set, forward);
            }
            KeyCommand::NextDocument(forward) => {
                self.run(|ws| ws.open_next(forward));
            }
            KeyCommand::ToggleDone => {
                self.run(|ws| ws.toggle_done());
            }
            KeyCommand::DismissOffer => self.drop_offer(),
            KeyCommand::AcceptOffer => self.accept_offer(),
            KeyCommand::ClearSelection => self.caret.clear(),
            KeyCommand::CloseSearch => self.search = None,
            KeyCommand::EditNote => {
                if let Some(a) = self.caret.selected(set) {
                    self.dialog = Some(Dialog::Note(a.id));
                }
            }
            KeyCommand::DeleteSelected => self.delete_selected(),
            KeyCommand::StartLink => {
                if let Some(a) = self.caret.selected(set) {
                    self.dialog = Some(Dialog::Link(a.id, None));
                }
            }
            KeyCommand::Label(label) => self.apply_label(&label),
            KeyCommand::Attribute(key) => {
                if let Some(id) = self.caret.selected(set).map(|a| a.id) {
                    self.run(|ws| ws.step_attribute(id, key));
                }
            }
            KeyCommand::ToggleDocLabel { set, value } => {
                self.run(|ws| ws.toggle_doc_label(&set, &value));
            }
        }
    }

    fn move_caret(&mut self, m: Move, extend: bool) {
        self.caret_moved();
        let doc = self.ws.current().clone();
        self.caret
            .move_cursor(&doc.document, &doc.annotations, m, extend);
    }
}
