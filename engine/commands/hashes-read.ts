/**
 * Hash commands, part two: reading a whole hash. HGETALL, HKEYS, HVALS, HSCAN, HRANDFIELD.
 *
 * While a hash is a listpack these reply in its insertion order, which is deterministic and
 * what a learner sees in real Redis too; HSCAN then returns everything in one call with
 * cursor 0. A hashtable replies in its own iteration order and HSCAN walks it with a cursor.
 */
import type { Client } from "../client";
import { E } from "../errors";
import { replyCap } from "../limits";
import type { HashObject } from "../object";
import { arr, bulk, EMPTY_ARRAY, map, NULL, type Reply } from "../reply";
import { globMatch } from "../util/glob";
import { parseInt64 } from "./args";
import { isOption, isReply, readHash } from "./hashes-common";
import { cursorPosition, isScanError, parseScanCursor, parseScanOptions } from "./scan-args";
import type { CommandDef } from "./table";

const EMPTY_MAP: Reply = map([]);
const EMPTY_SCAN: Reply = arr([bulk("0"), EMPTY_ARRAY]);

/** genericHgetallCommand: fields, values, or both (a map under RESP3). */
function getAll(c: Client, key: string, fields: boolean, values: boolean): Reply {
  const o = readHash(c, key);
  if (isReply(o)) return o;
  const both = fields && values;
  if (!o) return both ? EMPTY_MAP : EMPTY_ARRAY;
  const refused = replyCap(c, both ? "hgetall" : fields ? "hkeys" : "hvals", o.value.size);
  if (refused) return refused;
  const out: Reply[] = [];
  for (const [f, v] of o.value.entries()) {
    if (fields) out.push(bulk(f));
    if (values) out.push(bulk(v));
  }
  return both ? map(out) : arr(out);
}

/**
 * HSCAN key cursor [MATCH pattern] [COUNT count]. As in 7.0 the cursor is parsed first, then
 * the key is looked up (a missing key replies an empty page before the options are read),
 * then the options. MATCH filters on the field; its value goes with it.
 */
function hscan(c: Client, argv: string[]): Reply {
  const cursor = parseScanCursor(argv[2]);
  if (cursor === null) return E.INVALID_CURSOR;
  const o = readHash(c, argv[1]);
  if (isReply(o)) return o;
  if (!o) return EMPTY_SCAN;
  const opts = parseScanOptions(argv, 3, false);
  if (isScanError(opts)) return opts;
  const { count, pattern } = opts;
  const out: Reply[] = [];
  const take = (f: string, v: string) => {
    if (pattern === null || globMatch(pattern, f)) out.push(bulk(f), bulk(v));
  };
  let next = 0;
  if (o.enc === "listpack") {
    for (const [f, v] of o.value.entries()) take(f, v);
  } else {
    next = o.value.scan(cursorPosition(cursor), count, take);
  }
  return arr([bulk(String(next)), arr(out)]);
}

// ---- HRANDFIELD ----------------------------------------------------------------------------

/** Beyond this many picks the playground refuses (Redis would try, and exhaust its memory). */
const MAX_RANDOM_REPLY = 1_000_000;
const LONG_MAX = (1n << 63n) - 1n;
/** HRANDFIELD_SUB_STRATEGY_MUL: below size/3 picks, sample; above, take all and drop some. */
const SUB_STRATEGY_MUL = 3;

/** One pick as it goes into the reply: a field, or a field and its value (nested in RESP3). */
function pushPick(out: Reply[], c: Client, f: string, v: string, withValues: boolean): void {
  if (!withValues) out.push(bulk(f));
  else if (c.resp === 3) out.push(arr([bulk(f), bulk(v)]));
  else out.push(bulk(f), bulk(v));
}

