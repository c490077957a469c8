// Issue 17's embeds: the playground embedded twice in a real documentation
// page (a small MkDocs site, built here and served from a second origin),
// each frame sized by the snippet's script to what it shows
// (docs/embedding.md).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { ROOT, serve, launch, openPage } from "./harness.mjs";

const SEEDS = join(ROOT, "examples", "seeds");
const seed = (prefix) => readFileSync(join(SEEDS, readdirSync(SEEDS).find((f) => f.startsWith(prefix))), "utf8");
const pack = (text) => deflateRawSync(Buffer.from(text)).toString("base64url");

let playground, docs, browser, site;

/** The snippet the Share dialog gives (crates/app/src/components/dialogs.rs). */
const snippet = (origin, query, text) =>
  `<iframe src="${origin}/?${query}#code=${pack(text)}" title="Dockerfile checked by Drydock" data-drydock-embed style="width:100%;height:360px;border:0" loading="lazy"></iframe>`;

before(async () => {
  playground = await serve();
  // A documentation site, as a project would write it: MkDocs, Markdown
  // with the snippets in it, built to static files (highlight.js off: it
  // would come from a CDN).
  const dir = mkdtempSync(join(tmpdir(), "drydock-docs-"));
  mkdirSync(join(dir, "docs"));
  writeFileSync(join(dir, "mkdocs.yml"), "site_name: Our service\nuse_directory_urls: false\ntheme:\n  name: mkdocs\n  highlightjs: false\n");
  const short = seed("06-"); // 13 lines
  writeFileSync(join(dir, "docs", "index.md"), [
    "# Building our image",
    "",
    "Our Dockerfile, checked by Drydock:",
    "",
    snippet(playground.origin, "embed", short),
    "",
    "And what Drydock would change in the API's image:",
    "",
    snippet(playground.origin, "embed&readonly&tab=rewrite", seed("11-")),
    "",
    `<script src="${playground.origin}/embed.js" async></script>`,
    "",
    "The end of the page.",
    "",
  ].join("\n"));
  execFileSync("python3", ["-m", "mkdocs", "build", "-q", "-f", join(dir, "mkdocs.yml"), "-d", join(dir, "site")], { stdio: "inherit" });
  site = join(dir, "site");
  docs = await serve(site);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await docs?.close();
  await playground?.close();
});

