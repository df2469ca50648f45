//! Article sources (saved news pages, Markdown, plain text, pasted text), normalisation and
//! duplicates, through the public API only. Offsets are Unicode scalar values (Python `str`
//! indices), spans half-open. JSONL files are doccano's: `formats_json.rs`.

use postil_core::article::{normalize, Article, Deduper, Seen};
use postil_core::sources::{from_paste, read, ImportError};
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn only(article: Result<Article, ImportError>) -> Article {
    article.expect("the file imports")
}

fn blocks(text: &str) -> Vec<&str> {
    text.split("\n\n").collect()
}

/// Python's `text[start:end]`.
fn py_slice(text: &str, start: u32, end: u32) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

/// Phrases from the page around the article; none may reach the text.
const BOILERPLATE: &[&str] = &[
    "cookie",
    "Accept",
    "Coastal Courier",
    "Sport",
    "Advertisement",
    "Share",
    "Copy link",
    "Photo",
    "Mara",
    "Subscribe",
    "Courier every morning",
    "Topics",
    "Related",
    "teaser",
    "Comment",
    "Reader",
    "rights reserved",
    "Privacy",
    "JavaScript",
    "JSON-LD",
    "dataLayer",
    "Tracking",
    "font-size",
    "Breaking",
    "Home",
    "Staff reporter",
    "Tweet",
    "Promoted",
    "Sponsored",
    "reply",
    "Most read",
    "Storm",
    "Contact us",
    "iframe",
    "must not appear",
    "ads",
];

#[test]
fn news_pages_give_title_and_article_blocks_only() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "harbour-bridge.html",
            "Harbour bridge reopens after two-year repair",
            &[
                "Harbour bridge reopens after two-year repair",
                "The Old Harbour Bridge reopened to traffic on Monday, two years after engineers \
                 found deep cracks in its steel girders.",
                "Mayor Ines Okafor cut the ribbon at 9 a.m. & thanked the repair crews, saying \
                 the city\u{2019}s \u{201c}patience has paid off\u{201d}.",
                "A costly repair",
                "The work cost 48 million euros, well over the first estimate of 30 million. \
                 Most of the overrun came from replacing corroded cables.",
                "\"We found more rust than anyone expected,\" said chief engineer Tomas Berg.",
                "What changes for drivers",
                "Lorries over 20 tonnes stay banned until June.",
                "The cycle lane is now 2.5 m wide.",
                "Ferry services added during the closure will end on 31 March.",
            ],
        ),
        (
            // No <article>: the element with role="main" is the article.
            "night-market.html",
            "Night market returns to Quay Street",
            &[
                "Night market returns to Quay Street",
                "After a three-year break, the night market is back on Quay Street every Friday \
                 from 6 p.m. until midnight.",
                "Organisers expect 80 stalls, from Sichuan noodles to Portuguese past\u{e9}is de \
                 nata \u{2014} and, for the first time, a zero-waste rule.",
                "Parking and transport",
                "The council asks visitors to come by tram; lines 3 & 7 run late on market nights.",
                "Friday   18:00\u{2013}00:00\nSaturday 17:00\u{2013}23:00",
            ],
        ),
    ];
    for (file, title, want) in cases {
        let article = only(read(file, &fixture(file)));
        assert_eq!(article.title, *title, "{file}");
        assert_eq!(blocks(&article.text), *want, "{file}");
        assert_eq!(article.source, *file);
        for phrase in BOILERPLATE {
            assert!(
                !article.text.contains(phrase),
                "{file}: {phrase:?} leaked into {:?}",
                article.text
            );
        }
    }
}

#[test]
fn pages_without_article_markup() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "<html><head><title>Only body</title></head><body><nav>Menu</nav>\
             <p>First &amp; only.</p><footer><p>Foot</p></footer></body></html>",
            "Only body",
            &["Only body", "First & only."],
        ),
        (
            "<body><div>Bare text in a div,<br>no paragraphs.</div></body>",
            "Bare text in a div, no paragraphs.",
            &["Bare text in a div, no paragraphs."],
        ),
    ];
    for (html, title, want) in cases {
        let article = only(read("page.htm", html));
        assert_eq!(article.title, *title, "{html}");
        assert_eq!(blocks(&article.text), *want, "{html}");
    }
    assert_eq!(
        read(
            "empty.html",
            "<html><head><title>T</title></head><body><nav>x</nav></body></html>"
        ),
        Err(ImportError::NoArticle {
            file: "empty.html".into()
        })
    );
    // Tag soup nested far deeper than any page: read without running out of stack.
    let soup = format!("<body>{}<p>Deep text.</p>", "<font><div>".repeat(50_000));
    assert_eq!(only(read("soup.html", &soup)).text, "Deep text.");
    assert_eq!(
        read("blank.html", "<script>alert(1)</script>"),
        Err(ImportError::NoText {
            file: "blank.html".into()
        })
    );
}

#[test]
fn markdown_keeps_headings_paragraphs_items_and_code() {
    let article = only(read("field-notes.md", &fixture("field-notes.md")));
    assert_eq!(article.title, "Field notes from the Vale wetlands");
    assert_eq!(
        blocks(&article.text),
        [
            "Field notes from the Vale wetlands",
            "The survey ran from 4 to 9 May; see the full report for the raw counts.",
            "Species seen",
            "Grey heron, Ardea cinerea",
            "Bearded reedling",
            "two pairs near the hide",
            "Marsh harrier (one female juvenile)",
            "Method",
            "Counts were made at dawn with eBird checklists:",
            "point  time   count\nP1     05:10  14\nP2     05:40   9",
            "Volunteers should wear waders.",
        ]
    );
}

