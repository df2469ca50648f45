//! Changes to the schema, which reach into documents: renaming a label renames its annotations,
//! deleting a label removes its annotations, and dropping a document label value takes it off
//! the documents that had it. A [`SchemaEdit`] holds the schema before and after and the
//! per-document edits, so undo restores everything.

use crate::annotation::AnnotationSet;
use crate::edit::DocEdit;
use crate::schema::LabelSchema;
use serde::{Deserialize, Serialize};

/// A change the user asks of the schema (in the label editor, or by importing a schema file):
/// the new schema, the labels renamed (old name, new name) so their annotations can follow,
/// and what happened in a few words, for the undo notice ("Renamed PERSON to PER").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaChange {
    pub to: LabelSchema,
    pub renames: Vec<(String, String)>,
    pub summary: String,
}

/// One undoable change to the schema and what it did to the documents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaEdit {
    pub from: LabelSchema,
    pub to: LabelSchema,
    /// Edits to documents, by document id, in the order applied.
    pub docs: Vec<(String, DocEdit)>,
}

impl SchemaEdit {
    /// The edit that undoes this one.
    pub fn inverse(&self) -> SchemaEdit {
        SchemaEdit {
            from: self.to.clone(),
            to: self.from.clone(),
            docs: self
                .docs
                .iter()
                .rev()
                .map(|(id, e)| (id.clone(), e.inverse()))
                .collect(),
        }
    }

    /// How many annotations this edit removes.
    pub fn removed_count(&self) -> usize {
        fn count(e: &DocEdit) -> usize {
            match e {
                DocEdit::Remove { .. } => 1,
                DocEdit::Batch { edits } => edits.iter().map(count).sum(),
                _ => 0,
            }
        }
        self.docs.iter().map(|(_, e)| count(e)).sum()
    }

    /// How many relations this edit takes away for good (not those it puts back renamed).
    pub fn unlinked_count(&self) -> usize {
        fn count(e: &DocEdit) -> isize {
            match e {
                DocEdit::Unlink { .. } => 1,
                DocEdit::Link { .. } => -1,
                DocEdit::Batch { edits } => edits.iter().map(count).sum(),
                _ => 0,
            }
        }
        let n: isize = self.docs.iter().map(|(_, e)| count(e)).sum();
        n.max(0) as usize
    }
}

