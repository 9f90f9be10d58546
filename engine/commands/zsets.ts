/**
 * Sorted set commands: ZADD and ZINCRBY, ZREM, ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK,
 * ZSCAN and ZRANDMEMBER. Ranges live in zsets-range.ts, pops in zsets-pop.ts and the algebra
 * (ZUNION, ZINTER, ZDIFF and their STORE forms, ZINTERCARD) in zsets-algebra.ts.
 *
 * The structure is engine/types/zset.ts; the encoding rules (listpack or skiplist, and when
 * one becomes the other) are engine/types/zset-object.ts.
 */
import type { Client } from "../client";
import { E } from "../errors";
import { arr, bulk, double, EMPTY_ARRAY, int, NULL, type Reply } from "../reply";
import {
  ZADD_GT,
  ZADD_INCR,
  ZADD_LT,
  ZADD_NX,
  ZADD_OUT_ADDED,
  ZADD_OUT_NAN,
  ZADD_OUT_NOP,
  ZADD_OUT_UPDATED,
  ZADD_XX,
  listpackScoreText,
  zsetAdd,
  zsetCreateForAdd,
  zsetLimits,
} from "../types/zset-object";
import { formatDouble17g } from "../util/format";
import { globMatch } from "../util/glob";
import { is } from "./args";
import { cursorPosition, isScanError, parseScanCursor, parseScanOptions } from "./scan-args";
import type { CommandDef } from "./table";
import { isReply, parseScore, readZSet, writeZSet } from "./zsets-args";
import { zsetAlgebraCommands } from "./zsets-algebra";
import { zsetPopCommands } from "./zsets-pop";
import { zsetRandomCommands } from "./zsets-random";
import { zsetRangeCommands } from "./zsets-range";

const ZERO = int(0);
const EMPTY_SCAN: Reply = arr([bulk("0"), EMPTY_ARRAY]);

// ---- ZADD / ZINCRBY ------------------------------------------------------------------------

/**
 * zaddGenericCommand, for ZADD and ZINCRBY alike (ZINCRBY is ZADD with INCR, and goes through
 * the same option parsing: `ZINCRBY k nx a` is a syntax error, as in Redis). Every score is
 * parsed before the key is touched, so the command runs fully or not at all.
 */
function zaddGeneric(c: Client, argv: string[], incrCommand: boolean): Reply {
  const key = argv[1];
  let flags = incrCommand ? ZADD_INCR : 0;
  let ch = false;
  let idx = 2;
  for (; idx < argv.length; idx++) {
    const opt = argv[idx];
    if (is(opt, "nx")) flags |= ZADD_NX;
    else if (is(opt, "xx")) flags |= ZADD_XX;
    else if (is(opt, "ch")) ch = true;
    else if (is(opt, "incr")) flags |= ZADD_INCR;
    else if (is(opt, "gt")) flags |= ZADD_GT;
    else if (is(opt, "lt")) flags |= ZADD_LT;
    else break;
  }
  const incr = (flags & ZADD_INCR) !== 0;
  const nx = (flags & ZADD_NX) !== 0;
  const gt = (flags & ZADD_GT) !== 0;
  const lt = (flags & ZADD_LT) !== 0;
  const rest = argv.length - idx;
  if (rest % 2 || rest === 0) return E.SYNTAX;
  const elements = rest / 2;
  if (nx && flags & ZADD_XX) return E.ZADD_XX_NX;
  if ((gt && nx) || (lt && nx) || (gt && lt)) return E.ZADD_GT_LT_NX;
  if (incr && elements > 1) return E.ZADD_INCR_PAIRS;
  const scores: number[] = [];
  for (let j = 0; j < elements; j++) {
    const s = parseScore(argv[idx + j * 2]);
    if (s === null) return E.NOT_FLOAT;
    scores.push(s);
  }

  const db = c.db;
  let o = writeZSet(c, key);
  if (isReply(o)) return o;
  const limits = zsetLimits(c.server.config);
  let added = 0;
  let updated = 0;
  let processed = 0;
  let score = 0;
  if (!o && flags & ZADD_XX) {
    // No key and XX: nothing to do (and nothing created).
  } else {
    if (!o) {
      o = zsetCreateForAdd(limits, argv[idx + 1]);
      db.add(key, o);
    }
    for (let j = 0; j < elements; j++) {
      const r = zsetAdd(o, scores[j], argv[idx + 1 + j * 2], flags, limits);
      if (r.flags & ZADD_OUT_NAN) {
        report(c, key, incr, added, updated);
        return E.ZSET_NAN;
      }
      if (r.flags & ZADD_OUT_ADDED) added++;
      if (r.flags & ZADD_OUT_UPDATED) updated++;
      if (!(r.flags & ZADD_OUT_NOP)) processed++;
      score = r.score;
    }
    report(c, key, incr, added, updated);
  }
  if (incr) return processed ? double(score) : NULL;
  return int(ch ? added + updated : added);
}

function report(c: Client, key: string, incr: boolean, added: number, updated: number): void {
  if (added || updated) c.db.written(key, "z", incr ? "zincr" : "zadd", added + updated);
}

