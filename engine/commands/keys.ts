/**
 * Generic key commands: DEL, UNLINK, EXISTS, TYPE, KEYS, SCAN, RANDOMKEY, RENAME, RENAMENX,
 * COPY, MOVE, TOUCH. (OBJECT lives in object.ts.)
 *
 * These work on any value type: TYPE and SCAN TYPE read the object's `type` tag, which is
 * Redis' own type name ("string", "list", "set", "zset", "hash", "stream"), so a new type
 * slots in without touching this file; COPY is the one place that must learn to duplicate it.
 */
import type { Client } from "../client";
import type { Db } from "../db";
import { NOTOUCH } from "../db";
import { E } from "../errors";
import { replyCap } from "../limits";
import { newString, type RedisObject } from "../object";
import { arr, bulk, int, NULL, OK, simple, type Reply } from "../reply";
import { globMatch } from "../util/glob";
import { is, parseInt64 } from "./args";
import { markUnshared } from "./object";
import { cursorPosition, isScanError, parseScanCursor, parseScanOptions } from "./scan-args";
import type { CommandDef } from "./table";

const ZERO = int(0);
const ONE = int(1);

/** What TYPE and SCAN TYPE call a value (getObjectTypeName); "none" for a missing key. */
export const typeName = (o: RedisObject | undefined): string => (o ? o.type : "none");

/**
 * getIntFromObjectOrReply: a C int, with Redis' two errors (not an integer / out of int range).
 */
function parseCInt(arg: string): number | Reply {
  const v = parseInt64(arg);
  if (v === null) return E.NOT_INTEGER;
  if (typeof v !== "number" || v < -2147483648 || v > 2147483647) return E.INT_OUT_OF_RANGE;
  return v;
}

/** selectDb's range check: the database for an index, or undefined when there is none. */
const dbAt = (c: Client, id: number): Db | undefined => (id >= 0 && id < c.server.dbs.length ? c.server.dbs[id] : undefined);

/**
 * dupStringObject and its siblings: COPY's deep copy, keeping the encoding. The `never` check
 * makes a new value type fail to compile here until it says how it is copied.
 */
function duplicate(o: RedisObject): RedisObject {
  switch (o.type) {
    case "string": {
      const copy = newString(o.value, o.enc);
      // A copied small integer is a private object, not one of the shared integers.
      if (o.enc === "int") markUnshared(copy);
      return copy;
    }
    case "list":
      return { ...o, value: o.value.clone() };
    case "hash":
      return { ...o, value: o.value.clone() };
    case "set":
      return { ...o, value: o.value.clone() };
    case "zset":
      return { ...o, value: o.value.clone() };
    case "stream":
      return { ...o, value: o.value.clone() };
    default: {
      const never: never = o;
      throw new Error(`COPY cannot duplicate a value of type ${(never as RedisObject).type}`);
    }
  }
}

// ---- DEL / UNLINK / EXISTS / TOUCH / TYPE ------------------------------------------------

/** delGenericCommand: an expired key is reaped as expired (not counted), the rest deleted. */
function del(c: Client, argv: string[]): Reply {
  const db = c.db;
  let n = 0;
  for (let j = 1; j < argv.length; j++) {
    const key = argv[j];
    if (db.isExpired(key)) {
      db.deleteExpired(key);
      continue;
    }
    if (db.delete(key)) {
      db.written(key, "g", "del");
      n++;
    }
  }
  return int(n);
}

// ---- KEYS / SCAN / RANDOMKEY ---------------------------------------------------------------

/**
 * KEYS walks the whole keyspace. An expired key is hidden but left in place (keysCommand only
 * asks keyIsExpired), so KEYS does not change INFO's expired_keys.
 */
