//! The root component: owns the state, the storage adapter and the keyboard, and lays out the
//! toolbar, search, notices, dialogs, palette, article and side panel.

use super::annotation_list::AnnotationList;
use super::article::Article;
use super::delete_dialog::DeleteDialog;
use super::doc_labels::DocLabelsPanel;
use super::document_list::{DocRow, DocumentList};
use super::export_dialog::ExportDialog;
use super::import_dialog::ImportDialog;
use super::import_formats::ImportFormats;
use super::import_progress::ImportProgress;
use super::import_report::ImportReportView;
use super::label_all_dialog::LabelAllDialog;
use super::note_editor::NoteEditor;
use super::notices::Notices;
use super::offer_bar::OfferBar;
use super::palette::Palette;
use super::paste_dialog::PasteDialog;
use super::schema_editor::SchemaEditor;
use super::search_bar::SearchBar;
use super::shortcut_sheet::ShortcutSheet;
use super::storage_meter::StorageMeter;
use super::toolbar::Toolbar;
use crate::callbacks::Callbacks;
use crate::persist::{self, Boot, Saver, Started};
use crate::platform::{dom, storage::Storage};
use crate::state::{Action, KeyPress, Panel, Selection};
use crate::tabs;
use gloo::events::{EventListener, EventListenerOptions};
use postil_core::store;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What the app starts from, made by `crate::run` before mounting (see `persist::boot`).
#[derive(Properties)]
pub struct AppProps {
    pub storage: Rc<Storage>,
    /// Taken by the first render.
    pub started: Rc<RefCell<Option<Started>>>,
}

impl PartialEq for AppProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.storage, &other.storage) && Rc::ptr_eq(&self.started, &other.started)
    }
}

