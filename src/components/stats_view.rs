//! The statistics of the open document or of all documents (`docs_stats`, counted by the app
//! and passed here as JSON: this view is loaded on demand, `crate::later`): annotations
//! per label, labels per document, annotations per day, documents by status, each as a chart
//! and a table with a CSV download; the most frequent texts per label and the texts given
//! different labels, whose texts search the document where they are.

use super::dialog::{on_escape, use_autofocus};
use super::stats_charts::{bars, days, fill, stacked};
use postil_core::clock::day_text;
use postil_core::stats::{csv, Stats};
use postil_core::Span;
use std::rc::Rc;
use yew::prelude::*;

/// How many documents the labels-per-document chart and table show (the CSV has all).
const DOCS_SHOWN: usize = 50;
/// How many days the chart shows, the last ones (the table and CSV have all).
const DAYS_SHOWN: usize = 90;

#[derive(Properties, PartialEq)]
pub struct StatsViewProps {
    /// The statistics of all documents, and of the open one (`docs_stats`, counted by the app:
    /// this view is in the module loaded on demand, `crate::later`).
    pub all: Rc<Stats>,
    pub here: Rc<Stats>,
    /// The open document's title.
    pub title: AttrValue,
    /// Each label's colour (CSS).
    pub colors: Rc<Vec<(String, String)>>,
    /// Search this document (by position) for this text, stepping to the hit at this span.
    pub on_find: Callback<(usize, String, Span)>,
    pub on_close: Callback<()>,
}

