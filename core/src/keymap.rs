//! What a key means, given what is on screen: the one table of Postil's keyboard. The app's
//! document-wide listener turns a `keydown` into a [`KeyPress`], asks [`command`] what it
//! means, and runs the [`KeyCommand`] (preventing the browser's own action then). The shortcut
//! sheet lists [`SHORTCUTS`], beside the label keys the schema defines.

use crate::annotation::AnnotationSet;
use crate::edit::Edge;
use crate::schema::LabelSchema;
use crate::selection::{Move, Selection};

/// A key press, as the browser reports it (`key` is `KeyboardEvent.key`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPress {
    pub key: String,
    pub shift: bool,
    /// Ctrl, or Cmd on a Mac.
    pub ctrl: bool,
    pub alt: bool,
}

impl KeyPress {
    /// A key with no modifier (for tests and simple callers).
    pub fn plain(key: &str) -> Self {
        KeyPress {
            key: key.to_string(),
            shift: false,
            ctrl: false,
            alt: false,
        }
    }
}

/// What has the keyboard, apart from the article.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Open {
    /// Nothing: the article and its keys.
    #[default]
    Nothing,
    /// A dialog: Esc closes it, every other key is the dialog's.
    Dialog,
    /// The import report: Esc or Enter closes it.
    Report,
    /// The shortcut sheet: Esc or ? closes it; F1 goes on to the help page.
    Help,
    /// The help page: Esc or F1 closes it; ? goes on to the shortcut sheet.
    Guide,
}

/// What the keymap needs to know about the screen.
#[derive(Clone, Copy, Debug)]
pub struct KeyContext<'a> {
    pub open: Open,
    pub selection: Selection,
    /// The open document's annotations.
    pub annotations: &'a AnnotationSet,
    pub schema: &'a LabelSchema,
    /// "Label the other occurrences too?" is on screen.
    pub offer: bool,
    /// The search bar is open.
    pub search: bool,
    /// How many documents there are.
    pub documents: usize,
    /// The first-run tour is on screen (it does not take the keyboard; Esc closes it when
    /// nothing else is there to take back).
    pub tour: bool,
}

/// What a key asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyCommand {
    /// Close what has the keyboard (a dialog, the report, the shortcut sheet).
    Close,
    ShowHelp,
    /// Open the help page (F1).
    ShowGuide,
    /// Close the first-run tour for good.
    CloseTour,
    /// Make the article's text larger (true) or smaller by a step (`+`, `-`).
    TextSize(bool),
    Undo,
    Redo,
    Find,
    Move(Move),
    Extend(Move),
    /// Grow or shrink the selected annotation by a word at one edge.
    Resize {
        edge: Edge,
        grow: bool,
    },
    NextAnnotation(bool),
    NextDocument(bool),
    ToggleDone,
    DismissOffer,
    AcceptOffer,
    ClearSelection,
    CloseSearch,
    /// Edit the note of the selected annotation.
    EditNote,
    /// Link the selected annotation to another (the link dialog asks which, and the type).
    StartLink,
    DeleteSelected,
    /// Label the selection (or relabel the selected annotation) with this label.
    Label(String),
    /// Step the selected annotation's attribute whose key this is (on, off, next value).
    Attribute(char),
    ToggleDocLabel {
        set: String,
        value: String,
    },
}

