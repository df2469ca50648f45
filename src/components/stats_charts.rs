//! The statistics view's charts, drawn as SVG: horizontal bars (annotations per label,
//! documents by status), stacked bars (labels per document) and columns (annotations and
//! relations per day). Text in them takes the page's colour (`currentColor`), so both themes
//! read; every figure is also in a table beside the chart.

use postil_core::clock::day_text;
use postil_core::stats::{DayCount, DocRow};
use yew::prelude::*;

const LABEL_W: f64 = 170.0;
const BAR_W: f64 = 300.0;
const ROW_H: f64 = 22.0;

/// A fill for `label` from the schema's colours (grey for a label no longer in it).
pub fn fill(colors: &[(String, String)], label: &str) -> String {
    (colors.iter().find(|(l, _)| l == label))
        .map_or_else(|| "#9aa0a6".to_string(), |(_, c)| c.clone())
}

/// Cuts a title to fit the chart's margin.
fn short(text: &str, max: usize) -> String {
    let cut: String = text.chars().take(max).collect();
    if cut.len() < text.len() {
        format!("{cut}…")
    } else {
        cut
    }
}

/// One bar per row: `(name, count, fill)`, scaled to the largest count.
pub fn bars(rows: &[(String, usize, String)], what: &str) -> Html {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1) as f64;
    let height = ROW_H * rows.len() as f64 + 6.0;
    let width = LABEL_W + BAR_W + 60.0;
    html! {
        <svg class="chart stat-bars" role="img" viewBox={format!("0 0 {width} {height}")}
            width={width.to_string()} height={height.to_string()}
            aria-label={format!("{what}: the table beside has the same figures")}>
            { for rows.iter().enumerate().map(|(i, (name, n, color))| {
                let y = 4.0 + ROW_H * i as f64;
                let w = *n as f64 / max * BAR_W;
                html! {
                    <g class="row">
                        <text class="label" x={(LABEL_W - 8.0).to_string()} y={(y + 13.0).to_string()} text-anchor="end">{ short(name, 20) }</text>
                        <rect x={LABEL_W.to_string()} y={y.to_string()} width={format!("{w:.1}")} height="16" style={format!("fill: {color}")} />
                        <text class="value" x={format!("{:.1}", LABEL_W + w + 4.0)} y={(y + 13.0).to_string()}>{ n }</text>
                    </g>
                }
            }) }
        </svg>
    }
}

/// One stacked bar per document: its annotations of each label, in `labels`' order.
pub fn stacked(docs: &[DocRow], labels: &[String], colors: &[(String, String)]) -> Html {
    let max = (docs.iter().map(|d| d.counts.iter().sum::<usize>()))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let height = ROW_H * docs.len() as f64 + 6.0;
    let width = LABEL_W + BAR_W + 60.0;
    html! {
        <svg class="chart stat-stacked" role="img" viewBox={format!("0 0 {width} {height}")}
            width={width.to_string()} height={height.to_string()}
            aria-label="Annotations of each label per document: the table beside has the same figures">
            { for docs.iter().enumerate().map(|(i, d)| {
                let y = 4.0 + ROW_H * i as f64;
                let mut x = LABEL_W;
                let total: usize = d.counts.iter().sum();
                html! {
                    <g class="row">
                        <text class="label" x={(LABEL_W - 8.0).to_string()} y={(y + 13.0).to_string()} text-anchor="end">{ short(&d.title, 20) }</text>
                        { for d.counts.iter().zip(labels).filter(|(n, _)| **n > 0).map(|(n, label)| {
                            let w = *n as f64 / max * BAR_W;
                            let at = x;
                            x += w;
                            html! {
                                <rect x={format!("{at:.1}")} y={y.to_string()} width={format!("{w:.1}")} height="16"
                                    style={format!("fill: {}", fill(colors, label))}>
                                    <title>{ format!("{label}: {n}") }</title>
                                </rect>
                            }
                        }) }
                        <text class="value" x={format!("{:.1}", x + 4.0)} y={(y + 13.0).to_string()}>{ total }</text>
                    </g>
                }
            }) }
        </svg>
    }
}

const DAY_W: f64 = 12.0;
const DAYS_H: f64 = 120.0;

/// A column per day: annotations, with relations stacked on them.
pub fn days(days: &[DayCount]) -> Html {
    let max = (days.iter().map(|d| d.annotations + d.relations))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    // Room on the right for the last column's date ("12-07"), which starts at its column.
    let width = 36.0 + DAY_W * days.len() as f64 + 30.0;
    let height = DAYS_H + 36.0;
    let y_of = |n: usize| 8.0 + DAYS_H * (1.0 - n as f64 / max);
    // A date under the first column, the last, and every eighth of the way between (every
    // fourth column at least, so that dates do not run into each other).
    let every = (days.len() / 8).max(4);
    html! {
        <svg class="chart stat-days" role="img" viewBox={format!("0 0 {width} {height}")}
            width={width.to_string()} height={height.to_string()}
            aria-label="Annotations and relations made per day: the table beside has the same figures">
            <text class="value" x="2" y="16">{ max as usize }</text>
            { for days.iter().enumerate().map(|(i, d)| {
                let x = 36.0 + DAY_W * i as f64;
                let (a, r) = (y_of(d.annotations), y_of(d.annotations + d.relations));
                let base = y_of(0);
                html! {
                    <g class="day">
                        <rect class="annotations" x={x.to_string()} y={format!("{a:.1}")} width={(DAY_W - 2.0).to_string()} height={format!("{:.1}", base - a)}>
                            <title>{ format!("{}: {} annotations, {} relations", day_text(d.day), d.annotations, d.relations) }</title>
                        </rect>
                        <rect class="relations" x={x.to_string()} y={format!("{r:.1}")} width={(DAY_W - 2.0).to_string()} height={format!("{:.1}", a - r)} />
                        // No regular date too near the last one, which is always shown.
                        if (i % every == 0 && i + every / 2 < days.len()) || i + 1 == days.len() {
                            <text class="tick" x={x.to_string()} y={(base + 14.0).to_string()}>{ day_text(d.day)[5..].to_string() }</text>
                        }
                    </g>
                }
            }) }
        </svg>
    }
}
