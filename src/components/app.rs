//! The root component: owns the state and the storage adapter, runs the app's effects (as
//! named hooks: persistence, keyboard, other tabs, the leave guard) and lays out the toolbar,
//! search, notices, the open dialog, palette, article and side panel.

use super::annotation_list::AnnotationList;
use super::article::Article;
use super::doc_labels::DocLabelsPanel;
use super::document_list::{DocRow, DocumentList};
use super::import_progress::ImportProgress;
use super::later_host::LabelsLater;
use super::layers_panel::{LayerEntry, LayersPanel};
use super::notices::Notices;
use super::offer_bar::OfferBar;
use super::open_dialog::open_dialog;
use super::palette::Palette;
use super::relation_list::RelationList;
use super::search_bar::SearchBar;
use super::storage_meter::StorageMeter;
use super::toolbar::Toolbar;
use super::tour::Tour;
use crate::callbacks::Callbacks;
use crate::hooks;
use crate::persist::{self, Boot, Saver, Started};
use crate::platform::{dom, storage::Storage};
use crate::state::Panel;
use crate::view::{DocView, Same};
use postil_core::selection::Selection;
use std::cell::RefCell;
use std::rc::Rc;
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
        let storage = storage.clone();
        use_reducer(move || {
            let started = started
                .borrow_mut()
                .take()
                .unwrap_or_else(|| persist::start(&Boot::local(Rc::new(Storage::open()))));
            *saver.borrow_mut() = started.saver;
            started.state.with_prefs(persist::prefs::load(&storage))
        })
    };
    {
        // The reader's preferences are written when they change (not at start: a first run
        // writes nothing until the reader does something).
        let storage = storage.clone();
        let first = use_mut_ref(|| true);
        use_effect_with(state.prefs, move |prefs| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                persist::prefs::save(&storage, prefs);
            }
        });
    }
    // The state as last rendered, for the listeners and the export callbacks (set here, in
    // the render, so it is never behind what is on screen).
    let latest = use_mut_ref(|| (*state).clone());
    *latest.borrow_mut() = (*state).clone();

    hooks::use_persistence(&state, storage.clone(), saver.clone());
    hooks::use_keyboard(state.dispatcher(), latest.clone());
    hooks::use_other_tabs(state.dispatcher(), latest.clone(), storage.clone(), saver);
    hooks::use_leave_guard();
    hooks::use_regex_search(&state, state.dispatcher());
    hooks::use_update_notice(state.dispatcher(), storage.clone());
    hooks::use_team_sync(&state, latest.clone(), storage.clone());
    {
        // The offer after a label is worked out once the frame that shows the label is
        // painted: finding every occurrence in a long article should not delay that frame.
        let dispatcher = state.dispatcher();
        use_effect_with(state.offer_due.clone(), move |due| {
            if due.is_some() {
                dom::after_paint(move || dispatcher.dispatch(crate::state::Action::MakeOffer));
            }
        });
    }
    // Keep what the keyboard selects on screen.
    use_effect_with(state.caret.selection, |selection| match selection {
        Selection::Annotation(id) => dom::reveal(&format!("#ann-{id}")),
        Selection::Range(_) => dom::reveal("article .sel"),
        Selection::None => {}
    });
    let (figures, on_persist) = hooks::use_storage_figures(
        storage.clone(),
        (
            state.panel == Panel::Documents,
            state.ws.docs().len(),
            state.importing.is_some(),
        ),
    );

    let cb = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| Callbacks::new(dispatcher, latest, storage))
    };
    hooks::use_file_drop(cb.drag_over.clone(), cb.drop.clone());
    let usage = use_memo(state.ws.docs().clone(), |_| state.ws.label_usage());

    let doc = state.ws.current().clone();
    let view = use_memo(Same(doc.document.clone()), |d| DocView::new(d.0.clone()));
    // The titles change only when documents come, go or move: keyed on the documents
    // themselves (not their annotations), so a label edit does not rebuild a thousand of them.
    let docs = state.ws.docs().clone();
    let titles = use_memo(
        docs.iter()
            .map(|d| Same(d.document.clone()))
            .collect::<Vec<_>>(),
        |_| {
            docs.iter()
                .map(|d| AttrValue::from(d.title().to_string()))
                .collect::<Rc<[AttrValue]>>()
        },
    );
    // The documents list shares those titles; only counts and statuses are read per edit.
    let rows = use_memo(
        (state.ws.docs().clone(), titles.clone()),
        |(docs, titles)| {
            docs.iter()
                .zip(titles.iter())
                .map(|(d, title)| DocRow {
                    title: title.clone(),
                    document: d.document.clone(),
                    annotations: d.annotations.len(),
                    status: d.annotations.status(),
                })
                .collect::<Vec<_>>()
        },
    );
    let selected = match state.caret.selection {
        Selection::Annotation(id) => Some(id),
        _ => None,
    };
    let range = match state.caret.selection {
        Selection::Range(span) => Some(span),
        _ => None,
    };
    let hits: Rc<[postil_core::Span]> = state
        .search
        .as_ref()
        .map_or_else(|| Rc::from(Vec::new()), |s| s.hits.clone());
    // What the layers draw and list is worked out again only when the layers, or which are on
    // show, change (or, while the review is open, the annotations it settles), not on every
    // key press.
    let reviewing = matches!(state.dialog, Some(crate::state::Dialog::Review));
    let layer_keys = (
        Same(doc.annotations.layers_shared().clone()),
        Same(state.layers_flipped.clone()),
        reviewing.then(|| Same(doc.annotations.clone())),
    );
    let ghosts = use_memo(layer_keys.clone(), |_| state.ghosts());
    let layer_entries = use_memo(layer_keys, |_| {
        LayerEntry::of(doc.annotations.layers(), |l| state.shows(l))
    });
    let doc_labels = Rc::new(doc.annotations.doc_labels().clone());
    let schema = state.ws.schema().clone();
    let current = state.ws.current_index();

    // The tour outlines what its step speaks of; the article's size is one variable for the
    // stylesheet (`styles/help.css`).
    let tour_at = state.tour.map(|s| format!("tour-at-{s}"));
    let text_scale = format!("--text-scale: {}", f64::from(state.prefs.text_size) / 100.0);
    html! {
        <div class={classes!("app", tour_at)} style={text_scale}>
            <Toolbar titles={(*titles).clone()} current={current} on_switch={cb.switch.clone()}
                on_export={cb.export.clone()} on_files={cb.files.clone()} on_suggestions={cb.suggestion_files.clone()} on_paste={cb.paste.clone()}
                on_export_as={cb.export_as.clone()} on_import={cb.import.clone()}
                can_undo={state.ws.can_undo()} can_redo={state.ws.can_redo()}
                on_undo={cb.undo.clone()} on_redo={cb.redo.clone()} on_find={cb.find.clone()}
                on_help={cb.help.clone()} on_guide={cb.guide.clone()}
                prefs={state.prefs} on_text_size={cb.text_size.clone()}
                sync={AttrValue::from(state.sync.status.text())} sync_class={sync_class(&state.sync.status)}
                on_sync={cb.open_sync.clone()} />
            if let Some(step) = state.tour {
                <Tour step={step} on_step={cb.tour_step.clone()} on_close={cb.close_tour.clone()} />
            }
            if let Some(search) = state.search.clone() {
                <SearchBar query={search.query.clone()}
                    hits={(!search.query.text.is_empty() && !search.waiting).then_some(search.hits.len())}
                    searching={search.waiting}
                    error={search.error.clone().map(AttrValue::from)} schema={schema.clone()}
                    on_query={cb.query.clone()} on_label_all={cb.label_all.clone()}
                    on_step={cb.step.clone()} on_close={cb.close_search.clone()} />
            }
            if let Some(w) = figures.warning() {
                <div class="notices"><div class="notice warning storage-full" role="alert">{ w }</div></div>
            }
            <Notices storage_warning={state.storage_warning.clone().map(AttrValue::from)}
                notice={state.notice.clone()} on_dismiss={cb.dismiss.clone()} />
            if let Some(run) = state.importing.clone() {
                <ImportProgress done={run.done} total={run.total} added={run.report.imported.len()}
                    on_cancel={cb.cancel_import.clone()} />
            }
            if let Some(offer) = state.offer.clone() {
                <OfferBar offer={offer} on_accept={cb.accept_offer.clone()} on_dismiss={cb.dismiss_offer.clone()} />
            }
            { open_dialog(&state, &cb) }
            <div class="visually-hidden" aria-live="polite" aria-atomic="true" id="announcer">
                { state.announcement() }
            </div>
            <div class="workspace">
                <main class="reader">
                    <Palette schema={schema.clone()} active={state.caret.selection != Selection::None}
                        on_annotation={matches!(state.caret.selection, Selection::Annotation(_))} on_label={cb.label.clone()} />
                    <Article view={view.clone()} annotations={doc.annotations.clone()}
                        schema={schema.clone()} range={range} selected={selected} hits={hits} ghosts={(*ghosts).clone()}
                        text_size={state.prefs.text_size}
                        on_pointer={cb.pointer.clone()} on_pick={cb.pick.clone()}
                        on_drag_link={cb.drag_link.clone()} />
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
                        <DocLabelsPanel schema={schema.clone()} chosen={doc_labels} on_toggle={cb.toggle_doc_label.clone()} />
                        <AnnotationList view={view.clone()} annotations={doc.annotations.clone()}
                            schema={schema.clone()} selected={selected} on_pick={cb.pick_and_show.clone()} />
                        <LayersPanel layers={layer_entries}
                            on_toggle={cb.toggle_layer.clone()} on_remove={cb.remove_layer.clone()}
                            on_review_layer={cb.review_layer.clone()} on_accept_all={cb.accept_all.clone()}
                            can_compare={doc.review_layers().len() >= 2} on_review={cb.open_review.clone()}
                            on_agreement={cb.open_agreement.clone()} />
                        <RelationList doc={doc.clone()} selected={selected} on_pick={cb.pick_and_show.clone()}
                            on_remove={cb.unlink.clone()} on_start={cb.start_link.clone()}
                            on_note={cb.edit_relation_note.clone()} />
                    } else if state.panel == Panel::Documents {
                        <DocumentList rows={rows} current={current} on_open={cb.switch.clone()}
                            on_delete={cb.ask_delete.clone()} on_export_all={cb.export_all.clone()}
                            on_stats={cb.open_stats.clone()} on_sync={cb.open_sync.clone()}
                            deleted={state.ws.trash().last().map(|d| AttrValue::from(d.doc.title().to_string()))}
                            on_restore={cb.restore.clone()}
                            annotator={AttrValue::from(state.ws.annotator().to_string())} on_annotator={cb.set_annotator.clone()} />
                        <StorageMeter usage={figures.usage} quota={figures.quota} local_bytes={figures.local_bytes}
                            local_limit={crate::platform::quota::LOCAL_STORAGE_LIMIT_BYTES}
                            persisted={figures.persisted} on_persist={on_persist.clone()} />
                    } else {
                        <LabelsLater schema={schema.clone()} usage={usage} on_change={cb.change_schema.clone()}
                            on_file={cb.schema_text.clone()} on_export={cb.export_schema.clone()}
                            on_close={cb.show_annotations_unit.clone()} />
                    }
                </aside>
            </div>
        </div>
    }
}

/// How the toolbar's sync words look.
fn sync_class(status: &postil_core::sync::settings::Status) -> &'static str {
    use postil_core::sync::settings::Status;
    match status {
        Status::Off => "off",
        Status::SignedOut | Status::Failed(_) => "trouble",
        Status::Offline { .. } => "offline",
        Status::Syncing => "busy",
        Status::Synced | Status::OtherTab => "ok",
    }
}
