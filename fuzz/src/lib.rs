//! What the fuzz targets share: how an input is cut into a file name and its bytes (or into
//! stored keys and values), the workspace an import lands in, the app's import path, and the
//! checks every outcome must pass.
//!
//! Inputs are self-describing, so that seeds made from Postil's own files
//! (`core/tests/fuzz_seeds.rs`) need no table shared with this crate:
//! - a file: its name, a line break, then its bytes (`corpus.conll\nLavrov B-PERSON…`);
//! - stored values: key, NUL, value, NUL, key, NUL, value… (keys without `postil/v1/`).
//!
//! Offsets are `char`s, spans half-open, as everywhere in Postil.

use postil_core::article::Deduper;
use postil_core::encoding;
use postil_core::formats::registry::{self, Kind};
use postil_core::jobs::{self, Answer};
use postil_core::sources;
use postil_core::store::{KeyValue, StorageError};
use postil_core::workspace::{Import, Resolution, Workspace};
use postil_core::Span;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};

/// The file name and the bytes of a file input. Names longer than 60 bytes are no name.
pub fn named(data: &[u8]) -> Option<(String, &[u8])> {
    let cut = data.iter().take(61).position(|&b| b == b'\n')?;
    let name = std::str::from_utf8(&data[..cut]).ok()?;
    Some((name.to_string(), &data[cut + 1..]))
}

/// What Rust debug output (`{:?}`) leaves in a text.
const DEBUG_SIGNS: [&str; 6] = ["Some(", "Ok(", "Err(", "Error {", "Error(", "\\\""];

/// A message a person reads: not empty, and no Rust debug output in it. A message may quote
/// the input itself (a file's name or labels, a stored key, a field name in a stored value): a
/// sign of debug output that the input already holds (`\"` in a fuzzed key, say) proves
/// nothing when the message shows it, so only the signs the input does not hold count. The
/// input (in parts: a file's name and its bytes) is searched only for a sign the message
/// shows, so the check costs nothing on a clean message.
pub fn assert_human_beside(message: &str, input: &[&[u8]]) {
    assert!(!message.trim().is_empty(), "an empty message");
    for dump in DEBUG_SIGNS {
        let shown = message.contains(dump);
        let held =
            || (input.iter()).any(|part| part.windows(dump.len()).any(|w| w == dump.as_bytes()));
        assert!(!shown || held(), "debug output “{dump}” in: {message}");
    }
}

thread_local! {
    static WORKSPACE: (Workspace, Deduper) = {
        let ws = make_workspace();
        let seen = ws.deduper();
        (ws, seen)
    };
}

/// The workspace imports land in: the sample and a pasted article with one label. Made once
/// (a clone shares its parts), so that each input costs only its own import.
pub fn workspace() -> Workspace {
    WORKSPACE.with(|(ws, _)| ws.clone())
}

/// What [`Workspace::deduper`] gives for [`workspace`], made once (it reads every text).
pub fn deduper() -> Deduper {
    WORKSPACE.with(|(_, seen)| seen.clone())
}

fn make_workspace() -> Workspace {
    let mut ws = Workspace::fresh();
    let article = sources::from_paste("Here", "Ada wrote this here.").expect("a valid paste");
    let mut seen = ws.deduper();
    ws.take_in(vec![article], &mut seen, &HashSet::new());
    ws.open(1).expect("the pasted article is there");
    ws.label(Span::new(6, 9), "PERSON")
        .expect("“Ada” is a word");
    ws
}

/// Every document of `ws` holds annotations inside its text, on labels of its schema.
pub fn assert_sound(ws: &Workspace) {
    assert_spans(ws);
    for d in ws.docs().iter() {
        for a in d.annotations.iter() {
            assert!(
                ws.schema().get(&a.label).is_some(),
                "label {} missing",
                a.label
            );
        }
    }
}

/// Every document of `ws` holds annotations inside its text, relations between them, and one
/// of them is open. (What storage holds may name labels its stored schema lacks: another tab's
/// schema, or a schema that could not be read; the loader keeps such annotations as they are.)
pub fn assert_spans(ws: &Workspace) {
    for d in ws.docs().iter() {
        // Both ends of every relation are annotations of its document, and different.
        for r in d.annotations.relations() {
            assert!(r.from != r.to, "a relation of {} to itself", r.from);
            assert!(d.annotations.get(r.from).is_some() && d.annotations.get(r.to).is_some());
        }
        let len = d.document.char_len();
        for a in d.annotations.iter() {
            assert!(
                a.span.start < a.span.end && a.span.end <= len,
                "{:?}",
                a.span
            );
        }
    }
    assert!(ws.current_index() < ws.docs().len());
}

