// The browser's figures for `make bench` (scripts/bench.py runs this on a
// release build): headless Chromium, wall time measured inside the page
// with performance.now().
//
//   node web/bench/page.mjs --dist dist --corpus ../shared/corpus --json out.json
//
// - lint_fix: `analyze` (lint + fix: the worker's `check` then `rewrite`,
//   the rewrite's first round reusing the check's lint) and `check` alone
//   (the findings, what the worker answers first) through the JS API
//   (dist/drydock.js) on the largest corpus file and on a 5,000-line
//   Dockerfile: RUNS runs each after WARMUP runs that are not counted; each
//   run's text differs by a last comment line, so nothing is reused from
//   the run before.
// - keystroke: on the playground showing example 01 (a share link), and on
//   a 3,000-line file, the time from a key's event to the findings list
//   updated (the frame after the DOM changed). Each key is Enter or
//   Backspace at the start of the file, so every finding moves a line and
//   the list must change.
// - axe: axe-core's violations by impact on every tab and dialog of the
//   playground (the browser tests require 0 serious or critical).
// - page: every request the playground makes for a share link of example
//   01 until the first finding shows (and what the first edit adds), their
//   gzip -9 bytes, and the time from navigation to the first finding shown,
//   over LOADS loads in fresh browser contexts (nothing cached).
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { serve, launch, openPage, ready, ROOT } from "../tests/harness.mjs";
import { bigDockerfile, largestCorpusFile, median, percentile, shareFragment } from "./inputs.mjs";

const { values: args } = parseArgs({
  options: {
    dist: { type: "string", default: join(ROOT, "dist") },
    corpus: { type: "string", default: join(ROOT, "..", "shared", "corpus") },
    json: { type: "string" },
    runs: { type: "string", default: "50" },
    loads: { type: "string", default: "10" },
  },
});
const RUNS = Number(args.runs);
const WARMUP = 5;
const LOADS = Number(args.loads);
const EXAMPLE_01 = join(ROOT, "examples", "seeds", "01-python-naive.Dockerfile");
// The app waits this long after an edit before it checks, once the worker
// runs (WORKER_CHECK_DELAY_MS in crates/app/src/app.rs; the first edit,
// which starts the worker, waits CHECK_DELAY_MS and is not counted).
const CHECK_DELAY_MS = 0;

const stats = (xs) => ({ median_ms: median(xs), p95_ms: percentile(xs, 0.95), min_ms: Math.min(...xs), runs: xs.length });
const lineCount = (text) => text.split("\n").length - (text.endsWith("\n") ? 1 : 0);

// A page with no app: it only loads the JS API.
const API_PAGE = `<!doctype html><meta charset="utf-8"><title>api bench</title><body></body>`;

async function lintFix(browser, origin, text) {
  const s = await openPage(browser, origin);
  await s.page.goto(origin + "/api-bench.html");
  const times = await s.page.evaluate(
    async ({ text, runs, warmup }) => {
      const api = await import("./drydock.js");
      await api.ready();
      const time = async (f) => {
        const out = [];
        for (let i = 0; i < warmup + runs; i++) {
          const t = performance.now();
          await f();
          if (i >= warmup) out.push(performance.now() - t);
        }
        return out;
      };
      const analysis = await api.analyze(text);
      let n = 0;
      // A text not seen before: the lint kept from the last call is not
      // reused across runs.
      const fresh = () => text + "# run " + n++ + "\n";
      return {
        findings: analysis.findings.length,
        analyze: await time(() => api.analyze(fresh())),
        lint: await time(() => api.check(fresh())),
      };
    },
    { text, runs: RUNS, warmup: WARMUP },
  );
  await s.context.close();
  const a = stats(times.analyze);
  return {
    lines: lineCount(text),
    bytes: Buffer.byteLength(text),
    findings: times.findings,
    ...a,
    lint_median_ms: median(times.lint),
    lint_p95_ms: percentile(times.lint, 0.95),
  };
}

