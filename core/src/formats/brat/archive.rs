//! The zip archive a brat collection travels in.
//!
//! Written deterministically, so that the same corpus always gives the same bytes: entries in
//! name order, deflated, every one dated 1980-01-01 00:00 (the earliest time a zip can hold;
//! no clock is read) with Unix mode 0644. Read with limits, because the file comes from
//! anywhere: at most [`MAX_ENTRIES`] entries and [`MAX_TOTAL`] bytes unpacked, counted on the
//! bytes actually inflated rather than on the sizes the archive claims, and checked as they are
//! inflated (a zip bomb stops at the limit, having taken no more memory than that).

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// The most entries read from one archive.
const MAX_ENTRIES: usize = 100_000;
/// The most bytes unpacked from one archive (a browser tab holds the whole corpus anyway).
const MAX_TOTAL: u64 = crate::limits::MAX_UNPACKED;

/// A zip holding `entries` (name → bytes).
pub(super) fn write(entries: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        // Writing into memory cannot fail for I/O; the names are unique (map keys) and each
        // entry is far below the 4 GiB that would need zip64.
        zip.start_file(name.as_str(), options)
            .expect("a new, unique entry in an in-memory zip");
        zip.write_all(bytes)
            .expect("writing an entry of an in-memory zip");
    }
    zip.finish()
        .expect("finishing an in-memory zip")
        .into_inner()
}

/// One file of an archive: its path inside the archive and its bytes.
pub(super) struct Entry {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Why an archive's files could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Unreadable {
    /// Not a zip, or a damaged one: why.
    Damaged(String),
    /// More entries or more unpacked bytes than Postil reads: why.
    TooLarge(String),
}

/// The files of a zip, in archive order, without directories and without the resource-fork
/// copies macOS adds (`__MACOSX/`, `._name`).
pub(super) fn read(bytes: &[u8]) -> Result<Vec<Entry>, Unreadable> {
    let damaged = |e: String| Unreadable::Damaged(e);
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    if archive.len() > MAX_ENTRIES {
        return Err(Unreadable::TooLarge(format!(
            "it has {} entries, more than the {MAX_ENTRIES} Postil reads",
            archive.len()
        )));
    }
    let mut entries = Vec::new();
    let mut budget = MAX_TOTAL;
    for index in 0..archive.len() {
        let mut file = archive
            .by_index(index)
            .map_err(|e| damaged(e.to_string()))?;
        let name = file.name().to_string();
        let base = name.rsplit('/').next().unwrap_or(&name);
        if file.is_dir() || name.starts_with("__MACOSX/") || base.starts_with("._") {
            continue;
        }
        let mut out = Vec::new();
        // One byte past the budget tells a file that is too big from one that just fits.
        (&mut file)
            .take(budget + 1)
            .read_to_end(&mut out)
            .map_err(|e| damaged(format!("{name} cannot be unpacked ({e})")))?;
        let read = out.len() as u64;
        if read > budget {
            return Err(Unreadable::TooLarge(crate::limits::unpacked_too_large()));
        }
        budget -= read;
        entries.push(Entry { name, bytes: out });
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_same_bytes_every_time_and_reads_them_back() {
        let entries: BTreeMap<String, Vec<u8>> = [
            ("b.txt".to_string(), "北京 🇵🇰\n".as_bytes().to_vec()),
            ("a.ann".to_string(), Vec::new()),
        ]
        .into_iter()
        .collect();
        let zip = write(&entries);
        assert_eq!(zip, write(&entries));
        let back = read(&zip).unwrap();
        let names: Vec<&str> = back.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["a.ann", "b.txt"]);
        assert_eq!(back[1].bytes, entries["b.txt"]);
    }

    #[test]
    fn refuses_what_is_not_a_zip() {
        assert!(read(b"T1\tPER 0 5\tHello").is_err());
        assert!(read(&[]).is_err());
    }
}
