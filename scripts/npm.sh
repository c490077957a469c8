#!/usr/bin/env bash
# Build the npm package (crates/node): the core compiled to WebAssembly
# for Node with wasm-bindgen --target nodejs, plus the files in
# crates/node/npm/, packed by `npm pack` into target/npm/drydock-dockerfile-VERSION.tgz.
# Needs what `make setup` installs (the wasm32 target or Debian's route,
# wasm-bindgen-cli, web/node_modules for wasm-opt). ~1-2 min from scratch.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/wasm-env.sh
out=target/npm
pkg=$out/package
rm -rf "$pkg"
mkdir -p "$pkg/wasm"
cargo build --release --target wasm32-unknown-unknown -p drydock-node
target_dir=${CARGO_TARGET_DIR:-target}
wasm-bindgen --target nodejs --out-dir "$pkg/wasm" "$target_dir/wasm32-unknown-unknown/release/drydock_node.wasm"
if command -v wasm-opt >/dev/null; then
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue \
        "$pkg/wasm/drydock_node_bg.wasm" -o "$pkg/wasm/drydock_node_bg.wasm"
fi
cp -r crates/node/npm/. "$pkg/"
# The package's version is the crates' (one version for everything).
version=$(awk -F'"' '/^version = / {print $2; exit}' Cargo.toml)
node -e '
const fs = require("fs"); const p = process.argv[1];
const j = JSON.parse(fs.readFileSync(p)); j.version = process.argv[2];
fs.writeFileSync(p, JSON.stringify(j, null, 2) + "\n");' "$pkg/package.json" "$version"
(cd "$out" && rm -f drydock-dockerfile-*.tgz && npm pack ./package --pack-destination . --silent >/dev/null)
ls -l "$out"/drydock-dockerfile-*.tgz
