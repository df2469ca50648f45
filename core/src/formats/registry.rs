//! Which formats there are, what each holds and cannot hold (one sentence each, for the
//! export and import dialogs and the command line), how to tell them apart, and one entry
//! point to export or import any of them; and [`read_articles`], which reads any file a person
//! may hand Postil (an exchange format, or a plain text, Markdown or HTML article source).

use super::native;
use super::{
    brat, conll, doccano, label_studio, spacy, w3c, Exported, FormatError, Imported, Problem,
};
use crate::article::Article;
use crate::corpus::Corpus;
use crate::encoding::{decode, NotText};
use crate::sources;
use thiserror::Error;

/// Every format Postil exchanges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Native,
    Doccano,
    SpacyJson,
    SpacyBin,
    Brat,
    Conll,
    W3c,
    LabelStudio,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Native,
        Kind::Doccano,
        Kind::SpacyJson,
        Kind::SpacyBin,
        Kind::Brat,
        Kind::Conll,
        Kind::W3c,
        Kind::LabelStudio,
    ];

    /// The name people know it by.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Native => "Postil JSON",
            Kind::Doccano => "doccano JSONL",
            Kind::SpacyJson => "spaCy training JSON",
            Kind::SpacyBin => "spaCy DocBin (.spacy)",
            Kind::Brat => "brat standoff (.zip)",
            Kind::Conll => "CoNLL-2003 / IOB2",
            Kind::W3c => "W3C Web Annotation (JSON-LD)",
            Kind::LabelStudio => "Label Studio JSON",
        }
    }

    /// The short name the command line takes (`--to conll`).
    pub fn id(self) -> &'static str {
        match self {
            Kind::Native => "postil",
            Kind::Doccano => "doccano",
            Kind::SpacyJson => "spacy-json",
            Kind::SpacyBin => "spacy",
            Kind::Brat => "brat",
            Kind::Conll => "conll",
            Kind::W3c => "w3c",
            Kind::LabelStudio => "label-studio",
        }
    }

    /// What the format holds and what it cannot, in one sentence.
    pub fn holds(self) -> &'static str {
        match self {
            Kind::Native => "Everything: texts, labels and colours, annotations (overlapping too), notes, document labels, statuses, your name and a checksum per text.",
            Kind::Doccano => "Texts and labeled spans (overlapping too), one article per line; not notes, document labels or statuses.",
            Kind::SpacyJson => "Texts and entities for spaCy training; overlapping spans go in a separate \"spans\" list; not notes or document labels. spaCy 2's tokenised format (\"paragraphs\", BILUO tags) is read too.",
            Kind::SpacyBin => "A binary DocBin that spaCy 3 loads: tokens, doc.ents, and every span in doc.spans[\"postil\"]; not notes or document labels.",
            Kind::Brat => "A .zip of .txt and .ann files with an annotation.conf, notes as AnnotatorNotes; not document labels or statuses.",
            Kind::Conll => "One token per line with B-/I-/O tags (BIOES tags and word|POS|tag sentences are read too, and column files are known by their content); it cannot hold overlapping spans (the outermost is kept), notes or the original spacing.",
            Kind::W3c => "A JSON-LD AnnotationCollection with quote and position selectors, notes as comments; not document labels or statuses.",
            Kind::LabelStudio => "Label Studio tasks with labels results (and notes as per-region text); not document labels or statuses.",
        }
    }

    /// The end of the file name it is exported under (`corpus.<this>`).
    pub fn extension(self) -> &'static str {
        match self {
            Kind::Native => "postil.json",
            Kind::Doccano => "doccano.jsonl",
            Kind::SpacyJson => "spacy.json",
            Kind::SpacyBin => "spacy",
            Kind::Brat => "brat.zip",
            Kind::Conll => "conll",
            Kind::W3c => "w3c.jsonld",
            Kind::LabelStudio => "label-studio.json",
        }
    }

    /// The name of a file of this kind: `stem`, a dot and [`Kind::extension`]
    /// (`talks.brat.zip`). Every export is named this way, in the app and in the tests.
    pub fn file_name(self, stem: &str) -> String {
        format!("{stem}.{}", self.extension())
    }

    /// The format the command line's `--to` names.
    pub fn by_id(id: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.id().eq_ignore_ascii_case(id))
    }

    /// Exports `corpus` in this format. `annotator` goes where the format has a place for it.
    /// Layers the format has no place for (all but Postil's own; Label Studio keeps one layer
    /// of suggestions as each task's prediction) are counted in `dropped`.
    pub fn export(self, corpus: Corpus, annotator: Option<&str>) -> Exported {
        let mut out = self.written(corpus, annotator);
        let kept = |set: &crate::annotation::AnnotationSet| match self {
            Kind::Native => set.layers().len(),
            Kind::LabelStudio => usize::from((set.layers().iter()).any(|l| {
                l.kind == crate::annotation::LayerKind::Suggestions && !l.annotations.is_empty()
            })),
            _ => 0,
        };
        let left: usize = (corpus.documents.iter())
            .map(|(_, set)| set.layers().len().saturating_sub(kept(set)))
            .sum();
        if left > 0 {
            out.dropped.push(format!(
                "{} of other annotators’ or models’ annotations {} left out ({} has no place \
                 for them; Postil JSON keeps them)",
                crate::prose::count(left, "layer", "layers"),
                if left == 1 { "was" } else { "were" },
                self.name()
            ));
        }
        out
    }

    fn written(self, corpus: Corpus, annotator: Option<&str>) -> Exported {
        match self {
            Kind::Native => Exported {
                mime: "application/json",
                bytes: native::export_by(
                    corpus.schema,
                    corpus.documents.iter().copied(),
                    annotator,
                )
                .into_bytes(),
                dropped: Vec::new(),
            },
            Kind::Doccano => doccano::export(corpus),
            Kind::SpacyJson => spacy::export_json(corpus),
            Kind::SpacyBin => spacy::export_docbin(corpus),
            Kind::Brat => brat::export(corpus),
            Kind::Conll => conll::export(corpus),
            Kind::W3c => w3c::export(corpus),
            Kind::LabelStudio => label_studio::export(corpus),
        }
    }

    /// Reads a file of this format into articles. A Postil file's document labels and done
    /// marks are not articles' business: the app reads Postil files through `native` itself.
    pub fn import(self, file_name: &str, bytes: &[u8]) -> Result<Imported, FormatError> {
        match self {
            Kind::Native => native_articles(file_name, bytes),
            Kind::Doccano => doccano::import(file_name, bytes),
            Kind::SpacyJson => spacy::import_json(file_name, bytes),
            Kind::SpacyBin => spacy::import_docbin(file_name, bytes),
            Kind::Brat => brat::import(file_name, bytes),
            Kind::Conll => conll::import(file_name, bytes),
            Kind::W3c => w3c::import(file_name, bytes),
            Kind::LabelStudio => label_studio::import(file_name, bytes),
        }
    }
}

