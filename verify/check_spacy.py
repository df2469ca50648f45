"""Loads Postil's spaCy exports with real spaCy and checks them against what Postil meant.

`cargo test -p postil-core --test formats_spacy` writes, into target/verify/:
  spacy_corpus.spacy    a DocBin
  spacy_corpus.json     training JSON: [[text, {"entities": [...], "spans": {"postil": [...]}}], ...]
  spacy_expected.json   {"spans_key": "postil", "docs": [{"text", "ents", "spans"}, ...]}
  spacy2_train.json     a spaCy 2 training file (written by the test from the format's description)
  spacy2_expected.json  what Postil read from it: {"docs": [{"paragraphs", "ents": [[text, label]]}]}

This script checks, for every document:
  - the DocBin loads (`DocBin().from_disk`, `get_docs` with a blank pipeline's vocab);
  - `doc.text` is the original text, character for character;
  - `doc.ents` are exactly the expected entities and `doc.spans["postil"]` exactly all spans;
  - `doc.char_span(start, end, label=...)` finds every entity and span, equal to it;
  - the entities do not overlap, and every span left out of them overlaps one;
  - the JSON's texts equal the originals, its entities and spans equal the expected ones, and
    spaCy's own `Example.from_dict` takes them on a Doc of the same tokens without a complaint;
  - Postil's table of spaCy's reserved strings (symbols.rs) equals the installed spaCy's;
  - spaCy's own reader of its version 2 JSON finds the entities Postil read from that file.
It prints what it checked and exits non-zero on any mismatch.

Usage: python verify/check_spacy.py [DIR]   (DIR defaults to target/verify)
"""

import json
import re
import sys
import warnings
from pathlib import Path

import spacy
from spacy.symbols import NAMES
from spacy.tokens import Doc, DocBin
from spacy.training import Example

ROOT = Path(__file__).resolve().parent.parent
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print(f"  FAIL {what}")
    return ok


def triples(spans):
    return sorted((s.start_char, s.end_char, s.label_) for s in spans)


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def check_doc(where, doc, want, key):
    text = want["text"]
    ents = sorted(tuple(e) for e in want["ents"])
    spans = sorted(tuple(s) for s in want["spans"])
    check(doc.text == text, f"{where}: doc.text differs: {doc.text!r} != {text!r}")
    check(triples(doc.ents) == ents, f"{where}: ents {triples(doc.ents)} != {ents}")
    group = doc.spans[key] if key in doc.spans else []
    check(key in doc.spans, f"{where}: no span group {key!r}")
    check(triples(group) == spans, f"{where}: spans {triples(group)} != {spans}")
    for start, end, label in spans:
        span = doc.char_span(start, end, label=label)
        check(
            span is not None and (span.start_char, span.end_char, span.label_) == (start, end, label),
            f"{where}: char_span({start}, {end}, {label!r}) is {span!r} over {text[start:end]!r}",
        )
    for i, a in enumerate(ents):
        for b in ents[i + 1 :]:
            check(not overlaps(a, b), f"{where}: entities {a} and {b} overlap")
    for s in spans:
        if s not in ents:
            check(any(overlaps(s, e) for e in ents), f"{where}: {s} could have been an entity")


def check_docbin(directory, expected, nlp):
    key = expected["spans_key"]
    docs = list(DocBin().from_disk(directory / "spacy_corpus.spacy").get_docs(nlp.vocab))
    print(f"DocBin: loaded {len(docs)} docs with spaCy {spacy.__version__}")
    check(len(docs) == len(expected["docs"]), f"DocBin: {len(docs)} docs, expected {len(expected['docs'])}")
    n_ents = n_spans = 0
    for i, (doc, want) in enumerate(zip(docs, expected["docs"]), 1):
        check_doc(f"DocBin doc {i}", doc, want, key)
        n_ents += len(doc.ents)
        n_spans += len(doc.spans.get(key, []))
    print(f"DocBin: texts, {n_ents} entities and {n_spans} spans in group {key!r} match; char_span finds each")
    # spaCy writes what it read back the same way: a second round through spaCy's own writer.
    repacked = DocBin(docs=docs).to_bytes()
    again = list(DocBin().from_bytes(repacked).get_docs(nlp.vocab))
    for i, (doc, want) in enumerate(zip(again, expected["docs"]), 1):
        check_doc(f"DocBin re-packed by spaCy, doc {i}", doc, want, key)
    print("DocBin: spaCy's own DocBin of the loaded docs reads back the same")
    return docs


