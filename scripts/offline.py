#!/usr/bin/env python3
"""The service worker and version file of a release build, written from what the build made.

Trunk names most files by a hash of their content, so the list of files the service worker keeps
can only be known once the build is done: scripts/build-release.sh runs this last (after
wasm-opt, which changes the wasm files' bytes but not their names). It writes into DIST:

- version.json: the build's version, a digest of every file kept, of the changes list and of
  the service worker's code, and that list (offline/changes.json, or --changes FILE), which the app shows once after an update;
- sw.js: offline/sw.js with its BUILD filled in (the version and the files, relative to sw.js).

A new build is thus a new version, and a new sw.js, which is how the browser learns of it.

Usage: scripts/offline.py DIST [--changes FILE]
"""

import hashlib
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
MARK = "/* postil-build */ null"
# Written here, so not part of what the version is a digest of.
OWN = ("sw.js", "version.json")


def files(dist):
    out = []
    for folder, _, names in os.walk(dist):
        for name in names:
            rel = os.path.relpath(os.path.join(folder, name), dist).replace(os.sep, "/")
            if rel not in OWN:
                out.append(rel)
    return sorted(out)


def main(argv):
    if not argv or argv[0].startswith("-"):
        sys.exit(__doc__)
    dist = argv[0]
    changes_path = os.path.join(ROOT, "offline", "changes.json")
    if len(argv) == 3 and argv[1] == "--changes":
        changes_path = argv[2]
    elif len(argv) != 1:
        sys.exit(__doc__)
    with open(changes_path, encoding="utf-8") as f:
        changes = json.load(f)["changes"]
    if not isinstance(changes, list) or not all(isinstance(c, str) for c in changes):
        sys.exit("offline: %s: \"changes\" must be a list of sentences" % changes_path)
    kept = files(dist)
    if "index.html" not in kept:
        sys.exit("offline: %s has no index.html" % dist)

    digest = hashlib.sha256()
    for rel in kept:
        with open(os.path.join(dist, rel), "rb") as f:
            data = f.read()
        digest.update(b"%s\0%d\0" % (rel.encode(), len(data)))
        digest.update(data)
    digest.update(json.dumps(changes).encode())
    with open(os.path.join(ROOT, "offline", "sw.js"), encoding="utf-8") as f:
        template = f.read()
    if template.count(MARK) != 1:
        sys.exit("offline: offline/sw.js must hold %r once" % MARK)
    # The worker's own code too: a change to it alone is a new version.
    digest.update(template.encode())
    version = digest.hexdigest()[:16]

    with open(os.path.join(dist, "version.json"), "w", encoding="utf-8") as f:
        json.dump({"version": version, "changes": changes}, f, ensure_ascii=False, indent=1)
        f.write("\n")
    # The page is kept as "./", the address people open (a host answers it with index.html).
    listed = ["./" if rel == "index.html" else rel for rel in kept] + ["version.json"]
    build = json.dumps({"version": version, "files": listed}, indent=1)
    with open(os.path.join(dist, "sw.js"), "w", encoding="utf-8") as f:
        f.write(template.replace(MARK, build))
    size = sum(os.path.getsize(os.path.join(dist, r)) for r in kept)
    print("offline: version %s, %d files (%d bytes) kept by %s/sw.js" % (version, len(listed), size, dist))


if __name__ == "__main__":
    main(sys.argv[1:])
