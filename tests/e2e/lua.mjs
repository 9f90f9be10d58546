#!/usr/bin/env node
// Browser test: a learner's `EVAL "while true do end" 0` never freezes the playground. The Lua
// VM runs in a Web Worker of its own (the page is cross-origin isolated), so while tab 1's
// script spins the page keeps responding, tab 2 gets BUSY once busy-reply-threshold (1000 ms
// in the playground) has passed, and SCRIPT KILL from tab 2 ends the script, whose error then
// shows in tab 1; a script that wrote is UNKILLABLE and SHUTDOWN NOSAVE starts a fresh instance.
// Run after `npx next build` (scripts/test-all.mjs does both).
/* global document, requestAnimationFrame -- the page, inside evaluate() */
import { checker, consoleReady, fail, launchBrowser, requireBuildAndBrowser, showTab, startNext, typeLine, watchPage } from "./support.mjs";

const OVERALL_TIMEOUT_MS = 120_000;
const CONSOLE = 'section[aria-label="Redis console"]';

async function main() {
  requireBuildAndBrowser();
  const next = await startNext();
  const browser = await launchBrowser();
  const { results, check } = checker();
  const watch = watchPage(browser.context, browser.page, next.origin);
  const page = browser.page;
  try {
    await check("the playground is cross-origin isolated and its engine is up", async () => {
      await page.goto(`${next.origin}/playground`);
      await consoleReady(page);
      const isolated = await page.evaluate(() => globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === "function");
      if (!isolated) fail("the page is not cross-origin isolated: no SharedArrayBuffer for the Lua worker");
    });

    const first = await page.evaluate(() => {
      const t = document.querySelector('[role="tablist"][aria-label="Client tabs"] [role="tab"]');
      return t ? { id: t.id.replace(/^console-tab-/, ""), label: (t.firstChild?.textContent ?? "").trim() } : null;
    });
    if (!first) fail("the console has no client tab");

    await check("a short script runs as usual", async () => {
      const out = await typeLine(page, first.id, "EVAL \"return redis.call('INCR', KEYS[1])\" 1 n");
      if (!out.includes("(integer) 1")) fail(`EVAL printed ${JSON.stringify(out)}`);
    });

    const region = page.locator(`[data-tab="${first.id}"] ${CONSOLE}`);
    const ranBefore = Number(await region.getAttribute("data-ran"));
    let spinStarted = 0;
    await check("tab 1 starts a script that never ends; the page still responds", async () => {
      const input = region.getByRole("textbox", { name: "Command" });
      await input.fill('EVAL "while true do end" 0');
      await input.press("Enter");
      spinStarted = Date.now();
      // The page's own thread is free: it evaluates at once and the UI still reacts.
      const t0 = Date.now();
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(1))));
      if (Date.now() - t0 > 2000) fail(`the page took ${Date.now() - t0} ms to paint a frame`);
      if (Number(await region.getAttribute("data-ran")) !== ranBefore) fail("the endless script answered");
    });

    let second;
    await check("tab 2 gets BUSY once the threshold has passed", async () => {
      second = await showTab(page, "second");
      const out = await typeLine(page, second, "PING");
      const busy = "(error) BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.";
      if (!out.includes(busy)) fail(`PING printed ${JSON.stringify(out)}`);
      const waited = Date.now() - spinStarted;
      if (waited < 900) fail(`BUSY came after ${waited} ms, before the playground's 1000 ms threshold`);
      const cfg = await typeLine(page, second, "CONFIG GET busy-reply-threshold");
      if (!cfg.some((l) => l.includes("BUSY"))) fail(`CONFIG GET during the script printed ${JSON.stringify(cfg)}`);
    });

    await check("SCRIPT KILL in tab 2 ends the script; tab 1 shows its error", async () => {
      const out = await typeLine(page, second, "SCRIPT KILL");
      if (!out.includes("OK")) fail(`SCRIPT KILL printed ${JSON.stringify(out)}`);
      await page.waitForFunction(
        ([t, n]) => Number(document.querySelector(`[data-tab="${t}"] section[aria-label="Redis console"]`)?.getAttribute("data-ran")) >= n,
        [first.id, ranBefore + 1],
      );
      await showTab(page, first.label);
      const lines = await region.locator('[aria-label="Console output"] pre').allTextContents();
      const want = "(error) ERR Script killed by user with SCRIPT KILL... script: 694a5fe1ddb97a4c6a1bf299d9537c7d3d0f84e7, on @user_script:1.";
      if (!lines.includes(want)) fail(`tab 1 shows ${JSON.stringify(lines.slice(-3))}`);
    });

    await check("the instance works on: tab 2 runs commands and scripts again", async () => {
      await showTab(page, "second");
      const out = await typeLine(page, second, "EVAL \"return redis.call('INCR', KEYS[1])\" 1 n");
      if (!out.includes("(integer) 2")) fail(`EVAL after the kill printed ${JSON.stringify(out)}`);
      const cfg = await typeLine(page, second, "CONFIG GET busy-reply-threshold");
      if (!cfg.some((l) => l.includes('"1000"'))) fail(`CONFIG GET busy-reply-threshold printed ${JSON.stringify(cfg)}`);
    });

    await check("a script that wrote is UNKILLABLE; SHUTDOWN NOSAVE starts a fresh instance", async () => {
      await showTab(page, first.label);
      const ran = Number(await region.getAttribute("data-ran"));
      const input = region.getByRole("textbox", { name: "Command" });
      await input.fill("EVAL \"redis.call('SET', 'x', '1') while true do end\" 0");
      await input.press("Enter");
      await showTab(page, "second");
      const kill = await typeLine(page, second, "SCRIPT KILL");
      if (!kill.some((l) => l.startsWith("(error) UNKILLABLE Sorry the script already executed write commands"))) fail(`SCRIPT KILL printed ${JSON.stringify(kill)}`);
      await typeLine(page, second, "SHUTDOWN NOSAVE");
      // Tab 1's connection was closed with the old instance: its EVAL ends.
      await page.waitForFunction(
        ([t, n]) => Number(document.querySelector(`[data-tab="${t}"] section[aria-label="Redis console"]`)?.getAttribute("data-ran")) >= n,
        [first.id, ran + 1],
      );
      const after = await typeLine(page, second, "EXISTS x n");
      if (!after.includes("(integer) 0")) fail(`after SHUTDOWN NOSAVE, EXISTS x n printed ${JSON.stringify(after)}`);
    });

    const problems = watch.problems();
    if (problems.length) fail(problems.join("\n    "));
  } finally {
    await browser.close();
    await next.stop();
    console.log(`\nLua browser tests: ${results.passed} passed, ${results.failed} failed`);
  }
}

const overall = setTimeout(() => {
  console.error(`Lua browser tests did not finish within ${OVERALL_TIMEOUT_MS / 1000} s`);
  process.exit(1);
}, OVERALL_TIMEOUT_MS);
main().then(
  () => {
    clearTimeout(overall);
    process.exit(0);
  },
  (e) => {
    clearTimeout(overall);
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
