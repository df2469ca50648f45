//! `postil agree`: how far several annotators' files of the same documents agree, pair by pair
//! and (with three or more) all together, per label and per document, as a table or JSON.
//! Every figure is defined in `postil_core::agreement`; undefined ones (0/0) print as "-" and
//! are `null` in JSON. The first file is the reference of every pair it is in; of two later
//! files, the earlier is.

use crate::team::{in_every_file, read_team, Matched, Team};
use crate::{Command, Failure};
use postil_core::agreement::{self, Counts, LabelTable, Pairwise};
use postil_core::corpus::AnnotatedDocument;
use postil_core::prose::count;
use postil_core::{AnnotationSet, Document};
use serde_json::{json, Map, Value};

/// `postil agree`: prints the figures, as a table or as JSON.
pub(crate) fn run(cmd: &Command) -> Result<(), Failure> {
    let team = read_team(cmd)?;
    let matched = in_every_file(&team)?;
    let report = Report::new(&team, &matched);
    if cmd.json {
        println!("{:#}", report.json());
    } else {
        print!("{}", report.text());
    }
    Ok(())
}

/// Every figure `agree` prints.
struct Report<'a> {
    team: &'a Team,
    skipped: &'a [(String, Vec<usize>)],
    corpus: Figures,
    documents: Vec<(&'a Document, Figures)>,
}

/// The figures of one document or of all: each pair of layers, and with three layers or more,
/// Fleiss' kappa, Krippendorff's alpha over tokens and his unitized alpha.
struct Figures {
    pairs: Vec<(usize, usize, Pairwise)>,
    chance: Option<Chance>,
}

/// The figures over all layers together.
#[derive(Clone, Copy)]
struct Chance {
    fleiss: Option<f64>,
    alpha: Option<f64>,
    unitized: Option<f64>,
}

impl<'a> Report<'a> {
    fn new(team: &'a Team, matched: &'a Matched) -> Report<'a> {
        let documents: Vec<(&Document, Figures)> = (matched.documents.iter())
            .map(|copies| (&copies[0].document, figures(std::slice::from_ref(copies))))
            .collect();
        Report {
            team,
            skipped: &matched.skipped,
            corpus: figures(&matched.documents),
            documents,
        }
    }
}

/// The figures over some documents, each given as its copy in every layer.
fn figures(documents: &[Vec<&AnnotatedDocument>]) -> Figures {
    let layers = documents.first().map_or(0, Vec::len);
    let mut pairs = Vec::new();
    for r in 0..layers {
        for o in r + 1..layers {
            let docs: Vec<(&Document, &AnnotationSet, &AnnotationSet)> = (documents.iter())
                .map(|c| (&c[0].document, &c[r].annotations, &c[o].annotations))
                .collect();
            pairs.push((r, o, agreement::pairwise_corpus(&docs)));
        }
    }
    let all: Vec<(&Document, Vec<&AnnotationSet>)> = (documents.iter())
        .map(|c| (&c[0].document, c.iter().map(|d| &d.annotations).collect()))
        .collect();
    let chance = (layers >= 3).then(|| Chance {
        fleiss: agreement::fleiss_kappa(&all),
        alpha: agreement::krippendorff_alpha(&all),
        unitized: agreement::unitized_alpha(&all),
    });
    Figures { pairs, chance }
}

/// A figure to three places, or "-" when it is undefined (0/0).
fn show(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

impl Report<'_> {
    fn text(&self) -> String {
        let t = self.team;
        let layers: Vec<String> = (t.names.iter().zip(&t.files))
            .map(|(n, f)| format!("{n} ({f})"))
            .collect();
        let mut out = format!("layers: {}\n", layers.join(", "));
        let n = self.documents.len();
        let tokens = self.corpus.pairs.first().map_or(0, |(_, _, p)| p.tokens);
        out += &format!(
            "documents: {} compared ({}), {} skipped\n",
            n,
            count(tokens, "token", "tokens"),
            self.skipped.len()
        );
        for (title, present) in self.skipped {
            let names: Vec<&str> = present.iter().map(|i| t.names[*i].as_str()).collect();
            out += &format!("  skipped “{title}”: only in {}\n", names.join(", "));
        }
        for (r, o, p) in &self.corpus.pairs {
            out += &format!(
                "\n{} against {} (the reference)\n",
                t.names[*o], t.names[*r]
            );
            out += &pair_table(p);
        }
        if let Some(c) = self.corpus.chance {
            out += &format!("\nFleiss' kappa (tokens): {}\n", show(c.fleiss));
            out += &format!(
                "Krippendorff's alpha (nominal, tokens): {}\n",
                show(c.alpha)
            );
            out += &format!(
                "Krippendorff's unitized alpha (characters): {}\n",
                show(c.unitized)
            );
        }
        out += "\nper document\n";
        for (doc, f) in &self.documents {
            out += &self.document_lines(doc, f);
        }
        out
    }

    fn document_lines(&self, doc: &Document, f: &Figures) -> String {
        let tokens = f.pairs.first().map_or(0, |(_, _, p)| p.tokens);
        let mut out = format!("“{}” ({})\n", doc.title(), count(tokens, "token", "tokens"));
        for (r, o, p) in &f.pairs {
            out += &format!(
                "  {} against {}: exact F1 {}, overlap F1 {}, relations F1 {}, kappa {}, unitized alpha {}\n",
                self.team.names[*o],
                self.team.names[*r],
                show(p.exact.overall.f1()),
                show(p.overlap.overall.f1()),
                show(p.relations.f1()),
                show(p.kappa),
                show(p.unitized)
            );
        }
        if let Some(c) = f.chance {
            out += &format!(
                "  Fleiss' kappa {}, Krippendorff's alpha {}, unitized alpha {}\n",
                show(c.fleiss),
                show(c.alpha),
                show(c.unitized)
            );
        }
        out
    }
}

