//! Every callback the app hands to its components, made once per app: they only dispatch
//! actions (or, for exports and file reading, call the platform), so they never change and
//! the components that take them are not re-rendered for nothing.

use crate::components::export_dialog::Preview;
use crate::notice::Notice;
use crate::platform::storage::Storage;
use crate::platform::{dom, download, files, worker};
use crate::state::{Action, AppState, Dialog, Panel};
use postil_core::formats::registry::Kind;
use postil_core::jobs::Answer;
use postil_core::pending::Job;
use postil_core::schema_edit::SchemaChange;
use postil_core::search::Query;
use postil_core::workspace::{Resolution, Scope};
use postil_core::{schema_file, AnnotationId, RelationId, Span};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

pub struct Callbacks {
    pub pointer: Callback<(u32, u32)>,
    pub pick: Callback<AnnotationId>,
    pub pick_and_show: Callback<AnnotationId>,
    pub label: Callback<String>,
    pub switch: Callback<usize>,
    pub ask_delete: Callback<usize>,
    pub answer_delete: Callback<bool>,
    pub restore: Callback<()>,
    pub set_annotator: Callback<String>,
    pub export_as: Callback<()>,
    pub close_dialog: Callback<()>,
    /// Cancels what the export dialog asked of the worker (it is going away).
    pub cancel_export: Callback<()>,
    pub cancel_import: Callback<()>,
    pub export_preview: Callback<(Kind, Scope, Callback<Preview>)>,
    pub export_download: Callback<(Kind, Scope)>,
    pub import: Callback<()>,
    pub choose_files: Callback<()>,
    pub export: Callback<()>,
    pub files: Callback<Vec<web_sys::File>>,
    /// Files to take as suggestions.
    pub suggestion_files: Callback<Vec<web_sys::File>>,
    pub choose_suggestions: Callback<()>,
    pub paste: Callback<()>,
    pub add_pasted: Callback<(String, String)>,
    /// A schema file chosen in the label editor: its name and text, or why it could not be read.
    pub schema_text: Callback<Result<(String, String), String>>,
    pub export_schema: Callback<()>,
    pub export_all: Callback<()>,
    pub show_documents: Callback<MouseEvent>,
    pub change_schema: Callback<SchemaChange>,
    pub resolve: Callback<Resolution>,
    pub dismiss: Callback<()>,
    pub undo: Callback<()>,
    pub redo: Callback<()>,
    pub find: Callback<()>,
    pub help: Callback<()>,
    /// The help page (toolbar "Help", F1).
    pub guide: Callback<()>,
    pub text_size: Callback<bool>,
    pub tour_step: Callback<usize>,
    pub close_tour: Callback<()>,
    pub start_tour: Callback<()>,
    pub query: Callback<Query>,
    pub step: Callback<i32>,
    pub close_search: Callback<()>,
    pub label_all: Callback<String>,
    pub confirm_label_all: Callback<Vec<Span>>,
    pub accept_offer: Callback<()>,
    pub dismiss_offer: Callback<()>,
    pub save_note: Callback<(AnnotationId, String)>,
    pub link: Callback<(AnnotationId, AnnotationId, String)>,
    pub unlink: Callback<RelationId>,
    pub toggle_layer: Callback<String>,
    pub settle: Callback<(
        postil_core::annotation::DecisionKey,
        postil_core::workspace::Settle,
    )>,
    pub take_agreed: Callback<()>,
    pub edit_disagreement: Callback<postil_core::annotation::DecisionKey>,
    pub open_review: Callback<()>,
    pub open_agreement: Callback<()>,
    pub open_stats: Callback<()>,
    /// Search a document (by position) for a text the statistics listed, stepping to the hit
    /// at the span.
    pub find_text: Callback<(usize, String, postil_core::Span)>,
    pub remove_layer: Callback<String>,
    pub review_layer: Callback<String>,
    pub accept_all: Callback<(String, Option<String>)>,
    pub adopt: Callback<(String, AnnotationId)>,
    pub reject: Callback<(String, AnnotationId)>,
    pub edit_relation_note: Callback<RelationId>,
    pub save_relation_note: Callback<(RelationId, String)>,
    pub start_link: Callback<AnnotationId>,
    pub drag_link: Callback<(AnnotationId, AnnotationId)>,
    /// Take the good records of a file the import report offers.
    pub take_offered: Callback<(String, usize)>,
    pub toggle_doc_label: Callback<(String, String)>,
    pub show_annotations: Callback<MouseEvent>,
    pub show_annotations_unit: Callback<()>,
    pub show_schema: Callback<MouseEvent>,
    pub drag_over: Callback<DragEvent>,
    pub drop: Callback<DragEvent>,
    /// Team sync: the dialog, signing in and out, stopping, "Sync now".
    pub open_sync: Callback<()>,
    pub sync_sign_in: Callback<crate::hooks::team_sync::SignIn>,
    pub sync_sign_out: Callback<()>,
    pub sync_stop: Callback<()>,
    pub sync_now: Callback<()>,
}

