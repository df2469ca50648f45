//! Structure-aware fuzzing on the host (proptest): random labelled workspaces are exported in
//! every format Postil writes, the file is damaged the way files are (cut short, a byte
//! changed, bytes dropped or repeated), and imported the way the app does. A refusal is a
//! sentence and leaves the workspace as it was; whatever is read is sound (spans inside their
//! texts, labels in the schema). The libFuzzer targets (`fuzz/`) search byte by byte; this
//! starts each case from a valid file of a new shape, which they rarely reach.

mod support;

use postil_core::article::{normalize, Article};
use postil_core::workspace::Workspace;
use proptest::prelude::*;
use std::collections::HashSet;
use support::{assert_human, bystander, every_export, import_file};

fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "Lavrov",
        "met",
        "北京",
        "🇵🇰",
        "x\u{323}\u{301}",
        "שלום",
        "’s",
        "“",
        ".",
        " ",
        " ",
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        "\"",
        "\\",
        "<b>",
        "&amp;",
        "-DOCSTART-",
        "B-X",
        "T1",
    ])
}

/// One article: a text of pieces, and spans on it with a label each.
fn article() -> impl Strategy<Value = Article> {
    (
        prop::collection::vec(piece(), 1..40),
        prop::collection::vec((any::<u32>(), 1u32..12, 0usize..3), 0..6),
    )
        .prop_map(|(pieces, spans)| {
            let text = normalize(&format!("Title {}", pieces.concat())).text;
            let len = text.chars().count() as u32;
            let annotations = spans
                .into_iter()
                .map(|(at, width, label)| {
                    let start = at % len;
                    let end = (start + width).min(len).max(start + 1);
                    (
                        start,
                        end,
                        ["PERSON", "GPE", "NEW_LABEL"][label].to_string(),
                    )
                })
                .collect();
            Article {
                suggested: None,
                title: "Title".into(),
                text,
                id_hint: None,
                annotations,
                source: "generated".into(),
                notes: vec!["a note, “quoted”".into()],
                relations: Vec::new(),
                attributes: Vec::new(),
            }
        })
}

/// How a file gets damaged.
#[derive(Clone, Debug)]
enum Damage {
    Cut(usize),
    Change(usize, u8),
    Drop(usize, usize),
    Repeat(usize, usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        any::<usize>().prop_map(Damage::Cut),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Damage::Change(at, b)),
        (any::<usize>(), 1usize..64).prop_map(|(at, n)| Damage::Drop(at, n)),
        (any::<usize>(), 1usize..64).prop_map(|(at, n)| Damage::Repeat(at, n)),
    ]
}

fn apply(bytes: &[u8], damage: &Damage) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let len = bytes.len().max(1);
    match *damage {
        Damage::Cut(at) => out.truncate(at % len),
        Damage::Change(at, b) => out[at % len] = b,
        Damage::Drop(at, n) => {
            let at = at % len;
            out.drain(at..(at + n).min(bytes.len()));
        }
        Damage::Repeat(at, n) => {
            let at = at % len;
            let slice = bytes[at..(at + n).min(bytes.len())].to_vec();
            out.splice(at..at, slice);
        }
    }
    out
}

fn assert_sound(ws: &Workspace, context: &str) {
    for d in ws.docs().iter() {
        let len = d.document.char_len();
        for a in d.annotations.iter() {
            assert!(
                a.span.start < a.span.end && a.span.end <= len,
                "{context}: {:?}",
                a.span
            );
            assert!(
                ws.schema().get(&a.label).is_some(),
                "{context}: {} not in the schema",
                a.label
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn damaged_exports_are_refused_cleanly_or_read_soundly(
        articles in prop::collection::vec(article(), 1..4),
        damages in prop::collection::vec(damage(), 9),
    ) {
        let mut source = Workspace::fresh();
        let mut seen = source.deduper();
        source.take_in(articles, &mut seen, &HashSet::new());
        let before = bystander();
        for (file, damage) in every_export(&source).iter().zip(&damages) {
            let bytes = apply(&file.bytes, damage);
            let context = format!("{} with {damage:?}", file.name);
            let mut ws = before.clone();
            match import_file(&mut ws, &file.name, &bytes) {
                Err(message) => {
                    assert_human(&message, &context);
                    prop_assert_eq!(&ws, &before, "{}: refused, but the workspace changed", context);
                }
                Ok(_) => assert_sound(&ws, &context),
            }
        }
    }
}