#[component]
pub fn StatsView(props: &StatsViewProps) -> Html {
    let focus = use_autofocus();
    let whole = use_state(|| true);
    let failed = use_state(|| None::<String>);
    let s = if *whole {
        props.all.clone()
    } else {
        props.here.clone()
    };
    let scope = if *whole {
        "all documents".to_string()
    } else {
        format!("“{}”", props.title)
    };
    let pick = {
        let whole = whole.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                whole.set(el.value() == "all");
            }
        })
    };
    // The rows are made when the button is pressed.
    let download = |name: &'static str, rows: fn(&Stats) -> Vec<Vec<String>>| {
        let failed = failed.clone();
        let stem = if *whole {
            "all".to_string()
        } else {
            postil_core::slug::slugify(&props.title)
        };
        let stats = s.clone();
        Callback::from(move |_: MouseEvent| {
            let file = format!("postil-{stem}-{name}.csv");
            let done =
                crate::platform::download::download_text(&file, "text/csv", &csv(&rows(&stats)));
            failed.set(
                done.err()
                    .map(|e| format!("{file} could not be saved: {e}")),
            );
        })
    };
    let colors = &props.colors;
    let label_rows: Vec<(String, usize, String)> = (s.labels.iter())
        .map(|l| (l.label.clone(), l.count, fill(colors, &l.label)))
        .collect();
    let status_rows: Vec<(String, usize, String)> = (s.status.iter())
        .map(|(st, n)| {
            (
                st.to_string(),
                *n,
                format!("var(--status-{})", st.to_string().replace(' ', "-")),
            )
        })
        .collect();
    let names: Vec<String> = s.labels.iter().map(|l| l.label.clone()).collect();
    let docs = &s.per_doc[..s.per_doc.len().min(DOCS_SHOWN)];
    let shown_days = &s.days[s.days.len().saturating_sub(DAYS_SHOWN)..];
    let find = |(doc, at): (usize, Span), text: String| {
        let on_find = props.on_find.clone();
        let label = format!("Find “{text}”");
        let go = Callback::from(move |_: MouseEvent| on_find.emit((doc, text.clone(), at)));
        (go, label)
    };
    html! {
        <div class="dialog-backdrop">
            <div class="dialog stats-view" role="dialog" aria-modal="true" aria-labelledby="stats-title"
                tabindex="-1" ref={focus} onkeydown={on_escape(&props.on_close)}>
                <h2 id="stats-title">{ "Statistics" }</h2>
                <label class="field stats-scope">
                    <span>{ "Of" }</span>
                    <select onchange={pick} aria-label="Statistics of">
                        <option value="all" selected={*whole}>{ "All documents" }</option>
                        <option value="here" selected={!*whole}>{ format!("This document: {}", props.title) }</option>
                    </select>
                </label>
                <p class="stats-summary">{ format!("{}: {}, {}, {}.", scope,
                    postil_core::prose::count(s.documents, "document", "documents"),
                    postil_core::prose::count(s.annotations, "annotation", "annotations"),
                    postil_core::prose::count(s.relations, "relation", "relations")) }</p>
                if let Some(e) = (*failed).clone() {
                    <p class="notice error" role="alert">{ e }</p>
                }
                <section class="stat" aria-labelledby="stat-labels">
                    <h3 id="stat-labels">{ "Annotations per label" }</h3>
                    if s.labels.is_empty() {
                        <p>{ "No annotations yet." }</p>
                    } else {
                        <div class="stat-pair">
                            { bars(&label_rows, "Annotations per label") }
                            { table(&["Label", "Annotations"], s.labels.iter().map(|l| vec![l.label.clone(), l.count.to_string()])) }
                        </div>
                    }
                    <button type="button" class="csv" onclick={download("labels", Stats::labels_rows)}>{ "CSV" }</button>
                </section>
                if *whole {
                    <section class="stat" aria-labelledby="stat-docs">
                        <h3 id="stat-docs">{ "Labels per document" }</h3>
                        if s.per_doc.len() > DOCS_SHOWN {
                            <p class="hint">{ format!("The first {DOCS_SHOWN} of {} documents; the CSV has all.", s.per_doc.len()) }</p>
                        }
                        <div class="stat-pair">
                            { stacked(docs, &names, colors) }
                            { table(&std::iter::once("Document").chain(names.iter().map(String::as_str)).collect::<Vec<_>>(),
                                docs.iter().map(|d| std::iter::once(d.title.clone()).chain(d.counts.iter().map(usize::to_string)).collect())) }
                        </div>
                        <button type="button" class="csv" onclick={download("documents", Stats::per_doc_rows)}>{ "CSV" }</button>
                    </section>
                }
                <section class="stat" aria-labelledby="stat-days">
                    <h3 id="stat-days">{ "Annotations per day" }</h3>
                    if s.days.is_empty() {
                        <p>{ "Nothing here says when it was made yet." }</p>
                    } else {
                        if s.days.len() > DAYS_SHOWN {
                            <p class="hint">{ format!("The chart shows the last {DAYS_SHOWN} days; the table and the CSV have all {}.", s.days.len()) }</p>
                        }
                        <div class="stat-pair">
                            <div>
                                { days(shown_days) }
                                <p class="legend"><span class="key annotations" />{ "annotations " }<span class="key relations" />{ "relations" }</p>
                            </div>
                            { table(&["Day", "Annotations", "Relations"], s.days.iter().rev().map(|d|
                                vec![day_text(d.day), d.annotations.to_string(), d.relations.to_string()])) }
                        </div>
                    }
                    if s.outside > 0 {
                        <p class="hint">{ format!("{} said to be made more than a year ago, or after today, are not counted by day.",
                            postil_core::prose::count(s.outside, "annotation or relation", "annotations and relations")) }</p>
                    }
                    if s.undated > 0 {
                        <p class="hint">{ format!("{} from before Postil kept the time, or from files that do not say it, are not counted by day.",
                            postil_core::prose::count(s.undated, "annotation or relation", "annotations and relations")) }</p>
                    }
                    <button type="button" class="csv" onclick={download("days", Stats::days_rows)}>{ "CSV" }</button>
                </section>
                <section class="stat" aria-labelledby="stat-odd">
                    <h3 id="stat-odd">{ "Same text, different labels" }</h3>
                    if s.inconsistent.is_empty() {
                        <p>{ "Every text has one label wherever it is labeled." }</p>
                    } else {
                        <p class="hint">{ "Often a mistake: choose a text to find it where it has its rarer label." }</p>
                        <table class="figures odd">
                            <thead><tr><th scope="col">{ "Text" }</th><th scope="col">{ "Labels" }</th></tr></thead>
                            <tbody>
                                { for s.inconsistent.iter().map(|i| {
                                    let (go, label) = find(i.first_odd, i.text.clone());
                                    let labels = i.labels.iter().map(|l| format!("{} {}", l.label, l.count)).collect::<Vec<_>>().join(", ");
                                    html! { <tr><th scope="row"><button type="button" class="link" onclick={go} aria-label={label}>{ i.text.clone() }</button></th><td>{ labels }</td></tr> }
                                }) }
                            </tbody>
                        </table>
                    }
                    <button type="button" class="csv" onclick={download("different-labels", Stats::inconsistent_rows)}>{ "CSV" }</button>
                </section>
                <section class="stat" aria-labelledby="stat-frequent">
                    <h3 id="stat-frequent">{ "Most frequent texts per label" }</h3>
                    <table class="figures frequent">
                        <thead><tr><th scope="col">{ "Label" }</th><th scope="col">{ "Text" }</th><th scope="col">{ "Annotations" }</th></tr></thead>
                        <tbody>
                            { for s.frequent.iter().flat_map(|(label, top)| top.iter().map(move |t| (label, t))).map(|(label, t)| {
                                let (go, name) = find(t.first, t.text.clone());
                                html! { <tr><td>{ label.clone() }</td><td><button type="button" class="link" onclick={go} aria-label={name}>{ t.text.clone() }</button></td><td>{ t.count }</td></tr> }
                            }) }
                        </tbody>
                    </table>
                    <button type="button" class="csv" onclick={download("frequent-texts", Stats::frequent_rows)}>{ "CSV" }</button>
                </section>
                <section class="stat" aria-labelledby="stat-status">
                    <h3 id="stat-status">{ "Documents by status" }</h3>
                    <div class="stat-pair">
                        { bars(&status_rows, "Documents by status") }
                        { table(&["Status", "Documents"], s.status.iter().map(|(st, n)| vec![st.to_string(), n.to_string()])) }
                    </div>
                    <button type="button" class="csv" onclick={download("status", Stats::status_rows)}>{ "CSV" }</button>
                </section>
                <div class="dialog-actions">
                    <button type="button" onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "Close" }</button>
                </div>
            </div>
        </div>
    }
}

/// A table of figures: a header row, then rows whose first cell heads the row.
fn table(head: &[&str], rows: impl Iterator<Item = Vec<String>>) -> Html {
    html! {
        <table class="figures">
            <thead><tr>{ for head.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr></thead>
            <tbody>
                { for rows.map(|r| html! {
                    <tr>
                        { for r.iter().enumerate().map(|(i, c)| if i == 0 {
                            html! { <th scope="row">{ c.clone() }</th> }
                        } else {
                            html! { <td>{ c.clone() }</td> }
                        }) }
                    </tr>
                }) }
            </tbody>
        </table>
    }
}
