/**
 * Differential tests for DEBUG against a real redis-server 7.0: HELP, the argument errors,
 * DEBUG OBJECT's line for every type the engine has (serializedlength included), SLEEP,
 * SET-ACTIVE-EXPIRE, and the refusal when enable-debug-command does not allow DEBUG.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case } from "../support/differential";
import { exemptions } from "./exemptions";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start({ config: { "enable-debug-command": "yes" } });
});
afterAll(async () => d?.stop());
beforeEach(async () => d.reset());

const dbg = (key: string): Case => ({ cmd: ["DEBUG", "OBJECT", key], norm: exemptions.debugObject });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function expectSame(cases: (Case | string[])[]): Promise<void> {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
}

describe("DEBUG", () => {
  it("answers HELP and argument errors exactly", async () => {
    await expectSame([
      ["DEBUG", "HELP"],
      ["debug", "help"],
      ["DEBUG", "HELP", "x"],
      ["DEBUG"],
      ["DEBUG", "nosuch"],
      ["debug", "NoSuch", "a", "b"],
      ["DEBUG", "OBJECT"],
      ["DEBUG", "OBJECT", "a", "b"],
      ["DEBUG", "SLEEP"],
      ["DEBUG", "SET-ACTIVE-EXPIRE"],
      ["DEBUG", "SET-ACTIVE-EXPIRE", "1", "2"],
      ["DEBUG", "OBJECT", "nokey"],
      ["DEBUG", "x".repeat(200)],
    ]);
  });

  it("describes strings: shared and private integers, embstr, raw, compressible and binary", async () => {
    const cases: (Case | string[])[] = [];
    const values = [
      "0", "1", "9999", "10000", "-1", "127", "128", "-128", "-129", "32767", "32768", "2147483647", "2147483648",
      "-2147483648", "-2147483649", "9223372036854775807", "-9223372036854775808", "123456789012", "007", "+1", " 1",
      "1.5", "", "a", "x".repeat(20), "x".repeat(21), "x".repeat(44), "x".repeat(45), "ab".repeat(100),
      "\x00\x01\x02\xff".repeat(30), "The quick brown fox jumps over the lazy dog. ".repeat(5),
    ];
    values.forEach((v, i) => cases.push(["SET", `s${i}`, v], dbg(`s${i}`)));
    // Values that bypass tryObjectEncoding: APPEND and SETRANGE results, INCR results.
    cases.push(["APPEND", "ap", "12345"], dbg("ap"), ["APPEND", "ap", "678901"], dbg("ap"), ["APPEND", "ap", "2"], dbg("ap"));
    cases.push(["SETRANGE", "sr", "0", "42"], dbg("sr"), ["INCRBY", "n", "100000"], dbg("n"), ["INCR", "m"], dbg("m"));
    cases.push(["SET", "ex", "v", "EX", "100"], dbg("ex"));
    await expectSame(cases);
  });

  it("keeps serializedlength exact as rdbcompression changes", async () => {
    await expectSame([
      ["SET", "s", "ab".repeat(100)],
      ["RPUSH", "l", ..."abcdefghij".split("").map((c) => c.repeat(30))],
      dbg("s"),
      dbg("l"),
      ["CONFIG", "SET", "rdbcompression", "no"],
      dbg("s"),
      dbg("l"),
      ["CONFIG", "SET", "rdbcompression", "yes"],
    ]);
  });

  it("describes hashes, sets and sorted sets in each encoding", async () => {
    const cases: (Case | string[])[] = [];
    cases.push(["HSET", "h", "f1", "v1", "n", "12", "big", "z".repeat(30)], dbg("h"));
    cases.push(["HSET", "h2", ...Array.from({ length: 200 }, (_, i) => [`field${i}`, `value${i % 7}`]).flat()], dbg("h2"));
    cases.push(["HSET", "h3", "f", "v".repeat(100)], dbg("h3"));
    cases.push(["SADD", "si", "1", "2", "3", "-5", "100000"], dbg("si"));
    cases.push(["SADD", "si64", "1", "9223372036854775807"], dbg("si64"));
    cases.push(["SADD", "ss", "a", "b", "c"], dbg("ss"));
    cases.push(["SADD", "sbig", ...Array.from({ length: 600 }, (_, i) => String(i))], dbg("sbig"));
    cases.push(["ZADD", "z", "1", "a", "2.5", "b", "-3", "c", "1e20", "d", "inf", "e"], dbg("z"));
    cases.push(["ZADD", "z2", ...Array.from({ length: 200 }, (_, i) => [String(i / 3), `m${i}`]).flat()], dbg("z2"));
    await expectSame(cases);
  });

  it("sleeps and answers OK, whatever the argument", async () => {
    await expectSame([["DEBUG", "SLEEP", "0"], ["DEBUG", "SLEEP", "0.01"], ["DEBUG", "SLEEP", "abc"], ["DEBUG", "SLEEP", "-1"], ["debug", "sleep", "0.001x"]]);
  });

  it("stops and restarts the active expiry cycle with SET-ACTIVE-EXPIRE", async () => {
    await expectSame([
      ["DEBUG", "SET-ACTIVE-EXPIRE", "0"],
      ["SET", "a", "1", "PX", "30"],
      ["SET", "b", "1", "PX", "30"],
    ]);
    await sleep(400);
    await expectSame([["DBSIZE"], ["DEBUG", "SET-ACTIVE-EXPIRE", "1"]]);
    await sleep(400);
    await expectSame([["DBSIZE"], ["DEBUG", "SET-ACTIVE-EXPIRE", "abc"], ["SET", "c", "1", "PX", "30"]]);
    await sleep(400);
    await expectSame([["DBSIZE"], ["DEBUG", "SET-ACTIVE-EXPIRE", "2"]]);
    await sleep(400);
    await expectSame([["DBSIZE"]]);
  });
});

// -- POPULATE and LOG --
describe("DEBUG POPULATE and LOG", () => {
  it("fills keys as Redis does: names, values, padding, existing keys kept, argument errors", async () => {
    await expectSame([
      ["SET", "key:1", "mine"],
      ["DEBUG", "POPULATE", "3"],
      ["MGET", "key:0", "key:1", "key:2", "key:3"],
      ["DEBUG", "POPULATE", "2", "p", "10"],
      ["MGET", "p:0", "p:1"],
      ["DEBUG", "POPULATE", "2", "q", "3"],
      ["MGET", "q:0", "q:1"],
      ["DEBUG", "POPULATE", "1", "z", "0"],
      ["GET", "z:0"],
      ["DEBUG", "POPULATE", "2", "", "60"],
      ["GET", ":1"],
      ["OBJECT", "ENCODING", ":1"],
      ["OBJECT", "ENCODING", "p:0"],
      ["DEBUG", "POPULATE", "1", "x".repeat(200)],
      ["EXISTS", "x".repeat(127)],
      ["DEBUG", "POPULATE", "0"],
      ["DBSIZE"],
      ["DEBUG", "POPULATE", "-1"],
      ["DEBUG", "POPULATE", "abc"],
      ["DEBUG", "POPULATE", "1", "k", "-1"],
      ["DEBUG", "POPULATE", "1", "k", "x"],
      ["DEBUG", "POPULATE"],
      ["DEBUG", "POPULATE", "1", "k", "1", "2"],
      ["INFO", "keyspace"],
    ]);
  });

  it("does not count populated keys as changes since the last save", async () => {
    const dirty = async () => {
      const real = /rdb_changes_since_last_save:(\d+)/.exec((await d.both(["INFO", "persistence"])).real)?.[1];
      return { engine: d.engine.stats.dirty, real: Number(real) };
    };
    const before = await dirty();
    await expectSame([["DEBUG", "POPULATE", "5"], ["DBSIZE"]]);
    const after = await dirty();
    expect(after.engine - before.engine).toBe(after.real - before.real);
  });

  it("answers DEBUG LOG with OK and checks its arguments", async () => {
    await expectSame([["DEBUG", "LOG", "hello"], ["DEBUG", "LOG"], ["DEBUG", "LOG", "a", "b"]]);
  });
});

describe("enable-debug-command", () => {
  for (const mode of ["no", "local"]) {
    it(`refuses or allows DEBUG with enable-debug-command ${mode}`, async () => {
      const other = await Differential.start({ config: { "enable-debug-command": mode } });
      try {
        const ms = await other.compare([
          ["DEBUG", "HELP"],
          ["DEBUG", "OBJECT", "k"],
          ["DEBUG"],
          ["DEBUG", "nosuch"],
          ["CONFIG", "SET", "enable-debug-command", "yes"],
          ["CONFIG", "GET", "enable-debug-command"],
          ["INFO", "errorstats"],
        ]);
        expect(ms, describeMismatches(ms)).toEqual([]);
      } finally {
        await other.stop();
      }
    });
  }
});
