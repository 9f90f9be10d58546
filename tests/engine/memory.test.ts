/**
 * The memory model from the outside: used_memory follows every write (and only the keys a
 * write touched are re-estimated), INFO memory / MEMORY STATS agree with each other, MEMORY
 * DOCTOR picks its text from the figures, and the inspector's per-key sizes read without
 * side effects.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createServer, type Server } from "../../engine/server";
import type { Client } from "../../engine/client";
import type { Reply } from "../../engine/reply";
import { MemoryAccountant } from "../../engine/memory/accountant";
import { DEFAULT_SAMPLES } from "../../engine/memory/object-size";
import { jeSize, sdsAlloc } from "../../engine/memory/alloc";
import { bytesToHuman } from "../../engine/memory/report";
import { inspectKey, inspectKeys, inspectStats } from "../../engine/inspect";
import { Rng } from "../../engine/rng";

let server: Server;
let c: Client;
const run = (...argv: string[]): Reply => c.execute(argv);
const info = (): Record<string, string> => {
  const r = run("INFO", "memory");
  const text = r.t === "verbatim" || r.t === "bulk" ? r.v : "";
  return Object.fromEntries(text.split("\r\n").filter((l) => l.includes(":")).map((l) => l.split(/:(.*)/s).slice(0, 2)));
};
const used = () => Number(info().used_memory);

/** The data part of used_memory recomputed from scratch over every key: what the running total must equal. */
function dataFromScratch(s: Server): number {
  const policy = s.config.get("maxmemory-policy");
  const options = {
    samples: DEFAULT_SAMPLES,
    mode: "alloc" as const,
    sharedIntegers: s.config.num("maxmemory") === 0 || !(policy.endsWith("-lru") || policy.endsWith("-lfu")),
    streamNodeMaxBytes: s.config.num("stream-node-max-bytes"),
    streamNodeMaxEntries: s.config.num("stream-node-max-entries"),
  };
  let total = 0;
  for (const db of s.dbs) for (const [k, o] of db.dict.entries()) total += MemoryAccountant.keyAlloc(k, o, options);
  return total;
}
const dataTracked = (s: Server) => s.memory.keyBytes();

beforeEach(() => {
  // Latency tracking off: a command's first call would add its histogram to used_memory
  // (HISTOGRAM_MEMORY, as Redis does), and these tests compare used_memory across commands.
  server = createServer({ config: { "latency-tracking": "no" } });
  c = server.connect();
});

type Write = (k: string, k2: string, m: string) => string[];
const OTHER_WRITES: Write[] = [
  (k) => ["SETBIT", k, "100", "1"],
  (k) => ["SETRANGE", k, "3", "abcdef"],
  (k) => ["INCRBYFLOAT", k, "1.5"],
  (k, _k2, m) => ["LSET", k, "0", m],
  (k) => ["LTRIM", k, "1", "-1"],
  (k, _k2, m) => ["LINSERT", k, "BEFORE", m, "zz"],
  (k, _k2, m) => ["HDEL", k, m],
  (k, _k2, m) => ["HINCRBY", k, m, "3"],
  (k, _k2, m) => ["ZREM", k, m],
  (k, _k2, m) => ["ZINCRBY", k, "2", m],
  (k, k2) => ["ZUNIONSTORE", k, "2", k, k2],
  (k, k2) => ["SINTERSTORE", k, k2, k],
  (k) => ["SPOP", k, "2"],
  (k) => ["XTRIM", k, "MAXLEN", "3"],
  (k) => ["XGROUP", "CREATE", k, "g", "0"],
  (k) => ["XREADGROUP", "GROUP", "g", "c1", "COUNT", "2", "STREAMS", k, ">"],
  (k, k2) => ["COPY", k, k2, "REPLACE"],
  (k, _k2, m) => ["PFADD", k, m],
  (k, _k2, m) => ["GEOADD", k, "13.36", "38.11", m],
  (k, k2) => ["LMOVE", k, k2, "LEFT", "RIGHT"],
  (k) => ["GETDEL", k],
  (k) => ["GETEX", k, "PX", "2"],
  (k, k2, m) => ["SMOVE", k, k2, m],
  (k, k2) => ["SORT", k, "ALPHA", "STORE", k2],
  (k) => ["PERSIST", k],
  (k, _k2, m) => ["HSETNX", k, m, "x".repeat(70)],
  (k, _k2, m) => ["ZADD", k, "1", m + "x".repeat(70)],
  (k) => ["SADD", k, "x".repeat(60)],
  (k) => ["RPUSH", k, "y".repeat(5000)],
];

