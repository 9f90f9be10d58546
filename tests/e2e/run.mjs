#!/usr/bin/env node
// Browser tests against the production build: starts `next start` on a free loopback port,
// drives Debian's Chromium with playwright-core, and checks what a learner would see.
// Run after `npx next build` (scripts/test-all.mjs does both). Exits non-zero with a clear
// message on the first failed check; the server is always stopped by its own PID.
/* global document, localStorage -- the page, inside evaluate() */
import { checker, fail, launchBrowser, requireBuildAndBrowser, startNext, watchPage } from "./support.mjs";

const OVERALL_TIMEOUT_MS = 90_000;
const STEP_TIMEOUT_MS = 15_000;

const { results, check } = checker();
let server = null;
let browser = null;

async function main() {
  requireBuildAndBrowser();
  server = await startNext();
  const { origin } = server;
  browser = await launchBrowser({ stepTimeoutMs: STEP_TIMEOUT_MS });
  const { context, page } = browser;
  // Every request (pages, scripts, the worker's own) must stay on the app's origin.
  const watch = watchPage(context, page, origin);

  const consoleRegion = page.locator('section[aria-label="Redis console"]');
  const input = page.getByRole("textbox", { name: "Command" });
  const outputLines = () => page.locator('[aria-label="Console output"] pre').allTextContents();

  /** Types a line, presses Enter and waits until the console has run it. */
  async function run(line) {
    const before = Number(await consoleRegion.getAttribute("data-ran"));
    await input.fill(line);
    await input.press("Enter");
    await page.waitForFunction(
      (n) => Number(document.querySelector('section[aria-label="Redis console"]')?.getAttribute("data-ran")) >= n,
      before + 1,
    );
  }

  async function expectTail(expected) {
    const lines = await outputLines();
    const tail = lines.slice(-expected.length);
    if (JSON.stringify(tail) !== JSON.stringify(expected)) {
      fail(`console shows ${JSON.stringify(tail)}, expected ${JSON.stringify(expected)}`);
    }
  }

  await check("home page links to the playground", async () => {
    await page.goto(`${origin}/`);
    const h1 = await page.locator("h1").textContent();
    if (h1 !== "Redis Playground") fail(`home page title is ${JSON.stringify(h1)}`);
    await page.getByRole("link", { name: /playground/i }).click();
    await page.waitForURL(`${origin}/playground`);
  });

  await check("the console starts with the engine in a Web Worker", async () => {
    await page.goto(`${origin}/playground`);
    await page.locator('section[aria-label="Redis console"][data-ready="true"]').waitFor();
    const prompt = await page.locator('label[for="repl-input-main"]').textContent();
    if (prompt !== "127.0.0.1:6379>") fail(`prompt is ${JSON.stringify(prompt)}`);
    if (page.workers().length < 1) fail("no Web Worker is running: the engine must not run on the page's thread");
  });

  await check("SET, GET and INCR print what redis-cli prints", async () => {
    await run("SET a 1");
    await expectTail(["127.0.0.1:6379> SET a 1", "OK"]);
    await run("GET a");
    await expectTail(["127.0.0.1:6379> GET a", '"1"']);
    await run("INCR counter");
    await run("INCR counter");
    await expectTail(["127.0.0.1:6379> INCR counter", "(integer) 2"]);
    await run("SET greeting héllo");
    await run("GET greeting");
    await expectTail(["127.0.0.1:6379> GET greeting", '"h\\xc3\\xa9llo"']);
    await run("GET");
    await expectTail(["127.0.0.1:6379> GET", "(error) ERR wrong number of arguments for 'get' command"]);
  });

  await check("history recalls the previous line", async () => {
    await input.press("ArrowUp");
    const value = await input.inputValue();
    if (value !== "GET") fail(`↑ gave ${JSON.stringify(value)}, expected "GET"`);
    await input.fill("");
  });

  await check("the key list shows the keys with type and encoding", async () => {
    const rows = page.locator('section[aria-label="Keys"] tbody tr');
    await page.waitForFunction(() => document.querySelectorAll('section[aria-label="Keys"] tbody tr').length === 3);
    const cells = await rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent).slice(0, 4)));
    const expected = [
      ["a", "string", "int", "—"],
      ["counter", "string", "int", "—"],
      ["greeting", "string", "embstr", "—"],
    ];
    if (JSON.stringify(cells) !== JSON.stringify(expected)) fail(`key list shows ${JSON.stringify(cells)}`);
  });

  await check("the page is cross-origin isolated (SharedArrayBuffer available)", async () => {
    const isolated = await page.evaluate(() => globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === "function");
    if (!isolated) fail("crossOriginIsolated is false: the COOP/COEP headers are missing");
  });

  // -- lessons (h-ui-lessons): the course map and a lesson taken end to end --
  await check("a lesson: the course map links F-1, an example runs, an exercise passes and stays passed", async () => {
    await page.goto(`${origin}/`);
    await page.getByRole("heading", { name: "Foundation" }).waitFor();
    const items = await page.locator("main li").count();
    if (items !== 39) fail(`the course map lists ${items} modules, expected 39`);
    const planned = page.locator('main li[data-written="false"]');
    if ((await planned.count()) && (await planned.locator("a").count())) fail("a coming-soon module is a link");
    if (!(await page.locator('a[href="/learn/f-1"]').count())) {
      // F-1 is not written yet: its entry must say so, and that is all there is to take.
      const f1 = page.locator("main li", { hasText: "F-1" }).first();
      if (!(await f1.textContent()).includes("coming soon")) fail("F-1 is neither linked nor marked coming soon");
      return;
    }
    await page.locator('a[href="/learn/f-1"]').first().click();
    await page.waitForURL(`${origin}/learn/f-1`);
    await page.locator('section[aria-label="Redis console"][data-ready="true"]').waitFor();

    const example = page.getByRole("figure").first();
    await example.getByRole("button", { name: "Run" }).click();
    await page.waitForFunction(() => {
      const state = document.querySelector("figure")?.getAttribute("data-state");
      return state === "matched" || state === "differs";
    });
    if ((await example.getAttribute("data-state")) !== "matched") {
      fail(`the first example printed something else: ${await example.textContent()}`);
    }

    const card = page.locator('article[aria-label^="Exercise: "]').first();
    await card.getByRole("button", { name: "Start exercise" }).click();
    // When the example left keys behind, starting asks before it clears the instance.
    const clearAndStart = card.getByRole("button", { name: "Clear and start" });
    const reset = card.getByRole("button", { name: "Reset exercise" });
    await clearAndStart.or(reset).first().waitFor();
    if (await clearAndStart.count()) await clearAndStart.click();
    await reset.waitFor();
    // Reveal the hints one by one, then the reference solution, and type it into the console.
    const solutionButton = card.getByRole("button", { name: "Show solution" });
    while (!(await solutionButton.count())) await card.getByRole("button", { name: /hint/i }).click();
    await solutionButton.click();
    const steps = JSON.parse((await card.locator('[aria-label="Solution"]').getAttribute("data-lines")) ?? "[]");
    if (!steps.length || steps.some((s) => s.client !== "main")) fail(`unexpected solution steps ${JSON.stringify(steps)}`);
    await page.locator('label[for="repl-input-main"]').waitFor();
    for (const s of steps) await run(s.run);
    await card.getByRole("button", { name: "Check" }).click();
    await card.getByText("Passed — well done.").waitFor();

    await page.reload();
    await page.locator('article[aria-label^="Exercise: "][data-done="true"]').first().waitFor();
    const count = await page.getByLabel("exercises done").textContent();
    if (!/^1\//.test(count ?? "")) fail(`after reload the lesson says ${JSON.stringify(count)} exercises done`);

    // A phone-sized screen: one pane at a time, behind two tabs.
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await page.getByRole("tab", { name: "Playground" }).click();
      await consoleRegion.waitFor({ state: "visible" });
      if (await page.locator('[data-pane="lesson"]').isVisible()) fail("at 360 px the lesson pane stays visible beside the playground");
      await page.getByRole("tab", { name: "Lesson" }).click();
      await page.locator('[data-pane="lesson"]').waitFor({ state: "visible" });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) fail(`at 360 px the page scrolls sideways by ${overflow} px`);
    } finally {
      if (viewport) await page.setViewportSize(viewport);
    }
  });

  /** Runs a line in one console tab (shown or not), waiting until that tab has run it. */
  async function runIn(tab, line) {
    const region = page.locator(`[data-tab="${tab}"] section[aria-label="Redis console"]`);
    const before = Number(await region.getAttribute("data-ran"));
    await region.getByRole("textbox", { name: "Command" }).fill(line);
    await region.getByRole("textbox", { name: "Command" }).press("Enter");
    await page.waitForFunction(
      ([t, n]) => Number(document.querySelector(`[data-tab="${t}"] section[aria-label="Redis console"]`)?.getAttribute("data-ran")) >= n,
      [tab, before + 1],
    );
  }
  const tabLines = (tab) => page.locator(`[data-tab="${tab}"] [aria-label="Console output"] pre`).allTextContents();

  await check("client tabs: a message published in one tab shows in a subscribed tab", async () => {
    await runIn("main", "SUBSCRIBE news");
    await page.getByRole("button", { name: "New client tab" }).click();
    await page.locator('[data-tab="tab-2"] section[aria-label="Redis console"][data-ready="true"]').waitFor();
    await runIn("tab-2", "PUBLISH news hello");
    const published = (await tabLines("tab-2")).slice(-2);
    if (JSON.stringify(published) !== JSON.stringify(["127.0.0.1:6379> PUBLISH news hello", "(integer) 1"]))
      fail(`the publishing tab shows ${JSON.stringify(published)}`);
    await page.getByRole("tab", { name: /^main/ }).click();
    const message = '1) "message"\n2) "news"\n3) "hello"';
    await page.waitForFunction(
      (m) => Array.from(document.querySelectorAll('[data-tab="main"] [aria-label="Console output"] pre')).some((p) => p.textContent === m),
      message,
    );
  });

  // -- playground round 2 (h-ui-2): hostile keys, data kept across reloads, theme, Lua editor --
  await check("hostile keys render as text, and nothing breaks the layout at 360 px", async () => {
    await page.goto(`${origin}/playground`);
    await page.locator('section[aria-label="Redis console"][data-ready="true"]').waitFor();
    await run("FLUSHALL");
    await run('SET "<img src=x onerror=document.title=1>" "<b>bold</b>"');
    await run(`SET ${"k".repeat(300)} ${"v".repeat(300)}`);
    const keys = page.locator('section[aria-label="Keys"]');
    await keys.getByRole("button", { name: "<img src=x onerror=document.title=1>" }).click();
    const value = await page.locator('section[aria-label="Key details"] [aria-label="Value"]').textContent();
    if (value !== "<b>bold</b>") fail(`the value shows ${JSON.stringify(value)}`);
    if (await page.locator("main img, main b").count()) fail("a key or value was rendered as markup");
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await keys.getByRole("button", { name: /^k{300}$/ }).click();
      await page.locator('section[aria-label="Key details"] h3').waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) fail(`at 360 px the playground scrolls sideways by ${overflow} px`);
    } finally {
      if (viewport) await page.setViewportSize(viewport);
    }
  });

  await check("the playground's data survives a reload", async () => {
    await run("HSET kept:1 name Ann");
    // Saved after key changes (throttled): wait until the copy holds the new key.
    await page.waitForFunction(() => (localStorage.getItem("redis-playground:data:playground") ?? "").includes("kept:1"));
    await page.reload();
    await page.locator('section[aria-label="Keys"]').getByRole("button", { name: "kept:1" }).waitFor();
    const notice = await page.getByRole("status", { name: "Data notice" }).textContent();
    if (!notice?.includes("from your last visit")) fail(`after reload the notice says ${JSON.stringify(notice)}`);
  });

  await check("the theme toggle switches and is kept", async () => {
    const toggle = page.getByRole("button", { name: /^Theme: / });
    await toggle.click();
    await toggle.click();
    const theme = await page.evaluate(() => document.documentElement.getAttribute("data-theme"));
    if (theme !== "dark") fail(`after two clicks the theme is ${JSON.stringify(theme)}`);
    await page.reload();
    await page.locator('section[aria-label="Redis console"][data-ready="true"]').waitFor();
    await page.waitForFunction(() => document.documentElement.getAttribute("data-theme") === "dark");
    await page.getByRole("button", { name: /^Theme: / }).click();
  });

  await check("the server log pane shows what the instance logged (through the worker)", async () => {
    await run("DEBUG LOG hello-from-the-browser");
    await page.getByText("Server log", { exact: true }).click();
    await page.waitForFunction(() => document.querySelector('[role="log"][aria-label="Server log"]')?.textContent?.includes("# DEBUG LOG: hello-from-the-browser"));
  });

  await check("the Lua editor (Monaco, from our own origin) loads when opened and runs EVAL in the console", async () => {
    await page.getByText("Lua script editor").click();
    await page.locator('[data-testid="lua-editor"][data-ready="true"]').waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: /^Run in / }).click();
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('[aria-label="Console output"] pre')).some((p) => p.textContent?.startsWith("127.0.0.1:6379> EVAL ")),
    );
    const lines = await outputLines();
    const at = lines.findLastIndex((l) => l.startsWith("127.0.0.1:6379> EVAL "));
    await page.waitForFunction((n) => document.querySelectorAll('[aria-label="Console output"] pre').length > n, at + 1);
    const reply = (await outputLines())[at + 1];
    // Lua scripting lands separately: until then EVAL answers an error, after it the counter.
    if (reply !== "(integer) 1" && !reply.startsWith("(error) ")) fail(`EVAL answered ${JSON.stringify(reply)}`);
  });

  await check("nothing was loaded from another origin, nothing failed, no console errors", async () => {
    const problems = watch.problems();
    if (problems.length) fail(problems.join("\n    "));
  });
}

const guard = setTimeout(() => {
  console.error(`\n✖ browser tests took longer than ${OVERALL_TIMEOUT_MS / 1000} s`);
  cleanup().finally(() => process.exit(1));
}, OVERALL_TIMEOUT_MS);

async function cleanup() {
  await browser?.close();
  await server?.stop().catch(() => {});
}

console.log("browser tests (Chromium, production build)");
let exitCode = 0;
try {
  await main();
} catch (e) {
  exitCode = 1;
  if (results.failed === 0) {
    // Failed before or between checks (no build, no browser, server down): still a failure.
    results.failed++;
    console.error(`\n✖ ${e instanceof Error ? e.message : e}`);
  }
  const log = (server?.log ?? []).join("").trim();
  if (log) console.error(`\nnext start output:\n${log}`);
} finally {
  await cleanup();
  clearTimeout(guard);
}
console.log(`\n${results.passed} passed, ${results.failed} failed`);
process.exit(exitCode);
