/**
 * The string family through dispatch: replies, stored encodings, TTLs, key-change events and
 * keyspace statistics. Replies here were checked against redis-server 7.0.15; the differential
 * suite (tests/conformance/strings*.test.ts) compares them byte for byte as well.
 */
import { describe, expect, it } from "vitest";
import { createServer, type Server } from "../../engine/server";
import type { RedisObject } from "../../engine/object";
import { arr, bulk, int, map, NULL, OK, type Reply } from "../../engine/reply";

const T0 = Date.UTC(2024, 0, 1); // the manual clock's start

function setup(config?: Record<string, string>) {
  const server = createServer({ config });
  const c = server.connect();
  const run = (...argv: string[]): Reply => c.execute(argv);
  const events: string[] = [];
  server.onKeyChange((e) => events.push(`${e.event}:${e.key}`));
  return { server, c, run, events };
}

const errorOf = (text: string): Reply => ({ t: "error", v: text });
const NOT_INT = errorOf("ERR value is not an integer or out of range");
const NOT_FLOAT = errorOf("ERR value is not a valid float");
const SYNTAX = errorOf("ERR syntax error");
const WRONGTYPE = errorOf("WRONGTYPE Operation against a key holding the wrong kind of value");
const TOO_BIG = errorOf("ERR string exceeds maximum allowed size (proto-max-bulk-len)");

/** OBJECT ENCODING of a key, or undefined when it does not exist. */
function encoding(server: Server, key: string): string | undefined {
  const r = server.connect().execute(["OBJECT", "ENCODING", key]);
  return r.t === "bulk" ? r.v : undefined;
}

/** PTTL: remaining ms, -1 without TTL, -2 when missing. */
function pttl(server: Server, key: string): number {
  const r = server.connect().execute(["PTTL", key]);
  if (r.t !== "int") throw new Error(`PTTL replied ${JSON.stringify(r)}`);
  return Number(r.v);
}

/** A key of another type, to reach the WRONGTYPE branches before other families exist. */
function plantList(server: Server, key: string): void {
  const o = { type: "list", enc: "quicklist", value: "", lru: 0, lfuCounter: 0, lfuMinutes: 0 } as unknown as RedisObject;
  server.dbs[0].add(key, o);
}