/// The edit that changes the schema `from` into `to`, where `renames` lists labels renamed
/// (old name, new name). Annotations whose label is renamed follow it; annotations whose label
/// is deleted are removed; document labels whose set or value is gone are dropped.
pub fn change(
    from: &LabelSchema,
    to: LabelSchema,
    renames: &[(String, String)],
    docs: &[(&str, &AnnotationSet)],
) -> SchemaEdit {
    let mut doc_edits = Vec::new();
    for (id, set) in docs {
        let mut edits = Vec::new();
        let mut gone = Vec::new();
        for a in set.iter() {
            let renamed = renames
                .iter()
                .find(|(old, _)| *old == a.label)
                .map(|(_, new)| new);
            match renamed {
                Some(new) if to.get(new).is_some() => edits.push(DocEdit::Relabel {
                    id: a.id,
                    from: a.label.clone(),
                    to: new.clone(),
                }),
                // Only a label this change deletes takes its annotations along; one that was
                // already missing (a file's label, say) is not this change's to remove.
                _ if from.get(&a.label).is_some() && to.get(&a.label).is_none() => {
                    gone.push(a.id);
                }
                _ => {}
            }
        }
        // Attributes follow theirs: renamed with it; taken off when it, or the value, is gone.
        for a in set.iter() {
            if gone.contains(&a.id) {
                continue;
            }
            // The annotation's label after this change (it follows a renamed label).
            let label = (renames.iter())
                .find(|(old, new)| *old == a.label && to.get(new).is_some())
                .map_or(&a.label, |(_, new)| new);
            for (name, value) in &a.attributes {
                let Some(before) = from.attribute(name) else {
                    continue;
                };
                let renamed = (renames.iter())
                    .find(|(old, _)| old == name)
                    .map(|(_, new)| new)
                    .filter(|new| to.attribute(new).is_some());
                let (new_name, def) = match renamed {
                    Some(new) => (new.clone(), to.attribute(new)),
                    None => (name.clone(), to.attribute(name)),
                };
                let kept = def.is_some_and(|d| d.takes(value) && d.applies_to(label));
                if new_name == *name && kept && before.takes(value) {
                    continue;
                }
                edits.push(DocEdit::Attribute {
                    id: a.id,
                    name: name.clone(),
                    from: Some(value.clone()),
                    to: None,
                });
                if kept {
                    edits.push(DocEdit::Attribute {
                        id: a.id,
                        name: new_name,
                        from: None,
                        to: Some(value.clone()),
                    });
                }
            }
        }
        // Relations follow their type: renamed with it, taken away with it (those of an
        // annotation taken away go with the annotation, below).
        for r in set.relations() {
            if gone.contains(&r.from) || gone.contains(&r.to) {
                continue;
            }
            let renamed = (renames.iter())
                .find(|(old, _)| *old == r.kind)
                .map(|(_, new)| new)
                .filter(|new| to.relation_type(new).is_some());
            match renamed {
                Some(new) if from.relation_type(&r.kind).is_some() => {
                    edits.push(DocEdit::Unlink {
                        relation: r.clone(),
                    });
                    edits.push(DocEdit::Link {
                        relation: crate::annotation::Relation {
                            kind: new.clone(),
                            ..r.clone()
                        },
                    });
                }
                _ if from.relation_type(&r.kind).is_some()
                    && to.relation_type(&r.kind).is_none() =>
                {
                    edits.push(DocEdit::Unlink {
                        relation: r.clone(),
                    })
                }
                _ => {}
            }
        }
        // The annotations removed go with their relations, before the rest of the step.
        if !gone.is_empty() {
            let mut removals = crate::edit::removals(set, &gone);
            removals.append(&mut edits);
            edits = removals;
        }
        let mut labels = set.doc_labels().clone();
        labels.retain(|set_name, values| {
            let Some(s) = to.doc_sets().iter().find(|s| s.name == *set_name) else {
                return false;
            };
            values.retain(|v| s.values.iter().any(|sv| sv.name == *v));
            // A set that became single-choice keeps the first value it had.
            if !s.multiple {
                let first = values.iter().next().cloned();
                values.retain(|v| Some(v) == first.as_ref());
            }
            !values.is_empty()
        });
        if &labels != set.doc_labels() {
            edits.push(DocEdit::DocLabels {
                from: set.doc_labels().clone(),
                to: labels,
            });
        }
        if !edits.is_empty() {
            doc_edits.push((id.to_string(), DocEdit::Batch { edits }));
        }
    }
    SchemaEdit {
        from: from.clone(),
        to,
        docs: doc_edits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::DocLabels;
    use crate::edit::{label_span, set_doc_labels};
    use crate::span::Span;

    fn doc() -> AnnotationSet {
        let schema = LabelSchema::default_ner();
        let mut set = AnnotationSet::new(100);
        for (s, e, l) in [(0, 5, "PERSON"), (10, 15, "GPE"), (20, 25, "PERSON")] {
            label_span(&set, Span::new(s, e), l, schema.overlaps())
                .unwrap()
                .apply(&mut set)
                .unwrap();
        }
        let mut labels = DocLabels::new();
        labels
            .entry("topic".into())
            .or_default()
            .extend(["politics".to_string(), "health".to_string()]);
        set_doc_labels(&set, labels)
            .unwrap()
            .apply(&mut set)
            .unwrap();
        set
    }

    fn labels(set: &AnnotationSet) -> Vec<String> {
        set.iter().map(|a| a.label.clone()).collect()
    }

    #[test]
    fn rename_delete_and_undo_across_documents() {
        let from = LabelSchema::default_ner();
        let mut renamed = from.labels().to_vec();
        renamed[0].name = "PER".into();
        renamed.retain(|l| l.name != "GPE");
        let mut sets = from.doc_sets().to_vec();
        sets[0].values.retain(|v| v.name != "health");
        sets[0].multiple = false;
        let to = from
            .with_labels(renamed)
            .unwrap()
            .with_doc_sets(sets)
            .unwrap();

        let (mut a, mut b) = (doc(), doc());
        let original = a.clone();
        let edit = change(
            &from,
            to,
            &[("PERSON".into(), "PER".into())],
            &[("a", &a), ("b", &b)],
        );
        assert_eq!(edit.removed_count(), 2, "one GPE in each document");
        for (id, e) in &edit.docs {
            e.apply(if id == "a" { &mut a } else { &mut b }).unwrap();
        }
        assert_eq!(labels(&a), vec!["PER", "PER"]);
        assert_eq!(
            a.doc_labels()["topic"].iter().collect::<Vec<_>>(),
            vec!["politics"]
        );

        let undo = edit.inverse();
        assert_eq!(undo.to, LabelSchema::default_ner());
        for (id, e) in &undo.docs {
            e.apply(if id == "a" { &mut a } else { &mut b }).unwrap();
        }
        assert_eq!(a, original);
        assert_eq!(b, original);
    }

    #[test]
    fn an_unrelated_change_touches_no_document() {
        let from = LabelSchema::default_ner();
        let mut recoloured = from.labels().to_vec();
        recoloured.swap(0, 1);
        let to = from.with_labels(recoloured).unwrap();
        let a = doc();
        assert!(change(&from, to, &[], &[("a", &a)]).docs.is_empty());
    }
}
