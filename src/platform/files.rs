//! Reading files the user picked or dropped.

use wasm_bindgen_futures::JsFuture;

/// A file's name and text.
pub struct PickedFile {
    pub name: String,
    pub text: String,
}

/// Reads `file` as UTF-8 text and hands the result to `done` (an error is a sentence).
pub fn read_text(file: web_sys::File, done: impl FnOnce(Result<PickedFile, String>) + 'static) {
    let name = file.name();
    wasm_bindgen_futures::spawn_local(async move {
        let result = JsFuture::from(file.text())
            .await
            .map_err(|e| format!("the browser could not read “{name}” ({e:?})"))
            .and_then(|v| {
                v.as_string()
                    .ok_or_else(|| format!("“{name}” did not read as text"))
            })
            .map(|text| PickedFile { name, text });
        done(result);
    });
}

/// The first file of a file list (from an `<input type=file>` or a drop).
pub fn first_file(list: Option<web_sys::FileList>) -> Option<web_sys::File> {
    list.and_then(|l| l.get(0))
}
