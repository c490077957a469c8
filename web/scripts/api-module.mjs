// Trunk post-build hook: write drydock.js, the JS API module, beside the
// content-hashed wasm-bindgen files it imports:
//
//   import { lint, fix } from "./drydock.js";
//   const findings = await lint(text, { ignored: ["DL3008"] });
//
// The playground's worker (build/worker.js) uses it too.
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("api-module: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)");
  process.exit(1);
}
const files = readdirSync(dir);
const bindings = files.filter((f) => /^drydock-app(-[0-9a-f]+)?\.js$/.test(f));
const wasm = files.filter((f) => /^drydock-app(-[0-9a-f]+)?_bg\.wasm$/.test(f));
if (bindings.length !== 1 || wasm.length !== 1) {
  console.error(`api-module: expected one drydock-app*.js and one *_bg.wasm in ${dir}, found ${bindings} and ${wasm}`);
  process.exit(1);
}
const source = `// Drydock's JS API, generated at build time (web/scripts/api-module.mjs).
// Every function returns a promise of plain objects; the first call loads
// the wasm. See the README ("JS API") for the shapes.
import init, * as core from "./${bindings[0]}";

let started = null;
/**
 * Load the wasm (the other functions do it on first use). \`module\`: a
 * WebAssembly.Module of it already compiled (the playground's worker gets
 * the page's); without it the wasm is fetched beside this file.
 */
export function ready(module) {
  // Trunk renamed the wasm after wasm-bindgen named it: say where it is.
  if (!started) started = init({ module_or_path: module ?? new URL("./${wasm[0]}", import.meta.url) });
  return started;
}

/** The findings of \`text\`: [{id, code, severity, message, line, column, end_line, end_column, from, to, fix}]. */
export async function lint(text, config) {
  await ready();
  return core.lint(String(text), config ?? {});
}

/** The rewrite of \`text\`: {text, applied, skipped, files, converged}. */
export async function fix(text, config) {
  await ready();
  return core.fix(String(text), config ?? {});
}

/** All at once: {findings, problems, rewrite}. */
export async function analyze(text, config) {
  await ready();
  return core.analyze(String(text), config ?? {});
}

/**
 * The playground worker's two steps: \`check\` (findings and the problems
 * they report, most costly first) and \`rewrite\` (the fix engine, its first
 * round on the lint \`check\` kept).
 */
export async function check(text, config) {
  await ready();
  return core.check(String(text), config ?? {});
}

export async function rewrite(text, config) {
  await ready();
  return core.rewrite(String(text), config ?? {});
}

/** The same two steps as JSON text (what the worker posts to the page). */
export async function checkJson(text, config) {
  await ready();
  return core.checkJson(String(text), config ?? {});
}

export async function rewriteJson(text, config) {
  await ready();
  return core.rewriteJson(String(text), config ?? {});
}
`;
writeFileSync(join(dir, "drydock.js"), source);
console.log(`api-module: wrote drydock.js (imports ${bindings[0]})`);
