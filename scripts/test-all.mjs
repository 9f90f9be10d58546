#!/usr/bin/env node
// Runs every test the project has, after installing what the tests need on Debian 12:
// redis-server 7.0 (the reference for the differential suite) and Chromium (browser tests).
// Steps: install system packages if missing → lint → typecheck → unit, component and
// differential tests → production build → browser tests.
import { execSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const has = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;

function ensurePackages() {
  const missing = [];
  if (!has("redis-server")) missing.push("redis-server");
  if (!has("redis-cli") || !has("redis-benchmark")) missing.push("redis-tools");
  if (process.env.SKIP_BROWSER_TESTS !== "1" && !existsSync("/usr/bin/chromium")) missing.push("chromium");
  if (!missing.length) return;
  const sudo = process.getuid && process.getuid() === 0 ? "" : "sudo ";
  console.log(`\n▶ installing ${missing.join(", ")} with apt-get`);
  execSync(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(" ")}`, {
    stdio: "inherit",
  });
}

function step(name, cmd) {
  console.log(`\n▶ ${name}: ${cmd}`);
  const started = Date.now();
  const r = spawnSync("sh", ["-c", cmd], { stdio: "inherit", env });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n✖ ${name} failed (${secs}s)`);
    process.exit(r.status ?? 1);
  }
  console.log(`✔ ${name} (${secs}s)`);
}

ensurePackages();
step("lint", "npx eslint .");
step("typecheck", "npx tsc --noEmit");
step("unit, component and differential tests", "npx vitest run");
if (existsSync("tests/e2e") && process.env.SKIP_BROWSER_TESTS !== "1") {
  step("build", "npx next build");
  step("browser tests", "node tests/e2e/run.mjs");
  // -- Every written module's exercise taken through the UI, on the same build --
  step("lesson browser tests", "node tests/e2e/lessons.mjs");
  // -- A runaway script in the playground: the page responds, BUSY, SCRIPT KILL --
  step("Lua browser tests", "node tests/e2e/lua.mjs");
  step("lesson UX browser tests", "node tests/e2e/ux.mjs"); // layout, focus, a lesson surviving reload
  step("inspector browser tests", "node tests/e2e/inspector.mjs"); // encoding flip, TTL on the clock, DEBUG SLEEP waits
}
console.log("\nAll tests passed.");
