/**
 * Consumer groups: XGROUP CREATE/SETID/DESTROY/CREATECONSUMER/DELCONSUMER, XACK, XPENDING,
 * XCLAIM and XAUTOCLAIM, with t_stream.c's argument order and PEL bookkeeping.
 */
import type { Client } from "../client";
import { E } from "../errors";
import { arr, bulk, int, NULL, NULL_ARRAY, OK, type Reply } from "../reply";
import type { Group, Nack, StreamID, StreamValue } from "../types/stream";
import { PelTree } from "../types/stream-pel";
import { is, parseInt64 } from "./args";
import {
  createStream,
  decrId,
  entryReply,
  idReply,
  incrId,
  isReply,
  parseIdOrReply,
  parseIntervalId,
  readStream,
  writeStream,
} from "./streams-common";
import { helpReply } from "./object";
import { consumerFor } from "./streams-read";
import type { CommandDef } from "./table";

const U64 = (1n << 64n) - 1n;
const LONG_MAX = (1n << 63n) - 1n;

/** ENTRIESREAD: a counter >= 0, or -1 for unknown. */
function parseEntriesRead(arg: string): number | Reply {
  const n = parseInt64(arg);
  if (n === null) return E.NOT_INTEGER;
  if (n < 0 && n !== -1) return E.XGROUP_ENTRIESREAD;
  return Number(n);
}

type Sub = "create" | "setid" | "destroy" | "createconsumer" | "delconsumer";

/** xgroupCommand: options, then key and group checks, then the subcommand. */
const xgroup =
  (sub: Sub) =>
  (c: Client, argv: string[]): Reply => {
    const key = argv[2];
    const name = argv[3];
    let mkstream = false;
    let entriesRead = -1;
    if (sub === "create") {
      for (let i = 5; i < argv.length; ) {
        if (is(argv[i], "mkstream")) {
          mkstream = true;
          i++;
        } else if (is(argv[i], "entriesread") && i + 1 < argv.length) {
          const n = parseEntriesRead(argv[i + 1]);
          if (isReply(n)) return n;
          entriesRead = n;
          i += 2;
        } else return E.subcommandSyntax(argv[1], argv[0]);
      }
    } else if (sub === "setid") {
      if (argv.length === 7 && is(argv[5], "entriesread")) {
        const n = parseEntriesRead(argv[6]);
        if (isReply(n)) return n;
        entriesRead = n;
      } else if (argv.length !== 5) return E.subcommandSyntax(argv[1], argv[0]);
    }
    const o = writeStream(c, key);
    if (isReply(o)) return o;
    const s = o?.value;
    let g: Group | undefined;
    if (!mkstream) {
      if (!s) return E.XGROUP_NO_KEY;
      g = s.groups.get(name);
      if (!g && (sub === "setid" || sub === "createconsumer" || sub === "delconsumer")) return E.noGroupFor(name, key);
    }
    switch (sub) {
      case "create": {
        let id: StreamID;
        if (argv[4] === "$") id = s ? s.lastId : 0n;
        else {
          const p = parseIdOrReply(argv[4], 0n, true);
          if (isReply(p)) return p;
          id = p;
        }
        const stream = s ?? createStream(c, key).value;
        if (stream.groups.has(name)) return E.BUSYGROUP;
        stream.groups.set(name, { name, lastId: id, entriesRead, pel: new PelTree(), consumers: new Map() });
        c.db.written(key, "t", "xgroup-create");
        return OK;
      }
      case "setid": {
        let id: StreamID;
        if (argv[4] === "$") id = s!.lastId;
        else {
          const p = parseIdOrReply(argv[4], 0n, true);
          if (isReply(p)) return p;
          id = p;
        }
        g!.lastId = id;
        g!.entriesRead = entriesRead;
        c.db.written(key, "t", "xgroup-setid");
        return OK;
      }
      case "destroy": {
        if (!g) return int(0);
        s!.groups.delete(name);
        c.db.written(key, "t", "xgroup-destroy");
        // Clients blocked in XREADGROUP on this group learn it is gone.
        c.server.signalKeyAsReady(c.db, key, "stream");
        return int(1);
      }
      case "createconsumer": {
        if (g!.consumers.has(argv[4])) return int(0);
        g!.consumers.set(argv[4], { name: argv[4], seenTime: c.server.commandTime(), pel: new PelTree() });
        c.db.written(key, "t", "xgroup-createconsumer");
        return int(1);
      }
      case "delconsumer": {
        const consumer = g!.consumers.get(argv[4]);
        if (!consumer) return int(0);
        const pending = consumer.pel.size;
        for (const id of consumer.pel.ids()) g!.pel.delete(id);
        g!.consumers.delete(argv[4]);
        c.db.written(key, "t", "xgroup-delconsumer");
        return int(pending);
      }
    }
  };