/// The file in `kind` (made by the worker; Postil's own format needs none): its MIME type, its
/// bytes (none for a `preview`) and what the format could not hold.
async fn exported(
    kind: Kind,
    corpus: String,
    annotator: String,
    preview: bool,
) -> Result<(String, Vec<u8>, Vec<String>), String> {
    if kind == Kind::Native {
        return Ok(("application/json".into(), corpus.into_bytes(), Vec::new()));
    }
    match worker::export(kind.id(), corpus, &annotator, preview).await? {
        (Answer::Exported { mime, dropped }, bytes) => Ok((mime, bytes, dropped)),
        (Answer::Refused { error }, _) => Err(error),
        (_, _) => Err("the import/export worker gave an answer that is not an export".into()),
    }
}

/// Signing in (with the form), signing out, and stopping sync: each runs its requests and
/// dispatches what came of them (`crate::hooks::team_sync`).
#[allow(clippy::type_complexity)]
fn team_sync(
    d: &UseReducerDispatcher<AppState>,
    latest: &Rc<RefCell<AppState>>,
    storage: &Rc<Storage>,
) -> (
    Callback<crate::hooks::team_sync::SignIn>,
    Callback<()>,
    Callback<()>,
) {
    use crate::hooks::team_sync;
    use crate::state::SyncAction;
    let sign_in = {
        let (d, storage) = (d.clone(), storage.clone());
        Callback::from(move |form| {
            d.dispatch(Action::Sync(SyncAction::SigningIn));
            let (d, storage) = (d.clone(), storage.clone());
            wasm_bindgen_futures::spawn_local(async move {
                team_sync::sign_in(form, &storage, &d).await;
            });
        })
    };
    let settings = {
        let latest = latest.clone();
        move || latest.borrow().sync.settings.as_deref().cloned()
    };
    let sign_out = {
        let (d, settings) = (d.clone(), settings.clone());
        Callback::from(move |()| {
            let Some(s) = settings() else { return };
            let d = d.clone();
            wasm_bindgen_futures::spawn_local(async move { team_sync::sign_out(&s, &d).await });
        })
    };
    let stop = {
        let (d, storage) = (d.clone(), storage.clone());
        Callback::from(move |()| {
            let Some(s) = settings() else { return };
            let (d, storage) = (d.clone(), storage.clone());
            wasm_bindgen_futures::spawn_local(async move {
                team_sync::stop(&s, &storage, &d).await;
            });
        })
    };
    (sign_in, sign_out, stop)
}

/// A callback that turns its argument into an action.
fn to<T: 'static>(d: &UseReducerDispatcher<AppState>, f: fn(T) -> Action) -> Callback<T> {
    let d = d.clone();
    Callback::from(move |x| d.dispatch(f(x)))
}

