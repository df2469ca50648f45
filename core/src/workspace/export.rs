//! What an export takes from the workspace: the open document or all of them, as Postil's
//! own JSON (which the import/export worker turns into any other format), named after the
//! document or `corpus`, with the annotator's name.

use super::Workspace;
use crate::formats::native;
use crate::slug::slugify;

/// What to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    ThisDocument,
    AllDocuments,
}

/// The work to export, as Postil JSON, and the stem of its file name (`<stem>.<extension>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ToExport {
    pub stem: String,
    pub json: String,
}

impl Workspace {
    /// The open document (named after its title) or every document (named `corpus`).
    pub fn to_export(&self, scope: Scope) -> ToExport {
        let annotator = Some(self.annotator());
        match scope {
            Scope::ThisDocument => {
                let d = self.current();
                ToExport {
                    stem: slugify(d.title()),
                    json: native::export_by(
                        &self.schema,
                        [(&*d.document, &*d.annotations)],
                        annotator,
                    ),
                }
            }
            Scope::AllDocuments => ToExport {
                stem: "corpus".to_string(),
                json: native::export_by(
                    &self.schema,
                    self.docs.iter().map(|d| (&*d.document, &*d.annotations)),
                    annotator,
                ),
            },
        }
    }
}