def check_json(directory, expected, nlp, docbin_docs):
    key = expected["spans_key"]
    records = json.loads((directory / "spacy_corpus.json").read_text(encoding="utf-8"))
    check(len(records) == len(expected["docs"]), f"JSON: {len(records)} records")
    misaligned = 0
    for i, ((text, annotations), want, tokens) in enumerate(zip(records, expected["docs"], docbin_docs), 1):
        where = f"JSON record {i}"
        check(text == want["text"], f"{where}: text differs")
        ents = sorted(tuple(e) for e in annotations.get("entities", []))
        spans = sorted(tuple(s) for s in annotations.get("spans", {}).get(key, []))
        check(ents == sorted(tuple(e) for e in want["ents"]), f"{where}: entities {ents}")
        check(spans == sorted(tuple(s) for s in want["spans"]), f"{where}: spans {spans}")
        # The same tokens as the DocBin, no annotations: what Example.from_dict starts from.
        words = [t.text for t in tokens]
        spaces = [bool(t.whitespace_) for t in tokens]
        predicted = Doc(nlp.vocab, words=words, spaces=spaces)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # a misaligned entity is only a warning in spaCy
                example = Example.from_dict(predicted, annotations)
            reference = example.reference
            check(triples(reference.ents) == ents, f"{where}: Example ents {triples(reference.ents)}")
            check(triples(reference.spans[key]) == spans, f"{where}: Example spans differ")
            manual = Doc(nlp.vocab, words=words, spaces=spaces)
            manual.ents = [manual.char_span(s, e, label=l) for s, e, l in ents]
            manual.spans[key] = [manual.char_span(s, e, label=l) for s, e, l in spans]
        except Exception as e:  # noqa: BLE001: any complaint from spaCy is a failure here
            check(False, f"{where}: spaCy refused it: {type(e).__name__}: {e}")
        # With spaCy's own tokenizer some entities cannot align (CJK has no spaces); count them.
        own = nlp.make_doc(text)
        misaligned += sum(own.char_span(s, e) is None for s, e, _ in ents)
    print(f"JSON: {len(records)} records match; Example.from_dict and doc.ents take them on the same tokens")
    print(f"JSON: with spacy.blank('xx')'s own tokenizer, {misaligned} entities do not fall on token boundaries (information only)")


def check_symbols():
    source = (ROOT / "core/src/formats/spacy/symbols.rs").read_text(encoding="utf-8")
    body = source[source.index("= [") :]
    table = [json.loads(s) for s in re.findall(r'"(?:[^"\\]|\\.)*"', body)]
    check(table == list(NAMES), "symbols.rs differs from spacy.symbols.NAMES")
    print(f"symbols.rs: {len(table)} reserved strings, the same as spaCy's")


def check_spacy2(directory):
    """spaCy's own reader of its version 2 training JSON finds, paragraph by paragraph, the
    entities Postil read from the same file (by text and label: spaCy rebuilds each paragraph's
    text from its tokens, Postil keeps the raw text)."""
    from spacy.training.converters import json_to_docs

    expected = json.loads((directory / "spacy2_expected.json").read_text(encoding="utf-8"))
    docs = list(json_to_docs((directory / "spacy2_train.json").read_bytes()))
    at = 0
    n_ents = 0
    for i, want in enumerate(expected["docs"], 1):
        paragraphs = docs[at : at + want["paragraphs"]]
        at += want["paragraphs"]
        got = [[e.text, e.label_] for doc in paragraphs for e in doc.ents]
        check(got == want["ents"], f"spaCy 2 JSON doc {i}: spaCy found {got}, Postil {want['ents']}")
        n_ents += len(got)
    check(at == len(docs), f"spaCy 2 JSON: spaCy read {len(docs)} paragraphs, Postil {at}")
    print(f"spaCy 2 JSON: spaCy's json_to_docs finds the same {n_ents} entities as Postil's import")


def main():
    directory = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "target/verify"
    expected = json.loads((directory / "spacy_expected.json").read_text(encoding="utf-8"))
    nlp = spacy.blank("xx")
    check_symbols()
    docs = check_docbin(directory, expected, nlp)
    check_json(directory, expected, nlp, docs)
    # The same file with an English vocab: ids do not depend on the language.
    en_docs = list(DocBin().from_disk(directory / "spacy_corpus.spacy").get_docs(spacy.blank("en").vocab))
    for i, (doc, want) in enumerate(zip(en_docs, expected["docs"]), 1):
        check_doc(f"DocBin (en vocab) doc {i}", doc, want, expected["spans_key"])
    print("DocBin: loads the same with spacy.blank('en')")
    check_spacy2(directory)
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("all spaCy checks passed")


if __name__ == "__main__":
    main()
