// Issue 8 beyond the basics: the JS API, links made by `drydock share`, the
// share dialog, export, the .dockerignore, many findings, and the page's
// accessibility at desktop and phone widths.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { serve, launch, openPage, ready, typeInEditor, editorText, findings, buildCli, tempFile, card, rewriteText } from "./harness.mjs";

const API_PAGE = `<!doctype html><meta charset="utf-8"><title>api</title><link rel="icon" href="data:,">
<script type="module" src="/api-page.js"></script><p id="out">waiting</p>`;
const API_JS = `import { lint, fix } from "/drydock.js";
const text = "FROM ubuntu:latest\\nRUN pip install flask\\n";
window.__api = (async () => ({
  findings: await lint(text),
  ignored: await lint(text, { ignored: ["DL3007"] }),
  all: await fix(text),
  rejected: await fix(text, { rejected: ["DL3042@2"] }),
  bad: await lint(text, { ignored: 5 }).then(() => "accepted", (e) => String(e.message || e)),
  wrongType: await lint(text, { ignored: "DL3013" }).then(() => "accepted", (e) => String(e.message || e)),
  misspelled: await fix(text, { ignord: ["DL3013"] }).then(() => "accepted", (e) => String(e.message || e)),
  threshold: await lint(text, { failure_threshold: "fatal" }).then(() => "accepted", (e) => String(e.message || e)),
  rejectedType: await fix(text, { rejected: "DL3042@2" }).then(() => "accepted", (e) => String(e.message || e)),
}))();
window.__api.then(() => { document.getElementById("out").textContent = "done"; });`;

let server, browser, cli;
before(async () => {
  server = await serve(undefined, {
    "/api.html": ["text/html", API_PAGE],
    "/api-page.js": ["text/javascript", API_JS],
  });
  browser = await launch();
  cli = await buildCli();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path = "/", options) {
  const s = await openPage(browser, server.origin, options);
  await s.page.goto(server.origin + path);
  await ready(s.page);
  return s;
}

async function close(s) {
  for (const url of s.requests) assert.ok(url.startsWith(server.origin + "/"), url);
  assert.deepEqual(s.errors, []);
  await s.context.close();
}

test("the JS API: lint and fix return plain objects, as the CLI reports", async () => {
  const s = await openPage(browser, server.origin);
  await s.page.goto(server.origin + "/api.html");
  await s.page.waitForSelector("#out:text('done')", { timeout: 20000 });
  const r = await s.page.evaluate(() => window.__api);
  const text = "FROM ubuntu:latest\nRUN pip install flask\n";
  const expected = JSON.parse(cli(["lint", "--format", "json", "--no-fail", await tempFile(text)]));
  assert.deepEqual(r.findings.map((f) => [f.code, f.line, f.column, f.severity, f.message]),
    expected.map((f) => [f.code, f.line, f.column, f.severity, f.message]));
  const dl3042 = r.findings.find((f) => f.code === "DL3042");
  assert.equal(dl3042.id, "DL3042@2");
  assert.equal(dl3042.fix.applies, true);
  assert.ok(!r.ignored.some((f) => f.code === "DL3007"));
  assert.match(r.all.text, /pip install --no-cache-dir flask/);
  assert.ok(r.all.applied.some((a) => a.id === "DL3042@2"));
  assert.doesNotMatch(r.rejected.text, /--no-cache-dir/);
  assert.equal(r.rejected.skipped.find((x) => x.id === "DL3042@2").reason, "rejected");
  // A malformed config is refused, and the message names the key.
  assert.match(r.bad, /config key `ignored`/);
  assert.match(r.wrongType, /config key `ignored`: invalid type: string "DL3013", expected a sequence/);
  assert.match(r.misspelled, /unknown config key `ignord` \(did you mean `ignored`\?\)/);
  assert.match(r.threshold, /config key `failure_threshold`/);
  assert.match(r.rejectedType, /config key `rejected`/);
  // The API page is not turned into the playground.
  assert.equal(await s.page.$(".app"), null);
  await close(s);
});

test("a link printed by `drydock share` opens in the playground", async () => {
  const text = "FROM python:3.13\n# héllo 😀\nRUN pip install flask\n";
  const file = await tempFile(text);
  writeFileSync(join(dirname(file), "ignore"), ".git\n");
  writeFileSync(join(dirname(file), ".hadolint.yaml"), "ignored: [DL3042]\n");
  const url = cli(["share", "--base", server.origin + "/", "--dockerignore", "ignore", "Dockerfile"], { cwd: dirname(file) }).trim();
  const s = await open(url.slice(server.origin.length));
  assert.equal(await editorText(s.page), text.replace(/\n$/, "\n"));
  await s.page.waitForTimeout(300);
  assert.equal(await s.page.$('[data-testid="diagnostic"][data-code="DL3042"]'), null, "the settings came along");
  await s.page.click("#file-dockerignore");
  assert.equal(await s.page.inputValue('[data-testid="dockerignore"]'), ".git\n");
  // The playground's own link for the same state is the same link.
  await s.page.click('[data-testid="share-button"]');
  assert.equal(await s.page.inputValue('[data-testid="share-url"]'), url);
  await close(s);
});

test("hovering a marked finding shows its message and a link to the rule's docs", async () => {
  const s = await open();
  await typeInEditor(s.page, "FROM ubuntu:latest\n");
  await s.page.waitForSelector('[data-testid="editor"] .cm-lintRange-warning');
  await s.page.hover('[data-testid="editor"] .cm-lintRange-warning');
  const tip = s.page.locator(".cm-tooltip .cm-dd-message");
  await tip.waitFor();
  assert.match(await tip.textContent(), /^DL3007: Using latest/);
  await tip.locator('a[href="#rule/DL3007"]').click();
  await s.page.waitForSelector('[data-testid="rule-docs"]');
  await close(s);
});

test("the editor's usual keys: undo, search, indent (Ctrl+]); Tab leaves it", async () => {
  const s = await open();
  await typeInEditor(s.page, "FROM ubuntu:24.04\nRUN true");
  await s.page.keyboard.press("Home");
  await s.page.keyboard.press("Control+BracketRight");
  assert.equal(await editorText(s.page), "FROM ubuntu:24.04\n  RUN true");
  // The editor says how to indent, and Tab moves on (WCAG 2.1.2).
  assert.equal(await s.page.getAttribute('[data-testid="editor"] .cm-content', "aria-describedby"), "editor-hint");
  assert.match(await s.page.textContent("#editor-hint"), /Ctrl\+\]/);
  await s.page.keyboard.press("Tab");
  assert.equal(await s.page.evaluate(() => document.activeElement.closest(".cm-editor")), null, "Tab left the editor");
  assert.equal(await editorText(s.page), "FROM ubuntu:24.04\n  RUN true");
  await s.page.click('[data-testid="editor"] .cm-content');
  await s.page.keyboard.press("End");
  await s.page.keyboard.press("ControlOrMeta+z");
  assert.equal(await editorText(s.page), "FROM ubuntu:24.04\nRUN true");
  await s.page.keyboard.press("ControlOrMeta+f");
  await s.page.waitForSelector('[data-testid="editor"] .cm-search input[name="search"]');
  await close(s);
});

