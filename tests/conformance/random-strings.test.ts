/**
 * Seeded random differential tests for the string family: command sequences over a small
 * keyspace (so commands collide on the same keys), and random INCRBYFLOAT operands to prove
 * the long double emulation against the real thing. A failing seed is named in the message;
 * replay it with RANDOM_SEEDS=<seed>.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case } from "../support/differential";
import { Gen, seeds } from "../support/random-commands";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
});
afterAll(async () => d?.stop());
beforeEach(async () => d.reset());

/** A list at `key` on both sides (for the WRONGTYPE paths). */
async function makeList(key: string): Promise<void> {
  await d.compare([["LPUSH", key, "a"]]);
}

/** A float operand of the kinds that separate long double from double arithmetic. */
function floatOperand(g: Gen): string {
  const sign = () => g.pick(["", "", "-", "+"]);
  const digits = (n: number) => Array.from({ length: n }, () => String(g.int(0, 9))).join("");
  switch (g.int(0, 11)) {
    case 0:
      return String(g.int(-1000, 1000));
    case 1:
      return sign() + String(g.int(1, 9)) + digits(g.int(0, 24));
    case 2:
      return `${sign()}${g.int(0, 99999)}.${digits(g.int(1, 3))}`;
    case 3: {
      const all = digits(g.int(1, 22));
      const at = g.int(0, all.length);
      return `${sign()}${all.slice(0, at)}.${all.slice(at) || "0"}`;
    }
    case 4:
      return `${sign()}${g.int(0, 999)}.${digits(g.int(0, 3))}${g.pick(["e", "E"])}${g.pick(["", "+", "-"])}${g.int(0, 30)}`;
    case 5:
      // Far magnitudes: near the top of the range and deep into subnormals.
      return `${sign()}${g.int(1, 9)}.${digits(g.int(0, 5))}e${g.pick([g.int(-4950, -4900), g.int(-400, 400), g.int(4800, 4932)])}`;
    case 6:
      return g.pick([
        "9223372036854775807", "-9223372036854775808", "9007199254740993", "18446744073709551615",
        "18446744073709551617", "0.1", "0.2", "0.3", "1.1", "2.2", "0.5", "0.25", "1e-17", "5e-18", "0.000003814697265625",
      ]);
    case 7:
      return `${sign()}0x${g.int(0, 0xfffff).toString(16)}${g.chance(0.5) ? `.${g.int(0, 0xfff).toString(16)}` : ""}${g.chance(0.5) ? `p${g.int(-70, 70)}` : ""}`;
    case 8:
      return g.pick([" 1", "1 ", "abc", "1e", "nan", "inf", "-inf", "", "0x", "1.2.3", ".", "1e5000", "1e-5000", "0", "-0"]);
    case 9:
      return `${sign()}0.${"0".repeat(g.int(0, 20))}${digits(g.int(1, 20))}`;
    default:
      return `${sign()}${digits(g.int(1, 12))}.${digits(g.int(1, 12))}`;
  }
}

