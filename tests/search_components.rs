//! The find bar and the "label all hits" dialog in headless Chromium: mounted alone, driven
//! through DOM events the way a person would, and checked on what they emit and show.
#![cfg(target_arch = "wasm32")]

use postil::components::label_all_dialog::{LabelAllDialog, LabelAllDialogProps};
use postil::components::search_bar::{SearchBar, SearchBarProps};
use postil_core::search::Query;
use postil_core::workspace::HitRow;
use postil_core::{LabelSchema, Span};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;
use yew::scheduler::flush;
use yew::AppHandle;

wasm_bindgen_test_configure!(run_in_browser);

// Events the way the browser sends them (web-sys would need extra features to build them).
// `keydowns` counts what reaches the document, where the app's label shortcuts listen.
#[wasm_bindgen(inline_js = "
let keydowns = 0;
document.addEventListener('keydown', () => { keydowns += 1; });
export function document_keydowns() { return keydowns; }
export function type_into(el, value) {
  el.value = value;
  el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: value }));
}
export function press(el, key, shift) {
  el.dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey: shift, bubbles: true, cancelable: true }));
}
export function choose(select, value) {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}
")]
extern "C" {
    fn document_keydowns() -> u32;
    fn type_into(el: &Element, value: &str);
    fn press(el: &Element, key: &str, shift: bool);
    fn choose(el: &Element, value: &str);
}

type Log<T> = Rc<RefCell<Vec<T>>>;

/// A callback that records what it is given.
fn recorder<T: 'static>() -> (Callback<T>, Log<T>) {
    let log: Log<T> = Rc::default();
    let sink = log.clone();
    (Callback::from(move |v| sink.borrow_mut().push(v)), log)
}

fn mount<C: BaseComponent>(props: C::Properties) -> (Element, AppHandle<C>) {
    let document = web_sys::window().and_then(|w| w.document()).unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    (root, handle)
}

fn unmount<C: BaseComponent>((root, handle): (Element, AppHandle<C>)) {
    handle.destroy();
    root.remove();
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into().ok())
        .collect()
}

/// The checkbox inside the `<label>` that reads `text`.
fn checkbox(root: &Element, text: &str) -> HtmlInputElement {
    all(root, "label")
        .into_iter()
        .find(|l| l.text_content().unwrap_or_default().contains(text))
        .and_then(|l| l.query_selector("input[type=checkbox]").unwrap())
        .unwrap_or_else(|| panic!("no checkbox labeled {text}"))
        .unchecked_into()
}

fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

fn click(el: &Element) {
    el.unchecked_ref::<HtmlElement>().click();
}

fn is_focused(el: &Element) -> bool {
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    active.as_ref() == Some(el)
}

struct Bar {
    props: SearchBarProps,
    queries: Log<Query>,
    labels: Log<String>,
    steps: Log<i32>,
    closes: Log<()>,
}

fn bar(query: Query, hits: Option<usize>, error: Option<&'static str>) -> Bar {
    bar_searching(query, hits, error, false)
}

fn bar_searching(
    query: Query,
    hits: Option<usize>,
    error: Option<&'static str>,
    searching: bool,
) -> Bar {
    let (on_query, queries) = recorder();
    let (on_label_all, labels) = recorder();
    let (on_step, steps) = recorder();
    let (on_close, closes) = recorder();
    let props = SearchBarProps {
        query,
        hits,
        searching,
        error: error.map(AttrValue::from),
        schema: Rc::new(LabelSchema::default_ner()),
        on_query,
        on_label_all,
        on_step,
        on_close,
    };
    Bar {
        props,
        queries,
        labels,
        steps,
        closes,
    }
}

/// Stands in for the app: keeps the query the bar emits and passes it back down.
#[derive(Properties, PartialEq)]
struct FeedbackProps {
    log: Log<Query>,
}

#[component]
fn Feedback(props: &FeedbackProps) -> Html {
    let query = use_state(Query::default);
    let on_query = {
        let (query, log) = (query.clone(), props.log.clone());
        Callback::from(move |q: Query| {
            log.borrow_mut().push(q.clone());
            query.set(q);
        })
    };
    html! {
        <SearchBar query={(*query).clone()} hits={None} searching={false} error={None::<AttrValue>}
            schema={Rc::new(LabelSchema::default_ner())} {on_query}
            on_label_all={Callback::noop()} on_step={Callback::noop()} on_close={Callback::noop()} />
    }
}

