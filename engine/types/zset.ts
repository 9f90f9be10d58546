/**
 * The sorted set: every member once, ordered by (score, member bytes).
 *
 * As in Redis, two structures hold the same elements: a hash table from member to score
 * (ZSCORE, membership and duplicate checks in O(1), random picks and SCAN cursors) and an
 * ordered index (engine/types/zset-tree.ts) for ranks and ranges in O(log N).
 *
 * Redis keeps small sorted sets in a listpack (a flat array of member/score pairs, searched
 * linearly) and switches to skiplist + dict once zset-max-listpack-entries or
 * zset-max-listpack-value is crossed. Here one structure serves both encodings; the object's
 * `enc` says which one Redis would use, and the few places where the two really behave
 * differently (lex ranges over mixed scores, ZSCAN paging, -0 scores) read it. The
 * encoding rules themselves live in engine/types/zset-object.ts.
 */
import type { Rng } from "../rng";
import { formatDouble17g } from "../util/format";
import { Dict } from "./dict";
import { dictExpandSlots } from "./hash";
import { LP_EMPTY_BYTES, lpEntrySize } from "./listpack-bytes";
import { compareEntries, OrderTree, ZCursor, type Before } from "./zset-tree";

export { compareEntries, ZCursor, type Before };

/** A score interval, as zslParseRange builds it: `(` makes a bound exclusive. */
export interface ScoreRange {
  min: number;
  max: number;
  minex: boolean;
  maxex: boolean;
}

/** The two ends of the byte-string order, for lex ranges written `-` and `+`. */
export const LEX_MIN: unique symbol = Symbol("-");
export const LEX_MAX: unique symbol = Symbol("+");
export type LexBound = string | typeof LEX_MIN | typeof LEX_MAX;

/** A member interval, as zslParseLexRange builds it: `[` inclusive, `(` exclusive, `-`/`+` ends. */
export interface LexRange {
  min: LexBound;
  max: LexBound;
  minex: boolean;
  maxex: boolean;
}

export const scoreGteMin = (v: number, r: ScoreRange): boolean => (r.minex ? v > r.min : v >= r.min);
export const scoreLteMax = (v: number, r: ScoreRange): boolean => (r.maxex ? v < r.max : v <= r.max);

/** zslLexCompare: byte order, with `-` below and `+` above every string. */
export function lexCompare(a: LexBound, b: LexBound): number {
  if (a === b) return 0;
  if (a === LEX_MIN || b === LEX_MAX) return -1;
  if (a === LEX_MAX || b === LEX_MIN) return 1;
  return a < b ? -1 : 1;
}

export const lexGteMin = (m: string, r: LexRange): boolean => (r.minex ? lexCompare(m, r.min) > 0 : lexCompare(m, r.min) >= 0);
export const lexLteMax = (m: string, r: LexRange): boolean => (r.maxex ? lexCompare(m, r.max) < 0 : lexCompare(m, r.max) <= 0);

/** True when no score can be in the range (min above max, or a point with an open end). */
export const scoreRangeEmpty = (r: ScoreRange): boolean => r.min > r.max || (r.min === r.max && (r.minex || r.maxex));

export function lexRangeEmpty(r: LexRange): boolean {
  const cmp = lexCompare(r.min, r.max);
  return cmp > 0 || (cmp === 0 && (r.minex || r.maxex));
}

/** The text the memory model sizes a listpack score by (d2string: integers plainly, else %.17g). */
export function lpScoreText(score: number): string {
  if (Number.isInteger(score) && Math.abs(score) < 2 ** 63) return Object.is(score, -0) ? "-0" : BigInt(score).toString();
  return formatDouble17g(score);
}
const scoreBytes = (score: number): number => lpEntrySize(lpScoreText(score));

export class ZSetValue {
  private readonly dict: Dict<number>;
  private tree: OrderTree;
  /**
   * lpBytes of these elements as one listpack, kept by deltas once the memory model has asked
   * for it (-1: not kept), so sizing a key after each write does not walk it (Redis reads the
   * listpack header).
   */
  private lp = -1;
  /**
   * Buckets the member table was created with when zsetDup copied a whole sorted set (it
   * expands the copy's table to the source's size), 0 for a table grown entry by entry, as
   * zsetConvert grows it. The memory model reads it.
   */
  private presized = 0;

