//! The label editor: a panel that edits the label schema (span labels in [`LabelsEditor`], the
//! overlap policy, relation types and attributes in [`TypesEditor`], document labels in
//! [`DocLabelsEditor`]) and imports or exports it as a file.
//!
//! It never touches storage or app state: every action the person takes becomes one
//! [`SchemaChange`], built and checked by `postil_core::label_editor`, and emitted. A change
//! the core refuses is shown as a sentence where it was asked for, and nothing is emitted.

use super::doc_labels_editor::DocLabelsEditor;
use super::labels_editor::LabelsEditor;
use super::types_editor::TypesEditor;
use crate::platform::files;
use postil_core::schema_edit::SchemaChange;
use postil_core::{LabelSchema, Overlaps};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SchemaEditorProps {
    pub schema: Rc<LabelSchema>,
    /// How many annotations use each label, over all documents.
    pub usage: Rc<BTreeMap<String, usize>>,
    pub on_change: Callback<SchemaChange>,
    /// A schema file the user chose to import.
    pub on_import: Callback<web_sys::File>,
    pub on_export: Callback<()>,
    pub on_close: Callback<()>,
}

#[component]
pub fn SchemaEditor(props: &SchemaEditorProps) -> Html {
    let import_input = use_node_ref();
    let on_overlaps = {
        let (schema, on_change) = (props.schema.clone(), props.on_change.clone());
        Callback::from(move |e: Event| {
            let Some(el) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            let (overlaps, summary) = if el.checked() {
                (Overlaps::Allowed, "Allowed overlapping spans")
            } else {
                (Overlaps::Forbidden, "Refused new overlapping spans")
            };
            on_change.emit(SchemaChange {
                to: schema.with_overlaps(overlaps),
                renames: vec![],
                summary: summary.into(),
            });
        })
    };
    let on_import_click = {
        let input = import_input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = input.cast::<web_sys::HtmlInputElement>() {
                el.click();
            }
        })
    };
    let on_file = {
        let on_import = props.on_import.clone();
        Callback::from(move |e: Event| {
            let Some(el) = e.target_dyn_into::<web_sys::HtmlInputElement>() else {
                return;
            };
            if let Some(file) = files::first_file(el.files()) {
                on_import.emit(file);
            }
            // Let the same file be chosen again later.
            el.set_value("");
        })
    };

    let allowed = props.schema.overlaps() == Overlaps::Allowed;
    html! {
        <section class="schema-editor" aria-label="Label editor">
            <header class="schema-editor-head">
                <h2>{ "Label editor" }</h2>
                <button type="button" class="close" aria-label="Close label editor"
                    onclick={props.on_close.reform(|_: MouseEvent| ())}>{ "×" }</button>
            </header>
            <LabelsEditor schema={props.schema.clone()} usage={props.usage.clone()} on_change={props.on_change.clone()} />
            <div class="overlaps">
                <label>
                    <input type="checkbox" checked={allowed} onchange={on_overlaps}
                        aria-describedby={(!allowed).then_some("overlaps-hint")} />
                    { " Allow overlapping and nested spans" }
                </label>
                if !allowed {
                    <p class="hint" id="overlaps-hint">{ "Existing overlaps stay; new ones will be refused." }</p>
                }
            </div>
            <TypesEditor schema={props.schema.clone()} on_change={props.on_change.clone()} />
            <DocLabelsEditor schema={props.schema.clone()} on_change={props.on_change.clone()} />
            <footer class="schema-editor-foot">
                <button type="button" onclick={props.on_export.reform(|_: MouseEvent| ())}>{ "Export schema" }</button>
                <button type="button" onclick={on_import_click}>{ "Import schema…" }</button>
                <input ref={import_input} type="file" class="visually-hidden" accept=".json,application/json"
                    tabindex="-1" aria-hidden="true" onchange={on_file} data-testid="schema-import-input" />
            </footer>
        </section>
    }
}
