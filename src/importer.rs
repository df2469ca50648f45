//! Importing the files a user picked or dropped. Postil's own files go through the native
//! import (which may ask about conflicts); every other file is read by the import/export worker
//! (`platform::worker`), one at a time and in order, by the format its name (or, for `.json`,
//! its content) says, and its articles are handed to the reducer in batches, with a pause after
//! each so the progress bar paints. The reducer keeps the run's report (see `state::intake`).
//! Files are measured against `core::limits` by their size before any is read: one too large
//! is refused with a sentence in the report, and the others still come in.

use crate::notice::Notice;
use crate::platform::dom::now_ms;
use crate::platform::storage::Storage;
use crate::platform::{files, worker};
use crate::state::{Action, AppState};
use postil_core::article::Article;
use postil_core::formats::registry::{self, Kind};
use postil_core::jobs::Answer;
use postil_core::pending::Job;
use postil_core::{limits, store};
use std::cell::Cell;
use std::rc::Rc;
use yew::UseReducerDispatcher;

/// Articles handed to the reducer at a time: small enough to paint progress often, large
/// enough that a 1,000-article file is not slowed by re-rendering after each one.
const BATCH: usize = 50;

/// How long reading small files may go on before the progress bar is brought up to date.
const PAINT_EVERY_MS: u64 = 150;

/// A file read into memory.
struct Read {
    name: String,
    bytes: Vec<u8>,
}

/// What one file came to: articles with the report's sentences on what was left out and what
/// was read differently from the format's usual form, or why it was refused.
enum FileResult {
    Articles {
        articles: Vec<Article>,
        left_out: Vec<String>,
        adjusted: Vec<String>,
        declared: postil_core::formats::Declared,
    },
    Refused(String),
    /// Refused as it was; what may be taken of it (its good records, or each way it reads)
    /// is offered in the report.
    Offered {
        error: String,
        offers: Vec<(String, Vec<Article>, Vec<String>)>,
    },
}

/// Reads a file that is not a Postil file in the worker. Postil files (and `.json` files of
/// no known shape) were sorted out before, by the same `registry::detect` the worker uses, so
/// the bytes go over without a copy kept here.
async fn articles_of(file: Read) -> FileResult {
    let name = file.name;
    match worker::read(&name, file.bytes).await {
        Ok(Answer::Read {
            articles,
            skipped,
            adjusted,
            declared,
        }) => FileResult::Articles {
            articles,
            left_out: skipped,
            adjusted,
            declared,
        },
        Ok(Answer::Refused { error }) => FileResult::Refused(error),
        Ok(Answer::Offered {
            error,
            articles,
            adjusted,
            ..
        }) => {
            let n = articles.len();
            let words = format!(
                "Import its {} (the others stay out)",
                postil_core::prose::count(n, "good record", "good records")
            );
            FileResult::Offered {
                error,
                offers: vec![(words, articles, adjusted)],
            }
        }
        Ok(Answer::Ask { error, choices }) => FileResult::Offered {
            error,
            offers: (choices.into_iter())
                .map(|c| (c.words, c.articles, c.adjusted))
                .collect(),
        },
        Ok(Answer::Native | Answer::Exported { .. } | Answer::Found { .. }) => {
            FileResult::Refused(format!(
                "“{name}” was not imported: the import/export worker did not read it as articles"
            ))
        }
        Err(e) => FileResult::Refused(format!("“{name}” was not imported: {e}")),
    }
}

thread_local! {
    /// An import is under way (one at a time: a second would mix into its report).
    static BUSY: Cell<bool> = const { Cell::new(false) };
    /// The person cancelled the import under way (from its progress bar).
    static CANCELLED: Cell<bool> = const { Cell::new(false) };
}

/// Why a file was not read: the person cancelled the import.
const CANCELLED_REASON: &str = "not imported: the import was cancelled";

/// Cancels the import under way: the file the worker is reading ends at once, the files not yet
/// read are listed in the report as not imported, and what was already added stays.
pub fn cancel() {
    if BUSY.with(Cell::get) {
        CANCELLED.with(|c| c.set(true));
        worker::cancel(Job::Import);
    }
}

fn cancelled() -> bool {
    CANCELLED.with(Cell::get)
}

pub fn import_files(
    list: Vec<web_sys::File>,
    storage: Rc<Storage>,
    d: UseReducerDispatcher<AppState>,
    as_suggestions: bool,
) {
    if list.is_empty() {
        return;
    }
    if BUSY.with(|b| b.replace(true)) {
        d.dispatch(Action::Notify(Notice::error(
            "An import is under way: add these files again when its report has appeared.",
        )));
        return;
    }
    let reserved = move || store::reserved_ids(&*storage);
    CANCELLED.with(|c| c.set(false));
    wasm_bindgen_futures::spawn_local(async move {
        run(list, &d, reserved, as_suggestions).await;
        BUSY.with(|b| b.set(false));
        CANCELLED.with(|c| c.set(false));
    });
}