describe("SET", () => {
  it("stores, overwrites and returns OK; values are binary safe", () => {
    const { run } = setup();
    expect(run("SET", "k", "v")).toEqual(OK);
    expect(run("GET", "k")).toEqual(bulk("v"));
    const bin = "\x00\r\n\xff\x80" + "h\xc3\xa9llo";
    expect(run("SET", "k", bin)).toEqual(OK);
    expect(run("GET", "k")).toEqual(bulk(bin));
    expect(run("STRLEN", "k")).toEqual(int(11));
    expect(run("SET", "", "")).toEqual(OK);
    expect(run("GET", "")).toEqual(bulk(""));
  });

  it("overwrites a key of another type", () => {
    const { server, run } = setup();
    plantList(server, "l");
    expect(run("SET", "l", "v")).toEqual(OK);
    expect(run("GET", "l")).toEqual(bulk("v"));
  });

  it("NX and XX decide on existence, GET returns the old value", () => {
    const { run } = setup();
    expect(run("SET", "k", "1", "XX")).toEqual(NULL);
    expect(run("GET", "k")).toEqual(NULL);
    expect(run("SET", "k", "1", "NX")).toEqual(OK);
    expect(run("SET", "k", "2", "NX")).toEqual(NULL);
    expect(run("SET", "k", "3", "XX")).toEqual(OK);
    expect(run("SET", "k", "4", "GET")).toEqual(bulk("3"));
    // NX with GET: the old value comes back whether or not the write happened.
    expect(run("SET", "k", "5", "NX", "GET")).toEqual(bulk("4"));
    expect(run("GET", "k")).toEqual(bulk("4"));
    expect(run("SET", "new", "x", "NX", "GET")).toEqual(NULL);
    expect(run("GET", "new")).toEqual(bulk("x"));
    expect(run("SET", "none", "x", "XX", "GET")).toEqual(NULL);
    expect(run("GET", "none")).toEqual(NULL);
  });

  it("GET on a key of another type is WRONGTYPE and writes nothing", () => {
    const { server, run } = setup();
    plantList(server, "l");
    expect(run("SET", "l", "v", "GET")).toEqual(WRONGTYPE);
    expect(server.dbs[0].dict.get("l")?.type).toBe("list");
  });

  it("EX, PX, EXAT and PXAT set absolute instants from the command's time", () => {
    const { server, run } = setup();
    run("SET", "a", "v", "EX", "10");
    expect(pttl(server, "a")).toBe(10_000);
    run("SET", "b", "v", "PX", "1500");
    expect(pttl(server, "b")).toBe(1500);
    run("SET", "c", "v", "EXAT", String(T0 / 1000 + 20));
    expect(pttl(server, "c")).toBe(20_000);
    run("SET", "d", "v", "PXAT", String(T0 + 2500));
    expect(server.dbs[0].getExpire("d")).toBe(T0 + 2500);
    // A key expires once the clock is strictly past its instant (Redis' now > when).
    server.advance(1500);
    expect(run("GET", "b")).toEqual(bulk("v"));
    server.advance(1);
    expect(run("GET", "b")).toEqual(NULL);
    expect(run("GET", "a")).toEqual(bulk("v"));
    server.advance(9000);
    expect(run("GET", "a")).toEqual(NULL);
  });

  it("a plain SET drops the TTL, KEEPTTL keeps it; the last of a repeated option wins", () => {
    const { server, run } = setup();
    run("SET", "k", "v", "EX", "100");
    run("SET", "k", "w", "KEEPTTL");
    expect(pttl(server, "k")).toBe(100_000);
    run("SET", "k", "x");
    expect(pttl(server, "k")).toBe(-1);
    expect(run("SET", "k", "v", "EX", "10", "EX", "20")).toEqual(OK);
    expect(pttl(server, "k")).toBe(20_000);
    expect(run("SET", "k", "v", "KEEPTTL", "KEEPTTL", "NX", "NX")).toEqual(NULL);
  });

  it("refuses conflicting and unknown options with a syntax error", () => {
    const { run } = setup();
    for (const opts of [
      ["NX", "XX"],
      ["XX", "NX"],
      ["EX", "10", "PX", "10"],
      ["PX", "10", "EXAT", "10"],
      ["EXAT", "10", "PXAT", "10"],
      ["KEEPTTL", "EX", "10"],
      ["EX", "10", "KEEPTTL"],
      ["EX"],
      ["PXAT"],
      ["PERSIST"],
      ["FOO"],
      ["NXX"],
    ]) {
      expect(run("SET", "k", "v", ...opts), opts.join(" ")).toEqual(SYNTAX);
    }
    expect(run("GET", "k")).toEqual(NULL);
  });

  it("reads options as C strings: bytes after a NUL are ignored", () => {
    const { run } = setup();
    run("SET", "k", "1");
    expect(run("SET", "k", "2", "nx\x00junk")).toEqual(NULL);
    expect(run("SET", "k", "3", "Get\x00")).toEqual(bulk("1"));
  });

  it("validates the expire time exactly as Redis", () => {
    const { run } = setup();
    const bad = errorOf("ERR invalid expire time in 'set' command");
    expect(run("SET", "k", "v", "EX", "0")).toEqual(bad);
    expect(run("SET", "k", "v", "PX", "-1")).toEqual(bad);
    expect(run("SET", "k", "v", "EXAT", "0")).toEqual(bad);
    expect(run("SET", "k", "v", "EX", "1.5")).toEqual(NOT_INT);
    expect(run("SET", "k", "v", "EX", " 1")).toEqual(NOT_INT);
    expect(run("SET", "k", "v", "EX", "99999999999999999999")).toEqual(NOT_INT);
    // Seconds that overflow once multiplied by 1000, or once now is added.
    expect(run("SET", "k", "v", "EXAT", "9223372036854776")).toEqual(bad);
    expect(run("SET", "k", "v", "EXAT", "9223372036854775")).toEqual(OK);
    expect(run("SET", "k", "v", "EX", "9223372036854775")).toEqual(bad);
    expect(run("SET", "k", "v", "PX", "9223372036854775807")).toEqual(bad);
    expect(run("SET", "k", "v", "PXAT", "9223372036854775807")).toEqual(OK);
    expect(run("SET", "k", "v", "EX", "9223372036854")).toEqual(OK);
    // An invalid expire stops the command before GET's read or any write.
    run("SET", "g", "old");
    expect(run("SET", "g", "new", "GET", "EX", "0")).toEqual(bad);
    expect(run("GET", "g")).toEqual(bulk("old"));
  });

  it("an instant already past stores the key, which expires on its next access", () => {
    const { server, run, events } = setup();
    expect(run("SET", "k", "v", "EXAT", "1")).toEqual(OK);
    expect(server.dbs[0].size).toBe(1);
    expect(run("GET", "k")).toEqual(NULL);
    expect(events).toEqual(["set:k", "expire:k", "expired:k"]);
    expect(server.stats.expiredKeys).toBe(1);
  });

  it("reports set, then expire when an expiry was given; dirty counts one write", () => {
    const { server, run, events } = setup();
    run("SET", "a", "1");
    run("SET", "b", "1", "PX", "100");
    run("SET", "c", "1", "NX");
    run("SET", "c", "2", "NX");
    expect(events).toEqual(["set:a", "set:b", "expire:b", "set:c"]);
    expect(server.stats.dirty).toBe(3);
  });

  it("chooses int, embstr or raw as tryObjectEncoding does", () => {
    const { server, run } = setup();
    const cases: [string, string][] = [
      ["123", "int"],
      ["-9223372036854775808", "int"],
      ["9223372036854775807", "int"],
      ["9223372036854775808", "embstr"],
      ["0", "int"],
      ["-0", "embstr"],
      ["007", "embstr"],
      ["+5", "embstr"],
      [" 5", "embstr"],
      ["1.5", "embstr"],
      ["x".repeat(44), "embstr"],
      ["x".repeat(45), "raw"],
      ["", "embstr"],
    ];
    for (const [v, enc] of cases) {
      run("SET", "k", v);
      expect(encoding(server, "k"), v).toBe(enc);
    }
    run("MSET", "m1", "42", "m2", "y".repeat(50));
    expect(encoding(server, "m1")).toBe("int");
    expect(encoding(server, "m2")).toBe("raw");
    run("SETNX", "n", "7");
    run("SETEX", "e", "10", "8");
    run("GETSET", "g", "9");
    expect([encoding(server, "n"), encoding(server, "e"), encoding(server, "g")]).toEqual(["int", "int", "int"]);
  });
});

