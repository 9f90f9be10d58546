/**
 * The hash family against a real redis-server 7.0: replies, errors, listpack order and the
 * listpack → hashtable conversions (OBJECT ENCODING is read after every write that may
 * convert). Hashtable order and random picks are the only things normalised.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case } from "../support/differential";
import { decodeReply } from "../support/resp-client";
import { exemptions } from "./exemptions";
import type { Reply } from "../../engine/reply";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
});
afterAll(async () => d?.stop());
/** Thresholds a test lowered are put back (FLUSHALL does not reset the configuration). */
const DEFAULT_THRESHOLDS = ["CONFIG", "SET", "hash-max-listpack-entries", "512", "hash-max-listpack-value", "64"];
beforeEach(async () => {
  await d.reset();
  await d.compare([DEFAULT_THRESHOLDS]);
});

async function check(cases: readonly (Case | string[])[]): Promise<void> {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
}

const enc = (key: string): string[] => ["OBJECT", "ENCODING", key];
/** Each write followed by OBJECT ENCODING of its key. */
const withEnc = (cmds: string[][]): string[][] => cmds.flatMap((c) => [c, enc(c[1])]);

const BIN = "\x00\r\n\xff\x80a";
const UTF8 = Buffer.from("héllo 日本語 😀", "utf8").toString("latin1");
const LONG = "x".repeat(65);
const HELLO3: Case = { cmd: ["HELLO", "3"], norm: exemptions.hello };

describe("HSET, HMSET, HSETNX, HGET, HMGET", () => {
  it("sets and reads fields, binary safe, and counts new fields", async () => {
    await check([
      ["HSET", "h", "a", "1", "b", "2"],
      ["HSET", "h", "a", "10", "c", "3", "a", "11"],
      ["HGET", "h", "a"],
      ["HGET", "h", "nofield"],
      ["HGET", "nokey", "a"],
      ["HSET", "h", BIN, UTF8, "", ""],
      ["HGET", "h", BIN],
      ["HGET", "h", ""],
      ["HMGET", "h", "a", "nofield", BIN, "", "c"],
      ["HMGET", "nokey", "a", "b"],
      ["HMSET", "h", "d", "4"],
      ["HMSET", "h", "d", "5", "e", "6"],
      ["HGETALL", "h"],
      ["HSETNX", "h", "a", "99"],
      ["HSETNX", "h", "z", "26"],
      ["HSETNX", "new", "f", "v"],
      ["HGETALL", "new"],
      ["HGET", "h", "z"],
      ["HLEN", "h"],
      ["HLEN", "nokey"],
    ]);
  });

  it("checks arity, including an odd number of field/value arguments", async () => {
    await check([
      ["HSET", "h"],
      ["HSET", "h", "a"],
      ["HSET", "h", "a", "1", "b"],
      ["HMSET", "h", "a"],
      ["HMSET", "h", "a", "1", "b"],
      ["HSETNX", "h", "a"],
      ["HSETNX", "h", "a", "1", "2"],
      ["HGET", "h"],
      ["HMGET", "h"],
      ["HDEL", "h"],
      ["HLEN"],
      ["HSTRLEN", "h"],
      ["HEXISTS", "h"],
      ["HINCRBY", "h", "a"],
      ["HINCRBYFLOAT", "h", "a"],
      ["HKEYS"],
      ["HVALS", "h", "x"],
      ["HGETALL"],
      ["HRANDFIELD"],
      ["HSCAN", "h"],
      ["EXISTS", "h"],
    ]);
  });

  it("answers WRONGTYPE for every command on a string", async () => {
    await check([
      ["SET", "s", "v"],
      ["HSET", "s", "a", "1"],
      ["HMSET", "s", "a", "1"],
      ["HSETNX", "s", "a", "1"],
      ["HGET", "s", "a"],
      ["HMGET", "s", "a"],
      ["HDEL", "s", "a"],
      ["HLEN", "s"],
      ["HSTRLEN", "s", "a"],
      ["HEXISTS", "s", "a"],
      ["HINCRBY", "s", "a", "1"],
      ["HINCRBY", "s", "a", "x"],
      ["HINCRBYFLOAT", "s", "a", "1.5"],
      ["HINCRBYFLOAT", "s", "a", "x"],
      ["HINCRBYFLOAT", "s", "a", "inf"],
      ["HKEYS", "s"],
      ["HVALS", "s"],
      ["HGETALL", "s"],
      ["HRANDFIELD", "s"],
      ["HRANDFIELD", "s", "2"],
      ["HRANDFIELD", "s", "x"],
      ["HSCAN", "s", "0"],
      ["HSCAN", "s", "x"],
      ["HSCAN", "s", "0", "COUNT", "0"],
      ["GET", "s"],
      ["HSET", "h", "a", "1"],
      ["GET", "h"],
      ["INCR", "h"],
      ["TYPE", "h"],
    ]);
  });
});

