/**
 * Differential tests for the sorted set family: the same scripts on the engine and on a real
 * redis-server 7.0.15, compared as RESP bytes. Sorted set order is deterministic in both
 * encodings and compared exactly (and OBJECT ENCODING wherever thresholds are in play); only
 * random picks and skiplist ZSCAN pages use the exemptions named at each case.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case } from "../support/differential";
import { decodeReply } from "../support/resp-client";
import { exemptions } from "./exemptions";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
});
afterAll(async () => d?.stop());
beforeEach(async () => {
  await d.reset();
  // FLUSHALL does not undo CONFIG SET: put the thresholds back for every test.
  await expectSame([
    ["CONFIG", "SET", "zset-max-listpack-entries", "128"],
    ["CONFIG", "SET", "zset-max-listpack-value", "64"],
  ]);
});

async function expectSame(cases: (Case | string[])[]): Promise<void> {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
}
const enc = (key: string): string[] => ["OBJECT", "ENCODING", key];
const resp3 = (cmd: string[]): Case => ({ cmd, client: "r3" });
const utf8 = (s: string) => Buffer.from(s, "utf8").toString("latin1");
const BIN = "a\0b\r\nc\xff\x80";
const EMOJI = utf8("😀");
const CAFE = utf8("café");

/** Runs the same script under RESP2 (client "main") and RESP3 (client "r3"). */
async function bothProtocols(cmds: string[][]): Promise<void> {
  await expectSame([{ cmd: ["HELLO", "3"], client: "r3", norm: exemptions.hello }]);
  await expectSame(cmds);
  await expectSame(cmds.map(resp3));
}

describe("ZADD", () => {
  it("adds, updates and answers every option combination as Redis does", async () => {
    await expectSame([
      ["ZADD", "k", "nx", "xx", "1", "a"],
      ["ZADD", "k", "nx", "gt", "1", "a"],
      ["ZADD", "k", "gt", "lt", "1", "a"],
      ["ZADD", "k", "xx", "gt", "lt", "1", "a"],
      ["ZADD", "k", "lt", "nx", "1", "a"],
      ["ZADD", "k", "incr", "1", "a", "2", "b"],
      ["ZADD", "k", "incr", "nx", "xx", "1", "a"],
      ["ZADD", "k", "1"],
      ["ZADD", "k", "nx"],
      ["ZADD", "k", "x", "a"],
      ["ZADD", "k", "1", "a", "x", "b"],
      ["ZADD", "k", "nx", "xx", "x", "a"],
      ["ZADD", "k", "incr", "x", "a", "1", "b"],
      ["ZADD", "k", "foo", "1", "a"],
      ["ZADD", "k", "1", "a", "2"],
      ["EXISTS", "k"],
      ["ZADD", "k", "xx", "1", "a"],
      ["ZADD", "k", "xx", "incr", "1", "a"],
      ["EXISTS", "k"],
      ["ZADD", "k", "ch", "1", "a", "2", "b"],
      ["ZADD", "k", "ch", "1", "a", "3", "b", "4", "c"],
      ["ZADD", "k", "CH", "GT", "0", "a", "5", "b"],
      ["ZADD", "k", "lt", "ch", "0", "a", "6", "b"],
      ["ZADD", "k", "gt", "incr", "-1", "a"],
      ["ZADD", "k", "lt", "incr", "-1", "a"],
      ["ZADD", "k", "nx", "incr", "1", "a"],
      ["ZADD", "k", "nx", "incr", "1", "new"],
      ["ZADD", "k", "xx", "incr", "1", "zz"],
      ["ZADD", "k", "xx", "ch", "7", "a", "8", "nope"],
      ["ZADD", "k", "incr", "inf", "a"],
      ["ZADD", "k", "incr", "-inf", "a"],
      ["ZADD", "k", "incr", "0", "a"],
      ["ZADD", "k", "gt", "xx", "ch", "1", "c", "9", "b"],
      ["ZRANGE", "k", "0", "-1", "WITHSCORES"],
      ["ZINCRBY", "k", "x", "a"],
      ["ZINCRBY", "k", "nx", "a"],
      ["ZINCRBY", "k", "1", "nx"],
      ["ZINCRBY", "k", "2.5", "b"],
      ["ZINCRBY", "k", "-inf", "c"],
      ["ZINCRBY", "k", "inf", "c"],
      ["ZINCRBY", "new", "1e-300", "m"],
      ["ZRANGE", "k", "0", "-1", "WITHSCORES"],
      ["ZRANGE", "new", "0", "-1", "WITHSCORES"],
    ]);
  });

  it("parses scores with strtod's rules and keeps every double exactly", async () => {
    const scores = [
      "0x10", "0x1p3", "0x1.8p1", "0x", "1e400", "-1e400", "1e-400", "1e-310", "5e-324", " 1", "1 ", "inf", "+inf", "-INF",
      "infinity", "-Infinity", "nan", "NaN", "+5", ".5e1", "5.", "1_0", "", "1e", "00012", "-0", "-0.0", "0.1", "1.1",
      "3.141592653589793", "1e17", "123456789012345678", "9007199254740993", "1e308", "-1.7976931348623157e308", "1\x002",
    ];
    await expectSame(scores.flatMap((s, i) => [["ZADD", "z", s, `m${i}`], ["ZSCORE", "z", `m${i}`]]));
    await expectSame([["ZRANGE", "z", "0", "-1", "WITHSCORES"], enc("z")]);
  });

  it("keeps binary members and orders equal scores by bytes", async () => {
    await expectSame([
      ["ZADD", "b", "0", BIN, "0", EMOJI, "0", CAFE, "0", "", "0", "a", "0", "A", "0", "\xff", "0", "\x00", "0", "ab", "0", "a\x00"],
      ["ZRANGE", "b", "0", "-1"],
      ["ZRANK", "b", BIN],
      ["ZSCORE", "b", ""],
      ["ZRANGEBYLEX", "b", "-", "+"],
      ["ZRANGEBYLEX", "b", "[a", "(b"],
      ["ZRANGEBYLEX", "b", `(${BIN}`, "+"],
      ["ZLEXCOUNT", "b", "[\x00", "[\xff"],
    ]);
  });

  it("answers WRONGTYPE only after the arguments parse", async () => {
    await expectSame([
      ["SET", "s", "v"],
      ["ZADD", "s", "1", "a"],
      ["ZADD", "s", "x", "a"],
      ["ZADD", "s", "nx", "xx", "1", "a"],
      ["ZADD", "s", "xx", "1", "a"],
      ["ZINCRBY", "s", "1", "a"],
      ["ZREM", "s", "a"],
      ["ZCARD", "s"],
      ["ZSCORE", "s", "a"],
      ["ZMSCORE", "s", "a"],
      ["ZRANK", "s", "a"],
      ["ZREVRANK", "s", "a"],
      ["ZRANGE", "s", "0", "1"],
      ["ZRANGE", "s", "x", "1"],
      ["ZRANGESTORE", "d", "s", "0", "1"],
      ["ZCOUNT", "s", "0", "1"],
      ["ZCOUNT", "s", "x", "1"],
      ["ZLEXCOUNT", "s", "-", "+"],
      ["ZREMRANGEBYRANK", "s", "0", "1"],
      ["ZREMRANGEBYSCORE", "s", "0", "1"],
      ["ZREMRANGEBYLEX", "s", "-", "+"],
      ["ZPOPMIN", "s"],
      ["ZPOPMAX", "s", "2"],
      ["ZMPOP", "1", "s", "MIN"],
      ["ZRANDMEMBER", "s"],
      ["ZRANDMEMBER", "s", "2"],
      ["ZSCAN", "s", "0"],
      ["ZUNION", "2", "s", "nokey"],
      ["ZINTERCARD", "1", "s"],
      ["LPUSH", "l", "a"],
      ["ZADD", "l", "1", "a"],
      ["GET", "s"],
    ]);
  });
});

