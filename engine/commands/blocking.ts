/**
 * Blocking commands: BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN, BZPOPMAX, BZMPOP.
 *
 * Each is its non-blocking twin when a key has something to give: the pop and move bodies are
 * the list and sorted-set families' own (lists.ts, zsets-pop.ts). When every key is empty the
 * client blocks (engine/blocking.ts) with a `serve(key)` closure that runs the same body on
 * the key that became ready, as Redis 7.0's serveClientsBlockedOnListKey and
 * serveClientsBlockedOnSortedSetKey do. A client that may not block (inside MULTI, a script,
 * or Client.execute) gets the timeout reply at once.
 */
import type { Client } from "../client";
import { E } from "../errors";
import type { ListObject } from "../object";
import { arr, bulk, bulkArray, NULL, NULL_ARRAY, type Reply } from "../reply";
import { listMove, listPopElements, parseListEnd, parseMpop } from "./lists";
import { blockingZsetCommands } from "./blocking-zsets";
import { parseTimeout } from "./blocking-timeout";
import type { CommandDef } from "./table";

/** How a list waiter is served: BLPOP/BRPOP (count -1) or BLMPOP (count ≥ 1). */
function popReply(c: Client, key: string, o: ListObject, head: boolean, count: number): Reply {
  const items = listPopElements(c, key, o, head, count === -1 ? 1 : count);
  return count === -1 ? arr([bulk(key), bulk(items[0])]) : arr([bulk(key), bulkArray(items)]);
}

/**
 * Runs a served BLPOP/BRPOP/BLMOVE: Redis 7.0's serveClientBlockedOnList pops (and pushes)
 * without counting the change in server.dirty (rdb_changes_since_last_save), unlike the same
 * command answered at once, or a served BLMPOP or sorted-set pop.
 */
function uncounted(c: Client, serve: () => Reply): Reply {
  const stats = c.server.stats;
  const dirty = stats.dirty;
  const reply = serve();
  stats.dirty = dirty;
  return reply;
}

/** The list under `key` when it has elements (a ready key always does), else undefined. */
function readyList(c: Client, key: string): ListObject | undefined {
  const o = c.db.lookupWrite(key);
  return o?.type === "list" && o.value.length > 0 ? o : undefined;
}

/**
 * blockingPopGenericCommand: pops from the first non-empty list among `keys` (WRONGTYPE as
 * soon as a key in the walk is not a list), else blocks on all of them.
 */
function blockingPop(c: Client, argv: readonly string[], keys: readonly string[], head: boolean, timeoutAt: number, count: number): Reply {
  for (const key of keys) {
    const o = c.db.lookupWrite(key);
    if (!o) continue;
    if (o.type !== "list") return E.WRONGTYPE;
    if (o.value.length === 0) continue;
    return popReply(c, key, o, head, count);
  }
  if (!c.server.blocking.canBlock(c)) return NULL_ARRAY;
  return c.server.blocking.block(c, argv, {
    type: "list",
    keys,
    timeoutAt,
    serve: (key) => {
      const o = readyList(c, key);
      if (!o) return NULL_ARRAY;
      return count === -1 ? uncounted(c, () => popReply(c, key, o, head, count)) : popReply(c, key, o, head, count);
    },
  });
}

/** BLPOP / BRPOP key [key ...] timeout. */
const bpop =
  (head: boolean) =>
  (c: Client, argv: string[]): Reply => {
    const timeoutAt = parseTimeout(c, argv[argv.length - 1]);
    if (typeof timeoutAt !== "number") return timeoutAt;
    return blockingPop(c, argv, argv.slice(1, -1), head, timeoutAt, -1);
  };

/**
 * blmoveGenericCommand: LMOVE when the source has elements; otherwise waits on the source
 * alone. Served later, the destination is checked then: a wrong type answers WRONGTYPE and
 * the element stays where it was.
 */
function blockingMove(c: Client, argv: readonly string[], fromHead: boolean, toHead: boolean, timeoutAt: number): Reply {
  const src = argv[1];
  const dst = argv[2];
  const o = c.db.lookupWrite(src);
  if (o && o.type !== "list") return E.WRONGTYPE;
  if (o) return listMove(c, src, dst, fromHead, toHead);
  // Refused blocking answers a null bulk here, not the null array of a timeout.
  if (!c.server.blocking.canBlock(c)) return NULL;
  return c.server.blocking.block(c, argv, {
    type: "list",
    keys: [src],
    timeoutAt,
    serve: () => uncounted(c, () => listMove(c, src, dst, fromHead, toHead)),
  });
}

function blmove(c: Client, argv: string[]): Reply {
  const fromHead = parseListEnd(argv[3]);
  if (fromHead === null) return E.SYNTAX;
  const toHead = parseListEnd(argv[4]);
  if (toHead === null) return E.SYNTAX;
  const timeoutAt = parseTimeout(c, argv[5]);
  if (typeof timeoutAt !== "number") return timeoutAt;
  return blockingMove(c, argv, fromHead, toHead, timeoutAt);
}

function brpoplpush(c: Client, argv: string[]): Reply {
  const timeoutAt = parseTimeout(c, argv[3]);
  if (typeof timeoutAt !== "number") return timeoutAt;
  return blockingMove(c, argv, false, true, timeoutAt);
}

/** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]: the timeout is checked last. */
function blmpop(c: Client, argv: string[]): Reply {
  const parsed = parseMpop(argv, 2);
  if ("t" in parsed) return parsed;
  const timeoutAt = parseTimeout(c, argv[1]);
  if (typeof timeoutAt !== "number") return timeoutAt;
  return blockingPop(c, argv, parsed.keys, parsed.head, timeoutAt, parsed.count);
}

export const blockingCommands: CommandDef[] = [
  {
    name: "blpop",
    summary: "Pops the first element of the first non-empty list, waiting for one if all are empty.",
    handler: bpop(true),
  },
  {
    name: "brpop",
    summary: "Pops the last element of the first non-empty list, waiting for one if all are empty.",
    handler: bpop(false),
  },
  {
    name: "blmove",
    summary: "Moves an element between two lists, waiting for the source to get one if it is empty.",
    handler: blmove,
  },
  {
    name: "brpoplpush",
    summary: "Moves the last element of a list to the head of another, waiting if the source is empty.",
    handler: brpoplpush,
  },
  {
    name: "blmpop",
    summary: "Pops elements from the first non-empty list among several keys, waiting if all are empty.",
    handler: blmpop,
  },
  ...blockingZsetCommands,
];
