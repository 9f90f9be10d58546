import { beforeEach, describe, expect, it } from "vitest";
import { createServer, type KeyChange, type Server } from "../../engine/server";
import type { Client } from "../../engine/client";
import type { Reply } from "../../engine/reply";
import { Config, findParam, PARAMS } from "../../engine/config";
import { formatNotifyFlags, memtoull, NOTIFY, parseSave } from "../../engine/config-special";

let server: Server;
let c: Client;
let events: KeyChange[];
const run = (...argv: string[]): Reply => c.execute(argv);
const int = (v: number) => ({ t: "int", v });
const bulk = (v: string) => ({ t: "bulk", v });
const error = (v: string) => ({ t: "error", v });
const OK = { t: "simple", v: "OK" };
const SYNTAX = error("ERR syntax error");
/** A CONFIG GET reply as [name, value] pairs. */
const pairs = (r: Reply): [string, string][] => {
  if (r.t !== "map") throw new Error(`not a map: ${JSON.stringify(r)}`);
  const out: [string, string][] = [];
  for (let i = 0; i < r.v.length; i += 2) out.push([(r.v[i] as { v: string }).v, (r.v[i + 1] as { v: string }).v]);
  return out;
};

beforeEach(() => {
  server = createServer();
  c = server.connect();
  events = [];
  server.onKeyChange((e) => events.push(e));
});

describe("TIME and DBSIZE", () => {
  it("TIME reads the instance clock, to the microsecond", () => {
    const t0 = server.now();
    expect(run("TIME")).toEqual({ t: "array", v: [bulk(String(t0 / 1000)), bulk("0")] });
    server.advance(1234.5678);
    expect(run("TIME")).toEqual({ t: "array", v: [bulk(String(t0 / 1000 + 1)), bulk("234567")] });
  });

  it("DBSIZE counts keys of the selected database only", () => {
    run("SET", "a", "1");
    run("SET", "b", "2");
    expect(run("DBSIZE")).toEqual(int(2));
    run("SELECT", "1");
    expect(run("DBSIZE")).toEqual(int(0));
  });
});

describe("FLUSHDB, FLUSHALL, SWAPDB", () => {
  it("FLUSHDB empties the selected database, counts the changes and emits one event", () => {
    run("SET", "a", "1");
    run("SET", "b", "2", "EX", "100");
    server.dbs[1].setKey("other", { type: "string", enc: "embstr", value: "x", lru: 0, lfuCounter: 0, lfuMinutes: 0 });
    const dirty = server.stats.dirty;
    events = [];
    expect(run("FLUSHDB", "ASYNC")).toEqual(OK);
    expect(server.dbs[0].size).toBe(0);
    expect(server.dbs[0].expires.size).toBe(0);
    expect(server.dbs[1].size).toBe(1);
    expect(server.stats.dirty).toBe(dirty + 2);
    expect(events).toEqual([{ db: 0, key: "", event: "flushdb" }]);
    expect(run("FLUSHDB", "LATER")).toEqual(SYNTAX);
    expect(run("FLUSHDB", "SYNC", "ASYNC")).toEqual(SYNTAX);
  });

  it("FLUSHALL empties every database; with save points the count restarts at one", () => {
    run("SET", "a", "1");
    run("SELECT", "5");
    run("SET", "b", "1");
    events = [];
    expect(run("FLUSHALL")).toEqual(OK);
    expect(server.dbs.every((db) => db.size === 0)).toBe(true);
    expect(events.length).toBe(16);
    expect(server.stats.dirty).toBe(1);
    run("CONFIG", "SET", "save", "");
    run("SET", "x", "1");
    const dirty = server.stats.dirty;
    run("FLUSHALL", "sync");
    expect(server.stats.dirty).toBe(dirty + 2);
    expect(run("FLUSHALL", "x")).toEqual(SYNTAX);
  });

  it("SWAPDB exchanges keys and TTLs; connections keep their database number", () => {
    const other = server.connect();
    other.execute(["SELECT", "1"]);
    run("SET", "k", "from0", "EX", "100");
    other.execute(["SET", "k", "from1"]);
    events = [];
    expect(run("SWAPDB", "0", "1")).toEqual(OK);
    expect(run("GET", "k")).toEqual(bulk("from1"));
    expect(run("TTL", "k")).toEqual(int(-1));
    expect(other.execute(["GET", "k"])).toEqual(bulk("from0"));
    expect(other.execute(["TTL", "k"])).toEqual(int(100));
    expect(events).toEqual([{ db: 0, key: "", event: "swapdb" }, { db: 1, key: "", event: "swapdb" }]);
    // Active expiry keeps working on the swapped tables.
    server.advance(101_000);
    expect(server.dbs[1].size).toBe(0);
  });

  it("SWAPDB reports each bad index by position", () => {
    expect(run("SWAPDB", "x", "1")).toEqual(error("ERR invalid first DB index"));
    expect(run("SWAPDB", "1", "x")).toEqual(error("ERR invalid second DB index"));
    expect(run("SWAPDB", "0", "16")).toEqual(error("ERR DB index is out of range"));
    expect(run("SWAPDB", "3", "3")).toEqual(OK);
  });
});

