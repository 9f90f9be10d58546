/**
 * Differential tests for the list family against a real redis-server 7.0: replies, errors and
 * their order, RESP2/RESP3 nulls, and the quicklist's node layout as DEBUG OBJECT reports it
 * (ql_nodes, ql_uncompressed_size, serializedlength) under several list-max-listpack-size and
 * list-compress-depth values.
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
const utf8 = (s: string) => Buffer.from(s, "utf8").toString("latin1");
const x = (n: number, ch = "x") => ch.repeat(n);

async function expectSame(cases: (Case | string[])[]): Promise<void> {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
}

/** Resets the list settings both servers use for lists created from now on. */
const settings = (fill: string, depth = "0"): string[][] => [
  ["CONFIG", "SET", "list-max-listpack-size", fill],
  ["CONFIG", "SET", "list-compress-depth", depth],
];

describe("pushes, pops and ranges", () => {
  it("keeps binary, UTF-8 and integer-looking elements exactly", async () => {
    await expectSame([
      ["RPUSH", "l", "a", "\x00\r\n\xff", utf8("héllo"), utf8("日本語😀"), "", "0", "-1", "007", "+5", " 5"],
      ["LPUSH", "l", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "1.5", "127", "128", "-4096", "4095"],
      ["LRANGE", "l", "0", "-1"],
      ["LLEN", "l"],
      ["LINDEX", "l", "0"],
      ["LINDEX", "l", "-1"],
      ["LINDEX", "l", "19"],
      ["LINDEX", "l", "20"],
      ["LINDEX", "l", "-21"],
      ["LINDEX", "l", "9223372036854775807"],
      ["LINDEX", "l", "-9223372036854775808"],
      ["LINDEX", "l", "1.5"],
      ["LINDEX", "l", "9223372036854775808"],
      ["LINDEX", "nokey", "x"],
      dbg("l"),
      ["TYPE", "l"],
      ["OBJECT", "ENCODING", "l"],
    ]);
  });

  it("answers LRANGE for every kind of range", async () => {
    const cases: string[][] = [["RPUSH", "l", ...Array.from({ length: 10 }, (_, i) => `e${i}`)]];
    const ends = ["0", "1", "5", "9", "10", "100", "-1", "-2", "-10", "-11", "-100", "9223372036854775807", "-9223372036854775808"];
    for (const a of ends) for (const b of ends) cases.push(["LRANGE", "l", a, b]);
    cases.push(["LRANGE", "l", "x", "1"], ["LRANGE", "l", "0", "1.0"], ["LRANGE", "nokey", "0", "-1"], ["LRANGE", "nokey", "x", "y"]);
    await expectSame(cases);
  });

  it("pops one, some, none, and more than there are, at both ends", async () => {
    await expectSame([
      ["RPUSH", "l", "a", "b", "c", "d", "e", "f"],
      ["LPOP", "l"],
      ["RPOP", "l"],
      ["LPOP", "l", "2"],
      ["RPOP", "l", "1"],
      ["LPOP", "l", "0"],
      ["RPOP", "l", "0"],
      ["LPOP", "l", "-1"],
      ["LPOP", "l", "x"],
      ["LPOP", "l", "1", "2"],
      ["RPOP", "l", "100"],
      ["EXISTS", "l"],
      ["LPOP", "l"],
      ["LPOP", "l", "0"],
      ["RPOP", "l", "3"],
      ["RPUSH", "m", "1", "2", "3"],
      ["RPOP", "m", "9223372036854775807"],
      ["EXISTS", "m"],
      ["LPOP", "nokey", "-1"],
    ]);
  });

  it("replies RESP3 nulls for missing keys", async () => {
    await expectSame([
      { cmd: ["HELLO", "3"], norm: exemptions.hello, client: "r3" },
      { cmd: ["LPOP", "nokey"], client: "r3" },
      { cmd: ["LPOP", "nokey", "2"], client: "r3" },
      { cmd: ["RPOP", "nokey", "0"], client: "r3" },
      { cmd: ["LINDEX", "nokey", "0"], client: "r3" },
      { cmd: ["LPOS", "nokey", "a"], client: "r3" },
      { cmd: ["LMPOP", "1", "nokey", "LEFT"], client: "r3" },
      { cmd: ["LMOVE", "nokey", "d", "LEFT", "RIGHT"], client: "r3" },
      { cmd: ["RPUSH", "l", "a"], client: "r3" },
      { cmd: ["LINDEX", "l", "5"], client: "r3" },
      { cmd: ["LPOS", "l", "zz"], client: "r3" },
    ]);
  });

  it("pushes only onto existing lists with LPUSHX and RPUSHX", async () => {
    await expectSame([
      ["LPUSHX", "l", "a"],
      ["RPUSHX", "l", "a", "b"],
      ["EXISTS", "l"],
      ["RPUSH", "l", "x"],
      ["LPUSHX", "l", "a", "b"],
      ["RPUSHX", "l", "c", "d"],
      ["LRANGE", "l", "0", "-1"],
      ["SET", "s", "v"],
      ["LPUSHX", "s", "a"],
      ["RPUSHX", "s", "a"],
      ["LPUSHX", "nokey"],
      ["LPUSH", "l"],
    ]);
  });
});