function xack(c: Client, argv: string[]): Reply {
  const o = readStream(c, argv[1]);
  if (isReply(o)) return o;
  const g = o?.value.groups.get(argv[2]);
  if (!o || !g) return int(0);
  const ids: StreamID[] = [];
  for (let j = 3; j < argv.length; j++) {
    const id = parseIdOrReply(argv[j], 0n, true);
    if (isReply(id)) return id;
    ids.push(id);
  }
  let acked = 0;
  for (const id of ids) {
    const nack = g.pel.get(id);
    if (!nack) continue;
    g.pel.delete(id);
    nack.consumer.pel.delete(id);
    acked++;
    c.server.stats.dirty++;
  }
  return int(acked);
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function xpending(c: Client, argv: string[]): Reply {
  const justinfo = argv.length === 3;
  if (argv.length !== 3 && (argv.length < 6 || argv.length > 9)) return E.SYNTAX;
  let minidle = 0;
  let count = 0;
  let start: StreamID = 0n;
  let end: StreamID = 0n;
  let consumerName: string | null = null;
  if (argv.length >= 6) {
    let i = 3;
    if (is(argv[3], "idle")) {
      const n = parseInt64(argv[4]);
      if (n === null) return E.NOT_INTEGER;
      minidle = Number(n);
      if (argv.length < 8) return E.SYNTAX;
      i += 2;
    }
    const n = parseInt64(argv[i + 2]);
    if (n === null) return E.NOT_INTEGER;
    count = n < 0 ? 0 : Number(n);
    const st = parseIntervalId(argv[i], 0n);
    if (isReply(st)) return st;
    start = st.id;
    if (st.exclusive) {
      const x = incrId(start);
      if (x === null) return E.XRANGE_START;
      start = x;
    }
    const en = parseIntervalId(argv[i + 1], U64);
    if (isReply(en)) return en;
    end = en.id;
    if (en.exclusive) {
      const x = decrId(end);
      if (x === null) return E.XRANGE_END;
      end = x;
    }
    if (i + 3 < argv.length) consumerName = argv[i + 3];
  }
  const o = readStream(c, argv[1]);
  if (isReply(o)) return o;
  const g = o?.value.groups.get(argv[2]);
  if (!o || !g) return E.noGroup(argv[1], argv[2]);
  if (justinfo) {
    if (g.pel.size === 0) return arr([int(0), NULL, NULL, NULL_ARRAY]);
    const owners = [...g.consumers.values()].filter((x) => x.pel.size > 0).sort((a, b) => byName(a.name, b.name));
    return arr([
      int(g.pel.size),
      idReply(g.pel.first()!),
      idReply(g.pel.last()!),
      arr(owners.map((x) => arr([bulk(x.name), bulk(String(x.pel.size))]))),
    ]);
  }
  let pel: PelTree<Nack> = g.pel;
  if (consumerName !== null) {
    const consumer = g.consumers.get(consumerName);
    if (!consumer) return arr([]);
    pel = consumer.pel;
  }
  const now = c.server.commandTime();
  const out: Reply[] = [];
  for (const it = pel.seek(start); count && it.valid && it.id <= end; it.next()) {
    const nack = it.value;
    if (minidle && now - nack.deliveryTime < minidle) continue;
    count--;
    out.push(arr([idReply(it.id), bulk(nack.consumer.name), int(Math.max(0, now - nack.deliveryTime)), int(nack.deliveryCount)]));
  }
  return arr(out);
}

/** A claimed entry: its ID (JUSTID) or the entry itself, nil when it no longer exists. */
function claimedReply(s: StreamValue, id: StreamID, justid: boolean): Reply {
  if (justid) return idReply(id);
  const e = s.get(id);
  return e ? entryReply(e) : NULL;
}

function xclaim(c: Client, argv: string[]): Reply {
  const o = readStream(c, argv[1]);
  if (isReply(o)) return o;
  const g = o?.value.groups.get(argv[2]);
  if (!o || !g) return E.noGroup(argv[1], argv[2]);
  const s = o.value;
  const mi = parseInt64(argv[4]);
  if (mi === null) return E.XCLAIM_MIN_IDLE;
  const minidle = mi < 0 ? 0 : Number(mi);
  const ids: StreamID[] = [];
  let j = 5;
  for (; j < argv.length; j++) {
    const id = parseIdOrReply(argv[j], 0n, true);
    if (isReply(id)) break;
    ids.push(id);
  }
  const now = c.server.commandTime();
  let deliveryTime = -1;
  let retrycount = -1;
  let force = false;
  let justid = false;
  let lastId: StreamID = 0n;
  for (; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j];
    if (is(opt, "force")) force = true;
    else if (is(opt, "justid")) justid = true;
    else if (is(opt, "idle") && more) {
      const n = parseInt64(argv[++j]);
      if (n === null) return E.XCLAIM_IDLE;
      deliveryTime = now - Number(n);
    } else if (is(opt, "time") && more) {
      const n = parseInt64(argv[++j]);
      if (n === null) return E.XCLAIM_TIME;
      deliveryTime = Number(n);
    } else if (is(opt, "retrycount") && more) {
      const n = parseInt64(argv[++j]);
      if (n === null) return E.XCLAIM_RETRYCOUNT;
      retrycount = Number(n);
    } else if (is(opt, "lastid") && more) {
      const id = parseIdOrReply(argv[++j], 0n, true);
      if (isReply(id)) return id;
      lastId = id;
    } else return E.xclaimUnknownOption(opt);
  }
  if (lastId > g.lastId) {
    g.lastId = lastId;
    c.server.stats.dirty++;
  }
  if (deliveryTime === -1 || deliveryTime < 0 || deliveryTime > now) deliveryTime = now;
  const name = argv[3];
  let consumer = null;
  const out: Reply[] = [];
  for (const id of ids) {
    let nack = g.pel.get(id);
    if (!s.get(id)) {
      if (nack) {
        c.server.stats.dirty++;
        g.pel.delete(id);
        nack.consumer.pel.delete(id);
      }
      continue;
    }
    let fresh = false;
    if (force && !nack) {
      nack = { deliveryTime: now, deliveryCount: 0, consumer: null as never };
      g.pel.set(id, nack);
      fresh = true;
    }
    if (!nack) continue;
    if (!fresh && minidle && now - nack.deliveryTime < minidle) continue;
    if (!consumer) {
      const r = consumerFor(c, g, name);
      consumer = r.consumer;
      consumer.seenTime = now;
      if (r.created) c.db.written(argv[1], "t", "xgroup-createconsumer", 0);
    }
    if (!fresh && nack.consumer !== consumer) nack.consumer.pel.delete(id);
    nack.deliveryTime = deliveryTime;
    if (retrycount >= 0) nack.deliveryCount = retrycount;
    else if (!justid) nack.deliveryCount++;
    if (fresh || nack.consumer !== consumer) {
      consumer.pel.set(id, nack);
      nack.consumer = consumer;
    }
    out.push(claimedReply(s, id, justid));
    c.server.stats.dirty++;
  }
  return arr(out);
}

