//! brat standoff, both ways: a `.zip` holding, per document, `<slug>.txt` (the text, UTF-8,
//! byte for byte) and `<slug>.ann` (its annotations), and one `annotation.conf` for the
//! collection. The app hands one file over at a time, so import reads such a zip too (a
//! brat collection folder, zipped with any tool); a lone `.ann` or `.txt` is refused with a
//! sentence saying to zip the folder.
//!
//! Offsets in an `.ann` file are `char` offsets (Unicode scalar values), half-open, into the
//! `.txt` *as brat reads it*. brat is Python and opens texts with universal newlines, so
//! `\r\n` (and a lone `\r`) is one character, `\n`, when brat counts. Postil keeps a document's
//! text exactly, so a text with `\r\n` is written unchanged and its offsets are converted at
//! this edge; a span that starts or ends between `\r` and `\n` cannot be written and is reported
//! dropped. (A brat on a "narrow" Python 2 build, the old Windows and macOS default, counted
//! UTF-16 code units instead, so it disagrees on emoji and other characters beyond U+FFFF;
//! every Python 3 counts as Postil does.)
//!
//! An `.ann` line is one line, so a span over a line break is written as brat writes one: as
//! fragments split at the breaks, `T1␉LABEL 0 5;6 10␉Lavrov Khan` (the fragments' texts joined
//! by one space, as brat does). On import a fragmented span becomes one span from its first
//! start to its last end when only white space lies between its fragments; one with text in a
//! gap (a discontinuous span) becomes one span per fragment, each linked to the next by a
//! `fragment` relation, never one span over the gap. Notes are `#1␉AnnotatorNotes T1␉text`
//! lines. Relations are `R1␉Type Arg1:T1 Arg2:T2` lines (with notes on them, `#2␉AnnotatorNotes
//! R1␉…`), both ways; `annotation.conf` declares each relation type between the labels the
//! schema allows at its ends. Attributes are `A1␉Negated T1` (yes/no) and `A2␉Confidence T1
//! High` lines, both ways (`M` lines, brat's older form, are read too), declared in
//! `annotation.conf` with their values. An event, `E1␉Attack:T3 Victim:T4 Attacker:E2`, is read
//! as its trigger span with a relation from it to each argument named by the role (`Theme2` is
//! `Theme`; an event argument is its trigger span); notes and attributes on it go to the
//! trigger. Equivalences, normalizations and attributes of relations are counted and skipped.
//! Every `T` line's text must equal the text it points at: any problem refuses the whole zip.
//! Every `.txt` in the zip is a document (with the `.ann` of the same path, if any); the labels
//! come from the `T` lines. The collection's `annotation.conf` (the one nearest the top) is
//! read for what it declares (`conf.rs`): its entity types, relation types with the types each
//! argument may have, and attributes with their values join the schema ([`crate::schema::Declared`]); brat's
//! other files (`visual.conf`, `tools.conf`) are not read.
//! Imported texts are normalised as every imported text is ([`crate::article::normalize`]),
//! with the offsets carried over.

mod ann;
mod archive;
mod conf;

use super::{Exported, FormatError, Imported, Problem};
use crate::article::{normalize, Article};
use crate::corpus::Corpus;
use crate::slug::{free_id, slugify};
use std::collections::{BTreeMap, HashSet};

const FORMAT: &str = "brat";

/// Writes the corpus as a zip of brat files (see the module documentation).
pub fn export(corpus: Corpus) -> Exported {
    let mut entries = BTreeMap::new();
    let mut losses = ann::Losses::default();
    let mut labels: Vec<String> = corpus
        .schema
        .labels()
        .iter()
        .map(|l| l.name.clone())
        .collect();
    let mut kinds: Vec<String> = Vec::new();
    let mut attributes = BTreeMap::new();
    let mut used = HashSet::new();
    for (document, set) in corpus.documents {
        let slug = free_id(&slugify(document.title()), |s| used.contains(s));
        used.insert(slug.clone());
        let lines = ann::write(
            document,
            set,
            &mut labels,
            &mut kinds,
            &mut attributes,
            &mut losses,
        );
        losses.doc_labels += usize::from(set.doc_labels().values().any(|v| !v.is_empty()));
        entries.insert(format!("{slug}.txt"), document.text().as_bytes().to_vec());
        entries.insert(format!("{slug}.ann"), lines.into_bytes());
    }
    entries.insert(
        "annotation.conf".to_string(),
        conf(corpus.schema, &labels, &kinds, &attributes).into_bytes(),
    );
    Exported {
        mime: "application/zip",
        bytes: archive::write(&entries),
        dropped: losses.sentences(),
    }
}

