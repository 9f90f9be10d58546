/**
 * The string family against a real redis-server 7.0.15: hand-written edge cases per command,
 * compared as RESP bytes, with TTL, OBJECT ENCODING, EXISTS and PEXPIRETIME reading the state
 * back. Keys of another type are made with LPUSH on both, so WRONGTYPE paths are compared.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case } from "../support/differential";
import { exemptions } from "./exemptions";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
});
afterAll(async () => d?.stop());
beforeEach(async () => d.reset());

async function check(cases: (Case | string[])[]): Promise<void> {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
}

/** A list at `key` on both sides. */
async function makeList(key: string): Promise<void> {
  await check([["LPUSH", key, "a"]]);
}

const ttlNear = (seconds: number): Case => ({ cmd: ["TTL", "k"], norm: exemptions.approx(1, seconds) });
const bin = "\x00\r\n\xff\x80";
const utf8 = Buffer.from("héllo wörld 日本 😀", "utf8").toString("latin1");

describe("SET and its options", () => {
  it("stores values of every kind and reports encodings", async () => {
    const cases: (Case | string[])[] = [];
    for (const v of [
      "v", "", bin, utf8, "123", "-0", "007", "+5", " 5", "1.5", "9223372036854775807", "9223372036854775808",
      "-9223372036854775808", "-9223372036854775809", "12345678901234567890", "x".repeat(44), "x".repeat(45),
      "x".repeat(100),
    ]) {
      cases.push(["SET", "k", v], ["GET", "k"], ["STRLEN", "k"], ["OBJECT", "ENCODING", "k"]);
    }
    await check(cases);
  });

  it("NX, XX, GET and their combinations", async () => {
    await check([
      ["SET", "k", "1", "XX"],
      ["GET", "k"],
      ["SET", "k", "1", "NX"],
      ["SET", "k", "2", "NX"],
      ["SET", "k", "3", "xx"],
      ["SET", "k", "4", "GET"],
      ["SET", "k", "5", "NX", "GET"],
      ["SET", "k", "6", "XX", "GET"],
      ["SET", "k", "7", "GET", "GET"],
      ["SET", "k", "8", "nx\x00junk"],
      ["SET", "k", "9", "Get\x00"],
      ["SET", "none", "x", "XX", "GET"],
      ["SET", "new", "x", "NX", "GET"],
      ["MGET", "k", "none", "new"],
    ]);
  });

  it("refuses conflicting, unknown and incomplete options", async () => {
    const opts = [
      ["NX", "XX"], ["XX", "NX"], ["EX", "10", "PX", "10"], ["PX", "10", "EX", "10"], ["EX", "10", "EXAT", "10"],
      ["EXAT", "10", "PXAT", "10"], ["PXAT", "10", "PX", "10"], ["KEEPTTL", "EX", "10"], ["EX", "10", "KEEPTTL"],
      ["KEEPTTL", "PXAT", "1"], ["EX"], ["PX"], ["EXAT"], ["PXAT"], ["PERSIST"], ["FOO"], ["NXX"], ["E"], ["EX", "10", "FOO"],
      ["KEEPTTL", "KEEPTTL"], ["NX", "NX"], ["EX", "10", "EX", "20"], ["ex", "10", "nx"],
    ];
    await check([["SET", "k", "old"], ...opts.map((o) => ["SET", "k", "v", ...o]), ["GET", "k"]]);
  });

  it("validates expire times exactly", async () => {
    const vals = [
      ["EX", "0"], ["EX", "-1"], ["PX", "0"], ["PX", "-100"], ["EXAT", "0"], ["PXAT", "0"], ["EX", "1.5"], ["EX", "abc"],
      ["EX", " 1"], ["EX", "+1"], ["EX", "01"], ["EX", "99999999999999999999"], ["EX", "9223372036854775807"],
      ["EX", "9223372036854775"], ["EX", "9223372036854774"], ["EXAT", "9223372036854776"], ["EXAT", "9223372036854775"],
      ["PX", "9223372036854775807"], ["PXAT", "9223372036854775807"], ["EX", "-9223372036854775808"], ["EX", "9223372036854"],
      ["PX", "1\x00"],
    ];
    const cases: (Case | string[])[] = [];
    for (const v of vals) cases.push(["SET", "k", "v", ...v], ["GET", "k"], ["DEL", "k"]);
    // Instants past 2^53 ms read back digit for digit.
    for (const v of [["PXAT", "9223372036854775807"], ["PXAT", "9007199254740993"], ["EXAT", "9223372036854775"]]) {
      cases.push(["SET", "k", "v", ...v], ["PEXPIRETIME", "k"], ["EXPIRETIME", "k"], ["GETEX", "k", ...v], ["PEXPIRETIME", "k"]);
    }
    await check(cases);
  });

  it("sets, keeps and drops TTLs", async () => {
    const soon = String(Math.floor(Date.now() / 1000) + 500);
    const soonMs = String(Date.now() + 300_000);
    await check([
      ["SET", "k", "v", "EX", "100"],
      ttlNear(100),
      ["SET", "k", "w", "KEEPTTL"],
      ttlNear(100),
      ["SET", "k", "x"],
      ["TTL", "k"],
      ["SET", "k", "v", "PX", "200000"],
      ttlNear(200),
      ["SET", "k", "v", "EXAT", soon],
      ttlNear(500),
      ["SET", "k", "v", "PXAT", soonMs],
      ttlNear(300),
      ["SET", "k", "v", "EX", "10", "EX", "50"],
      ttlNear(50),
      ["SET", "k", "v", "XX", "KEEPTTL", "GET"],
      ttlNear(50),
      ["SET", "k", "v", "NX", "EX", "10"],
      ttlNear(50),
      // An instant already past: stored, then gone on the next access.
      ["SET", "k", "v", "EXAT", "1"],
      ["GET", "k"],
      ["SET", "k", "v", "PXAT", "1", "GET"],
      ["GET", "k"],
      ["EXISTS", "k"],
    ]);
  });

  it("GET option on other types, and SET over them", async () => {
    await makeList("l");
    await check([["SET", "l", "v", "GET"], ["SET", "l", "v", "NX", "GET"], ["SET", "l", "v", "NX"], ["SET", "l", "v", "XX", "EX", "0"], ["SET", "l", "v"], ["GET", "l"]]);
  });

  it("answers wrong arity", async () => {
    await check([["SET"], ["SET", "k"], ["GET"], ["GET", "a", "b"], ["SETNX", "k"], ["SETEX", "k", "1"], ["PSETEX", "k"], ["GETSET", "k"], ["GETDEL"], ["GETEX"], ["MGET"], ["MSET"], ["MSET", "a"], ["MSET", "a", "1", "b"], ["MSETNX", "a", "1", "b"], ["MSETNX", "a"]]);
  });
});

