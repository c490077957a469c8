// Where the page's main thread goes while it loads: a CPU profile of one
// load of the playground (phone viewport, 4x CPU slowdown, as Lighthouse's
// mobile audit), the long tasks, and self time by script and by the call
// into the editor bundle. For total blocking time (docs/performance.md).
//
//   node web/bench/profile-load.mjs [DIST]   (default target/bench-dist, served compressed)
import { serve, launch } from "../tests/harness.mjs";
const server = await serve(process.argv[2] || "target/bench-dist", {}, () => {}, { compressed: true });
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true });
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
await cdp.send("Profiler.start");
await page.addInitScript(() => {
  window.__lt = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: "longtask", buffered: true });
});
await page.goto(server.origin + "/");
await page.waitForSelector('[data-testid="diagnostic"]', { timeout: 30000 });
await page.waitForTimeout(1500);
const { profile } = await cdp.send("Profiler.stop");
console.log("longtasks", JSON.stringify(await page.evaluate(() => window.__lt)));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas;
profile.samples.forEach((id, i) => { self.set(id, (self.get(id) || 0) + (dt[i] || 0)); });
const agg = {};
const aggFn = {};
for (const [id, t] of self) {
  const n = byId.get(id); const cf = n.callFrame;
  const url = cf.url.replace(/^.*\//, "") || cf.functionName || "(native)";
  agg[url] = (agg[url] || 0) + t;
  const k = url + " " + cf.functionName;
  aggFn[k] = (aggFn[k] || 0) + t;
}
const top = (o, n) => Object.entries(o).sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${(v / 1000).toFixed(1)} ms  ${k}`).join("\n");
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
const stacks = {};
for (const [id, t] of self) {
  const n = byId.get(id);
  const url = n.callFrame.url.replace(/^.*\//, "");
  if (!url.startsWith("chunk") && !url.startsWith("editor")) continue;
  let chain = []; let cur = id;
  while (cur !== undefined && chain.length < 40) { const f = byId.get(cur).callFrame; chain.push((f.url.replace(/^.*\//, "").slice(0, 8)) + ":" + (f.functionName || "anon")); cur = parent.get(cur); }
  // the outermost frames that are ours: the entry point into CodeMirror
  const rev = chain.reverse().filter((x) => !x.startsWith(":"));
  const firstJs = rev.findIndex((x, i) => i > 0 && !x.startsWith("drydock-") && !x.startsWith("wasm"));
  const key = firstJs > 0 ? rev.slice(firstJs - 1, firstJs + 5).join(" > ") : rev.slice(0, 6).join(" > ");
  stacks[key] = (stacks[key] || 0) + t;
}
console.log(Object.entries(stacks).sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${(v / 1000).toFixed(1)} ms  ${k}`).join("\n"));
console.log(top(agg, 12)); console.log("---"); console.log(top(aggFn, 25));
await browser.close(); await server.close();
