#!/usr/bin/env bash
# The Neovim test of `drydock lsp` (make lsp-nvim-test): a real client,
# headless. Usage: run.sh path/to/drydock
set -euo pipefail
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
command -v nvim >/dev/null || { echo "nvim not found (apt-get install -y neovim)" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf 'FROM debian:12 as build\nARG GREETING=hello\nRUN echo "$GREETING" > /greeting\n' > "$dir/Dockerfile"
# Neovim's own files (shada, logs) stay in the temporary directory.
export XDG_STATE_HOME="$dir/state" XDG_DATA_HOME="$dir/data" XDG_CACHE_HOME="$dir/cache" XDG_CONFIG_HOME="$dir/config"
DRYDOCK_BIN="$bin" DRYDOCK_DIR="$dir" timeout 60 nvim --headless --clean -n -c "luafile $here/client.lua"
echo
echo "neovim test: ok"