/** hrandfieldWithCountCommand: the cases of t_hash.c, each with the same ordering. */
function randomWithCount(c: Client, o: HashObject, l: number, withValues: boolean): Reply {
  const rng = c.server.rng;
  const h = o.value;
  const size = h.size;
  const out: Reply[] = [];
  if (l === 0) return EMPTY_ARRAY;
  // Case 1: a negative count (or 1) picks independently, repeats allowed, in random order.
  if (l < 0 || l === 1) {
    const count = Math.abs(l);
    if (count > MAX_RANDOM_REPLY) return E.RANDOM_SAMPLE_TOO_BIG;
    for (let i = 0; i < count; i++) {
      const [f, v] = h.random(rng);
      pushPick(out, c, f, v, withValues);
    }
    return arr(out);
  }
  // Case 2: asking for at least the whole hash returns it, in iteration order.
  if (l >= size) {
    for (const [f, v] of h.entries()) pushPick(out, c, f, v, withValues);
    return arr(out);
  }
  const count = l;
  if (count * SUB_STRATEGY_MUL > size) {
    // Case 3: copy everything, drop random entries; the survivors come out in the order of
    // Redis' temporary dict, i.e. an arbitrary one: a partial shuffle models it.
    const all = [...h.entries()];
    for (let i = 0; i < count; i++) {
      const j = i + rng.below(all.length - i);
      [all[i], all[j]] = [all[j], all[i]];
      pushPick(out, c, all[i][0], all[i][1], withValues);
    }
    return arr(out);
  }
  if (o.enc === "listpack") {
    // Case 4, listpack: lpRandomPairsUnique picks distinct entries in one pass, so they come
    // out in listpack order (selection sampling).
    let needed = count;
    let left = size;
    for (const [f, v] of h.entries()) {
      if (rng.below(left) < needed) {
        pushPick(out, c, f, v, withValues);
        if (--needed === 0) break;
      }
      left--;
    }
    return arr(out);
  }
  // Case 4, hashtable: random picks, duplicates skipped, in the order they were drawn.
  const seen = new Set<string>();
  while (seen.size < count) {
    const [f, v] = h.random(rng);
    if (seen.has(f)) continue;
    seen.add(f);
    pushPick(out, c, f, v, withValues);
  }
  return arr(out);
}

/** HRANDFIELD key [count [WITHVALUES]]: the count and options are parsed before the lookup. */
function hrandfield(c: Client, argv: string[]): Reply {
  if (argv.length >= 3) {
    const v = parseInt64(argv[2]);
    if (v === null) return E.NOT_INTEGER;
    const big = BigInt(v);
    if (big < -LONG_MAX) return E.LONG_RANGE;
    let withValues = false;
    if (argv.length > 4 || (argv.length === 4 && !isOption(argv[3], "withvalues"))) return E.SYNTAX;
    if (argv.length === 4) {
      withValues = true;
      if (big < -LONG_MAX / 2n || big > LONG_MAX / 2n) return E.VALUE_OUT_OF_RANGE;
    }
    const o = readHash(c, argv[1]);
    if (isReply(o)) return o;
    if (!o) return EMPTY_ARRAY;
    // Beyond 2^53 the exact count no longer matters: it is past any hash's size, or refused.
    const l = typeof v === "number" ? v : v > 0n ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER;
    return randomWithCount(c, o, l, withValues);
  }
  const o = readHash(c, argv[1]);
  if (isReply(o)) return o;
  if (!o) return NULL;
  return bulk(o.value.random(c.server.rng)[0]);
}

export const hashReadCommands: CommandDef[] = [
  {
    name: "hgetall",
    summary: "Replies with every field and value of a hash.",
    handler: (c, argv) => getAll(c, argv[1], true, true),
  },
  {
    name: "hkeys",
    summary: "Replies with every field name of a hash.",
    handler: (c, argv) => getAll(c, argv[1], true, false),
  },
  {
    name: "hvals",
    summary: "Replies with every value of a hash.",
    handler: (c, argv) => getAll(c, argv[1], false, true),
  },
  {
    name: "hscan",
    summary: "Walks the fields and values of a hash a few at a time with a cursor, optionally filtered by a pattern.",
    handler: hscan,
  },
  {
    name: "hrandfield",
    summary: "Replies with random fields of a hash: distinct ones for a positive count, repeats allowed for a negative one.",
    handler: hrandfield,
  },
];
