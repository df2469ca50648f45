//! The root component: owns the state, the storage adapter and the keyboard; lays out the
//! toolbar, palette, article and annotation list.

use super::annotation_list::AnnotationList;
use super::article::Article;
use super::import_dialog::ImportDialog;
use super::notices::Notices;
use super::palette::Palette;
use super::toolbar::Toolbar;
use crate::persist::{self, Saver};
use crate::platform::{dom, download, files, storage::Storage};
use crate::state::{Action, Notice, Resolution, Selection};
use gloo::events::{EventListener, EventListenerOptions};
use postil_core::{native, slug::slugify, AnnotationId};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[component]
pub fn App() -> Html {
    // Storage and the saver live for the whole session; the reducer starts (once) from what
    // storage held.
    let storage = use_memo((), |_| Storage::open());
    let saver = use_mut_ref(Saver::default);
    let state = {
        let storage = storage.clone();
        let saver = saver.clone();
        use_reducer(move || {
            let started = persist::start(&storage);
            *saver.borrow_mut() = started.saver;
            started.state
        })
    };

    // Persist after every change of the documents, the schema or the open document.
    {
        let dispatcher = state.dispatcher();
        let storage = storage.clone();
        let saver = saver.clone();
        let snapshot = (*state).clone();
        use_effect_with(
            (state.schema.clone(), state.entries.clone(), state.current),
            move |_| {
                let result = saver.borrow_mut().save(&storage, &snapshot);
                let warning = result.err().map(|e| e.warning());
                if warning != snapshot.storage_warning {
                    dispatcher.dispatch(Action::StorageWarning(warning));
                }
            },
        );
    }

    // Keyboard: label keys, Delete/Backspace, Escape, anywhere but in form fields. The listener
    // is added once and reads the latest state, which says what each key means now.
    let latest = use_mut_ref(|| (*state).clone());
    *latest.borrow_mut() = (*state).clone();
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let document = web_sys::window().and_then(|w| w.document());
            let listener = document.map(|d| {
                let options = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&d, "keydown", options, move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    if event.ctrl_key()
                        || event.meta_key()
                        || event.alt_key()
                        || dom::is_typing_target(event.target())
                    {
                        return;
                    }
                    let action = latest.borrow().key_action(&event.key());
                    if let Some(action) = action {
                        event.prevent_default();
                        dispatcher.dispatch(action);
                    }
                })
            });
            move || drop(listener)
        });
    }

    let dispatch = |make: fn() -> Action| {
        let d = state.dispatcher();
        Callback::from(move |_| d.dispatch(make()))
    };
    let on_pointer = {
        let d = state.dispatcher();
        Callback::from(move |(start, end): (u32, u32)| d.dispatch(Action::Pointer { start, end }))
    };
    let on_pick = {
        let d = state.dispatcher();
        Callback::from(move |id: AnnotationId| d.dispatch(Action::PickAnnotation(id)))
    };
    let on_pick_and_show = {
        let d = state.dispatcher();
        Callback::from(move |id: AnnotationId| {
            d.dispatch(Action::PickAnnotation(id));
            dom::scroll_to(&format!("ann-{id}"));
        })
    };
    let on_label = {
        let d = state.dispatcher();
        Callback::from(move |name: String| d.dispatch(Action::ApplyLabel(name)))
    };
    let on_switch = {
        let d = state.dispatcher();
        Callback::from(move |i: usize| d.dispatch(Action::SwitchDocument(i)))
    };
    let on_export = {
        let d = state.dispatcher();
        let state = state.clone();
        Callback::from(move |_| {
            let entry = state.entry();
            let json = native::export(&state.schema, [(&entry.view.doc, &*entry.annotations)]);
            let name = format!("{}.postil.json", slugify(entry.view.doc.title()));
            if let Err(e) = download::download_text(&name, "application/json", &json) {
                d.dispatch(Action::Notify(Notice::error(format!(
                    "The export could not be downloaded: {e}."
                ))));
            }
        })
    };
    let on_file = {
        let d = state.dispatcher();
        Callback::from(move |file: web_sys::File| {
            let d = d.clone();
            files::read_text(file, move |read| match read {
                Ok(f) => d.dispatch(Action::ImportText {
                    file_name: f.name,
                    text: f.text,
                }),
                Err(e) => d.dispatch(Action::Notify(Notice::error(format!(
                    "Nothing was imported: {e}. Your work is unchanged."
                )))),
            });
        })
    };
    let on_resolve = {
        let d = state.dispatcher();
        Callback::from(move |r: Resolution| d.dispatch(Action::ResolveImport(r)))
    };
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let on_file = on_file.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if let Some(file) = files::first_file(e.data_transfer().and_then(|t| t.files())) {
                on_file.emit(file);
            }
        })
    };

    let entry = state.entry().clone();
    let titles: Rc<[AttrValue]> = state
        .entries
        .iter()
        .map(|e| AttrValue::from(e.view.doc.title().to_string()))
        .collect();
    let selected = match state.selection {
        Selection::Annotation(id) => Some(id),
        _ => None,
    };
    let range = match state.selection {
        Selection::Range(span) => Some(span),
        _ => None,
    };

    html! {
        <div class="app" {ondragover} {ondrop}>
            <Toolbar titles={titles} current={state.current} on_switch={on_switch} on_export={on_export} on_file={on_file.clone()} />
            <Notices
                storage_warning={state.storage_warning.clone().map(AttrValue::from)}
                notice={state.notice.clone()}
                on_dismiss={dispatch(|| Action::DismissNotice)}
            />
            if let Some(pending) = state.pending_import.clone() {
                <ImportDialog pending={pending} on_resolve={on_resolve} />
            }
            <div class="workspace">
                <main class="reader">
                    <Palette schema={state.schema.clone()} active={state.selection != Selection::None} on_label={on_label} />
                    <Article
                        view={entry.view.clone()}
                        annotations={entry.annotations.clone()}
                        schema={state.schema.clone()}
                        range={range}
                        selected={selected}
                        on_pointer={on_pointer}
                        on_pick={on_pick}
                    />
                </main>
                <AnnotationList
                    view={entry.view.clone()}
                    annotations={entry.annotations.clone()}
                    schema={state.schema.clone()}
                    selected={selected}
                    on_pick={on_pick_and_show}
                />
            </div>
        </div>
    }
}
