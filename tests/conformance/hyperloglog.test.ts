/**
 * HyperLogLog against real Redis 7.0: counts, and the exact bytes of the string (GET) after
 * every kind of change, since learners GET, STRLEN and SETRANGE their HLLs.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case } from "../support/differential";
import { Gen } from "../support/random-commands";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
});
afterAll(async () => d?.stop());
beforeEach(async () => d.reset());

async function same(cases: readonly (Case | string[])[]): Promise<void> {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
}

/** Distinct element names e<from>..e<to-1>, with a prefix so separate sets do not overlap. */
const names = (prefix: string, from: number, to: number): string[] =>
  Array.from({ length: to - from }, (_, i) => `${prefix}${from + i}`);

/** A random byte string of 0..maxLen bytes (any byte value). */
function randomBytes(g: Gen, maxLen: number): string {
  const n = g.int(0, maxLen);
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(g.int(0, 255));
  return s;
}

/** An 8-byte element: the little-endian bytes of n. */
const le64 = (n: bigint): string => {
  let s = "";
  for (let i = 0n; i < 8n; i++) s += String.fromCharCode(Number((n >> (8n * i)) & 0xffn));
  return s;
};
/** Elements whose hashes leave 33 and 36 as register values (2^-32 odds: found by brute force). */
const RUN_33 = le64(3130853818n);
const RUN_36 = le64(16048431967n);

const utf8 = (text: string): string => Buffer.from(text, "utf8").toString("latin1");

/** Reads one INFO field from both servers. */
async function infoField(section: string, field: string): Promise<{ engine: string; real: string }> {
  const r = await d.both(["INFO", section]);
  const pick = (text: string) => new RegExp(`${field}:([^\\r\\n]*)`).exec(text)?.[1] ?? "<missing>";
  return { engine: pick(r.engine), real: pick(r.real) };
}

describe("PFADD / PFCOUNT basics", () => {
  it("creates, adds, counts and caches exactly as Redis", async () => {
    await same([
      ["PFADD", "h"],
      ["GET", "h"],
      ["PFADD", "h"],
      ["PFADD", "h", "a", "b", "c"],
      ["GET", "h"],
      ["PFADD", "h", "a", "b", "c"],
      ["PFCOUNT", "h"],
      ["GET", "h"],
      ["PFCOUNT", "h"],
      ["TYPE", "h"],
      ["OBJECT", "ENCODING", "h"],
      ["STRLEN", "h"],
      ["PFADD", "h", "d"],
      ["GET", "h"],
      ["PFCOUNT", "nosuch"],
      ["PFCOUNT", "h", "nosuch"],
      ["PFADD"],
      ["PFCOUNT"],
      ["PFMERGE"],
      ["PFADD", "bin", "\x00", "\r\n", "\xff\xfe", "", utf8("日本"), "x".repeat(1000)],
      ["GET", "bin"],
      ["PFCOUNT", "bin"],
      ["EXISTS", "nosuch"],
    ]);
  });

  it("refuses other types and strings that are not HLLs", async () => {
    await same([
      ["SET", "s", "hello"],
      ["SET", "i", "12345"],
      ["SET", "big", "-9223372036854775808"],
      ["SET", "magic", "HYLL"],
      ["SET", "hdr15", "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"],
      ["SET", "enc2", "HYLL\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x7f\xff"],
      ["SET", "shortdense", "HYLL\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x7f\xff"],
      ["LPUSH", "l", "a"],
      ...["s", "i", "big", "magic", "hdr15", "enc2", "shortdense", "l"].flatMap((k) => [
        ["PFADD", k, "x"],
        ["PFADD", k],
        ["PFCOUNT", k],
        ["PFCOUNT", k, "s"],
        ["PFCOUNT", "nosuch", k],
        ["PFMERGE", "dst", k],
        ["PFMERGE", k, "nosuch"],
        ["PFDEBUG", "ENCODING", k],
        ["GET", k],
        ["OBJECT", "ENCODING", k],
      ]),
      ["EXISTS", "dst"],
    ]);
  });

  it("treats a valid HLL set with SET (an embstr) as an HLL and unshares it to raw", async () => {
    const s = await d.session();
    await s.real.call("PFADD", "src", "a", "b");
    s.engine.execute(["PFADD", "src", "a", "b"]);
    const bytes = (await s.real.call("GET", "src")).reply;
    expect(bytes.t).toBe("bulk");
    const v = (bytes as { v: string }).v;
    await same([
      ["SET", "copy", v],
      ["OBJECT", "ENCODING", "copy"],
      ["PFCOUNT", "copy", "src"],
      ["OBJECT", "ENCODING", "copy"],
      ["PFCOUNT", "copy"],
      ["OBJECT", "ENCODING", "copy"],
      ["SET", "copy2", v],
      ["PFADD", "copy2"],
      ["OBJECT", "ENCODING", "copy2"],
      ["SET", "copy3", v],
      ["PFMERGE", "other", "copy3"],
      ["OBJECT", "ENCODING", "copy3"],
      ["PFMERGE", "copy3"],
      ["OBJECT", "ENCODING", "copy3"],
      ["GET", "copy3"],
      ["GET", "other"],
      // Editing an HLL keeps the key's TTL.
      ["EXPIREAT", "copy", "4000000000"],
      ["PFADD", "copy", "zz"],
      ["EXPIRETIME", "copy"],
      ["PFMERGE", "copy", "src"],
      ["PFCOUNT", "copy"],
      ["EXPIRETIME", "copy"],
    ]);
  });
});

