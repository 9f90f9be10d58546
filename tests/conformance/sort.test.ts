/**
 * SORT and SORT_RO against a real redis-server 7.0: option parsing and its errors, numeric
 * parsing as strtod does it, ALPHA byte order, LIMIT clamping, BY/GET patterns (strings and
 * hash fields), STORE, and the order of equal elements (stable qsort, and pqsort when BY
 * comes with a LIMIT). Lists and intsets have a deterministic input order, so everything on
 * them is compared exactly; hashtable sets and sorted sets where Redis' own order is arbitrary.
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


async function check(cases: readonly (Case | string[])[]): Promise<void> {
  const ms = await d.compare(cases);
  expect(ms, describeMismatches(ms)).toEqual([]);
}

describe("parsing", () => {
  it("reads every option before looking at the key", async () => {
    await check([
      ["SET", "str", "v"],
      ["HSET", "h", "a", "1"],
      ["SORT", "str"],
      ["SORT", "h"],
      ["SORT", "str", "BOGUS"],
      ["SORT", "str", "LIMIT", "1"],
      ["SORT", "str", "LIMIT", "x", "1"],
      ["SORT", "str", "LIMIT", "1", "x"],
      ["SORT", "str", "LIMIT", "1.5", "1"],
      ["SORT", "str", "BY"],
      ["SORT", "str", "GET"],
      ["SORT", "str", "STORE"],
      ["SORT_RO", "str", "STORE", "x"],
      ["SORT_RO", "nokey", "STORE", "x"],
      ["SORT", "nokey", "LIMIT", "0", "x"],
      ["SORT", "nokey"],
      ["SORT", "nokey", "STORE", "dst"],
      ["EXISTS", "dst"],
      ["SORT"],
      ["SORT_RO"],
      ["SORT", "str", "ALPHA", "DESC", "ASC", "LIMIT", "0", "1"],
    ]);
  });

  it("matches option names as C strings, case-insensitively", async () => {
    await check([
      ["RPUSH", "l", "b", "a", "c"],
      ["SORT", "l", "alpha"],
      ["SORT", "l", "AlPhA", "dEsC"],
      ["SORT", "l", "ALPHA\x00junk"],
      ["SORT", "l", "ALPHAX"],
      ["SORT", "l", "ALPHA", "limit\x00", "0", "2"],
    ]);
  });
});

describe("numeric sort", () => {
  it("sorts by the elements' numeric value, ties broken by their bytes", async () => {
    await check([
      ["RPUSH", "l", "10", "9", "-1", "1.5", "1e1", "010", "+10", "0x10", "3", "-0", "0", " 7", "2.50", "inf", "-inf", ""],
      ["SORT", "l"],
      ["SORT", "l", "DESC"],
      ["SORT", "l", "LIMIT", "2", "5"],
      ["SORT", "l", "DESC", "LIMIT", "0", "3"],
    ]);
  });

  it("refuses what strtod does not read fully, NaN, and ERANGE results", async () => {
    const bad = ["abc", "1x", "nan", "-nan", "1e400", "-1e400", "1e-310", "4.9e-324", "2.2250738585072011e-308", "5 ", "0x", "1e", ".", "+", " ", "1_0", "1e-400"];
    const good = ["0x1p-1070", "2.2250738585072014e-308", "1e308", "0x1.8p1", " \t\n1", "1\x00junk", "infinity", "-Infinity", "0.0", "00", ".5", "5."];
    const cases: string[][] = [];
    for (const v of [...bad, ...good]) cases.push(["DEL", "l"], ["RPUSH", "l", v, "1"], ["SORT", "l"], ["SORT", "l", "STORE", "out"]);
    await check(cases);
  });

  it("fails on an ERANGE an earlier command left in errno, until something clears it", async () => {
    await check([
      ["RPUSH", "good", "2.5", "1.5", "10"],
      ["RPUSH", "ints", "3", "1", "2"],
      ["RPUSH", "huge", "1e400"],
      ["SORT", "good"],
      ["SORT", "huge"],
      // errno is still ERANGE: strings fail, integer-encoded list elements skip strtod.
      ["SORT", "good"],
      ["SORT", "ints"],
      ["PING"],
      ["SORT", "good"],
      // HINCRBYFLOAT clears errno (string2ld) ...
      ["HINCRBYFLOAT", "h", "f", "1.5"],
      ["SORT", "good"],
      // ... or sets it again when its argument is out of range.
      ["HINCRBYFLOAT", "h", "f", "1e5000"],
      ["SORT", "good"],
      ["HINCRBYFLOAT", "h", "f", "0"],
      ["SORT", "good"],
      ["SORT", "huge"],
      { cmd: ["PING"], client: "other" },
      ["SORT", "good"],
      ["SET", "w_1", "1e-310"],
      ["SORT", "ints", "BY", "w_*"],
      ["SORT", "good", "BY", "w_*"],
      // strtod sets ERANGE before the trailing junk fails the element: it stays all the same.
      { cmd: ["PING"], client: "other" },
      ["RPUSH", "junk", "1e400x"],
      ["SORT", "junk"],
      ["SORT", "good"],
      { cmd: ["PING"], client: "other" },
      ["SORT", "good"],
    ]);
  });

  it("handles big integers and the integer encodings of list elements", async () => {
    await check([
      ["RPUSH", "l", "9223372036854775807", "9223372036854775806", "-9223372036854775808", "9007199254740993", "9007199254740992", "12345678901234567890"],
      ["SORT", "l"],
      ["SORT", "l", "DESC"],
    ]);
  });
});

describe("ALPHA", () => {
  it("compares bytes as strcmp (up to a NUL) when replying, and whole strings when storing", async () => {
    const items = ["b", "B", "a", "\xc3\xa9", "a\x00z", "a\x00b", "A", "\xff", "\x80", "", "aa", "a", "\x00"];
    await check([
      ["RPUSH", "l", ...items],
      ["SORT", "l", "ALPHA"],
      ["SORT", "l", "ALPHA", "DESC"],
      ["SORT", "l", "ALPHA", "STORE", "dst"],
      ["LRANGE", "dst", "0", "-1"],
      ["SORT", "l", "ALPHA", "DESC", "STORE", "dst"],
      ["LRANGE", "dst", "0", "-1"],
      ["SORT", "l", "ALPHA", "LIMIT", "3", "4"],
    ]);
  });
});

describe("LIMIT", () => {
  it("clamps offsets and counts as Redis does", async () => {
    const limits = [
      ["0", "0"], ["0", "1"], ["2", "3"], ["-5", "2"], ["3", "-1"], ["3", "-5"], ["9", "1"], ["10", "1"], ["100", "5"],
      ["2", "9223372036854775807"], ["9223372036854775807", "9223372036854775807"], ["-9223372036854775808", "3"], ["0", "-9223372036854775808"],
    ];
    const cases: string[][] = [["RPUSH", "l", "5", "3", "8", "1", "9", "2", "7", "4", "6", "0"]];
    for (const [a, b] of limits) {
      for (const extra of [[], ["DESC"], ["BY", "nosort"], ["BY", "nosort", "DESC"], ["ALPHA"], ["BY", "w_*"]]) {
        cases.push(["SORT", "l", "LIMIT", a, b, ...extra]);
      }
      cases.push(["SORT", "l", "LIMIT", a, b, "STORE", "dst"], ["LRANGE", "dst", "0", "-1"]);
    }
    cases.push(["SORT", "nokey", "LIMIT", "0", "5"], ["SORT", "nokey", "BY", "nosort", "LIMIT", "1", "5", "DESC"]);
    await check(cases);
  });
});

describe("BY and GET", () => {
  it("sorts by other keys' values and fetches keys and hash fields per element", async () => {
    await check([
      ["RPUSH", "ids", "1", "2", "3", "4", "5"],
      ["MSET", "w_1", "50", "w_2", "-3", "w_3", "1e2", "w_5", "7", "name_1", "one", "name_2", "two", "name_4", "four"],
      ["HSET", "u_1", "age", "30", "nick", "al"],
      ["HSET", "u_2", "age", "20"],
      ["HSET", "u_3", "age", "x"],
      ["RPUSH", "w_4", "not-a-string"],
      ["SORT", "ids", "BY", "w_*"],
      ["SORT", "ids", "BY", "w_*", "DESC"],
      ["SORT", "ids", "BY", "w_*", "GET", "#", "GET", "name_*", "GET", "u_*->nick", "GET", "nothing"],
      ["SORT", "ids", "BY", "u_*->age"],
      ["SORT", "ids", "BY", "u_*->age", "ALPHA"],
      ["SORT", "ids", "BY", "name_*", "ALPHA"],
      ["SORT", "ids", "BY", "name_*", "ALPHA", "DESC"],
      ["SORT", "ids", "BY", "name_*"],
      ["SORT", "ids", "BY", "nosort", "GET", "name_*", "GET", "#"],
      ["SORT", "ids", "GET", "u_*->age", "GET", "w_*"],
      ["SORT", "ids", "GET", "#", "LIMIT", "1", "2"],
      ["SORT", "ids", "BY", "w_*", "GET", "w_*", "STORE", "dst"],
      ["LRANGE", "dst", "0", "-1"],
      ["SORT", "ids", "GET", "name_*", "GET", "u_*->nick", "STORE", "dst"],
      ["LRANGE", "dst", "0", "-1"],
    ]);
  });

  it("follows lookupKeyByPattern's corner cases", async () => {
    await check([
      ["RPUSH", "ids", "1", "2"],
      ["MSET", "k1", "a", "k2", "b", "x", "const", "k1->f", "arrow-key", "1->", "odd"],
      ["HSET", "h1", "f", "F1", "", "empty", "f\x00g", "nul", "->", "arrow"],
      ["HSET", "h2", "f", "F2"],
      ["SORT", "ids", "GET", "k*"],
      ["SORT", "ids", "GET", "x"],
      ["SORT", "ids", "GET", "#"],
      ["SORT", "ids", "GET", "#\x00junk"],
      ["SORT", "ids", "GET", "##"],
      ["SORT", "ids", "GET", "h*->f"],
      ["SORT", "ids", "GET", "h*->"],
      ["SORT", "ids", "GET", "h*->->"],
      ["SORT", "ids", "GET", "h*->f\x00g"],
      ["SORT", "ids", "GET", "h*->\x00g"],
      ["SORT", "ids", "GET", "k*->f"],
      ["SORT", "ids", "GET", "h1->f*"],
      ["SORT", "ids", "GET", "*->"],
      ["SORT", "ids", "GET", "k\x00*"],
      ["SORT", "ids", "GET", "*"],
      ["SORT", "ids", "BY", "k\x00*", "DESC"],
      ["SORT", "ids", "BY", "const", "DESC"],
      ["SORT", "ids", "BY", "nosort", "BY", "k*", "DESC"],
      ["SORT", "ids", "BY", "k*", "BY", "nosort", "DESC"],
    ]);
  });

  it("keeps Redis' order of equal elements, with and without LIMIT (qsort and pqsort)", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 90; i++) ids.push(`e${(i * 37) % 90}`);
    const mset: string[] = [];
    // Few distinct weights, and a third of the elements with none: many ties under ALPHA.
    for (let i = 0; i < 90; i++) if (i % 3) mset.push(`w_e${i}`, `v${i % 4}`);
    const cases: string[][] = [["RPUSH", "l", ...ids], ["MSET", ...mset]];
    for (const limit of [[], ["0", "10"], ["5", "20"], ["40", "7"], ["80", "30"], ["0", "89"], ["1", "89"], ["89", "1"]]) {
      const lim = limit.length ? ["LIMIT", ...limit] : [];
      cases.push(
        ["SORT", "l", "BY", "w_*", "ALPHA", ...lim],
        ["SORT", "l", "BY", "w_*", "ALPHA", "DESC", ...lim],
        ["SORT", "l", "BY", "w_*", ...lim],
        ["SORT", "l", "BY", "w_*", "ALPHA", "STORE", "dst", ...lim],
        ["LRANGE", "dst", "0", "-1"],
      );
    }
    for (const n of [3, 6, 7, 8, 12, 41, 45]) {
      cases.push(["DEL", "s"], ["RPUSH", "s", ...ids.slice(0, n)]);
      for (const limit of [["0", "2"], ["1", "3"], [String(n - 2), "5"]]) {
        cases.push(["SORT", "s", "BY", "w_*", "ALPHA", "LIMIT", ...limit], ["SORT", "s", "BY", "w_*", "ALPHA", "DESC", "LIMIT", ...limit]);
      }
    }
    await check(cases);
  });

  it("leaves ties where 7.0's pqsort does on partly sorted input (no insertion-sort shortcut)", async () => {
    const g = new Gen(2024);
    const cases: string[][] = [];
    for (let round = 0; round < 120; round++) {
      const n = g.int(8, 47);
      const kinds = g.int(1, 30);
      cases.push(["FLUSHALL"]);
      for (let i = 0; i < n; i++) {
        // Half the weights ascend with the position: passes that swap nothing are common.
        const k = g.chance(0.5) ? Math.floor((i * kinds) / n) : g.int(0, kinds - 1);
        cases.push(["RPUSH", "l", `m${i}`], ["SET", `w_m${i}`, String.fromCharCode(97 + k)]);
      }
      const count = g.int(1, n - 1);
      cases.push(["SORT", "l", "BY", "w_*", "ALPHA", "LIMIT", "0", String(count)]);
      cases.push(["SORT", "l", "BY", "w_*", "ALPHA", "DESC", "LIMIT", String(count >> 1), String(count)]);
    }
    await check(cases);
  });
});

describe("STORE", () => {
  it("stores a list (replacing any type, dropping the TTL) or deletes the key for an empty result", async () => {
    await check([
      ["RPUSH", "l", "3", "1", "2"],
      ["SET", "dst", "string", "EX", "100"],
      ["SORT", "l", "STORE", "dst"],
      ["TYPE", "dst"],
      ["TTL", "dst"],
      ["OBJECT", "ENCODING", "dst"],
      ["LRANGE", "dst", "0", "-1"],
      ["SORT", "l", "STORE", "l"],
      ["LRANGE", "l", "0", "-1"],
      ["SORT", "l", "LIMIT", "0", "0", "STORE", "dst"],
      ["EXISTS", "dst"],
      ["SORT", "nokey", "STORE", "l"],
      ["EXISTS", "l"],
      ["SORT", "nokey", "STORE", "l"],
      ["SORT_RO", "l"],
    ]);
  });
});

describe("sets", () => {
  it("sorts intsets and hashtable sets; BY nosort keeps the set order unless storing", async () => {
    const big: string[] = [];
    for (let i = 0; i < 20; i++) big.push(`m${i}`);
    await check([
      ["SADD", "ints", "5", "-3", "10", "0", "7"],
      ["SORT", "ints"],
      ["SORT", "ints", "DESC", "LIMIT", "1", "2"],
      ["SORT", "ints", "BY", "nosort"],
      ["SORT", "ints", "BY", "nosort", "DESC", "LIMIT", "1", "3"],
      ["SORT", "ints", "ALPHA"],
      ["SADD", "words", ...big],
      ["SORT", "words"],
      ["SORT", "words", "ALPHA"],
      ["SORT", "words", "ALPHA", "DESC", "LIMIT", "3", "4"],
      { cmd: ["SORT", "words", "BY", "nosort"], norm: exemptions.unordered },
      ["SORT", "words", "BY", "nosort", "STORE", "dst"],
      ["LRANGE", "dst", "0", "-1"],
      ["SORT", "words", "BY", "nosort", "GET", "#", "STORE", "dst"],
      ["LRANGE", "dst", "0", "-1"],
      ["SORT", "words", "BY", "nosort", "DESC", "STORE", "dst"],
      ["LRANGE", "dst", "0", "-1"],
    ]);
  });
});

describe("sorted sets", () => {
  it("sort by member, keep rank order for BY nosort, and are converted to skiplist", async () => {
    await check([
      ["ZADD", "z", "3", "10", "1", "30", "2", "20", "4", "5"],
      ["OBJECT", "ENCODING", "z"],
      ["SORT_RO", "z"],
      ["OBJECT", "ENCODING", "z"],
      ["SORT", "z", "DESC"],
      ["SORT", "z", "ALPHA"],
      ["SORT", "z", "BY", "nosort"],
      ["SORT", "z", "BY", "nosort", "DESC"],
      ["SORT", "z", "BY", "nosort", "LIMIT", "1", "2"],
      ["SORT", "z", "BY", "nosort", "DESC", "LIMIT", "1", "2"],
      ["SORT", "z", "BY", "nosort", "DESC", "LIMIT", "3", "100"],
      ["SORT", "z", "BY", "nosort", "LIMIT", "4", "1"],
      ["SORT", "z", "BY", "nosort", "LIMIT", "9", "1"],
      ["SORT", "z", "BY", "nosort", "STORE", "dst"],
      ["LRANGE", "dst", "0", "-1"],
      ["ZADD", "z2", "1", "a"],
      ["SORT", "z2", "BY", "nosort", "LIMIT", "0", "0"],
      ["OBJECT", "ENCODING", "z2"],
      ["MSET", "w_10", "3", "w_20", "3", "w_5", "-1"],
      ["SORT", "z", "BY", "w_*"],
      ["SORT", "z", "BY", "w_*", "LIMIT", "1", "2"],
      ["SORT", "z", "BY", "w_*", "DESC", "GET", "#", "GET", "w_*"],
      ["SORT", "z", "ALPHA", "STORE", "dst"],
      ["LRANGE", "dst", "0", "-1"],
    ]);
  });

  it("sort a skiplist sorted set, walking ranks from either end for BY nosort", async () => {
    const args: string[] = [];
    for (let i = 0; i < 200; i++) args.push(String((i * 7919) % 1000), `m${i}`);
    const cases: string[][] = [["ZADD", "big", ...args], ["OBJECT", "ENCODING", "big"], ["SORT", "big", "ALPHA", "LIMIT", "50", "5"]];
    for (const [a, b] of [["0", "3"], ["10", "5"], ["195", "10"], ["199", "1"], ["200", "1"]]) {
      cases.push(["SORT", "big", "BY", "nosort", "LIMIT", a, b], ["SORT", "big", "BY", "nosort", "DESC", "LIMIT", a, b]);
    }
    await check(cases);
  });
});

describe("random SORT of sets and sorted sets", () => {
  /** Options whose result does not depend on the hashtable order Redis loads these from. */
  function randomOptions(g: Gen, key: string): string[] {
    const args = [g.pick(["SORT", "SORT_RO"]), key];
    for (let i = g.int(0, 4); i > 0; i--) {
      switch (g.int(0, 5)) {
        case 0:
          args.push(g.pick(["ASC", "DESC"]));
          break;
        case 1:
          if (!args.includes("BY")) args.push("ALPHA");
          break;
        case 2:
          args.push("LIMIT", g.num(-2, 10), g.num(-2, 10));
          break;
        case 3:
          if (!args.includes("ALPHA") && !args.includes("BY")) args.push("BY", "w_*");
          break;
        case 4:
          args.push("GET", g.pick(["#", "w_*", "h_*->f"]));
          break;
        default:
          if (args[0] === "SORT") args.push("STORE", "dst");
      }
    }
    return args;
  }

  for (const seed of seeds(4, 7500)) {
    it(`seed ${seed}`, async () => {
      const g = new Gen(seed);
      const cases: Case[] = [];
      for (let round = 0; round < 25; round++) {
        const n = g.int(1, 20);
        const members = Array.from({ length: n }, () => (g.chance(0.8) ? String(g.int(-30, 30)) : g.pick(["1.5", "-2.5", "1e3", "x", "007"])));
        cases.push({ cmd: ["SADD", "s", ...members] });
        cases.push({ cmd: ["ZADD", "z", ...members.flatMap((m) => [String(g.int(-5, 5)), m])] });
        for (let i = 0; i < 6; i++) {
          const v = String(g.int(-30, 30));
          cases.push({ cmd: ["SET", `w_${v}`, String(g.int(-5, 5))] }, { cmd: ["HSET", `h_${v}`, "f", String(g.int(0, 3))] });
        }
        for (let i = 0; i < 8; i++) {
          const cmd = randomOptions(g, g.pick(["s", "z"]));
          cases.push({ cmd });
          if (cmd.includes("STORE")) cases.push({ cmd: ["LRANGE", "dst", "0", "-1"] });
        }
        cases.push({ cmd: ["OBJECT", "ENCODING", "z"] }, { cmd: ["FLUSHALL"] });
      }
      const ms = await d.compare(cases);
      expect(ms, `seed ${seed}\n${describeMismatches(ms.slice(0, 5))}`).toEqual([]);
    });
  }
});