test("a rejected suggestion stays rejected when lines above it change", async () => {
  const s = await open();
  await typeInEditor(s.page, "FROM debian:12\nRUN pip install flask\n");
  const toggle = `${card("DL3042")} [data-testid="fix-toggle"]`;
  await s.page.waitForSelector(toggle);
  await s.page.click(toggle);
  await s.page.waitForTimeout(200);
  const rewrite = () => rewriteText(s.page);
  assert.doesNotMatch(await rewrite(), /--no-cache-dir/);
  await s.page.click('[data-testid="editor"] .cm-content');
  await s.page.keyboard.press("ControlOrMeta+Home");
  await s.page.keyboard.type("# a note\n");
  await s.page.waitForSelector('[data-testid="diagnostic"][data-code="DL3042"][data-line="3"]');
  await s.page.waitForTimeout(300);
  assert.equal(await s.page.isChecked(toggle), false);
  assert.doesNotMatch(await rewrite(), /--no-cache-dir/);
  await close(s);
});

test("the share dialog: length, long-link warning, iframe, Markdown, version", async () => {
  const s = await open();
  await typeInEditor(s.page, "FROM ubuntu:24.04\n");
  await s.page.click('[data-testid="share-button"]');
  const url = await s.page.inputValue('[data-testid="share-url"]');
  const version = (await s.page.textContent('[data-testid="version"]')).replace("Drydock v", "");
  assert.ok(url.endsWith("&v=" + version), url);
  assert.equal(await s.page.textContent('[data-testid="share-length"]'), `${url.length} characters.`);
  const iframe = await s.page.inputValue('[data-testid="share-iframe"]');
  assert.ok(iframe.startsWith(`<iframe src="${server.origin}/?embed#code=`), iframe);
  assert.equal(await s.page.inputValue('[data-testid="share-markdown"]'), `[Dockerfile checked by Drydock](${url})`);
  await s.page.keyboard.press("Escape");
  // Text that does not compress: a long link, and a warning.
  const { randomBytes } = await import("node:crypto");
  const noise = `FROM ubuntu:24.04\nLABEL noise="${randomBytes(1800).toString("base64url")}"\n`;
  await s.page.click('[data-testid="editor"] .cm-content');
  await s.page.keyboard.press("ControlOrMeta+a");
  await s.page.keyboard.insertText(noise);
  await s.page.waitForTimeout(300);
  await s.page.click('[data-testid="share-button"]');
  const long = await s.page.textContent('[data-testid="share-length"]');
  assert.match(long, /^\d{4,} characters\. Longer than 2000: some chat apps cut such links\./);
  assert.ok(await s.page.$('[data-testid="share-length"].warn'));
  await close(s);
});

