/**
 * An in-memory stand-in for an RDB file: what Redis 7.0's rdbSave writes for each key and
 * how rdbLoad rebuilds it. DEBUG RELOAD goes through it today; a later SAVE/BGSAVE, restart
 * or replica full sync can reuse the same two halves.
 *
 * Saving keeps what an RDB keeps, as plain data detached from the live objects: the value in
 * the form its encoding is written (a listpack hash as its pairs in order, a quicklist as its
 * nodes, a skiplist as member/score pairs…), the absolute expiry, and the LRU idle seconds or
 * the LFU counter when the eviction policy uses them (RDB_OPCODE_IDLE / RDB_OPCODE_FREQ).
 *
 * Loading rebuilds every object under the *current* config, which is why a reload is how a
 * learner sees encodings recomputed: a hashtable hash, set or sorted set that has shrunk comes
 * back compact, a compact one past today's entry limit comes back big, a string that looks
 * like an integer comes back int-encoded. Lists keep their nodes (7.0 stores each node as a
 * whole listpack) but take the current list-max-listpack-size for later inserts; streams come
 * back exactly as saved. Keys whose TTL has passed are not loaded (a master drops them).
 * Function libraries travel with the keys, as they do in a 7.0 RDB.
 */
import { blankHeader, newString, type RedisObject } from "../object";
import type { Server } from "../server";
import { HashValue } from "../types/hash";
import { QuickList } from "../types/quicklist";
import { SetValue } from "../types/set";
import { ZSetValue } from "../types/zset";
import { newZSetObject, zsetFromResult, zsetLimits } from "../types/zset-object";
import type { StreamValue } from "../types/stream";
import { functionsState, type Library } from "../scripting/functions";

/** One value as an RDB holds it (the RDB type follows the encoding at save time). */
export type SavedValue =
  | { type: "string"; value: string }
  /** RDB_TYPE_LIST_QUICKLIST_2: each node's listpack, with its byte size. */
  | { type: "list"; nodes: { items: string[]; sz: number }[] }
  /** RDB_TYPE_HASH_LISTPACK (pairs in listpack order) or RDB_TYPE_HASH (table order). */
  | { type: "hash"; enc: "listpack" | "hashtable"; pairs: [string, string][] }
  /** RDB_TYPE_SET_INTSET (ascending) or RDB_TYPE_SET. */
  | { type: "set"; enc: "intset" | "hashtable"; members: string[] }
  /** RDB_TYPE_ZSET_LISTPACK (rank order) or RDB_TYPE_ZSET_2 (binary doubles, -0 kept). */
  | { type: "zset"; enc: "listpack" | "skiplist"; entries: [string, number][] }
  /** RDB_TYPE_STREAM_LISTPACKS_2: everything, groups and PELs included; a private deep copy. */
  | { type: "stream"; value: StreamValue };

export interface SavedKey {
  key: string;
  value: SavedValue;
  /** Absolute expiry in ms (a bigint past 2^53), absent without a TTL. */
  expireAt?: number | bigint;
  /** Seconds idle, saved under an LRU policy. */
  idle?: number;
  /** The LFU counter (decayed to the save instant), saved under an LFU policy. */
  freq?: number;
}

export interface Snapshot {
  /** Instance time of the save (ms). */
  savedAt: number;
  /** used_memory when it was written (the "RDB memory usage when created" log line). */
  usedMemory: number;
  /**
   * The function libraries (written before the keys). A Library is never changed once
   * loaded (FUNCTION LOAD REPLACE makes a new one), so the file may share them.
   */
  functions: Library[];
  /** Keys per database index, in the order they were written. */
  dbs: SavedKey[][];
}

// ---- Saving ----------------------------------------------------------------------------------

/** rdbSaveObject: the value in its saved form, sharing nothing with the live object. */
export function saveValue(o: RedisObject): SavedValue {
  switch (o.type) {
    case "string":
      return { type: "string", value: o.value };
    case "list":
      return { type: "list", nodes: [...o.value.nodeList()].map((n) => ({ items: n.items.slice(), sz: n.sz })) };
    case "hash":
      return { type: "hash", enc: o.enc, pairs: [...o.value.entries()] };
    case "set":
      return { type: "set", enc: o.enc, members: [...o.value.members()] };
    case "zset":
      return { type: "zset", enc: o.enc, entries: o.value.entries() };
    case "stream":
      return { type: "stream", value: o.value.clone() };
    default: {
      const never: never = o;
      throw new Error(`cannot save a value of type ${(never as RedisObject).type}`);
    }
  }
}

