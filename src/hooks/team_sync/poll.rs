//! The server's long poll (`_changes?feed=longpoll`): while nothing changes there, one request
//! waits; when something does, a sync runs.

use super::{kick, Ctx, POLL_DEADLINE_MS, POLL_MS};
use crate::platform::http::{self, Unreached};
use postil_core::sync::ids;

/// Waits for the server to say something changed there (`_changes?feed=longpoll`), then
/// syncs. One poll at a time; it ends with its session.
pub(super) fn poll(ctx: &Ctx, session: u32) {
    {
        let mut e = ctx.engine.borrow_mut();
        if e.polling == Some(session) {
            return;
        }
        e.polling = Some(session);
    }
    let ctx = ctx.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let changed = loop {
            let (since, url) = {
                let e = ctx.engine.borrow();
                if e.session != session {
                    break false;
                }
                let (Some(r), Some(s)) = (e.replica.as_ref(), e.settings.as_ref()) else {
                    break false;
                };
                let since = match &r.since {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (since, s.url.clone())
            };
            let url = format!(
                "{url}/_changes?feed=longpoll&limit=1&timeout={POLL_MS}&since={}",
                ids::encode(&since)
            );
            match http::send("GET", &url, None, POLL_DEADLINE_MS).await {
                Ok(r) if r.status == 200 => {
                    let any = serde_json::from_str::<serde_json::Value>(&r.body)
                        .ok()
                        .and_then(|v| v.get("results")?.as_array().map(|a| !a.is_empty()))
                        .unwrap_or(false);
                    if any {
                        break true;
                    }
                }
                Err(Unreached::Timeout) => {}
                // Down, offline or signed out: a sync says which, and tries again.
                _ => break true,
            }
        };
        {
            let mut e = ctx.engine.borrow_mut();
            if e.polling == Some(session) {
                e.polling = None;
            }
        }
        if changed && ctx.current(session) {
            kick(&ctx);
        }
    });
}
