//! Reading a native file back: the header first (so that a file of another kind or version
//! gets the right sentence), then its shape, then every document and annotation, each problem
//! with its place. Either all of the file is valid and returned, or none of it is.

use super::{
    text_sha256, AnnotationShape, FileShape, NativeFile, RelationShape, FORMAT, OFFSET_UNIT, READS,
};
use crate::annotation::{
    Annotation, AnnotationError, AnnotationId, AnnotationSet, DecisionKey, Decisions, DocLabels,
    Layer, Layers, Overlaps, Relation, RelationId,
};
use crate::corpus::AnnotatedDocument;
use crate::document::Document;
use crate::edit::DocEdit;
use crate::prose::count;
use crate::schema::shape::{self, FileHeader, ShapeError};
use crate::span::Span;
use std::collections::HashSet;
use thiserror::Error;

/// One problem found in a file, located by document and annotation.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum Problem {
    #[error("labels: {0}")]
    Schema(ShapeError),
    #[error("document “{doc}”: the review decision at {start}–{end} does not match the text")]
    BadDecision { doc: String, start: u32, end: u32 },
    #[error("document “{doc}” has a layer with no name")]
    EmptyLayerName { doc: String },
    #[error("document {index} has an empty id")]
    EmptyDocumentId { index: usize },
    #[error("document “{0}” appears twice")]
    DuplicateDocument(String),
    #[error("document “{doc}”, annotation {id}: label “{label}” is not in the file’s labels")]
    UnknownLabel { doc: String, id: u32, label: String },
    #[error("document “{doc}”, annotation {id}: {start}–{end} is outside the text, which has {len} characters")]
    OutOfRange {
        doc: String,
        id: u32,
        start: u32,
        end: u32,
        len: u32,
    },
    #[error("document “{doc}”, annotation {id}: the span {start}–{end} is empty")]
    EmptySpan {
        doc: String,
        id: u32,
        start: u32,
        end: u32,
    },
    #[error("document “{doc}”, annotation {id}: its text “{stated}” does not match the document, which has “{actual}” at {start}–{end}")]
    TextMismatch {
        doc: String,
        id: u32,
        start: u32,
        end: u32,
        stated: String,
        actual: String,
    },
    #[error("document “{doc}”: annotation id {id} is used twice")]
    DuplicateAnnotation { doc: String, id: u32 },
    #[error("document “{doc}”, annotation {id}: it overlaps annotation {other}, and the file’s schema does not allow overlapping spans")]
    Overlap { doc: String, id: u32, other: u32 },
    #[error("document “{doc}”, annotation {id}: the same span already has this label (annotation {other})")]
    DuplicateSpan { doc: String, id: u32, other: u32 },
    #[error(
        "document “{doc}”: document label “{set}/{value}” is not in the file’s document label sets"
    )]
    UnknownDocLabel {
        doc: String,
        set: String,
        value: String,
    },
    #[error("document “{doc}”: its text does not match its SHA-256 (it was changed after the file was written)")]
    ChecksumMismatch { doc: String },
    #[error("document “{doc}”: “{set}” takes one value, and the file gives {count}")]
    TooManyDocLabels {
        doc: String,
        set: String,
        count: usize,
    },
    #[error("document “{doc}”, {what}: “{created}” is not a time Postil reads (it writes them as 2026-12-07T13:20:05.123Z, in UTC)")]
    BadTime {
        doc: String,
        /// "annotation 3" or "relation 2".
        what: String,
        created: String,
    },
    #[error("document “{doc}”, relation {id}: {error}")]
    BadRelation {
        doc: String,
        id: u32,
        error: AnnotationError,
    },
}

/// Why a file was refused. Nothing of a refused file is applied.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ImportError {
    #[error("the file is not valid JSON ({0})")]
    NotJson(String),
    #[error("the file is not a Postil file: it has no \"format\": \"postil\"")]
    NotPostil,
    #[error("the file is Postil format version {0}, and this Postil reads versions 1 to 6")]
    UnsupportedVersion(String),
    #[error("the file counts offsets in “{0}”, and Postil reads only “{OFFSET_UNIT}”")]
    UnsupportedOffsetUnit(String),
    #[error("the file does not have the shape of a Postil file ({0})")]
    Shape(String),
    #[error("the file has {}: {}", count(.0.len(), "problem", "problems"), list(.0))]
    Invalid(Vec<Problem>),
}

/// The first few problems, one sentence each.
fn list(problems: &[Problem]) -> String {
    const SHOWN: usize = 5;
    let mut out: Vec<String> = problems.iter().take(SHOWN).map(|p| p.to_string()).collect();
    if problems.len() > SHOWN {
        out.push(format!("and {} more", problems.len() - SHOWN));
    }
    out.join("; ")
}

