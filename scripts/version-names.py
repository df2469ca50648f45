"""Versions the addresses of the release build's files whose names do not change with their
content: the views loaded on demand (postil-more.js and its wasm) and the import/export worker
(its loader, postil-worker.js and its wasm). Trunk names every other file by a hash of its
content, but builds these under plain names, so a host that caches files for long (as the
README allows for every file but the page, sw.js and version.json) could hand a new app an old
module or worker, which reads and answers in another build's shapes.

Each of them is asked for as NAME?v=DIGEST (a digest of the files it loads, after wasm-opt):
- dist/index.html gets <meta name="postil:NAME" content="NAME?v=DIGEST"> for the two files the
  app asks for by name (postil-more.js, postil-worker_loader.js; read by
  src/platform/dom.rs's `asset`), just before </head>;
- the worker's loader asks for the worker's script and wasm with the same ?v=.
The service worker keeps the files by name and answers with the query left out (offline/sw.js).

Both files are checked before either is written.

Usage: scripts/version-names.py DIST (scripts/build-release.sh runs it after wasm-opt).
"""

import hashlib
import os
import sys


def digest(dist, names):
    h = hashlib.sha256()
    for name in names:
        with open(os.path.join(dist, name), "rb") as f:
            h.update(f.read())
    return h.hexdigest()[:16]


def main(argv):
    if len(argv) != 1:
        sys.exit(__doc__)
    dist = argv[0]
    more = digest(dist, ["postil-more.js", "postil-more_bg.wasm"])
    worker = digest(dist, ["postil-worker.js", "postil-worker_bg.wasm"])

    page_path = os.path.join(dist, "index.html")
    with open(page_path, encoding="utf-8") as f:
        page = f.read()
    if page.count("</head>") != 1 or 'name="postil:' in page:
        sys.exit("version-names: %s must hold one </head> and no versioned names yet" % page_path)
    loader_path = os.path.join(dist, "postil-worker_loader.js")
    with open(loader_path, encoding="utf-8") as f:
        loader = f.read()
    for name in ("./postil-worker.js", "./postil-worker_bg.wasm"):
        if loader.count('"%s"' % name) != 1:
            sys.exit("version-names: %s does not load %s once: %r" % (loader_path, name, loader))
        loader = loader.replace('"%s"' % name, '"%s?v=%s"' % (name, worker))

    metas = "".join(
        '    <meta name="postil:%s" content="%s?v=%s" />\n' % (name, name, v)
        for name, v in (("postil-more.js", more), ("postil-worker_loader.js", worker))
    )
    page = page.replace("</head>", metas + "  </head>")
    with open(loader_path, "w", encoding="utf-8") as f:
        f.write(loader)
    with open(page_path, "w", encoding="utf-8") as f:
        f.write(page)
    print("version-names: postil-more.js?v=%s, postil-worker_loader.js?v=%s" % (more, worker))


if __name__ == "__main__":
    main(sys.argv[1:])