/// Imports the files; `as_suggestions`: each file's annotations become a layer of
/// suggestions (named after the file) rather than documents of the annotator's own.
async fn run(
    list: Vec<web_sys::File>,
    d: &UseReducerDispatcher<AppState>,
    reserved: impl Fn() -> std::collections::HashSet<String>,
    as_suggestions: bool,
) {
    let batch = |articles: Vec<Article>| Action::ImportArticles {
        articles,
        reserved: reserved(),
    };
    {
        let mut others = Vec::new();
        // Files too large for the tab are refused by their size, before a byte is read.
        let sizes: Vec<(String, u64)> = (list.iter())
            .map(|f| (f.name(), f.size().max(0.0) as u64))
            .collect();
        let checked = limits::check_files(&sizes);
        let mut failed = checked.refused;
        let list = (list.into_iter().enumerate())
            .filter(|(i, _)| checked.accepted.contains(i))
            .map(|(_, f)| f);
        for f in list {
            let name = f.name();
            match files::read_bytes(&f).await {
                Err(e) => failed.push((name, e)),
                Ok(bytes) => {
                    let file = Read { name, bytes };
                    if registry::detect(&file.name, &file.bytes) == Some(Kind::Native) {
                        native(file, d, as_suggestions);
                    } else {
                        others.push(file);
                    }
                }
            }
        }
        if others.is_empty() && failed.is_empty() {
            return;
        }
        d.dispatch(Action::ImportStarted {
            total: others.len() + failed.len(),
        });
        for (source, reason) in failed {
            d.dispatch(Action::ImportSkipped { source, reason });
        }
        files::pause().await;
        // Articles wait here until a batch is full (many small files) or a file is done
        // after a while without a batch; a large file is handed over in batches as it goes.
        let mut waiting: Vec<Article> = Vec::new();
        let mut last = now_ms();
        for (i, file) in others.into_iter().enumerate() {
            let source = file.name.clone();
            if cancelled() {
                d.dispatch(Action::ImportSkipped {
                    source,
                    reason: CANCELLED_REASON.into(),
                });
                continue;
            }
            match articles_of(file).await {
                FileResult::Offered { error, offers } => {
                    d.dispatch(Action::ImportSkipped {
                        source: source.clone(),
                        reason: error,
                    });
                    for (words, articles, adjusted) in offers {
                        if !cancelled() {
                            d.dispatch(Action::ImportOffered(postil_core::workspace::FileOffer {
                                source: source.clone(),
                                words,
                                articles: Rc::new(articles),
                                adjusted,
                            }));
                        }
                    }
                }
                FileResult::Refused(reason) => d.dispatch(Action::ImportSkipped {
                    reason: if cancelled() {
                        CANCELLED_REASON.into()
                    } else {
                        reason
                    },
                    source,
                }),
                FileResult::Articles {
                    articles,
                    left_out,
                    adjusted,
                    declared,
                } => {
                    // The file's declarations first, so its articles find their types.
                    if !declared.is_empty() {
                        d.dispatch(Action::ImportDeclared {
                            source: source.clone(),
                            declared,
                        });
                    }
                    for what in left_out {
                        d.dispatch(Action::ImportLeftOut {
                            source: source.clone(),
                            what,
                        });
                    }
                    for what in adjusted {
                        d.dispatch(Action::ImportAdjusted {
                            source: source.clone(),
                            what,
                        });
                    }
                    if as_suggestions {
                        // A file's suggestions are one layer: taken at once, not in batches.
                        if !cancelled() {
                            d.dispatch(Action::ImportSuggestions {
                                source: source.clone(),
                                articles,
                                reserved: reserved(),
                            });
                        }
                        d.dispatch(Action::ImportProgress((i + 1) as f64));
                        files::pause().await;
                        continue;
                    }
                    let total = articles.len();
                    let count = total.max(1) as f64;
                    for (handed, article) in articles.into_iter().enumerate() {
                        if cancelled() {
                            let left = total - handed;
                            d.dispatch(Action::ImportSkipped {
                                source: source.clone(),
                                reason: format!(
                                    "{left} article{} {CANCELLED_REASON}",
                                    postil_core::prose::plural(left)
                                ),
                            });
                            break;
                        }
                        waiting.push(article);
                        if waiting.len() >= BATCH {
                            d.dispatch(batch(std::mem::take(&mut waiting)));
                            d.dispatch(Action::ImportProgress(
                                i as f64 + (handed + 1) as f64 / count,
                            ));
                            files::pause().await;
                            last = now_ms();
                        }
                    }
                }
            }
            if now_ms().saturating_sub(last) >= PAINT_EVERY_MS {
                if !waiting.is_empty() {
                    d.dispatch(batch(std::mem::take(&mut waiting)));
                }
                d.dispatch(Action::ImportProgress((i + 1) as f64));
                files::pause().await;
                last = now_ms();
            }
        }
        if !waiting.is_empty() {
            d.dispatch(batch(waiting));
        }
        d.dispatch(Action::ImportFinished);
    }
}

/// A Postil file: the native import, which keeps document labels and done marks and asks
/// before replacing annotations.
fn native(file: Read, d: &UseReducerDispatcher<AppState>, as_suggestions: bool) {
    // Where the bytes become text: `encoding::decode` (UTF-8, or UTF-16 with a byte order mark).
    match postil_core::encoding::decode(&file.bytes) {
        Ok(text) if as_suggestions => d.dispatch(Action::ImportNativeSuggestions {
            text: text.into_owned(),
            file_name: file.name,
        }),
        Ok(text) => d.dispatch(Action::ImportNative {
            text: text.into_owned(),
            file_name: file.name,
        }),
        Err(e) => d.dispatch(Action::Notify(Notice::error(format!(
            "Nothing was imported from “{}”: {e}. Your work is unchanged.",
            file.name
        )))),
    }
}
