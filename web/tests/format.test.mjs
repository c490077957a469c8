// Issue 22: the Format button formats the editor's text in place, as
// `drydock fmt` does, as one change Ctrl+Z undoes.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launch, openPage, ready, typeInEditor, editorText, buildCli, tempFile } from "./harness.mjs";

let server, browser, cli;
before(async () => {
  server = await serve();
  browser = await launch();
  cli = await buildCli();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("Format formats the text as drydock fmt does, and Ctrl+Z undoes it", async () => {
  const s = await openPage(browser, server.origin);
  await s.page.goto(server.origin + "/");
  await ready(s.page);
  const messy = "from alpine   \nrun   apk add curl\n\n\n\ncmd [\"sh\",\"-c\",\"true\"]\n";
  await typeInEditor(s.page, messy);
  const typed = await editorText(s.page);
  await s.page.click('[data-testid="format-button"]');
  await s.page.waitForSelector('.toast:text("Formatted")');
  const expected = cli(["fmt", await tempFile(typed)]);
  assert.equal(await editorText(s.page), expected);
  assert.match(expected, /^FROM alpine\nRUN apk add curl\n\nCMD \["sh", "-c", "true"\]\n$/);

  // Formatting again changes nothing.
  await s.page.click('[data-testid="format-button"]');
  await s.page.waitForSelector('.toast:text("Already formatted")');

  await s.page.click('[data-testid="editor"] .cm-content');
  await s.page.keyboard.press("ControlOrMeta+z");
  assert.equal(await editorText(s.page), typed);
  assert.deepEqual(s.errors, []);
  await s.context.close();
});
