//! Importing the files a user picked or dropped: Postil's own JSON files go through the native
//! import (which may ask about conflicts); every other file is read and parsed here, one at a
//! time, and its articles handed to the reducer in batches, with a pause after each so the
//! progress bar paints. The reducer keeps the run's report (see `state::intake`).

use crate::platform::files;
use crate::state::{Action, AppState};
use postil_core::import;
use yew::UseReducerDispatcher;

/// Articles handed to the reducer at a time: small enough to paint progress often, large
/// enough that a 1,000-article file is not slowed by re-rendering after each one.
const BATCH: usize = 50;

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
        for (i, f) in others.into_iter().enumerate() {
            let name = f.name();
            match files::read(f).await {
                Err(e) => d.dispatch(Action::ImportSkipped {
                    source: name,
                    reason: e,
                }),
                Ok(p) => match import::read(&p.name, &p.text) {
                    Err(e) => d.dispatch(Action::ImportSkipped {
                        source: name,
                        reason: e.to_string(),
                    }),
                    Ok(articles) => {
                        let batches = articles.len().div_ceil(BATCH).max(1);
                        let mut rest = articles;
                        let mut n = 0;
                        while !rest.is_empty() {
                            let tail = rest.split_off(rest.len().min(BATCH));
                            d.dispatch(Action::ImportArticles(rest));
                            rest = tail;
                            n += 1;
                            d.dispatch(Action::ImportProgress(
                                i as f64 + n as f64 / batches as f64,
                            ));
                            files::pause().await;
                        }
                    }
                },
            }
            d.dispatch(Action::ImportProgress((i + 1) as f64));
            files::pause().await;
        }
        d.dispatch(Action::ImportFinished);
    });
}
