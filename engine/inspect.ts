/**
 * The side-effect-free inspection path, for the key inspector and the exercise checks.
 *
 * Looking must not change what the learner is looking at: nothing here updates LRU/LFU data,
 * counts keyspace hits or misses or commands, deletes an expired key, or emits an event. It
 * reads the data structures directly rather than going through commands, so it also answers
 * while a transaction is queued or a script is busy.
 */
import type { RedisObject } from "./object";
import { DEFAULT_SAMPLES, keyUsage } from "./memory/object-size";
import type { Server } from "./server";
import { valueExtra, type ValueExtra } from "./inspect-extra";

export type { ValueExtra } from "./inspect-extra";

export interface KeyView {
  key: string;
  type: string;
  encoding: string;
  /** Milliseconds left before the key expires, or null when it has no TTL. */
  ttlMs: number | null;
  /**
   * True when the TTL has passed but nothing has removed the key yet: Redis deletes such keys
   * only when a command touches them or the active expiry cycle samples them.
   */
  expired: boolean;
  /** Bytes the key adds to used_memory in the memory model (engine/memory/): entry, key and value. */
  memory: number;
}

export interface KeyDetail extends KeyView {
  /** What MEMORY USAGE would reply for the key (its sampled estimate, default 5 samples). */
  memoryUsage: number;
  /** Seconds since last access (LRU policies), as OBJECT IDLETIME would say. */
  idleSeconds: number;
  /** The LFU counter (LFU policies), as OBJECT FREQ would say. */
  lfuFrequency: number;
  /** The value in a plain, serialisable form (collections cut at VALUE_VIEW_LIMIT items). */
  value: ValueView;
  /** Number of elements (bytes for a string), whatever the view shows. */
  length: number;
  /**
   * Facts about the structure beyond its elements, for the type's view: a list's quicklist
   * nodes, a stream's consumer groups and pending entries, a HyperLogLog's representation and
   * estimate, a sorted set's members as geo points. Absent when the type has none to show.
   */
  extra?: ValueExtra;
}

export type ValueView =
  | { type: "string"; value: string }
  | { type: "list"; items: string[] }
  | { type: "hash"; fields: [string, string][] }
  | { type: "set"; members: string[] }
  | { type: "zset"; entries: [string, number][] }
  | { type: "stream"; entries: [string, string[]][] };

/** How many elements of a collection the inspector shows. */
export const VALUE_VIEW_LIMIT = 1000;

function valueView(o: RedisObject): { value: ValueView; length: number } {
  switch (o.type) {
    case "string":
      return { value: { type: "string", value: o.value }, length: o.value.length };
    case "list":
      return { value: { type: "list", items: o.value.toView(VALUE_VIEW_LIMIT) }, length: o.value.length };
    case "hash":
      return { value: { type: "hash", fields: o.value.toView(VALUE_VIEW_LIMIT) }, length: o.value.size };
    case "set":
      return { value: { type: "set", members: o.value.toView(VALUE_VIEW_LIMIT) }, length: o.value.size };
    case "zset":
      return { value: { type: "zset", entries: o.value.toView(VALUE_VIEW_LIMIT) }, length: o.value.size };
    case "stream":
      return { value: { type: "stream", entries: o.value.toView(VALUE_VIEW_LIMIT) }, length: o.value.size };
  }
}

export interface StatsView {
  keys: number[];
  expires: number[];
  keyspaceHits: number;
  keyspaceMisses: number;
  expiredKeys: number;
  evictedKeys: number;
  totalCommands: number;
  totalConnections: number;
  connectedClients: number;
  dirty: number;
}

function view(server: Server, dbIndex: number, key: string, o: RedisObject): KeyView {
  const when = server.dbs[dbIndex].expires.get(key);
  const ttlMs = when === undefined ? null : when - server.now();
  const memory = server.memory.keySize(server.dbs[dbIndex], key);
  return { key, type: o.type, encoding: o.enc, ttlMs, expired: ttlMs !== null && ttlMs <= 0, memory };
}

/** Every key of a database with its type, encoding and TTL, sorted by key for a stable view. */
export function inspectKeys(server: Server, db: number, limit = 10_000): KeyView[] {
  const out: KeyView[] = [];
  for (const [key, o] of server.dbs[db].dict.entries()) {
    if (out.length >= limit) break;
    out.push(view(server, db, key, o));
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** One key in full, or null when it does not exist (an expired, undeleted key still shows). */
export function inspectKey(server: Server, db: number, key: string): KeyDetail | null {
  const o = server.dbs[db].dict.get(key);
  if (!o) return null;
  return {
    ...view(server, db, key, o),
    idleSeconds: Math.max(0, Math.floor(server.now() / 1000) - o.lru),
    lfuFrequency: server.lfuDecrAndReturn(o),
    memoryUsage: keyUsage(key, o, {
      samples: DEFAULT_SAMPLES,
      mode: "usage",
      streamNodeMaxBytes: server.config.num("stream-node-max-bytes"),
      streamNodeMaxEntries: server.config.num("stream-node-max-entries"),
    }),
    ...valueView(o),
    ...withExtra(valueExtra(o, server.now())),
  };
}

const withExtra = (extra: ValueExtra | undefined): { extra?: ValueExtra } => (extra ? { extra } : {});

export function inspectStats(server: Server): StatsView {
  const s = server.stats;
  return {
    keys: server.dbs.map((d) => d.size),
    expires: server.dbs.map((d) => d.expires.size),
    keyspaceHits: s.keyspaceHits,
    keyspaceMisses: s.keyspaceMisses,
    expiredKeys: s.expiredKeys,
    evictedKeys: s.evictedKeys,
    totalCommands: s.totalCommands,
    totalConnections: s.totalConnections,
    connectedClients: server.clients.size,
    dirty: s.dirty,
  };
}