describe("SETNX, SETEX, PSETEX, GETSET, GETDEL", () => {
  it("SETNX, SETEX and PSETEX", async () => {
    await check([
      ["SETNX", "k", "a"],
      ["SETNX", "k", "b"],
      ["GET", "k"],
      ["SETEX", "k", "100", "v"],
      ttlNear(100),
      ["OBJECT", "ENCODING", "k"],
      ["PSETEX", "k", "100000", "12"],
      ttlNear(100),
      ["OBJECT", "ENCODING", "k"],
      ["SETEX", "k", "0", "v"],
      ["SETEX", "k", "-5", "v"],
      ["SETEX", "k", "abc", "v"],
      ["SETEX", "k", "9223372036854775", "v"],
      ["PSETEX", "k", "0", "v"],
      ["PSETEX", "k", "9223372036854775807", "v"],
      ["PSETEX", "k", "1.5", "v"],
      ["GET", "k"],
    ]);
  });

  it("GETSET and GETDEL", async () => {
    await makeList("l");
    await check([
      ["GETSET", "k", "a"],
      ["SET", "k", "b", "EX", "100"],
      ["GETSET", "k", "c"],
      ["TTL", "k"],
      ["GETSET", "k", bin],
      ["GET", "k"],
      ["GETSET", "l", "x"],
      ["GETDEL", "k"],
      ["GETDEL", "k"],
      ["EXISTS", "k"],
      ["GETDEL", "l"],
      ["SET", "n", "42"],
      ["GETSET", "n", "43"],
      ["OBJECT", "ENCODING", "n"],
    ]);
  });
});

