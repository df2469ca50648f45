//! The label editor in headless Chromium: what each action emits, and what is refused and
//! shown instead. A small harness plays the app: it applies every emitted change to the schema
//! it passes down, and records it.
#![cfg(target_arch = "wasm32")]

use postil::components::schema_editor::SchemaEditor;
use postil_core::schema::PALETTE;
use postil_core::schema_edit::SchemaChange;
use postil_core::{LabelSchema, Overlaps};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = "
export function type_and_commit(el, value) {
  el.focus();
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
}
export function submit(form) { form.requestSubmit(); }
export function choose_file(input, name) {
  const files = new DataTransfer();
  files.items.add(new File(['{}'], name, { type: 'application/json' }));
  input.files = files.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}
")]
extern "C" {
    /// What a person typing `value` and pressing Enter (or leaving the field) makes happen.
    fn type_and_commit(el: &Element, value: &str);
    fn submit(form: &Element);
    /// What choosing `name` in the browser's file picker makes happen.
    fn choose_file(input: &Element, name: &str);
}

#[derive(Default)]
struct Log {
    changes: Vec<SchemaChange>,
    closed: usize,
    exported: usize,
    imported: Vec<String>,
}

#[derive(Properties)]
struct HarnessProps {
    log: Rc<RefCell<Log>>,
}

impl PartialEq for HarnessProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.log, &other.log)
    }
}

#[component]
fn Harness(props: &HarnessProps) -> Html {
    let schema = use_state(|| Rc::new(LabelSchema::default_ner()));
    let usage = use_memo((), |_| {
        BTreeMap::from([("PERSON".to_string(), 12), ("ORG".to_string(), 1)])
    });
    let log = props.log.clone();
    let on_change = {
        let (schema, log) = (schema.clone(), log.clone());
        Callback::from(move |c: SchemaChange| {
            schema.set(Rc::new(c.to.clone()));
            log.borrow_mut().changes.push(c);
        })
    };
    let on_close = {
        let log = log.clone();
        Callback::from(move |()| log.borrow_mut().closed += 1)
    };
    let on_import = {
        let log = log.clone();
        Callback::from(move |f: web_sys::File| log.borrow_mut().imported.push(f.name()))
    };
    let on_export = Callback::from(move |()| log.borrow_mut().exported += 1);
    html! {
        <SchemaEditor schema={(*schema).clone()} usage={usage} {on_change}
            {on_import} {on_export} {on_close} />
    }
}

/// A mounted editor; unmounted (and its root removed) when dropped.
struct Mounted {
    root: Element,
    log: Rc<RefCell<Log>>,
    handle: Option<yew::AppHandle<Harness>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
        self.root.remove();
    }
}

async fn mount() -> Mounted {
    let document = gloo_document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let log = Rc::new(RefCell::new(Log::default()));
    let props = HarnessProps { log: log.clone() };
    let handle = yew::Renderer::<Harness>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    Mounted {
        root,
        log,
        handle: Some(handle),
    }
}

fn gloo_document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).unwrap()
}

impl Mounted {
    fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    /// The element with this accessible name (all the editor's controls have one).
    fn named(&self, name: &str) -> Element {
        self.find(&format!("[aria-label=\"{name}\"]"))
            .unwrap_or_else(|| panic!("nothing is named {name:?}"))
    }

    fn button(&self, text: &str) -> HtmlElement {
        let all = self.root.query_selector_all("button").unwrap();
        (0..all.length())
            .filter_map(|i| all.item(i))
            .find(|b| b.text_content().as_deref() == Some(text))
            .unwrap_or_else(|| panic!("no button says {text:?}"))
            .unchecked_into()
    }

    async fn click(&self, el: &Element) {
        el.unchecked_ref::<HtmlElement>().click();
        yew::scheduler::flush().await;
    }

    async fn commit(&self, el: &Element, value: &str) {
        type_and_commit(el, value);
        yew::scheduler::flush().await;
    }