#[component]
pub fn App(props: &AppProps) -> Html {
    // Storage and the saver live for the whole session; the reducer starts (once) from what
    // storage held.
    let storage = props.storage.clone();
    let saver = use_mut_ref(Saver::default);
    let state = {
        let saver = saver.clone();
        let started = props.started.clone();
        use_reducer(move || {
            let started = started
                .borrow_mut()
                .take()
                .unwrap_or_else(|| persist::start(&Boot::local(Rc::new(Storage::open()))));
            *saver.borrow_mut() = started.saver;
            started.state
        })
    };
    // The latest state, for the document-wide listeners and the export callbacks.
    let latest = use_mut_ref(|| (*state).clone());
    {
        let latest = latest.clone();
        let now = (*state).clone();
        use_effect(move || {
            *latest.borrow_mut() = now;
        });
    }

    // Persist after every change of the documents, the schema or the open document.
    {
        let dispatcher = state.dispatcher();
        let storage = storage.clone();
        let saver = saver.clone();
        let snapshot = (*state).clone();
        use_effect_with(
            (
                state.schema.clone(),
                state.schema_history.clone(),
                state.entries.clone(),
                state.current,
                state.annotator.clone(),
            ),
            move |_| {
                let (result, work) = saver.borrow_mut().save(&storage, &snapshot);
                let warning = result.err().map(|e| e.warning());
                if warning != snapshot.storage_warning {
                    dispatcher.dispatch(Action::StorageWarning(warning));
                }
                persist::write_texts(saver.clone(), storage.clone(), work, dispatcher.clone());
            },
        );
    }

    // Keep what the keyboard selects on screen.
    use_effect_with(state.selection, |selection| match selection {
        Selection::Annotation(id) => dom::reveal(&format!("#ann-{id}")),
        Selection::Range(_) => dom::reveal("article .sel"),
        Selection::None => {}
    });

    // Keyboard: every shortcut, anywhere but in form fields (see `AppState::key_action`).
    {
        let dispatcher = state.dispatcher();
        let latest = latest.clone();
        use_effect_with((), move |_| {
            let document = web_sys::window().and_then(|w| w.document());
            let listener = document.map(|d| {
                let options = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&d, "keydown", options, move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    let target = event.target();
                    if dom::is_typing_target(target.clone()) {
                        return;
                    }
                    // Tab moves between annotations only while the article has the focus;
                    // elsewhere it moves the focus, as it should (Esc, then Tab, leaves the
                    // article: see `key_action`). Enter and Space on a button press it, except
                    // that Enter answers an offer on screen.
                    let key = event.key();
                    if key == "Tab" && !dom::is_article(target.clone()) {
                        return;
                    }
                    let offer = latest.borrow().offer.is_some();
                    if (key == " " || (key == "Enter" && !offer)) && dom::is_control(target) {
                        return;
                    }
                    let press = KeyPress {
                        key,
                        shift: event.shift_key(),
                        ctrl: event.ctrl_key() || event.meta_key(),
                        alt: event.alt_key(),
                    };
                    let action = latest.borrow().key_action(&press);
                    if let Some(action) = action {
                        event.prevent_default();
                        let search = matches!(action, Action::OpenSearch);
                        dispatcher.dispatch(action);
                        if search {
                            // Also when the search is already open: bring the keyboard back to it.
                            dom::focus(".search-field");
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }

    // Closing or reloading the page while texts are still being written to IndexedDB would
    // lose them: the browser asks first then (and only then).
    use_effect_with((), |_| {
        let listener = web_sys::window().map(|w| {
            EventListener::new_with_options(
                &w,
                "beforeunload",
                EventListenerOptions::enable_prevent_default(),
                |event| {
                    if persist::writing_texts() {
                        event.prevent_default();
                        if let Some(e) = event.dyn_ref::<web_sys::BeforeUnloadEvent>() {
                            e.set_return_value("Postil is still saving imported articles.");
                        }
                    }
                },
            )
        });
        move || drop(listener)
    });

    // What other tabs write to storage comes in here (see `state::sync` and `crate::tabs`).
    {
        let dispatcher = state.dispatcher();
        let latest = latest.clone();
        let storage = storage.clone();
        let saver = saver.clone();
        use_effect_with((), move |_| {
            let arrivals = Rc::new(tabs::Arrivals::default());
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "storage", move |event| {
                    let Some(e) = event.dyn_ref::<web_sys::StorageEvent>() else {
                        return;
                    };
                    let Some(key) = e.key() else {
                        return;
                    };
                    let value = e.new_value();
                    if let (store::KeyKind::Annotations(id), None) = (store::key_kind(&key), &value)
                    {
                        // A deletion in another tab, if its annotations are really gone (and
                        // not written again since, by a restore).
                        if storage.get(&key).is_some() {
                            return;
                        }
                        saver.borrow_mut().forget_document(id);
                    }
                    if tabs::may_add_documents(&key, value.as_deref(), &latest.borrow()) {
                        tabs::look_for_arrivals(
                            arrivals.clone(),
                            storage.clone(),
                            saver.clone(),
                            latest.clone(),
                            dispatcher.clone(),
                        );
                    }
                    dispatcher.dispatch(Action::StorageChanged { key, value });
                })
            });
            move || drop(listener)
        });
    }

    let (figures, on_persist) = crate::hooks::use_storage_figures(
        storage.clone(),
        (
            state.panel == Panel::Documents,
            state.entries.len(),
            state.importing.is_some(),
        ),
    );

    let cb = {
        let dispatcher = state.dispatcher();
        let latest = latest.clone();
        let storage = storage.clone();
        use_memo((), move |_| Callbacks::new(dispatcher, latest, storage))
    };
    let usage = use_memo(state.entries.clone(), |entries| {
        let mut usage: BTreeMap<String, usize> = BTreeMap::new();
        for e in entries.iter() {
            for a in e.annotations.iter() {
                *usage.entry(a.label.clone()).or_default() += 1;
            }
        }
        usage
    });

    let entry = state.entry().clone();
    // The titles change only when documents come, go or move: keyed on the documents
    // themselves (not their annotations), so a label edit does not rebuild a thousand of them.
    let views: Vec<usize> = state
        .entries
        .iter()
        .map(|e| Rc::as_ptr(&e.view) as usize)
        .collect();
    let titles = {
        let entries = state.entries.clone();
        use_memo(views, move |_| {
            entries
                .iter()
                .map(|e| AttrValue::from(e.view.doc.title().to_string()))
                .collect::<Rc<[AttrValue]>>()
        })
    };
    // The documents list shares those titles; only counts and statuses are read per edit.
    let rows = use_memo(
        (state.entries.clone(), titles.clone()),
        |(entries, titles)| {
            entries
                .iter()
                .zip(titles.iter())
                .map(|(e, title)| DocRow {
                    title: title.clone(),
                    words: e.view.doc.word_count(),
                    annotations: e.annotations.len(),
                    status: e.annotations.status(),
                })
                .collect::<Vec<_>>()
        },
    );
    let selected = match state.selection {
        Selection::Annotation(id) => Some(id),
        _ => None,
    };
    let range = match state.selection {
        Selection::Range(span) => Some(span),
        _ => None,
    };
    let hits: Rc<[postil_core::Span]> = state
        .search
        .as_ref()
        .map_or_else(|| Rc::from(Vec::new()), |s| s.hits.clone());
    let doc_labels = Rc::new(entry.annotations.doc_labels().clone());

    html! {
        <div class="app" ondragover={cb.drag_over.clone()} ondrop={cb.drop.clone()}>
            <Toolbar titles={(*titles).clone()} current={state.current} on_switch={cb.switch.clone()}
                on_export={cb.export.clone()} on_files={cb.files.clone()} on_paste={cb.paste.clone()}
                on_export_as={cb.export_as.clone()} on_import={cb.import.clone()}
                can_undo={entry.history.can_undo() || state.schema_history.can_undo()}
                can_redo={entry.history.can_redo() || state.schema_history.can_redo()}
                on_undo={cb.undo.clone()} on_redo={cb.redo.clone()} on_find={cb.find.clone()}
                on_help={cb.help.clone()} />
            if let Some(search) = state.search.clone() {
                <SearchBar query={search.query.clone()}
                    hits={(!search.query.text.is_empty()).then_some(search.hits.len())}
                    error={search.error.clone().map(AttrValue::from)} schema={state.schema.clone()}
                    on_query={cb.query.clone()} on_label_all={cb.label_all.clone()}
                    on_step={cb.step.clone()} on_close={cb.close_search.clone()} />
            }
            if let Some(w) = figures.warning() {
                <div class="notices"><div class="notice warning storage-full" role="alert">{ w }</div></div>
            }
            <Notices storage_warning={state.storage_warning.clone().map(AttrValue::from)}
                notice={state.notice.clone()} on_dismiss={cb.dismiss.clone()} />
            if let Some(run) = state.importing.clone() {
                <ImportProgress done={run.done} total={run.total} added={run.report.imported.len()} />
            }
            if let Some(report) = state.import_report.clone() {
                <ImportReportView report={report} on_close={cb.close_report.clone()} />
            }
            if state.export_dialog {
                <ExportDialog title={AttrValue::from(entry.view.doc.title().to_string())} documents={state.entries.len()}
                    preview={cb.export_preview.clone()} on_download={cb.export_download.clone()} on_close={cb.close_export.clone()} />
            }
            if state.import_dialog {
                <ImportFormats on_choose={cb.choose_files.clone()} on_close={cb.close_import.clone()} />
            }
            if state.paste {
                <PasteDialog on_add={cb.add_pasted.clone()} on_cancel={cb.cancel_paste.clone()} />
            }
            if let Some(offer) = state.offer.clone() {
                <OfferBar offer={offer} on_accept={cb.accept_offer.clone()} on_dismiss={cb.dismiss_offer.clone()} />
            }
            if let Some(pending) = state.pending_import.clone() {
                <ImportDialog pending={pending} on_resolve={cb.resolve.clone()} />
            }
            if let Some(dialog) = state.label_all.clone() {
                <LabelAllDialog label={AttrValue::from(dialog.label.clone())} rows={dialog.rows.clone()}
                    on_confirm={cb.confirm_label_all.clone()} on_cancel={cb.cancel_label_all.clone()} />
            }
            if let Some(a) = state.note_editor.and_then(|id| entry.annotations.get(id)) {
                <NoteEditor id={a.id} note={AttrValue::from(a.note.clone())}
                    subject={AttrValue::from(format!("{} “{}”", a.label, entry.view.doc.slice(a.span).unwrap_or_default()))}
                    on_save={cb.save_note.clone()} on_cancel={cb.cancel_note.clone()} />
            }
            if let Some(e) = state.confirm_delete.as_ref().and_then(|id| state.entries.iter().find(|e| e.id() == id)) {
                <DeleteDialog title={AttrValue::from(e.view.doc.title().to_string())}
                    counts={AttrValue::from(crate::state::describe_counts(&e.annotations))}
                    on_answer={cb.answer_delete.clone()} />
            }
            if state.help {
                <ShortcutSheet schema={state.schema.clone()} on_close={cb.close_help.clone()} />
            }
            <div class="visually-hidden" aria-live="polite" aria-atomic="true" id="announcer">
                { state.announcement() }
            </div>
            <div class="workspace">
                <main class="reader">
                    <Palette schema={state.schema.clone()} active={state.selection != Selection::None} on_label={cb.label.clone()} />
                    <Article view={entry.view.clone()} annotations={entry.annotations.clone()}
                        schema={state.schema.clone()} range={range} selected={selected} hits={hits}
                        on_pointer={cb.pointer.clone()} on_pick={cb.pick.clone()} />
                </main>
                <aside class="side-panel" aria-label="Side panel">
                    <div class="tabs" role="tablist">
                        <button type="button" role="tab" aria-selected={(state.panel == Panel::Annotations).to_string()}
                            onclick={cb.show_annotations.clone()}>{ "Annotations" }</button>
                        <button type="button" role="tab" aria-selected={(state.panel == Panel::Documents).to_string()}
                            onclick={cb.show_documents.clone()}>{ "Documents" }</button>
                        <button type="button" role="tab" aria-selected={(state.panel == Panel::Schema).to_string()}
                            onclick={cb.show_schema.clone()}>{ "Labels" }</button>
                    </div>
                    if state.panel == Panel::Annotations {
                        <DocLabelsPanel schema={state.schema.clone()} chosen={doc_labels} on_toggle={cb.toggle_doc_label.clone()} />
                        <AnnotationList view={entry.view.clone()} annotations={entry.annotations.clone()}
                            schema={state.schema.clone()} selected={selected} on_pick={cb.pick_and_show.clone()} />
                    } else if state.panel == Panel::Documents {
                        <DocumentList rows={rows} current={state.current} on_open={cb.switch.clone()}
                            on_delete={cb.ask_delete.clone()} on_export_all={cb.export_all.clone()}
                            deleted={state.trash.last().map(|d| AttrValue::from(d.entry.view.doc.title().to_string()))}
                            on_restore={cb.restore.clone()}
                            annotator={AttrValue::from(state.annotator.clone())} on_annotator={cb.set_annotator.clone()} />
                        <StorageMeter usage={figures.usage} quota={figures.quota} local_bytes={figures.local_bytes}
                            local_limit={crate::platform::quota::LOCAL_STORAGE_LIMIT_BYTES}
                            persisted={figures.persisted} on_persist={on_persist.clone()} />
                    } else {
                        <SchemaEditor schema={state.schema.clone()} usage={usage} on_change={cb.change_schema.clone()}
                            on_import={cb.schema_file.clone()} on_export={cb.export_schema.clone()}
                            on_close={cb.show_annotations_unit.clone()} />
                    }
                </aside>
            </div>
        </div>
    }
}
