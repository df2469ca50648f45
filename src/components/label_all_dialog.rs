//! Confirms "label all hits": lists every hit in its context so the user can uncheck the ones
//! that are not meant (a "Jordan" that is a person, not the country) before labeling.
//!
//! Blocked hits (already labeled, or refused by the overlap rules) are listed with the reason
//! and cannot be checked. All text is rendered as text nodes, never as HTML.

use postil_core::prose::plural;
use postil_core::workspace::HitRow;
use postil_core::Span;
use std::collections::HashSet;
use std::rc::Rc;
use yew::prelude::*;

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

    let total = props.rows.len();
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
                <ul class="hit-list">
                    { for props.rows.iter().map(|r| html! {
                        <li key={format!("{}-{}", r.span.start, r.span.end)}
                            class={classes!("hit-row", r.blocked.is_some().then_some("blocked"))}>
                            <label>
                                <input type="checkbox" checked={is_checked(r)}
                                    disabled={r.blocked.is_some()} onchange={toggle(r.span)} />
                                <span class="hit-context">
                                    <span class="hit-before">{ r.before.clone() }</span>
                                    <b class="hit-text">{ r.text.clone() }</b>
                                    <span class="hit-after">{ r.after.clone() }</span>
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