/**
 * rdbSave: every key of every database, expired ones included (saving never looks at TTLs).
 * Reads through the dictionaries directly, so nothing is touched, counted or expired.
 */
export function takeSnapshot(server: Server): Snapshot {
  const policy = server.config.get("maxmemory-policy");
  const saveLru = policy.endsWith("-lru");
  const saveLfu = policy.endsWith("-lfu");
  const dbs = server.dbs.map((db) => {
    const keys: SavedKey[] = [];
    for (const [key, o] of db.dict.entries()) {
      const rec: SavedKey = { key, value: saveValue(o) };
      const when = db.getExpireExact(key);
      if (when !== undefined) rec.expireAt = when;
      if (saveLru) rec.idle = server.idleSeconds(o);
      if (saveLfu) rec.freq = server.lfuDecrAndReturn(o);
      keys.push(rec);
    }
    return keys;
  });
  const functions = [...functionsState(server).libraries.values()];
  return { savedAt: server.now(), usedMemory: server.memory.used(), functions, dbs };
}

// ---- Loading ---------------------------------------------------------------------------------

/** rdbLoadObject: a fresh object built under the current config's encoding thresholds. */
export function loadValue(server: Server, v: SavedValue): RedisObject {
  const config = server.config;
  switch (v.type) {
    case "string":
      // rdbLoadEncodedStringObject + tryObjectEncoding: int, embstr or raw by the value alone.
      return newString(v.value);
    case "list": {
      const ql = QuickList.fromNodes(v.nodes, config.num("list-max-listpack-size"), config.num("list-compress-depth"));
      return { type: "list", enc: "quicklist", value: ql, ...blankHeader() };
    }
    case "hash":
      return { type: "hash", enc: hashEncoding(v, config.num("hash-max-listpack-entries"), config.num("hash-max-listpack-value")), value: new HashValue(v.pairs), ...blankHeader() };
    case "set":
      return loadSet(v, config.num("set-max-intset-entries"));
    case "zset":
      return loadZSet(v, zsetLimits(config));
    case "stream":
      // Loaded as saved; a copy, so the same snapshot can be loaded again (DEBUG RELOAD NOSAVE).
      return { type: "stream", enc: "stream", value: v.value.clone(), ...blankHeader() };
    default: {
      const never: never = v;
      throw new Error(`cannot load a value of type ${(never as SavedValue).type}`);
    }
  }
}

/**
 * A saved listpack stays one unless it now has too many entries (its values' lengths are not
 * checked again); a saved hashtable becomes a listpack when both limits allow.
 */
function hashEncoding(v: Extract<SavedValue, { type: "hash" }>, maxEntries: number, maxValue: number): "listpack" | "hashtable" {
  if (v.pairs.length > maxEntries) return "hashtable";
  if (v.enc === "listpack") return "listpack";
  for (const [f, val] of v.pairs) if (f.length > maxValue || val.length > maxValue) return "hashtable";
  return "listpack";
}

/**
 * A saved intset stays one unless it is now too long; a saved hashtable set comes back an
 * intset when it is short enough and every member is an integer (then in ascending order).
 */
function loadSet(v: Extract<SavedValue, { type: "set" }>, maxIntset: number): RedisObject {
  const fits = v.members.length <= Math.min(maxIntset, 1 << 30);
  // SetValue.add converts to a hashtable on the first non-integer or past the limit.
  const set = SetValue.empty(fits || v.enc === "intset" ? "intset" : "hashtable");
  for (const m of v.members) set.add(m, maxIntset);
  return { type: "set", enc: set.encoding, value: set, ...blankHeader() };
}

/**
 * A saved listpack stays one unless it now has too many entries; a saved skiplist becomes a
 * listpack when its length and its longest member fit (zsetConvert, which writes -0 as 0).
 */
function loadZSet(v: Extract<SavedValue, { type: "zset" }>, limits: ReturnType<typeof zsetLimits>): RedisObject {
  const z = ZSetValue.from(v.entries);
  if (v.enc === "skiplist") return zsetFromResult(z, limits);
  return newZSetObject(v.entries.length > limits.maxEntries ? "skiplist" : "listpack", z);
}

/** objectSetLRUOrLFU: the saved counter under an LFU policy, else the saved idle time. */
export function restoreAccessData(server: Server, o: RedisObject, rec: SavedKey): void {
  server.initObjectHeader(o);
  if (server.usesLfu()) {
    if (rec.freq !== undefined) o.lfuCounter = rec.freq;
  } else if (rec.idle !== undefined) {
    o.lru = Math.max(0, server.lruClock() - rec.idle);
  }
}
