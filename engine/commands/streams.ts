/**
 * Stream commands, part one: writing and ranging. XADD, XLEN, XRANGE, XREVRANGE, XDEL,
 * XTRIM, XSETID. Reading with XREAD/XREADGROUP is in streams-read.ts, consumer groups in
 * streams-groups.ts, XINFO in streams-info.ts.
 */
import type { Client } from "../client";
import { E, wrongArity } from "../errors";
import { arr, bulk, EMPTY_ARRAY, int, NULL, NULL_ARRAY, OK, type Reply } from "../reply";
import { ID_MAX, makeId, idMs, idSeq, type StreamID } from "../types/stream";
import { is, parseInt64 } from "./args";
import {
  createStream,
  decrId,
  entryReply,
  incrId,
  isReply,
  nodeLimits,
  parseId,
  parseIdOrReply,
  parseIntervalId,
  readStream,
  writeStream,
} from "./streams-common";
import { streamGroupCommands } from "./streams-groups";
import { streamInfoCommands } from "./streams-info";
import { streamReadCommands } from "./streams-read";
import type { CommandDef } from "./table";

const U64 = (1n << 64n) - 1n;

interface TrimArgs {
  strategy: "none" | "maxlen" | "minid";
  maxlen: number;
  minid: StreamID;
  approx: boolean;
  limit: number;
  nomkstream: boolean;
  /** XADD: the ID argument's position and what it said. */
  idPos: number;
  id: StreamID | null;
  seqGiven: boolean;
}

const asNumber = (v: number | bigint): number => (typeof v === "bigint" ? Number(v) : v);

/** streamParseAddOrTrimArgsOrReply: the trimming options, and for XADD the options and ID. */
function parseAddOrTrim(c: Client, argv: readonly string[], xadd: boolean): TrimArgs | Reply {
  const a: TrimArgs = { strategy: "none", maxlen: 0, minid: 0n, approx: false, limit: -1, nomkstream: false, idPos: 0, id: null, seqGiven: true };
  let limitGiven = false;
  let i = 2;
  for (; i < argv.length; i++) {
    const moreargs = argv.length - 1 - i;
    const opt = argv[i];
    if (xadd && opt === "*") break;
    if (is(opt, "maxlen") && moreargs) {
      if (a.strategy !== "none") return E.XTRIM_BOTH;
      a.approx = false;
      const next = argv[i + 1];
      if (moreargs >= 2 && next === "~") {
        a.approx = true;
        i++;
      } else if (moreargs >= 2 && next === "=") i++;
      const n = parseInt64(argv[i + 1]);
      if (n === null) return E.NOT_INTEGER;
      if (n < 0) return E.XTRIM_MAXLEN_NEG;
      a.maxlen = asNumber(n);
      i++;
      a.strategy = "maxlen";
    } else if (is(opt, "minid") && moreargs) {
      if (a.strategy !== "none") return E.XTRIM_BOTH;
      a.approx = false;
      const next = argv[i + 1];
      if (moreargs >= 2 && next === "~") {
        a.approx = true;
        i++;
      } else if (moreargs >= 2 && next === "=") i++;
      const id = parseIdOrReply(argv[i + 1], 0n, true);
      if (isReply(id)) return id;
      a.minid = id;
      i++;
      a.strategy = "minid";
    } else if (is(opt, "limit") && moreargs) {
      const n = parseInt64(argv[i + 1]);
      if (n === null) return E.NOT_INTEGER;
      if (n < 0) return E.XTRIM_LIMIT_NEG;
      a.limit = asNumber(n);
      limitGiven = true;
      i++;
    } else if (xadd && is(opt, "nomkstream")) {
      a.nomkstream = true;
    } else if (xadd) {
      const p = parseId(opt, 0n, true, true);
      if (!p) return E.STREAM_ID_INVALID;
      a.id = p.id;
      a.seqGiven = p.seqGiven;
      break;
    } else return E.SYNTAX;
  }
  a.idPos = i;
  if (a.limit > 0 && a.strategy === "none") return E.XTRIM_LIMIT_NO_STRATEGY;
  if (!xadd && a.strategy === "none") return E.XTRIM_NO_STRATEGY;
  if (limitGiven) {
    if (!a.approx) return E.XTRIM_LIMIT_EXACT;
  } else if (a.approx) {
    a.limit = 100 * c.server.config.num("stream-node-max-entries");
    if (a.limit <= 0 || a.limit > 1_000_000) a.limit = 10_000;
  } else a.limit = 0;
  return a;
}

