//! Syncing a team's work through CouchDB's replication protocol. Postil has no server of its
//! own: a team runs CouchDB (or anything speaking its protocol), and each person's Postil
//! keeps a copy of the database ([`replica`]) that it syncs both ways ([`protocol`]).
//!
//! What syncs, one CouchDB document each ([`ids`]): every document's title and text, the label
//! schema, and each person's layer of each document (their annotations, relations, notes,
//! document labels and "done"), so that two people never write one CouchDB document. The
//! layer named `gold` is the team's adjudicated set, which reviewers write. The bodies are
//! in [`body`]; revisions in [`rev`]; versions of one layer written apart are joined by
//! [`merge`]. Who may write what is the server's to enforce: `validate_doc_update.js` is the
//! design document Postil installs.
//!
//! Offsets in every body are Unicode scalar values (`offset_unit`: "codepoint"), spans
//! half-open, as everywhere in Postil.

pub mod body;
pub mod ids;
pub mod merge;
pub mod protocol;
pub mod replica;
pub mod rev;
pub mod settings;
pub mod take;

pub use ids::{CouchId, GOLD};
pub use protocol::{Next, Person, Report, Request, Response, Run, SyncError};
pub use replica::Replica;

/// The access rules, a CouchDB `validate_doc_update` function (see the file's comments).
pub const VALIDATE_DOC_UPDATE: &str = include_str!("validate_doc_update.js");

/// The id of the design document that holds the rules.
pub const DESIGN_ID: &str = "_design/postil";

/// The design document Postil installs (`PUT /db/_design/postil`), with `_rev` when it
/// replaces one.
pub fn design_doc(rev: Option<&str>) -> String {
    let mut doc = serde_json::json!({
        "_id": DESIGN_ID,
        "language": "javascript",
        "validate_doc_update": VALIDATE_DOC_UPDATE,
    });
    if let Some(rev) = rev {
        doc["_rev"] = serde_json::Value::from(rev);
    }
    doc.to_string()
}
