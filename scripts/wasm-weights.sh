#!/usr/bin/env bash
# What each crate and each Postil module adds to the app's wasm, the views loaded on demand
# (postil-more) and the worker's wasm: the same
# build as the release (cargo's release profile, wasm-bindgen, binaryen's wasm-opt -Oz), with
# the function names kept (-g) so scripts/wasm-weights.py can add each function to its owner.
# Prints figures only; `make bench` runs it after the release build.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
case ":$PATH:" in
  *":$HOME/.cargo/bin:"*) ;;
  *) export PATH="$HOME/.cargo/bin:$PATH" ;;
esac

# shellcheck source=scripts/std-for-size.sh
. scripts/std-for-size.sh
out=target/weights
rm -rf "$out"
mkdir -p "$out"
# The features build-release.sh names (the ones rustc enables by default for wasm32).
features=(
  --enable-bulk-memory --enable-bulk-memory-opt --enable-call-indirect-overlong
  --enable-multivalue --enable-mutable-globals --enable-nontrapping-float-to-int
  --enable-reference-types --enable-sign-ext
)
for bin in postil-app:postil postil-more:postil postil-worker:postil-worker; do
  name=${bin%%:*}
  package=${bin##*:}
  cargo build --quiet --release --target wasm32-unknown-unknown -p "$package" --bin "$name"
  wasm-bindgen --target web --out-dir "$out/$name" \
    "target/wasm32-unknown-unknown/release/$name.wasm"
  node_modules/.bin/wasm-opt -Oz -g "${features[@]}" "$out/$name/${name}_bg.wasm" -o "$out/$name.wasm"
  echo
  python3 scripts/wasm-weights.py "$out/$name.wasm" 14
done
