//! Large and hostile inputs, each timed (issue 10, "Limits and hangs"). Every case prints its
//! time beside the goal the issue sets; the assertion on time is a generous bound (several
//! times the goal) that only a return to quadratic or cubic work would break, never a goal.
//!
//! Timings in a debug build say little about what a person waits for in the shipped (release)
//! wasm, so this target is not run by a plain `cargo test`: `make test` runs it optimised,
//! `cargo test -p postil-core --profile perf --test limits -- --nocapture` (the `perf` profile
//! in the workspace's Cargo.toml: release optimisation without LTO, so it builds in a minute).
//! In a debug build every bound is multiplied by [`DEBUG_SLOWDOWN`].
//!
//! Offsets are `char`s, spans half-open, as everywhere in the core.

use postil_core::article::Deduper;
use postil_core::corpus::AnnotatedDocument;
use postil_core::history::History;
use postil_core::jobs::{self, Answer};
use postil_core::limits;
use postil_core::workspace::{Doc, Workspace};
use postil_core::{Annotation, AnnotationId, AnnotationSet, Document, LabelSchema, Overlaps, Span};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// An allowance for running these cases unoptimised (`cargo test --test limits` without the
/// perf profile), which is many times slower; `make test` never does.
const DEBUG_SLOWDOWN: u32 = if cfg!(debug_assertions) { 40 } else { 1 };

/// Runs `f`, prints its time beside `goal`, and fails past `bound` (scaled for debug builds).
fn timed<T>(what: &str, goal: &str, bound: Duration, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    let took = started.elapsed();
    println!(
        "limits: {what}: {:.1} ms (goal {goal})",
        took.as_secs_f64() * 1e3
    );
    let bound = bound * DEBUG_SLOWDOWN;
    assert!(
        took <= bound,
        "{what} took {took:?}, past the bound of {bound:?}: has it become quadratic again?"
    );
    out
}

fn articles(answer: Answer) -> Vec<postil_core::article::Article> {
    match answer {
        Answer::Read { articles, .. } => articles,
        other => panic!("{other:?}"),
    }
}

/// The articles taken into an empty workspace, as the app does after the worker read them.
fn take_in(articles: Vec<postil_core::article::Article>) -> (Workspace, usize) {
    let mut ws = Workspace::fresh();
    let mut seen: Deduper = ws.deduper();
    let took = ws.take_in(articles, &mut seen, &HashSet::new());
    assert!(took.skipped.is_empty(), "{:?}", took.skipped);
    (ws, took.titles.len())
}

#[test]
fn an_import_with_2000_distinct_labels() {
    // 100 doccano lines of 20 words, each word with a label of its own: 2,000 labels.
    let mut file = String::new();
    for line in 0..100 {
        let words: Vec<String> = (0..20).map(|w| format!("w{line}x{w}")).collect();
        let text = words.join(" ");
        let mut spans = Vec::new();
        let mut at = 0;
        for (w, word) in words.iter().enumerate() {
            spans.push(format!(
                "[{at}, {}, \"L{:04}\"]",
                at + word.len(),
                line * 20 + w
            ));
            at += word.len() + 1;
        }
        writeln!(
            file,
            r#"{{"text": "{text}", "label": [{}]}}"#,
            spans.join(", ")
        )
        .unwrap();
    }
    let (ws, docs) = timed(
        "2,000 distinct labels: read and take in",
        "< 2 s",
        Duration::from_secs(4),
        || take_in(articles(jobs::read("labels.jsonl", file.as_bytes()))),
    );
    assert_eq!(docs, 100);
    assert_eq!(ws.schema().labels().len(), 7 + 2000);
    let keys: HashSet<String> = ws
        .schema()
        .labels()
        .iter()
        .map(|l| l.key.to_lowercase().collect())
        .collect();
    assert_eq!(keys.len(), 2007, "every label keeps a key of its own");
}

