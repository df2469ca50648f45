//! Writes the fuzz targets' seed inputs (`fuzz/`, see its `src/lib.rs` for their shapes) from
//! Postil's own files: every export of a labelled workspace, the same as UTF-16, the article
//! fixtures, and what storage holds of the workspace. Not a test: `scripts/fuzz.sh` runs it
//! (`--ignored`) before fuzzing, into `target/fuzz-seeds/<target>/`.

mod support;

use std::path::Path;
use support::{every_export, rich_workspace, stored};

fn utf16le(bytes: &[u8]) -> Vec<u8> {
    let text = std::str::from_utf8(bytes).expect("Postil writes UTF-8");
    let mut out = vec![0xFF, 0xFE];
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

fn write(dir: &Path, seeds: &[(String, Vec<u8>)]) {
    std::fs::create_dir_all(dir).unwrap();
    for (name, bytes) in seeds {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}

fn file(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut out = format!("{name}\n").into_bytes();
    out.extend_from_slice(bytes);
    out
}

#[test]
#[ignore = "writes the fuzz seeds; scripts/fuzz.sh runs it"]
fn write_fuzz_seeds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/fuzz-seeds");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let fixture = |name: &str| std::fs::read(fixtures.join(name)).unwrap();
    let ws = rich_workspace();

    let mut files = Vec::new();
    for export in every_export(&ws) {
        files.push((export.name.clone(), file(&export.name, &export.bytes)));
        if !export.name.ends_with(".zip") && !export.name.ends_with(".spacy") {
            let name = format!("utf16-{}", export.name);
            files.push((name, file(&export.name, &utf16le(&export.bytes))));
        }
    }
    for (name, as_name) in [
        ("field-notes.md", "notes.md"),
        ("harbour-bridge.html", "page.html"),
        ("night-market.html", "page.html"),
        ("corpus.jsonl", "corpus.jsonl"),
    ] {
        files.push((name.to_string(), file(as_name, &fixture(name))));
    }
    write(&root.join("import_file"), &files);

    let sample = ws.docs()[0].document.text().to_string();
    let sources = vec![
        (
            "sample.txt".to_string(),
            file("article.txt", sample.as_bytes()),
        ),
        (
            "paste".to_string(),
            file("paste", format!("A title\n{sample}").as_bytes()),
        ),
        (
            "field-notes.md".to_string(),
            file("article.md", &fixture("field-notes.md")),
        ),
        (
            "harbour-bridge.html".to_string(),
            file("a.html", &fixture("harbour-bridge.html")),
        ),
        (
            "night-market.html".to_string(),
            file("a.html", &fixture("night-market.html")),
        ),
    ];
    write(&root.join("article_sources"), &sources);

    let mut values = Vec::new();
    for (key, value) in stored(&ws) {
        values.extend_from_slice(key.trim_start_matches("postil/v1/").as_bytes());
        values.push(0);
        values.extend_from_slice(value.as_bytes());
        values.push(0);
    }
    write(
        &root.join("stored_values"),
        &[("workspace".to_string(), values)],
    );
    println!(
        "fuzz seeds: {} files, {} sources, 1 storage",
        files.len(),
        sources.len()
    );
}