/// One pair's table: exact and overlap P/R/F1 overall and per label, relations, kappa.
fn pair_table(p: &Pairwise) -> String {
    let width = (p.exact.per_label.iter())
        .map(|(l, _)| l.chars().count())
        .chain([9])
        .max()
        .unwrap_or(9);
    // Each group is three columns of five with two spaces between: 19 wide.
    let mut out = format!("{:width$}  {:19}    overlap\n", "", "exact");
    out += &format!(
        "{:width$}  {:>5}  {:>5}  {:>5}    {:>5}  {:>5}  {:>5}\n",
        "label", "P", "R", "F1", "P", "R", "F1"
    );
    let row = |name: &str, exact: Counts, overlap: Counts| {
        let [a, b, c] = prf(exact);
        let [d, e, f] = prf(overlap);
        format!("{name:width$}  {a:>5}  {b:>5}  {c:>5}    {d:>5}  {e:>5}  {f:>5}\n")
    };
    out += &row("(all)", p.exact.overall, p.overlap.overall);
    for (label, exact) in &p.exact.per_label {
        out += &row(label, *exact, p.overlap.label(label));
    }
    let r = p.relations;
    out += &format!(
        "relations F1 {} (matched {}, only the other's {}, only the reference's {})\n",
        show(r.f1()),
        r.tp,
        r.fp,
        r.fn_
    );
    out += &format!(
        "Cohen's kappa (over {}): {}\n",
        count(p.tokens, "token", "tokens"),
        show(p.kappa)
    );
    out += &format!(
        "Krippendorff's unitized alpha (characters): {}\n",
        show(p.unitized)
    );
    out
}

fn prf(c: Counts) -> [String; 3] {
    [show(c.precision()), show(c.recall()), show(c.f1())]
}

impl Report<'_> {
    fn json(&self) -> Value {
        let t = self.team;
        let layers: Vec<Value> = (t.names.iter().zip(&t.files))
            .map(|(name, file)| json!({"name": name, "file": file}))
            .collect();
        let skipped: Vec<Value> = (self.skipped.iter())
            .map(|(title, present)| {
                let names: Vec<&String> = present.iter().map(|i| &t.names[*i]).collect();
                json!({"title": title, "in": names})
            })
            .collect();
        let documents: Vec<Value> = (self.documents.iter())
            .map(|(doc, f)| {
                let mut v = self.figures_json(f);
                v["title"] = json!(doc.title());
                v
            })
            .collect();
        json!({"layers": layers, "skipped": skipped, "corpus": self.figures_json(&self.corpus),
               "documents": documents})
    }

    fn figures_json(&self, f: &Figures) -> Value {
        let pairs: Vec<Value> = (f.pairs.iter())
            .map(|(r, o, p)| {
                json!({"reference": self.team.names[*r], "other": self.team.names[*o],
                       "exact": table_json(&p.exact), "overlap": table_json(&p.overlap),
                       "relations": counts_json(p.relations), "kappa": p.kappa,
                       "tokens": p.tokens, "unitized_alpha": p.unitized})
            })
            .collect();
        let mut v = json!({"pairs": pairs});
        if let Some(c) = f.chance {
            v["fleiss_kappa"] = json!(c.fleiss);
            v["krippendorff_alpha"] = json!(c.alpha);
            v["unitized_alpha"] = json!(c.unitized);
        }
        v
    }
}

fn counts_json(c: Counts) -> Value {
    json!({"tp": c.tp, "fp": c.fp, "fn": c.fn_, "precision": c.precision(),
           "recall": c.recall(), "f1": c.f1()})
}

fn table_json(t: &LabelTable) -> Value {
    let per_label: Map<String, Value> = (t.per_label.iter())
        .map(|(l, c)| (l.clone(), counts_json(*c)))
        .collect();
    json!({"overall": counts_json(t.overall), "per_label": per_label})
}
