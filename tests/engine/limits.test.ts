/**
 * The playground's limits that protect the learner's tab (engine/limits.ts): the default
 * maxmemory, the cap on a single reply, and huge allocations answered before they happen.
 * Each case runs on the playground profile and must finish fast (the per-test timeouts are
 * the guard: a case that builds a 400 MB string would blow them). The redis profile is
 * checked to be untouched.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../../engine/server";
import { loadLuaVm, type WasmLuaVm } from "../../engine/scripting-wasm/lua-wasm";
import { OK, type Reply } from "../../engine/reply";
import type { Profile } from "../../engine/config";

function setup(profile: Profile = "playground", config: Record<string, string> = {}) {
  const server = createServer({ profile, config });
  const c = server.connect();
  const run = (...argv: string[]): Reply => c.execute(argv);
  const info = (section: string): Record<string, string> => {
    const r = run("INFO", section);
    if (r.t !== "bulk" && r.t !== "verbatim") throw new Error(JSON.stringify(r));
    return Object.fromEntries(
      r.v.split("\r\n").filter((l) => l.includes(":")).map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1)]),
    );
  };
  return { server, c, run, info };
}

const OOM: Reply = { t: "error", v: "OOM command not allowed when used memory > 'maxmemory'." };
const tooLarge = (what: string, limit: number, hint: string): Reply => ({
  t: "error",
  v: `ERR reply too large for the playground: ${what} (limit ${limit}); ${hint}`,
});
const pairs = (r: Reply): string[] => (r.t === "array" || r.t === "map" ? r.v.map((x) => (x as { v: string }).v) : []);
const len = (r: Reply): number => (r.t === "array" || r.t === "map" || r.t === "set" ? r.v.length : -1);

describe("playground maxmemory", () => {
  it("defaults to 64 MB of modelled memory under noeviction, shown by CONFIG GET and INFO", () => {
    const { run, info } = setup();
    expect(pairs(run("CONFIG", "GET", "maxmemory"))).toEqual(["maxmemory", "67108864"]);
    expect(pairs(run("CONFIG", "GET", "maxmemory-policy"))).toEqual(["maxmemory-policy", "noeviction"]);
    const m = info("memory");
    expect(m.maxmemory).toBe("67108864");
    expect(m.maxmemory_human).toBe("64.00M");
    expect(m.maxmemory_policy).toBe("noeviction");
  });

  it("leaves the redis profile at Redis' defaults", () => {
    const { run } = setup("redis");
    expect(pairs(run("CONFIG", "GET", "maxmemory"))).toEqual(["maxmemory", "0"]);
  });

  it("keeps Redis' check-before-the-command for small writes: the write that crosses the line succeeds", () => {
    const { run, server } = setup("playground", { maxmemory: "2mb" });
    const value = "v".repeat(1000);
    let i = 0;
    while (server.memory.used() <= 2 * 1024 * 1024) expect(run("SET", `k${i++}`, value)).toEqual(OK);
    expect(server.memory.used()).toBeGreaterThan(2 * 1024 * 1024);
    expect(run("SET", "one-more", "x")).toEqual(OOM);
    expect(run("GET", "k0")).toEqual({ t: "bulk", v: value });
  });
});

describe("playground-max-reply-elements", () => {
  it("is a playground parameter: CONFIG GET lists it, CONFIG SET changes it", () => {
    const { run } = setup();
    expect(pairs(run("CONFIG", "GET", "playground-max-reply-elements"))).toEqual(["playground-max-reply-elements", "100000"]);
    expect(pairs(run("CONFIG", "GET", "*"))).toContain("playground-max-reply-elements");
    expect(run("CONFIG", "SET", "playground-max-reply-elements", "10")).toEqual(OK);
    expect(pairs(run("CONFIG", "GET", "playground-*"))).toEqual(["playground-max-reply-elements", "10"]);
    expect(run("CONFIG", "SET", "playground-max-reply-elements", "-1")).toEqual({
      t: "error",
      v: "ERR CONFIG SET failed (possibly related to argument 'playground-max-reply-elements') - argument must be between 0 and 9223372036854775807 inclusive",
    });
  });

  it("does not exist in the redis profile", () => {
    const { run } = setup("redis");
    expect(pairs(run("CONFIG", "GET", "playground-max-reply-elements"))).toEqual([]);
    expect(pairs(run("CONFIG", "GET", "*"))).not.toContain("playground-max-reply-elements");
    expect(run("CONFIG", "SET", "playground-max-reply-elements", "10")).toEqual({
      t: "error",
      v: "ERR Unknown option or number of arguments for CONFIG SET - 'playground-max-reply-elements'",
    });
    expect(() => createServer({ profile: "redis", config: { "playground-max-reply-elements": "5" } })).toThrow(/unknown config parameter/);
  });

  /** A playground with a cap of 10 and, for each type, a key of 11 elements. */
  function capped(profile: Profile = "playground") {
    const t = setup(profile, { "enable-debug-command": "yes" });
    if (profile === "playground") expect(t.run("CONFIG", "SET", "playground-max-reply-elements", "10")).toEqual(OK);
    const els = Array.from({ length: 11 }, (_, i) => `e${i}`);
    t.run("RPUSH", "list", ...els);
    t.run("SADD", "set", ...els);
    t.run("SADD", "set2", "x");
    t.run("HSET", "hash", ...els.flatMap((e) => [e, "v"]));
    t.run("ZADD", "zset", ...els.flatMap((e, i) => [String(i), e]));
    for (const e of els) t.run("XADD", "stream", "*", "f", e);
    return t;
  }

  it("refuses each big read with a text naming the command, the size and what to do instead", () => {
    const { run } = capped();
    // 6 keys so far; 5 more make KEYS * match 11.
    for (let i = 0; i < 5; i++) run("SET", `s${i}`, "x");
    expect(run("KEYS", "*")).toEqual(tooLarge("KEYS matched 11 keys", 10, "use SCAN"));
    expect(len(run("KEYS", "s?"))).toBe(5);
    expect(run("LRANGE", "list", "0", "-1")).toEqual(tooLarge("LRANGE would return 11 elements", 10, "ask for a smaller range"));
    expect(len(run("LRANGE", "list", "1", "-1"))).toBe(10);
    expect(len(run("LRANGE", "list", "5", "100"))).toBe(6);
    expect(run("SMEMBERS", "set")).toEqual(tooLarge("SMEMBERS would return 11 elements", 10, "use SSCAN"));
    expect(run("SUNION", "set", "set2")).toEqual(tooLarge("SUNION would return 12 elements", 10, "use SSCAN on the sets"));
    expect(run("SDIFF", "set")).toEqual(tooLarge("SDIFF would return 11 elements", 10, "use SSCAN on the sets"));
    expect(run("HGETALL", "hash")).toEqual(tooLarge("HGETALL would return 11 elements", 10, "use HSCAN"));
    expect(run("HKEYS", "hash")).toEqual(tooLarge("HKEYS would return 11 elements", 10, "use HSCAN"));
    expect(run("HVALS", "hash")).toEqual(tooLarge("HVALS would return 11 elements", 10, "use HSCAN"));
    expect(run("ZRANGE", "zset", "0", "-1")).toEqual(tooLarge("ZRANGE would return 11 elements", 10, "ask for a smaller range or use ZSCAN"));
    expect(run("ZRANGE", "zset", "0", "-1", "WITHSCORES")).toEqual(
      tooLarge("ZRANGE would return 22 elements", 10, "ask for a smaller range or use ZSCAN"),
    );
    expect(len(run("ZRANGE", "zset", "0", "4", "WITHSCORES"))).toBe(10);
    expect(run("XRANGE", "stream", "-", "+")).toEqual(tooLarge("XRANGE would return 11 elements", 10, "add COUNT"));
    expect(len(run("XRANGE", "stream", "-", "+", "COUNT", "10"))).toBe(10);
    expect(run("SORT", "list", "ALPHA")).toEqual(tooLarge("SORT would return 11 elements", 10, "add LIMIT"));
    expect(len(run("SORT", "list", "ALPHA", "LIMIT", "0", "10"))).toBe(10);
    const keys = Array.from({ length: 11 }, (_, i) => `s${i}`);
    expect(run("MGET", ...keys)).toEqual(tooLarge("MGET would return 11 elements", 10, "ask for fewer keys"));
  });

  it("refuses a queued big read inside EXEC without failing the transaction's writes", () => {
    const { run } = capped();
    expect(run("MULTI")).toEqual(OK);
    run("SMEMBERS", "set");
    run("SET", "after", "1");
    const r = run("EXEC");
    expect(r).toEqual({ t: "array", v: [tooLarge("SMEMBERS would return 11 elements", 10, "use SSCAN"), OK] });
  });

  it("refuses a big pop before it takes anything", () => {
    const { run } = capped();
    expect(run("SPOP", "set", "11")).toEqual(tooLarge("SPOP would return 11 elements", 10, "ask for fewer elements"));
    expect(run("SPOP", "set", "100")).toEqual(tooLarge("SPOP would return 11 elements", 10, "ask for fewer elements"));
    expect(run("SCARD", "set")).toEqual({ t: "int", v: 11 });
    expect(run("LPOP", "list", "11")).toEqual(tooLarge("LPOP would return 11 elements", 10, "ask for fewer elements"));
    expect(run("RPOP", "list", "50")).toEqual(tooLarge("RPOP would return 11 elements", 10, "ask for fewer elements"));
    expect(run("LLEN", "list")).toEqual({ t: "int", v: 11 });
    expect(run("ZPOPMIN", "zset", "11")).toEqual(tooLarge("ZPOPMIN would return 11 elements", 10, "ask for fewer elements"));
    expect(run("ZCARD", "zset")).toEqual({ t: "int", v: 11 });
    // Within the cap they pop as Redis does.
    expect(len(run("SPOP", "set", "10"))).toBe(10);
    expect(len(run("LPOP", "list", "10"))).toBe(10);
    expect(len(run("ZPOPMAX", "zset", "5"))).toBe(10);
  });

  it("never refuses a write after its effect: a big reply from a script or EXEC stands", () => {
    const { run } = capped();
    expect(run("MULTI")).toEqual(OK);
    for (let i = 0; i < 11; i++) run("SET", `m${i}`, "1");
    const r = run("EXEC");
    expect(len(r)).toBe(11);
  });

  it("counts errorstats and failed calls for a refused reply", () => {
    const { run, info } = capped();
    run("SMEMBERS", "set");
    expect(info("errorstats").errorstat_ERR).toBe("count=1");
    expect(info("commandstats").cmdstat_smembers).toMatch(/^calls=1,.*failed_calls=1$/);
  });

  it("is off at 0, and absent from the redis profile", () => {
    const p = capped();
    p.run("CONFIG", "SET", "playground-max-reply-elements", "0");
    expect(len(p.run("SMEMBERS", "set"))).toBe(11);
    const r = capped("redis");
    // The redis profile has no cap at all: nothing near 100000 is needed to show it.
    expect(len(r.run("LRANGE", "list", "0", "-1"))).toBe(11);
    expect(len(r.run("HGETALL", "hash"))).toBe(22);
  });

  it("answers KEYS * on a vast keyspace quickly, without building the reply", { timeout: 20_000 }, () => {
    const { run } = setup("playground", { "enable-debug-command": "yes", maxmemory: "0" });
    expect(run("DEBUG", "POPULATE", "150000")).toEqual(OK);
    expect(run("KEYS", "*")).toEqual(tooLarge("KEYS matched 150000 keys", 100000, "use SCAN"));
    expect(len(run("KEYS", "key:9999*"))).toBe(11);
  });
});

