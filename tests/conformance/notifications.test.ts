/**
 * Keyspace notifications, differentially: session "s" listens to every keyspace and keyevent
 * channel while session "w" runs commands of each family; both whole streams must match the
 * real server byte for byte (event names, classes, order, the keys they name).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { describeStreamMismatches, StreamPair } from "../support/stream-pair";

let d: StreamPair;
beforeAll(async () => {
  d = await StreamPair.start();
}, 30_000);
afterAll(async () => {
  await d?.stop();
});
beforeEach(async () => {
  await d.reset();
});

async function listen(flags = "KEA"): Promise<void> {
  await d.quiet("w", "CONFIG", "SET", "notify-keyspace-events", flags);
  await d.quiet("s", "PSUBSCRIBE", "__key*__:*");
}

async function expectEvents(steps: string[][]): Promise<void> {
  const ms = await d.run(steps.map((argv) => ["w", ...argv]));
  expect(ms, describeStreamMismatches(ms)).toEqual([]);
}

const FAMILIES: Record<string, string[][]> = {
  strings: [
    ["SET", "s", "v"], ["SET", "s", "v", "NX"], ["SETNX", "s2", "x"], ["SETEX", "s3", "100", "x"], ["PSETEX", "s4", "100000", "x"],
    ["APPEND", "s", "w"], ["SETRANGE", "s", "10", "z"], ["INCR", "n"], ["INCRBY", "n", "5"], ["DECR", "n"], ["DECRBY", "n", "2"],
    ["INCRBYFLOAT", "n", "1.5"], ["GETSET", "s", "new"], ["GETDEL", "s2"], ["GETEX", "s", "EX", "100"], ["GETEX", "s", "PERSIST"],
    ["MSET", "a", "1", "b", "2"], ["MSETNX", "a", "1", "c", "3"], ["MSETNX", "d", "1", "e", "3"], ["SET", "s", "x", "GET", "KEEPTTL"],
    ["SET", "s", "x", "EX", "100"], ["SET", "s3", "y"], ["SET", "s", "v", "XX", "PX", "-1"], ["LCS", "a", "b"],
  ],
  keys: [
    ["SET", "k", "v"], ["EXPIRE", "k", "100"], ["PEXPIRE", "k", "100000"], ["EXPIREAT", "k", "9999999999"], ["PERSIST", "k"], ["EXPIRE", "k", "0"],
    ["SET", "k", "v"], ["EXPIRE", "k", "-5"], ["SET", "k", "v"], ["RENAME", "k", "k2"], ["SET", "k3", "x"], ["RENAME", "k2", "k3"],
    ["RENAMENX", "k3", "k4"], ["COPY", "k4", "k5"], ["COPY", "k4", "k5", "REPLACE"], ["MOVE", "k5", "1"], ["DEL", "k4", "nope"],
    ["SET", "u", "1"], ["UNLINK", "u"], ["SET", "t", "1"], ["TOUCH", "t"], ["RENAME", "t", "t"], ["SELECT", "1"], ["DEL", "k5"], ["SELECT", "0"],
  ],
  lists: [
    ["RPUSH", "l", "a", "b", "c"], ["LPUSH", "l", "z"], ["LPUSHX", "l", "y"], ["RPUSHX", "nol", "y"], ["LINSERT", "l", "BEFORE", "a", "q"],
    ["LSET", "l", "0", "s"], ["LREM", "l", "1", "q"], ["LTRIM", "l", "0", "2"], ["LPOP", "l"], ["RPOP", "l", "1"], ["RPOPLPUSH", "l", "l2"],
    ["LMOVE", "l2", "l", "LEFT", "RIGHT"], ["LMPOP", "1", "l", "LEFT", "COUNT", "5"], ["RPUSH", "l", "x"], ["BLPOP", "l", "0.01"],
    ["BLMOVE", "nol", "l", "LEFT", "LEFT", "0.01"], ["RPUSH", "l", "x", "y"], ["LTRIM", "l", "5", "6"],
  ],
  hashes: [
    ["HSET", "h", "f", "v", "g", "w"], ["HSETNX", "h", "f", "x"], ["HSETNX", "h", "n", "x"], ["HMSET", "h", "a", "1"], ["HINCRBY", "h", "a", "2"],
    ["HINCRBYFLOAT", "h", "a", "0.5"], ["HDEL", "h", "nope"], ["HDEL", "h", "f", "g"], ["HDEL", "h", "a", "n"], ["HGETALL", "h"],
  ],
  sets: [
    ["SADD", "s", "a", "b", "c"], ["SADD", "s", "a"], ["SREM", "s", "a"], ["SMOVE", "s", "t", "b"], ["SREM", "s", "c"], ["SADD", "s", "1"], ["SPOP", "s"],
    ["SADD", "s", "1", "2", "3"], ["SPOP", "s", "3"], ["SADD", "s", "1", "2", "3"], ["SPOP", "s", "0"], ["SINTERSTORE", "d", "s", "t"], ["SUNIONSTORE", "d", "s", "t"], ["SDIFFSTORE", "d", "s", "t"], ["SDIFFSTORE", "d", "x", "y"],
    ["SREM", "t", "b"],
  ],
  zsets: [
    ["ZADD", "z", "1", "a", "2", "b", "3", "c"], ["ZADD", "z", "1", "a"], ["ZINCRBY", "z", "5", "a"], ["ZREM", "z", "nope"], ["ZREM", "z", "b"],
    ["ZPOPMIN", "z"], ["ZPOPMAX", "z", "5"], ["ZADD", "z", "1", "a", "2", "b", "3", "c"], ["ZREMRANGEBYRANK", "z", "0", "0"],
    ["ZREMRANGEBYSCORE", "z", "2", "2"], ["ZREMRANGEBYLEX", "z", "-", "+"], ["ZADD", "z", "1", "a", "2", "b"], ["ZUNIONSTORE", "d", "1", "z"],
    ["ZINTERSTORE", "d", "2", "z", "nope"], ["ZRANGESTORE", "d", "z", "0", "-1"], ["ZDIFFSTORE", "d", "1", "z"], ["ZMPOP", "1", "z", "MIN", "COUNT", "9"],
    ["ZADD", "z", "1", "a"], ["BZPOPMIN", "z", "0.01"],
  ],
  "hyperloglog, bitmaps, geo, sort": [
    ["PFADD", "p", "a", "b"], ["PFADD", "p", "a"], ["PFADD", "p2"], ["PFMERGE", "p3", "p", "p2"], ["PFCOUNT", "p", "p2"],
    ["SETBIT", "b", "7", "1"], ["BITOP", "OR", "b2", "b", "b"], ["BITFIELD", "b", "SET", "u8", "0", "3"], ["BITFIELD", "b", "GET", "u8", "0"],
    ["BITOP", "AND", "b3", "nope"], ["GEOADD", "g", "13.36", "38.11", "Palermo"], ["GEOSEARCHSTORE", "g2", "g", "FROMLONLAT", "13", "38", "BYRADIUS", "500", "km"],
    ["RPUSH", "sl", "3", "1", "2"], ["SORT", "sl", "STORE", "sd"], ["SORT", "nope", "STORE", "sd"],
  ],
};

/** Reads on missing keys of every type, for the key-miss class. */
const READS: string[][] = [
  ["GET", "m"], ["MGET", "m", "m2"], ["EXISTS", "m"], ["TYPE", "m"], ["TTL", "m"], ["STRLEN", "m"], ["GETRANGE", "m", "0", "1"],
  ["LRANGE", "m", "0", "1"], ["LLEN", "m"], ["LINDEX", "m", "0"], ["HGET", "m", "f"], ["HGETALL", "m"], ["HLEN", "m"],
  ["SMEMBERS", "m"], ["SISMEMBER", "m", "a"], ["SCARD", "m"], ["SINTER", "m", "m2"], ["ZRANGE", "m", "0", "1"], ["ZSCORE", "m", "a"],
  ["ZCARD", "m"], ["PFCOUNT", "m"], ["GETBIT", "m", "1"], ["BITCOUNT", "m"], ["GEOPOS", "m", "x"], ["SORT", "m"], ["OBJECT", "ENCODING", "m"],
  ["DEL", "m"], ["INCR", "m"], ["APPEND", "m2", "x"], ["EXPIRE", "nokey", "5"], ["RENAME", "nokey", "x"], ["SRANDMEMBER", "m"],
];

