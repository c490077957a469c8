// Trunk post-build hook: move every inline <script> of the staged
// index.html into a content-hashed file beside it, so the page works under a
// CSP of `script-src 'self'`. Fails the build if it cannot. It also adds the
// editor's chunk preloads (preload-chunks.mjs): the one hook that rewrites
// index.html, since Trunk runs the hooks of a stage concurrently.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { preloadChunks } from "./preload-chunks.mjs";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("no-inline-script: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)");
  process.exit(1);
}
// The wasm is fetched after the first paint, not preloaded from <head>:
// index.html's loading screen is the largest paint, and Lighthouse's
// simulation (slow 4G) counts every request that started before it as
// something that paint waited for: a wasm preloaded from <head> put the
// simulated LCP at 4.2 s instead of 1.4 s. It costs the wasm one frame.
const AFTER_PAINT = "await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));\n";
const WASM_PRELOAD = /<link rel="preload" href="[^"]*_bg\.wasm"[^>]*>/g;

const file = join(dir, "index.html");
let html = readFileSync(file, "utf8");
let moved = 0;
html = html.replace(/<script\b([^>]*)>([\s\S]*?)<\/script>/g, (whole, attrs, body) => {
  if (/\ssrc\s*=/.test(attrs) || body.trim() === "") return whole;
  // Trunk's loader: fetch the wasm only once the loading screen is painted
  // (below).
  if (/\bawait init\(/.test(body)) body = AFTER_PAINT + body;
  const name = "init-" + createHash("sha256").update(body).digest("hex").slice(0, 16) + ".js";
  writeFileSync(join(dir, name), body.trim() + "\n");
  moved += 1;
  const keep = attrs.replace(/\s(nonce|integrity)\s*=\s*"[^"]*"/g, "");
  return `<script${keep} src="./${name}"></script>`;
});
if (/<script\b(?![^>]*\ssrc\s*=)[^>]*>\s*\S/.test(html)) {
  console.error("no-inline-script: an inline script is left in index.html");
  process.exit(1);
}
const wasmPreloads = (html.match(WASM_PRELOAD) || []).length;
html = html.replace(WASM_PRELOAD, "");
const preloaded = preloadChunks(dir, html);
writeFileSync(file, preloaded.html);
console.log(`no-inline-script: moved ${moved} inline script(s) into files; ${preloaded.count} editor chunk(s) preloaded; ${wasmPreloads} wasm preload(s) dropped`);
