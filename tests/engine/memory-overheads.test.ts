/**
 * Two parts of used_memory that do not belong to any key, as redis-server 7.0.15 shows them:
 * a latency histogram for every command name run since start or CONFIG RESETSTAT (with
 * latency-tracking on), and keyspace bucket arrays that shrink only when under 10% full. The
 * eviction counts that depend on both are compared with redis-server in
 * tests/conformance/eviction.test.ts.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createServer, type Server } from "../../engine/server";
import type { Client } from "../../engine/client";
import type { Reply } from "../../engine/reply";
import { HISTOGRAM_MEMORY } from "../../engine/memory/accountant";
import { BUCKET } from "../../engine/memory/alloc";

let server: Server;
let c: Client;
const run = (...argv: string[]): Reply => c.execute(argv);
const used = () => server.memory.used();

beforeEach(() => {
  server = createServer();
  c = server.connect();
});

describe("latency histograms in used_memory", () => {
  it("adds one per command name on its first call, none on later calls", () => {
    const before = used();
    run("PING");
    expect(used() - before).toBe(HISTOGRAM_MEMORY);
    run("PING");
    run("PING", "x");
    expect(used() - before).toBe(HISTOGRAM_MEMORY);
    run("CONFIG", "GET", "hz");
    run("CONFIG", "GET", "port");
    expect(used() - before).toBe(2 * HISTOGRAM_MEMORY); // config|get: subcommands have their own
  });

  it("are freed by CONFIG RESETSTAT (its own is made after) and not made with latency-tracking off", () => {
    run("PING");
    run("ECHO", "a");
    const two = used();
    run("CONFIG", "RESETSTAT"); // leaves config|resetstat's
    expect(used()).toBe(two - HISTOGRAM_MEMORY);
    run("CONFIG", "SET", "latency-tracking", "no"); // config|set ran with tracking off: none
    const off = used();
    run("PING");
    expect(used()).toBe(off);
    // INFO memory and MEMORY STATS agree with the running total.
    const info = run("INFO", "memory");
    const text = info.t === "bulk" || info.t === "verbatim" ? info.v : "";
    expect(Number(/used_memory:(\d+)/.exec(text)?.[1])).toBe(off);
  });
});

describe("keyspace bucket arrays", () => {
  const fill = (n: number) => {
    for (let i = 0; i < n; i++) run("SET", `k:${i}`, "v".repeat(100));
  };
  const del = (from: number, to: number) => run("DEL", ...Array.from({ length: to - from }, (_, i) => `k:${from + i}`));

  it("keep their buckets when keys go, down to 10% full", () => {
    run("CONFIG", "SET", "latency-tracking", "no");
    fill(1000); // 1024 buckets
    const full = used();
    del(0, 600); // 400 keys in 1024 buckets: nothing but the keys is freed
    expect(full - used()).toBe(600 * 168);
    del(600, 897); // 103 keys: still 10% full (103 * 100 / 1024 is 10 in integers)
    expect(full - used()).toBe(897 * 168);
    del(897, 898); // 102 keys: under 10%, resized to 128 buckets
    expect(full - used()).toBe(898 * 168 + BUCKET * (1024 - 128));
  });

  it("grow as soon as an add finds them full", () => {
    run("CONFIG", "SET", "latency-tracking", "no");
    fill(512);
    const at512 = used();
    fill(513);
    expect(used() - at512).toBe(168 + BUCKET * 512);
  });
});