describe("used_memory", () => {
  it("starts near redis-server 7.0's empty figure and returns to it after DEL", () => {
    const empty = used();
    expect(empty).toBeGreaterThan(880_000);
    expect(empty).toBeLessThan(960_000);
    run("SET", "greeting", "hello");
    // dict entry (24 → 32) + key SDS ("greeting": 1+8+1 → 16) + embstr (16+3+5+1 → 32) + a 4-slot bucket array.
    expect(used() - empty).toBe(jeSize(24) + sdsAlloc(8) + 32 + 32);
    run("DEL", "greeting");
    expect(used()).toBe(empty);
  });

  it("keeps the running total equal to a full recount through every kind of write", () => {
    const rng = new Rng(7);
    const keys = ["a", "b", "c", "d", "e"];
    const pick = () => keys[rng.below(keys.length)];
    const member = () => (rng.below(3) ? String(rng.below(1000)) : `m${rng.below(300)}`);
    for (let i = 0; i < 3000; i++) {
      const k = pick();
      switch (rng.below(16)) {
        case 0: run("SET", k, member()); break;
        case 1: run("APPEND", k, "xyz"); break;
        case 2: run("SADD", k, member(), member()); break;
        case 3: run("SREM", k, member()); break;
        case 4: run("HSET", k, member(), "v".repeat(rng.below(80))); break;
        case 5: run("RPUSH", k, member(), member()); break;
        case 6: run("LPOP", k); break;
        case 7: run("ZADD", k, String(rng.below(100)), member()); break;
        case 8: run("XADD", k, "*", "f", member()); break;
        case 9: run("DEL", k); break;
        case 10: run("RENAME", k, pick()); break;
        case 11: run("MOVE", k, "1"); break;
        case 12: run("SWAPDB", "0", "1"); break;
        case 13: run("PEXPIRE", k, "5"); server.advance(rng.below(20)); break;
        case 14: run("SELECT", String(rng.below(2))); break;
        case 15: if (rng.below(20) === 0) run("FLUSHDB"); break;
      }
      // Rarer writes of every family, each of which must reach the write funnel.
      const other = OTHER_WRITES[rng.below(OTHER_WRITES.length)];
      run(...other(k, pick(), member()));
    }
    expect(dataTracked(server)).toBe(dataFromScratch(server));
  });

  it("re-estimates only the keys a write touched (a big keyspace costs nothing per command)", () => {
    for (let i = 0; i < 20; i++) run("MSET", ...Array.from({ length: 1000 }, (_, j) => [`k${i}:${j}`, "v"]).flat());
    const before = used();
    const estimate = vi.spyOn(MemoryAccountant, "keyAlloc");
    run("SET", "x", "v");
    run("SADD", "s", "a", "b", "c");
    run("SADD", "s", "d");
    used();
    used();
    // Two keys changed: two estimates, whatever the size of the keyspace.
    expect(estimate).toHaveBeenCalledTimes(2);
    estimate.mockRestore();
    expect(used()).toBeGreaterThan(before);
  });

  it("counts shared integers as Redis does: free without maxmemory, an object each under an LRU limit", () => {
    const empty = used();
    run("SET", "n", "42");
    const shared = used() - empty;
    run("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
    run("CONFIG", "SET", "maxmemory", "100mb");
    run("SET", "n", "42");
    expect(used() - empty).toBe(shared + 16);
  });
});

describe("INFO memory and MEMORY STATS", () => {
  it("are mutually consistent", () => {
    run("HSET", "h", "f", "v");
    run("SET", "s", "x".repeat(100), "EX", "100");
    const m = info();
    expect(Number(m.used_memory)).toBe(Number(m.used_memory_overhead) + Number(m.used_memory_dataset));
    expect(Number(m.used_memory_peak)).toBeGreaterThanOrEqual(Number(m.used_memory));
    expect(m.used_memory_human).toBe(bytesToHuman(Number(m.used_memory)));
    expect(Number(m.used_memory_rss)).toBeGreaterThan(Number(m.used_memory));
    expect(m.maxmemory).toBe("0");
    expect(m.maxmemory_human).toBe("0B");
    const stats = run("MEMORY", "STATS");
    const pairs = new Map<string, Reply>();
    if (stats.t === "map") for (let i = 0; i < stats.v.length; i += 2) pairs.set((stats.v[i] as { v: string }).v, stats.v[i + 1]);
    expect(pairs.get("total.allocated")).toEqual({ t: "int", v: Number(m.used_memory) });
    expect(pairs.get("overhead.total")).toEqual({ t: "int", v: Number(m.used_memory_overhead) });
    expect(pairs.get("dataset.bytes")).toEqual({ t: "int", v: Number(m.used_memory_dataset) });
    expect(pairs.get("keys.count")).toEqual({ t: "int", v: 2 });
    // db.0: entry + robj per key, entry per TTL, 4 buckets each.
    expect(pairs.get("db.0")).toEqual({
      t: "map",
      v: [
        { t: "bulk", v: "overhead.hashtable.main" }, { t: "int", v: 2 * 40 + 32 },
        { t: "bulk", v: "overhead.hashtable.expires" }, { t: "int", v: 24 + 32 },
        { t: "bulk", v: "overhead.hashtable.slot-to-keys" }, { t: "int", v: 0 },
      ],
    });
    run("CONFIG", "SET", "maxmemory", "64mb");
    expect(info().maxmemory_human).toBe("64.00M");
  });

  it("MEMORY DOCTOR: too little data, then a peak far above the current use, then nothing to report", () => {
    expect(run("MEMORY", "DOCTOR")).toMatchObject({ v: expect.stringMatching(/^Hi Sam, this instance is empty/) });
    for (let i = 0; i < 200; i++) run("RPUSH", `l${i}`, ...Array.from({ length: 1000 }, (_, j) => `element-${j}-${"p".repeat(100)}`));
    expect(used()).toBeGreaterThan(5 * 1024 * 1024);
    expect(run("MEMORY", "DOCTOR")).toMatchObject({ v: "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n" });
    for (let i = 0; i < 140; i++) run("DEL", `l${i}`);
    expect(run("MEMORY", "DOCTOR")).toMatchObject({ v: expect.stringMatching(/^Sam, I detected a few issues[^]* \* Peak memory: [^]*I want to help you.\n$/) });
  });
});

describe("inspector sizes", () => {
  it("reports each key's share of used_memory and its MEMORY USAGE, without side effects", () => {
    run("SET", "s", "hello");
    run("RPUSH", "l", "a", "b", "c");
    const stats = JSON.stringify(inspectStats(server));
    const version = server.version;
    const views = inspectKeys(server, 0);
    expect(views.map((v) => v.memory)).toEqual([server.memory.keySize(server.dbs[0], "l"), server.memory.keySize(server.dbs[0], "s")]);
    expect(views.every((v) => v.memory > 0)).toBe(true);
    const detail = inspectKey(server, 0, "l");
    expect(detail?.memoryUsage).toBe(144);
    expect(run("MEMORY", "USAGE", "l")).toEqual({ t: "int", v: 144 });
    expect(server.version).toBe(version);
    // MEMORY USAGE above counted as a command; the inspector itself counted nothing.
    const after = inspectStats(server);
    expect({ ...after, totalCommands: 0 }).toEqual({ ...JSON.parse(stats), totalCommands: 0 });
  });
});