describe("random SORT invocations", () => {
  /** A list (or set) of random small values, weights for some elements, and SORT with random options. */
  function randomSort(g: Gen): string[] {
    const args: string[] = [g.pick(["SORT", "SORT", "SORT_RO"]), g.pick(["l", "l", "l", "n", "nokey", "str"])];
    for (let i = g.int(0, 4); i > 0; i--) {
      switch (g.int(0, 7)) {
        case 0:
          args.push(g.pick(["ASC", "DESC", "desc"]));
          break;
        case 1:
          args.push("ALPHA");
          break;
        case 2:
          args.push("LIMIT", g.num(-3, 12), g.num(-2, 12));
          break;
        case 3:
          args.push("BY", g.pick(["w_*", "h_*->f", "nosort", "w_*->x", "missing_*"]));
          break;
        case 4:
        case 5:
          args.push("GET", g.pick(["#", "w_*", "h_*->f", "h_*->g", "nope_*"]));
          break;
        case 6:
          if (args[0] === "SORT") args.push("STORE", g.pick(["dst", "l", "str"]));
          break;
        default:
          args.push(g.pick(["BOGUS", "LIMIT", "BY"]));
      }
    }
    return args;
  }

  for (const seed of seeds(6, 7000)) {
    it(`seed ${seed}`, async () => {
      const g = new Gen(seed);
      const cases: Case[] = [];
      const values = () => Array.from({ length: g.int(1, 14) }, () => (g.chance(0.6) ? String(g.int(-20, 20)) : g.value()));
      for (let round = 0; round < 30; round++) {
        cases.push({ cmd: ["DEL", "l", "n", "dst"] }, { cmd: ["RPUSH", "l", ...values()] });
        cases.push({ cmd: ["RPUSH", "n", ...Array.from({ length: g.int(1, 10) }, () => String(g.int(0, 9)))] });
        cases.push({ cmd: ["SET", "str", "x"] });
        for (let i = 0; i < 6; i++) {
          const v = String(g.int(-20, 20));
          cases.push({ cmd: ["SET", `w_${v}`, g.chance(0.8) ? String(g.int(-5, 5)) : g.value()] });
          cases.push({ cmd: ["HSET", `h_${v}`, "f", g.chance(0.7) ? String(g.int(-5, 5)) : g.value()] });
        }
        for (let i = 0; i < 10; i++) {
          const cmd = randomSort(g);
          cases.push({ cmd });
          if (cmd.includes("STORE")) cases.push({ cmd: ["LRANGE", cmd[cmd.indexOf("STORE") + 1], "0", "-1"] });
        }
        cases.push({ cmd: ["TYPE", "dst"] }, { cmd: ["FLUSHALL"] });
      }
      const ms = await d.compare(cases);
      expect(ms, `seed ${seed}\n${describeMismatches(ms.slice(0, 5))}`).toEqual([]);
    });
  }
});
