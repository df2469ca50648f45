#!/usr/bin/env bash
# Release build into dist/: trunk build --release, then binaryen's wasm-opt (npm
# package, version 132) on every produced *_bg.wasm in place (the app's and the
# import/export worker's), then the size of each, then the service worker and
# version.json (scripts/offline.py).
# index.html sets data-wasm-opt="0" so Trunk never tries to download wasm-opt;
# Debian's /usr/bin/wasm-opt is too old for this rustc's output, so it is not used.
#
# Features: NOT --all-features. With it, binaryen 132 emits encodings browsers do
# not ship (Chromium 156: "Invalid import kind 126, enable with
# --wasm-compact-imports"; Node 20: "invalid value type 'stringref'"), so the app
# never starts. wasm-bindgen strips the target_features section, so name exactly
# the features rustc 1.95 enables by default for wasm32-unknown-unknown.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
case ":$PATH:" in
  *":$HOME/.cargo/bin:"*) ;;
  *) export PATH="$HOME/.cargo/bin:$PATH" ;;
esac

WASM_OPT=node_modules/.bin/wasm-opt
[ -x "$WASM_OPT" ] || { echo "build-release: $WASM_OPT missing; run scripts/setup.sh serve" >&2; exit 1; }

# --skip-version-check: no crates.io query for a newer Trunk during the build.
# --public-url ./: every address Trunk writes (the page's scripts and links, the worker's
# loader) is relative, so dist/ works under any folder of a host (`/postil/`) as at `/`.
# shellcheck source=scripts/std-for-size.sh
. scripts/std-for-size.sh
trunk --skip-version-check build --release --public-url ./ --dist dist

shopt -s nullglob
wasms=(dist/*_bg.wasm)
shopt -u nullglob
if [ "${#wasms[@]}" -eq 0 ]; then
  echo "build-release: trunk produced no dist/*_bg.wasm" >&2; exit 1
fi

WASM_FEATURES=(
  --enable-bulk-memory --enable-bulk-memory-opt --enable-call-indirect-overlong
  --enable-multivalue --enable-mutable-globals --enable-nontrapping-float-to-int
  --enable-reference-types --enable-sign-ext
)

sri() { printf 'sha384-%s' "$(openssl dgst -sha384 -binary "$1" | base64 -w0)"; }

for wasm in "${wasms[@]}"; do
  before=$(wc -c <"$wasm")
  old_sri=$(sri "$wasm")
  "$WASM_OPT" -Oz "${WASM_FEATURES[@]}" "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
  new_sri=$(sri "$wasm")

  # Trunk writes a subresource-integrity digest of the wasm into dist/index.html;
  # after optimising, it would no longer match, so swap in the new digest (in any
  # file of dist that holds it).
  for page in dist/*.html dist/*.js; do
    if grep -qF "$old_sri" "$page"; then
      sed -i "s|$old_sri|$new_sri|g" "$page"
      echo "build-release: updated integrity digest of $(basename "$wasm") in $page"
    fi
  done

  after=$(wc -c <"$wasm")
  gz=$(gzip -9 -c "$wasm" | wc -c)
  echo "build-release: $wasm: $before bytes before wasm-opt"
  echo "build-release: $wasm: $after bytes raw, $gz bytes gzip -9"
done

# The module's and the worker's files keep their names across builds: the page and the worker's
# loader ask for them with a digest of their content (scripts/version-names.py).
python3 scripts/version-names.py dist

# The service worker's list of files and the build's version, from the files as they are now
# (offline/sw.js, offline/changes.json; see scripts/offline.py).
python3 scripts/offline.py dist

# The policy's hashes were filled in by Trunk's hook; nothing above may have changed an inline
# script since (the digests swapped above are in link elements).
python3 scripts/csp.py --check dist/index.html
