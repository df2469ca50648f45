//! When annotations and relations were made (stamped by the workspace with the time the shell
//! tells it, kept through undo, storage and Postil files), and the statistics view's figures
//! and CSV. Offsets are `char`s, spans half-open.

mod support;

use postil_core::clock::parse_iso;
use postil_core::formats::native;
use postil_core::sources;
use postil_core::stats::{csv, LabelCount};
use postil_core::store;
use postil_core::workspace::{Scope, Workspace};
use postil_core::Span;
use std::collections::HashSet;

fn span_of(ws: &Workspace, word: &str, nth: usize) -> Span {
    let text = ws.current().document.text();
    let (byte, _) = text
        .match_indices(word)
        .nth(nth)
        .unwrap_or_else(|| panic!("no “{word}” #{nth}"));
    let start = text[..byte].chars().count() as u32;
    Span::new(start, start + word.chars().count() as u32)
}

/// The span of the `nth` `word` in the document at position `doc`.
fn span_in(ws: &Workspace, doc: usize, word: &str, nth: usize) -> Span {
    let text = ws.docs()[doc].document.text();
    let (byte, _) = text.match_indices(word).nth(nth).unwrap();
    let start = text[..byte].chars().count() as u32;
    Span::new(start, start + word.chars().count() as u32)
}

fn label(ws: &mut Workspace, word: &str, nth: usize, label: &str) {
    let span = span_of(ws, word, nth);
    ws.label(span, label).unwrap();
}

fn at(text: &str) -> u64 {
    parse_iso(text).unwrap()
}

/// Two pasted articles (the sample stays first), each opened in turn.
fn corpus() -> Workspace {
    let mut ws = Workspace::fresh();
    let texts = [
        (
            "Capitals",
            "Washington met Paris. Washington and Paris, again Washington.",
        ),
        (
            "People",
            "George Washington spoke. Washington listened, then Ada spoke.",
        ),
    ];
    for (title, text) in texts {
        let article = sources::from_paste(title, text).unwrap();
        let mut seen = ws.deduper();
        ws.take_in(vec![article], &mut seen, &HashSet::new());
    }
    ws
}

#[test]
fn new_annotations_and_relations_carry_the_time_the_shell_told() {
    let mut ws = Workspace::fresh();
    let monday = at("2026-12-07T09:00:00Z");
    ws.set_now(monday);
    label(&mut ws, "Moscow", 0, "GPE");
    label(&mut ws, "Islamabad", 0, "GPE");
    let set = ws.current().annotations.clone();
    let (a, b) = (set.as_slice()[0].id, set.as_slice()[1].id);
    assert!(set.iter().all(|x| x.created == Some(monday)));

    let later = at("2026-12-08T10:30:00.250Z");
    ws.set_now(later);
    ws.link(a, b, "near").unwrap();
    ws.relabel(a, "LOC").unwrap();
    let set = ws.current().annotations.clone();
    assert_eq!(set.relations()[0].created, Some(later));
    assert_eq!(
        set.get(a).unwrap().created,
        Some(monday),
        "a relabel keeps it"
    );

    // Undo and redo bring back what was, as it was.
    ws.undo().unwrap();
    ws.undo().unwrap();
    ws.set_now(at("2026-12-09T00:00:00Z"));
    ws.redo().unwrap();
    ws.redo().unwrap();
    assert_eq!(ws.current().annotations, set);

    // Storage and a Postil file keep them; the file says them in ISO 8601 (version 6).
    let values = support::stored(&ws);
    let doc = ws.current().document.clone();
    let key = store::annotations_key(doc.id());
    let state = store::parse_annotations(&values[&key], &doc).unwrap();
    assert_eq!(state.annotations, *set);
    let file = native::export(ws.schema(), [(&*doc, &*set)]);
    assert!(file.contains("\"version\": 6"), "{file}");
    assert!(file.contains("\"created\": \"2026-12-07T09:00:00.000Z\""));
    assert!(file.contains("\"created\": \"2026-12-08T10:30:00.250Z\""));
    let read = native::import(&file).unwrap();
    assert_eq!(read.documents[0].annotations, *set);

    // Without any time, the file stays at the version it was before.
    let plain = postil_core::AnnotationSet::new(doc.char_len());
    let file = native::export(ws.schema(), [(&*doc, &plain)]);
    assert!(file.contains("\"version\": 3"), "{file}");
}

