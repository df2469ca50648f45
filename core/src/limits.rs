//! How much one import may bring into the tab, and the sentences that say so.
//!
//! The app is wasm32: its memory is one heap of at most 4 GiB, and the browser may refuse to
//! grow it well before that. An imported file is in memory several times on its way in (the
//! bytes, the text read from them, its normalised form, the worker's answer, the document
//! and its tokens in the app), and the app keeps every document it holds in memory. So a file
//! is measured before its bytes are read (the shell knows `File.size`) and refused whole,
//! with its name, its size and the limit; the other files of the import still come in.
//! Compressed formats (a spaCy DocBin, a brat zip) are measured again while they are
//! unpacked, against [`MAX_UNPACKED`], counting the bytes actually inflated, never the sizes
//! the file claims.
//!
//! Sizes are bytes (`u64`: a `File.size` can pass 4 GiB even where `usize` is 32 bits), and
//! the sentences write them with [`crate::quota::human_bytes`] (1 MB = 1,048,576 bytes).

use crate::quota::human_bytes;

const MIB: u64 = 1024 * 1024;

/// The largest file one import reads. A 50 MB text (measured in `tests/limits.rs`: about 8
/// million words) comes in well under it; the worker then holds it about four times over.
pub const MAX_FILE: u64 = 64 * MIB;

/// The most all files of one import may come to together.
pub const MAX_IMPORT: u64 = 256 * MIB;

/// The most bytes one compressed file may unpack to: a spaCy DocBin's MessagePack, all the
/// entries of a brat zip together. A DocBin holds about 50 bytes per token, so this is a
/// corpus of some 2.5 million words; a zip bomb stops here instead of filling the heap.
pub const MAX_UNPACKED: u64 = 128 * MIB;

/// What an import may read: the files within the limits (by index, in order), and for each
/// other one its name and why it is refused.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checked {
    pub accepted: Vec<usize>,
    pub refused: Vec<(String, String)>,
}

/// Checks the files of one import, `(name, size in bytes)` in the order they were picked. A
/// file over [`MAX_FILE`] is refused; the others are taken in order until the next would bring
/// the import past [`MAX_IMPORT`], and such a file is refused (a later, smaller one may still
/// fit).
pub fn check_files<N: AsRef<str>>(files: &[(N, u64)]) -> Checked {
    let mut out = Checked::default();
    let mut total = 0u64;
    for (index, (name, size)) in files.iter().enumerate() {
        let name = name.as_ref();
        if *size > MAX_FILE {
            out.refused.push((name.to_string(), too_large(name, *size)));
        } else if total + size > MAX_IMPORT {
            out.refused.push((
                name.to_string(),
                format!(
                    "“{name}” ({}) was not imported: the files before it in this import already come to {}, and one import reads at most {} together. Import it on its own.",
                    human_bytes(*size as f64),
                    human_bytes(total as f64),
                    human_bytes(MAX_IMPORT as f64)
                ),
            ));
        } else {
            total += size;
            out.accepted.push(index);
        }
    }
    out
}

/// The sentence for a file over [`MAX_FILE`].
fn too_large(name: &str, size: u64) -> String {
    format!(
        "“{name}” was not imported: it is {}, and Postil imports files of at most {} (the tab holds every text in memory). Split it into smaller files.",
        human_bytes(size as f64),
        human_bytes(MAX_FILE as f64)
    )
}

/// Why a compressed file is refused once it passed [`MAX_UNPACKED`] while unpacking (the
/// words after "this … file is too large for Postil: ").
pub fn unpacked_too_large() -> String {
    format!(
        "it unpacks to more than {}, the most Postil unpacks from one file (the tab holds every text in memory)",
        human_bytes(MAX_UNPACKED as f64)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_within_the_limits_come_in_and_the_others_say_why() {
        let mb = MIB;
        // (files, accepted, refused names)
        type Case<'a> = (&'a [(&'a str, u64)], &'a [usize], &'a [&'a str]);
        let cases: &[Case] = &[
            (&[], &[], &[]),
            (&[("a.txt", 0)], &[0], &[]),
            (&[("a.txt", MAX_FILE)], &[0], &[]),
            (&[("a.txt", MAX_FILE + 1)], &[], &["a.txt"]),
            (&[("big.bin", 5 << 30), ("a.txt", 10)], &[1], &["big.bin"]),
            // Four files of 64 MB fill one import exactly; a fifth does not fit, a small
            // one after it still does.
            (
                &[
                    ("1", 64 * mb),
                    ("2", 64 * mb),
                    ("3", 64 * mb),
                    ("4", 64 * mb),
                    ("5", 1),
                    ("6", 0),
                ],
                &[0, 1, 2, 3, 5],
                &["5"],
            ),
            (
                &[
                    ("1", 60 * mb),
                    ("2", 60 * mb),
                    ("3", 60 * mb),
                    ("4", 60 * mb),
                    ("5", 20 * mb),
                    ("6", 16 * mb),
                ],
                &[0, 1, 2, 3, 5],
                &["5"],
            ),
        ];
        for (files, accepted, refused) in cases {
            let got = check_files(files);
            assert_eq!(got.accepted, *accepted, "{files:?}");
            let names: Vec<&str> = got.refused.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(names, *refused, "{files:?}");
        }
    }

    #[test]
    fn a_refusal_names_the_file_its_size_and_the_limit() {
        let got = check_files(&[("war and peace.txt", 80 * MIB)]);
        assert_eq!(
            got.refused[0].1,
            "“war and peace.txt” was not imported: it is 80 MB, and Postil imports files of at most 64 MB (the tab holds every text in memory). Split it into smaller files."
        );
        let got = check_files(&[
            ("a", 60 * MIB),
            ("a", 60 * MIB),
            ("a", 60 * MIB),
            ("a", 60 * MIB),
            ("b", 17 * MIB),
        ]);
        assert_eq!(
            got.refused[0].1,
            "“b” (17 MB) was not imported: the files before it in this import already come to 240 MB, and one import reads at most 256 MB together. Import it on its own."
        );
        assert!(unpacked_too_large().contains("128 MB"));
    }
}
