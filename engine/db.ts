/**
 * One logical database (SELECT 0..15): the key dictionary, the expires dictionary beside it
 * (as Redis keeps them), lazy expiry on access, and the write funnel every change passes.
 */
import type { RedisObject } from "./object";
import type { Server } from "./server";
import { Dict } from "./types/dict";

/** Lookup flags, as Redis' LOOKUP_* flags. */
export const NOTOUCH = 1; // do not update LRU/LFU
export const NOSTATS = 2; // do not count keyspace hits/misses
export const NOEXPIRE = 4; // do not delete an expired key (still reported as missing)

/** Keyspace notification classes (notify-keyspace-events flags). */
export type NotifyClass = "g" | "$" | "l" | "s" | "h" | "z" | "x" | "e" | "t" | "m" | "d" | "n";

export class Db {
  readonly dict = new Dict<RedisObject>();
  /** Absolute expiry instants in ms, for keys that have a TTL. */
  readonly expires = new Dict<number>();
  /** Where the active expiry cycle resumes its sweep of `expires`. */
  expiresCursor = 0;

  constructor(
    readonly server: Server,
    readonly id: number,
  ) {}

  get size(): number {
    return this.dict.size;
  }

  // ---- Reads -------------------------------------------------------------------------------

  /**
   * Redis' lookupKey: deletes the key first if its TTL has passed, counts a hit or a miss
   * (read lookups only) and refreshes the LRU/LFU data unless told not to.
   */
  lookup(key: string, flags = 0, isRead = true): RedisObject | undefined {
    let o = this.dict.get(key);
    if (o && this.expires.size && this.isExpired(key)) {
      if (!(flags & NOEXPIRE)) this.deleteExpired(key);
      o = undefined;
    }
    const stats = this.server.stats;
    if (o) {
      if (!(flags & NOTOUCH)) this.server.touchObject(o);
      if (isRead && !(flags & NOSTATS)) stats.keyspaceHits++;
    } else if (isRead && !(flags & NOSTATS)) {
      stats.keyspaceMisses++;
    }
    return o;
  }

  lookupRead(key: string, flags = 0): RedisObject | undefined {
    return this.lookup(key, flags, true);
  }

  lookupWrite(key: string, flags = 0): RedisObject | undefined {
    return this.lookup(key, flags, false);
  }

  /** The expiry instant in ms, or undefined when the key has no TTL. No side effects. */
  getExpire(key: string): number | undefined {
    return this.expires.get(key);
  }

  isExpired(key: string): boolean {
    const when = this.expires.get(key);
    return when !== undefined && when <= this.server.commandTime();
  }

  // ---- Writes (callers report each change with written()) ---------------------------------

  /** Stores a key that does not exist yet (dbAdd). */
  add(key: string, o: RedisObject): void {
    this.server.initObjectHeader(o);
    this.dict.set(key, o);
  }

  /** Replaces an existing key's value, keeping its TTL (dbOverwrite). */
  overwrite(key: string, o: RedisObject): void {
    this.store(key, o);
  }

  /**
   * Redis' setKey: adds or overwrites, and drops any TTL unless keepTtl. Does not report the
   * change: the command does, with its own event name.
   */
  setKey(key: string, o: RedisObject, keepTtl = false): void {
    this.store(key, o);
    if (!keepTtl) this.expires.delete(key);
  }

  /** Under an LFU policy a replaced value inherits the old one's counter, as in dbSetValue. */
  private store(key: string, o: RedisObject): void {
    const old = this.dict.get(key);
    this.server.initObjectHeader(o);
    if (old && old !== o && this.server.usesLfu()) {
      o.lfuCounter = old.lfuCounter;
      o.lfuMinutes = old.lfuMinutes;
    }
    this.dict.set(key, o);
  }

  /** Deletes a key and its TTL; true when it existed. */
  delete(key: string): boolean {
    if (!this.dict.delete(key)) return false;
    this.expires.delete(key);
    return true;
  }

  setExpire(key: string, whenMs: number): void {
    this.expires.set(key, whenMs);
  }

  removeExpire(key: string): boolean {
    return this.expires.delete(key);
  }

  /** Removes everything; returns how many keys there were. */
  clear(): number {
    const n = this.dict.size;
    this.dict.clear();
    this.expires.clear();
    this.expiresCursor = 0;
    return n;
  }

  /**
   * The write funnel: every command that changes a key reports it here once per change, as
   * Redis calls signalModifiedKey + notifyKeyspaceEvent + server.dirty++ together.
   */
  written(key: string, cls: NotifyClass, event: string, dirty = 1): void {
    this.server.keyWritten(this, key, cls, event, dirty);
  }

  /** Deletes a key whose TTL passed and reports it as Redis does (expired_keys, "expired"). */
  deleteExpired(key: string): void {
    this.delete(key);
    this.server.stats.expiredKeys++;
    this.server.keyWritten(this, key, "x", "expired", 0);
  }
}
