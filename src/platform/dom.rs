//! Reading the browser's text selection as Postil offsets, and small DOM chores.
//!
//! The article is rendered as runs in blocks. Each block carries `data-o`, the `char` offset in
//! the document where its text starts; a run (a bare text node, or a labeled, selected or found
//! run's element) starts where the block's children before it end (label tags hold no text),
//! so runs carry no offset of their own: 5,000 labeled runs are 5,000 attributes fewer to set. The DOM reports selection ends as
//! (node, UTF-16 offset); this module turns them into `char` offsets with
//! `postil_core::text::utf16_to_char`, the one conversion point.

use postil_core::text::utf16_to_char;
use wasm_bindgen::JsCast;
use web_sys::{Element, Node};

/// What the user's pointer selected in the article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PointerSelection {
    pub start: u32,
    pub end: u32,
}

/// Reads the current selection as document offsets and clears it (the app draws its own,
/// snapped to words). An end outside `root` counts as the start or the end of the article,
/// whichever side it is on. For a click (a collapsed selection) both offsets are the
/// character under the pointer at `x`, not the caret, which sits between two characters.
pub fn take_selection(root: &Element, x: f64) -> Option<PointerSelection> {
    let selection = web_sys::window()?.get_selection().ok()??;
    if selection.range_count() == 0 {
        return None;
    }
    let anchor = selection.anchor_node()?;
    let focus = selection.focus_node()?;
    let (a_off, f_off) = (selection.anchor_offset(), selection.focus_offset());
    let collapsed = selection.is_collapsed();
    let _ = selection.remove_all_ranges();
    if collapsed {
        // A click lands in a text node; anywhere else (a paragraph the browser has not laid
        // out yet, a margin) it names no character, and guessing one would label the wrong word.
        if anchor.node_type() != Node::TEXT_NODE {
            return None;
        }
        let at = char_under(root, &anchor, a_off, x)?;
        return Some(PointerSelection { start: at, end: at });
    }
    let a = offset_of(root, &anchor, a_off)?;
    let f = offset_of(root, &focus, f_off)?;
    Some(PointerSelection {
        start: a.min(f),
        end: a.max(f),
    })
}

/// The character under the pointer for a caret at (node, UTF-16 offset): the one before the
/// caret when the pointer is over it, else the one after.
fn char_under(root: &Element, node: &Node, offset: u32, x: f64) -> Option<u32> {
    let caret = offset_of(root, node, offset)?;
    if node.node_type() != Node::TEXT_NODE || offset == 0 || caret == 0 {
        return Some(caret);
    }
    let text = node.text_content().unwrap_or_default();
    let before = postil_core::text::utf16_to_char(&text, offset).saturating_sub(1);
    let start16 = postil_core::text::char_to_utf16(&text, before);
    let range = web_sys::window()?.document()?.create_range().ok()?;
    range.set_start(node, start16).ok()?;
    range.set_end(node, offset).ok()?;
    let rect = range.get_bounding_client_rect();
    Some(if x <= rect.right() { caret - 1 } else { caret })
}

/// The document offset of a DOM position (node, offset); positions outside `root` are clamped
/// to its start or end.
fn offset_of(root: &Element, node: &Node, offset: u32) -> Option<u32> {
    if !root.contains(Some(node)) {
        let following =
            root.compare_document_position(node) & Node::DOCUMENT_POSITION_FOLLOWING != 0;
        return if following {
            last_run_end(root)
        } else {
            Some(0)
        };
    }
    if node.node_type() == Node::TEXT_NODE {
        let base = start_of(node)?;
        let text = node.text_content().unwrap_or_default();
        return Some(base + utf16_to_char(&text, offset));
    }
    // An element position: `offset` counts child nodes. Use the run starting at that child,
    // or the end of the element's last run.
    let element: &Element = node.dyn_ref()?;
    let children = element.child_nodes();
    if let Some(child) = children.item(offset) {
        return first_run_start(&child);
    }
    let last = children.item(children.length().checked_sub(1)?)?;
    last_run_end(&last)
}

