import { beforeEach, describe, expect, it } from "vitest";
import { createServer, type KeyChange, type Server } from "../../engine/server";
import type { Client } from "../../engine/client";
import type { Reply } from "../../engine/reply";

let server: Server;
let c: Client;
let events: KeyChange[];
const run = (...argv: string[]): Reply => c.execute(argv);
const int = (v: number) => ({ t: "int", v });
const bulk = (v: string) => ({ t: "bulk", v });
const simple = (v: string) => ({ t: "simple", v });
const error = (v: string) => ({ t: "error", v });
const NULL = { t: "null" };
const OK = simple("OK");
/** The key names in a reply array (KEYS) or in SCAN's second element, sorted. */
const names = (r: Reply): string[] => {
  const list = r.t === "array" && r.v.length === 2 && r.v[1].t === "array" ? r.v[1] : r;
  if (list.t !== "array") throw new Error(`not an array: ${JSON.stringify(r)}`);
  return list.v.map((x) => (x.t === "bulk" ? x.v : "?")).sort();
};
const db0 = () => server.dbs[0];

beforeEach(() => {
  server = createServer();
  c = server.connect();
  events = [];
  server.onKeyChange((e) => events.push(e));
});

describe("DEL and UNLINK", () => {
  it("delete the keys that exist, count each once, and emit del", () => {
    run("SET", "a", "1");
    run("SET", "b", "2");
    events = [];
    const dirty = server.stats.dirty;
    expect(run("DEL", "a", "a", "nokey", "b")).toEqual(int(2));
    expect(events).toEqual([
      { db: 0, key: "a", event: "del" },
      { db: 0, key: "b", event: "del" },
    ]);
    expect(server.stats.dirty - dirty).toBe(2);
    expect(run("UNLINK", "a")).toEqual(int(0));
    run("SET", "c", "3");
    expect(run("UNLINK", "c", "c")).toEqual(int(1));
    expect(db0().size).toBe(0);
  });

  it("reap an expired key as expired, not as deleted", () => {
    run("SET", "k", "v", "PX", "100");
    server.advance(101);
    events = [];
    const before = server.stats.expiredKeys;
    expect(run("DEL", "k")).toEqual(int(0));
    expect(server.stats.expiredKeys).toBe(before + 1);
    expect(events.map((e) => e.event)).toEqual(["expired"]);
  });

  it("work on binary key names", () => {
    run("SET", "a\0b\r\n\xff", "v");
    expect(run("EXISTS", "a\0b\r\n\xff")).toEqual(int(1));
    expect(run("DEL", "a\0b\r\n\xff")).toEqual(int(1));
  });
});

describe("EXISTS, TOUCH and TYPE", () => {
  it("EXISTS counts a key named twice twice and records hits and misses", () => {
    run("SET", "a", "1");
    const { keyspaceHits: h, keyspaceMisses: m } = server.stats;
    expect(run("EXISTS", "a", "a", "b")).toEqual(int(2));
    expect(server.stats.keyspaceHits - h).toBe(2);
    expect(server.stats.keyspaceMisses - m).toBe(1);
  });

  it("EXISTS and TYPE do not refresh the idle time; TOUCH does", () => {
    run("SET", "a", "1");
    server.advance(5000);
    run("EXISTS", "a");
    run("TYPE", "a");
    expect(run("OBJECT", "IDLETIME", "a")).toEqual(int(5));
    expect(run("TOUCH", "a", "a", "nokey")).toEqual(int(2));
    expect(run("OBJECT", "IDLETIME", "a")).toEqual(int(0));
  });

  it("TYPE names the type, or none", () => {
    run("SET", "s", "x");
    expect(run("TYPE", "s")).toEqual(simple("string"));
    expect(run("TYPE", "nokey")).toEqual(simple("none"));
    run("SET", "gone", "x", "PX", "10");
    server.advance(20);
    expect(run("TYPE", "gone")).toEqual(simple("none"));
  });
});

