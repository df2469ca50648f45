//! Where a view loaded on demand (`crate::later`) shows: [`Later`] loads the module the first
//! time, mounts the view into an element of its own, passes it new input when the app's state
//! changes, and unmounts it when the dialog closes. While the module loads (the first time only)
//! a line says what is opening; if it cannot load (offline before it was ever kept, say), a
//! dialog says so and offers to try again; nothing else in the app waits for it.
//!
//! The wrappers below make each view's input from the app's state, once per change of what it
//! is made from (not on every render of the app). Where a view needs nothing the app must count
//! first, its wrapper takes the view's own props: the app names the props type, which carries no
//! rendering, and the view itself stays in the module.

use super::dialog::{on_escape, use_autofocus};
use super::help_page::HelpPageProps;
use super::import_formats::ImportFormatsProps;
use super::paste_dialog::PasteDialogProps;
use super::shortcut_sheet::ShortcutSheetProps;
use super::sync_dialog::SyncDialogProps;
use crate::later::{Event, StatsInput, View};
use crate::platform::later::{self as module, Mounted};
use postil_core::workspace::Doc;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// A view's input as it crosses to the module. (Serialising these plain values cannot fail; if
/// it ever did, the module would say it could not read its input.)
fn json(value: &impl serde::Serialize) -> Rc<str> {
    Rc::from(serde_json::to_string(value).unwrap_or_default())
}

#[derive(Properties, PartialEq)]
pub struct LaterProps {
    pub view: View,
    /// The view's input, as JSON (`crate::later`).
    pub input: Rc<str>,
    /// What the person did in the view (each event after the module's handler has returned).
    pub on_event: Callback<Event>,
}

#[derive(Clone, PartialEq)]
enum Phase {
    Loading,
    Shown,
    Failed(String),
    /// The module stopped (a panic in it), and why: nothing is mounted in it again.
    Stopped(String),
}

/// The mounted view, the JS function it sends its events to (kept as long as the view) and the
/// input it was last given.
type Slot = Rc<RefCell<Option<(Mounted, Closure<dyn Fn(String)>, Rc<str>)>>>;

