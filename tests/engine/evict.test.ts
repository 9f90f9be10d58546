/**
 * The eviction policies' choices, on a seeded instance with a manual clock: which keys each
 * policy keeps when memory must shrink. Redis' policies are approximations (a sample of
 * maxmemory-samples keys into a 16-entry pool), so the claims are "mostly", with bounds
 * that the exact algorithms would meet by a wide margin.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createServer, type KeyChange, type Server } from "../../engine/server";
import type { Client } from "../../engine/client";
import type { Reply } from "../../engine/reply";

let server: Server;
let c: Client;
const run = (...argv: string[]): Reply => c.execute(argv);
const VALUE = "v".repeat(100);
const keys = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const exists = (k: string) => server.dbs[0].dict.has(k);
const evictedKeys = () => server.stats.evictedKeys;

/** Sets maxmemory so that about `bytes` must go, then runs a command so the check runs. */
function squeeze(bytes: number): void {
  const used = server.memory.used();
  run("CONFIG", "SET", "maxmemory", String(used - bytes));
  run("PING");
}
const keyBytes = (k: string, db = 0) => server.memory.keySize(server.dbs[db], k);

/**
 * Latency tracking off: every command's first call would otherwise add its histogram to
 * used_memory (as Redis does, see HISTOGRAM_MEMORY), and these tests compare used_memory
 * across different commands.
 */
const QUIET = { "latency-tracking": "no" };

beforeEach(() => {
  server = createServer({ seed: 42, config: QUIET });
  c = server.connect();
});

describe("eviction policies", () => {
  it("allkeys-lru keeps the recently touched keys", () => {
    run("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
    for (const k of keys("k", 200)) run("SET", k, VALUE);
    server.advance(60_000);
    const hot = keys("k", 40);
    for (const k of hot) run("GET", k);
    squeeze(100 * keyBytes("k100"));
    // Fewer than 100 go: the keyspace's bucket table shrinks with them.
    expect(evictedKeys()).toBeGreaterThanOrEqual(90);
    expect(hot.filter(exists).length).toBeGreaterThanOrEqual(38);
    expect(server.memory.used()).toBeLessThanOrEqual(server.config.num("maxmemory"));
  });

  it("allkeys-lfu keeps the frequently read keys", () => {
    run("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
    for (const k of keys("k", 200)) run("SET", k, VALUE);
    const hot = keys("k", 40);
    for (let i = 0; i < 100; i++) for (const k of hot) run("GET", k);
    squeeze(100 * keyBytes("k100"));
    expect(evictedKeys()).toBeGreaterThanOrEqual(90);
    expect(hot.filter(exists).length).toBeGreaterThanOrEqual(38);
  });

  it("volatile-ttl evicts the keys that expire soonest, and only keys with a TTL", () => {
    run("CONFIG", "SET", "maxmemory-policy", "volatile-ttl");
    for (const k of keys("p", 50)) run("SET", k, VALUE);
    const ttl = keys("t", 100);
    ttl.forEach((k, i) => run("SET", k, VALUE, "EX", String(1000 + i * 10)));
    squeeze(50 * keyBytes("t50"));
    expect(keys("p", 50).every(exists)).toBe(true);
    const gone = ttl.map((k, i) => (exists(k) ? -1 : i)).filter((i) => i >= 0);
    // Each goes with its expires entry too, so fewer than 50 keys free the bytes asked for.
    expect(gone.length).toBeGreaterThanOrEqual(30);
    // The soonest go first: nearly all victims come from the soonest 40%.
    expect(gone.filter((i) => i < 40).length).toBeGreaterThanOrEqual(gone.length - 3);
  });

  it("volatile-lru and volatile-random never touch keys without a TTL", () => {
    for (const policy of ["volatile-lru", "volatile-random", "volatile-lfu"]) {
      server = createServer({ seed: 7, config: QUIET });
      c = server.connect();
      run("CONFIG", "SET", "maxmemory-policy", policy);
      for (const k of keys("p", 30)) run("SET", k, VALUE);
      for (const k of keys("t", 30)) run("SET", k, VALUE, "EX", "1000");
      squeeze(60 * keyBytes("t1"));
      expect(keys("p", 30).every(exists), policy).toBe(true);
      expect(keys("t", 30).some(exists), policy).toBe(false);
      // Nothing evictable is left: writes are refused, reads still answer.
      expect(run("SET", "x", "1")).toEqual({ t: "error", v: "OOM command not allowed when used memory > 'maxmemory'." });
      expect(run("GET", "p1")).toEqual({ t: "bulk", v: VALUE });
    }
  });

  it("allkeys-random picks the same victims for the same seed, across databases", () => {
    const survivors = () => {
      server = createServer({ seed: 99, config: QUIET });
      c = server.connect();
      run("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
      for (const k of keys("k", 50)) run("SET", k, VALUE);
      run("SELECT", "1");
      for (const k of keys("j", 50)) run("SET", k, VALUE);
      squeeze(40 * keyBytes("j1", 1));
      return [server.dbs[0].size, server.dbs[1].size, [...server.dbs[0].dict.keys()].join()];
    };
    const a = survivors();
    expect(a).toEqual(survivors());
    // Both databases gave keys (the random policy walks them in turn).
    expect(a[0]).toBeLessThan(50);
    expect(a[1]).toBeLessThan(50);
  });

  it("reports each eviction as an evicted event through the write funnel, without dirty", () => {
    const events: KeyChange[] = [];
    server.onKeyChange((e) => events.push(e));
    run("CONFIG", "SET", "notify-keyspace-events", "Ee");
    const sub = server.connect();
    sub.execute(["SUBSCRIBE", "__keyevent@0__:evicted"]);
    const pushes: Reply[] = [];
    sub.onPush = (r: Reply) => pushes.push(r);
    run("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
    for (const k of keys("k", 20)) run("SET", k, VALUE);
    const dirty = server.stats.dirty;
    squeeze(5 * keyBytes("k1"));
    const evicted = events.filter((e) => e.event === "evicted");
    expect(evicted.length).toBe(evictedKeys());
    expect(evicted.length).toBeGreaterThanOrEqual(5);
    expect(pushes.length).toBe(evicted.length);
    expect(server.stats.dirty).toBe(dirty);
    const info = run("INFO", "stats");
    expect(info.t === "verbatim" ? info.v : "").toContain(`evicted_keys:${evicted.length}\r\n`);
  });

  it("lets a write that crosses the limit finish; the next command evicts", () => {
    run("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
    run("SET", "a", VALUE);
    run("CONFIG", "SET", "maxmemory", String(server.memory.used() + 50));
    expect(run("SET", "b", "x".repeat(1000))).toEqual({ t: "simple", v: "OK" });
    expect(server.memory.used()).toBeGreaterThan(server.config.num("maxmemory"));
    run("PING");
    expect(evictedKeys()).toBeGreaterThan(0);
    expect(server.memory.used()).toBeLessThanOrEqual(server.config.num("maxmemory"));
  });
});