describe("sparse and dense representations", () => {
  it("matches byte for byte after every single-element PFADD through the sparse→dense promotion", async () => {
    const cases: string[][] = [];
    for (const e of names("e", 0, 2600)) cases.push(["PFADD", "h", e], ["GET", "h"]);
    cases.push(["PFCOUNT", "h"], ["GET", "h"], ["PFDEBUG", "ENCODING", "h"]);
    await same(cases);
  });

  it("matches counts and bytes for many sizes, added in batches", async () => {
    const cases: string[][] = [];
    const sizes = [1, 2, 5, 10, 50, 100, 300, 500, 1000, 1500, 2000, 3000, 5000, 10_000, 20_000, 50_000, 120_000];
    let done = 0;
    for (const n of sizes) {
      for (let at = done; at < n; at += 1000) {
        cases.push(["PFADD", "big", ...names("member:", at, Math.min(n, at + 1000))]);
      }
      done = n;
      cases.push(["PFCOUNT", "big"], ["GET", "big"], ["STRLEN", "big"]);
      // A separate key per size, filled in one command.
      if (n <= 20_000) cases.push(["PFADD", `one:${n}`, ...names("x", 0, n)], ["PFCOUNT", `one:${n}`], ["GET", `one:${n}`]);
    }
    await same(cases);
  });

  it("matches counts for random binary elements", async () => {
    const g = new Gen(4242);
    const cases: string[][] = [];
    for (let round = 0; round < 40; round++) {
      const batch = Array.from({ length: g.int(1, 800) }, () => randomBytes(g, 24));
      cases.push(["PFADD", "r", ...batch], ["PFCOUNT", "r"]);
      if (round % 5 === 0) cases.push(["GET", "r"]);
    }
    cases.push(["GET", "r"]);
    await same(cases);
  });

  it("follows CONFIG SET hll-sparse-max-bytes, including promotion on a register above 32", async () => {
    const cases: string[][] = [["CONFIG", "SET", "hll-sparse-max-bytes", "40"]];
    for (const e of names("p", 0, 40)) cases.push(["PFADD", "small", e], ["GET", "small"]);
    cases.push(["CONFIG", "SET", "hll-sparse-max-bytes", "0"], ["PFADD", "zero", "a"], ["GET", "zero"]);
    cases.push(["PFADD", "zero2"], ["GET", "zero2"], ["PFADD", "zero2", "a", "b"], ["PFDEBUG", "ENCODING", "zero2"]);
    cases.push(["CONFIG", "SET", "hll-sparse-max-bytes", "100000"]);
    cases.push(["PFADD", "large", ...names("q", 0, 6000)], ["GET", "large"], ["PFCOUNT", "large"]);
    cases.push(["PFDEBUG", "ENCODING", "large"], ["PFDEBUG", "DECODE", "large"]);
    // Elements whose hash has a run of 32+ zeros (found by search) need a register above 32,
    // which the sparse code cannot hold: the HLL turns dense however small it is.
    cases.push(["PFADD", "large", RUN_33], ["PFDEBUG", "ENCODING", "large"], ["GET", "large"], ["PFCOUNT", "large"]);
    cases.push(["PFADD", "tiny", "a"], ["PFADD", "tiny", RUN_36], ["PFDEBUG", "ENCODING", "tiny"], ["GET", "tiny"]);
    cases.push(["PFADD", "tiny2", RUN_33, RUN_36], ["GET", "tiny2"], ["PFCOUNT", "tiny2"], ["PFCOUNT", "tiny2", "tiny"]);
    await same(cases);
  });
});

