/**
 * `npm run bench -- --scripting`: Lua scripting over TCP, the engine's server (`npm run server`,
 * its Lua VM in a worker_thread) beside a real redis-server 7.0 in the same run.
 *
 * - EVAL of a script doing 1,000 redis.call('INCR'): scripts/s and redis.call/s. Each call
 *   crosses from the Lua worker to the engine and back (SharedArrayBuffer + Atomics).
 * - EVALSHA of `return 1` against PING, one client, one command at a time: the time per
 *   round trip, and the difference, which is what running a (trivial) script costs.
 *
 * Figures, never assertions.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { performance } from "node:perf_hooks";
import { freePort, startRealRedis, waitForPort } from "../tests/support/redis-server";
import { RespConnection } from "../tests/support/resp-client";
import { createServer } from "../engine/server";
import { loadLuaVm } from "../engine/scripting-wasm/lua-wasm";
import { loadNodeLuaVm } from "../engine/node/lua-vm";
import type { LuaVm } from "../engine/scripting/vm";

export interface ScriptingRow {
  name: string;
  unit: string;
  engine: number;
  redis: number;
}

const INCR_1000 = "for i = 1, 1000 do redis.call('INCR', KEYS[1]) end return redis.call('GET', KEYS[1])";

async function startEngine(): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const proc: ChildProcess = spawn(process.execPath, ["--import", "tsx", "engine/node/main.ts", "--port", String(port)], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  await waitForPort(port, 15_000);
  return {
    port,
    async stop() {
      proc.kill("SIGKILL");
      await exited;
    },
  };
}

/** Runs `fn` repeatedly for about `ms` (after a warm-up) and returns runs per second. */
async function rate(fn: () => Promise<unknown>, ms: number): Promise<number> {
  for (let i = 0; i < 20; i++) await fn();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    await fn();
    n++;
  }
  return (n * 1000) / (performance.now() - start);
}

async function measure(port: number, ms: number): Promise<{ evalPerSec: number; evalshaUs: number; pingUs: number }> {
  const c = await RespConnection.connect(port);
  try {
    await c.call("DEL", "bench:n");
    const evalPerSec = await rate(() => c.call("EVAL", INCR_1000, "1", "bench:n"), ms);
    const sha = (await c.call("SCRIPT", "LOAD", "return 1")).reply;
    if (sha.t !== "bulk") throw new Error("SCRIPT LOAD failed");
    // Interleaved slices, best of each, so both see the same machine load.
    let evalsha = 0;
    let ping = 0;
    for (let i = 0; i < 5; i++) {
      evalsha = Math.max(evalsha, await rate(() => c.call("EVALSHA", sha.v, "0"), ms / 5));
      ping = Math.max(ping, await rate(() => c.call("PING"), ms / 5));
    }
    await c.call("DEL", "bench:n");
    return { evalPerSec, evalshaUs: 1e6 / evalsha, pingUs: 1e6 / ping };
  } finally {
    c.close();
  }
}

/** In process, no TCP: EVAL of 1,000 INCR calls per second with the given VM (run in one go). */
function inProcess(vm: LuaVm, ms: number): number {
  const server = createServer({ lua: vm });
  const c = server.connect();
  const run = () => c.execute(["EVAL", INCR_1000, "1", "n"]);
  for (let i = 0; i < 5; i++) run();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    run();
    n++;
  }
  return (n * 1000) / (performance.now() - start);
}

/** The same script in process: the in-thread VM against the worker VM, to show what the thread hop costs. */
export async function runInProcessScripting(quick: boolean): Promise<{ inThread: number; worker: number }> {
  const ms = quick ? 1000 : 3000;
  const inThread = inProcess(await loadLuaVm(), ms);
  const workerVm = await loadNodeLuaVm();
  try {
    return { inThread, worker: inProcess(workerVm, ms) };
  } finally {
    workerVm.dispose();
  }
}

export async function runScriptingBench(quick: boolean): Promise<ScriptingRow[]> {
  const ms = quick ? 1000 : 4000;
  const [engine, redis] = await Promise.all([startEngine(), startRealRedis()]);
  try {
    const e = await measure(engine.port, ms);
    const r = await measure(redis.port, ms);
    return [
      { name: "EVAL: 1,000 × redis.call('INCR')", unit: "scripts/s", engine: e.evalPerSec, redis: r.evalPerSec },
      { name: "  … the redis.calls in it", unit: "calls/s", engine: e.evalPerSec * 1000, redis: r.evalPerSec * 1000 },
      { name: "EVALSHA 'return 1' round trip", unit: "µs", engine: e.evalshaUs, redis: r.evalshaUs },
      { name: "PING round trip", unit: "µs", engine: e.pingUs, redis: r.pingUs },
      { name: "EVALSHA overhead (EVALSHA − PING)", unit: "µs", engine: e.evalshaUs - e.pingUs, redis: r.evalshaUs - r.pingUs },
    ];
  } finally {
    await Promise.all([engine.stop(), redis.stop()]);
  }
}
