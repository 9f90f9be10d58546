/**
 * The byte counters the memory model reads instead of walking a value (issue 6): a hash's and
 * a sorted set's listpack bytes, an intset's width, the keyspace entries' weights. Each one is
 * kept by deltas, so each is checked here against a recount over a fresh copy after long
 * random runs of the writes that change it.
 */
import { describe, expect, it } from "vitest";
import { createServer } from "../../engine/server";
import type { RedisObject } from "../../engine/object";
import { MemoryAccountant } from "../../engine/memory/accountant";
import { DEFAULT_SAMPLES, type SizeOptions } from "../../engine/memory/object-size";
import { sdsGrowRoom, sdsNewRoom, sdsStoredRoom } from "../../engine/memory/alloc";
import { HashValue } from "../../engine/types/hash";
import { lpBytes } from "../../engine/types/listpack-bytes";
import { SetValue } from "../../engine/types/set";
import { lpScoreText, ZSetValue } from "../../engine/types/zset";
import { Rng } from "../../engine/rng";

const ALLOC: SizeOptions = { samples: DEFAULT_SAMPLES, mode: "alloc", sharedIntegers: false };

/** A copy whose counters start from nothing, so reading them recounts. */
function fresh(o: RedisObject): RedisObject {
  if (o.type === "hash") return { ...o, value: new HashValue(o.value.entries()) };
  if (o.type === "zset") return { ...o, value: o.value.clone() };
  if (o.type === "set") return { ...o, value: o.value.clone() };
  return o;
}

describe("structure counters", () => {
  it("a hash keeps its listpack bytes through sets, overwrites and deletes", () => {
    const rng = new Rng(3);
    const h = new HashValue();
    expect(h.listpackBytes()).toBe(7);
    for (let i = 0; i < 5000; i++) {
      const f = rng.below(3) ? `f${rng.below(60)}` : String(rng.below(100000) - 50000);
      if (rng.below(4) === 0) h.delete(f);
      else h.set(f, rng.below(2) ? "v".repeat(rng.below(5000)) : String(rng.below(1 << 30)));
      if (i % 97 === 0) {
        const items = [...h.entries()].flat();
        expect(h.listpackBytes()).toBe(lpBytes(items));
      }
    }
    h.listpackBytesDone();
    h.set("after", "done");
    expect(h.listpackBytes()).toBe(lpBytes([...h.entries()].flat()));
  });

  it("a sorted set keeps its listpack bytes through adds, moves and every kind of removal", () => {
    const rng = new Rng(5);
    const z = new ZSetValue();
    z.listpackBytes();
    const score = () => [rng.below(100), rng.below(1000) / 7, -0, 0, 2 ** 62, 1e300][rng.below(6)];
    const recount = () => lpBytes(z.entries().flatMap(([m, s]) => [m, lpScoreText(s)]));
    for (let i = 0; i < 4000; i++) {
      const m = `m${rng.below(80)}`;
      const cur = z.score(m);
      switch (rng.below(6)) {
        case 0: z.set(m, score()); break;
        case 1: if (cur === undefined) z.insertNew(m, score()); break;
        case 2: if (cur !== undefined) z.move(m, cur, score()); break;
        case 3: z.delete(m); break;
        case 4: if (z.size > 3) z.deleteRanks(1, 1 + rng.below(3)); break;
        case 5: if (rng.below(10) === 0) z.normaliseNegativeZero(); break;
      }
      if (i % 89 === 0) expect(z.listpackBytes()).toBe(recount());
    }
    expect(z.listpackBytes()).toBe(recount());
  });

  it("an intset knows its width from its widest member, and narrows when it goes", () => {
    const s = SetValue.empty("intset");
    s.add("5", 512);
    expect(s.intsetWidth).toBe(2);
    s.add("70000", 512);
    expect(s.intsetWidth).toBe(4);
    s.add("-9000000000", 512);
    expect(s.intsetWidth).toBe(8);
    expect(s.clone().intsetWidth).toBe(8);
    s.remove("-9000000000");
    expect(s.intsetWidth).toBe(4);
    s.remove("70000");
    expect(s.intsetWidth).toBe(2);
    s.add("x", 512);
    expect(s.intsetWidth).toBe(0);
    expect(s.presizedBuckets).toBe(4);
  });
});

describe("sds room", () => {
  it("grows greedily: doubled below 1 MB, 1 MB more above, never an sdshdr5 once grown", () => {
    expect(sdsNewRoom(5)).toEqual({ size: 8, cap: 5 });
    // "hello" + " world": 11 bytes asked, 22 reserved with an sdshdr8: 3 + 22 + 1 → 32.
    expect(sdsGrowRoom(sdsNewRoom(5), 5, 6)).toEqual({ size: 32, cap: 28 });
    const r = sdsGrowRoom(sdsNewRoom(5), 5, 6);
    expect(sdsGrowRoom(r, 11, 17)).toBe(r); // fits the spare room
    expect(sdsGrowRoom(r, 11, 2_000_000).size).toBeGreaterThanOrEqual(2_000_011 + 1024 * 1024);
    // SET trims spare room over a tenth of the length; 300 bytes in 320 keep theirs.
    expect(sdsStoredRoom(45)).toEqual({ size: 64, cap: 45 });
    expect(sdsStoredRoom(300)).toEqual({ size: 320, cap: 314 }); // an sdshdr16 from 256 bytes
  });
});

