#!/usr/bin/env bash
# Fuzzes Postil's importers and stored-data readers (the `fuzz/` crate, cargo-fuzz and
# libFuzzer) for a bounded time per target, and prints the executions of each.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (default: 30 seconds, every target)
#
# Targets: import_file (every format, Postil and schema files, text, Markdown and HTML, through
# the app's import path), article_sources (text, Markdown, HTML, pasting), stored_values (what
# localStorage may hold, read at start). Seeds are made from Postil's own exports first
# (core/tests/fuzz_seeds.rs, into target/fuzz-seeds/); what libFuzzer finds on top is kept in
# fuzz/corpus/<target>/ (not committed), so later runs start from there. A failing input is
# written to fuzz/artifacts/<target>/; `cargo fuzz run -s none TARGET fuzz/artifacts/...` (in
# fuzz/, with RUSTC_BOOTSTRAP=1 and CARGO_PROFILE_RELEASE_OPT_LEVEL=1) runs it again.
#
# cargo-fuzz passes nightly flags (-Z); RUSTC_BOOTSTRAP=1 lets the stable toolchain take them.
# No sanitizer by default: the core is safe Rust, so what is sought is panics, hangs and
# unclear refusals, and without AddressSanitizer each target runs about 4 times as many inputs
# and builds faster. FUZZ_SANITIZER=address turns it on (a separate build of about 4 minutes).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
case ":$PATH:" in
  *":$HOME/.cargo/bin:"*) ;;
  *) export PATH="$HOME/.cargo/bin:$PATH" ;;
esac

seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(import_file article_sources stored_values)
sanitizer=${FUZZ_SANITIZER:-none}
export RUSTC_BOOTSTRAP=1
# Optimising less halves the cold build; the targets still run thousands of inputs a second.
export CARGO_PROFILE_RELEASE_OPT_LEVEL=1

start=$(date +%s)
cargo test -q -p postil-core --test fuzz_seeds -- --ignored >/dev/null
if ! (cd fuzz && cargo fuzz build -s "$sanitizer") >target/fuzz-build.log 2>&1; then
  echo "fuzz: the build failed; the end of target/fuzz-build.log:"; tail -30 target/fuzz-build.log
  exit 1
fi
echo "fuzz: built in $(( $(date +%s) - start )) s; each target runs ${seconds} s"

failed=0
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t"
  log="target/fuzz-$t.log"
  # -timeout: one input running longer than 10 s is a hang, and fails the run.
  if (cd fuzz && cargo fuzz run -s "$sanitizer" "$t" "corpus/$t" "../target/fuzz-seeds/$t" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1) >"$log" 2>&1; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
    corpus=$(find "fuzz/corpus/$t" -type f | wc -l)
    printf 'fuzz: %-16s %9s executions in %s s (%s a second), corpus %s inputs\n' \
      "$t" "${runs:-?}" "$seconds" "$(( ${runs:-0} / seconds ))" "$corpus"
  else
    failed=1
    echo "fuzz: $t FAILED; the end of $log:"
    grep -E 'panicked|SUMMARY|Test unit written|ERROR|timeout' -A3 "$log" | head -30
  fi
done
echo "fuzz: done in $(( $(date +%s) - start )) s"
exit $failed
