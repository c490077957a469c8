// Typing on a 5,000-line Dockerfile: how long each keystroke waits before
// the page paints it (Event Timing API), with the checks in the worker and,
// for comparison, with the worker blocked (checks on the main thread).
//
//   npm --prefix web run bench            # against dist/ (make build first)
//   LINES=2000 KEYS=40 npm --prefix web run bench
import { join } from "node:path";
import { serve, launch, openPage, ready } from "../tests/harness.mjs";
import { bigDockerfile, percentile as pct, shareFragment } from "./inputs.mjs";

const CORPUS = process.env.CORPUS || join("..", "..", "shared", "corpus");
const LINES = Number(process.env.LINES || 5000);
const KEYS = Number(process.env.KEYS || 60);

async function run(browser, origin, text, { worker }) {
  const s = await openPage(browser, origin);
  if (!worker) await s.page.route("**/build/worker.js", (r) => r.abort());
  await s.page.addInitScript(() => {
    window.__events = [];
    window.__long = [];
    new PerformanceObserver((l) => window.__events.push(...l.getEntries().map((e) => [e.name, e.duration])))
      .observe({ type: "event", durationThreshold: 16, buffered: true });
    new PerformanceObserver((l) => window.__long.push(...l.getEntries().map((e) => e.duration)))
      .observe({ type: "longtask", buffered: true });
  });
  const t0 = Date.now();
  await s.page.goto(origin + "/" + shareFragment(text));
  await ready(s.page);
  await s.page.waitForSelector('[data-testid="diagnostic"]', { timeout: 120000 });
  const firstFindings = Date.now() - t0;
  await s.page.waitForTimeout(1500);
  await s.page.evaluate(() => { window.__events = []; window.__long = []; });
  // Type at the end of line 3, 60 ms between keys (a fast typist).
  await s.page.click('[data-testid="editor"] .cm-line >> nth=2');
  await s.page.keyboard.press("End");
  const typed = Date.now();
  for (let i = 0; i < KEYS; i++) {
    await s.page.keyboard.type(i % 10 === 9 ? " " : "x");
    await s.page.waitForTimeout(60);
  }
  const typing = Date.now() - typed;
  await s.page.waitForTimeout(3000);
  const { events, long } = await s.page.evaluate(() => ({ events: window.__events, long: window.__long }));
  const keydowns = events.filter(([n]) => n === "keydown" || n === "keypress" || n === "input").map(([, d]) => d);
  await s.context.close();
  return {
    mode: worker ? "worker" : "main thread",
    firstFindingsMs: firstFindings,
    typingMs: typing,
    slowKeys: keydowns.length,
    p95KeyMs: keydowns.length ? pct(keydowns, 0.95) : 0,
    maxKeyMs: keydowns.length ? Math.max(...keydowns) : 0,
    longTasks: long.length,
    longestTaskMs: long.length ? Math.round(Math.max(...long)) : 0,
  };
}

const text = bigDockerfile(CORPUS, LINES);
const server = await serve();
const browser = await launch();
console.log(`${LINES} lines, ${text.length} bytes, ${KEYS} keystrokes 60 ms apart`);
console.log("(slowKeys: keyboard events slower than 16 ms from input to paint)");
for (const worker of [true, false]) {
  console.log(JSON.stringify(await run(browser, server.origin, text, { worker })));
}
await browser.close();
await server.close();
