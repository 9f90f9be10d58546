/**
 * What the memory accounting costs per command (`npm run bench -- --memory`).
 *
 * The same commands run on three instances in interleaved slices (so a noisy, shared CPU
 * hits all three alike; the best slice of each counts):
 *   off      maxmemory 0: the write funnel only marks keys as changed; nobody reads the total.
 *   headroom maxmemory 1 GB, nothing to evict: before every command the server settles the
 *            changed keys and compares used_memory with the limit (Redis' processCommand check).
 *   evicting allkeys-lru with maxmemory just above the starting data set, writes that grow
 *            the keyspace: nearly every write pushes used_memory over and evicts a key.
 * Ratios are against `off` in the same run.
 */
import { createServer, type Server } from "../engine/server";
import { Clock } from "../engine/clock";
import type { Client } from "../engine/client";
import type { Reply } from "../engine/reply";

export interface MemoryBenchRow {
  name: string;
  off: number;
  headroom: number;
  evicting: number;
  /** Keys evicted per 1000 commands in the evicting run (shows it really evicts). */
  evictedPerK: number;
}

const KEYS = 10_000;
const pad = (i: number) => String(i).padStart(12, "0");

interface Case {
  name: string;
  /** argv for the i-th command; writes take fresh keys now and then so the keyspace grows. */
  argv: (i: number) => string[];
}

const CASES: Case[] = [
  { name: "SET (new keys)", argv: (i) => ["SET", `new:${i}`, "xxxxxxxxxx"] },
  { name: "SET (overwrite)", argv: (i) => ["SET", `key:${pad(i % KEYS)}`, "xxx"] },
  { name: "GET", argv: (i) => ["GET", `key:${pad((i * 7) % KEYS)}`] },
  { name: "INCR", argv: (i) => ["INCR", `counter:${i % 1000}`] },
  { name: "LPUSH", argv: (i) => ["LPUSH", `list:${i % 100}`, "xxx"] },
  { name: "HSET", argv: (i) => ["HSET", `hash:${i >> 6}`, `f${i % 64}`, "xxx"] },
];

type Mode = "off" | "headroom" | "evicting";

function instance(mode: Mode): { server: Server; client: Client } {
  const server = createServer({ clock: new Clock(() => Date.now()) });
  const client = server.connect();
  for (let i = 0; i < KEYS; i++) client.execute(["SET", `key:${pad(i)}`, "xxx"]);
  if (mode === "headroom") client.execute(["CONFIG", "SET", "maxmemory", "1gb"]);
  if (mode === "evicting") {
    client.execute(["CONFIG", "SET", "maxmemory-policy", "allkeys-lru"]);
    client.execute(["CONFIG", "SET", "maxmemory", String(server.memory.used() + 64 * 1024)]);
  }
  return { server, client };
}

let kept: Reply | null = null;

/** Runs commands from `start` for `ms` milliseconds; returns [ops/s, commands run]. */
function slice(client: Client, c: Case, start: number, ms: number): [number, number] {
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let k = 0; k < 512; k++) kept = client.execute(c.argv(start + n + k));
    n += 512;
    t = performance.now();
  }
  return [(n * 1000) / (t - t0), n];
}

export function runMemoryBench(ms = 1000, slices = 5): MemoryBenchRow[] {
  const rows: MemoryBenchRow[] = [];
  for (const c of CASES) {
    const modes: Mode[] = ["off", "headroom", "evicting"];
    const runs = modes.map((m) => ({ mode: m, ...instance(m), best: 0, next: 0 }));
    // Warm-up: let the JIT settle and the evicting instance reach its limit.
    for (const r of runs) r.next += slice(r.client, c, r.next, Math.min(200, ms))[1];
    const evictedBefore = runs[2].server.stats.evictedKeys;
    let evictingCommands = 0;
    for (let s = 0; s < slices; s++) {
      for (const r of runs) {
        const [ops, n] = slice(r.client, c, r.next, ms / slices);
        r.next += n;
        if (r.mode === "evicting") evictingCommands += n;
        if (ops > r.best) r.best = ops;
      }
    }
    const evicted = runs[2].server.stats.evictedKeys - evictedBefore;
    rows.push({
      name: c.name,
      off: runs[0].best,
      headroom: runs[1].best,
      evicting: runs[2].best,
      evictedPerK: evictingCommands ? (evicted * 1000) / evictingCommands : 0,
    });
  }
  void kept;
  return rows;
}