function keys(c: Client, argv: string[]): Reply {
  const db = c.db;
  const pattern = argv[1];
  const all = pattern === "*";
  const out: Reply[] = [];
  // Past the playground's reply cap, keep counting but stop building the reply.
  const limit = c.server.profile === "playground" ? c.server.config.num("playground-max-reply-elements") || Infinity : Infinity;
  let matched = 0;
  for (const key of db.dict.keys()) {
    if ((all || globMatch(pattern, key)) && !db.isExpired(key) && ++matched <= limit) out.push(bulk(key));
  }
  if (matched > limit) return replyCap(c, "keys", matched, `KEYS matched ${matched} keys`) as Reply;
  return arr(out);
}

// The cursor parser lives with the options parser; re-exported for existing importers.
export { parseScanCursor };

/**
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]. COUNT is how many keys to collect
 * before filtering, as in scanGenericCommand; then keys failing MATCH or TYPE are dropped,
 * and an expired key that passed both is deleted (as 7.0's expireIfNeeded does) and dropped.
 */
function scan(c: Client, argv: string[]): Reply {
  const cursor = parseScanCursor(argv[1]);
  if (cursor === null) return E.INVALID_CURSOR;
  const opts = parseScanOptions(argv, 2, true);
  if (isScanError(opts)) return opts;
  const { count, pattern, type } = opts;

  const db = c.db;
  const start = cursorPosition(cursor);
  const found: string[] = [];
  const next = db.dict.scan(start, count, (key) => {
    found.push(key);
  });

  const out: Reply[] = [];
  for (const key of found) {
    if (pattern !== null && !globMatch(pattern, key)) continue;
    // A NOTOUCH read lookup, as 7.0 does: it counts a hit or miss and reaps an expired key,
    // which then reads as "none" (so TYPE none lets it through: a 7.0 quirk, kept).
    if (type !== null && typeName(db.lookupRead(key, NOTOUCH)) !== type) continue;
    if (db.isExpired(key)) {
      db.deleteExpired(key);
      continue;
    }
    out.push(bulk(key));
  }
  return arr([bulk(String(next)), arr(out)]);
}

/** dbRandomKey: an expired pick is reaped and another drawn, until a live key or an empty db. */
function randomKey(c: Client): Reply {
  const db = c.db;
  // While clients are paused expired keys stay (engine/pause.ts); with every key volatile the
  // draw could go on forever, as it does in 7.0.15, so give up as a replica does after 100.
  let tries = 100;
  for (;;) {
    const key = db.dict.randomKey(c.server.rng);
    if (key === undefined) return NULL;
    if (db.isExpired(key)) {
      if (c.server.pause.active && db.expires.size === db.dict.size && --tries === 0) return bulk(key);
      db.deleteExpired(key);
      continue;
    }
    return bulk(key);
  }
}

// ---- RENAME / RENAMENX / COPY / MOVE -------------------------------------------------------

/**
 * renameGenericCommand: the same object moves to the new name (keeping its encoding and
 * LRU/LFU data) with its TTL; an existing destination is dropped silently. Renaming a key to
 * itself only checks that it exists.
 */
function rename(c: Client, argv: string[], nx: boolean): Reply {
  const db = c.db;
  const [, src, dst] = argv;
  const o = db.lookupWrite(src);
  if (!o) return E.NO_SUCH_KEY;
  if (src === dst) return nx ? ZERO : OK;
  const expire = db.getExpireExact(src);
  if (db.lookupWrite(dst)) {
    if (nx) return ZERO;
    db.delete(dst);
  }
  db.add(dst, o, true);
  if (expire !== undefined) db.setExpire(dst, expire);
  db.delete(src);
  db.written(src, "g", "rename_from");
  db.written(dst, "g", "rename_to", 0);
  return nx ? ONE : OK;
}

