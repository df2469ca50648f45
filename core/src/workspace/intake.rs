//! Taking in articles (text, Markdown, HTML, exchange formats, pasted text) as new documents
//! at the end of the list, and the report of an import run. New documents never take an id in
//! use here, in the trash (deleted documents keep theirs while they can be restored) or among
//! the ids another tab holds (`reserved`). Labels the articles need join the schema. This is
//! not an undoable step: adding documents is not one, and a label change at the top of the
//! history that the new annotations keep from being undone would block undoing anything older.

use super::{Doc, Outcome, Refusal, Select, Workspace};
use crate::article::{Article, Deduper};
use crate::history::History;
use crate::intake;
use std::collections::HashSet;
use std::rc::Rc;

/// What one batch of articles came to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Took {
    /// The id of the first document added, if any.
    pub first: Option<String>,
    /// Titles of the documents added.
    pub titles: Vec<String>,
    /// Where each skipped article came from, and why.
    pub skipped: Vec<(String, String)>,
    pub annotations: usize,
    pub new_labels: Vec<String>,
}

/// One thing the import report offers to take from a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileOffer {
    pub source: String,
    /// The button's words: "Import its 3 good records (the others stay out)".
    pub words: String,
    pub articles: Rc<Vec<Article>>,
    /// What taking it reads differently, for the report ("its text was read from …").
    pub adjusted: Vec<String>,
}

/// What an import run did, for the report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub files: usize,
    /// Titles of the documents added.
    pub imported: Vec<String>,
    /// Where each skipped article or file came from, and why.
    pub skipped: Vec<(String, String)>,
    /// What each file held that Postil cannot, and was left out ("2 relations (why)").
    pub left_out: Vec<(String, String)>,
    /// Each file read differently from its format's usual form, and how.
    pub adjusted: Vec<(String, String)>,
    /// What the person may still take of files that were not taken as they were: the good
    /// records of a file with bad ones, or each way an ambiguous file reads (nothing of them
    /// is in the workspace until then; taking one drops the file's other offers).
    pub offers: Vec<FileOffer>,
    pub annotations: usize,
    pub new_labels: Vec<String>,
}

impl ImportReport {
    /// Adds what a batch did.
    pub fn add(&mut self, took: Took) {
        self.imported.extend(took.titles);
        self.skipped.extend(took.skipped);
        self.annotations += took.annotations;
        self.new_labels.extend(took.new_labels);
    }
}

impl Workspace {
    /// A duplicate finder that knows every text here.
    pub fn deduper(&self) -> Deduper {
        Deduper::new(self.docs.iter().map(|d| d.document.text()))
    }

    /// Takes in what an imported file declares for the schema (brat's `annotation.conf`) that
    /// the schema lacks, as imported labels join it; returns what was added, for the report.
    pub fn declare(&mut self, declared: &crate::formats::Declared) -> Vec<String> {
        let mut schema = (*self.schema).clone();
        let added = schema.declare(declared);
        if schema != *self.schema {
            self.schema = Rc::new(schema);
        }
        added
    }

    /// Turns articles into documents at the end of the list. `seen` holds the texts seen so
    /// far (this workspace's and earlier articles' of the same import); `reserved` are ids
    /// storage holds that this workspace may not know of yet (another tab's new documents).
    pub fn take_in(
        &mut self,
        articles: Vec<Article>,
        seen: &mut Deduper,
        reserved: &HashSet<String>,
    ) -> Took {
        let mut taken: HashSet<String> = self.docs.iter().map(|d| d.id().to_string()).collect();
        taken.extend(self.trash.iter().map(|d| d.doc.id().to_string()));
        taken.extend(reserved.iter().cloned());
        let mut schema = (*self.schema).clone();
        let intake = intake::take_in(articles, &mut taken, seen, &mut schema);
        if schema != *self.schema {
            self.schema = Rc::new(schema);
        }
        let titles: Vec<String> = (intake.documents.iter())
            .map(|d| d.document.title().to_string())
            .collect();
        let first = intake
            .documents
            .first()
            .map(|d| d.document.id().to_string());
        if !intake.documents.is_empty() {
            let mut docs = (*self.docs).clone();
            docs.extend((intake.documents.into_iter()).map(|d| Doc::new(d, History::default())));
            self.docs = Rc::new(docs);
        }
        Took {
            first,
            titles,
            skipped: intake.skipped,
            annotations: intake.annotations,
            new_labels: intake.new_labels,
        }
    }

    /// Adds an article the user pasted, and opens it. The article is what
    /// [`sources::from_paste`] made of the title and text (the worker's `jobs::paste`, which
    /// also says why a text that cannot be an article was refused).
    pub fn add_pasted(&mut self, article: Article) -> Result<Outcome, Refusal> {
        self.attempt(|ws| {
            let mut seen = ws.deduper();
            let took = ws.take_in(vec![article], &mut seen, &HashSet::new());
            let Some(id) = took.first else {
                let why = took.skipped.into_iter().next().map(|(_, why)| why);
                return Err(why.map_or(Refusal::Unchanged, Refusal::Skipped));
            };
            ws.current = ws.position(&id).unwrap_or(ws.current);
            Ok(Outcome {
                select: Select::Nothing,
                ..Outcome::say(format!("Added “{}”.", ws.current().title()))
            })
        })
    }
}