describe("keyspace notifications (differential, per family)", () => {
  for (const [family, steps] of Object.entries(FAMILIES)) {
    it(`emits Redis' events for ${family}`, async () => {
      await listen();
      await expectEvents(steps);
    });
  }

  for (const [family, steps] of Object.entries(FAMILIES)) {
    it(`emits Redis' keymiss events for ${family}`, async () => {
      await listen("Em");
      await expectEvents([...steps, ...READS]);
    });
  }

  it("respects the class and K/E flags, and the new-key class", async () => {
    await listen("Kl");
    await expectEvents([["SET", "a", "1"], ["RPUSH", "l", "x"], ["DEL", "l"]]);
    await d.quiet("w", "CONFIG", "SET", "notify-keyspace-events", "E$gn");
    await expectEvents([["SET", "a", "1"], ["SET", "b", "1"], ["RPUSH", "l", "x"], ["DEL", "a", "b"], ["CONFIG", "GET", "notify-keyspace-events"]]);
    await d.quiet("w", "CONFIG", "SET", "notify-keyspace-events", "");
    await expectEvents([["SET", "a", "1"], ["DEL", "a"]]);
  });

  // One blocked client at a time: every sync waits for each session's PING answer.
  for (const [block, push] of [
    [["BLPOP", "bl", "0"], ["RPUSH", "bl", "x", "y"]],
    [["BZPOPMIN", "bz", "0"], ["ZADD", "bz", "1", "m"]],
    [["BLMOVE", "bl", "dst", "RIGHT", "LEFT", "0"], ["LPUSH", "bl", "x"]],
  ]) {
    it(`a blocked ${block[0]} served by ${push[0]}: the pusher's and the pop's events`, async () => {
      await listen("KEA");
      await d.send("b", ...block);
      await new Promise((r) => setTimeout(r, 50));
      await expectEvents([push, ["EXISTS", "bl", "bz", "dst"]]);
    });
  }

  it("expired keys emit 'expired' when removed", async () => {
    await listen("KEA");
    // Long enough that neither side expires it before the SET's window closes; once it is due,
    // active or lazy expiry removes it before GET's sync on both sides.
    await expectEvents([["SET", "e", "v", "PX", "150"]]);
    await new Promise((r) => setTimeout(r, 200));
    await expectEvents([["GET", "e"]]);
  });

  it("a RESP3 client hears its own write's events before the reply", async () => {
    await d.quiet("w", "HELLO", "3");
    await d.quiet("w", "CONFIG", "SET", "notify-keyspace-events", "KEA");
    await expectEvents([["SUBSCRIBE", "__keyspace@0__:k"], ["SET", "k", "v"], ["INCR", "k"], ["DEL", "k"]]);
  });
});
