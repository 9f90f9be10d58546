/**
 * Differential tests for the bitmap commands: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP,
 * BITFIELD and BITFIELD_RO against a real redis-server 7.0, byte for byte. Hand-written edge
 * cases first (binary values, offsets near the limits, every BITFIELD width and overflow
 * mode, argument errors in Redis' order), then seeded random sequences that mix these with
 * SET/APPEND/SETRANGE on a small keyspace and compare the stored bytes and encodings.
 * A failing seed is named in the message; replay it with RANDOM_SEEDS=<seed>.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case } from "../support/differential";
import { Gen, seeds } from "../support/random-commands";
import { exemptions } from "./exemptions";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
});
afterAll(async () => d?.stop());
beforeEach(async () => d.reset());

async function expectSame(cases: readonly (Case | string[])[], label = ""): Promise<void> {
  const ms = await d.compare(cases);
  expect(ms, `${label}\n${describeMismatches(ms.slice(0, 8))}`).toEqual([]);
}

/** A list at `key` on both sides (for the WRONGTYPE paths). */
async function makeList(key: string): Promise<void> {
  await d.compare([["RPUSH", key, "a"]]);
}

const BIN = "\x00\r\n\xff\x80\x7f\x01";
const UTF8 = Buffer.from("héllo 日本 😀", "utf8").toString("latin1");

describe("SETBIT / GETBIT", () => {
  it("set, clear, grow and read bits on new, binary, int and embstr values", async () => {
    await expectSame([
      ["SETBIT", "k", "7", "1"],
      ["GET", "k"],
      ["OBJECT", "ENCODING", "k"],
      ["SETBIT", "k", "7", "1"],
      ["SETBIT", "k", "0", "1"],
      ["SETBIT", "k", "100", "0"],
      ["GET", "k"],
      ["STRLEN", "k"],
      ["GETBIT", "k", "0"],
      ["GETBIT", "k", "7"],
      ["GETBIT", "k", "99"],
      ["GETBIT", "k", "100000"],
      ["GETBIT", "k", "4294967295"],
      ["GETBIT", "nokey", "3"],
      ["SET", "b", BIN],
      ["SETBIT", "b", "8", "1"],
      ["SETBIT", "b", "31", "0"],
      ["SETBIT", "b", "55", "0"],
      ["GET", "b"],
      ["SET", "u", UTF8],
      ...Array.from({ length: 24 }, (_, i) => ["GETBIT", "u", String(i * 5)]),
      ["SETBIT", "u", "9", "1"],
      ["GET", "u"],
      ["SET", "n", "123"],
      ["OBJECT", "ENCODING", "n"],
      ["GETBIT", "n", "2"],
      ["GETBIT", "n", "23"],
      ["SETBIT", "n", "0", "0"],
      ["OBJECT", "ENCODING", "n"],
      ["GET", "n"],
      ["SET", "n", "-9223372036854775808"],
      ["SETBIT", "n", "6", "0"],
      ["GET", "n"],
      ["OBJECT", "ENCODING", "n"],
      ["SET", "e", "hello"],
      ["SETBIT", "e", "2", "1"],
      ["OBJECT", "ENCODING", "e"],
      ["GET", "e"],
      ["SET", "empty", ""],
      ["GETBIT", "empty", "0"],
      ["SETBIT", "empty", "3", "1"],
      ["GET", "empty"],
    ]);
  });

  it("offset and bit errors, wrong types and TTLs", async () => {
    await makeList("l");
    await expectSame([
      ...["-1", "4294967296", "x", "1.5", "", " 1", "1 ", "#1", "+1", "01", "99999999999999999999", "-9223372036854775808"].flatMap(
        (off) => [
          ["SETBIT", "l", off, "1"],
          ["GETBIT", "l", off],
        ],
      ),
      ...["2", "-1", "1.0", "x", "", "01", "+1", "1\0"].map((bit) => ["SETBIT", "l", "0", bit]),
      ["SETBIT", "l", "0", "1"],
      ["GETBIT", "l", "0"],
      ["SETBIT", "k"],
      ["GETBIT", "k", "0", "1"],
      ["SET", "t", "x", "EX", "100"],
      ["SETBIT", "t", "0", "1"],
      ["TTL", "t"],
      ["GET", "t"],
    ]);
  });

  it("offsets at the proto-max-bulk-len limit", async () => {
    const limit = 1024 * 1024;
    await expectSame([
      ["CONFIG", "SET", "proto-max-bulk-len", String(limit)],
      ["SETBIT", "k", String(limit * 8), "1"],
      ["SETBIT", "k", String(limit * 8 - 1), "1"],
      ["STRLEN", "k"],
      ["GETBIT", "k", String(limit * 8 - 1)],
      ["GETBIT", "k", String(limit * 8)],
      ["BITCOUNT", "k"],
      ["BITPOS", "k", "1"],
      ["BITPOS", "k", "0", "-1"],
      ["BITPOS", "k", "1", "-1", "-1", "BIT"],
      ["BITCOUNT", "k", "-8", "-1", "BIT"],
      ["BITFIELD", "k", "GET", "u8", String(limit * 8 - 8), "GET", "i64", String(limit * 8 - 1)],
      ["BITFIELD", "k", "GET", "u8", `#${limit}`],
      ["BITFIELD", "k", "GET", "i64", `#${limit / 8}`],
      ["BITFIELD", "k", "GET", "i64", `#${limit / 8 - 1}`],
      ["SETRANGE", "k", String(limit - 1), "xx"],
      ["CONFIG", "SET", "proto-max-bulk-len", "536870912"],
    ]);
  });
});

