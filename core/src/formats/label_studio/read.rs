//! Reading tasks back into articles: the annotation Postil takes from each, its `labels`
//! regions checked against the text (at code points, or at UTF-16 units for a file from an old
//! Label Studio whose quotes say so), and its per-region notes; and the task's first
//! prediction's `labels` regions as the model's suggestions (a layer named after its
//! `model_version`), never as annotations.

use super::FORMAT;
use crate::article::{Article, Link, Suggested};
use crate::formats::report::left_out;
use crate::formats::written::{SpanProblem, Written};
use crate::formats::{json_value, FormatError, Imported, Problem};
use crate::prose::count;
use crate::text::{char_to_utf16, utf16_to_char};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// What was left out, counted over the whole file.
#[derive(Default)]
struct Tally {
    cancelled: usize,
    other_annotations: usize,
    other_predictions: usize,
    /// Tasks whose first prediction was read as suggestions.
    suggested: usize,
    /// Predictions left out because a region of theirs does not fit the text: where, and why.
    bad_predictions: Vec<String>,
    loose_textareas: usize,
    /// Relation results whose ends are not labelled regions of their task.
    loose_relations: usize,
    other_types: BTreeMap<String, usize>,
    /// Tasks whose work was under `completions` (Label Studio 0.x), not `annotations`.
    completions: usize,
    /// Regions whose quoted text showed their offsets to be UTF-16 units.
    utf16: usize,
    /// Regions whose quoted text showed their end to be inclusive.
    inclusive: usize,
    /// Of those, regions without quoted text read as their task's quoted regions showed.
    unquoted_followed: usize,
}

impl Tally {
    fn sentences(self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(first) = self.bad_predictions.first() {
            let n = self.bad_predictions.len();
            out.push(format!(
                "{} left out: a region does not fit the text ({first}{})",
                count(n, "prediction was", "predictions were"),
                if n > 1 { ", and others" } else { "" }
            ));
        }
        let mut say = |n, one, many, why| left_out(&mut out, n, one, many, why);
        say(
            self.cancelled,
            "cancelled annotation",
            "cancelled annotations",
            "Postil takes the first annotation of a task that was not cancelled",
        );
        say(
            self.other_annotations,
            "further annotation",
            "further annotations",
            "Postil takes the first annotation of a task that was not cancelled",
        );
        say(
            self.other_predictions,
            "further prediction",
            "further predictions",
            "Postil takes the first prediction of a task, as suggestions",
        );
        say(
            self.loose_textareas,
            "textarea result",
            "textarea results",
            "not attached to a labelled region, so not a note on one",
        );
        say(
            self.loose_relations,
            "relation result",
            "relation results",
            "they do not link two labelled regions of their task",
        );
        for (kind, n) in self.other_types {
            out.push(format!(
                "{} (Postil reads “labels” results)",
                count(n, &format!("“{kind}” result"), &format!("“{kind}” results"))
            ));
        }
        out
    }

    /// What was read differently from a Label Studio export's usual form.
    fn adjusted(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.suggested > 0 {
            out.push(format!(
                "the first prediction of {} was read as suggestions: a layer named after its \
                 model, to accept or reject (see Layers under Annotations)",
                count(self.suggested, "task", "tasks")
            ));
        }
        if self.completions > 0 {
            out.push(format!(
                "the work of {} was under “completions” (Label Studio 0.x), and was read as \
                 its annotations",
                count(self.completions, "task", "tasks")
            ));
        }
        if self.inclusive > 0 {
            out.push(format!(
                "end offsets were inclusive, as Label Studio 0.x wrote them (each region's \
                 quoted text ends one character later): {} moved by one character",
                count(self.inclusive, "region was", "regions were")
            ));
        }
        if self.utf16 > 0 {
            out.push(format!(
                "offsets were counted in UTF-16 units, as old Label Studio versions wrote them \
                 (each region's quoted text says so): {} read at those offsets",
                count(self.utf16, "region was", "regions were")
            ));
        }
        if self.unquoted_followed > 0 {
            out.push(format!(
                "{} no quoted text to show how to read {}: read as the other regions of {} \
                 task showed (counted above)",
                count(self.unquoted_followed, "region had", "regions had"),
                if self.unquoted_followed == 1 {
                    "it"
                } else {
                    "them"
                },
                if self.unquoted_followed == 1 {
                    "its"
                } else {
                    "their"
                },
            ));
        }
        out
    }
}

