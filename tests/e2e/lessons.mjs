#!/usr/bin/env node
// Browser proof for the course: for every written module, open /learn/<id>, start a state
// exercise, type its reference solution into the console key by key (opening and naming the
// client tabs its steps use, moving the clock with the clock controls), press Check and expect
// "Passed". A screenshot of each passed card is kept under test-results/lessons/.
//
// By default each module's quickest state exercise runs, plus the quickest one that uses a
// second client tab and the quickest one that moves the clock, so those paths are proven too.
// LESSONS_E2E=all runs every state exercise of every module; LESSONS_E2E_ONLY=F-3,f9-recover
// keeps only the named exercises, or every state exercise of the named modules (debugging).
//
// Needs the production build (`npx next build`; scripts/test-all.mjs builds once for every
// browser test). Starts its own `next start` on a free loopback port and stops it by its PID.
/* global document -- the page, inside waitForFunction() */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  advanceClock,
  checker,
  clockClicks,
  consoleReady,
  fail,
  launchBrowser,
  requireBuildAndBrowser,
  showTab,
  startNext,
  typeLine,
  watchPage,
} from "./support.mjs";

const ALL = process.env.LESSONS_E2E === "all";
const ONLY = (process.env.LESSONS_E2E_ONLY ?? "").split(",").map((x) => x.trim().toLowerCase()).filter(Boolean);
const SHOTS = join("test-results", "lessons");
const STEP_TIMEOUT_MS = 15_000;

/** The written course, read from the lessons' own data (course-data.ts, run with tsx). */
function loadCourse() {
  const r = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "tests/e2e/course-data.ts"], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) fail(`could not read the course (tsx tests/e2e/course-data.ts):\n${r.stderr}`);
  return JSON.parse(r.stdout).modules;
}

/**
 * Roughly how long taking an exercise costs: a typed line ~300 ms, a setup step (run by the
 * lesson, not typed) ~4 ms — a 2,000-step setup outweighs a few typed lines; characters break ties.
 */
const size = (ex) => ex.solution.length * 300 + ex.setupSteps * 4 + ex.solution.reduce((n, s) => n + ("run" in s ? s.run.length : 0), 0) / 100;
const quickest = (list) => list.slice().sort((a, b) => size(a) - size(b))[0];
const usesTabs = (ex) => ex.solution.some((s) => "run" in s && (s.client ?? "main") !== "main");
const usesClock = (ex) => ex.solution.some((s) => "advanceMs" in s);

/** [{ module, exercise }] in course order: what this run takes through the UI. */
function choose(modules) {
  const picked = [];
  for (const m of modules) {
    if (!m.exercises.length) {
      picked.push({ module: m, exercise: null });
      continue;
    }
    const list = ALL ? m.exercises : [quickest(m.exercises)];
    for (const exercise of list) picked.push({ module: m, exercise });
  }
  if (!ALL) {
    const every = modules.flatMap((m) => m.exercises.map((exercise) => ({ module: m, exercise })));
    for (const wanted of [usesTabs, usesClock]) {
      if (picked.some((p) => p.exercise && wanted(p.exercise))) continue;
      const candidates = every.filter((p) => wanted(p.exercise));
      if (!candidates.length) continue;
      const best = quickest(candidates.map((p) => p.exercise));
      picked.push(candidates.find((p) => p.exercise === best));
    }
    const order = modules.map((m) => m.id);
    picked.sort((a, b) => order.indexOf(a.module.id) - order.indexOf(b.module.id));
  }
  if (!ONLY.length) return picked;
  const only = ALL ? picked : modules.flatMap((m) => (m.exercises.length ? m.exercises.map((exercise) => ({ module: m, exercise })) : []));
  return only.filter((p) => ONLY.includes(p.module.id.toLowerCase()) || ONLY.includes(p.exercise.id.toLowerCase()));
}

/** Fails before any browser work when a solution needs what the UI has no control for. */
function uiGap(exercise) {
  for (const s of exercise.solution) {
    if ("actor" in s) return `its solution has a scripted-actor step (${JSON.stringify(s.actor)}): a learner cannot type that`;
    if ("advanceMs" in s && !clockClicks(s.advanceMs))
      return `its solution advances the clock by ${s.advanceMs} ms, which the clock controls (+1 s, +10 s, +1 min; no custom amount) cannot make`;
  }
  return null;
}

