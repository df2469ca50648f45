"""Writes core/src/formats/spacy/symbols.rs: spaCy's table of reserved strings.

spaCy stores every string as a 64-bit id. For most strings that id is a hash, but the 457
strings in `spacy.symbols.NAMES` ("PERSON", "ORG", "NOUN", ...) have small fixed ids, their
index in that table. A DocBin that uses the hash of "PERSON" instead of 380 does not load, so
Postil carries the table. It is fixed in spaCy 3 (new names are only ever appended).

Run with the venv's python: `python verify/spacy_symbols.py > core/src/formats/spacy/symbols.rs`.
`verify/check_spacy.py` checks that the Rust table still equals the installed spaCy's.
"""

import json

from spacy.symbols import NAMES


def rust_source() -> str:
    lines = [
        "//! spaCy's reserved strings (`spacy.symbols.NAMES`, spaCy 3): each one's id is its index",
        "//! here, not a hash. Written by `verify/spacy_symbols.py` from spaCy 3.8.7; do not edit.",
        "",
        "#[rustfmt::skip]",
        f"pub(super) const NAMES: [&str; {len(NAMES)}] = [",
    ]
    lines += [f"    {json.dumps(name)}," for name in NAMES]
    lines.append("];")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(rust_source(), end="")
