/**
 * Ranges over a sorted set: ZRANGE (by rank, BYSCORE, BYLEX, REV, LIMIT, WITHSCORES) and
 * ZRANGESTORE, the older ZREVRANGE / Z[REV]RANGEBYSCORE / Z[REV]RANGEBYLEX, ZCOUNT,
 * ZLEXCOUNT and ZREMRANGEBYRANK / BYSCORE / BYLEX.
 *
 * Every range starts with an O(log N) seek in the ordered index, then walks. One corner
 * depends on the encoding, as in Redis: a lex range assumes all scores are equal, and when
 * they are not, a listpack answers what a front-to-back scan finds (deterministic, so we copy
 * it) while a skiplist answers whatever its random tower heights lead the search to (so no
 * client can rely on it; we search the index the same way with member comparisons only).
 */
import type { Client } from "../client";
import { E } from "../errors";
import type { ZSetObject } from "../object";
import { arr, bulk, double, EMPTY_ARRAY, int, type Reply } from "../reply";
import {
  lexGteMin,
  lexLteMax,
  lexRangeEmpty,
  scoreGteMin,
  scoreLteMax,
  type LexRange,
  type ScoreRange,
  type ZSetValue,
} from "../types/zset";
import { zsetAdd, zsetCreateSized, zsetLimits } from "../types/zset-object";
import { is } from "./args";
import type { CommandDef } from "./table";
import { isReply, parseLexRange, parseLong, parseScoreRange, readZSet, writeZSet } from "./zsets-args";

const ZERO = int(0);

/** A member and its score, in the order a range yields them. */
export type ZPair = [member: string, score: number];

// ---- Seeking: first and last element of a range --------------------------------------------

/** zsl/zzlFirstInRange: rank of the first element in a score range, or -1. */
function firstInScore(z: ZSetValue, r: ScoreRange): number {
  const rank = z.firstRankByScore(r);
  if (rank >= z.size || !scoreLteMax(z.at(rank).score, r)) return -1;
  return rank;
}

/** zsl/zzlLastInRange: rank of the last element in a score range, or -1. */
function lastInScore(z: ZSetValue, r: ScoreRange): number {
  const rank = z.lastRankByScore(r);
  if (rank < 0 || !scoreGteMin(z.at(rank).score, r)) return -1;
  return rank;
}

/** zslIsInLexRange / zzlIsInLexRange: the range is not empty and overlaps [first, last]. */
function lexOverlaps(z: ZSetValue, r: LexRange): boolean {
  const n = z.size;
  return n > 0 && !lexRangeEmpty(r) && lexGteMin(z.at(n - 1).member, r) && lexLteMax(z.at(0).member, r);
}

/** zsl/zzlFirstInLexRange: rank of the first element in a lex range, or -1. */
function firstInLex(o: ZSetObject, r: LexRange): number {
  const z = o.value;
  if (!lexOverlaps(z, r)) return -1;
  if (o.enc === "listpack") {
    let rank = 0;
    for (const cur = z.at(0); cur.valid; cur.next(), rank++) {
      if (lexGteMin(cur.member, r)) return lexLteMax(cur.member, r) ? rank : -1;
    }
    return -1;
  }
  const rank = z.countBefore((_s, m) => !lexGteMin(m, r));
  return rank < z.size && lexLteMax(z.at(rank).member, r) ? rank : -1;
}

/** zsl/zzlLastInLexRange: rank of the last element in a lex range, or -1. */
function lastInLex(o: ZSetObject, r: LexRange): number {
  const z = o.value;
  if (!lexOverlaps(z, r)) return -1;
  if (o.enc === "listpack") {
    let rank = z.size - 1;
    for (const cur = z.at(rank); cur.valid; cur.prev(), rank--) {
      if (lexLteMax(cur.member, r)) return lexGteMin(cur.member, r) ? rank : -1;
    }
    return -1;
  }
  const rank = z.countBefore((_s, m) => lexLteMax(m, r)) - 1;
  return rank >= 0 && lexGteMin(z.at(rank).member, r) ? rank : -1;
}

/**
 * The shared walk of genericZrangebyscore/bylex: from the first element of the range (the
 * last, reversed), skip `offset` elements unchecked, then take up to `limit` (negative: no
 * limit) while they stay in range. A negative offset walks off the end, as in Redis.
 */
