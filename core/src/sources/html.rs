//! A saved web page to Postil blocks: the article's title, its headings and its paragraphs,
//! without the page around it (menus, banners, ads, share buttons, comments, related links).
//!
//! Offsets do not arise here: the result is a title and a list of blocks, each a string with
//! its whitespace collapsed (a `<pre>` keeps its lines). Nothing in the page is run: scripts
//! are dropped as text.
//!
//! The article is the `<article>` with the most paragraph text, else the element with
//! `itemprop="articleBody"`, else `<main>` (or `role="main"`), else `<body>`. Its title is its
//! first `<h1>` (one inside its `<header>` counts), else the `og:title` meta, else `<title>`.
//! Inside it, the text of headings, `p`, `li`, `blockquote`, `pre`, `dt` and `dd` makes blocks; a
//! page that has none of those gives the text of its other block elements instead.

use super::html_tree::{Element, Id, Node, Tree};
use super::markdown::code_lines;
use crate::article::collapse_whitespace;

/// What was found in a page.
pub(super) struct Page {
    pub title: Option<String>,
    pub blocks: Vec<String>,
}

/// Elements that are never article text.
const DROPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "figure",
    "figcaption",
    "dialog",
    "select",
    "textarea",
    "object",
    "video",
    "audio",
    "canvas",
    "head",
    "title",
];

/// Words in a `class` or `id` that mark boilerplate, matched whole...
const BOILERPLATE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "banner",
    "byline",
    "comment",
    "comments",
    "commentlist",
    "consent",
    "disqus",
    "masthead",
    "modal",
    "nav",
    "navbar",
    "navigation",
    "outbrain",
    "popup",
    "recommended",
    "taboola",
    "toolbar",
    "trending",
];

/// ...or as the start of a word.
const BOILERPLATE_STEMS: &[&str] = &[
    "advert",
    "breadcrumb",
    "cookie",
    "footer",
    "menu",
    "newsletter",
    "promo",
    "related",
    "share",
    "sidebar",
    "social",
    "sponsor",
    "subscri",
];

/// Elements whose text makes blocks.
const TEXT_BLOCKS: &[&str] = &[
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "li",
    "blockquote",
    "pre",
    "dt",
    "dd",
];

/// Other elements that start and end a block.
const STRUCTURE: &[&str] = &[
    "address", "article", "body", "caption", "center", "details", "div", "dl", "hr", "main", "ol",
    "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "ul",
];

pub(super) fn extract(html: &str) -> Page {
    let tree = Tree::parse(html);
    let parents = tree.parents();
    let root = article_root(&tree, &parents);
    let heading = title_heading(&tree, root);
    let title = heading
        .map(|h| collapse_whitespace(&visible_text(&tree, h)))
        .filter(|t| !t.is_empty())
        .or_else(|| meta_title(&tree))
        .or_else(|| page_title(&tree, &parents));
    let mut blocks = Blocks::new(&tree, heading, false).of(root);
    if blocks.is_empty() {
        blocks = Blocks::new(&tree, heading, true).of(root);
    }
    Page { title, blocks }
}

/// Whether an element and everything in it is left out of the article.
fn dropped(e: &Element) -> bool {
    if DROPPED.contains(&e.name.as_str())
        || e.attribute("hidden").is_some()
        || e.attribute("aria-hidden") == Some("true")
    {
        return true;
    }
    // A page's `<html>` or `<body>` may carry classes like "has-cookie-banner".
    if matches!(e.name.as_str(), "html" | "body") {
        return false;
    }
    let marks = [e.attribute("class"), e.attribute("id")];
    marks
        .into_iter()
        .flatten()
        .flat_map(|v| v.split(|c: char| !c.is_alphanumeric()))
        .map(str::to_lowercase)
        .any(|word| {
            BOILERPLATE_WORDS.contains(&word.as_str())
                || BOILERPLATE_STEMS.iter().any(|s| word.starts_with(s))
        })
}

/// Whether `id` or any element around it is dropped.
fn in_dropped(tree: &Tree, parents: &[Id], mut id: Id) -> bool {
    while id != 0 {
        if dropped(tree.element(id)) {
            return true;
        }
        id = parents[id];
    }
    false
}

