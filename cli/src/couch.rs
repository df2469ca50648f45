//! `postil pull` and `postil push`: a team's CouchDB database to a file, and a file's
//! documents (with its annotations as one layer) into the database, over CouchDB's
//! replication protocol (`postil_core::sync`, which says what to send; this sends it with a
//! blocking HTTP client).
//!
//! The URL names the database (`https://couch.example.org/newsroom`); `--user NAME` signs in
//! with HTTP basic authentication, the password read from `POSTIL_PASSWORD` or asked for
//! without echo. Nothing about the connection is written into any file.
//!
//! `postil couch-setup` (`setup`) installs the access rules those two rely on.

use crate::{output_kind, Command, Failure, Work};
use postil_core::corpus::Corpus;
use postil_core::prose::count;
use postil_core::sync::body::{schema_json, DocumentBody};
use postil_core::sync::take::{layer_body, pulled};
use postil_core::sync::{CouchId, Next, Person, Replica, Report, Request, Response, Run, GOLD};
use std::time::Instant;

mod setup;
pub(crate) use setup::run as setup;

/// Where the database is and who is asking.
struct Server {
    url: String,
    auth: Option<String>,
    agent: ureq::Agent,
}

impl Server {
    fn new(url: &str, user: Option<&str>) -> Result<Server, Failure> {
        let host = url
            .split_once("://")
            .map_or("", |(_, rest)| rest.split('/').next().unwrap_or(""));
        if host.contains('@') {
            return Err(Failure::Usage(
                "put the name in --user, not in the address (the password is asked for, or read from POSTIL_PASSWORD)".into(),
            ));
        }
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(Failure::Usage(format!(
                "“{url}” is not a database's address: it starts with http:// or https://"
            )));
        }
        let auth = match user {
            Some(user) => {
                let password = match std::env::var("POSTIL_PASSWORD") {
                    Ok(p) => p,
                    Err(_) => rpassword::prompt_password(format!("password for {user}: "))
                        .map_err(|e| Failure::Input(format!("could not read the password: {e}")))?,
                };
                Some(format!("Basic {}", base64(&format!("{user}:{password}"))))
            }
            None => None,
        };
        Ok(Server {
            url: url.trim_end_matches('/').to_string(),
            auth,
            agent: ureq::AgentBuilder::new()
                .timeout(std::time::Duration::from_secs(120))
                .build(),
        })
    }

    fn send(&self, req: &Request) -> Result<Response, Failure> {
        let mut call = self
            .agent
            .request(req.method, &format!("{}{}", self.url, req.path))
            .set("Accept", "application/json");
        if let Some(auth) = &self.auth {
            call = call.set("Authorization", auth);
        }
        let answer = match &req.body {
            Some(body) => call
                .set("Content-Type", "application/json")
                .send_string(body),
            None => call.call(),
        };
        let response = match answer {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => return Err(Failure::Input(format!("could not reach {}: {e}", self.url))),
        };
        let status = response.status();
        let body = response
            .into_string()
            .map_err(|e| Failure::Input(format!("the answer from {} broke off: {e}", self.url)))?;
        Ok(Response { status, body })
    }

    /// One run of the protocol with `replica`.
    fn sync(&self, replica: &mut Replica, person: &Person) -> Result<Report, Failure> {
        let mut run = Run::new(&format!("cli-{}", person.name), person.clone());
        let mut answer = None;
        loop {
            let next = run
                .step(replica, answer.take())
                .map_err(|e| Failure::Input(format!("{}: {e}", self.url)))?;
            match next {
                Next::Send(req) => answer = Some(self.send(&req)?),
                Next::Done => return Ok(run.report),
            }
        }
    }
}

/// Standard base64 of `text` (for the Authorization header).
fn base64(text: &str) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn person(cmd: &Command) -> Person {
    Person {
        name: cmd.user.clone().unwrap_or_default(),
        reviewer: cmd.layer.as_deref() == Some(GOLD),
        // What was asked for is sent, and the server says whether this person may.
        offer_all: true,
    }
}

fn say_problems(report: &Report) {
    for (id, why) in &report.unreadable {
        eprintln!("postil: {id} was not read: {why}");
    }
    for id in &report.conflicts {
        eprintln!("postil: {id} has versions written apart; CouchDB's choice was taken");
    }
}