function walk(z: ZSetValue, from: number, offset: number, limit: number, reverse: boolean, inRange: (m: string, s: number) => boolean): ZPair[] {
  const out: ZPair[] = [];
  if (from < 0 || offset < 0) return out;
  const start = reverse ? from - offset : from + offset;
  if (start < 0 || start >= z.size) return out;
  for (const cur = z.at(start); cur.valid && limit !== 0; limit--) {
    if (!inRange(cur.member, cur.score)) break;
    out.push([cur.member, cur.score]);
    if (reverse) cur.prev();
    else cur.next();
  }
  return out;
}

/** genericZrangebyrankCommand's index rules: negative counts from the end; [] when empty. */
export function rankBounds(size: number, start: number, end: number): [number, number] | null {
  if (start < 0) start = size + start;
  if (end < 0) end = size + end;
  if (start < 0) start = 0;
  if (start > end || start >= size) return null;
  if (end >= size) end = size - 1;
  return [start, end];
}

export function selectByRank(z: ZSetValue, start: number, end: number, reverse: boolean): ZPair[] {
  const b = rankBounds(z.size, start, end);
  if (!b) return [];
  const out: ZPair[] = [];
  let n = b[1] - b[0] + 1;
  for (const cur = z.at(reverse ? z.size - 1 - b[0] : b[0]); cur.valid && n > 0; n--) {
    out.push([cur.member, cur.score]);
    if (reverse) cur.prev();
    else cur.next();
  }
  return out;
}

export function selectByScore(o: ZSetObject, r: ScoreRange, offset: number, limit: number, reverse: boolean): ZPair[] {
  const z = o.value;
  const from = reverse ? lastInScore(z, r) : firstInScore(z, r);
  return walk(z, from, offset, limit, reverse, reverse ? (_m, s) => scoreGteMin(s, r) : (_m, s) => scoreLteMax(s, r));
}

export function selectByLex(o: ZSetObject, r: LexRange, offset: number, limit: number, reverse: boolean): ZPair[] {
  const from = reverse ? lastInLex(o, r) : firstInLex(o, r);
  return walk(o.value, from, offset, limit, reverse, reverse ? (m) => lexGteMin(m, r) : (m) => lexLteMax(m, r));
}

// ---- Replies ---------------------------------------------------------------------------------

/** Members, or members with scores: flat in RESP2, [member, score] pairs in RESP3. */
export function pairsReply(c: Client, pairs: readonly ZPair[], withScores: boolean): Reply {
  if (pairs.length === 0) return EMPTY_ARRAY;
  const out: Reply[] = [];
  if (!withScores) for (const [m] of pairs) out.push(bulk(m));
  else if (c.resp === 2) for (const [m, s] of pairs) out.push(bulk(m), double(s));
  else for (const [m, s] of pairs) out.push(arr([bulk(m), double(s)]));
  return arr(out);
}

// ---- ZRANGE and its relatives ----------------------------------------------------------------

type RangeType = "auto" | "rank" | "score" | "lex";
type Direction = "auto" | "forward" | "reverse";

/**
 * zrangeGenericCommand: argv[first] is the source key, then min and max, then options.
 * `store` is the destination of ZRANGESTORE. Options are read first, then their conflicts,
 * then the range itself, and only then the key.
 */
