//! "Export…": every format with what it holds and cannot hold, this document or all of them,
//! what the chosen format would leave out of this work (asked of the import/export worker, so
//! it comes a moment later), then the download.

use postil_core::formats::registry::Kind;
use postil_core::workspace::Scope;
use std::rc::Rc;
use yew::prelude::*;

/// What a format would leave out of this work, or why that could not be found out.
pub type Preview = Result<Rc<Vec<String>>, String>;

#[derive(Properties, PartialEq)]
pub struct ExportDialogProps {
    /// The open document's title and how many documents there are.
    pub title: AttrValue,
    pub documents: usize,
    /// Asks what the format would leave out of this work; the answer comes to the callback.
    pub preview: Callback<(Kind, Scope, Callback<Preview>)>,
    pub on_download: Callback<(Kind, Scope)>,
    pub on_close: Callback<()>,
    /// The dialog is gone (closed by Cancel, Escape or a finished download): what it still
    /// waits for from the worker is cancelled.
    pub on_gone: Callback<()>,
}

#[component]
pub fn ExportDialog(props: &ExportDialogProps) -> Html {
    let kind = use_state(|| Kind::Native);
    let scope = use_state(|| Scope::AllDocuments);
    // None while the worker is asked; `asked` counts the questions, so that the answer about a
    // format the person has already moved away from is not shown.
    let dropped = use_state(|| None::<Preview>);
    let asked = use_mut_ref(|| 0_u32);
    {
        let (preview, dropped) = (props.preview.clone(), dropped.clone());
        use_effect_with((*kind, *scope), move |&(k, s)| {
            dropped.set(None);
            let question = {
                let mut n = asked.borrow_mut();
                *n = n.wrapping_add(1);
                *n
            };
            let answer = Callback::from(move |p: Preview| {
                if *asked.borrow() == question {
                    dropped.set(Some(p));
                }
            });
            preview.emit((k, s, answer));
        });
    }
    {
        let on_gone = props.on_gone.clone();
        use_effect_with((), move |_| move || on_gone.emit(()));
    }
    let first = use_node_ref();
    {
        let first = first.clone();
        use_effect_with((), move |_| {
            if let Some(el) = first.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    let onkeydown = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                on_close.emit(());
            }
        })
    };
    let pick_scope = |s: Scope| {
        let scope = scope.clone();
        Callback::from(move |_: Event| scope.set(s))
    };
    // Set once the download is asked for: the worker writes the file, which may take a while,
    // and Cancel (or Escape) stops it.
    let exporting = use_state(|| false);
    let download = {
        let (kind, scope) = (*kind, *scope);
        let (on_download, exporting) = (props.on_download.clone(), exporting.clone());
        Callback::from(move |_: MouseEvent| {
            exporting.set(true);
            on_download.emit((kind, scope));
        })
    };
    html! {
        <div class="dialog-backdrop">
            <div class="dialog export-dialog" role="dialog" aria-modal="true" aria-labelledby="export-title" {onkeydown}>
                <h2 id="export-title">{ "Export" }</h2>
                <fieldset class="export-scope">
                    <legend>{ "What" }</legend>
                    <label><input type="radio" name="scope" checked={*scope == Scope::ThisDocument}
                        onchange={pick_scope(Scope::ThisDocument)} />{ format!(" This document (“{}”)", props.title) }</label>
                    <label><input type="radio" name="scope" checked={*scope == Scope::AllDocuments}
                        onchange={pick_scope(Scope::AllDocuments)} />{ format!(" All {} documents", props.documents) }</label>
                </fieldset>
                <fieldset class="export-formats">
                    <legend>{ "Format" }</legend>
                    { for Kind::ALL.into_iter().enumerate().map(|(i, k)| {
                        let chosen = *kind == k;
                        let kind = kind.clone();
                        let onchange = Callback::from(move |_: Event| kind.set(k));
                        let node = if i == 0 { first.clone() } else { NodeRef::default() };
                        html! {
                            <label class="format-choice" key={k.id()}>
                                <input ref={node} type="radio" name="format" value={k.id()} checked={chosen} {onchange} />
                                <span class="format-name">{ k.name() }</span>
                                <span class="format-holds">{ k.holds() }</span>
                            </label>
                        }
                    }) }
                </fieldset>
                { match &*dropped {
                    None => html! {
                        <p class="export-loss checking" role="status">{ "Checking what this format holds…" }</p>
                    },
                    Some(Err(e)) => html! {
                        <p class="export-loss" role="status">{ format!("Postil could not check what {} leaves out: {e}.", kind.name()) }</p>
                    },
                    Some(Ok(lost)) if lost.is_empty() => html! {
                        <p class="export-loss none">{ format!("{} holds everything in this work that it is about.", kind.name()) }</p>
                    },
                    Some(Ok(lost)) => html! {
                        <div class="export-loss" role="status">
                            <p>{ format!("{} will leave out:", kind.name()) }</p>
                            <ul>{ for lost.iter().map(|d| html! { <li>{ d.clone() }</li> }) }</ul>
                        </div>
                    },
                } }
                if *exporting {
                    <p class="export-busy" role="status">{ "Exporting… Cancel stops it." }</p>
                }
                <div class="dialog-actions">
                    <button type="button" onclick={download}>{ format!("Download {}", kind.name()) }</button>
                    <button type="button" onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "Cancel" }</button>
                </div>
            </div>
        </div>
    }
}