/// `postil pull URL -o OUT [--layer NAME]`: the database's documents with the layer NAME
/// (the gold set unless named) as their annotations, the other layers beside them where the
/// format keeps layers.
pub(crate) fn pull(cmd: &Command) -> Result<(), Failure> {
    let out = cmd.output.clone().unwrap_or_default();
    let kind = output_kind(cmd.to, &out)?;
    let server = Server::new(&cmd.inputs[0], cmd.user.as_deref())?;
    let main = cmd.layer.clone().unwrap_or_else(|| GOLD.to_string());
    let started = Instant::now();
    let mut replica = Replica::new();
    let report = server.sync(&mut replica, &person(cmd))?;
    say_problems(&report);
    let got = pulled(&replica, &main);
    for problem in &got.problems {
        eprintln!("postil: {problem}");
    }
    let schema = got
        .schema
        .unwrap_or_else(postil_core::LabelSchema::default_ner);
    let docs: Vec<_> = (got.documents.iter())
        .map(|d| (&d.document, &d.annotations))
        .collect();
    let annotations: usize = got.documents.iter().map(|d| d.annotations.len()).sum();
    let exported = kind.export(
        Corpus {
            schema: &schema,
            documents: &docs,
        },
        Some(main.as_str()),
    );
    std::fs::write(&out, &exported.bytes)
        .map_err(|e| Failure::Input(format!("could not write “{out}”: {e}")))?;
    for what in &exported.dropped {
        eprintln!("postil: {} cannot hold everything: {what}", kind.name());
    }
    eprintln!(
        "postil: wrote {out} ({}, {}, {} from the layer “{main}” of {}) in {} ms",
        kind.name(),
        count(got.documents.len(), "document", "documents"),
        count(annotations, "annotation", "annotations"),
        count(got.with_layer, "document", "documents"),
        started.elapsed().as_millis()
    );
    Ok(())
}

/// `postil push FILE URL --user NAME [--layer NAME]`: the file's documents into the database
/// (those already there keep their text), its schema (for reviewers), and its annotations as
/// the layer NAME (the user's own unless named; `gold` for a reviewer).
pub(crate) fn push(cmd: &Command, work: Work) -> Result<(), Failure> {
    let server = Server::new(&cmd.inputs[1], cmd.user.as_deref())?;
    let layer = cmd.layer.clone().or_else(|| cmd.user.clone());
    let who = person(cmd);
    let started = Instant::now();
    let mut replica = Replica::new();
    // First what the server holds, so that what is pushed follows it instead of standing
    // beside it.
    let first = server.sync(&mut replica, &who)?;
    say_problems(&first);
    let mut kept = 0;
    for d in &work.documents {
        let id = CouchId::Document(d.document.id().to_string()).to_string();
        let there = replica
            .body(&id)
            .and_then(|b| DocumentBody::from_json(b).ok());
        match there {
            Some(t) if t.text != d.document.text() => {
                eprintln!(
                    "postil: “{}” is in the database with another text: its annotations were not pushed",
                    d.document.title()
                );
                continue;
            }
            Some(_) => kept += 1,
            None => {
                let body = DocumentBody {
                    document: d.document.id().to_string(),
                    title: d.document.title().to_string(),
                    text: d.document.text().to_string(),
                };
                replica.put(&id, Some(body.to_json()));
            }
        }
        if let Some(layer) = &layer {
            let id = CouchId::Layer {
                document: d.document.id().to_string(),
                layer: layer.clone(),
            }
            .to_string();
            let previous = (replica.body(&id))
                .and_then(|b| postil_core::sync::body::LayerBody::from_json(b).ok());
            let body = layer_body(
                d.document.id(),
                layer,
                &d.annotations.bare(),
                previous.as_ref(),
            );
            replica.put(&id, Some(body.to_json()));
        }
    }
    if who.reviewer {
        replica.put(
            postil_core::sync::ids::SCHEMA,
            Some(schema_json(&work.schema)),
        );
    }
    let report = server.sync(&mut replica, &who)?;
    say_problems(&report);
    for r in &report.refused {
        eprintln!("postil: the server refused {}: {}", r.id, r.reason);
    }
    eprintln!(
        "postil: pushed {} to {} ({} already there) in {} ms",
        count(report.pushed, "revision", "revisions"),
        server.url,
        count(kept, "document", "documents"),
        started.elapsed().as_millis()
    );
    if report.refused.is_empty() {
        Ok(())
    } else {
        Err(Failure::Input(format!(
            "{} refused",
            count(report.refused.len(), "write was", "writes were")
        )))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_as_rfc_4648() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("ana:pässword", "YW5hOnDDpHNzd29yZA=="),
        ] {
            assert_eq!(super::base64(plain), coded);
        }
    }
}
