//! spaCy's string ids: how a DocBin names every string (token texts, labels) with a `u64`.
//!
//! `spacy.strings.get_string_id`: the empty string is 0; each of spaCy's reserved strings
//! ([`super::symbols::NAMES`], "PERSON", "ORG", …) is its index in that table; any other string
//! is MurmurHash64A of its UTF-8 bytes with seed 1 (`murmurhash.mrmr.hash64`, which spaCy's
//! `hash_utf8` calls). The hash reads 8-byte blocks little-endian, as it does on the x86 and ARM
//! machines spaCy runs on.

use super::symbols::NAMES;
use std::sync::OnceLock;

/// The id spaCy gives `s`.
pub fn string_id(s: &str) -> u64 {
    if s.is_empty() {
        return 0;
    }
    match symbol(s) {
        Some(id) => id,
        None => murmur64a(s.as_bytes(), 1),
    }
}

/// The reserved string with id `id`, if `id` is one.
pub fn symbol_name(id: u64) -> Option<&'static str> {
    usize::try_from(id).ok().and_then(|i| NAMES.get(i)).copied()
}

/// The id of `s` when it is one of spaCy's reserved strings.
fn symbol(s: &str) -> Option<u64> {
    static BY_NAME: OnceLock<Vec<(&'static str, u64)>> = OnceLock::new();
    let by_name = BY_NAME.get_or_init(|| {
        let mut v: Vec<(&str, u64)> = NAMES.iter().copied().zip(0u64..).collect();
        v.sort_unstable();
        v
    });
    by_name
        .binary_search_by(|(name, _)| (*name).cmp(s))
        .ok()
        .map(|i| by_name[i].1)
}

/// MurmurHash64A (Austin Appleby's MurmurHash2, 64-bit version for 64-bit platforms).
pub fn murmur64a(data: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let mut h = seed ^ (data.len() as u64).wrapping_mul(M);
    let mut blocks = data.chunks_exact(8);
    for block in &mut blocks {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(block);
        let mut k = u64::from_le_bytes(bytes);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = blocks.remainder();
    if !tail.is_empty() {
        for (i, byte) in tail.iter().enumerate() {
            h ^= u64::from(*byte) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}
