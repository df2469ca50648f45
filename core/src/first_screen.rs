//! The first screen of a first visit as plain HTML, for `index.html` to show while the app's
//! wasm is still on its way: the sample article (title, headings, paragraphs) and the default
//! labels, in the app's own layout and styles, disabled, with "Starting Postil…" where the app's
//! hint goes. A first visit can read the article at once, before the app has started; the app
//! takes this copy away when it draws its own (`src/lib.rs`), and a returning visit (whose
//! first screen is its own work) never shows it (`index.html`'s first script).
//!
//! The page holds what [`html`] writes between [`BEGIN`] and [`END`]; a test keeps them equal
//! (`POSTIL_WRITE_FIRST_SCREEN=1 cargo test -p postil-core first_screen` writes it again).

use crate::document::{BlockKind, Document};
use crate::schema::LabelSchema;

pub const BEGIN: &str =
    "<!-- The first screen until the app starts: written by postil_core::first_screen. -->";
pub const END: &str = "<!-- /first-screen -->";

/// Text as HTML text: `&`, `<` and `>` escaped (and `"`, for attribute values).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The first screen of `doc` with `schema`'s labels, as lines of HTML indented for the page's
/// `<body>`, [`BEGIN`] and [`END`] included.
pub fn html(doc: &Document, schema: &LabelSchema) -> String {
    let mut out = vec![
        format!("    {BEGIN}"),
        r#"    <div id="first-screen" class="app">"#.to_string(),
        // The spacer is as tall as the app's toolbar buttons, which are not here yet.
        r#"      <header class="toolbar"><span class="brand">Postil</span><button type="button" class="first-spacer" tabindex="-1" aria-hidden="true" disabled>Postil</button></header>"#.to_string(),
        r#"      <div class="workspace">"#.to_string(),
        r#"        <main class="reader">"#.to_string(),
        r#"          <div class="palette">"#.to_string(),
    ];
    for l in schema.labels() {
        out.push(format!(
            r#"            <button type="button" class="label-button" style="--label: {}" disabled><span class="label-name">{}</span><kbd>{}</kbd></button>"#,
            escape(&l.color.to_string()),
            escape(&l.name),
            escape(&l.key.to_string()),
        ));
    }
    out.push(r#"            <span class="hint" role="status">Starting Postil…</span>"#.into());
    out.push("          </div>".into());
    out.push(r#"          <article class="article" lang="en">"#.into());
    for b in doc.blocks() {
        let text = escape(doc.slice(b.span).unwrap_or_default());
        out.push(match b.kind {
            BlockKind::Title => format!(r#"            <h1 class="block first-title">{text}</h1>"#),
            BlockKind::Heading => {
                format!(r#"            <h2 class="block doc-heading">{text}</h2>"#)
            }
            BlockKind::Paragraph => format!(r#"            <p class="block doc-para">{text}</p>"#),
        });
    }
    out.extend(
        [
            "          </article>",
            "        </main>",
            r#"        <aside class="side-panel"></aside>"#,
            "      </div>",
            "    </div>",
        ]
        .map(String::from),
    );
    out.push(format!("    {END}"));
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample::sample_document;

    const PAGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../index.html");

    #[test]
    fn escapes_text_and_attribute_values() {
        let cases = [
            ("plain", "plain"),
            ("<b>&amp;</b>", "&lt;b&gt;&amp;amp;&lt;/b&gt;"),
            ("say \"hi\"", "say &quot;hi&quot;"),
            ("Zoë’s 👋", "Zoë’s 👋"),
        ];
        for (text, want) in cases {
            assert_eq!(escape(text), want, "{text}");
        }
    }

    #[test]
    fn shows_every_block_of_the_document_as_text() {
        let doc = Document::new("d", "", "A <title>\n\nFirst & only.\n\nNot <b>bold</b>.");
        let out = html(&doc, &LabelSchema::default_ner());
        assert!(out.contains(r#"<h1 class="block first-title">A &lt;title&gt;</h1>"#));
        assert!(out.contains(r#"<p class="block doc-para">First &amp; only.</p>"#));
        assert!(out.contains(r#"<p class="block doc-para">Not &lt;b&gt;bold&lt;/b&gt;.</p>"#));
        assert!(out.contains(r#"<span class="label-name">PERSON</span><kbd>p</kbd>"#));
        // Nothing the tests and the app know the app's own first screen by.
        assert!(!out.contains("doc-title"));
        assert!(out.starts_with(&format!("    {BEGIN}")) && out.ends_with(END));
    }

    /// The page holds the sample's first screen as this module writes it, and tells a returning
    /// visit by the key of the stored workspace's index. (One test: in its writing mode it
    /// writes the page, which another test would be reading.)
    #[test]
    fn the_page_holds_the_first_screen_of_the_sample() {
        let page = std::fs::read_to_string(PAGE).expect("index.html");
        let check = format!("localStorage.getItem('{}')!==null", crate::store::INDEX_KEY);
        assert!(page.contains(&check), "index.html should test {check}");
        let want = html(&sample_document(), &LabelSchema::default_ner());
        let (Some(start), Some(end)) = (page.find(&format!("    {BEGIN}")), page.find(END)) else {
            panic!("index.html has no first screen between {BEGIN} and {END}");
        };
        let held = &page[start..end + END.len()];
        if held != want {
            if std::env::var_os("POSTIL_WRITE_FIRST_SCREEN").is_some() {
                let page = format!("{}{want}{}", &page[..start], &page[end + END.len()..]);
                std::fs::write(PAGE, page).expect("index.html written");
                return;
            }
            panic!(
                "index.html's first screen is not the sample's as postil_core::first_screen writes \
                 it: run POSTIL_WRITE_FIRST_SCREEN=1 cargo test -p postil-core first_screen"
            );
        }
    }
}