test("export: SARIF and JSON as the CLI writes them, and the matching .hadolint.yaml", async () => {
  const s = await open();
  const text = "FROM ubuntu:latest\nRUN pip install flask\n";
  await typeInEditor(s.page, text);
  await s.page.waitForSelector('[data-testid="diagnostic"][data-code="DL3042"]');
  await s.page.click(`${card("DL3042")} >> text=Why, and other choices`);
  await s.page.click(`${card("DL3042")} >> text=Ignore everywhere`);
  await s.page.click('[data-testid="export-button"]');
  const download = async (testid) => {
    const [d] = await Promise.all([s.page.waitForEvent("download"), s.page.click(`[data-testid="${testid}"]`)]);
    return [d.suggestedFilename(), readFileSync(await d.path(), "utf8")];
  };
  const [sarifName, sarif] = await download("export-drydock.sarif");
  const [jsonName, json] = await download("export-drydock.json");
  const [yamlName, yaml] = await download("export-hadolint.yaml");
  assert.deepEqual([sarifName, jsonName], ["drydock.sarif", "drydock.json"]);
  // Chromium drops the leading dot of a downloaded name (the dialog says
  // to save it as .hadolint.yaml).
  assert.match(yamlName, /^\.?hadolint\.yaml$/);
  const file = await tempFile(text);
  writeFileSync(join(dirname(file), ".hadolint.yaml"), yaml);
  const opts = { cwd: dirname(file) };
  assert.deepEqual(JSON.parse(json), JSON.parse(cli(["lint", "--format", "json", "--no-fail", "Dockerfile"], opts)));
  assert.deepEqual(JSON.parse(sarif), JSON.parse(cli(["lint", "--format", "sarif", "--no-fail", "Dockerfile"], opts)));
  assert.match(yaml, /ignored:\n {2}- "DL3042"/);
  assert.ok(!JSON.parse(json).some((f) => f.code === "DL3042"));
  await close(s);
});

test("many findings stay readable: one card per problem, repeats of a rule folded", async () => {
  const s = await open();
  let text = "FROM ubuntu:latest\n";
  for (let i = 0; i < 12; i++) text += `RUN pip install pkg${i}\nCOPY a${i} b${i}\n`;
  await typeInEditor(s.page, text);
  const expected = JSON.parse(cli(["lint", "--format", "json", "--no-fail", await tempFile(text)]));
  assert.ok(expected.length >= 20, `${expected.length} findings`);
  await s.page.waitForFunction((n) => document.querySelectorAll('[data-testid="diagnostic"]').length === n, expected.length);
  const cards = await s.page.$$eval('[data-testid="problem"]', (els) => els.map((e) => e.dataset.id));
  assert.equal(new Set(cards).size, cards.length, "one card per problem");
  // Beyond three cards of one rule, the rest fold away, still listed.
  const folded = await s.page.$$eval(".more-cards > details", (els) => els.map((e) => [e.open, e.querySelectorAll('[data-testid="diagnostic"]').length]));
  assert.ok(folded.length > 0 && folded.every(([open, n]) => !open && n > 0), JSON.stringify(folded));
  const visible = await s.page.$$eval('[data-testid="problem"]', (els) => els.filter((e) => e.checkVisibility()).length);
  assert.ok(visible <= 12, `${visible} cards visible of ${cards.length}`);
  await close(s);
});

