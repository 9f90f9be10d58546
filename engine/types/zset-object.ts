/**
 * Sorted set objects and their encodings, as Redis 7.0's t_zset.c decides them.
 *
 * - A key created by ZADD (or ZINCRBY) starts as a listpack unless zset-max-listpack-entries
 *   is 0 or the first member is longer than zset-max-listpack-value. (7.0 looks at the first
 *   member only: `ZADD k 1 a 1 a 1 a` stays a listpack under a limit of 2.)
 * - zsetAdd converts a listpack to a skiplist just before adding a member that would make it
 *   too long or that is itself too long. Nothing converts back, whatever is removed.
 * - The algebra commands build their result as a skiplist and turn it into a listpack when it
 *   is small enough (zsetConvertToListpackIfNeeded); ZRANGESTORE starts from the size it
 *   expects and lets zsetAdd convert.
 * - A listpack keeps scores as text, and 7.0 prints -0 as "0" there: a -0 score stored into
 *   a listpack reads back as 0. A skiplist keeps the double, -0 included.
 *
 * GEO stores its points through zsetAdd, SORT and the blocking pops read these objects too.
 */
import { blankHeader, type ZSetObject } from "../object";
import { formatDouble17g } from "../util/format";
import { ZSetValue } from "./zset";

/** The two thresholds (CONFIG zset-max-listpack-entries / zset-max-listpack-value). */
export interface ZSetLimits {
  maxEntries: number;
  maxValue: number;
}

/** Reads the thresholds from a server's configuration. */
export const zsetLimits = (config: { num(name: string): number }): ZSetLimits => ({
  maxEntries: config.num("zset-max-listpack-entries"),
  maxValue: config.num("zset-max-listpack-value"),
});

/** zsetAdd input flags (ZADD_IN_*). */
export const ZADD_NX = 1;
export const ZADD_XX = 2;
export const ZADD_GT = 4;
export const ZADD_LT = 8;
export const ZADD_INCR = 16;

/** zsetAdd outcome flags (ZADD_OUT_*). */
export const ZADD_OUT_NAN = 1;
export const ZADD_OUT_ADDED = 2;
export const ZADD_OUT_UPDATED = 4;
export const ZADD_OUT_NOP = 8;

export function newZSetObject(enc: "listpack" | "skiplist", value = new ZSetValue()): ZSetObject {
  return { type: "zset", enc, value, ...blankHeader() };
}

/** The object ZADD creates for a missing key, judged on its first member as 7.0 does. */
export function zsetCreateForAdd(limits: ZSetLimits, firstMember: string): ZSetObject {
  const big = limits.maxEntries === 0 || firstMember.length > limits.maxValue;
  return newZSetObject(big ? "skiplist" : "listpack");
}

/** The object ZRANGESTORE fills: a skiplist when more elements are expected than fit a listpack. */
export function zsetCreateSized(limits: ZSetLimits, expected: number): ZSetObject {
  return newZSetObject(expected > limits.maxEntries ? "skiplist" : "listpack");
}

/**
 * Wraps a computed result (ZUNIONSTORE & co., GEO stores): a skiplist, made a listpack when
 * its size and longest member fit the thresholds.
 */
export function zsetFromResult(value: ZSetValue, limits: ZSetLimits, maxMemberLen?: number): ZSetObject {
  let longest = maxMemberLen;
  if (longest === undefined) {
    longest = 0;
    value.forEach((m) => {
      if (m.length > (longest as number)) longest = m.length;
    });
  }
  const o = newZSetObject("skiplist", value);
  if (value.size <= limits.maxEntries && longest <= limits.maxValue) toListpack(o);
  return o;
}

function toListpack(o: ZSetObject): void {
  o.value.normaliseNegativeZero();
  o.enc = "listpack";
}

/**
 * The text a listpack holds for a score (7.0's d2string): an integral value within
 * ±LLONG_MAX/2 is written as an integer (so -0 becomes "0" and 1.2345678901234568e+17 is
 * "123456789012345680"), anything else as "%.17g". ZSCAN of a listpack shows this text.
 */
export function listpackScoreText(score: number): string {
  if (Number.isInteger(score) && Math.abs(score) <= 2 ** 62) return BigInt(score).toString();
  return formatDouble17g(score);
}

/** A score as the encoding stores it: a listpack turns -0 into 0. */
const stored = (o: ZSetObject, score: number): number => (score === 0 && o.enc === "listpack" ? 0 : score);

export interface ZAddResult {
  /** ZADD_OUT_* flags. */
  flags: number;
  /** The element's score after the call (the reply of ZINCRBY / ZADD INCR). */
  score: number;
}

/**
 * zsetAdd: adds or updates one element under ZADD's flags, converting the encoding first
 * when the new element would not fit a listpack. A NaN score (given, or produced by INCR)
 * changes nothing and reports ZADD_OUT_NAN.
 */
export function zsetAdd(o: ZSetObject, score: number, member: string, flags: number, limits: ZSetLimits): ZAddResult {
  if (Number.isNaN(score)) return { flags: ZADD_OUT_NAN, score };
  const z = o.value;
  const cur = z.score(member);
  if (cur !== undefined) {
    if (flags & ZADD_NX) return { flags: ZADD_OUT_NOP, score: cur };
    if (flags & ZADD_INCR) {
      score += cur;
      if (Number.isNaN(score)) return { flags: ZADD_OUT_NAN, score };
    }
    if ((flags & ZADD_LT && score >= cur) || (flags & ZADD_GT && score <= cur)) return { flags: ZADD_OUT_NOP, score: cur };
    // A score equal to the current one (-0 and 0 included) leaves the element alone.
    if (score === cur) return { flags: 0, score };
    z.move(member, cur, stored(o, score));
    return { flags: ZADD_OUT_UPDATED, score };
  }
  if (flags & ZADD_XX) return { flags: ZADD_OUT_NOP, score };
  if (o.enc === "listpack" && (z.size + 1 > limits.maxEntries || member.length > limits.maxValue)) {
    o.enc = "skiplist";
    z.convertedFromListpack();
  }
  z.insertNew(member, stored(o, score));
  return { flags: ZADD_OUT_ADDED, score };
}
