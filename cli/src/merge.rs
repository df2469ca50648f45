//! `postil merge`: writes what several annotators' files agree on (`agreement::agreed`: the
//! same span and label in every file) in any format, and prints each disagreement on a line
//! of its own. Offsets printed are `char`s, spans half-open `[start, end)`.

use crate::team::{in_every_file, layers, read_team, Team};
use crate::{output_kind, Command, Failure};
use postil_core::agreement::{self, Disagreement, DisagreementKind};
use postil_core::corpus::{AnnotatedDocument, Corpus};
use postil_core::prose::count;
use postil_core::{AnnotationId, AnnotationSet, Document, RelationId};

/// `postil merge`: writes what every layer agrees on, and prints where they differ.
pub(crate) fn run(cmd: &Command) -> Result<(), Failure> {
    let out = cmd.output.clone().unwrap_or_default();
    let kind = output_kind(cmd.to, &out)?;
    let team = read_team(cmd)?;
    let matched = in_every_file(&team)?;
    let gold: Vec<AnnotationSet> = (matched.documents.iter())
        .map(|copies| agreement::agreed(&layers(&team, copies), copies[0].document.char_len()))
        .collect();
    let pairs: Vec<(&Document, &AnnotationSet)> = (matched.documents.iter())
        .zip(&gold)
        .map(|(copies, set)| (&copies[0].document, set))
        .collect();
    let corpus = Corpus {
        schema: &team.works[0].schema,
        documents: &pairs,
    };
    let exported = kind.export(corpus, None);
    let lines: Vec<String> = (matched.documents.iter())
        .flat_map(|copies| disagreement_lines(&team, copies))
        .collect();
    let agreed: usize = gold.iter().map(AnnotationSet::len).sum();
    std::fs::write(&out, &exported.bytes)
        .map_err(|e| Failure::Input(format!("could not write “{out}”: {e}")))?;
    for what in &exported.dropped {
        eprintln!("postil: {} cannot hold everything: {what}", kind.name());
    }
    for line in &lines {
        println!("{line}");
    }
    for (title, present) in &matched.skipped {
        let names: Vec<&str> = present.iter().map(|i| team.names[*i].as_str()).collect();
        eprintln!("postil: left out “{title}”: only in {}", names.join(", "));
    }
    eprintln!(
        "postil: wrote {out} ({}, {} agreed by every file, {})",
        kind.name(),
        count(agreed, "annotation", "annotations"),
        count(lines.len(), "disagreement", "disagreements")
    );
    Ok(())
}

/// One line per disagreement in a document: title, offsets, words, kind, and each layer's
/// part ("ana: PERSON; ben: ORG").
fn disagreement_lines(team: &Team, copies: &[&AnnotatedDocument]) -> Vec<String> {
    let doc = &copies[0].document;
    (agreement::disagreements(&layers(team, copies)).iter())
        .map(|d| {
            let parts: Vec<String> = (team.names.iter().zip(copies).zip(&d.by_layer))
                .map(|((name, copy), ids)| {
                    format!("{name}: {}", part(doc, &copy.annotations, d, ids))
                })
                .collect();
            format!(
                "“{}” [{}, {}) “{}”: {}: {}",
                doc.title(),
                d.span.start,
                d.span.end,
                doc.slice(d.span).unwrap_or_default(),
                kind_name(&d.kind),
                parts.join("; ")
            )
        })
        .collect()
}

fn kind_name(kind: &DisagreementKind) -> &'static str {
    match kind {
        DisagreementKind::Missing { .. } => "missing",
        DisagreementKind::Label => "label",
        DisagreementKind::Boundaries => "boundaries",
        DisagreementKind::Relation => "relation",
    }
}

/// What one layer has in a disagreement: its labels (with their words where the span is not
/// the whole cluster's), its relations ("met (Lavrov → Qureshi)"), or "nothing".
fn part(doc: &Document, set: &AnnotationSet, d: &Disagreement, ids: &[u32]) -> String {
    let words =
        |id: AnnotationId| (set.get(id)).map_or("?", |a| doc.slice(a.span).unwrap_or_default());
    let each: Vec<String> = ids
        .iter()
        .filter_map(|id| match d.kind {
            DisagreementKind::Relation => (set.relation(RelationId(*id)))
                .map(|r| format!("{} ({} → {})", r.kind, words(r.from), words(r.to))),
            _ => set.get(AnnotationId(*id)).map(|a| {
                if a.span == d.span {
                    a.label.clone()
                } else {
                    format!("{} “{}”", a.label, words(a.id))
                }
            }),
        })
        .collect();
    if each.is_empty() {
        "nothing".to_string()
    } else {
        each.join(", ")
    }
}
