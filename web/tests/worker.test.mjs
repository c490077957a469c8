// The checking worker: edits are checked off the main thread, with the
// wasm the page compiled already (not downloaded a second time).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launch, openPage, ready, typeInEditor, findings } from "./harness.mjs";

let server, browser;
const served = [];

before(async () => {
  server = await serve(undefined, {}, (path) => served.push(path));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("the first edit starts the worker, which reuses the page's wasm", async () => {
  const s = await openPage(browser, server.origin);
  await s.page.goto(server.origin + "/");
  await ready(s.page);
  const workers = [];
  s.page.on("worker", (w) => workers.push(w));
  const mark = served.length;
  await typeInEditor(s.page, "FROM debian\nRUN cd /tmp\n");
  await s.page.waitForFunction(
    () => [...document.querySelectorAll('[data-testid="diagnostic"]')].some((d) => d.dataset.code === "DL3003"),
    null,
    { timeout: 20000 },
  );
  const afterEdit = served.slice(mark);
  assert.ok(afterEdit.includes("/build/worker.js"), `the worker started: ${afterEdit}`);
  assert.equal(workers.length, 1);
  assert.deepEqual(afterEdit.filter((p) => p.endsWith(".wasm")), [], "the worker fetched the wasm again");
  // The worker answered (the check did not fall back to the main thread):
  // it has the core loaded and lints on its own.
  const codes = await workers[0].evaluate(async () => {
    const api = await import("../drydock.js");
    return (await api.lint("FROM debian\nRUN cd /tmp\n")).map((f) => f.code);
  });
  assert.ok(codes.includes("DL3003"), `worker lint: ${codes}`);
  assert.ok((await findings(s.page)).some((f) => f.code === "DL3003" && f.line === 2));
  assert.deepEqual(s.errors, []);
  await s.context.close();
});
