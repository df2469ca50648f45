//! `postil`: Postil's formats on the command line, for dataset pipelines.
//!
//! ```text
//! postil convert IN -o OUT [--to FORMAT] [--from FORMAT] [--skip-bad] [--text-field NAME]
//! postil validate FILE [--from FORMAT] [--text-field NAME]
//! postil stats FILE [--from FORMAT] [--text-field NAME]
//! postil agree A B [C …] [--json] [--from FORMAT]
//! postil merge A B [C …] -o GOLD [--to FORMAT] [--from FORMAT]
//! postil serve [--port N]
//! postil pull URL -o OUT [--to FORMAT] [--layer NAME] [--user NAME]
//! postil push FILE URL --user NAME [--layer NAME] [--from FORMAT]
//! postil couch-setup URL --user ADMIN
//! ```
//!
//! Formats are told from file names (and, for `.json`, the content); `--to`/`--from` name
//! them: postil, doccano, spacy-json, spacy, brat, conll, w3c, label-studio. Plain text,
//! Markdown and HTML files are read as articles too. Exit status: 0 on success, 1 when the
//! input has problems (each printed with its line or record), 2 for a wrong command line.
//! `--skip-bad` converts the good records of a file of separate records (doccano, Label
//! Studio, spaCy's training JSON) whose other records have problems, listing those.
//! `--text-field NAME` reads the text of JSONL records from the field NAME, when they have no
//! `text` or `data` field (Postil then names the fields the text may be in).
//!
//! `agree` and `merge` take several annotators' files of the same documents (`team.rs`):
//! `agree` prints how far they agree, `merge` writes what they all agree on and lists where
//! they differ.
//!
//! `serve` (`serve.rs`) serves the app, built into the binary by `make dist`, on 127.0.0.1.
//!
//! `pull` and `push` (`couch.rs`) take a team's CouchDB database to a file (the gold layer, or
//! any person's) and a file's documents and annotations into it; `couch-setup` installs or
//! updates the access rules in it, as its admin.

use postil_core::article::Deduper;
use postil_core::corpus::AnnotatedDocument;
use postil_core::corpus::Corpus;
use postil_core::formats::native;
use postil_core::formats::registry::{self, Kind, ReadError};
use postil_core::formats::FormatError;
use postil_core::intake;
use postil_core::prose::count;
use postil_core::LabelSchema;
use std::collections::{BTreeMap, HashSet};
use std::process::ExitCode;

mod agree;
mod couch;
mod merge;
mod serve;
mod team;

const USAGE: &str = "usage:
  postil convert IN -o OUT [--to FORMAT] [--from FORMAT] [--skip-bad] [--text-field NAME]
  postil validate FILE [--from FORMAT] [--text-field NAME]
  postil stats FILE [--from FORMAT] [--text-field NAME]
  postil agree A B [C ...] [--json] [--from FORMAT]
  postil merge A B [C ...] -o GOLD [--to FORMAT] [--from FORMAT]
  postil serve [--port N]
  postil pull URL -o OUT [--to FORMAT] [--layer NAME] [--user NAME]
  postil push FILE URL --user NAME [--layer NAME] [--from FORMAT]
  postil couch-setup URL --user ADMIN
agree: how far annotators' files of the same documents agree (the first is the reference)
merge: writes what they all agree on to GOLD and lists where they differ
serve: opens the app in this machine's browser, from http://127.0.0.1:8717/ (or port N)
pull: writes a team's CouchDB database (URL) to OUT, its gold layer (or NAME's) as the
  annotations; the password comes from POSTIL_PASSWORD or is asked for
push: puts FILE's documents into the database, its annotations as the layer NAME (yours)
couch-setup: installs (or updates) Postil's access rules in the database, as its admin
formats: postil, doccano, spacy-json, spacy, brat, conll, w3c, label-studio
(and, as input, .txt, .md and .html articles)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(why)) => {
            eprintln!("postil: {why}\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Input(why)) => {
            eprintln!("postil: {why}");
            ExitCode::from(1)
        }
    }
}

enum Failure {
    /// The command line is wrong.
    Usage(String),
    /// The input could not be read or has problems.
    Input(String),
}