    fn changes(&self) -> Vec<SchemaChange> {
        self.log.borrow().changes.clone()
    }

    fn alerts(&self) -> Vec<String> {
        let all = self.root.query_selector_all("[role=alert]").unwrap();
        (0..all.length())
            .filter_map(|i| all.item(i))
            .filter_map(|n| n.text_content())
            .collect()
    }

    fn focused_name(&self) -> Option<String> {
        gloo_document()
            .active_element()
            .and_then(|e| e.get_attribute("aria-label").or(e.text_content()))
    }
}

fn names(schema: &LabelSchema) -> Vec<&str> {
    schema.labels().iter().map(|l| l.name.as_str()).collect()
}

#[wasm_bindgen_test]
async fn renaming_a_label_emits_the_rename_and_keeps_the_keyboard_in_the_row() {
    let m = mount().await;
    let input = m.named("Name of PERSON");
    m.commit(&input, "PER").await;
    let changes = m.changes();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].renames, vec![("PERSON".into(), "PER".into())]);
    assert_eq!(changes[0].summary, "Renamed PERSON to PER");
    let per = changes[0].to.get("PER").expect("PER is in the new schema");
    assert_eq!(per.key, 'p', "the key stays");
    assert!(changes[0].to.get("PERSON").is_none());
    // The same input, now named after the new name, still has the keyboard.
    assert_eq!(m.focused_name().as_deref(), Some("Name of PER"));
    // Spaces inside a name are the core's to refuse, shown beside the row.
    m.commit(&m.named("Name of PER"), "PER SON").await;
    assert_eq!(m.changes().len(), 1, "nothing emitted");
    assert_eq!(
        m.alerts(),
        vec!["Label name “PER SON” contains white space.".to_string()]
    );
}

#[wasm_bindgen_test]
async fn a_conflicting_key_is_refused_beside_its_row_and_a_free_one_is_taken() {
    let m = mount().await;
    m.commit(&m.named("Key of ORG"), "P").await;
    assert!(m.changes().is_empty(), "nothing emitted");
    let want = "Key “P” is used by both “PERSON” and “ORG”.";
    assert_eq!(m.alerts(), vec![want.to_string()]);
    // Next to the ORG row, not elsewhere.
    let row = m.named("Key of ORG").closest("li").unwrap().unwrap();
    let error = row.query_selector("[role=alert]").unwrap().unwrap();
    assert_eq!(error.text_content().as_deref(), Some(want));
    let invalid = |name: &str| m.named(name).get_attribute("aria-invalid");
    assert_eq!(invalid("Key of ORG").as_deref(), Some("true"));
    assert_eq!(invalid("Name of ORG"), None);
    // A key needs one character.
    m.commit(&m.named("Key of ORG"), "").await;
    assert!(m.changes().is_empty());
    assert!(m.alerts()[0].contains("is not a single letter, digit or symbol"));

    m.commit(&m.named("Key of ORG"), "q").await;
    let changes = m.changes();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].to.get("ORG").map(|l| l.key), Some('q'));
    assert!(changes[0].renames.is_empty());
    assert!(m.alerts().is_empty(), "the refusal is gone");
}

