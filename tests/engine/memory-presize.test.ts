/**
 * Presized collection tables in the memory model, where real Redis' own figure is not exact
 * enough to compare bytes (skiplist levels are random): a sorted set COPY gets a table sized
 * to the source (zsetDup), a listpack converting to a skiplist grows its table entry by entry
 * (zsetConvert, checked on redis-server 7.0.15 with DEBUG HTSTATS-KEY), and deletes that
 * leave a presized table under 10% full shrink it (htNeedsResize). Hashes are compared
 * byte for byte with redis-server in tests/conformance/memory.test.ts.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createServer } from "../../engine/server";
import type { Client } from "../../engine/client";
import type { Reply } from "../../engine/reply";
import { BUCKET } from "../../engine/memory/alloc";

let c: Client;
const run = (...argv: string[]): Reply => c.execute(argv);
const usage = (k: string): number => {
  const r = run("MEMORY", "USAGE", k);
  if (r.t !== "int") throw new Error(`MEMORY USAGE ${k}: ${JSON.stringify(r)}`);
  return Number(r.v);
};
const members = (n: number, from = 0) => Array.from({ length: n }, (_, i) => [String(i + from), `m${i + from}`]).flat();

beforeEach(() => {
  c = createServer().connect();
});

describe("sorted set tables: grown on conversion, presized on COPY", () => {
  it("a converted set of 10 is mid-rehash (8 + 16 buckets); its COPY has 16 buckets", () => {
    run("CONFIG", "SET", "zset-max-listpack-entries", "4");
    run("ZADD", "g", ...members(10));
    expect(run("OBJECT", "ENCODING", "g")).toEqual({ t: "bulk", v: "skiplist" });
    run("COPY", "g", "g2");
    // Same members and the modelled node sizes: only the tables differ.
    expect(usage("g2") - usage("g")).toBe(BUCKET * (16 - (8 + 16)));
  });

  it("a copied listpack that converts later grows its table like any other", () => {
    run("CONFIG", "SET", "zset-max-listpack-entries", "8");
    run("ZADD", "l", ...members(6));
    run("COPY", "l", "l2");
    run("ZADD", "l", ...members(4, 6));
    run("ZADD", "l2", ...members(4, 6));
    expect(run("OBJECT", "ENCODING", "l2")).toEqual({ t: "bulk", v: "skiplist" });
    expect(usage("l2")).toBe(usage("l"));
  });

  it("ZREM and ZREMRANGEBYRANK shrink a presized table that falls under 10% full", () => {
    run("CONFIG", "SET", "zset-max-listpack-entries", "4");
    run("ZADD", "z", ...members(40));
    run("COPY", "z", "c1");
    run("COPY", "z", "c2");
    run("ZREMRANGEBYRANK", "c1", "0", "35"); // 4 left of 64 buckets at once: resized to 4
    // One by one, the table is resized when 6 are left (to 8), and 4 of 8 is not under 10%.
    run("ZREM", "c2", ...Array.from({ length: 36 }, (_, i) => `m${i}`));
    expect(usage("c2") - usage("c1")).toBe(BUCKET * (8 - 4));
  });
});

describe("hash tables: presized on conversion and on COPY", () => {
  it("HDEL shrinks a presized table that falls under 10% full", () => {
    run("CONFIG", "SET", "hash-max-listpack-entries", "4");
    run("HSET", "h", ...members(20));
    run("COPY", "h", "h2"); // 32 buckets
    const full = usage("h2");
    run("HDEL", "h2", ...Array.from({ length: 16 }, (_, i) => String(i))); // 4 left: 12.5%, no shrink
    const perField = (full - usage("h2")) / 16;
    run("HDEL", "h2", "16"); // 3 left: under 10%, 4 buckets
    expect(full - usage("h2") - 17 * perField).toBe(BUCKET * (32 - 4));
  });
});
