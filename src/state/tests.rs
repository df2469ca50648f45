//! The reducer's wiring, on the host: key presses and clicks go through the keymap to the
//! workspace, and what the screen shows follows the outcome (notice, selection, offer, dialog).
//! The rules themselves are tested in `postil_core`; these check that the shell hands them
//! what the user did and shows what they answered.

use super::{Action, AppState, Dialog};
use crate::notice::NoticeKind;
use postil_core::annotation::AnnotationSet;
use postil_core::history::History;
use postil_core::keymap::KeyPress;
use postil_core::selection::Selection;
use postil_core::workspace::{Doc, Workspace};
use postil_core::{Document, LabelSchema};
use std::rc::Rc;
use yew::Reducible;

const TEXT: &str = "Lavrov met Qureshi.\n\nLavrov said so.";

fn app() -> Rc<AppState> {
    let docs = ["a", "b"]
        .into_iter()
        .map(|id| Doc::fresh(Document::new(id, "", TEXT)))
        .collect();
    Rc::new(AppState::new(Workspace::new(
        LabelSchema::default_ner(),
        History::default(),
        docs,
        0,
    )))
}

fn key(s: Rc<AppState>, k: &str) -> Rc<AppState> {
    let press = KeyPress {
        key: k.to_string(),
        shift: false,
        ctrl: k == "z",
        alt: false,
    };
    s.reduce(Action::Key(press))
}

fn labels(s: &AppState) -> Vec<String> {
    let d = s.doc();
    d.annotations
        .iter()
        .map(|a| format!("{}:{}", a.label, d.document.slice(a.span).unwrap()))
        .collect()
}

#[test]
fn one_key_press_labels_selects_and_offers() {
    let s = key(app(), "ArrowRight");
    assert!(matches!(s.caret.selection, Selection::Range(_)));
    let s = key(s, "p");
    assert_eq!(labels(&s), ["PERSON:Lavrov"]);
    assert!(matches!(s.caret.selection, Selection::Annotation(_)));
    // The offer is worked out after the frame that shows the label.
    assert!(s.offer.is_none() && s.offer_due.is_some());
    let s = s.reduce(Action::MakeOffer);
    let offer = s.offer.clone().expect("the second Lavrov is offered");
    assert_eq!(offer.spans.len(), 1);
    assert!(s.offer_due.is_none());
    // Enter answers the offer; Ctrl+Z takes it back in one step.
    let s = key(s, "Enter");
    assert_eq!(labels(&s), ["PERSON:Lavrov", "PERSON:Lavrov"]);
    assert_eq!(s.notice.as_ref().map(|n| n.kind), Some(NoticeKind::Info));
    let s = key(s, "z");
    assert_eq!(labels(&s), ["PERSON:Lavrov"]);
}

#[test]
fn a_key_pressed_before_the_offer_is_made_answers_it_as_it_would_later() {
    // (keys pressed right after the label key, before the frame; what follows)
    let cases: &[(&str, &[&str])] = &[
        // Enter accepts the offer that was due.
        ("Enter", &["PERSON:Lavrov", "PERSON:Lavrov"]),
        // Escape dismisses it: nothing more is labeled, and no offer comes after.
        ("Escape", &["PERSON:Lavrov"]),
        // A move of the caret means the offer was not wanted.
        ("ArrowRight", &["PERSON:Lavrov"]),
    ];
    for (k, want) in cases {
        let s = key(key(app(), "ArrowRight"), "p");
        assert!(s.offer_due.is_some(), "{k}");
        let s = key(s, k);
        assert_eq!(labels(&s), *want, "{k}");
        let s = s.reduce(Action::MakeOffer);
        assert_eq!((s.offer.clone(), s.offer_due.clone()), (None, None), "{k}");
    }
}

#[test]
fn an_offer_still_due_when_another_document_opens_is_never_made() {
    let s = key(key(app(), "ArrowRight"), "p");
    assert!(s.offer_due.is_some());
    let s = key(s, "]").reduce(Action::MakeOffer);
    assert_eq!(s.ws.current().id(), "b");
    assert_eq!((s.offer.clone(), s.offer_due.clone()), (None, None));
}

