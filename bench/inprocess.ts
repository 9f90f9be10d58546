/**
 * In-process throughput: commands through the full dispatch path (`client.execute`), then the
 * same with the reply encoded to RESP, then whole RESP requests through a RespSession (parse,
 * dispatch, encode; no socket). No network, so this is the ceiling for the TCP figures.
 */
import { createServer } from "../engine/server";
import { Clock } from "../engine/clock";
import { encodeReply } from "../engine/resp/encode";
import { RespSession } from "../engine/resp/session";
import type { Reply } from "../engine/reply";

export interface InProcessResult {
  name: string;
  /** Operations per second, or null when the command is not implemented yet. */
  execute: number | null;
  encoded: number | null;
  session: number | null;
}

const KEYS = 10_000;
const pad = (i: number) => String(i).padStart(12, "0");

/** One benchmarked command: argv to cycle through (prebuilt, so building strings is not timed). */
interface Case {
  name: string;
  argvs: string[][];
}

function cases(): Case[] {
  const keys = Array.from({ length: KEYS }, (_, i) => `key:${pad(i)}`);
  const cycle = (f: (i: number) => string[]) => Array.from({ length: 4096 }, (_, i) => f(i));
  return [
    { name: "SET", argvs: cycle((i) => ["SET", keys[i % KEYS], "xxx"]) },
    { name: "GET", argvs: cycle((i) => ["GET", keys[(i * 7) % KEYS]]) },
    { name: "INCR", argvs: cycle((i) => ["INCR", `counter:${i % 100}`]) },
    { name: "MGET (10 keys)", argvs: cycle((i) => ["MGET", ...Array.from({ length: 10 }, (_, j) => keys[(i * 10 + j) % KEYS])]) },
    // One or two commands per data type family; "n/a" where a family is not implemented.
    { name: "LPUSH", argvs: cycle((i) => ["LPUSH", `list:${i % 100}`, "xxx"]) },
    { name: "LPUSH+RPOP", argvs: cycle((i) => (i % 2 ? ["RPOP", `fifo:${i % 50}`] : ["LPUSH", `fifo:${i % 50}`, "xxx"])) },
    { name: "HSET", argvs: cycle((i) => ["HSET", `hash:${i % 100}`, `f${i % 64}`, "xxx"]) },
    { name: "HGET", argvs: cycle((i) => ["HGET", `hash:${i % 100}`, `f${i % 64}`]) },
    { name: "SADD", argvs: cycle((i) => ["SADD", `set:${i % 100}`, `m${i}`]) },
    { name: "SISMEMBER", argvs: cycle((i) => ["SISMEMBER", `set:${i % 100}`, `m${i}`]) },
    { name: "ZADD", argvs: cycle((i) => ["ZADD", `zset:${i % 100}`, String(i % 997), `m${i}`]) },
    { name: "ZSCORE", argvs: cycle((i) => ["ZSCORE", `zset:${i % 100}`, `m${i}`]) },
    { name: "PFADD", argvs: cycle((i) => ["PFADD", `hll:${i % 10}`, `e${i}`]) },
    { name: "SETBIT", argvs: cycle((i) => ["SETBIT", `bits:${i % 10}`, String((i * 7919) % 1_000_000), "1"]) },
    { name: "GEOADD", argvs: cycle((i) => ["GEOADD", `geo:${i % 10}`, String(((i * 37) % 360) - 180), String(((i * 17) % 170) - 85), `p${i}`]) },
  ];
}

/** Runs `step` in batches until `ms` have passed; returns steps per second. */
function measure(ms: number, step: (i: number) => void, batch = 4096, warmup = 20_000): number {
  for (let i = 0; i < warmup; i++) step(i); // let the JIT settle first
  let steps = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < batch; i++) step(steps + i);
    steps += batch;
    now = performance.now();
  }
  return (steps * 1000) / (now - start);
}

/** Results go somewhere observable, so the JIT cannot drop the work that made them. */
let kept: unknown;
const keep = (x: Reply | string) => {
  kept = x;
};
export const lastKept = () => kept;

const wireCommand = (argv: string[]) => `*${argv.length}\r\n${argv.map((a) => `$${a.length}\r\n${a}\r\n`).join("")}`;

export function runInProcess(ms = 1000): InProcessResult[] {
  const server = createServer({ clock: new Clock(() => Date.now()) });
  const client = server.connect();
  // Every key exists, so GET and MGET measure hits.
  for (let i = 0; i < KEYS; i++) client.execute(["SET", `key:${pad(i)}`, "xxx"]);
  const out: InProcessResult[] = [];
  for (const c of cases()) {
    const n = c.argvs.length;
    const probe = client.execute(c.argvs[0]);
    if (probe.t === "error" && /^ERR unknown command/.test(probe.v)) {
      out.push({ name: c.name, execute: null, encoded: null, session: null });
      continue;
    }
    const execute = measure(ms, (i) => {
      keep(client.execute(c.argvs[i % n]));
    });
    const encoded = measure(ms, (i) => {
      keep(encodeReply(client.execute(c.argvs[i % n]), 2));
    });
    // 64 pipelined requests per chunk, as a client with -P 64 would send them.
    const chunks = Array.from({ length: 64 }, (_, k) => c.argvs.slice(k * 64, k * 64 + 64).map(wireCommand).join(""));
    const session = new RespSession(server.connect(), {
      write: keep,
      end: () => {},
      destroy: () => {},
    });
    const perChunk = measure(ms, (i) => session.receive(chunks[i % chunks.length]), 64, 300) * 64;
    out.push({ name: c.name, execute, encoded, session: perChunk });
  }
  return out;
}