describe("SETNX, SETEX, PSETEX", () => {
  it("SETNX replies 1 or 0", () => {
    const { run } = setup();
    expect(run("SETNX", "k", "a")).toEqual(int(1));
    expect(run("SETNX", "k", "b")).toEqual(int(0));
    expect(run("GET", "k")).toEqual(bulk("a"));
  });

  it("SETEX and PSETEX set a TTL and name themselves in errors", () => {
    const { server, run, events } = setup();
    expect(run("SETEX", "k", "5", "v")).toEqual(OK);
    expect(pttl(server, "k")).toBe(5000);
    expect(run("PSETEX", "p", "250", "v")).toEqual(OK);
    expect(pttl(server, "p")).toBe(250);
    expect(run("SETEX", "k", "0", "v")).toEqual(errorOf("ERR invalid expire time in 'setex' command"));
    expect(run("PSETEX", "k", "-1", "v")).toEqual(errorOf("ERR invalid expire time in 'psetex' command"));
    expect(run("SETEX", "k", "abc", "v")).toEqual(NOT_INT);
    expect(run("SETEX", "k", "9223372036854775", "v")).toEqual(errorOf("ERR invalid expire time in 'setex' command"));
    expect(events).toEqual(["set:k", "expire:k", "set:p", "expire:p"]);
  });
});

