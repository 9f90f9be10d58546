/**
 * Differential tests for the set family: the same scripts on the engine and on a real
 * redis-server 7.0.15, compared as RESP bytes. Intset order is deterministic and compared
 * exactly; hashtable order and random picks use the exemptions named at each case.
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
  // FLUSHALL does not undo CONFIG SET: put the threshold back for every test.
  await expectSame([["CONFIG", "SET", "set-max-intset-entries", "512"]]);
});

async function expectSame(cases: (Case | string[])[]): Promise<void> {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
}
const unordered = (cmd: string[]): Case => ({ cmd, norm: exemptions.unordered });
const picks = (cmd: string[], pool: string[], distinct: boolean): Case => ({
  cmd,
  norm: exemptions.picksFrom(new Set(pool), distinct),
});
const enc = (key: string): string[] => ["OBJECT", "ENCODING", key];

const utf8 = (s: string) => Buffer.from(s, "utf8").toString("latin1");
const BIN = "a\0b\r\nc\xff\x80";
const EMOJI = utf8("😀");

describe("SADD and encodings", () => {
  it("keeps canonical integers in an intset, ascending, and converts exactly where Redis does", async () => {
    await expectSame([
      ["SADD", "s", "10", "-3", "9223372036854775807", "-9223372036854775808", "0", "2", "10"],
      enc("s"),
      ["SMEMBERS", "s"],
      ["SADD", "big", "9007199254740993", "9007199254740992", "9007199254740994", "-9007199254740993"],
      ["SMEMBERS", "big"],
      enc("big"),
      ["SISMEMBER", "big", "9007199254740993"],
      ["SISMEMBER", "big", "9007199254740995"],
      ...["-0", "007", "+1", " 1", "1 ", "9223372036854775808", "-9223372036854775809", "1.0", "1e3", "0x10", ""].flatMap((odd, i) => [
        ["SADD", `t${i}`, "1", "2"],
        enc(`t${i}`),
        ["SADD", `t${i}`, odd],
        enc(`t${i}`),
        ["SISMEMBER", `t${i}`, odd],
        ["SISMEMBER", `t${i}`, "1"],
        unordered(["SMEMBERS", `t${i}`]),
      ]),
      ["SADD", "h", "a", "1", "2"],
      enc("h"),
      ["SREM", "h", "a"],
      enc("h"),
      unordered(["SMEMBERS", "h"]),
      ["SADD", "h2", "1", "a"],
      enc("h2"),
    ]);
  });

  it("follows set-max-intset-entries, read at each add, and never converts back", async () => {
    await expectSame([
      ["CONFIG", "SET", "set-max-intset-entries", "3"],
      ["SADD", "s", "1", "2", "3"],
      enc("s"),
      ["SADD", "s", "3"],
      enc("s"),
      ["SADD", "s", "4"],
      enc("s"),
      ["SREM", "s", "4", "3"],
      enc("s"),
      ["SADD", "keep", "1", "2", "3"],
      ["CONFIG", "SET", "set-max-intset-entries", "2"],
      enc("keep"),
      ["SMEMBERS", "keep"],
      ["SADD", "keep", "2"],
      enc("keep"),
      ["SADD", "keep", "-1"],
      enc("keep"),
      ["CONFIG", "SET", "set-max-intset-entries", "0"],
      ["SADD", "z", "5"],
      enc("z"),
      ["CONFIG", "SET", "set-max-intset-entries", "1"],
      ["SADD", "one", "5"],
      enc("one"),
      ["SADD", "two", "5", "6"],
      enc("two"),
      ["CONFIG", "GET", "set-max-intset-entries"],
      ["CONFIG", "SET", "set-max-intset-entries", "-1"],
      ["CONFIG", "SET", "set-max-intset-entries", "x"],
    ]);
  });

  it("stores binary, UTF-8 and empty members", async () => {
    await expectSame([
      ["SADD", "s", BIN, EMOJI, "", "x".repeat(100), BIN],
      enc("s"),
      ["SCARD", "s"],
      ["SISMEMBER", "s", BIN],
      ["SISMEMBER", "s", ""],
      ["SMISMEMBER", "s", EMOJI, "a\0b", "", BIN],
      unordered(["SMEMBERS", "s"]),
      ["SREM", "s", BIN, BIN, "nope"],
      unordered(["SMEMBERS", "s"]),
      ["SADD", BIN, "1"],
      ["SMEMBERS", BIN],
    ]);
  });
});

describe("SREM, SISMEMBER, SMISMEMBER, SCARD", () => {
  it("count and delete the emptied key", async () => {
    await expectSame([
      ["SADD", "s", "a", "b", "1"],
      ["SREM", "s", "zz"],
      ["SREM", "s", "a", "a", "zz"],
      ["SCARD", "s"],
      ["SREM", "s", "b", "1", "c"],
      ["EXISTS", "s"],
      ["SCARD", "s"],
      ["SREM", "s", "a"],
      ["SISMEMBER", "s", "a"],
      ["SMISMEMBER", "s", "a", "b"],
      ["SADD", "i", "1", "2"],
      ["SMISMEMBER", "i", "1", "01", "2", "x"],
      ["SISMEMBER", "i", "-0"],
    ]);
  });
});

describe("wrong types and wrong arity", () => {
  it("answer exactly as Redis", async () => {
    const cmds = [
      ["SADD", "str", "a"], ["SREM", "str", "a"], ["SISMEMBER", "str", "a"], ["SMISMEMBER", "str", "a"],
      ["SCARD", "str"], ["SMEMBERS", "str"], ["SPOP", "str"], ["SPOP", "str", "0"], ["SPOP", "str", "2"],
      ["SRANDMEMBER", "str"], ["SRANDMEMBER", "str", "0"], ["SRANDMEMBER", "str", "-2"],
      ["SSCAN", "str", "0"], ["SSCAN", "str", "0", "BOGUS"], ["SSCAN", "str", "x"],
      ["SINTER", "nokey", "str"], ["SINTER", "s", "str"], ["SINTERCARD", "2", "nokey", "str"],
      ["SINTERSTORE", "d", "nokey", "str"], ["SUNION", "s", "str"], ["SUNIONSTORE", "d", "str"],
      ["SDIFF", "nokey", "str"], ["SDIFF", "s", "str"], ["SDIFFSTORE", "d", "s", "str"],
      ["SMOVE", "str", "s", "a"], ["SMOVE", "s", "str", "a"], ["SMOVE", "nokey", "str", "a"],
      ["SADD"], ["SADD", "s"], ["SREM", "s"], ["SISMEMBER", "s"], ["SISMEMBER", "s", "a", "b"], ["SMISMEMBER", "s"],
      ["SCARD"], ["SCARD", "s", "t"], ["SMEMBERS"], ["SMEMBERS", "s", "t"], ["SPOP"], ["SPOP", "s", "1", "2"],
      ["SRANDMEMBER"], ["SRANDMEMBER", "s", "1", "2"], ["SMOVE", "s", "t"], ["SMOVE", "s", "t", "a", "b"],
      ["SINTER"], ["SINTERCARD", "1"], ["SINTERSTORE", "d"], ["SUNION"], ["SUNIONSTORE", "d"], ["SDIFF"],
      ["SDIFFSTORE", "d"], ["SSCAN", "s"], ["sadd", "s"],
    ];
    await expectSame([["SET", "str", "v"], ["SADD", "s", "a", "b"], ...cmds, ["GET", "str"], ["EXISTS", "d"], enc("s")]);
  });
});

describe("SMOVE", () => {
  it("moves members between encodings, creating and deleting keys", async () => {
    await expectSame([
      ["SADD", "src", "1", "x"],
      ["SMOVE", "src", "dst", "1"],
      enc("dst"),
      ["SMOVE", "src", "dst", "x"],
      ["EXISTS", "src"],
      enc("dst"),
      unordered(["SMEMBERS", "dst"]),
      ["SADD", "a", "5"],
      ["SMOVE", "a", "b", "5"],
      enc("b"),
      ["SADD", "a", "7"],
      ["SMOVE", "a", "b", "7"],
      ["SMEMBERS", "b"],
      ["SADD", "a", "7", "8"],
      ["SMOVE", "a", "b", "7"],
      ["SMEMBERS", "a"],
      ["SMOVE", "a", "a", "8"],
      ["SMOVE", "a", "a", "9"],
      ["SMOVE", "nokey", "b", "1"],
      ["SMOVE", "a", "b", "nope"],
      ["SMOVE", "b", "new", "x"],
      enc("new"),
    ]);
  });
});

describe("SPOP", () => {
  it("with a count >= size replies with the whole set (through SUNION's rebuilt set) and deletes it", async () => {
    await expectSame([
      ["SADD", "s", "5", "x", "3", "1"],
      ["SREM", "s", "x"],
      enc("s"),
      ["SPOP", "s", "3"],
      ["EXISTS", "s"],
      ["SADD", "s", "9", "-1", "4"],
      ["SPOP", "s", "100"],
      ["SADD", "s", "9", "-1", "4"],
      ["SPOP", "s", "9223372036854775807"],
      ["SADD", "h", "a", "b"],
      unordered(["SPOP", "h", "2"]),
      ["CONFIG", "SET", "set-max-intset-entries", "2"],
      ["SADD", "t", "1", "2"],
      enc("t"),
      unordered(["SPOP", "t", "5"]),
      ["SPOP", "s", "0"],
      ["SPOP", "nokey", "5"],
      ["SPOP", "nokey", "0"],
      ["SPOP", "nokey"],
      ["SPOP", "nokey", "-1"],
      ["SPOP", "nokey", "x"],
      ["SPOP", "nokey", "9223372036854775808"],
    ]);
  });

  it("single pops and counted pops take members from the set, distinct, and leave the right size", async () => {
    const ints = Array.from({ length: 40 }, (_, i) => String(i * 3 - 20));
    const strs = Array.from({ length: 40 }, (_, i) => `m${i}`);
    const cases: Case[] = [];
    for (const [key, pool] of [["ints", ints], ["strs", strs]] as const) {
      for (const n of ["1", "5", "30", "35", "39"]) {
        cases.push(
          { cmd: ["SADD", key, ...pool] },
          picks(["SPOP", key, n], pool, true),
          { cmd: ["SCARD", key] },
          { cmd: enc(key) },
          { cmd: ["DEL", key] },
        );
      }
      cases.push({ cmd: ["SADD", key, ...pool] }, picks(["SPOP", key], pool, true), { cmd: ["SCARD", key] }, { cmd: ["DEL", key] });
    }
    await expectSame(cases);
  });
});

describe("SRANDMEMBER", () => {
  it("replies exactly where Redis is deterministic", async () => {
    await expectSame([
      ["SADD", "s", "30", "-2", "7"],
      ["SRANDMEMBER", "s", "3"],
      ["SRANDMEMBER", "s", "100"],
      ["SRANDMEMBER", "s", "0"],
      ["SRANDMEMBER", "s", "-0"],
      ["SRANDMEMBER", "nokey", "5"],
      ["SRANDMEMBER", "nokey"],
      ["SRANDMEMBER", "nokey", "x"],
      ["SRANDMEMBER", "s", "x"],
      ["SRANDMEMBER", "s", "1.5"],
      ["SRANDMEMBER", "s", "-9223372036854775808"],
      ["SRANDMEMBER", "s", "9223372036854775808"],
      ["SRANDMEMBER", "s", "9223372036854775807"],
      ["SADD", "one", "only"],
      ["SRANDMEMBER", "one", "-4"],
      ["SRANDMEMBER", "one"],
      ["SADD", "h", "a", "b", "c"],
      unordered(["SRANDMEMBER", "h", "3"]),
    ]);
  });

  it("draws members of the set: distinct for a positive count, with repeats for a negative one", async () => {
    const ints = Array.from({ length: 30 }, (_, i) => String(i * i));
    const strs = Array.from({ length: 30 }, (_, i) => `m${i}`);
    const cases: Case[] = [];
    for (const [key, pool] of [["ints", ints], ["strs", strs]] as const) {
      cases.push({ cmd: ["SADD", key, ...pool] });
      for (const n of ["1", "2", "9", "10", "11", "29"]) cases.push(picks(["SRANDMEMBER", key, n], pool, true));
      for (const n of ["-1", "-5", "-30", "-100"]) cases.push(picks(["SRANDMEMBER", key, n], pool, false));
      cases.push(picks(["SRANDMEMBER", key], pool, true), { cmd: ["SCARD", key] });
    }
    await expectSame(cases);
  });
});

describe("SINTER, SINTERCARD, SINTERSTORE", () => {
  it("walk the smallest set: ascending when it is an intset", async () => {
    await expectSame([
      ["SADD", "ints", "9", "3", "7", "1"],
      ["SADD", "mixed", "1", "3", "7", "9", "x", "y"],
      // A hashtable from the first member on, filled out of order.
      ["SADD", "scrambled", "x", "9", "1", "7", "3", "y", "z"],
      ["SADD", "ht", "1", "3", "x"],
      ["SADD", "other", "3", "1", "50"],
      ["SINTER", "mixed", "ints"],
      ["SINTER", "scrambled", "ints"],
      ["SINTER", "scrambled", "mixed", "ints"],
      ["SINTER", "ints", "mixed", "ints"],
      ["SINTER", "ints"],
      ["SINTER", "ints", "nokey"],
      ["SINTER", "nokey", "ints"],
      unordered(["SINTER", "ht", "ints"]),
      // Same size: the earlier argument is walked (a stable sort).
      unordered(["SINTER", "ht", "other"]),
      ["SINTER", "other", "ht"],
      ["SINTERCARD", "2", "ints", "mixed"],
      ["SINTERCARD", "2", "ints", "mixed", "LIMIT", "2"],
      ["SINTERCARD", "2", "ints", "mixed", "limit", "0"],
      ["SINTERCARD", "2", "ints", "mixed", "LIMIT", "100"],
      ["SINTERCARD", "2", "ints", "mixed", "LIMIT", "1", "LIMIT", "3"],
      ["SINTERCARD", "2", "ints", "mixed", "LIMIT\0x", "1"],
      ["SINTERCARD", "1", "nokey"],
      ["SINTERCARD", "2", "ints", "ints"],
    ]);
  });

  it("SINTERCARD checks numkeys and LIMIT as Redis does", async () => {
    await expectSame([
      ["SADD", "a", "1"],
      ...[["0", "a"], ["x", "a"], ["-1", "a"], ["1.5", "a"], ["9223372036854775808", "a"], ["3", "a", "b"], ["1", "a", "LIMIT"],
        ["1", "a", "LIMIT", "-1"], ["1", "a", "LIMIT", "x"], ["1", "a", "FOO", "1"], ["1", "a", "b"], ["2", "a", "b", "LIMIT", "9223372036854775808"]]
        .map((args) => ["SINTERCARD", ...args]),
    ]);
  });

  it("SINTERSTORE stores an intset-built result, overwrites any type and deletes dst when empty", async () => {
    await expectSame([
      ["SADD", "a", "1", "2", "x"],
      ["SADD", "b", "1", "2", "x", "y"],
      ["SET", "dst", "v"],
      ["EXPIRE", "dst", "100"],
      ["SINTERSTORE", "dst", "a", "b"],
      enc("dst"),
      ["TTL", "dst"],
      unordered(["SMEMBERS", "dst"]),
      ["SREM", "a", "x"],
      ["SINTERSTORE", "dst", "a", "b"],
      enc("dst"),
      ["SMEMBERS", "dst"],
      ["SINTERSTORE", "dst", "a", "nokey"],
      ["EXISTS", "dst"],
      ["SINTERSTORE", "dst", "a", "nokey"],
      ["SADD", "c", "7"],
      ["SINTERSTORE", "dst", "a", "c"],
      ["SINTERSTORE", "a", "a", "b"],
      ["SMEMBERS", "a"],
      ["CONFIG", "SET", "set-max-intset-entries", "1"],
      ["SINTERSTORE", "dst", "b", "b"],
      enc("dst"),
    ]);
  });
});

describe("SUNION, SDIFF and their STORE forms", () => {
  it("reply ascending while the rebuilt set is an intset", async () => {
    await expectSame([
      ["SADD", "a", "5", "1"],
      ["SADD", "b", "3", "x"],
      ["SREM", "b", "x"],
      ["SUNION", "a", "b", "nokey"],
      ["SUNION", "nokey"],
      ["SUNIONSTORE", "u", "a", "b"],
      enc("u"),
      ["SMEMBERS", "u"],
      ["SADD", "c", "z"],
      unordered(["SUNION", "a", "c"]),
      ["CONFIG", "SET", "set-max-intset-entries", "2"],
      unordered(["SUNION", "a", "b"]),
      ["SUNIONSTORE", "u", "a", "b"],
      enc("u"),
      ["SUNIONSTORE", "u", "nokey"],
      ["EXISTS", "u"],
      ["SUNIONSTORE", "u", "nokey"],
    ]);
  });

  it("SDIFF picks its algorithm by estimated work, which shows in the stored encoding", async () => {
    await expectSame([
      ["SADD", "a", "x", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
      ["SADD", "b", "x"],
      ["SADD", "c", "1"],
      ["SDIFFSTORE", "d", "a", "b", "c"],
      enc("d"),
      unordered(["SDIFF", "a", "b", "c"]),
      ["SDIFFSTORE", "d", "a", "b"],
      enc("d"),
      ["SDIFF", "a", "b"],
      ["SDIFF", "a", "a"],
      ["SDIFF", "a", "b", "a"],
      ["SDIFFSTORE", "d", "a", "a"],
      ["EXISTS", "d"],
      ["SDIFF", "nokey", "a"],
      ["SDIFF", "nokey", "nokey2"],
      unordered(["SDIFF", "a", "nokey"]),
      ["SDIFF", "b", "a"],
      ["SADD", "n1", "1", "2", "3", "4", "5", "6"],
      ["SADD", "n2", "2"],
      ["SDIFF", "n1", "n2", "nokey"],
      ["SDIFFSTORE", "n1", "n1", "n2"],
      ["SMEMBERS", "n1"],
      ["CONFIG", "SET", "set-max-intset-entries", "4"],
      ["SDIFFSTORE", "d", "n1", "n2"],
      enc("d"),
      ["SDIFFSTORE", "d", "n1", "n2", "nokey", "nokey", "nokey"],
      enc("d"),
      unordered(["SDIFF", "n1", "n2", "nokey", "nokey", "nokey"]),
    ]);
  });
});

describe("SSCAN", () => {
  it("returns an intset whole with cursor 0, whatever the cursor, filtered by MATCH", async () => {
    await expectSame([
      ["SADD", "s", "3", "1", "20", "2", "-12"],
      ["SSCAN", "s", "0"],
      ["SSCAN", "s", "5", "COUNT", "1"],
      ["SSCAN", "s", "18446744073709551615"],
      ["SSCAN", "s", "0", "MATCH", "2*"],
      ["SSCAN", "s", "0", "MATCH", "-*", "COUNT", "2"],
      ["SSCAN", "s", "0", "match", "*", "count", "1"],
      ["SSCAN", "s", "0", "COUNT\0junk", "5"],
      ["SSCAN", "s", "0", "MATCH", "nothing"],
    ]);
  });

  it("walks a hashtable fully with a big COUNT, and checks cursor, key and options in Redis' order", async () => {
    const members = Array.from({ length: 40 }, (_, i) => `m${i}`);
    await expectSame([
      ["SADD", "h", ...members, BIN],
      { cmd: ["SSCAN", "h", "0", "COUNT", "1000"], norm: exemptions.scanPage },
      { cmd: ["SSCAN", "h", "0", "COUNT", "1000", "MATCH", "m1*"], norm: exemptions.scanPage },
      { cmd: ["SSCAN", "h", "0", "MATCH", "a*", "COUNT", "1000"], norm: exemptions.scanPage },
      { cmd: ["SSCAN", "h", "0", "COUNT", "3"], norm: exemptions.scanShape },
      ["SSCAN", "h", "x"],
      ["SSCAN", "h", " 0"],
      ["SSCAN", "h", "-1", "BOGUS"],
      ["SSCAN", "h", "0", "BOGUS"],
      ["SSCAN", "h", "0", "COUNT"],
      ["SSCAN", "h", "0", "COUNT", "0"],
      ["SSCAN", "h", "0", "COUNT", "-5"],
      ["SSCAN", "h", "0", "COUNT", "x"],
      ["SSCAN", "h", "0", "MATCH"],
      ["SSCAN", "h", "0", "TYPE", "set"],
      ["SSCAN", "nokey", "0", "BOGUS"],
      ["SSCAN", "nokey", "x"],
      ["SSCAN", "nokey", "0"],
    ]);
  });
});

describe("RESP3", () => {
  it("sends sets as sets and SRANDMEMBER's counted reply as an array", async () => {
    await expectSame([
      { cmd: ["HELLO", "3"], norm: exemptions.hello },
      ["SADD", "s", "2", "1", "3"],
      ["SMEMBERS", "s"],
      ["SINTER", "s", "s"],
      ["SUNION", "s"],
      ["SDIFF", "s"],
      ["SINTER", "s", "nokey"],
      ["SRANDMEMBER", "s", "5"],
      ["SRANDMEMBER", "s", "0"],
      ["SRANDMEMBER", "nokey", "5"],
      ["SRANDMEMBER", "nokey"],
      ["SPOP", "nokey"],
      ["SPOP", "nokey", "5"],
      ["SPOP", "s", "0"],
      ["SMISMEMBER", "s", "1", "9"],
      ["SINTERCARD", "1", "s"],
      ["SSCAN", "s", "0"],
      ["SSCAN", "nokey", "0"],
      ["SPOP", "s", "5"],
    ]);
  });
});

describe("statistics", () => {
  it("count keyspace hits and misses, dirty and command calls as Redis does", async () => {
    const dirtyBefore = await dirty();
    for (const cmd of [
      ["SADD", "a", "1", "2", "3"], ["SADD", "a", "1"], ["SADD", "b", "x", "2"], ["SREM", "a", "9"], ["SREM", "a", "1", "1"],
      ["SISMEMBER", "a", "2"], ["SISMEMBER", "nokey", "2"], ["SMISMEMBER", "nokey", "1"], ["SCARD", "a"], ["SMEMBERS", "nokey"],
      ["SINTER", "a", "b", "nokey"], ["SINTERCARD", "2", "a", "b"], ["SUNION", "a", "nokey"], ["SDIFF", "nokey", "a"],
      ["SINTERSTORE", "d", "a", "b"], ["SUNIONSTORE", "d", "a", "b"], ["SDIFFSTORE", "d", "a", "nokey"], ["SDIFFSTORE", "d", "nokey"],
      ["SMOVE", "a", "b", "2"], ["SMOVE", "a", "c", "3"], ["SMOVE", "nokey", "b", "1"], ["SADD", "p", "1", "2", "3"],
      ["SPOP", "p", "5"], ["SADD", "p", "1"], ["SPOP", "p"], ["SPOP", "nokey"], ["SRANDMEMBER", "b"], ["SRANDMEMBER", "nokey", "3"],
      ["SSCAN", "b", "0"], ["SSCAN", "nokey", "0"], ["SET", "str", "v"], ["SADD", "str", "a"], ["SPOP", "b", "-1"],
    ]) {
      await d.both(cmd);
    }
    const info = async () => {
      const r = await d.both(["INFO", "everything"]);
      const fields = (bytes: string) => {
        const rep = decodeReply(bytes, 0)!.reply;
        const text = rep.t === "bulk" || rep.t === "verbatim" ? rep.v : "";
        const keep = /^(keyspace_hits|keyspace_misses|expired_keys|total_error_replies|cmdstat_s[a-z]+|errorstat_[A-Z]+):/;
        return text
          .split("\r\n")
          .filter((l) => keep.test(l))
          .map((l) => l.replace(/usec=\d+,usec_per_call=[\d.]+,/, ""))
          .sort();
      };
      return { engine: fields(r.engine), real: fields(r.real) };
    };
    const { engine, real } = await info();
    expect(real.length).toBeGreaterThan(10);
    expect(engine).toEqual(real);
    // Changes since the last save keep counting across FLUSHALL: compare what this script added.
    const dirtyAfter = await dirty();
    expect(dirtyAfter.engine - dirtyBefore.engine).toBe(dirtyAfter.real - dirtyBefore.real);
    expect(dirtyAfter.real - dirtyBefore.real).toBeGreaterThan(10);
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
