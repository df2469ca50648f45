//! How full the browser's storage is: the origin's quota (article texts live in IndexedDB) and
//! localStorage's own, smaller limit (labels), with a warning above 80% and a way to ask the
//! browser to keep the data. Presentational: the app measures (see `platform::quota`) and
//! passes the figures in; the shares, the warning and the byte counts in words are
//! `postil_core::quota`.

use postil_core::quota::{human_bytes, share, warning, WARN_AT};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StorageMeterProps {
    /// Bytes the origin uses, from `navigator.storage.estimate()`; `None` if unknown.
    pub usage: Option<f64>,
    /// Bytes the origin may use; `None` if unknown.
    pub quota: Option<f64>,
    /// Bytes Postil's keys take in localStorage (`platform::quota::local_storage_bytes`).
    pub local_bytes: u64,
    /// localStorage's limit in the same unit (`platform::quota::LOCAL_STORAGE_LIMIT_BYTES`).
    pub local_limit: u64,
    /// Whether the browser promised not to clear the data; `None` if it cannot say.
    pub persisted: Option<bool>,
    /// The person asks the browser to keep the data.
    pub on_persist: Callback<()>,
}

#[component]
pub fn StorageMeter(props: &StorageMeterProps) -> Html {
    let origin = match (props.usage, props.quota) {
        (Some(usage), Some(quota)) => Some((usage, quota)),
        _ => None,
    };
    let origin_share = origin.and_then(|(usage, quota)| share(usage, quota));
    let local_share = share(props.local_bytes as f64, props.local_limit as f64);
    let warning = warning(origin_share, local_share);
    let persist = props.on_persist.reform(|_: MouseEvent| ());
    html! {
        <section class="storage-meter" aria-label="Storage">
            <p class="storage-line">
                { match origin {
                    Some((usage, quota)) => format!("Storage: {} of {} used", human_bytes(usage), human_bytes(quota)),
                    None => "Storage: the browser does not say how much is used".to_string(),
                } }
            </p>
            if let Some(s) = origin_share {
                { meter(s, "Storage used") }
            }
            <p class="storage-line">
                { format!(
                    "Labels: {} of {} (browser limit for labels)",
                    human_bytes(props.local_bytes as f64),
                    human_bytes(props.local_limit as f64),
                ) }
            </p>
            if let Some(s) = local_share {
                { meter(s, "Label storage used") }
            }
            if let Some(w) = warning {
                <p class="storage-warning" role="alert">{ w }</p>
            }
            { match props.persisted {
                Some(false) => html! {
                    <button type="button" class="storage-persist" onclick={persist}>
                        { "Keep my data (ask the browser not to clear it)" }
                    </button>
                },
                Some(true) => html! {
                    <p class="storage-persisted">{ "The browser keeps this data persistently." }</p>
                },
                None => html! {},
            } }
        </section>
    }
}

fn meter(share: f64, label: &'static str) -> Html {
    // `low`/`high` let the browser colour it: calm below 60%, amber to 80%, red above.
    html! {
        <meter class="storage-bar" min="0" max="1" low="0.6" high={WARN_AT.to_string()} optimum="0"
            value={share.min(1.0).to_string()} aria-label={label} />
    }
}