#[test]
fn a_key_that_means_nothing_keeps_the_same_state() {
    let s = app();
    let same = key(s.clone(), "F7");
    assert!(Rc::ptr_eq(&s, &same), "nothing re-renders");
    // A label key with nothing selected is not the app's: nothing changes at all.
    let same = key(s.clone(), "p");
    assert!(
        Rc::ptr_eq(&s, &same),
        "p is a label key only with a selection"
    );
    let s = s.reduce(Action::ApplyLabel("PERSON".into()));
    let n = s.notice.clone().expect("told to select first");
    assert_eq!(n.kind, NoticeKind::Info);
    assert!(n.text.starts_with("Select words first"), "{}", n.text);
}

#[test]
fn dialogs_take_the_keyboard_and_esc_closes_them() {
    let s = key(app(), "?");
    assert_eq!(s.dialog, Some(Dialog::Help));
    let s = key(s, "ArrowRight");
    assert_eq!(
        s.caret.selection,
        Selection::None,
        "the sheet keeps the arrows"
    );
    let s = key(s, "Escape");
    assert_eq!(s.dialog, None);
    // Asking to delete opens a question; Esc keeps the document.
    let s = s.reduce(Action::AskDelete(1));
    assert_eq!(s.dialog, Some(Dialog::ConfirmDelete("b".into())));
    let s = key(s, "Escape");
    assert_eq!((s.dialog.clone(), s.ws.docs().len()), (None, 2));
    let s = s
        .reduce(Action::AskDelete(1))
        .reduce(Action::ConfirmDelete(true));
    assert_eq!(s.ws.docs().len(), 1);
    // The last document cannot be deleted: said as an error, no question asked.
    let s = s.reduce(Action::AskDelete(0));
    assert_eq!(s.dialog, None);
    assert_eq!(s.notice.as_ref().map(|n| n.kind), Some(NoticeKind::Error));
}

#[test]
fn opening_another_document_leaves_nothing_selected_or_offered() {
    let s = key(key(app(), "ArrowRight"), "p").reduce(Action::MakeOffer);
    assert!(s.offer.is_some());
    let s = key(s, "]");
    assert_eq!(s.ws.current().id(), "b");
    assert_eq!(
        (s.caret.selection, s.offer.clone()),
        (Selection::None, None)
    );
    // A note editor open on an annotation another tab deleted closes.
    let s = key(s, "[");
    let s = key(key(s, "ArrowRight"), "o");
    let Selection::Annotation(id) = s.caret.selection else {
        panic!("selected")
    };
    // Enter on the selected annotation opens its note, as a person would.
    assert!(
        s.offer.is_none(),
        "“met” occurs once: nothing to offer, so Enter is the note"
    );
    let s = key(s, "Enter");
    assert_eq!(s.dialog, Some(Dialog::Note(id)));
    let doc = s.ws.current().clone();
    let empty = postil_core::workspace::DocValue {
        annotations: std::rc::Rc::new(AnnotationSet::new(doc.document.char_len())),
        history: doc.history.clone(),
    };
    let s = s.reduce(Action::TookDoc {
        id: "a".into(),
        expect: postil_core::workspace::DocValue::of(&doc),
        value: empty,
    });
    assert_eq!(s.dialog, None);
    assert!(labels(&s).is_empty());
}

#[test]
fn search_steps_round_its_hits_and_labels_them_all_in_one_step() {
    // The selected word fills the search; steps wrap round both ways.
    let s = key(key(app(), "ArrowRight"), "/");
    let search = s.search.clone().expect("open");
    assert_eq!(search.query.text, "Lavrov");
    assert_eq!(search.hits.len(), 2);
    let at = |s: &AppState| s.search.as_ref().and_then(|x| x.at);
    let s = s.reduce(Action::StepHit(1));
    assert_eq!(at(&s), Some(0));
    let s = s.reduce(Action::StepHit(1)).reduce(Action::StepHit(1));
    assert_eq!(at(&s), Some(0), "past the last hit comes the first");
    let s = s.reduce(Action::StepHit(-1));
    assert_eq!(at(&s), Some(1));
    assert_eq!(s.caret.selection, Selection::Range(search.hits[1]));
    // Label all: the dialog lists the hits; confirming labels them as one undoable step.
    let s = s.reduce(Action::OpenLabelAll("PERSON".into()));
    let Some(Dialog::LabelAll(dialog)) = s.dialog.clone() else {
        panic!("the label-all dialog is open")
    };
    assert_eq!(dialog.rows.len(), 2);
    let spans: Vec<_> = dialog.rows.iter().map(|r| r.span).collect();
    let s = s.reduce(Action::ConfirmLabelAll(spans));
    assert_eq!(s.dialog, None);
    assert_eq!(labels(&s), ["PERSON:Lavrov", "PERSON:Lavrov"]);
    let s = key(s, "z");
    assert!(labels(&s).is_empty(), "one step");
}

