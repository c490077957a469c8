// The playground, as a person uses it (issue 8's acceptance list).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import {
  ROOT, SCREENSHOTS, serve, launch, openPage, ready, typeInEditor, editorText, findings, card, rewriteText,
} from "./harness.mjs";

const SEEDS = join(ROOT, "examples", "seeds");
const EXAMPLES = readdirSync(SEEDS).filter((f) => f.endsWith(".Dockerfile")).sort();
const seed = (i) => readFileSync(join(SEEDS, EXAMPLES[i]), "utf8");

// The embed host: a page of the same origin holding the playground in an
// iframe and recording the messages it posts.
const EMBED_HOST = (src) => `<!doctype html><meta charset="utf-8"><title>host</title><link rel="icon" href="data:,">
<script src="/host.js"></script><iframe id="f" src="${src}" style="width:600px;height:300px;border:0"></iframe>`;
const HOST_JS = `window.__messages = [];
addEventListener("message", (e) => window.__messages.push({ origin: e.origin, data: e.data }));`;

let server, browser, drydock;
const allRequests = [];

before(async () => {
  server = await serve(undefined, {
    "/host.js": ["text/javascript", HOST_JS],
  });
  browser = await launch();
  // The CLI is the oracle for what the core reports.
  execFileSync("cargo", ["build", "-q", "-p", "drydock-cli"], { cwd: ROOT, stdio: "inherit" });
  drydock = join(ROOT, "target", "debug", "drydock");
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** What the CLI reports for `text`: [{code, line}] in the app's order. */
function cliFindings(text) {
  const dir = mkdtempSync(join(tmpdir(), "drydock-web-"));
  const file = join(dir, "Dockerfile");
  writeFileSync(file, text);
  const out = execFileSync(drydock, ["lint", "--format", "json", "--no-fail", file], { cwd: dir });
  return JSON.parse(out).map((d) => ({ code: d.code, line: d.line }));
}

/** `text` in a Dockerfile of a fresh temporary directory: its path. */
function fileOf(text) {
  const dir = mkdtempSync(join(tmpdir(), "drydock-web-"));
  const file = join(dir, "Dockerfile");
  writeFileSync(file, text);
  return file;
}

const sortFindings = (list) =>
  [...list].sort((a, b) => a.line - b.line || a.code.localeCompare(b.code));

async function open(path = "/", options) {
  const session = await openPage(browser, server.origin, options);
  session.requests = session.requests || [];
  await session.page.goto(server.origin + path);
  await ready(session.page);
  return session;
}

/** Every request stayed on the page's origin, and nothing logged an error. */
async function done({ context, requests, errors }, { allowErrors = false } = {}) {
  allRequests.push(...requests);
  for (const url of requests) {
    assert.ok(url.startsWith(server.origin + "/"), `request left the origin: ${url}`);
  }
  if (!allowErrors) assert.deepEqual(errors, []);
  await context.close();
}

async function waitForFindings(page, predicate, arg) {
  await page.waitForFunction(predicate, arg, { timeout: 10000 });
}

async function shareUrl(page) {
  await page.click('[data-testid="share-button"]');
  const url = await page.inputValue('[data-testid="share-url"]');
  await page.keyboard.press("Escape");
  return url;
}

test("the default example is example 01, with the core's findings", async () => {
  const s = await open();
  assert.equal(await editorText(s.page), seed(0).replace(/\n$/, "\n").split("\n").join("\n"));
  const expected = cliFindings(seed(0));
  await s.page.waitForTimeout(300);
  assert.deepEqual(sortFindings(await findings(s.page)), sortFindings(expected));
  // Issue 8: a first visitor sees the point at once: the naive example
  // has the articles' findings (slim base image, cache order, …).
  assert.ok(expected.length > 0, "the core reports nothing for example 01");
  assert.ok((await findings(s.page)).length > 0);
  assert.ok(expected.some((f) => f.code === "DD001"), "example 01: DD001 (slim base image)");
  mkdirSync(SCREENSHOTS, { recursive: true });
  await done(s);
});

test("every example shows what the CLI reports, marked in the editor", async () => {
  const s = await open();
  for (let i = 0; i < EXAMPLES.length; i++) {
    await s.page.selectOption('[data-testid="example-picker"]', String(i));
    const expected = sortFindings(cliFindings(seed(i)));
    // The list may still show the previous example's findings (the
    // worker answers later): wait for exactly these.
    await waitForFindings(
      s.page,
      (want) =>
        JSON.stringify(
          [...document.querySelectorAll('[data-testid="diagnostic"]')]
            .map((e) => ({ code: e.dataset.code, line: Number(e.dataset.line) }))
            .sort((a, b) => a.line - b.line || a.code.localeCompare(b.code)),
        ) === want,
      JSON.stringify(expected),
    );
    assert.deepEqual(sortFindings(await findings(s.page)), expected, EXAMPLES[i]);
    assert.equal(await editorText(s.page), seed(i), EXAMPLES[i]);
    if (expected.length) {
      await s.page.waitForSelector('[data-testid="editor"] [class*="cm-lintRange-"]');
    }
  }
  // The acceptance table: 07 reports DL3007 at line 1.
  const seven = EXAMPLES.findIndex((f) => f.startsWith("07-"));
  await s.page.selectOption('[data-testid="example-picker"]', String(seven));
  await s.page.waitForSelector('[data-testid="diagnostic"][data-code="DL3007"][data-line="1"]');
  await done(s);
});

test("typing updates the findings, and the CI verdict when asked for", async () => {
  const s = await open();
  await typeInEditor(s.page, "FROM ubuntu:24.04\n");
  await waitForFindings(s.page, () => document.querySelectorAll('[data-testid="diagnostic"]').length === 0);
  // The verdict is shown only on request, phrased neutrally.
  assert.equal(await s.page.$('[data-testid="ci-status"]'), null);
  await s.page.click("text=CI verdict");
  assert.match(await s.page.textContent('[data-testid="ci-status"]'), /would exit 0/);
  await s.page.click('[data-testid="editor"] .cm-content');
  await s.page.keyboard.press("ControlOrMeta+End");
  await s.page.keyboard.type("FROM alpine:latest AS x\n");
  await s.page.waitForSelector('[data-testid="diagnostic"][data-code="DL3007"][data-line="2"]');
  assert.match(await s.page.textContent('[data-testid="ci-status"]'), /would exit 1: \d+ findings? at info or above/);
  // The hover in the editor gives the message and a link to the rule.
  assert.deepEqual(
    sortFindings(await findings(s.page)),
    sortFindings(cliFindings(await editorText(s.page))),
  );
  await done(s);
});

test("rule docs live in the app, fetched only when a rule page opens", async () => {
  // The wasm has no docs (the core's `docs` feature): the editor does not
  // ask for them.
  const first = await open("/");
  await first.page.waitForSelector('[data-testid="diagnostic"]');
  assert.ok(!first.requests.some((u) => u.includes("rule-docs.json")), "rule-docs.json loaded with the editor");
  await done(first);
  const s = await open("/#rule/DL3007");
  await s.page.waitForSelector('[data-testid="rule-docs-body"]');
  assert.equal(s.requests.filter((u) => u.includes("rule-docs.json")).length, 1);
  const text = await s.page.textContent('[data-testid="rule-docs"]');
  assert.match(text, /DL3007/);
  assert.match(text, /latest-tag/);
  assert.match(text, /FROM ubuntu:24\.04/); // the docs' "Use instead" example
  // The editor is kept (hidden) while reading docs.
  await s.page.click("text=← Back to the editor");
  await s.page.waitForSelector('[data-testid="editor"] .cm-content', { state: "visible" });
  await s.page.goto(server.origin + "/#rules");
  await s.page.waitForSelector('.rule-table a[href="#rule/DL3007"]');
  // Another rule's page, with the docs file gone from the network (as
  // offline): the docs were kept.
  await s.page.route("**/rule-docs.json", (route) => route.abort("internetdisconnected"));
  await s.page.click('.rule-table a[href="#rule/DL3008"]');
  await s.page.waitForSelector('[data-testid="rule-docs-body"]');
  assert.match(await s.page.textContent('[data-testid="rule-docs"]'), /DL3008/);
  assert.equal(s.requests.filter((u) => u.includes("rule-docs.json")).length, 1);
  await done(s);
});

test("the apt tables are fetched only for a text that needs them; its findings and rewrite are the CLI's", async () => {
  // Example 01 installs no apt package: the page never asks for them (the
  // first visit's bytes, issue 17), nor does its first edit.
  const first = await open("/");
  const asked = [];
  first.context.on("request", (r) => asked.push(r.url()));
  await first.page.waitForSelector('[data-testid="diagnostic"]');
  await typeInEditor(first.page, seed(0) + "# edited\n");
  await first.page.waitForSelector('#tab-rewrite');
  await first.page.waitForTimeout(300);
  assert.ok(![...first.requests, ...asked].some((u) => u.includes("/knowledge/")), "apt tables loaded for example 01");
  await done(first);
  // A link to a text that needs them: the first check waits for them (in
  // the worker), so the findings and the rewrite are the CLI's. The rewrite
  // adds ca-certificates only with the tables (git recommends it).
  const text = "FROM debian:12\nRUN apt-get update && apt-get install -y git\n";
  const fixed = execFileSync(drydock, ["fix", "-q", fileOf(text)]).toString();
  assert.match(fixed, /git ca-certificates/);
  const s = await open("/#code=" + deflateRawSync(Buffer.from(text)).toString("base64url"));
  await s.page.waitForSelector('[data-testid="diagnostic"]');
  assert.deepEqual(sortFindings(await findings(s.page)), sortFindings(cliFindings(text)));
  assert.equal((await rewriteText(s.page)).trimEnd(), fixed.trimEnd());
  await done(s);
  // Typed on a page that has not loaded them: the same.
  const t = await open("/");
  await t.page.waitForSelector('[data-testid="diagnostic"]');
  await typeInEditor(t.page, text);
  // The findings of the text as typed come once the worker (which loads
  // the tables) has checked it: wait for them.
  const expected = sortFindings(cliFindings(text));
  for (let i = 0; i < 100; i++) {
    if (JSON.stringify(sortFindings(await findings(t.page))) === JSON.stringify(expected)) break;
    await t.page.waitForTimeout(100);
  }
  assert.equal(await editorText(t.page), text);
  assert.deepEqual(sortFindings(await findings(t.page)), expected);
  assert.equal((await rewriteText(t.page)).trimEnd(), fixed.trimEnd());
  await done(t);
});

test("a share link round-trips the text and the settings", async () => {
  const s = await open();
  const text = "FROM ubuntu:latest\nRUN echo 'héllo wörld 😀'\nFROM alpine:latest\n";
  await typeInEditor(s.page, text);
  await s.page.waitForSelector('[data-testid="diagnostic"][data-code="DL3007"][data-line="3"]');
  // Ignore DL3007 everywhere: the setting travels with the link.
  await s.page.click(`${card("DL3007")} >> text=Why, and other choices`);
  await s.page.click(`${card("DL3007")} >> text=Ignore everywhere`);
  await waitForFindings(s.page, () => !document.querySelector('[data-testid="diagnostic"][data-code="DL3007"]'));
  const url = await shareUrl(s.page);
  assert.match(url, /#code=[A-Za-z0-9_-]+&cfg=[A-Za-z0-9_-]+&v=\d+\.\d+\.\d+/);
  // The fragment is raw DEFLATE in base64url: node can read it.
  const code = new URL(url).hash.match(/code=([^&]*)/)[1];
  const raw = Buffer.from(code.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  const { inflateRawSync } = await import("node:zlib");
  assert.equal(inflateRawSync(raw).toString("utf8"), await editorText(s.page));

  const t = await open(new URL(url).pathname + new URL(url).hash);
  assert.equal(await editorText(t.page), await editorText(s.page));
  await t.page.waitForTimeout(300);
  assert.equal(await t.page.$('[data-testid="diagnostic"][data-code="DL3007"]'), null);
  // The link's length is shown.
  await t.page.click('[data-testid="share-button"]');
  assert.match(await t.page.textContent('[data-testid="share-length"]'), /^\d+ characters\./);
  await done(s);
  await done(t);
});

test("Ctrl+S copies the share link", async () => {
  const s = await open();
  await s.page.click('[data-testid="editor"] .cm-content');
  await s.page.keyboard.press("Control+s");
  await s.page.waitForSelector("text=Link copied");
  const copied = await s.page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await shareUrl(s.page));
  await done(s);
});

test("rejecting a suggestion changes the rewrite", async () => {
  const s = await open();
  const eleven = EXAMPLES.findIndex((f) => f.startsWith("11-"));
  await s.page.selectOption('[data-testid="example-picker"]', String(eleven));
  // Wait for example 11's own results (DD014 is only there): the
  // previous example's toggles may still be on screen.
  await s.page.waitForSelector('[data-testid="diagnostic"][data-code="DD014"]');
  await s.page.waitForTimeout(300);
  await s.page.click("#tab-rewrite");
  const rewrite = '[data-testid="rewrite"]';
  await s.page.waitForSelector(rewrite);
  // DL3042's edit (`--no-cache-dir`) is no other rule's: rejecting it
  // must change the rewrite (a fix whose edit another accepted rule also
  // proposes would not).
  const pipToggle = `${card("DL3042")} [data-testid="fix-toggle"]`;
  const rewritten = () => s.page.$eval(rewrite, (el) => [...el.querySelectorAll(".cm-line")].map((l) => l.textContent).join("\n"));
  const all = await rewritten();
  assert.notEqual(all, seed(eleven).replace(/\n$/, ""), "accepting every fix changes the text");
  await s.page.click("#tab-problems");
  await s.page.click(pipToggle);
  await s.page.click("#tab-rewrite");
  await s.page.waitForFunction(
    ([sel, before]) => [...document.querySelector(sel).querySelectorAll(".cm-line")].map((l) => l.textContent).join("\n") !== before,
    [rewrite, all],
  );
  const fewer = await rewritten();
  assert.notEqual(fewer, all);
  // Accepting it again brings the first rewrite back.
  await s.page.click("#tab-problems");
  await s.page.click(pipToggle);
  await s.page.click("#tab-rewrite");
  await s.page.waitForFunction(
    ([sel, want]) => [...document.querySelector(sel).querySelectorAll(".cm-line")].map((l) => l.textContent).join("\n") === want,
    [rewrite, all],
  );
  await done(s);
});

test("ignore here inserts a hadolint pragma above the instruction", async () => {
  const s = await open();
  await typeInEditor(s.page, "FROM ubuntu:latest\n");
  await s.page.waitForSelector('[data-testid="diagnostic"][data-code="DL3007"]');
  await s.page.click(`${card("DL3007")} >> text=Why, and other choices`);
  await s.page.click(`${card("DL3007")} >> text=Ignore here`);
  await waitForFindings(s.page, () => !document.querySelector('[data-testid="diagnostic"][data-code="DL3007"]'));
  assert.match(await editorText(s.page), /^# hadolint ignore=DL3007 # reason: \nFROM ubuntu:latest/);
  await done(s);
});

test("embed mode renders compactly and posts its height", async () => {
  const fragment = "#code=" + deflateRawSync(Buffer.from("FROM ubuntu:latest\n")).toString("base64url");
  const host = await serve(undefined, {
    "/host.js": ["text/javascript", HOST_JS],
    "/host.html": ["text/html", EMBED_HOST("/?embed" + fragment)],
  });
  const s = await openPage(browser, host.origin);
  await s.page.goto(host.origin + "/host.html");
  const frame = s.page.frameLocator("#f");
  await frame.locator('[data-testid="embed"]').waitFor();
  await frame.locator('[data-testid="diagnostic"][data-code="DL3007"]').waitFor();
  await s.page.waitForFunction(() => window.__messages.some((m) => m.data?.type === "drydock:height"));
  const messages = await s.page.evaluate(() => window.__messages);
  for (const m of messages) {
    assert.deepEqual(Object.keys(m.data).sort(), ["height", "type"]);
    assert.equal(m.data.type, "drydock:height");
    assert.ok(Number.isInteger(m.data.height) && m.data.height > 100, JSON.stringify(m.data));
  }
  assert.equal(await frame.locator('[data-testid="share-button"]').count(), 0);
  assert.match(await frame.locator("text=Open in Drydock").getAttribute("href"), /#code=/);
  for (const url of s.requests) assert.ok(url.startsWith(host.origin + "/"), url);
  assert.deepEqual(s.errors, []);
  await s.context.close();
  await host.close();
});

test("broken and over-long links show the banner and the app keeps working", async () => {
  const big = deflateRawSync(Buffer.from("#".repeat(300 * 1024))).toString("base64url");
  const good = deflateRawSync(Buffer.from("FROM ubuntu:22.04\nRUN apt-get update\n")).toString("base64url");
  for (const [fragment, says] of [
    ["#code=%%%not-base64", /damaged/],
    ["#code=" + good.slice(0, good.length - 6), /truncated|damaged/],
    ["#code=" + big, /larger than 256 KB/],
  ]) {
    const s = await open("/" + fragment);
    const banner = s.page.locator('[data-testid="error-banner"]');
    await banner.waitFor();
    assert.match(await banner.textContent(), says);
    await typeInEditor(s.page, "FROM ubuntu:latest");
    await s.page.waitForSelector('[data-testid="diagnostic"][data-code="DL3007"]');
    await done(s);
  }
});

test("hostile text is shown as text and never runs", async () => {
  const hostile = 'FROM ubuntu:latest\nRUN echo "<script>window.__pwned=1</script>"\nLABEL x="<img src=x onerror=window.__pwned=2>"\n';
  const fragment = "#code=" + deflateRawSync(Buffer.from(hostile)).toString("base64url");
  const s = await open("/" + fragment);
  assert.equal(await editorText(s.page), hostile);
  await s.page.waitForSelector('[data-testid="diagnostic"][data-code="DL3007"]');
  await typeInEditor(s.page, '<img src=x onerror="window.__pwned=3">\n<script>window.__pwned=4</script>');
  await s.page.waitForTimeout(400);
  await s.page.goto(server.origin + "/#rule/%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D5%3E");
  await s.page.waitForSelector("text=Drydock has no rule called");
  assert.equal(await s.page.evaluate(() => window.__pwned), undefined);
  assert.equal(await s.page.$$eval("img", (els) => els.length), 0);
  await done(s, { allowErrors: false });
});

test("a reload keeps the text (autosave)", async () => {
  const s = await open();
  const text = "FROM alpine:3.20\nRUN echo kept\n";
  await typeInEditor(s.page, text);
  await s.page.waitForTimeout(500);
  await s.page.reload();
  await ready(s.page);
  assert.equal(await editorText(s.page), text);
  await done(s);
});

test("screenshots at desktop and phone widths, light and dark", async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const [name, viewport, colorScheme] of [
    ["desktop", { width: 1280, height: 800 }, "light"],
    ["desktop-dark", { width: 1280, height: 800 }, "dark"],
    ["phone", { width: 390, height: 844 }, "dark"],
    ["phone-light", { width: 390, height: 844 }, "light"],
  ]) {
    // What a first visitor sees: the default example.
    const s = await open("/", { viewport, colorScheme });
    await s.page.waitForSelector('[data-testid="problem"]');
    await s.page.waitForTimeout(300);
    await s.page.screenshot({ path: join(SCREENSHOTS, `playground-${name}.png`) });
    await s.page.click("#tab-rewrite");
    await s.page.waitForSelector('[data-testid="rewrite"]');
    if (viewport.width < 600) await s.page.$eval("#results", (el) => el.scrollIntoView({ block: "start" }));
    await s.page.waitForTimeout(300);
    await s.page.screenshot({ path: join(SCREENSHOTS, `rewrite-${name}.png`) });
    await done(s);
  }
});

test("no request left the page's origin", () => {
  assert.ok(allRequests.length > 0, "the tests recorded requests");
  const foreign = allRequests.filter((u) => !u.startsWith(server.origin + "/") && !u.startsWith("http://127.0.0.1:"));
  assert.deepEqual(foreign, []);
});
