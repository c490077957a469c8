"use strict";
// Drydock's library API for Node: synchronous functions over the core,
// compiled to WebAssembly (loaded once, when this module is required).
// Types and shapes: index.d.ts.
const core = require("./wasm/drydock_node.js");

const cfg = (config) => config ?? {};

/** The findings of a Dockerfile. */
exports.lint = (text, config) => core.lint(String(text), cfg(config));
/** The rewrite: every safe and suggested fix, to a fixed point. */
exports.fix = (text, config) => core.fix(String(text), cfg(config));
/** Findings, problems (as the playground's cards) and the rewrite at once. */
exports.analyze = (text, config) => core.analyze(String(text), cfg(config));
/** The build model: stages, steps, what an edit reruns. */
exports.buildPlan = (text, config) => core.buildPlan(String(text), cfg(config));
/** The formatted file (`drydock fmt`); throws when it cannot be formatted safely. */
exports.format = (text, options) => {
  const indent = options?.indent;
  return core.format(String(text), indent === undefined ? undefined : String(indent));
};
/** The report `drydock lint --format FORMAT` prints for these files. */
exports.lintReport = (files, config, format = "tty", color = false) =>
  core.lintReport(files, cfg(config), String(format), Boolean(color));
/** The package's version. */
exports.version = core.version();