function xadd(c: Client, argv: string[]): Reply {
  const a = parseAddOrTrim(c, argv, true);
  if (isReply(a)) return a;
  const fieldPos = a.idPos;
  if (argv.length - fieldPos < 3 || (argv.length - fieldPos) % 2 === 0) return wrongArity("xadd");
  if (a.id !== null && a.seqGiven && a.id === 0n) return E.XADD_ID_ZERO;
  const key = argv[1];
  let o = writeStream(c, key);
  if (isReply(o)) return o;
  if (!o) {
    if (a.nomkstream) return NULL;
    o = createStream(c, key);
  }
  const s = o.value;
  if (s.lastId === ID_MAX) return E.XADD_EXHAUSTED;
  // streamAppendItem: the new ID, checked against the top item.
  let id: StreamID;
  if (a.id !== null) {
    if (a.seqGiven) id = a.id;
    else {
      const ms = idMs(a.id);
      if (ms === idMs(s.lastId)) {
        if (idSeq(s.lastId) === U64) return E.XADD_ID_SMALL;
        id = s.lastId + 1n;
      } else id = makeId(ms, 0n);
    }
  } else {
    const now = BigInt(Math.floor(c.server.commandTime()));
    id = now > idMs(s.lastId) ? makeId(now, 0n) : s.lastId + 1n;
  }
  if (id <= s.lastId) return E.XADD_ID_SMALL;
  s.append(id, argv.slice(fieldPos + 1), nodeLimits(c));
  c.db.written(key, "t", "xadd");
  if (a.strategy !== "none" && s.trim(a.strategy, a.maxlen, a.minid, a.approx, a.limit)) c.db.written(key, "t", "xtrim", 0);
  c.server.signalKeyAsReady(c.db, key, "stream");
  return entryIdReply(id);
}

const entryIdReply = (id: StreamID): Reply => bulk(`${idMs(id)}-${idSeq(id)}`);

function xlen(c: Client, argv: string[]): Reply {
  const o = readStream(c, argv[1]);
  if (isReply(o)) return o;
  return int(o ? o.value.length : 0);
}

/** xrangeGenericCommand. */
const xrange =
  (rev: boolean) =>
  (c: Client, argv: string[]): Reply => {
    const startArg = rev ? argv[3] : argv[2];
    const endArg = rev ? argv[2] : argv[3];
    const start = parseIntervalId(startArg, 0n);
    if (isReply(start)) return start;
    let startId = start.id;
    if (start.exclusive) {
      const n = incrId(startId);
      if (n === null) return E.XRANGE_START;
      startId = n;
    }
    const end = parseIntervalId(endArg, U64);
    if (isReply(end)) return end;
    let endId = end.id;
    if (end.exclusive) {
      const n = decrId(endId);
      if (n === null) return E.XRANGE_END;
      endId = n;
    }
    let count = -1;
    for (let j = 4; j < argv.length; j++) {
      const more = argv.length - j - 1;
      if (is(argv[j], "count") && more) {
        const n = parseInt64(argv[++j]);
        if (n === null) return E.NOT_INTEGER;
        count = n < 0 ? 0 : asNumber(n);
      } else return E.SYNTAX;
    }
    const o = readStream(c, argv[1]);
    if (isReply(o)) return o;
    if (!o) return EMPTY_ARRAY;
    if (count === 0) return NULL_ARRAY;
    const n = count === -1 ? 0 : count;
    const entries = rev ? o.value.revRange(startId, endId, n) : o.value.range(startId, endId, n);
    return arr(entries.map(entryReply));
  };