#[test]
fn plain_text_is_kept_with_its_first_line_as_title() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "\r\n\r\nHeadline\r\nStandfirst.\r\n\r\n\r\nBody  \r\n",
            "Headline",
            "Headline\n\nStandfirst.\n\nBody",
        ),
        (
            "\u{feff}Cafe\u{301}\n\nText.",
            "Caf\u{e9}",
            "Caf\u{e9}\n\nText.",
        ),
        ("One line", "One line", "One line"),
    ];
    for (content, title, text) in cases {
        let article = only(read("notes.TXT", content));
        assert_eq!(
            (article.title.as_str(), article.text.as_str()),
            (*title, *text)
        );
    }
    let long = format!("{} end\n\nBody.", "word ".repeat(40));
    let article = only(read("long.txt", &long));
    assert!(article.title.ends_with('…'), "{}", article.title);
    assert!(article.title.chars().count() <= 120);
    assert!(article.text.starts_with("word word"));
}

#[test]
fn empty_and_unknown_files_are_refused_with_a_sentence() {
    let cases = [
        ("a.txt", "", "“a.txt” contains no text"),
        ("a.txt", " \r\n\t\n", "“a.txt” contains no text"),
        ("a.md", "![only an image](x.png)", "“a.md” contains no text"),
        (
            "a.pdf",
            "%PDF",
            "“a.pdf” was not imported: Postil reads .txt, .md, .markdown, .html, .htm and .jsonl files",
        ),
    ];
    for (file, content, message) in cases {
        let error = read(file, content).expect_err(file);
        assert_eq!(error.to_string(), message);
    }
}

#[test]
fn duplicates_within_the_import_and_against_what_is_here() {
    let mut deduper = Deduper::new(["Existing article.\n\nBody.", "Caf\u{e9} story."]);
    let cases = [
        ("Fresh text.", Seen::New),
        ("Fresh text.", Seen::EarlierInImport),
        ("  Fresh text.\n\n", Seen::EarlierInImport),
        ("Fresh text!", Seen::New),
        ("Existing article.\r\n\r\nBody.\r\n", Seen::AlreadyHere),
        ("Existing article.\n\nOther body.", Seen::New),
        ("Existing  article.\n\nBody.", Seen::New),
    ];
    for (text, want) in cases {
        assert_eq!(deduper.check(text), want, "{text:?}");
    }
    // Texts are compared as they come in: normalised where they were read, so "é" written
    // as `e` + U+0301 is the text here, and the same text not yet normalised is not.
    let decomposed = "Cafe\u{301} story.";
    assert_eq!(
        deduper.check(&normalize(decomposed).text),
        Seen::AlreadyHere
    );
    assert_eq!(deduper.check(decomposed), Seen::New);
}

#[test]
fn paste_builds_a_titled_article() {
    let article = from_paste("  Harbour news ", "First paragraph.\r\n\r\nSecond.").unwrap();
    assert_eq!(article.title, "Harbour news");
    assert_eq!(article.text, "Harbour news\n\nFirst paragraph.\n\nSecond.");
    assert_eq!(from_paste("T", "\n \n"), Err(ImportError::EmptyPaste));
    assert_eq!(
        ImportError::EmptyPaste.to_string(),
        "the pasted text is empty"
    );
}

/// Characters that normalisation changes or that meet its edge cases.
fn tricky_char() -> impl Strategy<Value = char> {
    prop::sample::select(vec![
        'a',
        'e',
        'x',
        ' ',
        '\n',
        '\r',
        '\u{301}',
        '\u{300}',
        '\u{323}',
        '\u{308}',
        '\u{e9}',
        '\u{1100}',
        '\u{1161}',
        '\u{11a8}',
        '北',
        '👍',
        '\u{1f3fd}',
        '\u{200d}',
        '\u{212b}',
        '\u{338}',
        '>',
        '\u{f900}',
    ])
}

proptest! {
    #[test]
    fn offset_map_keeps_text_between_mapped_offsets(
        chars in prop::collection::vec(tricky_char(), 0..40),
        cuts in prop::collection::vec(0usize..41, 2),
    ) {
        let written: String = chars.iter().collect();
        let n = normalize(&written);
        let nfc = |s: &str| -> String { s.replace("\r\n", "\n").replace('\r', "\n").nfc().collect() };
        prop_assert_eq!(&n.text, &nfc(&written));
        let len = chars.len() as u32;
        prop_assert_eq!(n.map.map(0), Some(0));
        prop_assert_eq!(n.map.map(len), Some(n.text.chars().count() as u32));
        let (a, b) = (cuts[0].min(cuts[1]) as u32, cuts[0].max(cuts[1]) as u32);
        if let (Some(na), Some(nb)) = (n.map.map(a), n.map.map(b)) {
            prop_assert!(b <= len);
            let old = py_slice(&written, a, b);
            let new = py_slice(&n.text, na, nb);
            prop_assert_eq!(nfc(&old), nfc(&new), "between {} and {}", a, b);
        } else {
            prop_assert!(b > len || n.map.changed_around(a).is_some() || n.map.changed_around(b).is_some() || a > len);
        }
    }
}