describe("errors", () => {
  it("answers WRONGTYPE, arity and argument errors in Redis' order", async () => {
    await expectSame([
      ["SET", "s", "v"],
      ...[
        ["LPUSH", "s", "a"],
        ["RPUSH", "s", "a"],
        ["LPOP", "s"],
        ["RPOP", "s", "2"],
        ["LPOP", "s", "x"],
        ["LRANGE", "s", "0", "1"],
        ["LRANGE", "s", "x", "1"],
        ["LINDEX", "s", "0"],
        ["LINDEX", "s", "x"],
        ["LSET", "s", "0", "v"],
        ["LSET", "s", "x", "v"],
        ["LSET", "nokey", "x", "v"],
        ["LINSERT", "s", "BEFORE", "a", "b"],
        ["LINSERT", "s", "MIDDLE", "a", "b"],
        ["LINSERT", "nokey", "MIDDLE", "a", "b"],
        ["LINSERT", "nokey", "after", "a", "b"],
        ["LREM", "s", "0", "a"],
        ["LREM", "s", "x", "a"],
        ["LREM", "nokey", "x", "a"],
        ["LTRIM", "s", "0", "1"],
        ["LTRIM", "s", "x", "1"],
        ["LTRIM", "nokey", "0", "x"],
        ["LLEN", "s"],
        ["LPOS", "s", "a"],
        ["LPOS", "s", "a", "RANK", "0"],
        ["LMOVE", "s", "d", "LEFT", "LEFT"],
        ["LMOVE", "s", "d", "UP", "LEFT"],
        ["LMOVE", "nokey", "d", "LEFT", "DOWN"],
        ["RPOPLPUSH", "s", "d"],
        ["LMPOP", "1", "s", "LEFT"],
      ],
      ["RPUSH", "l", "a"],
      ["LMOVE", "l", "s", "LEFT", "RIGHT"],
      ["RPOPLPUSH", "l", "s"],
      ["LRANGE", "l", "0", "-1"],
      ["LPUSH"],
      ["LPUSH", "k"],
      ["LPOP"],
      ["LRANGE", "k", "0"],
      ["LINDEX", "k"],
      ["LSET", "k", "0"],
      ["LINSERT", "k", "BEFORE", "a"],
      ["LREM", "k", "1"],
      ["LTRIM", "k", "1"],
      ["LLEN"],
      ["LPOS", "k"],
      ["LMOVE", "a", "b", "LEFT"],
      ["RPOPLPUSH", "a"],
      ["LMPOP", "1", "k"],
      ["lpush", "k", "v"],
      ["LSET", "k", "5", "v"],
      ["LSET", "k", "-2", "v"],
    ]);
  });
});