#[test]
fn statistics_of_one_document_and_of_all() {
    let mut ws = corpus();
    // Paris (UTC+1 in winter): 23:30 UTC on the 7th is the 8th there.
    ws.set_now(at("2026-12-07T10:00:00Z"));
    ws.open(1).unwrap();
    label(&mut ws, "Washington", 0, "GPE");
    label(&mut ws, "Washington", 1, "GPE");
    label(&mut ws, "Paris", 0, "GPE");
    ws.set_now(at("2026-12-07T23:30:00Z"));
    label(&mut ws, "Washington", 2, "PERSON");
    ws.open(2).unwrap();
    ws.set_now(at("2026-12-10T12:00:00Z"));
    label(&mut ws, "George Washington", 0, "PERSON");
    label(&mut ws, "Washington", 1, "GPE");
    label(&mut ws, "Ada", 0, "PERSON");
    let (g, a) = {
        let s = &ws.current().annotations;
        (s.as_slice()[0].id, s.as_slice()[2].id)
    };
    ws.link(g, a, "knows").unwrap();
    ws.toggle_done().unwrap();

    let now = at("2026-12-11T08:00:00Z");
    let all = ws.stats(Scope::AllDocuments, &|_| 60, now);
    assert_eq!((all.documents, all.annotations, all.relations), (3, 7, 1));
    let count = |label: &str, count| LabelCount {
        label: label.into(),
        count,
    };
    assert_eq!(all.labels, [count("GPE", 4), count("PERSON", 3)]);
    let rows: Vec<(&str, &[usize])> = (all.per_doc.iter())
        .map(|d| (d.title.as_str(), d.counts.as_slice()))
        .collect();
    assert_eq!(
        rows[1..],
        [("Capitals", &[3, 1][..]), ("People", &[1, 2][..])]
    );
    let days: Vec<(String, usize, usize)> = (all.days.iter())
        .map(|d| {
            (
                postil_core::clock::day_text(d.day),
                d.annotations,
                d.relations,
            )
        })
        .collect();
    let day = |d: &str, a, r| (d.to_string(), a, r);
    assert_eq!(
        days,
        [
            day("2026-12-07", 3, 0),
            day("2026-12-08", 1, 0),
            day("2026-12-09", 0, 0),
            day("2026-12-10", 3, 1),
            day("2026-12-11", 0, 0)
        ],
        "every day from the first to today, in Paris time"
    );
    assert_eq!(all.undated, 0);
    let washington = &all.inconsistent[0];
    assert_eq!(washington.text, "Washington");
    assert_eq!(washington.labels, [count("GPE", 3), count("PERSON", 1)]);
    let person = span_in(&ws, 1, "Washington", 2);
    assert_eq!(
        washington.first_odd,
        (1, person),
        "where it is a PERSON first"
    );
    assert_eq!(
        all.inconsistent.len(),
        1,
        "George Washington is another text"
    );
    let (label, top) = &all.frequent[0];
    assert_eq!(label, "GPE");
    assert_eq!((top[0].text.as_str(), top[0].count), ("Washington", 3));
    use postil_core::annotation::Status;
    assert_eq!(
        all.status,
        [(Status::New, 1), (Status::InProgress, 1), (Status::Done, 1)]
    );

    let here = ws.stats(Scope::ThisDocument, &|_| 60, now);
    assert_eq!((here.documents, here.annotations), (1, 3));
    assert!(here.inconsistent.is_empty());
    assert_eq!(here.per_doc[0].index, 2);
    // The statistics cross to the views loaded on demand as JSON, and come back the same.
    for s in [&all, &here] {
        let json = serde_json::to_string(s).unwrap();
        let back: postil_core::stats::Stats = serde_json::from_str(&json).unwrap();
        assert_eq!(&back, s, "{json}");
    }
}