impl Callbacks {
    pub fn new(
        d: UseReducerDispatcher<AppState>,
        latest: Rc<RefCell<AppState>>,
        storage: Rc<Storage>,
    ) -> Self {
        let (sync_sign_in, sync_sign_out, sync_stop) = team_sync(&d, &latest, &storage);
        let take_offered = {
            let (d, storage) = (d.clone(), storage.clone());
            Callback::from(move |(source, choice): (String, usize)| {
                d.dispatch(Action::TakeOffered {
                    source,
                    choice,
                    reserved: postil_core::store::reserved_ids(&*storage),
                })
            })
        };
        let files_as = |as_suggestions: bool| {
            let (d, storage) = (d.clone(), storage.clone());
            Callback::from(move |list: Vec<web_sys::File>| {
                crate::importer::import_files(list, storage.clone(), d.clone(), as_suggestions)
            })
        };
        let (files, suggestion_files) = (files_as(false), files_as(true));
        // Downloads Postil's own JSON of what `scope` covers, at once (no worker needed).
        let download_native = |d: UseReducerDispatcher<AppState>, scope: Scope| {
            let latest = latest.clone();
            Callback::from(move |()| {
                let out = latest.borrow().ws.to_export(scope);
                let name = Kind::Native.file_name(&out.stem);
                if let Err(e) = download::download_text(&name, "application/json", &out.json) {
                    d.dispatch(Action::Notify(Notice::error(format!(
                        "The file could not be downloaded: {e}."
                    ))));
                }
            })
        };
        Callbacks {
            pointer: to(&d, |(start, end)| Action::Pointer { start, end }),
            pick: to(&d, Action::PickAnnotation),
            pick_and_show: {
                let d = d.clone();
                Callback::from(move |id: AnnotationId| {
                    d.dispatch(Action::PickAnnotation(id));
                    dom::scroll_to(&format!("#ann-{id}"));
                    // The keyboard goes back to the article, where Delete, Enter and the label
                    // keys act on what was picked.
                    dom::focus("article.article");
                })
            },
            label: {
                let d = d.clone();
                Callback::from(move |name: String| {
                    d.dispatch(Action::ApplyLabel(name));
                    dom::focus("article.article");
                })
            },
            switch: to(&d, Action::SwitchDocument),
            ask_delete: to(&d, Action::AskDelete),
            answer_delete: to(&d, Action::ConfirmDelete),
            restore: to(&d, |()| Action::RestoreDeleted),
            set_annotator: to(&d, Action::SetAnnotator),
            export_as: to(&d, |()| Action::Show(Dialog::Export)),
            close_dialog: to(&d, |()| Action::CloseDialog),
            cancel_export: Callback::from(|()| {
                worker::cancel(Job::Export);
                worker::cancel(Job::Preview);
            }),
            cancel_import: Callback::from(|()| crate::importer::cancel()),
            export_preview: {
                let latest = latest.clone();
                Callback::from(
                    move |(kind, scope, answer): (Kind, Scope, Callback<Preview>)| {
                        let (corpus, annotator) = {
                            let s = latest.borrow();
                            (s.ws.to_export(scope).json, s.ws.annotator().to_string())
                        };
                        wasm_bindgen_futures::spawn_local(async move {
                            let preview = exported(kind, corpus, annotator, true).await;
                            answer.emit(preview.map(|(_, _, dropped)| Rc::new(dropped)));
                        });
                    },
                )
            },
            export_download: {
                let latest = latest.clone();
                let d = d.clone();
                Callback::from(move |(kind, scope): (Kind, Scope)| {
                    let (out, annotator) = {
                        let s = latest.borrow();
                        (s.ws.to_export(scope), s.ws.annotator().to_string())
                    };
                    let file_name = kind.file_name(&out.stem);
                    let d = d.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        let done = match exported(kind, out.json, annotator, false).await {
                            Ok((mime, bytes, _)) => {
                                download::download_bytes(&file_name, &mime, &bytes)
                                    .map_err(|e| format!("The file could not be downloaded: {e}."))
                            }
                            Err(e) => Err(format!(
                                "Nothing was exported: {e}. Your work is unchanged."
                            )),
                        };
                        match done {
                            Ok(()) => d.dispatch(Action::ExportDone),
                            Err(e) => d.dispatch(Action::Notify(Notice::error(e))),
                        }
                    });
                })
            },
            import: to(&d, |()| Action::Show(Dialog::ImportFormats)),
            choose_files: {
                let d = d.clone();
                Callback::from(move |()| {
                    dom::click("input[data-testid=\"import-input\"]");
                    d.dispatch(Action::CloseDialog);
                })
            },
            export: download_native(d.clone(), Scope::ThisDocument),
            export_all: download_native(d.clone(), Scope::AllDocuments),
            show_documents: to(&d, |_| Action::ShowPanel(Panel::Documents)),
            export_schema: {
                let latest = latest.clone();
                let d = d.clone();
                Callback::from(move |()| {
                    let json = schema_file::export(latest.borrow().ws.schema());
                    let name = "labels.postil-schema.json";
                    if let Err(e) = download::download_text(name, "application/json", &json) {
                        d.dispatch(Action::Notify(Notice::error(format!(
                            "The file could not be downloaded: {e}."
                        ))));
                    }
                })
            },
            files: files.clone(),
            suggestion_files,
            choose_suggestions: {
                let d = d.clone();
                Callback::from(move |()| {
                    dom::click("input[data-testid=\"suggestions-input\"]");
                    d.dispatch(Action::CloseDialog);
                })
            },
            paste: to(&d, |()| Action::Show(Dialog::Paste)),
            // The worker makes the article (normalising text needs tables the app leaves to it).
            add_pasted: {
                let d = d.clone();
                let latest = latest.clone();
                Callback::from(move |(title, body): (String, String)| {
                    if latest.borrow().pasting {
                        return;
                    }
                    d.dispatch(Action::Pasting);
                    let d = d.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        d.dispatch(match worker::paste(&title, &body).await {
                            Ok(Answer::Read { mut articles, .. }) if articles.len() == 1 => {
                                Action::AddPasted(articles.remove(0))
                            }
                            Ok(Answer::Refused { error }) => Action::PasteRefused(error),
                            Ok(_) => Action::PasteRefused(
                                "the worker did not make an article of the text".into(),
                            ),
                            Err(e) => Action::PasteRefused(e),
                        });
                    });
                })
            },
            schema_text: to(&d, |read| match read {
                Ok((file_name, text)) => Action::ImportSchema { file_name, text },
                Err(e) => Action::Notify(Notice::error(format!(
                    "Nothing was imported: {e}. Your work is unchanged."
                ))),
            }),
            change_schema: to(&d, Action::ChangeSchema),
            resolve: to(&d, Action::ResolveImport),
            dismiss: to(&d, |()| Action::DismissNotice),
            undo: to(&d, |()| Action::Undo),
            redo: to(&d, |()| Action::Redo),
            find: to(&d, |()| Action::OpenSearch),
            help: to(&d, |()| Action::Show(Dialog::Help)),
            guide: to(&d, |()| Action::Show(Dialog::Guide)),
            text_size: to(&d, Action::TextSize),
            tour_step: to(&d, Action::TourStep),
            close_tour: to(&d, |()| Action::CloseTour),
            start_tour: to(&d, |()| Action::StartTour),
            query: to(&d, Action::SetQuery),
            step: to(&d, Action::StepHit),
            close_search: to(&d, |()| Action::CloseSearch),
            label_all: to(&d, Action::OpenLabelAll),
            confirm_label_all: to(&d, Action::ConfirmLabelAll),
            accept_offer: to(&d, |()| Action::AcceptOffer),
            dismiss_offer: to(&d, |()| Action::DismissOffer),
            save_note: to(&d, |(id, text)| Action::SaveNote(id, text)),
            link: to(&d, |(from, to, kind)| Action::Link { from, to, kind }),
            unlink: to(&d, Action::Unlink),
            toggle_layer: to(&d, Action::ToggleLayer),
            settle: to(&d, |(key, how)| Action::Settle(key, how)),
            take_agreed: to(&d, |()| Action::TakeAgreed),
            edit_disagreement: to(&d, Action::EditDisagreement),
            open_review: to(&d, |()| Action::Show(Dialog::Review)),
            open_agreement: to(&d, |()| Action::Show(Dialog::Agreement)),
            open_stats: to(&d, |()| Action::Show(Dialog::Stats)),
            find_text: to(&d, |(doc, text, at)| Action::FindText { doc, text, at }),
            remove_layer: to(&d, Action::RemoveLayer),
            review_layer: to(&d, Action::ReviewLayer),
            accept_all: to(&d, |(name, label)| Action::AcceptAll(name, label)),
            adopt: to(&d, |(name, id)| Action::Adopt(name, id)),
            reject: to(&d, |(name, id)| Action::Reject(name, id)),
            edit_relation_note: to(&d, Action::EditRelationNote),
            save_relation_note: to(&d, |(id, text)| Action::SaveRelationNote(id, text)),
            start_link: to(&d, Action::StartLink),
            drag_link: to(&d, |(from, to)| Action::DragLink(from, to)),
            take_offered,
            toggle_doc_label: to(&d, |(set, value)| Action::ToggleDocLabel { set, value }),
            show_annotations: to(&d, |_| Action::ShowPanel(Panel::Annotations)),
            show_annotations_unit: to(&d, |()| Action::ShowPanel(Panel::Annotations)),
            show_schema: to(&d, |_| Action::ShowPanel(Panel::Schema)),
            open_sync: to(&d, |()| Action::Show(Dialog::Sync)),
            sync_sign_in,
            sync_sign_out,
            sync_stop,
            sync_now: to(&d, |()| Action::Sync(crate::state::SyncAction::Now)),
            drag_over: Callback::from(|e: DragEvent| e.prevent_default()),
            drop: Callback::from(move |e: DragEvent| {
                e.prevent_default();
                files.emit(files::all_files(e.data_transfer().and_then(|t| t.files())));
            }),
        }
    }
}
