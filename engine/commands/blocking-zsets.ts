/**
 * The sorted-set blocking pops: BZPOPMIN, BZPOPMAX and BZMPOP (t_zset.c's
 * blockingGenericZpopCommand). The pop itself is the sorted-set family's zsetPop, run on the
 * first non-empty set right away, or later on the key that became ready.
 */
import type { Client } from "../client";
import { E } from "../errors";
import { NULL_ARRAY, type Reply } from "../reply";
import { parseTimeout } from "./blocking-timeout";
import type { CommandDef } from "./table";
import { isReply } from "./zsets-args";
import { parseMpop, zsetPop, type PopShape, type PopWhere } from "./zsets-pop";

/** BZPOPMIN/BZPOPMAX answer [key, member, score]; BZMPOP [key, [[member, score], ...]]. */
const FLAT: PopShape = { emitKey: true, nested: false, nilWhenEmpty: false };
const NESTED: PopShape = { emitKey: true, nested: true, nilWhenEmpty: true };

function blockingZpop(
  c: Client,
  argv: readonly string[],
  keys: readonly string[],
  where: PopWhere,
  timeoutAt: number,
  count: number,
  shape: PopShape,
): Reply {
  for (const key of keys) {
    const o = c.db.lookupWrite(key);
    if (!o) continue;
    if (o.type !== "zset") return E.WRONGTYPE;
    if (o.value.size === 0) continue;
    return zsetPop(c, [key], where, count, shape);
  }
  if (!c.server.blocking.canBlock(c)) return NULL_ARRAY;
  return c.server.blocking.block(c, argv, {
    type: "zset",
    keys,
    timeoutAt,
    serve: (key) => zsetPop(c, [key], where, count, shape),
  });
}

/** BZPOPMIN / BZPOPMAX key [key ...] timeout. */
const bzpop =
  (where: PopWhere) =>
  (c: Client, argv: string[]): Reply => {
    const timeoutAt = parseTimeout(c, argv[argv.length - 1]);
    if (typeof timeoutAt !== "number") return timeoutAt;
    return blockingZpop(c, argv, argv.slice(1, -1), where, timeoutAt, -1, FLAT);
  };

/** BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]: the timeout is checked last. */
function bzmpop(c: Client, argv: string[]): Reply {
  const a = parseMpop(argv, 2);
  if (isReply(a)) return a;
  const timeoutAt = parseTimeout(c, argv[1]);
  if (typeof timeoutAt !== "number") return timeoutAt;
  return blockingZpop(c, argv, a.keys, a.where, timeoutAt, a.count, NESTED);
}

export const blockingZsetCommands: CommandDef[] = [
  {
    name: "bzpopmin",
    summary: "Pops the lowest-scored member of the first non-empty sorted set, waiting if all are empty.",
    handler: bzpop("min"),
  },
  {
    name: "bzpopmax",
    summary: "Pops the highest-scored member of the first non-empty sorted set, waiting if all are empty.",
    handler: bzpop("max"),
  },
  {
    name: "bzmpop",
    summary: "Pops the lowest or highest members of the first non-empty sorted set, waiting if all are empty.",
    handler: bzmpop,
  },
];
