#!/usr/bin/env node
// Browser checks of the key inspector and the console's timing, on /playground, through the UI
// only: an encoding flip announced with the threshold it crossed; a TTL that counts down as the
// clock controls move the instance clock, then the key expiring with the reason shown; and a
// DEBUG SLEEP in one client tab that holds the instance while the page itself stays responsive
// (typing, the theme toggle) and another tab's GET answers only afterwards, marked "waited".
//
// Needs the production build (`npx next build`). Starts its own `next start` on a free loopback
// port and stops it by its PID. One screenshot per check goes to test-results/e2e/.
/* global document, MutationObserver -- the page, inside evaluate() */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { advanceClock, checker, consoleReady, fail, launchBrowser, requireBuildAndBrowser, showTab, startNext, typeLine, watchPage } from "./support.mjs";

const SHOTS = join("test-results", "e2e");
const OVERALL_TIMEOUT_MS = 60_000;
const CONSOLE = 'section[aria-label="Redis console"]';
/** The theme toggle must repaint its label within this long of the click, sleep or not. */
const RESPONSIVE_MS = 200;
/** The page's thread may not go longer than this without running a timer while tab 1 sleeps (a frozen page stalls ~2 s; a loaded 2-core machine 200 ms). */
const MAX_STALL_MS = 500;
/** DEBUG SLEEP 2 holds the instance 2 s; a GET sent early in it must report at least this wait. */
const MIN_WAITED_MS = 1500;

/** "1 m 40 s", "59 s", "900 ms" (the inspector's TTL text) in seconds; null for "—"/"expired". */
function ttlSeconds(text) {
  const m = /^(?:(\d+) m )?(\d+) s$/.exec(text.trim());
  if (m) return Number(m[1] ?? 0) * 60 + Number(m[2]);
  const ms = /^(\d+) ms$/.exec(text.trim());
  return ms ? Number(ms[1]) / 1000 : null;
}

/** The "waited 1834 ms" marker, in ms. */
function waitedMs(text) {
  const m = /waited ([\d.]+) ms/.exec(text);
  return m ? Number(m[1]) : null;
}

