//! Telling formats apart cheaply: a look at the first byte, or at the first element of a JSON
//! array, without reading the rest of a file that may be large.

/// The first element of a JSON array at the top of `bytes`, if it is a `T`; without reading (or
/// allocating for) the rest of the file, so that telling formats apart stays cheap.
pub(crate) fn first_in_array<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    use serde::de::{Deserializer, Error, SeqAccess, Visitor};
    struct First<'a, T>(&'a mut Option<T>);
    impl<'de, T: serde::de::DeserializeOwned> Visitor<'de> for First<'_, T> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an array")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            *self.0 = seq.next_element()?;
            // Stop here: the rest of the file does not matter.
            Err(A::Error::custom("stop"))
        }
    }
    let mut first = None;
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let _ = serde_json::Deserializer::from_slice(bytes).deserialize_seq(First(&mut first));
    first
}

/// The first byte of `bytes` that is not whitespace or a byte order mark.
pub(crate) fn first_byte(bytes: &[u8]) -> Option<u8> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    bytes.iter().copied().find(|b| !b.is_ascii_whitespace())
}
