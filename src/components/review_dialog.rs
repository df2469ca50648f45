//! Reviewing where annotators disagree, into the gold set (the person's own annotations), from
//! the keyboard: each disagreement in its words' context with every layer's version. 1, 2, …
//! take that layer's version, B takes all (both), X or Delete takes none, E leaves the
//! dialog to label the words by hand; the arrow keys move, N goes to the next one not
//! settled, G takes what all layers agree on, Ctrl+Z undoes, Esc closes. It sits at the bottom
//! of the window rather than over the article, where the disagreements not settled are marked
//! (dashed) and the one shown is scrolled into view; every disagreement is listed too.

use super::dialog::{on_escape, review_key, use_autofocus, ReviewKey};
use postil_core::annotation::DecisionKey;
use postil_core::workspace::{Progress, ReviewItem, Settle};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReviewDialogProps {
    pub title: AttrValue,
    pub layers: Rc<Vec<String>>,
    pub items: Rc<Vec<ReviewItem>>,
    /// For each item, the start of the block it is in (`data-o` of the block's element).
    pub blocks: Rc<Vec<u32>>,
    /// This document's review, and every document's.
    pub here: Progress,
    pub all: Progress,
    pub on_settle: Callback<(DecisionKey, Settle)>,
    pub on_take_agreed: Callback<()>,
    pub on_edit: Callback<DecisionKey>,
    pub on_undo: Callback<()>,
    pub on_close: Callback<()>,
}

/// A disagreement's words as the list shows them: at most 40 characters.
fn short(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[component]
pub fn ReviewDialog(props: &ReviewDialogProps) -> Html {
    let focus = use_autofocus();
    let at = use_state(|| 0usize);
    let n = props.items.len();
    let i = (*at).min(n.saturating_sub(1));
    let item = props.items.get(i).cloned();
    // The disagreement shown is brought into view in the article.
    use_effect_with(props.blocks.get(i).copied(), |block| {
        if let Some(b) = block {
            crate::platform::dom::scroll_to(&format!("article .block[data-o=\"{b}\"]"));
        }
    });
    let onkeydown = {
        let (at, escape) = (at.clone(), on_escape(&props.on_close));
        let (settle, edit, undo) = (
            props.on_settle.clone(),
            props.on_edit.clone(),
            props.on_undo.clone(),
        );
        let agreed = props.on_take_agreed.clone();
        let (items, layers) = (props.items.clone(), props.layers.len());
        Callback::from(move |e: KeyboardEvent| {
            if !matches!(review_key(&e, (i, n), &at, &undo), ReviewKey::Other) {
                return;
            }
            let place = items.get(i).map(|it| it.key.clone());
            let key = e.key();
            let take = key
                .parse::<usize>()
                .ok()
                .filter(|k| (1..=layers).contains(k));
            let done = match (key.as_str(), place) {
                ("n" | "N", _) => {
                    let next = (1..=n)
                        .map(|d| (i + d) % n.max(1))
                        .find(|j| items[*j].decided.is_none());
                    next.map(|j| at.set(j)).is_some()
                }
                ("g" | "G", _) => {
                    agreed.emit(());
                    true
                }
                (_, Some(place)) if take.is_some() => {
                    settle.emit((place, Settle::Take(take.unwrap_or(1) - 1)));
                    true
                }
                ("b" | "B", Some(place)) => {
                    settle.emit((place, Settle::All));
                    true
                }
                ("x" | "X" | "Delete", Some(place)) => {
                    settle.emit((place, Settle::Reject));
                    true
                }
                ("e" | "E", Some(place)) => {
                    edit.emit(place);
                    true
                }
                _ => false,
            };
            if done {
                e.prevent_default();
            } else {
                escape.emit(e);
            }
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let agreed = props.on_take_agreed.reform(|_: MouseEvent| ());
    let progress = format!(
        "{} of {} settled here · {} left in all documents",
        props.here.settled,
        props.here.disagreements,
        props.all.remaining()
    );
    let list = html! {
        <ol class="disagreement-list" aria-label="Every disagreement">
            { for props.items.iter().enumerate().map(|(k, it)| {
                let at = at.clone();
                let status = it.decided.clone().map_or_else(|| "open".to_string(), |d| format!("settled: {d}"));
                html! {
                    <li class={classes!((k == i).then_some("current"), it.decided.is_some().then_some("settled"))}>
                        <button type="button" onclick={Callback::from(move |_: MouseEvent| at.set(k))}>
                            <span class="words">{ short(&it.text) }</span>
                            <span class="kind">{ format!(" · {} · {status}", it.kind) }</span>
                        </button>
                    </li>
                }
            }) }
        </ol>
    };
    html! {
        <div class="review-dock">
            <div class="dialog review-dialog" role="dialog" aria-modal="false"
                aria-labelledby="review-title" tabindex="0" ref={focus} {onkeydown}>
                <h2 id="review-title">{ format!("Review “{}”", props.title) }</h2>
                <p class="progress" aria-live="polite">{ progress }</p>
                if let Some(it) = item {
                    <p class="review-where">
                        { format!("Disagreement {} of {n}: {}", i + 1, it.kind) }
                        if let Some(d) = it.decided.clone() {
                            <span class="decided">{ format!(" · settled: {d}") }</span>
                        }
                    </p>
                    <p class="suggestion-context">
                        { it.before.clone() }
                        <mark class="suggested">{ it.text.clone() }</mark>
                        { it.after.clone() }
                    </p>
                    <ol class="versions">
                        { for props.layers.iter().zip(&it.versions).enumerate().map(|(k, (name, v))| {
                            let place = it.key.clone();
                            html! {
                                <li>
                                    <button type="button" onclick={props.on_settle.reform(move |_: MouseEvent| (place.clone(), Settle::Take(k)))}>
                                        { format!("{} ({})", name, k + 1) }
                                    </button>
                                    <span class="version">{ v.clone() }</span>
                                </li>
                            }
                        }) }
                    </ol>
                    <div class="dialog-actions">
                        <button type="button" onclick={props.on_settle.reform({ let p = it.key.clone(); move |_: MouseEvent| (p.clone(), Settle::All) })}>{ "All (B)" }</button>
                        <button type="button" onclick={props.on_settle.reform({ let p = it.key.clone(); move |_: MouseEvent| (p.clone(), Settle::Reject) })}>{ "None (X)" }</button>
                        <button type="button" onclick={props.on_edit.reform({ let p = it.key.clone(); move |_: MouseEvent| p.clone() })}>{ "Label it myself (E)" }</button>
                        <button type="button" onclick={agreed}>{ "Take all agreed (G)" }</button>
                        <button type="button" onclick={close}>{ "Close" }</button>
                    </div>
                    <p class="hint">{ "1, 2, … take that version; B all; X none; E label it yourself; ↑ ↓ move, N next unsettled; Ctrl+Z undoes; Esc closes. What you take becomes your annotations: the gold set you export." }</p>
                    { list }
                } else {
                    <p>{ "The layers agree everywhere in this document." }</p>
                    <div class="dialog-actions">
                        <button type="button" onclick={agreed}>{ "Take all agreed (G)" }</button>
                        <button type="button" onclick={close}>{ "Close" }</button>
                    </div>
                }
            </div>
        </div>
    }
}
