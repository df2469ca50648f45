//! The side panel's list: the open document's annotations in reading order, with their notes,
//! and a filter over label, words and note.

use super::annotation_item::AnnotationItem;
use crate::view::DocView;
use postil_core::{AnnotationId, AnnotationSet, LabelSchema};
use std::rc::Rc;
use yew::prelude::*;

/// The most items the list draws; the filter finds the others. Drawing all of 10,000 made each
/// label key press redraw them (measured in `e2e/limits.spec.ts`: 54 ms a key press, 13 ms
/// without the list).
const SHOWN_MAX: usize = 200;

/// The most characters of an annotation's words an item shows (a span may be the whole text).
const WORDS_MAX: usize = 160;

#[derive(Properties, PartialEq)]
pub struct AnnotationListProps {
    pub view: Rc<DocView>,
    pub annotations: Rc<AnnotationSet>,
    pub schema: Rc<LabelSchema>,
    pub selected: Option<AnnotationId>,
    pub on_pick: Callback<AnnotationId>,
}

#[component]
pub fn AnnotationList(props: &AnnotationListProps) -> Html {
    let filter = use_state(String::new);
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(el) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                filter.set(el.value());
            }
        })
    };
    let needle = filter.trim().to_lowercase();
    let n = props.annotations.len();
    let doc = &props.view.doc;
    let mut matching = 0;
    let shown: Vec<Html> = props
        .annotations
        .iter()
        .filter(|a| a.matches(doc.slice(a.span).unwrap_or_default(), &needle))
        .filter(|a| {
            matching += 1;
            // The selected annotation is always drawn, past the limit too.
            matching <= SHOWN_MAX || props.selected == Some(a.id)
        })
        .map(|a| {
            let words = doc.slice(a.span).unwrap_or_default();
            let words = match words.char_indices().nth(WORDS_MAX) {
                Some((cut, _)) => format!("{}…", &words[..cut]),
                None => words.to_string(),
            };
            let color = props
                .schema
                .get(&a.label)
                .map_or_else(|| "#e0e0e0".to_string(), |l| l.color.to_string());
            html! {
                <AnnotationItem key={a.id.0} id={a.id} label={AttrValue::from(a.label.clone())}
                    attributes={AttrValue::from(postil_core::schema::spoken(&a.attributes))}
                    words={AttrValue::from(words)} note={AttrValue::from(a.note.clone())}
                    color={AttrValue::from(color)} selected={props.selected == Some(a.id)}
                    on_pick={props.on_pick.clone()} />
            }
        })
        .collect();
    let count = shown.len();
    html! {
        <section class="annotations-section" aria-label="Annotations">
            <h2 class="panel-title">{ format!("Annotations ({n})") }</h2>
            if n == 0 {
                <p class="empty">{ "None yet. Select words in the article, then press a label’s key." }</p>
            } else {
                <input class="filter" type="search" placeholder="Filter by label, words, note or attribute"
                    aria-label="Filter annotations" value={(*filter).clone()} oninput={on_filter} />
                if count == 0 {
                    <p class="empty">{ "No annotation matches the filter." }</p>
                }
                <ol class="annotation-list">{ for shown }</ol>
                if matching > SHOWN_MAX {
                    <p class="empty">{ format!("The first {SHOWN_MAX} of {matching} are listed: filter by label, words or note to find the others.") }</p>
                }
            }
        </section>
    }
}
