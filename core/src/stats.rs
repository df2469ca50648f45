//! What the statistics view shows of a set of documents (one, or all): annotations per label,
//! labels per document, annotations and relations made per day, the most frequent texts of
//! each label, the same text given different labels in different places (a common dataset
//! error), and documents by status; and each table as CSV. Counts are of the person's own
//! annotations (not of other annotators' layers). Offsets are `char`s, spans half-open; a
//! "text" is the annotated span's characters as they are (case and inner spaces kept).

use crate::annotation::{AnnotationSet, Status};
use crate::clock::{self, Day, Stamp};
use crate::document::Document;
use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// How many texts of each label [`Stats::frequent`] keeps.
pub const FREQUENT: usize = 10;
/// How many texts [`Stats::inconsistent`] keeps (those seen most often first).
pub const INCONSISTENT: usize = 50;
/// How many days [`Stats::days`] spans at most: the year up to today.
pub const DAYS: usize = 366;

/// A label and how many annotations have it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelCount {
    pub label: String,
    pub count: usize,
}

/// One document's row of the labels-per-document chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocRow {
    /// Its position in the workspace (to open it).
    pub index: usize,
    pub title: String,
    pub status: Status,
    /// Annotations per label, in the order of [`Stats::labels`].
    pub counts: Vec<usize>,
}

/// What was made on one day (in the person's time zone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    pub day: Day,
    pub annotations: usize,
    pub relations: usize,
}

/// A text and how many annotations of a label cover it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextCount {
    pub text: String,
    pub count: usize,
    /// Where it first has the label: the document (by position) and the annotation's span.
    pub first: (usize, Span),
}

/// A text given more than one label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inconsistency {
    pub text: String,
    /// Each label with how often, most often first.
    pub labels: Vec<LabelCount>,
    /// Where it first has the least common of its labels (the document by position, and the
    /// annotation's span): where to look first.
    pub first_odd: (usize, Span),
}

/// Everything the statistics view shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub documents: usize,
    pub annotations: usize,
    pub relations: usize,
    /// Most used first (by name on a tie); labels with no annotation are left out.
    pub labels: Vec<LabelCount>,
    pub per_doc: Vec<DocRow>,
    /// Every day from the first with anything made to today, within the last [`DAYS`], with
    /// zeros for days with nothing.
    pub days: Vec<DayCount>,
    /// Annotations and relations that do not say when they were made (imported from formats
    /// that do not keep it, or made before Postil kept it).
    pub undated: usize,
    /// Those made before the days above, or (by a clock that was wrong, or a file that says
    /// so) after today.
    pub outside: usize,
    /// Per label (in the order of `labels`), its most frequent texts, most frequent first.
    pub frequent: Vec<(String, Vec<TextCount>)>,
    /// Texts given more than one label, those seen most often first.
    pub inconsistent: Vec<Inconsistency>,
    /// How many documents are new, in progress, done.
    pub status: [(Status, usize); 3],
}

/// The statistics of `docs`, each given with its position in the workspace, `now` being the
/// time; days are counted where the clock is `zone(t)` minutes ahead of UTC at time `t`
/// (summer time moves it).
pub fn stats(
    docs: &[(usize, &Document, &AnnotationSet)],
    zone: &dyn Fn(Stamp) -> i32,
    now: Stamp,
) -> Stats {
    let mut by_label: HashMap<&str, usize> = HashMap::new();
    let mut texts: Seen = HashMap::new();
    let mut days: BTreeMap<Day, (usize, usize)> = BTreeMap::new();
    let today = clock::day_of(now, zone(now));
    let window = (today - DAYS as Day + 1)..=today;
    // The day of a time, when it is within the window.
    let day = |t: Stamp| Some(clock::day_of(t, zone(t))).filter(|d| window.contains(d));
    let mut out = Stats {
        documents: docs.len(),
        annotations: 0,
        relations: 0,
        labels: Vec::new(),
        per_doc: Vec::new(),
        days: Vec::new(),
        undated: 0,
        outside: 0,
        frequent: Vec::new(),
        inconsistent: Vec::new(),
        status: [(Status::New, 0), (Status::InProgress, 0), (Status::Done, 0)],
    };
    for (index, doc, set) in docs {
        out.annotations += set.len();
        out.relations += set.relations().len();
        let status = set.status();
        if let Some(slot) = out.status.iter_mut().find(|(s, _)| *s == status) {
            slot.1 += 1;
        }
        for a in set.iter() {
            *by_label.entry(&a.label).or_default() += 1;
            let text = doc.slice(a.span).unwrap_or_default().to_string();
            let seen = texts.entry(&a.label).or_default().entry(text);
            seen.or_insert((0, (*index, a.span))).0 += 1;
            match a.created.map(day) {
                Some(Some(d)) => days.entry(d).or_default().0 += 1,
                Some(None) => out.outside += 1,
                None => out.undated += 1,
            }
        }
        for r in set.relations() {
            match r.created.map(day) {
                Some(Some(d)) => days.entry(d).or_default().1 += 1,
                Some(None) => out.outside += 1,
                None => out.undated += 1,
            }
        }
    }
    let mut labels: Vec<LabelCount> = (by_label.into_iter())
        .map(|(label, count)| LabelCount {
            label: label.to_string(),
            count,
        })
        .collect();
    labels.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    out.per_doc = (docs.iter())
        .map(|(index, doc, set)| DocRow {
            index: *index,
            title: doc.title().to_string(),
            status: set.status(),
            counts: (labels.iter())
                .map(|l| set.iter().filter(|a| a.label == l.label).count())
                .collect(),
        })
        .collect();
    out.days = continuous(&days, today);
    out.frequent = (labels.iter())
        .map(|l| {
            let mut top: Vec<TextCount> = (texts.get(l.label.as_str()).into_iter().flatten())
                .map(|(text, (count, first))| TextCount {
                    text: text.clone(),
                    count: *count,
                    first: *first,
                })
                .collect();
            top.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
            top.truncate(FREQUENT);
            (l.label.clone(), top)
        })
        .collect();
    out.inconsistent = inconsistent(&texts);
    out.labels = labels;
    out
}

