// `make build`: write `FILE.gz` (gzip -9) and `FILE.br` (brotli, quality
// 11) beside every text and wasm file of dist/, so a static host can send
// them precompressed (README: "Serving the site"). Files that do not shrink
// by at least 5% are left alone.
//
//   node web/scripts/compress.mjs [dist]
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, extname } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".wasm", ".svg", ".json", ".txt", ".map"]);

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

const dist = process.argv[2] || "dist";
let raw = 0, gz = 0, br = 0, count = 0;
for (const path of files(dist)) {
  if (!COMPRESSIBLE.has(extname(path))) continue;
  const body = readFileSync(path);
  const g = gzipSync(body, { level: 9 });
  const b = brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      [constants.BROTLI_PARAM_MODE]: extname(path) === ".wasm" ? constants.BROTLI_MODE_GENERIC : constants.BROTLI_MODE_TEXT,
    },
  });
  raw += body.length;
  count += 1;
  if (g.length < body.length * 0.95) {
    writeFileSync(path + ".gz", g);
    gz += g.length;
  } else gz += body.length;
  if (b.length < body.length * 0.95) {
    writeFileSync(path + ".br", b);
    br += b.length;
  } else br += body.length;
}
console.log(`compress: ${count} files, ${raw} B -> ${gz} B gzip, ${br} B brotli (.gz and .br written beside them)`);
