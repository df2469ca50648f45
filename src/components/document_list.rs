//! The documents of the workspace with where each stands, the corpus progress, a filter by
//! status and title, and the export of everything.

use postil_core::annotation::Status;
use postil_core::prose::plural;
use postil_core::Document;
use std::rc::Rc;
use yew::prelude::*;

/// One document as the list shows it. Its words are counted when the list is drawn (the
/// document segments its text into words the first time it is asked), not when the app
/// starts with the list out of sight.
#[derive(Clone, Debug)]
pub struct DocRow {
    pub title: AttrValue,
    pub document: Rc<Document>,
    pub annotations: usize,
    pub status: Status,
}

/// Rows are equal when they show the same document (the same `Rc`) the same way.
impl PartialEq for DocRow {
    fn eq(&self, other: &Self) -> bool {
        self.title == other.title
            && Rc::ptr_eq(&self.document, &other.document)
            && self.annotations == other.annotations
            && self.status == other.status
    }
}

#[derive(Properties, PartialEq)]
pub struct DocumentListProps {
    pub rows: Rc<Vec<DocRow>>,
    pub current: usize,
    pub on_open: Callback<usize>,
    pub on_delete: Callback<usize>,
    pub on_export_all: Callback<()>,
    /// Open the statistics.
    pub on_stats: Callback<()>,
    /// Opens Team sync (the toolbar has it too, once sync is set up).
    pub on_sync: Callback<()>,
    /// The title of the last document deleted in this session, if any.
    pub deleted: Option<AttrValue>,
    pub on_restore: Callback<()>,
    /// The annotator's name, put in exports.
    pub annotator: AttrValue,
    pub on_annotator: Callback<String>,
}

#[component]
pub fn DocumentList(props: &DocumentListProps) -> Html {
    let status = use_state(|| None::<Status>);
    let title = use_state(String::new);
    let on_status = {
        let status = status.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                status.set(match el.value().as_str() {
                    "new" => Some(Status::New),
                    "in progress" => Some(Status::InProgress),
                    "done" => Some(Status::Done),
                    _ => None,
                });
            }
        })
    };
    let on_title = {
        let title = title.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(el) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                title.set(el.value());
            }
        })
    };
    let total = props.rows.len();
    let done = props
        .rows
        .iter()
        .filter(|r| r.status == Status::Done)
        .count();
    let needle = title.trim().to_lowercase();
    let shown: Vec<Html> = props
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| status.is_none_or(|s| r.status == s) && r.title.to_lowercase().contains(&needle))
        .map(|(i, r)| {
            let onclick = props.on_open.reform(move |_: MouseEvent| i);
            let on_delete = props.on_delete.reform(move |_: MouseEvent| i);
            let current = i == props.current;
            html! {
                <li key={i} class="doc-item">
                    <button type="button" {onclick} aria-current={current.then_some("true")}
                        class={classes!("doc-row", current.then_some("current"))}>
                        <span class="doc-row-title">{ r.title.clone() }</span>
                        <span class="doc-row-meta">
                            { format!("{} words · {} annotation{}", r.document.word_count(), r.annotations, plural(r.annotations)) }
                        </span>
                        <span class={classes!("status", r.status.to_string().replace(' ', "-"))}>{ r.status.to_string() }</span>
                    </button>
                    <button type="button" class="doc-delete" onclick={on_delete}
                        aria-label={format!("Delete “{}”", r.title)} title="Delete this document">{ "×" }</button>
                </li>
            }
        })
        .collect();
    let count = shown.len();
    html! {
        <section class="documents" aria-label="Documents">
            <h2 class="panel-title">{ format!("Documents ({total})") }</h2>
            <div class="corpus-progress">
                <progress max={total.to_string()} value={done.to_string()} aria-label="Documents done" />
                <span>{ format!("{done} of {total} done") }</span>
            </div>
            <div class="doc-filters">
                <select aria-label="Filter by status" onchange={on_status}>
                    { for [("all", "All", None), ("new", "New", Some(Status::New)),
                           ("in progress", "In progress", Some(Status::InProgress)), ("done", "Done", Some(Status::Done))]
                        .into_iter()
                        .map(|(value, text, s)| html! {
                            <option {value} selected={*status == s}>{ text }</option>
                        }) }
                </select>
                <input type="search" class="filter" placeholder="Title" aria-label="Filter by title"
                    value={(*title).clone()} oninput={on_title} />
            </div>
            if count == 0 {
                <p class="empty">{ "No document matches the filter." }</p>
            }
            <ol class="doc-list">{ for shown }</ol>
            if let Some(title) = props.deleted.clone() {
                <p class="deleted-line">
                    { format!("Deleted: “{title}”. ") }
                    <button type="button" onclick={props.on_restore.reform(|_: MouseEvent| ())}>{ "Restore" }</button>
                </p>
            }
            <p class="hint">{ "[ and ] open the previous and next document; = marks this one done." }</p>
            <label class="annotator">
                <span>{ "Your name, in exports" }</span>
                <input type="text" value={props.annotator.clone()} placeholder="e.g. Ada L."
                    onchange={props.on_annotator.reform(|e: Event| e.target_dyn_into::<web_sys::HtmlInputElement>().map(|el| el.value()).unwrap_or_default())} />
            </label>
            <button type="button" onclick={props.on_export_all.reform(|_: MouseEvent| ())}>{ "Export all documents" }</button>
            <button type="button" onclick={props.on_stats.reform(|_: MouseEvent| ())}>{ "Statistics…" }</button>
            <button type="button" onclick={props.on_sync.reform(|_: MouseEvent| ())}>{ "Team sync…" }</button>
        </section>
    }
}
