/**
 * Argument parsing for the sorted set commands, with C's strtod underneath: Redis 7.0 reads
 * scores, range bounds and weights with strtod, so "0x10" is 16, "1e-310" is a denormal,
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
import { parseInt64 } from "./args";

const isCSpace = (ch: number): boolean => ch === 32 || (ch >= 9 && ch <= 13);
const isDigit = (ch: number): boolean => ch >= 48 && ch <= 57;
const hexValue = (ch: number): number =>
  ch >= 48 && ch <= 57 ? ch - 48 : ch >= 97 && ch <= 102 ? ch - 87 : ch >= 65 && ch <= 70 ? ch - 55 : -1;

export interface Strtod {
  value: number;
  /** Index just past the number; the start index when nothing was parsed. */
  end: number;
  /** errno == ERANGE: the literal overflowed, or underflowed to zero. */
  erange: boolean;
}

/**
 * glibc's strtod in the C locale, reading `s` from `from`: leading white space, a sign, then
 * "inf"/"infinity", "nan"/"nan(chars)", a hexadecimal float ("0x1.8p3") or a decimal one.
 */
export function strtod(s: string, from = 0): Strtod {
  let i = from;
  while (i < s.length && isCSpace(s.charCodeAt(i))) i++;
  let neg = false;
  if (s[i] === "+" || s[i] === "-") {
    neg = s[i] === "-";
    i++;
  }
  const sign = (v: number): number => (neg ? -v : v);
  const rest = s.slice(i, i + 8).toLowerCase();
  if (rest.startsWith("inf")) {
    return { value: sign(Infinity), end: i + (rest === "infinity" ? 8 : 3), erange: false };
  }
  if (rest.startsWith("nan")) {
    let end = i + 3;
    if (s[end] === "(") {
      let j = end + 1;
      while (j < s.length && /[0-9A-Za-z_]/.test(s[j])) j++;
      if (s[j] === ")") end = j + 1;
    }
    return { value: NaN, end, erange: false };
  }
  if (s[i] === "0" && (s[i + 1] === "x" || s[i + 1] === "X")) {
    const hex = parseHex(s, i + 2);
    if (hex) return { value: sign(hex.value), end: hex.end, erange: hex.erange };
  }
  const start = i;
  let digits = 0;
  for (; i < s.length && isDigit(s.charCodeAt(i)); i++) digits++;
  if (s[i] === ".") {
    for (i++; i < s.length && isDigit(s.charCodeAt(i)); i++) digits++;
  }
  if (digits === 0) return { value: 0, end: from, erange: false };
  const nonZero = /[1-9]/.test(s.slice(start, i));
  if (s[i] === "e" || s[i] === "E") {
    let j = i + 1;
    if (s[j] === "+" || s[j] === "-") j++;
    if (j < s.length && isDigit(s.charCodeAt(j))) {
      while (j < s.length && isDigit(s.charCodeAt(j))) j++;
      i = j;
    }
  }
  // JS reads the same decimal grammar ("5.", ".5", "1.e3") with the same correct rounding.
  const abs = Number(s.slice(start, i));
  const erange = !Number.isFinite(abs) || (abs === 0 && nonZero);
  return { value: sign(abs), end: i, erange };
}

/** The hexadecimal part of strtod after "0x"; null when no hex digit follows (then "0" is the number). */
function parseHex(s: string, i: number): { value: number; end: number; erange: boolean } | null {
  let mant = 0n;
  let exp = 0;
  let digits = 0;
  while (i < s.length && hexValue(s.charCodeAt(i)) >= 0) {
    mant = mant * 16n + BigInt(hexValue(s.charCodeAt(i++)));
    digits++;
  }
  if (s[i] === "." && hexValue(s.charCodeAt(i + 1)) >= 0) {
    i++;
    while (i < s.length && hexValue(s.charCodeAt(i)) >= 0) {
      mant = mant * 16n + BigInt(hexValue(s.charCodeAt(i++)));
      exp -= 4;
      digits++;
    }
  } else if (s[i] === "." && digits > 0) {
    i++;
  }
  if (digits === 0) return null;
  if (s[i] === "p" || s[i] === "P") {
    let j = i + 1;
    let eneg = false;
    if (s[j] === "+" || s[j] === "-") eneg = s[j++] === "-";
    if (j < s.length && isDigit(s.charCodeAt(j))) {
      let e = 0;
      while (j < s.length && isDigit(s.charCodeAt(j))) e = Math.min(1e6, e * 10 + s.charCodeAt(j++) - 48);
      exp += eneg ? -e : e;
      i = j;
    }
  }
  if (mant === 0n) return { value: 0, end: i, erange: false };
  // Scale in steps so intermediate powers of two stay finite. (Results in the subnormal range
  // may be rounded twice; glibc rounds once.)
  let value = Number(mant);
  while (exp > 0 && Number.isFinite(value)) {
    const step = Math.min(exp, 1000);
    value *= 2 ** step;
    exp -= step;
  }
  while (exp < 0 && value !== 0) {
    const step = Math.min(-exp, 1000);
    value /= 2 ** step;
    exp += step;
  }
  return { value, end: i, erange: !Number.isFinite(value) || value === 0 };
}

/** getDoubleFromObject: a score, increment or weight; null when Redis rejects it. */
export function parseScore(s: string): number | null {
  if (s.length === 0 || isCSpace(s.charCodeAt(0))) return null;
  const r = strtod(s);
  if (r.end !== s.length || Number.isNaN(r.value)) return null;
  if (r.erange && (!Number.isFinite(r.value) || r.value === 0)) return null;
  return r.value;
}

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
