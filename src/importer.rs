//! Importing the files a user picked or dropped: Postil's own JSON files go through the native
//! import (which may ask about conflicts); every other file is read and parsed here, one at a
//! time, and its articles handed to the reducer in batches, with a pause after each so the
//! progress bar paints. The reducer keeps the run's report (see `state::intake`).

use crate::platform::dom::now_ms;
use crate::platform::files;
use crate::state::{Action, AppState};
use postil_core::import;
use yew::UseReducerDispatcher;

/// Articles handed to the reducer at a time: small enough to paint progress often, large
/// enough that a 1,000-article file is not slowed by re-rendering after each one.
const BATCH: usize = 50;

/// How long reading small files may go on before the progress bar is brought up to date.
const PAINT_EVERY_MS: u64 = 150;

/// True for a file of Postil's own format (or a colleague's export of it).
fn is_native(name: &str) -> bool {
    name.to_lowercase().ends_with(".json")
}

pub fn import_files(list: Vec<web_sys::File>, d: UseReducerDispatcher<AppState>) {
    if list.is_empty() {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let (native, others): (Vec<_>, Vec<_>) =
            list.into_iter().partition(|f| is_native(&f.name()));
        for f in native {
            match files::read(f).await {
                Ok(p) => d.dispatch(Action::ImportText {
                    file_name: p.name,
                    text: p.text,
                }),
                Err(e) => d.dispatch(Action::Notify(crate::state::Notice::error(format!(
                    "Nothing was imported: {e}. Your work is unchanged."
                )))),
            }
        }
        if others.is_empty() {
            return;
        }
        d.dispatch(Action::ImportStarted {
            total: others.len(),
        });
        files::pause().await;
        // Articles wait here until a batch is full (many small files) or a file is done
        // after a while without a batch; a large file is handed over in batches as it goes.
        let mut waiting: Vec<import::Article> = Vec::new();
        let mut last = now_ms();
        for (i, f) in others.into_iter().enumerate() {
            let name = f.name();
            let articles = match files::read(f).await {
                Err(e) => Err(e),
                Ok(p) => import::read(&p.name, &p.text).map_err(|e| e.to_string()),
            };
            match articles {
                Err(reason) => d.dispatch(Action::ImportSkipped {
                    source: name,
                    reason,
                }),
                Ok(articles) => {
                    let count = articles.len().max(1) as f64;
                    let mut handed = 0;
                    for article in articles {
                        waiting.push(article);
                        handed += 1;
                        if waiting.len() >= BATCH {
                            d.dispatch(Action::ImportArticles(std::mem::take(&mut waiting)));
                            d.dispatch(Action::ImportProgress(i as f64 + handed as f64 / count));
                            files::pause().await;
                            last = now_ms();
                        }
                    }
                }
            }
            if now_ms().saturating_sub(last) >= PAINT_EVERY_MS {
                if !waiting.is_empty() {
                    d.dispatch(Action::ImportArticles(std::mem::take(&mut waiting)));
                }
                d.dispatch(Action::ImportProgress((i + 1) as f64));
                files::pause().await;
                last = now_ms();
            }
        }
        if !waiting.is_empty() {
            d.dispatch(Action::ImportArticles(waiting));
        }
        d.dispatch(Action::ImportFinished);
    });
}
