// Issue 17 (the playground as people meet it) and the app part of issue 16
// (rewrites you can trust): one card per problem ranked by impact, toggles
// that hold, risky suggestions off by default, a first screen that explains
// itself, the keyboard, axe-core on every tab and dialog, phone and desktop
// layouts, the Build tab.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { deflateRawSync } from "node:zlib";
import { ROOT, serve, launch, openPage, ready, typeInEditor, editorText, problems, card, rewriteText } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const SEEDS = join(ROOT, "examples", "seeds");
const EXAMPLES = readdirSync(SEEDS).filter((f) => f.endsWith(".Dockerfile")).sort();
const seed = (prefix) => readFileSync(join(SEEDS, EXAMPLES.find((f) => f.startsWith(prefix))), "utf8");
const link = (text) => "/#code=" + deflateRawSync(Buffer.from(text)).toString("base64url");
const RISKY = 'FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD ["npm", "start"]\n';

let server, browser;
before(async () => {
  server = await serve(undefined, { "/api.html": ["text/html", `<!doctype html><meta charset="utf-8"><title>api</title><link rel="icon" href="data:,"><body></body>`] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path = "/", options) {
  const s = await openPage(browser, server.origin, options);
  await s.page.goto(server.origin + path);
  await ready(s.page);
  await s.page.waitForSelector('[data-testid="cards"], [data-testid="empty-state"]', { state: "attached" });
  return s;
}

async function close(s) {
  for (const url of s.requests) assert.ok(url.startsWith(server.origin + "/"), url);
  assert.deepEqual(s.errors, []);
  await s.context.close();
}

/** The rewrite's new files listed in the Rewrite tab. */
async function newFiles(page) {
  await page.click("#tab-rewrite");
  await page.waitForSelector('[data-testid="rewrite"]');
  await page.waitForFunction(() => !document.querySelector('[data-testid="rewrite-updating"]'));
  const files = await page.$$eval('[data-testid="new-file"]', (els) => els.map((e) => e.dataset.path));
  await page.click("#tab-problems");
  return files;
}

async function untick(page, selector) {
  const box = `${selector} [data-testid="fix-toggle"]`;
  await page.waitForSelector(box);
  assert.equal(await page.isChecked(box), true, `${selector} is ticked by default`);
  await page.click(box);
  await page.waitForFunction((sel) => !document.querySelector(sel).checked, box);
  await page.waitForTimeout(250);
}

test("MAINTAINER: one card, both codes; unticking it keeps the line", async () => {
  const text = "FROM debian:12\nMAINTAINER Jane <jane@example.com>\nRUN echo hi\n";
  const s = await open(link(text));
  // Style: folded among the minor problems, after the others.
  assert.match(await s.page.textContent('[data-testid="minor"] > summary'), /^1 minor/);
  await s.page.click('[data-testid="minor"] > summary');
  await s.page.waitForSelector('[data-testid="minor"] [data-testid="problem"]');
  const cards = (await problems(s.page)).filter((p) => p.codes.includes("DL4000") || p.codes.includes("MaintainerDeprecated"));
  assert.equal(cards.length, 1, JSON.stringify(cards));
  assert.deepEqual(cards[0].codes.sort(), ["DL4000", "MaintainerDeprecated"]);
  assert.equal(await s.page.$eval(card("DL4000"), (e) => !!e.closest('[data-testid="minor"]')), true);
  assert.doesNotMatch(await rewriteText(s.page), /MAINTAINER/);
  await untick(s.page, card("DL4000"));
  assert.match(await rewriteText(s.page), /^MAINTAINER Jane/m);
  await close(s);
});

test("the default example: unticking “Create a .dockerignore” creates none", async () => {
  const s = await open();
  assert.deepEqual(await newFiles(s.page), [".dockerignore"]);
  await s.page.click('[data-testid="minor"] > summary');
  await s.page.waitForSelector('[data-testid="minor"] [data-testid="problem"]');
  await untick(s.page, card("DD003"));
  assert.deepEqual(await newFiles(s.page), []);
  // It stays unticked, and stays out, after an edit above it.
  await s.page.click('[data-testid="editor"] .cm-content');
  await s.page.keyboard.press("ControlOrMeta+Home");
  await s.page.keyboard.type("# my app\n");
  await s.page.waitForSelector(`${card("DD003")}[data-line="4"]`, { state: "attached" });
  await s.page.waitForTimeout(300);
  assert.equal(await s.page.isChecked(`${card("DD003")} [data-testid="fix-toggle"]`), false);
  assert.deepEqual(await newFiles(s.page), []);
  await close(s);
});

test("unticking one ADD→COPY keeps that ADD and converts the other", async () => {
  const text = "FROM debian:12\nADD app.tar.gz.txt /srv/a\nADD config.txt /srv/b\n";
  const s = await open(link(text));
  assert.equal((await problems(s.page)).filter((p) => p.codes.includes("DL3020")).length, 2);
  await untick(s.page, card("DL3020", 2));
  const out = await rewriteText(s.page);
  assert.match(out, /^ADD app\.tar\.gz\.txt \/srv\/a$/m);
  assert.match(out, /^COPY config\.txt \/srv\/b$/m);
  await close(s);
});

test("a risky suggestion is offered unticked with its risk, and applied when ticked", async () => {
  const s = await open(link(RISKY));
  const box = `${card("DD011")} [data-testid="fix-toggle"]`;
  await s.page.waitForSelector(box);
  assert.equal(await s.page.isChecked(box), false, "risky: off by default");
  const risk = await s.page.textContent(`${card("DD011")} [data-testid="risk"]`);
  assert.match(risk, /^Risk: .*npm/);
  assert.equal(risk.split("\n").length, 1, "one line");
  const before = await rewriteText(s.page);
  assert.match(before, /^RUN npm ci$/m);
  await s.page.click(box);
  await s.page.waitForFunction((sel) => document.querySelector(sel).checked, box);
  await s.page.waitForTimeout(300);
  const after = await rewriteText(s.page);
  assert.notEqual(after, before);
  assert.doesNotMatch(after, /^RUN npm ci$/m);
  await close(s);
});

test("a ticked fix the engine leaves out says why (unticking it would change nothing)", async () => {
  // Dropping `sudo` would leave an unpinned `apt-get install` no fix pins.
  const s = await open(link("FROM debian:12\nRUN sudo apt-get install -y wget\n"));
  const status = `${card("DL3004")} [data-testid="fix-status"]`;
  await s.page.waitForSelector(status);
  assert.equal(await s.page.getAttribute(status, "data-reason"), "adds_findings");
  assert.match(await s.page.textContent(status), /^Not in the rewrite: it would add a finding that no other fix removes\.$/);
  assert.equal(await s.page.isDisabled(`${card("DL3004")} [data-testid="fix-toggle"]`), true);
  assert.match(await rewriteText(s.page), /sudo apt-get/);
  await close(s);
});

test("problems are ranked by impact on every seed example, as the engine ranks them", async () => {
  const s = await open("/api.html".replace("/api.html", "/"));
  const api = await openPage(browser, server.origin);
  await api.page.goto(server.origin + "/api.html");
  for (const file of EXAMPLES) {
    const text = readFileSync(join(SEEDS, file), "utf8");
    const engine = await api.page.evaluate(async (t) => (await (await import("/drydock.js")).check(t)).problems.map((p) => p.id), text);
    await s.page.selectOption('[data-testid="example-picker"]', String(EXAMPLES.indexOf(file)));
    await s.page.waitForFunction(([want, ex]) => {
      const ids = [...document.querySelectorAll('[data-testid="problem"]')].map((e) => e.dataset.id);
      const intro = document.querySelector('[data-testid="intro"]');
      return intro && intro.dataset.example === String(ex) && ids.every((id) => want.includes(id));
    }, [engine, EXAMPLES.indexOf(file)], { timeout: 10000 });
    const shown = await problems(s.page);
    // Every card is one of the engine's problems (folded ones are made
    // when unfolded).
    assert.ok(shown.every((p) => engine.includes(p.id)), file);
    const order = ["security", "breaks", "size", "rebuild", "runtime", "style"];
    const minor = await s.page.$$eval('[data-testid="minor"] [data-testid="problem"]', (els) => els.map((e) => e.dataset.id));
    const majors = shown.filter((p) => !minor.includes(p.id));
    // The engine's order, problems of one rule kept together (where a rule
    // first appears).
    const rendered = new Set(shown.map((p) => p.id));
    const engineMajors = engine.filter((id) => rendered.has(id) && !minor.includes(id));
    const code = (id) => id.slice(0, id.lastIndexOf("@"));
    const firstCode = new Map(shown.map((p) => [p.id, p.codes[0]]));
    const groups = [];
    for (const id of engineMajors) {
      const g = groups.find((x) => firstCode.get(x[0]) === firstCode.get(id));
      if (g) g.push(id); else groups.push([id]);
    }
    assert.deepEqual(majors.map((p) => p.id), groups.flat(), file);
    assert.ok(code(engineMajors[0] || "x@1"));
    // Security and broken builds lead.
    const firstOther = majors.findIndex((p) => !["security", "breaks"].includes(p.impact));
    if (firstOther >= 0) assert.ok(majors.slice(firstOther).every((p) => !["security", "breaks"].includes(p.impact)), file);
    assert.ok(majors.every((p) => order.includes(p.impact)), file);
  }
  // Example 01: root first, then the articles' cache order before the slim base.
  await s.page.selectOption('[data-testid="example-picker"]', "0");
  await s.page.waitForSelector('[data-testid="intro"]');
  const codes = (await problems(s.page)).map((p) => p.codes[0]);
  assert.equal(codes[0], "DD007");
  assert.ok(codes.indexOf("DD002") < codes.indexOf("DD001"), codes.join(" "));
  await api.context.close();
  await close(s);
});

test("the first screen says what the text is, counts in one vocabulary, and invites a paste", async () => {
  const s = await open();
  assert.match(await s.page.textContent('[data-testid="intro"]'), /^Example: a naive Python image\. Paste your own Dockerfile/);
  await s.page.click('[data-testid="minor"] > summary');
  await s.page.waitForSelector('[data-testid="minor"] [data-testid="problem"]');
  const cards = await problems(s.page);
  const counts = await s.page.textContent('[data-testid="counts"]');
  const fixable = await s.page.$$eval('[data-testid="problem"]', (els) => els.filter((e) => e.querySelector('[data-testid="fix-toggle"]')).length);
  assert.equal(counts, `${cards.length} problems, ${fixable} of them fixable: tick or untick each fix; the Rewrite tab applies them.`);
  assert.equal(await s.page.textContent("#tab-problems"), `Problems (${cards.length})`);
  assert.equal(await s.page.textContent("#tab-rewrite"), "Rewrite");
  assert.equal(await s.page.$('[data-testid="ci-status"]'), null, "no CI verdict unless asked");
  // An edit: no longer the example.
  await s.page.click('[data-testid="editor"] .cm-content');
  await s.page.keyboard.type(" ");
  await s.page.waitForSelector('[data-testid="intro"]', { state: "detached" });
  // Empty: an invitation, and examples one click away.
  await typeInEditor(s.page, "");
  await s.page.waitForSelector('[data-testid="empty-state"]');
  assert.match(await s.page.textContent('[data-testid="empty-state"]'), /Paste a Dockerfile/);
  await s.page.click('[data-testid="empty-example"] >> nth=0');
  await s.page.waitForSelector('[data-testid="intro"]');
  assert.equal(await editorText(s.page), seed("01-"));
  await close(s);
});

/** Tab until focus leaves `dialog` or `max` presses: the elements visited. */
async function tabThrough(page, presses) {
  const seen = [];
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press("Tab");
    // In the dialog, or out of the page (the browser's own controls): never
    // on the page behind it.
    seen.push(await page.evaluate(() => {
      const a = document.activeElement;
      return !a || a === document.body || !!a.closest("dialog[open]");
    }));
  }
  return seen;
}

test("dialogs are modal: focus moves in, stays in, and returns to the opener", async () => {
  const s = await open();
  for (const [button, testid] of [["share-button", "share-dialog"], ["settings-button", "settings-dialog"], ["export-button", "export-dialog"]]) {
    await s.page.focus(`[data-testid="${button}"]`);
    await s.page.keyboard.press("Enter");
    await s.page.waitForSelector(`dialog[data-testid="${testid}"][open]`);
    assert.equal(await s.page.evaluate(() => !!document.activeElement.closest("dialog[open]")), true, `${testid}: focus moved in`);
    assert.ok((await tabThrough(s.page, 25)).every(Boolean), `${testid}: Tab stays in the dialog`);
    await s.page.keyboard.press("Escape");
    await s.page.waitForSelector(`[data-testid="${testid}"]`, { state: "detached" });
    assert.equal(await s.page.evaluate(() => document.activeElement.dataset.testid), button, `${testid}: focus returned`);
  }
  // Done closes too, and a click on the backdrop.
  await s.page.click('[data-testid="share-button"]');
  await s.page.click('[data-testid="share-dialog"] >> text=Done');
  await s.page.waitForSelector('[data-testid="share-dialog"]', { state: "detached" });
  await s.page.click('[data-testid="settings-button"]');
  await s.page.mouse.click(5, 5);
  await s.page.waitForSelector('[data-testid="settings-dialog"]', { state: "detached" });
  await close(s);
});

/** axe-core's serious and critical violations on the page as it is. */
async function axe(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 3) }));
  });
  return result.filter((v) => v.impact === "serious" || v.impact === "critical");
}