describe("encodings", () => {
  it("converts to skiplist exactly where Redis 7.0 does, and never back", async () => {
    await expectSame([
      ["CONFIG", "SET", "zset-max-listpack-entries", "2"],
      ["CONFIG", "SET", "zset-max-listpack-value", "4"],
      ["ZADD", "a", "1", "x", "1", "x", "1", "x"],
      enc("a"),
      ["ZADD", "a", "2", "y"],
      enc("a"),
      ["ZADD", "a", "3", "z"],
      enc("a"),
      ["ZREM", "a", "y", "z"],
      enc("a"),
      ["ZADD", "b", "1", "long1"],
      enc("b"),
      ["ZADD", "c", "1", "abcd", "2", "abcde"],
      enc("c"),
      ["ZADD", "e", "1", "ab"],
      ["ZINCRBY", "e", "1", "abcde"],
      enc("e"),
      ["ZADD", "f", "xx", "1", "abcdefgh"],
      enc("f"),
      ["CONFIG", "SET", "zset-max-ziplist-entries", "0"],
      ["ZADD", "g", "1", "a"],
      enc("g"),
      ["CONFIG", "SET", "zset-max-ziplist-entries", "128"],
      { cmd: ["CONFIG", "GET", "zset-max-listpack-*"], norm: exemptions.unorderedPairs },
    ]);
  });

  it("keeps -0 in a skiplist and turns it into 0 in a listpack", async () => {
    await expectSame([
      ["ZADD", "lp", "-0", "a", "1", "b"],
      ["ZSCORE", "lp", "a"],
      ["ZADD", "lp", "incr", "-0", "c"],
      ["ZINCRBY", "lp", "-0", "d"],
      ["ZRANGE", "lp", "0", "-1", "WITHSCORES"],
      ["ZSCAN", "lp", "0"],
      ["CONFIG", "SET", "zset-max-listpack-entries", "0"],
      ["ZADD", "sl", "-0", "a", "1.5", "b"],
      enc("sl"),
      ["ZSCORE", "sl", "a"],
      ["ZADD", "sl", "0", "a"],
      ["ZSCORE", "sl", "a"],
      ["ZINCRBY", "sl", "-0", "a"],
      ["ZADD", "sl", "0", "z"],
      ["ZRANGE", "sl", "0", "-1", "WITHSCORES"],
      { cmd: ["ZSCAN", "sl", "0", "COUNT", "100"], norm: exemptions.scanPairsPage },
      ["CONFIG", "SET", "zset-max-listpack-entries", "2"],
      ["ZADD", "src", "1", "b", "2", "c"],
      ["ZRANGESTORE", "d1", "sl", "0", "-1"],
      enc("d1"),
      ["ZSCORE", "d1", "a"],
      ["ZRANGESTORE", "d2", "sl", "-inf", "+inf", "BYSCORE"],
      enc("d2"),
      ["ZSCORE", "d2", "a"],
      ["ZRANGESTORE", "d3", "sl", "0", "0"],
      enc("d3"),
      ["ZSCORE", "d3", "a"],
      ["ZUNIONSTORE", "u", "1", "sl"],
      enc("u"),
      ["ZSCORE", "u", "a"],
      ["ZUNIONSTORE", "u2", "1", "sl", "WEIGHTS", "-1"],
      ["ZRANGE", "u2", "0", "-1", "WITHSCORES"],
      ["ZINTERSTORE", "i", "2", "sl", "src"],
      enc("i"),
      ["ZRANGESTORE", "d4", "sl", "-inf", "+inf", "BYSCORE", "LIMIT", "0", "2"],
      enc("d4"),
    ]);
  });
});