describe("GET, GETSET, GETDEL, MGET", () => {
  it("GET counts hits and misses; WRONGTYPE on other types", () => {
    const { server, run } = setup();
    plantList(server, "l");
    run("SET", "k", "v");
    run("GET", "k");
    run("GET", "nope");
    expect(run("GET", "l")).toEqual(WRONGTYPE);
    expect([server.stats.keyspaceHits, server.stats.keyspaceMisses]).toEqual([2, 1]);
  });

  it("GETSET returns the old value, stores the new one and drops the TTL", () => {
    const { server, run, events } = setup();
    expect(run("GETSET", "k", "a")).toEqual(NULL);
    run("PSETEX", "k", "1000", "b");
    expect(run("GETSET", "k", "c")).toEqual(bulk("b"));
    expect(pttl(server, "k")).toBe(-1);
    plantList(server, "l");
    expect(run("GETSET", "l", "x")).toEqual(WRONGTYPE);
    expect(events).toEqual(["set:k", "set:k", "expire:k", "set:k"]);
  });

  it("GETDEL returns the value and deletes the key with a del event", () => {
    const { server, run, events } = setup();
    run("SET", "k", "v");
    expect(run("GETDEL", "k")).toEqual(bulk("v"));
    expect(run("GETDEL", "k")).toEqual(NULL);
    expect(server.dbs[0].size).toBe(0);
    plantList(server, "l");
    expect(run("GETDEL", "l")).toEqual(WRONGTYPE);
    expect(server.dbs[0].size).toBe(1);
    expect(events).toEqual(["set:k", "del:k"]);
  });

  it("MGET gives nil for missing keys and for other types", () => {
    const { server, run } = setup();
    plantList(server, "l");
    run("MSET", "a", "1", "b", "2");
    expect(run("MGET", "a", "l", "zz", "b", "a")).toEqual(arr([bulk("1"), NULL, NULL, bulk("2"), bulk("1")]));
    expect(server.stats.keyspaceHits).toBe(4);
    expect(server.stats.keyspaceMisses).toBe(1);
  });
});

describe("GETEX", () => {
  it("without options is a GET that keeps the TTL", () => {
    const { server, run, events } = setup();
    run("SET", "k", "v", "EX", "50");
    expect(run("GETEX", "k")).toEqual(bulk("v"));
    expect(pttl(server, "k")).toBe(50_000);
    expect(events).toEqual(["set:k", "expire:k"]);
  });

  it("sets, replaces and removes TTLs, with expire and persist events", () => {
    const { server, run, events } = setup();
    run("SET", "k", "v");
    expect(run("GETEX", "k", "PERSIST")).toEqual(bulk("v")); // no TTL: nothing happens
    expect(run("GETEX", "k", "EX", "10", "EX", "20")).toEqual(bulk("v"));
    expect(pttl(server, "k")).toBe(20_000);
    expect(run("GETEX", "k", "PX", "700")).toEqual(bulk("v"));
    expect(pttl(server, "k")).toBe(700);
    expect(run("GETEX", "k", "PXAT", String(T0 + 900))).toEqual(bulk("v"));
    expect(pttl(server, "k")).toBe(900);
    expect(run("GETEX", "k", "PERSIST")).toEqual(bulk("v"));
    expect(pttl(server, "k")).toBe(-1);
    expect(events).toEqual(["set:k", "expire:k", "expire:k", "expire:k", "persist:k"]);
  });

  it("deletes the key when EXAT/PXAT is already past", () => {
    const { server, run, events } = setup();
    run("SET", "k", "v");
    expect(run("GETEX", "k", "EXAT", "1")).toEqual(bulk("v"));
    expect(server.dbs[0].size).toBe(0);
    run("SET", "k", "v");
    expect(run("GETEX", "k", "PXAT", String(T0))).toEqual(bulk("v"));
    expect(server.dbs[0].size).toBe(0);
    expect(events).toEqual(["set:k", "del:k", "set:k", "del:k"]);
  });

  it("parses options first but checks the expire value only for an existing string", () => {
    const { server, run } = setup();
    expect(run("GETEX", "nokey", "EX", "0")).toEqual(NULL);
    expect(run("GETEX", "nokey", "EX", "abc")).toEqual(NULL);
    expect(run("GETEX", "nokey", "FOO")).toEqual(SYNTAX);
    expect(run("GETEX", "nokey", "EX")).toEqual(SYNTAX);
    run("SET", "k", "v");
    expect(run("GETEX", "k", "EX", "0")).toEqual(errorOf("ERR invalid expire time in 'getex' command"));
    expect(run("GETEX", "k", "EX", "abc")).toEqual(NOT_INT);
    for (const opts of [["PERSIST", "EX", "1"], ["EX", "1", "PERSIST"], ["KEEPTTL"], ["NX"], ["GET"], ["XX"]]) {
      expect(run("GETEX", "k", ...opts), opts.join(" ")).toEqual(SYNTAX);
    }
    plantList(server, "l");
    expect(run("GETEX", "l", "EX", "0")).toEqual(WRONGTYPE);
    expect(run("GETEX", "l", "FOO")).toEqual(SYNTAX);
  });
});

