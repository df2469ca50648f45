//! Editing the note of an annotation or a relation: a small dialog with a text area.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NoteEditorProps {
    /// "PERSON: Sergey Lavrov", for the heading.
    pub subject: AttrValue,
    pub note: AttrValue,
    pub on_save: Callback<String>,
    pub on_cancel: Callback<()>,
}

#[component]
pub fn NoteEditor(props: &NoteEditorProps) -> Html {
    let area = use_node_ref();
    {
        let area = area.clone();
        use_effect_with((), move |_| {
            if let Some(el) = area.cast::<web_sys::HtmlTextAreaElement>() {
                let _ = el.focus();
                el.select();
            }
        });
    }
    let save = {
        let area = area.clone();
        let on_save = props.on_save.clone();
        move || {
            if let Some(el) = area.cast::<web_sys::HtmlTextAreaElement>() {
                on_save.emit(el.value());
            }
        }
    };
    let onkeydown = {
        let save = save.clone();
        let on_cancel = props.on_cancel.clone();
        Callback::from(move |e: KeyboardEvent| {
            // Enter saves; Shift+Enter makes a new line; Esc cancels.
            if e.key() == "Enter" && !e.shift_key() {
                e.prevent_default();
                save();
            } else if e.key() == "Escape" {
                e.prevent_default();
                on_cancel.emit(());
            }
            e.stop_propagation();
        })
    };
    let onsubmit = Callback::from(move |e: SubmitEvent| {
        e.prevent_default();
        save();
    });
    let cancel = props.on_cancel.reform(|_: MouseEvent| ());
    html! {
        <div class="dialog-backdrop">
            <div class="dialog note-dialog" role="dialog" aria-modal="true" aria-labelledby="note-title">
                <form class="dialog-form" {onsubmit}>
                    <h2 id="note-title">{ format!("Note on {}", props.subject) }</h2>
                    <textarea ref={area} rows="4" aria-label="Note" value={props.note.clone()} {onkeydown}
                        placeholder="Why this label, a doubt, a question for a colleague…" />
                    <p class="hint">{ "Enter saves, Shift+Enter starts a new line, Esc cancels. An empty note removes it." }</p>
                    <div class="dialog-actions">
                        <button type="submit">{ "Save note" }</button>
                        <button type="button" onclick={cancel}>{ "Cancel" }</button>
                    </div>
                </form>
            </div>
        </div>
    }
}