#[wasm_bindgen_test]
async fn deleting_a_used_label_asks_first_and_an_unused_one_goes_at_once() {
    let m = mount().await;
    let delete = m.named("Delete PERSON");
    // Twice, as a double click would: still only a question.
    m.click(&delete).await;
    m.click(&delete).await;
    assert!(m.changes().is_empty());
    let question = m.find(".delete-question p").expect("a question is shown");
    assert_eq!(
        question.text_content().as_deref(),
        Some("PERSON is used by 12 annotations. Delete it and them? You can undo this.")
    );
    assert_eq!(
        m.focused_name().as_deref(),
        Some("Keep it"),
        "the safe answer has focus"
    );
    m.click(&m.button("Keep it")).await;
    assert!(m.find(".delete-question").is_none());
    assert!(m.changes().is_empty());
    assert_eq!(m.focused_name().as_deref(), Some("Delete PERSON"));

    m.click(&m.named("Delete PERSON")).await;
    m.click(&m.button("Delete label and 12 annotations")).await;
    let changes = m.changes();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].summary, "Deleted PERSON and its 12 annotations");
    assert_eq!(
        names(&changes[0].to),
        ["ORG", "GPE", "LOC", "DATE", "EVENT", "MISC"]
    );
    assert!(m.find(".delete-question").is_none());

    // One annotation: singular.
    m.click(&m.named("Delete ORG")).await;
    assert!(m.button("Delete label and 1 annotation").is_connected());
    m.click(&m.button("Keep it")).await;

    // No annotations: no question.
    m.click(&m.named("Delete MISC")).await;
    let changes = m.changes();
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[1].summary, "Deleted label MISC");
    assert!(changes[1].to.get("MISC").is_none());
    assert!(m.find(".delete-question").is_none());
}

#[wasm_bindgen_test]
async fn adding_a_label_gives_it_an_unused_colour_and_a_free_key() {
    let m = mount().await;
    let input = m.find("#new-label-name").unwrap();
    input
        .unchecked_ref::<HtmlInputElement>()
        .set_value("TWO WORDS");
    submit(&m.find("form.add-label").unwrap());
    yew::scheduler::flush().await;
    assert!(m.changes().is_empty());
    assert_eq!(
        m.alerts(),
        vec!["Label name “TWO WORDS” contains white space.".to_string()]
    );

    input
        .unchecked_ref::<HtmlInputElement>()
        .set_value("PRODUCT");
    submit(&m.find("form.add-label").unwrap());
    yew::scheduler::flush().await;
    let changes = m.changes();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].summary, "Added label PRODUCT");
    let added = changes[0].to.get("PRODUCT").expect("added");
    // The default labels use the first seven palette colours; p is PERSON's, r is free.
    assert_eq!(added.color, PALETTE[7]);
    assert_eq!(added.key, 'r');
    assert_eq!(names(&changes[0].to).last(), Some(&"PRODUCT"));
    assert_eq!(input.unchecked_ref::<HtmlInputElement>().value(), "");
    assert!(m.alerts().is_empty());
    assert!(
        m.find("[aria-label=\"Name of PRODUCT\"]").is_some(),
        "listed"
    );
}

#[wasm_bindgen_test]
async fn colours_come_from_the_palette_and_moves_keep_the_keyboard_on_the_label() {
    let m = mount().await;
    let colour = format!("{}", PALETTE[9]);
    let swatch = m
        .named("Colours for MISC")
        .query_selector(&format!("[aria-label=\"Colour {colour}\"]"))
        .unwrap()
        .unwrap();
    assert_eq!(
        swatch.get_attribute("aria-pressed").as_deref(),
        Some("false")
    );
    m.click(&swatch).await;
    assert_eq!(
        m.changes()[0].to.get("MISC").map(|l| l.color),
        Some(PALETTE[9])
    );
    let swatch = m
        .named("Colours for MISC")
        .query_selector(&format!("[aria-label=\"Colour {colour}\"]"))
        .unwrap()
        .unwrap();
    assert_eq!(
        swatch.get_attribute("aria-pressed").as_deref(),
        Some("true")
    );
    assert!(
        m.find("input[type=color]").is_none(),
        "no free colour input"
    );

    m.click(&m.named("Move ORG up")).await;
    let changes = m.changes();
    assert_eq!(changes[1].summary, "Moved ORG up");
    assert_eq!(names(&changes[1].to)[..2], ["ORG", "PERSON"]);
    // ORG is first now, so its Up button is disabled: Down has the keyboard.
    assert_eq!(m.focused_name().as_deref(), Some("Move ORG down"));
    m.click(&m.named("Move ORG down")).await;
    assert_eq!(names(&m.changes()[2].to)[..2], ["PERSON", "ORG"]);
    assert_eq!(m.focused_name().as_deref(), Some("Move ORG down"));
}

