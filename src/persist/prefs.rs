//! The reader's preferences (text size, tour dismissed) in storage: read once at start and
//! written whole when they change (`postil_core::store::prefs`). They are not the work: no
//! revision, no journal copy, and a failed write only means the next start shows the default.

use crate::platform::storage::Storage;
use postil_core::store::{self, Prefs, PREFS_KEY};

/// What storage holds, or the defaults (a first run). A value that cannot be read is copied to
/// a backup key before anything writes over it, and counts as a returning reader's (no tour).
pub fn load(storage: &Storage) -> Prefs {
    let Some(raw) = storage.get(PREFS_KEY) else {
        return Prefs::default();
    };
    match store::parse_prefs(&raw) {
        Ok(prefs) => prefs,
        Err(_) => {
            // Not a notice about a text size: the copy is kept for whoever looks, and the
            // defaults are used until the reader changes something.
            // One backup key for preferences (time 0), written only when it holds something
            // else: this value is read at every start until the reader changes a preference.
            let key = store::backup_key(PREFS_KEY, 0);
            if storage.get(&key).as_deref() != Some(raw.as_str()) {
                let _ = storage.set(&key, &raw);
            }
            Prefs {
                tour_seen: true,
                ..Prefs::default()
            }
        }
    }
}

/// Writes `prefs` over what storage holds now (`Prefs::over`: a tour another tab dismissed
/// stays dismissed). A refusal is ignored: the storage warning already says when nothing is
/// being saved, and a preference is not work to lose.
pub fn save(storage: &Storage, prefs: &Prefs) {
    let stored = (storage.get(PREFS_KEY)).and_then(|raw| store::parse_prefs(&raw).ok());
    let _ = storage.set(PREFS_KEY, &store::prefs_json(&prefs.over(stored)));
}