describe("GETEX", () => {
  it("reads and changes TTLs", async () => {
    const soon = String(Math.floor(Date.now() / 1000) + 400);
    await check([
      ["GETEX", "k"],
      ["SET", "k", "v"],
      ["GETEX", "k"],
      ["TTL", "k"],
      ["GETEX", "k", "PERSIST"],
      ["GETEX", "k", "EX", "100"],
      ttlNear(100),
      ["GETEX", "k"],
      ttlNear(100),
      ["GETEX", "k", "PX", "200000"],
      ttlNear(200),
      ["GETEX", "k", "EXAT", soon],
      ttlNear(400),
      ["GETEX", "k", "EX", "10", "EX", "300"],
      ttlNear(300),
      ["GETEX", "k", "PERSIST", "PERSIST"],
      ["TTL", "k"],
      ["GETEX", "k", "EXAT", "1"],
      ["EXISTS", "k"],
      ["SET", "k", "v"],
      ["GETEX", "k", "PXAT", "1"],
      ["GET", "k"],
    ]);
  });

  it("errors in the order Redis checks them", async () => {
    await makeList("l");
    await check([
      ["GETEX", "nokey", "EX", "0"],
      ["GETEX", "nokey", "EX", "abc"],
      ["GETEX", "nokey", "FOO"],
      ["GETEX", "nokey", "EX"],
      ["GETEX", "l", "EX", "0"],
      ["GETEX", "l", "FOO"],
      ["SET", "k", "v"],
      ["GETEX", "k", "EX", "0"],
      ["GETEX", "k", "PX", "-1"],
      ["GETEX", "k", "EXAT", "0"],
      ["GETEX", "k", "EX", "abc"],
      ["GETEX", "k", "EX", "9223372036854775"],
      ["GETEX", "k", "PX", "9223372036854775807"],
      ["GETEX", "k", "PERSIST", "EX", "1"],
      ["GETEX", "k", "EX", "1", "PERSIST"],
      ["GETEX", "k", "KEEPTTL"],
      ["GETEX", "k", "NX"],
      ["GETEX", "k", "XX"],
      ["GETEX", "k", "GET"],
      ["GETEX", "k", "EX", "10", "PX", "10"],
      ["GETEX", "k", "persist\x00x"],
      ["TTL", "k"],
    ]);
  });
});

describe("MSET, MSETNX, MGET", () => {
  it("writes pairs and reads them back", async () => {
    await makeList("l");
    await check([
      ["SET", "a", "x", "EX", "100"],
      ["MSET", "a", "1", "b", bin, "c", utf8, "a", "2"],
      ["MGET", "a", "b", "c", "l", "zz", "a"],
      ["TTL", "a"],
      ["OBJECT", "ENCODING", "a"],
      ["MSETNX", "d", "1", "e", "2"],
      ["MSETNX", "f", "1", "e", "3"],
      ["MGET", "d", "e", "f"],
      ["MSETNX", "l", "1"],
      ["MSET", "l", "now-a-string"],
      ["GET", "l"],
      ["MSETNX", "g", "1", "g", "2"],
      ["GET", "g"],
    ]);
  });
});

