//! A small element tree built from `html5gum`'s tokens: enough structure to pick a page's
//! article and walk it, no more. It is not a browser's tree: misnested tags are mended only in
//! the common ways (an end tag closes everything opened after its start tag; a block starts a
//! new paragraph; a list item or table cell ends the previous one) and nothing is ever run.
//!
//! Offsets do not arise here: text is kept as the strings between tags, entities decoded.

use html5gum::{DefaultEmitter, Token, Tokenizer};

/// An element index in [`Tree::elements`]; the document itself is element 0.
pub(super) type Id = usize;

#[derive(Debug)]
pub(super) struct Element {
    /// Lower-case tag name; empty for the document.
    pub name: String,
    /// The attributes Postil looks at, lower-case names, values as written.
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug)]
pub(super) enum Node {
    Element(Id),
    Text(String),
}

#[derive(Debug)]
pub(super) struct Tree {
    pub elements: Vec<Element>,
}

/// The deepest nesting kept. Real pages stay far below it; tag soup with thousands of
/// unclosed `<font>` or `<div>` tags would otherwise make walks of the tree this deep.
const MAX_DEPTH: usize = 256;

/// Elements that never have content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose start closes an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "div",
    "dl",
    "fieldset",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

/// The attributes kept; the rest are of no use to extraction.
const KEPT_ATTRIBUTES: &[&str] = &[
    "class",
    "id",
    "itemprop",
    "role",
    "hidden",
    "aria-hidden",
    "property",
    "name",
    "content",
];

impl Tree {
    pub fn parse(html: &str) -> Tree {
        let mut emitter = DefaultEmitter::default();
        // Script, style and title contents are text to the tokenizer, not tags.
        emitter.naively_switch_states(true);
        let mut tree = Tree {
            elements: vec![Element {
                name: String::new(),
                attributes: Vec::new(),
                children: Vec::new(),
            }],
        };
        let mut open: Vec<Id> = vec![0];
        for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
            match token {
                Token::StartTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                    tree.close_implied(&mut open, &name);
                    let attributes = tag
                        .attributes
                        .iter()
                        .map(|(k, v)| {
                            (
                                String::from_utf8_lossy(k).to_ascii_lowercase(),
                                String::from_utf8_lossy(v).into_owned(),
                            )
                        })
                        .filter(|(k, _)| KEPT_ATTRIBUTES.contains(&k.as_str()))
                        .collect();
                    let void = tag.self_closing || VOID.contains(&name.as_str());
                    let id = tree.elements.len();
                    tree.elements.push(Element {
                        name,
                        attributes,
                        children: Vec::new(),
                    });
                    tree.append(&open, Node::Element(id));
                    // Past the depth limit, elements stay empty and their content goes to
                    // the deepest open element, so no walk of the tree can run out of stack.
                    if !void && open.len() < MAX_DEPTH {
                        open.push(id);
                    }
                }
                Token::EndTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                    // An end tag with no open start tag is ignored, like a browser does.
                    if let Some(at) = open.iter().rposition(|&e| tree.elements[e].name == name) {
                        open.truncate(at.max(1));
                    }
                }
                Token::String(text) => {
                    let text = String::from_utf8_lossy(&text).into_owned();
                    tree.append(&open, Node::Text(text));
                }
                // Comments, doctypes and parse errors carry no article text.
                _ => {}
            }
        }
        tree
    }

    fn append(&mut self, open: &[Id], node: Node) {
        let parent = open.last().copied().unwrap_or(0);
        self.elements[parent].children.push(node);
    }

    /// Closes what the start of `name` closes in HTML: an open paragraph before a block, the
    /// previous item before a list item, the previous cell or row in a table.
    fn close_implied(&self, open: &mut Vec<Id>, name: &str) {
        let closes: &[&str] = match name {
            "li" => &["li"],
            "dt" | "dd" => &["dt", "dd"],
            "td" | "th" => &["td", "th"],
            "tr" => &["tr", "td", "th"],
            _ if CLOSES_P.contains(&name) => &["p"],
            _ => return,
        };
        // Only look as far up as the nearest element that scopes them.
        let scope: &[&str] = match name {
            "li" => &["ul", "ol"],
            "dt" | "dd" => &["dl"],
            "td" | "th" | "tr" => &["table"],
            _ => &[
                "div",
                "article",
                "section",
                "blockquote",
                "li",
                "td",
                "main",
                "body",
            ],
        };
        for at in (1..open.len()).rev() {
            let open_name = self.elements[open[at]].name.as_str();
            if closes.contains(&open_name) {
                open.truncate(at);
                return;
            }
            if scope.contains(&open_name) {
                return;
            }
        }
    }

    pub fn element(&self, id: Id) -> &Element {
        &self.elements[id]
    }

    /// Every element in document order, with its parent.
    pub fn parents(&self) -> Vec<Id> {
        let mut parents = vec![0; self.elements.len()];
        for (id, element) in self.elements.iter().enumerate() {
            for child in &element.children {
                if let Node::Element(c) = child {
                    parents[*c] = id;
                }
            }
        }
        parents
    }
}

impl Element {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree as nested tags and text, for comparing.
    fn shape(tree: &Tree, id: Id) -> String {
        let e = tree.element(id);
        let inner: String = e
            .children
            .iter()
            .map(|c| match c {
                Node::Element(c) => shape(tree, *c),
                Node::Text(t) => t.clone(),
            })
            .collect();
        if id == 0 {
            inner
        } else {
            format!("<{}>{}</{}>", e.name, inner, e.name)
        }
    }

    #[test]
    fn mends_common_misnesting() {
        let cases = [
            ("<p>a<p>b", "<p>a</p><p>b</p>"),
            ("<p>a<div>b</div>", "<p>a</p><div>b</div>"),
            ("<ul><li>a<li>b</ul>", "<ul><li>a</li><li>b</li></ul>"),
            (
                "<ul><li>a<ul><li>b</ul></ul>",
                "<ul><li>a<ul><li>b</li></ul></li></ul>",
            ),
            ("<p>a<br>b</p>", "<p>a<br></br>b</p>"),
            ("<b>a</i>b</b>", "<b>ab</b>"),
            ("<div><span>a</div>b", "<div><span>a</span></div>b"),
            (
                "<script>if (a < b) { x = '</p>'; }</script>",
                "<script>if (a < b) { x = '</p>'; }</script>",
            ),
            (
                "<p title=\"x\">A &amp; B&nbsp;&#8217;</p>",
                "<p>A & B\u{a0}\u{2019}</p>",
            ),
            ("<svg><path d=\"M0\"/></svg>t", "<svg><path></path></svg>t"),
        ];
        for (html, want) in cases {
            assert_eq!(shape(&Tree::parse(html), 0), want, "{html}");
        }
    }

    #[test]
    fn nesting_stops_at_the_depth_limit_and_keeps_the_text() {
        let html = format!("{}deep text", "<div>".repeat(100_000));
        let tree = Tree::parse(&html);
        // The document and 255 divs are open; every later div is an empty child of the last.
        let mut path = vec![0];
        while let Some(Node::Element(child)) = tree.element(path[path.len() - 1]).children.first() {
            path.push(*child);
        }
        assert_eq!(path.len(), MAX_DEPTH + 1);
        let deepest_open = tree.element(path[MAX_DEPTH - 1]);
        assert!(matches!(deepest_open.children.last(), Some(Node::Text(t)) if t == "deep text"));
    }
}
