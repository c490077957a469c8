#!/usr/bin/env bash
# `make size-floor`: the least any page that shows Drydock's findings in
# its editor must download on a first visit, gzipped (gzip -9, as
# `make bench` counts the first visit):
#   - the core's lint alone as a wasm module (scripts/size-floor: one export,
#     lint → JSON, no docs, no apt tables), through wasm-bindgen and
#     `wasm-opt -Oz` as Trunk builds the playground;
#   - the editor: web/build/editor.js and the chunks it imports statically
#     (CodeMirror), as `npm --prefix web run bundle` writes them.
# It leaves out everything else the playground has (the app, rewrites,
# cards, the build view, share links, HTML and CSS), so the real first visit
# is always above this figure. Nothing here reaches the network.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/wasm-env.sh
out=target/size-floor
mkdir -p "$out"
CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}" cargo build --offline --release \
    --manifest-path scripts/size-floor/Cargo.toml --target wasm32-unknown-unknown >&2
wasm="${CARGO_TARGET_DIR:-$PWD/target}/wasm32-unknown-unknown/release/size_floor.wasm"
wasm-bindgen --target web --out-dir "$out" "$wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types \
    "$out/size_floor_bg.wasm" -o "$out/size_floor_opt.wasm"
gz() { gzip -9c "$1" | wc -c; }
total=0
row() { printf '%-40s %9d B\n' "$1" "$2"; total=$((total + $2)); }
row "lint-only wasm (wasm-opt -Oz)" "$(gz "$out/size_floor_opt.wasm")"
row "its wasm-bindgen glue" "$(gz "$out/size_floor.js")"
[ -f web/build/editor.js ] || { echo "size-floor: web/build/editor.js missing: run npm --prefix web run bundle" >&2; exit 1; }
row "editor: build/editor.js" "$(gz web/build/editor.js)"
for chunk in $(grep -o 'from"\./chunk-[A-Z0-9]*\.js"' web/build/editor.js | sort -u | grep -o 'chunk-[A-Z0-9]*\.js'); do
    row "editor: build/$chunk" "$(gz "web/build/$chunk")"
done
printf '%-40s %9d B (budget 409,600 B)\n' "floor" "$total"