/// Which format a file is in, from its name and (for `.json`, which several formats use) its
/// content. None for files that are not one of these (plain text, Markdown and HTML are
/// article sources, `crate::sources`).
pub fn detect(file_name: &str, bytes: &[u8]) -> Option<Kind> {
    let name = file_name.to_lowercase();
    if name.ends_with(".spacy") {
        return Some(Kind::SpacyBin);
    }
    if name.ends_with(".zip") {
        return Some(Kind::Brat);
    }
    if named_conll(&name) {
        return Some(Kind::Conll);
    }
    if name.ends_with(".jsonl") {
        return Some(Kind::Doccano);
    }
    if name.ends_with(".jsonld") {
        return Some(Kind::W3c);
    }
    if name.ends_with(".json") {
        // Looked at as text: a UTF-16 file is told apart by what it says, like any other.
        let bytes: &[u8] = &crate::encoding::as_utf8_bytes(bytes);
        let head = &bytes[..bytes.len().min(4096)];
        let text = String::from_utf8_lossy(head);
        if text.contains("\"format\"") && text.contains("\"postil\"") {
            return Some(Kind::Native);
        }
        if w3c::looks_like(bytes) {
            return Some(Kind::W3c);
        }
        if label_studio::looks_like(bytes) {
            return Some(Kind::LabelStudio);
        }
        if spacy::looks_like_json(bytes) {
            return Some(Kind::SpacyJson);
        }
        if doccano::looks_like_array(bytes) {
            return Some(Kind::Doccano);
        }
        // A .json of no known shape: the native reader says what it expected.
        return Some(Kind::Native);
    }
    // Column files often have names that do not say what they are (`eng.train`, `dev.txt`,
    // `a.user0`): their content does. Markdown and HTML files are what their names say.
    let marked = [".md", ".markdown", ".html", ".htm"];
    if !marked.iter().any(|m| name.ends_with(m))
        && conll::looks_like(&crate::encoding::as_utf8_bytes(bytes))
    {
        return Some(Kind::Conll);
    }
    None
}