describe("INCR, DECR, INCRBY, DECRBY", () => {
  it("counts and keeps TTLs", async () => {
    await check([
      ["INCR", "n"],
      ["INCRBY", "n", "41"],
      ["DECR", "n"],
      ["DECRBY", "n", "-9"],
      ["DECRBY", "n", "0"],
      ["INCRBY", "n", "-100"],
      ["OBJECT", "ENCODING", "n"],
      ["SET", "k", "5", "EX", "100"],
      ["INCR", "k"],
      ttlNear(100),
      ["SET", "k", "9007199254740991"],
      ["INCR", "k"],
      ["INCR", "k"],
      ["INCRBY", "k", "9007199254740993"],
      ["DECRBY", "k", "18014398509481986"],
      ["GET", "k"],
    ]);
  });

  it("overflow and malformed numbers", async () => {
    await makeList("l");
    const cases: (Case | string[])[] = [
      ["SET", "k", "9223372036854775807"],
      ["INCR", "k"],
      ["INCRBY", "k", "1"],
      ["INCRBY", "k", "-9223372036854775808"],
      ["SET", "k", "-9223372036854775808"],
      ["DECR", "k"],
      ["DECRBY", "k", "1"],
      ["INCRBY", "k", "9223372036854775807"],
      ["DECRBY", "k", "-9223372036854775808"],
      ["DECRBY", "l", "-9223372036854775808"],
      ["DECRBY", "l", "x"],
      ["DECRBY", "l", "1"],
      ["INCR", "l"],
      ["INCRBY", "k", "9223372036854775808"],
      ["INCRBY", "k", "1.5"],
      ["INCRBY", "k", "+1"],
      ["INCRBY", "k", " 1"],
      ["INCRBY", "k", ""],
    ];
    for (const v of [" 5", "5 ", "+5", "007", "-0", "1.0", "1e3", "", "abc", bin, "0".repeat(21), "00000000000000000001", "5\x00"]) {
      cases.push(["SET", "k", v], ["INCR", "k"], ["DECRBY", "k", "1"], ["GET", "k"]);
    }
    await check(cases);
  });
});

describe("INCRBYFLOAT", () => {
  it("prints like Redis' long double arithmetic", async () => {
    const pairs: [string | null, string][] = [
      ["10.5", "0.1"], [null, "0.000003814697265625"], [null, "0.000011444091796875"], [null, "0x1p3"], ["8", "5.0e3"],
      ["5008", "-5008"], [null, "-1e-20"], [null, "1e-4940"], ["1", "1e-4940"], [null, "1e4000"], ["10", "0"], ["3", "1.5"],
      ["0.1", "0.2"], ["1.1", "2.2"], ["-1.1", "1.1"], ["18446744073709551615", "1"], ["9223372036854775807", "0.5"],
      ["1e30", "1e-30"], ["5e-324", "1"], ["123456789.123456789", "0.000000001"], ["0X1.8P1", "0x.8"], ["1.", ".5"],
      ["-0", "-0"], ["+3.0", "-0.0"], ["1e4932", "1e4931"], ["1.18973149535723176502e+4932", "0"], ["inf", "1"],
      ["1", "-inf"], ["1", "INFINITY"], ["1", "nan"], ["1", " 1"], ["1", "1 "], ["1", "1e"], ["1", "0x"], ["1", "."],
      ["1", "1e5000"], ["1", "1e-5000"], ["1", "1." + "0".repeat(5117)], ["1", "1." + "0".repeat(5118)],
      ["1", "1".repeat(5119)], ["1.5\x00", "1"], ["\x00", "1"], ["1", "2\x00"], ["abc", "1"], ["", "1"], ["1", ""],
    ];
    const cases: (Case | string[])[] = [];
    for (const [a, b] of pairs) {
      if (a === null) cases.push(["DEL", "f"]);
      else cases.push(["SET", "f", a]);
      cases.push(["INCRBYFLOAT", "f", b], ["GET", "f"], ["OBJECT", "ENCODING", "f"]);
    }
    await check(cases);
  });

  it("keeps the TTL and refuses other types", async () => {
    await makeList("l");
    await check([["SET", "k", "1", "EX", "100"], ["INCRBYFLOAT", "k", "1.5"], ttlNear(100), ["INCRBYFLOAT", "l", "1"], ["INCRBYFLOAT", "l", "x"], ["INCRBYFLOAT", "k"]]);
  });
});

