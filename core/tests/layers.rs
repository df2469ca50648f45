//! The core is layered one way: a module uses only modules in its own layer or below, and no
//! two modules use each other, however indirectly. This test reads `core/src/**/*.rs` as text
//! and checks both, so that a dependency the wrong way fails here, with the file and line,
//! rather than growing unnoticed. [`LAYERS`] is the table for `ARCHITECTURE.md` to quote.
//!
//! What counts as "uses": a path that starts with `crate::` (in `use` lines and in code, and in
//! strings, because serde's `into = "crate::…"` is a real dependency), with `crate::{a, b::c}`
//! groups, and `super::` paths, resolved from the file's own module (`super::` in
//! `formats/conll.rs` is `formats`; in a top-level file it is the crate root). A name the crate
//! root re-exports (`crate::Span`) counts as its module. Comments do not count, and neither do
//! `#[cfg(test)]` items: what a unit test builds its fixtures with is not something the code
//! depends on, and a test that took a module above its own would show as a false cycle. (None
//! does today; the skip also keeps a test module's `use super::*` from being read as the
//! crate root, since this reader knows files, not inline modules.)

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One layer: a name for people, its modules, and whether those modules must not use each
/// other (true for the formats, each of which stands on the shared helpers alone).
struct Layer {
    name: &'static str,
    modules: &'static [&'static str],
    independent: bool,
}

const fn layer(name: &'static str, modules: &'static [&'static str]) -> Layer {
    Layer {
        name,
        modules,
        independent: false,
    }
}

/// The top-level modules of `postil-core`, bottom to top.
const LAYERS: &[Layer] = &[
    layer(
        "1. units, prose and names",
        &[
            "span", "text", "encoding", "prose", "slug", "quota", "limits", "clock", "release",
        ],
    ),
    layer(
        "2. words and documents",
        &["tokenize", "document", "sample"],
    ),
    layer(
        "3. annotations, their edits and undo, the selection and how a block is drawn",
        &["annotation", "edit", "history", "selection", "layout"],
    ),
    layer(
        "4. the label schema, its editor's commands, the keymap, and merging two tabs' values",
        &[
            "schema",
            "schema_edit",
            "label_editor",
            "type_editor",
            "keymap",
            "converge",
        ],
    ),
    layer(
        "5. documents with their annotations, agreement between annotators, statistics, a first visit's first screen",
        &["corpus", "agreement", "stats", "first_screen"],
    ),
    layer("6. the article and normalisation", &["article"]),
    layer(
        "7. article sources: text, Markdown, HTML, pasting",
        &["sources"],
    ),
    layer(
        "8. files: the formats and the schema file",
        &["formats", "schema_file"],
    ),
    layer(
        "9. work on files and documents",
        &["search", "merge", "intake", "jobs", "pending", "sync"],
    ),
    layer(
        "10. the workspace: every command on the work",
        &["workspace"],
    ),
    layer("11. what is kept in browser storage", &["store"]),
];

/// Inside `formats`: the shared helpers (`formats` is its `mod.rs`), then the formats, which
/// know nothing of each other, then the registry that chooses among them.
const FORMAT_LAYERS: &[Layer] = &[
    layer(
        "8a. what every format shares",
        &["formats", "written", "report", "sniff"],
    ),
    Layer {
        name: "8b. the formats, each on its own",
        modules: &[
            "native",
            "doccano",
            "spacy",
            "brat",
            "conll",
            "w3c",
            "label_studio",
        ],
        independent: true,
    },
    layer("8c. choosing a format", &["registry"]),
];

/// A use of one module by another, and where it is.
#[derive(Clone, Debug)]
struct Use {
    from: Vec<String>,
    to: Vec<String>,
    at: String,
}

#[test]
fn core_modules_depend_one_way_with_no_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let uses = uses(&src);
    let top = |path: &[String]| path.first().cloned().unwrap_or_default();
    let mut failures = String::new();

    let edges: Vec<(String, String, String)> = uses
        .iter()
        .map(|u| (top(&u.from), top(&u.to), u.at.clone()))
        .filter(|(a, b, _)| a != b)
        .collect();
    let modules: BTreeSet<String> = top_modules(&src);
    check("core/src", LAYERS, &modules, &edges, &mut failures);

    // Inside `formats`, one level down.
    let second = |path: &[String]| path.get(1).cloned().unwrap_or_else(|| "formats".into());
    let inner: Vec<(String, String, String)> = uses
        .iter()
        .filter(|u| top(&u.from) == "formats" && top(&u.to) == "formats")
        .map(|u| (second(&u.from), second(&u.to), u.at.clone()))
        .filter(|(a, b, _)| a != b)
        .collect();
    let mut format_modules: BTreeSet<String> = child_modules(&src.join("formats"));
    format_modules.insert("formats".into());
    check(
        "core/src/formats",
        FORMAT_LAYERS,
        &format_modules,
        &inner,
        &mut failures,
    );

    assert!(failures.is_empty(), "\n{failures}");
}