describe("HDEL, HLEN, HSTRLEN, HEXISTS", () => {
  it("deletes fields, removes the key with its last field, and measures values", async () => {
    await check([
      ["HSET", "h", "a", "1", "b", "hello", "c", "-123", "d", ""],
      ["HSTRLEN", "h", "a"],
      ["HSTRLEN", "h", "b"],
      ["HSTRLEN", "h", "c"],
      ["HSTRLEN", "h", "d"],
      ["HSTRLEN", "h", "nofield"],
      ["HSTRLEN", "nokey", "a"],
      ["HEXISTS", "h", "a"],
      ["HEXISTS", "h", "zz"],
      ["HEXISTS", "nokey", "a"],
      ["HDEL", "h", "a", "a", "zz"],
      ["HDEL", "nokey", "a"],
      ["HGETALL", "h"],
      ["HDEL", "h", "b", "c", "d", "e"],
      ["EXISTS", "h"],
      ["HLEN", "h"],
      ["HSET", "h", "x", "1"],
      ["HDEL", "h", "x", "x"],
      ["EXISTS", "h"],
    ]);
  });
});

describe("HINCRBY and HINCRBYFLOAT", () => {
  it("adds integers with Redis' errors for bad values and overflow", async () => {
    await check([
      ["HINCRBY", "h", "n", "5"],
      ["HINCRBY", "h", "n", "-7"],
      ["HINCRBY", "h", "n", "0"],
      ["HSET", "h", "s", "abc", "z", "007", "sp", " 5", "f", "1.5", "e", "", "neg0", "-0", "big", "9223372036854775807"],
      ["HINCRBY", "h", "s", "1"],
      ["HINCRBY", "h", "z", "1"],
      ["HINCRBY", "h", "sp", "1"],
      ["HINCRBY", "h", "f", "1"],
      ["HINCRBY", "h", "e", "1"],
      ["HINCRBY", "h", "neg0", "1"],
      ["HINCRBY", "h", "big", "1"],
      ["HINCRBY", "h", "big", "-1"],
      ["HINCRBY", "h", "big", "-9223372036854775807"],
      ["HINCRBY", "h", "big", "-9223372036854775807"],
      ["HINCRBY", "h", "big", "-9223372036854775807"],
      ["HINCRBY", "h", "n", "x"],
      ["HINCRBY", "h", "n", "1.0"],
      ["HINCRBY", "h", "n", "9223372036854775808"],
      ["HINCRBY", "h", "n", "-9223372036854775808"],
      ["HINCRBY", "h", "n", ""],
      ["HINCRBY", "nokey", "n", "x"],
      ["EXISTS", "nokey"],
      ["HGETALL", "h"],
    ]);
  });

  it("adds floats in long double, refusing NaN and infinity", async () => {
    await check([
      ["HINCRBYFLOAT", "h", "f", "10.5"],
      ["HINCRBYFLOAT", "h", "f", "0.1"],
      ["HINCRBYFLOAT", "h", "f", "-5.0e3"],
      ["HINCRBYFLOAT", "h", "f", "1e-17"],
      ["HINCRBYFLOAT", "h", "g", "3"],
      ["HINCRBYFLOAT", "h", "h", "0x10"],
      ["HINCRBYFLOAT", "h", "f", "inf"],
      ["HINCRBYFLOAT", "h", "f", "-inf"],
      ["HINCRBYFLOAT", "h", "f", "nan"],
      ["HINCRBYFLOAT", "h", "f", "abc"],
      ["HINCRBYFLOAT", "h", "f", " 1"],
      ["HINCRBYFLOAT", "h", "f", "1e5000"],
      ["HINCRBYFLOAT", "new", "f", "inf"],
      ["EXISTS", "new"],
      ["HSET", "h", "s", "abc", "i", "inf", "big", "1e4932", "sp", "1 "],
      ["HINCRBYFLOAT", "h", "s", "1"],
      ["HINCRBYFLOAT", "h", "i", "1"],
      ["HINCRBYFLOAT", "h", "big", "1e4932"],
      ["HINCRBYFLOAT", "h", "sp", "1"],
      ["HSET", "h", "int", "17"],
      ["HINCRBYFLOAT", "h", "int", "0.5"],
      ["HINCRBY", "h", "int", "1"],
      ["HINCRBYFLOAT", "h", "int", "-0.5"],
      ["HINCRBY", "h", "int", "1"],
      ["HGETALL", "h"],
    ]);
  });
});