#[test]
fn an_import_run_reports_and_opens_what_it_added() {
    let article = |title: &str| postil_core::article::Article {
        suggested: None,
        title: title.to_string(),
        text: format!("{title}\n\nBody of {title}."),
        id_hint: None,
        annotations: Vec::new(),
        source: format!("{title}.txt"),
        notes: Vec::new(),
        relations: Vec::new(),
        attributes: Vec::new(),
    };
    let s = app().reduce(Action::ImportStarted { total: 2 });
    let s = s.reduce(Action::ImportArticles {
        articles: vec![article("Kabul"), article("Kabul")],
        reserved: ["kabul".to_string()].into(),
    });
    let s = s.reduce(Action::ImportSkipped {
        source: "broken.md".into(),
        reason: "it is not UTF-8 text".into(),
    });
    let s = s.reduce(Action::ImportLeftOut {
        source: "kabul.jsonl".into(),
        what: "1 relation".into(),
    });
    let s = s.reduce(Action::ImportAdjusted {
        source: "kabul.jsonl".into(),
        what: "read as 1 record".into(),
    });
    let run = s.importing.clone().expect("under way");
    assert_eq!(run.report.imported, ["Kabul"]);
    let s = s.reduce(Action::ImportFinished);
    assert!(s.importing.is_none());
    let Some(Dialog::Report(report)) = s.dialog.clone() else {
        panic!("the report is open")
    };
    assert_eq!(report.skipped.len(), 2, "the duplicate and the broken file");
    let note = |what: &str| vec![("kabul.jsonl".to_string(), what.to_string())];
    assert_eq!(report.left_out, note("1 relation"));
    assert_eq!(report.adjusted, note("read as 1 record"));
    assert_eq!(
        s.doc().id(),
        "kabul-2",
        "an id another tab holds is not taken"
    );
}

#[test]
fn a_report_waits_for_the_conflict_question_of_the_same_drop() {
    // Dropping a Postil file with other annotations and a text file: the question comes
    // first, the report after it is answered; neither is lost.
    let mut mine = app();
    mine = key(key(mine, "ArrowRight"), "p");
    let d = mine.doc();
    let mut theirs = (*d.annotations).clone();
    theirs
        .run(|s| postil_core::edit::relabel(s, s.iter().next().unwrap().id, "ORG"))
        .unwrap();
    let file = postil_core::formats::native::export(mine.ws.schema(), [(&*d.document, &theirs)]);
    let s = mine.reduce(Action::ImportNative {
        file_name: "theirs.postil.json".into(),
        text: file,
    });
    assert!(matches!(s.dialog, Some(Dialog::Conflict(_))));
    let s = s
        .reduce(Action::ImportStarted { total: 1 })
        .reduce(Action::ImportFinished);
    assert!(
        matches!(s.dialog, Some(Dialog::Conflict(_))),
        "the question stays"
    );
    let s = key(s, "Escape");
    assert!(
        matches!(s.dialog, Some(Dialog::Report(_))),
        "then the report"
    );
    assert!(s
        .notice
        .as_ref()
        .is_some_and(|n| n.text.contains("cancelled")));
    let s = key(s, "Escape");
    assert_eq!(s.dialog, None);
}

#[test]
fn dialogs_that_come_by_themselves_never_close_the_one_open() {
    // An import ends while the person types into the paste dialog: the report waits.
    let s = app()
        .reduce(Action::ImportStarted { total: 1 })
        .reduce(Action::Show(Dialog::Paste))
        .reduce(Action::ImportFinished);
    assert_eq!(s.dialog, Some(Dialog::Paste));
    // A slow export finishing closes only the export dialog.
    let s = s.reduce(Action::ExportDone);
    assert_eq!(s.dialog, Some(Dialog::Paste));
    let s = key(s, "Escape");
    assert!(matches!(s.dialog, Some(Dialog::Report(_))));
    let s = key(s, "Enter").reduce(Action::Show(Dialog::Export));
    let s = s.reduce(Action::ExportDone);
    assert_eq!(s.dialog, None);
}