function xautoclaim(c: Client, argv: string[]): Reply {
  const mi = parseInt64(argv[4]);
  if (mi === null) return E.XAUTOCLAIM_MIN_IDLE;
  const minidle = mi < 0 ? 0 : Number(mi);
  const st = parseIntervalId(argv[5], 0n);
  if (isReply(st)) return st;
  let start = st.id;
  if (st.exclusive) {
    const x = incrId(start);
    if (x === null) return E.XRANGE_START;
    start = x;
  }
  let count = 100;
  let justid = false;
  for (let j = 6; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (is(argv[j], "count") && more) {
      const n = parseInt64(argv[j + 1]);
      if (n === null || n < 1 || BigInt(n) > LONG_MAX / 16n) return E.COUNT_POSITIVE;
      count = Number(n);
      j++;
    } else if (is(argv[j], "justid")) justid = true;
    else return E.SYNTAX;
  }
  const o = readStream(c, argv[1]);
  if (isReply(o)) return o;
  const g = o?.value.groups.get(argv[2]);
  if (!o || !g) return E.noGroup(argv[1], argv[2]);
  const s = o.value;
  let attempts = count * 10;
  const now = c.server.commandTime();
  const name = argv[3];
  let consumer = null;
  const claimed: Reply[] = [];
  const deleted: Reply[] = [];
  const pel = g.pel;
  // The rax iterator: `it` is on the next entry to look at; a deletion re-seeks, as Redis does.
  let it = pel.seek(start);
  while (attempts-- > 0 && count && it.valid) {
    const id = it.id;
    const nack = it.value;
    if (!s.get(id)) {
      c.server.stats.dirty++;
      pel.delete(id);
      nack.consumer.pel.delete(id);
      deleted.push(idReply(id));
      it = pel.seek(id);
      count--;
      continue;
    }
    // Claiming below touches consumers' PELs, never the group's: the cursor stays valid.
    it.next();
    if (minidle && now - nack.deliveryTime < minidle) continue;
    if (!consumer) {
      const r = consumerFor(c, g, name);
      consumer = r.consumer;
      consumer.seenTime = now;
      if (r.created) c.db.written(argv[1], "t", "xgroup-createconsumer", 0);
    }
    if (nack.consumer !== consumer) {
      nack.consumer.pel.delete(id);
      consumer.pel.set(id, nack);
      nack.consumer = consumer;
    }
    nack.deliveryTime = now;
    if (!justid) nack.deliveryCount++;
    claimed.push(claimedReply(s, id, justid));
    count--;
    c.server.stats.dirty++;
  }
  // The cursor: the entry after the last one looked at, 0-0 at the end.
  const next = it.valid ? it.id : 0n;
  return arr([idReply(next), arr(claimed), arr(deleted)]);
}