describe("HGETALL, HKEYS, HVALS", () => {
  it("reply in listpack order: updates keep their place, new fields go last, deletes close the gap", async () => {
    const cases: (Case | string[])[] = [
      ["HSET", "h", "c", "3", "a", "1", "b", "2"],
      ["HSET", "h", "a", "one", "d", "4"],
      ["HDEL", "h", "c"],
      ["HSET", "h", "c", "again"],
      ["HINCRBY", "h", "b", "40"],
      ["HGETALL", "h"],
      ["HKEYS", "h"],
      ["HVALS", "h"],
      ["HGETALL", "nokey"],
      ["HKEYS", "nokey"],
      ["HVALS", "nokey"],
    ];
    // The same under RESP3, where HGETALL is a map.
    await check([...cases, HELLO3, ["HGETALL", "h"], ["HKEYS", "h"], ["HGETALL", "nokey"], ["HKEYS", "nokey"]]);
  });

  it("reply with every pair of a hashtable (in Redis' arbitrary order, normalised)", async () => {
    const args: string[] = [];
    for (let i = 0; i < 600; i++) args.push(`f${i}`, `v${i}`);
    await check([
      ["HSET", "big", ...args],
      enc("big"),
      ["HLEN", "big"],
      { cmd: ["HGETALL", "big"], norm: exemptions.unorderedPairs },
      { cmd: ["HKEYS", "big"], norm: exemptions.unordered },
      { cmd: ["HVALS", "big"], norm: exemptions.unordered },
      HELLO3,
      { cmd: ["HGETALL", "big"], norm: exemptions.unorderedPairs },
    ]);
  });
});

describe("encodings", () => {
  it("convert when the entry count passes hash-max-listpack-entries, and never back", async () => {
    await check([
      ["CONFIG", "SET", "hash-max-listpack-entries", "3"],
      ...withEnc([
        ["HSET", "h", "a", "1", "b", "2", "c", "3"],
        ["HSET", "h", "a", "x"],
        ["HSET", "h", "d", "4"],
        ["HDEL", "h", "a", "b", "c"],
        ["HSET", "dup", "a", "1", "a", "2", "a", "3", "a", "4", "a", "5"],
        ["HSET", "n", "a", "1", "b", "2", "c", "3", "d", "4"],
        ["HSETNX", "m", "a", "1"],
        ["HSETNX", "m", "b", "1"],
        ["HSETNX", "m", "c", "1"],
        ["HSETNX", "m", "d", "1"],
        ["HINCRBY", "i", "a", "1"],
        ["HINCRBY", "i", "b", "1"],
        ["HINCRBY", "i", "c", "1"],
        ["HINCRBYFLOAT", "i", "d", "1.5"],
      ]),
      ["HGETALL", "dup"],
      ["CONFIG", "SET", "hash-max-listpack-entries", "0"],
      ...withEnc([["HSET", "z", "a", "1"], ["HSETNX", "z2", "a", "1"], ["HINCRBY", "z3", "a", "1"]]),
      ["CONFIG", "SET", "hash-max-listpack-entries", "512"],
      ...withEnc([["HDEL", "h", "d"], ["HSET", "h", "q", "1"]]),
    ]);
  });

  it("convert when a field or value passes hash-max-listpack-value, checked as Redis checks", async () => {
    await check([
      ["CONFIG", "SET", "hash-max-listpack-value", "4"],
      ...withEnc([
        ["HSET", "a", "f", "1234"],
        ["HSET", "a", "f", "12345"],
        ["HSET", "b", "12345", "1"],
        ["HSET", "c", "f", "1", "g", "12345"],
        // A long value that is overwritten in the same call still converted first.
        ["HSET", "d", "f", "12345", "f", "1"],
        ["HSETNX", "e", "f", "1"],
        // HSETNX on an existing field: nothing is written, nothing checked.
        ["HSETNX", "e", "f", "12345"],
        ["HSETNX", "e", "12345", "1"],
        ["HSET", "g", "f", "1"],
        ["HINCRBY", "g", "fffff", "1"],
        ["HSET", "i", "f", "9999"],
        ["HINCRBY", "i", "f", "1"],
        ["HSET", "j", "f", "1"],
        ["HINCRBYFLOAT", "j", "f", "0.25"],
        ["HSET", "k", "f", "1"],
        ["HINCRBYFLOAT", "k", "f", "0.5"],
        ["HSET", "l", "f", "1"],
        ["HDEL", "l", "ffffffffffff"],
        ["HGET", "l", "ffffffffffff"],
      ]),
      { cmd: ["HGETALL", "c"], norm: exemptions.unorderedPairs },
    ]);
  });

  it("follow CONFIG SET of the thresholds and of their ziplist aliases", async () => {
    await check([
      ["CONFIG", "SET", "hash-max-ziplist-entries", "2"],
      ["CONFIG", "GET", "hash-max-listpack-entries"],
      ...withEnc([["HSET", "h", "a", "1", "b", "2"], ["HSET", "h", "c", "3"]]),
      ["CONFIG", "SET", "hash-max-ziplist-value", "1"],
      ["CONFIG", "GET", "hash-max-listpack-value"],
      ...withEnc([["HSET", "v", "a", "1"], ["HSET", "v", "a", "12"]]),
      ["CONFIG", "SET", "hash-max-listpack-value", "64", "hash-max-listpack-entries", "128"],
      ...withEnc([["HSET", "w", "a", LONG]]),
    ]);
  });

  it("COPY keeps the encoding; RENAME and MOVE keep the object", async () => {
    await check([
      ["CONFIG", "SET", "hash-max-listpack-entries", "2"],
      ["HSET", "small", "a", "1"],
      ["HSET", "big", "a", "1", "b", "2", "c", "3"],
      ["COPY", "small", "small2"],
      ["COPY", "big", "big2"],
      enc("small2"),
      enc("big2"),
      ["HGETALL", "small2"],
      ["HSET", "small2", "z", "9"],
      ["HGETALL", "small"],
      ["HGETALL", "small2"],
      ["RENAME", "big2", "big3"],
      enc("big3"),
      ["HLEN", "big3"],
      ["MOVE", "small", "1"],
      ["TYPE", "small"],
      ["SELECT", "1"],
      enc("small"),
      ["TYPE", "small"],
      ["HGETALL", "small"],
    ]);
  });
});

