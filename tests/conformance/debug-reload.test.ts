/**
 * Differential tests for DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE] against a real redis-server
 * 7.0: options and errors (the missing-file case first, on a server that never saved),
 * encodings recomputed under the current config for every type, TTLs kept and expired keys
 * dropped, LRU idle time and LFU counters across a reload, the persistence figures in INFO,
 * WATCH seen from a second connection, and streams with their groups surviving exactly.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case } from "../support/differential";
import { exemptions } from "./exemptions";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dbg = (key: string): Case => ({ cmd: ["DEBUG", "OBJECT", key], norm: exemptions.debugObject });
const enc = (key: string): string[] => ["OBJECT", "ENCODING", key];
const A = (...cmd: string[]): Case => ({ cmd, client: "a" });
const B = (...cmd: string[]): Case => ({ cmd, client: "b" });
const RELOAD = ["DEBUG", "RELOAD"];
const LIB = "#!lua name=lib1\nredis.register_function('one', function() return 1 end)";
const LIB2 = "#!lua name=lib2\nredis.register_function('two', function() return 2 end)";

async function expectSame(d: Differential, cases: (Case | string[])[]): Promise<void> {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
}

/** One INFO persistence field on both servers. */
async function persistenceField(d: Differential, field: string): Promise<{ engine: string; real: string }> {
  const r = await d.both(["INFO", "persistence"]);
  const pick = (text: string) => new RegExp(`${field}:([^\\r\\n]*)`).exec(text)?.[1] ?? "<missing>";
  return { engine: pick(r.engine), real: pick(r.real) };
}

describe("DEBUG RELOAD on a server that has never saved", () => {
  let d: Differential;
  beforeAll(async () => {
    d = await Differential.start({ config: { "enable-debug-command": "yes" } });
  });
  afterAll(async () => d?.stop());

  it("NOSAVE finds no file: memory is emptied first unless NOFLUSH, then the load fails", async () => {
    await expectSame(d, [
      ["SET", "a", "1"],
      ["SELECT", "3"],
      ["SET", "b", "2"],
      ["DEBUG", "RELOAD", "NOSAVE", "NOFLUSH"],
      ["DBSIZE"],
      ["DEBUG", "RELOAD", "NOFLUSH", "NOSAVE", "MERGE"],
      ["DBSIZE"],
      ["debug", "reload", "nosave"],
      ["DBSIZE"],
      ["SELECT", "0"],
      ["DBSIZE"],
    ]);
    const loaded = await persistenceField(d, "rdb_last_load_keys_loaded");
    expect(loaded.engine).toBe(loaded.real);
  });

  it("the failed NOSAVE load still empties the function libraries, NOFLUSH keeps them", async () => {
    await expectSame(d, [
      ["FUNCTION", "LOAD", LIB],
      ["DEBUG", "RELOAD", "NOSAVE", "NOFLUSH"],
      ["FCALL", "one", "0"],
      ["DEBUG", "RELOAD", "NOSAVE"],
      ["FCALL", "one", "0"],
      ["FUNCTION", "LIST"],
    ]);
  });

  it("rejects unknown options before doing anything", async () => {
    await expectSame(d, [
      ["SET", "k", "v"],
      ["DEBUG", "RELOAD", "FOO"],
      ["DEBUG", "RELOAD", "MERGE", "NOFLUSH", "NOSAVE", "x"],
      ["DEBUG", "RELOAD", ""],
      ["DEBUG", "RELOAD", "NOSAVE", "NOSAVE", "bad"],
      ["GET", "k"],
    ]);
  });
});