#[component]
pub fn Later(props: &LaterProps) -> Html {
    let host = use_node_ref();
    let phase = use_state(|| match (module::stopped(), module::loaded()) {
        (Some(why), _) => Phase::Stopped(why),
        (None, Some(_)) => Phase::Shown,
        (None, None) => Phase::Loading,
    });
    let attempt = use_state(|| 0u32);
    let slot: Slot = use_mut_ref(|| None);
    // What the asynchronous mount and the module's events read: the latest input and callback.
    let input = use_mut_ref(|| props.input.clone());
    let on_event = use_mut_ref(|| props.on_event.clone());
    *input.borrow_mut() = props.input.clone();
    *on_event.borrow_mut() = props.on_event.clone();
    {
        let (host, phase, slot) = (host.clone(), phase.clone(), slot.clone());
        let (input, on_event, view) = (input.clone(), on_event.clone(), props.view);
        use_effect_with((*attempt, view), move |_| {
            let gone = Rc::new(Cell::new(false));
            let show = {
                let slot = slot.clone();
                move |loaded: Result<module::Module, String>| {
                    if let Some(why) = module::stopped() {
                        return phase.set(Phase::Stopped(why));
                    }
                    let Some(el) = host.cast::<web_sys::Element>() else {
                        return;
                    };
                    let (phase_, slot_) = (phase.clone(), slot.clone());
                    let emit = Closure::<dyn Fn(String)>::new(move |json: String| {
                        let on_event = on_event.borrow().clone();
                        let (phase, slot) = (phase_.clone(), slot_.clone());
                        // Answered after the module's own handler has returned, as a dialog of the
                        // app answers after its own: the view has done with the event before
                        // the app's answer (closing it, say) reaches it.
                        wasm_bindgen_futures::spawn_local(async move {
                            match serde_json::from_str::<Event>(&json) {
                                Ok(e) => on_event.emit(e),
                                // A module of another build (cached across an update): the view
                                // goes, and the person is asked to reload. Not the JSON itself
                                // in the console: a sign-in holds a password.
                                Err(e) => {
                                    web_sys::console::warn_1(
                                        &format!(
                                            "Postil: a view sent an event the app cannot read ({e})"
                                        )
                                        .into(),
                                    );
                                    let taken = slot.borrow_mut().take();
                                    if let Some((m, _emit, _)) = taken {
                                        m.unmount();
                                    }
                                    phase.set(Phase::Stopped(format!(
                                        "it sent what this version of the app cannot read: {e}"
                                    )));
                                }
                            }
                        });
                    });
                    let mounted = loaded.and_then(|m| {
                        let input = input.borrow().clone();
                        m.mount(view.name(), &el, &input, emit.as_ref().unchecked_ref())
                    });
                    match (mounted, module::stopped()) {
                        // The module stopped meanwhile (its listener below says so too):
                        // nothing more is asked of it.
                        (Ok(m), Some(why)) => {
                            std::mem::forget(m);
                            phase.set(Phase::Stopped(why));
                        }
                        (Ok(m), None) => {
                            *slot.borrow_mut() = Some((m, emit, input.borrow().clone()));
                            phase.set(Phase::Shown);
                        }
                        (Err(_), Some(why)) => phase.set(Phase::Stopped(why)),
                        (Err(why), None) => phase.set(Phase::Failed(why)),
                    }
                }
            };
            match module::loaded() {
                Some(m) => show(Ok(m)),
                None => {
                    let gone = gone.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        let loaded = module::load().await;
                        if !gone.get() {
                            show(loaded);
                        }
                    });
                }
            }
            move || {
                gone.set(true);
                if let Some((m, _emit, _)) = slot.borrow_mut().take() {
                    m.unmount();
                }
            }
        });
    }
    {
        // The module stopped (a panic in it, in this view or another): the view is taken off
        // the page as it is (the module is not called again: a call would only stop it anew,
        // and it keeps its handle to the view, which is never freed), and the person is told.
        let (host, phase, slot) = (host.clone(), phase.clone(), slot.clone());
        use_effect_with((), move |_| {
            let window = web_sys::window().map(|w| w.unchecked_into::<web_sys::EventTarget>());
            let listener = window.map(|w| {
                gloo::events::EventListener::new(&w, crate::later::STOPPED_EVENT, move |_| {
                    // After the module's call has unwound: this runs inside it.
                    let (host, phase, slot) = (host.clone(), phase.clone(), slot.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Some((m, _emit, _)) = slot.borrow_mut().take() {
                            std::mem::forget(m);
                        }
                        if let Some(el) = host.cast::<web_sys::Element>() {
                            el.set_text_content(None);
                        }
                        phase.set(Phase::Stopped(module::stopped().unwrap_or_default()));
                    });
                })
            });
            move || drop(listener)
        });
    }
    {
        let slot = slot.clone();
        use_effect_with(props.input.clone(), move |input| {
            if let Some((m, _, given)) = slot.borrow_mut().as_mut() {
                if given != input {
                    m.update(input);
                    *given = input.clone();
                }
            }
        });
    }
    let close = {
        let on_event = props.on_event.clone();
        Callback::from(move |()| on_event.emit(Event::Close))
    };
    let (what, name) = (props.view.what(), props.view.name());
    html! {
        <>
            if *phase == Phase::Loading && props.view.in_panel() {
                <p class="later-loading" role="status">{ format!("Opening {what}…") }</p>
            } else if *phase == Phase::Loading {
                <Opening {what} on_close={close.clone()} />
            }
            if let Phase::Stopped(why) = &*phase {
                <Unavailable id={format!("later-stopped-{name}")} title={format!("Postil cannot show {what} now")}
                    text={format!("An internal error stopped the part of Postil that shows {what} ({why}). Your documents and annotations are as they were, and everything else goes on. Reload the page to open {what} again; if this happens again, tell us what you did.")}
                    on_close={close.clone()} on_retry={None::<Callback<()>>} />
            }
            if let Phase::Failed(why) = &*phase {
                <Unavailable id={format!("later-failed-{name}")} title={format!("Postil could not open {what}")}
                    text={format!("Postil loads this view the first time it is opened, and could not load it now ({why}). Your documents and annotations are as they were; try again once the connection is back.")}
                    on_close={close.clone()}
                    on_retry={let (attempt, phase) = (attempt.clone(), phase.clone());
                        Some(Callback::from(move |()| { phase.set(Phase::Loading); attempt.set(*attempt + 1); }))} />
            }
            <div class="later" ref={host}></div>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct OpeningProps {
    what: &'static str,
    on_close: Callback<()>,
}

/// The line shown over the page while the module loads; it has the keyboard, so Esc closes it.
#[component]
fn Opening(props: &OpeningProps) -> Html {
    let focus = use_autofocus();
    let what = props.what;
    html! {
        <div class="dialog-backdrop">
            <div class="dialog later-loading" role="dialog" aria-modal="true" aria-busy="true"
                aria-label={format!("Opening {what}")} tabindex="-1" ref={focus} onkeydown={on_escape(&props.on_close)}>
                <p role="status">{ format!("Opening {what}…") }</p>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct UnavailableProps {
    /// The heading's id: of its own per view (two views may fail, and a stop reaches every
    /// view shown).
    id: String,
    title: String,
    text: String,
    on_close: Callback<()>,
    /// "Try again", where trying again can help (a failed load, not a stopped module).
    on_retry: Option<Callback<()>>,
}

/// Said when a view cannot be shown (its module could not be loaded, or it stopped): why, that
/// the work is untouched, and what the person can do. The first button has the keyboard.
#[component]
fn Unavailable(props: &UnavailableProps) -> Html {
    let focus = use_autofocus();
    let (retry_focus, close_focus) = match props.on_retry {
        Some(_) => (focus, NodeRef::default()),
        None => (NodeRef::default(), focus),
    };
    html! {
        <div class="dialog-backdrop">
            <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby={props.id.clone()}
                onkeydown={on_escape(&props.on_close)}>
                <h2 id={props.id.clone()}>{ props.title.clone() }</h2>
                <p>{ props.text.clone() }</p>
                <div class="dialog-actions">
                    if let Some(retry) = &props.on_retry {
                        <button type="button" ref={retry_focus} onclick={retry.reform(|_: MouseEvent| ())}>{ "Try again" }</button>
                    }
                    <button type="button" ref={close_focus} onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "Close" }</button>
                </div>
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct StatsLaterProps {
    pub docs: Rc<Vec<Doc>>,
    /// The open document's position and title.
    pub current: usize,
    pub title: AttrValue,
    pub colors: Rc<Vec<(String, String)>>,
    pub on_find: Callback<(usize, String, postil_core::Span)>,
    pub on_close: Callback<()>,
}

/// The statistics view: the figures of all documents and of the open one, counted when the
/// documents, the open one or the colours change.
#[component]
pub fn StatsLater(props: &StatsLaterProps) -> Html {
    let input = use_memo(
        (
            props.docs.clone(),
            props.current,
            props.title.clone(),
            props.colors.clone(),
        ),
        |(docs, current, title, colors)| {
            let zone = crate::platform::dom::utc_offset_at();
            let now = crate::platform::dom::now_ms();
            let stats = |one| postil_core::workspace::docs_stats(docs, one, &zone, now);
            let input = StatsInput {
                all: stats(None),
                here: stats(Some(*current)),
                title: title.to_string(),
                colors: colors.to_vec(),
            };
            json(&input)
        },
    );
    let (on_find, on_close) = (props.on_find.clone(), props.on_close.clone());
    let on_event = Callback::from(move |e| match e {
        Event::Find { doc, text, at } => on_find.emit((doc, text, at)),
        _ => on_close.emit(()),
    });
    html! { <Later view={View::Stats} input={(*input).clone()} {on_event} /> }
}

#[derive(Properties, PartialEq)]
pub struct AgreementLaterProps {
    pub docs: Rc<Vec<Doc>>,
    pub on_close: Callback<()>,
}

/// The agreement view: the report, made when the documents change.
#[component]
pub fn AgreementLater(props: &AgreementLaterProps) -> Html {
    let input = use_memo(props.docs.clone(), |docs| {
        json(&postil_core::workspace::agreement_report(docs))
    });
    let on_close = props.on_close.clone();
    html! { <Later view={View::Agreement} input={(*input).clone()} on_event={on_close.reform(|_| ())} /> }
}

/// The help page (with the page's own props: only its rendering is in the module).
#[component]
pub fn GuideLater(props: &HelpPageProps) -> Html {
    let (close, shortcuts, tour) = (
        props.on_close.clone(),
        props.on_shortcuts.clone(),
        props.on_tour.clone(),
    );
    let on_event = Callback::from(move |e| match e {
        Event::Shortcuts => shortcuts.emit(()),
        Event::Tour => tour.emit(()),
        _ => close.emit(()),
    });
    html! { <Later view={View::Guide} input={Rc::<str>::from("null")} {on_event} /> }
}

#[derive(Properties, PartialEq)]
pub struct LabelsLaterProps {
    pub schema: Rc<postil_core::LabelSchema>,
    pub usage: Rc<std::collections::BTreeMap<String, usize>>,
    pub on_change: Callback<postil_core::schema_edit::SchemaChange>,
    /// A schema file chosen there: its name and text, or why it could not be read.
    pub on_file: Callback<Result<(String, String), String>>,
    pub on_export: Callback<()>,
    pub on_close: Callback<()>,
}

/// The label editor (the side panel's Labels tab).
#[component]
pub fn LabelsLater(props: &LabelsLaterProps) -> Html {
    let input = use_memo(
        (props.schema.clone(), props.usage.clone()),
        |(schema, usage)| {
            let input = crate::later::LabelsInput {
                schema: (**schema).clone(),
                usage: (**usage).clone(),
            };
            json(&input)
        },
    );
    let (change, file, export, close) = (
        props.on_change.clone(),
        props.on_file.clone(),
        props.on_export.clone(),
        props.on_close.clone(),
    );
    let on_event = Callback::from(move |e| match e {
        Event::Schema(c) => change.emit(c),
        Event::SchemaFile { name, text } => file.emit(Ok((name, text))),
        Event::SchemaFileUnread { why } => file.emit(Err(why)),
        Event::ExportSchema => export.emit(()),
        _ => close.emit(()),
    });
    html! { <Later view={View::Labels} input={(*input).clone()} {on_event} /> }
}

/// The keyboard shortcuts, the labels' keys included.
#[component]
pub fn ShortcutsLater(props: &ShortcutSheetProps) -> Html {
    let input = use_memo(props.schema.clone(), |schema| json(&**schema));
    let on_close = props.on_close.clone();
    html! { <Later view={View::Shortcuts} input={(*input).clone()} on_event={on_close.reform(|_| ())} /> }
}

/// Team sync: the sign-in form, or where sync stands.
#[component]
pub fn SyncLater(props: &SyncDialogProps) -> Html {
    let input = use_memo(props.sync.clone(), json);
    let p = (
        props.on_sign_in.clone(),
        props.on_sign_out.clone(),
        props.on_stop.clone(),
        props.on_now.clone(),
        props.on_close.clone(),
    );
    let on_event = Callback::from(move |e| match e {
        Event::SignIn(form) => p.0.emit(form),
        Event::SignOut => p.1.emit(()),
        Event::StopSync => p.2.emit(()),
        Event::SyncNow => p.3.emit(()),
        _ => p.4.emit(()),
    });
    html! { <Later view={View::Sync} input={(*input).clone()} {on_event} /> }
}

/// Paste: an article from text.
#[component]
pub fn PasteLater(props: &PasteDialogProps) -> Html {
    let (add, cancel) = (props.on_add.clone(), props.on_cancel.clone());
    let on_event = Callback::from(move |e| match e {
        Event::Paste { title, text } => add.emit((title, text)),
        _ => cancel.emit(()),
    });
    html! { <Later view={View::Paste} input={json(&props.adding)} {on_event} /> }
}

/// What Import… reads, and its two ways to choose files.
#[component]
pub fn FormatsLater(props: &ImportFormatsProps) -> Html {
    let p = (
        props.on_choose.clone(),
        props.on_choose_suggestions.clone(),
        props.on_close.clone(),
    );
    let on_event = Callback::from(move |e| match e {
        Event::ChooseFiles { suggestions: false } => p.0.emit(()),
        Event::ChooseFiles { suggestions: true } => p.1.emit(()),
        _ => p.2.emit(()),
    });
    html! { <Later view={View::Formats} input={Rc::<str>::from("null")} {on_event} /> }
}