describe("BITCOUNT", () => {
  it("ranges in bytes and bits, negative and extreme indexes", async () => {
    const cases: string[][] = [["SET", "k", "foobar"], ["SET", "b", BIN], ["SET", "n", "1234"], ["SET", "e", ""]];
    const idx = ["0", "1", "2", "5", "6", "7", "8", "30", "47", "48", "100", "-1", "-2", "-6", "-7", "-48", "-49", "-100"];
    for (const key of ["k", "b", "n", "e", "nokey"]) {
      cases.push(["BITCOUNT", key]);
      for (let i = 0; i < idx.length; i += 2) {
        for (let j = 1; j < idx.length; j += 3) {
          cases.push(["BITCOUNT", key, idx[i], idx[j]]);
          cases.push(["BITCOUNT", key, idx[i], idx[j], i % 4 ? "BIT" : "bit"]);
          cases.push(["BITCOUNT", key, idx[i], idx[j], "BYTE"]);
        }
      }
    }
    cases.push(
      ["BITCOUNT", "k", "-9223372036854775807", "-9223372036854775808"],
      ["BITCOUNT", "k", "-9223372036854775808", "9223372036854775807"],
      ["BITCOUNT", "k", "-9223372036854775808", "9223372036854775807", "BIT"],
      ["BITCOUNT", "k", "9223372036854775807", "9223372036854775807", "BIT"],
    );
    await expectSame(cases);
  });

  it("argument errors in Redis 7.0's order", async () => {
    await makeList("l");
    await expectSame([
      ["SET", "k", "abc"],
      ["BITCOUNT", "k", "0"],
      ["BITCOUNT", "k", "0", "1", "BIT", "x"],
      ["BITCOUNT", "k", "x", "1"],
      ["BITCOUNT", "k", "0", "1.5"],
      ["BITCOUNT", "k", "0", "99999999999999999999"],
      ["BITCOUNT", "k", "0", "1", "bits"],
      ["BITCOUNT", "k", "0", "1", "BIT\0"],
      ["BITCOUNT", "k", "-1", "-5", "foo"],
      ["BITCOUNT", "k", "x", "y", "foo"],
      ["BITCOUNT", "nokey", "0"],
      ["BITCOUNT", "nokey", "x", "y", "z"],
      ["BITCOUNT", "nokey", "a", "b", "c", "d", "e"],
      ["BITCOUNT", "l"],
      ["BITCOUNT", "l", "x"],
      ["BITCOUNT"],
    ]);
  });
});