describe("huge allocations in the playground", () => {
  it("SETRANGE at a huge offset answers OOM without building the string", { timeout: 2000 }, () => {
    const { run, server } = setup();
    expect(run("SETRANGE", "k", "400000000", "x")).toEqual(OOM);
    expect(run("EXISTS", "k")).toEqual({ t: "int", v: 0 });
    run("SET", "k", "hello");
    expect(run("SETRANGE", "k", "400000000", "x")).toEqual(OOM);
    expect(run("GET", "k")).toEqual({ t: "bulk", v: "hello" });
    expect(server.memory.used()).toBeLessThan(2_000_000);
  });

  it("still answers Redis' own error past proto-max-bulk-len first", () => {
    const { run } = setup();
    expect(run("SETRANGE", "k", "536870912", "x")).toEqual({ t: "error", v: "ERR string exceeds maximum allowed size (proto-max-bulk-len)" });
  });

  it("SETBIT and BITFIELD at a huge offset answer OOM before zero-filling", { timeout: 2000 }, () => {
    const { run } = setup();
    expect(run("SETBIT", "b", "4000000000", "1")).toEqual(OOM);
    expect(run("BITFIELD", "b", "SET", "u8", "#400000000", "1")).toEqual(OOM);
    expect(run("EXISTS", "b")).toEqual({ t: "int", v: 0 });
    // A wrong type is still reported as Redis reports it.
    run("RPUSH", "l", "a");
    expect(run("SETBIT", "l", "4000000000", "1")).toEqual({ t: "error", v: "WRONGTYPE Operation against a key holding the wrong kind of value" });
    // Small growth is as Redis: a bitmap of a few KB is built.
    expect(run("SETBIT", "b", "80000", "1")).toEqual({ t: "int", v: 0 });
    expect(run("STRLEN", "b")).toEqual({ t: "int", v: 10001 });
  });

  it("APPEND growth stops near maxmemory: used memory never runs far past it", { timeout: 5000 }, () => {
    const { run, server } = setup("playground", { maxmemory: "10mb" });
    const chunk = "a".repeat(1 << 20);
    run("SET", "k", "");
    let last: Reply = OK;
    for (let i = 0; i < 20 && last.t !== "error"; i++) last = run("APPEND", "k", chunk);
    expect(last).toEqual(OOM);
    // The look-ahead counts the bytes appended; the model adds sds preallocation on top.
    expect(server.memory.used()).toBeLessThanOrEqual(1.25 * 10 * 1024 * 1024);
  });

  it("a giant argument (SET, LPUSH) that cannot fit answers OOM", { timeout: 5000 }, () => {
    const { run } = setup();
    expect(run("SET", "k", "x".repeat(65 * 1024 * 1024))).toEqual(OOM);
    expect(run("LPUSH", "l", ...Array.from({ length: 70 }, () => "y".repeat(1 << 20)))).toEqual(OOM);
    expect(run("DBSIZE")).toEqual({ t: "int", v: 0 });
  });

  it("under an eviction policy a big write that fits under maxmemory goes ahead, and evicts", { timeout: 5000 }, () => {
    const { run, server, info } = setup("playground", { maxmemory: "10mb", "maxmemory-policy": "allkeys-lru" });
    for (let i = 0; i < 8; i++) run("SET", `big${i}`, "z".repeat(1 << 20));
    expect(run("SETRANGE", "grown", String(4 << 20), "x")).toEqual({ t: "int", v: (4 << 20) + 1 });
    run("PING");
    expect(Number(info("stats").evicted_keys)).toBeGreaterThan(0);
    expect(server.memory.used()).toBeLessThanOrEqual(10 * 1024 * 1024);
    // …but one that could never fit is refused.
    expect(run("SETRANGE", "huge", String(20 << 20), "x")).toEqual(OOM);
  });

  it("with maxmemory 0 a single value is still capped", { timeout: 2000 }, () => {
    const { run } = setup("playground", { maxmemory: "0" });
    expect(run("SETRANGE", "k", "400000000", "x")).toEqual({
      t: "error",
      v: "ERR value too large for the playground: 400000001 bytes (limit 67108864 while maxmemory is 0)",
    });
  });

  it("DEBUG POPULATE is capped, and a big one meets maxmemory instead of freezing", { timeout: 30_000 }, () => {
    const { run, server } = setup();
    expect(run("DEBUG", "POPULATE", "100000000")).toEqual({ t: "error", v: "ERR DEBUG POPULATE is limited to 1000000 keys in the playground profile" });
    expect(run("DEBUG", "POPULATE", "1000000")).toEqual(OK);
    // 1M keys model past 64 MB: under noeviction writes are refused, reads still work.
    expect(server.memory.used()).toBeGreaterThan(64 * 1024 * 1024);
    expect(run("SET", "x", "1")).toEqual(OOM);
    expect(run("GET", "key:1")).toEqual({ t: "bulk", v: "value:1" });
  });

  it("the redis profile keeps Redis' behaviour (no look-ahead)", () => {
    const { run } = setup("redis", { maxmemory: "10mb" });
    expect(run("SETRANGE", "k", String(11 << 20), "x")).toEqual({ t: "int", v: (11 << 20) + 1 });
    expect(run("SET", "y", "1")).toEqual(OOM);
  });
});