/// A document of `paragraphs` paragraphs of ten words, one annotation over all of it and one
/// on every word.
fn long_span_and_words(paragraphs: usize) -> Workspace {
    let text: Vec<String> = (0..paragraphs)
        .map(|p| {
            (0..10)
                .map(|w| format!("word{p}x{w}"))
                .collect::<Vec<_>>()
                .join(" ")
                + "."
        })
        .collect();
    let document = Document::new("long", "Long", text.join("\n\n"));
    let len = document.char_len();
    let mut items = vec![Annotation {
        created: None,
        id: AnnotationId(1),
        span: Span::new(0, len),
        label: "MISC".into(),
        note: String::new(),
        attributes: Default::default(),
    }];
    for (i, token) in document.tokens().iter().enumerate() {
        if document
            .slice(*token)
            .is_some_and(|w| w.starts_with("word"))
        {
            items.push(Annotation {
                created: None,
                id: AnnotationId(i as u32 + 2),
                span: *token,
                label: "ORG".into(),
                note: String::new(),
                attributes: Default::default(),
            });
        }
    }
    assert_eq!(items.len(), paragraphs * 10 + 1);
    let set = AnnotationSet::from_parts(len, items, 1, Overlaps::Allowed).unwrap();
    let doc = Doc::new(
        AnnotatedDocument {
            document,
            annotations: set,
        },
        History::default(),
    );
    Workspace::new(LabelSchema::default_ner(), History::default(), vec![doc], 0)
}

/// What a label key press costs in the core: the command, then what the article's paragraphs
/// compare to decide whether to draw again (each block's annotations, before and after).
#[test]
fn one_key_press_beside_a_document_long_annotation_and_10000_words() {
    let mut ws = timed(
        "10,000 word annotations and a long one: building the set",
        "-",
        Duration::from_secs(2),
        || long_span_and_words(1000),
    );
    let before = ws.current().annotations.clone();
    let word = ws.current().document.tokens()[5003];
    timed(
        "one label key press beside 10,001 annotations",
        "< 50 ms",
        Duration::from_millis(200),
        || {
            ws.label(word, "PERSON").unwrap();
            let after = &ws.current().annotations;
            let blocks = ws.current().document.blocks();
            let changed = blocks
                .iter()
                .filter(|b| !before.within(b.span).eq(after.within(b.span)))
                .count();
            assert_eq!(changed, 1, "only the paragraph labeled draws again");
        },
    );
}

#[test]
fn a_label_studio_task_with_a_2_mb_text_and_20000_quoted_regions() {
    // 2 MB of text with a few non-ASCII words (so offsets are not bytes), 20,000 regions that
    // each say what text they cover.
    let mut text = String::new();
    let mut regions = Vec::new();
    let mut chars = 0usize;
    let mut i = 0;
    while text.len() < 2_000_000 {
        let word = if i % 7 == 0 {
            format!("Zürich{i}")
        } else {
            format!("word{i}")
        };
        if i % 5 == 0 && regions.len() < 20_000 {
            let n = word.chars().count();
            regions.push(format!(
                r#"{{"id": "r{i}", "type": "labels", "from_name": "label", "to_name": "text", "value": {{"start": {chars}, "end": {}, "text": "{word}", "labels": ["ORG"]}}}}"#,
                chars + n
            ));
        }
        chars += word.chars().count() + 1;
        text.push_str(&word);
        text.push(if i % 40 == 39 { '\n' } else { ' ' });
        i += 1;
    }
    assert_eq!(regions.len(), 20_000);
    let file = format!(
        r#"[{{"id": 1, "data": {{"text": "{}"}}, "annotations": [{{"result": [{}]}}]}}]"#,
        text.replace('\n', "\\n"),
        regions.join(",")
    );
    let (ws, _) = timed(
        "Label Studio, 2 MB text, 20,000 regions with text",
        "< 3 s",
        Duration::from_secs(6),
        || take_in(articles(jobs::read("tasks.json", file.as_bytes()))),
    );
    assert_eq!(
        ws.docs().iter().map(|d| d.annotations.len()).sum::<usize>(),
        20_000
    );
}

