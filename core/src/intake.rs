//! Taking imported articles into the workspace: each gets a free id, a text already here (or
//! earlier in the same import) is skipped as a duplicate, and labels the schema lacks are added.
//! Offsets are `char`s, spans half-open; an article's annotations are kept exactly as the file
//! gave them (never snapped to tokens): they are the dataset.

use crate::annotation::{
    Annotation, AnnotationId, AnnotationSet, Layer, LayerKind, Layers, Overlaps, Relation,
    RelationId,
};
use crate::article::{Article, Deduper, Seen};
use crate::corpus::AnnotatedDocument;
use crate::document::Document;
use crate::schema::LabelSchema;
use crate::slug::{free_id, slugify};
use crate::span::Span;
use std::collections::HashSet;

/// What one batch of articles came to.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Intake {
    pub documents: Vec<AnnotatedDocument>,
    /// Where an article came from, and why it was not taken.
    pub skipped: Vec<(String, String)>,
    /// Labels added to the schema for the articles' annotations.
    pub new_labels: Vec<String>,
    /// Annotations that came with the documents.
    pub annotations: usize,
}

/// Turns `articles` into documents. `taken` holds the ids in use (the new ones join it),
/// `deduper` the texts seen so far; `schema` gains the labels the annotations need.
pub fn take_in(
    articles: Vec<Article>,
    taken: &mut HashSet<String>,
    deduper: &mut Deduper,
    schema: &mut LabelSchema,
) -> Intake {
    let mut out = Intake::default();
    for article in articles {
        match deduper.check(&article.text) {
            Seen::New => {}
            Seen::AlreadyHere => {
                out.skipped.push((
                    article.source,
                    format!(
                        "“{}” has the same text as a document already here",
                        article.title
                    ),
                ));
                continue;
            }
            Seen::EarlierInImport => {
                out.skipped.push((
                    article.source,
                    format!(
                        "“{}” has the same text as an article earlier in this import",
                        article.title
                    ),
                ));
                continue;
            }
        }
        let base = article
            .id_hint
            .as_deref()
            .map(slugify)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| slugify(&article.title));
        let base = if base.is_empty() {
            "article".into()
        } else {
            base
        };
        let mut article = article;
        let document = Document::new(
            free_id(&base, |c| taken.contains(c)),
            std::mem::take(&mut article.title),
            std::mem::take(&mut article.text),
        );
        let made = annotations(&document, &article, schema, &mut out.new_labels).and_then(|set| {
            with_suggestions(set, &document, &article, schema, &mut out.new_labels)
        });
        match made {
            Ok(set) => {
                taken.insert(document.id().to_string());
                out.annotations += set.len();
                out.documents.push(AnnotatedDocument {
                    document,
                    annotations: set,
                });
            }
            Err(why) => out.skipped.push((article.source, why)),
        }
    }
    out
}

/// `set` with the article's suggestions (a model's predictions) as a layer of suggestions
/// named after the model.
fn with_suggestions(
    mut set: AnnotationSet,
    document: &Document,
    article: &Article,
    schema: &mut LabelSchema,
    new_labels: &mut Vec<String>,
) -> Result<AnnotationSet, String> {
    let Some(suggested) = article.suggested.as_ref().filter(|s| !s.spans.is_empty()) else {
        return Ok(set);
    };
    let spans_only = Article {
        annotations: suggested.spans.clone(),
        notes: Vec::new(),
        relations: Vec::new(),
        attributes: Vec::new(),
        suggested: None,
        ..article.clone()
    };
    let suggestions = annotations(document, &spans_only, schema, new_labels)
        .map_err(|why| format!("its suggestions: {why}"))?;
    set.set_layers(Layers::from(vec![Layer {
        name: suggested.by.clone(),
        kind: LayerKind::Suggestions,
        source: article.source.clone(),
        annotations: suggestions,
    }]));
    Ok(set)
}

/// The annotation set for an article's spans with their notes (exact duplicates count once)
/// and relations (one that links a span to itself, or repeats a link, counts once or not at
/// all).
fn annotations(
    document: &Document,
    article: &Article,
    schema: &mut LabelSchema,
    new_labels: &mut Vec<String>,
) -> Result<AnnotationSet, String> {
    let (spans, notes) = (&article.annotations, &article.notes);
    let mut seen = std::collections::HashMap::new();
    let mut items = Vec::new();
    // The id each span became (a duplicate, the id of the first).
    let mut ids = Vec::with_capacity(spans.len());
    for (i, (start, end, label)) in spans.iter().enumerate() {
        if let Some(&id) = seen.get(&(*start, *end, label.as_str())) {
            ids.push(id);
            continue;
        }
        let id = AnnotationId(items.len() as u32 + 1);
        seen.insert((*start, *end, label.as_str()), id);
        ids.push(id);
        match schema.add_label(label) {
            Ok(true) => new_labels.push(label.clone()),
            Ok(false) => {}
            Err(e) => return Err(format!("its label “{label}” cannot be used: {e}")),
        }
        items.push(Annotation {
            id,
            span: Span::new(*start, *end),
            label: label.clone(),
            note: notes.get(i).cloned().unwrap_or_default(),
            attributes: article.attributes.get(i).cloned().unwrap_or_default(),
            created: None,
        });
    }
    for a in &items {
        for (name, value) in &a.attributes {
            schema.learn_attribute(name, value);
        }
    }
    let next = items.len() as u32 + 1;
    let set = AnnotationSet::from_parts(document.char_len(), items, next, Overlaps::Allowed)
        .map_err(|(a, e)| {
            format!(
                "its annotation [{}, {}) {}: {e}",
                a.span.start, a.span.end, a.label
            )
        })?;
    let mut links = HashSet::new();
    let mut relations = Vec::new();
    for link in &article.relations {
        let kind = link.kind.trim();
        let (Some(&from), Some(&to)) = (ids.get(link.from), ids.get(link.to)) else {
            return Err(format!(
                "a relation “{kind}” links a span the article does not have"
            ));
        };
        if from != to && !kind.is_empty() && links.insert((from, to, kind)) {
            schema.learn_relation_type(kind);
            relations.push(Relation {
                id: RelationId(relations.len() as u32 + 1),
                from,
                to,
                kind: kind.to_string(),
                note: link.note.clone(),
                created: None,
            });
        }
    }
    set.with_relations(relations, 1)
        .map_err(|(r, e)| format!("its relation “{}”: {e}", r.kind))
}