describe("scripts in the playground", () => {
  let lua: WasmLuaVm;
  beforeAll(async () => {
    lua = await loadLuaVm();
  });

  it("a script that LPUSHes a million items completes (seconds, not a frozen tab)", { timeout: 60_000 }, () => {
    const server = createServer({ profile: "playground", lua });
    const c = server.connect();
    const r = c.execute(["EVAL", "for i=1,1000000 do redis.call('lpush','l',i) end return redis.call('llen','l')", "0"]);
    expect(r).toEqual({ t: "int", v: 1000000 });
    expect(server.memory.used()).toBeLessThan(64 * 1024 * 1024);
  });

  it("a script's giant argument meets the same look-ahead OOM as a client's", { timeout: 20_000 }, () => {
    const server = createServer({ profile: "playground", lua, config: { maxmemory: "8mb" } });
    const c = server.connect();
    // 3 MB of arguments beside a 6 MB data set do not fit under 8 MB: refused before SET runs.
    expect(c.execute(["SET", "base", "b".repeat(6_000_000)])).toEqual(OK);
    const r = c.execute(["EVAL", "return redis.pcall('set','big',string.rep('x',3000000))", "0"]);
    expect(r).toEqual({ t: "error", v: "OOM command not allowed when used memory > 'maxmemory'." });
    expect(c.execute(["EXISTS", "big"])).toEqual({ t: "int", v: 0 });
  });
});
