// Trunk post-build hook: write rule-docs.json, every rule's docs, into the
// build (`cargo run -p drydock-core --example rule_docs`, a native build).
// The playground's wasm is built without them (the core's `docs` feature)
// and fetches this file when a rule's page is first opened.
//
//   node web/scripts/rule-docs.mjs [OUT]   (default: $TRUNK_STAGING_DIR/rule-docs.json)
import { execFileSync } from "node:child_process";
import { join } from "node:path";

const out = process.argv[2] || (process.env.TRUNK_STAGING_DIR && join(process.env.TRUNK_STAGING_DIR, "rule-docs.json"));
if (!out) {
  console.error("rule-docs: give the output path, or run me as a Trunk hook");
  process.exit(1);
}
// The environment scripts/wasm-env.sh sets up for the wasm build: building
// the standard library from source applies to --target builds only.
const env = { ...process.env };
delete env.CARGO_UNSTABLE_BUILD_STD;
delete env.CARGO_BUILD_TARGET;
execFileSync("cargo", ["run", "--quiet", "-p", "drydock-core", "--example", "rule_docs", "--", out], { env, stdio: "inherit" });
