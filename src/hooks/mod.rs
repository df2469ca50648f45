//! The root component's effects, each a named hook: saving what changed after each render
//! (`persistence`), the keyboard (`keyboard`), files dropped on the page (`file_drop`), what other browser tabs write (`other_tabs`),
//! asking before the page closes while texts are being written (`leave_guard`), how full
//! storage is (`storage_figures`), and regular-expression searches in the worker
//! (`regex_search`), saying once that Postil was updated (`update_notice`), and syncing with a
//! team's CouchDB (`team_sync`). Each is wiring: the rules they apply live in
//! `postil_core` (the keymap, the store's keys and shapes) and in `crate::persist`.

pub mod file_drop;
pub mod keyboard;
pub mod leave_guard;
pub mod other_tabs;
pub mod persistence;
pub mod regex_search;
pub mod storage_figures;
pub mod team_sync;
pub mod update_notice;

pub use file_drop::use_file_drop;
pub use keyboard::use_keyboard;
pub use leave_guard::use_leave_guard;
pub use other_tabs::use_other_tabs;
pub use persistence::use_persistence;
pub use regex_search::use_regex_search;
pub use storage_figures::{use_storage_figures, StorageFigures};
pub use team_sync::use_team_sync;
pub use update_notice::use_update_notice;
