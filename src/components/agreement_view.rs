//! How far the annotators agree (`agreement_report`, made by the app and passed here as JSON:
//! this view is loaded on demand, `crate::later`): a table of every pair of
//! layers over all documents, the chosen pair label by label (a table and a bar chart of F1,
//! exact and overlapping), a heat map of every pair document by document, and Fleiss' kappa
//! and Krippendorff's alpha when three or more layers annotated the same documents. Charts are
//! SVG drawn here; every figure in them is also in a table, for screen readers.

use super::dialog::{on_escape, use_autofocus};
use postil_core::agreement::{Counts, Pairwise};
use postil_core::workspace::AgreementReport;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AgreementViewProps {
    pub report: Rc<AgreementReport>,
    pub on_close: Callback<()>,
}

/// A figure as the view prints it: three decimals, or "—" when it is undefined (0/0).
fn fig(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), |x| format!("{x:.3}"))
}

fn prf(c: Counts) -> [String; 3] {
    [fig(c.precision()), fig(c.recall()), fig(c.f1())]
}

#[component]
pub fn AgreementView(props: &AgreementViewProps) -> Html {
    let focus = use_autofocus();
    let chosen = use_state(|| 0usize);
    let r = &props.report;
    let onkeydown = on_escape(&props.on_close);
    let close = props.on_close.reform(|_: MouseEvent| ());
    let pick = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                chosen.set(usize::try_from(el.selected_index()).unwrap_or(0));
            }
        })
    };
    let pair = r.pairs.get((*chosen).min(r.pairs.len().saturating_sub(1)));
    html! {
        <div class="dialog-backdrop">
            <div class="dialog agreement-view" role="dialog" aria-modal="true"
                aria-labelledby="agreement-title" tabindex="0" ref={focus} {onkeydown}>
                <h2 id="agreement-title">{ "Agreement between annotators" }</h2>
                if r.pairs.is_empty() {
                    <p>{ "No document has two layers to compare yet. Import a colleague’s Postil file for documents you have: it becomes their layer." }</p>
                } else {
                    <p class="hint">{ "Each pair of layers (“you”: your own annotations; a model’s suggestions are left out, as accepting them takes them out of their layer: compare a model’s file with postil agree): the first is the reference. Exact: same span and label; overlap: same label, spans sharing a character. Cohen’s κ over tokens (each token’s label, or none). Unitized α (Krippendorff’s uα) over characters: how alike the layers cut the text into labeled stretches, edges inside words included; 1 is full agreement, 0 what chance gives." }</p>
                    { overall(r) }
                    if let (Some(f), Some(a)) = (r.fleiss, r.alpha) {
                        <p class="many">{ format!("Fleiss’ κ {} and Krippendorff’s α {} over tokens, unitized α {} over characters, over the {} document{} that three or more layers annotated.",
                            fig(Some(f)), fig(Some(a)), fig(r.unitized), r.many_layer_docs, postil_core::prose::plural(r.many_layer_docs)) }</p>
                    }
                    if r.pairs.len() > 1 {
                        <label class="field pair-pick">
                            <span>{ "Label by label for" }</span>
                            <select onchange={pick} aria-label="Pair of layers">
                                { for r.pairs.iter().enumerate().map(|(i, p)| html! {
                                    <option selected={i == *chosen}>{ format!("{} → {}", p.a, p.b) }</option>
                                }) }
                            </select>
                        </label>
                    }
                    if let Some(p) = pair {
                        { per_label(&p.a, &p.b, &p.corpus) }
                    }
                    { heat_map(r) }
                }
                <div class="dialog-actions">
                    <button type="button" onclick={close}>{ "Close" }</button>
                </div>
            </div>
        </div>
    }
}

