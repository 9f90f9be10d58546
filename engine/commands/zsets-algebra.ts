/**
 * Sorted set algebra: ZUNION, ZINTER, ZDIFF, their STORE forms, and ZINTERCARD, all through
 * one body as Redis' zunionInterDiffGenericCommand. Inputs may be plain sets (every member
 * scoring 1). WEIGHTS multiply each input's scores (a NaN product, 0 × inf, counts as 0),
 * AGGREGATE SUM/MIN/MAX combines them, and a SUM that meets inf + -inf gives 0.
 *
 * Redis sorts the inputs by size, smallest first (a stable sort), and adds scores in that
 * order; we keep the order, since floating-point sums depend on it.
 */
import type { Client } from "../client";
import { E } from "../errors";
import type { RedisObject } from "../object";
import { int, type Reply } from "../reply";
import { ZSetValue } from "../types/zset";
import { zsetFromResult, zsetLimits } from "../types/zset-object";
import { is, parseInt64 } from "./args";
import type { CommandDef } from "./table";
import { isReply, parseLong, parseScore } from "./zsets-args";
import { pairsReply, type ZPair } from "./zsets-range";

type SetOp = "union" | "inter" | "diff";
type Aggregate = "sum" | "min" | "max";

/** One input: a sorted set, a set (scores of 1) or a missing key (empty). */
interface Source {
  obj: RedisObject | undefined;
  size: number;
  weight: number;
  /** Visits every member with its score (order does not matter to the result). */
  forEach(fn: (member: string, score: number) => void): void;
  /** The member's score here, or undefined. */
  find(member: string): number | undefined;
}

function source(obj: RedisObject | undefined): Source {
  if (obj?.type === "zset") {
    const z = obj.value;
    return { obj, size: z.size, weight: 1, forEach: (fn) => z.forEach(fn), find: (m) => z.score(m) };
  }
  if (obj?.type === "set") {
    const s = obj.value;
    return {
      obj,
      size: s.size,
      weight: 1,
      forEach: (fn) => {
        for (const m of s.members()) fn(m, 1);
      },
      find: (m) => (s.has(m) ? 1 : undefined),
    };
  }
  return { obj: undefined, size: 0, weight: 1, forEach: () => {}, find: () => undefined };
}

/** zunionInterAggregate. */
function aggregate(target: number, val: number, how: Aggregate): number {
  if (how === "sum") {
    const t = target + val;
    return Number.isNaN(t) ? 0 : t;
  }
  if (how === "min") return val < target ? val : target;
  return val > target ? val : target;
}

interface Options {
  dst: string | null;
  op: SetOp;
  cardOnly: boolean;
  /** The command's name for the "at least 1 input key" error. */
  name: string;
}

function zsetAlgebra(c: Client, argv: string[], numkeysIdx: number, opts: Options): Reply {
  const { dst, op, cardOnly } = opts;
  const setnum = parseLong(argv[numkeysIdx]);
  if (isReply(setnum)) return setnum;
  if (setnum < 1) return E.zsetNeedsKey(opts.name);
  if (setnum > argv.length - (numkeysIdx + 1)) return E.SYNTAX;

  // The keys are read (and type-checked) before the options are parsed.
  const src: Source[] = [];
  let j = numkeysIdx + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const o = c.db.lookupRead(argv[j]);
    if (o && o.type !== "zset" && o.type !== "set") return E.WRONGTYPE;
    src.push(source(o));
  }

  let how: Aggregate = "sum";
  let withScores = false;
  let limit = 0;
  let remaining = argv.length - j;
  while (remaining) {
    const opt = argv[j];
    if (op !== "diff" && !cardOnly && remaining >= setnum + 1 && is(opt, "weights")) {
      j++;
      remaining--;
      for (let i = 0; i < setnum; i++, j++, remaining--) {
        const w = parseScore(argv[j]);
        if (w === null) return E.ZSET_WEIGHT;
        src[i].weight = w;
      }
    } else if (op !== "diff" && !cardOnly && remaining >= 2 && is(opt, "aggregate")) {
      const a = argv[j + 1];
      if (is(a, "sum")) how = "sum";
      else if (is(a, "min")) how = "min";
      else if (is(a, "max")) how = "max";
      else return E.SYNTAX;
      j += 2;
      remaining -= 2;
    } else if (remaining >= 1 && dst === null && !cardOnly && is(opt, "withscores")) {
      withScores = true;
      j++;
      remaining--;
    } else if (cardOnly && remaining >= 2 && is(opt, "limit")) {
      const v = parseInt64(argv[j + 1]);
      if (v === null || v < 0) return E.SINTERCARD_LIMIT;
      limit = Number(v);
      j += 2;
      remaining -= 2;
    } else {
      return E.SYNTAX;
    }
  }

  if (op !== "diff") src.sort((a, b) => a.size - b.size);

  if (cardOnly) return int(interCard(src, limit));
  const result = op === "union" ? union(src, how) : op === "inter" ? inter(src, how) : diff(src);

  if (dst === null) {
    const pairs: ZPair[] = [];
    result.forEach((m, s) => pairs.push([m, s]));
    return pairsReply(c, pairs, withScores);
  }
  const db = c.db;
  if (result.size === 0) {
    if (db.delete(dst)) db.written(dst, "g", "del");
    return int(0);
  }
  const o = zsetFromResult(result, zsetLimits(c.server.config));
  db.lookupWrite(dst); // setKey's lookup: an expired destination goes first
  db.setKey(dst, o);
  db.written(dst, "z", op === "union" ? "zunionstore" : op === "inter" ? "zinterstore" : "zdiffstore");
  return int(result.size);
}

