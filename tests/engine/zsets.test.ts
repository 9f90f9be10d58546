/**
 * Sorted set commands through dispatch: replies, encodings, key-change events, and the API
 * other families build on (zsetAdd, zsetPop, the range walks).
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createServer, type Server } from "../../engine/server";
import type { Client } from "../../engine/client";
import type { Reply } from "../../engine/reply";
import { encodeReply } from "../../engine/resp/encode";
import { zsetPop } from "../../engine/commands/zsets-pop";
import { parseScore, parseScoreRange, parseLexRange } from "../../engine/commands/zsets-args";
import { strtod } from "../../engine/util/strtod";
import { LEX_MAX, LEX_MIN } from "../../engine/types/zset";
import { ZADD_GT, ZADD_OUT_ADDED, ZADD_OUT_NOP, ZADD_OUT_UPDATED, zsetAdd, zsetLimits } from "../../engine/types/zset-object";
import { inspectKey } from "../../engine/inspect";

let server: Server;
let c: Client;
let events: string[];
const run = (...argv: string[]): Reply => c.execute(argv);
/** The reply as RESP2 bytes: compact to compare. */
const wire = (...argv: string[]): string => encodeReply(run(...argv), c.resp);
const int = (v: number) => ({ t: "int", v });
const bulk = (v: string) => ({ t: "bulk", v });
const error = (v: string) => ({ t: "error", v });
const NULL = { t: "null" };

/** Bulk strings (and doubles, formatted) of an array reply, in order. */
function flat(r: Reply): string[] {
  if (r.t !== "array") throw new Error(`not an array: ${JSON.stringify(r)}`);
  return r.v.flatMap((x) => (x.t === "array" ? flat(x) : x.t === "bulk" ? [x.v] : x.t === "double" ? [String(x.v)] : [JSON.stringify(x)]));
}
const enc = (key: string): Reply => run("OBJECT", "ENCODING", key);

beforeEach(() => {
  server = createServer();
  c = server.connect();
  events = [];
  server.onKeyChange((e) => events.push(`${e.event}:${e.key}`));
});

describe("ZADD and ZINCRBY", () => {
  it("adds, updates, counts changes with CH and reports zadd / zincr", () => {
    expect(run("ZADD", "z", "1", "a", "2", "b")).toEqual(int(2));
    expect(run("ZADD", "z", "1", "a", "3", "b", "4", "c")).toEqual(int(1));
    expect(run("ZADD", "z", "CH", "1", "a", "5", "b")).toEqual(int(1));
    expect(run("ZADD", "z", "1", "a")).toEqual(int(0));
    expect(run("ZINCRBY", "z", "2.5", "a")).toEqual({ t: "double", v: 3.5 });
    expect(flat(run("ZRANGE", "z", "0", "-1", "WITHSCORES"))).toEqual(["a", "3.5", "c", "4", "b", "5"]);
    // No change, no event: the fourth ZADD changed nothing.
    expect(events).toEqual(["zadd:z", "zadd:z", "zadd:z", "zincr:z"]);
  });

  it("honours NX, XX, GT, LT and INCR, with nil when INCR is aborted", () => {
    run("ZADD", "z", "5", "a");
    expect(run("ZADD", "z", "NX", "1", "a", "1", "b")).toEqual(int(1));
    expect(run("ZADD", "z", "XX", "9", "a", "9", "c")).toEqual(int(0));
    expect(run("ZSCORE", "z", "a")).toEqual({ t: "double", v: 9 });
    expect(run("ZADD", "z", "GT", "CH", "3", "a", "4", "b")).toEqual(int(1));
    expect(run("ZADD", "z", "LT", "CH", "10", "a", "0", "b")).toEqual(int(1));
    expect(run("ZADD", "z", "GT", "INCR", "-1", "a")).toEqual(NULL);
    expect(run("ZADD", "z", "NX", "INCR", "1", "a")).toEqual(NULL);
    expect(run("ZADD", "z", "XX", "INCR", "1", "missing")).toEqual(NULL);
    expect(run("ZADD", "z", "INCR", "inf", "a")).toEqual({ t: "double", v: Infinity });
    expect(run("ZADD", "z", "INCR", "-inf", "a")).toEqual(error("ERR resulting score is not a number (NaN)"));
    expect(run("ZSCORE", "z", "a")).toEqual({ t: "double", v: Infinity });
    expect(run("ZADD", "z", "NX", "XX", "1", "a")).toEqual(error("ERR XX and NX options at the same time are not compatible"));
    expect(run("ZADD", "z", "GT", "LT", "1", "a")).toEqual(error("ERR GT, LT, and/or NX options at the same time are not compatible"));
    expect(run("ZADD", "z", "INCR", "1", "a", "2", "b")).toEqual(error("ERR INCR option supports a single increment-element pair"));
    expect(run("ZADD", "z", "1", "a", "nan", "b")).toEqual(error("ERR value is not a valid float"));
    expect(run("ZADD", "z", "1", "a", "2")).toEqual(error("ERR syntax error"));
    expect(run("ZINCRBY", "z", "nx", "a")).toEqual(error("ERR syntax error"));
  });

  it("creates nothing with XX on a missing key, and rejects other types", () => {
    expect(run("ZADD", "z", "XX", "1", "a")).toEqual(int(0));
    expect(run("EXISTS", "z")).toEqual(int(0));
    run("SET", "s", "v");
    expect(run("ZADD", "s", "1", "a")).toEqual(error("WRONGTYPE Operation against a key holding the wrong kind of value"));
    expect(events).toEqual(["set:s"]);
  });

  it("prints scores as %.17g in RESP2 and as doubles in RESP3", () => {
    run("ZADD", "z", "1.1", "a", "inf", "b", "-0", "c");
    expect(wire("ZSCORE", "z", "a")).toBe("$18\r\n1.1000000000000001\r\n");
    expect(wire("ZSCORE", "z", "b")).toBe("$3\r\ninf\r\n");
    // A listpack stores -0 as 0 (Redis 7.0 writes listpack scores as text).
    expect(wire("ZSCORE", "z", "c")).toBe("$1\r\n0\r\n");
    run("HELLO", "3");
    expect(wire("ZSCORE", "z", "a")).toBe(",1.1000000000000001\r\n");
    expect(wire("ZRANGE", "z", "0", "0", "WITHSCORES")).toBe("*1\r\n*2\r\n$1\r\nc\r\n,0\r\n");
    expect(wire("ZPOPMIN", "z")).toBe("*2\r\n$1\r\nc\r\n,0\r\n");
    expect(wire("ZPOPMIN", "z", "1")).toBe("*1\r\n*2\r\n$1\r\na\r\n,1.1000000000000001\r\n");
  });
});