#[test]
fn a_regular_expression_waits_for_the_worker_and_takes_only_its_own_hits() {
    use postil_core::search::Query;
    use postil_core::Span;
    let query = Query {
        text: "Lav\\w+".into(),
        whole_word: true,
        regex: true,
        ..Query::default()
    };
    let s = app()
        .reduce(Action::OpenSearch)
        .reduce(Action::SetQuery(query.clone()));
    let search = s.search.clone().expect("open");
    assert!(search.waiting && search.hits.is_empty());
    let span = |start, end| Span { start, end };
    // What the worker found: "Lavrov" twice, and "Lav" (not a whole word), as it would for
    // another pattern.
    let found = || Ok(vec![span(0, 6), span(21, 24), span(21, 27)]);
    let stale = [
        ("b", query.clone()),
        (
            "a",
            Query {
                text: "Lav".into(),
                ..query.clone()
            },
        ),
    ];
    let mut s = s;
    for (doc, q) in stale {
        s = s.reduce(Action::RegexFound {
            doc: doc.into(),
            query: q,
            found: found(),
        });
        assert!(s.search.as_ref().is_some_and(|s| s.waiting), "{doc}");
    }
    let s = s.reduce(Action::RegexFound {
        doc: "a".into(),
        query: query.clone(),
        found: found(),
    });
    let search = s.search.clone().expect("open");
    assert!(!search.waiting);
    assert_eq!(
        &search.hits[..],
        [span(0, 6), span(21, 27)],
        "whole words only"
    );
    // An answer that came twice changes nothing; an error is shown in place of hits.
    let again = s.clone().reduce(Action::RegexFound {
        doc: "a".into(),
        query: query.clone(),
        found: Err("no".into()),
    });
    assert_eq!(again.search.as_ref().unwrap().error, None);
    let s = s
        .reduce(Action::SetQuery(query.clone()))
        .reduce(Action::RegexFound {
            doc: "a".into(),
            query,
            found: Err("the regular expression is not valid: x".into()),
        });
    let search = s.search.clone().expect("open");
    assert!(search.hits.is_empty() && !search.waiting);
    assert_eq!(
        search.error.as_deref(),
        Some("the regular expression is not valid: x")
    );
}

#[test]
fn pasted_text_comes_back_from_the_worker_unless_the_dialog_was_closed() {
    let pasted =
        || postil_core::sources::from_paste("", "Pasted news\n\nBody.").expect("an article");
    // Closed while the worker worked: its answer is dropped.
    let s = app()
        .reduce(Action::Show(Dialog::Paste))
        .reduce(Action::Pasting);
    assert!(s.pasting);
    let s = key(s, "Escape").reduce(Action::AddPasted(pasted()));
    assert_eq!((s.ws.docs().len(), s.pasting), (2, false));
    // Refused: the dialog stays open, with the reason.
    let s = s
        .reduce(Action::Show(Dialog::Paste))
        .reduce(Action::Pasting)
        .reduce(Action::PasteRefused("the pasted text is empty".into()));
    assert_eq!((s.dialog.clone(), s.pasting), (Some(Dialog::Paste), false));
    assert!(s.notice.as_ref().is_some_and(|n| n.text.contains("empty")));
    // Added: the dialog closes and the new document opens.
    let s = s
        .reduce(Action::Pasting)
        .reduce(Action::AddPasted(pasted()));
    assert_eq!(s.dialog, None);
    assert_eq!((s.ws.docs().len(), s.doc().title()), (3, "Pasted news"));
}