/// `annotation.conf`: every label as an entity type; every relation type used, between the
/// labels the schema allows at its ends (any entity where it does not say); every attribute
/// used, of the labels the schema gives it, with its values; and no events. The `<OVERLAP>`
/// line is brat's way to allow entities to overlap and nest, which Postil allows and brat by
/// default marks as errors.
fn conf(
    schema: &crate::schema::LabelSchema,
    labels: &[String],
    kinds: &[String],
    attributes: &BTreeMap<String, std::collections::BTreeSet<String>>,
) -> String {
    let ends = |list: &[String]| {
        if list.is_empty() {
            "<ENTITY>".to_string()
        } else {
            list.join("|")
        }
    };
    let mut out = String::from("[entities]\n");
    for label in labels {
        out.push_str(label);
        out.push('\n');
    }
    out.push_str("\n[relations]\n");
    for kind in kinds {
        let (from, to) = match schema.relation_type(kind) {
            Some(t) => (ends(&t.from), ends(&t.to)),
            None => (ends(&[]), ends(&[])),
        };
        out.push_str(&format!("{kind}\tArg1:{from}, Arg2:{to}\n"));
    }
    out.push_str("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n");
    out.push_str("\n[events]\n\n[attributes]\n");
    for (name, seen) in attributes {
        let def = schema.attribute(name);
        let arg = ends(def.map_or(&[][..], |d| &d.labels));
        let mut values: Vec<String> = def.map(|d| d.values.clone()).unwrap_or_default();
        values.extend(
            seen.iter()
                .filter(|v| !values.contains(v))
                .cloned()
                .collect::<Vec<_>>(),
        );
        if values.is_empty() {
            out.push_str(&format!("{name}\tArg:{arg}\n"));
        } else {
            out.push_str(&format!("{name}\tArg:{arg}, Value:{}\n", values.join("|")));
        }
    }
    out
}

/// Reads a zip of brat files (see the module documentation).
pub fn import(file_name: &str, bytes: &[u8]) -> Result<Imported, FormatError> {
    let lower = file_name.to_ascii_lowercase();
    if lower.ends_with(".ann") || lower.ends_with(".txt") {
        return Err(not_brat(
            "Postil reads a brat collection as one .zip of its .txt and .ann files; \
             zip the folder and import the zip",
        ));
    }
    let entries = archive::read(bytes).map_err(|e| match e {
        archive::Unreadable::Damaged(reason) => {
            not_brat(&format!("it is not a zip that can be read: {reason}"))
        }
        archive::Unreadable::TooLarge(reason) => FormatError::TooLarge {
            format: FORMAT,
            reason,
        },
    })?;
    let mut texts = BTreeMap::new();
    let mut anns = BTreeMap::new();
    // The collection's annotation.conf (the one nearest the top, if several).
    let mut declared: Option<(usize, crate::formats::Declared)> = None;
    for entry in entries {
        let name = entry.name.to_ascii_lowercase();
        if name == "annotation.conf" || name.ends_with("/annotation.conf") {
            let depth = name.matches('/').count();
            if declared.as_ref().is_none_or(|(d, _)| depth < *d) {
                if let Ok(text) = crate::encoding::decode(&entry.bytes) {
                    declared = Some((depth, conf::read(&text)));
                }
            }
            continue;
        }
        if let Some(stem) = name.strip_suffix(".txt") {
            texts.insert(stem.to_string(), entry);
        } else if let Some(stem) = name.strip_suffix(".ann") {
            anns.insert(stem.to_string(), entry);
        }
    }
    if texts.is_empty() && anns.is_empty() {
        return Err(not_brat("the zip holds no .txt or .ann files"));
    }
    let mut problems = Vec::new();
    let mut skipped = ann::Skipped::default();
    let mut articles = Vec::new();
    for (stem, ann_entry) in &anns {
        if !texts.contains_key(stem) {
            problems.push(Problem {
                at: ann_entry.name.clone(),
                what: "there is no .txt file of the same name beside it".to_string(),
            });
        }
    }
    for (stem, txt) in &texts {
        let Some(text) = utf8(&txt.name, &txt.bytes, &mut problems) else {
            continue;
        };
        // brat counts in the text as Python's universal newlines give it.
        let view = universal_newlines(&text);
        let parsed = match anns.get(stem) {
            Some(entry) => match utf8(&entry.name, &entry.bytes, &mut problems) {
                Some(lines) => ann::read(&entry.name, &lines, &view, &mut problems, &mut skipped),
                None => continue,
            },
            None => ann::Parsed::default(),
        };
        match article(file_name, &txt.name, &view, parsed, &mut problems) {
            Some(article) => articles.push(article),
            None => skipped.empty_texts.push(txt.name.clone()),
        }
    }
    FormatError::refuse_if_any(FORMAT, problems)?;
    Ok(Imported {
        articles,
        skipped: skipped.sentences(),
        adjusted: skipped.adjusted(),
        declared: declared.map(|(_, d)| d).unwrap_or_default(),
    })
}

