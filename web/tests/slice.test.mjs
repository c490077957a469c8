// The thin slice: type a Dockerfile, see its finding.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launch, openPage, ready, typeInEditor, findings } from "./harness.mjs";

let server, browser;
before(async () => {
  server = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("typing FROM ubuntu:latest shows DL3007 on line 1", async () => {
  const { page, errors, context } = await openPage(browser, server.origin);
  await page.goto(server.origin + "/");
  await ready(page);
  await typeInEditor(page, "FROM ubuntu:latest");
  const finding = page.locator('[data-testid="diagnostic"][data-code="DL3007"]');
  await finding.waitFor({ timeout: 10000 });
  assert.equal(await finding.getAttribute("data-line"), "1");
  // Marked in the editor too.
  await page.waitForSelector('[data-testid="editor"] .cm-lintRange-warning');
  assert.deepEqual(
    (await findings(page)).filter((f) => f.code === "DL3007"),
    [{ code: "DL3007", line: 1 }],
  );
  // Pinning the tag makes it go away.
  await typeInEditor(page, "FROM ubuntu:24.04");
  await page.waitForFunction(
    () => !document.querySelector('[data-testid="diagnostic"][data-code="DL3007"]'),
    null,
    { timeout: 10000 },
  );
  assert.deepEqual(errors, []);
  await context.close();
});