// Installed before the app runs: the time (since navigation) the first
// finding appeared, and per key event the time until the findings changed.
function pageProbe() {
  window.__firstFinding = null;
  window.__latencies = [];
  let key = null;
  addEventListener("keydown", (e) => { key = e.timeStamp; }, { capture: true });
  new MutationObserver((records) => {
    const finding = records.some((r) => {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      return (el && el.closest('[data-testid="diagnostic"]')) ||
        [...r.addedNodes].some((n) => n.nodeType === 1 && (n.matches('[data-testid="diagnostic"]') || n.querySelector('[data-testid="diagnostic"]')));
    });
    if (!finding) return;
    if (window.__firstFinding === null) window.__firstFinding = performance.now();
    if (key !== null) {
      const from = key;
      key = null;
      requestAnimationFrame(() => window.__latencies.push(performance.now() - from));
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
}

async function openExample(browser, origin, text) {
  const s = await openPage(browser, origin);
  await s.page.addInitScript(pageProbe);
  await s.page.goto(origin + "/" + shareFragment(text));
  await ready(s.page);
  await s.page.waitForFunction(() => window.__firstFinding !== null, null, { timeout: 30000 });
  return s;
}

async function keystrokes(browser, origin, text, log, label = "example 01") {
  const s = await openExample(browser, origin, text);
  await s.page.click('[data-testid="editor"] .cm-line >> nth=0');
  await s.page.keyboard.press("ControlOrMeta+Home");
  const edit = async (i) => {
    const before = await s.page.evaluate(() => window.__latencies.length);
    await s.page.keyboard.press(i % 2 === 0 ? "Enter" : "Backspace");
    await s.page.waitForFunction((n) => window.__latencies.length > n, before, { timeout: 10000 });
  };
  // The first edit starts the worker: not counted, and what it loads is
  // reported apart.
  const mark = log.length;
  for (let i = 0; i < 4; i++) await edit(i);
  await s.page.waitForTimeout(500);
  const firstEdit = log.slice(mark);
  await s.page.evaluate(() => { window.__latencies = []; });
  for (let i = 0; i < RUNS; i++) await edit(i);
  const latencies = await s.page.evaluate(() => window.__latencies);
  await s.context.close();
  const st = stats(latencies);
  return {
    keystroke: {
      file: label,
      ...st,
      after_delay_median_ms: st.median_ms - CHECK_DELAY_MS,
      note: `includes the app's ${CHECK_DELAY_MS} ms wait after an edit before it checks (WORKER_CHECK_DELAY_MS)`,
    },
    firstEdit,
  };
}

function resources(entries) {
  return entries.map(({ path, body }) => ({ path, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length }));
}

const total = (rs, key) => rs.reduce((n, r) => n + r[key], 0);

async function pageLoads(browser, origin, text, log) {
  const times = [];
  const phases = [];
  let first = null;
  for (let i = 0; i < LOADS; i++) {
    const mark = log.length;
    const s = await openExample(browser, origin, text);
    const t = await s.page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      const wasm = performance.getEntriesByType("resource").find((r) => r.name.endsWith(".wasm"));
      return {
        first: window.__firstFinding,
        domContentLoaded: nav ? nav.domContentLoadedEventEnd : null,
        wasmLoaded: wasm ? wasm.responseEnd : null,
      };
    });
    times.push(t.first);
    phases.push(t);
    if (first === null) first = log.slice(mark);
    await s.context.close();
  }
  const rs = resources(first);
  return {
    loads: LOADS,
    requests: rs.length,
    gzip_bytes: total(rs, "gzip"),
    raw_bytes: total(rs, "bytes"),
    resources: rs,
    first_finding_median_ms: median(times),
    first_finding_p95_ms: percentile(times, 0.95),
    first_finding_runs_ms: times,
    // Where the time goes (medians, since navigation): the DOM and the
    // editor's scripts, the wasm downloaded.
    dom_content_loaded_median_ms: median(phases.map((p) => p.domContentLoaded)),
    wasm_loaded_median_ms: median(phases.map((p) => p.wasmLoaded)),
  };
}

/** axe-core's violations by impact, on every tab and dialog (bypassCSP:
 * axe is injected as a script). */
async function axeAudit(browser, origin) {
  const { createRequire } = await import("node:module");
  const source = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  const out = {};
  for (const [viewport, colorScheme] of [[{ width: 1280, height: 800 }, "light"], [{ width: 390, height: 844 }, "dark"]]) {
    const context = await browser.newContext({ viewport, colorScheme, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(origin + "/");
    await ready(page);
    await page.waitForSelector('[data-testid="problem"]');
    const run = async (name) => {
      await page.evaluate(source);
      const v = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations.map((x) => [x.id, x.impact]));
      out[`${viewport.width} ${colorScheme} ${name}`] = v;
    };
    for (const tab of ["problems", "rewrite", "build"]) {
      await page.click(`#tab-${tab}`);
      await page.waitForTimeout(400);
      await run(tab);
    }
    for (const d of ["share", "settings", "export"]) {
      await page.click(`[data-testid="${d}-button"]`);
      await page.waitForSelector(`dialog[data-testid="${d}-dialog"][open]`);
      await run(d);
      await page.keyboard.press("Escape");
    }
    await page.goto(origin + "/#rules");
    await page.waitForSelector(".rule-table");
    await run("rules");
    await context.close();
  }
  const count = (impact) => Object.values(out).reduce((n, v) => n + v.filter(([, i]) => i === impact).length, 0);
  return { pages: Object.keys(out).length, critical: count("critical"), serious: count("serious"), moderate: count("moderate"), minor: count("minor"), violations: out };
}

const dist = resolve(args.dist);
const corpus = resolve(args.corpus);
const log = [];
const server = await serve(dist, { "/api-bench.html": ["text/html; charset=utf-8", API_PAGE] }, (path, status, body) => {
  if (status === 200 && path !== "/api-bench.html") log.push({ path, body });
});
const browser = await launch();
try {
  const largest = largestCorpusFile(corpus);
  const example = readFileSync(EXAMPLE_01, "utf8");
  const result = { runs: RUNS, chromium: browser.version() };
  console.error(`browser: lint + fix of ${largest.name} and of 5,000 lines, ${RUNS} runs each`);
  result.lint_fix = {
    largest_corpus_file: { name: largest.name, ...(await lintFix(browser, server.origin, largest.text)) },
    "5000_lines": await lintFix(browser, server.origin, bigDockerfile(corpus, 5000)),
  };
  console.error(`browser: ${LOADS} loads of a share link of example 01`);
  result.page = await pageLoads(browser, server.origin, example, log);
  console.error(`browser: ${RUNS} keystrokes on example 01`);
  const { keystroke, firstEdit } = await keystrokes(browser, server.origin, example, log);
  result.keystroke = keystroke;
  console.error(`browser: ${RUNS} keystrokes on a 3,000-line file`);
  result.keystroke_3000 = (await keystrokes(browser, server.origin, bigDockerfile(corpus, 3000), [], "3,000 lines of the corpus")).keystroke;
  console.error("browser: axe-core on every tab and dialog");
  result.axe = await axeAudit(browser, server.origin);
  const added = resources(firstEdit);
  result.page.first_edit = { requests: added.length, gzip_bytes: total(added, "gzip"), resources: added };
  const out = JSON.stringify(result, null, 2);
  if (args.json) writeFileSync(args.json, out + "\n");
  else console.log(out);
} finally {
  await browser.close();
  await server.close();
}
