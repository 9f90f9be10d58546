#!/usr/bin/env node
// `npm run bench:browser` (or `npm run bench -- --browser`): what a learner's browser feels,
// measured in Debian's Chromium against the production build (run `npx next build` first).
//
//   1. First-load JS of /, /playground and /learn/f-1: the scripts the HTML references,
//      each gzipped (zlib default level, as `next start` compresses) and summed; beside it,
//      every script the page actually fetched until its console was ready (lazy chunks and
//      the engine's Web Worker included; Monaco is not fetched until the editor is opened).
//   2. Keystroke-to-reply in the REPL: from the Enter keydown to the reply line in the DOM,
//      timed in the page with performance.now() and a MutationObserver, over SET/GET commands.
//   3. The key inspector with 10,000 keys (DEBUG POPULATE 10000): time until the list shows
//      them, then long tasks (> 50 ms, PerformanceObserver 'longtask') and frame gaps while
//      scrolling the list with the mouse wheel and with scrollbar-like jumps.
//
// Figures only, never assertions. `--commands N` changes the REPL sample (default 200).
/* global document, window, requestAnimationFrame, MutationObserver -- the page, inside evaluate() */
import { gzipSync } from "node:zlib";
import { consoleReady, launchBrowser, requireBuildAndBrowser, startNext, typeLine } from "../tests/e2e/support.mjs";

const argv = process.argv.slice(2);
const at = argv.indexOf("--commands");
const COMMANDS = at >= 0 ? Math.max(10, Number(argv[at + 1]) || 200) : 200;
const WARMUP = 20;
const PAGES = ["/", "/playground", "/learn/f-1"];

const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
const ms = (n) => (n === null || n === undefined || Number.isNaN(n) ? "n/a" : `${n.toFixed(1)} ms`);
const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
function table(head, rows) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** The scripts an HTML page references (src of <script> tags), absolute, deduplicated. */
function scriptsOf(html, origin) {
  const srcs = new Set();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) srcs.add(new URL(m[1].replace(/&amp;/g, "&"), origin).href);
  return [...srcs];
}

async function gzSize(url) {
  const res = await fetch(url, { headers: { "accept-encoding": "identity" } });
  const body = Buffer.from(await res.arrayBuffer());
  return { raw: body.length, gz: gzipSync(body).length };
}

async function firstLoad(browser, origin) {
  const rows = [];
  for (const path of PAGES) {
    const html = await (await fetch(`${origin}${path}`)).text();
    const scripts = scriptsOf(html, origin);
    let raw = 0;
    let gz = 0;
    for (const s of scripts) {
      const size = await gzSize(s);
      raw += size.raw;
      gz += size.gz;
    }
    // What the browser really fetched, until the page is usable.
    const fetched = new Set();
    const onResponse = (res) => {
      const type = res.request().resourceType();
      if (res.url().startsWith(origin) && (type === "script" || /\.m?js(\?|$)/.test(res.url()))) fetched.add(res.url());
    };
    browser.context.on("response", onResponse);
    await browser.page.goto(`${origin}${path}`, { waitUntil: "load" });
    if (path !== "/") await consoleReady(browser.page);
    await browser.page.waitForLoadState("networkidle");
    browser.context.off("response", onResponse);
    let fetchedGz = 0;
    for (const u of fetched) fetchedGz += (await gzSize(u)).gz;
    rows.push([path, String(scripts.length), kb(raw), kb(gz), String(fetched.size), kb(fetchedGz)]);
  }
  return rows;
}

async function keystrokeToReply(page, origin) {
  await page.goto(`${origin}/playground`);
  await consoleReady(page);
  await typeLine(page, "main", "FLUSHALL");
  await page.evaluate(() => {
    const input = document.querySelector("#repl-input-main");
    const out = document.querySelector('[data-tab="main"] [aria-label="Console output"]');
    const bench = { samples: [], t0: null, label: "" };
    window.__bench = bench;
    // Capture phase on window: runs before React's own keydown handler.
    window.addEventListener(
      "keydown",
      (e) => {
        if (e.key === "Enter" && e.target === input) bench.t0 = performance.now();
      },
      true,
    );
    new MutationObserver((records) => {
      if (bench.t0 === null) return;
      for (const r of records)
        for (const n of r.addedNodes) {
          if (n.nodeType !== 1) continue;
          const pre = n.matches("pre") ? n : n.querySelector("pre");
          const kind = pre?.getAttribute("data-kind");
          if (!pre || kind === "input" || kind === "waiting") continue;
          bench.samples.push({ label: bench.label, ms: performance.now() - bench.t0 });
          bench.t0 = null;
          return;
        }
    }).observe(out, { childList: true, subtree: true });
  });
  const input = page.locator("#repl-input-main");
  const region = page.locator('[data-tab="main"] section[aria-label="Redis console"]');
  for (let i = 0; i < COMMANDS + WARMUP; i++) {
    const n = i >> 1;
    const [label, line] = i % 2 === 0 ? ["SET", `SET key:${n} value-${n}`] : ["GET", `GET key:${n}`];
    const before = Number(await region.getAttribute("data-ran"));
    await input.fill(line);
    await page.evaluate((l) => (window.__bench.label = l), label);
    await input.press("Enter");
    await page.waitForFunction(
      (k) => Number(document.querySelector('[data-tab="main"] section[aria-label="Redis console"]')?.getAttribute("data-ran")) >= k,
      before + 1,
    );
  }
  const samples = (await page.evaluate(() => window.__bench.samples)).slice(WARMUP);
  const rows = [];
  for (const label of ["SET", "GET", "all"]) {
    const s = samples
      .filter((x) => label === "all" || x.label === label)
      .map((x) => x.ms)
      .sort((a, b) => a - b);
    rows.push([label, String(s.length), ms(pct(s, 50)), ms(pct(s, 95)), ms(s[s.length - 1])]);
  }
  return rows;
}

