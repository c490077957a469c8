// The editor bundle (build/editor.js) imports the CodeMirror chunk esbuild
// split off (shared with the lazily loaded merge view). Without a hint the
// browser finds that import only after it has downloaded and parsed
// editor.js; a <link rel="modulepreload"> per chunk that editor.js imports
// statically lets it fetch both at once. Called by the post-build hook that
// rewrites index.html (no-inline-script.mjs: one writer, Trunk runs hooks
// concurrently).
import { readFileSync } from "node:fs";
import { join } from "node:path";

const EDITOR = '<script type="module" src="./build/editor.js"></script>';

/** `html` with the preload links for the chunks of `dir`/build/editor.js. */
export function preloadChunks(dir, html) {
  if (!html.includes(EDITOR)) throw new Error(`preload-chunks: ${EDITOR} not found in index.html`);
  const editor = readFileSync(join(dir, "build", "editor.js"), "utf8");
  // Static imports only (`import … from "./chunk-X.js"`); `import("…")` is
  // the lazy merge view and must stay lazy.
  const chunks = new Set([...editor.matchAll(/\bfrom\s*["']\.\/(chunk-[\w-]+\.js)["']/g)].map((m) => m[1]));
  const links = [...chunks].map((c) => `<link rel="modulepreload" href="./build/${c}" />\n    `).join("");
  return { html: html.replace(EDITOR, links + EDITOR), count: chunks.size };
}