describe("encodings", () => {
  it("turns a listpack into a skiplist past either threshold, and never back", () => {
    run("CONFIG", "SET", "zset-max-listpack-entries", "3");
    run("CONFIG", "SET", "zset-max-listpack-value", "5");
    run("ZADD", "z", "1", "a", "2", "b", "3", "c");
    expect(enc("z")).toEqual(bulk("listpack"));
    run("ZADD", "z", "4", "d");
    expect(enc("z")).toEqual(bulk("skiplist"));
    run("ZREM", "z", "b", "c", "d");
    expect(enc("z")).toEqual(bulk("skiplist"));
    run("ZADD", "v", "1", "abcde");
    expect(enc("v")).toEqual(bulk("listpack"));
    run("ZADD", "v", "1", "abcdef");
    expect(enc("v")).toEqual(bulk("skiplist"));
    run("ZADD", "w", "1", "abcdefg");
    expect(enc("w")).toEqual(bulk("skiplist"));
  });

  it("keeps -0 in a skiplist", () => {
    run("CONFIG", "SET", "zset-max-listpack-entries", "0");
    run("ZADD", "z", "-0", "a");
    expect(enc("z")).toEqual(bulk("skiplist"));
    expect(wire("ZSCORE", "z", "a")).toBe("$2\r\n-0\r\n");
    // Equal scores (0 == -0) leave the element alone.
    expect(run("ZADD", "z", "CH", "0", "a")).toEqual(int(0));
    expect(wire("ZSCORE", "z", "a")).toBe("$2\r\n-0\r\n");
  });

  it("sizes store results as Redis does", () => {
    run("CONFIG", "SET", "zset-max-listpack-entries", "2");
    run("ZADD", "src", "1", "a", "2", "b", "3", "c");
    run("ZRANGESTORE", "d1", "src", "0", "1");
    expect(enc("d1")).toEqual(bulk("listpack"));
    run("ZRANGESTORE", "d2", "src", "0", "-1");
    expect(enc("d2")).toEqual(bulk("skiplist"));
    run("ZUNIONSTORE", "u", "1", "src");
    expect(enc("u")).toEqual(bulk("skiplist"));
    run("ZINTERSTORE", "i", "1", "src", "WEIGHTS", "2");
    expect(enc("i")).toEqual(bulk("skiplist"));
    run("ZDIFFSTORE", "df", "2", "src", "d1");
    expect(enc("df")).toEqual(bulk("listpack"));
    expect(flat(run("ZRANGE", "df", "0", "-1", "WITHSCORES"))).toEqual(["c", "3"]);
  });

  it("copies a sorted set with its encoding, sharing nothing", () => {
    run("CONFIG", "SET", "zset-max-listpack-entries", "1");
    run("ZADD", "z", "1", "a", "2", "b");
    run("COPY", "z", "y");
    expect(enc("y")).toEqual(bulk("skiplist"));
    run("ZADD", "y", "3", "c");
    expect(run("ZCARD", "z")).toEqual(int(2));
    expect(flat(run("ZRANGE", "y", "0", "-1"))).toEqual(["a", "b", "c"]);
  });
});