/// Refuses a header of another kind, version or offset unit (the version as written, and
/// whether this Postil reads it: [`FileHeader::version`]).
fn check_header(
    format: Option<&str>,
    version: Option<(String, bool)>,
    offset_unit: Option<&str>,
) -> Result<(), ImportError> {
    if format != Some(FORMAT) {
        return Err(ImportError::NotPostil);
    }
    match version {
        Some((_, true)) => {}
        Some((v, false)) => return Err(ImportError::UnsupportedVersion(v)),
        None => return Err(ImportError::UnsupportedVersion("(none)".into())),
    }
    match offset_unit {
        Some(OFFSET_UNIT) => Ok(()),
        other => Err(ImportError::UnsupportedOffsetUnit(
            other.unwrap_or("(none)").to_string(),
        )),
    }
}

/// Reads and validates a native file. Either everything in it is valid and returned, or the
/// file is refused with every problem found.
///
/// The file is read once, straight into its shape; only when that fails is it read again for
/// its header, whose problems (not JSON, not Postil, another version or offset unit) are told
/// before a problem of shape.
pub fn import(json: &str) -> Result<NativeFile, ImportError> {
    let file = match serde_json::from_str::<FileShape>(json) {
        Ok(file) => file,
        Err(shape) => {
            let header = FileHeader::read(json).map_err(|why| match why {
                Some(why) => ImportError::NotJson(why),
                // JSON, but not an object: no "format" at all.
                None => ImportError::NotPostil,
            })?;
            check_header(
                header.format(),
                header.version(&READS),
                header.offset_unit(),
            )?;
            return Err(ImportError::Shape(shape.to_string()));
        }
    };
    let version = (file.version.to_string(), READS.contains(&file.version));
    check_header(Some(&file.format), Some(version), Some(&file.offset_unit))?;
    validate(file).map_err(ImportError::Invalid)
}

fn validate(file: FileShape) -> Result<NativeFile, Vec<Problem>> {
    let mut problems = Vec::new();
    let extras = shape::ExtraShapes {
        relation_types: file.relation_types.clone(),
        attributes: file.attributes.clone(),
    };
    let schema = match shape::from_shapes(
        &file.labels,
        file.allow_overlaps,
        &file.document_label_sets,
        &extras,
    ) {
        Ok(s) => Some(s),
        Err(e) => {
            problems.push(Problem::Schema(e));
            None
        }
    };
    let names: HashSet<&str> = file.labels.iter().map(|l| l.name.as_str()).collect();
    let overlaps = schema.as_ref().map(|s| s.overlaps()).unwrap_or_default();

    let mut seen_docs = HashSet::new();
    let mut documents = Vec::new();
    for (index, d) in file.documents.into_iter().enumerate() {
        if d.id.is_empty() {
            problems.push(Problem::EmptyDocumentId { index: index + 1 });
            continue;
        }
        if !seen_docs.insert(d.id.clone()) {
            problems.push(Problem::DuplicateDocument(d.id.clone()));
            continue;
        }
        if d.sha256
            .as_ref()
            .is_some_and(|h| !h.eq_ignore_ascii_case(&text_sha256(&d.text)))
        {
            problems.push(Problem::ChecksumMismatch { doc: d.id.clone() });
        }
        let document = Document::new(d.id, d.title, d.text);
        let doc = document.id().to_string();
        let before = problems.len();
        for (set, values) in &d.document_labels {
            let known = file.document_label_sets.iter().find(|s| s.name == *set);
            for value in values {
                if !known.is_some_and(|s| s.values.iter().any(|v| v.name == *value)) {
                    problems.push(Problem::UnknownDocLabel {
                        doc: doc.clone(),
                        set: set.clone(),
                        value: value.clone(),
                    });
                }
            }
            if known.is_some_and(|s| !s.multiple) && values.len() > 1 {
                problems.push(Problem::TooManyDocLabels {
                    doc: doc.clone(),
                    set: set.clone(),
                    count: values.len(),
                });
            }
        }
        let Some(mut annotations) = read_set(
            &document,
            &doc,
            (d.annotations, d.relations),
            (Some(&names), overlaps),
            &mut problems,
        ) else {
            continue;
        };
        let mut layers = Vec::new();
        for l in d.layers {
            let place = format!("{doc}, layer {}", l.name);
            let sets = (l.annotations, l.relations);
            if l.name.trim().is_empty() {
                problems.push(Problem::EmptyLayerName { doc: doc.clone() });
            } else if let Some(set) = read_set(
                &document,
                &place,
                sets,
                (None, Overlaps::Allowed),
                &mut problems,
            ) {
                layers.push(Layer {
                    name: l.name,
                    kind: l.kind,
                    source: l.source,
                    annotations: set,
                });
            }
        }
        if problems.len() > before {
            continue;
        }
        annotations.set_layers(Layers::from(layers));
        let mut decisions = Decisions::new();
        for r in d.review {
            let span = Span::new(r.start, r.end.max(r.start));
            match document.slice(span) {
                Some(t) if t == r.text && !span.is_empty() => {
                    let key = DecisionKey {
                        span,
                        relation: r.relation,
                    };
                    drop(decisions.insert(key, r.taken))
                }
                _ => problems.push(Problem::BadDecision {
                    doc: doc.clone(),
                    start: r.start,
                    end: r.end,
                }),
            }
        }
        if problems.len() > before {
            continue;
        }
        annotations.set_decisions(decisions);
        let labels = DocEdit::DocLabels {
            from: DocLabels::new(),
            to: d.document_labels,
        };
        // Setting document labels on a fresh set cannot fail.
        let _ = labels.apply(&mut annotations);
        let _ = DocEdit::Done {
            from: false,
            to: d.done,
        }
        .apply(&mut annotations);
        documents.push(AnnotatedDocument {
            document,
            annotations,
        });
    }
    match schema {
        Some(schema) if problems.is_empty() => Ok(NativeFile {
            schema,
            documents,
            annotator: file.annotator.filter(|a| !a.trim().is_empty()),
        }),
        _ => Err(problems),
    }
}

