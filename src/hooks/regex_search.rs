//! Regular-expression search in the worker: when the open search waits for hits
//! (`state::Search::waiting`), its query and the document's text go to the worker, and what it
//! finds comes back as `Action::RegexFound`. A search that changed meanwhile (another query or
//! document) leaves the answer unused; the reducer checks.

use crate::platform::worker;
use crate::state::{Action, AppState};
use postil_core::jobs::Answer;
use yew::prelude::*;

#[hook]
pub fn use_regex_search(state: &AppState, dispatch: UseReducerDispatcher<AppState>) {
    let waiting = (state.search.as_ref())
        .filter(|s| s.waiting)
        .map(|s| (state.doc().id().to_string(), s.query.clone()));
    let document = state.doc().document.clone();
    use_effect_with(waiting, move |waiting| {
        if let Some((doc, query)) = waiting.clone() {
            wasm_bindgen_futures::spawn_local(async move {
                let answer = worker::search(document.text(), &query.text, query.case_sensitive);
                let found = match answer.await {
                    Ok(Answer::Found { hits }) => Ok(hits),
                    Ok(Answer::Refused { error }) => Err(error),
                    Ok(_) => Err("the search did not run: the worker gave another answer".into()),
                    Err(e) => Err(format!("the search did not run: {e}")),
                };
                dispatch.dispatch(Action::RegexFound { doc, query, found });
            });
        }
    });
}
