//! The side panel's layers of the open document: other annotators' annotations and a model's
//! suggestions, each shown in the article or not, reviewed, accepted per label, or removed.

use postil_core::annotation::{LayerKind, Layers};
use postil_core::prose::count;
use std::rc::Rc;
use yew::prelude::*;

/// One layer as the panel lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerEntry {
    pub name: String,
    pub suggestions: bool,
    pub shown: bool,
    pub source: String,
    pub total: usize,
    /// Per label, how many (for "Accept all PERSON (3)").
    pub per_label: Vec<(String, usize)>,
}

impl LayerEntry {
    /// The entries for `layers`, `shown` telling which are drawn.
    pub fn of(
        layers: &Layers,
        shown: impl Fn(&postil_core::annotation::Layer) -> bool,
    ) -> Vec<Self> {
        layers
            .iter()
            .map(|l| LayerEntry {
                name: l.name.clone(),
                suggestions: l.kind == LayerKind::Suggestions,
                shown: shown(l),
                source: l.source.clone(),
                total: l.annotations.len(),
                per_label: l.annotations.counts(),
            })
            .collect()
    }
}

#[derive(Properties, PartialEq)]
pub struct LayersPanelProps {
    pub layers: Rc<Vec<LayerEntry>>,
    pub on_toggle: Callback<String>,
    pub on_remove: Callback<String>,
    pub on_review_layer: Callback<String>,
    pub on_accept_all: Callback<(String, Option<String>)>,
    /// The document has two layers (or one beside the person's own) to compare.
    pub can_compare: bool,
    pub on_review: Callback<()>,
    pub on_agreement: Callback<()>,
}

#[component]
pub fn LayersPanel(props: &LayersPanelProps) -> Html {
    if props.layers.is_empty() {
        return html! {};
    }
    html! {
        <section class="layers" aria-labelledby="layers-title">
            <h3 id="layers-title">{ format!("Layers ({})", props.layers.len()) }</h3>
            <ul class="layer-list">
                { for props.layers.iter().map(|l| entry(l, props)) }
            </ul>
            if props.can_compare {
                <div class="layer-actions compare">
                    <button type="button" onclick={props.on_review.reform(|_: MouseEvent| ())}>{ "Review disagreements…" }</button>
                    <button type="button" onclick={props.on_agreement.reform(|_: MouseEvent| ())}>{ "Agreement…" }</button>
                </div>
            }
        </section>
    }
}

fn entry(l: &LayerEntry, props: &LayersPanelProps) -> Html {
    let name = l.name.clone();
    let toggle = props.on_toggle.reform({
        let name = name.clone();
        move |_: Event| name.clone()
    });
    let remove = props.on_remove.reform({
        let name = name.clone();
        move |_: MouseEvent| name.clone()
    });
    let review = props.on_review_layer.reform({
        let name = name.clone();
        move |_: MouseEvent| name.clone()
    });
    let (one, many) = if l.suggestions {
        ("suggestion", "suggestions")
    } else {
        ("annotation", "annotations")
    };
    let what = if l.source.is_empty() {
        count(l.total, one, many)
    } else {
        format!("{} · from {}", count(l.total, one, many), l.source)
    };
    html! {
        <li class={classes!("layer", l.suggestions.then_some("suggestions"))}>
            <label class="layer-show">
                <input type="checkbox" checked={l.shown} onchange={toggle}
                    aria-label={format!("Show “{}” in the article", l.name)} />
                <span class="layer-name">{ l.name.clone() }</span>
                if l.suggestions {
                    <span class="layer-kind">{ "suggestions" }</span>
                }
            </label>
            <p class="hint">{ what }</p>
            <div class="layer-actions">
                if l.suggestions && l.total > 0 {
                    <button type="button" onclick={review}>{ "Review…" }</button>
                    <button type="button" onclick={props.on_accept_all.reform({
                        let name = name.clone();
                        move |_: MouseEvent| (name.clone(), None)
                    })}>{ "Accept all" }</button>
                    { for l.per_label.iter().map(|(label, n)| {
                        let (name, label2) = (name.clone(), label.clone());
                        html! {
                            <button type="button" class="accept-label"
                                onclick={props.on_accept_all.reform(move |_: MouseEvent| (name.clone(), Some(label2.clone())))}>
                                { format!("Accept {label} ({n})") }
                            </button>
                        }
                    }) }
                }
                <button type="button" class="remove-layer" onclick={remove}
                    aria-label={format!("Remove the layer “{}”", l.name)}>{ "Remove" }</button>
            </div>
        </li>
    }
}