fn article_root(tree: &Tree, parents: &[Id]) -> Id {
    let kept = |pick: &dyn Fn(&Element) -> bool| -> Vec<Id> {
        (1..tree.elements.len())
            .filter(|&id| pick(tree.element(id)) && !in_dropped(tree, parents, id))
            .collect()
    };
    let most_paragraph_text = |candidates: Vec<Id>| {
        candidates
            .into_iter()
            .map(|id| (paragraph_chars(tree, id), id))
            .filter(|(chars, _)| *chars > 0)
            // `max_by_key` keeps the last of equals; the first on the page is wanted.
            .fold(None, |best: Option<(usize, Id)>, c| match best {
                Some(b) if b.0 >= c.0 => Some(b),
                _ => Some(c),
            })
            .map(|(_, id)| id)
    };
    most_paragraph_text(kept(&|e| e.name == "article"))
        .or_else(|| most_paragraph_text(kept(&|e| e.attribute("itemprop") == Some("articleBody"))))
        .or_else(|| {
            kept(&|e| e.name == "main" || e.attribute("role") == Some("main"))
                .first()
                .copied()
        })
        .or_else(|| kept(&|e| e.name == "body").first().copied())
        .unwrap_or(0)
}

/// Characters of visible text in the `<p>` elements inside `id`.
fn paragraph_chars(tree: &Tree, id: Id) -> usize {
    tree.element(id)
        .children
        .iter()
        .map(|child| match child {
            Node::Element(c) if dropped(tree.element(*c)) => 0,
            Node::Element(c) if tree.element(*c).name == "p" => {
                visible_text(tree, *c).trim().chars().count()
            }
            Node::Element(c) => paragraph_chars(tree, *c),
            Node::Text(_) => 0,
        })
        .sum()
}

/// The text inside an element, leaving out what is dropped; `<br>` counts as a space.
fn visible_text(tree: &Tree, id: Id) -> String {
    let mut out = String::new();
    for child in &tree.element(id).children {
        match child {
            Node::Text(t) => out.push_str(t),
            Node::Element(c) if tree.element(*c).name == "br" => out.push(' '),
            Node::Element(c) if !dropped(tree.element(*c)) => out.push_str(&visible_text(tree, *c)),
            Node::Element(_) => {}
        }
    }
    out
}

/// The first `<h1>` in the article. One in a `<header>` counts, but only when an article or
/// main element holds that header: a page's own header has the site's name in its `<h1>`.
fn title_heading(tree: &Tree, root: Id) -> Option<Id> {
    fn find(tree: &Tree, id: Id, in_content: bool) -> Option<Id> {
        for child in &tree.element(id).children {
            let Node::Element(c) = child else { continue };
            let e = tree.element(*c);
            if e.name == "h1" {
                return Some(*c);
            }
            let header = e.name == "header" && in_content;
            if dropped(e) && !header {
                continue;
            }
            let content = in_content || matches!(e.name.as_str(), "article" | "main");
            if let Some(found) = find(tree, *c, content) {
                return Some(found);
            }
        }
        None
    }
    let e = tree.element(root);
    let in_content = matches!(e.name.as_str(), "article" | "main")
        || e.attribute("itemprop") == Some("articleBody")
        || e.attribute("role") == Some("main");
    find(tree, root, in_content)
}

fn meta_title(tree: &Tree) -> Option<String> {
    tree.elements
        .iter()
        .filter(|e| e.name == "meta")
        .find(|e| e.attribute("property").or(e.attribute("name")) == Some("og:title"))
        .and_then(|e| e.attribute("content"))
        .map(collapse_whitespace)
        .filter(|t| !t.is_empty())
}

/// The page's `<title>` (not an SVG image's).
fn page_title(tree: &Tree, parents: &[Id]) -> Option<String> {
    (1..tree.elements.len())
        .filter(|&id| tree.element(id).name == "title")
        .find(|&id| {
            let mut up = parents[id];
            while up != 0 && tree.element(up).name != "svg" {
                up = parents[up];
            }
            up == 0
        })
        .map(|id| {
            let e = tree.element(id);
            let text: String = e
                .children
                .iter()
                .filter_map(|c| match c {
                    Node::Text(t) => Some(t.as_str()),
                    Node::Element(_) => None,
                })
                .collect();
            collapse_whitespace(&text)
        })
        .filter(|t| !t.is_empty())
}

/// Collects blocks from an article, walking it in document order.
struct Blocks<'t> {
    tree: &'t Tree,
    /// The heading that became the title, left out of the blocks.
    title: Option<Id>,
    /// Whether text outside text blocks counts (for pages built of bare `<div>`s).
    loose: bool,
    blocks: Vec<String>,
    buffer: String,
    /// How many text blocks and `<pre>`s the walk is inside.
    in_text: usize,
    in_pre: usize,
}