describe("MSET, MSETNX", () => {
  it("MSET stores every pair (last one wins) and drops TTLs", () => {
    const { server, run, events } = setup();
    run("SET", "a", "x", "EX", "10");
    expect(run("MSET", "a", "1", "b", "2", "a", "3")).toEqual(OK);
    expect(run("MGET", "a", "b")).toEqual(arr([bulk("3"), bulk("2")]));
    expect(pttl(server, "a")).toBe(-1);
    expect(events.slice(2)).toEqual(["set:a", "set:b", "set:a"]);
  });

  it("an odd argument count is a wrong-arity error", () => {
    const { run } = setup();
    expect(run("MSET", "a", "1", "b")).toEqual(errorOf("ERR wrong number of arguments for 'mset' command"));
    expect(run("MSETNX", "a", "1", "b")).toEqual(errorOf("ERR wrong number of arguments for 'msetnx' command"));
    expect(run("MSET", "a")).toEqual(errorOf("ERR wrong number of arguments for 'mset' command"));
  });

  it("MSETNX is all or nothing", () => {
    const { server, run } = setup();
    expect(run("MSETNX", "a", "1", "b", "2")).toEqual(int(1));
    expect(run("MSETNX", "c", "3", "b", "9")).toEqual(int(0));
    expect(run("GET", "c")).toEqual(NULL);
    plantList(server, "l");
    expect(run("MSETNX", "l", "1")).toEqual(int(0));
  });
});

describe("INCR, DECR, INCRBY, DECRBY", () => {
  it("count from a missing key, keep the TTL, store int and report incrby", () => {
    const { server, run, events } = setup();
    expect(run("INCR", "n")).toEqual(int(1));
    expect(run("INCRBY", "n", "41")).toEqual(int(42));
    expect(run("DECR", "n")).toEqual(int(41));
    expect(run("DECRBY", "n", "-9")).toEqual(int(50));
    expect(encoding(server, "n")).toBe("int");
    run("SET", "t", "5", "EX", "100");
    run("INCR", "t");
    expect(pttl(server, "t")).toBe(100_000);
    expect(events.filter((e) => e.endsWith(":n"))).toEqual(["incrby:n", "incrby:n", "incrby:n", "incrby:n"]);
    // An int-looking embstr becomes int after INCR, and raw after APPEND stays countable.
    run("SET", "r", "1");
    run("APPEND", "r", "0");
    expect(encoding(server, "r")).toBe("raw");
    expect(run("INCR", "r")).toEqual(int(11));
    expect(encoding(server, "r")).toBe("int");
  });

  it("refuses values that string2ll refuses", () => {
    const { run } = setup();
    for (const v of [" 5", "5 ", "+5", "007", "-0", "1.0", "1e3", "", "abc", "9223372036854775808", "0".repeat(21), "5\x00"]) {
      run("SET", "k", v);
      expect(run("INCR", "k"), JSON.stringify(v)).toEqual(NOT_INT);
    }
    expect(run("INCRBY", "k", "1.5")).toEqual(NOT_INT);
    expect(run("INCRBY", "k", "+1")).toEqual(NOT_INT);
    run("SET", "k", "00000000000000000001");
    expect(run("INCR", "k")).toEqual(NOT_INT);
  });

  it("is exact across 2^53 and refuses 64-bit overflow", () => {
    const { run } = setup();
    run("SET", "k", "9007199254740991");
    expect(run("INCR", "k")).toEqual(int(9007199254740992n));
    expect(run("INCR", "k")).toEqual(int(9007199254740993n));
    expect(run("GET", "k")).toEqual(bulk("9007199254740993"));
    expect(run("DECRBY", "k", "9007199254740993")).toEqual(int(0));
    const overflow = errorOf("ERR increment or decrement would overflow");
    run("SET", "k", "9223372036854775807");
    expect(run("INCR", "k")).toEqual(overflow);
    expect(run("INCRBY", "k", "-9223372036854775808")).toEqual(int(-1));
    run("SET", "k", "-9223372036854775808");
    expect(run("DECR", "k")).toEqual(overflow);
    expect(run("INCRBY", "k", "9223372036854775807")).toEqual(int(-1));
    expect(run("GET", "k")).toEqual(bulk("-1"));
  });

  it("DECRBY of -2^63 is refused before the key is looked at", () => {
    const { server, run } = setup();
    plantList(server, "l");
    expect(run("DECRBY", "l", "-9223372036854775808")).toEqual(errorOf("ERR decrement would overflow"));
    expect(run("DECRBY", "l", "x")).toEqual(NOT_INT);
    expect(run("DECRBY", "l", "1")).toEqual(WRONGTYPE);
    expect(run("INCR", "l")).toEqual(WRONGTYPE);
  });
});