#[wasm_bindgen_test]
async fn search_bar_takes_focus_and_emits_each_new_query() {
    let log: Log<Query> = Rc::default();
    let mounted = mount::<Feedback>(FeedbackProps { log: log.clone() });
    flush().await;
    let root = &mounted.0;
    assert!(root
        .query_selector("[role=search][aria-label='Find in article']")
        .unwrap()
        .is_some());
    let field = find(root, "input[aria-label=Find]");
    assert!(is_focused(&field), "the field has the keyboard on mount");

    type_into(&field, "Laho");
    flush().await;
    type_into(&field, "Lahore");
    flush().await;
    let texts: Vec<String> = log.borrow().iter().map(|q| q.text.clone()).collect();
    assert_eq!(texts, ["Laho", "Lahore"]);

    assert!(root.query_selector(".search-hint").unwrap().is_none());
    for (option, want) in [
        (
            "Whole word",
            Query {
                text: "Lahore".into(),
                whole_word: true,
                ..Query::default()
            },
        ),
        (
            "Match case",
            Query {
                text: "Lahore".into(),
                whole_word: true,
                case_sensitive: true,
                ..Query::default()
            },
        ),
        (
            "Regular expression",
            Query {
                text: "Lahore".into(),
                whole_word: true,
                case_sensitive: true,
                regex: true,
            },
        ),
        (
            "Whole word",
            Query {
                text: "Lahore".into(),
                case_sensitive: true,
                regex: true,
                ..Query::default()
            },
        ),
    ] {
        click(&checkbox(root, option).into());
        flush().await;
        assert_eq!(log.borrow().last(), Some(&want), "after clicking {option}");
    }
    assert!(text(&find(root, ".search-hint")).contains(r"\w, \d and case-insensitivity"));
    unmount(mounted);
}

#[wasm_bindgen_test]
async fn search_bar_keys_step_and_close() {
    let b = bar(Query::default(), None, None);
    let mounted = mount::<SearchBar>(b.props);
    flush().await;
    let field = find(&mounted.0, "input[aria-label=Find]");

    press(&field, "Enter", false);
    press(&field, "Enter", true);
    press(&field, "Enter", false);
    flush().await;
    assert_eq!(*b.steps.borrow(), [1, -1, 1]);
    assert!(b.closes.borrow().is_empty());

    // Escape closes the bar and stops there, so the app does not also act on it.
    let before = document_keydowns();
    press(&field, "Escape", false);
    flush().await;
    assert_eq!(b.closes.borrow().len(), 1);
    assert_eq!(document_keydowns(), before);

    click(&find(&mounted.0, "button[aria-label='Close search']"));
    flush().await;
    assert_eq!(b.closes.borrow().len(), 2);
    assert!(b.queries.borrow().is_empty());
    unmount(mounted);
}

#[wasm_bindgen_test]
async fn search_bar_shows_the_count_and_labels_all_hits() {
    let bad = "the regular expression is not valid: unclosed group";
    // (hits, error, searching in the worker, status text, "Label all…" enabled)
    let cases = [
        (None, None, false, "", false),
        (Some(0), None, false, "No hits", false),
        (Some(1), None, false, "1 hit", true),
        (Some(12), None, false, "12 hits", true),
        (
            Some(postil_core::search::MAX_HITS),
            None,
            false,
            "5000+ hits",
            true,
        ),
        (Some(3), Some(bad), false, bad, false),
        (None, None, true, "Searching…", false),
    ];
    for (hits, error, searching, status, enabled) in cases {
        let b = bar_searching(Query::default(), hits, error, searching);
        let mounted = mount::<SearchBar>(b.props);
        flush().await;
        let root = &mounted.0;
        assert_eq!(
            text(&find(root, "[role=status]")),
            status,
            "{hits:?} {error:?}"
        );
        let button = find(root, "button.label-all");
        assert_eq!(
            button.has_attribute("disabled"),
            !enabled,
            "{hits:?} {error:?}"
        );
        let field = find(root, "input[aria-label=Find]");
        assert_eq!(field.has_attribute("aria-invalid"), error.is_some());

        if enabled {
            click(&button);
            flush().await;
            choose(
                &find(root, "select[aria-label='Label for all hits']"),
                "GPE",
            );
            flush().await;
            click(&find(root, "button.label-all"));
            flush().await;
            assert_eq!(*b.labels.borrow(), ["PERSON", "GPE"]);
        } else {
            click(&button);
            flush().await;
            assert!(b.labels.borrow().is_empty());
        }
        unmount(mounted);
    }
}

fn row(start: u32, before: &str, hit: &str, after: &str, blocked: Option<&str>) -> HitRow {
    HitRow {
        span: Span::new(start, start + hit.chars().count() as u32),
        before: before.into(),
        text: hit.into(),
        after: after.into(),
        blocked: blocked.map(String::from),
    }
}

struct Dialog {
    props: LabelAllDialogProps,
    confirmed: Log<Vec<Span>>,
    cancels: Log<()>,
}

fn dialog(rows: Vec<HitRow>) -> Dialog {
    let (on_confirm, confirmed) = recorder();
    let (on_cancel, cancels) = recorder();
    Dialog {
        props: LabelAllDialogProps {
            label: "GPE".into(),
            rows: Rc::new(rows),
            on_confirm,
            on_cancel,
        },
        confirmed,
        cancels,
    }
}

fn four_rows() -> Vec<HitRow> {
    vec![
        row(10, "talks in ", "Jordan", " today", None),
        row(40, "Michael ", "Jordan", " scored", None),
        row(70, "", "Jordan", "’s king", Some("Already labeled GPE")),
        row(99, "north of ", "Jordan", "", None),
    ]
}

