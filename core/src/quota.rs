//! How full storage is, in words: the share of a limit used, the warning above 80% of either
//! limit (the origin's quota, localStorage's own), and byte counts as people read them. The
//! browser measures (`platform::quota` in the app); these rules run on the host.

/// Above this share of a limit, Postil warns.
pub const WARN_AT: f64 = 0.8;

/// `used / limit`, or `None` when the limit is not a positive number.
pub fn share(used: f64, limit: f64) -> Option<f64> {
    (limit > 0.0 && used.is_finite()).then(|| (used / limit).max(0.0))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_bytes_table() {
        for (bytes, expected) in [
            (f64::NAN, "0 B"),
            (-5.0, "0 B"),
            (0.0, "0 B"),
            (512.0, "512 B"),
            (1023.4, "1023 B"),
            (1023.96, "1 KB"),
            (1536.0, "1.5 KB"),
            (12.3 * 1024.0 * 1024.0, "12.3 MB"),
            (1_048_570.0, "1 MB"),
            (10.0 * 1024.0 * 1024.0, "10 MB"),
            (1.2 * 1024.0 * 1024.0 * 1024.0, "1.2 GB"),
            (3.0 * 1024f64.powi(5), "3072 TB"),
        ] {
            assert_eq!(human_bytes(bytes), expected, "{bytes}");
        }
    }

    #[test]
    fn shares_and_warnings() {
        assert_eq!(share(5.0, 10.0), Some(0.5));
        assert_eq!(share(5.0, 0.0), None);
        assert_eq!(share(f64::NAN, 10.0), None);
        assert_eq!(share(-1.0, 10.0), Some(0.0));
        let cases = [
            (None, None, None),
            (Some(0.8), Some(0.8), None),
            (
                Some(0.81),
                None,
                Some("(81% of the browser's space is used)"),
            ),
            (None, Some(0.95), Some("(labels take 95% of their limit)")),
            (
                Some(0.9),
                Some(0.9),
                Some("(90% of the browser's space is used; labels take 90% of their limit)"),
            ),
        ];
        for (origin, local, want) in cases {
            let got = warning(origin, local);
            match (got.as_deref(), want) {
                (None, None) => {}
                (Some(g), Some(w)) => {
                    assert!(g.starts_with("Storage is almost full "), "{g}");
                    assert!(g.contains(w), "{g}");
                }
                (g, w) => panic!("{origin:?} {local:?}: {g:?} vs {w:?}"),
            }
        }
    }
}
