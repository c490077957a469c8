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

// The playground's wasm leaves the apt tables out: a call that needed
// them while they were missing is made again once they are loaded (once,
// from knowledge/ beside this file), so every answer is the CLI's.
const APT_TABLES = ["apt-recommends.txt", "apt-kept.txt", "apt-executables.txt"];
let aptLoading = null;
function aptTables() {
  if (!aptLoading) {
    aptLoading = Promise.all(APT_TABLES.map(async (name) => {
      const response = await fetch(new URL("./knowledge/" + name, import.meta.url));
      if (!response.ok) throw new Error(\`drydock: could not load knowledge/\${name} (HTTP \${response.status})\`);
      return response.text();
    })).then((texts) => core.installAptTables(...texts));
    aptLoading.catch(() => { aptLoading = null; });
  }
  return aptLoading;
}

async function call(f, text, config) {
  await ready();
  core.aptTablesMissed();
  const answer = f(String(text), config ?? {});
  if (!core.aptTablesMissed()) return answer;
  await aptTables();
  return f(String(text), config ?? {});
}

/** The findings of \`text\`: [{id, code, severity, message, line, column, end_line, end_column, from, to, fix}]. */
export function lint(text, config) {
  return call(core.lint, text, config);
}

/** The rewrite of \`text\`: {text, applied, skipped, files, converged}. */
export function fix(text, config) {
  return call(core.fix, text, config);
}

/** All at once: {findings, problems, rewrite}. */
export function analyze(text, config) {
  return call(core.analyze, text, config);
}

/**
 * The playground worker's two steps: \`check\` (findings and the problems
 * they report, most costly first) and \`rewrite\` (the fix engine, its first
 * round on the lint \`check\` kept).
 */
export function check(text, config) {
  return call(core.check, text, config);
}

export function rewrite(text, config) {
  return call(core.rewrite, text, config);
}

/** The same two steps as JSON text (what the worker posts to the page). */
export function checkJson(text, config) {
  return call(core.checkJson, text, config);
}

export function rewriteJson(text, config) {
  return call(core.rewriteJson, text, config);
}
`;
writeFileSync(join(dir, "drydock.js"), source);
console.log(`api-module: wrote drydock.js (imports ${bindings[0]})`);