#[wasm_bindgen_test]
async fn dialog_confirms_only_the_checked_hits() {
    let d = dialog(four_rows());
    let mounted = mount::<LabelAllDialog>(d.props);
    flush().await;
    let root = &mounted.0;
    assert!(root
        .query_selector("[role=dialog][aria-modal=true]")
        .unwrap()
        .is_some());
    assert_eq!(text(&find(root, "h2")), "Label 4 hits GPE");
    let confirm = find(root, "button.confirm");
    assert_eq!(text(&confirm), "Label 3 as GPE");
    assert!(
        is_focused(&confirm),
        "the confirm button has the keyboard on open"
    );

    let boxes: Vec<HtmlInputElement> = all(root, ".hit-row input[type=checkbox]")
        .into_iter()
        .map(JsCast::unchecked_into)
        .collect();
    let checked = |b: &[HtmlInputElement]| b.iter().map(|b| b.checked()).collect::<Vec<_>>();
    assert_eq!(checked(&boxes), [true, true, false, true]);
    assert!(boxes[2].disabled());
    assert!(text(&all(root, ".hit-row")[2]).contains("Already labeled GPE"));
    assert_eq!(text(&all(root, ".hit-row")[1]), "Michael Jordan scored");

    // Not the basketball player; and the blocked row cannot be checked.
    boxes[1].click();
    flush().await;
    boxes[2].click();
    flush().await;
    assert_eq!(checked(&boxes), [true, false, false, true]);
    assert_eq!(text(&confirm), "Label 2 as GPE");

    click(&confirm);
    flush().await;
    assert_eq!(
        *d.confirmed.borrow(),
        [vec![Span::new(10, 16), Span::new(99, 105)]]
    );
    assert!(d.cancels.borrow().is_empty());
    unmount(mounted);
}

#[wasm_bindgen_test]
async fn dialog_selects_all_or_none_and_escape_cancels() {
    let d = dialog(four_rows());
    let mounted = mount::<LabelAllDialog>(d.props);
    flush().await;
    let root = &mounted.0;
    let confirm = find(root, "button.confirm");

    click(&find(root, "button.select-none"));
    flush().await;
    assert_eq!(text(&confirm), "Label 0 as GPE");
    assert!(confirm.has_attribute("disabled"));
    click(&confirm);
    flush().await;
    assert!(d.confirmed.borrow().is_empty());

    click(&find(root, "button.select-all"));
    flush().await;
    assert_eq!(text(&confirm), "Label 3 as GPE");
    let blocked: HtmlInputElement = all(root, ".hit-row input[type=checkbox]")[2]
        .clone()
        .unchecked_into();
    assert!(
        !blocked.checked(),
        "select all leaves blocked hits unchecked"
    );

    // Keys inside the modal never reach the app's label shortcuts behind it.
    let before = document_keydowns();
    press(&confirm, "g", false);
    flush().await;
    assert!(d.cancels.borrow().is_empty());
    press(&blocked.into(), "Escape", false);
    flush().await;
    assert_eq!(d.cancels.borrow().len(), 1);
    assert_eq!(document_keydowns(), before);

    click(&all(root, ".dialog-actions button").pop().unwrap());
    flush().await;
    assert_eq!(d.cancels.borrow().len(), 2);
    assert!(d.confirmed.borrow().is_empty());
    unmount(mounted);
}

#[wasm_bindgen_test]
async fn dialog_shows_markup_as_text() {
    let d = dialog(vec![row(0, "<i>x</i> ", "<b>Jordan</b>", " &amp;", None)]);
    let mounted = mount::<LabelAllDialog>(d.props);
    flush().await;
    let root = &mounted.0;
    assert_eq!(text(&find(root, "h2")), "Label 1 hit GPE");
    let hit = find(root, ".hit-text");
    assert_eq!(text(&hit), "<b>Jordan</b>");
    assert_eq!(hit.child_element_count(), 0);
    assert_eq!(text(&find(root, ".hit-before")), "<i>x</i> ");
    assert_eq!(text(&find(root, ".hit-after")), " &amp;");
    assert!(root.query_selector(".hit-row i").unwrap().is_none());
    unmount(mounted);
}

#[wasm_bindgen_test]
async fn dialog_with_nothing_to_label_focuses_cancel() {
    let d = dialog(vec![
        row(0, "", "Jordan", " river", Some("Already labeled GPE")),
        row(20, "the ", "Jordan", "", Some("It would overlap ORG")),
    ]);
    let mounted = mount::<LabelAllDialog>(d.props);
    flush().await;
    let root = &mounted.0;
    let confirm = find(root, "button.confirm");
    assert!(confirm.has_attribute("disabled"));
    assert_eq!(text(&confirm), "Label 0 as GPE");
    let cancel = all(root, ".dialog-actions button").pop().unwrap();
    assert_eq!(text(&cancel), "Cancel");
    assert!(is_focused(&cancel));
    unmount(mounted);
}
