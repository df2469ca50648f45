//! The sample article Postil opens with on first start (cleaned of scraping artefacts).

use crate::document::Document;

pub const SAMPLE_ID: &str = "russia-pakistan-joint-drills";
pub const SAMPLE_TEXT: &str = include_str!("../samples/russia-pakistan-joint-drills.txt");

/// The sample article; its title is its first line.
pub fn sample_document() -> Document {
    Document::new(SAMPLE_ID, "", SAMPLE_TEXT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::BlockKind;

    #[test]
    fn sample_is_clean_and_structured() {
        let doc = sample_document();
        assert_eq!(
            doc.title(),
            "Russia and Pakistan Strengthening Ties Against Terrorism Discussion to hold joint drills"
        );
        assert!(!SAMPLE_TEXT.contains('\\'), "no escaped quotes");
        assert!(!SAMPLE_TEXT.contains("Add a Comment"), "no site footer");
        let kinds: Vec<_> = doc.blocks().iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds.iter().filter(|k| **k == BlockKind::Heading).count(),
            3
        );
        assert_eq!(kinds[0], BlockKind::Title);
        assert!(SAMPLE_TEXT.contains("Sergey Lavrov"));
    }
}
