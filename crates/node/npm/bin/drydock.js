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
  drydock lint [-f FORMAT] [--no-fail] [-t LEVEL] [--no-color] [-c CONFIG] [--ignore CODE]... FILE...
  drydock fix [-q] [--safe-only] [--reject CODE@LINE]... [--accept CODE@LINE]... FILE
  drydock fmt [--check] [--indent N|tab] FILE...
  drydock build-plan --format json FILE

FILE may be - (standard input). Formats: tty, json, sarif, checkstyle, gnu, github.
.hadolint.yaml is read as the native CLI reads it. Directories, globs,
fix --diff/--write and the other commands are the native CLI's
(cargo install --path crates/cli).
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

/**
 * The config file, in hadolint's order (the native CLI's): `--config`;
 * `.hadolint.yaml`/`.yml` here; `$XDG_CONFIG_HOME/hadolint`;
 * `~/.config/hadolint`; `~/.hadolint/hadolint`; `~/hadolint/config`;
 * `~/.hadolint` (each `.yaml`, then `.yml`).
 */
function findConfig(explicit) {
  if (explicit !== undefined) return explicit;
  const env = (name) => (process.env[name] ? process.env[name] : undefined);
  const home = env("HOME") ?? env("USERPROFILE");
  const xdg = env("XDG_CONFIG_HOME") ?? env("LOCALAPPDATA") ?? (home && path.join(home, ".config"));
  const stems = [".hadolint"];
  if (xdg) stems.push(path.join(xdg, "hadolint"));
  if (home) {
    stems.push(path.join(home, ".config", "hadolint"), path.join(home, ".hadolint", "hadolint"),
      path.join(home, "hadolint", "config"), path.join(home, ".hadolint"));
  }
  for (const stem of stems) {
    for (const ext of ["yaml", "yml"]) {
      const p = `${stem}.${ext}`;
      try {
        if (fs.statSync(p).isFile()) return p;
      } catch {
        // Not there.
      }
    }
  }
  return undefined;
}

/** The config file read and the command line's settings added, as `drydock lint` does. */
function loadConfig(opts) {
  const file = findConfig(last(opts["--config"]));
  let loaded = { config: {}, no_fail: false, never_fail: false, format: null, no_color: false, warnings: [] };
  if (file !== undefined) {
    let text;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (e) {
      usage(`cannot read config ${file}: ${e.message}`);
    }
    try {
      loaded = core.readConfig(text, file);
    } catch (e) {
      usage(String(e.message ?? e).replace(/^drydock: /, ""));
    }
    for (const w of loaded.warnings) process.stderr.write(`drydock: warning: ${w}\n`);
  }
  const config = loaded.config;
  config.ignored = [...(config.ignored ?? []), ...(opts["--ignore"] ?? [])];
  config.trusted_registries = [...(config.trusted_registries ?? []), ...(opts["--trusted-registry"] ?? [])];
  config.build_args ??= {};
  for (const pair of opts["--build-arg"] ?? []) {
    const eq = pair.indexOf("=");
    if (eq < 0) usage(`--build-arg ${JSON.stringify(pair)}: expected NAME=VALUE`);
    config.build_args[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  config.severity_overrides ??= {};
  for (const level of ["error", "warning", "info", "style"]) {
    for (const code of opts[`--${level}`] ?? []) config.severity_overrides[code] = level;
  }
  if (opts["--strict-labels"]) config.strict_labels = true;
  if (opts["--disable-ignore-pragma"]) config.disable_ignore_pragma = true;
  return loaded;
}

const CONFIG_FLAGS = ["--strict-labels", "--disable-ignore-pragma"];
const CONFIG_VALUES = ["--config", "--ignore", "--trusted-registry", "--build-arg", "--error", "--warning", "--info", "--style"];
const NATIVE_CONFIG = ["--require-label"];

function lint(argv) {
  const { opts, files } = parseArgs(argv, {
    alias: { "-f": "--format", "-t": "--failure-threshold", "-c": "--config" },
    flags: ["--no-fail", "--no-color", ...CONFIG_FLAGS],
    values: ["--format", "--failure-threshold", ...CONFIG_VALUES],
    native: NATIVE_CONFIG,
  });
  if (files.length === 0) usage("lint needs at least one FILE (- reads standard input)");
  const loaded = loadConfig(opts);
  const config = loaded.config;
  let neverFail = loaded.never_fail;
  const t = last(opts["--failure-threshold"]);
  if (t !== undefined) {
    const level = t.trim().toLowerCase();
    if (level === "ignore" || level === "none") {
      neverFail = true;
    } else if (LEVELS.includes(level)) {
      config.failure_threshold = level;
      neverFail = false;
    } else {
      usage(`invalid failure threshold ${JSON.stringify(t)}: expected error, warning, info, style, ignore or none`);
    }
  }
  const threshold = config.failure_threshold ?? "info";
  const format = last(opts["--format"]) ?? loaded.format ?? "tty";
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
  const color = !opts["--no-color"] && !loaded.no_color && process.env.NO_COLOR === undefined && Boolean(process.stdout.isTTY);
  let report;
  try {
    report = core.lintReport(inputs, config, format, color);
  } catch (e) {
    usage(String(e.message ?? e).replace(/^drydock: /, ""));
  }
  process.stdout.write(report.output);
  if (readError) return 2;
  const failed = report.worst !== null && LEVELS.indexOf(report.worst) >= LEVELS.indexOf(threshold);
  return failed && !neverFail && !loaded.no_fail && !opts["--no-fail"] ? 1 : 0;
}

function fix(argv) {
  const { opts, files } = parseArgs(argv, {
    alias: { "-q": "--quiet" },
    alias: { "-q": "--quiet", "-c": "--config" },
    flags: ["--quiet", "--safe-only", ...CONFIG_FLAGS],
    values: ["--reject", "--accept", ...CONFIG_VALUES],
    native: ["--diff", "--write", "--json", "--only", ...NATIVE_CONFIG],
  });
  if (files.length !== 1) usage("printing the rewrite takes one file; --diff, --write and --json are what " + NATIVE);
  const { config } = loadConfig(opts);
  const text = readInput(files[0]);
  const rewrite = core.fix(text, {
    ...config,
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
    alias: { "-f": "--format", "-c": "--config" },
    flags: CONFIG_FLAGS,
    values: ["--format", "--dockerignore", ...CONFIG_VALUES],
    native: NATIVE_CONFIG,
  });
  if (last(opts["--format"]) !== "json") usage("the npm package prints the build plan as JSON only (--format json); the table is what " + NATIVE);
  if (files.length !== 1) usage("build-plan takes one FILE");
  const { config } = loadConfig(opts);
  const text = readInput(files[0]);
  const ignoreFile = last(opts["--dockerignore"]);
  const dockerignore = ignoreFile !== undefined ? readInput(ignoreFile) : dockerignoreFor(files[0]);
  process.stdout.write(core.buildPlanJson(text, { ...config, dockerignore }));
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
