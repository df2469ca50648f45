//! What an import of several files did: how many articles came in, each one skipped with the
//! reason, what each file held that Postil cannot, and each file read differently from its
//! format's usual form with how.

use super::dialog::use_autofocus;
use postil_core::prose::plural;
use postil_core::workspace::ImportReport;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ImportReportViewProps {
    pub report: Rc<ImportReport>,
    pub on_close: Callback<()>,
    /// Take the good records of a file whose other records had problems (by its name).
    /// The person takes a file's `n`th offer.
    pub on_take: Callback<(String, usize)>,
}

/// Shown at most this many imported titles; the rest are counted.
const TITLES_SHOWN: usize = 20;

#[component]
pub fn ImportReportView(props: &ImportReportViewProps) -> Html {
    let close = use_autofocus();
    let r = &props.report;
    let n = r.imported.len();
    let m = r.skipped.len();
    html! {
        <div class="dialog-backdrop">
            <div class="dialog import-report" role="dialog" aria-modal="true" aria-labelledby="report-title">
                <h2 id="report-title">{ "Import finished" }</h2>
                <p class="report-summary">
                    { format!("{n} article{} imported from {} file{}, {m} skipped.", plural(n), r.files, plural(r.files)) }
                </p>
                if r.annotations > 0 || !r.new_labels.is_empty() {
                    <p>{ format!("{} annotation{} came with them{}.", r.annotations, plural(r.annotations),
                        if r.new_labels.is_empty() { String::new() } else { format!("; new labels: {}", r.new_labels.join(", ")) }) }</p>
                }
                if m > 0 {
                    <h3>{ "Skipped" }</h3>
                    <ul class="skipped">
                        { for r.skipped.iter().map(|(source, why)| {
                            let offers = r.offers.iter().filter(|o| o.source == *source).enumerate().map(|(i, o)| {
                                let take = props.on_take.reform({
                                    let source = source.clone();
                                    move |_: MouseEvent| (source.clone(), i)
                                });
                                html! {
                                    <button type="button" class="take-good" onclick={take}>{ o.words.clone() }</button>
                                }
                            });
                            html! {
                                <li>
                                    <strong>{ source.clone() }</strong>{ ": " }{ why.clone() }
                                    { for offers }
                                </li>
                            }
                        }) }
                    </ul>
                }
                if !r.left_out.is_empty() {
                    <h3>{ "Left out" }</h3>
                    <ul class="left-out">
                        { for r.left_out.iter().map(|(source, what)| html! {
                            <li><strong>{ source.clone() }</strong>{ ": " }{ what.clone() }</li>
                        }) }
                    </ul>
                }
                if !r.adjusted.is_empty() {
                    <h3>{ "Read with care" }</h3>
                    <p class="hint">{ "These files differ from their format's usual form; check a few of their spans." }</p>
                    <ul class="adjusted">
                        { for r.adjusted.iter().map(|(source, what)| html! {
                            <li><strong>{ source.clone() }</strong>{ ": " }{ what.clone() }</li>
                        }) }
                    </ul>
                }
                if n > 0 {
                    <h3>{ "Imported" }</h3>
                    <ul class="imported">
                        { for r.imported.iter().take(TITLES_SHOWN).map(|t| html! { <li>{ t.clone() }</li> }) }
                        if n > TITLES_SHOWN {
                            <li>{ format!("and {} more (see Documents)", n - TITLES_SHOWN) }</li>
                        }
                    </ul>
                }
                <div class="dialog-actions">
                    <button type="button" ref={close} onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "Close" }</button>
                </div>
            </div>
        </div>
    }
}
