//! How this browser reaches the team's database: the database's address and the person's
//! CouchDB name (never the password: the server's session cookie signs in), kept under
//! [`KEY`]; the address checked before anything is sent; and what the toolbar says about sync.

use serde::{Deserialize, Serialize};

/// Where the settings are kept (localStorage; not journaled, never exported).
pub const KEY: &str = "postil/v1/sync";

/// The role that may write the gold layer and the schema.
pub const REVIEWER: &str = "postil-reviewer";

/// The sync settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// The database's address, as checked by [`address`].
    pub url: String,
    /// The person's CouchDB user name: their layer's name.
    pub name: String,
    /// A reviewer's own annotations are the team's gold set.
    #[serde(default)]
    pub gold: bool,
    /// This browser's copy's name (its checkpoint on the server), made once.
    #[serde(default)]
    pub device: String,
    /// Whether the server last said this person reviews (for a start without the server).
    #[serde(default)]
    pub reviewer: bool,
}

impl Settings {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The settings kept, or `None` when there are none Postil can read.
    pub fn from_json(raw: &str) -> Option<Settings> {
        serde_json::from_str::<Settings>(raw)
            .ok()
            .filter(|s| address(&s.url).is_ok() && !s.name.is_empty())
    }
}

/// A database's address, split: the database itself and the server it is on (where
/// `_session` is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address {
    pub database: String,
    pub server: String,
}

/// Checks a database's address as a person typed it.
pub fn address(url: &str) -> Result<Address, String> {
    let url = url.trim().trim_end_matches('/');
    let (scheme, rest) = url.split_once("://").ok_or(
        "The address starts with https:// (for example https://couch.example.org/newsroom).",
    )?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() {
        return Err("The address names no server.".into());
    }
    if host.contains('@') {
        return Err("Put your name in the Name field, not in the address.".into());
    }
    let local = {
        let name = host.rsplit_once(':').map_or(host, |(h, _)| h);
        matches!(name, "127.0.0.1" | "localhost" | "[::1]")
    };
    match scheme {
        "https" => {}
        "http" if local => {}
        "http" => {
            return Err(
                "Postil reaches a team's database only over https (or http on this computer)."
                    .into(),
            )
        }
        _ => return Err("The address starts with https://.".into()),
    }
    if url.contains(['?', '#', ' ']) {
        return Err("The address is the database's own: no spaces, ? or #.".into());
    }
    let (prefix, database) = match path.rsplit_once('/') {
        Some((prefix, db)) => (format!("/{prefix}"), db),
        None => (String::new(), path),
    };
    if database.is_empty() {
        return Err("The address ends with the database's name (…/newsroom).".into());
    }
    let first = database.chars().next().unwrap_or('_');
    let ok = first.is_ascii_lowercase()
        && (database.chars())
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_$()+-".contains(c));
    if !ok {
        return Err(format!(
            "“{database}” cannot be a CouchDB database's name: it starts with a lower-case letter and has only lower-case letters, digits and _$()+-."
        ));
    }
    Ok(Address {
        database: url.to_string(),
        server: format!("{scheme}://{host}{prefix}"),
    })
}

/// Who the server says is signed in (`GET` or `POST /_session`), and whether they review.
pub fn session(body: &str) -> Option<(String, bool)> {
    #[derive(Deserialize)]
    struct Session {
        #[serde(rename = "userCtx")]
        user: Option<User>,
        name: Option<String>,
        #[serde(default)]
        roles: Vec<String>,
    }
    #[derive(Deserialize)]
    struct User {
        name: Option<String>,
        #[serde(default)]
        roles: Vec<String>,
    }
    let s: Session = serde_json::from_str(body).ok()?;
    let (name, roles) = match s.user {
        Some(u) => (u.name, u.roles),
        None => (s.name, s.roles),
    };
    let reviewer = roles.iter().any(|r| r == REVIEWER || r == "_admin");
    name.filter(|n| !n.is_empty()).map(|n| (n, reviewer))
}