/** Scores start as weight × score (NaN: 0), then aggregate input by input in size order. */
function union(src: readonly Source[], how: Aggregate): ZSetValue {
  const acc = new Map<string, number>();
  for (const s of src) {
    s.forEach((m, score) => {
      let v = s.weight * score;
      if (Number.isNaN(v)) v = 0;
      const cur = acc.get(m);
      acc.set(m, cur === undefined ? v : aggregate(cur, v, how));
    });
  }
  return ZSetValue.from(acc);
}

/** Members of the smallest input found in every other one. */
function inter(src: readonly Source[], how: Aggregate): ZSetValue {
  const out: [string, number][] = [];
  if (src[0].size === 0) return ZSetValue.from(out);
  src[0].forEach((m, s0) => {
    let score = src[0].weight * s0;
    if (Number.isNaN(score)) score = 0;
    for (let j = 1; j < src.length; j++) {
      const v = src[j].find(m);
      if (v === undefined) return;
      score = aggregate(score, v * src[j].weight, how);
    }
    out.push([m, score]);
  });
  return ZSetValue.from(out);
}

/** ZINTERCARD: the intersection's size, stopping once `limit` (0: none) is reached. */
function interCard(src: readonly Source[], limit: number): number {
  let n = 0;
  if (src[0].size === 0) return 0;
  // forEach cannot stop early; the count simply stops growing past the limit.
  src[0].forEach((m) => {
    if (limit && n >= limit) return;
    for (let j = 1; j < src.length; j++) if (src[j].find(m) === undefined) return;
    n++;
  });
  return n;
}

/** Members of the first input found in none of the others, with their first-input scores. */
function diff(src: readonly Source[]): ZSetValue {
  const out: [string, number][] = [];
  const first = src[0];
  // The first key given again among the others removes everything (zsetChooseDiffAlgorithm).
  if (first.size === 0 || src.some((s, j) => j > 0 && s.obj === first.obj)) return ZSetValue.from(out);
  first.forEach((m, s) => {
    for (let j = 1; j < src.length; j++) if (src[j].find(m) !== undefined) return;
    out.push([m, s]);
  });
  return ZSetValue.from(out);
}

const def = (name: string, summary: string, numkeysIdx: number, op: SetOp, store: boolean, cardOnly = false): CommandDef => ({
  name,
  summary,
  handler: (c, argv) => zsetAlgebra(c, argv, numkeysIdx, { dst: store ? argv[1] : null, op, cardOnly, name }),
});

export const zsetAlgebraCommands: CommandDef[] = [
  def("zunion", "Returns the union of sorted sets (and sets), scores weighted and aggregated.", 1, "union", false),
  def("zinter", "Returns the members common to every input, scores weighted and aggregated.", 1, "inter", false),
  def("zdiff", "Returns the members of the first sorted set that are in none of the others.", 1, "diff", false),
  def("zunionstore", "Stores the union of sorted sets (and sets) at a destination key and returns its size.", 2, "union", true),
  def("zinterstore", "Stores the intersection of sorted sets (and sets) at a destination key and returns its size.", 2, "inter", true),
  def("zdiffstore", "Stores the difference of sorted sets at a destination key and returns its size.", 2, "diff", true),
  def("zintercard", "Counts the members common to every input, optionally stopping at a limit.", 1, "inter", false, true),
];