/// Reads a Label Studio JSON export: every task valid, or every problem with its task and
/// result number (both counted from 1 in file order).
pub fn import(file_name: &str, bytes: &[u8]) -> Result<Imported, FormatError> {
    let value = json_value(FORMAT, bytes)?;
    let tasks = match value {
        Value::Array(tasks) => tasks,
        Value::Object(_) => vec![value],
        _ => {
            return Err(FormatError::not_this(
                FORMAT,
                "it is not a list of tasks".to_string(),
            ))
        }
    };
    if tasks.is_empty() {
        return Err(FormatError::not_this(
            FORMAT,
            "it holds no task".to_string(),
        ));
    }
    let mut tally = Tally::default();
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    for (i, task) in tasks.iter().enumerate() {
        let at = format!("task {}", i + 1);
        match read_task(task, &at, &mut tally) {
            Ok(mut article) => {
                article.source = format!("{file_name} {at}");
                articles.push(article);
            }
            Err(found) => problems.extend(found),
        }
    }
    let imported = Imported {
        articles,
        adjusted: tally.adjusted(),
        skipped: tally.sentences(),
        declared: Default::default(),
    };
    FormatError::refuse_or_offer(FORMAT, problems, imported)
}

fn read_task(task: &Value, at: &str, tally: &mut Tally) -> Result<Article, Vec<Problem>> {
    let problem = |at: &str, what: &str| Problem {
        at: at.to_string(),
        what: what.to_string(),
    };
    let Some(task) = task.as_object() else {
        return Err(vec![problem(at, "not a task object")]);
    };
    let data = task.get("data").and_then(Value::as_object);
    let text = match data.and_then(|d| d.get("text")).and_then(Value::as_str) {
        Some(text) if !text.trim().is_empty() => text,
        Some(_) => return Err(vec![problem(at, "the text is empty")]),
        None => {
            return Err(vec![problem(
                at,
                "it has no \"data\": {\"text\": …} (Postil reads a task's text from data.text)",
            )])
        }
    };
    let title = data.and_then(|d| d.get("title")).and_then(Value::as_str);
    let id_hint = match (data.and_then(|d| d.get("postil_id")), task.get("id")) {
        (Some(Value::String(id)), _) | (_, Some(Value::String(id))) => Some(id.clone()),
        (_, Some(Value::Number(id))) => Some(id.to_string()),
        _ => None,
    };
    let results = chosen_results(task, at, tally)?;
    let (predicted, model) = prediction(task, at, tally)?;
    let written = Written::new(text);
    let mut problems = Vec::new();
    let (annotations, regions) = labels(results, &written, at, tally, &mut problems);
    let suggested = if predicted.is_empty() {
        None
    } else {
        // A prediction that does not fit the text is left out, not the task's own work.
        let at = format!("{at}, prediction");
        let mut bad = Vec::new();
        let (spans, _) = labels(predicted, &written, &at, &mut Tally::default(), &mut bad);
        if bad.is_empty() {
            tally.suggested += 1;
            Some(Suggested { by: model, spans })
        } else {
            tally
                .bad_predictions
                .push(format!("{}: {}", bad[0].at, bad[0].what));
            None
        }
    };
    let mut relations = Vec::new();
    for result in results {
        if result.get("type").and_then(Value::as_str) != Some("relation") {
            continue;
        }
        let end = |key: &str| {
            (result.get(key).and_then(Value::as_str))
                .and_then(|id| regions.get(id))
                .and_then(|indices| indices.first().copied())
        };
        let (Some(from), Some(to)) = (end("from_id"), end("to_id")) else {
            tally.loose_relations += 1;
            continue;
        };
        let labels: Vec<&str> = match result.get("labels").and_then(Value::as_array) {
            Some(labels) => labels.iter().filter_map(Value::as_str).collect(),
            None => Vec::new(),
        };
        let labels = if labels.is_empty() {
            vec!["related"]
        } else {
            labels
        };
        let direction = result.get("direction").and_then(Value::as_str);
        let ways: &[(usize, usize)] = match direction {
            Some("left") => &[(to, from)],
            Some("bi") => &[(from, to), (to, from)],
            _ => &[(from, to)],
        };
        for label in labels {
            for &(from, to) in ways {
                relations.push(Link {
                    from,
                    to,
                    kind: label.to_string(),
                    note: String::new(),
                });
            }
        }
    }
    // Per-region choices: attributes of the region's annotations, named by the choices.
    let mut attributes = vec![crate::annotation::Attributes::new(); annotations.len()];
    for result in results {
        if result.get("type").and_then(Value::as_str) != Some("choices") {
            continue;
        }
        let id = result.get("id").and_then(Value::as_str).unwrap_or("");
        let Some(indices) = regions.get(id).filter(|_| !id.is_empty()) else {
            // Choices about the whole task (a document's class): Postil has no place for them.
            *tally.other_types.entry("choices".to_string()).or_default() += 1;
            continue;
        };
        let name = result
            .get("from_name")
            .and_then(Value::as_str)
            .unwrap_or("choice");
        let name: String = name.split_whitespace().collect::<Vec<_>>().join("_");
        let chosen: Vec<&str> = (result.get("value"))
            .and_then(|v| v.get("choices"))
            .and_then(Value::as_array)
            .map(|c| c.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let value = match chosen.as_slice() {
            [] => continue,
            [one] if *one == name => crate::schema::FLAG_SET.to_string(),
            several => several
                .iter()
                .map(|c| c.split_whitespace().collect::<Vec<_>>().join("_"))
                .collect::<Vec<_>>()
                .join(","),
        };
        for &i in indices {
            attributes[i].insert(name.clone(), value.clone());
        }
    }
    while attributes.last().is_some_and(|a| a.is_empty()) {
        attributes.pop();
    }
    let mut notes = vec![String::new(); annotations.len()];
    for result in results {
        if result.get("type").and_then(Value::as_str) != Some("textarea") {
            continue;
        }
        let id = result.get("id").and_then(Value::as_str).unwrap_or("");
        match regions.get(id).filter(|_| !id.is_empty()) {
            Some(indices) => {
                let note = note_text(result.get("value").and_then(|v| v.get("text")));
                for &i in indices {
                    notes[i] = note.clone();
                }
            }
            None => tally.loose_textareas += 1,
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    while notes.last().is_some_and(String::is_empty) {
        notes.pop();
    }
    Ok(Article {
        suggested,
        attributes,
        title: written.title(title),
        text: written.into_text(),
        id_hint,
        annotations,
        source: String::new(),
        notes,
        relations,
    })
}

/// A labelled span as an article holds it: start, end (`char`s, half-open) and label.
type Span3 = (u32, u32, String);

/// The annotations of a task's (or a prediction's) `labels` regions, in order, and which
/// annotations each region id became; problems are added to `problems`.
fn labels<'t>(
    results: &'t [Value],
    written: &Written,
    at: &str,
    tally: &mut Tally,
    problems: &mut Vec<Problem>,
) -> (Vec<Span3>, BTreeMap<&'t str, Vec<usize>>) {
    let mut annotations = Vec::new();
    // Region id → the annotations it became.
    let mut regions: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let unquoted = task_reading(results, written);
    for (j, result) in results.iter().enumerate() {
        let at = format!("{at}, result {}", j + 1);
        let kind = result.get("type").and_then(Value::as_str).unwrap_or("");
        if kind != "labels" {
            if kind != "textarea" && kind != "relation" && kind != "choices" {
                let kind = if kind.is_empty() { "(untyped)" } else { kind };
                *tally.other_types.entry(kind.to_string()).or_default() += 1;
            }
            continue;
        }
        match region(result, written, unquoted) {
            Ok((spans, reading, quoted)) => {
                match reading {
                    Reading::AsWritten => {}
                    Reading::Utf16 => tally.utf16 += 1,
                    Reading::Inclusive => tally.inclusive += 1,
                }
                tally.unquoted_followed += usize::from(!quoted && reading != Reading::AsWritten);
                let id = result.get("id").and_then(Value::as_str).unwrap_or("");
                let first = annotations.len();
                annotations.extend(spans);
                regions
                    .entry(id)
                    .or_default()
                    .extend(first..annotations.len());
            }
            Err(what) => problems.push(Problem { at, what }),
        }
    }
    (annotations, regions)
}

/// The results of a task's first prediction (read as suggestions), and the model's name:
/// its `model_version`, or "predictions".
fn prediction<'t>(
    task: &'t Map<String, Value>,
    at: &str,
    tally: &mut Tally,
) -> Result<(&'t [Value], String), Vec<Problem>> {
    let predictions = match task.get("predictions") {
        None | Some(Value::Null) => return Ok((&[], String::new())),
        Some(Value::Array(list)) => list,
        Some(_) => {
            return Err(vec![Problem {
                at: at.to_string(),
                what: "\"predictions\" is not a list".to_string(),
            }])
        }
    };
    let Some(first) = predictions.first() else {
        return Ok((&[], String::new()));
    };
    tally.other_predictions += predictions.len() - 1;
    let model = (first.get("model_version").and_then(Value::as_str))
        .map(str::trim)
        .filter(|m| !m.is_empty())
        .unwrap_or("predictions")
        .to_string();
    match first.get("result") {
        None | Some(Value::Null) => Ok((&[], model)),
        Some(Value::Array(results)) => Ok((results, model)),
        Some(_) => Err(vec![Problem {
            at: at.to_string(),
            what: "its prediction's \"result\" is not a list".to_string(),
        }]),
    }
}

/// The results of the annotation Postil takes from a task.
fn chosen_results<'t>(
    task: &'t Map<String, Value>,
    at: &str,
    tally: &mut Tally,
) -> Result<&'t [Value], Vec<Problem>> {
    let list = |key: &str| -> Result<&'t [Value], Vec<Problem>> {
        match task.get(key) {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(list)) => Ok(list),
            Some(_) => Err(vec![Problem {
                at: at.to_string(),
                what: format!("\"{key}\" is not a list"),
            }]),
        }
    };
    let mut annotations = list("annotations")?;
    if annotations.is_empty() {
        annotations = list("completions")?;
        tally.completions += usize::from(!annotations.is_empty());
    }
    let (cancelled, kept): (Vec<&Value>, Vec<&Value>) = annotations
        .iter()
        .partition(|a| a.get("was_cancelled").and_then(Value::as_bool) == Some(true));
    tally.cancelled += cancelled.len();
    tally.other_annotations += kept.len().saturating_sub(1);
    let chosen = kept.first().copied();
    match chosen.map(|c| c.get("result")) {
        None | Some(None) | Some(Some(Value::Null)) => Ok(&[]),
        Some(Some(Value::Array(results))) => Ok(results),
        Some(Some(_)) => Err(vec![Problem {
            at: at.to_string(),
            what: "its \"result\" is not a list".to_string(),
        }]),
    }
}

