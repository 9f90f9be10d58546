/**
 * The only places the geo commands touch the sorted-set structure: a member's score, an
 * in-order walk over a score range, and building a stored result. Kept here so the geo code
 * depends on these calls of the zset API and nothing else.
 */
import type { Client } from "../client";
import type { ZSetObject } from "../object";
import { ZSetValue } from "../types/zset";
import { zsetFromResult, zsetLimits } from "../types/zset-object";

/** zsetScore: the member's score, or undefined. */
export function zsetScoreOf(z: ZSetObject, member: string): number | undefined {
  return z.value.score(member);
}

/**
 * geoGetPointsInRange's walk: members with min <= score < max in sorted-set order (score,
 * then member bytes), until `visit` returns false.
 */
export function scanScoreRange(z: ZSetObject, min: number, max: number, visit: (member: string, score: number) => boolean): void {
  if (!(min < max)) return; // an empty or inverted range, as zslIsInRange rejects it
  for (const [member, score] of z.value.fromScore(min)) {
    if (!(score < max)) return;
    if (!visit(member, score)) return;
  }
}

/**
 * A search result stored as a new sorted set, replacing the key and dropping its TTL (setKey).
 * Redis builds it as a skiplist and converts it to a listpack when small enough.
 */
export function storeZset(c: Client, key: string, entries: readonly [member: string, score: number][]): void {
  let maxLen = 0;
  for (const [m] of entries) if (m.length > maxLen) maxLen = m.length;
  const o = zsetFromResult(ZSetValue.from(entries), zsetLimits(c.server.config), maxLen);
  // setKey's lookupKeyWrite: an expired destination is deleted (and reported) first.
  c.db.lookupWrite(key);
  c.db.setKey(key, o);
}
