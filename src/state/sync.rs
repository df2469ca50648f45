//! Values another tab wrote to storage (the browser's `storage` event), taken in by the
//! workspace for that part only. Annotations and the schema come already compared by revision
//! (`crate::hooks::other_tabs`, `Action::TookDoc`); here are the rest: a document's removal (it
//! was deleted there), and the histories a Postil from before histories lived beside their
//! values still writes under keys of their own. Documents other tabs add arrive through
//! `crate::hooks::other_tabs` too (their texts are in IndexedDB).

use super::AppState;
use postil_core::edit::DocEdit;
use postil_core::schema_edit::SchemaEdit;
use postil_core::store::{self, KeyKind};
use postil_core::workspace::{Outcome, Refusal};

impl AppState {
    pub(super) fn external_change(&mut self, key: &str, value: Option<&str>) {
        let kind = store::key_kind(key);
        let result = match (kind, value) {
            // Annotations are removed only when their document is deleted.
            (KeyKind::Annotations(id), None) => {
                let r = self.ws.drop_document(id);
                return self.show(r);
            }
            (_, None) => return,
            (KeyKind::History(id), Some(raw)) => match store::parse_history::<DocEdit>(raw) {
                Ok(h) => self.ws.take_history(id, h),
                Err(_) => return,
            },
            (KeyKind::SchemaHistory, Some(raw)) => match store::parse_history::<SchemaEdit>(raw) {
                Ok(h) => self.ws.take_schema_history(h),
                Err(_) => return,
            },
            // New documents are read asynchronously (their texts are in IndexedDB).
            _ => return,
        };
        self.took_external(result);
    }

    /// Another tab's value is in: what is on screen of the open document follows it, and
    /// nothing is said (the user did nothing).
    pub(super) fn took_external(&mut self, result: Result<Outcome, Refusal>) {
        let Ok(o) = result else { return };
        let open = self.ws.current().id().to_string();
        if o.changed.annotations.contains(&open) {
            let doc = self.ws.current().clone();
            self.caret.forget_missing(&doc.annotations);
            self.drop_offer();
            self.refresh_search();
        }
        self.close_stale_dialog();
    }
}
