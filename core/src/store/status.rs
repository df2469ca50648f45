//! What the toolbar says about saving: "Saved" only once an edit is durable (in localStorage
//! and committed to IndexedDB's journal, which survives a crash), "Saving…" while the journal
//! write is under way, and "Not saved" with the reason when either store refused it.

use super::save::StorageError;

/// Where the latest edit stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// In localStorage and in the journal on disk.
    Saved,
    /// In localStorage; the journal copy is being written.
    Saving,
    /// In localStorage only: this browser gives Postil no IndexedDB, so a crash in the next
    /// seconds (before the browser writes localStorage to disk) could lose it.
    SavedWithoutJournal,
    /// Not saved; the reason, for the user.
    NotSaved(String),
}

impl SaveState {
    /// Works out the state from the last localStorage save (`local`), whether journal writes
    /// are pending, the last journal failure, and whether there is a journal at all.
    pub fn of(
        local: Option<&StorageError>,
        pending: bool,
        journal_error: Option<&str>,
        journaled: bool,
    ) -> SaveState {
        match (local, journal_error) {
            (Some(StorageError::Blocked), _) => SaveState::NotSaved(
                "the browser blocks storage, so changes live in this tab only".into(),
            ),
            (Some(StorageError::Full), _) => SaveState::NotSaved("browser storage is full".into()),
            (Some(StorageError::WontOverwrite(_)), _) => {
                SaveState::NotSaved("stored data this Postil cannot read is in the way".into())
            }
            (Some(StorageError::Other(what)), _) => SaveState::NotSaved(what.clone()),
            (None, _) if pending => SaveState::Saving,
            (None, Some(e)) => SaveState::NotSaved(format!("the crash-safe copy failed ({e})")),
            (None, None) if !journaled => SaveState::SavedWithoutJournal,
            (None, None) => SaveState::Saved,
        }
    }

    /// The words in the toolbar.
    pub fn label(&self) -> String {
        match self {
            SaveState::Saved => "Saved".into(),
            SaveState::Saving => "Saving…".into(),
            SaveState::SavedWithoutJournal => "Saved (no crash copy)".into(),
            SaveState::NotSaved(why) => format!("Not saved: {why}"),
        }
    }

    /// The longer explanation (a tooltip).
    pub fn detail(&self) -> &'static str {
        match self {
            SaveState::Saved => "Every change is stored in this browser and would survive a crash.",
            SaveState::Saving => "Writing the latest change to this browser's disk.",
            SaveState::SavedWithoutJournal => "Stored in localStorage only: this browser gives Postil no IndexedDB, and a crash in the seconds after a change could lose it. Export to keep a copy.",
            SaveState::NotSaved(_) => "Your latest changes are only on this page. Use “Export JSON” to keep them.",
        }
    }

    /// True when closing the page now would lose nothing.
    pub fn is_safe(&self) -> bool {
        matches!(self, SaveState::Saved | SaveState::SavedWithoutJournal)
    }
}
