"""Checks a W3C Web Annotation export of Postil against the Web Annotation Data Model's shapes
(verify/w3c-annotation.schema.json, no network needed) and checks that Python's
text[start:end] is the quoted text of every annotation (offsets are code points, half-open),
and that every relation (a linking annotation) names two annotations of the collection.

Run after `cargo test -p postil-core`, which writes the sample target/verify/w3c.jsonld:

    .venv/bin/python verify/check_w3c.py [file]
"""

import json
import sys
from pathlib import Path

from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = Path(__file__).resolve().parent / "w3c-annotation.schema.json"
CONTEXT = 32


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "target/verify/w3c.jsonld"
    if not path.exists():
        print(f"{path} is missing: run `cargo test -p postil-core` first", file=sys.stderr)
        return 2
    collection = json.loads(path.read_text(encoding="utf-8"))
    validator = Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))
    failures = [
        f"schema: {'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
        for e in validator.iter_errors(collection)
    ]
    texts = {d["id"]: d["schema:text"] for d in collection.get("dcterms:references", [])}
    items = collection.get("first", {}).get("items", [])
    if collection.get("total") != len(items):
        failures.append(f"total is {collection.get('total')}, the page holds {len(items)}")
    spans = 0
    links = 0
    ids = {item.get("id") for item in items}
    for number, item in enumerate(items, 1):
        target = item.get("target", {})
        if isinstance(target, list):
            # A relation: the two annotations it links, both in this collection, and not itself.
            if item.get("motivation") != "linking":
                failures.append(f"annotation {number}: a target of IRIs, and not linking")
            missing = [t for t in target if t not in ids or t == item.get("id")]
            if missing:
                failures.append(f"annotation {number}: links {missing}, not annotations of the collection")
            links += 1
            continue
        text = texts.get(target.get("source"))
        if text is None:
            failures.append(f"annotation {number}: no text for {target.get('source')}")
            continue
        selectors = {s.get("type"): s for s in target.get("selector", [])}
        position = selectors.get("TextPositionSelector")
        quote = selectors.get("TextQuoteSelector")
        if position is None or quote is None:
            failures.append(f"annotation {number}: needs both a position and a quote selector")
            continue
        start, end = position["start"], position["end"]
        if not 0 <= start < end <= len(text):
            failures.append(f"annotation {number}: [{start}, {end}) is not within the text")
            continue
        if text[start:end] != quote["exact"]:
            failures.append(
                f"annotation {number}: text[{start}:{end}] is {text[start:end]!r}, "
                f"the quote is {quote['exact']!r}"
            )
        if quote.get("prefix", "") != text[max(0, start - CONTEXT):start]:
            failures.append(f"annotation {number}: the prefix does not precede the quote")
        if quote.get("suffix", "") != text[end:end + CONTEXT]:
            failures.append(f"annotation {number}: the suffix does not follow the quote")
        spans += 1
    for failure in failures:
        print(failure, file=sys.stderr)
    if failures:
        print(f"{path}: {len(failures)} problem(s)", file=sys.stderr)
        return 1
    print(f"{path}: valid; {spans} annotations on {len(texts)} documents slice correctly; {links} relations link annotations of the collection")
    return 0


if __name__ == "__main__":
    sys.exit(main())
