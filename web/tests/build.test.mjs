// The Build view (issue 9): stages, layers, what an edit rebuilds.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { ROOT, SCREENSHOTS, serve, launch, openPage, ready, typeInEditor } from "./harness.mjs";

const SEEDS = join(ROOT, "examples", "seeds");
const EXAMPLES = readdirSync(SEEDS).filter((f) => f.endsWith(".Dockerfile")).sort();
const index = (prefix) => EXAMPLES.findIndex((f) => f.startsWith(prefix));
const seed = (prefix) => readFileSync(join(SEEDS, EXAMPLES[index(prefix)]), "utf8");

let server, browser, drydock;
const allRequests = [];

before(async () => {
  server = await serve();
  browser = await launch();
  // The CLI is the oracle for what the core computes.
  execFileSync("cargo", ["build", "-q", "-p", "drydock-cli"], { cwd: ROOT, stdio: "inherit" });
  drydock = join(ROOT, "target", "debug", "drydock");
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** `drydock build-plan --format json` of `text`. */
function cliPlan(text) {
  const dir = mkdtempSync(join(tmpdir(), "drydock-build-"));
  writeFileSync(join(dir, "Dockerfile"), text);
  return JSON.parse(execFileSync(drydock, ["build-plan", "--format", "json", "Dockerfile"], { cwd: dir }));
}

async function open(path = "/", options) {
  const s = await openPage(browser, server.origin, options);
  await s.page.goto(server.origin + path);
  await ready(s.page);
  return s;
}

async function done({ context, requests, errors }) {
  allRequests.push(...requests);
  assert.deepEqual(errors, []);
  await context.close();
}

/** Load example `prefix` and open the Build tab. */
async function showBuild(page, prefix) {
  await page.selectOption('[data-testid="example-picker"]', String(index(prefix)));
  await page.click("#tab-build");
  await page.waitForSelector('[data-testid="build-view"]');
  // The view shows the example's plan (not the previous text's).
  const lines = cliPlan(seed(prefix)).steps.map((s) => s.line);
  await page.waitForFunction(
    (want) => JSON.stringify([...document.querySelectorAll('[data-testid="timeline-original"] [data-testid="build-step"]')]
      .map((r) => Number(r.dataset.line))) === JSON.stringify(want),
    lines,
  );
}

async function scenario(page, name) {
  await page.click(`[data-testid="scenario-${name}"]`);
  await page.waitForSelector(`[data-testid="scenario-${name}"][aria-pressed="true"]`);
}

/** Rows of one timeline: [{line, keyword, state, work: [...]}]. */
async function rows(page, which) {
  return page.$$eval(`[data-testid="timeline-${which}"] [data-testid="build-step"]`, (els) =>
    els.map((e) => ({
      line: Number(e.dataset.line),
      keyword: e.dataset.keyword,
      state: e.dataset.state,
      work: [...e.querySelectorAll('[data-testid="step-work"]')].map((w) => w.textContent),
    })),
  );
}

const rebuiltInstalls = (list) =>
  list.filter((r) => r.state === "rebuilt" && r.work.some((w) => /install/.test(w)));

/** The timeline states the CLI computes for `text`. */
function expectedStates(text, change) {
  const plan = cliPlan(text);
  return plan.steps.map((s) => {
    const stage = plan.stages[s.stage];
    const state = !s.layer ? "metadata" : stage && !stage.needed ? "skipped" : s.rebuilds[change] ? "rebuilt" : "cached";
    return { line: s.line, state };
  });
}

test("01: a source edit reruns pip install", async () => {
  const s = await open();
  await showBuild(s.page, "01-");
  const original = await rows(s.page, "original");
  const install = original.find((r) => r.line === 4);
  assert.deepEqual(install, { line: 4, keyword: "RUN", state: "rebuilt", work: ["pip install"] });
  assert.equal(original.find((r) => r.line === 3).state, "rebuilt");
  assert.match(await s.page.textContent('[data-testid="build-summary"]'), /reruns 2 steps, including pip install/);
  for (const change of ["source", "dependencies"]) {
    await scenario(s.page, change);
    assert.deepEqual(
      (await rows(s.page, "original")).map(({ line, state }) => ({ line, state })),
      expectedStates(seed("01-"), change),
      change,
    );
  }
  // The base image estimate is labelled with its source.
  const estimate = await s.page.textContent('[data-testid="build-estimate"]');
  assert.match(estimate, /python:3\.13\.1 \(full image\)/);
  assert.match(estimate, /Estimate\. Source: .*article/);
  await done(s);
});

test(
  "01: in its rewrite a source edit does not rerun pip install",
  async () => {
    const s = await open();
    await showBuild(s.page, "01-");
    await scenario(s.page, "source");
    assert.deepEqual(rebuiltInstalls(await rows(s.page, "rewrite")), []);
    assert.match(await s.page.textContent('[data-testid="build-summary"]'), /after the rewrite: 1 step/);
    await scenario(s.page, "dependencies");
    assert.equal(rebuiltInstalls(await rows(s.page, "rewrite")).length, 1);
    await done(s);
  },
);

test("09: two stages, the final one copies from builder", async () => {
  const s = await open();
  await showBuild(s.page, "09-");
  const nodes = await s.page.$$eval('[data-testid="stage-node"]', (els) =>
    els.map((e) => ({ stage: e.dataset.stage, name: e.dataset.name, final: e.dataset.final, needed: e.dataset.needed })),
  );
  assert.deepEqual(nodes, [
    { stage: "0", name: "builder", final: "false", needed: "true" },
    { stage: "1", name: "", final: "true", needed: "true" },
  ]);
  const edges = await s.page.$$eval('[data-testid="stage-edge"]', (els) =>
    els.map((e) => ({ from: e.dataset.from, to: e.dataset.to, kind: e.dataset.kind, label: e.querySelector("text").textContent })),
  );
  assert.deepEqual(edges, [{ from: "0", to: "1", kind: "copy_from", label: "COPY /app/wheels/" }]);
  assert.match(await s.page.textContent('[data-testid="stage-node"][data-final="true"]'), /final/i);
  // A manifest edit reruns the wheel build and, through COPY --from, the final stage's installs.
  await scenario(s.page, "dependencies");
  const original = await rows(s.page, "original");
  assert.deepEqual(
    original.filter((r) => r.state === "rebuilt").map((r) => r.line),
    [5, 6, 7, 15, 16, 17, 19],
  );
  assert.deepEqual(original.map(({ line, state }) => ({ line, state })), expectedStates(seed("09-"), "dependencies"));
  await done(s);
});

test("10: a source edit reruns no install step", async () => {
  const s = await open();
  await showBuild(s.page, "10-");
  await scenario(s.page, "source");
  for (const which of ["original", "rewrite"]) {
    const list = await rows(s.page, which);
    assert.deepEqual(rebuiltInstalls(list), [], which);
    assert.deepEqual(list.filter((r) => r.state === "rebuilt").map((r) => r.line), [16], which);
  }
  assert.match(await s.page.textContent('[data-testid="build-summary"]'), /reruns 1 step \(no install, build or download\)/);
  await scenario(s.page, "dependencies");
  assert.equal(rebuiltInstalls(await rows(s.page, "original")).length, 1);
  await done(s);
});

test("an unused stage is dimmed and reported", async () => {
  const s = await open();
  await typeInEditor(s.page, "FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine:3.20 AS test\nRUN echo test\nFROM alpine:3.20\nCOPY --from=build /app /app\n");
  await s.page.click("#tab-build");
  const note = s.page.locator('[data-testid="build-note"][data-kind="unused-stage"]');
  await note.waitFor();
  assert.equal(await note.count(), 1);
  assert.match(await note.textContent(), /stage 1 “test” is not used by the final stage\. BuildKit skips this stage/);
  const unused = s.page.locator('[data-testid="stage-node"][data-needed="false"]');
  assert.equal(await unused.getAttribute("data-name"), "test");
  assert.match(await unused.getAttribute("class"), /unused/);
  assert.equal(await s.page.getAttribute('[data-testid="timeline-original"] [data-testid="build-step"][data-line="4"]', "data-state"), "skipped");
  await done(s);
});

test("hovering a row highlights its lines in the editor; the view follows typing", async () => {
  const s = await open();
  await showBuild(s.page, "09-");
  const highlighted = () => s.page.$$eval('[data-testid="editor"] .cm-dd-build-line', (els) => els.map((e) => e.textContent));
  await s.page.hover('[data-testid="timeline-original"] [data-testid="build-step"][data-line="7"]');
  await s.page.waitForFunction(() => document.querySelectorAll('[data-testid="editor"] .cm-dd-build-line').length === 3);
  assert.match((await highlighted())[0], /^RUN pip wheel/);
  await s.page.hover('[data-testid="stage-graph"]', { position: { x: 1, y: 1 } });
  await s.page.waitForFunction(() => document.querySelectorAll('[data-testid="editor"] .cm-dd-build-line').length === 0);
  // Typing updates the plan.
  await typeInEditor(s.page, "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n");
  await s.page.waitForFunction(() => document.querySelectorAll('[data-testid="timeline-original"] [data-testid="build-step"]').length === 4);
  await scenario(s.page, "source");
  assert.deepEqual(rebuiltInstalls(await rows(s.page, "original")), []);
  await done(s);
});

test("a long file shows its first 200 rows until asked for all", async () => {
  const long = "FROM alpine:3.20\n" + Array.from({ length: 299 }, (_, i) => `RUN echo ${i}`).join("\n") + "\n";
  const s = await open("/#code=" + deflateRawSync(Buffer.from(long)).toString("base64url"));
  await s.page.click("#tab-build");
  const count = () => s.page.$$eval('[data-testid="timeline-original"] [data-testid="build-step"]', (e) => e.length);
  await s.page.waitForSelector('[data-testid="timeline-original"] .show-all');
  assert.equal(await count(), 200);
  assert.equal(await s.page.textContent('[data-testid="timeline-original"] .show-all'), "Show 100 more steps");
  await s.page.click('[data-testid="timeline-original"] .show-all');
  await s.page.waitForFunction(() => document.querySelectorAll('[data-testid="timeline-original"] [data-testid="build-step"]').length === 300);
  await done(s);
});

test("embed mode offers the Build tab only when asked", async () => {
  const fragment = "#code=" + deflateRawSync(Buffer.from(seed("09-"))).toString("base64url");
  const plain = await open("/?embed" + fragment);
  assert.equal(await plain.page.$("#tab-build"), null);
  await done(plain);
  const s = await open("/?embed&build" + fragment);
  await s.page.click("#tab-build");
  await s.page.waitForSelector('[data-testid="stage-edge"][data-kind="copy_from"]');
  await done(s);
});

test("screenshots of the Build view at desktop and phone widths", async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const [name, viewport, colorScheme] of [
    ["desktop", { width: 1280, height: 1000 }, "light"],
    ["phone", { width: 390, height: 844 }, "dark"],
  ]) {
    const s = await open("/", { viewport, colorScheme });
    await showBuild(s.page, "09-");
    await scenario(s.page, "dependencies");
    // Nothing hovered; on a phone, the results pane at the top.
    await s.page.mouse.move(0, 0);
    if (name === "phone") {
      await s.page.$eval(".results-pane", (el) => el.scrollIntoView({ block: "start" }));
    }
    await s.page.waitForTimeout(200);
    await s.page.screenshot({ path: join(SCREENSHOTS, `build-${name}.png`) });
    await done(s);
  }
});

test("no request left the page's origin", () => {
  assert.ok(allRequests.length > 0);
  const foreign = allRequests.filter((u) => !u.startsWith(server.origin + "/"));
  assert.deepEqual(foreign, []);
});