function xdel(c: Client, argv: string[]): Reply {
  const key = argv[1];
  const o = writeStream(c, key);
  if (isReply(o)) return o;
  if (!o) return int(0);
  // All IDs are parsed before any is deleted: the reply cannot be an error after a deletion.
  const ids: StreamID[] = [];
  for (let j = 2; j < argv.length; j++) {
    const id = parseIdOrReply(argv[j], 0n, true);
    if (isReply(id)) return id;
    ids.push(id);
  }
  const s = o.value;
  let deleted = 0;
  let firstEntry = false;
  for (const id of ids) {
    if (!s.delete(id)) continue;
    if (id === s.firstId) firstEntry = true;
    if (id > s.maxDeletedId) s.maxDeletedId = id;
    deleted++;
  }
  if (deleted) {
    if (firstEntry) s.firstId = s.length === 0 ? 0n : s.edgeId(true);
    c.db.written(key, "t", "xdel", deleted);
  }
  return int(deleted);
}

function xtrim(c: Client, argv: string[]): Reply {
  const a = parseAddOrTrim(c, argv, false);
  if (isReply(a)) return a;
  const key = argv[1];
  const o = writeStream(c, key);
  if (isReply(o)) return o;
  if (!o) return int(0);
  const deleted = a.strategy === "none" ? 0 : o.value.trim(a.strategy, a.maxlen, a.minid, a.approx, a.limit);
  if (deleted) c.db.written(key, "t", "xtrim", deleted);
  return int(deleted);
}

/** XSETID key last-id [ENTRIESADDED n] [MAXDELETEDID id]. */
function xsetid(c: Client, argv: string[]): Reply {
  const id = parseIdOrReply(argv[2], 0n, true);
  if (isReply(id)) return id;
  let entriesAdded = -1;
  let maxDel: StreamID = 0n;
  for (let i = 3; i < argv.length; ) {
    const more = argv.length - 1 - i;
    if (is(argv[i], "entriesadded") && more) {
      const n = parseInt64(argv[i + 1]);
      if (n === null) return E.NOT_INTEGER;
      if (n < 0) return E.XSETID_ENTRIES_ADDED;
      entriesAdded = asNumber(n);
      i += 2;
    } else if (is(argv[i], "maxdeletedid") && more) {
      const m = parseIdOrReply(argv[i + 1], 0n, true);
      if (isReply(m)) return m;
      if (id < m) return E.XSETID_MAX_DELETED;
      maxDel = m;
      i += 2;
    } else return E.SYNTAX;
  }
  const key = argv[1];
  const o = writeStream(c, key);
  if (isReply(o)) return o;
  if (!o) return E.NO_SUCH_KEY;
  const s = o.value;
  if (s.length > 0) {
    if (id < s.edgeId(false)) return E.XSETID_SMALL;
    if (entriesAdded !== -1 && s.length > entriesAdded) return E.XSETID_LENGTH;
  }
  s.lastId = id;
  if (entriesAdded !== -1) s.entriesAdded = entriesAdded;
  if (maxDel !== 0n) s.maxDeletedId = maxDel;
  c.db.written(key, "t", "xsetid");
  return OK;
}

export const streamCommands: CommandDef[] = [
  { name: "xadd", summary: "Appends an entry to a stream, creating it unless NOMKSTREAM, and optionally trims it.", handler: xadd },
  { name: "xlen", summary: "Returns the number of entries in a stream.", handler: xlen },
  { name: "xrange", summary: "Returns the entries of a stream between two IDs, oldest first.", handler: xrange(false) },
  { name: "xrevrange", summary: "Returns the entries of a stream between two IDs, newest first.", handler: xrange(true) },
  { name: "xdel", summary: "Removes entries from a stream by ID and returns how many existed.", handler: xdel },
  { name: "xtrim", summary: "Drops the oldest entries of a stream by length (MAXLEN) or by ID (MINID).", handler: xtrim },
  { name: "xsetid", summary: "Sets a stream's last generated ID and its bookkeeping counters.", handler: xsetid },
  ...streamReadCommands,
  ...streamGroupCommands,
  ...streamInfoCommands,
];
