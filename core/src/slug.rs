//! File-name slugs for downloads.

/// Lower-case ASCII letters and digits joined by single hyphens, at most `MAX` bytes, cut at a
/// word boundary; non-ASCII letters are dropped. Falls back to `"document"`.
pub fn slugify(title: &str) -> String {
    const MAX: usize = 60;
    let mut out = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let extra = word.len() + usize::from(!out.is_empty());
        if out.len() + extra > MAX {
            if out.is_empty() {
                out.push_str(&word[..MAX].to_ascii_lowercase());
            }
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    if out.is_empty() {
        out.push_str("document");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs() {
        let cases = [
            ("Russia and Pakistan", "russia-and-pakistan"),
            ("  Lavrov’s  visit: day 2!  ", "lavrov-s-visit-day-2"),
            ("北京", "document"),
            ("", "document"),
            (
                "Russia and Pakistan Strengthening Ties Against Terrorism Discussion to hold joint drills",
                "russia-and-pakistan-strengthening-ties-against-terrorism",
            ),
            (&"x".repeat(80), &"x".repeat(60)),
        ];
        for (title, want) in cases {
            assert_eq!(slugify(title), want, "{title:?}");
        }
    }
}
