//! Hooks the root component uses that talk to the platform asynchronously.

use crate::platform::quota;
use crate::platform::storage::Storage;
use std::rc::Rc;
use yew::prelude::*;

/// How full storage is, as last measured.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StorageFigures {
    pub usage: Option<f64>,
    pub quota: Option<f64>,
    pub persisted: Option<bool>,
    pub local_bytes: u64,
}

impl StorageFigures {
    /// The warning to show when either limit is nearly reached.
    pub fn warning(&self) -> Option<String> {
        let origin = match (self.usage, self.quota) {
            (Some(u), Some(q)) if q > 0.0 => Some(u / q),
            _ => None,
        };
        let local = self.local_bytes as f64 / quota::LOCAL_STORAGE_LIMIT_BYTES as f64;
        postil_core::quota::warning(origin, Some(local))
    }
}

/// Measures storage when `when` changes (documents come or go, the Documents panel opens),
/// and gives the callback that asks the browser to keep the data.
#[hook]
pub fn use_storage_figures<D: PartialEq + 'static>(
    storage: Rc<Storage>,
    when: D,
) -> (StorageFigures, Callback<()>) {
    let figures = use_state(StorageFigures::default);
    let measure = {
        let figures = figures.setter();
        let storage = storage.clone();
        move || {
            let figures = figures.clone();
            let local_bytes = quota::local_storage_bytes(&storage);
            wasm_bindgen_futures::spawn_local(async move {
                let estimate = quota::estimate().await;
                let persisted = quota::persisted().await;
                figures.set(StorageFigures {
                    usage: estimate.as_ref().map(|e| e.usage),
                    quota: estimate.as_ref().map(|e| e.quota),
                    persisted,
                    local_bytes,
                });
            });
        }
    };
    {
        // After the frame is painted: reading every stored key and asking the browser for its
        // estimate should not hold back the first paint, nor the frame after an import.
        let measure = measure.clone();
        use_effect_with(when, move |_| crate::platform::dom::after_paint(measure));
    }
    let on_persist = use_callback((), move |(), _| {
        let measure = measure.clone();
        wasm_bindgen_futures::spawn_local(async move {
            quota::request_persist().await;
            measure();
        });
    });
    ((*figures).clone(), on_persist)
}
