//! Confirms "label all hits": lists every hit in its context so the user can uncheck the ones
//! that are not meant (a "Jordan" that is a person, not the country) before labeling.
//!
//! Blocked hits (already labeled, or refused by the overlap rules) are listed with the reason
//! and cannot be checked. All text is rendered as text nodes, never as HTML.
//!
//! The list draws only the rows in view and a few around them (rows have one fixed height and
//! are placed where they belong in a list as tall as all of them), so 5,000 hits open and close
//! the dialog as fast as 50.

use postil_core::prose::plural;
use postil_core::workspace::HitRow;
use postil_core::Span;
use std::collections::HashSet;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The height of one row of the hit list in CSS pixels; `styles/search.css` gives `.hit-row`
/// the same.
const ROW_PX: f64 = 36.0;
/// Rows drawn above and below those in view, so scrolling and tabbing find them drawn.
const SPARE_ROWS: usize = 20;

/// Which rows are in view: the first, and how many fit.
#[derive(Clone, Copy, PartialEq)]
struct InView {
    first: usize,
    count: usize,
}

impl InView {
    fn of(list: &web_sys::Element) -> InView {
        let top = f64::from(list.scroll_top()).max(0.0);
        let height = f64::from(list.client_height()).max(0.0);
        InView {
            first: (top / ROW_PX) as usize,
            count: (height / ROW_PX).ceil() as usize + 1,
        }
    }

    /// The rows to draw of `total`: those in view and the spare ones around them.
    fn drawn(self, total: usize) -> std::ops::Range<usize> {
        let start = self.first.saturating_sub(SPARE_ROWS).min(total);
        let end = (self.first + self.count + SPARE_ROWS).min(total);
        start..end.max(start)
    }
}

/// Words shown on one row: line and paragraph breaks as spaces (the row keeps its spaces, so
/// the words on each side of the hit stay apart).
fn one_line(words: &str) -> String {
    words
        .chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' | '\u{85}' => ' ',
            c => c,
        })
        .collect()
}

/// The row (from 0) of the hit list an event target is in, if any.
fn row_of(target: Option<web_sys::EventTarget>) -> Option<usize> {
    let el = target?.dyn_into::<web_sys::Element>().ok()?;
    let row = el.closest("li[aria-posinset]").ok()??;
    row.get_attribute("aria-posinset")?
        .parse::<usize>()
        .ok()?
        .checked_sub(1)
}

#[derive(Properties, PartialEq)]
pub struct LabelAllDialogProps {
    pub label: AttrValue,
    pub rows: Rc<Vec<HitRow>>,
    /// The hits the user kept checked.
    pub on_confirm: Callback<Vec<Span>>,
    pub on_cancel: Callback<()>,
}

/// The hits the user unchecked. Kept as exclusions rather than as the checked set, so that rows
/// are checked by default, also when the list changes under the open dialog.
#[derive(Default, PartialEq)]
struct Unchecked(HashSet<Span>);

enum Check {
    One(Span, bool),
    /// Check every hit, or uncheck these.
    All(bool, Vec<Span>),
}

// A reducer rather than `use_state`: two changes before the next render must both count.
impl Reducible for Unchecked {
    type Action = Check;

    fn reduce(self: Rc<Self>, action: Check) -> Rc<Self> {
        let mut next = self.0.clone();
        match action {
            Check::One(span, true) => {
                next.remove(&span);
            }
            Check::One(span, false) => {
                next.insert(span);
            }
            Check::All(true, _) => next.clear(),
            Check::All(false, spans) => next.extend(spans),
        }
        if next == self.0 {
            self
        } else {
            Rc::new(Unchecked(next))
        }
    }
}

