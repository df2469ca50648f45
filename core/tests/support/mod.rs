//! What the bad-input tests and the fuzz seeds start from: a workspace with the things every
//! format has to carry (several scripts, emoji, a CRLF-free multi-paragraph text, overlapping
//! spans, a note, relations, document labels, a done mark), and every file Postil writes of it.
//!
//! Offsets are `char`s, spans half-open, as everywhere in Postil.

#![allow(dead_code)] // each test binary uses its own part of this

use postil_core::formats::registry::Kind;
use postil_core::jobs::{self, Answer};
use postil_core::schema_file;
use postil_core::sources;
use postil_core::store::{self, KeyValue, StorageError};
use postil_core::workspace::{Scope, Workspace};
use postil_core::{AnnotationId, Span};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};

/// The `char` span of the first `word` in the open document's text.
fn span_of(ws: &Workspace, word: &str) -> Span {
    let text = ws.current().document.text();
    let byte = text
        .find(word)
        .unwrap_or_else(|| panic!("no “{word}” in the text"));
    let start = text[..byte].chars().count() as u32;
    Span::new(start, start + word.chars().count() as u32)
}

fn label(ws: &mut Workspace, word: &str, name: &str) -> AnnotationId {
    let span = span_of(ws, word);
    ws.label(span, name)
        .unwrap_or_else(|e| panic!("{word}: {e}"));
    let set = &ws.current().annotations;
    set.iter()
        .find(|a| a.span == span && a.label == name)
        .unwrap()
        .id
}

/// The sample article plus one in several scripts, both labelled.
pub fn rich_workspace() -> Workspace {
    let mut ws = Workspace::fresh();
    let article = sources::from_paste(
        "Ünïcode talks",
        "Lavrov met Wang Yi in 北京 on Tuesday 🙂 — “quoted”.\n\nThe Wilson Center in \
         Washington said: Zoë’s café opened.\n\nA third paragraph, with tabs\tand more words.",
    )
    .unwrap();
    let mut seen = ws.deduper();
    ws.take_in(vec![article], &mut seen, &HashSet::new());
    ws.open(1).unwrap();
    let lavrov = label(&mut ws, "Lavrov", "PERSON");
    let wang = label(&mut ws, "Wang Yi", "PERSON");
    let beijing = label(&mut ws, "北京", "GPE");
    ws.link(lavrov, wang, "met").unwrap();
    ws.link(wang, beijing, "located in").unwrap();
    label(&mut ws, "Wilson Center in Washington", "ORG");
    let gpe = label(&mut ws, "Washington", "GPE");
    ws.set_note(gpe, "inside the ORG; a “quoted” note 🙂")
        .unwrap();
    label(&mut ws, "Tuesday", "DATE");
    ws.toggle_doc_label("topic", "politics").unwrap();
    ws.toggle_done().unwrap();
    ws.open(0).unwrap();
    let first_word = ws
        .current()
        .document
        .text()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .to_string();
    label(&mut ws, &first_word, "MISC");
    ws.set_annotator("Ana Tester").unwrap();
    // A label of its own, so that its schema file changes another workspace's labels.
    let schema = schema_file::export(ws.schema()).replacen(
        "\"labels\": [",
        "\"labels\": [{\"name\": \"WORK_OF_ART\", \"color\": \"#ffd3a8\", \"key\": \"w\"},",
        1,
    );
    ws.import_schema("labels.postil-schema.json", &schema)
        .unwrap();
    // A declared relation type and attributes, one of them set.
    let change = postil_core::type_editor::add_type(ws.schema(), "met").unwrap();
    ws.change_schema(change).unwrap();
    let change =
        postil_core::type_editor::add_attribute(ws.schema(), "Confidence", "High Low").unwrap();
    ws.change_schema(change).unwrap();
    ws.open(1).unwrap();
    ws.set_attribute(lavrov, "Confidence", Some("High"))
        .unwrap();
    ws.open(0).unwrap();
    ws
}

