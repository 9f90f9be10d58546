/**
 * XREAD and XREADGROUP (t_stream.c's xreadCommand), their delivery to consumer groups
 * (streamReplyWithRange with a group: last-delivered ID, entries-read, the PELs), and BLOCK:
 * a client that finds nothing waits (engine/blocking.ts) until an XADD gives one of its
 * streams an ID past the one it asked for.
 */
import type { Client } from "../client";
import { E } from "../errors";
import { arr, bulk, map, NULL_ARRAY, type Reply } from "../reply";
import { ID_MAX, type Consumer, type Group, type StreamID, type StreamValue } from "../types/stream";
import { PelTree } from "../types/stream-pel";
import { is, parseInt64 } from "./args";
import {
  deletedEntryReply,
  entryReply,
  estimateDistance,
  hasTombstones,
  incrId,
  isReply,
  parseIdOrReply,
} from "./streams-common";
import type { CommandDef } from "./table";

/** streamLookupConsumer + streamCreateConsumer (SLC_DEFAULT): the consumer, created when new. */
export function consumerFor(c: Client, g: Group, name: string): { consumer: Consumer; created: boolean } {
  let consumer = g.consumers.get(name);
  if (consumer) return { consumer, created: false };
  consumer = { name, seenTime: c.server.commandTime(), pel: new PelTree() };
  g.consumers.set(name, consumer);
  return { consumer, created: true };
}

/**
 * streamReplyWithRange for a read: the entries after `after`, at most `count` (0: all); with a
 * group, each advances its last-delivered ID and, unless NOACK, enters the PELs.
 */
export function deliver(
  c: Client,
  s: StreamValue,
  after: StreamID,
  count: number,
  group: Group | null,
  consumer: Consumer | null,
  noack: boolean,
): Reply[] {
  const start = incrId(after);
  if (start === null) return [];
  const entries = s.range(start, ID_MAX, count);
  const now = c.server.commandTime();
  const out: Reply[] = [];
  for (const e of entries) {
    if (group && e.id > group.lastId) {
      if (group.entriesRead !== -1 && !hasTombstones(s, e.id)) group.entriesRead++;
      else if (s.entriesAdded) group.entriesRead = estimateDistance(s, e.id);
      group.lastId = e.id;
    }
    out.push(entryReply(e));
    if (group && consumer && !noack) {
      const existing = group.pel.get(e.id);
      if (existing) {
        existing.consumer.pel.delete(e.id);
        existing.consumer = consumer;
        existing.deliveryTime = now;
        existing.deliveryCount = 1;
        consumer.pel.set(e.id, existing);
      } else {
        const nack = { deliveryTime: now, deliveryCount: 1, consumer };
        group.pel.set(e.id, nack);
        consumer.pel.set(e.id, nack);
      }
    }
  }
  return out;
}

/** streamReplyWithRangeFromConsumerPEL: a consumer's own pending entries after `after`. */
function deliverHistory(c: Client, s: StreamValue, after: StreamID, count: number, consumer: Consumer): Reply[] {
  const start = incrId(after);
  if (start === null) return [];
  const out: Reply[] = [];
  const pel = consumer.pel;
  const now = c.server.commandTime();
  for (const it = pel.seek(start); it.valid && (!count || out.length < count); it.next()) {
    const id = it.id;
    const e = s.get(id);
    if (!e) {
      out.push(deletedEntryReply(id));
      continue;
    }
    out.push(entryReply(e));
    const nack = it.value;
    nack.deliveryTime = now;
    nack.deliveryCount++;
  }
  return out;
}

/** One stream's part of the reply: [key, entries] in RESP2, a map pair in RESP3. */
function keyed(c: Client, parts: [string, Reply[]][]): Reply {
  if (c.resp === 3) return map(parts.flatMap(([k, es]) => [bulk(k), arr(es)]));
  return arr(parts.map(([k, es]) => arr([bulk(k), arr(es)])));
}

/** getTimeoutFromObjectOrReply in milliseconds: the instant the wait ends (0: never). */
function parseBlockMs(c: Client, arg: string): number | Reply {
  const n = parseInt64(arg);
  if (n === null) return E.TIMEOUT_NOT_INTEGER;
  if (n < 0) return E.TIMEOUT_NEGATIVE;
  if (n === 0) return 0;
  return Math.floor(c.server.commandTime()) + Number(n);
}