describe("LINSERT, LSET, LREM, LTRIM", () => {
  it("inserts around the first matching pivot", async () => {
    await expectSame([
      ["RPUSH", "l", "a", "b", "a", "c", "1"],
      ["LINSERT", "l", "BEFORE", "a", "x"],
      ["LINSERT", "l", "after", "a", "y"],
      ["LINSERT", "l", "AFTER", "c", "z"],
      ["LINSERT", "l", "BeFoRe", "1", "0"],
      ["LINSERT", "l", "BEFORE", "01", "q"],
      ["LINSERT", "l", "BEFORE", "nope", "q"],
      ["LINSERT", "nokey", "BEFORE", "a", "q"],
      ["LRANGE", "l", "0", "-1"],
      dbg("l"),
    ]);
  });

  it("sets by index and removes by count from either end", async () => {
    await expectSame([
      ["RPUSH", "l", "a", "b", "a", "c", "a", "b", "a"],
      ["LSET", "l", "0", "A"],
      ["LSET", "l", "-1", x(100)],
      ["LSET", "l", "7", "v"],
      ["LSET", "l", "-8", "v"],
      ["LRANGE", "l", "0", "-1"],
      ["LREM", "l", "1", "a"],
      ["LRANGE", "l", "0", "-1"],
      ["LREM", "l", "-1", "b"],
      ["LRANGE", "l", "0", "-1"],
      ["LREM", "l", "0", "a"],
      ["LREM", "l", "0", "zz"],
      ["LRANGE", "l", "0", "-1"],
      ["LREM", "l", "-9223372036854775808", "c"],
      ["LRANGE", "l", "0", "-1"],
      ["LREM", "l", "0", x(100)],
      ["LREM", "l", "0", "b"],
      ["EXISTS", "l"],
    ]);
  });

  it("trims to every kind of range, deleting the list when nothing is left", async () => {
    const cases: string[][] = [];
    const ranges = [["1", "-2"], ["0", "0"], ["-3", "-1"], ["5", "2"], ["100", "200"], ["-100", "100"], ["2", "9223372036854775807"]];
    ranges.forEach(([a, b], i) => {
      cases.push(["RPUSH", `l${i}`, "a", "b", "c", "d", "e", "f"], ["LTRIM", `l${i}`, a, b], ["LRANGE", `l${i}`, "0", "-1"], ["EXISTS", `l${i}`]);
    });
    cases.push(["LTRIM", "nokey", "0", "1"], ["INFO", "keyspace"]);
    await expectSame(cases);
  });
});

describe("LPOS", () => {
  it("finds matches with RANK, COUNT and MAXLEN", async () => {
    const cases: string[][] = [["RPUSH", "l", "a", "b", "c", "a", "b", "c", "a", "1", "1"]];
    const opts = [
      [],
      ["RANK", "1"],
      ["RANK", "2"],
      ["RANK", "3"],
      ["RANK", "4"],
      ["RANK", "-1"],
      ["RANK", "-2"],
      ["RANK", "-4"],
      ["COUNT", "0"],
      ["COUNT", "1"],
      ["COUNT", "2"],
      ["COUNT", "10"],
      ["RANK", "2", "COUNT", "0"],
      ["RANK", "-1", "COUNT", "2"],
      ["RANK", "-2", "COUNT", "0"],
      ["MAXLEN", "1"],
      ["MAXLEN", "4"],
      ["MAXLEN", "0"],
      ["RANK", "-1", "MAXLEN", "2"],
      ["COUNT", "0", "MAXLEN", "7"],
      ["RANK", "9223372036854775807"],
      ["RANK", "-9223372036854775807"],
      ["RANK", "-9223372036854775808"],
      ["RANK", "-9223372036854775808", "COUNT", "1"],
      ["RANK", "-9223372036854775808", "COUNT", "2", "MAXLEN", "5"],
      ["rank", "1", "RANK", "2"],
      ["COUNT", "1", "count", "0"],
    ];
    for (const o of opts) for (const el of ["a", "1", "zz"]) cases.push(["LPOS", "l", el, ...o]);
    const bad = [
      ["RANK", "0"],
      ["RANK", "x"],
      ["RANK"],
      ["COUNT", "-1"],
      ["COUNT", "x"],
      ["MAXLEN", "-1"],
      ["MAXLEN", "1.5"],
      ["FOO"],
      ["COUNT", "1", "FOO", "1"],
      ["RANK", "0", "COUNT", "-1"],
    ];
    for (const o of bad) cases.push(["LPOS", "l", "a", ...o], ["LPOS", "nokey", "a", ...o]);
    cases.push(["LPOS", "nokey", "a"], ["LPOS", "nokey", "a", "COUNT", "0"]);
    await expectSame(cases);
  });
});