/// Checks one graph against its layer table: cycles, uses of a higher layer, uses within an
/// independent layer, and modules the table does not list.
fn check(
    what: &str,
    layers: &[Layer],
    modules: &BTreeSet<String>,
    edges: &[(String, String, String)],
    failures: &mut String,
) {
    let mut graph: BTreeMap<&str, BTreeMap<&str, &str>> = BTreeMap::new();
    for (a, b, at) in edges {
        // Keep the first place each edge is seen, as the example of it.
        graph.entry(a).or_default().entry(b).or_insert(at);
    }
    for cycle in cycles(&graph) {
        let _ = writeln!(failures, "{what}: import cycle {}", cycle.join(" → "));
        for pair in cycle.windows(2) {
            let at = graph[pair[0].as_str()][pair[1].as_str()];
            let _ = writeln!(failures, "    {} uses {} at {at}", pair[0], pair[1]);
        }
    }
    let layer_of = |m: &str| layers.iter().position(|l| l.modules.contains(&m));
    for m in modules {
        if layer_of(m).is_none() {
            let _ = writeln!(
                failures,
                "{what}: module `{m}` is in no layer: add it to the table in core/tests/layers.rs \
                 (and ARCHITECTURE.md)"
            );
        }
    }
    for (a, targets) in &graph {
        for (b, at) in targets {
            let (Some(la), Some(lb)) = (layer_of(a), layer_of(b)) else {
                continue;
            };
            if lb > la {
                let _ = writeln!(
                    failures,
                    "{what}: `{a}` ({}) uses `{b}`, which is above it ({}), at {at}",
                    layers[la].name, layers[lb].name
                );
            } else if la == lb && layers[la].independent {
                let _ = writeln!(
                    failures,
                    "{what}: `{a}` uses `{b}`, and the modules of “{}” must not use each other, \
                     at {at}",
                    layers[la].name
                );
            }
        }
    }
}

/// Every elementary cycle of the graph, each once, starting at its smallest module.
fn cycles(graph: &BTreeMap<&str, BTreeMap<&str, &str>>) -> Vec<Vec<String>> {
    fn walk<'g>(
        graph: &BTreeMap<&'g str, BTreeMap<&'g str, &'g str>>,
        start: &'g str,
        path: &mut Vec<&'g str>,
        out: &mut Vec<Vec<String>>,
    ) {
        let last = path[path.len() - 1];
        for next in graph.get(last).into_iter().flat_map(|t| t.keys()) {
            if *next == start {
                let mut cycle: Vec<String> = path.iter().map(|s| s.to_string()).collect();
                cycle.push(start.to_string());
                out.push(cycle);
            } else if *next > start && !path.contains(next) {
                path.push(next);
                walk(graph, start, path, out);
                path.pop();
            }
        }
    }
    let mut out = Vec::new();
    for start in graph.keys() {
        walk(graph, start, &mut vec![start], &mut out);
    }
    out
}

/// The top-level modules: the files and folders of `core/src` but `lib.rs`.
fn top_modules(src: &Path) -> BTreeSet<String> {
    let mut out = child_modules(src);
    out.remove("lib");
    out
}

/// The modules a folder holds: `x.rs` and `x/`, but not `mod.rs`.
fn child_modules(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(dir).expect("the folder is there") {
        let path = entry.expect("a readable entry").path();
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        if path.is_dir() || (path.extension().is_some_and(|e| e == "rs") && name != "mod") {
            out.insert(name);
        }
    }
    out
}