describe("DEBUG RELOAD", () => {
  let d: Differential;
  beforeAll(async () => {
    d = await Differential.start({ config: { "enable-debug-command": "yes" } });
  });
  afterAll(async () => d?.stop());
  beforeEach(async () => d.reset());

  const restoreLimits = [
    ["CONFIG", "SET", "hash-max-listpack-entries", "128"],
    ["CONFIG", "SET", "hash-max-listpack-value", "64"],
    ["CONFIG", "SET", "set-max-intset-entries", "512"],
    ["CONFIG", "SET", "zset-max-listpack-entries", "128"],
    ["CONFIG", "SET", "zset-max-listpack-value", "64"],
    ["CONFIG", "SET", "list-max-listpack-size", "-2"],
    ["CONFIG", "SET", "list-compress-depth", "0"],
  ];

  it("answers OK, keeps every database's keys and values, and works in any letter case", async () => {
    await expectSame(d, [
      RELOAD,
      ["DBSIZE"],
      ["SET", "s", "hello"],
      ["RPUSH", "l", "a", "b", "c"],
      ["SELECT", "5"],
      ["HSET", "h", "f", "v"],
      ["debug", "Reload"],
      ["HGETALL", "h"],
      ["SELECT", "0"],
      ["GET", "s"],
      ["LRANGE", "l", "0", "-1"],
      ["DBSIZE"],
      ["MULTI"],
      ["DEBUG", "RELOAD"],
      ["GET", "s"],
      ["EXEC"],
    ]);
  });

  it("re-encodes strings: integer-looking values become int, short ones embstr", async () => {
    await expectSame(d, [
      ["APPEND", "ap", "12345"],
      ["SETRANGE", "sr", "0", "42"],
      ["SET", "e", "hi"],
      ["APPEND", "e", "!"],
      ["SET", "bit", "1"],
      ["SETBIT", "bit", "5", "1"],
      ["SETBIT", "bm", "0", "1"],
      ["SET", "n", "-9223372036854775808"],
      ["SET", "big", "123456789012345678901"],
      ["SET", "s44", "x".repeat(44)],
      ["SET", "s45", "x".repeat(45)],
      ["APPEND", "s45b", "y".repeat(45)],
      ["SET", "lead", "007"],
      ...["ap", "sr", "e", "bit", "bm", "n", "big", "s44", "s45", "s45b", "lead"].map(enc),
      RELOAD,
      ...["ap", "sr", "e", "bit", "bm", "n", "big", "s44", "s45", "s45b", "lead"].flatMap((k) => [enc(k), ["GET", k]]),
      dbg("bit"),
    ]);
  });

  it("hashes: a shrunk hashtable comes back a listpack, a listpack past today's entry limit a hashtable", async () => {
    await expectSame(d, [
      ["HSET", "h", "a", "1", "b", "2"],
      ["HSET", "h", "big", "x".repeat(70)],
      ["HDEL", "h", "big"],
      ["HSET", "many", ...Array.from({ length: 130 }, (_, i) => [`f${i}`, `${i}`]).flat()],
      ["HDEL", "many", ...Array.from({ length: 127 }, (_, i) => `f${i}`)],
      ["HSET", "lp", "a", "1", "b", "2", "c", "3"],
      ["HSET", "longval", "f", "z".repeat(30)],
      ["HSET", "stays", "a", "1"],
      ["HSET", "stays", "b", "y".repeat(80)],
      ["HDEL", "stays", "a"],
      ...["h", "many", "lp", "longval", "stays"].map(enc),
      ["CONFIG", "SET", "hash-max-listpack-entries", "2"],
      ["CONFIG", "SET", "hash-max-listpack-value", "10"],
      RELOAD,
      ...["h", "many", "lp", "longval", "stays"].map(enc),
      { cmd: ["HGETALL", "h"], norm: exemptions.unorderedPairs },
      { cmd: ["HGETALL", "many"], norm: exemptions.unorderedPairs },
      { cmd: ["HGETALL", "lp"], norm: exemptions.unorderedPairs },
      ["HGETALL", "longval"],
      ["HSET", "longval", "g", "1"],
      enc("longval"),
      ...restoreLimits,
    ]);
  });

  it("sets: a shrunk all-integer hashtable comes back an intset, in ascending order", async () => {
    await expectSame(d, [
      ["SADD", "s", "30", "1", "2", "a"],
      ["SREM", "s", "a"],
      ["SADD", "big", ...Array.from({ length: 600 }, (_, i) => String(600 - i))],
      ["SREM", "big", ...Array.from({ length: 590 }, (_, i) => String(i + 11))],
      ["SADD", "str", "007", "1"],
      ["SREM", "str", "1"],
      ["SADD", "ints", "5", "-3", "9223372036854775807", "-9223372036854775808"],
      ["SADD", "three", "3", "1", "2"],
      ...["s", "big", "str", "ints", "three"].map(enc),
      ["CONFIG", "SET", "set-max-intset-entries", "3"],
      RELOAD,
      ...["s", "big", "str", "ints", "three"].map(enc),
      ["SMEMBERS", "s"],
      ["SMEMBERS", "str"],
      { cmd: ["SMEMBERS", "ints"], norm: exemptions.unordered },
      ["SMEMBERS", "three"],
      { cmd: ["SMEMBERS", "big"], norm: exemptions.unordered },
      ["CONFIG", "SET", "set-max-intset-entries", "512"],
      RELOAD,
      ["SMEMBERS", "big"],
      ["SMEMBERS", "ints"],
      enc("big"),
    ]);
  });

  it("sorted sets: a shrunk skiplist comes back a listpack (-0 becoming 0), a long listpack a skiplist", async () => {
    await expectSame(d, [
      ["ZADD", "z", "1", "a", "2", "y".repeat(70)],
      ["ZREMRANGEBYSCORE", "z", "2", "2"],
      ["CONFIG", "SET", "zset-max-listpack-entries", "0"],
      ["ZADD", "neg", "-0", "m", "1.5", "n"],
      ["ZADD", "negbig", "-0", "m"],
      ["CONFIG", "SET", "zset-max-listpack-entries", "128"],
      ["ZADD", "lp", "1", "a", "2", "b", "3", "c"],
      ["ZADD", "longmem", "1", "m".repeat(30)],
      ...["z", "neg", "negbig", "lp", "longmem"].map(enc),
      ["ZSCORE", "neg", "m"],
      ["CONFIG", "SET", "zset-max-listpack-value", "10"],
      ["ZADD", "negbig", "1", "q".repeat(20)],
      ["CONFIG", "SET", "zset-max-listpack-entries", "2"],
      RELOAD,
      ...["z", "neg", "negbig", "lp", "longmem"].map(enc),
      ["ZSCORE", "neg", "m"],
      ["ZSCORE", "negbig", "m"],
      ["ZRANGE", "lp", "0", "-1", "WITHSCORES"],
      ["ZRANGE", "z", "0", "-1", "WITHSCORES"],
      ["ZRANGE", "longmem", "0", "-1", "WITHSCORES"],
      ...restoreLimits,
    ]);
  });

  it("lists keep their nodes but take the current list-max-listpack-size and compress depth", async () => {
    await expectSame(d, [
      ["RPUSH", "l", ..."abcdefghijklmnop".split("")],
      ["CONFIG", "SET", "list-max-listpack-size", "3"],
      ["RPUSH", "l3", ..."abcdefgh".split("")],
      dbg("l"),
      dbg("l3"),
      ["CONFIG", "SET", "list-max-listpack-size", "2"],
      ["CONFIG", "SET", "list-compress-depth", "1"],
      RELOAD,
      dbg("l"),
      dbg("l3"),
      ["RPUSH", "l", "q"],
      ["LPUSH", "l3", "z"],
      dbg("l"),
      dbg("l3"),
      ["LRANGE", "l", "0", "-1"],
      ["LRANGE", "l3", "0", "-1"],
      ...restoreLimits,
    ]);
  });

  it("keeps TTLs, drops keys whose TTL has passed and counts them in INFO", async () => {
    await expectSame(d, [
      ["DEBUG", "SET-ACTIVE-EXPIRE", "0"],
      ["SET", "t", "v", "PX", "100000"],
      ["SET", "far", "v"],
      ["PEXPIREAT", "far", "9223372036854775807"],
      ["SET", "gone", "v", "PX", "1"],
      ["HSET", "gone2", "f", "v"],
      ["PEXPIRE", "gone2", "1"],
      ["SET", "keep", "v"],
    ]);
    await sleep(20);
    await expectSame(d, [
      ["DBSIZE"],
      RELOAD,
      ["DBSIZE"],
      ["EXISTS", "gone", "gone2"],
      { cmd: ["PTTL", "t"], norm: exemptions.approx(3000, 100000) },
      ["PEXPIRETIME", "far"],
      ["TTL", "keep"],
      ["DEBUG", "SET-ACTIVE-EXPIRE", "1"],
    ]);
    for (const f of ["rdb_last_load_keys_loaded", "rdb_last_load_keys_expired"]) {
      const v = await persistenceField(d, f);
      expect(v.engine, f).toBe(v.real);
    }
    const st = await d.both(["INFO", "stats"]);
    const expired = (t: string) => /expired_keys:(\d+)/.exec(t)?.[1];
    expect(expired(st.engine)).toBe(expired(st.real));
  });

  it("resets rdb_changes_since_last_save and stamps rdb_last_save_time; NOSAVE does neither", async () => {
    // Start from a save: the count FLUSHALL (the reset) leaves depends on the save points.
    await expectSame(d, [RELOAD, ["SET", "a", "1"], ["SET", "b", "2"], ["INCR", "a"]]);
    let v = await persistenceField(d, "rdb_changes_since_last_save");
    expect(v.engine).toBe(v.real);
    await expectSame(d, [RELOAD]);
    v = await persistenceField(d, "rdb_changes_since_last_save");
    expect(v).toEqual({ engine: "0", real: "0" });
    const saved = await persistenceField(d, "rdb_last_save_time");
    const nowS = Math.floor(Date.now() / 1000);
    expect(Math.abs(Number(saved.engine) - nowS)).toBeLessThanOrEqual(2);
    expect(Math.abs(Number(saved.real) - nowS)).toBeLessThanOrEqual(2);
    await expectSame(d, [["SET", "c", "3"], ["DEL", "a"], ["DEBUG", "RELOAD", "NOSAVE"], ["MGET", "a", "b", "c"]]);
    v = await persistenceField(d, "rdb_changes_since_last_save");
    expect(v.engine).toBe(v.real);
    const saves = await persistenceField(d, "rdb_saves");
    expect(saves.engine).toBe(saves.real);
  });

  it("NOSAVE loads the last file; NOFLUSH MERGE adds it to memory, the file's keys winning", async () => {
    await expectSame(d, [
      ["SET", "a", "from-file"],
      ["SET", "b", "from-file"],
      ["RPUSH", "l", "1", "2"],
      RELOAD,
      ["DEL", "b"],
      ["SET", "c", "mine"],
      ["DEBUG", "RELOAD", "NOSAVE"],
      ["MGET", "a", "b", "c"],
      ["SET", "a", "changed", "EX", "100"],
      ["DEL", "b"],
      ["SET", "c", "mine"],
      ["DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE"],
      ["MGET", "a", "b", "c"],
      ["TTL", "a"],
      ["LRANGE", "l", "0", "-1"],
      ["DBSIZE"],
      ["DEBUG", "RELOAD", "MERGE", "NOFLUSH"],
      ["DBSIZE"],
      ["MGET", "a", "b", "c"],
      ["FLUSHALL"],
      ["DEBUG", "RELOAD", "NOFLUSH"],
      ["DBSIZE"],
    ]);
  });

  it("WATCH: keys that existed are touched by the flush, keys only loaded are not", async () => {
    await expectSame(d, [
      ["SET", "k", "v"],
      A("WATCH", "k"),
      B("DEBUG", "RELOAD"),
      A("MULTI"),
      A("SET", "x", "1"),
      A("EXEC"),
      A("WATCH", "missing"),
      B("DEBUG", "RELOAD"),
      A("MULTI"),
      A("SET", "x", "2"),
      A("EXEC"),
      // The file holds k; memory does not: the load adds it without touching the watcher.
      B("DEL", "k"),
      A("WATCH", "k"),
      B("DEBUG", "RELOAD", "NOSAVE"),
      A("GET", "k"),
      A("MULTI"),
      A("SET", "x", "3"),
      A("EXEC"),
      // MERGE replaces the key in memory without a flush.
      A("WATCH", "k"),
      B("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE"),
      A("MULTI"),
      A("SET", "x", "4"),
      A("EXEC"),
      A("GET", "x"),
    ]);
  });

  it("function libraries are saved and loaded with the keys; NOFLUSH without MERGE fails on a library", async () => {
    await expectSame(d, [
      ["FUNCTION", "LOAD", LIB],
      RELOAD,
      ["FCALL", "one", "0"],
      ["FUNCTION", "LOAD", LIB2],
      ["FUNCTION", "DELETE", "lib1"],
      ["DEBUG", "RELOAD", "NOSAVE"],
      ["FCALL", "one", "0"],
      ["FCALL", "two", "0"],
      // The library clashes before any key is read: a clean failure, not a crash.
      ["SET", "k", "v"],
      ["DEBUG", "RELOAD", "NOFLUSH"],
      ["GET", "k"],
      ["FCALL", "one", "0"],
      ["DEBUG", "RELOAD", "NOFLUSH", "MERGE"],
      ["FCALL", "one", "0"],
      ["FUNCTION", "FLUSH"],
      RELOAD,
      ["FUNCTION", "LIST"],
    ]);
  });

  it("a client blocked on a stream stays blocked across the reload and is served after it", async () => {
    await expectSame(d, [["XGROUP", "CREATE", "s", "g", "$", "MKSTREAM"], ["RPUSH", "other", "x"]]);
    const p1 = await d.start(["XREADGROUP", "GROUP", "g", "a", "BLOCK", "0", "STREAMS", "s", ">"], "c1");
    const p2 = await d.start(["BLPOP", "l", "0"], "c2");
    await expectSame(d, [RELOAD, ["XADD", "s", "1-0", "f", "v"], ["RPUSH", "l", "a"]]);
    for (const p of [p1, p2]) {
      const ms = await d.finish(p);
      expect(ms, describeMismatches(ms)).toEqual([]);
    }
    await expectSame(d, [["XPENDING", "s", "g"]]);
  });

  it("a key the load brings back does not wake a client blocked on it", async () => {
    await expectSame(d, [["RPUSH", "l", "a", "b"], RELOAD, ["DEL", "l"]]);
    await d.start(["BLPOP", "l", "0"], "c1");
    // A push to a list that exists wakes nobody either: the client is stuck until it hangs up.
    await expectSame(d, [["DEBUG", "RELOAD", "NOSAVE"], ["LRANGE", "l", "0", "-1"], ["RPUSH", "l", "c"], ["LRANGE", "l", "0", "-1"]]);
    const info = await d.both(["INFO", "clients"]);
    const blocked = (t: string) => /blocked_clients:(\d+)/.exec(t)?.[1];
    expect([blocked(info.engine), blocked(info.real)]).toEqual(["1", "1"]);
    await d.close("c1");
  });

  it("WATCH of a key that had already expired: the reload is no change for the watcher", async () => {
    await expectSame(d, [["DEBUG", "SET-ACTIVE-EXPIRE", "0"], ["SET", "e", "v", "PX", "1"]]);
    await sleep(20);
    await expectSame(d, [
      A("WATCH", "e"),
      B("DEBUG", "RELOAD"),
      A("MULTI"),
      A("SET", "x", "1"),
      A("EXEC"),
      ["EXISTS", "e"],
      ["DEBUG", "SET-ACTIVE-EXPIRE", "1"],
    ]);
  });

  it("streams survive exactly: entries, IDs, counters, groups, PELs and consumers", async () => {
    const t = exemptions.streamTimes;
    await expectSame(d, [
      ["XADD", "s", "1-1", "a", "1"],
      ["XADD", "s", "2-1", "b", "2", "c", "3"],
      ["XADD", "s", "3-1", "d", "4"],
      ["XADD", "s", "4-1", "e", "5"],
      ["XDEL", "s", "2-1"],
      ["XGROUP", "CREATE", "s", "g1", "0"],
      ["XGROUP", "CREATE", "s", "g2", "$"],
      ["XREADGROUP", "GROUP", "g1", "alice", "COUNT", "2", "STREAMS", "s", ">"],
      ["XREADGROUP", "GROUP", "g1", "bob", "STREAMS", "s", ">"],
      ["XACK", "s", "g1", "1-1"],
      ["XGROUP", "CREATECONSUMER", "s", "g2", "carol"],
      ["XADD", "empty", "5-5", "f", "v"],
      ["XDEL", "empty", "5-5"],
      ...["1-1", "2-2", "3-3"].map((id) => ["XADD", "trim", "MAXLEN", "2", id, "f", id]),
      RELOAD,
      { cmd: ["XINFO", "STREAM", "s"], norm: t },
      { cmd: ["XINFO", "STREAM", "s", "FULL"], norm: t },
      { cmd: ["XINFO", "STREAM", "empty", "FULL"], norm: t },
      ["XINFO", "GROUPS", "s"],
      { cmd: ["XINFO", "CONSUMERS", "s", "g1"], norm: t },
      { cmd: ["XINFO", "CONSUMERS", "s", "g2"], norm: t },
      ["XPENDING", "s", "g1"],
      ["XRANGE", "s", "-", "+"],
      ["XLEN", "empty"],
      { cmd: ["XINFO", "STREAM", "trim"], norm: t },
      ["OBJECT", "ENCODING", "s"],
      ["XREADGROUP", "GROUP", "g2", "carol", "STREAMS", "s", ">"],
      ["XADD", "s", "4-1", "x", "y"],
      ["XLEN", "s"],
    ]);
  });
});