describe("ZRANGE family", () => {
  it("answers every option and its errors as Redis does", async () => {
    await expectSame([
      ["ZADD", "k", "1", "a", "2", "b", "3", "c", "4", "d", "4", "e", "5", "f"],
      ["ZRANGE", "k", "0", "-1", "limit", "0", "1"],
      ["ZRANGE", "k", "0", "-1", "limit", "0", "-1"],
      ["ZRANGE", "k", "0", "-1", "bylex", "withscores"],
      ["ZRANGE", "k", "a", "b", "bylex"],
      ["ZRANGE", "k", "x", "y"],
      ["ZRANGE", "k", "x", "y", "byscore"],
      ["ZRANGE", "k", "0", "1", "byscore", "limit", "x", "1"],
      ["ZRANGE", "k", "0", "1", "limit", "x", "1"],
      ["ZRANGE", "k", "0", "1", "byscore", "bylex"],
      ["ZRANGE", "k", "0", "1", "rev", "rev"],
      ["ZRANGE", "k", "0", "1", "limit", "0"],
      ["ZRANGE", "k", "0", "1", "withscores", "withscores"],
      ["ZRANGE", "k", "0", "1", "foo"],
      ["ZRANGE", "nokey", "x", "y"],
      ["ZRANGE", "nokey", "0", "1"],
      ["ZRANGE", "k", "0", "-1", "WITHSCORES"],
      ["ZRANGE", "k", "-3", "-2"],
      ["ZRANGE", "k", "-100", "100"],
      ["ZRANGE", "k", "5", "2"],
      ["ZRANGE", "k", "6", "10"],
      ["ZRANGE", "k", "-9223372036854775808", "9223372036854775807"],
      ["ZRANGE", "k", "9223372036854775808", "1"],
      ["ZRANGE", "k", "0", "2", "REV", "WITHSCORES"],
      ["ZRANGE", "k", "4", "1", "BYSCORE", "REV", "LIMIT", "1", "2", "WITHSCORES"],
      ["ZRANGE", "k", "(4", "-inf", "byscore", "rev", "limit", "1", "-1"],
      ["ZRANGE", "k", "1", "4", "byscore", "limit", "-1", "2"],
      ["ZRANGE", "k", "1", "4", "byscore", "limit", "1", "0"],
      ["ZRANGE", "k", "1", "4", "byscore", "limit", "9223372036854775807", "9223372036854775807"],
      ["ZRANGE", "k", "(1", "(4", "byscore"],
      ["ZRANGE", "k", "4", "4", "byscore"],
      ["ZRANGE", "k", "(4", "4", "byscore"],
      ["ZRANGE", "k", "5", "1", "byscore"],
      ["ZRANGE", "k", "+", "-", "bylex", "rev"],
      ["ZRANGE", "k", "[c", "-", "bylex", "rev", "limit", "1", "5"],
      ["ZREVRANGE", "k", "0", "1", "withscores"],
      ["ZREVRANGE", "k", "0", "1", "byscore"],
      ["ZREVRANGE", "k", "0", "1", "rev"],
      ["ZREVRANGE", "k", "0", "1", "limit", "0", "1"],
      ["ZREVRANGE", "k", "x", "1"],
      ["ZRANGEBYSCORE", "k", "1", "2", "rev"],
      ["ZRANGEBYSCORE", "k", "1", "2", "byscore"],
      ["ZRANGEBYSCORE", "k", "-inf", "+inf", "withscores", "limit", "1", "2"],
      ["ZRANGEBYSCORE", "k", "(1", "4", "WITHSCORES"],
      ["ZRANGEBYSCORE", "k", "", "(", "WITHSCORES"],
      ["ZRANGEBYSCORE", "k", " 2", "0x4"],
      ["ZRANGEBYSCORE", "k", "2\x00junk", "3"],
      ["ZRANGEBYSCORE", "k", "nan", "3"],
      ["ZRANGEBYSCORE", "k", "1", "nan"],
      ["ZRANGEBYSCORE", "k", "((1", "3"],
      ["ZRANGEBYSCORE", "k", "1e400", "-1e400"],
      ["ZRANGEBYSCORE", "k", "-1e400", "1e400"],
      ["ZREVRANGEBYSCORE", "k", "+inf", "-inf", "withscores", "limit", "1", "2"],
      ["ZREVRANGEBYSCORE", "k", "4", "(2"],
      ["ZRANGEBYLEX", "k", "-", "+", "withscores"],
      ["ZRANGEBYLEX", "k", "-", "+", "limit", "1", "1"],
      ["ZREVRANGEBYLEX", "k", "+", "-", "limit", "1", "1"],
      ["ZRANGEBYLEX", "k", "a", "+"],
      ["ZRANGEBYLEX", "k", "-", "b"],
      ["ZRANGEBYLEX", "k", "", "+"],
      ["ZRANGEBYLEX", "k", "-x", "+"],
      ["ZRANGEBYLEX", "k", "-\x00x", "+\x00"],
      ["ZRANGEBYLEX", "k", "+", "-"],
      ["ZRANGEBYLEX", "k", "-", "-"],
      ["ZRANGEBYLEX", "k", "[b", "[b"],
      ["ZRANGEBYLEX", "k", "(b", "[b"],
      ["ZRANGEBYLEX", "k", "[", "+"],
    ]);
  });

  it("shapes replies per protocol", async () => {
    await bothProtocols([
      ["ZADD", "k", "1.1", "a", "2", "b", "inf", "c", "-inf", "d"],
      ["ZRANGE", "k", "0", "-1", "WITHSCORES"],
      ["ZRANGE", "k", "0", "-1"],
      ["ZRANGE", "k", "5", "9", "WITHSCORES"],
      ["ZRANGEBYSCORE", "k", "-inf", "+inf", "WITHSCORES"],
      ["ZREVRANGE", "k", "0", "1", "WITHSCORES"],
      ["ZSCORE", "k", "a"],
      ["ZSCORE", "k", "zz"],
      ["ZSCORE", "nokey", "a"],
      ["ZMSCORE", "k", "a", "zz", "c"],
      ["ZMSCORE", "nokey", "a", "b"],
      ["ZINCRBY", "k", "1", "a"],
      ["ZADD", "k", "INCR", "1", "a"],
      ["ZADD", "k", "NX", "INCR", "1", "a"],
      ["ZRANK", "k", "zz"],
      ["ZRANK", "nokey", "a"],
      ["ZPOPMIN", "k"],
      ["ZPOPMIN", "k", "1"],
      ["ZPOPMAX", "k", "5"],
      ["ZPOPMIN", "k"],
      ["ZPOPMIN", "k", "1"],
      ["ZADD", "k", "1", "a", "2", "b", "3", "c"],
      ["ZMPOP", "1", "k", "MAX", "COUNT", "2"],
      ["ZMPOP", "1", "nokey", "MIN"],
      ["ZUNION", "1", "k", "WITHSCORES"],
      ["ZDIFF", "1", "nokey", "WITHSCORES"],
      ["ZRANDMEMBER", "k", "5", "WITHSCORES"],
      ["ZSCAN", "k", "0"],
    ]);
  });

  it("stores ranges with ZRANGESTORE", async () => {
    await expectSame([
      ["ZADD", "k", "1", "a", "2", "b", "3", "c", "4", "d"],
      ["ZRANGESTORE", "d", "k", "0", "1", "withscores"],
      ["ZRANGESTORE", "d", "nokey", "0", "1"],
      ["ZRANGESTORE", "d", "k", "0", "-1", "limit", "1", "1"],
      ["ZRANGESTORE", "d", "k", "1", "2"],
      ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
      ["ZRANGESTORE", "d", "k", "(1", "+inf", "BYSCORE", "REV", "LIMIT", "0", "2"],
      ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
      ["ZRANGESTORE", "d", "k", "[b", "[c", "BYLEX"],
      ["ZRANGE", "d", "0", "-1", "WITHSCORES"],
      ["ZRANGESTORE", "d", "k", "10", "20"],
      ["EXISTS", "d"],
      ["SET", "str", "x"],
      ["ZRANGESTORE", "str", "k", "0", "0"],
      ["TYPE", "str"],
      ["ZRANGESTORE", "k", "k", "1", "1"],
      ["ZRANGE", "k", "0", "-1"],
    ]);
  });
});