test("axe-core: no serious or critical violation on any tab or dialog, light and dark, desktop and phone", async () => {
  for (const [viewport, colorScheme] of [[{ width: 1280, height: 800 }, "light"], [{ width: 390, height: 844 }, "dark"]]) {
    const s = await openPage(browser, server.origin, { viewport, colorScheme });
    // axe is injected as a script: the page's CSP would refuse it.
    await s.context.close();
    const context = await browser.newContext({ viewport, colorScheme, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(server.origin + "/");
    await ready(page);
    await page.waitForSelector('[data-testid="problem"]');
    const where = `${viewport.width}px ${colorScheme}`;
    const report = {};
    report.problems = await axe(page);
    await page.click('[data-testid="minor"] > summary');
    await page.click(`${card("DD002")} >> text=Why, and other choices`);
    report.problemsOpen = await axe(page);
    await page.click("#tab-rewrite");
    await page.waitForSelector('[data-testid="rewrite"]');
    report.rewrite = await axe(page);
    await page.click('[data-testid="unified"]');
    await page.waitForTimeout(300);
    report.unified = await axe(page);
    await page.click("#tab-build");
    await page.waitForSelector('[data-testid="build-view"]');
    report.build = await axe(page);
    await page.click("#file-dockerignore");
    report.dockerignore = await axe(page);
    await page.click("#file-dockerfile");
    for (const d of ["share", "settings", "export"]) {
      await page.click(`[data-testid="${d}-button"]`);
      await page.waitForSelector(`dialog[data-testid="${d}-dialog"][open]`);
      report[d] = await axe(page);
      await page.keyboard.press("Escape");
      await page.waitForSelector(`[data-testid="${d}-dialog"]`, { state: "detached" });
    }
    await page.goto(server.origin + "/#rules");
    await page.waitForSelector(".rule-table");
    report.rules = await axe(page);
    await page.goto(server.origin + "/#rule/DL3008");
    await page.waitForSelector('[data-testid="rule-docs-body"]');
    report.rule = await axe(page);
    await page.goto(server.origin + "/?embed" + link(seed("11-")).slice(1));
    await ready(page);
    report.embed = await axe(page);
    for (const [name, violations] of Object.entries(report)) assert.deepEqual(violations, [], `${where}, ${name}`);
    await context.close();
  }
});

test("phone: the editor has a capped height of its own, the results come next, a bar jumps between them", async () => {
  const long = "FROM debian:12\n" + Array.from({ length: 260 }, (_, i) => `RUN echo line ${i}`).join("\n") + "\n";
  const s = await open(link(long), { viewport: { width: 390, height: 844 }, colorScheme: "dark" });
  const box = await s.page.$eval('[data-testid="editor"]', (e) => e.getBoundingClientRect().toJSON());
  assert.ok(box.height <= 844 * 0.5, `editor ${box.height}px tall`);
  const results = await s.page.$eval("#results", (e) => e.getBoundingClientRect().top + scrollY);
  assert.ok(results < 900, `the results start at ${results}px`);
  assert.ok(await s.page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1), "no sideways scroll");
  // The bar stays on screen and takes you to the rewrite.
  await s.page.click('.jumpbar >> text=Rewrite');
  await s.page.waitForSelector('[data-testid="rewrite"]');
  // The bar is on screen, and so is the rewrite.
  const [bar, view] = await s.page.evaluate(() => [document.querySelector(".jumpbar").getBoundingClientRect().toJSON(), document.querySelector('[data-testid="merge"]').getBoundingClientRect().toJSON()]);
  assert.ok(bar.top >= 0 && bar.bottom < 844 / 4, `jump bar at ${JSON.stringify(bar)}`);
  assert.ok(view.top < 844 && view.bottom > 0, `the rewrite at ${JSON.stringify(view)}`);
  // Scrolled down, the bar stays at the top.
  await s.page.click('.jumpbar >> text=Problems');
  await s.page.waitForSelector('[data-testid="counts"]');
  await s.page.click('[data-testid="minor"] > summary');
  await s.page.waitForSelector('[data-testid="minor"] [data-testid="problem"]');
  await s.page.mouse.move(200, 600);
  await s.page.mouse.wheel(0, 600);
  await s.page.waitForTimeout(200);
  const stuck = await s.page.$eval(".jumpbar", (e) => e.getBoundingClientRect().top);
  assert.ok(Math.abs(stuck) < 1, `jump bar at ${stuck} after scrolling`);
  assert.equal(await s.page.getAttribute("#tab-problems", "aria-selected"), "true");
  await close(s);
});

test("desktop: no page scroll on any tab; the rules page fits at 1280 and at 390 px", async () => {
  const s = await open(link(seed("09-")), { viewport: { width: 1280, height: 800 } });
  for (const tab of ["problems", "rewrite", "build"]) {
    await s.page.click(`#tab-${tab}`);
    await s.page.waitForTimeout(400);
    const h = await s.page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(h <= 800, `${tab}: page ${h}px tall in 800`);
  }
  await s.page.goto(server.origin + "/#rules");
  await s.page.waitForSelector(".rule-table");
  assert.ok(await s.page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), "rules at 1280");
  await s.page.setViewportSize({ width: 390, height: 844 });
  await s.page.waitForTimeout(200);
  assert.ok(await s.page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1), "rules at 390");
  await close(s);
});

