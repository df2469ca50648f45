//! Search in the open document, and labeling all of its hits as one undoable step.

use super::{AppState, LabelAll, Notice, Search};
use crate::components::label_all_dialog::HitRow;
use postil_core::edit::{self, DocEdit, HitStatus};
use postil_core::search::{self, Query};
use postil_core::{AnnotationError, Span};
use std::rc::Rc;

/// Characters of context shown around each hit in the "label all" list.
const CONTEXT_CHARS: u32 = 40;

impl AppState {
    pub(super) fn open_search(&mut self) {
        if self.search.is_none() {
            // Start from the selected words, as editors do.
            let text = match self.selection {
                super::Selection::Range(span) => self
                    .entry()
                    .view
                    .doc
                    .slice(span)
                    .unwrap_or_default()
                    .to_string(),
                _ => String::new(),
            };
            self.search = Some(Rc::new(Search::default()));
            self.set_query(Query {
                text,
                ..Query::default()
            });
        }
    }

    pub(super) fn set_query(&mut self, query: Query) {
        let found = search::find(&self.entry().view.doc, &query);
        let search = match found {
            Ok(hits) => Search {
                query,
                hits: hits.into(),
                error: None,
                at: None,
            },
            Err(e) => Search {
                query,
                hits: Rc::from(Vec::new()),
                error: Some(e.to_string()),
                at: None,
            },
        };
        self.search = Some(Rc::new(search));
    }

    /// Runs the open search again (after switching documents).
    pub(super) fn refresh_search(&mut self) {
        if let Some(q) = self.search.as_ref().map(|s| s.query.clone()) {
            self.set_query(q);
        }
    }

    /// Selects the next (`+1`) or previous (`-1`) hit.
    pub(super) fn step_hit(&mut self, delta: i32) {
        let Some(s) = self.search.clone() else { return };
        let n = s.hits.len();
        if n == 0 {
            return;
        }
        let at = match s.at {
            None if delta >= 0 => 0,
            None => n - 1,
            Some(i) => (i as i64 + i64::from(delta)).rem_euclid(n as i64) as usize,
        };
        let hit = s.hits[at];
        self.search = Some(Rc::new(Search {
            at: Some(at),
            ..(*s).clone()
        }));
        let tokens = self.entry().view.doc.tokens();
        let first = tokens.partition_point(|t| t.end <= hit.start);
        let last = tokens
            .partition_point(|t| t.start < hit.end)
            .saturating_sub(1)
            .max(first);
        self.select_tokens(first, last);
        // A hit may cover part of a word; select exactly the hit.
        self.selection = super::Selection::Range(hit);
    }

    /// Shows every hit with what labeling it would do.
    pub(super) fn open_label_all(&mut self, label: String) {
        let Some(s) = self.search.clone() else { return };
        let entry = self.entry().clone();
        let doc = &entry.view.doc;
        let plan =
            edit::plan_label_all(&entry.annotations, &s.hits, &label, self.schema.overlaps());
        let rows = s
            .hits
            .iter()
            .zip(plan)
            .map(|(hit, status)| {
                let (before, text, after) = search::context(doc, *hit, CONTEXT_CHARS);
                let blocked = match status {
                    HitStatus::New => None,
                    HitStatus::AlreadyLabeled => Some(format!("already {label}")),
                    HitStatus::Refused(e) => Some(refusal(&e)),
                };
                HitRow {
                    span: *hit,
                    before,
                    text,
                    after,
                    blocked,
                }
            })
            .collect();
        self.label_all = Some(Rc::new(LabelAll {
            label,
            rows: Rc::new(rows),
        }));
    }

    pub(super) fn confirm_label_all(&mut self, spans: Vec<Span>) {
        let Some(dialog) = self.label_all.take() else {
            return;
        };
        let overlaps = self.schema.overlaps();
        let made = self.commit(|s| {
            edit::label_all(s, &spans, &dialog.label, overlaps).ok_or(AnnotationError::Unchanged)
        });
        if let Some(DocEdit::Batch { edits }) = made {
            self.notice = Some(Notice::info(format!(
                "Labeled {} hit{} as {}. Ctrl+Z undoes it in one step.",
                edits.len(),
                super::plural(edits.len()),
                dialog.label
            )));
        }
    }
}

fn refusal(e: &AnnotationError) -> String {
    match e {
        AnnotationError::Overlaps { label, .. } => format!("overlaps a {label} annotation"),
        other => other.to_string(),
    }
}