#[test]
fn a_w3c_file_with_20000_quote_selectors() {
    let mut text = String::new();
    let mut items = Vec::new();
    for i in 0..20_000 {
        write!(text, "Item {i} is here. ").unwrap();
        items.push(format!(
            r#"{{"type": "Annotation", "body": {{"type": "TextualBody", "purpose": "tagging", "value": "MISC"}}, "target": {{"source": "urn:t", "selector": {{"type": "TextQuoteSelector", "exact": "Item {i}", "prefix": "here. ", "suffix": " is"}}}}}}"#
        ));
    }
    let text = format!("Items. here. {text}");
    let file = format!(
        r#"{{"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection", "dcterms:references": [{{"id": "urn:t", "type": "Text", "schema:text": "{text}"}}], "first": {{"type": "AnnotationPage", "items": [{}]}}}}"#,
        items.join(",")
    );
    let (ws, _) = timed(
        "W3C, 20,000 quote selectors",
        "< 3 s",
        Duration::from_secs(6),
        || take_in(articles(jobs::read("notes.jsonld", file.as_bytes()))),
    );
    assert_eq!(
        ws.docs().iter().map(|d| d.annotations.len()).sum::<usize>(),
        20_000
    );
}

/// Wasm's stack is 1 MiB (Rust's default for wasm32); the worker reads HTML on it.
const WASM_STACK: usize = 1 << 20;

#[test]
fn an_html_page_with_10000_nested_articles() {
    let page = format!(
        "<html><head><title>Deep</title></head><body>{}<p>At the bottom of it all.</p>{}</body></html>",
        "<article>".repeat(10_000),
        "</article>".repeat(10_000)
    );
    let answer = std::thread::Builder::new()
        .stack_size(WASM_STACK)
        .spawn(move || {
            timed(
                "HTML, 10,000 nested <article>",
                "no stack overflow",
                Duration::from_secs(2),
                || jobs::read("deep.html", page.as_bytes()),
            )
        })
        .unwrap()
        .join()
        .expect("read on a wasm-sized stack");
    let articles = articles(answer);
    assert!(
        articles[0].text.contains("At the bottom of it all."),
        "{:?}",
        articles[0].text
    );
}

#[test]
fn a_50_mb_text_file() {
    let paragraph =
        "The delegates met in Kabul on Monday, and the talks went on late into the night. "
            .repeat(8);
    let mut text = String::from("A long file\n\n");
    let mut n = 0;
    while text.len() < 50_000_000 {
        writeln!(text, "{n}. {paragraph}\n").unwrap();
        n += 1;
    }
    let size = text.len() as u64;
    assert_eq!(
        limits::check_files(&[("big.txt", size)]).refused,
        vec![],
        "a 50 MB text is within the limits"
    );
    let (ws, docs) = timed(
        "a 50 MB .txt: read and take in",
        "-",
        Duration::from_secs(30),
        || take_in(articles(jobs::read("big.txt", text.as_bytes()))),
    );
    assert_eq!(docs, 1);
    let doc = &ws.docs()[1].document;
    println!(
        "limits: the 50 MB text: {} words, {} blocks",
        doc.word_count(),
        doc.blocks().len()
    );
}

/// A raw deflate stream (RFC 1951) of `prefix` then `zeros` zero bytes, built in time and
/// memory proportional to its compressed size: one block of 1 MiB of zeros, ended by a sync
/// flush so it stands alone, is repeated, and an empty final block closes the stream.
fn deflate_bomb(prefix: &[u8], zeros: usize) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress};
    const BLOCK: usize = 1 << 20;
    let flushed = |bytes: &[u8]| {
        let mut c = Compress::new(Compression::best(), false);
        let mut out = Vec::with_capacity(bytes.len() + 1024);
        c.compress_vec(bytes, &mut out, FlushCompress::Sync)
            .unwrap();
        assert_eq!(c.total_in() as usize, bytes.len());
        out
    };
    let mut out = flushed(prefix);
    let block = flushed(&vec![0u8; BLOCK]);
    for _ in 0..zeros / BLOCK {
        out.extend_from_slice(&block);
    }
    // BFINAL = 1, fixed Huffman codes, end of block at once.
    out.extend_from_slice(&[0x03, 0x00]);
    out
}

