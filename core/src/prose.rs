//! Sentences for people: plurals, counts, and a refusal turned into a sentence. Every message
//! Postil shows or reports is built with these, so "1 annotation" and "2 annotations" read the
//! same everywhere.

use std::fmt::Display;

/// "" for one, "s" otherwise: `format!("{n} file{}", plural(n))`.
pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// "1 thing", "3 things", with the singular and plural given (for irregular ones).
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "a", "a and b", "a, b and c": items for a sentence.
pub fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", rest.join(", "), last.as_ref())
        }
    }
}

/// "a", "a or b", "a, b or c": choices for a sentence.
pub fn or_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} or {}", rest.join(", "), last.as_ref())
        }
    }
}

/// An error's text as a sentence: capitalised, ending with a full stop.
pub fn sentence(error: &dyn Display) -> String {
    let text = error.to_string();
    let mut chars = text.chars();
    let mut out: String = chars
        .next()
        .into_iter()
        .flat_map(char::to_uppercase)
        .collect();
    out.push_str(chars.as_str());
    if !out.is_empty() && !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording_table() {
        assert_eq!(format!("{} file{}", 1, plural(1)), "1 file");
        assert_eq!(format!("{} file{}", 0, plural(0)), "0 files");
        assert_eq!(count(1, "note was", "notes were"), "1 note was");
        assert_eq!(count(3, "note was", "notes were"), "3 notes were");
        let lists: [(&[&str], &str); 4] = [
            (&[], ""),
            (&["1"], "1"),
            (&["1", "2"], "1 and 2"),
            (&["1", "2", "3"], "1, 2 and 3"),
        ];
        for (items, want) in lists {
            assert_eq!(and_list(items), want, "{items:?}");
        }
        let cases = [
            ("key “p” is used twice", "Key “p” is used twice."),
            ("already a sentence.", "Already a sentence."),
            ("what?", "What?"),
            ("", ""),
            ("éclair", "Éclair."),
        ];
        for (given, want) in cases {
            assert_eq!(sentence(&given), want, "{given:?}");
        }
    }
}