/// How a task's regions without quoted text are read: as the regions with quoted text showed
/// they must be (UTF-16 units, or inclusive ends) when they all agree, else as written.
fn task_reading(results: &[Value], written: &Written) -> Reading {
    let regions =
        || (results.iter()).filter(|r| r.get("type").and_then(Value::as_str) == Some("labels"));
    // Every region quotes its text (what Label Studio writes): nothing to follow, and no
    // region is placed twice.
    let unquoted =
        |r: &&Value| (r.get("value").and_then(|v| v.get("text"))).is_none_or(Value::is_null);
    if !regions().any(|r| unquoted(&r)) {
        return Reading::AsWritten;
    }
    let needed: Vec<Reading> = regions()
        .filter_map(|r| match region(r, written, Reading::AsWritten) {
            Ok((_, reading, true)) if reading != Reading::AsWritten => Some(reading),
            _ => None,
        })
        .collect();
    match needed.first() {
        Some(&first) if needed.iter().all(|&r| r == first) => first,
        _ => Reading::AsWritten,
    }
}

/// The annotations of one `labels` region, at offsets in the normalised text, how its offsets
/// were read, and whether it quotes its text. Offsets are code points, end exclusive; when the
/// region's quoted text is not there but is at the offsets read as UTF-16 units, or with the
/// end read as inclusive (Label Studio 0.x), they are read so. A region without quoted text is
/// read as `unquoted` says (as the other regions of its task were).
fn region(result: &Value, written: &Written, unquoted: Reading) -> Result<Region, String> {
    let value = result.get("value");
    let field = |key: &str| value.and_then(|v| v.get(key));
    let (Some(start), Some(end)) = (
        field("start").and_then(Value::as_u64),
        field("end").and_then(Value::as_u64),
    ) else {
        return Err("its value has no whole-number \"start\" and \"end\"".to_string());
    };
    let labels: Vec<&str> = match field("labels").and_then(Value::as_array) {
        Some(labels) if !labels.is_empty() => labels.iter().filter_map(Value::as_str).collect(),
        _ => return Err("its value has no \"labels\"".to_string()),
    };
    if labels.len()
        != field("labels")
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
    {
        return Err("its \"labels\" are not all strings".to_string());
    }
    let quote = match field("text") {
        None | Some(Value::Null) => None,
        Some(Value::String(quote)) => Some(quote.as_str()),
        Some(_) => return Err("its \"text\" is not a string".to_string()),
    };
    let mut out = Vec::new();
    let mut reading = Reading::AsWritten;
    // Without a quote, the offsets are read as the task's quoted regions were.
    let (start, end) = match (quote, unquoted) {
        (Some(_), _) | (None, Reading::AsWritten) => (start, end),
        (None, Reading::Utf16) => {
            reading = Reading::Utf16;
            utf16(written, start, end).ok_or(
                "its UTF-16 offsets (as its task's other regions have) fall inside a character",
            )?
        }
        (None, Reading::Inclusive) => {
            reading = Reading::Inclusive;
            (start, end.saturating_add(1))
        }
    };
    for label in labels {
        let placed = match written.place(start, end, label, quote) {
            // Past the end of the text in code points, a region of an old file may still be
            // inside it in UTF-16 units: its quote tells.
            Err(
                mismatch @ (SpanProblem::QuoteMismatch { .. } | SpanProblem::OutOfRange { .. }),
            ) if quote.is_some() => {
                let as_utf16 = || {
                    let (s, e) = utf16(written, start, end)?;
                    Some((written.place(s, e, label, quote).ok()?, Reading::Utf16))
                };
                let inclusive = || {
                    let placed = written.place(start, end.checked_add(1)?, label, quote);
                    Some((placed.ok()?, Reading::Inclusive))
                };
                let found = as_utf16().or_else(inclusive);
                if let Some((_, read)) = found {
                    reading = read;
                }
                found.map(|(placed, _)| placed).ok_or(mismatch)
            }
            other => other,
        };
        let (s, e) = placed.map_err(|p| p.to_string())?;
        out.push((s, e, label.to_string()));
    }
    Ok((out, reading, quote.is_some()))
}

/// A region read: its annotations (normalised offsets, label), how its offsets were read, and
/// whether it quotes its text.
type Region = (Vec<(u32, u32, String)>, Reading, bool);

/// How a region's offsets were read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reading {
    AsWritten,
    Utf16,
    Inclusive,
}

/// `start` and `end` read as UTF-16 offsets (what old Label Studio versions wrote), as `char`
/// offsets; `None` unless both fall on character boundaries.
fn utf16(written: &Written, start: u64, end: u64) -> Option<(u64, u64)> {
    let text = written.as_written();
    let to_char = |unit: u64| {
        let unit = u32::try_from(unit).ok()?;
        let c = utf16_to_char(text, unit);
        (char_to_utf16(text, c) == unit).then_some(u64::from(c))
    };
    Some((to_char(start)?, to_char(end)?))
}

/// A textarea's text: a list of strings (one per submission), joined by line breaks.
fn note_text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Array(parts)) => parts
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}