test("the Rewrite tab: full width, a unified diff, and a download named Dockerfile", async () => {
  const s = await open();
  await s.page.click("#tab-rewrite");
  await s.page.waitForSelector('[data-testid="rewrite"]');
  const narrow = await s.page.$eval('[data-testid="merge"]', (e) => e.getBoundingClientRect().width);
  await s.page.click('[data-testid="wide"]');
  await s.page.waitForFunction(() => document.querySelector(".editor-pane").getBoundingClientRect().width === 0);
  await s.page.waitForTimeout(300);
  const wide = await s.page.$eval('[data-testid="merge"]', (e) => e.getBoundingClientRect().width);
  assert.ok(wide > narrow * 1.8, `${narrow} -> ${wide}`);
  await s.page.click('[data-testid="unified"]');
  await s.page.waitForFunction(() => document.querySelectorAll('[data-testid="merge"] .cm-editor').length === 1);
  const [d] = await Promise.all([s.page.waitForEvent("download"), s.page.click('[data-testid="download-rewrite"]')]);
  assert.equal(d.suggestedFilename(), "Dockerfile");
  await s.page.click('[data-testid="wide"]');
  await s.page.waitForFunction(() => document.querySelector(".editor-pane").getBoundingClientRect().width > 100);
  await close(s);
});

