#!/usr/bin/env node
// Browser checks of the lesson page as a learner meets it: the key inspector readable beside a
// lesson (under the console, every column whole), focus kept on Run, the page usable at 390 px,
// and a lesson that survives a reload — the learner's half-done work on an exercise comes back
// as it was, the setup is not applied over it, and the exercise then passes.
//
// Needs the production build (`npx next build`). Starts its own `next start` on a free loopback
// port and stops it by its PID. Screenshots go to test-results/ux/.
/* global document, localStorage, window -- the page, inside evaluate() */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { checker, consoleReady, fail, launchBrowser, requireBuildAndBrowser, startNext, typeLine, watchPage } from "./support.mjs";

const SHOTS = join("test-results", "ux");
const LESSON = "f-1";
const EXERCISE = "Clean up the temporary keys";
const DATA_KEY = "redis-playground:lesson-data:F-1";

requireBuildAndBrowser();
mkdirSync(SHOTS, { recursive: true });
const { results, check } = checker();
const server = await startNext();
const wide = await launchBrowser({ viewport: { width: 1400, height: 900 } });
let narrow = null;
const card = (page) => page.locator(`article[aria-label=${JSON.stringify(`Exercise: ${EXERCISE}`)}]`);
const mainTab = async (page) =>
  page.evaluate(() => document.querySelector('[role="tablist"][aria-label="Client tabs"] [role="tab"]')?.id.replace(/^console-tab-/, "") ?? null);
/** The key names the inspector lists. */
const listedKeys = (page) => page.locator('section[aria-label="Keys"] tbody tr td:first-child').allTextContents();

try {
  const { page, context } = wide;
  const watch = watchPage(context, page, server.origin);

  await check("at 1400×900 the lesson's key inspector sits under the console, its columns whole", async () => {
    await page.goto(`${server.origin}/learn/${LESSON}`);
    await consoleReady(page);
    const id = await mainTab(page);
    await typeLine(page, id, "SET visitor:42 Ada EX 600");
    await page.locator('section[aria-label="Keys"] tbody tr').first().waitFor();
    const box = await page.evaluate(() => {
      const c = document.querySelector('section[aria-label="Redis console"]').getBoundingClientRect();
      const k = document.querySelector('section[aria-label="Keys"]').getBoundingClientRect();
      const cut = [...document.querySelectorAll('section[aria-label="Keys"] th, section[aria-label="Keys"] tbody td')]
        .filter((e) => e.scrollWidth > e.clientWidth + 1)
        .map((e) => e.textContent);
      return { consoleBottom: c.bottom, keysTop: k.top, keysWidth: k.width, consoleWidth: c.width, cut };
    });
    if (box.keysTop < box.consoleBottom) fail(`the Keys panel is beside the console, not under it: ${JSON.stringify(box)}`);
    if (box.cut.length) fail(`inspector cells are cut off: ${JSON.stringify(box.cut)}`);
    await page.screenshot({ path: join(SHOTS, "lesson-1400.png") });
  });

  await check("Run keeps the keyboard focus on its button", async () => {
    const fig = page.locator('figure[aria-label^="Example"]').first();
    const run = fig.getByRole("button", { name: /^Run/ });
    await run.focus();
    await run.press("Enter");
    await page.waitForFunction(() => document.querySelector('figure[aria-label^="Example"]')?.dataset.state !== "idle");
    await page.waitForFunction(() => document.activeElement?.textContent === "Run again", null, { timeout: 5000 }).catch(() => {});
    const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 60));
    if (!/Run again/.test(focused ?? "")) fail(`after Run the focus is on ${focused}`);
  });

  await check("a reload brings back the half-done exercise, not its setup, and it then passes", async () => {
    const c = card(page);
    await c.scrollIntoViewIfNeeded();
    await c.getByRole("button", { name: "Start exercise" }).click();
    const confirm = c.getByRole("button", { name: "Clear and start" });
    const active = page.locator(`article[aria-label=${JSON.stringify(`Exercise: ${EXERCISE}`)}][data-active="true"]`);
    await confirm.or(active).first().waitFor();
    if (await confirm.count()) await confirm.click();
    await active.waitFor();
    const setupKeys = await listedKeys(page);
    if (!setupKeys.includes("tmp:import:1")) fail(`the setup did not create tmp:import:1: ${JSON.stringify(setupKeys)}`);
    const id = await mainTab(page);
    await typeLine(page, id, "DEL tmp:import:1");
    // Saved about a second after the change.
    await page.waitForFunction(
      (k) => {
        const s = JSON.parse(localStorage.getItem(k) ?? "null");
        return s?.exercise === "f1-fix-temp" && !JSON.stringify(s.data).includes("tmp:import:1");
      },
      DATA_KEY,
    );

    await page.reload();
    await consoleReady(page);
    await page.getByRole("status", { name: "Lesson data" }).filter({ hasText: "Restored your" }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('section[aria-label="Keys"] tbody tr').length > 0);
    const after = await listedKeys(page);
    if (after.includes("tmp:import:1")) fail(`the setup was applied again over the learner's work: ${JSON.stringify(after)}`);
    if (!after.includes("tmp:import:2")) fail(`the rest of the exercise's keys did not come back: ${JSON.stringify(after)}`);
    if ((await card(page).getAttribute("data-active")) !== "true") fail("the exercise is no longer active after the reload");
    await page.screenshot({ path: join(SHOTS, "lesson-restored.png") });

    const id2 = await mainTab(page);
    await typeLine(page, id2, "DEL tmp:import:2 tmp:report");
    await card(page).getByRole("button", { name: "Check" }).click();
    await card(page).getByText("Passed — well done.").waitFor();

    await page.reload();
    await consoleReady(page);
    await card(page).locator('[aria-label="completed"]').waitFor();
  });

  const problems = watch.problems();
  await check("the pages stayed on their origin with no errors", async () => {
    if (problems.length) fail(problems.join("\n    "));
  });

  narrow = await launchBrowser({ viewport: { width: 390, height: 844 } });
  await check("at 390×844 nothing overflows sideways and the key inspector is reachable", async () => {
    const p = narrow.page;
    await p.goto(`${server.origin}/learn/f-3`);
    await consoleReady(p);
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) fail(`the lesson is ${overflow}px wider than the screen`);
    const header = await p.locator("header").first().boundingBox();
    if (header && header.height > 110) fail(`the lesson header takes ${header.height}px of 844`);
    await p.screenshot({ path: join(SHOTS, "lesson-390.png") });
    await p.getByRole("tab", { name: "Playground" }).click();
    const id = await mainTab(p);
    await typeLine(p, id, "RPUSH queue:email e1 e2");
    const keys = p.locator('section[aria-label="Keys"]');
    await keys.scrollIntoViewIfNeeded();
    await keys.locator("tbody tr").first().waitFor();
    const box = await keys.boundingBox();
    if (!box || box.y < 0 || box.y + 40 > 844) fail(`the Keys panel cannot be scrolled into view: ${JSON.stringify(box)}`);
    if (box.x + box.width > 390) fail(`the Keys panel is wider than the screen: ${JSON.stringify(box)}`);
    await p.screenshot({ path: join(SHOTS, "playground-390.png") });
  });
} catch {
  // The failed check printed itself.
} finally {
  await wide.close();
  await narrow?.close();
  await server.stop();
}
console.log(`\nux: ${results.passed} passed, ${results.failed} failed`);
if (results.failed) {
  if (server.log.length) console.error(server.log.join("").slice(-2000));
  process.exit(1);
}