fn run_start(element: &Element) -> Option<u32> {
    element.get_attribute("data-o")?.parse().ok()
}

/// The document offset where `node` starts: an element's own `data-o` (a block's); else where
/// the children of its parent before it end (counted on from the nearest one with `data-o`
/// among them, or from where the parent starts). So a run, a text node in a run, or a label
/// tag, which holds no text, starts where what comes before it ends.
fn start_of(node: &Node) -> Option<u32> {
    if let Some(at) = node.dyn_ref::<Element>().and_then(run_start) {
        return Some(at);
    }
    let chars = |n: &Node| postil_core::text::char_len(&n.text_content().unwrap_or_default());
    let mut before = 0;
    let mut sibling = node.previous_sibling();
    while let Some(s) = sibling {
        if let Some(at) = s.dyn_ref::<Element>().and_then(run_start) {
            return Some(at + chars(&s) + before);
        }
        before += chars(&s);
        sibling = s.previous_sibling();
    }
    // Inside a run element (a labeled, selected or found run), count on from where it starts.
    let parent = node.parent_element()?;
    let base = match run_start(&parent) {
        Some(at) => at,
        None => start_of(parent.as_ref())?,
    };
    Some(base + before)
}

/// The last text node at or below `node` that holds text.
fn last_text(node: &Node) -> Option<Node> {
    if node.node_type() == Node::TEXT_NODE {
        return (!node.text_content().unwrap_or_default().is_empty()).then(|| node.clone());
    }
    let mut child = node.last_child();
    while let Some(c) = child {
        if let Some(t) = last_text(&c) {
            return Some(t);
        }
        child = c.previous_sibling();
    }
    None
}

/// Start offset of the first text run at or below `node`.
fn first_run_start(node: &Node) -> Option<u32> {
    if let Some(el) = node.dyn_ref::<Element>() {
        if let Some(o) = run_start(el) {
            return Some(o);
        }
        if let Some(inner) = el.query_selector("[data-o]").ok().flatten() {
            return run_start(&inner);
        }
    }
    // A text node, or an element holding no run (a label tag).
    start_of(node)
}

/// End offset of the last text run at or below `node`.
fn last_run_end(node: &Node) -> Option<u32> {
    match last_text(node) {
        Some(text) => {
            let start = start_of(&text)?;
            Some(start + postil_core::text::char_len(&text.text_content().unwrap_or_default()))
        }
        // No text at all (an empty element, a label tag): where it starts.
        None => start_of(node),
    }
}

/// The id of the annotation whose label tag (`id="ann-N"`) or side-panel item (`data-ann`) is
/// at or above the event target, if any.
pub fn annotation_under(target: Option<web_sys::EventTarget>) -> Option<u32> {
    let el: Element = target?.dyn_into::<Node>().ok().and_then(|n| {
        n.dyn_ref::<Element>()
            .cloned()
            .or_else(|| n.parent_element())
    })?;
    let holder = el.closest("[data-ann], .tag[id^='ann-']").ok().flatten()?;
    match holder.get_attribute("data-ann") {
        Some(id) => id.parse().ok(),
        None => holder.id().strip_prefix("ann-")?.parse().ok(),
    }
}

/// True when the keyboard event is aimed at a field where keys mean typing (a text input, a
/// text area, a menu, editable content); checkboxes and buttons are not.
pub fn is_typing_target(target: Option<web_sys::EventTarget>) -> bool {
    let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else {
        return false;
    };
    match el.tag_name().as_str() {
        "TEXTAREA" | "SELECT" => true,
        "INPUT" => {
            let kind = el
                .get_attribute("type")
                .unwrap_or_default()
                .to_ascii_lowercase();
            !matches!(
                kind.as_str(),
                "checkbox" | "radio" | "button" | "submit" | "reset" | "file" | "color" | "range"
            )
        }
        _ => el.is_content_editable(),
    }
}

