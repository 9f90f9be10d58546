/**
 * Popping the lowest or highest members: ZPOPMIN, ZPOPMAX and ZMPOP here, and the body they
 * share with the blocking BZPOPMIN, BZPOPMAX and BZMPOP (engine/commands/blocking.ts), which
 * call zsetPop once a key has something to give.
 */
import type { Client } from "../client";
import { E } from "../errors";
import { replyCap } from "../limits";
import type { ZSetObject } from "../object";
import { arr, bulk, double, EMPTY_ARRAY, NULL_ARRAY, type Reply } from "../reply";
import { is, parseInt64 } from "./args";
import type { CommandDef } from "./table";
import { isReply, writeZSet } from "./zsets-args";

export type PopWhere = "min" | "max";

export interface PopShape {
  /** Put the key's name first (BZPOPMIN/BZPOPMAX, ZMPOP/BZMPOP). */
  emitKey: boolean;
  /** [member, score] pairs instead of a flat list (ZMPOP/BZMPOP; ZPOPMIN with a count in RESP3). */
  nested: boolean;
  /** Answer a null array rather than an empty one when no key has anything (ZMPOP/BZMPOP). */
  nilWhenEmpty: boolean;
}

/**
 * genericZpopCommand: pops up to `count` elements (-1: one, without a count) from the first
 * of `keys` that exists, which must be a sorted set (the first existing key of another type
 * answers WRONGTYPE). Reports "zpopmin"/"zpopmax" once, and "del" when the set empties.
 */
export function zsetPop(c: Client, keys: readonly string[], where: PopWhere, count: number, shape: PopShape): Reply {
  let key = "";
  let o: ZSetObject | undefined;
  for (const k of keys) {
    const found = writeZSet(c, k);
    if (isReply(found)) return found;
    if (found) {
      key = k;
      o = found;
      break;
    }
  }
  if (!o) return shape.nilWhenEmpty ? NULL_ARRAY : EMPTY_ARRAY;
  if (count === 0) return EMPTY_ARRAY;
  if (count === -1) count = 1;
  const z = o.value;
  const n = Math.min(count, z.size);
  // A write is refused before its effect, never after.
  const refused = replyCap(c, shape.emitKey ? "zmpop" : where === "max" ? "zpopmax" : "zpopmin", n);
  if (refused) return refused;
  const items: Reply[] = [];
  for (let i = 0; i < n; i++) {
    const cur = z.at(where === "max" ? z.size - 1 : 0);
    const member = cur.member;
    const score = cur.score;
    z.delete(member);
    if (shape.nested) items.push(arr([bulk(member), double(score)]));
    else items.push(bulk(member), double(score));
  }
  const db = c.db;
  db.written(key, "z", where === "max" ? "zpopmax" : "zpopmin", n);
  if (z.size === 0) {
    db.delete(key);
    db.written(key, "g", "del", 0);
  }
  if (!shape.emitKey) return arr(items);
  return shape.nested ? arr([bulk(key), arr(items)]) : arr([bulk(key), ...items]);
}

/** ZPOPMIN / ZPOPMAX key [count]: RESP3 nests pairs only when a count is given. */
function zpopMinMax(c: Client, argv: string[], where: PopWhere): Reply {
  if (argv.length > 3) return E.SYNTAX;
  let count = -1;
  if (argv.length === 3) {
    // getPositiveLongFromObjectOrReply: one message for "not an integer" and "negative".
    const v = parseInt64(argv[2]);
    if (v === null || v < 0) return E.NOT_POSITIVE;
    count = Number(v);
  }
  return zsetPop(c, [argv[1]], where, count, { emitKey: false, nested: c.resp > 2 && count !== -1, nilWhenEmpty: false });
}

export interface MpopArgs {
  keys: string[];
  where: PopWhere;
  count: number;
}

/**
 * Parses [B]ZMPOP's `numkeys key [key ...] MIN|MAX [COUNT count]` starting at argv[at]
 * (1 for ZMPOP, 2 for BZMPOP after the timeout); a Reply is the error to answer.
 */
export function parseMpop(argv: readonly string[], at: number): MpopArgs | Reply {
  const numkeys = parseInt64(argv[at]);
  if (numkeys === null || numkeys < 1) return E.MPOP_NUMKEYS;
  const whereIdx = at + Number(numkeys) + 1;
  if (whereIdx >= argv.length) return E.SYNTAX;
  let where: PopWhere;
  if (is(argv[whereIdx], "min")) where = "min";
  else if (is(argv[whereIdx], "max")) where = "max";
  else return E.SYNTAX;
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && is(argv[j], "count") && more) {
      const v = parseInt64(argv[++j]);
      if (v === null || v < 1) return E.MPOP_COUNT;
      count = Number(v);
    } else {
      return E.SYNTAX;
    }
  }
  return { keys: argv.slice(at + 1, whereIdx), where, count: count === -1 ? 1 : count };
}

function zmpop(c: Client, argv: string[]): Reply {
  const a = parseMpop(argv, 1);
  if (isReply(a)) return a;
  return zsetPop(c, a.keys, a.where, a.count, { emitKey: true, nested: true, nilWhenEmpty: true });
}

export const zsetPopCommands: CommandDef[] = [
  {
    name: "zpopmin",
    summary: "Removes and returns the members with the lowest scores (one, or up to count).",
    handler: (c, argv) => zpopMinMax(c, argv, "min"),
  },
  {
    name: "zpopmax",
    summary: "Removes and returns the members with the highest scores (one, or up to count).",
    handler: (c, argv) => zpopMinMax(c, argv, "max"),
  },
  {
    name: "zmpop",
    summary: "Pops the lowest or highest members from the first non-empty sorted set among the keys given.",
    handler: zmpop,
  },
];