/// What `k` means now, if anything.
pub fn command(k: &KeyPress, cx: &KeyContext) -> Option<KeyCommand> {
    use KeyCommand as C;
    let key = k.key.as_str();
    // Dialogs take the keyboard: only their closing keys reach the app.
    match cx.open {
        Open::Dialog => return (key == "Escape").then_some(C::Close),
        Open::Report => return matches!(key, "Escape" | "Enter").then_some(C::Close),
        Open::Help if key == "F1" => return Some(C::ShowGuide),
        Open::Help => return matches!(key, "Escape" | "?").then_some(C::Close),
        Open::Guide if key == "?" => return Some(C::ShowHelp),
        Open::Guide => return matches!(key, "Escape" | "F1").then_some(C::Close),
        Open::Nothing => {}
    }
    if k.alt {
        return None;
    }
    let selected = cx.selection != Selection::None;
    let annotation = match cx.selection {
        Selection::Annotation(id) => cx.annotations.get(id),
        _ => None,
    };
    let on_annotation = matches!(cx.selection, Selection::Annotation(_));
    if k.ctrl {
        return match (key, k.shift) {
            ("z" | "Z", false) => Some(C::Undo),
            ("z" | "Z", true) | ("y" | "Y", false) => Some(C::Redo),
            ("f" | "F", false) => Some(C::Find),
            ("ArrowLeft", true) if on_annotation => Some(C::Resize {
                edge: Edge::Start,
                grow: true,
            }),
            ("ArrowRight", true) if on_annotation => Some(C::Resize {
                edge: Edge::Start,
                grow: false,
            }),
            _ => None,
        };
    }
    let arrow = |m: Move| if k.shift { C::Extend(m) } else { C::Move(m) };
    // `+` and `-` size the text unless the schema gave them to a label, an attribute or a
    // document label (they are not reserved: a schema from before may use them).
    let schema_has = |c: char| {
        cx.schema.by_key(c).is_some()
            || cx.schema.attribute_by_key(c).is_some()
            || cx.schema.doc_value_by_key(c).is_some()
    };
    match key {
        "?" => Some(C::ShowHelp),
        "F1" => Some(C::ShowGuide),
        "+" if !schema_has('+') => Some(C::TextSize(true)),
        "-" if !schema_has('-') => Some(C::TextSize(false)),
        "/" => Some(C::Find),
        "]" if cx.documents > 1 => Some(C::NextDocument(true)),
        "[" if cx.documents > 1 => Some(C::NextDocument(false)),
        "=" => Some(C::ToggleDone),
        "Escape" if cx.offer => Some(C::DismissOffer),
        "Escape" if selected => Some(C::ClearSelection),
        "Escape" if cx.search => Some(C::CloseSearch),
        "Escape" if cx.tour => Some(C::CloseTour),
        // The offer shows right after labeling, while the new annotation is selected: Enter
        // answers the offer first; once it is gone, Enter edits the note.
        "Enter" if cx.offer => Some(C::AcceptOffer),
        "Enter" if annotation.is_some() => Some(C::EditNote),
        // With nothing selected, Tab leaves the article like any Tab (Esc, then Tab, gets out).
        "Tab" if selected && !cx.annotations.is_empty() => Some(C::NextAnnotation(!k.shift)),
        "Delete" | "Backspace" if on_annotation => Some(C::DeleteSelected),
        // `>` links, unless a label has taken it as its key.
        ">" if on_annotation && cx.annotations.len() > 1 && cx.schema.by_key('>').is_none() => {
            Some(C::StartLink)
        }
        "ArrowRight" if k.shift && on_annotation => Some(C::Resize {
            edge: Edge::End,
            grow: true,
        }),
        "ArrowLeft" if k.shift && on_annotation => Some(C::Resize {
            edge: Edge::End,
            grow: false,
        }),
        "ArrowRight" => Some(arrow(Move::NextWord)),
        "ArrowLeft" => Some(arrow(Move::PrevWord)),
        "ArrowDown" => Some(arrow(Move::NextBlock)),
        "ArrowUp" => Some(arrow(Move::PrevBlock)),
        "Home" => Some(arrow(Move::BlockStart)),
        "End" => Some(arrow(Move::BlockEnd)),
        _ => {
            let mut chars = key.chars();
            let c = match (chars.next(), chars.next()) {
                (Some(c), None) => c,
                _ => return None,
            };
            if selected {
                if let Some(label) = cx.schema.by_key(c) {
                    return Some(C::Label(label.name.clone()));
                }
            }
            if on_annotation && cx.schema.attribute_by_key(c).is_some() {
                return Some(C::Attribute(c));
            }
            cx.schema
                .doc_value_by_key(c)
                .map(|(set, value)| C::ToggleDocLabel {
                    set: set.name.clone(),
                    value: value.name.clone(),
                })
        }
    }
}