describe("ranges", () => {
  beforeEach(() => {
    run("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
  });

  it("by rank, score and lex, forward and reversed, with LIMIT", () => {
    expect(flat(run("ZRANGE", "z", "1", "-2"))).toEqual(["b", "c", "d"]);
    expect(flat(run("ZRANGE", "z", "0", "1", "REV"))).toEqual(["e", "d"]);
    expect(flat(run("ZRANGE", "z", "(1", "4", "BYSCORE", "LIMIT", "1", "2"))).toEqual(["c", "d"]);
    expect(flat(run("ZRANGE", "z", "4", "(1", "BYSCORE", "REV", "LIMIT", "0", "-1"))).toEqual(["d", "c", "b"]);
    expect(flat(run("ZRANGE", "z", "[b", "(e", "BYLEX"))).toEqual(["b", "c", "d"]);
    expect(flat(run("ZREVRANGEBYLEX", "z", "+", "[c", "LIMIT", "1", "1"))).toEqual(["d"]);
    expect(flat(run("ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "-1", "3"))).toEqual([]);
    expect(run("ZRANGE", "z", "0", "1", "LIMIT", "0", "1")).toEqual(
      error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"),
    );
    expect(run("ZRANGEBYLEX", "z", "-", "+", "WITHSCORES")).toEqual(error("ERR syntax error, WITHSCORES not supported in combination with BYLEX"));
    expect(run("ZRANGEBYSCORE", "z", "x", "1")).toEqual(error("ERR min or max is not a float"));
    expect(run("ZRANGEBYLEX", "z", "b", "+")).toEqual(error("ERR min or max not valid string range item"));
  });

  it("counts and removes ranges, deleting an emptied key", () => {
    expect(run("ZCOUNT", "z", "(1", "4")).toEqual(int(3));
    expect(run("ZLEXCOUNT", "z", "-", "(c")).toEqual(int(2));
    expect(run("ZREMRANGEBYRANK", "z", "0", "0")).toEqual(int(1));
    expect(run("ZREMRANGEBYSCORE", "z", "4", "+inf")).toEqual(int(2));
    expect(run("ZREMRANGEBYLEX", "z", "-", "+")).toEqual(int(2));
    expect(run("EXISTS", "z")).toEqual(int(0));
    expect(events.slice(-4)).toEqual(["zremrangebyrank:z", "zremrangebyscore:z", "zremrangebylex:z", "del:z"]);
  });

  it("stores ranges and deletes the destination for an empty one", () => {
    expect(run("ZRANGESTORE", "d", "z", "1", "2")).toEqual(int(2));
    expect(flat(run("ZRANGE", "d", "0", "-1", "WITHSCORES"))).toEqual(["b", "2", "c", "3"]);
    expect(run("ZRANGESTORE", "d", "z", "10", "20")).toEqual(int(0));
    expect(run("EXISTS", "d")).toEqual(int(0));
    expect(events.slice(1)).toEqual(["zrangestore:d", "del:d"]);
  });

  it("stays logarithmic on a big set: ranks and windows of a 200k-member set", () => {
    const argv = ["ZADD", "big"];
    for (let i = 0; i < 200_000; i++) argv.push(String(i % 1000), `m${String(i).padStart(6, "0")}`);
    expect(c.execute(argv)).toEqual(int(200_000));
    expect(enc("big")).toEqual(bulk("skiplist"));
    // Score 7 holds members m000007, m001007, ...; they come in member order.
    expect(flat(run("ZRANGEBYSCORE", "big", "7", "7", "LIMIT", "0", "3"))).toEqual(["m000007", "m001007", "m002007"]);
    expect(run("ZRANK", "big", "m001007")).toEqual(int(7 * 200 + 1));
    expect(run("ZREVRANK", "big", "m199999")).toEqual(int(0));
    expect(run("ZCOUNT", "big", "(10", "20")).toEqual(int(2000));
    expect(flat(run("ZRANGE", "big", "100000", "100001"))).toEqual(["m000500", "m001500"]);
    expect(run("ZREMRANGEBYRANK", "big", "1000", "150999")).toEqual(int(150_000));
    expect(run("ZCARD", "big")).toEqual(int(50_000));
    // Score 999 is the last group of 200 members, m000999 first among them.
    expect(run("ZRANK", "big", "m000999")).toEqual(int(49_800));
    expect(run("ZRANK", "big", "m199999")).toEqual(int(49_999));
    expect(run("ZRANK", "big", "m000004")).toEqual(int(800));
    expect(run("ZSCORE", "big", "m000005")).toEqual(NULL);
  });
});

describe("pops", () => {
  it("pops from either end, reports once, and deletes an emptied key", () => {
    run("ZADD", "z", "1", "a", "2", "b", "3", "c");
    expect(flat(run("ZPOPMIN", "z"))).toEqual(["a", "1"]);
    expect(flat(run("ZPOPMAX", "z", "5"))).toEqual(["c", "3", "b", "2"]);
    expect(run("EXISTS", "z")).toEqual(int(0));
    expect(events).toEqual(["zadd:z", "zpopmin:z", "zpopmax:z", "del:z"]);
    expect(run("ZPOPMIN", "z", "-1")).toEqual(error("ERR value is out of range, must be positive"));
  });

  it("ZMPOP names the key and nests pairs", () => {
    run("ZADD", "b", "1", "x", "2", "y");
    expect(run("ZMPOP", "2", "a", "b", "MAX", "COUNT", "5")).toEqual({
      t: "array",
      v: [bulk("b"), { t: "array", v: [{ t: "array", v: [bulk("y"), { t: "double", v: 2 }] }, { t: "array", v: [bulk("x"), { t: "double", v: 1 }] }] }],
    });
    expect(run("ZMPOP", "1", "a", "MIN")).toEqual({ t: "nullarray" });
    expect(run("ZMPOP", "0", "a", "MIN")).toEqual(error("ERR numkeys should be greater than 0"));
  });

  it("exports the pop body the blocking commands reuse", () => {
    run("ZADD", "z", "1", "a", "2", "b");
    const r = zsetPop(c, ["missing", "z"], "max", -1, { emitKey: true, nested: false, nilWhenEmpty: false });
    expect(r).toEqual({ t: "array", v: [bulk("z"), bulk("b"), { t: "double", v: 2 }] });
    run("SET", "s", "v");
    expect(zsetPop(c, ["s", "z"], "min", 1, { emitKey: true, nested: true, nilWhenEmpty: true }).t).toBe("error");
  });
});

describe("algebra", () => {
  it("weights, aggregates and mixes in plain sets", () => {
    run("ZADD", "z1", "1", "a", "2", "b");
    run("ZADD", "z2", "10", "b", "20", "c");
    run("SADD", "s", "b", "c");
    expect(flat(run("ZUNION", "3", "z1", "z2", "s", "WEIGHTS", "1", "2", "3", "WITHSCORES"))).toEqual(["a", "1", "b", "25", "c", "43"]);
    expect(flat(run("ZINTER", "2", "z1", "z2", "AGGREGATE", "MIN", "WITHSCORES"))).toEqual(["b", "2"]);
    expect(flat(run("ZDIFF", "2", "z1", "s", "WITHSCORES"))).toEqual(["a", "1"]);
    expect(run("ZINTERCARD", "2", "z2", "s", "LIMIT", "1")).toEqual(int(1));
    expect(run("ZUNIONSTORE", "u", "2", "z1", "z2")).toEqual(int(3));
    expect(events.slice(-1)).toEqual(["zunionstore:u"]);
    expect(run("ZUNION", "0", "z1")).toEqual(error("ERR at least 1 input key is needed for 'zunion' command"));
    expect(run("ZINTERSTORE", "u", "1", "z1", "WEIGHTS", "x")).toEqual(error("ERR weight value is not a float"));
  });

  it("adds inf and -inf to 0", () => {
    run("ZADD", "p", "inf", "a");
    run("ZADD", "q", "-inf", "a");
    expect(flat(run("ZUNION", "2", "p", "q", "WITHSCORES"))).toEqual(["a", "0"]);
  });
});

describe("ZRANDMEMBER and ZSCAN", () => {
  it("picks members of the set, distinct for a positive count", () => {
    run("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
    const members = new Set(["a", "b", "c", "d"]);
    for (let i = 0; i < 30; i++) {
      const distinct = flat(run("ZRANDMEMBER", "z", "3"));
      expect(new Set(distinct).size).toBe(3);
      for (const m of distinct) expect(members.has(m)).toBe(true);
      const repeated = flat(run("ZRANDMEMBER", "z", "-6"));
      expect(repeated).toHaveLength(6);
      for (const m of repeated) expect(members.has(m)).toBe(true);
    }
    expect(flat(run("ZRANDMEMBER", "z", "10", "WITHSCORES"))).toEqual(["d", "4", "c", "3", "b", "2", "a", "1"]);
  });

  it("scans a skiplist completely, COUNT at a time", () => {
    run("CONFIG", "SET", "zset-max-listpack-entries", "4");
    for (let i = 0; i < 50; i++) run("ZADD", "z", String(i), `m${i}`);
    const seen = new Map<string, string>();
    let cursor = "0";
    let pages = 0;
    do {
      const r = run("ZSCAN", "z", cursor, "COUNT", "7");
      if (r.t !== "array" || r.v[0].t !== "bulk") throw new Error("bad page");
      cursor = r.v[0].v;
      const items = flat(r.v[1]);
      for (let i = 0; i < items.length; i += 2) seen.set(items[i], items[i + 1]);
      pages++;
    } while (cursor !== "0");
    expect(pages).toBeGreaterThan(5);
    expect(seen.size).toBe(50);
    expect(seen.get("m42")).toBe("42");
  });
});

describe("API for other families", () => {
  it("zsetAdd reports what it did and converts as needed", () => {
    run("ZADD", "z", "5", "a");
    const o = server.dbs[0].dict.get("z");
    if (o?.type !== "zset") throw new Error("no zset");
    const limits = zsetLimits(server.config);
    expect(zsetAdd(o, 3, "a", ZADD_GT, limits).flags).toBe(ZADD_OUT_NOP);
    expect(zsetAdd(o, 7, "a", ZADD_GT, limits)).toEqual({ flags: ZADD_OUT_UPDATED, score: 7 });
    expect(zsetAdd(o, 1, "b", 0, { maxEntries: 1, maxValue: 64 })).toEqual({ flags: ZADD_OUT_ADDED, score: 1 });
    expect(o.enc).toBe("skiplist");
    expect([...o.value.fromScore(2)]).toEqual([["a", 7]]);
  });

  it("shows members in order to the inspector", () => {
    run("ZADD", "z", "2", "b", "1", "a");
    const view = inspectKey(server, 0, "z");
    expect(view?.value).toEqual({ type: "zset", entries: [["a", 1], ["b", 2]] });
  });
});

describe("argument parsing", () => {
  it("reads numbers as C's strtod does", () => {
    expect(strtod("0x1.8p1")).toEqual({ value: 3, end: 7, erange: false });
    expect(strtod("  -inFinity")).toEqual({ value: -Infinity, end: 11, erange: false });
    expect(strtod("1e")).toEqual({ value: 1, end: 1, erange: false });
    expect(strtod("x")).toEqual({ value: 0, end: 0, erange: false });
    expect(parseScore("0x10")).toBe(16);
    expect(parseScore("1e400")).toBeNull();
    expect(parseScore("1e-400")).toBeNull();
    expect(parseScore("4e-320")).toBe(4e-320);
    expect(parseScore(" 1")).toBeNull();
    expect(parseScore("nan")).toBeNull();
    expect(parseScoreRange("(1\x00junk", "1e400")).toEqual({ min: 1, max: Infinity, minex: true, maxex: false });
    expect(parseScoreRange("", "(")).toEqual({ min: 0, max: 0, minex: false, maxex: true });
    expect(parseScoreRange("1x", "2")).toBeNull();
    expect(parseLexRange("-", "+\x00")).toEqual({ min: LEX_MIN, max: LEX_MAX, minex: true, maxex: true });
    expect(parseLexRange("[a", "(b")).toEqual({ min: "a", max: "b", minex: false, maxex: true });
    expect(parseLexRange("a", "+")).toBeNull();
  });
});