/// Whether a file's name says it is a CoNLL file (rather than its content).
fn named_conll(file_name: &str) -> bool {
    let name = file_name.to_lowercase();
    [".conll", ".iob", ".iob2", ".bio"]
        .iter()
        .any(|e| name.ends_with(e))
}

/// Why a file could not be read into articles. Nothing of it was read.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ReadError {
    /// A file of an exchange format, refused by its reader.
    #[error(transparent)]
    Format(#[from] FormatError),
    /// A file of no exchange format that is not text (binary, or not UTF-8 or UTF-16 with a
    /// byte order mark).
    #[error(transparent)]
    NotText(#[from] NotText),
    /// A plain text, Markdown or HTML file (or none of these) refused.
    #[error(transparent)]
    Source(#[from] sources::ImportError),
}

/// Reads a file into articles: as the exchange format `kind` when it is one (what [`detect`]
/// says, or what a person chose), else as an article source by its extension. A Postil file
/// read this way loses its document labels and done marks; the app and the command line read
/// those whole with `native::import` instead.
pub fn read_articles(
    file_name: &str,
    bytes: &[u8],
    kind: Option<Kind>,
) -> Result<Imported, ReadError> {
    if let Some(kind) = kind {
        let mut imported = kind.import(file_name, bytes)?;
        if kind == Kind::Conll && !named_conll(file_name) {
            imported.adjusted.insert(
                0,
                "its name does not say what it is: read as CoNLL columns".to_string(),
            );
        }
        return Ok(imported);
    }
    let text = decode(bytes)?;
    Ok(Imported {
        articles: vec![sources::read(file_name, &text)?],
        ..Imported::default()
    })
}

/// A Postil file as articles (for the command line's conversions).
fn native_articles(file_name: &str, bytes: &[u8]) -> Result<Imported, FormatError> {
    let text = decode(bytes)?;
    let file = native::import(&text).map_err(|e| FormatError::Problems {
        format: "Postil",
        problems: vec![Problem {
            at: file_name.to_string(),
            what: e.to_string(),
        }],
        good: None,
    })?;
    let articles = file
        .documents
        .into_iter()
        .map(|d| {
            let mut annotations = Vec::new();
            let mut notes = Vec::new();
            for a in d.annotations.iter() {
                annotations.push((a.span.start, a.span.end, a.label.clone()));
                notes.push(a.note.clone());
            }
            Article {
                suggested: None,
                attributes: Vec::new(),
                title: d.document.title().to_string(),
                text: d.document.text().to_string(),
                id_hint: Some(d.document.id().to_string()),
                annotations,
                source: format!("{file_name} document “{}”", d.document.id()),
                notes,
                relations: Vec::new(),
            }
        })
        .collect();
    Ok(Imported {
        articles,
        ..Imported::default()
    })
}

impl Kind {
    /// The format an output file's name asks for: by its ending, the longest first
    /// (`x.spacy.json` is spaCy JSON, `x.postil.json` Postil's). A bare `.json` is ambiguous.
    pub fn for_output(file_name: &str) -> Option<Kind> {
        let name = file_name.to_lowercase();
        let mut kinds = Kind::ALL.to_vec();
        kinds.sort_by_key(|k| std::cmp::Reverse(k.extension().len()));
        kinds
            .into_iter()
            .find(|k| name.ends_with(&format!(".{}", k.extension())))
            .or_else(|| match name.rsplit('.').next() {
                Some("jsonl") => Some(Kind::Doccano),
                Some("jsonld") => Some(Kind::W3c),
                Some("zip") => Some(Kind::Brat),
                Some("conll" | "iob" | "iob2" | "bio") => Some(Kind::Conll),
                _ => None,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_the_stem_and_the_extension_and_read_back_as_their_kind() {
        let cases = [
            (Kind::Native, "corpus.postil.json"),
            (Kind::Doccano, "corpus.doccano.jsonl"),
            (Kind::SpacyJson, "corpus.spacy.json"),
            (Kind::SpacyBin, "corpus.spacy"),
            (Kind::Brat, "corpus.brat.zip"),
            (Kind::Conll, "corpus.conll"),
            (Kind::W3c, "corpus.w3c.jsonld"),
            (Kind::LabelStudio, "corpus.label-studio.json"),
        ];
        assert_eq!(cases.len(), Kind::ALL.len());
        for (kind, want) in cases {
            assert_eq!(kind.file_name("corpus"), want);
            assert_eq!(Kind::for_output(want), Some(kind), "{want}");
        }
        assert_eq!(Kind::Brat.file_name("talks"), "talks.brat.zip");
    }
}