test("a finding is underlined on its first line only, its whole span shown on hover", async () => {
  const text = "FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl && \\\n    echo one && \\\n    echo two\n";
  const s = await open(link(text));
  await s.page.waitForSelector('[data-testid="editor"] [class*="cm-lintRange-"]');
  const lines = await s.page.$$eval('[data-testid="editor"] .cm-line', (els) => els.map((l) => !!l.querySelector('[class*="cm-lintRange-"]')));
  assert.deepEqual(lines.slice(2), [false, false, false, false], JSON.stringify(lines));
  await s.page.hover('[data-testid="editor"] .cm-line >> nth=1');
  await s.page.waitForFunction(() => document.querySelectorAll('[data-testid="editor"] .cm-dd-span-line').length >= 4);
  await close(s);
});

test("a ShellCheck finding inside a long RUN is underlined at its exact place", async () => {
  // SC2164 (cd without a check) on the RUN's third line: the underline is
  // on the `cd`, not on the RUN's first line.
  const text = "FROM debian:12\nRUN echo one && \\\n    echo two && \\\n    cd /opt; make\n";
  const s = await open(link(text));
  await s.page.waitForSelector('[data-testid="editor"] [class*="cm-lintRange-"]');
  const marked = await s.page.$$eval('[data-testid="editor"] .cm-line', (els) =>
    els.map((l) => [...l.querySelectorAll('[class*="cm-lintRange-"]')].map((m) => m.textContent).join("|")),
  );
  assert.match(marked[3], /cd/, JSON.stringify(marked));
  assert.doesNotMatch(marked[3], /make/, JSON.stringify(marked));
  await close(s);
});

