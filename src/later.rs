//! Views loaded on demand: a second wasm module, `postil-more` (`src/more.rs`), holds the views
//! the first screen does not show (statistics, agreement, the help page, the shortcut sheet, the
//! label editor, Team sync, Paste, Import…'s formats: [`View`]), so the app's own wasm,
//! what every visit downloads and compiles before the article shows, leaves them out. The app
//! loads the module the first time one of them opens (`platform::later`) and mounts the view
//! there into an element of its own (`components::later_host::Later`).
//!
//! The two modules share no memory: what a view shows crosses as JSON (each view's `Input`,
//! made by the app from its state), and what the person does in it comes back as an [`Event`]
//! (JSON too), which the app turns into its own actions. This module is both sides' contract;
//! [`Root`] is the module's side (only `src/more.rs` names it, so the app's wasm leaves it and
//! the views out).

use crate::components::agreement_view::AgreementView;
use crate::components::help_page::HelpPage;
use crate::components::import_formats::ImportFormats;
use crate::components::paste_dialog::PasteDialog;
use crate::components::schema_editor::SchemaEditor;
use crate::components::shortcut_sheet::ShortcutSheet;
use crate::components::stats_view::StatsView;
use crate::components::sync_dialog::SyncDialog;
use crate::hooks::team_sync::SignIn;
use crate::state::TeamSync;
use postil_core::schema_edit::SchemaChange;
use postil_core::stats::Stats;
use postil_core::workspace::AgreementReport;
use postil_core::{LabelSchema, Span};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

/// The module's script, beside the app's files (Trunk builds it, `index.html`).
pub const SCRIPT: &str = "postil-more.js";

/// A panic stops the module for good (`panic = "abort"`): its panic hook keeps what happened
/// under this name on `window` and fires [`STOPPED_EVENT`] there, so that the app closes the
/// views it shows, says so, and mounts no view in it again.
pub const STOPPED_KEY: &str = "postilLaterStopped";
pub const STOPPED_EVENT: &str = "postil-later-stopped";

/// The end-to-end tests' way to stop the module: with `?later-panic-test` in the page's
/// address, the first thing a view sends the app panics instead.
pub const PANIC_TEST: &str = "later-panic-test";

/// The views the module holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum View {
    /// `StatsInput`.
    Stats,
    /// An `AgreementReport`.
    Agreement,
    /// The help page (no input: `null`).
    Guide,
    /// The label editor, in the side panel's Labels tab (`LabelsInput`).
    Labels,
    /// Every keyboard shortcut, the labels' keys included (a `LabelSchema`).
    Shortcuts,
    /// Team sync: the sign-in form, or where sync stands (a `TeamSync`).
    Sync,
    /// An article pasted as text (`true` while the one given is being added).
    Paste,
    /// What Import… reads (no input: `null`).
    Formats,
}

impl View {
    /// As the module's `mount` takes it.
    pub fn name(self) -> &'static str {
        match self {
            View::Stats => "stats",
            View::Agreement => "agreement",
            View::Guide => "guide",
            View::Labels => "labels",
            View::Shortcuts => "shortcuts",
            View::Sync => "sync",
            View::Paste => "paste",
            View::Formats => "formats",
        }
    }

    const ALL: [View; 8] = [
        View::Stats,
        View::Agreement,
        View::Guide,
        View::Labels,
        View::Shortcuts,
        View::Sync,
        View::Paste,
        View::Formats,
    ];

    pub fn from_name(name: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.name() == name)
    }

    /// What the person is opening, for the line shown while it loads and if it cannot.
    pub fn what(self) -> &'static str {
        match self {
            View::Stats => "the statistics",
            View::Agreement => "the agreement view",
            View::Guide => "the help page",
            View::Labels => "the label editor",
            View::Shortcuts => "the keyboard shortcuts",
            View::Sync => "Team sync",
            View::Paste => "the Paste dialog",
            View::Formats => "the import formats",
        }
    }

    /// Shown in the side panel, not as a dialog over the page.
    pub fn in_panel(self) -> bool {
        self == View::Labels
    }
}

/// What the statistics view shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatsInput {
    pub all: Stats,
    /// Of the open document.
    pub here: Stats,
    pub title: String,
    /// Each label's name and CSS colour.
    pub colors: Vec<(String, String)>,
}

/// What the label editor shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabelsInput {
    pub schema: LabelSchema,
    /// How many annotations use each label, over all documents.
    pub usage: BTreeMap<String, usize>,
}

/// What the person did in a view. (No `Debug`: a sign-in holds a password.) Externally tagged
/// (`{"find": {…}}`, `"close"`): an internal tag would make the app read events through serde's
/// buffering, which took about 20 KB gzipped of its wasm with the worker's answers.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Event {
    /// Close the view.
    Close,
    /// Search the document at this position for this text, stepping to the hit at this span
    /// (the view closes: the search bar shows it).
    Find {
        doc: usize,
        text: String,
        at: Span,
    },
    /// The help page's "All keyboard shortcuts".
    Shortcuts,
    /// The help page's "Show the tour again".
    Tour,
    /// A change the label editor made (checked there by `postil_core::label_editor`).
    Schema(SchemaChange),
    /// A schema file chosen in the label editor, read.
    SchemaFile {
        name: String,
        text: String,
    },
    /// A schema file chosen in the label editor that could not be read, and why.
    SchemaFileUnread {
        why: String,
    },
    /// The label editor's "Export schema".
    ExportSchema,
    /// Team sync's sign-in form, sent.
    SignIn(SignIn),
    SignOut,
    /// Stop syncing (forget the settings).
    StopSync,
    SyncNow,
    /// Paste's "Add": a title and the text.
    Paste {
        title: String,
        text: String,
    },
    /// Import…'s "Choose files…", as annotations or as suggestions.
    ChooseFiles {
        suggestions: bool,
    },
}