#[test]
fn linking_from_the_keyboard_and_taking_a_link_away() {
    // Label "Lavrov" and "Qureshi", select Lavrov, press `>`: the link dialog opens on it.
    let s = key(key(app(), "ArrowRight"), "p");
    let s = key(key(key(s, "Escape"), "ArrowRight"), "ArrowRight");
    let s = key(s, "p");
    assert_eq!(labels(&s), ["PERSON:Lavrov", "PERSON:Qureshi"]);
    let ids: Vec<_> = s.doc().annotations.iter().map(|a| a.id).collect();
    let s = s.reduce(Action::PickAnnotation(ids[0]));
    let s = key(s, ">");
    assert_eq!(s.dialog, Some(Dialog::Link(ids[0], None)));
    let s = s.reduce(Action::Link {
        from: ids[0],
        to: ids[1],
        kind: "met".into(),
    });
    assert_eq!(s.dialog, None);
    let id = s.doc().annotations.relations()[0].id;
    let s = s.reduce(Action::EditRelationNote(id));
    assert_eq!(s.dialog, Some(Dialog::RelationNote(id)));
    let s = s.reduce(Action::SaveRelationNote(id, " a state visit ".into()));
    assert_eq!(s.dialog, None);
    assert_eq!(s.doc().annotations.relations()[0].note, "a state visit");
    let relations = s.doc().annotations.relations().to_vec();
    assert_eq!(relations.len(), 1);
    // The same link again is refused, with a sentence.
    let s = s.reduce(Action::Link {
        from: ids[0],
        to: ids[1],
        kind: "met".into(),
    });
    assert_eq!(s.notice.as_ref().map(|n| n.kind), Some(NoticeKind::Error));
    // Deleting Qureshi says the relation went with him; undo brings both back.
    let s = s.reduce(Action::PickAnnotation(ids[1]));
    let s = key(s, "Delete");
    assert_eq!(
        s.notice.as_ref().map(|n| n.text.as_str()),
        Some("Deleted, with its 1 relation (undo brings it back).")
    );
    let s = key(s, "z");
    assert_eq!(s.doc().annotations.relations(), relations.as_slice());
    let s = s.reduce(Action::Unlink(relations[0].id));
    assert!(s.doc().annotations.relations().is_empty());
}

#[test]
fn the_report_offers_a_file_s_good_records_and_takes_them_when_asked() {
    let article = postil_core::article::Article {
        suggested: None,
        title: "Good".into(),
        text: "Good\n\nA good record.".into(),
        id_hint: None,
        annotations: Vec::new(),
        source: "mixed.jsonl line 1".into(),
        notes: Vec::new(),
        relations: Vec::new(),
        attributes: Vec::new(),
    };
    let s = app().reduce(Action::ImportStarted { total: 1 });
    let s = s.reduce(Action::ImportSkipped {
        source: "mixed.jsonl".into(),
        reason: "line 2: not valid JSON".into(),
    });
    let s = s.reduce(Action::ImportOffered(postil_core::workspace::FileOffer {
        source: "mixed.jsonl".into(),
        words: "Import its 1 good record (the others stay out)".into(),
        articles: std::rc::Rc::new(vec![article]),
        adjusted: Vec::new(),
    }));
    let s = s.reduce(Action::ImportFinished);
    let docs = s.ws.docs().len();
    let s = s.reduce(Action::TakeOffered {
        source: "mixed.jsonl".into(),
        choice: 0,
        reserved: Default::default(),
    });
    assert_eq!(s.ws.docs().len(), docs + 1, "taken when asked, not before");
    let Some(Dialog::Report(report)) = s.dialog.clone() else {
        panic!("the report stays open")
    };
    assert!(report.offers.is_empty());
    assert_eq!(report.imported, ["Good"]);
    assert_eq!(
        report.skipped,
        [(
            "mixed.jsonl".to_string(),
            "line 2: not valid JSON (then 1 record was taken, as you asked)".to_string()
        )]
    );
    // Asked twice (a double click), it is taken once.
    let again = s.reduce(Action::TakeOffered {
        source: "mixed.jsonl".into(),
        choice: 0,
        reserved: Default::default(),
    });
    assert_eq!(again.ws.docs().len(), docs + 1);
}

