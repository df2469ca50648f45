//! The one open dialog, if any (see `state::Dialog`): each with what it shows and the
//! callbacks that answer it.

use super::conflict_question::ConflictQuestion;
use super::delete_dialog::DeleteDialog;
use super::export_dialog::ExportDialog;
use super::import_report::ImportReportView;
use super::label_all_dialog::LabelAllDialog;
use super::later_host::{
    AgreementLater, FormatsLater, GuideLater, PasteLater, ShortcutsLater, StatsLater, SyncLater,
};
use super::link_dialog::{LinkDialog, Target};
use super::note_editor::NoteEditor;
use super::review_dialog::ReviewDialog;
use super::suggestions_dialog::SuggestionsDialog;
use crate::callbacks::Callbacks;
use crate::state::{AppState, Dialog};
use postil_core::workspace::describe_counts;
use yew::prelude::*;

/// The most annotations the link dialog lists (the nearest).
const LINK_TARGETS: usize = 300;

/// The open dialog, rendered.
pub fn open_dialog(state: &AppState, cb: &Callbacks) -> Html {
    let doc = state.ws.current();
    let close = cb.close_dialog.clone();
    match &state.dialog {
        None => html! {},
        Some(Dialog::Suggestions(name)) => {
            let (a, r) = (name.clone(), name.clone());
            html! {
                <SuggestionsDialog layer={AttrValue::from(name.clone())}
                    rows={std::rc::Rc::new(state.ws.layer_rows(name))}
                    on_accept={cb.adopt.reform(move |id| (a.clone(), id))}
                    on_reject={cb.reject.reform(move |id| (r.clone(), id))}
                    on_undo={cb.undo.clone()} on_close={close} />
            }
        }
        Some(Dialog::Review) => {
            let all = state.ws.review_progress();
            let items = doc.review_items();
            let here = postil_core::workspace::Progress::of(&items);
            let blocks = (doc.document.blocks().iter())
                .map(|b| b.span.start)
                .collect::<Vec<u32>>();
            let block_of = |at: u32| {
                let i = blocks.partition_point(|s| *s <= at).saturating_sub(1);
                blocks.get(i).copied().unwrap_or(0)
            };
            let starts = items
                .iter()
                .map(|it| block_of(it.span.start))
                .collect::<Vec<u32>>();
            html! {
                <ReviewDialog title={AttrValue::from(doc.title().to_string())}
                    layers={std::rc::Rc::new(doc.review_layers())} items={std::rc::Rc::new(items)}
                    blocks={std::rc::Rc::new(starts)}
                    here={here} all={all}
                    on_settle={cb.settle.clone()} on_take_agreed={cb.take_agreed.clone()}
                    on_edit={cb.edit_disagreement.clone()} on_undo={cb.undo.clone()} on_close={close} />
            }
        }
        Some(Dialog::Stats) => {
            let colors = (state.ws.schema().labels().iter())
                .map(|l| (l.name.clone(), l.color.to_string()))
                .collect::<Vec<_>>();
            html! {
                <StatsLater docs={state.ws.docs().clone()}
                    current={state.ws.current_index()}
                    title={AttrValue::from(doc.title().to_string())}
                    colors={std::rc::Rc::new(colors)}
                    on_find={cb.find_text.clone()} on_close={close} />
            }
        }
        Some(Dialog::Sync) => html! {
            <SyncLater sync={state.sync.clone()} on_sign_in={cb.sync_sign_in.clone()}
                on_sign_out={cb.sync_sign_out.clone()} on_stop={cb.sync_stop.clone()}
                on_now={cb.sync_now.clone()} on_close={close} />
        },
        Some(Dialog::Agreement) => html! {
            <AgreementLater docs={state.ws.docs().clone()} on_close={close} />
        },
        Some(Dialog::Conflict(pending)) => html! {
            <ConflictQuestion pending={pending.clone()} on_resolve={cb.resolve.clone()} />
        },
        Some(Dialog::Export) => html! {
            <ExportDialog title={AttrValue::from(doc.title().to_string())} documents={state.ws.docs().len()}
                preview={cb.export_preview.clone()} on_download={cb.export_download.clone()}
                on_close={close} on_gone={cb.cancel_export.clone()} />
        },
        Some(Dialog::ImportFormats) => html! {
            <FormatsLater on_choose={cb.choose_files.clone()}
                on_choose_suggestions={cb.choose_suggestions.clone()} on_close={close} />
        },
        Some(Dialog::Report(report)) => html! {
            <ImportReportView report={report.clone()} on_close={close} on_take={cb.take_offered.clone()} />
        },
        Some(Dialog::Paste) => html! {
            <PasteLater on_add={cb.add_pasted.clone()} on_cancel={close} adding={state.pasting} />
        },
        Some(Dialog::ConfirmDelete(id)) => match state.ws.doc(id) {
            Some(d) => html! {
                <DeleteDialog title={AttrValue::from(d.title().to_string())}
                    counts={AttrValue::from(describe_counts(&d.annotations))}
                    on_answer={cb.answer_delete.clone()} />
            },
            None => html! {},
        },
        Some(Dialog::LabelAll(dialog)) => html! {
            <LabelAllDialog label={AttrValue::from(dialog.label.clone())} rows={dialog.rows.clone()}
                on_confirm={cb.confirm_label_all.clone()} on_cancel={close} />
        },
        Some(Dialog::Note(id)) => match doc.annotations.get(*id) {
            Some(a) => {
                let id = a.id;
                html! {
                    <NoteEditor note={AttrValue::from(a.note.clone())}
                        subject={AttrValue::from(format!("{} “{}”", a.label, doc.document.slice(a.span).unwrap_or_default()))}
                        on_save={cb.save_note.reform(move |text| (id, text))} on_cancel={close} />
                }
            }
            None => html! {},
        },
        Some(Dialog::RelationNote(id)) => match doc.annotations.relation(*id) {
            Some(r) => {
                let (from, kind, to) = doc.relation_line(r);
                let id = r.id;
                html! {
                    <NoteEditor note={AttrValue::from(r.note.clone())}
                        subject={AttrValue::from(format!("the relation {from} —{kind}→ {to}"))}
                        on_save={cb.save_relation_note.reform(move |text| (id, text))} on_cancel={close} />
                }
            }
            None => html! {},
        },
        Some(Dialog::Link(id, chosen)) => match doc.annotations.get(*id) {
            Some(a) => {
                let (targets, others) = match chosen {
                    Some(to) => doc.link_targets_to(a.id, *to, LINK_TARGETS),
                    None => doc.link_targets(a.id, LINK_TARGETS),
                };
                let targets = (targets.into_iter())
                    .map(|(id, text)| Target { id, text })
                    .collect::<Vec<_>>();
                html! {
                    <LinkDialog from={a.id} subject={AttrValue::from(format!("{} {}", a.label, doc.quoted(a)))}
                        targets={std::rc::Rc::new(targets)} {others}
                        types={std::rc::Rc::new(state.ws.relation_types(&a.label))}
                        keys={std::rc::Rc::new(state.ws.link_keys(&a.label))}
                        on_link={cb.link.clone()} on_cancel={close} />
                }
            }
            None => html! {},
        },
        Some(Dialog::Help) => html! {
            <ShortcutsLater schema={state.ws.schema().clone()} on_close={close} />
        },
        Some(Dialog::Guide) => html! {
            <GuideLater on_close={close} on_shortcuts={cb.help.clone()} on_tour={cb.start_tour.clone()} />
        },
    }
}