async function main() {
  requireBuildAndBrowser();
  mkdirSync(SHOTS, { recursive: true });
  const next = await startNext();
  const browser = await launchBrowser({ viewport: { width: 1400, height: 900 } });
  const { results, check } = checker();
  // The checks are independent: one failing still lets the others run and report.
  const each = (name, fn) => check(name, fn, { keepGoing: true });
  const watch = watchPage(browser.context, browser.page, next.origin);
  const page = browser.page;
  const keys = page.locator('section[aria-label="Keys"]');
  const row = (key) => keys.locator(`tbody tr[data-key=${JSON.stringify(key)}]`);
  /** The text of one column (1-based) of a key's row. */
  const cell = (key, n) => row(key).locator(`td:nth-child(${n})`).textContent();
  const details = page.locator('section[aria-label="Key details"]');
  /** The TTL the detail view shows for the selected key, as text ("1 m 40 s"). */
  const detailTtl = async () => ((await details.locator("p span", { hasText: /^TTL / }).textContent()) ?? "").replace(/^TTL /, "");

  try {
    await page.goto(`${next.origin}/playground`);
    await consoleReady(page);
    const first = await page.evaluate(() => {
      const t = document.querySelector('[role="tablist"][aria-label="Client tabs"] [role="tab"]');
      return t ? { id: t.id.replace(/^console-tab-/, ""), label: (t.firstChild?.textContent ?? "").trim() } : null;
    });
    if (!first) fail("the playground console has no client tab");

    await each("an encoding change is announced: listpack → hashtable, past hash-max-listpack-entries", async () => {
      const set = await typeLine(page, first.id, "CONFIG SET hash-max-listpack-entries 2");
      if (!set.includes("OK")) fail(`CONFIG SET printed ${JSON.stringify(set)}`);
      await typeLine(page, first.id, "HSET user:1 name Ada lang en");
      // The inspector must have seen the compact encoding before it can see it change.
      await page.waitForFunction(() => document.querySelector('section[aria-label="Keys"] tbody tr[data-key="user:1"] td:nth-child(3)')?.textContent === "listpack");
      const out = await typeLine(page, first.id, "HSET user:1 city London");
      if (!out.includes("(integer) 1")) fail(`the third HSET printed ${JSON.stringify(out)}`);
      const note = keys.getByRole("status", { name: "Encoding changed" });
      await note.filter({ hasText: "hashtable" }).waitFor();
      const text = (await note.textContent()) ?? "";
      for (const want of ["user:1 (hash)", "listpack → hashtable", "3 fields", "hash-max-listpack-entries (2)"])
        if (!text.includes(want)) fail(`the announcement lacks ${JSON.stringify(want)}: ${JSON.stringify(text)}`);
      const enc = await cell("user:1", 3);
      if (enc !== "hashtable") fail(`the key list shows encoding ${JSON.stringify(enc)} for user:1`);
      if ((await row("user:1").getAttribute("data-flipped")) !== "true") fail("the flipped row is not highlighted");

      // A value past hash-max-listpack-value (64 bytes in both profiles) flips it with 2 fields.
      await typeLine(page, first.id, "HSET user:2 name Bob");
      await page.waitForFunction(() => document.querySelector('section[aria-label="Keys"] tbody tr[data-key="user:2"] td:nth-child(3)')?.textContent === "listpack");
      await typeLine(page, first.id, `HSET user:2 bio ${"x".repeat(65)}`);
      await note.filter({ hasText: "user:2" }).waitFor();
      const byValue = (await note.textContent()) ?? "";
      for (const want of ["user:2 (hash)", "listpack → hashtable", "hash-max-listpack-value (64 bytes)"])
        if (!byValue.includes(want)) fail(`the announcement for a 65-byte value lacks ${JSON.stringify(want)}: ${JSON.stringify(byValue)}`);
      await page.screenshot({ path: join(SHOTS, "encoding-flip.png") });
    });

    await each("a TTL counts down with the clock controls; past it the key expires and the inspector says so", async () => {
      await typeLine(page, first.id, "SET k v EX 100");
      await row("k").click();
      await details.locator("h3", { hasText: /^k$/ }).waitFor();
      const start = ttlSeconds(await detailTtl());
      if (start === null || start < 95 || start > 100) fail(`right after SET k v EX 100 the inspector's TTL is ${JSON.stringify(await detailTtl())}`);
      const listed = ttlSeconds((await cell("k", 4)) ?? "");
      if (listed === null || listed < 95 || listed > 100) fail(`the key list's TTL for k is ${JSON.stringify(await cell("k", 4))}`);

      const moved = await advanceClock(page, 10_000);
      if (moved < 10_000) fail(`+10 s moved the server time by ${moved} ms`);
      // The running clock moves on too: ~90 s, give or take the seconds the test itself takes.
      await page
        .waitForFunction(() => {
          const s = [...document.querySelectorAll('section[aria-label="Key details"] p span')].find((e) => e.textContent?.startsWith("TTL "));
          return /^TTL 1 m (2[5-9]|30) s$/.test(s?.textContent ?? "");
        }, null, { timeout: 3000 })
        .catch(async () => fail(`after +10 s the inspector's TTL is ${JSON.stringify(await detailTtl())}, not ~90 s`));
      await page.screenshot({ path: join(SHOTS, "ttl-after-10s.png") });

      await advanceClock(page, 60_000);
      const mid = ttlSeconds(await detailTtl());
      if (mid === null || mid < 25 || mid > 30) fail(`after +1 min the inspector's TTL is ${JSON.stringify(await detailTtl())}, not ~30 s`);
      await advanceClock(page, 60_000);
      // The active expiry cycle, run while the clock moved, deleted k: no command touched it.
      await row("k").waitFor({ state: "detached", timeout: 3000 }).catch(() => fail("k is still listed after its TTL passed"));
      const gone = keys.getByRole("status", { name: "Key removed" });
      await gone.waitFor({ timeout: 3000 }).catch(() => fail("no notice says why k disappeared"));
      const why = (await gone.textContent()) ?? "";
      if (!/^k is gone: expired\b/.test(why) || !why.includes("active expiry")) fail(`the removal notice says ${JSON.stringify(why)}`);
      if (await details.count()) fail(`the detail view still shows ${JSON.stringify(await details.locator("h3").textContent())}`);
      await page.screenshot({ path: join(SHOTS, "ttl-expired.png") });
    });

    await each("DEBUG SLEEP 2 in tab 1: tab 2 types, the page responds, and tab 2's GET waits for the sleep", async () => {
      const second = await showTab(page, "second");
      await typeLine(page, second, "SET greeting hello");
      await showTab(page, first.label);
      const sleeper = page.locator(`[data-tab="${first.id}"] ${CONSOLE}`);
      const sleeperRan = Number(await sleeper.getAttribute("data-ran"));
      const input1 = sleeper.getByRole("textbox", { name: "Command" });
      await input1.fill("DEBUG SLEEP 2");
      // The longest the page's own thread goes without running a 10 ms timer, from now until
      // the GET's reply: a page frozen by the sleep (or by anything else) shows up here.
      await page.evaluate(() => {
        const m = { last: performance.now(), maxGap: 0 };
        m.timer = setInterval(() => {
          const now = performance.now();
          m.maxGap = Math.max(m.maxGap, now - m.last);
          m.last = now;
        }, 10);
        globalThis.__frames = m;
      });
      await input1.press("Enter");
      const sleepStarted = Date.now();

      await showTab(page, "second");
      const region = page.locator(`[data-tab="${second}"] ${CONSOLE}`);
      const input = region.getByRole("textbox", { name: "Command" });
      const ranBefore = Number(await region.getAttribute("data-ran"));
      const typedAt = Date.now();
      await input.focus();
      await input.pressSequentially("GET greeting");
      const typing = Date.now() - typedAt;
      if ((await input.inputValue()) !== "GET greeting") fail(`tab 2's input holds ${JSON.stringify(await input.inputValue())} while tab 1 sleeps`);

      // From the click event's own timestamp to the toggle's new label being in the DOM: what
      // a learner feels. A page blocked by the sleep would queue the click and show it here.
      const toggle = page.getByRole("button", { name: /^Theme: / });
      await toggle.evaluate((b) => {
        globalThis.__toggle = { clickAt: null, changedAt: null };
        b.addEventListener("click", (e) => (globalThis.__toggle.clickAt = e.timeStamp), { capture: true, once: true });
        const seen = b.textContent;
        const mo = new MutationObserver(() => {
          if (b.textContent !== seen) {
            globalThis.__toggle.changedAt = performance.now();
            mo.disconnect();
          }
        });
        mo.observe(b, { childList: true, characterData: true, subtree: true });
      });
      const themeBefore = await page.evaluate(() => document.documentElement.getAttribute("data-theme"));
      await toggle.click();
      await page.waitForFunction(() => globalThis.__toggle.changedAt !== null, null, { timeout: 2000 });
      const toggleMs = await page.evaluate(() => globalThis.__toggle.changedAt - globalThis.__toggle.clickAt);
      const themeAfter = await page.evaluate(() => document.documentElement.getAttribute("data-theme"));
      if (themeAfter === themeBefore) fail(`the theme toggle left data-theme at ${JSON.stringify(themeAfter)}`);
      if (toggleMs > RESPONSIVE_MS) fail(`the theme toggle took ${toggleMs.toFixed(0)} ms to respond while tab 1 slept`);

      const sentAt = Date.now();
      if (Number(await sleeper.getAttribute("data-ran")) !== sleeperRan) fail(`tab 1's sleep ended before tab 2 sent its GET (${sentAt - sleepStarted} ms in)`);
      await input.press("Enter");
      // Still sleeping: the GET must not have its reply yet.
      await page.waitForTimeout(300);
      if (Number(await region.getAttribute("data-ran")) !== ranBefore) fail(`tab 2's GET answered ${Date.now() - sentAt} ms after it was sent, during the sleep`);
      await page.waitForFunction(
        ([t, n]) => Number(document.querySelector(`[data-tab="${t}"] section[aria-label="Redis console"]`)?.getAttribute("data-ran")) >= n,
        [second, ranBefore + 1],
        { timeout: 5000 },
      );
      const answeredAt = Date.now();
      const maxGap = await page.evaluate(() => {
        clearInterval(globalThis.__frames.timer);
        return globalThis.__frames.maxGap;
      });
      if (maxGap > MAX_STALL_MS) fail(`the page's thread stalled for ${maxGap.toFixed(0)} ms during the sleep`);
      const entry = region.locator('[aria-label="Console output"] > *').last();
      const reply = (await entry.locator("pre").textContent()) ?? "";
      if (reply !== '"hello"') fail(`tab 2's GET printed ${JSON.stringify(reply)}`);
      const time = (await entry.getByTestId("reply-time").textContent()) ?? "";
      const waited = waitedMs(time);
      if (waited === null) fail(`tab 2's reply shows no "waited" marker: ${JSON.stringify(time)}`);
      if (waited < MIN_WAITED_MS) fail(`tab 2's reply says it waited ${waited} ms; it was sent ${sentAt - sleepStarted} ms into a 2 s sleep`);
      if (answeredAt - sleepStarted < 1900) fail(`tab 2's GET answered ${answeredAt - sleepStarted} ms after DEBUG SLEEP 2 began`);
      await page.screenshot({ path: join(SHOTS, "debug-sleep-waited.png") });
      console.log(
        `    sleep → GET sent ${sentAt - sleepStarted} ms, GET answered ${answeredAt - sleepStarted} ms, shown "${time.trim()}", ` +
          `typing 12 chars ${typing} ms, theme toggle ${toggleMs.toFixed(1)} ms, longest stall of the page ${maxGap.toFixed(0)} ms`,
      );

      await showTab(page, first.label);
      const slept = await sleeper.locator('[aria-label="Console output"] pre').last().textContent();
      if (slept !== "OK") fail(`tab 1's DEBUG SLEEP printed ${JSON.stringify(slept)}`);
    });

    await check("the page stayed on its origin with no errors", async () => {
      const problems = watch.problems();
      if (problems.length) fail(problems.join("\n    "));
    });
    if (results.failed) fail(`${results.failed} inspector check(s) failed`);
  } finally {
    await browser.close();
    await next.stop();
    console.log(`\ninspector browser tests: ${results.passed} passed, ${results.failed} failed — screenshots in ${SHOTS}/`);
    if (results.failed && next.log.length) console.error(next.log.join("").slice(-2000));
  }
}

const overall = setTimeout(() => {
  console.error(`inspector browser tests did not finish within ${OVERALL_TIMEOUT_MS / 1000} s`);
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
