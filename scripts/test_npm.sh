#!/usr/bin/env bash
# The npm package, as a user gets it: the tarball `make npm` packed is
# installed into a temporary project (offline: a local tarball with no
# dependencies), then its `drydock` bin (through npx) and its library API
# run on every seed example and are compared, byte for byte and exit code
# for exit code, with the native CLI.
#
#   scripts/test_npm.sh NATIVE_BINARY TARBALL SEEDS_DIR
# The package's types are checked by compiling a consumer with tsc
# --strict (scripts/ci-tools' TypeScript, installed by make setup).
set -euo pipefail
tsc=$(realpath "$(dirname "$0")/ci-tools/node_modules/.bin/tsc")
native=$(realpath "$1")
tarball=$(realpath "$2")
seeds_dir=$(realpath "$3")
shopt -s nullglob
seed_files=("$seeds_dir"/*Dockerfile*)
if [ "${#seed_files[@]}" -lt 5 ]; then
    echo "test_npm: expected the seed examples in $seeds_dir, found ${#seed_files[@]}" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export HOME=$work XDG_CONFIG_HOME=$work/.config NO_COLOR=1 npm_config_cache=$work/.npm
mkdir project
cd project
printf '{"name": "uses-drydock", "version": "1.0.0", "private": true}\n' > package.json
npm install --offline --no-audit --no-fund --silent "$tarball"
mkdir seeds
cp "${seed_files[@]}" seeds/
printf '.git\n.env\n*.log\n' > seeds/08-python-uvicorn.Dockerfile.dockerignore
seeds=(seeds/*Dockerfile)

checks=0
failures=0
# compare NAME -- ARGS...: the same stdout and exit code from both.
compare() {
    local name=$1
    shift 2
    local js_out native_out js_code=0 native_code=0
    js_out=$(${JS_BIN:-node_modules/.bin/drydock} "$@" 2>/dev/null < "${STDIN:-/dev/null}") || js_code=$?
    native_out=$("$native" "$@" 2>/dev/null < "${STDIN:-/dev/null}") || native_code=$?
    checks=$((checks + 1))
    if [ "$js_out" != "$native_out" ] || [ "$js_code" != "$native_code" ]; then
        failures=$((failures + 1))
        echo "DIFFERS: $name (npm exit $js_code, native exit $native_code)"
        diff <(printf '%s\n' "$native_out") <(printf '%s\n' "$js_out") | head -10 || true
    fi
}

# Through npx once (what users type), then the installed bin directly
# (npx costs a second a run).
JS_BIN="npx --offline drydock" compare "npx drydock lint" -- lint "${seeds[@]}"
[ -x node_modules/.bin/drydock ] || { echo "test_npm: the package installed no drydock bin" >&2; exit 1; }
for format in tty json sarif checkstyle gnu github; do
    compare "lint -f $format (all seeds)" -- lint --format "$format" "${seeds[@]}"
done
for seed in "${seeds[@]}"; do
    compare "lint $seed" -- lint "$seed"
    compare "lint -t error $seed" -- lint -t error "$seed"
    compare "fix $seed" -- fix -q "$seed"
    compare "fix --safe-only $seed" -- fix -q --safe-only "$seed"
    compare "fmt $seed" -- fmt "$seed"
    compare "fmt --check $seed" -- fmt --check "$seed"
    compare "build-plan $seed" -- build-plan --format json "$seed"
done
compare "lint --no-fail" -- lint --no-fail "${seeds[0]}"
compare "lint --ignore" -- lint --ignore DL3008 --ignore DL3013 "${seeds[@]}"
STDIN=${seeds[0]} compare "lint - (stdin)" -- lint -
compare "lint a missing file" -- lint seeds/missing.Dockerfile
compare "bad threshold" -- lint -t loud "${seeds[0]}"
compare "bad format" -- lint -f xml "${seeds[0]}"
printf 'FROM scratch\n' > clean.Dockerfile
compare "clean file" -- lint clean.Dockerfile
compare "severity and build-arg options" -- lint --error DL3008 --style DL3015 --build-arg PY=3.12 --strict-labels "${seeds[@]}"

# .hadolint.yaml, found here as the native CLI finds it, then named.
printf 'ignored: [DL3008]\noverride:\n  error: [DL3015]\nfailure-threshold: error\nformat: gnu\nunknown-key: 1\n' > .hadolint.yaml
compare "lint with .hadolint.yaml" -- lint "${seeds[@]}"
compare "lint with .hadolint.yaml, -f json -t style" -- lint -f json -t style "${seeds[@]}"
compare "fix with .hadolint.yaml" -- fix -q "${seeds[0]}"
mv .hadolint.yaml other.yaml
printf 'no-fail: true\n' > .hadolint.yaml
compare "lint -c other.yaml" -- lint -c other.yaml "${seeds[@]}"
compare "no-fail in .hadolint.yaml" -- lint "${seeds[@]}"
printf 'ignored: [\n' > .hadolint.yaml
compare "invalid .hadolint.yaml" -- lint "${seeds[0]}"
rm .hadolint.yaml other.yaml

# The library API against the native CLI's JSON, rewrite, format, plan.
node - "$native" "${seeds[@]}" <<'JS' || failures=$((failures + 1))
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const assert = require("node:assert/strict");
const drydock = require("drydock-dockerfile");
const [native, ...seeds] = process.argv.slice(2);
const run = (args) => {
  try {
    return execFileSync(native, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch (e) {
    return e.stdout;
  }
};
for (const name of ["lint", "fix", "analyze", "buildPlan", "format", "lintReport"]) {
  assert.equal(typeof drydock[name], "function", name);
}
let findings = 0;
for (const seed of seeds) {
  const text = fs.readFileSync(seed, "utf8");
  const ignoreFile = `${seed}.dockerignore`;
  const dockerignore = fs.existsSync(ignoreFile) ? fs.readFileSync(ignoreFile, "utf8") : null;
  const expected = JSON.parse(run(["lint", "--format", "json", seed]));
  const got = drydock.lint(text, { dockerignore }).map((f) => ({
    file: seed, code: f.code, line: f.line, column: f.column,
    end_line: f.end_line, end_column: f.end_column, severity: f.severity, message: f.message,
  }));
  assert.deepEqual(got, expected, `lint ${seed}`);
  findings += got.length;
  assert.equal(drydock.fix(text, { dockerignore }).text, run(["fix", "-q", seed]), `fix ${seed}`);
  assert.equal(drydock.format(text), run(["fmt", seed]), `format ${seed}`);
  assert.deepEqual(drydock.buildPlan(text, { dockerignore }), JSON.parse(run(["build-plan", "--format", "json", seed])), `buildPlan ${seed}`);
}
assert.ok(findings > 10, `only ${findings} findings on the seeds`);
assert.throws(() => drydock.lint("FROM x\n", { ignord: [] }), /unknown config key `ignord`/);
console.log(`npm API: lint, fix, format and buildPlan agree with the native CLI on ${seeds.length} seeds (${findings} findings)`);
JS

# The types: a consumer compiled with tsc --strict; a wrong use must fail.
cat > consumer.ts <<'TS'
import { lint, fix, analyze, buildPlan, format, lintReport, version, Finding, Severity } from "drydock-dockerfile";
const findings: Finding[] = lint("FROM ubuntu:latest\n", { ignored: ["DL3008"], dockerignore: null });
const worst: Severity | undefined = findings[0]?.severity;
const text: string = fix("FROM x\n", { safe_only: true, rejected: ["DL3007@1"] }).text;
const cards: number = analyze("FROM x\n").problems.length;
const stages: unknown[] = buildPlan("FROM x\n").stages;
const formatted: string = format("from x\n", { indent: "tab" });
const report: string = lintReport([{ path: "Dockerfile", text: "FROM x\n" }], {}, "sarif").output;
console.log(worst, text, cards, stages, formatted, report, version);
TS
printf '{"compilerOptions": {"strict": true, "noEmit": true, "module": "commonjs", "target": "es2020", "types": []}, "files": ["consumer.ts"]}\n' > tsconfig.json
checks=$((checks + 1))
if ! "$tsc" -p tsconfig.json; then failures=$((failures + 1)); echo "DIFFERS: the types reject a correct consumer"; fi
printf 'import { lint } from "drydock-dockerfile";\nconst n: number = lint(42);\n' > consumer.ts
checks=$((checks + 1))
if "$tsc" -p tsconfig.json > /dev/null; then failures=$((failures + 1)); echo "DIFFERS: the types accept lint(42)"; fi

echo "npm package: $checks checks (bin runs compared with the native CLI, types), $failures failed"
[ "$failures" = 0 ]
