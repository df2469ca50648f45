//! Loading the workspace back from storage, every value checked; one document another tab
//! added; and moving texts from localStorage into IndexedDB (the text migration).

use super::keys::{
    annotations_key, backup_key, doc_key, history_key, is_text_key, key_kind, KeyKind, DOC_PREFIX,
    INDEX_KEY, PREFIX, SCHEMA_HISTORY_KEY, SCHEMA_KEY, SETTINGS_KEY,
};
use super::revision::Lineage;
use super::shapes::{
    parse_annotations, parse_document, parse_history, parse_index, parse_lineage, parse_schema,
};
use super::Stored;
use crate::annotation::AnnotationSet;
use crate::corpus::AnnotatedDocument;
use crate::edit::DocEdit;
use crate::history::History;
use crate::sample::{sample_document, SAMPLE_ID};
use crate::schema::LabelSchema;
use crate::schema_edit::SchemaEdit;
use std::collections::HashMap;

/// A stored value that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Corrupt {
    pub key: String,
    pub reason: String,
}

/// What [`load`] found.
#[derive(Debug)]
pub struct Loaded {
    pub stored: Stored,
    /// Values that could not be read; the workspace was built without them.
    pub corrupt: Vec<Corrupt>,
    /// True when nothing was stored yet (first start).
    pub first_start: bool,
    /// The revision of each value read, by key.
    pub lineages: HashMap<String, Lineage>,
    /// Documents listed whose text is not there: left out, their annotations left untouched
    /// in storage.
    pub missing: Vec<String>,
    /// Documents not listed, with annotations stored but no text: left untouched in storage
    /// (nothing shows them), and reported.
    pub unlisted: Vec<String>,
}

/// Loads the workspace from storage. `keys` are all keys present, `get` reads one.
pub fn load(keys: &[String], get: impl Fn(&str) -> Option<String>) -> Loaded {
    let mut corrupt = Vec::new();
    let mut bad = |key: &str, reason: String| {
        corrupt.push(Corrupt {
            key: key.to_string(),
            reason,
        })
    };

    let present: std::collections::HashSet<&str> = keys.iter().map(String::as_str).collect();
    let mut lineages = HashMap::new();
    let mut missing = Vec::new();
    let mut schema_history = None;
    let schema = match get(SCHEMA_KEY).map(|raw| parse_schema(&raw)) {
        None => LabelSchema::default_ner(),
        Some(Ok(state)) => {
            lineages.insert(SCHEMA_KEY.to_string(), state.lineage);
            schema_history = state.history;
            state.schema
        }
        Some(Err(reason)) => {
            bad(SCHEMA_KEY, reason.to_string());
            LabelSchema::default_ner()
        }
    };
    for key in [INDEX_KEY, SETTINGS_KEY] {
        if let Some(raw) = get(key) {
            lineages.insert(key.to_string(), parse_lineage(&raw));
        }
    }

    let stored_docs: Vec<String> = keys
        .iter()
        .filter_map(|k| k.strip_prefix(DOC_PREFIX))
        .map(str::to_string)
        .collect();
    let (mut order, current_id) = match get(INDEX_KEY).map(|raw| parse_index(&raw)) {
        None => (stored_docs.clone(), None),
        Some(Ok((ids, current))) => (ids, Some(current)),
        Some(Err(reason)) => {
            bad(INDEX_KEY, reason.to_string());
            (stored_docs.clone(), None)
        }
    };
    // A document stored but missing from the index (another tab wrote its own index over
    // it) is still the user's: list it after the others. A text with neither an index entry
    // nor annotations is what a deletion left behind when removing the text failed.
    for id in stored_docs {
        if !order.contains(&id) && keys.contains(&annotations_key(&id)) {
            order.push(id);
        }
    }

    // Annotations whose document is neither listed nor has its text: nothing can show them,
    // so they are reported (and, like everything unread, never removed).
    let unlisted: Vec<String> = keys
        .iter()
        .filter_map(|k| match key_kind(k) {
            KeyKind::Annotations(id) => Some(id),
            _ => None,
        })
        .filter(|id| *id != SAMPLE_ID && !order.iter().any(|o| o == id))
        .map(str::to_string)
        .collect();

    let mut documents = Vec::new();
    let mut histories = HashMap::new();
    // When none of the listed documents can be read, fall back to the sample, with whatever
    // annotations of it storage holds, rather than to an empty state.
    let sample_only = vec![SAMPLE_ID.to_string()];
    let passes: &[&Vec<String>] = if order.iter().any(|id| id == SAMPLE_ID) {
        &[&order]
    } else {
        &[&order, &sample_only]
    };
    for ids in passes {
        if !documents.is_empty() {
            break;
        }
        for id in ids.iter() {
            if id != SAMPLE_ID && !present.contains(doc_key(id).as_str()) {
                missing.push(id.clone());
                continue;
            }
            if let Some((d, h, lineage)) = read_document(id, &get, &mut bad) {
                if let Some(h) = h.filter(|h| h.can_undo() || h.can_redo()) {
                    histories.insert(id.clone(), h);
                }
                if let Some(l) = lineage {
                    lineages.insert(annotations_key(id), l);
                }
                documents.push(d);
            }
        }
    }
    // Before histories lived beside their values, the schema's had a key of its own.
    let schema_history = match schema_history {
        Some(h) => h,
        None => match get(SCHEMA_HISTORY_KEY).map(|raw| parse_history::<SchemaEdit>(&raw)) {
            None => History::default(),
            Some(Ok(h)) => h,
            Some(Err(reason)) => {
                bad(SCHEMA_HISTORY_KEY, reason.to_string());
                History::default()
            }
        },
    };

    let first_start = !keys.iter().any(|k| k.starts_with(PREFIX));
    if documents.is_empty() {
        // Even the sample's stored text was unreadable: open the built-in one. Whatever could
        // not be read is in `corrupt`, for the caller to keep under backup keys.
        let fresh = Stored::fresh();
        return Loaded {
            stored: Stored {
                schema,
                schema_history,
                ..fresh
            },
            corrupt,
            first_start,
            lineages,
            missing,
            unlisted,
        };
    }
    let current = current_id
        .and_then(|c| documents.iter().position(|d| d.document.id() == c))
        .unwrap_or(0);
    Loaded {
        stored: Stored {
            schema,
            documents,
            current,
            histories,
            schema_history,
        },
        corrupt,
        first_start,
        lineages,
        missing,
        unlisted,
    }
}

