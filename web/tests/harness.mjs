// Shared by the browser tests: a tiny static server for dist/ on 127.0.0.1
// (a free port), and headless Chromium through playwright-core.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DIST = join(ROOT, "dist");
export const SCREENSHOTS = join(ROOT, "docs", "screenshots");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
};

/**
 * Serve `dir` (default dist/); `extra` maps paths to [type, body] for test
 * pages; `onRequest(path, status, bytes)` sees every answer (the benchmarks
 * count what the page and its workers load). With `{compressed: true}`,
 * a file's `.br` or `.gz` written by `make build` is sent instead when the
 * browser accepts it, as a static host would (README: "Serving the site").
 */
export async function serve(dir = DIST, extra = {}, onRequest = () => {}, { compressed = false } = {}) {
  const index = join(dir, "index.html");
  await stat(index).catch(() => {
    throw new Error(`${index} is missing: run \`trunk build\` at the repository root first`);
  });
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (extra[path]) {
      const [type, body] = extra[path];
      res.writeHead(200, { "content-type": type });
      res.end(body);
      return;
    }
    const file = normalize(join(dir, path.endsWith("/") ? path + "index.html" : path));
    if (!file.startsWith(normalize(dir + sep)) && file !== normalize(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const type = TYPES[extname(file)] || "application/octet-stream";
      if (compressed) {
        const accepts = String(req.headers["accept-encoding"] || "");
        for (const [encoding, ext] of [["br", ".br"], ["gzip", ".gz"]]) {
          if (!accepts.includes(encoding)) continue;
          const packed = await readFile(file + ext).catch(() => null);
          if (!packed) continue;
          res.writeHead(200, { "content-type": type, "content-encoding": encoding, vary: "accept-encoding" });
          res.end(packed);
          onRequest(path, 200, packed);
          return;
        }
      }
      const body = await readFile(file);
      res.writeHead(200, { "content-type": type });
      res.end(body);
      onRequest(path, 200, body);
    } catch {
      res.writeHead(404).end("not found");
      onRequest(path, 404, null);
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

export async function launch() {
  // playwright-core gives every launch a fresh temporary --user-data-dir.
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * A new page in a fresh context that records every request and every error
 * (uncaught exceptions, console errors: CSP violations land there).
 */
export async function openPage(browser, origin, { viewport = { width: 1280, height: 800 }, colorScheme = "light" } = {}) {
  const context = await browser.newContext({ viewport, colorScheme });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin }).catch(() => {});
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  return { context, page, requests, errors };
}

/** Wait until the app has started and the editor shows. */
export async function ready(page) {
  await page.waitForSelector('[data-testid="editor"] .cm-content', { timeout: 20000, state: "attached" });
}

/** Replace the editor's text by typing `text` as a user would. */
export async function typeInEditor(page, text) {
  await page.click('[data-testid="editor"] .cm-content');
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.type(text);
}

/** The text of the editor. */
export async function editorText(page) {
  return page.$eval('[data-testid="editor"] .cm-content', (el) =>
    [...el.querySelectorAll(".cm-line")].map((l) => l.textContent).join("\n"),
  );
}

/** The findings listed: [{code, line}]. */
export async function findings(page) {
  return page.$$eval('[data-testid="diagnostic"]', (els) =>
    els.map((e) => ({ code: e.dataset.code, line: Number(e.dataset.line) })),
  );
}

/** Build the CLI (once per test file) and return a runner: cli(args, {cwd}) → stdout. */
export async function buildCli() {
  const { execFileSync } = await import("node:child_process");
  execFileSync("cargo", ["build", "-q", "-p", "drydock-cli"], { cwd: ROOT, stdio: "inherit" });
  const bin = join(ROOT, "target", "debug", "drydock");
  return (args, options = {}) => execFileSync(bin, args, { cwd: ROOT, ...options }).toString();
}

/** A Dockerfile in a fresh temporary directory: its path. */
export async function tempFile(text, name = "Dockerfile") {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "drydock-web-"));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The problem cards listed, in order: [{id, codes, line, impact}]. */
export async function problems(page) {
  return page.$$eval('[data-testid="problem"]', (els) =>
    els.map((e) => ({ id: e.dataset.id, codes: e.dataset.codes.split(" "), line: Number(e.dataset.line), impact: e.dataset.impact })),
  );
}

/** The selector of the card of the problem reported by `code` (on `line`). */
export function card(code, line) {
  return `[data-testid="problem"][data-codes~="${code}"]` + (line ? `[data-line="${line}"]` : "");
}

/** The rewrite shown in the Rewrite tab (opened, then left as it was). */
export async function rewriteText(page) {
  const back = await page.$eval('#results [role="tab"][aria-selected="true"]', (e) => e.id);
  await page.click("#tab-rewrite");
  await page.waitForSelector('[data-testid="rewrite"]');
  await page.waitForFunction(() => !document.querySelector('[data-testid="rewrite-updating"]'));
  await page.waitForTimeout(150);
  const text = await page.$eval('[data-testid="rewrite"]', (el) => [...el.querySelectorAll(".cm-line")].map((l) => l.textContent).join("\n"));
  await page.click("#" + back);
  return text;
}
