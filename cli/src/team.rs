//! Several annotators' files of the same documents, as `postil agree` (`agree.rs`) and
//! `postil merge` (`merge.rs`) read them.
//!
//! Each file is a *layer*, named by the `annotator` of a Postil file, or else by its file name.
//! Documents are matched across files by their text, exactly; a document not in every file is
//! listed as skipped, and the first file's copy (its id, title and text) stands for them all.

use crate::{read, Command, Failure, Work};
use postil_core::agreement::Layer;
use postil_core::corpus::AnnotatedDocument;
use std::collections::{HashMap, HashSet};

/// The files read, each with the name of its layer.
pub(crate) struct Team {
    pub(crate) names: Vec<String>,
    pub(crate) files: Vec<String>,
    pub(crate) works: Vec<Work>,
}

/// Reads every file named, saying on stderr what each held that was read with care or left out.
pub(crate) fn read_team(cmd: &Command) -> Result<Team, Failure> {
    let mut team = Team {
        names: Vec::new(),
        files: Vec::new(),
        works: Vec::new(),
    };
    for path in &cmd.inputs {
        let work = read(path, cmd.from, cmd.skip_bad, cmd.text_field.as_deref())?;
        for what in &work.notes {
            eprintln!("postil: {path}: {what}");
        }
        let file = std::path::Path::new(path)
            .file_name()
            .map_or_else(|| path.clone(), |n| n.to_string_lossy().into_owned());
        let mut name = work.annotator.clone().unwrap_or_else(|| file.clone());
        // Two files by one annotator (or of one name) stay apart by their paths.
        if team.names.contains(&name) {
            name = format!("{name} ({path})");
        }
        team.names.push(name);
        team.files.push(path.clone());
        team.works.push(work);
    }
    Ok(team)
}

/// The documents every file has, in the order of the files: for each, its copy in each file.
/// And the titles of the others, with the layers they are in.
pub(crate) struct Matched<'a> {
    pub(crate) documents: Vec<Vec<&'a AnnotatedDocument>>,
    pub(crate) skipped: Vec<(String, Vec<usize>)>,
}

fn match_documents(works: &[Work]) -> Matched<'_> {
    let by_text: Vec<HashMap<&str, &AnnotatedDocument>> = (works.iter())
        .map(|w| {
            let mut texts = HashMap::new();
            for d in &w.documents {
                texts.entry(d.document.text()).or_insert(d);
            }
            texts
        })
        .collect();
    let mut seen = HashSet::new();
    let mut matched = Matched {
        documents: Vec::new(),
        skipped: Vec::new(),
    };
    for d in works.iter().flat_map(|w| &w.documents) {
        let text = d.document.text();
        if !seen.insert(text) {
            continue;
        }
        let copies: Vec<Option<&AnnotatedDocument>> =
            by_text.iter().map(|m| m.get(text).copied()).collect();
        if copies.iter().all(Option::is_some) {
            matched
                .documents
                .push(copies.into_iter().flatten().collect());
        } else {
            let present = (0..works.len()).filter(|i| copies[*i].is_some()).collect();
            matched
                .skipped
                .push((d.document.title().to_string(), present));
        }
    }
    matched
}

/// The documents every file has; refused when there are none.
pub(crate) fn in_every_file(team: &Team) -> Result<Matched<'_>, Failure> {
    let matched = match_documents(&team.works);
    if matched.documents.is_empty() {
        return Err(Failure::Input(format!(
            "no document is in every file ({}): there is nothing to compare",
            team.files.join(", ")
        )));
    }
    Ok(matched)
}

/// One document's layers: its copy in each file, named.
pub(crate) fn layers<'a>(team: &'a Team, copies: &[&'a AnnotatedDocument]) -> Vec<Layer<'a>> {
    (team.names.iter().zip(copies))
        .map(|(name, d)| Layer {
            name,
            annotations: &d.annotations,
        })
        .collect()
}
