//! What a key means, given what is on screen. The document-wide listener in the app turns a
//! `keydown` into a [`KeyPress`] and dispatches whatever action this returns; the shortcut
//! sheet lists the same keys (`components::shortcut_sheet`).

use super::cursor::Move;
use super::{Action, AppState, Resolution, Selection};
use postil_core::edit::Edge;

/// A key press, as the browser reports it (`key` is `KeyboardEvent.key`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPress {
    pub key: String,
    pub shift: bool,
    /// Ctrl, or Cmd on a Mac.
    pub ctrl: bool,
    pub alt: bool,
}

impl AppState {
    /// What `k` means now, if anything (the caller prevents the browser's own action then).
    pub fn key_action(&self, k: &KeyPress) -> Option<Action> {
        let key = k.key.as_str();
        // Dialogs take the keyboard: only Escape reaches the app, to close them.
        if self.pending_import.is_some() {
            return (key == "Escape").then_some(Action::ResolveImport(Resolution::Cancel));
        }
        if self.export_dialog {
            return (key == "Escape").then_some(Action::ShowExport(false));
        }
        if self.import_dialog {
            return (key == "Escape").then_some(Action::ShowImportFormats(false));
        }
        if self.import_report.is_some() {
            return matches!(key, "Escape" | "Enter").then_some(Action::CloseReport);
        }
        if self.paste {
            return (key == "Escape").then_some(Action::ShowPaste(false));
        }
        if self.confirm_delete.is_some() {
            return (key == "Escape").then_some(Action::ConfirmDelete(false));
        }
        if self.label_all.is_some() {
            return (key == "Escape").then_some(Action::CancelLabelAll);
        }
        // (A note editor whose annotation went away, deleted in another tab, is not open.)
        if self
            .note_editor
            .is_some_and(|id| self.entry().annotations.get(id).is_some())
        {
            return (key == "Escape").then_some(Action::EditNote(None));
        }
        if self.help {
            return matches!(key, "Escape" | "?").then_some(Action::ShowHelp(false));
        }
        if k.alt {
            return None;
        }
        let selected = self.selection != Selection::None;
        let on_annotation = matches!(self.selection, Selection::Annotation(_));
        if k.ctrl {
            return match (key, k.shift) {
                ("z" | "Z", false) => Some(Action::Undo),
                ("z" | "Z", true) | ("y" | "Y", false) => Some(Action::Redo),
                ("f" | "F", false) => Some(Action::OpenSearch),
                ("ArrowLeft", true) if on_annotation => Some(Action::Resize {
                    edge: Edge::Start,
                    grow: true,
                }),
                ("ArrowRight", true) if on_annotation => Some(Action::Resize {
                    edge: Edge::Start,
                    grow: false,
                }),
                _ => None,
            };
        }
        let arrow = |m: Move| {
            if k.shift {
                Action::Extend(m)
            } else {
                Action::Move(m)
            }
        };
        match key {
            "?" => Some(Action::ShowHelp(true)),
            "/" => Some(Action::OpenSearch),
            "]" if self.entries.len() > 1 => Some(Action::NextDocument(true)),
            "[" if self.entries.len() > 1 => Some(Action::NextDocument(false)),
            "=" => Some(Action::ToggleDone),
            "Escape" if self.offer.is_some() => Some(Action::DismissOffer),
            "Escape" if selected => Some(Action::ClearSelection),
            "Escape" if self.search.is_some() => Some(Action::CloseSearch),
            // The offer shows right after labeling, while the new annotation is selected: Enter
            // answers the offer first; once it is gone, Enter edits the note.
            "Enter" if self.offer.is_some() => Some(Action::AcceptOffer),
            "Enter" if on_annotation => self
                .selected_annotation()
                .map(|a| Action::EditNote(Some(a.id))),
            // With nothing selected, Tab leaves the article like any Tab (Esc, then Tab, gets out).
            "Tab" if selected && !self.entry().annotations.is_empty() => {
                Some(Action::NextAnnotation(!k.shift))
            }
            "Delete" | "Backspace" if on_annotation => Some(Action::DeleteSelected),
            "ArrowRight" if k.shift && on_annotation => Some(Action::Resize {
                edge: Edge::End,
                grow: true,
            }),
            "ArrowLeft" if k.shift && on_annotation => Some(Action::Resize {
                edge: Edge::End,
                grow: false,
            }),
            "ArrowRight" => Some(arrow(Move::NextWord)),
            "ArrowLeft" => Some(arrow(Move::PrevWord)),
            "ArrowDown" => Some(arrow(Move::NextBlock)),
            "ArrowUp" => Some(arrow(Move::PrevBlock)),
            "Home" => Some(arrow(Move::BlockStart)),
            "End" => Some(arrow(Move::BlockEnd)),
            _ => {
                let mut chars = key.chars();
                let c = match (chars.next(), chars.next()) {
                    (Some(c), None) => c,
                    _ => return None,
                };
                if selected && self.schema.by_key(c).is_some() {
                    return Some(Action::LabelKey(c));
                }
                self.schema
                    .doc_value_by_key(c)
                    .map(|(set, value)| Action::ToggleDocLabel {
                        set: set.name.clone(),
                        value: value.name.clone(),
                    })
            }
        }
    }
}

/// Every shortcut, for the sheet: (keys, what they do). Label and document label keys come
/// from the schema and are listed beside these.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("← →", "Move to the previous / next word and select it"),
    ("↑ ↓", "Move to the previous / next paragraph"),
    ("Home End", "Move to the start / end of the paragraph"),
    (
        "Shift + ← →",
        "Extend the selection by a word; on an annotation, shrink / grow its end",
    ),
    (
        "Ctrl + Shift + ← →",
        "On an annotation, grow / shrink its start by a word",
    ),
    (
        "Click, drag",
        "Select a word, or words (snapped to whole words)",
    ),
    (
        "Click again",
        "On overlapping annotations, select the next one under the pointer",
    ),
    (
        "Label key",
        "Label the selection, or relabel the selected annotation",
    ),
    ("Tab  Shift + Tab", "With something selected in the article: the next / previous annotation (Esc, then Tab, leaves the article)"),
    (
        "Enter",
        "Edit the selected annotation’s note; or accept “label the other occurrences”",
    ),
    ("Delete  Backspace", "Remove the selected annotation"),
    (
        "Esc",
        "Dismiss the offer, clear the selection, close search or a dialog",
    ),
    ("Ctrl + Z", "Undo"),
    ("Ctrl + Shift + Z  Ctrl + Y", "Redo"),
    (
        "Ctrl + F  /",
        "Find in the article (then Enter / Shift + Enter for the next / previous hit)",
    ),
    ("[  ]", "Open the previous / next document"),
    ("=", "Mark the document done (again: not done)"),
    ("?", "Show or hide this sheet"),
];
