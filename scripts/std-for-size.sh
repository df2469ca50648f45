# Sourced by scripts/build-release.sh and scripts/wasm-weights.sh: the release wasm is built
# with a standard library compiled for size, as the app's own code is (opt-level "z", LTO)
# rather than the speed-optimised copy rustup ships, and with std's `optimize_for_size`
# choices. About 19 KB less gzipped in the app's wasm (4%). This needs cargo's `build-std`,
# an unstable option, on the stable toolchain (hence RUSTC_BOOTSTRAP), and the
# `rust-src` component that scripts/setup.sh adds. The panic strategy stays `abort`, so the
# panic hook still shows what happened. Unstable options may change with a newer rustc: if the
# release build fails in std, leaving this file out builds as before (19 KB larger).
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
