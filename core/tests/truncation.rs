//! Every file Postil writes, cut short: each cut is refused with a sentence and leaves the
//! workspace exactly as it was, or is read as the whole file is. Only the line formats can be
//! read short: a doccano file cut at a line's end holds the first records whole, and a CoNLL
//! file holds the tokens before the cut (a file cut inside a token cannot be told from one
//! that ends there). Stored values cut short (a half-written record) are reported, kept under
//! a backup key and never written over.

mod support;

use postil_core::store;
use postil_core::workspace::Workspace;
use std::collections::HashMap;
use support::{assert_human, bystander, every_export, import_file, rich_workspace, stored, Memory};

/// The cut points tried: every one in the first and last 200 bytes (where headers, closing
/// brackets and a zip's central directory are) and 300 spread over the rest.
fn cuts(len: usize) -> Vec<usize> {
    let mut out: Vec<usize> = (0..len.min(200))
        .chain(len.saturating_sub(200)..len)
        .collect();
    out.extend((0..300).map(|i| i * len / 300));
    out.sort_unstable();
    out.dedup();
    out.retain(|&c| c < len);
    out
}

/// A document's text and its labelled spans.
type Held = (String, Vec<(u32, u32, String)>);

/// What a workspace holds that an import can change, document by document.
fn texts_and_labels(ws: &Workspace) -> Vec<Held> {
    (ws.docs().iter())
        .map(|d| {
            let spans = d
                .annotations
                .iter()
                .map(|a| (a.span.start, a.span.end, a.label.clone()));
            (d.document.text().to_string(), spans.collect())
        })
        .collect()
}

#[test]
fn every_cut_of_every_export_is_refused_cleanly_or_read_whole() {
    let exports = every_export(&rich_workspace());
    let mut figures = Vec::new();
    for file in &exports {
        let mut whole = bystander();
        import_file(&mut whole, &file.name, &file.bytes)
            .unwrap_or_else(|e| panic!("{}: the whole file is refused: {e}", file.name));
        let whole_docs = texts_and_labels(&whole);
        let before = bystander();
        let kept = before.docs().len();
        let (mut refused, mut read) = (0, 0);
        for cut in cuts(file.bytes.len()) {
            let mut ws = before.clone();
            let context = format!("{} cut at byte {cut} of {}", file.name, file.bytes.len());
            match import_file(&mut ws, &file.name, &file.bytes[..cut]) {
                Err(message) => {
                    refused += 1;
                    assert_human(&message, &context);
                    assert_eq!(ws, before, "{context}: refused, but the workspace changed");
                }
                Ok(_) => {
                    read += 1;
                    let got = texts_and_labels(&ws);
                    assert_eq!(
                        got[..kept],
                        whole_docs[..kept],
                        "{context}: work here changed"
                    );
                    let (added, full) = (&got[kept..], &whole_docs[kept..]);
                    assert!(
                        added.len() <= full.len(),
                        "{context}: more documents than whole"
                    );
                    if file.name.ends_with(".conll") {
                        // Whole documents, then the one the cut fell in, as far as it goes.
                        let Some((last, whole)) = added.split_last() else {
                            continue;
                        };
                        assert_eq!(whole, &full[..whole.len()], "{context}");
                        let (text, _) = &full[whole.len()];
                        assert!(text.starts_with(last.0.trim_end()), "{context}: {last:?}");
                    } else if file.name.ends_with(".jsonl") {
                        assert_eq!(added, &full[..added.len()], "{context}");
                    } else {
                        // A JSON, zip or DocBin file cut short is whole only when the cut took
                        // nothing but the final line break.
                        assert_eq!(ws, whole, "{context}: read short, not whole");
                        assert!(
                            file.bytes[cut..].iter().all(u8::is_ascii_whitespace),
                            "{context}"
                        );
                    }
                }
            }
        }
        figures.push(format!(
            "{}: {} bytes, {refused} cuts refused, {read} read",
            file.name,
            file.bytes.len()
        ));
        assert!(refused > 0, "{}: no cut was refused", file.name);
    }
    println!("{}", figures.join("\n"));
}

#[test]
fn stored_values_cut_short_are_reported_backed_up_and_never_written_over() {
    let ws = rich_workspace();
    let values = stored(&ws);
    let mut tried = 0;
    for (key, value) in &values {
        for cut in cuts(value.len())
            .into_iter()
            .filter(|&c| value.is_char_boundary(c))
        {
            let kv = Memory::default();
            *kv.values.borrow_mut() = values.clone();
            kv.values
                .borrow_mut()
                .insert(key.clone(), value[..cut].to_string());
            let context = format!("{key} cut at byte {cut} of {}", value.len());
            let mut opened = store::open(&kv, &HashMap::new(), false, "t1", 7);
            tried += 1;
            if key.ends_with("/settings") {
                continue; // a name that cannot be read is no name; nothing else depends on it
            }
            assert_eq!(
                opened.unreadable.len(),
                1,
                "{context}: {:?}",
                opened.unreadable
            );
            assert_human(&opened.unreadable[0], &context);
            assert!(opened.unreadable[0].starts_with(key.as_str()), "{context}");
            // The half-written value is kept under a backup key, and saving leaves it there.
            let (saved, _) = opened.saver.save(&kv, &opened.workspace);
            saved.unwrap();
            let backup = store::backup_key(key, 7);
            assert_eq!(kv.get(&backup).as_deref(), Some(&value[..cut]), "{context}");
            // Every other value is as it was, unless the cut one being unreadable changes what
            // it means (the index is written again; a text's annotations go with it).
            for (other, was) in &values {
                if other != key && !other.ends_with("/index") && !key.contains("/doc/") {
                    assert_eq!(
                        kv.get(other).as_ref(),
                        Some(was),
                        "{context}: {other} changed"
                    );
                }
            }
            let _ = &mut opened;
        }
    }
    println!("stored values: {} keys, {tried} cuts opened", values.len());
}

use postil_core::store::KeyValue as _;
