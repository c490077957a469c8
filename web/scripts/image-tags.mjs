// Trunk post-build hook: write knowledge/image-tags/IMAGE.txt, one file per
// `[IMAGE]` section of crates/core/src/knowledge/data/image-tags.txt (the
// lines after the `[IMAGE]` line up to the next one, as the core's
// `images::tag_section` reads them). The playground's wasm is built
// without the tags (the core's `image-tags` feature) and fetches one
// image's file the first time a text names that image (crates/app/src/
// tables.rs; drydock.js for the worker and API pages).
//
//   node web/scripts/image-tags.mjs [OUT_DIR]   (default: $TRUNK_STAGING_DIR/knowledge/image-tags)
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const out = process.argv[2] || (process.env.TRUNK_STAGING_DIR && join(process.env.TRUNK_STAGING_DIR, "knowledge", "image-tags"));
if (!out) {
  console.error("image-tags: give the output folder, or run me as a Trunk hook");
  process.exit(1);
}
const source = new URL("../../crates/core/src/knowledge/data/image-tags.txt", import.meta.url);
const text = readFileSync(source, "utf8");
const sections = new Map();
let name = null;
let body = "";
// Lines with their "\n", as Rust's split_inclusive('\n') gives them.
for (const line of text.match(/[^\n]*\n|[^\n]+$/g) ?? []) {
  const trimmed = line.trim();
  if (trimmed.startsWith("[") && trimmed.endsWith("]")) {
    if (name !== null && !sections.has(name)) sections.set(name, body);
    name = trimmed.slice(1, -1);
    body = "";
  } else if (name !== null) {
    body += line;
  }
}
if (name !== null && !sections.has(name)) sections.set(name, body);
if (sections.size === 0 || [...sections.keys()].some((n) => !/^[a-z0-9-]+$/.test(n))) {
  console.error(`image-tags: unexpected sections in ${source.pathname}: ${[...sections.keys()]}`);
  process.exit(1);
}
mkdirSync(out, { recursive: true });
for (const [image, section] of sections) writeFileSync(join(out, `${image}.txt`), section);
console.log(`image-tags: wrote ${sections.size} files to ${out}`);