#[component]
pub fn LabelAllDialog(props: &LabelAllDialogProps) -> Html {
    let unchecked = use_reducer(Unchecked::default);
    let is_checked = |r: &HitRow| r.blocked.is_none() && !unchecked.0.contains(&r.span);
    let checked: Vec<Span> = props
        .rows
        .iter()
        .filter(|r| is_checked(r))
        .map(|r| r.span)
        .collect();

    // The keyboard goes into the dialog when it opens; Cancel when nothing can be confirmed,
    // as a disabled button cannot take focus.
    let confirm = use_node_ref();
    let cancel = use_node_ref();
    {
        let (confirm, cancel) = (confirm.clone(), cancel.clone());
        use_effect_with((), move |_| {
            let target = confirm
                .cast::<web_sys::HtmlElement>()
                .filter(|b| !b.has_attribute("disabled"))
                .or_else(|| cancel.cast::<web_sys::HtmlElement>());
            if let Some(button) = target {
                let _ = button.focus();
            }
        });
    }

    // The dialog is modal: Escape cancels, and no key reaches the app's label shortcuts
    // behind it (they ignore form fields, but not these buttons).
    let onkeydown = {
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |e: KeyboardEvent| {
            e.stop_propagation();
            if e.key() == "Escape" {
                e.prevent_default();
                on_cancel.emit(());
            }
        })
    };
    let set_all = |all: bool| {
        let (unchecked, rows) = (unchecked.dispatcher(), props.rows.clone());
        Callback::from(move |_: MouseEvent| {
            let spans = rows.iter().filter(|r| r.blocked.is_none()).map(|r| r.span);
            unchecked.dispatch(Check::All(all, spans.collect()));
        })
    };
    let toggle = |span: Span| {
        let unchecked = unchecked.dispatcher();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                unchecked.dispatch(Check::One(span, input.checked()));
            }
        })
    };
    let onconfirm = {
        let (checked, on_confirm) = (checked.clone(), props.on_confirm.clone());
        Callback::from(move |_: MouseEvent| on_confirm.emit(checked.clone()))
    };

    // Until the list has a size, as many rows as a tall screen shows.
    let list = use_node_ref();
    let in_view = use_state(|| InView {
        first: 0,
        count: 40,
    });
    let onscroll = {
        let (list, in_view) = (list.clone(), in_view.clone());
        Callback::from(move |_: Event| {
            if let Some(el) = list.cast::<web_sys::Element>() {
                let now = InView::of(&el);
                if now != *in_view {
                    in_view.set(now);
                }
            }
        })
    };

    // Rows drawn again while scrolling can take the keyboard's focus with them (the browser
    // drops the focus of an element the list moves). The row that has it is kept here, and
    // after each render it gets it back if nothing else took it.
    let focused_row = use_mut_ref(|| None::<usize>);
    let onfocusin = {
        let focused_row = focused_row.clone();
        Callback::from(move |e: FocusEvent| {
            *focused_row.borrow_mut() = row_of(e.target());
        })
    };
    let onfocusout = {
        let focused_row = focused_row.clone();
        Callback::from(move |e: FocusEvent| {
            // Moving to something else (not to nothing) is the user's doing.
            if e.related_target().is_some() && row_of(e.related_target()).is_none() {
                *focused_row.borrow_mut() = None;
            }
        })
    };
    {
        let (list, focused_row) = (list.clone(), focused_row.clone());
        use_effect(move || {
            let lost = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .is_none_or(|el| el.tag_name() == "BODY");
            let row = *focused_row.borrow();
            if let (true, Some(row), Some(list)) = (lost, row, list.cast::<web_sys::Element>()) {
                let selector = format!("li[aria-posinset=\"{}\"] input", row + 1);
                if let Ok(Some(input)) = list.query_selector(&selector) {
                    if let Ok(input) = input.dyn_into::<web_sys::HtmlElement>() {
                        let options = web_sys::FocusOptions::new();
                        options.set_prevent_scroll(true);
                        let _ = input.focus_with_options(&options);
                    }
                }
            }
        });
    }

    let total = props.rows.len();
    let drawn = in_view.drawn(total);
    let blocked = props.rows.iter().filter(|r| r.blocked.is_some()).count();
    let label = &props.label;
    html! {
        <div class="dialog-backdrop">
            <div class="dialog label-all-dialog" role="dialog" aria-modal="true"
                aria-labelledby="label-all-title" {onkeydown}>
                <h2 id="label-all-title">
                    { format!("Label {total} hit{} {label}", plural(total)) }
                </h2>
                if blocked > 0 {
                    <p class="hit-note">
                        { format!("{blocked} of them cannot be labeled (unchecked below, with the reason).") }
                    </p>
                }
                <ul class="hit-list" ref={list} {onscroll} {onfocusin} {onfocusout}>
                    // The list is as tall as all its rows; the drawn ones are placed where they
                    // belong. Its height never changes while rows come and go, so the scroll
                    // position stays where the user put it.
                    <li class="hit-spacer" aria-hidden="true"
                        style={format!("height: {}px", total as f64 * ROW_PX)} />
                    { for props.rows[drawn.clone()].iter().enumerate().map(|(i, r)| html! {
                        <li key={format!("{}-{}", r.span.start, r.span.end)}
                            style={format!("top: {}px", (drawn.start + i) as f64 * ROW_PX)}
                            aria-setsize={total.to_string()} aria-posinset={(drawn.start + i + 1).to_string()}
                            class={classes!("hit-row", r.blocked.is_some().then_some("blocked"))}>
                            <label>
                                <input type="checkbox" checked={is_checked(r)}
                                    disabled={r.blocked.is_some()} onchange={toggle(r.span)} />
                                <span class="hit-context">
                                    <span class="hit-before">{ one_line(&r.before) }</span>
                                    <b class="hit-text">{ one_line(&r.text) }</b>
                                    <span class="hit-after">{ one_line(&r.after) }</span>
                                </span>
                                if let Some(reason) = &r.blocked {
                                    <span class="hit-reason">{ reason.clone() }</span>
                                }
                            </label>
                        </li>
                    }) }
                </ul>
                <div class="dialog-actions">
                    <button type="button" class="select-all" onclick={set_all(true)}>{ "Select all" }</button>
                    <button type="button" class="select-none" onclick={set_all(false)}>{ "Select none" }</button>
                    <span class="spacer" />
                    <button type="button" class="confirm" ref={confirm}
                        disabled={checked.is_empty()} onclick={onconfirm}>
                        { format!("Label {} as {label}", checked.len()) }
                    </button>
                    <button type="button" ref={cancel}
                        onclick={props.on_cancel.reform(|_: MouseEvent| ())}>{ "Cancel" }</button>
                </div>
            </div>
        </div>
    }
}