describe("INCRBYFLOAT", () => {
  it("adds in long double and prints like %.17Lf with zeros stripped", () => {
    const { run } = setup();
    run("SET", "k", "10.5");
    expect(run("INCRBYFLOAT", "k", "0.1")).toEqual(bulk("10.6"));
    expect(run("INCRBYFLOAT", "z", "0.000003814697265625")).toEqual(bulk("0.00000381469726562")); // tie, to even
    expect(run("INCRBYFLOAT", "z2", "0.000011444091796875")).toEqual(bulk("0.00001144409179688"));
    expect(run("INCRBYFLOAT", "h", "0x1p3")).toEqual(bulk("8"));
    expect(run("INCRBYFLOAT", "h", "5.0e3")).toEqual(bulk("5008"));
    expect(run("INCRBYFLOAT", "h", "-5008")).toEqual(bulk("0"));
    expect(run("INCRBYFLOAT", "m", "-1e-20")).toEqual(bulk("0"));
    expect(run("INCRBYFLOAT", "s", "1e-4940")).toEqual(bulk("0"));
  });

  it("keeps the TTL, stores embstr or raw (never int) and reports incrbyfloat", () => {
    const { server, run, events } = setup();
    run("SET", "k", "10", "EX", "100");
    expect(run("INCRBYFLOAT", "k", "0")).toEqual(bulk("10"));
    expect(encoding(server, "k")).toBe("embstr");
    expect(pttl(server, "k")).toBe(100_000);
    run("INCRBYFLOAT", "big", "1e60");
    expect(encoding(server, "big")).toBe("raw");
    expect(events).toEqual(["set:k", "expire:k", "incrbyfloat:k", "incrbyfloat:big"]);
  });

  it("refuses what string2ld refuses and results that are not finite", () => {
    const { server, run } = setup();
    for (const v of [" 1", "1 ", "abc", "", "1e", "nan", "1.5\x00", "\x00", "0x", "1e5000", "1e-5000", "1." + "0".repeat(5118)]) {
      expect(run("INCRBYFLOAT", "k", v), JSON.stringify(v)).toEqual(NOT_FLOAT);
    }
    // 5119 chars is the longest input string2ld reads; a 5119-digit integer overflows, though.
    expect(run("INCRBYFLOAT", "k", "1." + "0".repeat(5117))).toEqual(bulk("1"));
    expect(run("INCRBYFLOAT", "k2", "1".repeat(5119))).toEqual(NOT_FLOAT);
    run("SET", "k", "abc");
    expect(run("INCRBYFLOAT", "k", "1")).toEqual(NOT_FLOAT);
    const naninf = errorOf("ERR increment would produce NaN or Infinity");
    run("SET", "k", "1");
    expect(run("INCRBYFLOAT", "k", "inf")).toEqual(naninf);
    expect(run("INCRBYFLOAT", "k", "-Infinity")).toEqual(naninf);
    run("SET", "k", "1e4932");
    expect(run("INCRBYFLOAT", "k", "1e4932")).toEqual(naninf);
    plantList(server, "l");
    expect(run("INCRBYFLOAT", "l", "abc")).toEqual(WRONGTYPE);
  });
});

