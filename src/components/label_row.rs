//! One span label in the label editor: its colour, name, key, place in the list and deletion.
//!
//! The row only says what the person asked for; `postil_core::label_editor` builds and checks
//! the new schema, and a refusal comes back as `error`, shown beside the row.

use postil_core::label_editor::{annotations, Move};
use postil_core::schema::PALETTE;
use postil_core::{Color, LabelDef};
use yew::prelude::*;

/// Which of a row's inputs a refusal is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Name,
    Key,
}

#[derive(Properties, PartialEq)]
pub struct LabelRowProps {
    pub label: LabelDef,
    /// Where the row is in the list (for element ids).
    pub index: usize,
    pub first: bool,
    pub last: bool,
    /// How many annotations use the label, over all documents.
    pub usage: usize,
    /// True while the row asks whether to delete the label and its annotations.
    pub confirming: bool,
    /// Why the last change asked on this row was refused (a sentence).
    pub error: Option<AttrValue>,
    /// The input the refusal is about, marked invalid.
    pub invalid: Option<Field>,
    /// After this label was moved: which of its move buttons gets the keyboard.
    pub refocus: Option<Move>,
    pub on_rename: Callback<String>,
    /// The key as typed (the editor checks it is one character).
    pub on_key: Callback<String>,
    pub on_color: Callback<Color>,
    pub on_move: Callback<Move>,
    /// Delete was pressed: the editor deletes at once or asks first.
    pub on_delete: Callback<()>,
    pub on_confirm_delete: Callback<()>,
    pub on_keep: Callback<()>,
}

fn input_value(e: &Event) -> Option<String> {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .map(|el| el.value())
}

fn focus(node: &NodeRef) {
    if let Some(el) = node.cast::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}

#[component]
pub fn LabelRow(props: &LabelRowProps) -> Html {
    let (up, down, delete, keep) = (
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    );
    // Rows are keyed by position, so after a move the label shows up in another row: that row
    // takes the keyboard, on the same button unless it is now disabled at an end of the list.
    {
        let (up, down) = (up.clone(), down.clone());
        let deps = (
            props.refocus,
            props.label.name.clone(),
            props.first,
            props.last,
        );
        use_effect_with(deps, move |(refocus, _, first, last)| match refocus {
            Some(Move::Up) => focus(if *first { &down } else { &up }),
            Some(Move::Down) => focus(if *last { &up } else { &down }),
            None => {}
        });
    }
    // The question takes the keyboard, on its safe answer.
    {
        let keep = keep.clone();
        use_effect_with(props.confirming, move |confirming| {
            if *confirming {
                focus(&keep);
            }
        });
    }

    let l = &props.label;
    let name = l.name.clone();
    let error_id = format!("label-{}-error", props.index);
    let described = props
        .error
        .as_ref()
        .map(|_| AttrValue::from(error_id.clone()));
    let on_rename = {
        let cb = props.on_rename.clone();
        Callback::from(move |e: Event| {
            if let Some(v) = input_value(&e) {
                cb.emit(v);
            }
        })
    };
    let on_key = {
        let cb = props.on_key.clone();
        Callback::from(move |e: Event| {
            if let Some(v) = input_value(&e) {
                cb.emit(v);
            }
        })
    };
    // One character to type over: select it so a new key replaces it.
    let select_all = Callback::from(|e: FocusEvent| {
        if let Some(el) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
            el.select();
        }
    });
    let on_keep = {
        let cb = props.on_keep.clone();
        let delete = delete.clone();
        Callback::from(move |_: MouseEvent| {
            cb.emit(());
            focus(&delete);
        })
    };
    let move_button = |dir: Move, node: &NodeRef, disabled: bool| {
        let (word, glyph) = match dir {
            Move::Up => ("up", "↑"),
            Move::Down => ("down", "↓"),
        };
        html! {
            <button type="button" class="move" ref={node.clone()} {disabled}
                aria-label={format!("Move {name} {word}")} onclick={props.on_move.reform(move |_: MouseEvent| dir)}>
                { glyph }
            </button>
        }
    };

    html! {
        <li class="label-row" style={format!("--label: {}", l.color)}>
            <div class="label-row-main">
                <details class="colour-picker">
                    <summary aria-label={format!("Colour of {name}: {}", l.color)} title="Change the colour">
                        <span class="swatch" />
                    </summary>
                    <div class="swatches" role="group" aria-label={format!("Colours for {name}")}>
                        { for PALETTE.iter().map(|c| {
                            let c = *c;
                            html! {
                                <button type="button" class="swatch-button" style={format!("--swatch: {c}")}
                                    aria-label={format!("Colour {c}")} aria-pressed={(c == l.color).to_string()}
                                    onclick={props.on_color.reform(move |_: MouseEvent| c)} />
                            }
                        }) }
                    </div>
                </details>
                <input type="text" class="label-name-input" value={name.clone()} onchange={on_rename}
                    aria-label={format!("Name of {name}")} aria-describedby={described.clone()}
                    aria-invalid={(props.invalid == Some(Field::Name)).then_some("true")}
                    spellcheck="false" autocomplete="off" />
                <input type="text" class="key-input" value={l.key.to_string()} onchange={on_key}
                    onfocus={select_all} maxlength="1" size="1"
                    aria-label={format!("Key of {name}")} aria-describedby={described}
                    aria-invalid={(props.invalid == Some(Field::Key)).then_some("true")}
                    spellcheck="false" autocomplete="off" />
                <div class="row-actions">
                    <span class="usage">{ if props.usage == 0 { "unused".to_string() } else { annotations(props.usage) } }</span>
                    { move_button(Move::Up, &up, props.first) }
                    { move_button(Move::Down, &down, props.last) }
                    <button type="button" class="delete" ref={delete} aria-label={format!("Delete {name}")}
                        onclick={props.on_delete.reform(|_: MouseEvent| ())}>
                        { "Delete" }
                    </button>
                </div>
            </div>
            if let Some(e) = &props.error {
                <p class="editor-error" id={error_id} role="alert">{ e.clone() }</p>
            }
            if props.confirming {
                <div class="delete-question" role="group" aria-label={format!("Delete {name}?")}>
                    <p>{ format!("{name} is used by {}. Delete it and them? You can undo this.", annotations(props.usage)) }</p>
                    <button type="button" class="danger" onclick={props.on_confirm_delete.reform(|_: MouseEvent| ())}>
                        { format!("Delete label and {}", annotations(props.usage)) }
                    </button>
                    <button type="button" ref={keep} onclick={on_keep}>{ "Keep it" }</button>
                </div>
            }
        </li>
    }
}