/// One file Postil writes: its name and bytes.
pub struct Written {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Every file Postil writes of `ws`: its own JSON, each exchange format (through the worker's
/// `jobs::export`, as the app does) and the schema file.
pub fn every_export(ws: &Workspace) -> Vec<Written> {
    let all = ws.to_export(Scope::AllDocuments);
    let mut out = Vec::new();
    for kind in Kind::ALL {
        let (answer, bytes) = jobs::export(kind.id(), &all.json, Some(ws.annotator()));
        assert!(
            matches!(answer, Answer::Exported { .. }),
            "{kind:?}: {answer:?}"
        );
        let bytes = if kind == Kind::Native {
            all.json.clone().into_bytes()
        } else {
            bytes
        };
        out.push(Written {
            name: kind.file_name("corpus"),
            bytes,
        });
    }
    out.push(Written {
        name: "labels.postil-schema.json".into(),
        bytes: schema_file::export(ws.schema()).into_bytes(),
    });
    out
}

/// A key-value store in memory (what localStorage holds).
#[derive(Default)]
pub struct Memory {
    pub values: RefCell<BTreeMap<String, String>>,
}

impl KeyValue for Memory {
    fn keys(&self, prefix: &str) -> Vec<String> {
        (self.values.borrow().keys())
            .filter(|k| k.starts_with(prefix))
            .cloned()
            .collect()
    }
    fn get(&self, key: &str) -> Option<String> {
        self.values.borrow().get(key).cloned()
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        self.values.borrow_mut().insert(key.into(), value.into());
        Ok(())
    }
    fn remove(&self, key: &str) -> Result<(), StorageError> {
        self.values.borrow_mut().remove(key);
        Ok(())
    }
}

/// What storage holds after `ws` is saved (texts in localStorage too, as without IndexedDB).
pub fn stored(ws: &Workspace) -> BTreeMap<String, String> {
    let kv = Memory::default();
    let (written, _) = store::Saver::new("t1", false).save(&kv, ws);
    written.unwrap();
    let values = kv.values.borrow().clone();
    values
}

/// A message a person reads: not empty, and no Rust debug output in it.
pub fn assert_human(message: &str, context: &str) {
    assert!(!message.trim().is_empty(), "{context}: an empty message");
    for dump in ["Some(", "Ok(", "Err(", "Error {", "Error(", "\\\""] {
        assert!(
            !message.contains(dump),
            "{context}: debug output “{dump}” in: {message}"
        );
    }
}

/// A workspace that is not the one the exports come from: the sample and one pasted article
/// with a label, so that an import has something to leave alone.
pub fn bystander() -> Workspace {
    let mut ws = Workspace::fresh();
    let article =
        sources::from_paste("Bystander", "Nothing here is in the exports, said Ada.").unwrap();
    let mut seen = ws.deduper();
    ws.take_in(vec![article], &mut seen, &HashSet::new());
    ws.open(1).unwrap();
    label(&mut ws, "Ada", "PERSON");
    ws
}

/// Imports a file the way the app does: a schema file to the labels, a Postil file through
/// the native import (keeping both copies where it would ask), anything else through the
/// worker's `jobs::read` and then into the workspace. `Err` is the sentence the person reads.
pub fn import_file(ws: &mut Workspace, name: &str, bytes: &[u8]) -> Result<usize, String> {
    use postil_core::encoding;
    use postil_core::formats::registry;
    use postil_core::workspace::{Import, Resolution};
    let before = ws.docs().len();
    if name.ends_with(".postil-schema.json") {
        let text = encoding::decode(bytes)
            .map_err(|e| format!("Nothing was imported from “{name}”: {e}."))?;
        ws.import_schema(name, &text).map_err(|e| e.to_string())?;
        return Ok(0);
    }
    if registry::detect(name, bytes) == Some(Kind::Native) {
        let text = encoding::decode(bytes)
            .map_err(|e| format!("Nothing was imported from “{name}”: {e}."))?;
        match ws.import_native(name, &text).map_err(|e| e.to_string())? {
            Import::Done(_) => {}
            Import::Ask(pending) => {
                ws.resolve_import(name, &pending.file, Resolution::KeepBoth)
                    .map_err(|e| e.to_string())?;
            }
        }
        return Ok(ws.docs().len() - before);
    }
    match jobs::read(name, bytes) {
        Answer::Read { articles, .. } => {
            let mut seen = ws.deduper();
            ws.take_in(articles, &mut seen, &HashSet::new());
            Ok(ws.docs().len() - before)
        }
        // The app refuses such a file too; its good records wait for the person's word.
        Answer::Refused { error } | Answer::Offered { error, .. } => Err(error),
        other => panic!("{name}: {other:?}"),
    }
}

/// A zip as a hand or another tool writes it (stored, not deflated).
pub fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in entries {
        zip.start_file(*name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The files in a zip, by name, in the zip's order.
#[allow(dead_code)]
pub fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut out = Vec::new();
            file.read_to_end(&mut out).unwrap();
            (file.name().to_string(), out)
        })
        .collect()
}