#[test]
fn annotations_from_files_without_times_are_counted_as_undated() {
    let mut ws = Workspace::fresh();
    let line = serde_json::json!({"text": "Ada met Ben.", "label": [[0, 3, "PERSON"]]});
    support::import_file(&mut ws, "a.jsonl", format!("{line}\n").as_bytes()).unwrap();
    let stats = ws.stats(Scope::AllDocuments, &|_| 0, at("2026-12-07T00:00:00Z"));
    assert_eq!((stats.annotations, stats.undated), (1, 1));
    assert!(stats.days.is_empty());
}

#[test]
#[rustfmt::skip]
fn csv_quotes_what_needs_it_and_defuses_formulas() {
    let rows = |cells: &[&str]| vec![cells.iter().map(|c| c.to_string()).collect::<Vec<_>>()];
    let cases: &[(&[&str], &str)] = &[
        (&["GPE", "3"],                 "GPE,3\r\n"),
        (&["a, b", "say \"hi\""],       "\"a, b\",\"say \"\"hi\"\"\"\r\n"),
        (&["two\nlines"],               "\"two\nlines\"\r\n"),
        (&["=HYPERLINK(\"x\")"],        "\"'=HYPERLINK(\"\"x\"\")\"\r\n"),
        (&["+1", "-2", "@SUM"],         "'+1,'-2,'@SUM\r\n"),
        (&["Zürich 🇨🇭"],                "Zürich 🇨🇭\r\n"),
    ];
    for (cells, want) in cases {
        assert_eq!(csv(&rows(cells)), *want, "{cells:?}");
    }
    let mut ws = corpus();
    ws.open(1).unwrap();
    label(&mut ws, "Washington", 0, "GPE");
    let stats = ws.stats(Scope::AllDocuments, &|_| 0, at("2026-12-07T00:00:00Z"));
    assert_eq!(csv(&stats.labels_rows()), "label,annotations\r\nGPE,1\r\n");
    assert_eq!(
        csv(&stats.status_rows()),
        "status,documents\r\nnew,2\r\nin progress,1\r\ndone,0\r\n"
    );
    assert!(stats.days.is_empty(), "no time was told: nothing is dated");
    assert_eq!(stats.undated, 1);
}

#[test]
fn days_end_today_in_the_zone_each_time_was_in_and_odd_times_are_counted_apart() {
    let mut ws = corpus();
    ws.open(1).unwrap();
    // Made at 23:30 UTC in July (Paris two hours ahead: the next day) and in January (one
    // hour ahead: the same day).
    ws.set_now(at("2026-07-14T23:30:00Z"));
    label(&mut ws, "Washington", 0, "GPE");
    ws.set_now(at("2027-01-05T22:30:00Z"));
    label(&mut ws, "Paris", 0, "GPE");
    // A file can say anything: a time far ahead, and one from long ago.
    let set = ws.current().annotations.clone();
    let mut far = (*set).clone();
    let ids: Vec<_> = far.iter().map(|a| a.id).collect();
    for (id, when) in ids.iter().zip([postil_core::clock::LAST, 0]) {
        far = postil_core::AnnotationSet::from_parts(
            far.text_len(),
            far.iter()
                .map(|a| {
                    let mut a = a.clone();
                    if a.id == *id {
                        a.created = Some(when);
                    }
                    a
                })
                .collect(),
            1,
            postil_core::Overlaps::Allowed,
        )
        .unwrap();
    }
    let paris = |t: u64| {
        if (at("2026-03-29T01:00:00Z")..at("2026-10-25T01:00:00Z")).contains(&t) {
            120
        } else {
            60
        }
    };
    let doc = ws.current().document.clone();
    let now = at("2027-01-06T09:00:00Z");
    let stats = postil_core::stats::stats(&[(1, &doc, &set)], &paris, now);
    let days: Vec<String> = (stats.days.iter())
        .filter(|d| d.annotations > 0)
        .map(|d| postil_core::clock::day_text(d.day))
        .collect();
    assert_eq!(days, ["2026-07-15", "2027-01-05"]);
    assert_eq!(
        postil_core::clock::day_text(stats.days.last().unwrap().day),
        "2027-01-06",
        "up to today"
    );
    let odd = postil_core::stats::stats(&[(1, &doc, &far)], &paris, now);
    assert_eq!((odd.outside, odd.undated), (2, 0));
    assert!(odd.days.is_empty(), "nothing within the year up to today");
}