  constructor(dict = new Dict<number>(), tree = new OrderTree()) {
    this.dict = dict;
    this.tree = tree;
  }

  /** The bucket count the member table was presized to (0: none), see the field. */
  get presizedBuckets(): number {
    return this.presized;
  }

  /** zsetConvert fills a new table entry by entry: whatever a COPY presized is gone. */
  convertedFromListpack(): void {
    this.presized = 0;
  }

  /** Deletes shrink a table that fell under 10% full (htNeedsResize, dictResize). */
  private shrinkAfterDelete(): void {
    const size = this.dict.size;
    if (this.presized > 4 && size * 100 < this.presized * 10) this.presized = dictExpandSlots(size);
  }

  /** Builds a sorted set from distinct members with their scores, in any order. O(N log N). */
  static from(entries: Iterable<readonly [string, number]>): ZSetValue {
    const list = Array.from(entries);
    list.sort((a, b) => compareEntries(a[1], a[0], b[1], b[0]));
    const dict = new Dict<number>();
    for (const [m, s] of list) dict.set(m, s);
    const tree = OrderTree.fromSorted(
      list.map((e) => e[0]),
      list.map((e) => e[1]),
    );
    return new ZSetValue(dict, tree);
  }

  get size(): number {
    return this.dict.size;
  }

  /** The member's score, or undefined when it is not in the set. O(1). */
  score(member: string): number | undefined {
    return this.dict.get(member);
  }

  has(member: string): boolean {
    return this.dict.has(member);
  }

  /**
   * Adds a member or moves it to a new score. The index is touched only when the score
   * really changes (so re-adding with the same score keeps everything in place).
   */
  set(member: string, score: number): void {
    const old = this.dict.get(member);
    if (old === undefined) {
      this.dict.set(member, score);
      this.tree.insert(score, member);
      if (this.lp >= 0) this.lp += lpEntrySize(member) + scoreBytes(score);
      return;
    }
    if (old === score && Object.is(old, score)) return;
    this.dict.set(member, score);
    if (this.lp >= 0) this.lp += scoreBytes(score) - scoreBytes(old);
    if (old === score) {
      // -0 and 0 sort alike: only the stored value changes.
      this.tree.replaceEqualScore(old, member, score);
      return;
    }
    this.tree.delete(old, member);
    this.tree.insert(score, member);
  }

  /** Inserts a member known to be absent (the caller just looked it up): one lookup saved. */
  insertNew(member: string, score: number): void {
    this.dict.set(member, score);
    this.tree.insert(score, member);
    if (this.lp >= 0) this.lp += lpEntrySize(member) + scoreBytes(score);
  }

  /** Moves a member known to be present at `old` to a different score. */
  move(member: string, old: number, score: number): void {
    this.dict.set(member, score);
    if (this.lp >= 0) this.lp += scoreBytes(score) - scoreBytes(old);
    if (old === score) this.tree.replaceEqualScore(old, member, score);
    else {
      this.tree.delete(old, member);
      this.tree.insert(score, member);
    }
  }

  /** Inserts a member with its score (or moves it, as set does). */
  add(member: string, score: number): void {
    this.set(member, score);
  }

  /** Elements in ascending order from the first whose score is >= min. O(log N) to start. */
  *fromScore(min: number): IterableIterator<[string, number]> {
    for (const cur = this.tree.at(this.tree.countBefore((s) => s < min)); cur.valid; cur.next()) {
      yield [cur.member, cur.score];
    }
  }

  /** Removes a member; false when it was not there. O(log N). */
  delete(member: string): boolean {
    const score = this.dict.get(member);
    if (score === undefined) return false;
    this.dict.delete(member);
    this.tree.delete(score, member);
    if (this.lp >= 0) this.lp -= lpEntrySize(member) + scoreBytes(score);
    if (this.presized) this.shrinkAfterDelete();
    return true;
  }

  /** 0-based rank in ascending order, or -1 when the member is absent. O(log N). */
  rank(member: string): number {
    const score = this.dict.get(member);
    return score === undefined ? -1 : this.tree.rank(score, member);
  }

  /** A cursor on the element at a 0-based ascending rank (invalid when out of range). */
  at(rank: number): ZCursor {
    return this.tree.at(rank);
  }

  /** Rank of the first element past a prefix-closed predicate (see OrderTree.countBefore). */
  countBefore(before: Before): number {
    return this.tree.countBefore(before);
  }