/// Reads one document's text, annotations, history and the annotations' revision; what cannot
/// be read goes to `bad`. None when the text is missing or unreadable (its annotations mean
/// nothing without it).
type Read = (AnnotatedDocument, Option<History<DocEdit>>, Option<Lineage>);
fn read_document(
    id: &str,
    get: impl Fn(&str) -> Option<String>,
    bad: &mut impl FnMut(&str, String),
) -> Option<Read> {
    let key = doc_key(id);
    let document = match get(&key).map(|raw| parse_document(id, &raw)) {
        Some(Ok(document)) => document,
        Some(Err(reason)) => {
            bad(&key, reason.to_string());
            return None;
        }
        // The sample is built in, so it needs no stored text.
        None if id == SAMPLE_ID => sample_document(),
        // Listed in the index but never written (storage filled up as it arrived).
        None => return None,
    };
    let akey = annotations_key(id);
    let (annotations, history, lineage) =
        match get(&akey).map(|raw| parse_annotations(&raw, &document)) {
            None => (AnnotationSet::new(document.char_len()), None, None),
            Some(Ok(state)) => (state.annotations, state.history, Some(state.lineage)),
            Some(Err(reason)) => {
                bad(&akey, reason.to_string());
                (AnnotationSet::new(document.char_len()), None, None)
            }
        };
    // Before histories lived beside the annotations, each had a key of its own.
    let history = match history {
        Some(h) => Some(h),
        None => {
            let hkey = history_key(id);
            match get(&hkey).map(|raw| parse_history::<DocEdit>(&raw)) {
                None => None,
                Some(Ok(h)) => Some(h),
                Some(Err(reason)) => {
                    bad(&hkey, reason.to_string());
                    None
                }
            }
        }
    };
    Some((
        AnnotatedDocument {
            document,
            annotations,
        },
        history,
        lineage,
    ))
}

/// A document another tab added, read from storage, with its annotations' revision. None
/// unless its text, annotations and history all read cleanly: this tab then leaves it alone
/// rather than write over it.
pub fn load_document(
    id: &str,
    get: impl Fn(&str) -> Option<String>,
) -> Option<(AnnotatedDocument, History<DocEdit>, Lineage)> {
    let mut clean = true;
    let found = read_document(id, get, &mut |_: &str, _: String| clean = false);
    match found {
        Some((d, h, l)) if clean => Some((d, h.unwrap_or_default(), l.unwrap_or_default())),
        _ => None,
    }
}

/// Moving texts out of localStorage (layout 1, the foundation's) into IndexedDB (layout 2).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextMigration {
    /// Values to put into IndexedDB, by key.
    pub copy: Vec<(String, String)>,
    /// localStorage keys to remove once `copy` is stored (never before).
    pub remove_local: Vec<String>,
}

/// What to move, given the text keys localStorage still holds and what IndexedDB holds.
/// A text in both places with the same value needs only removing from localStorage; a text
/// IndexedDB lacks is copied; a text that differs (never expected: texts are written once) is
/// copied under a backup key, so neither version is lost, and IndexedDB's is the one loaded.
pub fn plan_text_migration(
    local: &[(String, String)],
    texts: &HashMap<String, String>,
    stamp_ms: u64,
) -> TextMigration {
    let mut plan = TextMigration::default();
    for (key, value) in local.iter().filter(|(k, _)| is_text_key(k)) {
        match texts.get(key) {
            Some(held) if held == value => {}
            Some(_) => plan.copy.push((backup_key(key, stamp_ms), value.clone())),
            None => plan.copy.push((key.clone(), value.clone())),
        }
        plan.remove_local.push(key.clone());
    }
    plan
}