describe("PFCOUNT of several keys and PFMERGE", () => {
  it("counts unions on the fly and merges sparse and dense HLLs", async () => {
    const cases: string[][] = [
      ["PFADD", "s1", ...names("a", 0, 100)],
      ["PFADD", "s2", ...names("a", 50, 250)],
      ["PFADD", "d1", ...names("a", 0, 5000)],
      ["PFADD", "d2", ...names("b", 0, 8000)],
      ["PFCOUNT", "s1", "s2"],
      ["PFCOUNT", "s1", "s2", "nosuch"],
      ["PFCOUNT", "s1", "d1"],
      ["PFCOUNT", "d1", "d2", "s2", "s1"],
      ["PFCOUNT", "s1", "s1"],
      ["GET", "s1"],
      ["PFMERGE", "m1", "s1", "s2"],
      ["GET", "m1"],
      ["PFCOUNT", "m1"],
      ["PFMERGE", "m2", "s1", "d1"],
      ["GET", "m2"],
      ["PFMERGE", "m1", "d2"],
      ["GET", "m1"],
      ["PFCOUNT", "m1"],
      ["PFMERGE", "m3"],
      ["GET", "m3"],
      ["PFMERGE", "m4", "nosuch", "nosuch2"],
      ["GET", "m4"],
      ["PFCOUNT", "s2"],
      ["PFMERGE", "s2", "s1"],
      ["GET", "s2"],
      ["PFMERGE", "s2", "s2"],
      ["GET", "s2"],
      ["PFCOUNT", "d1"],
      ["PFMERGE", "d1", "s1"],
      ["GET", "d1"],
    ];
    // Many sparse sources whose union outgrows the sparse limit while merging.
    for (let i = 0; i < 6; i++) cases.push(["PFADD", `sp${i}`, ...names(`z${i}-`, 0, 400)]);
    cases.push(["PFMERGE", "union", "sp0", "sp1", "sp2", "sp3", "sp4", "sp5"], ["GET", "union"], ["PFCOUNT", "union"]);
    cases.push(["PFCOUNT", "sp0", "sp1", "sp2", "sp3", "sp4", "sp5"]);
    await same(cases);
  });

  it("keeps the header bytes (cached cardinality, unused bytes) the way Redis does", async () => {
    await same([
      ["PFADD", "h", "a", "b", "c", "d"],
      ["PFCOUNT", "h"],
      // Unused header bytes survive the promotion to dense and every edit.
      ["SETRANGE", "h", "5", "\x01\x02\x03"],
      ["PFADD", "h", ...names("n", 0, 3000)],
      ["GET", "h"],
      ["PFCOUNT", "h"],
      ["GET", "h"],
      ["PFMERGE", "h2", "h"],
      ["GET", "h2"],
      ["PFCOUNT", "h2"],
      ["PFMERGE", "h2", "h"],
      ["GET", "h2"],
      // A cached value that was not computed is believed as long as its top bit is clear.
      ["SETRANGE", "h", "8", "\x39\x30\x00\x00\x00\x00\x00\x00"],
      ["PFCOUNT", "h"],
      ["SETRANGE", "h", "8", "\xff\xff\xff\xff\xff\xff\xff\x7f"],
      ["PFCOUNT", "h"],
      ["SETRANGE", "h", "8", "\xff\xff\xff\xff\xff\xff\x3f\x00"],
      ["PFCOUNT", "h"],
      ["PFADD", "h", "fresh-element-1", "fresh-element-2", "fresh-element-3"],
      ["GET", "h"],
    ]);
  });
});