/// The command line, parsed.
struct Command {
    verb: String,
    /// The files named, in order (one for convert, validate and stats).
    inputs: Vec<String>,
    output: Option<String>,
    to: Option<Kind>,
    from: Option<Kind>,
    /// Take a file's good records when others have problems.
    skip_bad: bool,
    /// Where JSONL records that have no `text` field keep their text.
    text_field: Option<String>,
    /// Print figures as JSON (agree).
    json: bool,
    /// Who signs in to CouchDB (pull, push).
    user: Option<String>,
    /// Which layer to take or write (pull, push).
    layer: Option<String>,
}

fn parse(args: &[String]) -> Result<Command, Failure> {
    let usage = |s: &str| Failure::Usage(s.to_string());
    let mut it = args.iter();
    let verb = it.next().ok_or_else(|| usage("no command"))?.clone();
    let (mut inputs, mut output, mut to, mut from) = (Vec::new(), None, None, None);
    let (mut skip_bad, mut json) = (false, false);
    let (mut text_field, mut user, mut layer) = (None, None, None);
    let value = |it: &mut std::slice::Iter<String>, what: &str| {
        it.next()
            .cloned()
            .ok_or_else(|| Failure::Usage(format!("{what} needs a name")))
    };
    let kind = |v: Option<&String>| -> Result<Kind, Failure> {
        let v = v.ok_or_else(|| usage("a format name is missing"))?;
        Kind::by_id(v).ok_or_else(|| Failure::Usage(format!("unknown format “{v}”")))
    };
    while let Some(a) = it.next() {
        match a.as_str() {
            "-o" | "--output" => {
                output = Some(it.next().ok_or_else(|| usage("-o needs a file"))?.clone())
            }
            "--to" => to = Some(kind(it.next())?),
            "--from" => from = Some(kind(it.next())?),
            "--skip-bad" => skip_bad = true,
            "--json" => json = true,
            "--text-field" => {
                text_field = Some(
                    it.next()
                        .ok_or_else(|| usage("--text-field needs a field name"))?
                        .clone(),
                )
            }
            "--user" => user = Some(value(&mut it, "--user")?),
            "--layer" => layer = Some(value(&mut it, "--layer")?),
            "-h" | "--help" => return Err(usage("help")),
            s if s.starts_with('-') => return Err(Failure::Usage(format!("unknown option “{s}”"))),
            s => inputs.push(s.to_string()),
        }
    }
    Ok(Command {
        verb,
        inputs,
        output,
        to,
        from,
        skip_bad,
        text_field,
        json,
        user,
        layer,
    })
}

/// `serve`'s one option, `--port N` (0: any free port).
fn serve_port(args: &[String]) -> Result<Option<u16>, Failure> {
    match args {
        [] => Ok(None),
        [flag, n] if flag == "--port" => n
            .parse()
            .map(Some)
            .map_err(|_| Failure::Usage(format!("--port needs a port number, not “{n}”"))),
        _ => Err(Failure::Usage("serve takes only --port N".into())),
    }
}

/// Checks the command line of a command, whole, before any file is read.
fn check(cmd: &Command) -> Result<(), Failure> {
    let usage = |s: &str| Err(Failure::Usage(s.to_string()));
    let (team, most) = match cmd.verb.as_str() {
        "validate" | "stats" | "convert" => (false, 1),
        "agree" | "merge" => (true, usize::MAX),
        "pull" => (false, 1),
        "push" => (false, 2),
        "couch-setup" => (false, 1),
        other => return Err(Failure::Usage(format!("unknown command “{other}”"))),
    };
    if cmd.inputs.is_empty() && matches!(cmd.verb.as_str(), "pull" | "couch-setup") {
        return usage(&format!("{} needs a database's URL", cmd.verb));
    }
    if cmd.inputs.is_empty() {
        return usage("no input file");
    }
    if let Some(extra) = cmd.inputs.get(most) {
        return Err(Failure::Usage(format!("unexpected argument “{extra}”")));
    }
    if team && cmd.inputs.len() < 2 {
        return usage(&format!("{} needs two files or more", cmd.verb));
    }
    let couch = matches!(cmd.verb.as_str(), "pull" | "push" | "couch-setup");
    if cmd.user.is_some() && !couch {
        return usage("--user goes with pull, push and couch-setup");
    }
    if cmd.layer.is_some() && !matches!(cmd.verb.as_str(), "pull" | "push") {
        return usage("--layer goes with pull and push");
    }
    match cmd.verb.as_str() {
        "convert" | "merge" | "pull" if cmd.output.is_none() => {
            usage(&format!("{} needs -o OUT", cmd.verb))
        }
        "push" if cmd.inputs.len() < 2 => usage("push needs a file and a database's URL"),
        "push" if cmd.output.is_some() => usage("push writes to the database: it takes no -o"),
        "push" if cmd.user.is_none() => usage("push needs --user NAME"),
        "couch-setup" if cmd.user.is_none() => usage("couch-setup needs --user ADMIN"),
        "couch-setup" if cmd.output.is_some() || cmd.from.is_some() || cmd.to.is_some() => {
            usage("couch-setup takes only a database's URL and --user ADMIN")
        }
        "agree" if cmd.output.is_some() => usage("agree prints its figures: it takes no -o"),
        "agree" => Ok(()),
        _ if cmd.json => usage("--json goes with agree"),
        _ => Ok(()),
    }
}