/// Scrolls the first element matching `selector` to the middle of the view.
pub fn scroll_to(selector: &str) {
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
    else {
        return;
    };
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Center);
    options.set_behavior(web_sys::ScrollBehavior::Smooth);
    el.scroll_into_view_with_scroll_into_view_options(&options);
}

/// Scrolls the first element matching `selector` into view if it is not, moving as little as
/// possible (for keyboard movement).
pub fn reveal(selector: &str) {
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
    else {
        return;
    };
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
    el.scroll_into_view_with_scroll_into_view_options(&options);
}

thread_local! {
    /// The annotation marked as a link's target, so that a paragraph that draws its tags anew
    /// marks it again ([`remark_link_target`]).
    static LINK_TARGET: std::cell::Cell<Option<u32>> = const { std::cell::Cell::new(None) };
}

/// Marks (or unmarks) the label tag of annotation `id` as the one a link being made would go
/// to, and brings it into view when marked, so the person sees it as the list moves.
pub fn mark_link_target(id: u32, on: bool) {
    LINK_TARGET.with(|t| {
        if on {
            t.set(Some(id));
        } else if t.get() == Some(id) {
            t.set(None);
        }
    });
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("ann-{id}")))
    else {
        return;
    };
    if on {
        let _ = el.set_attribute("data-link-target", "");
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        el.scroll_into_view_with_scroll_into_view_options(&options);
    } else {
        let _ = el.remove_attribute("data-link-target");
    }
}

/// Marks the link's target again if `block` (a paragraph that has just drawn its tags anew)
/// holds its tag: the new tag does not have the old one's attribute.
pub fn remark_link_target(block: &web_sys::Element) {
    let Some(id) = LINK_TARGET.with(std::cell::Cell::get) else {
        return;
    };
    if let Ok(Some(tag)) = block.query_selector(&format!("#ann-{id}")) {
        let _ = tag.set_attribute("data-link-target", "");
    }
}

/// True when a key event comes from the article itself (it has the focus).
pub fn is_article(target: Option<web_sys::EventTarget>) -> bool {
    target
        .and_then(|t| t.dyn_into::<Element>().ok())
        .is_some_and(|el| el.tag_name() == "ARTICLE")
}

/// True when a key event comes from a button-like control, where Enter and Space press it.
pub fn is_control(target: Option<web_sys::EventTarget>) -> bool {
    let Some(el) = target.and_then(|t| t.dyn_into::<Element>().ok()) else {
        return false;
    };
    matches!(el.tag_name().as_str(), "BUTTON" | "A" | "SUMMARY" | "INPUT")
        || el
            .get_attribute("role")
            .is_some_and(|r| matches!(r.as_str(), "button" | "tab" | "checkbox"))
}

/// Puts the keyboard in the first element matching `selector`.
pub fn focus(selector: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        // Without scrolling: the keyboard moves, the view stays where the person is looking.
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = el.focus_with_options(&options);
    }
}

/// Milliseconds since the epoch: backup key stamps, and when an annotation was made. On the
/// host (the reducer's tests) the system clock, as `Date` is not there.
pub fn now_ms() -> u64 {
    #[cfg(target_arch = "wasm32")]
    return js_sys::Date::now() as u64;
    #[cfg(not(target_arch = "wasm32"))]
    return std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
}

/// How many minutes the person's clock is (or was) ahead of UTC at a time (+60 in Paris in
/// winter, +120 in summer): the negation of `Date.getTimezoneOffset()` for that time, asked of
/// the browser once per hour of time met (a zone changes on the hour). 0 on the host.
pub fn utc_offset_at() -> impl Fn(u64) -> i32 {
    let asked = std::cell::RefCell::new(std::collections::HashMap::<u64, i32>::new());
    move |stamp: u64| {
        let hour = stamp / 3_600_000;
        *asked
            .borrow_mut()
            .entry(hour)
            .or_insert_with(|| offset_at(stamp))
    }
}

fn offset_at(_stamp: u64) -> i32 {
    #[cfg(target_arch = "wasm32")]
    return -(js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(_stamp as f64))
        .get_timezone_offset() as i32);
    #[cfg(not(target_arch = "wasm32"))]
    return 0;
}

