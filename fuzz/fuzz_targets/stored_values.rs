//! What localStorage may hold (any keys, any values: another build's, half-written, broken
//! JSON) read back at start (`store::open`): each value that cannot be read is reported in a
//! sentence and kept (under a backup key), and saving afterwards loses nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use postil_core::store::{self, KeyValue};
use std::collections::HashMap;

fuzz_target!(|data: &[u8]| {
    let values = postil_fuzz::stored_values(data);
    let kv = postil_fuzz::Memory::default();
    *kv.values.borrow_mut() = values.clone();
    let mut opened = store::open(&kv, &HashMap::new(), false, "t1", 1);
    for sentence in &opened.unreadable {
        postil_fuzz::assert_human_beside(sentence, &[data]);
    }
    postil_fuzz::assert_spans(&opened.workspace);
    let (saved, _) = opened.saver.save(&kv, &opened.workspace);
    assert!(saved.is_ok());
    // Every value that could not be read is still there, or under a backup key.
    for sentence in &opened.unreadable {
        let Some(key) = values
            .keys()
            .find(|k| sentence.starts_with(&format!("{k}: ")))
        else {
            // Not a value that could not be read but a document whose text is missing: its
            // annotations are left as they are.
            assert!(
                sentence.contains("text is missing"),
                "the sentence names no stored key: {sentence}"
            );
            let id = sentence
                .split_once('“')
                .and_then(|(_, rest)| rest.split_once('”'))
                .map(|(id, _)| id)
                .unwrap_or_else(|| panic!("the sentence names no document: {sentence}"));
            let key = store::annotations_key(id);
            assert!(kv.get(&key) == values.get(&key).cloned(), "{key}: changed");
            continue;
        };
        let raw = &values[key];
        let kept = kv.get(key).as_ref() == Some(raw)
            || kv
                .keys(store::backup_key(key, 0).trim_end_matches('0'))
                .iter()
                .any(|b| kv.get(b).as_ref() == Some(raw));
        assert!(kept, "{key}: lost after saving");
    }
    // What was saved opens to the same work.
    let again = store::open(&kv, &HashMap::new(), false, "t1", 2);
    assert!(
        again.workspace.docs() == opened.workspace.docs(),
        "the saved work opens otherwise"
    );
});
