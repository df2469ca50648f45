//! The find bar: the query and its options, the number of hits, and "label all hits".
//!
//! It holds no search state of its own: every change emits the whole new `Query` and the app
//! searches and passes the count (or the error) back. The only local state is which label the
//! "label all" menu shows.

use postil_core::search::{Query, MAX_HITS};
use postil_core::LabelSchema;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SearchBarProps {
    pub query: Query,
    /// Number of hits of the current query (None while the query is empty or being searched).
    pub hits: Option<usize>,
    /// A regular expression is being searched (in the worker).
    pub searching: bool,
    /// The search error as a sentence (a bad regular expression), if any.
    pub error: Option<AttrValue>,
    pub schema: Rc<LabelSchema>,
    pub on_query: Callback<Query>,
    /// The user asked to label every hit with this label (the app then shows the dialog).
    pub on_label_all: Callback<String>,
    /// Enter / Shift+Enter in the field: go to the next (+1) or previous (-1) hit.
    pub on_step: Callback<i32>,
    pub on_close: Callback<()>,
}

/// What the live count says.
fn status(hits: Option<usize>, error: Option<&AttrValue>, searching: bool) -> String {
    match (error, hits) {
        (Some(e), _) => e.to_string(),
        (None, _) if searching => "Searching…".into(),
        (None, None) => String::new(),
        (None, Some(0)) => "No hits".into(),
        (None, Some(1)) => "1 hit".into(),
        // The core stops counting at MAX_HITS, so the count is a lower bound there.
        (None, Some(n)) if n >= MAX_HITS => format!("{MAX_HITS}+ hits"),
        (None, Some(n)) => format!("{n} hits"),
    }
}

#[component]
pub fn SearchBar(props: &SearchBarProps) -> Html {
    let input = use_node_ref();
    {
        let input = input.clone();
        use_effect_with((), move |_| {
            if let Some(field) = input.cast::<HtmlInputElement>() {
                let _ = field.focus();
            }
        });
    }

    // The label the menu shows; falls back to the first one when the schema loses it.
    let picked = use_state(|| None::<String>);
    let labels = props.schema.labels();
    let label = (*picked)
        .clone()
        .filter(|name| props.schema.get(name).is_some())
        .or_else(|| labels.first().map(|l| l.name.clone()));

    let q = &props.query;
    let oninput = {
        let (q, on_query) = (q.clone(), props.on_query.clone());
        Callback::from(move |e: InputEvent| {
            if let Some(field) = e.target_dyn_into::<HtmlInputElement>() {
                on_query.emit(Query {
                    text: field.value(),
                    ..q.clone()
                });
            }
        })
    };
    let toggle = |set: fn(&mut Query, bool)| {
        let (q, on_query) = (q.clone(), props.on_query.clone());
        Callback::from(move |e: Event| {
            if let Some(box_) = e.target_dyn_into::<HtmlInputElement>() {
                let mut next = q.clone();
                set(&mut next, box_.checked());
                on_query.emit(next);
            }
        })
    };
    let on_field_key = {
        let on_step = props.on_step.clone();
        Callback::from(move |e: KeyboardEvent| {
            // Enter while an input method is composing (CJK) confirms the composition instead.
            if e.key() == "Enter" && !e.is_composing() {
                e.prevent_default();
                on_step.emit(if e.shift_key() { -1 } else { 1 });
            }
        })
    };
    // Escape anywhere in the bar closes it; stopped here so the app does not also clear the
    // selection behind it.
    let on_bar_key = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && !e.is_composing() {
                e.prevent_default();
                e.stop_propagation();
                on_close.emit(());
            }
        })
    };
    let on_pick = {
        let picked = picked.clone();
        Callback::from(move |e: Event| {
            if let Some(select) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                picked.set(Some(select.value()));
            }
        })
    };
    let on_label_all = {
        let (label, on_label_all) = (label.clone(), props.on_label_all.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(label) = &label {
                on_label_all.emit(label.clone());
            }
        })
    };
    let can_label = props.error.is_none() && props.hits.unwrap_or(0) > 0 && label.is_some();
    let option = |name: &str, text: &'static str, checked: bool, set: fn(&mut Query, bool)| {
        html! {
            <label class={classes!("search-option", name.to_string())}>
                <input type="checkbox" {checked} onchange={toggle(set)} />
                { text }
            </label>
        }
    };

    html! {
        <div class="search-bar" role="search" aria-label="Find in article" onkeydown={on_bar_key}>
            <div class="search-row">
                <input ref={input} type="search" class="search-field" aria-label="Find"
                    placeholder="Find in article" value={q.text.clone()} spellcheck="false"
                    aria-invalid={props.error.is_some().then_some("true")}
                    aria-describedby="search-status" {oninput} onkeydown={on_field_key} />
                { option("match-case", "Match case", q.case_sensitive, |q, on| q.case_sensitive = on) }
                { option("whole-word", "Whole word", q.whole_word, |q, on| q.whole_word = on) }
                { option("regex", "Regular expression", q.regex, |q, on| q.regex = on) }
                <span id="search-status" role="status"
                    class={classes!("search-status", props.error.is_some().then_some("error"))}>
                    { status(props.hits, props.error.as_ref(), props.searching) }
                </span>
                <span class="spacer" />
                <select class="search-label" aria-label="Label for all hits" onchange={on_pick}>
                    { for labels.iter().map(|l| html! {
                        <option key={l.name.clone()} value={l.name.clone()}
                            selected={label.as_deref() == Some(l.name.as_str())}>{ l.name.clone() }</option>
                    }) }
                </select>
                <button type="button" class="label-all" disabled={!can_label} onclick={on_label_all}>
                    { "Label all…" }
                </button>
                <button type="button" class="search-close" aria-label="Close search"
                    onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "×" }</button>
            </div>
            if q.regex {
                <p class="search-hint">
                    { r"Regular expressions: \w, \d and case-insensitivity cover ASCII letters only." }
                </p>
            }
        </div>
    }
}
