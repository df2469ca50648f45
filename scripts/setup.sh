#!/usr/bin/env bash
# Installs everything Postil needs to be served (`serve`) or tested (`test`).
# Idempotent: every step checks first and skips when already satisfied, and
# prints one line. Only package registries are used (crates.io, npm, Debian).
set -euo pipefail

usage() { echo "usage: $0 serve|test" >&2; exit 2; }
[ $# -eq 1 ] || usage
mode=$1
case "$mode" in serve|test) ;; *) usage ;; esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."

case ":$PATH:" in
  *":$HOME/.cargo/bin:"*) ;;
  *) export PATH="$HOME/.cargo/bin:$PATH" ;;
esac

TRUNK_VERSION=0.21.14
TARGET=wasm32-unknown-unknown

say() { printf 'setup: %-22s %s\n' "$1" "$2"; }

# 1. The Rust WebAssembly target.
if rustup target list --installed | grep -qx "$TARGET"; then
  say "$TARGET" "present, skip"
else
  say "$TARGET" "adding"
  rustup target add "$TARGET"
fi

# 1b. The standard library's source, from which the release build compiles std for size
# (scripts/std-for-size.sh).
if rustup component list --installed | grep -qx "rust-src"; then
  say "rust-src" "present, skip"
else
  say "rust-src" "adding"
  rustup component add rust-src
fi

# 2. Trunk, pinned. --locked is required (newer lightningcss/cssparser do not fit).
have_trunk=$( (trunk --version 2>/dev/null || true) | awk '{print $2}')
if [ "$have_trunk" = "$TRUNK_VERSION" ]; then
  say "trunk" "$TRUNK_VERSION present, skip"
else
  say "trunk" "have '${have_trunk:-none}', installing $TRUNK_VERSION (slow: 4-20 min)"
  cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi

# 3. wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in Cargo.lock.
if [ ! -f Cargo.lock ]; then
  say "Cargo.lock" "missing, generating"
  cargo generate-lockfile
fi
wb_versions=$(awk '
  /^\[\[package\]\]/        { name = "" }
  /^name = /                { name = $3; gsub(/"/, "", name) }
  /^version = / && name == "wasm-bindgen" { v = $3; gsub(/"/, "", v); print v }
' Cargo.lock | sort -u)
if [ -z "$wb_versions" ]; then
  echo "setup: no wasm-bindgen package in Cargo.lock" >&2; exit 1
fi
if [ "$(printf '%s\n' "$wb_versions" | wc -l)" -ne 1 ]; then
  echo "setup: several wasm-bindgen versions in Cargo.lock: $(echo $wb_versions)" >&2; exit 1
fi
WB_VERSION=$wb_versions
have_wb=$( (wasm-bindgen --version 2>/dev/null || true) | awk '{print $2}')
have_wbtr=$( (wasm-bindgen-test-runner --version 2>/dev/null || true) | awk '{print $2}')
if [ "$have_wb" = "$WB_VERSION" ] && [ "$have_wbtr" = "$WB_VERSION" ]; then
  say "wasm-bindgen-cli" "$WB_VERSION present, skip"
else
  say "wasm-bindgen-cli" "have '${have_wb:-none}', installing $WB_VERSION (about 4 min)"
  # No --locked: the registry mirror lacks some of its locked dependency versions.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

# 4. Node packages (Playwright, binaryen's wasm-opt, axe-core, pouchdb-server for the sync
#    tests' CouchDB), exactly as package-lock.json says. --ignore-scripts: the only install
#    scripts are those of pouchdb-server's on-disk backends (leveldown, sqlite3), which the
#    in-memory test server never loads; sqlite3's compiles from source here, 2 minutes of CPU.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "node_modules" "installing (npm ci, about 30 s)"
  npm ci --no-audit --no-fund --ignore-scripts
else
  say "node_modules" "up to date, skip"
fi

# 5. Debian Chromium and ChromeDriver, for the browser tests only.
if [ "$mode" = test ]; then
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    say "chromium" "present, skip"
  else
    say "chromium" "installing chromium chromium-driver (apt)"
    if [ "$(id -u)" -eq 0 ]; then sudo=; else sudo=sudo; fi
    $sudo apt-get update
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
  fi
fi

# 6. A project-local Python environment with the tools that check Postil's exports (spaCy
#    loads the .spacy and JSON files, jsonschema validates the W3C output) and its agreement
#    figures (scikit-learn, statsmodels, krippendorff, krippendorff-unitized-alpha, seqeval),
#    from PyPI only. verify/requirements-nodeps.txt goes in without its dependencies (it says
#    why). Reinstalled when either file changes.
if [ "$mode" = test ]; then
  if [ -x .venv/bin/python ] && [ -f .venv/.requirements ] \
    && cat verify/requirements.txt verify/requirements-nodeps.txt | cmp -s - .venv/.requirements; then
    say "python venv" "up to date, skip"
  else
    say "python venv" "installing verify/requirements*.txt into .venv (about 1 min)"
    python3 -m venv .venv
    .venv/bin/pip install --quiet --disable-pip-version-check -r verify/requirements.txt
    .venv/bin/pip install --quiet --disable-pip-version-check --no-deps -r verify/requirements-nodeps.txt
    cat verify/requirements.txt verify/requirements-nodeps.txt > .venv/.requirements
  fi
fi

# 7. cargo-fuzz, for the bounded fuzzing `make test` runs (scripts/fuzz.sh), tests only.
CARGO_FUZZ_VERSION=0.13.2
if [ "$mode" = test ]; then
  have_fuzz=$( (cargo fuzz --version 2>/dev/null || true) | awk '{print $2}')
  if [ "$have_fuzz" = "$CARGO_FUZZ_VERSION" ]; then
    say "cargo-fuzz" "$CARGO_FUZZ_VERSION present, skip"
  else
    say "cargo-fuzz" "have '${have_fuzz:-none}', installing $CARGO_FUZZ_VERSION (about 1 min)"
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --force
  fi
fi

say "done" "($mode)"