/// The format to write `out` in: `--to`, or told from its name.
fn output_kind(to: Option<Kind>, out: &str) -> Result<Kind, Failure> {
    to.or_else(|| Kind::for_output(out)).ok_or_else(|| {
        Failure::Usage(format!(
            "cannot tell the format from “{out}”: use --to, or end it in .postil.json, .spacy.json, .label-studio.json, .jsonl, .jsonld, .spacy, .zip or .conll"
        ))
    })
}

fn run(args: &[String]) -> Result<(), Failure> {
    if args.first().map(String::as_str) == Some("serve") {
        let port = serve_port(&args[1..])?;
        return serve::run(port).map_err(Failure::Input);
    }
    let cmd = parse(args)?;
    check(&cmd)?;
    match cmd.verb.as_str() {
        "agree" => return agree::run(&cmd),
        "merge" => return merge::run(&cmd),
        "pull" => return couch::pull(&cmd),
        "couch-setup" => return couch::setup(&cmd),
        _ => {}
    }
    let input = &cmd.inputs[0];
    let work = read(input, cmd.from, cmd.skip_bad, cmd.text_field.as_deref())?;
    match cmd.verb.as_str() {
        "push" => couch::push(&cmd, work),
        "validate" => {
            println!(
                "{}: valid, {}, {}",
                input,
                count(work.documents.len(), "document", "documents"),
                count(work.annotations(), "annotation", "annotations")
            );
            Ok(())
        }
        "stats" => {
            print!("{}", stats(&work));
            Ok(())
        }
        "convert" => {
            let out = cmd
                .output
                .ok_or_else(|| Failure::Usage("convert needs -o OUT".into()))?;
            let kind = output_kind(cmd.to, &out)?;
            let docs: Vec<_> = work
                .documents
                .iter()
                .map(|d| (&d.document, &d.annotations))
                .collect();
            let exported = kind.export(
                Corpus {
                    schema: &work.schema,
                    documents: &docs,
                },
                work.annotator.as_deref(),
            );
            std::fs::write(&out, &exported.bytes)
                .map_err(|e| Failure::Input(format!("could not write “{out}”: {e}")))?;
            for what in &exported.dropped {
                eprintln!("postil: {} cannot hold everything: {what}", kind.name());
            }
            for what in &work.notes {
                eprintln!("postil: {what}");
            }
            eprintln!(
                "postil: wrote {out} ({}, {}, {})",
                kind.name(),
                count(work.documents.len(), "document", "documents"),
                count(work.annotations(), "annotation", "annotations")
            );
            Ok(())
        }
        other => Err(Failure::Usage(format!("unknown command “{other}”"))),
    }
}

/// What a file holds, whatever its format.
struct Work {
    schema: LabelSchema,
    documents: Vec<AnnotatedDocument>,
    annotator: Option<String>,
    /// What the input held that Postil cannot (relations, …), read differently from the
    /// format's usual form (inclusive end offsets, …) or skipped (duplicates).
    notes: Vec<String>,
}

impl Work {
    fn annotations(&self) -> usize {
        self.documents.iter().map(|d| d.annotations.len()).sum()
    }
}

