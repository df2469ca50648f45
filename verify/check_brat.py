#!/usr/bin/env python3
"""Checks a brat zip that Postil wrote the way brat itself would read it.

brat is Python: it opens each .txt as UTF-8 with universal newlines ("\\r\\n" and a lone "\\r"
read as "\\n") and slices it by code points. For every T line of every .ann this script
checks that the offsets slice the .txt to the text the line states (fragments joined by one
space, as brat joins them), that the type is an entity in annotation.conf, and that every
note is on an annotation of its file. It prints each mismatch and exits 1 if there is any.

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
    names, section = set(), None
    for raw in conf.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
        elif section == "entities":
            names.add(line.lstrip("!").split()[0])
    return names


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
            types = entities(z.read(conf).decode("utf-8"))
            txt_name = ann_name[: -len(".ann")] + ".txt"
            if txt_name not in names:
                problems.append(f"{ann_name}: no {txt_name}")
                continue
            # Exactly how brat opens a text: UTF-8, universal newlines.
            with io.TextIOWrapper(z.open(txt_name), encoding="utf-8") as f:
                text = f.read()
            ids, notes = set(), []
            ann = z.read(ann_name).decode("utf-8")
            for number, line in enumerate(ann.split("\n"), 1):
                if not line:
                    continue
                at = f"{ann_name} line {number}"
                ids.add(line.split("\t")[0])
                if line.startswith("#"):
                    notes.append((at, line.split("\t")[1].split()[1]))
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
            for at, target in notes:
                if target not in ids:
                    problems.append(f"{at}: the note is on {target}, which is not in the file")
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
