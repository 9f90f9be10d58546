/**
 * Argument parsing for the sorted set commands, with C's strtod (engine/util/strtod.ts)
 * underneath: Redis 7.0 reads scores, range bounds and weights with strtod, so "0x10" is 16, "1e-310" is a denormal,
 * "infinity" is inf, and a range bound may even start with spaces. The differences between
 * the callers are Redis' own:
 *
 * - a score or weight (getDoubleFromObject) must be the whole argument, not start with a
 *   space, not be NaN, and not overflow or underflow to zero ("1e400", "1e-400" fail);
 * - a range bound (zslParseRange) only has to end where the C string ends (at the first NUL
 *   byte), may overflow to inf, and "" or "(" is 0.
 */
import type { Client } from "../client";
import { E } from "../errors";
import type { Reply } from "../reply";
import { LEX_MAX, LEX_MIN, type LexBound, type LexRange, type ScoreRange } from "../types/zset";
import { strtod, string2d } from "../util/strtod";
import { parseInt64 } from "./args";

/** getDoubleFromObject: a score, increment or weight; null when Redis rejects it. */
export const parseScore = string2d;

/** One end of a score range: "(" makes it exclusive; the number must run to the C string's end. */
function parseScoreBound(s: string): { v: number; ex: boolean } | null {
  const ex = s.charCodeAt(0) === 40; // (
  const r = strtod(s, ex ? 1 : 0);
  if (r.end < s.length && s.charCodeAt(r.end) !== 0) return null;
  if (Number.isNaN(r.value)) return null;
  return { v: r.value, ex };
}

/** zslParseRange; null answers "min or max is not a float". */
export function parseScoreRange(min: string, max: string): ScoreRange | null {
  const lo = parseScoreBound(min);
  const hi = parseScoreBound(max);
  if (!lo || !hi) return null;
  return { min: lo.v, max: hi.v, minex: lo.ex, maxex: hi.ex };
}

/** zslParseLexRangeItem: "-", "+", "[member" or "(member" (a C string: "+" may be followed by a NUL). */
function parseLexItem(s: string): { v: LexBound; ex: boolean } | null {
  const c0 = s[0];
  if (c0 === "+" || c0 === "-") {
    if (s.length > 1 && s.charCodeAt(1) !== 0) return null;
    return { v: c0 === "+" ? LEX_MAX : LEX_MIN, ex: true };
  }
  if (c0 === "(") return { v: s.slice(1), ex: true };
  if (c0 === "[") return { v: s.slice(1), ex: false };
  return null;
}

/** zslParseLexRange; null answers "min or max not valid string range item". */
export function parseLexRange(min: string, max: string): LexRange | null {
  const lo = parseLexItem(min);
  const hi = parseLexItem(max);
  if (!lo || !hi) return null;
  return { min: lo.v, max: hi.v, minex: lo.ex, maxex: hi.ex };
}

/**
 * getLongFromObjectOrReply: a 64-bit integer (as a number: indexes and counts beyond 2^53
 * only ever get clamped), or Redis' error.
 */
export function parseLong(s: string): number | Reply {
  const v = parseInt64(s);
  return v === null ? E.NOT_INTEGER : Number(v);
}

export const isReply = (x: unknown): x is Reply => typeof x === "object" && x !== null && "t" in x;

/** The sorted set at a key for reading: undefined when missing, WRONGTYPE for another type. */
export function readZSet(c: Client, key: string): import("../object").ZSetObject | undefined | Reply {
  const o = c.db.lookupRead(key);
  if (o && o.type !== "zset") return E.WRONGTYPE;
  return o;
}

/** The same, with a write lookup (no hit/miss counted). */
export function writeZSet(c: Client, key: string): import("../object").ZSetObject | undefined | Reply {
  const o = c.db.lookupWrite(key);
  if (o && o.type !== "zset") return E.WRONGTYPE;
  return o;
}
