#!/usr/bin/env python3
"""The Content-Security-Policy's script hashes, filled in at build time.

index.html's CSP (a <meta http-equiv>) allows scripts only from the app's own origin and, inline,
only the ones whose SHA-256 it lists. Besides the page's own first script (which tells a
returning visit from a first one), Trunk writes the inline scripts itself (the module script
that loads the app's wasm, and under `trunk serve` the live-reload script), so their hashes can
only be known after it has written them: this runs as Trunk's post_build hook (Trunk.toml) on
the staged index.html and puts the hashes where the policy holds the PLACEHOLDER source. If it
did not run, the placeholder stays: browsers ignore an unknown source, so no inline script
runs and the app does not start, which every end-to-end test notices.

`trunk serve` fills two placeholders of its live-reload script as it serves the page (the
address from the request's Host header, and the socket's path); a hash taken before that
would not match what the browser gets. So they are filled here first, with what Trunk itself
uses when it has no Host header (`window.location.host`) and the public URL, and the server
then finds nothing to change.

Usage: as the hook, with Trunk's TRUNK_STAGING_DIR and TRUNK_PUBLIC_URL set; or
`scripts/csp.py --check dist/index.html` to check that every inline script of a built page is
allowed by its policy (scripts/build-release.sh runs it last).
"""

import base64
import hashlib
import os
import re
import sys

PLACEHOLDER = "'postil-inline-script-hashes'"
CSP = re.compile(r'(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")', re.I)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)


def inline_scripts(html):
    """The text of every script element without a src attribute."""
    return [m.group(2) for m in SCRIPT.finditer(html) if not re.search(r"\bsrc\s*=", m.group(1), re.I)]


def digest(script):
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()


def policy(html):
    found = CSP.findall(html)
    if len(found) != 1:
        sys.exit("csp: the page must hold exactly one Content-Security-Policy meta element, found %d" % len(found))
    return found[0][1]


def fill(path, public_url):
    with open(path, encoding="utf-8") as f:
        html = f.read()
    base = public_url if public_url.endswith("/") else public_url + "/"
    html = (
        html.replace("'{{__TRUNK_ADDRESS__}}'", "window.location.host")
        .replace("`{{__TRUNK_ADDRESS__}}`", "window.location.host")
        .replace("{{__TRUNK_WS_BASE__}}", base)
    )
    if PLACEHOLDER not in policy(html):
        sys.exit("csp: the policy in %s has no %s to fill" % (path, PLACEHOLDER))
    scripts = inline_scripts(html)
    if not any("init(" in s and "import " in s for s in scripts):
        sys.exit("csp: %s has no inline module script loading the app (Trunk's loader was expected)" % path)
    hashes = " ".join(sorted({digest(s) for s in scripts}))
    html = CSP.sub(lambda m: m.group(1) + m.group(2).replace(PLACEHOLDER, hashes) + m.group(3), html)
    with open(path, "w", encoding="utf-8") as f:
        f.write(html)
    print("csp: %d inline script(s) allowed by hash in %s" % (len(scripts), path))


def check(path):
    with open(path, encoding="utf-8") as f:
        html = f.read()
    allowed = policy(html)
    missing = [s[:60] for s in inline_scripts(html) if digest(s) not in allowed]
    if PLACEHOLDER in allowed or missing:
        sys.exit("csp: %s: policy not filled, or inline scripts it does not allow: %r" % (path, missing))
    print("csp: every inline script of %s is allowed by its policy" % path)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
    elif len(sys.argv) == 1 and "TRUNK_STAGING_DIR" in os.environ:
        fill(os.path.join(os.environ["TRUNK_STAGING_DIR"], "index.html"), os.environ.get("TRUNK_PUBLIC_URL", "/"))
    else:
        sys.exit(__doc__)
