//! Says once that Postil was updated, with what changed: on start, the running build's version
//! (`platform::offline::build_info`) is compared with the last one this browser saw (kept under
//! `store::SEEN_BUILD_KEY`); the rule is `postil_core::release::announcement`.

use crate::notice::{Notice, NoticeKind};
use crate::platform::{offline, storage::Storage};
use crate::state::{Action, AppState};
use postil_core::release::{announcement, BuildInfo};
use postil_core::store::SEEN_BUILD_KEY;
use std::rc::Rc;
use yew::prelude::*;

#[hook]
pub fn use_update_notice(dispatcher: UseReducerDispatcher<AppState>, storage: Rc<Storage>) {
    use_effect_with((), move |_| {
        wasm_bindgen_futures::spawn_local(async move {
            let Some(build) = offline::build_info()
                .await
                .and_then(|j| BuildInfo::parse(&j))
            else {
                return;
            };
            let seen = storage.get(SEEN_BUILD_KEY);
            let news = announcement(seen.as_deref(), &build);
            if seen.as_deref() != Some(build.version.as_str()) {
                // Written before it is shown, so a second tab opened now does not say it again.
                // If storage refuses, the next start says it again: nothing is lost by that.
                let _ = storage.set(SEEN_BUILD_KEY, &build.version);
            }
            if let Some(news) = news {
                dispatcher.dispatch(Action::Notify(Notice {
                    kind: NoticeKind::Info,
                    text: news.text,
                    details: news.details,
                }));
            }
        });
    });
}