describe("KEYS", () => {
  it("matches glob patterns", () => {
    for (const k of ["hello", "hallo", "hxllo", "heeello", "other", ""]) run("SET", k, "v");
    expect(names(run("KEYS", "h?llo"))).toEqual(["hallo", "hello", "hxllo"]);
    expect(names(run("KEYS", "h[ae]llo"))).toEqual(["hallo", "hello"]);
    expect(names(run("KEYS", "h*llo"))).toEqual(["hallo", "heeello", "hello", "hxllo"]);
    expect(names(run("KEYS", "*"))).toHaveLength(6); // "*" alone lists the empty key too
    expect(names(run("KEYS", "**"))).toHaveLength(5); // ...but as a pattern it cannot match ""
    expect(run("KEYS", "zzz*")).toEqual({ t: "array", v: [] });
  });

  it("hides expired keys without deleting them", () => {
    run("SET", "live", "v");
    run("SET", "dead", "v", "PX", "100");
    server.advance(150); // fewer than 8 cron ticks: run one by one, and 1 key may survive them
    const expired = server.stats.expiredKeys;
    const size = db0().size;
    expect(names(run("KEYS", "*"))).toEqual(["live"]);
    expect(server.stats.expiredKeys).toBe(expired);
    expect(db0().size).toBe(size);
  });
});

describe("SCAN", () => {
  it("walks every key exactly once when nothing changes", () => {
    for (let i = 0; i < 95; i++) run("SET", `k${i}`, "v");
    const seen: string[] = [];
    let cursor = "0";
    let calls = 0;
    do {
      const r = run("SCAN", cursor, "COUNT", "7");
      if (r.t !== "array" || r.v[0].t !== "bulk") throw new Error("bad reply");
      cursor = r.v[0].v;
      seen.push(...names(r));
      calls++;
    } while (cursor !== "0");
    expect(seen.sort()).toEqual(Array.from({ length: 95 }, (_, i) => `k${i}`).sort());
    expect(calls).toBe(14);
  });

  it("returns every key present for the whole scan while others come and go", () => {
    for (let i = 0; i < 200; i++) run("SET", `stay${i}`, "v");
    for (let i = 0; i < 100; i++) run("SET", `churn${i}`, "v");
    const seen = new Set<string>();
    let cursor = "0";
    let step = 0;
    do {
      const r = run("SCAN", cursor, "COUNT", "5");
      if (r.t !== "array" || r.v[0].t !== "bulk") throw new Error("bad reply");
      cursor = r.v[0].v;
      for (const k of names(r)) seen.add(k);
      run("DEL", `churn${step % 100}`);
      run("SET", `new${step}`, "v");
      step++;
    } while (cursor !== "0");
    for (let i = 0; i < 200; i++) expect(seen.has(`stay${i}`)).toBe(true);
  });

  it("filters with MATCH and TYPE after collecting COUNT keys", () => {
    run("SET", "user:1", "a");
    run("SET", "user:2", "b");
    run("SET", "order:1", "c");
    expect(names(run("SCAN", "0", "MATCH", "user:*", "COUNT", "100"))).toEqual(["user:1", "user:2"]);
    expect(names(run("SCAN", "0", "TYPE", "STRING"))).toEqual(["order:1", "user:1", "user:2"]);
    expect(names(run("SCAN", "0", "TYPE", "list"))).toEqual([]);
    expect(names(run("SCAN", "0", "TYPE", "nosuchtype"))).toEqual([]);
    // COUNT 1 collects one key, then filters it out: an empty page with a live cursor.
    const r = run("SCAN", "0", "COUNT", "1", "MATCH", "order:*");
    expect(r).toEqual({ t: "array", v: [bulk(expect.not.stringMatching(/^0$/) as unknown as string), { t: "array", v: [] }] });
  });

  it("deletes the expired keys it meets that pass the filters", () => {
    run("SET", "a", "v", "PX", "10");
    run("SET", "b", "v", "PX", "10");
    run("SET", "c", "v");
    server.advance(11); // too short for the cron (first tick at 100 ms)
    const expired = server.stats.expiredKeys;
    expect(names(run("SCAN", "0", "MATCH", "[ac]"))).toEqual(["c"]);
    expect(server.stats.expiredKeys).toBe(expired + 1); // a reaped; b did not match
    expect(db0().dict.has("b")).toBe(true);
    // TYPE none lets an expired key through: the type check reaps it first (a 7.0 quirk).
    expect(names(run("SCAN", "0", "TYPE", "none"))).toEqual(["b"]);
    expect(db0().dict.has("b")).toBe(false);
  });

  it("parses cursors as strtoul does and rejects the rest", () => {
    run("SET", "k", "v");
    for (const ok of ["0", "", "+0", "-0", "0\0junk"]) expect(names(run("SCAN", ok))).toEqual(["k"]);
    for (const bad of [" 0", "0 ", "x", "0x1", "1.5", "+", "-", "18446744073709551616", "-18446744073709551616"]) {
      expect(run("SCAN", bad)).toEqual(error("ERR invalid cursor"));
    }
    for (const fine of ["-1", "18446744073709551615", "99999999999"]) expect(run("SCAN", fine).t).toBe("array");
  });

  it("checks options in order with Redis' errors", () => {
    expect(run("SCAN", "x", "COUNT", "0")).toEqual(error("ERR invalid cursor"));
    expect(run("SCAN", "0", "COUNT", "0")).toEqual(error("ERR syntax error"));
    expect(run("SCAN", "0", "COUNT", "-1")).toEqual(error("ERR syntax error"));
    expect(run("SCAN", "0", "COUNT", "x")).toEqual(error("ERR value is not an integer or out of range"));
    expect(run("SCAN", "0", "MATCH")).toEqual(error("ERR syntax error"));
    expect(run("SCAN", "0", "FOO", "bar")).toEqual(error("ERR syntax error"));
    expect(run("SCAN", "0", "count", "9223372036854775807").t).toBe("array");
  });
});