/** COPY source destination [DB destination-db] [REPLACE]. */
function copy(c: Client, argv: string[]): Reply {
  const src = c.db;
  let dst = c.db;
  let replace = false;
  for (let j = 3; j < argv.length; j++) {
    if (is(argv[j], "replace")) {
      replace = true;
    } else if (is(argv[j], "db") && j + 1 < argv.length) {
      const id = parseCInt(argv[j + 1]);
      if (typeof id !== "number") return id;
      const target = dbAt(c, id);
      if (!target) return E.DB_OUT_OF_RANGE;
      dst = target;
      j++;
    } else {
      return E.SYNTAX;
    }
  }
  const [, key, newKey] = argv;
  if (src === dst && key === newKey) return E.SAME_DB;

  const o = src.lookupRead(key);
  if (!o) return ZERO;
  const expire = src.getExpireExact(key);
  let drop = false;
  if (dst.lookupWrite(newKey)) {
    if (!replace) return ZERO;
    drop = true;
  }
  const fresh = duplicate(o);
  if (drop) dst.delete(newKey);
  dst.add(newKey, fresh);
  if (expire !== undefined) dst.setExpire(newKey, expire);
  dst.written(newKey, "g", "copy_to");
  return ONE;
}

/** MOVE key db: the object itself moves, with its TTL; nothing happens if the target has the key. */
function move(c: Client, argv: string[]): Reply {
  const src = c.db;
  const id = parseCInt(argv[2]);
  if (typeof id !== "number") return id;
  const dst = dbAt(c, id);
  if (!dst) return E.DB_OUT_OF_RANGE;
  if (dst === src) return E.SAME_DB;
  const key = argv[1];
  const o = src.lookupWrite(key);
  if (!o) return ZERO;
  const expire = src.getExpireExact(key);
  if (dst.lookupWrite(key)) return ZERO;
  dst.add(key, o, true);
  if (expire !== undefined) dst.setExpire(key, expire);
  src.delete(key);
  src.written(key, "g", "move_from");
  dst.written(key, "g", "move_to", 0);
  return ONE;
}

export const keyCommands: CommandDef[] = [
  {
    name: "del",
    summary: "Deletes the given keys and replies with how many of them existed.",
    handler: del,
  },
  {
    name: "unlink",
    summary: "Deletes the given keys like DEL (Redis frees big values in the background).",
    handler: del,
  },
  {
    name: "exists",
    summary: "Counts how many of the given keys exist; a key named twice counts twice.",
    handler: (c, argv) => {
      let n = 0;
      for (let j = 1; j < argv.length; j++) if (c.db.lookupRead(argv[j], NOTOUCH)) n++;
      return int(n);
    },
  },
  {
    name: "touch",
    summary: "Marks the given keys as just used and replies with how many exist.",
    handler: (c, argv) => {
      let n = 0;
      for (let j = 1; j < argv.length; j++) if (c.db.lookupRead(argv[j])) n++;
      return int(n);
    },
  },
  {
    name: "type",
    summary: "Names the type of value a key holds, or none when the key does not exist.",
    handler: (c, argv) => simple(typeName(c.db.lookupRead(argv[1], NOTOUCH))),
  },
  {
    name: "keys",
    summary: "Lists every key matching a glob pattern, walking the whole keyspace at once.",
    handler: keys,
  },
  {
    name: "scan",
    summary: "Walks the keyspace a few keys per call with a cursor, optionally filtered by pattern and type.",
    handler: scan,
  },
  {
    name: "randomkey",
    summary: "Replies with a key picked at random, or nil when the database is empty.",
    handler: randomKey,
  },
  {
    name: "rename",
    summary: "Gives a key a new name, replacing any key that already had it.",
    handler: (c, argv) => rename(c, argv, false),
  },
  {
    name: "renamenx",
    summary: "Gives a key a new name only if no key has that name yet.",
    handler: (c, argv) => rename(c, argv, true),
  },
  {
    name: "copy",
    summary: "Copies a key's value and TTL to another key, possibly in another database.",
    handler: copy,
  },
  {
    name: "move",
    summary: "Moves a key, with its TTL, to another database of the same instance.",
    handler: move,
  },
];
