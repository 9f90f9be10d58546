/**
 * maxmemory on the engine and on redis-server 7.0: the parts that do not depend on exact
 * byte counts. A limit of 1 byte is always exceeded on both servers, so: the OOM error and
 * who gets it (denyoom commands, anything queued in MULTI, EXEC of such a queue), noeviction,
 * volatile-* policies with no volatile keys, and allkeys-* / volatile-* evicting what they
 * may (dbsize and evicted_keys) before refusing the write. Which keys a sampling policy picks
 * first is checked on the engine with a seeded RNG (tests/engine/evict.test.ts).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case } from "../support/differential";
import { exemptions } from "./exemptions";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
});
afterAll(async () => d?.stop());
beforeEach(async () => d.reset());
afterEach(async () => {
  await d.compare([["CONFIG", "SET", "maxmemory", "0"], ["CONFIG", "SET", "maxmemory-policy", "noeviction"]]);
});

const check = async (cases: (Case | string[])[]) => {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
};

/** INFO stats' evicted_keys on both servers. */
async function evicted(): Promise<[number, number]> {
  const r = await d.both(["INFO", "stats"]);
  const n = (t: string) => Number(/evicted_keys:(\d+)/.exec(t)?.[1]);
  return [n(r.engine), n(r.real)];
}

const fill = (prefix: string, n: number, ttl = false): string[][] =>
  Array.from({ length: n }, (_, i) => (ttl ? ["SET", `${prefix}${i}`, "v", "EX", "1000"] : ["SET", `${prefix}${i}`, "v"]));

describe("maxmemory: OOM and eviction as redis-server 7.0", () => {
  it("noeviction refuses denyoom commands and everything queued in MULTI, nothing else", async () => {
    await check([
      ...fill("k", 5), ["CONFIG", "SET", "maxmemory", "1"],
      ["SET", "a", "1"], ["INCR", "k1"], ["LPUSH", "l", "x"], ["APPEND", "k2", "x"], ["HSET", "h", "f", "v"],
      ["GET", "k1"], ["DEL", "k3"], ["EXPIRE", "k4", "100"], ["DBSIZE"], ["LPOP", "nosuch"], ["PING"],
      ["MULTI"], ["GET", "k1"], ["SET", "b", "2"], ["EXEC"],
      ["MULTI"], ["DISCARD"],
      ["CONFIG", "SET", "maxmemory", "0"], ["MULTI"], ["SET", "c", "3"], ["INCR", "k1"],
      { cmd: ["CONFIG", "SET", "maxmemory", "1"], client: "admin" }, ["EXEC"],
      { cmd: ["HELLO", "3"], norm: exemptions.hello }, ["SET", "a", "1"], ["DBSIZE"],
    ]);
    expect(await evicted()).toEqual([0, 0]);
  });

  it("EXEC of a queue holding a denyoom command is refused once the limit is exceeded", async () => {
    await check([
      ["SET", "k", "v"], ["MULTI"], ["SET", "a", "1"], ["GET", "k"],
      { cmd: ["CONFIG", "SET", "maxmemory", "1"], client: "admin" },
      ["EXEC"], ["EXEC"], ["GET", "a"],
      ["MULTI"], ["DISCARD"],
    ]);
  });

  for (const policy of ["volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"]) {
    it(`${policy}: with no volatile key nothing is evicted and writes get OOM`, async () => {
      await check([
        ...fill("k", 20), ["CONFIG", "SET", "maxmemory-policy", policy], ["CONFIG", "SET", "maxmemory", "1"],
        ["DBSIZE"], ["SET", "x", "1"], ["GET", "k3"], ["DBSIZE"],
      ]);
      expect(await evicted()).toEqual([0, 0]);
    });

    it(`${policy}: evicts every volatile key, keeps the others, then refuses writes`, async () => {
      await check([
        ...fill("keep", 10), ...fill("tmp", 15, true), ["CONFIG", "SET", "maxmemory-policy", policy],
        ["CONFIG", "SET", "maxmemory", "1"], ["DBSIZE"], ["EXISTS", "keep0", "keep9", "tmp0", "tmp14"], ["SET", "x", "1"],
      ]);
      expect(await evicted()).toEqual([15, 15]);
    });
  }

  for (const policy of ["allkeys-lru", "allkeys-lfu", "allkeys-random"]) {
    it(`${policy}: evicts keys of every database, counts evicted_keys, then refuses writes`, async () => {
      await check([
        ...fill("k", 30), ["SELECT", "2"], ...fill("j", 12, true), ["SELECT", "0"],
        ["CONFIG", "SET", "maxmemory-policy", policy], ["CONFIG", "SET", "maxmemory", "1"],
        ["DBSIZE"], ["SELECT", "2"], ["DBSIZE"], ["SET", "x", "1"], ["GET", "x"], ["DBSIZE"],
      ]);
      expect(await evicted()).toEqual([42, 42]);
    });
  }
});

/**
 * Which keys survive, compared as distributions: the same keyspace on both servers, the same
 * access pattern, then each server's limit set to free about half of its own data set. The
 * sampling draws differ (random seeds), so the claim is on shares, not on key names.
 */
