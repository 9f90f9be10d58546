/**
 * The options of SCAN, HSCAN, SSCAN and ZSCAN (one parser, engine/commands/scan-args.ts)
 * against redis-server 7.0: COUNT's integer rules and its lower bound, missing values,
 * repeated options (the last wins; the first bad one answers), option names matched as C
 * strings (case-insensitive, ending at a NUL byte), TYPE only for SCAN, and the order of
 * checks (cursor, then key and type, then options) for the commands that take a key.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case, type Mismatch } from "../support/differential";
import { exemptions } from "./exemptions";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
});
afterAll(async () => d?.stop());
beforeEach(async () => d.reset());

const ok = (ms: Mismatch[]) => expect(ms, describeMismatches(ms)).toEqual([]);
const compare = async (...cases: (string[] | Case)[]) => ok(await d.compare(cases));

/** Option lists every SCAN-family command answers the same way (apart from TYPE). */
const OPTIONS: string[][] = [
  [],
  ["COUNT", "1"],
  ["COUNT", "0"],
  ["COUNT", "-1"],
  ["COUNT", "x"],
  ["COUNT", ""],
  ["COUNT", "1.5"],
  ["COUNT", " 5"],
  ["COUNT", "+5"],
  ["COUNT", "05"],
  ["COUNT", "-0"],
  ["COUNT", "9223372036854775807"],
  ["COUNT", "9223372036854775808"],
  ["COUNT", "-9223372036854775808"],
  ["COUNT"],
  ["MATCH"],
  ["MATCH", "f*"],
  ["MATCH", "*"],
  ["MATCH", "**"],
  ["MATCH", "[a-"],
  ["MATCH", "f\0*"],
  ["match", "*1", "count", "100"],
  ["MaTcH", "*2"],
  ["COUNT\0junk", "100"],
  ["MATCH\0", "*1"],
  ["COUNTX", "5"],
  ["COUN", "5"],
  ["COUNT", "1", "COUNT", "0"],
  ["COUNT", "0", "COUNT", "1"],
  ["COUNT", "x", "COUNT", "0"],
  ["COUNT", "0", "COUNT", "x"],
  ["COUNT", "5", "BOGUS"],
  ["BOGUS", "COUNT", "x"],
  ["COUNT", "x", "BOGUS"],
  ["MATCH", "nothing", "MATCH", "*1"],
  ["MATCH", "*1", "MATCH", "*"],
  ["MATCH", "*1", "COUNT"],
  ["MATCH", "*1", "COUNT", "0", "MATCH"],
  ["BOGUS"],
  ["BOGUS", "1"],
  ["NOVALUES"],
  ["WITHSCORES"],
  ["TYPE"],
  ["TYPE", "string"],
  ["TYPE", "hash", "COUNT", "0"],
  ["COUNT", "100", "TYPE", "hash"],
];

/** A page of one from a hash table depends on Redis' hash seed: not for hashtable encodings. */
const PARTIAL = JSON.stringify(["COUNT", "1"]);
const whole = (opts: string[]) => JSON.stringify(opts) !== PARTIAL;

/** SCAN's own: TYPE with its value compared as a C string, case-insensitive. */
const SCAN_ONLY: string[][] = [
  ["TYPE", "hash"],
  ["TYPE", "HASH"],
  ["TYPE", "set", "TYPE", "zset"],
  ["TYPE", "nosuchtype"],
  ["TYPE", "none"],
  ["TYPE", ""],
  ["TYPE", "zset\0junk"],
  ["TYPE\0x", "set"],
  ["type", "string", "match", "*", "count", "10"],
  ["TYPE", "string", "COUNT", "0"],
  ["TYPE", "string", "BOGUS"],
];

async function populate(): Promise<void> {
  await compare(
    ["HSET", "h", "f1", "1", "f2", "2", "g3", "3"],
    ["SADD", "s", "f1", "f2", "g3"],
    ["SADD", "i", "1", "2", "12"],
    ["ZADD", "z", "1", "f1", "2", "f2", "3", "g3"],
    ["SET", "str", "x"],
  );
}

describe("SCAN-family options", () => {
  it("SCAN", async () => {
    await populate();
    // The keyspace is a hash table: compare each page's keys as a set (one call covers it).
    await compare(...[...OPTIONS, ...SCAN_ONLY].filter(whole).map((opts) => ({ cmd: ["SCAN", "0", ...opts], norm: exemptions.scanPage })));
  });

  for (const [cmd, key] of [
    ["HSCAN", "h"],
    ["SSCAN", "s"],
    ["SSCAN", "i"],
    ["ZSCAN", "z"],
  ]) {
    it(`${cmd} on ${key}`, async () => {
      await populate();
      // listpack / intset encodings reply in their own deterministic order; a set of strings
      // is a hash table (7.0 has no listpack sets), compared as a set.
      if (key === "s") await compare(...OPTIONS.filter(whole).map((opts) => ({ cmd: [cmd, key, "0", ...opts], norm: exemptions.scanPage })));
      else await compare(...OPTIONS.map((opts) => [cmd, key, "0", ...opts]));
    });
  }

  for (const cmd of ["HSCAN", "SSCAN", "ZSCAN"]) {
    it(`${cmd}: cursor first, then the key, then the options`, async () => {
      await populate();
      await compare(
        [cmd, "nokey", "x"],
        [cmd, "nokey", "x", "COUNT", "0"],
        [cmd, "nokey", "0", "COUNT", "0"],
        [cmd, "nokey", "0", "COUNT", "x"],
        [cmd, "nokey", "0", "BOGUS"],
        [cmd, "nokey", "0", "TYPE", "string"],
        [cmd, "str", "0", "COUNT", "0"],
        [cmd, "str", "x", "COUNT", "0"],
        [cmd, "str", "0", "BOGUS"],
      );
    });
  }

  it("HSCAN, SSCAN and ZSCAN of hashtable / skiplist encodings take the same options", async () => {
    const many = Array.from({ length: 200 }, (_, i) => `m${i}`);
    await compare(
      ["HSET", "bh", ...many.flatMap((m) => [m, "v"])],
      ["SADD", "bs", ...many],
      ["ZADD", "bz", ...many.flatMap((m, i) => [String(i), m])],
    );
    const cases: Case[] = [];
    for (const [cmd, key] of [
      ["HSCAN", "bh"],
      ["SSCAN", "bs"],
      ["ZSCAN", "bz"],
    ]) {
      for (const opts of [["COUNT", "1000"], ["COUNT", "1000", "MATCH", "m1*"], ["COUNT", "0"], ["COUNT", "1000", "TYPE", "set"], ["MATCH", "m1*", "COUNT", "x"]]) {
        cases.push({ cmd: [cmd, key, "0", ...opts], norm: exemptions.scanPage });
      }
    }
    await compare(...cases);
  });
});
