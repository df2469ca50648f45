"""Recomputes Postil's agreement figures with independent libraries and compares them.

`cargo test -p postil-core --test agreement` writes target/verify/agreement.json: three layers
("ana", "ben", "model") of a few documents, each document with its text, its word tokens (char
offsets, which are Python str indices), and per layer its annotations ([start, end, label]),
token labels ("O" for none) and BIO tags; and Postil's figures per document and for the corpus:
Cohen's kappa for each pair, exact precision/recall/F1 for each pair (overall and per label,
the first of the pair as reference), Fleiss' kappa and Krippendorff's alpha over the three.

This script checks, for every document:
  - each token's offsets slice the text to the word Postil saw (astral characters, combining
    marks: Postil's offsets are code points, as Python's);
  - the token labels follow from the annotations (the shortest annotation touching the token,
    the first listed on a tie, else "O");
  - the BIO tags hold exactly the annotations (seqeval's own chunker, mapped back to chars);
and then recomputes, per document and over the corpus:
  - Cohen's kappa with scikit-learn's cohen_kappa_score;
  - Fleiss' kappa with statsmodels' fleiss_kappa over aggregate_raters;
  - Krippendorff's alpha with krippendorff.alpha(level_of_measurement="nominal") over the
    tokens;
  - Krippendorff's unitized alpha (uα, Krippendorff et al. 2016) with the
    krippendorff-unitized-alpha package, for each pair and for all layers, from segments worked
    out here from the text and the annotations (each character belongs to the shortest
    annotation covering it, the first listed on a tie; a segment is a run of characters of the
    same annotation, or of none: a gap), so Postil's rule is checked too; and the same on the
    file's "unitized_cases", whose annotations nest, overlap and end inside words;
  - entity-level precision, recall and F1 with seqeval (default mode), overall and per label
    (classification_report). Where Postil says a figure is undefined (0/0), the library's
    denominator must be 0 too (seqeval then reports 0 by its zero_division rule).
Every figure must agree within 1e-9. It prints a table of both and exits non-zero on any
difference.

Usage: python verify/check_agreement.py [DIR]   (DIR defaults to target/verify)
"""

import json
import sys
import warnings
from pathlib import Path

from importlib.metadata import version

import krippendorff
import numpy as np
from krippendorff_unitized_alpha.krippendorffs_unitized_alpha import (
    EMPTY_TAG,
    KrippendorffUnitizedAlpha,
    Segment,
)
from seqeval.metrics import classification_report, f1_score, precision_score, recall_score
from seqeval.metrics.sequence_labeling import get_entities
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters, fleiss_kappa

ROOT = Path(__file__).resolve().parent.parent
TOLERANCE = 1e-9
failures = []
rows = []
largest = [0.0]


def fail(what):
    failures.append(what)
    print(f"  FAIL {what}")


def compare(scope, figure, postil, library, undefined_ok=False, shown=True):
    """One row of the table: Postil's figure beside the library's (printed when `shown`, or
    when they differ)."""
    if postil is None:
        ok = undefined_ok
        ours = "undefined"
    else:
        ok = library is not None and abs(postil - library) <= TOLERANCE
        largest[0] = max(largest[0], abs(postil - library))
        ours = f"{postil:.12f}"
    rows.append((scope, figure, ours, f"{library:.12f}", "ok" if ok else "DIFF", shown or not ok))
    if not ok:
        fail(f"{scope} {figure}: Postil {postil} vs library {library}")


def check_document(doc, names):
    text = doc["text"]
    for (start, end), word in zip(doc["tokens"], doc["words"]):
        if text[start:end] != word:
            fail(f"{doc['title']}: token {start}..{end} is {text[start:end]!r}, Postil saw {word!r}")
    for name in names:
        layer = doc["layers"][name]
        anns = layer["annotations"]
        want = [token_label(anns, start, end) for start, end in doc["tokens"]]
        if want != layer["token_labels"]:
            fail(f"{doc['title']} {name}: token labels {layer['token_labels']} != {want}")
        chunks = sorted(
            (doc["tokens"][first][0], doc["tokens"][last][1], label)
            for label, first, last in get_entities(layer["bio"])
        )
        if chunks != sorted(tuple(a) for a in anns):
            fail(f"{doc['title']} {name}: BIO chunks {chunks} != annotations {anns}")


def token_label(anns, start, end):
    touching = [a for a in anns if a[0] < end and start < a[1]]
    if not touching:
        return "O"
    return min(touching, key=lambda a: a[1] - a[0])[2]


def recompute(scope, docs, names, postil):
    """Compares Postil's figures for `docs` (one document, or all) with the libraries'."""
    labels = {n: sum((d["layers"][n]["token_labels"] for d in docs), []) for n in names}
    bio = {n: [d["layers"][n]["bio"] for d in docs] for n in names}
    for pair, figure in postil["kappa"].items():
        first, second = pair.split("/")
        compare(scope, f"kappa {pair}", figure, cohen_kappa_score(labels[first], labels[second]))
    for pair, exact in postil["exact"].items():
        compare_prf(scope, pair, exact, bio[pair.split("/")[0]], bio[pair.split("/")[1]])
    categories = sorted({x for n in names for x in labels[n]})
    codes = np.array([[categories.index(x) for x in labels[n]] for n in names])
    table, _ = aggregate_raters(codes.T)
    compare(scope, "Fleiss' kappa", postil["fleiss"], fleiss_kappa(table, method="fleiss"))
    alpha = krippendorff.alpha(reliability_data=codes.astype(float), level_of_measurement="nominal")
    compare(scope, "Krippendorff's alpha", postil["alpha"], alpha)
    texts = [d["text"] for d in docs]
    layers = {n: [d["layers"][n]["annotations"] for d in docs] for n in names}
    compare_unitized(scope, texts, layers, postil)