/// Where sync stands, as the toolbar says it.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Status {
    /// No team database set up.
    #[default]
    Off,
    /// Set up, but not signed in (or the session ended).
    SignedOut,
    Syncing,
    Synced,
    /// The server cannot be reached; this many changes wait to be sent.
    Offline {
        waiting: usize,
    },
    /// Another tab of this browser syncs (one at a time); this one sees its work.
    OtherTab,
    /// Something went wrong; the sentence says what.
    Failed(String),
}

impl Status {
    /// The toolbar's words.
    pub fn text(&self) -> String {
        match self {
            Status::Off => "Team sync".into(),
            Status::SignedOut => "Sync: sign in".into(),
            Status::Syncing => "Syncing…".into(),
            Status::Synced => "Synced".into(),
            Status::Offline { waiting: 0 } => "Offline".into(),
            Status::Offline { waiting } => format!(
                "Offline: {}",
                crate::prose::count(*waiting, "change waiting", "changes waiting")
            ),
            Status::OtherTab => "Synced by another tab".into(),
            Status::Failed(_) => "Sync: see why".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_before_anything_is_sent() {
        let ok = |url: &str, db: &str, server: &str| {
            assert_eq!(
                address(url),
                Ok(Address {
                    database: db.into(),
                    server: server.into()
                }),
                "{url}"
            )
        };
        ok(
            "https://couch.example.org/newsroom",
            "https://couch.example.org/newsroom",
            "https://couch.example.org",
        );
        ok(
            " https://couch.example.org:6984/news_2026/ ",
            "https://couch.example.org:6984/news_2026",
            "https://couch.example.org:6984",
        );
        ok(
            "https://example.org/couch/newsroom",
            "https://example.org/couch/newsroom",
            "https://example.org/couch",
        );
        ok(
            "http://127.0.0.1:5984/postil-test",
            "http://127.0.0.1:5984/postil-test",
            "http://127.0.0.1:5984",
        );
        ok(
            "http://localhost:5984/a",
            "http://localhost:5984/a",
            "http://localhost:5984",
        );
        for (url, why) in [
            ("couch.example.org/newsroom", "starts with https://"),
            ("http://couch.example.org/newsroom", "only over https"),
            ("ftp://x/y", "starts with https://"),
            ("https://couch.example.org", "ends with the database's name"),
            (
                "https://couch.example.org/",
                "ends with the database's name",
            ),
            ("https://ana:pw@couch.example.org/db", "Name field"),
            (
                "https://couch.example.org/News",
                "“News” cannot be a CouchDB database's name",
            ),
            ("https://couch.example.org/_users", "cannot be"),
            ("https://couch.example.org/db?x=1", "no spaces, ? or #"),
            ("https:///db", "names no server"),
        ] {
            let got = address(url).expect_err(url);
            assert!(got.contains(why), "{url}: {got}");
        }
    }

    #[test]
    fn sessions_and_settings_read_back() {
        assert_eq!(
            session(
                r#"{"ok":true,"userCtx":{"name":"rita","roles":["postil-annotator","postil-reviewer"]}}"#
            ),
            Some(("rita".into(), true))
        );
        assert_eq!(
            session(r#"{"ok":true,"name":"ana","roles":["postil-annotator"]}"#),
            Some(("ana".into(), false))
        );
        assert_eq!(
            session(r#"{"ok":true,"userCtx":{"name":null,"roles":[]}}"#),
            None
        );
        assert_eq!(session("<html>"), None);
        let s = Settings {
            url: "https://couch.example.org/newsroom".into(),
            name: "ana".into(),
            gold: false,
            device: "b1".into(),
            reviewer: false,
        };
        assert_eq!(Settings::from_json(&s.to_json()), Some(s));
        assert_eq!(Settings::from_json(r#"{"url":"nope","name":"ana"}"#), None);
        assert_eq!(
            Status::Offline { waiting: 3 }.text(),
            "Offline: 3 changes waiting"
        );
        assert_eq!(
            Status::Offline { waiting: 1 }.text(),
            "Offline: 1 change waiting"
        );
    }
}
