//! `postil couch-setup URL --user ADMIN`: installs Postil's access rules, the design document
//! `_design/postil` (`postil_core::sync::design_doc`), in a team's database, or brings them up
//! to date. Only an admin of the database (or of the server) may: CouchDB refuses anyone
//! else, and that refusal is said as such.
//!
//! The rules are compared by their function alone: a design document whose
//! `validate_doc_update` is this Postil's is left as it is.

use super::Server;
use crate::{Command, Failure};
use postil_core::sync::{design_doc, Request, Response, DESIGN_ID, VALIDATE_DOC_UPDATE};
use serde_json::Value;

/// What `couch-setup` did.
#[derive(Debug, PartialEq, Eq)]
enum Done {
    Installed,
    Updated,
    UpToDate,
}

pub(crate) fn run(cmd: &Command) -> Result<(), Failure> {
    let url = &cmd.inputs[0];
    let server = Server::new(url, cmd.user.as_deref())?;
    let at = |path: &str, body: Option<String>| Request {
        method: if body.is_some() { "PUT" } else { "GET" },
        path: path.to_string(),
        body,
    };
    // The database first: a missing design document and a missing database both answer 404.
    let db = server.send(&at("", None))?;
    if db.status != 200 {
        return Err(refusal(&server.url, &db, "read the database", false));
    }
    let current = server.send(&at(&format!("/{DESIGN_ID}"), None))?;
    let rev = match current.status {
        200 => {
            let doc: Value = serde_json::from_str(&current.body).map_err(|e| {
                Failure::Input(format!("{}: {DESIGN_ID} is not JSON ({e})", server.url))
            })?;
            if doc["validate_doc_update"].as_str() == Some(VALIDATE_DOC_UPDATE) {
                return say(&server.url, Done::UpToDate);
            }
            let rev = doc["_rev"].as_str().map(str::to_string).ok_or_else(|| {
                Failure::Input(format!("{}: {DESIGN_ID} has no _rev", server.url))
            })?;
            Some(rev)
        }
        404 => None,
        _ => {
            return Err(refusal(
                &server.url,
                &current,
                "read the access rules",
                false,
            ))
        }
    };
    let written = server.send(&at(
        &format!("/{DESIGN_ID}"),
        Some(design_doc(rev.as_deref())),
    ))?;
    match written.status {
        200..=299 if rev.is_some() => say(&server.url, Done::Updated),
        200..=299 => say(&server.url, Done::Installed),
        _ => Err(refusal(
            &server.url,
            &written,
            "install the access rules",
            true,
        )),
    }
}

fn say(url: &str, done: Done) -> Result<(), Failure> {
    eprintln!(
        "postil: {}",
        match done {
            Done::Installed => format!("installed Postil's access rules in {url}"),
            Done::Updated => format!("updated Postil's access rules in {url}"),
            Done::UpToDate => format!("Postil's access rules in {url} are already up to date"),
        }
    );
    Ok(())
}

/// The sentence for an answer that is not a success, when trying to `what`. Once the same
/// sign-in has read the database (`signed_in`), a 401 is no wrong password but a person who
/// is not an admin: CouchDB answers 403 there, pouchdb-server 401.
fn refusal(url: &str, answer: &Response, what: &str, signed_in: bool) -> Failure {
    let reason = serde_json::from_str::<Value>(&answer.body)
        .ok()
        .and_then(|v| {
            (v["reason"].as_str())
                .or(v["error"].as_str())
                .map(str::to_string)
        })
        .unwrap_or_default();
    Failure::Input(match answer.status {
        401 if !signed_in => format!("{url}: the server asks you to sign in again ({reason})"),
        401 | 403 => format!(
            "{url}: only an admin of the database may install Postil's access rules, and the server refused you ({reason})"
        ),
        404 => format!("{url}: there is no such database on the server"),
        s => format!("{url}: the server answered {s} when asked to {what} ({reason})"),
    })
}
