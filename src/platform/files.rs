//! Reading files the user picked or dropped.

use wasm_bindgen_futures::JsFuture;

/// A file's name and text.
pub struct PickedFile {
    pub name: String,
    pub text: String,
}

/// Reads `file` as text (an error is a sentence). Its bytes become text in the core
/// (`encoding::decode`: UTF-8, or UTF-16 with a byte order mark), not by the browser's
/// `File.text()`, which reads every file as UTF-8 and puts U+FFFD in place of what is not.
pub async fn read(file: web_sys::File) -> Result<PickedFile, String> {
    let name = file.name();
    let bytes = read_bytes(&file).await?;
    match postil_core::encoding::decode(&bytes) {
        Ok(text) => Ok(PickedFile {
            text: text.into_owned(),
            name,
        }),
        Err(e) => Err(format!("“{name}” could not be read as text: {e}")),
    }
}

/// Reads `file` as text and hands the result to `done`.
pub fn read_text(file: web_sys::File, done: impl FnOnce(Result<PickedFile, String>) + 'static) {
    wasm_bindgen_futures::spawn_local(async move { done(read(file).await) });
}

/// The first file of a file list (from an `<input type=file>` or a drop).
pub fn first_file(list: Option<web_sys::FileList>) -> Option<web_sys::File> {
    list.and_then(|l| l.get(0))
}

/// Every file of a file list, in order.
pub fn all_files(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
        .unwrap_or_default()
}

/// Gives the browser a turn (to paint progress) before going on.
pub async fn pause() {
    gloo::timers::future::TimeoutFuture::new(0).await;
}

/// Reads `file` as bytes (for binary formats: a `.spacy` file, a zip).
pub async fn read_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let name = file.name();
    JsFuture::from(file.array_buffer())
        .await
        .map(|buffer| js_sys::Uint8Array::new(&buffer).to_vec())
        .map_err(|e| format!("the browser could not read “{name}” ({e:?})"))
}