fn read(
    path: &str,
    from: Option<Kind>,
    skip_bad: bool,
    text_field: Option<&str>,
) -> Result<Work, Failure> {
    let bytes =
        std::fs::read(path).map_err(|e| Failure::Input(format!("could not read “{path}”: {e}")))?;
    let name = std::path::Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string());
    let kind = from.or_else(|| registry::detect(&name, &bytes));
    if kind == Some(Kind::Native) {
        // Postil's own files keep everything: colours, document labels, statuses.
        let text = postil_core::encoding::decode(&bytes)
            .map_err(|e| Failure::Input(format!("“{path}” was not imported: {e}")))?;
        let file = native::import(&text).map_err(|e| Failure::Input(format!("{path}: {e}")))?;
        let annotator = serde_annotator(&text);
        return Ok(Work {
            schema: file.schema,
            documents: file.documents,
            annotator,
            notes: Vec::new(),
        });
    }
    let mut bad = Vec::new();
    let imported = match registry::read_articles(&name, &bytes, kind) {
        Ok(imported) => imported,
        Err(ReadError::Format(FormatError::Problems {
            problems,
            good: Some(good),
            ..
        })) if skip_bad => {
            bad = problems;
            *good
        }
        Err(ReadError::Format(FormatError::Ask { choices, .. }))
            if text_field.is_some_and(|f| choices.iter().any(|c| c.field == f)) =>
        {
            let chosen = choices
                .into_iter()
                .find(|c| Some(c.field.as_str()) == text_field);
            *chosen.map(|c| c.imported).unwrap_or_default()
        }
        Err(e) => {
            let hint = match &e {
                ReadError::Format(FormatError::Ask { choices, .. }) => {
                    let fields: Vec<String> = choices.iter().map(|c| c.field.clone()).collect();
                    format!(
                        " (--text-field {} reads it)",
                        fields.join(" or --text-field ")
                    )
                }
                ReadError::Format(FormatError::Problems {
                    good: Some(good), ..
                }) => format!(
                    " (--skip-bad converts the other {})",
                    count(good.articles.len(), "record", "records")
                ),
                _ => String::new(),
            };
            return Err(Failure::Input(match e {
                ReadError::NotText(e) => format!("“{path}” was not imported: {e}"),
                e => format!("{path}: {e}{hint}"),
            }));
        }
    };
    let mut notes: Vec<String> = (bad.iter())
        .map(|p| format!("skipped {p}"))
        .chain(imported.skipped.iter().map(|s| format!("left out {s}")))
        .chain(
            imported
                .adjusted
                .iter()
                .map(|s| format!("read with care: {s}")),
        )
        .collect();
    let mut schema = LabelSchema::default_ner();
    schema.declare(&imported.declared);
    let intake = intake::take_in(
        imported.articles,
        &mut HashSet::new(),
        &mut Deduper::default(),
        &mut schema,
    );
    notes.extend(
        intake
            .skipped
            .into_iter()
            .map(|(at, why)| format!("{at}: skipped, {why}")),
    );
    // Only the labels the file uses or declares (the default ones are not the file's).
    let used: HashSet<&str> = intake
        .documents
        .iter()
        .flat_map(|d| d.annotations.iter().map(|a| a.label.as_str()))
        .chain(imported.declared.labels.iter().map(String::as_str))
        .chain(
            (schema.relation_types().iter())
                .flat_map(|t| t.from.iter().chain(&t.to))
                .chain(schema.attributes().iter().flat_map(|a| &a.labels))
                .map(String::as_str),
        )
        .collect();
    let labels = schema
        .labels()
        .iter()
        .filter(|l| used.contains(l.name.as_str()))
        .cloned()
        .collect();
    let schema = schema.with_labels(labels).unwrap_or(schema);
    Ok(Work {
        schema,
        documents: intake.documents,
        annotator: None,
        notes,
    })
}

/// The annotator a Postil file names, if any.
fn serde_annotator(text: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    v.get("annotator")?.as_str().map(str::to_string)
}

fn stats(work: &Work) -> String {
    let mut per_label: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &work.documents {
        for a in d.annotations.iter() {
            *per_label.entry(a.label.as_str()).or_default() += 1;
        }
    }
    let done = work
        .documents
        .iter()
        .filter(|d| d.annotations.done())
        .count();
    let mut out = format!(
        "documents: {} ({done} done)\nannotations: {}\n",
        work.documents.len(),
        work.annotations()
    );
    for (label, n) in per_label {
        out.push_str(&format!("  {label}: {n}\n"));
    }
    out
}
