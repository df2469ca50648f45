//! The Yew components, one per file. Each turns DOM events into domain values for its parent.

pub mod annotation_list;
pub mod app;
pub mod article;
pub mod import_dialog;
pub mod notices;
pub mod palette;
pub mod paragraph;
pub mod toolbar;