describe("keyspace weights", () => {
  it("with maxmemory set (a settle after every command), the total equals a recount over fresh copies", () => {
    const server = createServer();
    const c = server.connect();
    const run = (...argv: string[]) => c.execute(argv);
    run("CONFIG", "SET", "maxmemory", "1gb");
    run("CONFIG", "SET", "hash-max-listpack-entries", "16");
    run("CONFIG", "SET", "zset-max-listpack-entries", "16");
    run("CONFIG", "SET", "set-max-intset-entries", "16");
    const rng = new Rng(11);
    const keys = ["a", "b", "c", "d"];
    const pick = () => keys[rng.below(keys.length)];
    const m = () => (rng.below(2) ? String(rng.below(40) * (rng.below(2) ? 1 : 100000)) : `m${rng.below(30)}`);
    const sc = () => String(rng.below(3) ? rng.below(50) : rng.below(1000) / 3);
    for (let i = 0; i < 4000; i++) {
      const k = pick();
      switch (rng.below(20)) {
        case 0: run("HSET", k, m(), "v".repeat(rng.below(3) ? rng.below(20) : 70)); break;
        case 1: run("HDEL", k, m()); break;
        case 2: run("HINCRBY", k, m(), "7"); break;
        case 3: run("ZADD", k, sc(), m()); break;
        case 4: run("ZINCRBY", k, sc(), m()); break;
        case 5: run("ZREM", k, m()); break;
        case 6: run("ZREMRANGEBYRANK", k, "0", String(rng.below(3))); break;
        case 7: run("ZPOPMIN", k); break;
        case 8: run("ZUNIONSTORE", k, "2", k, pick()); break;
        case 9: run("SADD", k, m(), m()); break;
        case 10: run("SREM", k, m()); break;
        case 11: run("SPOP", k, String(rng.below(4))); break;
        case 12: run("APPEND", k, "x".repeat(rng.below(50))); break;
        case 13: run("SETRANGE", k, String(rng.below(100)), "yz"); break;
        case 14: run("SETBIT", k, String(rng.below(2000)), "1"); break;
        case 15: run("SET", k, m()); break;
        case 16: run("DEL", k); break;
        case 17: run("COPY", k, pick(), "REPLACE"); break;
        case 18: run("RENAME", k, pick()); break;
        case 19: run("SWAPDB", "0", "1"); break;
      }
    }
    let scratch = 0;
    for (const db of server.dbs) for (const [k, o] of db.dict.entries()) scratch += MemoryAccountant.keyAlloc(k, fresh(o), ALLOC);
    expect(server.memory.keyBytes()).toBe(scratch);
    expect(server.dbs.reduce((n, db) => n + db.dict.size, 0)).toBeGreaterThan(0);
  });

  it("used() read after every command (one changed key: an O(1) update) equals a full count", () => {
    const server = createServer();
    const c = server.connect();
    const run = (...argv: string[]) => c.execute(argv);
    run("CONFIG", "SET", "maxmemory", "1gb");
    const rng = new Rng(21);
    const key = () => `k${rng.below(6)}`;
    for (let i = 0; i < 3000; i++) {
      const k = key();
      switch (rng.below(14)) {
        case 0: run("SET", k, "v".repeat(rng.below(60))); break;
        case 1: run("RPUSH", k, "a", "b"); break;
        case 2: run("HSET", k, `f${rng.below(9)}`, "x"); break;
        case 3: run("DEL", k); break;
        case 4: run("PEXPIRE", k, String(1 + rng.below(30))); server.advance(rng.below(20)); break;
        case 5: run("PERSIST", k); break;
        case 6: run("SELECT", String(rng.below(3))); break;
        case 7: run("SWAPDB", String(rng.below(3)), String(rng.below(3))); break;
        case 8: run("MOVE", k, String(rng.below(3))); break;
        case 9: if (rng.below(30) === 0) run("FLUSHDB"); break;
        case 10: run("MSET", k, "1", key(), "2"); break;
        case 11: run("SADD", k, String(rng.below(50))); break;
        case 12: run("RENAME", k, key()); break;
        case 13: run("INCR", k); break;
      }
      // used() first: after a one-key command it takes the O(1) path; figures() always counts in full.
      const read = server.memory.used();
      expect(read).toBe(server.memory.figures().used);
    }
  });
});
