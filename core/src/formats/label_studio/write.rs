//! Writing tasks: one per document, one `labels` region per annotation in export order, a
//! per-region `textarea` result for its note, and a per-region `choices` result for each of its
//! attributes, named by the attribute (a yes/no attribute chooses its own name; see the parent
//! module). A layer of suggestions (a model's) is written as the task's prediction, named by
//! its `model_version`.

use super::{
    DataOut, ItemOut, PredictionOut, RelationOut, ResultOut, ResultsOut, TaskOut, ValueOut, FORMAT,
};
use crate::annotation::LayerKind;
use crate::corpus::Corpus;
use crate::formats::report::{losses, relation_notes_dropped};
use crate::formats::Exported;
use std::collections::HashMap;

/// The tasks as a pretty-printed JSON array.
pub fn export(corpus: Corpus) -> Exported {
    let tasks: Vec<TaskOut> = corpus
        .documents
        .iter()
        .enumerate()
        .map(|(i, (document, set))| {
            let mut result = Vec::new();
            let mut region = HashMap::new();
            for (k, a) in set.in_export_order().into_iter().enumerate() {
                let id = format!("postil-{}", k + 1);
                region.insert(a.id, id.clone());
                let (start, end) = (a.span.start, a.span.end);
                result.push(ItemOut::Region(ResultOut {
                    id: id.clone(),
                    from_name: "label",
                    to_name: "text",
                    kind: "labels",
                    value: ValueOut::Labels {
                        start,
                        end,
                        text: document.slice(a.span).unwrap_or_default(),
                        labels: [a.label.as_str()],
                    },
                }));
                for (name, value) in &a.attributes {
                    let choice = if value == crate::schema::FLAG_SET {
                        name
                    } else {
                        value
                    };
                    result.push(ItemOut::Region(ResultOut {
                        id: id.clone(),
                        from_name: name,
                        to_name: "text",
                        kind: "choices",
                        value: ValueOut::Choices {
                            start,
                            end,
                            choices: [choice.as_str()],
                        },
                    }));
                }
                if !a.note.is_empty() {
                    result.push(ItemOut::Region(ResultOut {
                        id,
                        from_name: "note",
                        to_name: "text",
                        kind: "textarea",
                        value: ValueOut::Note {
                            start,
                            end,
                            text: [a.note.as_str()],
                        },
                    }));
                }
            }
            for r in set.relations() {
                result.push(ItemOut::Relation(RelationOut {
                    from_id: region.get(&r.from).cloned().unwrap_or_default(),
                    to_id: region.get(&r.to).cloned().unwrap_or_default(),
                    kind: "relation",
                    direction: "right",
                    labels: [r.kind.as_str()],
                }));
            }
            TaskOut {
                id: i + 1,
                data: DataOut {
                    text: document.text(),
                    title: document.title(),
                    postil_id: document.id(),
                },
                annotations: [ResultsOut { result }],
                predictions: (set.layers().iter())
                    .filter(|l| l.kind == LayerKind::Suggestions && !l.annotations.is_empty())
                    .map(|l| PredictionOut {
                        model_version: &l.name,
                        result: (l.annotations.in_export_order().into_iter().enumerate())
                            .map(|(k, a)| {
                                ItemOut::Region(ResultOut {
                                    id: format!("postil-p{}", k + 1),
                                    from_name: "label",
                                    to_name: "text",
                                    kind: "labels",
                                    value: ValueOut::Labels {
                                        start: a.span.start,
                                        end: a.span.end,
                                        text: document.slice(a.span).unwrap_or_default(),
                                        labels: [a.label.as_str()],
                                    },
                                })
                            })
                            .collect(),
                    })
                    .take(1)
                    .collect(),
            }
        })
        .collect();
    // Serialising strings and integers cannot fail.
    let mut bytes = serde_json::to_vec_pretty(&tasks).unwrap_or_default();
    bytes.push(b'\n');
    Exported {
        mime: "application/json",
        bytes,
        dropped: {
            let mut dropped = losses(corpus, FORMAT, true);
            dropped.extend(relation_notes_dropped(corpus, FORMAT));
            dropped
        },
    }
}