describe("RANDOMKEY", () => {
  it("is nil on an empty database and repeatable with the same seed", () => {
    expect(run("RANDOMKEY")).toEqual(NULL);
    for (let i = 0; i < 50; i++) run("SET", `k${i}`, "v");
    const picks = Array.from({ length: 20 }, () => run("RANDOMKEY"));
    const other = createServer();
    const oc = other.connect();
    for (let i = 0; i < 50; i++) oc.execute(["SET", `k${i}`, "v"]);
    expect(Array.from({ length: 20 }, () => oc.execute(["RANDOMKEY"]))).toEqual(picks);
    expect(new Set(picks.map((p) => JSON.stringify(p))).size).toBeGreaterThan(5);
  });

  it("reaps expired picks and draws again, down to nil", () => {
    for (let i = 0; i < 10; i++) run("SET", `k${i}`, "v", "PX", "10");
    server.advance(20);
    const expired = server.stats.expiredKeys;
    expect(run("RANDOMKEY")).toEqual(NULL);
    expect(db0().size).toBe(0);
    expect(server.stats.expiredKeys).toBe(expired + 10);
  });
});

describe("RENAME and RENAMENX", () => {
  it("need an existing source, even when renaming a key to itself", () => {
    expect(run("RENAME", "a", "b")).toEqual(error("ERR no such key"));
    expect(run("RENAME", "a", "a")).toEqual(error("ERR no such key"));
    expect(run("RENAMENX", "a", "a")).toEqual(error("ERR no such key"));
    run("SET", "a", "1");
    expect(run("RENAME", "a", "a")).toEqual(OK);
    expect(run("RENAMENX", "a", "a")).toEqual(int(0));
  });

  it("carry the TTL, replace the destination and its TTL, and emit rename_from/rename_to", () => {
    run("SET", "a", "1", "PX", "5000");
    run("SET", "b", "2", "PX", "9000");
    events = [];
    const dirty = server.stats.dirty;
    expect(run("RENAME", "a", "b")).toEqual(OK);
    expect(events).toEqual([
      { db: 0, key: "a", event: "rename_from" },
      { db: 0, key: "b", event: "rename_to" },
    ]);
    expect(server.stats.dirty - dirty).toBe(1);
    expect(run("GET", "b")).toEqual(bulk("1"));
    expect(run("PTTL", "b")).toEqual(int(5000));
    expect(run("EXISTS", "a")).toEqual(int(0));
    run("SET", "c", "3");
    expect(run("RENAME", "c", "b")).toEqual(OK);
    expect(run("TTL", "b")).toEqual(int(-1));
  });

  it("RENAMENX refuses an existing destination", () => {
    run("SET", "a", "1");
    run("SET", "b", "2");
    expect(run("RENAMENX", "a", "b")).toEqual(int(0));
    expect(run("GET", "b")).toEqual(bulk("2"));
    expect(run("RENAMENX", "a", "c")).toEqual(int(1));
    expect(run("GET", "c")).toEqual(bulk("1"));
  });

  it("move the object itself: its LFU counter survives", () => {
    run("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
    run("SET", "a", "hello");
    run("GET", "a"); // 5 -> 6, always at this level
    expect(run("OBJECT", "FREQ", "a")).toEqual(int(6));
    run("RENAME", "a", "b");
    const f = run("OBJECT", "FREQ", "b");
    expect(f.t === "int" && Number(f.v) >= 6).toBe(true);
  });
});

describe("COPY", () => {
  it("copies value, encoding and TTL, within and across databases", () => {
    run("SET", "src", "x".repeat(50), "PX", "7000");
    expect(run("COPY", "src", "dst")).toEqual(int(1));
    expect(run("PTTL", "dst")).toEqual(int(7000));
    expect(run("OBJECT", "ENCODING", "dst")).toEqual(bulk("raw"));
    events = [];
    expect(run("COPY", "src", "src", "DB", "3")).toEqual(int(1));
    expect(events).toEqual([{ db: 3, key: "src", event: "copy_to" }]);
    expect(server.dbs[3].dict.get("src")).toMatchObject({ value: "x".repeat(50) });
    expect(server.dbs[3].getExpire("src")).toBe(db0().getExpire("src"));
  });

  it("refuses an existing destination unless REPLACE", () => {
    run("SET", "a", "1");
    run("SET", "b", "2", "EX", "100");
    expect(run("COPY", "a", "b")).toEqual(int(0));
    expect(run("COPY", "a", "b", "REPLACE", "replace")).toEqual(int(1));
    expect(run("GET", "b")).toEqual(bulk("1"));
    expect(run("TTL", "b")).toEqual(int(-1));
    expect(run("COPY", "nokey", "b")).toEqual(int(0));
  });

  it("answers Redis' errors in Redis' order", () => {
    expect(run("COPY", "a", "a")).toEqual(error("ERR source and destination objects are the same"));
    expect(run("COPY", "a", "a", "DB", "0")).toEqual(error("ERR source and destination objects are the same"));
    expect(run("COPY", "a", "b", "DB", "16")).toEqual(error("ERR DB index is out of range"));
    expect(run("COPY", "a", "b", "DB", "-1")).toEqual(error("ERR DB index is out of range"));
    expect(run("COPY", "a", "b", "DB", "x")).toEqual(error("ERR value is not an integer or out of range"));
    expect(run("COPY", "a", "b", "DB", "4294967296")).toEqual(
      error("ERR value is out of range, value must between -2147483648 and 2147483647"),
    );
    expect(run("COPY", "a", "b", "DB")).toEqual(error("ERR syntax error"));
    expect(run("COPY", "a", "b", "FOO", "DB", "x")).toEqual(error("ERR syntax error"));
    expect(run("COPY", "a", "b", "DB", "x", "FOO")).toEqual(error("ERR value is not an integer or out of range"));
  });

  it("makes a private integer: REFCOUNT 1 where the source is shared", () => {
    run("SET", "n", "42");
    run("COPY", "n", "m");
    expect(run("OBJECT", "REFCOUNT", "n")).toEqual(int(2147483647));
    expect(run("OBJECT", "REFCOUNT", "m")).toEqual(int(1));
    expect(run("OBJECT", "ENCODING", "m")).toEqual(bulk("int"));
  });
});

describe("MOVE", () => {
  it("moves the key and its TTL to another database", () => {
    run("SET", "k", "v", "PX", "3000");
    events = [];
    expect(run("MOVE", "k", "2")).toEqual(int(1));
    expect(events).toEqual([
      { db: 0, key: "k", event: "move_from" },
      { db: 2, key: "k", event: "move_to" },
    ]);
    expect(db0().size).toBe(0);
    expect(server.dbs[2].getExpire("k")).toBe(server.now() + 3000);
  });

  it("does nothing when the key is missing or already in the target", () => {
    expect(run("MOVE", "k", "1")).toEqual(int(0));
    run("SET", "k", "here");
    server.dbs[1].add("k", { type: "string", enc: "embstr", value: "there", lru: 0, lfuCounter: 0, lfuMinutes: 0 });
    expect(run("MOVE", "k", "1")).toEqual(int(0));
    expect(run("GET", "k")).toEqual(bulk("here"));
  });

  it("answers Redis' errors", () => {
    run("SET", "k", "v");
    expect(run("MOVE", "k", "0")).toEqual(error("ERR source and destination objects are the same"));
    expect(run("MOVE", "k", "16")).toEqual(error("ERR DB index is out of range"));
    expect(run("MOVE", "k", "-1")).toEqual(error("ERR DB index is out of range"));
    expect(run("MOVE", "k", "1.0")).toEqual(error("ERR value is not an integer or out of range"));
    expect(run("MOVE", "k", "2147483648")).toEqual(
      error("ERR value is out of range, value must between -2147483648 and 2147483647"),
    );
  });
});

describe("OBJECT", () => {
  it("reports string encodings and nil for a missing key", () => {
    run("SET", "i", "12345");
    run("SET", "e", "x".repeat(44));
    run("SET", "r", "x".repeat(45));
    expect(run("OBJECT", "ENCODING", "i")).toEqual(bulk("int"));
    expect(run("OBJECT", "ENCODING", "e")).toEqual(bulk("embstr"));
    expect(run("OBJECT", "ENCODING", "r")).toEqual(bulk("raw"));
    for (const sub of ["ENCODING", "REFCOUNT", "IDLETIME", "FREQ"]) expect(run("OBJECT", sub, "nokey")).toEqual(NULL);
  });

  it("reports shared integers 0..9999 unless maxmemory runs an LRU/LFU policy", () => {
    run("SET", "zero", "0");
    run("SET", "top", "9999");
    run("SET", "big", "10000");
    run("SET", "neg", "-1");
    expect(run("OBJECT", "REFCOUNT", "zero")).toEqual(int(2147483647));
    expect(run("OBJECT", "REFCOUNT", "top")).toEqual(int(2147483647));
    expect(run("OBJECT", "REFCOUNT", "big")).toEqual(int(1));
    expect(run("OBJECT", "REFCOUNT", "neg")).toEqual(int(1));
    run("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
    expect(run("OBJECT", "REFCOUNT", "zero")).toEqual(int(2147483647)); // maxmemory is 0
    run("CONFIG", "SET", "maxmemory", "100mb");
    run("SET", "fresh", "7");
    expect(run("OBJECT", "REFCOUNT", "fresh")).toEqual(int(1));
  });

  it("IDLETIME follows the clock and is refused under LFU; FREQ the other way round", () => {
    run("SET", "k", "v");
    server.advance(61_000);
    expect(run("OBJECT", "IDLETIME", "k")).toEqual(int(61));
    expect(run("OBJECT", "FREQ", "k")).toEqual(
      error(
        "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.",
      ),
    );
    run("CONFIG", "SET", "maxmemory-policy", "volatile-lfu");
    expect(run("OBJECT", "IDLETIME", "k")).toEqual(
      error(
        "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.",
      ),
    );
    run("SET", "n", "fresh");
    expect(run("OBJECT", "FREQ", "n")).toEqual(int(5));
  });

  it("prints HELP exactly as 7.0 and names unknown subcommands", () => {
    const help = run("OBJECT", "HELP");
    expect(help.t).toBe("array");
    if (help.t !== "array") return;
    expect(help.v).toHaveLength(15);
    expect(help.v[0]).toEqual(simple("OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
    expect(help.v[14]).toEqual(simple("    Prints this help."));
    expect(run("OBJECT", "foo", "k")).toEqual(error("ERR unknown subcommand 'foo'. Try OBJECT HELP."));
    expect(run("OBJECT", "ENCODING")).toEqual(error("ERR wrong number of arguments for 'object|encoding' command"));
  });
});
