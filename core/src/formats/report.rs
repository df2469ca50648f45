//! The sentences a format's report is made of: what an export could not hold, what an import
//! left out, and the examples that show it. Counted with [`crate::prose::count`], so every
//! format says "1 note was" and "3 notes were" alike.

use crate::article::cut;
use crate::corpus::Corpus;
use crate::prose::count;

/// The sentences for what `format` cannot hold of a corpus: notes (unless `holds_notes`),
/// document labels and "done" marks.
pub(crate) fn losses(corpus: Corpus<'_>, format: &str, holds_notes: bool) -> Vec<String> {
    let mut out = Vec::new();
    let sets = || corpus.documents.iter().map(|(_, set)| *set);
    let notes = sets()
        .flat_map(|set| set.iter())
        .filter(|a| !a.note.is_empty())
        .count();
    if !holds_notes && notes > 0 {
        out.push(format!(
            "{} dropped ({format} has no place for notes on annotations)",
            count(notes, "note was", "notes were")
        ));
    }
    let labelled = sets().filter(|set| !set.doc_labels().is_empty()).count();
    if labelled > 0 {
        out.push(format!(
            "the document labels of {} dropped ({format} has no place for them)",
            count(labelled, "document were", "documents were")
        ));
    }
    let done = sets().filter(|set| set.done()).count();
    if done > 0 {
        out.push(format!(
            "{} as done dropped ({format} has no place for it)",
            count(done, "document's mark", "documents' marks")
        ));
    }
    out
}

/// "3 relations were dropped (…)" when `format` cannot hold the corpus's relations.
pub(crate) fn relations_dropped(corpus: Corpus<'_>, format: &str) -> Option<String> {
    let n: usize = (corpus.documents.iter())
        .map(|(_, set)| set.relations().len())
        .sum();
    (n > 0).then(|| {
        format!(
            "{} dropped ({format} has no place for links between spans)",
            count(n, "relation was", "relations were")
        )
    })
}

/// "2 attribute values were dropped (…)" when `format` cannot hold annotations' attributes.
pub(crate) fn attributes_dropped(corpus: Corpus<'_>, format: &str) -> Option<String> {
    let n: usize = (corpus.documents.iter())
        .flat_map(|(_, set)| set.iter())
        .map(|a| a.attributes.len())
        .sum();
    (n > 0).then(|| {
        format!(
            "{} dropped ({format} has no place for attributes of annotations)",
            count(n, "attribute value was", "attribute values were")
        )
    })
}

/// "2 notes on relations were dropped (…)" when `format` holds relations but not their notes.
pub(crate) fn relation_notes_dropped(corpus: Corpus<'_>, format: &str) -> Option<String> {
    let n: usize = (corpus.documents.iter())
        .map(|(_, set)| {
            set.relations()
                .iter()
                .filter(|r| !r.note.is_empty())
                .count()
        })
        .sum();
    (n > 0).then(|| {
        format!(
            "{} dropped ({format} has no place for them)",
            count(n, "note on a relation was", "notes on relations were")
        )
    })
}

/// Adds "3 relations (why)" to what an import left out, when there were any.
pub(crate) fn left_out(out: &mut Vec<String>, n: usize, one: &str, many: &str, why: &str) {
    if n > 0 {
        out.push(format!("{} ({why})", count(n, one, many)));
    }
}

/// "3 overlapping spans were dropped: “Washington” (GPE) in “Talks”, … and 4 more": a count,
/// what happened, and the first few examples.
pub(crate) fn listed(what: String, examples: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut out = what;
    if examples.is_empty() {
        return out;
    }
    out.push_str(": ");
    out.push_str(&examples[..examples.len().min(SHOWN)].join(", "));
    if examples.len() > SHOWN {
        out.push_str(&format!(" and {} more", examples.len() - SHOWN));
    }
    out
}

/// “Washington” (GPE) in “Talks”: a span, for reports.
pub(crate) fn example(text: &str, label: &str, title: &str) -> String {
    format!("“{}” ({label}) in “{}”", cut(text, 40), cut(title, 40))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_shows_the_first_five() {
        let examples: Vec<String> = (1..=7).map(|i| i.to_string()).collect();
        assert_eq!(
            listed("7 things".into(), &examples),
            "7 things: 1, 2, 3, 4, 5 and 2 more"
        );
        assert_eq!(listed("2 notes".into(), &[]), "2 notes");
    }
}
