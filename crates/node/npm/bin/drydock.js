#!/usr/bin/env node
"use strict";
// `drydock` from the npm package: the native CLI's `lint`, `fix`, `fmt`
// and `build-plan --format json` over the WebAssembly core, printing the
// same bytes with the same exit codes (0 clean, 1 findings at or above the
// failure threshold, 2 usage or I/O errors). What only the native CLI
// does is refused with exit 2 and a message saying so.
const fs = require("node:fs");
const path = require("node:path");
const core = require("../wasm/drydock_node.js");

const NATIVE = "the native CLI does (cargo install --path crates/cli)";
const LEVELS = ["style", "info", "warning", "error"];

class Usage extends Error {}

function usage(message) {
  throw new Usage(message);
}

const HELP = `drydock ${core.version()} (npm: WebAssembly) - lint, fix and format Dockerfiles

Usage:
  drydock lint [-f FORMAT] [--no-fail] [-t LEVEL] [--no-color] [--ignore CODE]... [--trusted-registry R]... FILE...
  drydock fix [-q] [--safe-only] [--reject CODE@LINE]... [--accept CODE@LINE]... FILE
  drydock fmt [--check] [--indent N|tab] FILE...
  drydock build-plan --format json FILE

FILE may be - (standard input). Formats: tty, json, sarif, checkstyle, gnu, github.
Directories, globs, .hadolint.yaml, fix --diff/--write and the other
commands are the native CLI's (cargo install --path crates/cli).
`;

/** Split argv into options (by name, repeatable) and operands. */
function parseArgs(argv, spec) {
  const opts = {};
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    if (arg === "--") {
      files.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-" || !arg.startsWith("-")) {
      files.push(arg);
      continue;
    }
    let value;
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const name = spec.alias?.[arg] ?? arg;
    if (spec.flags?.includes(name)) {
      if (value !== undefined) usage(`${name} takes no value`);
      opts[name] = true;
    } else if (spec.values?.includes(name)) {
      if (value === undefined) {
        if (i + 1 >= argv.length) usage(`${name} needs a value`);
        value = argv[++i];
      }
      (opts[name] ??= []).push(value);
    } else if (spec.native?.includes(name)) {
      usage(`${name} is not supported by the npm package; ${NATIVE}`);
    } else {
      usage(`unknown option ${arg} (see drydock --help)`);
    }
  }
  return { opts, files };
}

const last = (list) => (list ? list[list.length - 1] : undefined);