function zrangeGeneric(c: Client, argv: string[], first: number, store: string | null, type: RangeType, dir: Direction): Reply {
  const key = argv[first];
  let minIdx = first + 1;
  let maxIdx = first + 2;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  let limitGiven = false;
  for (let j = first + 3; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const opt = argv[j];
    if (store === null && is(opt, "withscores")) {
      withScores = true;
    } else if (is(opt, "limit") && left >= 2) {
      const o = parseLong(argv[j + 1]);
      if (isReply(o)) return o;
      const l = parseLong(argv[j + 2]);
      if (isReply(l)) return l;
      offset = o;
      limit = l;
      limitGiven = true;
      j += 2;
    } else if (dir === "auto" && is(opt, "rev")) {
      dir = "reverse";
    } else if (type === "auto" && is(opt, "bylex")) {
      type = "lex";
    } else if (type === "auto" && is(opt, "byscore")) {
      type = "score";
    } else {
      return E.SYNTAX;
    }
  }
  if (type === "auto") type = "rank";
  const reverse = dir === "reverse";
  // Redis tests `limit != -1`: an explicit LIMIT 0 -1 passes as no LIMIT at all.
  if (limitGiven && limit !== -1 && type === "rank") return E.ZRANGE_LIMIT;
  if (withScores && type === "lex") return E.ZRANGE_WITHSCORES_BYLEX;
  if (reverse && type !== "rank") [minIdx, maxIdx] = [maxIdx, minIdx];

  let select: (o: ZSetObject) => ZPair[];
  if (type === "rank") {
    const start = parseLong(argv[minIdx]);
    if (isReply(start)) return start;
    const end = parseLong(argv[maxIdx]);
    if (isReply(end)) return end;
    select = (o) => selectByRank(o.value, start, end, reverse);
  } else if (type === "score") {
    const r = parseScoreRange(argv[minIdx], argv[maxIdx]);
    if (!r) return E.ZSET_MINMAX_FLOAT;
    select = (o) => selectByScore(o, r, offset, limit, reverse);
  } else {
    const r = parseLexRange(argv[minIdx], argv[maxIdx]);
    if (!r) return E.ZSET_MINMAX_LEX;
    select = (o) => selectByLex(o, r, offset, limit, reverse);
  }

  const o = readZSet(c, key);
  if (isReply(o)) return o;
  const pairs = o ? select(o) : [];
  if (store === null) return pairsReply(c, pairs, withScores);
  // A rank range knows its length before it starts; the others do not (Redis passes -1).
  return storeRange(c, store, pairs, type === "rank" ? pairs.length : 0);
}

/**
 * ZRANGESTORE's result: created for the expected size, then filled through zsetAdd so the
 * encoding converts as Redis' does. An empty result deletes the destination.
 */
function storeRange(c: Client, dst: string, pairs: readonly ZPair[], expected: number): Reply {
  const db = c.db;
  if (pairs.length === 0) {
    if (db.delete(dst)) db.written(dst, "g", "del");
    return ZERO;
  }
  const limits = zsetLimits(c.server.config);
  const o = zsetCreateSized(limits, expected);
  for (const [m, s] of pairs) zsetAdd(o, s, m, 0, limits);
  db.lookupWrite(dst); // setKey's lookup: an expired destination goes first
  db.setKey(dst, o);
  db.written(dst, "z", "zrangestore");
  return int(pairs.length);
}

// ---- ZCOUNT / ZLEXCOUNT ----------------------------------------------------------------------

function zcount(c: Client, argv: string[]): Reply {
  const r = parseScoreRange(argv[2], argv[3]);
  if (!r) return E.ZSET_MINMAX_FLOAT;
  const o = readZSet(c, argv[1]);
  if (isReply(o)) return o;
  if (!o) return ZERO;
  const first = firstInScore(o.value, r);
  if (first < 0) return ZERO;
  return int(lastInScore(o.value, r) - first + 1);
}

/** ZLEXCOUNT: a listpack counts forward from the first match; a skiplist subtracts ranks. */
function zlexcount(c: Client, argv: string[]): Reply {
  const r = parseLexRange(argv[2], argv[3]);
  if (!r) return E.ZSET_MINMAX_LEX;
  const o = readZSet(c, argv[1]);
  if (isReply(o)) return o;
  if (!o) return ZERO;
  const z = o.value;
  const first = firstInLex(o, r);
  if (first < 0) return ZERO;
  if (o.enc === "listpack") {
    let n = 0;
    for (const cur = z.at(first); cur.valid && lexLteMax(cur.member, r); cur.next()) n++;
    return int(n);
  }
  let count = z.size - first;
  const last = lastInLex(o, r);
  if (last >= 0) count -= z.size - 1 - last;
  return int(count);
}

// ---- ZREMRANGEBYRANK / BYSCORE / BYLEX -------------------------------------------------------

type RemoveKind = "rank" | "score" | "lex";