fn overall(r: &AgreementReport) -> Html {
    html! {
        <table class="figures overall">
            <caption>{ "All documents" }</caption>
            <thead><tr>
                <th scope="col">{ "Layers" }</th><th scope="col">{ "Precision" }</th><th scope="col">{ "Recall" }</th>
                <th scope="col">{ "F1 exact" }</th><th scope="col">{ "F1 overlap" }</th><th scope="col">{ "κ" }</th>
                <th scope="col">{ "Unitized α" }</th><th scope="col">{ "Relations F1" }</th><th scope="col">{ "Tokens" }</th>
            </tr></thead>
            <tbody>
                { for r.pairs.iter().map(|p| {
                    let c = &p.corpus;
                    let [pr, re, f1] = prf(c.exact.overall);
                    html! {
                        <tr>
                            <th scope="row">{ format!("{} → {}", p.a, p.b) }</th>
                            <td>{ pr }</td><td>{ re }</td><td>{ f1 }</td>
                            <td>{ fig(c.overlap.overall.f1()) }</td><td>{ fig(c.kappa) }</td>
                            <td>{ fig(c.unitized) }</td><td>{ fig(c.relations.f1()) }</td><td>{ c.tokens }</td>
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

/// Bar chart geometry: one row per label, two bars (exact, overlap) from 0 to 1.
const BAR_W: f64 = 260.0;
const ROW_H: f64 = 30.0;
const LABEL_W: f64 = 110.0;

fn per_label(a: &str, b: &str, p: &Pairwise) -> Html {
    let rows: Vec<(String, Counts, Counts)> = (p.exact.per_label.iter())
        .map(|(l, c)| (l.clone(), *c, p.overlap.label(l)))
        .collect();
    let height = ROW_H * rows.len() as f64 + 30.0;
    let width = LABEL_W + BAR_W + 60.0;
    let bar = |y: f64, v: Option<f64>, class: &'static str| {
        let w = v.unwrap_or(0.0) * BAR_W;
        html! {
            <>
                <rect class={class} x={LABEL_W.to_string()} y={y.to_string()} width={format!("{w:.1}")} height="10" />
                <text class="value" x={format!("{:.1}", LABEL_W + w + 4.0)} y={(y + 9.0).to_string()}>{ fig(v) }</text>
            </>
        }
    };
    html! {
        <section class="label-figures">
            <h3>{ format!("{a} → {b}, label by label") }</h3>
            <svg class="chart bars" role="img" viewBox={format!("0 0 {width} {height}")} width={width.to_string()} height={height.to_string()}
                aria-label={format!("F1 per label of {b} against {a}: the table below has the same figures")}>
                { for rows.iter().enumerate().map(|(i, (label, exact, overlap))| {
                    let y = 8.0 + ROW_H * i as f64;
                    html! {
                        <g class="row">
                            <text class="label" x={(LABEL_W - 8.0).to_string()} y={(y + 14.0).to_string()} text-anchor="end">{ label.clone() }</text>
                            { bar(y, exact.f1(), "exact") }
                            { bar(y + 11.0, overlap.f1(), "overlap") }
                        </g>
                    }
                }) }
                <g class="legend" transform={format!("translate({LABEL_W} {})", height - 12.0)}>
                    <rect class="exact" x="0" y="-8" width="10" height="10" /><text x="14" y="1">{ "F1 exact" }</text>
                    <rect class="overlap" x="90" y="-8" width="10" height="10" /><text x="104" y="1">{ "F1 overlap" }</text>
                </g>
            </svg>
            <table class="figures">
                <thead><tr>
                    <th scope="col">{ "Label" }</th><th scope="col">{ "Both" }</th><th scope="col">{ format!("Only {b}") }</th>
                    <th scope="col">{ format!("Only {a}") }</th><th scope="col">{ "Precision" }</th><th scope="col">{ "Recall" }</th>
                    <th scope="col">{ "F1 exact" }</th><th scope="col">{ "F1 overlap" }</th>
                </tr></thead>
                <tbody>
                    { for rows.iter().map(|(label, c, o)| {
                        let [pr, re, f1] = prf(*c);
                        html! {
                            <tr>
                                <th scope="row">{ label.clone() }</th><td>{ c.tp }</td><td>{ c.fp }</td><td>{ c.fn_ }</td>
                                <td>{ pr }</td><td>{ re }</td><td>{ f1 }</td><td>{ fig(o.f1()) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </section>
    }
}

/// Heat map geometry: one row per document, one column per pair.
const CELL_W: f64 = 96.0;
const CELL_H: f64 = 26.0;
const TITLE_W: f64 = 220.0;

/// A cell's fill: from pale red (0) through yellow to green (1); grey when there is no figure.
fn heat(v: Option<f64>) -> String {
    match v {
        None => "var(--heat-none)".to_string(),
        Some(v) => format!("hsl({:.0} 70% 72%)", v.clamp(0.0, 1.0) * 120.0),
    }
}

fn short(title: &str) -> String {
    let cut: String = title.chars().take(30).collect();
    if cut.len() < title.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

fn heat_map(r: &AgreementReport) -> Html {
    let docs: Vec<&str> = r.pairs.first().map_or_else(Vec::new, |p| {
        p.per_doc.iter().map(|(t, _)| t.as_str()).collect()
    });
    let shown: Vec<usize> = (0..docs.len())
        .filter(|&d| r.pairs.iter().any(|p| p.per_doc[d].1.is_some()))
        .collect();
    let width = TITLE_W + CELL_W * r.pairs.len() as f64 + 10.0;
    let height = 30.0 + CELL_H * shown.len() as f64;
    let value = |p: &postil_core::workspace::PairReport, d: usize| {
        p.per_doc[d].1.as_ref().and_then(|f| f.exact.overall.f1())
    };
    html! {
        <section class="doc-figures">
            <h3>{ "Document by document (F1 exact)" }</h3>
            <svg class="chart heat" role="img" viewBox={format!("0 0 {width} {height}")} width={width.to_string()} height={height.to_string()}
                aria-label="F1 exact of each pair in each document: the table below has the same figures">
                { for r.pairs.iter().enumerate().map(|(j, p)| html! {
                    <text class="head" x={format!("{:.1}", TITLE_W + CELL_W * (j as f64 + 0.5))} y="18" text-anchor="middle">
                        { format!("{} → {}", p.a, p.b) }
                    </text>
                }) }
                { for shown.iter().enumerate().map(|(i, &d)| {
                    let y = 26.0 + CELL_H * i as f64;
                    html! {
                        <g class="row">
                            <text class="label" x={(TITLE_W - 8.0).to_string()} y={(y + 17.0).to_string()} text-anchor="end">{ short(docs[d]) }</text>
                            { for r.pairs.iter().enumerate().map(|(j, p)| {
                                let v = value(p, d);
                                let x = TITLE_W + CELL_W * j as f64;
                                html! {
                                    <>
                                        <rect x={format!("{x:.1}")} y={y.to_string()} width={(CELL_W - 2.0).to_string()} height={(CELL_H - 2.0).to_string()}
                                            style={format!("fill: {}", heat(v))} />
                                        <text class="cell" x={format!("{:.1}", x + CELL_W / 2.0)} y={(y + 17.0).to_string()} text-anchor="middle">{ fig(v) }</text>
                                    </>
                                }
                            }) }
                        </g>
                    }
                }) }
            </svg>
            <table class="figures">
                <thead><tr>
                    <th scope="col">{ "Document" }</th>
                    { for r.pairs.iter().map(|p| html! { <th scope="col">{ format!("{} → {} F1 / κ", p.a, p.b) }</th> }) }
                </tr></thead>
                <tbody>
                    { for shown.iter().map(|&d| html! {
                        <tr>
                            <th scope="row">{ docs[d].to_string() }</th>
                            { for r.pairs.iter().map(|p| {
                                let cell = p.per_doc[d].1.as_ref().map_or_else(|| "—".to_string(), |f| {
                                    format!("{} / {}", fig(f.exact.overall.f1()), fig(f.kappa))
                                });
                                html! { <td>{ cell }</td> }
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </section>
    }
}
