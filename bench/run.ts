/**
 * `npm run bench` — how fast the engine is, in process and over TCP beside real Redis.
 *
 *   npm run bench                 both parts, full size
 *   npm run bench -- --quick      smaller runs (a rough figure in a few seconds)
 *   npm run bench -- --inprocess  only the in-process part
 *   npm run bench -- --tcp        only the redis-benchmark part
 *   npm run bench -- --scaling    only the scaling runs (N = 10k, 100k, 1M)
 *   npm run bench -- --streams    only the streams and Pub/Sub figures (part of --inprocess)
 *   npm run bench -- --memory     only the cost of the memory accounting (maxmemory off / set / evicting)
 *   npm run bench -- --scripting  only Lua over TCP: EVAL of 1,000 INCR calls, EVALSHA overhead, vs redis-server
 *   npm run bench -- --browser    only the browser figures (bench/browser.mjs, = npm run bench:browser;
 *                                 needs `npx next build` first)
 *
 * Figures, never assertions: tests do not time anything.
 */
import os from "node:os";
import { spawnSync } from "node:child_process";
import { runInProcess } from "./inprocess";
import { runStreamsPubSub } from "./inprocess-streams";
import { runMemoryBench } from "./inprocess-memory";
import { runTcp } from "./tcp";
import { runScaling, SCALING_SIZES } from "./scaling";
import { runInProcessScripting, runScriptingBench } from "./scripting";

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const onlyIn = argv.includes("--inprocess");
const onlyTcp = argv.includes("--tcp");
const onlyScaling = argv.includes("--scaling");
const onlyStreams = argv.includes("--streams");
const onlyMemory = argv.includes("--memory");

// -- The browser figures (Chromium, production build) live in bench/browser.mjs --
if (argv.includes("--browser")) {
  const r = spawnSync(process.execPath, ["bench/browser.mjs", ...argv.filter((a) => a !== "--browser")], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}

const fmt = (n: number | null) => (n === null || Number.isNaN(n) ? "n/a" : Math.round(n).toLocaleString("en-US"));
const table = (head: string[], rows: string[][]) => {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
};

async function main() {
  console.log(`redis-playground bench — Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}`);
  // -- Lua scripting over TCP beside real Redis --
  if (argv.includes("--scripting")) {
    console.log("\nLua scripting over TCP, one client, one command at a time: engine (npm run server, Lua in a worker_thread) vs redis-server 7.0");
    const rows = await runScriptingBench(quick);
    const num = (n: number, unit: string) => (unit === "µs" ? n.toFixed(1) : fmt(n));
    console.log(table(["run", "unit", "engine", "redis-server", "engine/redis"], rows.map((r) => [r.name, r.unit, num(r.engine, r.unit), num(r.redis, r.unit), `${((r.engine / r.redis) * 100).toFixed(0)}%`])));
    const ip = await runInProcessScripting(quick);
    console.log("\nIn process (no TCP), EVAL of 1,000 × redis.call('INCR') per second: the Lua VM in this thread vs in its worker");
    console.log(table(["VM", "scripts/s", "calls/s"], [["in-thread (the fallback)", fmt(ip.inThread), fmt(ip.inThread * 1000)], ["own worker (SharedArrayBuffer)", fmt(ip.worker), fmt(ip.worker * 1000)]]));
    return;
  }
  // -- The memory accounting's cost per command --
  if (onlyMemory) {
    console.log(
      "\nMemory accounting (ops/s, best of 5 interleaved slices): maxmemory 0; 1 GB with nothing to evict; allkeys-lru evicting continuously (see bench/inprocess-memory.ts)",
    );
    const rows = runMemoryBench(quick ? 1000 : 5000);
    const pct = (a: number, b: number) => `${((a / b) * 100).toFixed(0)}%`;
    console.log(
      table(
        ["command", "maxmemory 0", "1gb, no eviction", "÷ off", "evicting", "÷ off", "evicted/1k cmds"],
        rows.map((r) => [r.name, fmt(r.off), fmt(r.headroom), pct(r.headroom, r.off), fmt(r.evicting), pct(r.evicting, r.off), r.evictedPerK.toFixed(0)]),
      ),
    );
    return;
  }
  if (!onlyTcp && !onlyScaling && !onlyStreams) {
    console.log("\nIn process (ops/s): client.execute; + RESP2 encoding of the reply; + parsing (RespSession, 64 pipelined per chunk)");
    const rows = runInProcess(quick ? 300 : 1500);
    console.log(table(["command", "execute", "execute+encode", "parse+execute+encode"], rows.map((r) => [r.name, fmt(r.execute), fmt(r.encoded), fmt(r.session)])));
  }
  if (!onlyTcp && !onlyScaling) {
    console.log(
      "\nStreams and Pub/Sub (ops/s, best of 5 slices; ÷ SET: against SET measured in slices interleaved with each run, same mode; see bench/inprocess-streams.ts)",
    );
    const multi = runStreamsPubSub(quick ? 500 : 2500);
    const share = (n: number | null, b: number | null) => (n === null || b === null ? "n/a" : `${((n / b) * 100).toFixed(0)}%`);
    console.log(
      table(
        ["run", "execute", "÷ SET", "execute+encode", "÷ SET"],
        multi.map((r) => [r.name, fmt(r.execute), share(r.execute, r.executeBase), fmt(r.encoded), share(r.encoded, r.encodedBase)]),
      ),
    );
  }
  if (!onlyTcp && !onlyIn && !onlyStreams) {
    const sizes = quick ? SCALING_SIZES.slice(0, 2) : SCALING_SIZES;
    console.log(`\nScaling (ms for N = ${sizes.map(fmt).join(", ")}; ratio per 10× N — O(N log N) totals stay near 10–13, O(log N) windows near 1–2; an O(N) step per command shows up near 100)`);
    const rows = runScaling(sizes);
    const ratio = (a: number | null, b: number | null) => (a === null || b === null ? "n/a" : (b / a).toFixed(1));
    console.log(
      table(
        ["run", ...sizes.map((n) => `N=${fmt(n)}`), ...sizes.slice(1).map((n, i) => `×${fmt(sizes[i])}→${fmt(n)}`)],
        rows.map((r) => [r.name, ...r.ms.map((m) => (m === null ? "n/a" : `${m.toFixed(0)} ms`)), ...r.ms.slice(1).map((m, i) => ratio(r.ms[i], m))]),
      ),
    );
  }
  if (!onlyIn && !onlyScaling && !onlyStreams) {
    const plans = quick
      ? [
          { pipeline: 1, requests: 50_000 },
          { pipeline: 16, requests: 300_000 },
        ]
      : [
          { pipeline: 1, requests: 300_000 },
          { pipeline: 16, requests: 3_000_000 },
        ];
    console.log("\nTCP: redis-benchmark -t set,get -c 50 (requests/s), engine (npm run server) vs redis-server 7.0");
    const rows = await runTcp(plans);
    console.log(
      table(
        ["test", "-P", "-n", "engine", "redis-server", "engine/redis"],
        rows.map((r) => [r.test, String(r.pipeline), fmt(r.requests), fmt(r.engine), fmt(r.redis), `${((r.engine / r.redis) * 100).toFixed(0)}%`]),
      ),
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