describe("HSCAN", () => {
  it("returns a listpack whole in one call with cursor 0, filtered by MATCH", async () => {
    await check([
      ["HSET", "h", "f1", "v1", "f2", "v2", "g3", "v3", BIN, UTF8],
      ["HSCAN", "h", "0"],
      ["HSCAN", "h", "17"],
      ["HSCAN", "h", "0", "COUNT", "1"],
      ["HSCAN", "h", "0", "MATCH", "f*"],
      ["HSCAN", "h", "0", "match", "*3", "count", "100"],
      ["HSCAN", "h", "0", "MATCH", "*"],
      ["HSCAN", "h", "0", "MATCH", "nothing"],
      ["HSCAN", "h", "0", "MATCH", "f*", "MATCH", "g*"],
      ["HSCAN", "h", "0", "COUNT\x00junk", "5"],
      ["HSCAN", "h", "-1"],
      ["HSCAN", "h", "18446744073709551615"],
      ["HSCAN", "h", ""],
    ]);
  });

  it("parses the cursor, then looks up the key, then parses the options", async () => {
    await check([
      ["HSET", "h", "f", "v"],
      ["HSCAN", "h", "x"],
      ["HSCAN", "h", " 1"],
      ["HSCAN", "h", "18446744073709551616"],
      ["HSCAN", "nokey", "x"],
      ["HSCAN", "nokey", "0", "COUNT", "0"],
      ["HSCAN", "nokey", "0", "BOGUS"],
      ["HSCAN", "h", "0", "COUNT", "0"],
      ["HSCAN", "h", "0", "COUNT", "-1"],
      ["HSCAN", "h", "0", "COUNT", "x"],
      ["HSCAN", "h", "0", "COUNT"],
      ["HSCAN", "h", "0", "MATCH"],
      ["HSCAN", "h", "0", "TYPE", "string"],
      ["HSCAN", "h", "0", "NOVALUES"],
      ["HSCAN", "h", "0", "BOGUS", "1"],
    ]);
  });

  it("walks a hashtable with a cursor and visits every pair exactly once", async () => {
    const args: string[] = [];
    for (let i = 0; i < 300; i++) args.push(`f${i}`, `v${i}`);
    await check([["HSET", "big", ...args], enc("big")]);
    const s = await d.session();
    const walk = async (call: (argv: string[]) => Promise<Reply>, extra: string[]) => {
      const seen = new Map<string, string>();
      let cursor = "0";
      let calls = 0;
      do {
        const r = await call(["HSCAN", "big", cursor, ...extra]);
        if (r.t !== "array" || r.v[0].t !== "bulk" || r.v[1].t !== "array") throw new Error(JSON.stringify(r));
        cursor = r.v[0].v;
        const items = r.v[1].v.map((x) => (x.t === "bulk" ? x.v : "?"));
        for (let i = 0; i < items.length; i += 2) {
          expect(seen.has(items[i])).toBe(false);
          seen.set(items[i], items[i + 1]);
        }
        calls++;
      } while (cursor !== "0" && calls < 10_000);
      return [...seen.entries()].sort();
    };
    const real = async (argv: string[]) => decodeReply((await s.real.call(...argv)).bytes, 0)!.reply;
    const engine = async (argv: string[]) => s.engine.execute(argv);
    for (const extra of [[], ["COUNT", "7"], ["COUNT", "1000"], ["MATCH", "f1*", "COUNT", "3"]]) {
      const a = await walk(engine, extra);
      const b = await walk(real, extra);
      expect(a).toEqual(b);
      expect(a.length).toBe(extra[0] === "MATCH" ? 111 : 300);
    }
  });
});