describe("BITPOS", () => {
  it("every start/end/unit over a few patterns", async () => {
    const values = ["\xff\xf0\x00", "\x00\xff\xf0", "\xff\xff\xff", "\x00\x00\x00", "\x00\x01", "\x80", "\x7f\xfe", "foobar", "", BIN];
    const idx = ["0", "1", "2", "3", "7", "8", "9", "15", "16", "23", "24", "-1", "-2", "-3", "-8", "-9", "-24", "-100", "100"];
    const cases: string[][] = [];
    values.forEach((v, n) => {
      const key = `v${n}`;
      cases.push(["SET", key, v]);
      for (const bit of ["0", "1"]) {
        cases.push(["BITPOS", key, bit]);
        for (const s of idx) {
          cases.push(["BITPOS", key, bit, s]);
          for (const e of idx.filter((_, i) => i % 2 === 0)) {
            cases.push(["BITPOS", key, bit, s, e]);
            cases.push(["BITPOS", key, bit, s, e, "BIT"]);
          }
        }
      }
    });
    await expectSame(cases);
  });

  it("missing keys, argument errors and wrong types", async () => {
    await makeList("l");
    await expectSame([
      ["BITPOS", "nokey", "1"],
      ["BITPOS", "nokey", "0"],
      ["BITPOS", "nokey", "0", "x", "y", "z"],
      ["BITPOS", "nokey", "0", "1", "2", "3", "4"],
      ["BITPOS", "nokey", "2"],
      ["BITPOS", "nokey", "x"],
      ["BITPOS", "nokey", "-1"],
      ["SET", "k", "abc"],
      ["BITPOS", "k", "0", "1", "x", "foo"],
      ["BITPOS", "k", "0", "1", "x", "bit"],
      ["BITPOS", "k", "0", "x", "2", "foo"],
      ["BITPOS", "k", "0", "1", "2", "bit", "x"],
      ["BITPOS", "k", "0", "1", "2", "bytes"],
      ["BITPOS", "k", "1", "0", "-1", "byte"],
      ["BITPOS", "k", "1", "-9223372036854775808", "9223372036854775807", "BIT"],
      ["BITPOS", "k", "0", "-9223372036854775808", "9223372036854775807"],
      ["BITPOS", "k", "0", "9223372036854775807"],
      ["BITPOS", "l", "1"],
      ["BITPOS", "l", "3"],
      ["BITPOS", "k"],
    ]);
  });
});

describe("BITOP", () => {
  it("AND, OR, XOR and NOT over values of different lengths", async () => {
    const cases: string[][] = [
      ["SET", "a", "\xf0\x0f\xaa"],
      ["SET", "b", "\xff\x01"],
      ["SET", "c", BIN],
      ["SET", "n", "-12345"],
      ["SET", "u", UTF8],
      ["SET", "long", "x".repeat(100) + BIN],
    ];
    const srcs = [["a", "b"], ["a", "b", "c"], ["c", "nokey", "a"], ["n", "u"], ["long", "a", "u", "n"], ["a"], ["nokey", "a"]];
    for (const op of ["AND", "or", "Xor"]) {
      for (const s of srcs) cases.push(["BITOP", op, "d", ...s], ["GET", "d"], ["OBJECT", "ENCODING", "d"]);
    }
    for (const s of ["a", "b", "c", "n", "u", "long"]) cases.push(["BITOP", "NOT", "d", s], ["GET", "d"]);
    cases.push(["BITOP", "NOT", "a", "a"], ["GET", "a"], ["BITOP", "XOR", "c", "c", "b"], ["GET", "c"]);
    await expectSame(cases);
  });

  it("destination handling, empty results and errors", async () => {
    await makeList("l");
    await expectSame([
      ["SET", "a", "x"],
      ["SET", "d", "old", "EX", "100"],
      ["BITOP", "OR", "d", "a"],
      ["TTL", "d"],
      ["BITOP", "AND", "d", "nokey", "other"],
      ["EXISTS", "d"],
      ["BITOP", "AND", "d", "nokey"],
      ["SET", "e", ""],
      ["BITOP", "NOT", "x", "e"],
      ["EXISTS", "x"],
      ["BITOP", "NAND", "d", "a"],
      ["BITOP", "DIFF", "d", "a", "a"],
      ["BITOP", "ONE", "d", "a", "a"],
      ["BITOP", "NOT", "d", "a", "a"],
      ["BITOP", "NOT", "d"],
      ["BITOP", "AND", "d"],
      ["BITOP", "AND", "d", "a", "l"],
      ["BITOP", "AND", "d", "l", "nokey"],
      ["BITOP", "FOO", "d", "l"],
      ["BITOP", "AND", "l", "a"],
      ["GET", "l"],
      ["BITOP", "AND\0junk", "d", "a"],
      ["GET", "d"],
    ]);
  });
});