/// Every day from the first of `days` (all within the window) to `today`.
fn continuous(days: &BTreeMap<Day, (usize, usize)>, today: Day) -> Vec<DayCount> {
    let Some((&first, _)) = days.first_key_value() else {
        return Vec::new();
    };
    (first..=today)
        .map(|day| {
            let (annotations, relations) = days.get(&day).copied().unwrap_or_default();
            DayCount {
                day,
                annotations,
                relations,
            }
        })
        .collect()
}

/// Where a text first has a label: the document (by position) and the annotation's span.
type Where = (usize, Span);
/// Label → text → (how often, where first).
type Seen<'a> = HashMap<&'a str, HashMap<String, (usize, Where)>>;

fn inconsistent(texts: &Seen) -> Vec<Inconsistency> {
    // Text → its labels with (count, where first).
    let mut by_text: BTreeMap<&str, Vec<(&str, usize, Where)>> = BTreeMap::new();
    for (label, seen) in texts {
        for (text, (count, first)) in seen {
            by_text
                .entry(text)
                .or_default()
                .push((label, *count, *first));
        }
    }
    let mut out: Vec<Inconsistency> = (by_text.into_iter())
        .filter(|(_, labels)| labels.len() > 1)
        .map(|(text, mut labels)| {
            labels.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            let first_odd = labels.last().map_or((0, Span::new(0, 0)), |l| l.2);
            Inconsistency {
                text: text.to_string(),
                labels: (labels.iter())
                    .map(|(label, count, _)| LabelCount {
                        label: label.to_string(),
                        count: *count,
                    })
                    .collect(),
                first_odd,
            }
        })
        .collect();
    let total = |i: &Inconsistency| i.labels.iter().map(|l| l.count).sum::<usize>();
    out.sort_by(|a, b| total(b).cmp(&total(a)).then_with(|| a.text.cmp(&b.text)));
    out.truncate(INCONSISTENT);
    out
}

/// Rows as CSV (RFC 4180: fields with a comma, quote or line break quoted, quotes doubled;
/// lines end in CRLF). A field that a spreadsheet would run as a formula (starting with `=`,
/// `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, since article texts come
/// from anywhere.
pub fn csv(rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in rows {
        let fields: Vec<String> = row.iter().map(|f| field(f)).collect();
        out += &fields.join(",");
        out += "\r\n";
    }
    out
}

fn field(f: &str) -> String {
    let f = if f.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{f}")
    } else {
        f.to_string()
    };
    if f.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f
    }
}

impl Stats {
    /// Annotations per label, as CSV rows (a header first).
    pub fn labels_rows(&self) -> Vec<Vec<String>> {
        let rows = (self.labels.iter()).map(|l| vec![l.label.clone(), l.count.to_string()]);
        header(&["label", "annotations"]).chain(rows).collect()
    }

    /// Labels per document: a column per label.
    pub fn per_doc_rows(&self) -> Vec<Vec<String>> {
        let mut head = vec!["document".to_string(), "status".to_string()];
        head.extend(self.labels.iter().map(|l| l.label.clone()));
        let rows = self.per_doc.iter().map(|d| {
            let mut row = vec![d.title.clone(), d.status.to_string()];
            row.extend(d.counts.iter().map(usize::to_string));
            row
        });
        std::iter::once(head).chain(rows).collect()
    }

    /// Annotations and relations per day.
    pub fn days_rows(&self) -> Vec<Vec<String>> {
        let rows = self.days.iter().map(|d| {
            let (a, r) = (d.annotations.to_string(), d.relations.to_string());
            vec![clock::day_text(d.day), a, r]
        });
        header(&["day", "annotations", "relations"])
            .chain(rows)
            .collect()
    }

    /// The most frequent texts of each label.
    pub fn frequent_rows(&self) -> Vec<Vec<String>> {
        let rows = self.frequent.iter().flat_map(|(label, top)| {
            (top.iter()).map(move |t| vec![label.clone(), t.text.clone(), t.count.to_string()])
        });
        header(&["label", "text", "annotations"])
            .chain(rows)
            .collect()
    }

    /// Texts with more than one label: a row per text and label.
    pub fn inconsistent_rows(&self) -> Vec<Vec<String>> {
        let rows = self.inconsistent.iter().flat_map(|i| {
            (i.labels.iter()).map(|l| vec![i.text.clone(), l.label.clone(), l.count.to_string()])
        });
        header(&["text", "label", "annotations"])
            .chain(rows)
            .collect()
    }

    /// Documents by status.
    pub fn status_rows(&self) -> Vec<Vec<String>> {
        let rows = (self.status.iter()).map(|(s, n)| vec![s.to_string(), n.to_string()]);
        header(&["status", "documents"]).chain(rows).collect()
    }
}

fn header(names: &[&str]) -> impl Iterator<Item = Vec<String>> {
    std::iter::once(names.iter().map(|n| n.to_string()).collect())
}