test("the Build tab: legend first, one timeline when the rewrite changes nothing, whole commands on demand", async () => {
  const s = await open(link("FROM alpine:3.20\nRUN echo hi\n"));
  await s.page.click("#tab-build");
  await s.page.waitForSelector('[data-testid="build-view"]');
  assert.equal(await s.page.$('[data-testid="timeline-rewrite"]'), null);
  const legendFirst = await s.page.evaluate(() => {
    const legend = document.querySelector('[data-testid="build-legend"]');
    const list = document.querySelector('[data-testid="timeline-original"]');
    return !!(legend.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  assert.ok(legendFirst, "the legend comes before the layers");
  const long = "FROM python:3.12\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev gcc && rm -rf /var/lib/apt/lists/*\n";
  await typeInEditor(s.page, long);
  await s.page.waitForSelector('[data-testid="timeline-original"] [data-testid="show-command"]');
  const cut = await s.page.$eval('[data-testid="timeline-original"] [data-testid="step-text"] >> nth=1', (e) => e.scrollWidth > e.clientWidth).catch(() => null);
  await s.page.click('[data-testid="timeline-original"] [data-testid="show-command"]');
  await s.page.waitForSelector('[data-testid="timeline-original"] [data-testid="step-text"].open');
  const whole = await s.page.$eval('[data-testid="timeline-original"] [data-testid="step-text"].open', (e) => e.scrollWidth <= e.clientWidth + 1);
  assert.ok(whole, "the whole command is shown");
  assert.notEqual(cut, false);
  await close(s);
});