describe("BITFIELD", () => {
  it("documented examples and OVERFLOW modes", async () => {
    const step = ["BITFIELD", "k", "INCRBY", "u2", "100", "1", "OVERFLOW", "SAT", "INCRBY", "u2", "102", "1"];
    await expectSame([
      ["BITFIELD", "m", "INCRBY", "i5", "100", "1", "GET", "u4", "0"],
      step,
      step,
      step,
      step,
      step,
      ["BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u2", "102", "1", "OVERFLOW", "WRAP", "INCRBY", "u2", "102", "1"],
      ["BITFIELD", "s", "OVERFLOW", "SAT", "SET", "i8", "0", "200", "SET", "i8", "0", "-200", "GET", "i8", "0"],
      ["BITFIELD", "u", "OVERFLOW", "SAT", "SET", "u8", "0", "-1", "OVERFLOW", "WRAP", "SET", "u8", "0", "-2", "GET", "u8", "0"],
      ["BITFIELD", "u", "OVERFLOW", "FAIL", "SET", "u8", "0", "-1", "SET", "u8", "0", "256", "SET", "u8", "0", "255"],
      ["BITFIELD", "c", "SET", "u5", "7", "23", "GET", "u4", "#3", "GET", "i4", "#2", "GET", "u63", "0", "GET", "i64", "0"],
      ["GET", "c"],
      ["BITFIELD", "f", "OVERFLOW", "FAIL", "SET", "u8", "8", "1000"],
      ["GET", "f"],
      ["BITFIELD", "x", "SET", "i64", "0", "-9223372036854775808", "GET", "i64", "0", "GET", "u63", "0"],
      ["BITFIELD", "x", "INCRBY", "i64", "0", "-1", "OVERFLOW", "SAT", "INCRBY", "i64", "0", "1", "OVERFLOW", "FAIL", "INCRBY", "i64", "0", "1"],
      ["BITFIELD", "x", "SET", "u63", "1", "9223372036854775807", "INCRBY", "u63", "1", "1", "OVERFLOW", "SAT", "INCRBY", "u63", "1", "-9223372036854775808"],
      ["BITFIELD", "x", "OVERFLOW", "SAT", "SET", "i8", "0", "-9223372036854775808", "SET", "i16", "8", "9223372036854775807"],
      ["BITFIELD", "x", "OVERFLOW", "SAT", "INCRBY", "i8", "0", "-9223372036854775808", "INCRBY", "u8", "0", "9223372036854775807"],
      ["BITFIELD", "x", "OVERFLOW", "WRAP", "INCRBY", "i32", "3", "-9223372036854775808", "INCRBY", "u31", "5", "9223372036854775807"],
      ["GET", "x"],
      ["BITFIELD", "nokey"],
      ["BITFIELD", "nokey", "GET", "i8", "0", "GET", "u63", "#100"],
      ["EXISTS", "nokey"],
      ["BITFIELD", "n", "GET", "u8", "0"],
      ["SET", "n", "42"],
      ["BITFIELD", "n", "GET", "u16", "0", "GET", "i3", "2"],
      ["OBJECT", "ENCODING", "n"],
      ["BITFIELD", "n", "SET", "u8", "0", "52"],
      ["OBJECT", "ENCODING", "n"],
      ["GET", "n"],
    ]);
  });

  it("every width, signed and unsigned, at unaligned offsets with extreme values", async () => {
    const g = new Gen(77);
    const cases: string[][] = [];
    const extremes = ["0", "1", "-1", "127", "-128", "255", "256", "65535", "2147483647", "-2147483648", "4294967295", "4294967296",
      "9007199254740991", "9007199254740993", "-9007199254740993", "9223372036854775807", "-9223372036854775808"];
    for (let bits = 1; bits <= 64; bits++) {
      for (const sign of bits === 64 ? ["i"] : ["i", "u"]) {
        const type = `${sign}${bits}`;
        for (const mode of ["WRAP", "SAT", "FAIL"]) {
          const off = String(g.int(0, 70));
          const ops = ["OVERFLOW", mode];
          for (let i = 0; i < 4; i++) {
            const v = g.chance(0.5) ? g.pick(extremes) : String(g.int(-(2 ** 20), 2 ** 20));
            ops.push(g.pick(["SET", "INCRBY"]), type, off, v, "GET", type, off);
          }
          cases.push(["BITFIELD", "w", ...ops]);
        }
        cases.push(["GET", "w"], ["BITFIELD", "w", "GET", type, `#${g.int(0, 3)}`]);
      }
    }
    await expectSame(cases);
  });

  it("parse errors, BITFIELD_RO and wrong types", async () => {
    await makeList("l");
    await expectSame([
      ["BITFIELD", "l"],
      ["BITFIELD", "l", "GET", "u8", "0"],
      ["BITFIELD", "l", "SET", "u8", "0", "1"],
      ...["u64", "i65", "i0", "u", "x8", "I8", "U8", "i08", "i+8", "", "u-1", "i8 ", "i8\0junk", "u63\0"].map((t) => ["BITFIELD", "k", "GET", t, "0"]),
      ...["-1", "#-1", "x", "#", "##1", "#536870912", "#536870911", "4294967296", "4294967295", "#1152921504606846976", "#0", " 1"].map(
        (o) => ["BITFIELD", "k", "GET", "i8", o],
      ),
      ["BITFIELD", "k", "GET", "u1", "#4294967295"],
      ["BITFIELD", "k", "GET", "u2", "#2147483647"],
      ["BITFIELD", "k", "GET", "i64", "#67108863"],
      ["BITFIELD", "k", "GET", "i64", "#67108864"],
      ["BITFIELD", "l", "SET", "i8", "0", "x"],
      ["BITFIELD", "l", "INCRBY", "i8", "0", "99999999999999999999"],
      ["BITFIELD", "l", "INCRBY", "i8", "0", "1.5"],
      ["BITFIELD", "l", "OVERFLOW", "foo"],
      ["BITFIELD", "l", "OVERFLOW"],
      ["BITFIELD", "l", "OVERFLOW", "sat\0x", "GET", "i8", "0"],
      ["BITFIELD", "l", "GET", "i8"],
      ["BITFIELD", "l", "SET", "i8", "0"],
      ["BITFIELD", "l", "INCRBY", "i8", "0"],
      ["BITFIELD", "l", "FOO", "i8", "0"],
      ["BITFIELD", "l", "get\0", "i8", "0"],
      ["BITFIELD", "l", "GET", "i8", "0", "OVERFLOW", "bad", "GET", "x", "0"],
      ["BITFIELD", "l", "GET", "x", "0", "OVERFLOW", "bad"],
      ["BITFIELD"],
      ["SET", "k", "\x80\x01"],
      ["BITFIELD_RO", "k", "GET", "i8", "0", "OVERFLOW", "SAT", "GET", "u1", "0", "GET", "i16", "#0"],
      ["BITFIELD_RO", "k", "SET", "i8", "0", "1"],
      ["BITFIELD_RO", "nokey", "INCRBY", "i8", "0", "1"],
      ["EXISTS", "nokey"],
      ["BITFIELD_RO", "l", "SET", "i8", "0", "1"],
      ["BITFIELD_RO", "l", "GET", "i8", "0"],
      ["BITFIELD_RO", "nokey", "GET", "i8", "0"],
      ["BITFIELD_RO", "k"],
      ["BITFIELD_RO", "k", "GET", "u64", "0"],
      ["BITFIELD_RO", "k", "FOO"],
    ]);
  });
});

