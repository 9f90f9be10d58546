/**
 * Side-by-side redis-benchmark runs against the engine's TCP server (started through its CLI,
 * as `npm run server` does) and a real redis-server, both on free loopback ports, in the same
 * run, one after the other so they never compete for the CPU.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { promisify } from "node:util";
import { startRealRedis } from "../tests/support/redis-server";
import { freePort, waitForPort } from "../tests/support/redis-server";

const run = promisify(execFile);

export interface TcpRow {
  test: string;
  pipeline: number;
  requests: number;
  engine: number;
  redis: number;
}

/** One redis-benchmark run; returns requests per second per test, from its --csv output. */
async function benchmark(port: number, tests: string, requests: number, pipeline: number, clients: number): Promise<Map<string, number>> {
  const args = ["-p", String(port), "-t", tests, "-n", String(requests), "-P", String(pipeline), "-c", String(clients), "--csv"];
  const { stdout } = await run("redis-benchmark", args, { timeout: 600_000, maxBuffer: 1 << 20 });
  const out = new Map<string, number>();
  for (const line of stdout.split("\n")) {
    const m = /^"([^"]+)","([\d.]+)"/.exec(line);
    if (m) out.set(m[1], Number(m[2]));
  }
  return out;
}

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

export interface TcpPlan {
  pipeline: number;
  requests: number;
}

export async function runTcp(plans: readonly TcpPlan[], clients = 50): Promise<TcpRow[]> {
  const [engine, redis] = await Promise.all([startEngine(), startRealRedis()]);
  const rows: TcpRow[] = [];
  try {
    for (const { pipeline, requests } of plans) {
      // A short warm-up lets the engine's JIT settle before it is measured.
      await benchmark(engine.port, "set,get", Math.min(requests, 100_000), pipeline, clients);
      const e = await benchmark(engine.port, "set,get", requests, pipeline, clients);
      const r = await benchmark(redis.port, "set,get", requests, pipeline, clients);
      for (const test of ["SET", "GET"]) {
        rows.push({ test, pipeline, requests, engine: e.get(test) ?? NaN, redis: r.get(test) ?? NaN });
      }
    }
  } finally {
    await Promise.all([engine.stop(), redis.stop()]);
  }
  return rows;
}