/** Long tasks and frame gaps while `act` runs in the page. */
async function observe(page, act) {
  await page.evaluate(() => {
    const o = { longtasks: [], frames: [], running: true };
    window.__observe = o;
    o.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) o.longtasks.push(e.duration);
    });
    o.observer.observe({ type: "longtask" });
    let last = performance.now();
    const tick = (t) => {
      o.frames.push(t - last);
      last = t;
      if (o.running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const started = Date.now();
  await act();
  const wall = Date.now() - started;
  // Let the last frames and long-task entries arrive.
  await page.waitForTimeout(300);
  const r = await page.evaluate(() => {
    const o = window.__observe;
    o.running = false;
    o.observer.takeRecords().forEach((e) => o.longtasks.push(e.duration));
    o.observer.disconnect();
    return { longtasks: o.longtasks, frames: o.frames.slice(1) };
  });
  const frames = r.frames.sort((a, b) => a - b);
  return {
    wall,
    longtasks: r.longtasks.length,
    longest: r.longtasks.length ? Math.max(...r.longtasks) : 0,
    frameP95: pct(frames, 95),
    frameMax: frames[frames.length - 1],
  };
}

async function inspector(page, origin) {
  await page.goto(`${origin}/playground`);
  await consoleReady(page);
  await typeLine(page, "main", "FLUSHALL");
  const grid = page.locator('table[aria-label="Keys in this database"]');
  const scroller = grid.locator("xpath=..");
  let shownMs = 0;
  const populate = await observe(page, async () => {
    const t0 = Date.now();
    await typeLine(page, "main", "DEBUG POPULATE 10000");
    await page.waitForFunction(() => document.querySelector('table[aria-label="Keys in this database"]')?.getAttribute("aria-rowcount") === "10001", null, {
      timeout: 60_000,
    });
    shownMs = Date.now() - t0;
  });
  const box = await scroller.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 100));
  const rendered = [];
  const wheel = await observe(page, async () => {
    for (let i = 0; i < 100; i++) {
      await page.mouse.wheel(0, 1200);
      await page.waitForTimeout(16);
      if (i % 20 === 0) rendered.push(Number(await scroller.getAttribute("data-rendered-rows")));
    }
  });
  const wheeled = await scroller.evaluate((el) => el.scrollTop);
  const jumps = await observe(page, async () => {
    for (let i = 0; i < 30; i++) {
      // Like dragging the scrollbar thumb: far jumps, one per frame or so.
      await scroller.evaluate((el, f) => (el.scrollTop = f * (el.scrollHeight - el.clientHeight)), ((i * 7919) % 30) / 29);
      await page.waitForTimeout(32);
    }
  });
  return {
    shownMs,
    rows: [
      ["DEBUG POPULATE 10000 → list shows 10,000", `${populate.wall} ms`, String(populate.longtasks), ms(populate.longest), ms(populate.frameP95), ms(populate.frameMax)],
      [`wheel: 100 × 1200 px (reached ${Math.round(wheeled)} px)`, `${wheel.wall} ms`, String(wheel.longtasks), ms(wheel.longest), ms(wheel.frameP95), ms(wheel.frameMax)],
      ["scrollbar jumps: 30", `${jumps.wall} ms`, String(jumps.longtasks), ms(jumps.longest), ms(jumps.frameP95), ms(jumps.frameMax)],
    ],
    rendered,
  };
}

async function main() {
  requireBuildAndBrowser();
  const server = await startNext();
  const browser = await launchBrowser({ stepTimeoutMs: 30_000 });
  try {
    const version = browser.context.browser()?.version() ?? "";
    console.log(`redis-playground browser bench — Chromium ${version} headless, production build, Node ${process.version}`);

    console.log("\nFirst-load JS (gzip of each script, summed; HTML-referenced vs fetched until the console is ready)");
    console.log(table(["page", "scripts in HTML", "raw", "gzipped", "scripts fetched", "fetched, gzipped"], await firstLoad(browser, server.origin)));

    console.log(`\nKeystroke to reply in the REPL (Enter keydown → reply line in the DOM; ${COMMANDS} commands after ${WARMUP} warm-up, SET/GET alternating)`);
    console.log(table(["command", "n", "p50", "p95", "max"], await keystrokeToReply(browser.page, server.origin)));

    console.log("\nKey inspector with 10,000 keys (long tasks > 50 ms on the page's main thread; frame gaps from requestAnimationFrame)");
    const insp = await inspector(browser.page, server.origin);
    console.log(table(["phase", "wall", "long tasks", "longest", "frame p95", "frame max"], insp.rows));
    console.log(`rows in the DOM while scrolling: ${insp.rendered.join(", ")} (of 10,000)`);
  } finally {
    await browser.close();
    await server.stop().catch(() => {});
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
