// Bundle the editor (web/src/editor.js) into web/build/ with esbuild. The
// merge view is split off and loaded on first use.
import { build } from "esbuild";
import { rmSync } from "node:fs";

const release = process.argv.includes("--dev") ? false : true;
rmSync(new URL("./build/", import.meta.url), { recursive: true, force: true });
const result = await build({
  entryPoints: { editor: "src/editor.js", worker: "src/worker.js" },
  // The worker imports the API module Trunk's build writes beside the wasm.
  external: ["../drydock.js"],
  absWorkingDir: new URL(".", import.meta.url).pathname,
  bundle: true,
  splitting: true,
  format: "esm",
  outdir: "build",
  minify: release,
  sourcemap: false,
  target: ["es2020"],
  chunkNames: "chunk-[hash]",
  entryNames: "[name]",
  metafile: true,
  logLevel: "warning",
});
for (const [file, info] of Object.entries(result.metafile.outputs)) {
  console.log(`${file}: ${(info.bytes / 1024).toFixed(1)} KB`);
}