/// When an annotation or relation was made, as the file says; a time that is not one is a
/// problem (the rest of the item is still checked).
fn when(
    created: Option<String>,
    doc: &str,
    what: impl FnOnce() -> String,
    problems: &mut Vec<Problem>,
) -> Option<crate::clock::Stamp> {
    let text = created?;
    let stamp = crate::clock::parse_iso(&text);
    if stamp.is_none() {
        problems.push(Problem::BadTime {
            doc: doc.to_string(),
            what: what(),
            created: text,
        });
    }
    stamp
}

/// The annotations and relations of a document (or of one of its layers, `doc` naming which
/// for the problems), checked against its text and, when `names` are given, the file's labels
/// (a layer is someone else's work: its labels need not be this schema's); `None` when any
/// problem was found (each added to `problems`).
fn read_set(
    document: &Document,
    doc: &str,
    (annotations, relations): (Vec<AnnotationShape>, Vec<RelationShape>),
    (names, overlaps): (Option<&HashSet<&str>>, Overlaps),
    problems: &mut Vec<Problem>,
) -> Option<AnnotationSet> {
    let doc = doc.to_string();
    let len = document.char_len();
    let before = problems.len();
    let mut items = Vec::new();
    for a in annotations {
        let span = Span {
            start: a.start,
            end: a.end,
        };
        let id = a.id;
        if names.is_some_and(|n| !n.contains(a.label.as_str())) {
            problems.push(Problem::UnknownLabel {
                doc: doc.clone(),
                id,
                label: a.label.clone(),
            });
        }
        if a.start > a.end || a.end > len {
            problems.push(Problem::OutOfRange {
                doc: doc.clone(),
                id,
                start: a.start,
                end: a.end,
                len,
            });
            continue;
        }
        if span.is_empty() {
            problems.push(Problem::EmptySpan {
                doc: doc.clone(),
                id,
                start: a.start,
                end: a.end,
            });
            continue;
        }
        let actual = document.slice(span).unwrap_or_default();
        if actual != a.text {
            problems.push(Problem::TextMismatch {
                doc: doc.clone(),
                id,
                start: a.start,
                end: a.end,
                stated: a.text,
                actual: actual.to_string(),
            });
            continue;
        }
        let created = when(a.created, &doc, || format!("annotation {id}"), problems);
        items.push(Annotation {
            id: AnnotationId(id),
            span,
            label: a.label,
            note: a.note,
            attributes: a.attributes,
            created,
        });
    }
    let relations: Vec<Relation> = (relations.into_iter())
        .map(|r| Relation {
            created: when(r.created, &doc, || format!("relation {}", r.id), problems),
            id: RelationId(r.id),
            from: AnnotationId(r.from),
            to: AnnotationId(r.to),
            kind: r.kind,
            note: r.note,
        })
        .collect();
    if problems.len() > before {
        return None;
    }
    let linked = AnnotationSet::from_parts(len, items, 1, overlaps).map(|set| {
        set.with_relations(relations, 1)
            .map_err(|(r, error)| Problem::BadRelation {
                doc: doc.clone(),
                id: r.id.0,
                error,
            })
    });
    let problem = match linked {
        Ok(Ok(set)) => return Some(set),
        Ok(Err(problem)) => problem,
        Err((a, e)) => match e {
            AnnotationError::DuplicateId(_) => Problem::DuplicateAnnotation { doc, id: a.id.0 },
            AnnotationError::Overlaps { id: other, .. } => Problem::Overlap {
                doc,
                id: a.id.0,
                other: other.0,
            },
            AnnotationError::Duplicate { id: other, .. } => Problem::DuplicateSpan {
                doc,
                id: a.id.0,
                other: other.0,
            },
            // Range and emptiness were checked above, one annotation at a time.
            _ => Problem::OutOfRange {
                doc,
                id: a.id.0,
                start: a.span.start,
                end: a.span.end,
                len,
            },
        },
    };
    problems.push(problem);
    None
}