function xreadGeneric(c: Client, argv: string[], xreadgroup: boolean): Reply {
  let timeoutAt = -1;
  let count = 0;
  let streamsArg = 0;
  let streamsCount = 0;
  let groupName: string | null = null;
  let consumerName = "";
  let noack = false;
  for (let i = 1; i < argv.length; i++) {
    const more = argv.length - i - 1;
    const o = argv[i];
    if (is(o, "block") && more) {
      const t = parseBlockMs(c, argv[++i]);
      if (isReply(t)) return t;
      timeoutAt = t;
    } else if (is(o, "count") && more) {
      const n = parseInt64(argv[++i]);
      if (n === null) return E.NOT_INTEGER;
      count = n < 0 ? 0 : Number(n);
    } else if (is(o, "streams") && more) {
      streamsArg = i + 1;
      streamsCount = argv.length - streamsArg;
      if (streamsCount % 2 !== 0) return E.XREAD_UNBALANCED;
      streamsCount /= 2;
      break;
    } else if (is(o, "group") && more >= 2) {
      if (!xreadgroup) return E.XREAD_GROUP_OPT;
      groupName = argv[i + 1];
      consumerName = argv[i + 2];
      i += 2;
    } else if (is(o, "noack")) {
      if (!xreadgroup) return E.XREAD_NOACK_OPT;
      noack = true;
    } else return E.SYNTAX;
  }
  if (streamsArg === 0) return E.SYNTAX;
  if (xreadgroup && groupName === null) return E.XREADGROUP_NO_GROUP;

  const keys = argv.slice(streamsArg, streamsArg + streamsCount);
  const ids: StreamID[] = [];
  const groups: (Group | null)[] = [];
  for (let k = 0; k < streamsCount; k++) {
    const key = keys[k];
    const arg = argv[streamsArg + streamsCount + k];
    const o = c.db.lookupRead(key);
    if (o && o.type !== "stream") return E.WRONGTYPE;
    const s = o?.type === "stream" ? o.value : undefined;
    if (groupName !== null) {
      const g = s?.groups.get(groupName);
      if (!g) return E.noGroupRead(key, groupName);
      groups.push(g);
    } else groups.push(null);
    if (arg === "$") {
      if (xreadgroup) return E.XREADGROUP_DOLLAR;
      ids.push(s ? s.lastId : 0n);
      continue;
    }
    if (arg === ">") {
      if (!xreadgroup) return E.XREAD_GT;
      ids.push(ID_MAX);
      continue;
    }
    const id = parseIdOrReply(arg, 0n, true);
    if (isReply(id)) return id;
    ids.push(id);
  }

  const parts: [string, Reply[]][] = [];
  for (let k = 0; k < streamsCount; k++) {
    const key = keys[k];
    const o = c.db.lookupRead(key);
    if (!o) continue;
    if (o.type !== "stream") return E.WRONGTYPE;
    const s = o.value;
    const g = groups[k];
    let gt = ids[k];
    let serve = false;
    let history = false;
    if (g) {
      if (gt !== ID_MAX) {
        serve = true;
        history = true;
      } else if (s.length && s.edgeId(false) > g.lastId) {
        serve = true;
        gt = g.lastId;
      }
    } else if (s.length && s.edgeId(false) > gt) serve = true;
    if (!serve) continue;
    let entries: Reply[];
    if (g) {
      const { consumer, created } = consumerFor(c, g, consumerName);
      if (created) c.db.written(key, "t", "xgroup-createconsumer", 0);
      consumer.seenTime = c.server.commandTime();
      entries = history ? deliverHistory(c, s, gt, count, consumer) : deliver(c, s, gt, count, g, consumer, noack);
      c.server.stats.dirty++;
    } else entries = deliver(c, s, gt, count, null, null, false);
    parts.push([key, entries]);
  }
  if (parts.length) return keyed(c, parts);
  if (timeoutAt === -1 || !c.server.blocking.canBlock(c)) return NULL_ARRAY;
  return c.server.blocking.block(c, argv, {
    type: "stream",
    keys,
    timeoutAt,
    serve: (key) => serveBlocked(c, key, keys, ids, groupName, consumerName, count, noack),
  });
}

/** serveClientsBlockedOnStreamKey for one waiter: null keeps it waiting. */
function serveBlocked(
  c: Client,
  key: string,
  keys: readonly string[],
  ids: readonly StreamID[],
  groupName: string | null,
  consumerName: string,
  count: number,
  noack: boolean,
): Reply | null {
  const o = c.db.dict.get(key);
  if (!o || o.type !== "stream") return null;
  const s = o.value;
  let gt = ids[keys.indexOf(key)];
  let g: Group | null = null;
  if (groupName !== null) {
    g = s.groups.get(groupName) ?? null;
    if (!g) return E.NOGROUP_BLOCKED;
    gt = g.lastId;
  }
  if (s.lastId <= gt) return null;
  let consumer: Consumer | null = null;
  if (g) {
    const r = consumerFor(c, g, consumerName);
    consumer = r.consumer;
    if (r.created) c.db.written(key, "t", "xgroup-createconsumer", 0);
    consumer.seenTime = c.server.commandTime();
  }
  return keyed(c, [[key, deliver(c, s, gt, count, g, consumer, noack)]]);
}

export const streamReadCommands: CommandDef[] = [
  {
    name: "xread",
    summary: "Reads entries newer than given IDs from one or more streams, optionally waiting for them.",
    handler: (c, argv) => xreadGeneric(c, argv, false),
  },
  {
    name: "xreadgroup",
    summary: "Reads entries from streams on behalf of a consumer of a group, tracking them as pending.",
    handler: (c, argv) => xreadGeneric(c, argv, true),
  },
];
