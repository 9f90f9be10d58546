/**
 * Seeded random differential tests for the hash family: command sequences over a small
 * keyspace shared with strings (and lists or sets when those families exist), so WRONGTYPE
 * paths run, with thresholds lowered in most seeds so hashes cross from listpack to hashtable
 * mid-sequence. OBJECT ENCODING is compared after every hash command. Whole-hash replies are
 * compared exactly while the key is a listpack and order-insensitively once it is a
 * hashtable; random picks are compared by shape. A failing seed is named in the message;
 * replay it with RANDOM_SEEDS=<seed>.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Differential, describeMismatches, type Case, type Mismatch } from "../support/differential";
import { Gen, seeds } from "../support/random-commands";
import { exemptions, type Normaliser } from "./exemptions";

let d: Differential;
beforeAll(async () => {
  d = await Differential.start();
});
afterAll(async () => d?.stop());
beforeEach(async () => d.reset());


/** A page [cursor, pairs] of a hashtable: the pairs in sorted order, each pair kept whole. */
const hashtablePage: Normaliser = (r) =>
  r.t === "array" && r.v.length === 2 ? { ...r, v: [r.v[0], exemptions.unorderedPairs(r.v[1])] } : r;

/** Field names: a few short ones (so commands collide) and some past every value threshold. */
function field(g: Gen): string {
  if (g.chance(0.1)) return g.pick(["", "\x00\r\n", "long-field-name-over-the-limit", "x".repeat(70)]);
  return `f${g.int(0, 7)}`;
}

function value(g: Gen): string {
  if (g.chance(0.3)) return String(g.int(-50, 50));
  return g.value();
}

function floatArg(g: Gen): string {
  return g.pick(["0.1", "-0.25", "1.5e3", "3", "-7", "1e-5", "inf", "nan", "x", "", " 1", "0x1p3", "5e-324", "1e308"]);
}

/** Which keys hold which kind: k0..k3 hashes, k4 a string, k5 whatever the family can make. */
function randomCommand(g: Gen): string[] {
  const k = g.key();
  const pairs = (n: number) => Array.from({ length: n }, () => [field(g), value(g)]).flat();
  switch (g.int(0, 27)) {
    case 0:
    case 1:
    case 2:
      return ["HSET", k, ...pairs(g.int(1, 4))];
    case 3:
      return ["HMSET", k, ...pairs(g.int(1, 3))];
    case 4:
      return ["HSETNX", k, field(g), value(g)];
    case 5:
      return ["HGET", k, field(g)];
    case 6:
      return ["HMGET", k, field(g), field(g), field(g)];
    case 7:
    case 8:
      return ["HDEL", k, ...Array.from({ length: g.int(1, 3) }, () => field(g))];
    case 9:
      return ["HLEN", k];
    case 10:
      return ["HSTRLEN", k, field(g)];
    case 11:
      return ["HEXISTS", k, field(g)];
    case 12:
    case 13:
      return ["HINCRBY", k, field(g), g.chance(0.9) ? g.num(-100, 100) : g.pick(["9223372036854775807", "-9223372036854775808", "x"])];
    case 14:
    case 15:
      return ["HINCRBYFLOAT", k, field(g), floatArg(g)];
    case 16:
      return ["HGETALL", k];
    case 17:
      return ["HKEYS", k];
    case 18:
      return ["HVALS", k];
    case 19:
      return ["HSCAN", k, "0", ...(g.chance(0.5) ? ["MATCH", g.pick(["f*", "*1", "f[0-3]", "*"])] : []), "COUNT", "1000"];
    case 20: {
      const count = g.pick(["", "", "0", "1", "2", "3", "-3", "10", "-10", "100", "x"]);
      return ["HRANDFIELD", k, ...(count ? [count] : []), ...(count && g.chance(0.4) ? ["WITHVALUES"] : [])];
    }
    case 21:
      return ["SET", k, value(g)];
    case 22:
      return ["DEL", k];
    case 23:
      return ["COPY", k, g.key(), ...(g.chance(0.5) ? ["REPLACE"] : [])];
    case 24:
      return ["RENAME", k, g.key()];
    case 25:
      return ["TYPE", k];
    case 26:
      return ["EXPIRE", k, "1000"];
    default:
      return ["EXISTS", k];
  }
}

/** The comparison for one command, given the key's encoding on the engine right now. */
function caseFor(cmd: string[]): Case {
  const name = cmd[0];
  const o = d.engine.dbs[0].dict.get(cmd[1]);
  const hashtable = o?.type === "hash" && o.enc === "hashtable";
  if (name === "HRANDFIELD") return { cmd, norm: exemptions.randomSample };
  if (!hashtable) return { cmd };
  if (name === "HGETALL") return { cmd, norm: exemptions.unorderedPairs };
  if (name === "HKEYS" || name === "HVALS") return { cmd, norm: exemptions.unordered };
  if (name === "HSCAN") return { cmd, norm: hashtablePage };
  return { cmd };
}

/** Puts a non-hash value of a random type at k5 on both sides. */
async function plantOtherType(g: Gen): Promise<void> {
  const options: string[][] = [["SET", "k5", "string"], ["RPUSH", "k5", "a", "b"], ["SADD", "k5", "a", "1"], ["ZADD", "k5", "1", "a"]];
  await d.compare([g.pick(options)]);
}

async function runSeed(seed: number, steps: number): Promise<Mismatch[]> {
  const g = new Gen(seed);
  const entries = g.pick(["1", "2", "3", "4", "8", "512"]);
  const maxValue = g.pick(["0", "3", "5", "10", "64"]);
  const out: Mismatch[] = [];
  out.push(...(await d.compare([["CONFIG", "SET", "hash-max-listpack-entries", entries, "hash-max-listpack-value", maxValue]])));
  // Some seeds speak RESP3: HGETALL becomes a map and HRANDFIELD nests its pairs.
  if (seed % 3 === 0) out.push(...(await d.compare([{ cmd: ["HELLO", "3"], norm: exemptions.hello }])));
  await plantOtherType(g);
  for (let i = 0; i < steps && out.length < 5; i++) {
    const cmd = randomCommand(g);
    out.push(...(await d.compare([caseFor(cmd)])));
    if (cmd[0].startsWith("H") || cmd[0] === "COPY" || cmd[0] === "RENAME") {
      out.push(...(await d.compare([["OBJECT", "ENCODING", cmd[1]]])));
      if (cmd[0] === "COPY" || cmd[0] === "RENAME") out.push(...(await d.compare([["OBJECT", "ENCODING", cmd[2]]])));
    }
    // Now and then a threshold moves mid-sequence: existing hashes must not convert back.
    if (g.chance(0.02)) {
      const param = g.pick(["hash-max-listpack-entries", "hash-max-ziplist-entries", "hash-max-listpack-value", "hash-max-ziplist-value"]);
      out.push(...(await d.compare([["CONFIG", "SET", param, g.pick(["0", "2", "5", "64", "512"])]])));
    }
  }
  // The final state of every key.
  for (let i = 0; i < 6; i++) {
    const key = `k${i}`;
    out.push(...(await d.compare([["TYPE", key], ["OBJECT", "ENCODING", key], ["HLEN", key], caseFor(["HGETALL", key])])));
  }
  return out;
}

describe("random hash command sequences", () => {
  for (const seed of seeds(10, 3000)) {
    it(`seed ${seed}`, async () => {
      const ms = await runSeed(seed, 600);
      expect(ms, `seed ${seed}\n${describeMismatches(ms.slice(0, 5))}`).toEqual([]);
    });
  }
});