describe("LMOVE, RPOPLPUSH, LMPOP", () => {
  it("moves elements between lists and within one list", async () => {
    await expectSame([
      ["RPUSH", "src", "a", "b", "c"],
      ["LMOVE", "src", "dst", "LEFT", "RIGHT"],
      ["LMOVE", "src", "dst", "right", "left"],
      ["LMOVE", "src", "src", "LEFT", "RIGHT"],
      ["LRANGE", "src", "0", "-1"],
      ["RPOPLPUSH", "src", "dst"],
      ["EXISTS", "src"],
      ["LRANGE", "dst", "0", "-1"],
      ["RPOPLPUSH", "dst", "dst"],
      ["LRANGE", "dst", "0", "-1"],
      ["RPUSH", "one", "x"],
      ["LMOVE", "one", "one", "LEFT", "LEFT"],
      ["LRANGE", "one", "0", "-1"],
      ["LMOVE", "nokey", "dst", "LEFT", "LEFT"],
      ["RPOPLPUSH", "nokey", "dst"],
      dbg("dst"),
    ]);
  });

  it("pops from the first non-empty list with LMPOP", async () => {
    await expectSame([
      ["RPUSH", "b", "1", "2", "3", "4"],
      ["RPUSH", "c", "x"],
      ["LMPOP", "3", "a", "b", "c", "LEFT"],
      ["LMPOP", "3", "a", "b", "c", "RIGHT", "COUNT", "2"],
      ["LMPOP", "2", "b", "c", "left", "count", "10"],
      ["LMPOP", "2", "b", "c", "LEFT", "COUNT", "10"],
      ["LMPOP", "2", "b", "c", "LEFT"],
      ["SET", "s", "v"],
      ["LMPOP", "2", "a", "s", "LEFT"],
      ["RPUSH", "a", "1"],
      ["LMPOP", "2", "a", "s", "LEFT"],
      ["LMPOP", "0", "a", "LEFT"],
      ["LMPOP", "-1", "a", "LEFT"],
      ["LMPOP", "x", "a", "LEFT"],
      ["LMPOP", "2", "a", "LEFT"],
      ["LMPOP", "1", "a", "MIDDLE"],
      ["LMPOP", "1", "a", "LEFT", "COUNT"],
      ["LMPOP", "1", "a", "LEFT", "COUNT", "0"],
      ["LMPOP", "1", "a", "LEFT", "COUNT", "-1"],
      ["LMPOP", "1", "a", "LEFT", "COUNT", "x"],
      ["LMPOP", "1", "a", "LEFT", "COUNT", "1", "COUNT", "1"],
      ["LMPOP", "1", "a", "LEFT", "FOO"],
      ["LMPOP", "9223372036854775807", "a", "LEFT"],
      ["LMPOP", "99999999999999999999", "a", "LEFT"],
      ["LMPOP", "1", "nokey", "RIGHT"],
    ]);
  });
});

