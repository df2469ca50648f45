//! Files that are not what they say, or not text at all: each is read correctly (UTF-16 with
//! a byte order mark, a UTF-8 byte order mark) or refused with a sentence saying what is wrong
//! (Latin-1, bad UTF-8, a binary file, UTF-16 without a mark, lone surrogates, JSON nested too
//! deep), and nothing already stored changes: the refused import leaves the workspace as it
//! was, so the saver writes nothing. Stored values of the same kinds are reported and kept.

mod support;

use postil_core::store::{self, Saver};
use std::collections::{BTreeMap, HashMap};
use support::{assert_human, bystander, every_export, import_file, rich_workspace, stored, Memory};

/// Opens the bystander's storage, imports the file into it and saves. `Ok` with what storage
/// holds after, or the refusal, after checking that storage is exactly as it was.
fn import_into_storage(name: &str, bytes: &[u8]) -> Result<BTreeMap<String, String>, String> {
    let kv = Memory::default();
    *kv.values.borrow_mut() = stored(&bystander());
    let before = kv.values.borrow().clone();
    let opened = store::open(&kv, &HashMap::new(), false, "t1", 1);
    assert!(opened.unreadable.is_empty(), "{:?}", opened.unreadable);
    let (mut ws, mut saver): (_, Saver) = (opened.workspace, opened.saver);
    let result = import_file(&mut ws, name, bytes);
    saver.save(&kv, &ws).0.unwrap();
    let after = kv.values.borrow().clone();
    match result {
        Ok(_) => Ok(after),
        Err(message) => {
            assert_human(&message, name);
            assert_eq!(
                after, before,
                "{name}: refused ({message}), but storage changed"
            );
            Err(message)
        }
    }
}

fn utf16(text: &[u8], big_endian: bool) -> Vec<u8> {
    let text = std::str::from_utf8(text).unwrap();
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        out.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

/// Every text file Postil writes, and articles of each source format.
fn text_files() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = every_export(&rich_workspace())
        .into_iter()
        .filter(|f| !f.name.ends_with(".zip") && !f.name.ends_with(".spacy"))
        .map(|f| (f.name, f.bytes))
        .collect();
    for (name, text) in [
        (
            "notes.txt",
            "Zoë’s notes\n\nCafé 北京 🙂, twice.\r\nSecond line.",
        ),
        (
            "notes.md",
            "# Zoë’s notes\n\nCafé *北京* 🙂.\n\n- one\n- two",
        ),
        (
            "page.html",
            "<title>Zoë</title><article><h1>Zoë’s page</h1><p>Café 北京 🙂.</p></article>",
        ),
    ] {
        files.push((name.to_string(), text.as_bytes().to_vec()));
    }
    files
}

