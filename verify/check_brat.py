#!/usr/bin/env python3
"""Checks a brat zip that Postil wrote the way brat itself would read it.

brat is Python: it opens each .txt as UTF-8 with universal newlines ("\\r\\n" and a lone "\\r"
read as "\\n") and slices it by code points. For every T line of every .ann this script
checks that the offsets slice the .txt to the text the line states (fragments joined by one
space, as brat joins them), that the type is an entity in annotation.conf, and that every
note is on an annotation of its file; every R line links two T lines of its file with a
relation type annotation.conf declares, and every A line is on a T line of its file with an
attribute (and value) annotation.conf declares. It prints each mismatch and exits 1 if there
is any.

Plain Python 3, no packages. The Rust test `brat_writes_a_zip_for_the_python_check` writes
target/verify/brat.zip, the default:

    python3 verify/check_brat.py [path/to/brat.zip]
"""
import io
import sys
import zipfile
from pathlib import Path


def entities(conf):
    """The entity types declared in annotation.conf's [entities] section."""
    return set(declared(conf, "entities"))


def declared(conf, section_name):
    """The names declared in a section of annotation.conf, each with its definition."""
    found, section = {}, None
    for raw in conf.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        elif section == section_name:
            name, _, definition = line.partition("\t")
            found[name.lstrip("!")] = definition
    return found


def attribute_values(definition):
    """The values an attribute's definition allows ("Arg:X, Value:A|B"), or None for yes/no."""
    for part in definition.split(","):
        key, _, value = part.strip().partition(":")
        if key == "Value":
            return value.split("|")
    return None


def nearest_conf(name, names):
    """The annotation.conf that applies to a file: brat looks in its folder, then upwards."""
    parts = name.split("/")[:-1]
    while True:
        conf = "/".join(parts + ["annotation.conf"])
        if conf in names:
            return conf
        if not parts:
            return None
        parts.pop()


def check(path):
    problems, checked = [], 0
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        for ann_name in sorted(n for n in names if n.endswith(".ann")):
            conf = nearest_conf(ann_name, names)
            if conf is None:
                problems.append(f"{ann_name}: no annotation.conf beside it or above it")
                continue
            conf_text = z.read(conf).decode("utf-8")
            types = entities(conf_text)
            relation_types = declared(conf_text, "relations")
            attribute_types = declared(conf_text, "attributes")
            txt_name = ann_name[: -len(".ann")] + ".txt"
            if txt_name not in names:
                problems.append(f"{ann_name}: no {txt_name}")
                continue
            # Exactly how brat opens a text: UTF-8, universal newlines.
            with io.TextIOWrapper(z.open(txt_name), encoding="utf-8") as f:
                text = f.read()
            ids, notes, links = set(), [], []
            ann = z.read(ann_name).decode("utf-8")
            for number, line in enumerate(ann.split("\n"), 1):
                if not line:
                    continue
                at = f"{ann_name} line {number}"
                ids.add(line.split("\t")[0])
                if line.startswith("#"):
                    notes.append((at, line.split("\t")[1].split()[1]))
                    continue
                if line.startswith("R"):
                    kind, *args = line.split("\t")[1].split()
                    if kind not in relation_types:
                        problems.append(f"{at}: the relation type {kind} is not in annotation.conf")
                    links += [(at, arg.split(":", 1)[1]) for arg in args]
                    continue
                if line.startswith("A"):
                    name, target, *value = line.split("\t")[1].split()
                    links.append((at, target))
                    if name not in attribute_types:
                        problems.append(f"{at}: the attribute {name} is not in annotation.conf")
                    else:
                        allowed = attribute_values(attribute_types[name])
                        if (allowed is None) != (not value) or (value and value[0] not in allowed):
                            problems.append(f"{at}: {name} {value} is not as annotation.conf declares it")
                    continue
                if not line.startswith("T"):
                    continue
                tid, middle, stated = line.split("\t", 2)
                kind, offsets = middle.split(" ", 1)
                pieces = []
                for fragment in offsets.split(";"):
                    start, end = (int(n) for n in fragment.split())
                    if not 0 <= start < end <= len(text):
                        problems.append(f"{at}: {tid} {start} {end} is outside the text")
                    pieces.append(text[start:end])
                if " ".join(pieces) != stated:
                    problems.append(
                        f"{at}: {tid} states {stated!r}, the .txt has {' '.join(pieces)!r}"
                    )
                if kind not in types:
                    problems.append(f"{at}: {tid}'s type {kind} is not in annotation.conf")
                checked += 1
            for at, target in notes + links:
                if target not in ids:
                    problems.append(f"{at}: it names {target}, which is not in the file")
    return problems, checked


def main():
    default = Path(__file__).resolve().parent.parent / "target" / "verify" / "brat.zip"
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    problems, checked = check(path)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{path}: {len(problems)} problems in {checked} T lines")
        return 1
    if checked == 0:
        print(f"{path}: no T lines to check")
        return 1
    print(f"{path}: all {checked} T lines slice their .txt to their text, types declared")
    return 0


if __name__ == "__main__":
    sys.exit(main())