describe("APPEND, STRLEN", () => {
  it("APPEND creates like SET, extends into a raw string and keeps the TTL", () => {
    const { server, run, events } = setup();
    expect(run("APPEND", "k", "123")).toEqual(int(3));
    expect(encoding(server, "k")).toBe("int");
    expect(run("APPEND", "k", "")).toEqual(int(3));
    expect(encoding(server, "k")).toBe("raw");
    run("SET", "e", "abc", "EX", "100");
    expect(run("APPEND", "e", "\x00\xff")).toEqual(int(5));
    expect(run("GET", "e")).toEqual(bulk("abc\x00\xff"));
    expect(encoding(server, "e")).toBe("raw");
    expect(pttl(server, "e")).toBe(100_000);
    expect(events.filter((x) => x.startsWith("append"))).toEqual(["append:k", "append:k", "append:e"]);
  });

  it("APPEND respects proto-max-bulk-len", () => {
    const { run } = setup({ "proto-max-bulk-len": "1mb" });
    run("SET", "k", "x".repeat(1024 * 1024 - 1));
    expect(run("APPEND", "k", "yy")).toEqual(TOO_BIG);
    expect(run("APPEND", "k", "y")).toEqual(int(1024 * 1024));
  });

  it("STRLEN counts bytes; 0 for a missing key", () => {
    const { server, run } = setup();
    run("SET", "k", "h\xc3\xa9");
    expect(run("STRLEN", "k")).toEqual(int(3));
    run("SET", "n", "-123");
    expect(run("STRLEN", "n")).toEqual(int(4));
    expect(run("STRLEN", "none")).toEqual(int(0));
    plantList(server, "l");
    expect(run("STRLEN", "l")).toEqual(WRONGTYPE);
  });
});

describe("GETRANGE, SUBSTR", () => {
  it("clamps indexes as Redis 7.0 does", () => {
    const { run } = setup();
    run("SET", "g", "hello");
    const cases: [string, string, string][] = [
      ["0", "-1", "hello"],
      ["-1", "-5", ""],
      ["-5", "-1", "hello"],
      ["0", "-100", "h"],
      ["-100", "100", "hello"],
      ["10", "20", ""],
      ["3", "1", ""],
      ["1", "3", "ell"],
      ["-9223372036854775808", "9223372036854775807", "hello"],
    ];
    for (const [s, e, want] of cases) expect(run("GETRANGE", "g", s, e), `${s} ${e}`).toEqual(bulk(want));
    expect(run("SUBSTR", "g", "1", "2")).toEqual(bulk("el"));
    run("SET", "i", "12345");
    expect(run("GETRANGE", "i", "1", "2")).toEqual(bulk("23"));
    run("SET", "emp", "");
    expect(run("GETRANGE", "emp", "0", "-1")).toEqual(bulk(""));
    expect(run("GETRANGE", "nokey", "0", "1")).toEqual(bulk(""));
  });

  it("parses both indexes before looking at the key", () => {
    const { server, run } = setup();
    plantList(server, "l");
    expect(run("GETRANGE", "l", "a", "1")).toEqual(NOT_INT);
    expect(run("GETRANGE", "l", "0", "1.5")).toEqual(NOT_INT);
    expect(run("GETRANGE", "l", "0", "1")).toEqual(WRONGTYPE);
  });
});

