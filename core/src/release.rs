//! Which build of the app is running, and whether to say it was updated.
//!
//! The release build writes `version.json` beside the app (scripts/offline.py): a version
//! derived from the content of every file the service worker keeps, and the short list of
//! what this build changed (`offline/changes.json`). The app reads it on start and compares
//! the version with the one it last saw (kept in browser storage): a different one is
//! announced once, as "Postil was updated" with the changes; the very first start announces
//! nothing, since nothing was updated for that person.

use serde::Deserialize;

/// What `version.json` says about the running build.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct BuildInfo {
    /// Derived from the build's files: a new build is a new version.
    pub version: String,
    /// What this build changed, a sentence each.
    #[serde(default)]
    pub changes: Vec<String>,
}

/// The announcement to show once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Announcement {
    pub text: String,
    pub details: Vec<String>,
}

/// The longest version string accepted (versions are short hex digests).
const MAX_VERSION: usize = 64;
/// The most changes shown, and the longest change kept (in `char`s): a bad file stays small.
const MAX_CHANGES: usize = 10;
const MAX_CHANGE: usize = 300;

impl BuildInfo {
    /// Reads `version.json`; `None` for anything that is not one (a development server
    /// answers with its own page, or nothing).
    pub fn parse(json: &str) -> Option<BuildInfo> {
        let mut info: BuildInfo = serde_json::from_str(json).ok()?;
        let version = info.version.trim();
        if version.is_empty() || version.chars().count() > MAX_VERSION {
            return None;
        }
        info.version = version.to_string();
        info.changes.retain(|c| !c.trim().is_empty());
        info.changes.truncate(MAX_CHANGES);
        for c in &mut info.changes {
            if c.chars().count() > MAX_CHANGE {
                *c = c.chars().take(MAX_CHANGE - 1).chain(['…']).collect();
            }
        }
        Some(info)
    }
}

/// What to announce when the running build is `build` and the last one seen was `seen`:
/// nothing on the first start (`seen` is `None`) or when the version is the same.
pub fn announcement(seen: Option<&str>, build: &BuildInfo) -> Option<Announcement> {
    let seen = seen?;
    if seen == build.version {
        return None;
    }
    Some(Announcement {
        text: if build.changes.is_empty() {
            "Postil was updated.".to_string()
        } else {
            "Postil was updated. What changed:".to_string()
        },
        details: build.changes.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(version: &str, changes: &[&str]) -> BuildInfo {
        BuildInfo {
            version: version.into(),
            changes: changes.iter().map(|c| c.to_string()).collect(),
        }
    }

    #[test]
    fn parses_what_the_build_writes_and_refuses_the_rest() {
        let cases: &[(&str, Option<BuildInfo>)] = &[
            (
                r#"{"version":"ab12","changes":["Works offline."]}"#,
                Some(build("ab12", &["Works offline."])),
            ),
            (r#"{"version":" ab12 "}"#, Some(build("ab12", &[]))),
            (
                r#"{"version":"x","changes":["", "  ", "Kept."]}"#,
                Some(build("x", &["Kept."])),
            ),
            (r#"{"version":""}"#, None),
            (r#"{"changes":[]}"#, None),
            ("<!doctype html><p>Not found", None),
            ("", None),
        ];
        for (json, want) in cases {
            assert_eq!(&BuildInfo::parse(json), want, "{json}");
        }
        let long = format!(r#"{{"version":"{}"}}"#, "a".repeat(MAX_VERSION + 1));
        assert_eq!(BuildInfo::parse(&long), None);
    }

    #[test]
    fn a_long_list_of_changes_is_cut_short() {
        let many: Vec<String> = (0..20).map(|i| format!("\"change {i}\"")).collect();
        let long = "é".repeat(MAX_CHANGE + 5);
        let json = format!(
            r#"{{"version":"v","changes":["{long}",{}]}}"#,
            many.join(",")
        );
        let info = BuildInfo::parse(&json).expect("a valid file");
        assert_eq!(info.changes.len(), MAX_CHANGES);
        assert_eq!(info.changes[0].chars().count(), MAX_CHANGE);
        assert!(info.changes[0].ends_with('…'));
    }

    #[test]
    fn announced_only_when_a_seen_version_differs() {
        let b = build("v2", &["Imports are faster."]);
        assert_eq!(announcement(None, &b), None, "first start");
        assert_eq!(announcement(Some("v2"), &b), None, "same build");
        assert_eq!(
            announcement(Some("v1"), &b),
            Some(Announcement {
                text: "Postil was updated. What changed:".into(),
                details: vec!["Imports are faster.".into()],
            })
        );
        assert_eq!(
            announcement(Some("v1"), &build("v2", &[])).map(|a| a.text),
            Some("Postil was updated.".into())
        );
    }
}