/// Covers the page with a message saying Postil stopped and why (text only, never markup):
/// the last resort of the panic hook, when the app can no longer draw anything itself.
pub fn show_fatal(what: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = document.body() else { return };
    // Before the app is on screen: the page's own first screen and its "Starting Postil…" (or
    // "Opening your documents…") would go on saying the app is coming.
    for selector in ["#first-screen", "#boot"] {
        if let Ok(Some(el)) = document.query_selector(selector) {
            el.remove();
        }
    }
    let Ok(panel) = document.create_element("div") else {
        return;
    };
    panel.set_class_name("fatal");
    let _ = panel.set_attribute("role", "alert");
    let lines = [
        "Postil stopped because of an internal error.".to_string(),
        "Your work up to the last change shown as “Saved” is kept in this browser. Reload the page to go on; if this happens again, export your work first (Export JSON) and tell us what you did.".to_string(),
        format!("What went wrong: {what}"),
    ];
    for (i, line) in lines.iter().enumerate() {
        if let Ok(p) = document.create_element(if i == 0 { "h2" } else { "p" }) {
            p.set_text_content(Some(line));
            let _ = panel.append_child(&p);
        }
    }
    let _ = body.append_child(&panel);
}

/// The address of one of the app's files whose name stays the same across builds (the module of
/// views loaded on demand, the worker's loader): a release build writes it with a digest of its
/// content into the page (`<meta name="postil:FILE" content="FILE?v=…">`,
/// `scripts/version-names.py`), so that no cache pairs this app with another build's copy. A
/// development build has no such line: the plain name.
pub fn asset(file: &str) -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(&format!(r#"meta[name="postil:{file}"]"#))
                .ok()
                .flatten()
        })
        .and_then(|m| m.get_attribute("content"))
        .unwrap_or_else(|| file.to_string())
}

/// True when the page's address asks for `flag` in its query (`?flag`), for test hooks.
pub fn query_has(flag: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| q.trim_start_matches('?').split('&').any(|p| p == flag))
}

/// A short random name for this tab, for the revisions it writes (six base-36 letters: two
/// tabs drawing the same name at once is a one-in-two-billion chance).
pub fn tab_name() -> String {
    let mut n = (js_sys::Math::random() * 36f64.powi(6)) as u64;
    let mut name = String::new();
    for _ in 0..6 {
        name.push(char::from_digit((n % 36) as u32, 36).unwrap_or('0'));
        n /= 36;
    }
    name
}

/// Removes the element `selector` names, if it is there.
pub fn remove(selector: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
    {
        el.remove();
    }
}

/// Clicks the element `selector` names (a hidden file input, to open the file picker).
pub fn click(selector: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        el.click();
    }
}

/// Runs `f` once the next frame is painted: a task queued from the frame's
/// `requestAnimationFrame` callback runs after that frame is on screen. When the page is hidden
/// no frame comes, so `f` runs at once; it does too if the browser refuses the callback.
pub fn after_paint(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        f();
        return;
    };
    if window.document().is_none_or(|d| d.hidden()) {
        f();
        return;
    }
    // Whichever step fails, `f` runs: it is kept where the step that failed can take it back.
    let f = std::rc::Rc::new(std::cell::RefCell::new(Some(
        Box::new(f) as Box<dyn FnOnce()>
    )));
    let run = {
        let f = f.clone();
        move || {
            if let Some(f) = f.borrow_mut().take() {
                f();
            }
        }
    };
    let queued = {
        let run = run.clone();
        wasm_bindgen::closure::Closure::once_into_js(move || {
            let task = wasm_bindgen::closure::Closure::once_into_js(run.clone());
            let set = web_sys::window()
                .map(|w| w.set_timeout_with_callback(task.unchecked_ref()).is_ok());
            if set != Some(true) {
                run();
            }
        })
    };
    if window
        .request_animation_frame(queued.unchecked_ref())
        .is_err()
    {
        run();
    }
}
