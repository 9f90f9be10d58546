/**
 * The side-effect-free inspection path, for the key inspector and the exercise checks.
 *
 * Looking must not change what the learner is looking at: nothing here updates LRU/LFU data,
 * counts keyspace hits or misses or commands, deletes an expired key, or emits an event. It
 * reads the data structures directly rather than going through commands, so it also answers
 * while a transaction is queued or a script is busy.
 */
import type { RedisObject } from "./object";
import type { Server } from "./server";

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
}

export interface KeyDetail extends KeyView {
  /** Seconds since last access (LRU policies), as OBJECT IDLETIME would say. */
  idleSeconds: number;
  /** The LFU counter (LFU policies), as OBJECT FREQ would say. */
  lfuFrequency: number;
  /** The value in a plain form: the bytes of a string. */
  value: string;
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
  return { key, type: o.type, encoding: o.enc, ttlMs, expired: ttlMs !== null && ttlMs <= 0 };
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
    value: o.value,
  };
}

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