describe("corrupted HLLs", () => {
  it("detects broken sparse codes as Redis does", async () => {
    const hdr = "HYLL\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80";
    const bodies = [
      "", // no opcodes at all
      "\x7f\xfe", // XZERO covering 16383 registers: one short
      "\x7f\xff\x00", // one register too many
      "\x7f", // an XZERO cut in half
      "\x7f\xff\x7f\xff", // twice the registers
      "\x80\x7f\xfe", // VAL then XZERO: a valid layout
      "\xfc\x7f\xfe", // VAL 32
      "\x40\x00\x7f\xfe", // XZERO of length 1
      "\x00\x7f\xfe", // ZERO of length 1
      "\x83\x83\x7f\xfb", // two mergeable VALs
      "\x7f\xfb\x83", // 4 registers at the end
      "\x7f\xfb\x83\x00", // and one more
    ];
    const cases: string[][] = [];
    bodies.forEach((body, i) => {
      const k = `c${i}`;
      cases.push(
        ["SET", k, hdr + body],
        ["PFCOUNT", k],
        ["PFCOUNT", k, "nosuch"],
        ["PFADD", k, "a", "b", "c", "foo", "bar"],
        ["GET", k],
        ["PFDEBUG", "DECODE", k],
        ["PFADD", k, ...names("y", 0, 50)],
        ["GET", k],
        ["PFMERGE", `m${i}`, k],
        ["EXISTS", `m${i}`],
        ["PFDEBUG", "TODENSE", k],
        ["SET", k, hdr + body],
        ["PFDEBUG", "GETREG", k],
        ["PFDEBUG", "ENCODING", k],
      );
    });
    await same(cases);
  });

  it("counts dense HLLs with impossible register values as Redis does", async () => {
    const dense = (fill: (i: number) => number): string => {
      const b = new Uint8Array(12288 + 1);
      for (let i = 0; i < 16384; i++) {
        const bit = i * 6;
        const x = fill(i) << (bit & 7);
        b[bit >> 3] |= x & 0xff;
        b[(bit >> 3) + 1] |= x >> 8;
      }
      return "HYLL\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x80" + Buffer.from(b.subarray(0, 12288)).toString("latin1");
    };
    const cases: string[][] = [];
    const fills: ((i: number) => number)[] = [() => 63, () => 50, () => 51, (i) => i % 52, (i) => (i % 7 === 0 ? 40 : 3), () => 0, (i) => i & 63];
    fills.forEach((f, i) => {
      cases.push(["SET", `d${i}`, dense(f)], ["PFCOUNT", `d${i}`], ["GETRANGE", `d${i}`, "0", "15"], ["PFCOUNT", `d${i}`, "nosuch"]);
      cases.push(["PFADD", `d${i}`, "a", "b"], ["PFMERGE", `dm${i}`, `d${i}`], ["GETRANGE", `dm${i}`, "0", "40"], ["PFCOUNT", `dm${i}`]);
    });
    cases.push(["SET", "d1", dense(() => 50) + "x"], ["PFCOUNT", "d1"], ["PFADD", "d1", "q"]);
    await same(cases);
  });

  it("agrees after random byte edits (SETRANGE) of sparse and dense HLLs", async () => {
    const g = new Gen(777);
    const cases: string[][] = [];
    for (let round = 0; round < 150; round++) {
      const k = `f${round % 10}`;
      const size = g.pick([3, 30, 300, 3000]);
      cases.push(["DEL", k], ["PFADD", k, ...names(`r${round}-`, 0, size)]);
      const len = size >= 3000 ? 12304 : 60;
      for (let e = g.int(1, 3); e > 0; e--) {
        const at = g.chance(0.2) ? g.int(0, 15) : g.int(16, len);
        cases.push(["SETRANGE", k, String(at), randomBytes(g, 3) || "\x00"]);
      }
      cases.push(
        g.pick([["PFCOUNT", k], ["PFCOUNT", k, `f${(round + 1) % 10}`], ["PFADD", k, ...names("t", 0, g.int(0, 40))], ["PFMERGE", `f${(round + 3) % 10}`, k]]),
        ["PFDEBUG", "ENCODING", k],
        ["PFADD", k, ...names("u", 0, g.int(0, 200))],
        ["PFCOUNT", k],
        ["GET", k],
      );
    }
    await same(cases);
  });
});