/// Imports a file the way the app does (see `core/tests/support`): a schema file to the labels,
/// a Postil file through the native import, anything else through the worker's `jobs::read`.
/// The file lands in [`workspace`]. A refusal must be a sentence and leave it as it was.
pub fn import_file(name: &str, bytes: &[u8]) {
    let ws = &mut workspace();
    let before = ws.clone();
    // Messages may quote the file (its name, a label, a title, a field name).
    let signs: &[&[u8]] = &[name.as_bytes(), bytes];
    let refused = |ws: &Workspace, message: &str| {
        assert_human_beside(message, signs);
        assert!(
            *ws == before,
            "refused ({message}), but the workspace changed"
        );
    };
    let text = || encoding::decode(bytes).map_err(|e| e.to_string());
    if name.ends_with(".postil-schema.json") {
        match text().map(|t| ws.import_schema(name, &t).map_err(|e| e.to_string())) {
            Err(m) | Ok(Err(m)) => refused(ws, &m),
            Ok(Ok(_)) => assert_sound(ws),
        }
        return;
    }
    if registry::detect(name, bytes) == Some(Kind::Native) {
        let text = match text() {
            Ok(t) => t,
            Err(m) => return refused(ws, &m),
        };
        match ws.import_native(name, &text) {
            Err(e) => refused(ws, &e.to_string()),
            Ok(Import::Done(_)) => assert_sound(ws),
            Ok(Import::Ask(pending)) => {
                for choice in [Resolution::KeepBoth, Resolution::Replace] {
                    let mut tried = ws.clone();
                    match tried.resolve_import(name, &pending.file, choice) {
                        Ok(_) => assert_sound(&tried),
                        Err(e) => refused(&tried, &e.to_string()),
                    }
                }
            }
        }
        return;
    }
    match jobs::read(name, bytes) {
        Answer::Read {
            articles,
            skipped,
            adjusted,
            declared,
        } => {
            for added in ws.declare(&declared) {
                assert_human_beside(&added, signs);
            }
            for s in skipped.iter().chain(&adjusted) {
                assert_human_beside(s, signs);
            }
            for a in &articles {
                let len = a.text.chars().count() as u32;
                for (s, e, label) in &a.annotations {
                    assert!(s < e && *e <= len, "[{s}, {e}) in {len} characters");
                    assert!(!label.trim().is_empty());
                }
                for link in &a.relations {
                    let n = a.annotations.len();
                    assert!(
                        link.from < n && link.to < n,
                        "a relation past {n} annotations"
                    );
                }
                assert!(!a.title.trim().is_empty() && !a.title.contains('\n'));
            }
            let mut seen = deduper();
            let took = ws.take_in(articles, &mut seen, &HashSet::new());
            for (_, why) in &took.skipped {
                assert_human_beside(why, signs);
            }
            assert_sound(ws);
        }
        Answer::Refused { error } => refused(ws, &error),
        Answer::Offered {
            error, articles, ..
        } => {
            // Refused (nothing changed yet), and what its good records hold, if the person
            // takes it, is as sound as any import.
            refused(ws, &error);
            let mut seen = deduper();
            let took = ws.take_in(articles, &mut seen, &HashSet::new());
            for (_, why) in &took.skipped {
                assert_human_beside(why, signs);
            }
            assert_sound(ws);
        }
        Answer::Ask { error, choices } => {
            // Refused as it was; each way it reads, if the person chooses it, is as sound as
            // any import.
            refused(ws, &error);
            for choice in choices {
                assert_human_beside(&choice.words, signs);
                let mut seen = deduper();
                let took = ws.take_in(choice.articles, &mut seen, &HashSet::new());
                for (_, why) in &took.skipped {
                    assert_human_beside(why, signs);
                }
                assert_sound(ws);
            }
        }
        Answer::Native => panic!("{name}: the worker sent back a file the app took as not native"),
        Answer::Exported { .. } => panic!("{name}: an export answer to a read"),
        Answer::Found { .. } => panic!("{name}: a search answer to a read"),
    }
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

/// The stored values of an input (see the module documentation), as localStorage would hold
/// them: strings (bytes that are not UTF-8 are replaced, as a browser's storage holds none).
pub fn stored_values(data: &[u8]) -> BTreeMap<String, String> {
    let mut parts = data.split(|&b| b == 0);
    let mut out = BTreeMap::new();
    while let (Some(key), Some(value)) = (parts.next(), parts.next()) {
        let key = String::from_utf8_lossy(key);
        let key = if key.starts_with("postil/") {
            key.into_owned()
        } else {
            format!("postil/v1/{key}")
        };
        out.insert(key, String::from_utf8_lossy(value).into_owned());
    }
    out
}