// ---- ZREM / ZCARD / ZSCORE / ZMSCORE / ZRANK ------------------------------------------------

/** ZREM key member [member ...]: stops as soon as the set is empty, and deletes the key. */
function zrem(c: Client, argv: string[]): Reply {
  const key = argv[1];
  const o = writeZSet(c, key);
  if (isReply(o)) return o;
  if (!o) return ZERO;
  let deleted = 0;
  let keyRemoved = false;
  for (let j = 2; j < argv.length; j++) {
    if (o.value.delete(argv[j])) deleted++;
    if (o.value.size === 0) {
      c.db.delete(key);
      keyRemoved = true;
      break;
    }
  }
  if (deleted) {
    c.db.written(key, "z", "zrem", deleted);
    if (keyRemoved) c.db.written(key, "g", "del", 0);
  }
  return int(deleted);
}

function zcard(c: Client, argv: string[]): Reply {
  const o = readZSet(c, argv[1]);
  if (isReply(o)) return o;
  return o ? int(o.value.size) : ZERO;
}

function zscore(c: Client, argv: string[]): Reply {
  const o = readZSet(c, argv[1]);
  if (isReply(o)) return o;
  const s = o?.value.score(argv[2]);
  return s === undefined ? NULL : double(s);
}

/** ZMSCORE key member [member ...]: a missing key reads as an empty set. */
function zmscore(c: Client, argv: string[]): Reply {
  const o = readZSet(c, argv[1]);
  if (isReply(o)) return o;
  const out: Reply[] = [];
  for (let j = 2; j < argv.length; j++) {
    const s = o?.value.score(argv[j]);
    out.push(s === undefined ? NULL : double(s));
  }
  return arr(out);
}

/** ZRANK / ZREVRANK key member (7.0 has no WITHSCORE). O(log N). */
function zrankGeneric(c: Client, argv: string[], reverse: boolean): Reply {
  const o = readZSet(c, argv[1]);
  if (isReply(o)) return o;
  if (!o) return NULL;
  const rank = o.value.rank(argv[2]);
  if (rank < 0) return NULL;
  return int(reverse ? o.value.size - 1 - rank : rank);
}

// ---- ZSCAN ---------------------------------------------------------------------------------

/**
 * ZSCAN key cursor [MATCH pattern] [COUNT count]. A missing key answers before the options
 * are even read. A listpack comes back whole in one page (cursor 0, whatever cursor was
 * given); a skiplist is walked through its member table, COUNT at a time. Scores come as
 * strings in both protocols: the listpack's stored text, or "%.17g" of a skiplist's double.
 */
function zscan(c: Client, argv: string[]): Reply {
  const cursor = parseScanCursor(argv[2]);
  if (cursor === null) return E.INVALID_CURSOR;
  const o = readZSet(c, argv[1]);
  if (isReply(o)) return o;
  if (!o) return EMPTY_SCAN;
  const opts = parseScanOptions(argv, 3, false);
  if (isScanError(opts)) return opts;
  const { count, pattern } = opts;
  const out: Reply[] = [];
  // A listpack hands out the score text it stores; a skiplist prints the double.
  const text = o.enc === "listpack" ? listpackScoreText : formatDouble17g;
  const visit = (m: string, s: number): void => {
    if (pattern !== null && !globMatch(pattern, m)) return;
    out.push(bulk(m), bulk(text(s)));
  };
  let next = 0;
  if (o.enc === "listpack") o.value.forEach(visit);
  // Our cursors are the member table's own positions; one beyond 2^53 is past the end.
  else next = o.value.scan(cursorPosition(cursor), count, visit);
  return arr([bulk(String(next)), arr(out)]);
}

const coreCommands: CommandDef[] = [
  {
    name: "zadd",
    summary: "Adds members with scores to a sorted set, or updates their scores (NX, XX, GT, LT, CH, INCR).",
    handler: (c, argv) => zaddGeneric(c, argv, false),
  },
  {
    name: "zincrby",
    summary: "Adds an increment to a member's score (creating the member at that score) and returns the new score.",
    handler: (c, argv) => zaddGeneric(c, argv, true),
  },
  { name: "zrem", summary: "Removes members from a sorted set and returns how many were there.", handler: zrem },
  { name: "zcard", summary: "Returns the number of members of a sorted set.", handler: zcard },
  { name: "zscore", summary: "Returns a member's score, or nil when it is not in the sorted set.", handler: zscore },
  { name: "zmscore", summary: "Returns the scores of several members, nil for each one that is absent.", handler: zmscore },
  {
    name: "zrank",
    summary: "Returns a member's 0-based position in a sorted set, lowest score first.",
    handler: (c, argv) => zrankGeneric(c, argv, false),
  },
  {
    name: "zrevrank",
    summary: "Returns a member's 0-based position in a sorted set, highest score first.",
    handler: (c, argv) => zrankGeneric(c, argv, true),
  },
  { name: "zscan", summary: "Iterates over a sorted set's members and scores with a cursor.", handler: zscan },
];

export const zsetCommands: CommandDef[] = [
  ...coreCommands,
  ...zsetRangeCommands,
  ...zsetPopCommands,
  ...zsetAlgebraCommands,
  ...zsetRandomCommands,
];
