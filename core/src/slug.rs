//! Names made from titles and ids: file-name slugs, and ids (of documents, of files in a zip)
//! that are not taken yet. ASCII only, so they are safe in any file system and URL.

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

/// An id not in `taken`: `id` itself, or `id-2`, `id-3`, ...
pub fn free_id<'a>(id: &str, taken: impl Fn(&str) -> bool + 'a) -> String {
    if !taken(id) {
        return id.to_string();
    }
    (2u32..)
        .map(|n| format!("{id}-{n}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::{free_id, slugify};

    #[test]
    fn free_ids() {
        let taken = ["a", "a-2", "b"];
        let is_taken = |s: &str| taken.contains(&s);
        assert_eq!(free_id("c", is_taken), "c");
        assert_eq!(free_id("a", is_taken), "a-3");
        assert_eq!(free_id("b", is_taken), "b-2");
    }

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