#[test]
fn a_200_kb_spacy_file_that_unpacks_to_200_mb_is_refused_while_unpacking() {
    // A DocBin is zlib around MessagePack: here a map whose "strings" entry claims 200 MB.
    let size = 200 * 1000 * 1000;
    let mut head = vec![0x81, 0xa7];
    head.extend_from_slice(b"strings");
    head.push(0xc6);
    head.extend_from_slice(&(size as u32).to_be_bytes());
    let mut file = vec![0x78, 0x9c];
    file.extend(deflate_bomb(&head, size));
    // (No Adler-32 at the end: inflating must stop long before it would be read.)
    println!(
        "limits: the .spacy bomb: {} KB packed, {} MB unpacked",
        file.len() / 1000,
        size / 1_000_000
    );
    assert!(file.len() < 300_000, "{}", file.len());
    let answer = timed(
        "a 200 KB .spacy that unpacks to 200 MB: refused",
        "quickly",
        Duration::from_secs(2),
        || jobs::read("bomb.spacy", &file),
    );
    let Answer::Refused { error } = answer else {
        panic!("{answer:?}")
    };
    assert_eq!(
        error,
        format!(
            "“bomb.spacy” was not imported: this spaCy DocBin file is too large for Postil: {}",
            limits::unpacked_too_large()
        )
    );
}

/// A zip of one entry `name` whose data is `deflated`, claiming `claimed` bytes unpacked and
/// a CRC of 0 (wrong: the entry must be refused before its end is reached).
fn zip_of(name: &str, deflated: &[u8], claimed: u32) -> Vec<u8> {
    let mut zip = Vec::new();
    let common = |out: &mut Vec<u8>| {
        out.extend_from_slice(&20u16.to_le_bytes()); // version needed
        out.extend_from_slice(&0u16.to_le_bytes()); // flags
        out.extend_from_slice(&8u16.to_le_bytes()); // deflated
        out.extend_from_slice(&0u16.to_le_bytes()); // time
        out.extend_from_slice(&0x21u16.to_le_bytes()); // 1980-01-01
        out.extend_from_slice(&0u32.to_le_bytes()); // CRC-32
        out.extend_from_slice(&(deflated.len() as u32).to_le_bytes());
        out.extend_from_slice(&claimed.to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // extra field
    };
    zip.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    common(&mut zip);
    zip.extend_from_slice(name.as_bytes());
    zip.extend_from_slice(deflated);
    let directory = zip.len() as u32;
    zip.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
    zip.extend_from_slice(&20u16.to_le_bytes()); // version made by
    common(&mut zip);
    zip.extend_from_slice(&[0; 8]); // comment, disk, internal attributes
    zip.extend_from_slice(&0u32.to_le_bytes()); // external attributes
    zip.extend_from_slice(&0u32.to_le_bytes()); // local header at 0
    zip.extend_from_slice(name.as_bytes());
    let end = zip.len() as u32;
    zip.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    zip.extend_from_slice(&[0, 0, 0, 0, 1, 0, 1, 0]);
    zip.extend_from_slice(&(end - directory).to_le_bytes());
    zip.extend_from_slice(&directory.to_le_bytes());
    zip.extend_from_slice(&0u16.to_le_bytes());
    zip
}

#[test]
fn a_zip_bomb_in_a_brat_archive_is_refused_while_unpacking() {
    let size = 1 << 30;
    let bomb = deflate_bomb(b"", size);
    // Once claiming its true size, once claiming 1 KB (what the archive says is never trusted).
    for (claimed, what) in [(size as u32, "true"), (1000, "false")] {
        let zip = zip_of("corpus/bomb.txt", &bomb, claimed);
        println!(
            "limits: the brat zip bomb: {} KB packed, {} MB unpacked",
            zip.len() / 1000,
            size >> 20
        );
        let answer = timed(
            &format!("a brat zip bomb (1 GB, {what} size claimed): refused"),
            "quickly",
            Duration::from_secs(2),
            || jobs::read("bomb.zip", &zip),
        );
        let Answer::Refused { error } = answer else {
            panic!("{answer:?}")
        };
        assert_eq!(
            error,
            format!(
                "“bomb.zip” was not imported: this brat file is too large for Postil: {}",
                limits::unpacked_too_large()
            )
        );
    }
}