describe("lex ranges", () => {
  const LEX_CMDS = (k: string): string[][] => [
    ["ZRANGEBYLEX", k, "-", "+"],
    ["ZRANGEBYLEX", k, "[b", "[f"],
    ["ZRANGEBYLEX", k, "(b", "(f", "LIMIT", "1", "2"],
    ["ZRANGEBYLEX", k, "[bb", "+", "LIMIT", "0", "-1"],
    ["ZRANGEBYLEX", k, "-", "[", "LIMIT", "0", "1"],
    ["ZREVRANGEBYLEX", k, "+", "-", "LIMIT", "2", "3"],
    ["ZREVRANGEBYLEX", k, "(e", "[a"],
    ["ZRANGE", k, "[c", "+", "BYLEX", "REV", "LIMIT", "1", "10"],
    ["ZLEXCOUNT", k, "-", "+"],
    ["ZLEXCOUNT", k, "(a", "[e"],
    ["ZLEXCOUNT", k, "[z", "[a"],
    ["ZLEXCOUNT", k, "[c", "[c"],
    ["ZRANGESTORE", "lexdst", k, "[b", "(e", "BYLEX"],
    ["ZRANGE", "lexdst", "0", "-1", "WITHSCORES"],
    ["ZREMRANGEBYLEX", k, "(b", "[d"],
    ["ZRANGE", k, "0", "-1", "WITHSCORES"],
    ["ZREMRANGEBYLEX", k, "[zz", "+"],
    ["ZREMRANGEBYLEX", k, "+", "-"],
    ["ZRANGE", k, "0", "-1"],
  ];
  const MEMBERS = ["a", "b", "bb", "c", "d", "e", "f", "g", "", "\xff", "b\x00"];

  it("on equal scores, in both encodings", async () => {
    await expectSame([["ZADD", "lp", ...MEMBERS.flatMap((m) => ["0", m])], enc("lp"), ...LEX_CMDS("lp")]);
    await expectSame([
      ["CONFIG", "SET", "zset-max-listpack-entries", "0"],
      ["ZADD", "sl", ...MEMBERS.flatMap((m) => ["0", m])],
      enc("sl"),
      ...LEX_CMDS("sl"),
    ]);
  });

  it("on mixed scores in a listpack, where Redis scans front to back", async () => {
    await expectSame([
      ["ZADD", "mx", ...MEMBERS.flatMap((m, i) => [String((i * 7) % 5), m])],
      ["ZRANGE", "mx", "0", "-1", "WITHSCORES"],
      ...LEX_CMDS("mx"),
    ]);
  });
});

