// Lighthouse for `make bench` (scripts/bench.py installs this folder's
// packages on first use: `npm --prefix web/bench/lighthouse ci`). Serves a
// release build the way a static host serves `make build`'s output (the
// .br/.gz files with Content-Encoding), then runs Lighthouse's default
// mobile audit (simulated slow 4G, 4x CPU slowdown) on the playground's
// first screen, RUNS times, with /usr/bin/chromium.
//
//   node web/bench/lighthouse/run.mjs --dist target/bench-dist [--runs 3] [--json out.json]
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { serve } from "../../tests/harness.mjs";
import { median } from "../inputs.mjs";

const { values: args } = parseArgs({
  options: {
    dist: { type: "string", default: "dist" },
    runs: { type: "string", default: "3" },
    json: { type: "string" },
    path: { type: "string", default: "/" },
    // Write the last run's whole report here (to see what the scores are made of).
    lhr: { type: "string" },
  },
});

const server = await serve(resolve(args.dist), {}, () => {}, { compressed: true });
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM || "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const runs = [];
try {
  for (let i = 0; i < Number(args.runs); i++) {
    const result = await lighthouse(server.origin + args.path, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility"],
    });
    const lhr = result.lhr;
    if (args.lhr) writeFileSync(args.lhr, JSON.stringify(lhr));
    const audit = (id) => lhr.audits[id]?.numericValue ?? null;
    runs.push({
      performance: Math.round(lhr.categories.performance.score * 100),
      accessibility: Math.round(lhr.categories.accessibility.score * 100),
      fcp_ms: audit("first-contentful-paint"),
      lcp_ms: audit("largest-contentful-paint"),
      tbt_ms: audit("total-blocking-time"),
      cls: audit("cumulative-layout-shift"),
      speed_index_ms: audit("speed-index"),
      transfer_bytes: audit("total-byte-weight"),
      // What the largest paint was (its snippet): the boot screen's text
      // or something the app painted later.
      lcp_element: lhr.audits["largest-contentful-paint-element"]?.details?.items?.[0]?.items?.[0]?.node?.snippet ?? null,
      failed_accessibility: Object.values(lhr.audits)
        .filter((a) => lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id && r.weight > 0) && a.score !== null && a.score < 1)
        .map((a) => a.id),
    });
    console.error(`lighthouse run ${i + 1}: performance ${runs.at(-1).performance}, accessibility ${runs.at(-1).accessibility}, LCP ${Math.round(runs.at(-1).lcp_ms)} ms, TBT ${Math.round(runs.at(-1).tbt_ms)} ms, LCP element ${runs.at(-1).lcp_element}`);
  }
} finally {
  await chrome.kill();
  await server.close();
}
const pick = (k) => median(runs.map((r) => r[k]));
const out = {
  lighthouse: (await import("lighthouse/package.json", { with: { type: "json" } }).catch(() => ({ default: {} }))).default.version || null,
  runs,
  performance_median: pick("performance"),
  accessibility_median: pick("accessibility"),
  lcp_median_ms: pick("lcp_ms"),
  tbt_median_ms: pick("tbt_ms"),
  transfer_bytes: runs[0]?.transfer_bytes ?? null,
};
if (args.json) writeFileSync(args.json, JSON.stringify(out, null, 2) + "\n");
else console.log(JSON.stringify(out, null, 2));