describe("DEBUG RELOAD and the eviction policy's access data", () => {
  let d: Differential;
  beforeAll(async () => {
    d = await Differential.start({ config: { "enable-debug-command": "yes" } });
  });
  afterAll(async () => d?.stop());
  beforeEach(async () => d.reset());

  it("without an LRU policy objects come back new (idle 0); with one they keep their idle time", async () => {
    await expectSame(d, [["SET", "a", "va"], ["SET", "b", "vb"]]);
    await sleep(2100);
    await expectSame(d, [
      { cmd: ["OBJECT", "IDLETIME", "a"], norm: exemptions.approx(1, 2) },
      RELOAD,
      // New objects: 0, or 1 when a second boundary falls between the load and this read.
      { cmd: ["OBJECT", "IDLETIME", "a"], norm: exemptions.approx(1, 0) },
      ["CONFIG", "SET", "maxmemory-policy", "allkeys-lru"],
      ["SET", "c", "vc"],
    ]);
    await sleep(2100);
    await expectSame(d, [
      RELOAD,
      { cmd: ["OBJECT", "IDLETIME", "c"], norm: exemptions.approx(1, 2) },
      { cmd: ["OBJECT", "IDLETIME", "a"], norm: exemptions.approx(1, 2) },
      ["CONFIG", "SET", "maxmemory-policy", "volatile-lru"],
      RELOAD,
      { cmd: ["OBJECT", "IDLETIME", "a"], norm: exemptions.approx(1, 2) },
      ["CONFIG", "SET", "maxmemory-policy", "noeviction"],
    ]);
  });

  it("with an LFU policy the counters are saved and restored", async () => {
    const gets = (key: string, n: number) => Array.from({ length: n }, () => ["GET", key]);
    await expectSame(d, [
      ["CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"],
      ["CONFIG", "SET", "lfu-log-factor", "0"],
      ["SET", "a", "va"],
      ["SET", "b", "vb"],
      ...gets("a", 12),
      ...gets("b", 3),
      ["OBJECT", "FREQ", "a"],
      RELOAD,
      ["OBJECT", "FREQ", "a"],
      ["OBJECT", "FREQ", "b"],
      ...gets("a", 2),
      ["OBJECT", "FREQ", "a"],
      ["CONFIG", "SET", "maxmemory-policy", "noeviction"],
      ["CONFIG", "SET", "lfu-log-factor", "10"],
    ]);
  });
});