describe("counting and removing ranges", () => {
  it("ZCOUNT, ZLEXCOUNT and ZREMRANGEBY*", async () => {
    await expectSame([
      ["ZADD", "k", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e"],
      ["ZCOUNT", "k", "2", "4"],
      ["ZCOUNT", "k", "(2", "(4"],
      ["ZCOUNT", "k", "-inf", "+inf"],
      ["ZCOUNT", "k", "5", "1"],
      ["ZCOUNT", "k", "x", "1"],
      ["ZCOUNT", "nokey", "0", "1"],
      ["ZLEXCOUNT", "k", "-", "+"],
      ["ZLEXCOUNT", "k", "[b", "(d"],
      ["ZLEXCOUNT", "k", "b", "d"],
      ["ZREMRANGEBYRANK", "k", "x", "1"],
      ["ZREMRANGEBYRANK", "k", "3", "1"],
      ["ZREMRANGEBYRANK", "k", "-1", "-1"],
      ["ZRANGE", "k", "0", "-1"],
      ["ZREMRANGEBYSCORE", "k", "x", "1"],
      ["ZREMRANGEBYSCORE", "k", "(1", "2"],
      ["ZRANGE", "k", "0", "-1"],
      ["ZREMRANGEBYLEX", "k", "a", "b"],
      ["ZREMRANGEBYLEX", "k", "[d", "+"],
      ["ZRANGE", "k", "0", "-1"],
      ["ZREMRANGEBYRANK", "k", "0", "-1"],
      ["EXISTS", "k"],
      ["ZREMRANGEBYRANK", "nokey", "0", "-1"],
      ["ZREMRANGEBYSCORE", "nokey", "x", "1"],
    ]);
  });
});

describe("pops", () => {
  it("ZPOPMIN, ZPOPMAX and ZMPOP", async () => {
    await expectSame([
      ["ZADD", "y", "1", "a", "2", "b", "3", "c"],
      ["ZPOPMIN", "y", "-1"],
      ["ZPOPMIN", "y", "0"],
      ["ZPOPMIN", "y", "x"],
      ["ZPOPMIN", "y", "1", "2"],
      ["ZPOPMIN", "nokey", "-1"],
      ["ZPOPMIN", "nokey", "0"],
      ["ZPOPMIN", "nokey"],
      ["ZMPOP", "0", "y", "min"],
      ["ZMPOP", "1", "y"],
      ["ZMPOP", "1", "y", "min", "count", "0"],
      ["ZMPOP", "1", "y", "min", "count", "1", "count", "1"],
      ["ZMPOP", "-1", "y", "min"],
      ["ZMPOP", "1", "y", "left"],
      ["ZMPOP", "x", "y", "min"],
      ["ZMPOP", "99999999999", "y", "min"],
      ["ZMPOP", "1", "y", "min", "count", "-1"],
      ["ZMPOP", "1", "y", "min", "count", "x"],
      ["ZMPOP", "1", "y", "min", "count"],
      ["ZMPOP", "1", "nokey", "min"],
      ["ZMPOP", "2", "nokey", "y", "max", "count", "2"],
      ["ZPOPMAX", "y", "9223372036854775807"],
      ["EXISTS", "y"],
    ]);
  });
});

describe("algebra", () => {
  it("ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD, with sets as inputs", async () => {
    await expectSame([
      ["ZADD", "z1", "1", "a", "2", "b", "3", "c"],
      ["ZADD", "z2", "10", "b", "20", "c", "30", "d"],
      ["SADD", "s", "c", "d", "e"],
      ["SADD", "ints", "1", "2", "3"],
      ["ZUNION", "0", "a"],
      ["ZUNIONSTORE", "dst", "0", "a"],
      ["ZUNION", "-1", "a"],
      ["ZUNION", "x", "a"],
      ["ZUNION", "3", "z1"],
      ["ZUNION", "1", "z1", "weights", "x"],
      ["ZUNION", "1", "z1", "aggregate", "foo"],
      ["ZUNION", "1", "z1", "weights", "1", "2"],
      ["ZUNION", "1", "z1", "weights", "1", "withscores"],
      ["ZUNION", "1", "z1", "withscores", "withscores"],
      ["ZUNIONSTORE", "dst", "1", "z1", "withscores"],
      ["ZDIFF", "1", "z1", "weights", "1"],
      ["ZDIFF", "1", "z1", "aggregate", "sum"],
      ["ZINTERCARD", "0", "a"],
      ["ZINTERCARD", "2", "a"],
      ["ZINTERCARD", "1", "z1", "limit", "-1"],
      ["ZINTERCARD", "1", "z1", "limit", "x"],
      ["ZINTERCARD", "1", "z1", "limit", "0"],
      ["ZINTERCARD", "1", "z1", "limit", "1", "limit", "2"],
      ["ZINTERCARD", "1", "z1", "weights", "1"],
      ["ZINTERCARD", "2", "z1", "z2"],
      ["ZINTERCARD", "3", "z1", "z2", "s", "LIMIT", "0"],
      ["ZUNION", "3", "z1", "z2", "s", "WITHSCORES"],
      ["ZUNION", "3", "z1", "z2", "s", "WEIGHTS", "2", "0.5", "-1", "WITHSCORES"],
      ["ZUNION", "3", "z1", "z2", "s", "AGGREGATE", "MIN", "WITHSCORES"],
      ["ZUNION", "3", "z1", "z2", "s", "AGGREGATE", "max", "WEIGHTS", "1", "1", "100", "WITHSCORES"],
      ["ZINTER", "2", "z1", "z2", "WITHSCORES"],
      ["ZINTER", "3", "z1", "z2", "s", "WITHSCORES"],
      ["ZINTER", "2", "z1", "nokey"],
      ["ZINTER", "2", "z1", "z1", "WEIGHTS", "1", "2", "WITHSCORES"],
      ["ZINTER", "2", "ints", "ints", "WITHSCORES"],
      ["ZDIFF", "2", "z1", "z2", "WITHSCORES"],
      ["ZDIFF", "2", "z1", "z1"],
      ["ZDIFF", "3", "z2", "s", "nokey", "WITHSCORES"],
      ["ZDIFF", "1", "nokey"],
      ["ZUNIONSTORE", "u", "2", "z1", "z2"],
      ["ZRANGE", "u", "0", "-1", "WITHSCORES"],
      ["ZINTERSTORE", "i", "2", "z1", "z2", "AGGREGATE", "MAX"],
      ["ZRANGE", "i", "0", "-1", "WITHSCORES"],
      ["ZDIFFSTORE", "df", "2", "z1", "z2"],
      ["ZRANGE", "df", "0", "-1", "WITHSCORES"],
      ["ZDIFFSTORE", "df", "2", "z1", "z1"],
      ["EXISTS", "df"],
      ["ZINTERSTORE", "z1", "2", "z1", "z2"],
      ["ZRANGE", "z1", "0", "-1", "WITHSCORES"],
      ["SET", "str", "v"],
      ["ZUNION", "2", "z2", "str"],
      ["ZUNION", "2", "str", "z2", "WEIGHTS", "x"],
      ["ZUNIONSTORE", "str", "1", "z2"],
      ["TYPE", "str"],
    ]);
  });

  it("sums inf and -inf to 0 and treats a NaN product as 0", async () => {
    await expectSame([
      ["ZADD", "p", "inf", "a", "-inf", "b", "1", "c"],
      ["ZADD", "q", "-inf", "a", "-inf", "b", "inf", "c"],
      ["ZUNION", "2", "p", "q", "WITHSCORES"],
      ["ZINTER", "2", "p", "q", "WITHSCORES"],
      ["ZUNION", "2", "p", "q", "WEIGHTS", "0", "1", "WITHSCORES"],
      ["ZUNION", "1", "p", "WEIGHTS", "0", "WITHSCORES"],
      ["ZUNION", "2", "p", "q", "AGGREGATE", "MIN", "WITHSCORES"],
      ["ZUNION", "2", "p", "q", "WEIGHTS", "inf", "-inf", "WITHSCORES"],
      ["ZADD", "r", "0.1", "x", "0.2", "y"],
      ["ZADD", "t", "0.2", "x", "0.1", "y", "0.3", "z"],
      ["ZADD", "u", "0.3", "x"],
      ["ZUNION", "3", "r", "t", "u", "WITHSCORES"],
      ["ZUNION", "3", "u", "t", "r", "WITHSCORES"],
    ]);
  });
});

describe("ZRANDMEMBER and ZSCAN", () => {
  it("validates counts and returns the whole set (highest first) for a big count", async () => {
    await expectSame([
      ["ZADD", "y", "1", "a", "2", "b", "3", "c"],
      ["ZRANDMEMBER", "y", "1", "withscore"],
      ["ZRANDMEMBER", "y", "1", "withscores", "x"],
      ["ZRANDMEMBER", "y", "x"],
      ["ZRANDMEMBER", "nokey", "x"],
      ["ZRANDMEMBER", "nokey", "5"],
      ["ZRANDMEMBER", "nokey", "-5", "WITHSCORES"],
      ["ZRANDMEMBER", "nokey"],
      ["ZRANDMEMBER", "y", "9223372036854775807", "withscores"],
      ["ZRANDMEMBER", "y", "-9223372036854775808"],
      ["ZRANDMEMBER", "y", "4611686018427387904", "withscores"],
      ["ZRANDMEMBER", "y", "-4611686018427387904", "withscores"],
      ["ZRANDMEMBER", "y", "4611686018427387903", "withscores"],
      ["ZRANDMEMBER", "y", "3"],
      ["ZRANDMEMBER", "y", "100", "WITHSCORES"],
      ["ZRANDMEMBER", "y", "0"],
      ["ZRANDMEMBER", "y", "0", "WITHSCORES"],
      { cmd: ["ZRANDMEMBER", "y"], norm: exemptions.picksFrom(new Set(["a", "b", "c"]), false) },
      { cmd: ["ZRANDMEMBER", "y", "2"], norm: exemptions.picksFrom(new Set(["a", "b", "c"]), true) },
      { cmd: ["ZRANDMEMBER", "y", "-7"], norm: exemptions.picksFrom(new Set(["a", "b", "c"]), false) },
      { cmd: ["ZRANDMEMBER", "y", "-5", "WITHSCORES"], norm: exemptions.randomSample },
      { cmd: ["ZRANDMEMBER", "y", "2", "WITHSCORES"], norm: exemptions.randomSample },
    ]);
  });

  it("ZSCAN pages a listpack whole and parses its options", async () => {
    await expectSame([
      ["ZADD", "y", "1.5", "a", "2", "b", "-3", "c", "1e100", "dd"],
      ["ZSCAN", "y", "0"],
      ["ZADD", "y", "123456789012345678", "a", "1e18", "b", "4611686018427387904", "c", "4611686018427387905000", "d", "-1e15", "e"],
      ["ZSCAN", "y", "0"],
      ["ZSCAN", "y", "17"],
      ["ZSCAN", "y", "0", "MATCH", "?"],
      ["ZSCAN", "y", "0", "MATCH", "*", "COUNT", "1"],
      ["ZSCAN", "y", "0", "COUNT", "0"],
      ["ZSCAN", "y", "0", "COUNT", "x"],
      ["ZSCAN", "y", "0", "COUNT"],
      ["ZSCAN", "y", "0", "TYPE", "zset"],
      ["ZSCAN", "y", "x"],
      ["ZSCAN", "y", "-1"],
      ["ZSCAN", "nokey", "0", "COUNT", "x"],
      ["ZSCAN", "nokey", "x"],
    ]);
  });

  it("ZSCAN walks a skiplist completely", async () => {
    const args = Array.from({ length: 200 }, (_, i) => [String(i / 4), `m${i}`]).flat();
    await expectSame([["ZADD", "big", ...args], enc("big")]);
    await expectSame([
      { cmd: ["ZSCAN", "big", "0", "COUNT", "1000"], norm: exemptions.scanPairsPage },
      { cmd: ["ZSCAN", "big", "0", "COUNT", "1000", "MATCH", "m1*"], norm: exemptions.scanPairsPage },
    ]);
  });
});

describe("statistics", () => {
  it("counts dirty changes per command, keyspace hits and misses and command calls as Redis does", async () => {
    const script = [
      ["ZADD", "a", "1", "x", "2", "y", "3", "z"], ["ZADD", "a", "1", "x"], ["ZADD", "a", "CH", "5", "x", "1", "w"],
      ["ZADD", "a", "XX", "1", "nope"], ["ZINCRBY", "a", "0", "x"], ["ZINCRBY", "a", "1", "x"], ["ZADD", "a", "INCR", "inf", "x"],
      ["ZADD", "a", "INCR", "-inf", "x"], ["ZREM", "a", "nope", "w"], ["ZSCORE", "a", "x"], ["ZSCORE", "nokey", "x"],
      ["ZMSCORE", "nokey", "x"], ["ZRANK", "a", "y"], ["ZCARD", "nokey"], ["ZRANGE", "a", "0", "-1"], ["ZRANGE", "nokey", "0", "-1"],
      ["ZRANGESTORE", "d", "a", "0", "0"], ["ZRANGESTORE", "d", "nokey", "0", "0"], ["ZRANGESTORE", "d", "nokey", "0", "0"],
      ["ZCOUNT", "a", "-inf", "+inf"], ["ZLEXCOUNT", "nokey", "-", "+"], ["ZADD", "b", "1", "y", "2", "q"],
      ["ZUNIONSTORE", "u", "2", "a", "b"], ["ZINTERSTORE", "u", "2", "a", "nokey"], ["ZINTERSTORE", "u", "2", "a", "nokey"],
      ["ZDIFFSTORE", "u", "2", "a", "b"], ["ZUNION", "2", "a", "nokey"], ["ZINTERCARD", "2", "a", "b"],
      ["ZREMRANGEBYSCORE", "u", "-inf", "+inf"], ["ZREMRANGEBYRANK", "a", "0", "0"], ["ZREMRANGEBYLEX", "nokey", "-", "+"],
      ["ZPOPMIN", "b", "5"], ["ZPOPMAX", "nokey"], ["ZADD", "p", "1", "a", "2", "b", "3", "c"], ["ZMPOP", "2", "nokey", "p", "MIN", "COUNT", "2"],
      ["ZRANDMEMBER", "p"], ["ZRANDMEMBER", "nokey", "3"], ["ZSCAN", "p", "0"], ["ZSCAN", "nokey", "0"],
      ["SET", "str", "v"], ["ZADD", "str", "1", "a"], ["ZRANGE", "str", "0", "1"], ["ZPOPMIN", "p", "-1"],
    ];
    for (const cmd of script) {
      const before = await dirty();
      await d.both(cmd);
      const after = await dirty();
      expect(after.engine - before.engine, JSON.stringify(cmd)).toBe(after.real - before.real);
    }
    const r = await d.both(["INFO", "everything"]);
    const fields = (bytes: string) => {
      const rep = decodeReply(bytes, 0)!.reply;
      const text = rep.t === "bulk" || rep.t === "verbatim" ? rep.v : "";
      const keep = /^(keyspace_hits|keyspace_misses|total_error_replies|cmdstat_z[a-z]+|errorstat_[A-Z]+):/;
      return text
        .split("\r\n")
        .filter((l) => keep.test(l))
        .map((l) => l.replace(/usec=\d+,usec_per_call=[\d.]+,/, ""))
        .sort();
    };
    expect(fields(r.real).length).toBeGreaterThan(20);
    expect(fields(r.engine)).toEqual(fields(r.real));
  });
});

/** rdb_changes_since_last_save on both sides. */
async function dirty(): Promise<{ engine: number; real: number }> {
  const r = await d.both(["INFO", "persistence"]);
  const read = (bytes: string) => {
    const rep = decodeReply(bytes, 0)!.reply;
    const m = /rdb_changes_since_last_save:(\d+)/.exec(rep.t === "bulk" || rep.t === "verbatim" ? rep.v : "");
    if (!m) throw new Error("no rdb_changes_since_last_save in INFO persistence");
    return Number(m[1]);
  };
  return { engine: read(r.engine), real: read(r.real) };
}