def compare_unitized(scope, texts, layers, postil):
    """uα of each pair of layers and of all, `layers` giving each name's annotations per text."""
    for pair, figure in postil["unitized"].items():
        first, second = pair.split("/")
        pick = {first: layers[first], second: layers[second]}
        theirs = unitized(texts, pick)
        compare(scope, f"unitized alpha {pair}", figure, theirs, not np.isfinite(theirs))
    theirs = unitized(texts, layers)
    compare(scope, "unitized alpha, all", postil["unitized_all"], theirs, not np.isfinite(theirs))


def unitized(texts, layers):
    """The package's uα of the texts one after another, each layer cut into segments here; NaN
    where it divides by zero."""
    data = {}
    for name, per_text in layers.items():
        segments, offset = [], 0
        for text, annotations in zip(texts, per_text):
            segments += [Segment(tag, offset + s, offset + e) for tag, s, e in cut(len(text), annotations)]
            offset += len(text)
        data[name] = segments
    with np.errstate(divide="ignore", invalid="ignore"):
        try:
            return float(KrippendorffUnitizedAlpha(data).result)
        except ZeroDivisionError:
            return float("nan")


def cut(length, annotations):
    """A layer's segments of one text as (tag, start, end): each character's owner is the
    shortest annotation covering it (the first listed on a tie); a segment is a run of one
    owner, and a run of none is a gap."""
    owners = []
    for i in range(length):
        covering = [(end - start, k) for k, (start, end, _) in enumerate(annotations) if start <= i < end]
        owners.append(min(covering)[1] if covering else None)
    segments = []
    for i, owner in enumerate(owners):
        if i > 0 and owners[i - 1] == owner:
            tag, start, _ = segments[-1]
            segments[-1] = (tag, start, i + 1)
        else:
            segments.append((EMPTY_TAG if owner is None else annotations[owner][2], i, i + 1))
    return segments


def compare_prf(scope, pair, exact, truth, predicted):
    overall = exact["overall"]
    library = {
        "precision": precision_score(truth, predicted),
        "recall": recall_score(truth, predicted),
        "f1": f1_score(truth, predicted),
    }
    counts = {
        "precision": n_chunks(predicted),
        "recall": n_chunks(truth),
        "f1": n_chunks(predicted) + n_chunks(truth),
    }
    for what in ("precision", "recall", "f1"):
        compare(scope, f"exact {what} {pair}", overall[what], library[what], counts[what] == 0)
    report = classification_report(truth, predicted, output_dict=True)
    for label, figures in exact["per_label"].items():
        theirs = report.get(label)
        if theirs is None:
            fail(f"{scope} {pair}: seqeval has no label {label}")
            continue
        if theirs["support"] != figures["tp"] + figures["fn"]:
            fail(f"{scope} {pair} {label}: seqeval support {theirs['support']}")
        denominators = {
            "precision": n_chunks(predicted, label),
            "recall": theirs["support"],
            "f1": n_chunks(predicted, label) + theirs["support"],
        }
        for what, key in (("precision", "precision"), ("recall", "recall"), ("f1", "f1-score")):
            compare(
                scope,
                f"  {label} {what} {pair}",
                figures[what],
                theirs[key],
                denominators[what] == 0,
                # Per label, the corpus is printed; each document's is checked the same.
                shown=scope == "corpus",
            )
    if set(exact["per_label"]) != {k for k in report if not k.endswith(" avg")}:
        fail(f"{scope} {pair}: labels {sorted(exact['per_label'])} vs seqeval's {sorted(report)}")


def n_chunks(sequences, label=None):
    return sum(1 for s in sequences for t, _, _ in get_entities(s) if label in (None, t))


def main():
    directory = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "target" / "verify"
    data = json.loads((directory / "agreement.json").read_text(encoding="utf-8"))
    names = data["layers"]
    libraries = ("scikit-learn", "statsmodels", "krippendorff", "krippendorff-unitized-alpha", "seqeval")
    print("check_agreement:", ", ".join(f"{p} {version(p)}" for p in libraries))
    for doc in data["documents"]:
        check_document(doc, names)
    with warnings.catch_warnings():
        # seqeval and scikit-learn warn where a figure is 0/0; those rows are checked as such.
        warnings.simplefilter("ignore")
        for doc in data["documents"]:
            recompute(doc["title"], [doc], names, doc["postil"])
        recompute("corpus", data["documents"], names, data["corpus"])
        for k, case in enumerate(data.get("unitized_cases", [])):
            layers = {n: [case["layers"][n]] for n in names}
            compare_unitized(f"unitized {k + 1}", [case["text"]], layers, case)
    width = max(len(r[1]) for r in rows)
    # A document's title may be long: the table shows its start.
    cut = lambda scope: scope if len(scope) <= 12 else scope[:11] + "…"
    print(f"{'scope':<12} {'figure':<{width}} {'Postil':>16} {'library':>16}")
    for scope, figure, ours, theirs, verdict, shown in rows:
        if shown:
            print(f"{cut(scope):<12} {figure:<{width}} {ours:>16} {theirs:>16}  {verdict}")
    if failures:
        print(f"check_agreement: {len(failures)} difference(s)")
        sys.exit(1)
    print(
        f"check_agreement: all {len(rows)} figures agree within {TOLERANCE} "
        f"(largest difference {largest[0]:.1e})"
    )


if __name__ == "__main__":
    main()
