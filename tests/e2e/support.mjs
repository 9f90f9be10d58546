// Shared by the browser drivers (tests/e2e/*.mjs, bench/browser.mjs): start `next start` on the
// production build on a free loopback port, launch Debian's Chromium with playwright-core, watch
// that nothing leaves the app's origin, and drive the console as a learner would.
// Processes are stopped by their own PID, never by name.
/* global document -- the page, inside evaluate() */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

export function fail(message) {
  throw new Error(message);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Fails unless the production build and the browser are there, with what to do about it. */
export function requireBuildAndBrowser() {
  if (!existsSync(".next/BUILD_ID")) fail("no production build in .next/: run `npx next build` first");
  if (!existsSync(CHROMIUM)) fail(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
}

/**
 * Starts `next start` on the build in the current directory, on a free 127.0.0.1 port, and
 * waits until / answers. Returns { origin, log, stop }.
 */
export async function startNext({ timeoutMs = 30_000 } = {}) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const log = [];
  // Started as `node …/next start` so the PID we hold is the server itself, not a wrapper.
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  for (const s of [child.stdout, child.stderr]) s.on("data", (d) => log.push(String(d)));

  async function stop() {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(child.pid, "SIGTERM");
    const timer = setTimeout(() => child.exitCode === null && process.kill(child.pid, "SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${origin}/`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) fail(`next start exited early (code ${child.exitCode})\n${log.join("")}`);
    if (Date.now() > deadline) {
      await stop();
      fail(`${origin}/ did not answer 200 within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { origin, log, stop };
}

/** Headless Chromium with a throwaway profile. Returns { context, page, close }. */
export async function launchBrowser({ stepTimeoutMs = 15_000, viewport } = {}) {
  const profileDir = mkdtempSync(join(tmpdir(), "e2e-chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      ...(viewport ? { viewport } : {}),
    });
  } catch (e) {
    rmSync(profileDir, { recursive: true, force: true });
    throw e;
  }
  context.setDefaultTimeout(stepTimeoutMs);
  const page = context.pages()[0] ?? (await context.newPage());
  async function close() {
    await context.close().catch(() => {});
    rmSync(profileDir, { recursive: true, force: true });
  }
  return { context, page, close };
}

/**
 * Records what a page should never do: request anything outside `origin`, get a failed or
 * 4xx/5xx response, or log a console error. Returns the lists and a `problems()` summary.
 */
export function watchPage(context, page, origin) {
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
  page.on("console", (msg) => {
    if (msg.type() === "error") consoleErrors.push(msg.text());
  });
  page.on("pageerror", (err) => consoleErrors.push(`uncaught: ${err.message}`));
  return {
    foreign,
    failedRequests,
    consoleErrors,
    problems() {
      const out = [];
      if (foreign.length) out.push(`requests left the app's origin:\n      ${foreign.join("\n      ")}`);
      if (failedRequests.length) out.push(`requests failed:\n      ${failedRequests.join("\n      ")}`);
      if (consoleErrors.length) out.push(`console errors:\n      ${consoleErrors.join("\n      ")}`);
      return out;
    },
  };
}

/** Named checks with a pass/fail count, printed as they run. */
export function checker() {
  const results = { passed: 0, failed: 0 };
  async function check(name, fn, { keepGoing = false } = {}) {
    const started = Date.now();
    try {
      await fn();
      results.passed++;
      console.log(`  ✔ ${name} (${Date.now() - started} ms)`);
      return true;
    } catch (e) {
      results.failed++;
      console.error(`  ✖ ${name}\n    ${(e instanceof Error ? e.message : String(e)).replace(/\n/g, "\n    ")}`);
      if (!keepGoing) throw e;
      return false;
    }
  }
  return { results, check };
}

// ---- the console, as a learner uses it ------------------------------------------------------

const CONSOLE = 'section[aria-label="Redis console"]';

/** Waits until the playground's engine is up (the console input is enabled). */
export async function consoleReady(page) {
  // Attached, not visible: the lesson may bring back a tab other than the first in front.
  await page.locator(`${CONSOLE}[data-ready="true"]`).first().waitFor({ state: "attached" });
}

/** The id of the client tab labelled `label` (the tab bar shows labels; panels use ids). */
export function tabIdFor(page, label) {
  return page.evaluate((want) => {
    const tabs = document.querySelectorAll('[role="tablist"][aria-label="Client tabs"] [role="tab"]');
    for (const t of tabs) {
      // The label is the button's first text; badges (waiting, unread) follow it.
      if ((t.firstChild?.textContent ?? "").trim() === want) return t.id.replace(/^console-tab-/, "");
    }
    return null;
  }, label);
}

/**
 * Brings the client tab labelled `label` to the front, opening one with "+" and naming it with
 * the rename control when there is none. Returns its id.
 */
export async function showTab(page, label) {
  let id = await tabIdFor(page, label);
  if (id === null) {
    await page.getByRole("button", { name: "New client tab" }).click();
    // The new tab is shown and last in the bar: rename it.
    const newest = await page.evaluate(() => {
      const tabs = document.querySelectorAll('[role="tablist"][aria-label="Client tabs"] [role="tab"]');
      const t = tabs[tabs.length - 1];
      return t ? { id: t.id.replace(/^console-tab-/, ""), label: (t.firstChild?.textContent ?? "").trim() } : null;
    });
    if (!newest) fail(`"New client tab" opened no tab for ${label}`);
    await page.getByRole("button", { name: `Rename ${newest.label}`, exact: true }).click();
    const field = page.getByRole("textbox", { name: "Tab name" });
    await field.fill(label);
    await field.press("Enter");
    id = await tabIdFor(page, label);
    if (id === null) fail(`renaming the new tab to ${JSON.stringify(label)} did not stick`);
  }
  const tab = page.locator(`#console-tab-${cssId(id)}`);
  if ((await tab.getAttribute("aria-selected")) !== "true") await tab.click();
  await page.locator(`[data-tab="${id}"] ${CONSOLE}[data-ready="true"]`).waitFor();
  return id;
}

const cssId = (id) => id.replace(/[^a-zA-Z0-9_-]/g, (c) => `\\${c}`);

/**
 * Types `line` into the console of tab `id` key by key, presses Enter and waits until the tab
 * has run it. Returns what the tab printed for it (the lines after the echoed prompt).
 */
export async function typeLine(page, id, line, { keyDelayMs = 0 } = {}) {
  const region = page.locator(`[data-tab="${id}"] ${CONSOLE}`);
  const input = region.getByRole("textbox", { name: "Command" });
  const before = Number(await region.getAttribute("data-ran"));
  const linesBefore = await region.locator('[aria-label="Console output"] pre').count();
  await input.focus();
  await input.pressSequentially(line, { delay: keyDelayMs });
  const typed = await input.inputValue();
  if (typed !== line) fail(`the console input holds ${JSON.stringify(typed)} after typing ${JSON.stringify(line)}`);
  await input.press("Enter");
  await page.waitForFunction(
    ([t, n]) => Number(document.querySelector(`[data-tab="${t}"] section[aria-label="Redis console"]`)?.getAttribute("data-ran")) >= n,
    [id, before + 1],
  );
  const all = await region.locator('[aria-label="Console output"] pre').allTextContents();
  return all.slice(linesBefore);
}

/** The clock buttons, largest first: the only fast-forward the playground offers. */
export const CLOCK_STEPS = [
  { ms: 60_000, name: "Advance the clock 1 min" },
  { ms: 10_000, name: "Advance the clock 10 s" },
  { ms: 1_000, name: "Advance the clock 1 s" },
];

/** The clicks that move the clock by `ms`, or null when the buttons cannot make that amount. */
export function clockClicks(ms) {
  const clicks = [];
  let left = ms;
  for (const s of CLOCK_STEPS) {
    while (left >= s.ms) {
      clicks.push(s);
      left -= s.ms;
    }
  }
  return left === 0 ? clicks : null;
}

/** Moves the instance clock forward by `ms` with the clock controls; checks the server time moved. */
export async function advanceClock(page, ms) {
  const clicks = clockClicks(ms);
  if (!clicks) fail(`the clock controls (+1 s, +10 s, +1 min, no custom amount) cannot advance by ${ms} ms`);
  const clock = page.locator('section[aria-label="Clock"]');
  const now = async () => Number(await clock.getByLabel("Server time").getAttribute("data-now"));
  const before = await now();
  for (const c of clicks) {
    const button = clock.getByRole("button", { name: c.name, exact: true });
    await button.click();
    // The buttons are disabled while the engine runs the timers due on the way.
    await page.waitForFunction((name) => {
      const b = document.querySelector(`section[aria-label="Clock"] button[aria-label="${name}"]`);
      return b && !b.disabled;
    }, c.name);
  }
  await page.waitForFunction(
    (want) => Number(document.querySelector('section[aria-label="Clock"] output[aria-label="Server time"]')?.getAttribute("data-now")) >= want,
    before + ms,
  );
  return (await now()) - before;
}
