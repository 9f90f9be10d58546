#!/usr/bin/env node
// Browser tests against the production build: starts `next start` on a free loopback port,
// drives Debian's Chromium with playwright-core, and checks what a learner would see.
// Run after `npx next build` (scripts/test-all.mjs does both). Exits non-zero with a clear
// message on the first failed check; the server is always stopped by its own PID.
/* global document -- the page, inside evaluate() */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const OVERALL_TIMEOUT_MS = 90_000;
const STEP_TIMEOUT_MS = 15_000;

const results = { passed: 0, failed: 0 };
const serverLog = [];
let server = null;
let context = null;
let profileDir = null;

function fail(message) {
  throw new Error(message);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (server?.exitCode !== null) fail(`next start exited early (code ${server?.exitCode})`);
    if (Date.now() > deadline) fail(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function startServer(port) {
  // Started as `node …/next start` so the PID we hold is the server itself, not a wrapper.
  server = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const s of [server.stdout, server.stderr]) s.on("data", (d) => serverLog.push(String(d)));
}

async function stopServer() {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((r) => server.once("exit", r));
  process.kill(server.pid, "SIGTERM");
  const timer = setTimeout(() => server.exitCode === null && process.kill(server.pid, "SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.passed++;
    console.log(`  ✔ ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.failed++;
    console.error(`  ✖ ${name}\n    ${e instanceof Error ? e.message : e}`);
    throw e;
  }
}

async function main() {
  if (!existsSync(".next/BUILD_ID")) fail("no production build in .next/: run `npx next build` first");
  if (!existsSync(CHROMIUM)) fail(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);

  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  startServer(port);
  await waitForHttp(`${origin}/`, 30_000);

  profileDir = mkdtempSync(join(tmpdir(), "e2e-chromium-"));
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);

  // Every request (pages, scripts, the worker's own) must stay on the app's origin.
  const foreign = [];
  const failedRequests = [];
  const consoleErrors = [];
  context.on("request", (req) => {
    const url = req.url();
    if (/^(data|blob):/.test(url)) return;
    if (!url.startsWith(`${origin}/`)) foreign.push(url);
  });
  context.on("requestfailed", (req) => {
    // A navigation cancels what the previous page was still loading: not a failure.
    const why = req.failure()?.errorText ?? "";
    if (why !== "net::ERR_ABORTED") failedRequests.push(`${req.url()} (${why})`);
  });
  context.on("response", (res) => {
    if (res.status() >= 400) failedRequests.push(`${res.url()} → HTTP ${res.status()}`);
  });

  const page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (msg) => {
    if (msg.type() === "error") consoleErrors.push(msg.text());
  });
  page.on("pageerror", (err) => consoleErrors.push(`uncaught: ${err.message}`));

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
    const cells = await rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent)));
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

  await check("nothing was loaded from another origin, nothing failed, no console errors", async () => {
    if (foreign.length) fail(`requests left the app's origin:\n      ${foreign.join("\n      ")}`);
    if (failedRequests.length) fail(`requests failed:\n      ${failedRequests.join("\n      ")}`);
    if (consoleErrors.length) fail(`console errors:\n      ${consoleErrors.join("\n      ")}`);
  });
}

const guard = setTimeout(() => {
  console.error(`\n✖ browser tests took longer than ${OVERALL_TIMEOUT_MS / 1000} s`);
  cleanup().finally(() => process.exit(1));
}, OVERALL_TIMEOUT_MS);

async function cleanup() {
  await context?.close().catch(() => {});
  await stopServer().catch(() => {});
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
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
  const log = serverLog.join("").trim();
  if (log) console.error(`\nnext start output:\n${log}`);
} finally {
  await cleanup();
  clearTimeout(guard);
}
console.log(`\n${results.passed} passed, ${results.failed} failed`);
process.exit(exitCode);