/// Every `.rs` file below `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the folder is there")
        .map(|e| e.expect("a readable entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file: `formats/brat/ann.rs` is `[formats, brat, ann]`, `formats/mod.rs`
/// is `[formats]`, `lib.rs` is `[]`.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).expect("the file is under src");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

/// Every use of one module by another in the crate.
fn uses(src: &Path) -> Vec<Use> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let exports = root_exports(&std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs"));
    let mut out = Vec::new();
    for file in &files {
        let from = module_path(src, file);
        if from.is_empty() {
            continue; // lib.rs: declarations and re-exports only
        }
        let text = std::fs::read_to_string(file).expect("a readable file");
        let code = code_outside_tests(&text);
        let name = file.strip_prefix(src).unwrap_or(file).display().to_string();
        for (offset, path) in paths(&code) {
            let line = code[..offset].matches('\n').count() + 1;
            let at = format!("core/src/{name}:{line}");
            let Some(to) = resolve(&from, &path, &exports, src) else {
                panic!("{at}: cannot tell which module `{}` is", path.join("::"));
            };
            out.push(Use {
                from: from.clone(),
                to,
                at,
            });
        }
    }
    out
}

/// The names `lib.rs` re-exports (`pub use annotation::{Annotation, …}`), with their module.
fn root_exports(lib: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let code = code_outside_tests(lib);
    for statement in code.split(';') {
        let Some(rest) = statement.trim().strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, names)) = rest.split_once("::") else {
            continue;
        };
        let names = names.trim().trim_start_matches('{').trim_end_matches('}');
        for name in names.split(',') {
            let name = name.split(" as ").last().unwrap_or(name).trim();
            if !name.is_empty() {
                out.insert(name.to_string(), module.trim().to_string());
            }
        }
    }
    out
}

/// The paths in `code` that start with `crate::` or `super::`, each as its segments (one path
/// per member of a `{…}` group), with the byte offset where it starts.
fn paths(code: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !ident(bytes[i - 1]);
        let rest = &bytes[i..];
        if starts_word && (rest.starts_with(b"crate::") || rest.starts_with(b"super::")) {
            let (segments, end) = path_at(code, i);
            for path in segments {
                out.push((i, path));
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// The path (or paths, for a group) starting at byte `start`, and where it ends.
fn path_at(code: &str, start: usize) -> (Vec<Vec<String>>, usize) {
    let bytes = code.as_bytes();
    let mut segments = Vec::new();
    let mut i = start;
    loop {
        let from = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        if i > from {
            segments.push(code[from..i].to_string());
        }
        if code[i..].starts_with("::") {
            i += 2;
            if code[i..].starts_with('{') {
                // A group: every member is its own path, with these segments in front.
                let close = matching(code, i);
                let mut out = Vec::new();
                for member in split_top(&code[i + 1..close]) {
                    let member = member.trim();
                    if member == "self" {
                        out.push(segments.clone());
                        continue;
                    }
                    for tail in path_at(member, 0).0 {
                        let mut path = segments.clone();
                        path.extend(tail);
                        out.push(path);
                    }
                }
                return (out, close + 1);
            }
            continue;
        }
        return (vec![segments], i);
    }
}

/// The byte offset of the `}` that closes the `{` at `open`.
fn matching(code: &str, open: usize) -> usize {
    let mut depth = 0;
    for (i, c) in code[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return open + i;
                }
            }
            _ => {}
        }
    }
    code.len()
}

/// `a, b::{c, d}, e` split at its top-level commas.
fn split_top(group: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut from) = (0, 0);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&group[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    out.push(&group[from..]);
    out.into_iter().filter(|m| !m.trim().is_empty()).collect()
}

/// Resolves a path used in module `from` to the module it names, as deep as the source tree
/// has modules. `None` when the first segment after the crate root is neither a module nor a
/// name the root re-exports.
fn resolve(
    from: &[String],
    path: &[String],
    exports: &BTreeMap<String, String>,
    src: &Path,
) -> Option<Vec<String>> {
    // Where the path starts: the crate root, or a module `super::` climbs to from `from`. A
    // file's code is in its module (`from`), so one `super` is its parent.
    let (mut base, rest): (Vec<String>, &[String]) = match path.first().map(String::as_str) {
        Some("crate") => (Vec::new(), &path[1..]),
        _ => {
            let climbs = path.iter().take_while(|s| *s == "super").count();
            let keep = from.len().checked_sub(climbs)?;
            (from[..keep].to_vec(), &path[climbs..])
        }
    };
    if base.is_empty() {
        let first = rest.first()?;
        if src.join(format!("{first}.rs")).exists() || src.join(first).is_dir() {
            base.push(first.clone());
        } else {
            base.push(exports.get(first)?.clone());
            return Some(base);
        }
        return Some(deepest(base, &rest[1..], src));
    }
    Some(deepest(base, rest, src))
}

