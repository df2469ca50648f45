//! A message for the user, shown under the toolbar until dismissed or replaced.

use postil_core::workspace::Refusal;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Info,
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
    pub details: Vec<String>,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Notice {
            kind: NoticeKind::Info,
            text: text.into(),
            details: Vec::new(),
        }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Notice {
            kind: NoticeKind::Error,
            text: text.into(),
            details: Vec::new(),
        }
    }

    /// A refused command's sentence: an error, or quiet when it only explains.
    pub fn refusal(r: &Refusal) -> Self {
        if r.is_error() {
            Notice::error(r.to_string())
        } else {
            Notice::info(r.to_string())
        }
    }
}
