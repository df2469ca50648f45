//! How full the browser's storage is: the origin's quota (article texts live in IndexedDB) and
//! localStorage's own, smaller limit (labels), with a warning above 80% and a way to ask the
//! browser to keep the data. Presentational: the app measures (see `platform::quota`) and
//! passes the figures in.

use yew::prelude::*;

/// Above this share of a limit, the meter warns.
pub const WARN_AT: f64 = 0.8;

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

/// `used / limit`, or `None` when the limit is not a positive number.
fn share(used: f64, limit: f64) -> Option<f64> {
    (limit > 0.0 && used.is_finite()).then(|| (used / limit).max(0.0))
}

fn meter(share: f64, label: &'static str) -> Html {
    // `low`/`high` let the browser colour it: calm below 60%, amber to 80%, red above.
    html! {
        <meter class="storage-bar" min="0" max="1" low="0.6" high={WARN_AT.to_string()} optimum="0"
            value={share.min(1.0).to_string()} aria-label={label} />
    }
}

/// The warning sentence when either share is above [`WARN_AT`].
pub fn warning(origin: Option<f64>, local: Option<f64>) -> Option<String> {
    let percent = |s: f64| (s * 100.0).round() as u32;
    let mut parts = Vec::new();
    if let Some(s) = origin.filter(|s| *s > WARN_AT) {
        parts.push(format!("{}% of the browser's space is used", percent(s)));
    }
    if let Some(s) = local.filter(|s| *s > WARN_AT) {
        parts.push(format!("labels take {}% of their limit", percent(s)));
    }
    if parts.is_empty() {
        return None;
    }
    Some(format!(
        "Storage is almost full ({}). Use “Export JSON” to keep your work and delete documents you no longer need, or new changes may not be saved.",
        parts.join("; ")
    ))
}

/// Bytes in the units people read, one decimal at most: "512 B", "12.3 MB", "1.2 GB".
/// Binary multiples (1 MB = 1,048,576 bytes), the way browsers' quotas are set, so the
/// localStorage limit of 10 MiB reads "10 MB". Negative or not-a-number counts read "0 B".
pub fn human_bytes(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    if bytes.is_nan() || bytes < 1.0 {
        return "0 B".into();
    }
    let mut value = bytes;
    let mut unit = 0;
    // Round first, then pick the unit, so 1,048,570 bytes reads "1 MB", not "1024 KB".
    while unit + 1 < UNITS.len() && round1(value) >= 1024.0 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        return format!("{} B", value.round());
    }
    let rounded = round1(value);
    if rounded.fract() == 0.0 {
        format!("{rounded:.0} {}", UNITS[unit])
    } else {
        format!("{rounded:.1} {}", UNITS[unit])
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}
