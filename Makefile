# Postil: `make serve` for development, `make test` for everything CI runs.
# Both first run scripts/setup.sh, which installs only what is missing.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: serve test bench dist

# Trunk 0.21 fails at start ("error taking the canonical path to the watch ignore
# path") when a folder named in Trunk.toml's [watch] ignore does not exist yet, as
# target/ and dist/ do not on a fresh clone.
serve:
	scripts/setup.sh serve
	mkdir -p target dist
	trunk serve --address 127.0.0.1 --port 8080 --open=false

# Stops at the first failing step. The core's tests write sample exports to target/verify/,
# which the real consumers then read: spaCy (DocBin and training JSON), a JSON Schema of the
# W3C Web Annotation model, and brat's .ann/.txt slicing; and the agreement figures, which
# scikit-learn, statsmodels, krippendorff and seqeval compute again.
# The large and hostile inputs of core/tests/limits.rs run optimised (the perf profile), one at
# a time, each printing its time beside the goal.
# The importers and the stored-data readers are then fuzzed, 30 s a target (scripts/fuzz.sh:
# build included, about 3 minutes; it prints each target's executions).
# The shell's reducer is also tested on the host (`--lib`: key presses through the keymap and
# the workspace to what the screen shows). The wasm tests run in headless Debian Chromium
# through chromedriver (the app's) and in Node (the app/worker messages of postil-wire); the
# browser's flags are in webdriver.json (wasm-bindgen-test-runner reads it).
# Last, the release build; the CLI is built again in debug with that build inside it (a few
# seconds: only the cli crate is compiled again) for e2e/serve.spec.ts, then the browser tests.
test:
	scripts/setup.sh test
	cargo test -p postil-core -p postil-cli
	cargo test -p postil-core --profile perf --test limits -- --test-threads=1 --nocapture
	scripts/fuzz.sh 30
	cargo test -p postil --lib
	.venv/bin/python verify/check_spacy.py
	.venv/bin/python verify/check_w3c.py
	.venv/bin/python verify/check_agreement.py
	.venv/bin/python verify/check_agreement.py target/verify/sample
	python3 verify/check_brat.py target/verify/brat.zip
	CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_WEBDRIVER_JSON=$(CURDIR)/webdriver.json \
		cargo test -p postil -p postil-wire --target wasm32-unknown-unknown
	scripts/build-release.sh
	POSTIL_DIST=dist cargo build -p postil-cli
	POSTIL_CLI=$${CARGO_TARGET_DIR:-target}/debug/postil npx playwright test

# What to put on a web host, and a `postil` that serves the app itself (see README, Hosting):
# dist/ (the release build with its service worker), target/postil-dist.zip (the same files),
# and the command-line binary with dist/ built in ($CARGO_TARGET_DIR or target)/release/postil.
dist:
	scripts/setup.sh serve
	scripts/build-release.sh
	mkdir -p target
	rm -f target/postil-dist.zip
	cd dist && python3 -m zipfile -c ../target/postil-dist.zip *
	POSTIL_DIST=dist cargo build --release -p postil-cli
	@echo "dist: dist/, target/postil-dist.zip ($$(wc -c <target/postil-dist.zip) bytes), $${CARGO_TARGET_DIR:-target}/release/postil"

# Performance figures (printed, never pass/fail): first paint of the sample, a 100,000-word
# article's import and render, and one label on it, in headless Chromium; then Postil beside a
# static page and @recogito/text-annotator on one seeded article (bench/peers.mjs). First, what
# each crate and each Postil module adds to the two wasm files (scripts/wasm-weights.sh).
# Last, postil push and pull of 1,000 seeded documents against the test CouchDB (bench/sync.mjs,
# which builds the release CLI unless POSTIL_CLI names one), and the same corpus synced into the
# browser, with the time one label takes to reach another person (bench/sync-browser.mjs).
bench:
	scripts/setup.sh test
	scripts/build-release.sh
	scripts/wasm-weights.sh
	node bench/load.mjs
	node bench/peers.mjs
	node bench/sync.mjs
	node bench/sync-browser.mjs