/** zremrangeGenericCommand: parse, look up, find the ranks to drop, drop them, report. */
function zremrange(c: Client, argv: string[], kind: RemoveKind): Reply {
  let ranks: (o: ZSetObject) => [number, number] | null;
  if (kind === "rank") {
    const start = parseLong(argv[2]);
    if (isReply(start)) return start;
    const end = parseLong(argv[3]);
    if (isReply(end)) return end;
    ranks = (o) => rankBounds(o.value.size, start, end);
  } else if (kind === "score") {
    const r = parseScoreRange(argv[2], argv[3]);
    if (!r) return E.ZSET_MINMAX_FLOAT;
    ranks = (o) => {
      const first = firstInScore(o.value, r);
      return first < 0 ? null : [first, lastInScore(o.value, r)];
    };
  } else {
    const r = parseLexRange(argv[2], argv[3]);
    if (!r) return E.ZSET_MINMAX_LEX;
    ranks = (o) => lexDeleteRanks(o, r);
  }
  const key = argv[1];
  const o = writeZSet(c, key);
  if (isReply(o)) return o;
  if (!o) return ZERO;
  const span = ranks(o);
  const deleted = span && span[1] >= span[0] ? o.value.deleteRanks(span[0], span[1]) : 0;
  if (deleted) {
    c.db.written(key, "z", `zremrangeby${kind}`, deleted);
    if (o.value.size === 0) {
      c.db.delete(key);
      c.db.written(key, "g", "del", 0);
    }
  }
  return int(deleted);
}

/**
 * The ranks ZREMRANGEBYLEX drops: from the first element at or past min (a listpack checks
 * the whole range first, a skiplist does not), while elements stay at or below max.
 */
function lexDeleteRanks(o: ZSetObject, r: LexRange): [number, number] | null {
  const z = o.value;
  const first = o.enc === "listpack" ? firstInLex(o, r) : z.countBefore((_s, m) => !lexGteMin(m, r));
  if (first < 0 || first >= z.size) return null;
  let last = first - 1;
  for (const cur = z.at(first); cur.valid && lexLteMax(cur.member, r); cur.next()) last++;
  return [first, last];
}

export const zsetRangeCommands: CommandDef[] = [
  {
    name: "zrange",
    summary: "Returns members in a range of ranks, scores (BYSCORE) or member bytes (BYLEX), optionally reversed and with scores.",
    handler: (c, argv) => zrangeGeneric(c, argv, 1, null, "auto", "auto"),
  },
  {
    name: "zrangestore",
    summary: "Stores the members ZRANGE would return as a new sorted set and returns how many there are.",
    handler: (c, argv) => zrangeGeneric(c, argv, 2, argv[1], "auto", "auto"),
  },
  {
    name: "zrevrange",
    summary: "Returns members in a range of ranks counted from the highest score.",
    handler: (c, argv) => zrangeGeneric(c, argv, 1, null, "rank", "reverse"),
  },
  {
    name: "zrangebyscore",
    summary: "Returns members whose scores fall between min and max, lowest first.",
    handler: (c, argv) => zrangeGeneric(c, argv, 1, null, "score", "forward"),
  },
  {
    name: "zrevrangebyscore",
    summary: "Returns members whose scores fall between max and min, highest first.",
    handler: (c, argv) => zrangeGeneric(c, argv, 1, null, "score", "reverse"),
  },
  {
    name: "zrangebylex",
    summary: "Returns members between two byte-string bounds, for a sorted set whose scores are all equal.",
    handler: (c, argv) => zrangeGeneric(c, argv, 1, null, "lex", "forward"),
  },
  {
    name: "zrevrangebylex",
    summary: "Returns members between two byte-string bounds in reverse order, for equal scores.",
    handler: (c, argv) => zrangeGeneric(c, argv, 1, null, "lex", "reverse"),
  },
  { name: "zcount", summary: "Counts the members whose scores fall between min and max.", handler: zcount },
  { name: "zlexcount", summary: "Counts the members between two byte-string bounds, for equal scores.", handler: zlexcount },
  {
    name: "zremrangebyrank",
    summary: "Removes the members in a range of ranks and returns how many went.",
    handler: (c, argv) => zremrange(c, argv, "rank"),
  },
  {
    name: "zremrangebyscore",
    summary: "Removes the members whose scores fall between min and max.",
    handler: (c, argv) => zremrange(c, argv, "score"),
  },
  {
    name: "zremrangebylex",
    summary: "Removes the members between two byte-string bounds, for equal scores.",
    handler: (c, argv) => zremrange(c, argv, "lex"),
  },
];