describe("quicklist layout (DEBUG OBJECT)", () => {
  /** Pushes `n` elements of the given sizes in batches, inspecting after each batch. */
  function growth(key: string, sizes: number[], n: number, head: boolean): (Case | string[])[] {
    const cases: (Case | string[])[] = [];
    let batch: string[] = [];
    for (let i = 0; i < n; i++) {
      const size = sizes[i % sizes.length];
      batch.push(size < 0 ? String(i * -size) : `${i}:${x(size)}`);
      if (batch.length === 25 || i === n - 1) {
        cases.push([head ? "LPUSH" : "RPUSH", key, ...batch], dbg(key));
        batch = [];
      }
    }
    return cases;
  }

  for (const fill of ["-1", "-2", "-3", "-5", "1", "2", "5", "128", "0", "-6", "100000"]) {
    it(`splits nodes as Redis does with list-max-listpack-size ${fill}`, async () => {
      await expectSame([
        ...settings(fill),
        ...growth("a", [1, 10, 60, -1, 300], 200, false),
        ...growth("b", [-3, 2, 5000, 70], 150, true),
        ["LPOP", "a", "37"],
        dbg("a"),
        ["RPOP", "b", "11"],
        dbg("b"),
        ["LTRIM", "a", "5", "-20"],
        dbg("a"),
        ["LREM", "b", "0", "3"],
        dbg("b"),
        ["LSET", "a", "50", x(3000)],
        dbg("a"),
        ["LSET", "a", "-1", "1"],
        dbg("a"),
        ["CONFIG", "SET", "list-max-listpack-size", "-2"],
        ["RPUSH", "a", x(10)],
        dbg("a"),
      ]);
    });
  }

  for (const fill of ["-1", "-2", "2", "3", "4"]) {
    it(`splits and merges nodes on LINSERT with list-max-listpack-size ${fill}`, async () => {
      const cases: (Case | string[])[] = [...settings(fill)];
      const elems = Array.from({ length: 60 }, (_, i) => `${i}-${x((i * 37) % 200)}`);
      cases.push(["RPUSH", "l", ...elems], dbg("l"));
      // Pivots at node edges and in the middle, small and big values, before and after.
      for (let i = 0; i < 40; i++) {
        const pivot = elems[(i * 13) % elems.length];
        const value = i % 3 === 0 ? x(1500) : i % 3 === 1 ? String(i) : `v${i}${x(i * 5)}`;
        cases.push(["LINSERT", "l", i % 2 ? "AFTER" : "BEFORE", pivot, value], dbg("l"));
      }
      cases.push(["LREM", "l", "0", x(1500)], dbg("l"), ["LRANGE", "l", "0", "-1"]);
      await expectSame(cases);
    });
  }

  for (const depth of ["1", "2", "3"]) {
    it(`reports serializedlength with list-compress-depth ${depth}`, async () => {
      const cases: (Case | string[])[] = [...settings("4", depth)];
      for (let i = 0; i < 12; i++) {
        cases.push(["RPUSH", "c", ...Array.from({ length: 4 }, (_, j) => `item-${i}-${j}-${x(30 + i, "ab")}`)], dbg("c"));
      }
      cases.push(["LPUSH", "c", x(100)], dbg("c"));
      cases.push(["LINSERT", "c", "BEFORE", `item-5-2-${x(35, "ab")}`, "new"], dbg("c"));
      cases.push(["LPOP", "c", "9"], dbg("c"), ["RPOP", "c", "20"], dbg("c"), ["LTRIM", "c", "1", "-2"], dbg("c"));
      cases.push(["LSET", "c", "3", "short"], dbg("c"), ["LRANGE", "c", "0", "-1"]);
      await expectSame(cases);
    });
  }

  it("prints ql_avg_node as printf rounds it, exact ties to even", async () => {
    await expectSame([
      ...settings("2"),
      ["RPUSH", "t", ..."abababababababac".split("")],
      ["LREM", "t", "0", "b"],
      dbg("t"), // 9 elements in 8 nodes: 1.125
      ["RPUSH", "u", ..."ababababababababababab".split(""), "a", "c", "a", "c"],
      ["LREM", "u", "0", "b"],
      dbg("u"), // 15 elements in 13 nodes
      ["RPUSH", "v", ..."abababababababab".split(""), "x", "y", "z"],
      ["LREM", "v", "-3", "b"],
      dbg("v"),
    ]);
  });

  it("copies a list with its layout and options (COPY)", async () => {
    await expectSame([
      ...settings("3", "1"),
      ["RPUSH", "l", ...Array.from({ length: 20 }, (_, i) => `e${i}${x(i * 3)}`)],
      ["CONFIG", "SET", "list-max-listpack-size", "-2"],
      ["COPY", "l", "c"],
      dbg("c"),
      ["RPUSH", "c", "more"],
      dbg("c"),
      ["LRANGE", "c", "0", "-1"],
    ]);
  });
});
