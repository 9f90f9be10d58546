/**
 * maxmemory eviction, as Redis 7.0's evict.c approximates it.
 *
 * Before each command (processCommand, when maxmemory is set) the server compares the
 * modelled used_memory with the limit. Over it, it deletes keys until it is under again:
 *
 * - Redis never looks at every key. For the LRU, LFU and TTL policies it samples
 *   `maxmemory-samples` keys of every database into a 16-entry pool kept sorted by a score
 *   (idle time; 255 minus the LFU counter; how soon the TTL ends) and evicts the best entry
 *   of the pool. The pool survives between rounds and between commands, so good candidates
 *   seen earlier still compete; an entry whose key has since gone is a "ghost" and skipped.
 * - The random policies take one random key per round, visiting the databases in turn.
 * - volatile-* policies sample only keys with a TTL. With nothing left to evict (or under
 *   noeviction) the limit stays exceeded: commands flagged denyoom, and anything queued
 *   inside MULTI, are refused with the OOM error.
 *
 * Each eviction goes through the write funnel as an "evicted" keyspace event (no dirty
 * count, as Redis' performEvictions) and counts evicted_keys. Sampling draws from the
 * instance's seeded Rng, so a lesson sees the same victims every time.
 */
import type { Client } from "./client";
import type { Command } from "./commands/table";
import type { Db } from "./db";
import type { Server } from "./server";

/** EVPOOL_SIZE. */
const POOL_SIZE = 16;
/** A guard against a runaway loop: no single check evicts more than this many keys. */
const MAX_EVICTIONS_PER_CHECK = 1_000_000;

interface PoolEntry {
  /** Higher is a better candidate. */
  score: number;
  key: string;
  db: number;
}

export type Policy =
  | "noeviction" | "allkeys-lru" | "allkeys-lfu" | "allkeys-random"
  | "volatile-lru" | "volatile-lfu" | "volatile-random" | "volatile-ttl";

export class Evictor {
  /** EvictionPoolLRU: sorted by ascending score, best candidate last. */
  private pool: PoolEntry[] = [];
  /** performEvictions' static next_db for the random policies. */
  private nextDb = 0;
  /** maxmemory as of config generation `maxGen`: read before every command, so not looked up each time. */
  private max = 0;
  private maxGen = -1;
  private maxConfig: object | null = null;

  constructor(private readonly server: Server) {}

  /**
   * performEvictions: true when memory is within the limit afterwards (EVICT_OK), false when
   * it is still exceeded (EVICT_FAIL: noeviction, or nothing left that may be evicted).
   */
  /** The maxmemory setting (0: no limit). */
  limit(): number {
    const config = this.server.config;
    if (config.generation !== this.maxGen || config !== this.maxConfig) {
      this.maxGen = config.generation;
      this.maxConfig = config;
      this.max = config.num("maxmemory");
    }
    return this.max;
  }

  perform(): boolean {
    const s = this.server;
    const max = this.limit();
    if (!max) return true;
    if (s.memory.used() <= max) return true;
    // While clients are paused the dataset must not change, so Redis skips eviction (and
    // lets the command through) until the pause ends.
    if (s.pause.active) return true;
    const policy = s.config.get("maxmemory-policy") as Policy;
    if (policy === "noeviction") return false;
    for (let n = 0; n < MAX_EVICTIONS_PER_CHECK; n++) {
      const victim = policy.endsWith("-random") ? this.randomVictim(policy) : this.poolVictim(policy);
      if (!victim) return false;
      this.evict(victim.db, victim.key);
      if (s.memory.used() <= max) return true;
    }
    return s.memory.used() <= max;
  }

  /**
   * processCommand's check: runs the evictions, then tells whether this command must be
   * refused with OOM (denyoom commands, EXEC of a queue holding one, anything queued in MULTI).
   */
  refuses(c: Client, cmd: Command): boolean {
    const ok = this.perform();
    if (ok) return false;
    if (cmd.meta.flags.includes("denyoom")) return true;
    const name = cmd.fullname;
    if (name === "exec") return (c.multi?.queue ?? []).some((argv) => this.server.lookup(argv)?.meta.flags.includes("denyoom"));
    return c.multi !== null && name !== "discard" && name !== "quit" && name !== "reset";
  }

  private evict(dbIndex: number, key: string): void {
    const s = this.server;
    const db = s.dbs[dbIndex];
    db.delete(key);
    s.stats.evictedKeys++;
    // dbSyncDelete + signalModifiedKey + notifyKeyspaceEvent(NOTIFY_EVICTED): no dirty++.
    db.written(key, "e", "evicted", 0);
  }

  /** The random policies: one random key from the next database that has candidates. */
  private randomVictim(policy: Policy): { db: number; key: string } | null {
    const dbs = this.server.dbs;
    for (let i = 0; i < dbs.length; i++) {
      this.nextDb = (this.nextDb + 1) % dbs.length;
      const db = dbs[this.nextDb];
      const dict = policy === "allkeys-random" ? db.dict : db.expires;
      if (dict.size) return { db: db.id, key: dict.randomKey(this.server.rng) as string };
    }
    return null;
  }

  /** The pool policies: refill the pool from every database, then take its best live entry. */
  private poolVictim(policy: Policy): { db: number; key: string } | null {
    const allkeys = policy.startsWith("allkeys-");
    for (;;) {
      let total = 0;
      for (const db of this.server.dbs) {
        const size = allkeys ? db.dict.size : db.expires.size;
        if (!size) continue;
        total += size;
        this.populate(db, allkeys, policy);
      }
      if (!total) return null;
      while (this.pool.length) {
        const best = this.pool.pop() as PoolEntry;
        const db = this.server.dbs[best.db];
        if (allkeys ? db.dict.has(best.key) : db.expires.has(best.key)) return best;
        // A ghost: the key went since it was sampled.
      }
    }
  }

  /** evictionPoolPopulate: sample keys of one database and insert the better ones. */
  private populate(db: Db, allkeys: boolean, policy: Policy): void {
    const s = this.server;
    const dict = allkeys ? db.dict : db.expires;
    const want = Math.min(s.config.num("maxmemory-samples"), dict.size);
    // dictGetSomeKeys returns distinct keys.
    const seen = new Set<string>();
    for (let tries = 0; seen.size < want && tries < want * 4; tries++) seen.add(dict.randomKey(s.rng) as string);
    for (const key of seen) {
      let score: number;
      if (policy === "volatile-ttl") {
        score = -(db.expires.get(key) as number); // the sooner it expires, the better
      } else {
        const o = db.dict.get(key);
        if (!o) continue;
        score = policy.endsWith("-lfu") ? 255 - s.lfuDecrAndReturn(o) : s.idleSeconds(o);
      }
      this.insert({ score, key, db: db.id });
    }
  }

  /** Keeps the pool sorted and at most POOL_SIZE long, dropping the worst when full. */
  private insert(e: PoolEntry): void {
    const pool = this.pool;
    // An entry already pooled for the same key is refreshed, not duplicated.
    const dup = pool.findIndex((p) => p.key === e.key && p.db === e.db);
    if (dup !== -1) pool.splice(dup, 1);
    let k = 0;
    while (k < pool.length && pool[k].score < e.score) k++;
    if (pool.length >= POOL_SIZE) {
      if (k === 0) return; // worse than everything in a full pool
      pool.splice(k, 0, e);
      pool.shift();
      return;
    }
    pool.splice(k, 0, e);
  }

  /** FLUSHALL and friends: pooled keys may all be ghosts now; forget them. */
  clear(): void {
    this.pool = [];
  }
}
