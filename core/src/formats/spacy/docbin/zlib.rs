//! zlib (RFC 1950), the compression around a DocBin's MessagePack, both ways, through flate2
//! (the same pure-Rust deflate the brat zips use, so the wasm holds one copy of it). Inflating
//! reads the stream whole and to its end, and stops at a limit: a small file that unpacks to
//! gigabytes (a zlib bomb) is refused rather than allowed to take the tab down.

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};

/// Why zlib data could not be inflated, in the words the import's refusal quotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum InflateError {
    /// Not a zlib stream, or a damaged one (a wrong header, a bad block, a wrong checksum).
    Invalid,
    /// The stream stops before its end.
    Truncated,
    /// It unpacks to more than the limit.
    TooLarge,
}

impl std::fmt::Display for InflateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            InflateError::Invalid => "Invalid input data",
            InflateError::Truncated => "Truncated input stream",
            InflateError::TooLarge => "Output size exceeded the specified limit",
        })
    }
}

/// `bytes` compressed as zlib at level 6 (zlib's default, what spaCy writes).
pub(super) fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut deflater = Compress::new(Compression::new(6), true);
    let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
    loop {
        let read = usize::try_from(deflater.total_in()).unwrap_or(bytes.len());
        let input = bytes.get(read..).unwrap_or_default();
        match deflater.compress_vec(input, &mut out, FlushCompress::Finish) {
            Ok(Status::StreamEnd) | Err(_) => return out,
            // Out of room: make more and go on.
            Ok(Status::Ok | Status::BufError) => out.reserve(out.capacity().max(64)),
        }
    }
}

/// The data zlib `bytes` hold, at most `limit` bytes of it.
pub(super) fn inflate(bytes: &[u8], limit: usize) -> Result<Vec<u8>, InflateError> {
    let mut inflater = Decompress::new(true);
    let mut out: Vec<u8> =
        Vec::with_capacity(bytes.len().saturating_mul(4).clamp(64, limit.max(64)));
    loop {
        let (read, written) = (inflater.total_in(), inflater.total_out());
        let input = bytes
            .get(usize::try_from(read).unwrap_or(bytes.len())..)
            .unwrap_or_default();
        let status = inflater
            // Not `Finish`: with it, miniz_oxide inflates in one go and cannot go on once the
            // output runs out of room, which it does whenever the data is larger than guessed.
            .decompress_vec(input, &mut out, FlushDecompress::None)
            .map_err(|_| InflateError::Invalid)?;
        if out.len() > limit {
            return Err(InflateError::TooLarge);
        }
        match status {
            Status::StreamEnd => return Ok(out),
            _ if out.len() == out.capacity() => {
                // Double it, but not past the limit (plus one byte, to see it passed).
                out.reserve_exact(out.len().max(64).min(limit.saturating_add(1) - out.len()));
            }
            // Room to write, and nothing moved: the input ended before the stream did.
            _ if inflater.total_in() == read && inflater.total_out() == written => {
                return Err(InflateError::Truncated)
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflate_table() {
        let text: Vec<u8> = (0..5000u32).flat_map(|i| (i % 251).to_le_bytes()).collect();
        let packed = deflate(&text);
        assert!(packed.len() < text.len());
        // (Compared with assert!, so that a failure does not print 20,000 bytes.)
        assert!(inflate(&packed, 1 << 20) == Ok(text.clone()), "round trip");
        assert_eq!(inflate(&deflate(b""), 10), Ok(Vec::new()));
        let cases: [(&[u8], usize, InflateError); 4] = [
            (b"not zlib", 1 << 20, InflateError::Invalid),
            (
                &packed[..packed.len() / 2],
                1 << 20,
                InflateError::Truncated,
            ),
            (
                &packed[..packed.len() - 1],
                1 << 20,
                InflateError::Truncated,
            ),
            (&packed, text.len() - 1, InflateError::TooLarge),
        ];
        for (bytes, limit, want) in cases {
            assert_eq!(inflate(bytes, limit), Err(want), "{} bytes", bytes.len());
        }
        assert!(
            inflate(&packed, text.len()) == Ok(text),
            "exactly at the limit"
        );
    }
}