describe("CONFIG", () => {
  it("GET matches names and aliases by glob, once each, case-insensitively", () => {
    expect(pairs(run("CONFIG", "GET", "maxmemory-p*", "HZ", "hz"))).toEqual([["maxmemory-policy", "noeviction"], ["HZ", "10"]]);
    expect(pairs(run("CONFIG", "GET", "hash-max-*-entries")).map(([k]) => k).sort()).toEqual([
      "hash-max-listpack-entries",
      "hash-max-ziplist-entries",
    ]);
    expect(pairs(run("CONFIG", "GET", "nosuch"))).toEqual([]);
    // Debugging knobs answer only to their exact name.
    expect(pairs(run("CONFIG", "GET", "key-load-*"))).toEqual([]);
    expect(pairs(run("CONFIG", "GET", "key-load-delay"))).toEqual([["key-load-delay", "0"]]);
  });

  it("SET changes several parameters at once or none", () => {
    expect(run("CONFIG", "SET", "maxmemory", "1m", "maxmemory-policy", "allkeys-lfu")).toEqual(OK);
    expect(server.config.num("maxmemory")).toBe(1_000_000);
    expect(server.usesLfu()).toBe(true);
    expect(run("CONFIG", "SET", "maxmemory", "2mb", "maxmemory-policy", "bogus")).toEqual(
      error(
        "ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction",
      ),
    );
    expect(server.config.get("maxmemory")).toBe("1000000");
    expect(run("CONFIG", "SET", "databases", "4")).toEqual(
      error("ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config"),
    );
    expect(run("CONFIG", "SET", "nope", "1")).toEqual(error("ERR Unknown option or number of arguments for CONFIG SET - 'nope'"));
    expect(run("CONFIG", "SET", "hz", "1", "hz", "2")).toEqual(
      error("ERR CONFIG SET failed (possibly related to argument 'hz') - duplicate parameter"),
    );
    expect(run("CONFIG", "SET", "hz", "1", "maxmemory")).toEqual(SYNTAX);
  });

  it("SET hz is capped to 1..500 and reschedules the cron", () => {
    run("CONFIG", "SET", "hz", "1000");
    expect(server.config.num("hz")).toBe(500);
    run("CONFIG", "SET", "hz", "1");
    expect(server.effectiveHz()).toBe(1);
    // With one cron run per second, a key past its TTL waits for the next run.
    run("SET", "k", "v", "PX", "10");
    server.advance(100);
    expect(server.dbs[0].dict.has("k")).toBe(true);
    server.advance(1000);
    expect(server.dbs[0].dict.has("k")).toBe(false);
  });

  it("RESETSTAT zeroes the statistics but not the changes since the last save", () => {
    run("GET", "nokey");
    run("SET", "k", "v");
    run("NOSUCH");
    expect(server.stats.keyspaceMisses).toBe(1);
    const dirty = server.stats.dirty;
    expect(run("CONFIG", "RESETSTAT")).toEqual(OK);
    expect(server.stats.keyspaceMisses).toBe(0);
    expect(server.stats.totalErrorReplies).toBe(0);
    // As in Redis, RESETSTAT itself is the one call counted after the reset.
    expect([...server.stats.commands.keys()]).toEqual(["config|resetstat"]);
    expect(server.stats.commands.get("config|resetstat")?.calls).toBe(1);
    expect(server.stats.dirty).toBe(dirty);
  });

  it("REWRITE answers as a server without a config file", () => {
    expect(run("CONFIG", "REWRITE")).toEqual(error("ERR The server is running without a config file"));
  });
});

describe("configuration profiles and parsing", () => {
  it("the playground profile differs only where it says so", () => {
    const redis = new Config("redis");
    const playground = new Config("playground");
    const differ = PARAMS.filter((p) => redis.get(p.name) !== playground.get(p.name)).map((p) => p.name);
    expect(differ).toEqual(PARAMS.filter((p) => p.playground !== undefined).map((p) => p.name));
    expect(playground.get("enable-debug-command")).toBe("yes");
  });

  it("start-up overrides may set immutable parameters, but are validated", () => {
    expect(new Config("redis", { databases: "4" }).num("databases")).toBe(4);
    expect(() => new Config("redis", { databases: "0" })).toThrow(/between 1 and 2147483647/);
    expect(() => new Config("redis", { nope: "1" })).toThrow(/unknown/);
    expect(createServer({ config: { databases: "4" } }).dbs.length).toBe(4);
  });

  it("looks names up case-insensitively, aliases included", () => {
    expect(findParam("HASH-MAX-ZIPLIST-ENTRIES")?.name).toBe("hash-max-listpack-entries");
    expect(findParam("slaveof")?.name).toBe("replicaof");
  });

  it("memory values follow Redis 7.0's memtoull, overflow and all", () => {
    expect(memtoull("1kb")).toBe(1024n);
    expect(memtoull("1K")).toBe(1000n);
    expect(memtoull("")).toBe(0n);
    expect(memtoull("-1")).toBeNull();
    expect(memtoull("1.5gb")).toBeNull();
    expect(memtoull("99999999999999999999")).toBe(18446744073709551615n);
    expect(memtoull("20000000000000000gb")).toBe((20000000000000000n * 1073741824n) % (1n << 64n));
  });

  it("save points and keyspace event classes print as CONFIG GET shows them", () => {
    expect(parseSave("+100 -0")).toEqual({ ok: true, value: "100 0", num: undefined });
    expect(parseSave("100  5").ok).toBe(false);
    expect(formatNotifyFlags(NOTIFY.KEYSPACE | NOTIFY.EXPIRED)).toBe("xK");
    const cfg = new Config("redis", { "notify-keyspace-events": "KEA" });
    expect(cfg.get("notify-keyspace-events")).toBe("AKE");
    expect(cfg.num("notify-keyspace-events") & NOTIFY.STRING).toBe(NOTIFY.STRING);
    expect(cfg.num("notify-keyspace-events") & NOTIFY.KEY_MISS).toBe(0);
  });
});
