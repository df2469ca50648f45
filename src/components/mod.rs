//! The Yew components, one per file. Each turns DOM events into domain values for its parent.

pub mod annotation_item;
pub mod annotation_list;
pub mod app;
pub mod article;
pub mod delete_dialog;
pub mod doc_label_set_editor;
pub mod doc_labels;
pub mod doc_labels_editor;
pub mod document_list;
pub mod import_dialog;
pub mod import_progress;
pub mod import_report;
pub mod label_all_dialog;
pub mod label_row;
pub mod labels_editor;
pub mod note_editor;
pub mod notices;
pub mod offer_bar;
pub mod palette;
pub mod paragraph;
pub mod paste_dialog;
pub mod schema_editor;
pub mod search_bar;
pub mod shortcut_sheet;
pub mod storage_meter;
pub mod toolbar;