test("a MkDocs page on another origin embeds the playground twice, each frame sized to its content", async () => {
  assert.notEqual(docs.origin, playground.origin);
  const s = await openPage(browser, docs.origin, { viewport: { width: 1100, height: 900 } });
  await s.page.goto(docs.origin + "/index.html");
  const frames = s.page.locator("iframe[data-drydock-embed]");
  assert.equal(await frames.count(), 2);
  // The frames load lazily: bring each into view, as a reader would.
  for (let i = 0; i < 2; i++) await frames.nth(i).scrollIntoViewIfNeeded();
  // Both frames get their height from the script.
  await s.page.waitForFunction(() => [...document.querySelectorAll("iframe[data-drydock-embed]")].every((f) => f.dataset.drydockHeight), null, { timeout: 20000 });
  await s.page.waitForTimeout(800);
  const sizes = await s.page.$$eval("iframe[data-drydock-embed]", (els) => els.map((f) => ({ frame: f.getBoundingClientRect().height, posted: Number(f.dataset.drydockHeight) })));
  const inner = [];
  for (let i = 0; i < 2; i++) {
    const frame = s.page.frames().find((f) => f.url().startsWith(playground.origin) && f.url().includes(i === 0 ? "?embed#" : "tab=rewrite"));
    inner.push(await frame.evaluate(() => ({
      scroll: document.documentElement.scrollHeight,
      client: document.documentElement.clientHeight,
      app: document.querySelector(".app").getBoundingClientRect().height,
      editor: document.querySelector('[data-testid="editor"]').getBoundingClientRect().height,
      results: document.querySelector(".results-pane").getBoundingClientRect().height,
    })));
  }
  for (let i = 0; i < 2; i++) {
    // The frame is as tall as what it shows: no scroll inside, no gap.
    assert.ok(Math.abs(sizes[i].frame - sizes[i].posted) <= 1, JSON.stringify(sizes));
    assert.ok(inner[i].scroll <= inner[i].client + 1, `frame ${i} scrolls inside: ${JSON.stringify(inner[i])}`);
    assert.ok(Math.abs(inner[i].app - sizes[i].frame) <= 2, `frame ${i} leaves a gap: ${JSON.stringify([inner[i], sizes[i]])}`);
  }
  // A short file makes a compact embed (not 3,000 px with an empty
  // editor column).
  assert.ok(sizes[0].frame < 800, `short file: ${sizes[0].frame}px`);
  assert.ok(inner[0].editor < 13 * 24 + 120, `the editor column: ${inner[0].editor}px`);
  // The second opens on the rewrite, read-only.
  const second = s.page.frameLocator("iframe[data-drydock-embed] >> nth=1");
  await second.locator('[data-testid="rewrite"]').waitFor();
  assert.equal(await second.locator("#tab-rewrite").getAttribute("aria-selected"), "true");
  assert.equal(await second.locator('[data-testid="editor"] .cm-content').getAttribute("contenteditable"), "false");
  // A narrower page wraps the embed's lines: the frame follows, and still
  // fits its content.
  const before = sizes[0].frame;
  await s.page.setViewportSize({ width: 480, height: 900 });
  await s.page.waitForFunction((h) => document.querySelector("iframe[data-drydock-embed]").getBoundingClientRect().height !== h, before);
  await s.page.waitForTimeout(500);
  const frame0 = s.page.frames().find((f) => f.url().startsWith(playground.origin) && f.url().includes("?embed#"));
  const after = await s.page.$eval("iframe[data-drydock-embed]", (f) => f.getBoundingClientRect().height);
  const fit = await frame0.evaluate(() => [document.documentElement.scrollHeight, document.documentElement.clientHeight]);
  assert.ok(fit[0] <= fit[1] + 1 && Math.abs(fit[1] - after) <= 2, JSON.stringify([after, fit]));
  // Nothing left the two local origins.
  for (const url of s.requests) {
    assert.ok(url.startsWith(docs.origin + "/") || url.startsWith(playground.origin + "/"), url);
  }
  assert.deepEqual(s.errors, []);
  await s.context.close();
});

test("the embed script sizes only the frame that asked, and only for the playground's origin", async () => {
  const s = await openPage(browser, docs.origin);
  await s.page.goto(docs.origin + "/index.html");
  for (let i = 0; i < 2; i++) await s.page.locator("iframe[data-drydock-embed]").nth(i).scrollIntoViewIfNeeded();
  await s.page.waitForFunction(() => [...document.querySelectorAll("iframe[data-drydock-embed]")].every((f) => f.dataset.drydockHeight), null, { timeout: 20000 });
  // Settled: a frame whose text needs the apt tables (seed 11) posts its
  // height again once its worker has checked it.
  const heights = () => s.page.$$eval("iframe[data-drydock-embed]", (els) => els.map((f) => f.style.height));
  let before = await heights();
  for (let i = 0; i < 50; i++) {
    await s.page.waitForTimeout(200);
    const now = await heights();
    if (JSON.stringify(now) === JSON.stringify(before)) break;
    before = now;
  }
  // A message from the page itself (not a frame of the playground's origin).
  await s.page.evaluate(() => window.postMessage({ type: "drydock:height", height: 5 }, "*"));
  await s.page.waitForTimeout(300);
  assert.deepEqual(await s.page.$$eval("iframe[data-drydock-embed]", (els) => els.map((f) => f.style.height)), before);
  await s.context.close();
});
