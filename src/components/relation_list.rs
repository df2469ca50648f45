//! The side panel's relations: the open document's links between annotations, each as
//! “Lavrov” —met→ “Qureshi”, with those of the selected annotation marked. Clicking one
//! selects the annotation it starts at; ✎ edits its note; × takes it away (undoable).

use postil_core::workspace::Doc;
use postil_core::{AnnotationId, RelationId};
use yew::prelude::*;

/// The most relations the list draws (the selected annotation's are always drawn).
const SHOWN_MAX: usize = 200;

#[derive(Properties, PartialEq)]
pub struct RelationListProps {
    pub doc: Doc,
    pub selected: Option<AnnotationId>,
    pub on_pick: Callback<AnnotationId>,
    pub on_remove: Callback<RelationId>,
    /// Open the note editor of a relation.
    pub on_note: Callback<RelationId>,
    /// Open the link dialog for the selected annotation (what `>` does).
    pub on_start: Callback<AnnotationId>,
}

#[component]
pub fn RelationList(props: &RelationListProps) -> Html {
    let relations = props.doc.annotations.relations();
    let n = relations.len();
    let involved =
        |from: AnnotationId, to: AnnotationId| props.selected.is_some_and(|s| s == from || s == to);
    let mut drawn = 0;
    let items = relations
        .iter()
        .filter(|r| {
            drawn += 1;
            drawn <= SHOWN_MAX || involved(r.from, r.to)
        })
        .map(|r| {
            let (from, kind, to) = props.doc.relation_line(r);
            let (id, start) = (r.id, r.from);
            let pick = props.on_pick.reform(move |_: MouseEvent| start);
            let remove = props.on_remove.reform(move |_: MouseEvent| id);
            let note = props.on_note.reform(move |_: MouseEvent| id);
            let marked = involved(r.from, r.to);
            html! {
                <li key={r.id.0} class={classes!("relation-item", marked.then_some("involved"))}>
                    <button type="button" class="relation-pick" onclick={pick} data-rel={r.id.to_string()}>
                        <span class="end">{ from.clone() }</span>
                        <span class="kind">{ format!(" —{kind}→ ") }</span>
                        <span class="end">{ to.clone() }</span>
                        if !r.note.is_empty() {
                            <span class="note">{ r.note.clone() }</span>
                        }
                    </button>
                    <button type="button" class="relation-note" onclick={note}
                        aria-label={format!("Note on the relation {from} {kind} {to}")} title="Note">{ "✎" }</button>
                    <button type="button" class="relation-remove" onclick={remove}
                        aria-label={format!("Remove the relation {from} {kind} {to}")} title="Remove (undo brings it back)">{ "×" }</button>
                </li>
            }
        })
        .collect::<Html>();
    let start = props
        .selected
        .filter(|_| props.doc.annotations.len() > 1)
        .map(|id| {
            let words = (props.doc.annotations.get(id))
                .map(|a| props.doc.quoted(a))
                .unwrap_or_default();
            (props.on_start.reform(move |_: MouseEvent| id), words)
        });
    html! {
        <section class="relations-section" aria-label="Relations">
            <h2 class="panel-title">{ format!("Relations ({n})") }</h2>
            if let Some((onclick, words)) = start {
                <button type="button" class="link-start" {onclick}>{ format!("Link {words} to… (>)") }</button>
            }
            if n == 0 {
                <p class="empty">{ "None yet. Select an annotation and press > to link it to another." }</p>
            } else {
                <ol class="relation-list">{ items }</ol>
                if n > SHOWN_MAX {
                    <p class="empty">{ format!("The first {SHOWN_MAX} of {n} are listed, and those of the selected annotation.") }</p>
                }
            }
        </section>
    }
}
