//! Any file a person can hand Postil, by name and bytes, through the app's import path: every
//! exchange format, Postil's own files and schema files, plain text, Markdown and HTML.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((name, bytes)) = postil_fuzz::named(data) else {
        return;
    };
    postil_fuzz::import_file(&name, bytes);
});
