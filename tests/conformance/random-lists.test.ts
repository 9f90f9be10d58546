/**
 * Seeded random differential tests for the list family: command sequences over a small
 * keyspace that also holds strings (so WRONGTYPE paths run), with small node sizes and
 * compress depths so nodes split, merge and compress all the time. After every command that
 * may change a list, DEBUG OBJECT compares the quicklist layout (ql_nodes, sizes,
 * serializedlength). A failing seed is named in the message; replay it with RANDOM_SEEDS=<seed>.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case } from "../support/differential";
import { Gen, seeds } from "../support/random-commands";
import { exemptions } from "./exemptions";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start({ config: { "enable-debug-command": "yes" } });
});
afterAll(async () => d?.stop());
beforeEach(async () => d.reset());

/** Elements that repeat often, so LINSERT/LREM/LPOS pivots hit. */
const POOL = ["a", "b", "c", "1", "2", "-1", "100", "", "x".repeat(70), "9223372036854775807"];

function element(g: Gen): string {
  const r = g.rng.below(10);
  if (r < 5) return g.pick(POOL);
  if (r < 8) return g.value();
  return "y".repeat(g.pick([100, 300, 1000, 3000, 5000]));
}

const elements = (g: Gen, lo: number, hi: number) => Array.from({ length: g.int(lo, hi) }, () => element(g));
const end = (g: Gen) => g.pick(["LEFT", "RIGHT", "left", "right"]);
const index = (g: Gen) => (g.chance(0.1) ? g.pick(["x", "1.5", "9223372036854775807", "-9223372036854775808"]) : String(g.int(-12, 12)));

/** One random command over keys k0..k5. */
function randomCommand(g: Gen): string[] {
  const k = g.key();
  switch (g.rng.below(26)) {
    case 0:
    case 1:
      return ["RPUSH", k, ...elements(g, 1, 6)];
    case 2:
    case 3:
      return ["LPUSH", k, ...elements(g, 1, 6)];
    case 4:
      return [g.pick(["LPUSHX", "RPUSHX"]), k, ...elements(g, 1, 3)];
    case 5:
      return [g.pick(["LPOP", "RPOP"]), k];
    case 6:
      return [g.pick(["LPOP", "RPOP"]), k, g.num(-1, 8)];
    case 7:
      return ["LRANGE", k, index(g), index(g)];
    case 8:
      return ["LINDEX", k, index(g)];
    case 9:
      return ["LSET", k, index(g), element(g)];
    case 10:
    case 11:
      return ["LINSERT", k, g.pick(["BEFORE", "AFTER", "after", "around"]), g.pick(POOL), element(g)];
    case 12:
      return ["LREM", k, String(g.int(-3, 3)), g.pick(POOL)];
    case 13:
      return ["LTRIM", k, index(g), index(g)];
    case 14:
      return ["LLEN", k];
    case 15: {
      const opts: string[] = [];
      if (g.chance(0.5)) opts.push("RANK", g.pick(["1", "2", "-1", "-2", "0", "3"]));
      if (g.chance(0.5)) opts.push("COUNT", g.pick(["0", "1", "2", "-1"]));
      if (g.chance(0.3)) opts.push("MAXLEN", g.pick(["0", "1", "3", "10"]));
      return ["LPOS", k, g.pick(POOL), ...opts];
    }
    case 16:
      return ["LMOVE", k, g.key(), end(g), end(g)];
    case 17:
      return ["RPOPLPUSH", k, g.key()];
    case 18: {
      const keys = Array.from({ length: g.int(1, 3) }, () => g.key());
      const count = g.chance(0.5) ? ["COUNT", g.num(0, 6)] : [];
      return ["LMPOP", String(keys.length), ...keys, end(g), ...count];
    }
    case 19:
      return g.pick([["SET", k, g.value()], ["APPEND", k, "z"], ["INCR", k]]);
    case 20:
      return ["DEL", k];
    case 21:
      return ["CONFIG", "SET", "list-max-listpack-size", g.pick(["-1", "-2", "1", "2", "3", "4", "0"])];
    case 22:
      return ["CONFIG", "SET", "list-compress-depth", g.pick(["0", "1", "2"])];
    case 23:
      return ["COPY", k, g.key(), "REPLACE"];
    default:
      return ["DEBUG", "OBJECT", k];
  }
}

/** Commands after which the key's layout is worth comparing. */
const WRITES = new Set(["RPUSH", "LPUSH", "LPUSHX", "RPUSHX", "LPOP", "RPOP", "LSET", "LINSERT", "LREM", "LTRIM", "LMOVE", "RPOPLPUSH", "LMPOP", "COPY", "SET", "APPEND", "INCR"]);

describe("random list sequences", () => {
  for (const seed of seeds(24)) {
    it(`seed ${seed}`, async () => {
      const g = new Gen(seed);
      const cases: Case[] = [
        { cmd: ["CONFIG", "SET", "list-max-listpack-size", g.pick(["-2", "-1", "1", "2", "3", "5", "0"])] },
        { cmd: ["CONFIG", "SET", "list-compress-depth", g.pick(["0", "0", "1", "2"])] },
      ];
      for (let i = 0; i < 250; i++) {
        const cmd = randomCommand(g);
        cases.push({ cmd, norm: cmd[0] === "DEBUG" ? exemptions.debugObject : undefined });
        if (WRITES.has(cmd[0])) {
          // The destination too, for the moves and COPY.
          const keys = cmd[0] === "LMPOP" ? cmd.slice(2, 2 + Number(cmd[1])) : cmd.slice(1, cmd[0] === "LMOVE" || cmd[0] === "RPOPLPUSH" || cmd[0] === "COPY" ? 3 : 2);
          for (const key of new Set(keys)) cases.push({ cmd: ["DEBUG", "OBJECT", key], norm: exemptions.debugObject });
        }
      }
      for (let i = 0; i < 6; i++) cases.push({ cmd: ["LRANGE", `k${i}`, "0", "-1"] });
      const ms = await d.compare(cases);
      expect(ms, `seed ${seed}\n${describeMismatches(ms.slice(0, 5))}`).toEqual([]);
    });
  }
});