/** XGROUP HELP's lines, worded exactly as Redis 7.0 prints them. */
const XGROUP_HELP = [
  "CREATE <key> <groupname> <id|$> [option]",
  "    Create a new consumer group. Options are:",
  "    * MKSTREAM",
  "      Create the empty stream if it does not exist.",
  "    * ENTRIESREAD entries_read",
  "      Set the group's entries_read counter (internal use).",
  "CREATECONSUMER <key> <groupname> <consumer>",
  "    Create a new consumer in the specified group.",
  "DELCONSUMER <key> <groupname> <consumer>",
  "    Remove the specified consumer.",
  "DESTROY <key> <groupname>",
  "    Remove the specified group.",
  "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
  "    Set the current group ID and entries_read counter.",
];

export const streamGroupCommands: CommandDef[] = [
  {
    name: "xgroup",
    summary: "Manages the consumer groups of a stream and their consumers.",
    subcommands: [
      { name: "create", summary: "Creates a consumer group starting after a given ID.", handler: xgroup("create") },
      { name: "setid", summary: "Moves a consumer group's last delivered ID.", handler: xgroup("setid") },
      { name: "destroy", summary: "Deletes a consumer group with its pending entries.", handler: xgroup("destroy") },
      { name: "createconsumer", summary: "Adds a consumer to a consumer group.", handler: xgroup("createconsumer") },
      { name: "delconsumer", summary: "Removes a consumer and its pending entries from a group.", handler: xgroup("delconsumer") },
      { name: "help", summary: "Lists the XGROUP subcommands.", handler: () => helpReply("xgroup", XGROUP_HELP) },
    ],
  },
  { name: "xack", summary: "Acknowledges entries of a consumer group, removing them from its pending list.", handler: xack },
  { name: "xpending", summary: "Summarises or lists the entries delivered to a consumer group and not yet acknowledged.", handler: xpending },
  { name: "xclaim", summary: "Transfers pending entries idle long enough to another consumer.", handler: xclaim },
  { name: "xautoclaim", summary: "Scans a group's pending list and transfers idle entries to a consumer.", handler: xautoclaim },
];
