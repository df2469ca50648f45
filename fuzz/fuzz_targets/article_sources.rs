//! Plain text, Markdown, HTML and pasted text as articles (`core::sources`), and taking them
//! into the workspace. The name says which: `x.txt`, `x.md`, `x.html`, or `paste` (the first
//! line of the rest is the title). Bytes that are not UTF-8 are replaced, so that every input
//! reaches the readers (the import_file target covers what becomes of such bytes).
#![no_main]

use libfuzzer_sys::fuzz_target;
use postil_core::sources;
use std::collections::HashSet;

fuzz_target!(|data: &[u8]| {
    let Some((name, bytes)) = postil_fuzz::named(data) else {
        return;
    };
    let text = String::from_utf8_lossy(bytes);
    let read = if name == "paste" {
        let (title, body) = text.split_once('\n').unwrap_or(("", &text));
        sources::from_paste(title, body)
    } else {
        sources::read(&name, &text)
    };
    match read {
        Err(e) => postil_fuzz::assert_human_beside(&e.to_string(), &[data]),
        Ok(article) => {
            assert!(article.annotations.is_empty());
            assert!(!article.title.trim().is_empty() && !article.title.contains('\n'));
            assert!(!article.text.trim().is_empty());
            let mut ws = postil_fuzz::workspace();
            let mut seen = postil_fuzz::deduper();
            ws.take_in(vec![article], &mut seen, &HashSet::new());
            postil_fuzz::assert_sound(&ws);
        }
    }
});