describe("HRANDFIELD", () => {
  it("parses the count and WITHVALUES before looking up the key", async () => {
    await check([
      ["HSET", "h", "a", "1", "b", "2"],
      ["HRANDFIELD", "h", "x"],
      ["HRANDFIELD", "h", "1.5"],
      ["HRANDFIELD", "h", ""],
      ["HRANDFIELD", "h", "-9223372036854775808"],
      ["HRANDFIELD", "h", "9223372036854775808"],
      ["HRANDFIELD", "h", "4611686018427387904", "WITHVALUES"],
      ["HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES"],
      ["HRANDFIELD", "h", "1", "WITHSCORES"],
      ["HRANDFIELD", "h", "1", "WITHVALUES", "x"],
      ["HRANDFIELD", "nokey", "x"],
      ["HRANDFIELD", "nokey", "1", "x"],
      ["HRANDFIELD", "nokey"],
      ["HRANDFIELD", "nokey", "5"],
      ["HRANDFIELD", "nokey", "-5", "WITHVALUES"],
      ["HRANDFIELD", "h", "0"],
      ["HRANDFIELD", "h", "0", "WITHVALUES"],
    ]);
  });

  it("returns the whole listpack in order when the count covers it", async () => {
    const cases: (Case | string[])[] = [
      ["HSET", "h", "c", "3", "a", "1", "b", "2"],
      ["HRANDFIELD", "h", "3"],
      ["HRANDFIELD", "h", "100", "WITHVALUES"],
      ["HRANDFIELD", "h", "9223372036854775807"],
      ["HRANDFIELD", "h", "4611686018427387903", "withvalues\x00junk"],
      ["HSET", "one", "only", "1"],
      ["HRANDFIELD", "one"],
      ["HRANDFIELD", "one", "1", "WITHVALUES"],
      ["HRANDFIELD", "one", "-3", "WITHVALUES"],
      ["HRANDFIELD", "one", "-3"],
    ];
    await check([...cases, HELLO3, ...cases.slice(1)]);
  });

  it("samples with the right shape (which elements come back is random)", async () => {
    const args: string[] = [];
    for (let i = 0; i < 40; i++) args.push(`f${i}`, `v${i}`);
    const sample = (argv: string[]): Case => ({ cmd: argv, norm: exemptions.randomSample });
    const cases: (Case | string[])[] = [
      sample(["HRANDFIELD", "h"]),
      sample(["HRANDFIELD", "h", "1"]),
      sample(["HRANDFIELD", "h", "5"]),
      sample(["HRANDFIELD", "h", "30"]),
      sample(["HRANDFIELD", "h", "5", "WITHVALUES"]),
      sample(["HRANDFIELD", "h", "30", "WITHVALUES"]),
      sample(["HRANDFIELD", "h", "-100"]),
      sample(["HRANDFIELD", "h", "-100", "WITHVALUES"]),
      sample(["HRANDFIELD", "h", "1", "WITHVALUES"]),
    ];
    await check([
      ["HSET", "h", ...args],
      ...cases,
      ["CONFIG", "SET", "hash-max-listpack-entries", "10"],
      ["HSET", "h", "x", "y"],
      enc("h"),
      ...cases,
      { cmd: ["HRANDFIELD", "h", "41", "WITHVALUES"], norm: exemptions.unorderedPairs },
      { cmd: ["HRANDFIELD", "h", "1000"], norm: exemptions.unordered },
      HELLO3,
      ...cases,
      { cmd: ["HRANDFIELD", "h", "41", "WITHVALUES"], norm: exemptions.unordered },
    ]);
  });
});