describe("APPEND, STRLEN, GETRANGE, SUBSTR, SETRANGE", () => {
  it("APPEND and STRLEN", async () => {
    await makeList("l");
    await check([
      ["APPEND", "k", "123"],
      ["OBJECT", "ENCODING", "k"],
      ["APPEND", "k", ""],
      ["OBJECT", "ENCODING", "k"],
      ["APPEND", "k", bin],
      ["APPEND", "k", utf8],
      ["GET", "k"],
      ["STRLEN", "k"],
      ["SET", "e", "abc", "EX", "100"],
      ["APPEND", "e", "d"],
      ["TTL", "e"],
      ["OBJECT", "ENCODING", "e"],
      ["APPEND", "l", "x"],
      ["STRLEN", "l"],
      ["STRLEN", "nokey"],
      ["SET", "n", "-123"],
      ["STRLEN", "n"],
      ["APPEND", "e2", ""],
      ["EXISTS", "e2"],
    ]);
  });

  it("GETRANGE and SUBSTR", async () => {
    await makeList("l");
    const idx = ["0", "-1", "1", "-5", "5", "100", "-100", "3", "-3", "9223372036854775807", "-9223372036854775808"];
    const cases: (Case | string[])[] = [["SET", "g", "hello"], ["SET", "i", "12345"], ["SET", "e", ""], ["SET", "b", bin + utf8]];
    for (const key of ["g", "i", "e", "b", "nokey"]) {
      for (const s of idx) for (const e of idx) cases.push(["GETRANGE", key, s, e]);
    }
    cases.push(["SUBSTR", "g", "1", "3"], ["GETRANGE", "l", "0", "1"], ["GETRANGE", "l", "a", "1"], ["GETRANGE", "g", "0", "1.5"], ["GETRANGE", "g", "x", "y"], ["SUBSTR", "l", "0", "1"]);
    await check(cases);
  });

  it("SETRANGE", async () => {
    await makeList("l");
    await check([
      ["SETRANGE", "k", "5", "x"],
      ["GET", "k"],
      ["OBJECT", "ENCODING", "k"],
      ["SET", "s", "Hello World", "EX", "100"],
      ["SETRANGE", "s", "6", "Redis"],
      ["SETRANGE", "s", "10", "XYZ"],
      ["SETRANGE", "s", "0", bin],
      ["SETRANGE", "s", "20", utf8],
      ["GET", "s"],
      ["TTL", "s"],
      ["SET", "i", "123"],
      ["SETRANGE", "i", "0", "9"],
      ["OBJECT", "ENCODING", "i"],
      ["SETRANGE", "none", "999999999999", ""],
      ["EXISTS", "none"],
      ["SETRANGE", "s", "999999999999", ""],
      ["SETRANGE", "l", "-1", "x"],
      ["SETRANGE", "l", "abc", "x"],
      ["SETRANGE", "l", "0", "x"],
      ["SETRANGE", "l", "0", ""],
      ["SETRANGE", "k", "536870912", "x"],
      ["SETRANGE", "k", "536870911", "xy"],
      ["SETRANGE", "k", "9223372036854775807", "x"],
      ["SETRANGE", "k", "9223372036854775808", "x"],
      ["SETRANGE", "k", "-9223372036854775808", "x"],
      ["SETRANGE", "k", "1.5", "x"],
      ["GET", "k"],
    ]);
  });

  it("respects a lowered proto-max-bulk-len", async () => {
    const real = (await d.session()).real;
    await real.call("CONFIG", "SET", "proto-max-bulk-len", "1mb");
    d.engine.config.trySet("proto-max-bulk-len", "1mb");
    try {
      await check([
        ["SETRANGE", "k", String(1024 * 1024), "x"],
        ["SETRANGE", "k", String(1024 * 1024 - 1), "x"],
        ["STRLEN", "k"],
        ["APPEND", "k", "y"],
        ["SET", "a", "a".repeat(600)],
        ["SET", "b", "a".repeat(600)],
        ["LCS", "a", "b"],
        ["LCS", "a", "b", "LEN"],
        ["LCS", "a", "b", "IDX", "LEN"],
        ["SET", "b", "ab".repeat(200)],
        ["LCS", "a", "b", "LEN"],
      ]);
    } finally {
      await real.call("CONFIG", "SET", "proto-max-bulk-len", "512mb");
      d.engine.config.trySet("proto-max-bulk-len", "512mb");
    }
  });
});