#[test]
fn the_tour_shows_until_dismissed_and_never_takes_the_keyboard() {
    use postil_core::store::Prefs;
    let first = Rc::new((*app()).clone().with_prefs(Prefs::default()));
    assert_eq!(first.tour, Some(0), "a first run shows the tour");
    let seen = Prefs {
        tour_seen: true,
        ..Prefs::default()
    };
    assert_eq!((*app()).clone().with_prefs(seen).tour, None);
    // Its steps move within bounds; the article's keys work while it is there.
    let s = first.reduce(Action::TourStep(2));
    assert_eq!(s.tour, Some(2));
    let s = s.reduce(Action::TourStep(99));
    assert_eq!(s.tour, Some(super::TOUR_STEPS - 1));
    let s = key(s, "ArrowRight");
    assert!(matches!(s.caret.selection, Selection::Range(_)));
    let s = key(s, "p");
    assert_eq!(
        s.doc().annotations.len(),
        1,
        "labeled with the tour on screen"
    );
    assert!(s.tour.is_some());
    // Esc takes back the offer and the selection first; then it closes the tour, for good.
    let s = key(key(s, "Escape"), "Escape");
    assert!(s.tour.is_some());
    let s = key(s, "Escape");
    assert_eq!(s.tour, None);
    assert!(s.prefs.tour_seen);
    // Once closed, a step does not bring it back; the help page's button does.
    let s = s.reduce(Action::TourStep(1));
    assert_eq!(s.tour, None);
    let s = key(s, "F1");
    assert_eq!(s.dialog, Some(Dialog::Guide));
    let s = s.reduce(Action::StartTour);
    assert_eq!((s.tour, s.dialog.clone()), (Some(0), None));
    let s = s.reduce(Action::CloseTour);
    assert_eq!(s.tour, None);
}

#[test]
fn help_page_and_sheet_lead_to_each_other_and_text_size_steps() {
    let s = key(app(), "F1");
    assert_eq!(s.dialog, Some(Dialog::Guide));
    let s = key(s, "?");
    assert_eq!(s.dialog, Some(Dialog::Help), "? goes on to the sheet");
    let s = key(s, "F1");
    assert_eq!(s.dialog, Some(Dialog::Guide), "F1 goes back to the page");
    let s = key(s, "+");
    assert_eq!(s.prefs.text_size, 100, "a dialog keeps + for itself");
    let s = key(s, "Escape");
    assert_eq!(s.dialog, None);
    let s = key(key(s, "+"), "+");
    assert_eq!(s.prefs.text_size, 130);
    let s = s.reduce(Action::TextSize(false));
    assert_eq!(s.prefs.text_size, 115);
    let small = (0..10).fold(s, |s, _| key(s, "-"));
    assert_eq!(small.prefs.text_size, 80);
    let same = key(small.clone(), "-");
    assert!(
        Rc::ptr_eq(&small, &same),
        "at the smallest, nothing re-renders"
    );
}

#[test]
fn last_synced_is_the_end_of_a_run_that_went_well_and_sign_in_names_the_annotator() {
    use super::SyncAction;
    use postil_core::sync::settings::{Settings, Status};
    let settings = Settings {
        url: "http://127.0.0.1:5984/team".into(),
        name: "ana".into(),
        gold: false,
        device: "d1".into(),
        reviewer: false,
    };
    let s = app().reduce(Action::Sync(SyncAction::SignedIn {
        settings,
        reviewer: false,
    }));
    assert_eq!(s.sync.session, 1);
    assert!(s.sync.signed_in);
    assert_eq!(s.ws.annotator(), "ana");
    let took = |at| {
        Action::Sync(SyncAction::Took {
            session: 1,
            bodies: Vec::new(),
            problems: Vec::new(),
            at,
        })
    };
    // What this browser's copy held, read at the start: not a sync.
    let s = s.reduce(took(None));
    assert_eq!(s.sync.last, None);
    let s = s.reduce(took(Some(1_000)));
    assert_eq!(s.sync.last, Some(1_000));
    // A run that could not reach the server leaves the time of the last good one.
    let s = s
        .reduce(took(None))
        .reduce(Action::Sync(SyncAction::Status(Status::Offline {
            waiting: 2,
        })));
    assert_eq!(s.sync.last, Some(1_000));
    assert_eq!(s.sync.status.text(), "Offline: 2 changes waiting");
    // Signed out: statuses of runs still under way no longer show.
    let s = s
        .reduce(Action::Sync(SyncAction::SignedOut(None)))
        .reduce(Action::Sync(SyncAction::Status(Status::Synced)));
    assert_eq!(s.sync.status, Status::SignedOut);
    assert_eq!(s.sync.session, 2);
    // And what a run of the ended session took is not taken into this one.
    let s = s.reduce(took(Some(2_000)));
    assert_eq!(s.sync.last, Some(1_000));
}
