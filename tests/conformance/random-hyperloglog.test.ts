/**
 * Seeded random differential tests for HyperLogLog: PF commands mixed with string commands
 * and another type over a small keyspace (so WRONGTYPE, "not an HLL" and corruption paths all
 * run), with small hll-sparse-max-bytes in some seeds so sparse→dense promotions happen often.
 * Every value is read back with GET, so the bytes are compared, not just the counts.
 * A failing seed is named in the message; replay it with RANDOM_SEEDS=<seed>.
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

function bytes(g: Gen, maxLen: number): string {
  let s = "";
  for (let n = g.int(0, maxLen); n > 0; n--) s += String.fromCharCode(g.int(0, 255));
  return s;
}

/** An element: mostly from a pool (so re-adds happen), sometimes arbitrary bytes. */
const element = (g: Gen): string => (g.chance(0.8) ? `el${g.int(0, 20_000)}` : bytes(g, 12));

const elements = (g: Gen): string[] => {
  const n = g.pick([0, 1, 1, 2, 5, 20, 100, 600]);
  return Array.from({ length: n }, () => element(g));
};

/** One random command over keys k0..k5 (k5 starts as a list). */
function randomCommand(g: Gen): string[] {
  const k = g.key();
  const keys = (n: number) => Array.from({ length: n }, () => g.key());
  switch (g.int(0, 17)) {
    case 0:
    case 1:
    case 2:
    case 3:
      return ["PFADD", k, ...elements(g)];
    case 4:
    case 5:
      return ["PFCOUNT", ...keys(g.int(1, 3))];
    case 6:
      return ["PFMERGE", k, ...keys(g.int(0, 3))];
    case 7:
    case 8:
      return ["GET", k];
    case 9:
      return ["SETRANGE", k, String(g.int(0, 40)), bytes(g, 3)];
    case 10:
      return ["APPEND", k, g.pick(["", "x", "\x00"])];
    case 11:
      return g.chance(0.5) ? ["SET", k, g.value()] : ["DEL", k];
    case 12:
      return ["OBJECT", "ENCODING", k];
    case 13:
      return ["PFDEBUG", g.pick(["ENCODING", "DECODE", "TODENSE", "GETREG", "nope"]), k];
    case 14:
      return ["STRLEN", k];
    case 15:
      return ["TYPE", k];
    case 16:
      return ["COPY", k, g.key(), ...(g.chance(0.5) ? ["REPLACE"] : [])];
    default:
      return ["CONFIG", "SET", "hll-sparse-max-bytes", String(g.pick([0, 25, 60, 300, 3000]))];
  }
}

describe("random PF command sequences", () => {
  for (const seed of seeds(8)) {
    it(`seed ${seed}`, async () => {
      const g = new Gen(seed);
      await makeList("k5");
      // Half of the seeds start with a small sparse limit.
      const cases: Case[] = [{ cmd: ["CONFIG", "SET", "hll-sparse-max-bytes", seed % 2 ? "3000" : "80"] }];
      for (let i = 0; i < 400; i++) cases.push({ cmd: randomCommand(g) });
      for (let i = 0; i < 6; i++) cases.push({ cmd: ["GET", `k${i}`] }, { cmd: ["PFCOUNT", `k${i}`] });
      const ms = await d.compare(cases);
      expect(ms, `seed ${seed}\n${describeMismatches(ms.slice(0, 5))}`).toEqual([]);
    });
  }
});

describe("random valid edits of stored registers", () => {
  // Rewriting VAL opcodes (keeping their run length) or dense register bytes leaves a valid
  // HLL with other registers: counts, later adds (opcode splits and merges) and merges of it
  // must still agree.
  for (const seed of seeds(4, 3000)) {
    it(`seed ${seed}`, async () => {
      const g = new Gen(seed);
      const s = await d.session();
      const cases: Case[] = [];
      for (let round = 0; round < 30; round++) {
        const k = `h${round % 3}`;
        const n = g.pick([10, 100, 400, 4000]);
        const add = ["PFADD", k, ...Array.from({ length: n }, () => element(g))];
        await s.real.call(...add);
        s.engine.execute(add);
        const got = (await s.real.call("GET", k)).reply;
        if (got.t !== "bulk") throw new Error(`GET ${k} replied ${got.t}`);
        const v = got.v;
        const dense = v.charCodeAt(4) === 0;
        for (let e = g.int(1, 6); e > 0; e--) {
          let at: number;
          let b: number;
          if (dense) {
            at = g.int(16, v.length - 1);
            b = g.int(0, 255);
          } else {
            const vals = [...v.slice(16)].map((ch, i) => (ch.charCodeAt(0) & 0x80 ? i + 16 : -1)).filter((i) => i >= 0);
            if (!vals.length) break;
            at = g.pick(vals);
            b = 0x80 | (g.int(0, 31) << 2) | (v.charCodeAt(at) & 3);
          }
          cases.push({ cmd: ["SETRANGE", k, String(at), String.fromCharCode(b)] });
        }
        cases.push(
          { cmd: ["PFCOUNT", k] },
          { cmd: ["PFCOUNT", k, `h${(round + 1) % 3}`] },
          { cmd: ["PFADD", k, ...Array.from({ length: g.int(1, 50) }, () => element(g))] },
          { cmd: ["GET", k] },
          { cmd: ["PFMERGE", `m${round % 2}`, k, `h${(round + 2) % 3}`] },
          { cmd: ["GET", `m${round % 2}`] },
          { cmd: ["PFCOUNT", `m${round % 2}`] },
        );
        const ms = await d.compare(cases.splice(0));
        expect(ms, `seed ${seed} round ${round}\n${describeMismatches(ms.slice(0, 5))}`).toEqual([]);
      }
    });
  }
});
