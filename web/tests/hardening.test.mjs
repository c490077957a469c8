// Issue 11, the app: a page that cannot be turned against its user. A
// strict CSP, no user text through innerHTML, a panic shows the banner and
// keeps the text, hostile links are refused, postMessage is only sent.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { DIST, serve, launch, openPage, ready, typeInEditor, editorText } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await serve(undefined, {
    "/host.html": ["text/html", `<!doctype html><meta charset="utf-8"><title>host</title><link rel="icon" href="data:,"><script src="/host.js"></script><iframe id="f" src="/?embed#code=${deflateRawSync(Buffer.from("FROM ubuntu:latest\n")).toString("base64url")}" style="width:600px;height:300px;border:0"></iframe>`],
    "/host.js": ["text/javascript", `window.__messages = []; addEventListener("message", (e) => window.__messages.push(e.data));`],
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const pack = (text) => deflateRawSync(Buffer.from(text)).toString("base64url");

async function open(path = "/", options) {
  const s = await openPage(browser, server.origin, options);
  await s.page.goto(server.origin + path);
  await ready(s.page);
  return s;
}

test("index.html carries a strict Content-Security-Policy, and the page obeys it", async () => {
  const html = readFileSync(join(DIST, "index.html"), "utf8");
  const csp = html.match(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/)[1];
  const directives = Object.fromEntries(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives["default-src"], ["'self'"]);
  assert.deepEqual(directives["script-src"], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(directives["object-src"], ["'none'"]);
  assert.ok(!/(^|\s)'unsafe-eval'/.test(csp), "no eval");
  assert.ok(!/script-src[^;]*unsafe-inline/.test(csp));
  assert.ok(!/https?:|\*/.test(csp), "no other origin is allowed");
  assert.ok(!/<script(?![^>]*\ssrc=)[^>]*>\s*\S/.test(html), "no inline script is left");

  const s = await open();
  const violations = await s.page.evaluate(async () => {
    const seen = [];
    document.addEventListener("securitypolicyviolation", (e) => seen.push(e.violatedDirective));
    const script = document.createElement("script");
    script.textContent = "window.__inline = 1";
    document.body.append(script);
    const div = document.createElement("div");
    div.setAttribute("onclick", "window.__handler = 1");
    document.body.append(div);
    div.click();
    const remote = document.createElement("script");
    remote.src = "https://example.invalid/x.js";
    document.body.append(remote);
    await new Promise((r) => setTimeout(r, 300));
    return { seen, inline: window.__inline, handler: window.__handler };
  });
  assert.equal(violations.inline, undefined, "an inline script ran");
  assert.equal(violations.handler, undefined, "an inline event handler ran");
  assert.ok(violations.seen.some((d) => d.startsWith("script-src")), JSON.stringify(violations.seen));
  // The app itself runs under the policy with no violation of its own.
  const own = s.errors.filter((e) => !/example\.invalid|inline (script|event handler)|Content Security Policy/i.test(e));
  assert.deepEqual(own, []);
  await s.context.close();
});

test("no user text reaches innerHTML or any other HTML sink", async () => {
  const s = await openPage(browser, server.origin);
  await s.page.addInitScript(() => {
    window.__sinks = [];
    const record = (name) => (value) => window.__sinks.push([name, String(value)]);
    for (const [proto, prop] of [[Element.prototype, "innerHTML"], [Element.prototype, "outerHTML"], [ShadowRoot.prototype, "innerHTML"]]) {
      const desc = Object.getOwnPropertyDescriptor(proto, prop);
      const log = record(prop);
      Object.defineProperty(proto, prop, { ...desc, set(v) { log(v); return desc.set.call(this, v); } });
    }
    for (const [proto, fn] of [[Element.prototype, "insertAdjacentHTML"], [Document.prototype, "write"], [Range.prototype, "createContextualFragment"], [DOMParser.prototype, "parseFromString"]]) {
      const orig = proto[fn];
      const log = record(fn);
      proto[fn] = function (...args) { log(args.join(" ")); return orig.apply(this, args); };
    }
  });
  const marker = "ZQXmarker";
  const hostile = `FROM ubuntu:latest\nRUN echo "<b>${marker}</b><img src=x onerror=window.__pwned=1>"\nLABEL a="${marker}<script>window.__pwned=2</script>"\n`;
  await s.page.goto(server.origin + "/#code=" + pack(hostile) + "&dockerignore=" + pack(`${marker}<i>x</i>\n`));
  await ready(s.page);
  await s.page.waitForSelector('[data-testid="diagnostic"]');
  await typeInEditor(s.page, `FROM alpine:latest\nRUN echo '<svg onload=window.__pwned=3>${marker}'\n`);
  await s.page.waitForSelector('[data-testid="diagnostic"][data-code="DL3007"]');
  // Every view that shows user text: hover, rewrite, share, export.
  await s.page.hover('[data-testid="editor"] .cm-lintRange-warning');
  await s.page.waitForTimeout(600);
  await s.page.click("#tab-rewrite");
  await s.page.waitForSelector('[data-testid="rewrite"]');
  await s.page.click("#file-dockerignore");
  await s.page.click('[data-testid="share-button"]');
  await s.page.keyboard.press("Escape");
  await s.page.click('[data-testid="export-button"]');
  await s.page.keyboard.press("Escape");
  const sinks = await s.page.evaluate(() => window.__sinks);
  assert.deepEqual(sinks.filter(([, v]) => v.includes(marker) || v.includes("__pwned")), []);
  assert.equal(await s.page.evaluate(() => window.__pwned), undefined);
  assert.match(await editorText(s.page), new RegExp(marker));
  await s.context.close();
});

test("a panic in the wasm shows the banner and keeps the text", async () => {
  const s = await open();
  const text = "FROM alpine:3.20\nRUN echo kept after a panic\n";
  await typeInEditor(s.page, text);
  await s.page.waitForTimeout(400);
  await s.page.evaluate(() => {
    try { window.wasmBindings.simulatePanic(); } catch { /* the trap surfaces as an exception */ }
  });
  const banner = s.page.locator('[data-testid="error-banner"]');
  await banner.waitFor();
  assert.match(await banner.textContent(), /internal error.*Your text is still in the editor/s);
  assert.equal(await editorText(s.page), text);
  // The editor still takes typing, and the text was saved for a reload.
  await s.page.click('[data-testid="editor"] .cm-content');
  await s.page.keyboard.press("ControlOrMeta+End");
  await s.page.keyboard.type("# more");
  assert.match(await editorText(s.page), /# more$/);
  // Saved for a reload: the text from before the panic, or (once the
  // typing after it is checked and saved) with that typing.
  const saved = await s.page.evaluate(() => localStorage.getItem("drydock.text"));
  assert.ok(saved === text || saved === text + "# more", saved);
  await s.context.close();
});

test("hostile links are refused with a clear banner, and the app keeps working", async () => {
  const cases = [
    ["#code=" + pack("FROM a\n") + "&cfg=" + pack('{"ignored": 5}'), /settings are damaged/],
    ["#code=" + pack("FROM a\n") + "&cfg=" + pack('{"__proto__": {"polluted": 1}}'), null],
    ["#code=" + pack("FROM a\n") + "&dockerignore=%%%", /damaged/],
    ["#code=" + Buffer.from([0xff, 0xfe]).toString("base64url"), /truncated|damaged/],
    ["#code=" + pack(Buffer.from([0xc3, 0x28, 0xa0])), /not valid UTF-8/],
    ["#code=" + "A".repeat(1_100_000), /larger than 256 KB/],
    ["#code=" + pack("x".repeat(256 * 1024 + 1)), /larger than 256 KB/],
  ];
  for (const [fragment, says] of cases) {
    const s = await open("/" + fragment);
    if (says) {
      const banner = s.page.locator('[data-testid="error-banner"]');
      await banner.waitFor();
      assert.match(await banner.textContent(), says, fragment.slice(0, 60));
    } else {
      assert.equal(await s.page.evaluate(() => ({}).polluted), undefined);
    }
    await typeInEditor(s.page, "FROM ubuntu:latest");
    await s.page.waitForSelector('[data-testid="diagnostic"][data-code="DL3007"]');
    assert.deepEqual(s.errors, []);
    await s.context.close();
  }
});

test("embed mode only sends {type, height} and obeys no message", async () => {
  const s = await openPage(browser, server.origin);
  await s.page.goto(server.origin + "/host.html");
  const frame = s.page.frameLocator("#f");
  await frame.locator('[data-testid="diagnostic"][data-code="DL3007"]').waitFor();
  await s.page.waitForFunction(() => window.__messages.length > 0);
  const before = await frame.locator('[data-testid="editor"] .cm-content').textContent();
  await s.page.evaluate(() => {
    const w = document.getElementById("f").contentWindow;
    for (const m of [
      { type: "drydock:setText", text: "FROM evil" },
      { type: "drydock:height", height: 1 },
      "<img src=x onerror=alert(1)>",
      { code: "RlJPTSBldmls" },
    ]) w.postMessage(m, "*");
  });
  await s.page.waitForTimeout(500);
  assert.equal(await frame.locator('[data-testid="editor"] .cm-content').textContent(), before);
  const messages = await s.page.evaluate(() => window.__messages);
  for (const m of messages) assert.deepEqual(Object.keys(m).sort(), ["height", "type"]);
  assert.deepEqual(s.errors, []);
  await s.context.close();
});