#[test]
fn utf16_with_a_mark_and_a_utf8_mark_read_as_the_utf8_file_does() {
    for (name, bytes) in text_files() {
        let want = import_into_storage(&name, &bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut with_mark = b"\xEF\xBB\xBF".to_vec();
        with_mark.extend_from_slice(&bytes);
        for (how, variant) in [
            ("UTF-16LE", utf16(&bytes, false)),
            ("UTF-16BE", utf16(&bytes, true)),
            ("UTF-8 with a mark", with_mark),
        ] {
            let got = import_into_storage(&name, &variant);
            assert_eq!(got.as_ref(), Ok(&want), "{name} as {how}");
        }
    }
}

#[test]
fn bytes_that_are_not_text_are_refused_saying_what_they_are() {
    let binary: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00";
    let latin1: &[u8] = b"Caf\xe9 Zo\xeb\nLine two \xbfqu\xe9?\n";
    let no_mark: Vec<u8> = "Plain words in UTF-16."
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let odd: &[u8] = b"\xFF\xFEA\x00B";
    let lone: &[u8] = b"\xFF\xFEA\x00\x00\xD8B\x00";
    let cut: &[u8] = b"Ends in the middle of \xE2\x82";
    let cases: &[(&[u8], &str)] = &[
        (binary, "it is a binary file, not text (it holds a NUL byte at byte 8)"),
        (latin1, "it is not UTF-8 text: byte 3 (line 1, value 0xE9) is not UTF-8. It may be Latin-1 or Windows-1252: save it as UTF-8 and import it again"),
        (&no_mark, "it looks like UTF-16 text without a byte order mark; save it as UTF-8 and import it again"),
        (odd, "it is UTF-16 text that is broken at byte 4"),
        (lone, "it is UTF-16 text that is broken at byte 4"),
        (cut, "it breaks off in the middle of a character at its end"),
    ];
    let names = [
        "a.txt",
        "a.md",
        "a.html",
        "a.conll",
        "a.jsonl",
        "a.json",
        "a.jsonld",
        "a.postil.json",
        "a.label-studio.json",
        "a.spacy.json",
        "labels.postil-schema.json",
    ];
    for name in names {
        for (bytes, want) in cases {
            match import_into_storage(name, bytes) {
                Ok(_) => panic!("{name}: {want}: read"),
                Err(message) => assert!(
                    message.contains(want) && message.contains(name),
                    "{name}: “{message}” does not say “{want}”"
                ),
            }
        }
    }
    // The binary formats say what they expected.
    for (name, want) in [("a.spacy", "spaCy"), ("a.zip", "zip")] {
        let message = import_into_storage(name, binary).unwrap_err();
        assert!(message.contains(want), "{name}: {message}");
    }
}

/// JSON that breaks a reader's assumptions: lone surrogates and nesting deeper than any file
/// Postil writes. For each JSON file Postil reads, and for stored values.
fn hostile_json() -> Vec<(&'static str, String, &'static str)> {
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    vec![
        (
            "lone surrogate",
            r#"{"format": "postil", "version": 1, "text": "\ud800"}"#.to_string(),
            "surrogate",
        ),
        (
            "lone trailing surrogate",
            r#"[{"text": "a\udc00b", "label": []}]"#.to_string(),
            "surrogate",
        ),
        ("deep array", deep(100_000), "recursion limit"),
        (
            "deep in a record",
            format!(r#"{{"format": "postil", "documents": {}}}"#, deep(5_000)),
            "recursion limit",
        ),
        ("unclosed deep", "{\"a\":".repeat(50_000), "recursion limit"),
    ]
}

#[test]
fn hostile_json_is_refused_with_a_sentence_in_every_json_reader() {
    let names = [
        "a.postil.json",
        "a.json",
        "a.jsonld",
        "a.label-studio.json",
        "a.spacy.json",
        "labels.postil-schema.json",
        "a.jsonl",
    ];
    for name in names {
        for (what, json, _) in hostile_json() {
            let message = import_into_storage(name, json.as_bytes())
                .err()
                .unwrap_or_else(|| panic!("{name}: {what}: read"));
            assert!(message.contains(name), "{name}: {what}: {message}");
        }
    }
}

#[test]
fn hostile_stored_values_are_reported_and_kept() {
    let good = stored(&bystander());
    for (key, value) in &good {
        // A lone surrogate where the value has its first string, and the nestings.
        let surrogate = value.replacen(":\"", ":\"\\ud800", 1);
        let nested = hostile_json()
            .into_iter()
            .filter(|(_, _, says)| *says != "surrogate");
        let surrogate = (surrogate != *value).then_some(("lone surrogate", surrogate, "escape"));
        let cases = surrogate.into_iter().chain(nested);
        for (what, json, _) in cases {
            let kv = Memory::default();
            *kv.values.borrow_mut() = good.clone();
            kv.values.borrow_mut().insert(key.clone(), json.clone());
            let mut opened = store::open(&kv, &HashMap::new(), false, "t1", 5);
            if key.ends_with("/settings") {
                continue; // a name that cannot be read is no name
            }
            let context = format!("{key}: {what}");
            assert_eq!(
                opened.unreadable.len(),
                1,
                "{context}: {:?}",
                opened.unreadable
            );
            let sentence = &opened.unreadable[0];
            assert_human(sentence, &context);
            // serde's sentence says where; what it says depends on how far the shape got.
            assert!(sentence.contains("line 1 column"), "{context}: {sentence}");
            opened.saver.save(&kv, &opened.workspace).0.unwrap();
            let backup = store::backup_key(key, 5);
            assert_eq!(kv.values.borrow().get(&backup), Some(&json), "{context}");
        }
    }
}
