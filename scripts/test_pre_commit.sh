#!/usr/bin/env bash
# The pre-commit hook (.pre-commit-hooks.yaml) as users run it:
# `pre-commit try-repo` on this repository, in a temporary git repository
# holding a Dockerfile with findings and one without. Offline: the hook is
# `language: system` and runs the `drydock` given here (on PATH).
#
#   scripts/test_pre_commit.sh DRYDOCK_BINARY
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
bin_dir=$(dirname "$(realpath "$1")")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PATH="$bin_dir:$PATH" PRE_COMMIT_HOME="$work/cache" HOME="$work" XDG_CONFIG_HOME="$work/.config"
export GIT_CONFIG_GLOBAL=/dev/null GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
cd "$work"
mkdir project && cd project
git init -q
mkdir -p app
printf 'FROM scratch\n' > Dockerfile
printf 'FROM ubuntu:latest\nRUN apt-get install -y curl\n' > app/Dockerfile
printf 'FROM debian:latest\n' > app/api.Dockerfile
printf 'FROM debian:latest\n' > Containerfile
printf 'not a Dockerfile: FROM ubuntu:latest\n' > notes.txt
git add -A

fail() { echo "test_pre_commit: $*" >&2; exit 1; }

# The clean file alone passes.
out=$(python3 -m pre_commit try-repo "$repo" drydock --files Dockerfile 2>&1) \
    || fail "the hook failed on a clean Dockerfile: $out"
grep -q "Lint Dockerfiles.*Passed" <<< "$out" || fail "no passing hook run: $out"

# Every file: the hook fails and names the findings of app/Dockerfile only.
code=0
out=$(python3 -m pre_commit try-repo "$repo" drydock --all-files 2>&1) || code=$?
[ "$code" = 1 ] || fail "expected exit 1 with findings, got $code: $out"
grep -q "Lint Dockerfiles.*Failed" <<< "$out" || fail "the hook did not fail: $out"
grep -q "app/Dockerfile:1:1 DL3007" <<< "$out" || fail "no DL3007 for app/Dockerfile: $out"
grep -q "app/Dockerfile:2:1 DL3008" <<< "$out" || fail "no DL3008 for app/Dockerfile: $out"
grep -q "app/api.Dockerfile:1:1 DL3007" <<< "$out" || fail "no DL3007 for app/api.Dockerfile: $out"
grep -q "^Containerfile:1:1 DL3007" <<< "$out" || fail "no DL3007 for Containerfile: $out"
if grep -q "notes.txt" <<< "$out"; then fail "the hook read notes.txt: $out"; fi
echo "pre-commit try-repo: the drydock hook passes a clean Dockerfile and fails on findings"