#[wasm_bindgen_test]
async fn overlaps_document_labels_close_and_export() {
    let m = mount().await;
    let overlaps = m.find(".overlaps input[type=checkbox]").unwrap();
    assert!(overlaps.unchecked_ref::<HtmlInputElement>().checked());
    m.click(&overlaps).await;
    assert_eq!(m.changes()[0].to.overlaps(), Overlaps::Forbidden);
    assert_eq!(
        m.find(".overlaps .hint")
            .and_then(|h| h.text_content())
            .as_deref(),
        Some("Existing overlaps stay; new ones will be refused.")
    );

    // A document label key clashing with a span label key is refused under its set.
    m.commit(&m.named("Key of topic/politics"), "g").await;
    assert_eq!(m.changes().len(), 1);
    assert_eq!(
        m.alerts(),
        vec!["Key “g” is used by both “GPE” and “topic/politics”.".to_string()]
    );
    m.commit(&m.named("Key of topic/politics"), "").await;
    let set =
        |c: &SchemaChange, name: &str| c.to.doc_sets().iter().find(|s| s.name == name).cloned();
    let last = m.changes().last().cloned().unwrap();
    assert_eq!(last.summary, "Removed the key of topic/politics");
    assert_eq!(set(&last, "topic").unwrap().values[0].key, None);

    // stance: one value → several values.
    let several = m
        .named("How many stance values a document takes")
        .query_selector_all("input[type=radio]")
        .unwrap()
        .item(1)
        .unwrap()
        .unchecked_into::<Element>();
    m.click(&several).await;
    assert!(set(m.changes().last().unwrap(), "stance").unwrap().multiple);

    // Add a value with a key, then delete it.
    m.commit(&m.named("New value of stance"), "mixed").await;
    m.commit(&m.named("Key of the new stance value (optional)"), "x")
        .await;
    assert_eq!(m.changes().len(), 3, "typing in the add form emits nothing");
    m.click(
        &m.named("New value of stance")
            .closest("form")
            .unwrap()
            .unwrap()
            .query_selector("button")
            .unwrap()
            .unwrap(),
    )
    .await;
    let stance = set(m.changes().last().unwrap(), "stance").unwrap();
    assert_eq!(
        stance.values.last().map(|v| (v.name.as_str(), v.key)),
        Some(("mixed", Some('x')))
    );
    m.click(&m.named("Delete value mixed of stance")).await;
    assert_eq!(
        set(m.changes().last().unwrap(), "stance")
            .unwrap()
            .values
            .len(),
        3
    );

    // Add a set, delete a set.
    m.commit(&m.named("Name of the new set"), "tone").await;
    m.click(&m.button("Add set")).await;
    let tone = set(m.changes().last().unwrap(), "tone").expect("tone added");
    assert!(!tone.multiple && tone.values.is_empty());
    m.click(&m.named("Delete set topic")).await;
    assert!(set(m.changes().last().unwrap(), "topic").is_none());
    assert!(m.find("[aria-label=\"Delete set topic\"]").is_none());
    assert!(m.changes().iter().all(|c| c.renames.is_empty()));

    m.click(&m.button("Export schema")).await;
    m.click(&m.named("Close label editor")).await;
    assert_eq!((m.log.borrow().exported, m.log.borrow().closed), (1, 1));
    let picker = m.find("input[type=file]").unwrap();
    assert_eq!(
        picker.get_attribute("accept").as_deref(),
        Some(".json,application/json")
    );
    choose_file(&picker, "team.postil-schema.json");
    yew::scheduler::flush().await;
    assert_eq!(m.log.borrow().imported, ["team.postil-schema.json"]);
    assert_eq!(
        picker.unchecked_ref::<HtmlInputElement>().value(),
        "",
        "reset for the next pick"
    );
    let section = m.find("section").unwrap();
    assert_eq!(
        section.get_attribute("aria-label").as_deref(),
        Some("Label editor")
    );
}