  /** Rank of the first element with a score inside the range's lower end. */
  firstRankByScore(r: ScoreRange): number {
    return this.tree.countBefore(r.minex ? (s) => s <= r.min : (s) => s < r.min);
  }

  /** Rank of the last element with a score inside the range's upper end (-1 when none). */
  lastRankByScore(r: ScoreRange): number {
    return this.tree.countBefore(r.maxex ? (s) => s < r.max : (s) => s <= r.max) - 1;
  }

  /** Ranks [first, last] of the elements in a score range; first > last when there are none. */
  scoreRangeRanks(r: ScoreRange): [number, number] {
    if (scoreRangeEmpty(r)) return [0, -1];
    return [this.firstRankByScore(r), this.lastRankByScore(r)];
  }

  /** Removes every element of rank start..end (inclusive, ascending) and returns how many. */
  deleteRanks(start: number, end: number): number {
    const before = this.tree.length;
    this.tree.deleteRange(start, end - start + 1, (m) => {
      if (this.lp >= 0) this.lp -= lpEntrySize(m) + scoreBytes(this.dict.get(m) as number);
      this.dict.delete(m);
    });
    if (this.presized) this.shrinkAfterDelete();
    return before - this.tree.length;
  }

  /**
   * lpBytes of these elements as one listpack: O(N) the first time, O(1) afterwards (kept by
   * every change until listpackBytesDone).
   */
  listpackBytes(): number {
    if (this.lp < 0) {
      let bytes = LP_EMPTY_BYTES;
      this.tree.forEach((m, score) => (bytes += lpEntrySize(m) + scoreBytes(score)));
      this.lp = bytes;
    }
    return this.lp;
  }

  /** Stops keeping the listpack byte count (the set became a skiplist). */
  listpackBytesDone(): void {
    this.lp = -1;
  }

  /** Visits every element in ascending order. */
  forEach(fn: (member: string, score: number) => void): void {
    this.tree.forEach(fn);
  }

  /** Every member/score pair in ascending order. */
  entries(): [string, number][] {
    const out: [string, number][] = [];
    this.tree.forEach((m, s) => out.push([m, s]));
    return out;
  }

  /** A uniformly random member (undefined when empty). O(1). */
  randomMember(rng: Rng): string | undefined {
    return this.dict.randomKey(rng);
  }

  /**
   * Walks the member table from a cursor, as ZSCAN does on a skiplist-encoded set: every
   * member present for the whole walk is visited at least once. Returns the next cursor.
   */
  scan(cursor: number, count: number, visit: (member: string, score: number) => void): number {
    return this.dict.scan(cursor, count, visit);
  }

  /**
   * Rewrites -0 scores as 0, as a conversion to listpack does (Redis 7.0 stores listpack
   * scores as text and prints -0 as "0"). O(N): only conversions call it.
   */
  normaliseNegativeZero(): void {
    const fix: string[] = [];
    this.tree.forEach((m, s) => {
      if (s === 0 && Object.is(s, -0)) fix.push(m);
    });
    for (const m of fix) this.set(m, 0);
  }

  /** A deep copy, for COPY. */
  clone(): ZSetValue {
    const dict = new Dict<number>();
    this.tree.forEach((m, s) => dict.set(m, s));
    const copy = new ZSetValue(dict, this.tree.clone());
    // zsetDup presizes a skiplist copy's table; a listpack copy never reads it (zsetConvert
    // grows the table afresh, see the memory model).
    copy.presized = dictExpandSlots(dict.size);
    return copy;
  }

  /** Member/score pairs in rank order, at most `limit` of them: the inspector's read-only view. */
  toView(limit: number): [string, number][] {
    const out: [string, number][] = [];
    for (const cur = this.tree.at(0); cur.valid && out.length < limit; cur.next()) out.push([cur.member, cur.score]);
    return out;
  }

  /** Structural self-check for tests: the index and the table agree and the index is sound. */
  checkInvariants(): void {
    this.tree.checkInvariants();
    if (this.tree.length !== this.dict.size) throw new Error("index and member table differ in size");
    this.tree.forEach((m, s) => {
      const d = this.dict.get(m);
      if (d === undefined || !Object.is(d, s)) throw new Error(`member table disagrees on ${JSON.stringify(m)}`);
    });
  }
}
