//! The top bar: the app's name, the document switcher, undo, find, the text size, help, export
//! and import.

use super::save_status::SaveStatus;
use super::text_size::TextSize;
use crate::platform::{files, measure};
use postil_core::store::Prefs;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// Titles of all documents, in order.
    pub titles: Rc<[AttrValue]>,
    pub current: usize,
    pub on_switch: Callback<usize>,
    pub on_export: Callback<()>,
    /// The files the user picked for import.
    pub on_files: Callback<Vec<web_sys::File>>,
    /// Files picked to be taken as suggestions.
    pub on_suggestions: Callback<Vec<web_sys::File>>,
    /// Open the paste dialog.
    pub on_paste: Callback<()>,
    /// Open the export dialog (every format) and the import dialog (what Postil reads).
    pub on_export_as: Callback<()>,
    pub on_import: Callback<()>,
    pub can_undo: bool,
    pub can_redo: bool,
    pub on_undo: Callback<()>,
    pub on_redo: Callback<()>,
    pub on_find: Callback<()>,
    /// The shortcut sheet (`?`).
    pub on_help: Callback<()>,
    /// The help page (F1).
    pub on_guide: Callback<()>,
    /// The text size, and a step larger (true) or smaller.
    pub prefs: Prefs,
    pub on_text_size: Callback<bool>,
    /// Team sync: the toolbar's words ("Synced", "Offline: 2 changes waiting") and a class
    /// for how they look; the button opens the sync dialog.
    pub sync: AttrValue,
    pub sync_class: &'static str,
    pub on_sync: Callback<()>,
}

#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let input = use_node_ref();
    let header = use_node_ref();
    {
        // Its height, as it wraps or not, places the sticky palette and side panel under it.
        let header = header.clone();
        use_effect_with((), move |_| {
            let tracked = header
                .cast::<web_sys::Element>()
                .and_then(|el| measure::track_height(&el, "--toolbar-h"));
            move || drop(tracked)
        });
    }
    let on_import_click = props.on_import.reform(|_: MouseEvent| ());
    let picked = |on_files: &Callback<Vec<web_sys::File>>| {
        let on_files = on_files.clone();
        Callback::from(move |e: Event| {
            let Some(el) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            on_files.emit(files::all_files(el.files()));
            // Let the same file be chosen again later.
            el.set_value("");
        })
    };
    let on_change = picked(&props.on_files);
    let on_suggestions = picked(&props.on_suggestions);
    let on_select = {
        let on_switch = props.on_switch.clone();
        Callback::from(move |e: Event| {
            if let Some(el) = e.target_dyn_into::<web_sys::HtmlSelectElement>() {
                if let Ok(i) = el.value().parse::<usize>() {
                    on_switch.emit(i);
                }
            }
        })
    };
    let on_export = props.on_export.reform(|_: MouseEvent| ());
    let unit = |c: &Callback<()>| c.reform(|_: MouseEvent| ());

    html! {
        <header class="toolbar" ref={header}>
            <span class="brand">{ "Postil" }</span>
            if props.titles.len() > 1 {
                <label class="switcher">
                    <span class="visually-hidden">{ "Document" }</span>
                    <select onchange={on_select} aria-label="Document">
                        { for props.titles.iter().enumerate().map(|(i, t)| html! {
                            <option value={i.to_string()} selected={i == props.current}>{ t.clone() }</option>
                        }) }
                    </select>
                </label>
            }
            <span class="spacer" />
            <SaveStatus />
            // Where sync stands, once it is set up (until then, Team sync… is in the Documents
            // tab, and the toolbar stays as it was).
            if props.sync_class != "off" {
                <button type="button" class={classes!("sync-status", props.sync_class)} onclick={unit(&props.on_sync)}
                    title="Sync with your team's CouchDB database" data-testid="sync-status">{ props.sync.clone() }</button>
            }
            <button type="button" onclick={unit(&props.on_undo)} disabled={!props.can_undo}
                title="Undo (Ctrl+Z)" aria-label="Undo">{ "↶ Undo" }</button>
            <button type="button" onclick={unit(&props.on_redo)} disabled={!props.can_redo}
                title="Redo (Ctrl+Shift+Z)" aria-label="Redo">{ "↷ Redo" }</button>
            <button type="button" onclick={unit(&props.on_find)} title="Find in the article (Ctrl+F)">{ "Find" }</button>
            <TextSize prefs={props.prefs} on_step={props.on_text_size.clone()} />
            <button type="button" class="help-open" onclick={unit(&props.on_guide)}
                title="How Postil works (F1)">{ "Help" }</button>
            <button type="button" onclick={unit(&props.on_help)} title="Keyboard shortcuts (?)"
                aria-label="Keyboard shortcuts">{ "?" }</button>
            <button type="button" class="export" onclick={on_export}
                title="This document in Postil's own format">{ "Export JSON" }</button>
            <button type="button" onclick={unit(&props.on_export_as)}
                title="doccano, spaCy, brat, CoNLL, W3C, Label Studio; this document or all">{ "Export…" }</button>
            <button type="button" class="import" onclick={on_import_click}
                title="Postil, text, Markdown, web pages, doccano, spaCy, brat, CoNLL, W3C, Label Studio; several at once">{ "Import…" }</button>
            <button type="button" class="paste" onclick={unit(&props.on_paste)}>{ "Paste…" }</button>
            <input ref={input} type="file" class="visually-hidden" multiple=true
                accept=".json,.jsonl,.jsonld,.spacy,.zip,.conll,.iob,.iob2,.bio,.bioes,.train,.dev,.test,.testa,.testb,.tsv,.txt,.md,.markdown,.html,.htm,application/json,text/plain,text/markdown,text/html,application/zip"
                tabindex="-1" aria-hidden="true" onchange={on_change} data-testid="import-input" />
            <input type="file" class="visually-hidden" multiple=true
                accept=".json,.jsonl,.jsonld,.spacy,.zip,.conll,.iob,.iob2,.bio,.bioes,.train,.dev,.test,.testa,.testb,.tsv,application/json,application/zip"
                tabindex="-1" aria-hidden="true" onchange={on_suggestions} data-testid="suggestions-input" />
        </header>
    }
}