/** A file's text, or standard input's for `-`; lossy when not UTF-8. */
function readInput(file) {
  let bytes;
  try {
    bytes = file === "-" ? fs.readFileSync(0) : fs.readFileSync(file);
  } catch (e) {
    if (e.code === "EISDIR") {
      throw new Error(`${file} is a directory: the npm package lints files (e.g. $(git ls-files '*Dockerfile*')); searching directories is what ${NATIVE}`);
    }
    throw new Error(`cannot read ${file}: ${e.message}`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const name = file === "-" ? "<stdin>" : file;
    process.stderr.write(`drydock: warning: ${name} is not valid UTF-8; invalid bytes are read as U+FFFD\n`);
    return new TextDecoder("utf-8").decode(bytes);
  }
}

/** `<file>.dockerignore` beside it, else `.dockerignore` in its directory. */
function dockerignoreFor(file) {
  if (file === "-") return null;
  for (const p of [`${file}.dockerignore`, path.join(path.dirname(file), ".dockerignore")]) {
    try {
      return fs.readFileSync(p, "utf8");
    } catch {
      // Not there: the next one.
    }
  }
  return null;
}

/** The native CLI reads .hadolint.yaml; the npm package does not (yet). */
function refuseConfigFile() {
  for (const name of [".hadolint.yaml", ".hadolint.yml"]) {
    if (fs.existsSync(name)) {
      usage(`${name} is here, and the npm package does not read config files yet; reading it is what ${NATIVE}`);
    }
  }
}

const NATIVE_CONFIG = ["--config", "-c", "--error", "--warning", "--info", "--style", "--require-label", "--strict-labels", "--build-arg", "--disable-ignore-pragma"];

function lint(argv) {
  const { opts, files } = parseArgs(argv, {
    alias: { "-f": "--format", "-t": "--failure-threshold" },
    flags: ["--no-fail", "--no-color"],
    values: ["--format", "--failure-threshold", "--ignore", "--trusted-registry"],
    native: NATIVE_CONFIG,
  });
  if (files.length === 0) usage("lint needs at least one FILE (- reads standard input)");
  refuseConfigFile();
  const format = last(opts["--format"]) ?? "tty";
  let threshold = "info";
  const t = last(opts["--failure-threshold"]);
  if (t !== undefined) {
    threshold = t.trim().toLowerCase();
    if (threshold === "none") threshold = "ignore";
    if (threshold !== "ignore" && !LEVELS.includes(threshold)) {
      usage(`invalid failure threshold ${JSON.stringify(t)}: expected error, warning, info, style, ignore or none`);
    }
  }
  const config = {
    ignored: opts["--ignore"] ?? [],
    trusted_registries: opts["--trusted-registry"] ?? [],
  };
  const inputs = [];
  let readError = false;
  for (const file of files) {
    try {
      inputs.push({ path: file, text: readInput(file), dockerignore: dockerignoreFor(file) });
    } catch (e) {
      process.stderr.write(`drydock: ${e.message}\n`);
      readError = true;
    }
  }
  const color = !opts["--no-color"] && process.env.NO_COLOR === undefined && Boolean(process.stdout.isTTY);
  let report;
  try {
    report = core.lintReport(inputs, config, format, color);
  } catch (e) {
    usage(String(e.message ?? e).replace(/^drydock: /, ""));
  }
  process.stdout.write(report.output);
  if (readError) return 2;
  const failed = report.worst !== null && threshold !== "ignore" && LEVELS.indexOf(report.worst) >= LEVELS.indexOf(threshold);
  return failed && !opts["--no-fail"] ? 1 : 0;
}

function fix(argv) {
  const { opts, files } = parseArgs(argv, {
    alias: { "-q": "--quiet" },
    flags: ["--quiet", "--safe-only"],
    values: ["--reject", "--accept"],
    native: ["--diff", "--write", "--json", "--only", ...NATIVE_CONFIG],
  });
  if (files.length !== 1) usage("printing the rewrite takes one file; --diff, --write and --json are what " + NATIVE);
  refuseConfigFile();
  const text = readInput(files[0]);
  const rewrite = core.fix(text, {
    dockerignore: dockerignoreFor(files[0]),
    safe_only: Boolean(opts["--safe-only"]),
    rejected: opts["--reject"] ?? [],
    accepted: opts["--accept"] ?? [],
  });
  if (!opts["--quiet"]) {
    for (const a of rewrite.applied) process.stderr.write(`drydock: ${files[0]}:${a.line}: ${a.code}: ${a.fix_message}\n`);
  }
  process.stdout.write(rewrite.text);
  return 0;
}

function fmt(argv) {
  const { opts, files } = parseArgs(argv, {
    flags: ["--check"],
    values: ["--indent"],
    native: ["--diff", "--write"],
  });
  if (files.length === 0) usage("fmt needs a FILE (- reads standard input)");
  if (!opts["--check"] && files.length > 1) usage("printing the result takes one file; use --check for several");
  for (const f of [".editorconfig", ".drydock.toml"]) {
    if (!opts["--indent"] && fs.existsSync(f)) usage(`${f} is here, and the npm package does not read it; pass --indent, or use ${NATIVE}`);
  }
  let failed = false;
  let differs = false;
  for (const file of files) {
    const name = file === "-" ? "<stdin>" : file;
    let text;
    try {
      text = readInput(file);
    } catch (e) {
      process.stderr.write(`drydock: ${e.message}\n`);
      failed = true;
      continue;
    }
    let formatted;
    try {
      formatted = core.format(text, last(opts["--indent"]));
    } catch (e) {
      process.stderr.write(`drydock: ${name}: ${String(e.message ?? e).replace(/^drydock: cannot format: /, "")}\n`);
      failed = true;
      if (!opts["--check"]) process.stdout.write(text);
      continue;
    }
    if (opts["--check"]) {
      if (formatted !== text) {
        process.stderr.write(`drydock: ${name}: not formatted\n`);
        differs = true;
      }
    } else {
      process.stdout.write(formatted);
    }
  }
  return failed ? 2 : differs ? 1 : 0;
}

function buildPlan(argv) {
  const { opts, files } = parseArgs(argv, {
    alias: { "-f": "--format" },
    values: ["--format", "--dockerignore"],
    native: NATIVE_CONFIG,
  });
  if (last(opts["--format"]) !== "json") usage("the npm package prints the build plan as JSON only (--format json); the table is what " + NATIVE);
  if (files.length !== 1) usage("build-plan takes one FILE");
  refuseConfigFile();
  const text = readInput(files[0]);
  const ignoreFile = last(opts["--dockerignore"]);
  const dockerignore = ignoreFile !== undefined ? readInput(ignoreFile) : dockerignoreFor(files[0]);
  process.stdout.write(core.buildPlanJson(text, { dockerignore }));
  return 0;
}

function main(argv) {
  const [command, ...rest] = argv;
  switch (command) {
    case "lint":
      return lint(rest);
    case "fix":
      return fix(rest);
    case "fmt":
      return fmt(rest);
    case "build-plan":
      return buildPlan(rest);
    case "--version":
    case "-V":
      process.stdout.write(`drydock ${core.version()}\n`);
      return 0;
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(HELP);
      return command === undefined ? 2 : 0;
    default:
      usage(`${command}: not a command of the npm package (lint, fix, fmt, build-plan); the others are what ${NATIVE}`);
  }
}

let code;
try {
  code = main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`drydock: ${e.message}\n`);
  code = 2;
}
process.exitCode = code;