describe("RESP3", () => {
  it("integers, nulls and arrays of the bit commands", async () => {
    await expectSame([
      { cmd: ["HELLO", "3"], norm: exemptions.hello },
      ["SETBIT", "k", "3", "1"],
      ["GETBIT", "k", "3"],
      ["BITCOUNT", "k"],
      ["BITPOS", "k", "1"],
      ["BITOP", "NOT", "d", "k"],
      ["BITFIELD", "k", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "9", "GET", "i64", "0", "SET", "i64", "0", "-9223372036854775808"],
      ["BITFIELD", "k"],
      ["BITFIELD_RO", "k", "GET", "u8", "0"],
      ["BITFIELD_RO", "k", "SET", "u8", "0", "1"],
    ]);
  });
});

/** Writes of other types the engine has, so keys change type under the bit commands. */
const OTHER_TYPES: string[][] = [
  ["RPUSH", "x"],
  ["SADD", "m"],
  ["HSET", "f", "v"],
  ["ZADD", "1", "m"],
];

/**
 * One random command over keys k0..k5 (k5 starts as a list): bit commands mixed with string
 * writes and, now and then, a write of another type.
 */
function randomCommand(g: Gen, others: readonly string[][]): string[] {
  const k = g.key();
  const off = (): string => (g.chance(0.05) ? g.pick(["-1", "x", "4294967296", "#2"]) : String(g.int(0, g.pick([16, 64, 300]))));
  const range = (): string[] => {
    const r = [g.num(-20, 20), g.num(-20, 40)];
    return g.chance(0.5) ? [...r, g.pick(["BIT", "BYTE", "bit", "byte", "BITS"])] : r;
  };
  const type = (): string =>
    g.chance(0.03) ? g.pick(["u64", "i0", "x8"]) : g.pick(["i", "u"]) + String(g.int(1, g.pick([8, 16, 32, 63])));
  const field = (): string[] => {
    const t = type();
    const o = g.chance(0.2) ? `#${g.int(0, 8)}` : String(g.int(0, 100));
    switch (g.int(0, 4)) {
      case 0:
        return ["OVERFLOW", g.pick(["WRAP", "SAT", "FAIL", "sat"])];
      case 1:
        return ["GET", t, o];
      case 2:
        return ["SET", t, o, g.chance(0.8) ? String(g.int(-300, 300)) : g.value()];
      default:
        return ["INCRBY", t, o, g.chance(0.8) ? String(g.int(-300, 300)) : g.pick(["9223372036854775807", "-9223372036854775808", "x"])];
    }
  };
  switch (g.int(0, 19)) {
    case 0:
      return ["SET", k, g.value()];
    case 1:
      return ["APPEND", k, g.value()];
    case 2:
      return ["SETRANGE", k, g.num(0, 40), g.value()];
    case 3:
    case 4:
    case 5:
      return ["SETBIT", k, off(), g.chance(0.95) ? g.pick(["0", "1"]) : g.pick(["2", "-1", "x"])];
    case 6:
    case 7:
      return ["GETBIT", k, off()];
    case 8:
      return ["BITCOUNT", k, ...(g.chance(0.3) ? [] : range())];
    case 9:
    case 10:
      return ["BITPOS", k, g.chance(0.95) ? g.pick(["0", "1"]) : "2", ...(g.chance(0.3) ? [] : range())];
    case 11:
      return ["BITOP", g.pick(["AND", "OR", "XOR", "NOT", "and", "nor"]), k, ...Array.from({ length: g.int(1, 3) }, () => g.key())];
    case 12:
    case 13:
    case 14: {
      const ops: string[] = [];
      for (let i = g.int(0, 4); i > 0; i--) ops.push(...field());
      return [g.chance(0.85) ? "BITFIELD" : "BITFIELD_RO", k, ...ops];
    }
    case 15:
      return ["OBJECT", "ENCODING", k];
    case 16:
      return ["STRLEN", k];
    case 17:
      if (others.length && g.chance(0.5)) {
        const [cmd, ...args] = g.pick(others);
        return [cmd, k, ...args];
      }
      return ["DEL", k];
    default:
      return ["GET", k];
  }
}

describe("random bitmap command sequences", () => {
  for (const seed of seeds(8)) {
    it(`seed ${seed}`, async () => {
      const g = new Gen(seed);
      await makeList("k5");
      const cases: Case[] = [];
      const others = OTHER_TYPES.filter(([cmd]) => d.engine.commands.get(cmd.toLowerCase()));
      for (let i = 0; i < 500; i++) cases.push({ cmd: randomCommand(g, others) });
      for (let i = 0; i < 6; i++) cases.push({ cmd: ["GET", `k${i}`] }, { cmd: ["OBJECT", "ENCODING", `k${i}`] });
      const ms = await d.compare(cases);
      expect(ms, `seed ${seed}\n${describeMismatches(ms.slice(0, 5))}`).toEqual([]);
    });
  }
});