describe("LCS", () => {
  it("string, length and match ranges", async () => {
    await check([
      ["MSET", "key1", "ohmytext", "key2", "mynewtext"],
      ["LCS", "key1", "key2"],
      ["LCS", "key1", "key2", "LEN"],
      ["LCS", "key1", "key2", "IDX"],
      ["LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4"],
      ["LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"],
      ["LCS", "key1", "key2", "IDX", "WITHMATCHLEN", "MINMATCHLEN", "-5"],
      ["LCS", "key1", "key2", "withmatchlen"],
      ["LCS", "key1", "key2", "IDX", "MINMATCHLEN", "2", "MINMATCHLEN", "3"],
      ["LCS", "key1", "nokey"],
      ["LCS", "key1", "nokey", "IDX"],
      ["LCS", "nokey", "nokey", "LEN"],
      ["LCS", "key1", "key1", "IDX", "WITHMATCHLEN"],
      ["MSET", "a", "ACCGGTCGAGTGCGCGGAAGCCGGCCGAA", "b", "GTCGTTCGGAATGCCGTTGCTCTGTAAA"],
      ["LCS", "a", "b"],
      ["LCS", "a", "b", "IDX", "WITHMATCHLEN"],
      ["LCS", "b", "a", "IDX", "WITHMATCHLEN"],
      ["MSET", "x", bin + utf8 + "123", "y", utf8 + bin],
      ["LCS", "x", "y", "IDX", "WITHMATCHLEN"],
      ["LCS", "x", "y"],
      ["SET", "n1", "1234567"],
      ["SET", "n2", "7654321234"],
      ["LCS", "n1", "n2", "IDX"],
    ]);
  });

  it("errors: types first, then options", async () => {
    await makeList("l");
    await check([
      ["SET", "a", "x"],
      ["LCS", "a", "l"],
      ["LCS", "l", "a", "FOO"],
      ["LCS", "a", "b", "FOO"],
      ["LCS", "a", "b", "MINMATCHLEN"],
      ["LCS", "a", "b", "MINMATCHLEN", "x"],
      ["LCS", "a", "b", "LEN", "IDX"],
      ["LCS", "a", "b", "IDX", "LEN", "FOO"],
      ["LCS", "a", "b", "idx\x00zz"],
      ["LCS", "a"],
    ]);
  });

  it("the IDX map under RESP3", async () => {
    const s = await d.session("r3");
    await s.real.call("HELLO", "3");
    s.engine.execute(["HELLO", "3"]);
    expect(s.engine.resp).toBe(3);
    const ms = await d.compare([
      { cmd: ["MSET", "key1", "ohmytext", "key2", "mynewtext"], client: "r3" },
      { cmd: ["LCS", "key1", "key2", "IDX", "WITHMATCHLEN"], client: "r3" },
      { cmd: ["GET", "nokey"], client: "r3" },
      { cmd: ["SET", "k", "v", "NX", "GET"], client: "r3" },
      { cmd: ["MGET", "key1", "nokey"], client: "r3" },
    ]);
    expect(ms, describeMismatches(ms)).toEqual([]);
  });
});