test("the pasted .dockerignore is what the checks read", async () => {
  const s = await open();
  const text = "FROM scratch\nCOPY ./tmp/helloworld.txt /helloworld.txt\n";
  await typeInEditor(s.page, text);
  await s.page.waitForTimeout(500);
  assert.equal(await s.page.$('[data-testid="diagnostic"][data-code="CopyIgnoredFile"]'), null);
  await s.page.click("#file-dockerignore");
  await s.page.fill('[data-testid="dockerignore"]', "tmp/\n");
  await s.page.waitForSelector('[data-testid="diagnostic"][data-code="CopyIgnoredFile"][data-line="2"]');
  // As the CLI reads the .dockerignore beside the Dockerfile.
  const file = await tempFile(text);
  writeFileSync(join(dirname(file), ".dockerignore"), "tmp/\n");
  const expected = JSON.parse(cli(["lint", "--format", "json", "--no-fail", "Dockerfile"], { cwd: dirname(file) }));
  assert.deepEqual((await findings(s.page)).map((f) => f.code).sort(), expected.map((f) => f.code).sort());
  await close(s);
});

test("the project's .dockerignore is kept: autosaved and carried by links", async () => {
  const s = await open();
  await s.page.click("#file-dockerignore");
  await s.page.fill('[data-testid="dockerignore"]', ".git\nnode_modules\n");
  await s.page.waitForTimeout(400);
  await s.page.reload();
  await ready(s.page);
  await s.page.click("#file-dockerignore");
  assert.equal(await s.page.inputValue('[data-testid="dockerignore"]'), ".git\nnode_modules\n");
  await s.page.click('[data-testid="share-button"]');
  assert.match(await s.page.inputValue('[data-testid="share-url"]'), /&dockerignore=[A-Za-z0-9_-]+&v=/);
  await close(s);
});

/** WCAG contrast of an element's text against its painted background. */
async function contrasts(page, selectors) {
  return page.evaluate((sels) => {
    const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const out = {};
    for (const sel of sels) {
      const el = document.querySelector(sel);
      if (!el) { out[sel] = null; continue; }
      const a = lum(rgb(getComputedStyle(el).color).slice(0, 3));
      const b = lum(background(el));
      out[sel] = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }
    return out;
  }, selectors);
}

test("accessible: labels, focus order, contrast in light and dark, stacked on phones", async () => {
  for (const [viewport, colorScheme] of [[{ width: 1280, height: 800 }, "light"], [{ width: 390, height: 844 }, "dark"]]) {
    const s = await open("/", { viewport, colorScheme });
    await typeInEditor(s.page, "FROM ubuntu:latest\nRUN pip install flask\n");
    await s.page.waitForSelector('[data-testid="fix-toggle"]');
    // Every control has an accessible name.
    const unnamed = await s.page.$$eval("button, select, input, textarea, [role=tab]", (els) =>
      els.filter((e) => e.offsetParent !== null).filter((e) => {
        const byLabel = e.id && document.querySelector(`label[for="${e.id}"]`);
        const wrapped = e.closest("label");
        return !(e.getAttribute("aria-label") || byLabel || wrapped || e.textContent.trim());
      }).map((e) => e.outerHTML.slice(0, 80)));
    assert.deepEqual(unnamed, []);
    // Tab goes through the header in reading order, then the editor.
    await s.page.focus(".brand a");
    const order = [];
    for (let i = 0; i < 14; i++) {
      order.push(await s.page.evaluate(() => document.activeElement.dataset.testid || document.activeElement.id || document.activeElement.textContent.trim()));
      await s.page.keyboard.press("Tab");
    }
    assert.deepEqual(order.slice(0, 6), ["Drydock", "example-picker", "settings-button", "export-button", "Rules", "share-button"]);
    assert.ok(order.includes("file-dockerfile"), order.join(", "));
    // Every tab can be reached with the keyboard.
    assert.deepEqual(await s.page.$$eval("[role=tab]", (els) => els.filter((e) => e.tabIndex < 0).map((e) => e.id)), []);
    const ratios = await contrasts(s.page, [".tagline", ".card .message", ".impact.security", ".impact.size", ".impact.runtime", ".intro", ".code-link", ".footer", ".cm-line", ".editor-hint"]);
    for (const [sel, ratio] of Object.entries(ratios)) {
      if (ratio !== null) assert.ok(ratio >= 4.5, `${colorScheme}: ${sel} contrast ${ratio.toFixed(2)}`);
    }
    const boxes = await s.page.evaluate(() => [".editor-pane", ".results-pane"].map((q) => document.querySelector(q).getBoundingClientRect().toJSON()));
    if (viewport.width < 600) {
      assert.ok(boxes[0].bottom <= boxes[1].top, "stacked on a phone");
      assert.ok(await s.page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1), "no sideways scrolling");
    } else {
      assert.ok(boxes[0].right <= boxes[1].left, "side by side on a desktop");
    }
    await close(s);
  }
});