/// `base` extended by the segments of `rest` that are modules (files or folders) below it.
fn deepest(mut base: Vec<String>, rest: &[String], src: &Path) -> Vec<String> {
    for segment in rest {
        let dir: PathBuf = base.iter().fold(src.to_path_buf(), |p, s| p.join(s));
        if dir.join(format!("{segment}.rs")).exists() || dir.join(segment).is_dir() {
            base.push(segment.clone());
        } else {
            break;
        }
    }
    base
}

/// The code of a file without its comments and without its `#[cfg(test)]` items. Strings stay
/// (serde's `into = "crate::…"` names a module), but the braces in them do not count.
fn code_outside_tests(text: &str) -> String {
    let code = strip_comments(text);
    let mut out = String::with_capacity(code.len());
    let mut rest = code.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        // Keep the line count: every line of the skipped item stays, empty.
        let after = &rest[at..];
        let end = item_end(after);
        out.extend(after[..end].chars().filter(|c| *c == '\n'));
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Where the item that starts `code` (after its attribute) ends: at its `;` or at the brace
/// that closes its body, whichever comes first, with braces inside strings not counted.
fn item_end(code: &str) -> usize {
    let mut depth = 0usize;
    let mut chars = code.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => skip_string(&mut chars),
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            ';' if depth == 0 => return i + 1,
            _ => {}
        }
    }
    code.len()
}

fn skip_string(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) {
    while let Some((_, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' => return,
            _ => {}
        }
    }
}

/// `text` with `//` and `/* */` comments replaced by nothing (their line breaks kept), string
/// and character literals left as they are.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match (c, next) {
            ('/', Some('/')) => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            ('/', Some('*')) => {
                let mut depth = 0;
                while i < chars.len() {
                    if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                        depth += 1;
                        i += 2;
                    } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        if chars[i] == '\n' {
                            out.push('\n');
                        }
                        i += 1;
                    }
                }
            }
            ('"', _) => {
                // A string, escapes and all (a raw string's `r#` is already out).
                out.push(c);
                i += 1;
                while i < chars.len() {
                    out.push(chars[i]);
                    if chars[i] == '\\' {
                        if let Some(&escaped) = chars.get(i + 1) {
                            out.push(escaped);
                        }
                        i += 2;
                        continue;
                    }
                    i += 1;
                    if chars[i - 1] == '"' {
                        break;
                    }
                }
            }
            ('\'', _) => {
                // A character literal ('"', '\'', '{'), or a lifetime ('a).
                let literal = match (chars.get(i + 1), chars.get(i + 2)) {
                    (Some('\\'), _) => chars[i + 2..]
                        .iter()
                        .position(|c| *c == '\'')
                        .map(|p| i + 2 + p + 1),
                    (Some(_), Some('\'')) => Some(i + 3),
                    _ => None,
                };
                match literal {
                    Some(end) => {
                        out.push_str("' '");
                        i = end;
                    }
                    None => {
                        out.push(c);
                        i += 1;
                    }
                }
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

#[test]
fn the_reader_finds_what_it_must() {
    let code = strip_comments(
        "use crate::{span::Span, text::{to_u32, CharMap}};\n\
         // crate::edit is only mentioned\n\
         #[serde(into = \"crate::schema_file::SchemaShape\")]\n\
         let c = '\"'; let s = \"{\"; super::brat::listed();\n\
         #[cfg(test)]\nmod tests { use crate::merge; }\n\
         fn after() { crate::slug::slugify(\"\"); }",
    );
    let code = code_outside_tests(&code);
    let found: Vec<String> = paths(&code)
        .into_iter()
        .map(|(_, p)| p.join("::"))
        .collect();
    assert_eq!(
        found,
        [
            "crate::span::Span",
            "crate::text::to_u32",
            "crate::text::CharMap",
            "crate::schema_file::SchemaShape",
            "super::brat::listed",
            "crate::slug::slugify",
        ]
    );
    let graph: BTreeMap<&str, BTreeMap<&str, &str>> = BTreeMap::from([
        ("a", BTreeMap::from([("b", "x")])),
        ("b", BTreeMap::from([("c", "x"), ("a", "x")])),
        ("c", BTreeMap::from([("a", "x")])),
    ]);
    assert_eq!(
        cycles(&graph),
        [vec!["a", "b", "a"], vec!["a", "b", "c", "a"]]
    );
}
