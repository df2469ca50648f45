#!/usr/bin/env python3
"""What each crate and each Postil module weighs in a wasm file built with its names kept.

Usage: wasm-weights.py FILE.wasm [ROWS]

Reads the code section (each function body's bytes) and the name section (each function's
Rust path), and adds every body to one owner: the Postil module that caused it when its path
names one (`core::ptr::drop_in_place<postil::state::AppState>` is the app's `state`, a
`yew::…<postil::components::app::App>` is `components`), else the first crate its path names.
Data segments count as "data (strings, tables)". Prints bytes as shipped (the bodies) and the
owner's share of the file's gzip size, in proportion to its bytes: gzip does not split, so the
second figure is an estimate.
"""

import collections
import gzip
import re
import sys


def leb(b, i):
    result = shift = 0
    while True:
        byte = b[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, i


def uleb(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def sections(data):
    i = 8
    while i < len(data):
        sid = data[i]
        size, j = leb(data, i + 1)
        yield sid, data[j : j + size]
        i = j + size


def imported_functions(body):
    count, i = leb(body, 0)
    functions = 0
    for _ in range(count):
        for _ in range(2):  # module and field names
            n, i = leb(body, i)
            i += n
        kind = body[i]
        i += 1
        if kind == 0:  # function: type index
            _, i = leb(body, i)
            functions += 1
        elif kind == 1:  # table: reftype, limits
            i += 1
            flags, i = leb(body, i)
            _, i = leb(body, i)
            if flags & 1:
                _, i = leb(body, i)
        elif kind == 2:  # memory: limits
            flags, i = leb(body, i)
            _, i = leb(body, i)
            if flags & 1:
                _, i = leb(body, i)
        elif kind == 3:  # global: type, mutability
            i += 2
        elif kind == 4:  # tag
            i += 1
            _, i = leb(body, i)
    return functions


def function_names(body):
    names = {}
    i = 0
    name, i = leb(body, i)
    i += name
    while i < len(body):
        sub = body[i]
        size, j = leb(body, i + 1)
        if sub == 1:
            count, k = leb(body, j)
            for _ in range(count):
                index, k = leb(body, k)
                n, k = leb(body, k)
                names[index] = body[k : k + n].decode("utf-8", "replace")
                k += n
        i = j + size
    return names


def custom_name(body):
    n, i = leb(body, 0)
    return body[i : i + n].decode("utf-8", "replace")


STD = {"core", "alloc", "std", "__rustc", "compiler_builtins"}
# The first two segments of each path in a name (`a::b` of `a::b::c`, never `b::c`).
PATH = re.compile(r"(?:^|[^A-Za-z0-9_:])([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::([A-Za-z_][A-Za-z0-9_]*)")


def owner(name):
    paths = PATH.findall(name)
    for crate, module in paths:
        if crate in ("postil", "postil_core", "postil_wire", "postil_worker"):
            return f"{crate}::{module}"
    for crate, _ in paths:
        if crate not in STD and crate not in ("impl", "dyn"):
            return crate
    if paths:
        return "Rust std (" + paths[0][0] + ")"
    if name.startswith("__wbg") or name.startswith("__wbindgen"):
        return "wasm-bindgen glue"
    return "other"


def main():
    path = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    data = open(path, "rb").read()
    imports = 0
    bodies = []
    names = {}
    data_bytes = b""
    shipped = bytearray(data[:8])
    for sid, body in sections(data):
        if sid != 0:
            shipped += bytes([sid]) + uleb(len(body)) + body
        if sid == 2:
            imports = imported_functions(body)
        elif sid == 10:
            count, i = leb(body, 0)
            for _ in range(count):
                size, j = leb(body, i)
                bodies.append(body[j : j + size])
                i = j + size
        elif sid == 11:
            data_bytes = body
        elif sid == 0 and custom_name(body) == "name":
            names = function_names(body)
    if not names:
        sys.exit(f"{path}: no function names (build it with them kept: wasm-opt -g)")

    weight = collections.Counter()
    for n, body in enumerate(bodies):
        weight[owner(names.get(imports + n, ""))] += len(body)
    weight["data (strings, tables)"] += len(data_bytes)
    counted = sum(weight.values())
    gz = len(gzip.compress(bytes(shipped), 9))
    crates = collections.Counter()
    for key, value in weight.items():
        crates[key.split("::")[0]] += value

    def table(title, counter, limit):
        print(f"{title:<44} {'bytes':>9} {'share':>6} {'≈ gzip':>8}")
        for key, value in counter.most_common(limit):
            print(f"{key:<44} {value:>9,} {100 * value / counted:>5.1f}% {gz * value / counted / 1000:>6.1f} KB")

    print(f"{path}: {len(shipped):,} bytes and {gz:,} gzip -9 without its names (as shipped)")
    table("by crate (Postil's own crates whole)", crates, rows)
    print()
    table("by Postil module", collections.Counter({k: v for k, v in weight.items() if k.startswith("postil")}), rows)


if __name__ == "__main__":
    main()
