# Source this before a wasm build: sets the environment for the route that
# scripts/setup.sh chose (rustup's target, or Debian's std built from source).
# Tools installed by cargo (trunk, wasm-bindgen) and npm (wasm-opt).
export PATH="$HOME/.cargo/bin:$PWD/web/node_modules/.bin:$PATH"
if [ "$(cat .tools/wasm-route 2>/dev/null)" = debian ]; then
    # Debian's cargo/rustc (1.96, with the std source) must come first.
    export PATH="/usr/bin:$PATH"
    export RUSTC_BOOTSTRAP=1
    export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
    export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-22
    # Keep Debian's build artefacts apart from the rustup toolchain's.
    export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target/debian-wasm}"
fi