describe("maxmemory: who survives, engine vs redis-server 7.0", () => {
  const N = 1000;
  const HOT = 200;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const rows: string[] = [];
  afterAll(() => console.log(`eviction survivors (engine | redis):\n${rows.join("\n")}`));

  interface Outcome {
    keys: number;
    hot: number;
    persistent: number;
    /** Mean index of the evicted volatile keys (volatile-ttl: small = soonest TTL went first). */
    evictedMeanIndex: number;
  }

  async function scenario(policy: string): Promise<[Outcome, Outcome]> {
    const s = await d.session();
    const both = async (...cmd: string[]) => {
      const e = s.engine.execute(cmd);
      const r = await s.real.call(...cmd);
      return [e, r.reply] as const;
    };
    await both("CONFIG", "SET", "maxmemory-policy", policy);
    const volatile = policy.startsWith("volatile-");
    for (let i = 0; i < N; i++) {
      const args = ["SET", `k:${i}`, "v".repeat(100)];
      // Volatile policies: every odd key has a TTL, sooner for smaller indexes.
      if (volatile && i % 2) args.push("EX", String(1000 + i));
      await both(...args);
    }
    if (policy.endsWith("-lru")) await sleep(2200); // the LRU clock has a 1 s resolution
    for (let round = 0; round < (policy.endsWith("-lfu") ? 30 : 1); round++) {
      for (let i = 0; i < HOT; i++) await both("GET", `k:${i}`);
    }
    const outcome = async (side: "engine" | "real"): Promise<Outcome> => {
      const call = async (...cmd: string[]) => (side === "engine" ? s.engine.execute(cmd) : (await s.real.call(...cmd)).reply);
      const num = (r: { t: string; v?: unknown }) => Number(r.v);
      const info = await call("INFO", "memory");
      const used = Number(/used_memory:(\d+)/.exec(String((info as { v: string }).v))?.[1]);
      const perKey = num(await call("MEMORY", "USAGE", "k:501"));
      await call("CONFIG", "SET", "maxmemory", String(used - (volatile ? N / 4 : N / 2) * perKey));
      // Redis evicts inside CONFIG SET, the engine before the next command; lifting the limit
      // right away freezes the survivors before client buffers move the figures again.
      await call("CONFIG", "SET", "maxmemory", "0");
      const alive = (i: number) => call("EXISTS", `k:${i}`).then((r) => num(r) === 1);
      let hot = 0;
      let persistent = 0;
      let evictedSum = 0;
      let evicted = 0;
      for (let i = 0; i < N; i++) {
        const a = await alive(i);
        if (a && i < HOT) hot++;
        if (a && volatile && i % 2 === 0) persistent++;
        if (!a && (!volatile || i % 2)) {
          evictedSum += i;
          evicted++;
        }
      }
      const keys = num(await call("DBSIZE"));
      await call("FLUSHALL");
      return { keys, hot: hot / HOT, persistent, evictedMeanIndex: evicted ? evictedSum / evicted : -1 };
    };
    const e = await outcome("engine");
    const r = await outcome("real");
    const f = (o: Outcome) => `keys ${o.keys} hot ${(o.hot * 100).toFixed(0)}% kept-persistent ${o.persistent} evicted-mean-idx ${o.evictedMeanIndex.toFixed(0)}`;
    rows.push(`${policy.padEnd(16)} ${f(e)} | ${f(r)}`);
    return [e, r];
  }

  // One throwaway run on both sides first. (A fresh redis-server seemed to free less per key in
  // its first eviction run: that was the latency histograms of commands run for the first time
  // between the INFO and the eviction, which the engine now counts too, see HISTOGRAM_MEMORY.)
  it("warms up", async () => {
    await scenario("allkeys-random");
    rows.pop();
  }, 30_000);

  /**
   * What an exact policy would leave of the hot keys, given how many keys a server evicted
   * (each server frees its own number of keys for the same byte limit): LRU/LFU take cold keys
   * first, random takes keys in proportion, and volatile-* only take keys with a TTL (half of
   * the keys, half of the hot ones).
   */
  function idealHot(policy: string, o: Outcome): number {
    const volatile = policy.startsWith("volatile-");
    const evicted = N - o.keys;
    const pool = volatile ? N / 2 : N;
    const hotInPool = volatile ? HOT / 2 : HOT;
    const safeHot = HOT - hotInPool;
    let hotEvicted: number;
    if (policy.endsWith("-random")) hotEvicted = (hotInPool * evicted) / pool;
    // The hot keys (indexes below HOT) also have the soonest TTLs: volatile-ttl takes them first.
    else if (policy === "volatile-ttl") hotEvicted = Math.min(hotInPool, evicted);
    else hotEvicted = Math.max(0, evicted - (pool - hotInPool));
    return (safeHot + hotInPool - hotEvicted) / HOT;
  }

  for (const policy of ["allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"]) {
    it(`${policy}: both servers keep what the policy should keep`, async () => {
      const outcomes = await scenario(policy);
      // The same byte limit evicts about as many keys on both servers: usually 0-1 keys apart,
      // but a real server sometimes stops early (its eviction runs in 500 µs slices and then
      // in the event loop), so within a quarter of the evicted count.
      const [e, r] = outcomes;
      expect(Math.abs(e.keys - r.keys), `engine ${e.keys} keys, redis ${r.keys}`).toBeLessThanOrEqual(Math.ceil(0.25 * (N - r.keys)));
      for (const o of outcomes) {
        expect(o.keys).toBeGreaterThan(0);
        expect(o.keys).toBeLessThan(N);
        // Sampling policies track the exact one closely (5 samples, a 16-key pool; a real
        // server has been seen 8.5 points off on allkeys-lru); random ones within chance.
        const tolerance = policy.endsWith("-random") ? 0.15 : 0.12;
        expect(Math.abs(o.hot - idealHot(policy, o)), JSON.stringify(o)).toBeLessThan(tolerance);
        if (policy.startsWith("volatile-")) expect(o.persistent).toBe(N / 2);
        // volatile-ttl: the k evicted keys are close to the k soonest ones (odd indexes below ~2k).
        if (policy === "volatile-ttl") expect(Math.abs(o.evictedMeanIndex / (N - o.keys) - 1)).toBeLessThan(0.2);
      }
    }, 30_000);
  }
});