describe("SETRANGE", () => {
  it("overwrites, pads with zero bytes and leaves a raw string", () => {
    const { server, run, events } = setup();
    expect(run("SETRANGE", "k", "5", "x")).toEqual(int(6));
    expect(run("GET", "k")).toEqual(bulk("\x00\x00\x00\x00\x00x"));
    expect(encoding(server, "k")).toBe("raw");
    run("SET", "s", "Hello World", "EX", "100");
    expect(run("SETRANGE", "s", "6", "Redis")).toEqual(int(11));
    expect(run("GET", "s")).toEqual(bulk("Hello Redis"));
    expect(run("SETRANGE", "s", "10", "XYZ")).toEqual(int(13));
    expect(run("GET", "s")).toEqual(bulk("Hello RediXYZ"));
    expect(pttl(server, "s")).toBe(100_000);
    run("SET", "i", "123");
    expect(run("SETRANGE", "i", "0", "9")).toEqual(int(3));
    expect(encoding(server, "i")).toBe("raw");
    expect(events.filter((e) => e.startsWith("setrange"))).toEqual(["setrange:k", "setrange:s", "setrange:s", "setrange:i"]);
  });

  it("writes nothing for an empty value, and creates no key", () => {
    const { server, run, events } = setup();
    expect(run("SETRANGE", "none", "999999999999", "")).toEqual(int(0));
    expect(server.dbs[0].size).toBe(0);
    run("SET", "e", "abc");
    expect(run("SETRANGE", "e", "999999999999", "")).toEqual(int(3));
    expect(encoding(server, "e")).toBe("embstr");
    expect(events).toEqual(["set:e"]);
  });

  it("checks the offset, then the type, then the size", () => {
    const { server, run } = setup({ "proto-max-bulk-len": "1mb" });
    plantList(server, "l");
    expect(run("SETRANGE", "l", "-1", "x")).toEqual(errorOf("ERR offset is out of range"));
    expect(run("SETRANGE", "l", "abc", "x")).toEqual(NOT_INT);
    expect(run("SETRANGE", "l", "0", "x")).toEqual(WRONGTYPE);
    expect(run("SETRANGE", "k", String(1024 * 1024), "x")).toEqual(TOO_BIG);
    expect(run("SETRANGE", "k", "9223372036854775807", "x")).toEqual(TOO_BIG);
    expect(run("SETRANGE", "k", String(1024 * 1024 - 1), "x")).toEqual(int(1024 * 1024));
  });
});

describe("LCS", () => {
  it("returns the subsequence, its length, or the match ranges", () => {
    const { run } = setup();
    run("MSET", "key1", "ohmytext", "key2", "mynewtext");
    expect(run("LCS", "key1", "key2")).toEqual(bulk("mytext"));
    expect(run("LCS", "key1", "key2", "LEN")).toEqual(int(6));
    const range = (a: number, b: number) => arr([int(a), int(b)]);
    expect(run("LCS", "key1", "key2", "IDX")).toEqual(
      map([bulk("matches"), arr([arr([range(4, 7), range(5, 8)]), arr([range(2, 3), range(0, 1)])]), bulk("len"), int(6)]),
    );
    expect(run("LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN")).toEqual(
      map([bulk("matches"), arr([arr([range(4, 7), range(5, 8), int(4)])]), bulk("len"), int(6)]),
    );
    expect(run("LCS", "key1", "missing")).toEqual(bulk(""));
    expect(run("LCS", "key1", "missing", "IDX")).toEqual(map([bulk("matches"), arr([]), bulk("len"), int(0)]));
  });

  it("checks types first, then options", () => {
    const { server, run } = setup();
    plantList(server, "l");
    run("SET", "a", "x");
    expect(run("LCS", "a", "l", "FOO")).toEqual(errorOf("ERR The specified keys must contain string values"));
    expect(run("LCS", "a", "b", "FOO")).toEqual(SYNTAX);
    expect(run("LCS", "a", "b", "MINMATCHLEN")).toEqual(SYNTAX);
    expect(run("LCS", "a", "b", "MINMATCHLEN", "x")).toEqual(NOT_INT);
    expect(run("LCS", "a", "b", "LEN", "IDX")).toEqual(errorOf("ERR If you want both the length and indexes, please just use IDX."));
  });

  it("refuses a table larger than proto-max-bulk-len", () => {
    const { run } = setup({ "proto-max-bulk-len": "1mb" });
    run("MSET", "a", "a".repeat(600), "b", "a".repeat(600));
    expect(run("LCS", "a", "b", "LEN")).toEqual(
      errorOf("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"),
    );
    run("SET", "b", "a".repeat(400));
    expect(run("LCS", "a", "b", "LEN")).toEqual(int(400));
  });
});