fn not_brat(reason: &str) -> FormatError {
    FormatError::not_this(FORMAT, reason)
}

/// The text of a file in the archive ([`crate::encoding::decode`]), or a problem that says why not.
fn utf8<'a>(
    name: &str,
    bytes: &'a [u8],
    problems: &mut Vec<Problem>,
) -> Option<std::borrow::Cow<'a, str>> {
    match crate::encoding::decode(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            problems.push(Problem {
                at: name.to_string(),
                what: e.to_string(),
            });
            None
        }
    }
}

/// The article for one `.txt`, its spans carried from brat's offsets (into `view`) to the
/// normalised text. `None` for a text with nothing but white space.
fn article(
    file_name: &str,
    txt_name: &str,
    view: &str,
    parsed: ann::Parsed,
    problems: &mut Vec<Problem>,
) -> Option<Article> {
    if view.trim().is_empty() {
        return None;
    }
    let normal = normalize(view);
    // A byte order mark is how some editors say "UTF-8", not text; brat counts it, Postil
    // drops it, so everything after it moves one place to the left.
    let bom = u32::from(normal.text.starts_with('\u{feff}'));
    let text = normal.text.strip_prefix('\u{feff}').unwrap_or(&normal.text);
    let mut annotations = Vec::new();
    let mut notes = Vec::new();
    let mut attributes = Vec::new();
    // Where each read span went (a span refused here has no place; its relations go too,
    // and the refusal stops the import anyway).
    let mut placed = Vec::with_capacity(parsed.spans.len());
    for span in parsed.spans {
        placed.push(None);
        let (start, end) = (span.start, span.end);
        let (Some(s), Some(e)) = (normal.map.map(start), normal.map.map(end)) else {
            problems.push(Problem {
                at: span.at,
                what: format!(
                    "[{start}, {end}) starts or ends inside a letter with combining marks, \
                     which Postil normalises to one character"
                ),
            });
            continue;
        };
        let (s, e) = (s.saturating_sub(bom), e.saturating_sub(bom));
        if s == e {
            problems.push(Problem {
                at: span.at,
                what: "it covers only the byte order mark at the start of the text".to_string(),
            });
            continue;
        }
        if let Some(p) = placed.last_mut() {
            *p = Some(annotations.len());
        }
        annotations.push((s, e, span.label));
        notes.push(span.note);
        attributes.push(span.attributes);
    }
    let relations = (parsed.relations.into_iter())
        .filter_map(|r| {
            Some(crate::article::Link {
                from: (*placed.get(r.from)?)?,
                to: (*placed.get(r.to)?)?,
                kind: r.kind,
                note: r.note,
            })
        })
        .collect();
    let stem = txt_name.rsplit('/').next().unwrap_or(txt_name);
    let stem = stem.get(..stem.len() - ".txt".len()).unwrap_or(stem);
    Some(Article {
        suggested: None,
        attributes,
        title: Article::title_of(text),
        text: text.to_string(),
        id_hint: Some(stem.to_string()),
        annotations,
        source: format!("{file_name}: {txt_name}"),
        notes,
        relations,
    })
}

/// The text as Python reads it with universal newlines: `\r\n` and a lone `\r` become `\n`.
fn universal_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn universal_newlines_like_python() {
        let cases = [
            ("a\r\nb", "a\nb"),
            ("a\rb", "a\nb"),
            ("a\r\r\nb", "a\n\nb"),
            ("a\n\rb", "a\n\nb"),
            ("北\r\n", "北\n"),
        ];
        for (raw, want) in cases {
            assert_eq!(universal_newlines(raw), want, "{raw:?}");
        }
    }
}