#[derive(Properties, PartialEq)]
pub struct RootProps {
    pub view: View,
    /// The view's input, as JSON.
    pub input: Rc<str>,
    pub emit: Callback<Event>,
}

/// The module's root: the view asked for, from its input. An input this build cannot read
/// (a module of another build still cached, say) is said in a dialog that closes.
#[component]
pub fn Root(props: &RootProps) -> Html {
    let emit = props.emit.clone();
    let close = emit.reform(|()| Event::Close);
    let unreadable = |e: serde_json::Error| {
        let close = close.clone();
        html! {
            <div class="dialog-backdrop">
                <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="later-title">
                    <h2 id="later-title">{ "This view could not be shown" }</h2>
                    <p>{ format!("Postil could not read what to show ({e}). Reloading the page loads this version's views.") }</p>
                    <div class="dialog-actions">
                        <button type="button" onclick={close.reform(|_: MouseEvent| ())}>{ "Close" }</button>
                    </div>
                </div>
            </div>
        }
    };
    match props.view {
        View::Stats => match serde_json::from_str::<StatsInput>(&props.input) {
            Ok(i) => html! {
                <StatsView all={Rc::new(i.all)} here={Rc::new(i.here)} title={AttrValue::from(i.title)}
                    colors={Rc::new(i.colors)}
                    on_find={emit.reform(|(doc, text, at)| Event::Find { doc, text, at })}
                    on_close={close} />
            },
            Err(e) => unreadable(e),
        },
        View::Agreement => match serde_json::from_str::<AgreementReport>(&props.input) {
            Ok(report) => html! { <AgreementView report={Rc::new(report)} on_close={close} /> },
            Err(e) => unreadable(e),
        },
        View::Guide => html! {
            <HelpPage on_close={close} on_shortcuts={emit.reform(|()| Event::Shortcuts)}
                on_tour={emit.reform(|()| Event::Tour)} />
        },
        View::Labels => match serde_json::from_str::<LabelsInput>(&props.input) {
            Ok(i) => {
                let read = emit.clone();
                let on_import = Callback::from(move |file: web_sys::File| {
                    let read = read.clone();
                    crate::platform::files::read_text(file, move |r| {
                        read.emit(match r {
                            Ok(f) => Event::SchemaFile {
                                name: f.name,
                                text: f.text,
                            },
                            Err(why) => Event::SchemaFileUnread { why },
                        })
                    });
                });
                html! {
                    <SchemaEditor schema={Rc::new(i.schema)} usage={Rc::new(i.usage)}
                        on_change={emit.reform(Event::Schema)} {on_import}
                        on_export={emit.reform(|()| Event::ExportSchema)} on_close={close} />
                }
            }
            Err(e) => unreadable(e),
        },
        View::Shortcuts => match serde_json::from_str::<LabelSchema>(&props.input) {
            Ok(schema) => html! { <ShortcutSheet schema={Rc::new(schema)} on_close={close} /> },
            Err(e) => unreadable(e),
        },
        View::Sync => match serde_json::from_str::<TeamSync>(&props.input) {
            Ok(sync) => html! {
                <SyncDialog {sync} on_sign_in={emit.reform(Event::SignIn)}
                    on_sign_out={emit.reform(|()| Event::SignOut)} on_stop={emit.reform(|()| Event::StopSync)}
                    on_now={emit.reform(|()| Event::SyncNow)} on_close={close} />
            },
            Err(e) => unreadable(e),
        },
        View::Paste => match serde_json::from_str::<bool>(&props.input) {
            Ok(adding) => html! {
                <PasteDialog on_add={emit.reform(|(title, text)| Event::Paste { title, text })}
                    on_cancel={close} {adding} />
            },
            Err(e) => unreadable(e),
        },
        View::Formats => html! {
            <ImportFormats on_choose={emit.reform(|()| Event::ChooseFiles { suggestions: false })}
                on_choose_suggestions={emit.reform(|()| Event::ChooseFiles { suggestions: true })}
                on_close={close} />
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_are_named_both_ways() {
        for v in View::ALL {
            assert_eq!(View::from_name(v.name()), Some(v));
        }
        assert_eq!(View::from_name("review"), None);
    }

    #[test]
    fn events_cross_as_json_and_back() {
        for e in [
            Event::Close,
            Event::Find {
                doc: 3,
                text: "Ñandú 𝔸".into(),
                at: Span::new(4, 11),
            },
            Event::Shortcuts,
            Event::Tour,
            Event::Schema(SchemaChange {
                to: LabelSchema::default_ner(),
                renames: vec![("ORG".into(), "Organisation".into())],
                summary: "Renamed ORG".into(),
            }),
            Event::SchemaFile {
                name: "labels.json".into(),
                text: "{\"labels\": []}".into(),
            },
            Event::SchemaFileUnread {
                why: "it is not text".into(),
            },
            Event::ExportSchema,
            Event::SignIn(SignIn {
                url: "https://couch.example/team".into(),
                name: "ana".into(),
                password: "p\u{e4}ss \"word\"".into(),
                gold: true,
            }),
            Event::SignOut,
            Event::StopSync,
            Event::SyncNow,
            Event::Paste {
                title: "Notes".into(),
                text: "Line one\n\nA\u{301} two".into(),
            },
            Event::ChooseFiles { suggestions: true },
        ] {
            let json = serde_json::to_string(&e).unwrap();
            let back = serde_json::from_str::<Event>(&json).unwrap();
            assert!(back == e, "{json}");
        }
    }
}