impl<'t> Blocks<'t> {
    fn new(tree: &'t Tree, title: Option<Id>, loose: bool) -> Self {
        Blocks {
            tree,
            title,
            loose,
            blocks: Vec::new(),
            buffer: String::new(),
            in_text: 0,
            in_pre: 0,
        }
    }

    fn of(mut self, root: Id) -> Vec<String> {
        self.walk(root);
        self.flush();
        self.blocks
    }

    fn walk(&mut self, id: Id) {
        for child in &self.tree.element(id).children {
            match child {
                Node::Text(t) => {
                    if self.in_text > 0 || self.loose {
                        self.buffer.push_str(t);
                    }
                }
                Node::Element(c) => self.element(*c),
            }
        }
    }

    fn element(&mut self, id: Id) {
        let e = self.tree.element(id);
        if Some(id) == self.title || dropped(e) {
            return;
        }
        let name = e.name.as_str();
        let text_block = TEXT_BLOCKS.contains(&name);
        if !text_block && !STRUCTURE.contains(&name) {
            match name {
                "br" => self.buffer.push(' '),
                "td" | "th" => {
                    self.buffer.push(' ');
                    self.walk(id);
                    self.buffer.push(' ');
                }
                _ => self.walk(id),
            }
            return;
        }
        self.flush();
        let pre = usize::from(name == "pre");
        self.in_text += usize::from(text_block);
        self.in_pre += pre;
        self.walk(id);
        self.flush();
        self.in_text -= usize::from(text_block);
        self.in_pre -= pre;
    }

    fn flush(&mut self) {
        let block = if self.in_pre > 0 {
            code_lines(&self.buffer)
        } else {
            collapse_whitespace(&self.buffer)
        };
        self.buffer.clear();
        if !block.is_empty() {
            self.blocks.push(block);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boilerplate_marks() {
        let cases = [
            ("<div class=\"ad-slot\">", true),
            ("<div class=\"shareButtons\">", true),
            ("<div id=\"comments\">", true),
            ("<div class=\"related-stories\">", true),
            ("<div class=\"cookie_banner\">", true),
            ("<div class=\"subscription-box\">", true),
            ("<div class=\"article-header shadow\">", false),
            ("<div class=\"readable loaded\">", false),
            ("<div class=\"commentary\">", false),
            ("<p hidden>", true),
            ("<span aria-hidden=\"true\">", true),
            ("<body class=\"has-cookie-banner\">", false),
        ];
        for (html, want) in cases {
            let tree = Tree::parse(html);
            assert_eq!(dropped(tree.element(1)), want, "{html}");
        }
    }

    #[test]
    fn root_choice() {
        let cases = [
            (
                "<article><p>short</p></article><article><p>the longer one</p></article>",
                Some("the longer one"),
            ),
            (
                "<div itemprop=\"articleBody\"><p>body</p></div><p>outside</p>",
                Some("body"),
            ),
            ("<main><p>in main</p></main><p>outside</p>", Some("in main")),
            (
                "<div role=\"main\"><p>role</p></div><p>outside</p>",
                Some("role"),
            ),
            (
                "<aside><article><p>teaser text here</p></article></aside><main><p>real</p></main>",
                Some("real"),
            ),
            (
                "<body><div>bare div text</div></body>",
                Some("bare div text"),
            ),
        ];
        for (html, want) in cases {
            let page = extract(html);
            assert_eq!(page.blocks.first().map(String::as_str), want, "{html}");
            assert_eq!(page.blocks.len(), 1, "{html}");
        }
    }

    #[test]
    fn title_sources() {
        let cases = [
            (
                "<title>T</title><meta property=\"og:title\" content=\"OG\"><article><header><h1>H</h1></header><p>x</p></article>",
                Some("H"),
            ),
            (
                "<title>T</title><meta property=\"og:title\" content=\" O  G \"><header><h1>Site</h1></header><p>x</p>",
                Some("O G"),
            ),
            ("<title> Page\n title </title><p>x</p>", Some("Page title")),
            ("<svg><title>icon</title></svg><p>x</p>", None),
        ];
        for (html, want) in cases {
            assert_eq!(extract(html).title.as_deref(), want, "{html}");
        }
    }
}
