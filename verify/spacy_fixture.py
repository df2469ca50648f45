"""Writes core/tests/fixtures/spacy_written.spacy: a DocBin written by spaCy itself (all of
DocBin's default attributes, a span group of its own, categories), which the Rust test
`formats_spacy::reads_a_docbin_spacy_wrote` imports. Postil writes DocBins its own way, so
this is the check that it reads what spaCy writes.

Run with the venv's python: `python verify/spacy_fixture.py`.
"""

from pathlib import Path

import spacy
from spacy.tokens import DocBin

OUT = Path(__file__).resolve().parent.parent / "core/tests/fixtures/spacy_written.spacy"


def main():
    nlp = spacy.blank("en")
    one = nlp("Sergey Lavrov met Shah Mahmood Qureshi in Islamabad.\n\nBoth  spoke of PERSON.")
    one.ents = [one.char_span(0, 13, "PERSON"), one.char_span(42, 51, "GPE")]
    one.spans["sc"] = [one.char_span(0, 6, "FIRST"), one.char_span(0, 13, "PERSON")]
    one.cats = {"politics": 1.0}
    one[0].tag_ = "NNP"
    two = nlp("Cafe\u0301 in 北京 and 🇵🇰 today")
    two.ents = [two.char_span(0, 5, "ORG"), two.char_span(9, 11, "GPE")]
    DocBin(docs=[one, two]).to_disk(OUT)
    print(f"wrote {OUT} with spaCy {spacy.__version__}")


if __name__ == "__main__":
    main()