async function takeExercise(page, origin, module, exercise) {
  const gap = uiGap(exercise);
  if (gap) fail(`${module.id} ${exercise.id}: ${gap}`);

  await page.goto(`${origin}/learn/${module.id.toLowerCase()}`);
  await consoleReady(page);
  if (exercise.part) {
    const part = module.parts.find((p) => p.id === exercise.part);
    await page.getByRole("navigation", { name: "Contents" }).getByRole("button", { name: part.title, exact: true }).click();
  }
  const cards = page.locator(`article[aria-label=${JSON.stringify(`Exercise: ${exercise.title}`)}]`);
  await cards.first().waitFor();
  if ((await cards.count()) !== 1) fail(`${await cards.count()} cards are titled ${JSON.stringify(exercise.title)}`);
  const card = cards.first();
  await card.scrollIntoViewIfNeeded();

  // Start (the button waits for the lesson's instance and checks); confirm when it asks.
  await card.getByRole("button", { name: /^(Start|Reset) exercise$/ }).click();
  const clearAndStart = card.getByRole("button", { name: "Clear and start" });
  const active = page.locator(`article[aria-label=${JSON.stringify(`Exercise: ${exercise.title}`)}][data-active="true"]`);
  await clearAndStart.or(active).first().waitFor();
  if (await clearAndStart.count()) await clearAndStart.click();
  await active.waitFor();
  await card.getByRole("button", { name: "Reset exercise" }).waitFor();
  await page.waitForFunction(
    (title) => {
      const c = document.querySelector(`article[aria-label=${JSON.stringify(`Exercise: ${title}`)}]`);
      return c && Array.from(c.querySelectorAll("button")).every((b) => !b.disabled);
    },
    exercise.title,
  );

  // Checked before any typing, the setup alone must fail: the pass below comes from the typing.
  await card.getByRole("button", { name: "Check" }).click();
  await card.locator('[aria-label="Check results"] li').first().waitFor();
  if (!(await card.locator('[aria-label="Check results"] li[data-pass="false"]').count()) || (await card.getByText("Passed — well done.").count()))
    fail(`the exercise passes before its solution is typed: ${JSON.stringify(await card.locator('[aria-label="Check results"] li').allTextContents())}`);

  // The reference solution, typed as a learner would type it.
  const typed = [];
  for (const step of exercise.solution) {
    if ("advanceMs" in step) {
      const moved = await advanceClock(page, step.advanceMs);
      typed.push(`[clock +${step.advanceMs} ms → moved ${moved} ms]`);
      continue;
    }
    const client = step.client ?? "main";
    const id = await showTab(page, client);
    // A raw step is typed with the tab's "Raw RESP" mode on, as the learner would.
    const raw = page.getByRole("checkbox", { name: "Raw RESP" });
    if ((await raw.isChecked()) !== Boolean(step.raw)) await raw.setChecked(Boolean(step.raw));
    const out = await typeLine(page, id, step.run);
    typed.push(`${client}> ${step.run} → ${out.slice(1).join(" | ")}`);
  }

  await card.getByRole("button", { name: "Check" }).click();
  const passed = card.getByText("Passed — well done.");
  try {
    await passed.waitFor({ timeout: STEP_TIMEOUT_MS });
  } catch {
    const results = await card
      .locator('[aria-label="Check results"] li')
      .evaluateAll((lis) =>
        lis.map((li) => {
          // "✓ goal" or "✗ goal" followed, on a failure, by the check's explanation.
          const why = li.querySelector("div")?.textContent ?? "";
          const text = li.textContent ?? "";
          return why ? `${text.slice(0, text.length - why.length).trim()} — ${why}` : text.trim();
        }),
      );
    fail(`no "Passed" after the reference solution.\nchecks: ${JSON.stringify(results)}\ntyped:\n  ${typed.join("\n  ")}`);
  }
  await page.locator(`article[aria-label=${JSON.stringify(`Exercise: ${exercise.title}`)}][data-done="true"]`).waitFor();
  await card.screenshot({ path: join(SHOTS, `${exercise.id}.png`) });
}

async function main() {
  requireBuildAndBrowser();
  const modules = loadCourse();
  if (!modules.length) fail("the course has no written module");
  const plan = choose(modules);
  mkdirSync(SHOTS, { recursive: true });

  const server = await startNext();
  const browser = await launchBrowser({ stepTimeoutMs: STEP_TIMEOUT_MS });
  const { check, results } = checker();
  const cleanup = async () => {
    await browser.close();
    await server.stop().catch(() => {});
  };
  const guardMs = 60_000 + plan.length * 30_000;
  const guard = setTimeout(() => {
    console.error(`\n✖ lesson browser tests took longer than ${guardMs / 1000} s`);
    cleanup().finally(() => process.exit(1));
  }, guardMs);

  try {
    const { page, context } = browser;
    const watch = watchPage(context, page, server.origin);

    await check("the course map links every written module, and only those", async () => {
      await page.goto(`${server.origin}/`);
      await page.getByRole("heading", { name: "Foundation" }).waitFor();
      const linked = await page.locator('main a[href^="/learn/"]').evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute("href")))]);
      const expected = modules.map((m) => `/learn/${m.id.toLowerCase()}`);
      const missing = expected.filter((h) => !linked.includes(h));
      const extra = linked.filter((h) => !expected.includes(h));
      if (missing.length || extra.length) fail(`course map: missing ${JSON.stringify(missing)}, unexpected ${JSON.stringify(extra)}`);
    });

    for (const { module, exercise } of plan) {
      if (!exercise) {
        await check(`${module.id}: has a state exercise to take`, async () => fail(`${module.id} has no state exercise`), { keepGoing: true });
        continue;
      }
      const extras = [usesTabs(exercise) && "client tabs", usesClock(exercise) && "clock"].filter(Boolean);
      const name = `${module.id} ${exercise.id} (${exercise.solution.length} steps${extras.length ? `; ${extras.join(", ")}` : ""}) passes through the UI`;
      await check(name, () => takeExercise(page, server.origin, module, exercise), { keepGoing: true });
    }

    await check("nothing was loaded from another origin, nothing failed, no console errors", async () => {
      const problems = watch.problems();
      if (problems.length) fail(problems.join("\n"));
    });
  } catch (e) {
    if (results.failed === 0) {
      results.failed++;
      console.error(`\n✖ ${e instanceof Error ? e.message : e}`);
    }
  } finally {
    if (results.failed) {
      const log = server.log.join("").trim();
      if (log) console.error(`\nnext start output:\n${log}`);
    }
    await cleanup();
    clearTimeout(guard);
  }
  console.log(`\n${results.passed} passed, ${results.failed} failed${results.failed ? "" : ` — screenshots in ${SHOTS}/`}`);
  return results.failed ? 1 : 0;
}

console.log(`lesson browser tests (Chromium, production build${ALL ? ", every state exercise" : ""})`);
let code = 1;
try {
  code = await main();
} catch (e) {
  console.error(`\n✖ ${e instanceof Error ? e.message : e}`);
}
process.exit(code);