/// Every shortcut, for the sheet: (keys, what they do). Label and document label keys come
/// from the schema and are listed beside these.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("← →", "Move to the previous / next word and select it"),
    ("↑ ↓", "Move to the previous / next paragraph"),
    ("Home End", "Move to the start / end of the paragraph"),
    (
        "Shift + ← →",
        "Extend the selection by a word; on an annotation, shrink / grow its end",
    ),
    (
        "Ctrl + Shift + ← →",
        "On an annotation, grow / shrink its start by a word",
    ),
    (
        "Click, drag",
        "Select a word, or words (snapped to whole words)",
    ),
    (
        "Click again",
        "On overlapping annotations, select the next one under the pointer",
    ),
    (
        "Label key",
        "Label the selection, or relabel the selected annotation",
    ),
    ("Tab  Shift + Tab", "With something selected in the article: the next / previous annotation (Esc, then Tab, leaves the article)"),
    (
        "Enter",
        "Edit the selected annotation’s note; or accept “label the other occurrences”",
    ),
    ("Delete  Backspace", "Remove the selected annotation (and its relations)"),
    (
        ">",
        "Link the selected annotation to another: choose it and the relation's type",
    ),
    (
        "Esc",
        "Dismiss the offer, clear the selection, close search or a dialog",
    ),
    ("Ctrl + Z", "Undo"),
    ("Ctrl + Shift + Z  Ctrl + Y", "Redo"),
    (
        "Ctrl + F  /",
        "Find in the article (then Enter / Shift + Enter for the next / previous hit)",
    ),
    ("[  ]", "Open the previous / next document"),
    ("=", "Mark the document done (again: not done)"),
    ("+  -", "Make the article's text larger / smaller"),
    ("?", "Show or hide this sheet"),
    ("F1", "Open the help page"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{AnnotationId, Overlaps};
    use crate::edit::label_span;
    use crate::span::Span;

    fn press(key: &str, mods: &str) -> KeyPress {
        KeyPress {
            key: key.to_string(),
            shift: mods.contains('s'),
            ctrl: mods.contains('c'),
            alt: mods.contains('a'),
        }
    }

    /// The screen a row of the table sees, from words: "dialog", "report", "help" (what is
    /// open), "ann" or "range" (what is selected), "offer", "search", "one-doc" (a single
    /// document), "none" (no annotations).
    fn screen<'a>(
        words: &str,
        set: &'a AnnotationSet,
        empty: &'a AnnotationSet,
        schema: &'a LabelSchema,
    ) -> KeyContext<'a> {
        let has = |w: &str| words.split_whitespace().any(|x| x == w);
        KeyContext {
            open: if has("dialog") {
                Open::Dialog
            } else if has("report") {
                Open::Report
            } else if has("help") {
                Open::Help
            } else if has("guide") {
                Open::Guide
            } else {
                Open::Nothing
            },
            selection: if has("ann") {
                Selection::Annotation(AnnotationId(1))
            } else if has("range") {
                Selection::Range(Span::new(10, 14))
            } else {
                Selection::None
            },
            annotations: if has("none") { empty } else { set },
            schema,
            offer: has("offer"),
            search: has("search"),
            documents: if has("one-doc") { 1 } else { 2 },
            tour: has("tour"),
        }
    }

    #[test]
    fn key_table() {
        let schema = LabelSchema::default_ner();
        let mut set = AnnotationSet::new(40);
        set.run(|s| label_span(s, Span::new(0, 6), "PERSON", Overlaps::Allowed))
            .unwrap();
        let empty = AnnotationSet::new(40);
        let p = schema.get("PERSON").unwrap().key.to_string();
        let (doc_set, doc_value, doc_key) = schema
            .doc_sets()
            .iter()
            .flat_map(|s| {
                s.values
                    .iter()
                    .filter_map(move |v| v.key.map(|k| (s, v, k)))
            })
            .next()
            .map(|(s, v, k)| (s.name.clone(), v.name.clone(), k.to_string()))
            .expect("the default schema has document label keys");
        use KeyCommand as C;
        let resize = |edge, grow| Some(C::Resize { edge, grow });
        // (key, modifiers: c = Ctrl, s = Shift, a = Alt; the screen; what it means)
        let cases: Vec<(&str, &str, &str, Option<KeyCommand>)> = vec![
            // Dialogs keep every key but their closing ones.
            ("Escape", "", "dialog", Some(C::Close)),
            ("z", "c", "dialog", None),
            ("Enter", "", "report", Some(C::Close)),
            ("Enter", "", "dialog", None),
            ("?", "", "help", Some(C::Close)),
            ("?", "", "", Some(C::ShowHelp)),
            // F1 is the help page; from the sheet it goes on there, and back with ?.
            ("F1", "", "", Some(C::ShowGuide)),
            ("F1", "", "help", Some(C::ShowGuide)),
            ("?", "", "guide", Some(C::ShowHelp)),
            ("F1", "", "guide", Some(C::Close)),
            ("Escape", "", "guide", Some(C::Close)),
            ("p", "", "guide range", None),
            ("F1", "", "dialog", None),
            // Text size, with or without a selection; not in a dialog.
            ("+", "", "", Some(C::TextSize(true))),
            ("-", "", "range", Some(C::TextSize(false))),
            ("+", "", "dialog", None),
            ("z", "c", "", Some(C::Undo)),
            ("Z", "cs", "", Some(C::Redo)),
            ("y", "c", "", Some(C::Redo)),
            ("f", "c", "", Some(C::Find)),
            ("/", "", "", Some(C::Find)),
            ("z", "a", "", None),
            ("]", "", "", Some(C::NextDocument(true))),
            ("]", "", "one-doc", None),
            ("=", "", "", Some(C::ToggleDone)),
            // Escape takes back the latest thing first: the offer, the selection, the search.
            ("Escape", "", "offer ann", Some(C::DismissOffer)),
            ("Escape", "", "range search", Some(C::ClearSelection)),
            ("Escape", "", "search", Some(C::CloseSearch)),
            ("Escape", "", "", None),
            // The tour does not take the keyboard: Esc closes it last of all.
            ("Escape", "", "tour", Some(C::CloseTour)),
            ("Escape", "", "tour search", Some(C::CloseSearch)),
            ("Escape", "", "tour range", Some(C::ClearSelection)),
            ("p", "", "tour range", Some(C::Label("PERSON".into()))),
            ("Enter", "", "offer ann", Some(C::AcceptOffer)),
            ("Enter", "", "ann", Some(C::EditNote)),
            ("Enter", "", "ann none", None),
            // Tab moves between annotations only from a selection.
            ("Tab", "", "range", Some(C::NextAnnotation(true))),
            ("Tab", "s", "ann", Some(C::NextAnnotation(false))),
            ("Tab", "", "", None),
            ("Tab", "", "range none", None),
            ("Delete", "", "ann", Some(C::DeleteSelected)),
            ("Backspace", "", "range", None),
            ("ArrowRight", "s", "ann", resize(Edge::End, true)),
            ("ArrowLeft", "s", "ann", resize(Edge::End, false)),
            ("ArrowLeft", "cs", "ann", resize(Edge::Start, true)),
            ("ArrowRight", "cs", "ann", resize(Edge::Start, false)),
            ("ArrowRight", "s", "range", Some(C::Extend(Move::NextWord))),
            ("ArrowRight", "", "", Some(C::Move(Move::NextWord))),
            ("ArrowUp", "", "", Some(C::Move(Move::PrevBlock))),
            ("End", "s", "", Some(C::Extend(Move::BlockEnd))),
            // Label keys need a selection; document label keys do not.
            (&p, "", "range", Some(C::Label("PERSON".into()))),
            (&p, "", "", None),
            (
                &doc_key,
                "",
                "",
                Some(C::ToggleDocLabel {
                    set: doc_set.clone(),
                    value: doc_value.clone(),
                }),
            ),
            ("F5", "", "", None),
        ];
        for (key, mods, words, want) in cases {
            let cx = screen(words, &set, &empty, &schema);
            assert_eq!(
                command(&press(key, mods), &cx),
                want,
                "{key:?} {mods:?} on {words:?}"
            );
        }
    }

    #[test]
    fn the_app_s_own_keys_are_reserved_from_labels() {
        // Whatever is on screen, a printable key the app takes for itself (not as a label
        // or document label key) must be one no label may have, or it could never label.
        let schema = LabelSchema::new(Vec::new())
            .unwrap()
            .with_doc_sets(Vec::new())
            .unwrap();
        let mut set = AnnotationSet::new(40);
        set.run(|s| label_span(s, Span::new(0, 6), "X", Overlaps::Allowed))
            .unwrap();
        let empty = AnnotationSet::new(40);
        let screens = ["", "range", "ann", "offer ann", "search", "range none"];
        let mut taken = Vec::new();
        for c in (' '..='~').chain(['é', 'ß']) {
            let key = c.to_string();
            for words in screens {
                if command(&press(&key, ""), &screen(words, &set, &empty, &schema)).is_some() {
                    taken.push(c);
                }
            }
        }
        taken.dedup();
        // `+` and `-` are not reserved: they size the text only while no label has them.
        let yielding = ['+', '-'];
        for c in &taken {
            assert!(
                crate::schema::RESERVED_KEYS.contains(c) || yielding.contains(c),
                "the app takes {c:?}, and a label could have it"
            );
        }
        assert_eq!(taken.len(), 7, "? / [ ] = + - are the app's: {taken:?}");
        // Given to labels, they label (and, with nothing selected, do nothing).
        let labels = ['+', '-'].map(|c| crate::schema::LabelDef {
            name: format!("L{}", u32::from(c)),
            color: crate::schema::Color::from_rgb(0xffd3a8),
            key: c,
        });
        let schema = LabelSchema::new(labels.to_vec())
            .unwrap()
            .with_doc_sets(Vec::new())
            .unwrap();
        for c in yielding {
            let key = c.to_string();
            let label = format!("L{}", u32::from(c));
            let cx = screen("range", &set, &empty, &schema);
            assert_eq!(
                command(&press(&key, ""), &cx),
                Some(KeyCommand::Label(label))
            );
            let cx = screen("", &set, &empty, &schema);
            assert_eq!(command(&press(&key, ""), &cx), None, "{c:?} is a label's");
        }
    }
}