describe("PFDEBUG", () => {
  it("reports registers, opcodes and encodings, and converts to dense", async () => {
    await same([
      ["PFDEBUG", "GETREG", "nosuch"],
      ["PFDEBUG", "nosuchsub", "nosuch"],
      ["PFADD", "h", "a", "b", "c"],
      ["PFDEBUG", "nosuchsub", "h"],
      ["PFDEBUG", "Decode\x00x", "h"],
      ["PFDEBUG", "bad\x00x", "h"],
      ["PFDEBUG", "DECODE", "h"],
      ["PFDEBUG", "encoding", "h"],
      ["PFDEBUG", "GETREG", "h"],
      ["PFDEBUG", "ENCODING", "h"],
      ["PFDEBUG", "DECODE", "h"],
      ["GET", "h"],
      ["PFADD", "h2", "x"],
      ["PFDEBUG", "TODENSE", "h2"],
      ["PFDEBUG", "TODENSE", "h2"],
      ["GET", "h2"],
      ["PFDEBUG", "GETREG"],
      ["PFDEBUG", "GETREG", "h", "x"],
    ]);
  });
});

describe("bookkeeping", () => {
  it("counts changes (dirty) and keyspace hits and misses like Redis", async () => {
    const fields = [
      ["persistence", "rdb_changes_since_last_save"],
      ["stats", "keyspace_hits"],
      ["stats", "keyspace_misses"],
    ] as const;
    const read = async () => Promise.all(fields.map(([section, field]) => infoField(section, field)));
    const before = await read();
    await same([
      ["PFADD", "h", ...names("a", 0, 20)],
      ["PFADD", "h", ...names("a", 0, 20)],
      ["PFCOUNT", "h"],
      ["PFCOUNT", "h"],
      ["PFCOUNT", "h", "nosuch"],
      ["PFMERGE", "m", "h", "nosuch"],
      ["PFDEBUG", "TODENSE", "m"],
      ["PFDEBUG", "GETREG", "h"],
      ["PFADD", "nosuch2"],
      ["PFADD", "m", "x", "y"],
    ]);
    const after = await read();
    fields.forEach(([, field], i) => {
      const delta = (side: "engine" | "real") => Number(after[i][side]) - Number(before[i][side]);
      expect(delta("engine"), field).toBe(delta("real"));
      expect(delta("real"), field).toBeGreaterThan(0);
    });
  });
});
