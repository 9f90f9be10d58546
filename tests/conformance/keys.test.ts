/**
 * Differential tests for the generic key commands and OBJECT: the same scripts on the engine
 * and on a real redis-server 7.0.15, compared as RESP bytes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case } from "../support/differential";
import { exemptions } from "./exemptions";
import { Rng } from "../../engine/rng";

let d: Differential;
beforeAll(async () => {
  // DEBUG SET-ACTIVE-EXPIRE lets a test stop the background cycle, so a lazy-expiry case
  // cannot race with it on the real server.
  d = await Differential.start({ config: { "enable-debug-command": "yes" } });
});
afterAll(async () => d?.stop());
beforeEach(async () => d.reset());

const expectSame = async (cases: (Case | string[])[]) => {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
};
const unordered = (cmd: string[]): Case => ({ cmd, norm: exemptions.unordered });
const page = (cmd: string[]): Case => ({ cmd, norm: exemptions.scanPage });

const utf8 = (s: string) => Buffer.from(s, "utf8").toString("latin1");
const BIN = "a\0b\r\nc\xff\x80";

describe("DEL, UNLINK, EXISTS, TOUCH, TYPE", () => {
  it("count keys as Redis does, binary names included", async () => {
    await expectSame([
      ["SET", "a", "1"],
      ["SET", BIN, "bin"],
      ["SET", utf8("日本語"), "utf8"],
      ["SET", "", "empty name"],
      ["EXISTS", "a", "a", "nokey", BIN, utf8("日本語"), ""],
      ["TOUCH", "a", "a", "nokey", BIN],
      ["TYPE", "a"],
      ["TYPE", "nokey"],
      ["TYPE", ""],
      ["DEL", "a", "a", "nokey"],
      ["DEL", "a"],
      ["UNLINK", BIN, utf8("日本語"), BIN],
      ["UNLINK", ""],
      ["EXISTS", "a", BIN, ""],
      ["DEL"],
      ["UNLINK"],
      ["EXISTS"],
      ["TOUCH"],
      ["TYPE"],
      ["TYPE", "a", "b"],
    ]);
  });
});

describe("KEYS", () => {
  it("lists matches for hand-picked patterns", async () => {
    const keys = ["hello", "hallo", "hxllo", "heeello", "hllo", "h*llo", "h?llo", "h[a]llo", "h\\llo", "", "x", "X", "\xff", "\xe9", "]", "[", "^", "-", "a\0b"];
    const patterns = [
      "*", "**", "?", "h?llo", "h*llo", "h[ae]llo", "h[^e]llo", "h[a-e]llo", "h[e-a]llo", "h\\*llo", "h\\?llo",
      "h[\\]]llo", "h[", "h[a", "[", "[^", "[]", "[^]", "\\", "h\\", "*\\", "[\\", "[a-", "[-a]", "[]-a]",
      "[a-\xff]", "[\xff-a]", "[\x80-\xff]", "[^a-\xff]", "[A-\xe9]", "a\0*", "a?b", "*\0*", "", "x", "X", "[xX]",
      "*[*", "h[[]llo", "*l*l*o", "h*l*l*o*", "***", "*?*?*?*?*?*",
    ];
    await expectSame([...keys.map((k) => ["SET", k, "v"]), ...patterns.map((p) => unordered(["KEYS", p]))]);
  });

  it("agrees on 400 random patterns over a keyspace of tricky bytes", async () => {
    const rng = new Rng(2024);
    const keyBytes = ["a", "b", "A", "-", "]", "[", "^", "\\", "*", "?", "\xff", "\xe9", "\0"];
    const patBytes = [...keyBytes, "*", "*", "?", "[", "]", "^", "-", "\\"];
    const word = (alphabet: string[], max: number) => {
      let s = "";
      for (let n = rng.below(max + 1); n > 0; n--) s += alphabet[rng.below(alphabet.length)];
      return s;
    };
    const keys = new Set<string>();
    while (keys.size < 60) keys.add(word(keyBytes, 4));
    const cases: Case[] = [...keys].map((k) => ({ cmd: ["SET", k, "v"] }));
    for (let i = 0; i < 400; i++) cases.push(unordered(["KEYS", word(patBytes, 7)]));
    await expectSame(cases);
  });

  it("applies Redis' nesting limit to long '*' chains", async () => {
    const long = "a".repeat(1200);
    await expectSame([
      ["SET", long, "v"],
      ["SET", "short", "v"],
      unordered(["KEYS", "*a".repeat(1000)]),
      unordered(["KEYS", "*a".repeat(1001)]),
      unordered(["KEYS", `${"*a".repeat(1000)}*`]),
      unordered(["KEYS", `${"*a".repeat(1001)}*`]),
      unordered(["KEYS", "a*".repeat(900) + "b"]),
      unordered(["KEYS", `${"?*".repeat(999)}a`]),
    ]);
  });

  it("hides keys that have expired", async () => {
    await expectSame([
      ["SET", "live", "v"],
      ["SET", "dead", "v", "PX", "1"],
    ]);
    await new Promise((r) => setTimeout(r, 10));
    await expectSame([unordered(["KEYS", "*"]), unordered(["KEYS", "d*"]), ["KEYS"], ["KEYS", "a", "b"]]);
  });
});

describe("SCAN", () => {
  it("filters by MATCH and TYPE, and completes small keyspaces in one call", async () => {
    await expectSame([
      page(["SCAN", "0"]),
      ["SET", "user:1", "a"],
      ["SET", "user:2", "b"],
      ["SET", "order:1", "c"],
      ["SET", BIN, "d"],
      ["SET", "", "e"],
      page(["SCAN", "0"]),
      page(["SCAN", "0", "MATCH", "user:*"]),
      page(["SCAN", "0", "match", "*:1", "COUNT", "100"]),
      page(["SCAN", "0", "MATCH", "**"]),
      page(["SCAN", "0", "MATCH", "*"]),
      page(["SCAN", "0", "TYPE", "string"]),
      page(["SCAN", "0", "TYPE", "STRING"]),
      page(["SCAN", "0", "TYPE", "list"]),
      page(["SCAN", "0", "TYPE", "none"]),
      page(["SCAN", "0", "TYPE", "nosuchtype"]),
      page(["SCAN", "0", "TYPE", "string\0junk"]),
      page(["SCAN", "0", "TYPE", "str"]),
      page(["SCAN", "0", "MATCH", "x", "MATCH", "user:*", "TYPE", "list", "TYPE", "string"]),
      page(["SCAN", "0", "COUNT", "1000", "COUNT", "50"]),
      page(["SCAN", "0", "COUNT", "9223372036854775807"]),
    ]);
  });

  it("parses cursors as strtoul and options with Redis' errors", async () => {
    await expectSame([
      ["SET", "k", "v"],
      ...["", "+0", "-0", "0\0junk", "00"].map((cur) => page(["SCAN", cur])),
      ...[" 0", "0 ", "x", "0x1", "1.5", "+", "-", "18446744073709551616", "-18446744073709551616", "\t1", "1e3"].map((cur) => ["SCAN", cur]),
      ...["-1", "18446744073709551615", "-18446744073709551615", "12345678901234567890", "7"].map((cur) => ({
        cmd: ["SCAN", cur],
        norm: exemptions.scanShape,
      })),
      ["SCAN", "x", "COUNT", "0"],
      ["SCAN", "0", "COUNT", "0"],
      ["SCAN", "0", "COUNT", "-1"],
      ["SCAN", "0", "COUNT", "x"],
      ["SCAN", "0", "COUNT", "1.5"],
      ["SCAN", "0", "COUNT", "9223372036854775808"],
      ["SCAN", "0", "COUNT"],
      ["SCAN", "0", "MATCH"],
      ["SCAN", "0", "TYPE"],
      ["SCAN", "0", "FOO", "bar"],
      ["SCAN", "0", "COUNT", "0", "FOO"],
      ["SCAN", "0", "FOO", "COUNT", "0"],
      ["SCAN"],
    ]);
  });

  it("reaps expired keys that pass the filters", async () => {
    await expectSame([
      ["DEBUG", "SET-ACTIVE-EXPIRE", "0"],
      ["SET", "a", "v", "PX", "1"],
      ["SET", "b", "v", "PX", "1"],
      ["SET", "c", "v"],
    ]);
    await new Promise((r) => setTimeout(r, 10));
    await expectSame([
      ["DBSIZE"],
      page(["SCAN", "0", "MATCH", "[ac]"]),
      ["DBSIZE"],
      page(["SCAN", "0"]),
      ["DBSIZE"],
      ["DEBUG", "SET-ACTIVE-EXPIRE", "1"],
    ]);
  });
});

describe("RANDOMKEY", () => {
  it("is nil on an empty database and picks the only key there is", async () => {
    await expectSame([
      ["RANDOMKEY"],
      ["SET", BIN, "v"],
      ["RANDOMKEY"],
      ["SET", "other", "v"],
      { cmd: ["RANDOMKEY"], norm: exemptions.randomPick },
      ["RANDOMKEY", "x"],
    ]);
  });
});

describe("RENAME, RENAMENX", () => {
  it("follow Redis on missing, same and existing names, with the TTL", async () => {
    await expectSame([
      ["RENAME", "a", "b"],
      ["RENAME", "a", "a"],
      ["RENAMENX", "a", "a"],
      ["RENAMENX", "a", "b"],
      ["SET", "a", "1"],
      ["RENAME", "a", "a"],
      ["RENAMENX", "a", "a"],
      ["PEXPIREAT", "a", "99999999999999"],
      ["RENAME", "a", BIN],
      ["PEXPIRETIME", BIN],
      ["EXISTS", "a"],
      ["SET", "c", "3", "PX", "100000000"],
      ["RENAMENX", BIN, "c"],
      ["RENAME", BIN, "c"],
      ["PEXPIRETIME", "c"],
      ["GET", "c"],
      ["SET", "plain", "p"],
      ["RENAME", "plain", "c"],
      ["TTL", "c"],
      ["RENAMENX", "c", "d"],
      ["GET", "d"],
      ["OBJECT", "ENCODING", "d"],
      ["RENAME", "d"],
      ["RENAMENX", "d", "e", "f"],
    ]);
  });
});

describe("COPY", () => {
  it("copies value, encoding and TTL, within and across databases", async () => {
    await expectSame([
      ["SET", "raw", "x".repeat(50)],
      ["SET", "int", "42"],
      ["SET", "bigint", "123456789"],
      ["PEXPIREAT", "raw", "99999999999999"],
      ["COPY", "raw", "raw2"],
      ["OBJECT", "ENCODING", "raw2"],
      ["PEXPIRETIME", "raw2"],
      ["COPY", "int", "int2"],
      ["OBJECT", "REFCOUNT", "int"],
      ["OBJECT", "REFCOUNT", "int2"],
      ["OBJECT", "ENCODING", "int2"],
      ["COPY", "bigint", "bigint2"],
      ["OBJECT", "REFCOUNT", "bigint2"],
      ["COPY", "raw", "raw", "DB", "1"],
      ["COPY", "raw", "raw", "db", "1"],
      ["COPY", "raw", "raw", "DB", "1", "REPLACE"],
      ["COPY", "nokey", "x"],
      ["COPY", "int", "raw2"],
      ["COPY", "int", "raw2", "REPLACE"],
      ["TTL", "raw2"],
      ["GET", "raw2"],
      ["SELECT", "1"],
      ["GET", "raw"],
      ["PEXPIRETIME", "raw"],
      ["OBJECT", "ENCODING", "raw"],
      ["COPY", "raw", "x", "DB", "0"],
      ["SELECT", "0"],
      ["GET", "x"],
    ]);
  });

  it("answers Redis' errors in Redis' order", async () => {
    await expectSame([
      ["COPY", "a", "a"],
      ["COPY", "a", "a", "DB", "0"],
      ["COPY", "a", "a", "DB", "1"],
      ["COPY", "a", "b", "DB", "16"],
      ["COPY", "a", "b", "DB", "-1"],
      ["COPY", "a", "b", "DB", "x"],
      ["COPY", "a", "b", "DB", "1.0"],
      ["COPY", "a", "b", "DB", "4294967296"],
      ["COPY", "a", "b", "DB", "-2147483649"],
      ["COPY", "a", "b", "DB", "2147483647"],
      ["COPY", "a", "b", "DB"],
      ["COPY", "a", "b", "FOO"],
      ["COPY", "a", "b", "FOO", "DB", "x"],
      ["COPY", "a", "b", "DB", "x", "FOO"],
      ["COPY", "a", "b", "REPLACE", "DB", "99", "FOO"],
      ["COPY", "a"],
    ]);
  });
});

describe("MOVE", () => {
  it("moves keys with their TTL and answers Redis' errors", async () => {
    await expectSame([
      ["MOVE", "k", "1"],
      ["SET", "k", "v"],
      ["PEXPIREAT", "k", "99999999999999"],
      ["MOVE", "k", "0"],
      ["MOVE", "k", "16"],
      ["MOVE", "k", "-1"],
      ["MOVE", "k", "x"],
      ["MOVE", "k", "1.0"],
      ["MOVE", "k", "2147483648"],
      ["MOVE", "k", ""],
      ["MOVE", "k", "1"],
      ["EXISTS", "k"],
      ["SET", "k", "again"],
      ["MOVE", "k", "1"],
      ["SELECT", "1"],
      ["GET", "k"],
      ["PEXPIRETIME", "k"],
      ["MOVE", "k", "0"],
      ["SELECT", "0"],
      ["GET", "k"],
      ["PEXPIRETIME", "k"],
      ["MOVE", "k"],
    ]);
  });
});

describe("OBJECT", () => {
  it("reports encodings, shared integers and nil for missing keys", async () => {
    await expectSame([
      ["SET", "i", "12345"],
      ["SET", "zero", "0"],
      ["SET", "top", "9999"],
      ["SET", "big", "10000"],
      ["SET", "neg", "-1"],
      ["SET", "e", "x".repeat(44)],
      ["SET", "r", "x".repeat(45)],
      ["SET", "f", "1.5"],
      ["SET", "lead", "007"],
      ...["i", "zero", "top", "big", "neg", "e", "r", "f", "lead", "nokey"].flatMap((k) => [
        ["OBJECT", "ENCODING", k],
        ["OBJECT", "REFCOUNT", k],
      ]),
      ["OBJECT", "FREQ", "nokey"],
      ["OBJECT", "IDLETIME", "nokey"],
      { cmd: ["OBJECT", "IDLETIME", "i"], norm: exemptions.approx(1, 0) },
      ["OBJECT", "FREQ", "i"],
      ["object", "help"],
      ["OBJECT", "HELP", "x"],
      ["OBJECT", "foo", "k"],
      ["OBJECT", "ENCODING"],
      ["OBJECT", "ENCODING", "a", "b"],
      ["OBJECT"],
    ]);
  });

  it("switches IDLETIME and FREQ with the maxmemory policy", async () => {
    try {
      await expectSame([
        ["CONFIG", "SET", "maxmemory-policy", "allkeys-lfu"],
        ["SET", "k", "hello"],
        ["OBJECT", "FREQ", "k"],
        ["GET", "k"],
        ["OBJECT", "FREQ", "k"],
        ["OBJECT", "IDLETIME", "k"],
        ["CONFIG", "SET", "maxmemory-policy", "volatile-lru"],
        ["CONFIG", "SET", "maxmemory", "100mb"],
        ["SET", "n", "7"],
        ["OBJECT", "REFCOUNT", "n"],
        ["OBJECT", "FREQ", "n"],
      ]);
    } finally {
      await d.compare([
        ["CONFIG", "SET", "maxmemory-policy", "noeviction"],
        ["CONFIG", "SET", "maxmemory", "0"],
      ]);
    }
  });
});