/** One random string-family command over keys k0..k5 (k5 is sometimes a list). */
function randomCommand(g: Gen): string[] {
  const k = g.key();
  const v = () => (g.chance(0.15) ? floatOperand(g) : g.value());
  const expireOpt = (): string[] =>
    g.pick([
      ["EX", String(g.int(100, 1000))],
      ["PX", String(g.int(100_000, 1_000_000))],
      ["EXAT", g.pick(["1", "100", String(Math.floor(Date.now() / 1000) + 1000)])],
      ["PXAT", g.pick(["1", String(Date.now() + 1_000_000)])],
      ["EX", g.pick(["0", "-1", "x", "9223372036854775"])],
      ["KEEPTTL"],
      ["PERSIST"],
    ]);
  switch (g.int(0, 24)) {
    case 0:
    case 1: {
      const opts: string[] = [];
      for (let i = g.int(0, 3); i > 0; i--) opts.push(...g.pick([["NX"], ["XX"], ["GET"], expireOpt(), [g.pick(["FOO", "get", "nx"])]]));
      return ["SET", k, v(), ...opts];
    }
    case 2:
      return ["GET", k];
    case 3:
      return ["GETSET", k, v()];
    case 4:
      return ["GETDEL", k];
    case 5:
      return ["GETEX", k, ...(g.chance(0.3) ? [] : expireOpt())];
    case 6:
      return ["SETNX", k, v()];
    case 7:
      return ["SETEX", k, g.pick(["100", "0", "-1", "x", "1000"]), v()];
    case 8:
      return ["PSETEX", k, g.pick(["100000", "0", "1.5", "9223372036854775807"]), v()];
    case 9:
      return ["MSET", k, v(), g.key(), v(), ...(g.chance(0.2) ? [g.key()] : [])];
    case 10:
      return ["MSETNX", k, v(), g.key(), v()];
    case 11:
      return ["MGET", k, g.key(), g.key()];
    case 12:
      return ["APPEND", k, v()];
    case 13:
      return ["STRLEN", k];
    case 14:
      return [g.pick(["GETRANGE", "SUBSTR"]), k, g.num(-12, 12), g.num(-12, 60)];
    case 15:
      return ["SETRANGE", k, g.num(-2, 60), v()];
    case 16:
      return ["INCR", k];
    case 17:
      return ["DECR", k];
    case 18:
      return ["INCRBY", k, g.chance(0.8) ? g.num(-1000, 1000) : g.value()];
    case 19:
      return ["DECRBY", k, g.chance(0.8) ? g.num(-1000, 1000) : g.value()];
    case 20:
    case 21:
      return ["INCRBYFLOAT", k, floatOperand(g)];
    case 22: {
      const opts: string[] = [];
      for (let i = g.int(0, 3); i > 0; i--) opts.push(...g.pick([["LEN"], ["IDX"], ["WITHMATCHLEN"], ["MINMATCHLEN", g.num(-1, 4)], ["FOO"]]));
      return ["LCS", k, g.key(), ...opts];
    }
    case 23:
      return ["OBJECT", "ENCODING", k];
    default:
      return ["EXISTS", k];
  }
}

describe("random string command sequences", () => {
  for (const seed of seeds(8)) {
    it(`seed ${seed}`, async () => {
      const g = new Gen(seed);
      await makeList("k5");
      const cases: Case[] = [];
      for (let i = 0; i < 400; i++) cases.push({ cmd: randomCommand(g) });
      // The final state of every key, read back.
      for (let i = 0; i < 6; i++) cases.push({ cmd: ["GET", `k${i}`] }, { cmd: ["STRLEN", `k${i}`] });
      const ms = await d.compare(cases);
      expect(ms, `seed ${seed}\n${describeMismatches(ms.slice(0, 5))}`).toEqual([]);
    });
  }
});

describe("random INCRBYFLOAT operands", () => {
  for (const seed of seeds(6, 5000)) {
    it(`seed ${seed}`, async () => {
      const g = new Gen(seed);
      const cases: Case[] = [];
      for (let i = 0; i < 500; i++) {
        const a = floatOperand(g);
        cases.push({ cmd: ["SET", "f", a] });
        // Chains: each sum is stored as text and parsed again by the next step.
        for (let j = g.int(1, 3); j > 0; j--) {
          // Sometimes the exact negation, to cross zero with whatever rounding residue remains.
          const b = g.chance(0.15) ? (a.startsWith("-") ? a.slice(1) : `-${a.replace(/^\+/, "")}`) : floatOperand(g);
          cases.push({ cmd: ["INCRBYFLOAT", "f", b] });
        }
        cases.push({ cmd: ["GET", "f"] });
      }
      const ms = await d.compare(cases);
      expect(ms, `seed ${seed}\n${describeMismatches(ms.slice(0, 5))}`).toEqual([]);
    });
  }
});
