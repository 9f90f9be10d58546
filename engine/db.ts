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
export const NONOTIFY = 8; // no "keymiss" keyspace event on a miss

/** Keyspace notification classes (notify-keyspace-events flags). */
export type NotifyClass = "g" | "$" | "l" | "s" | "h" | "z" | "x" | "e" | "t" | "m" | "d" | "n";

export class Db {
  // Not readonly: SWAPDB exchanges the contents of two databases (swapWith).
  dict = new Dict<RedisObject>();
  /** Absolute expiry instants in ms, for keys that have a TTL. */
  expires = new Dict<number>();
  /** Where the active expiry cycle resumes its sweep of `expires`. */
  expiresCursor = 0;
  /**
   * Exact values of expiry instants beyond 2^53 ms (a double cannot hold them). An entry is
   * trusted only while it still rounds to the number in `expires`, so a stale one is harmless.
   */
  private hugeExpires = new Map<string, bigint>();

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
      // A write (which will store the key anew) reaps it even while clients are paused.
      if (!(flags & NOEXPIRE)) this.deleteExpired(key, !isRead);
      o = undefined;
    }
    const stats = this.server.stats;
    if (o) {
      if (!(flags & NOTOUCH)) this.server.touchObject(o);
      if (isRead && !(flags & NOSTATS)) stats.keyspaceHits++;
    } else if (isRead) {
      if (!(flags & NOSTATS)) stats.keyspaceMisses++;
      if (!(flags & NONOTIFY)) this.server.keyMissed(this, key);
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

  /**
   * The expiry instant exactly as it was set: a bigint when it lies beyond 2^53 ms (PEXPIREAT
   * 9223372036854775807 must read back digit for digit), else the same number as getExpire.
   */
  getExpireExact(key: string): number | bigint | undefined {
    const when = this.expires.get(key);
    if (when === undefined || Number.isSafeInteger(when)) return when;
    const exact = this.hugeExpires.get(key);
    return exact !== undefined && Number(exact) === when ? exact : when;
  }

  /** Redis' keyIsExpired: strictly past, `now > when`, on the millisecond clock. */
  isExpired(key: string): boolean {
    const when = this.expires.get(key);
    return when !== undefined && when < Math.floor(this.server.commandTime());
  }

  // ---- Writes (callers report each change with written()) ---------------------------------

  /**
   * Stores a key that does not exist yet (dbAdd). RENAME and MOVE pass keepHeader: they move
   * the same robj, so its LRU/LFU data travels with it.
   */
  add(key: string, o: RedisObject, keepHeader = false): void {
    if (!keepHeader) this.server.initObjectHeader(o);
    this.dict.set(key, o);
    // dbAdd wakes clients blocked on the key (BLPOP, BZPOPMIN…) once the command is done.
    this.server.signalKeyAsReady(this, key, o.type);
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
    // setKey on a missing key is a dbAdd: blocked clients may be waiting for it.
    if (!old) this.server.signalKeyAsReady(this, key, o.type);
  }

  /** Deletes a key and its TTL; true when it existed. */
  delete(key: string): boolean {
    if (!this.dict.delete(key)) return false;
    this.expires.delete(key);
    if (this.hugeExpires.size) this.hugeExpires.delete(key);
    return true;
  }

  /** Sets the expiry instant; pass a bigint for instants beyond 2^53 ms to keep every digit. */
  setExpire(key: string, whenMs: number | bigint): void {
    if (typeof whenMs === "bigint") {
      const n = Number(whenMs);
      this.expires.set(key, n);
      if (!Number.isSafeInteger(n)) this.hugeExpires.set(key, whenMs);
      return;
    }
    this.expires.set(key, whenMs);
  }

  removeExpire(key: string): boolean {
    return this.expires.delete(key);
  }

  /** Removes everything; returns how many keys there were. */
  clear(): number {
    // signalFlushedDb: watchers of keys that exist are flagged before they go.
    this.server.watches.touchAllInDb(this, null);
    const n = this.dict.size;
    this.dict.clear();
    this.expires.clear();
    this.hugeExpires.clear();
    this.expiresCursor = 0;
    return n;
  }

  /**
   * SWAPDB: exchanges keys and TTLs with another database, as Redis swaps the dict pointers.
   * Each keeps its id (and, later, its blocked and watching clients), so a client that
   * selected this database now sees the other one's keys.
   */
  swapWith(other: Db): void {
    // dbSwapDatabases: watchers stay with their database number, so they see a change.
    this.server.watches.touchAllInDb(this, other);
    this.server.watches.touchAllInDb(other, this);
    [this.dict, other.dict] = [other.dict, this.dict];
    [this.expires, other.expires] = [other.expires, this.expires];
    [this.hugeExpires, other.hugeExpires] = [other.hugeExpires, this.hugeExpires];
    [this.expiresCursor, other.expiresCursor] = [other.expiresCursor, this.expiresCursor];
  }

  /**
   * The write funnel: every command that changes a key reports it here once per change, as
   * Redis calls signalModifiedKey + notifyKeyspaceEvent + server.dirty++ together.
   * An empty event name means a change Redis makes without a keyspace event (PFCOUNT
   * rewriting the cached cardinality inside an HLL string).
   */
  written(key: string, cls: NotifyClass, event: string, dirty = 1): void {
    this.server.keyWritten(this, key, cls, event, dirty);
  }

  /**
   * Deletes a key whose TTL passed and reports it as Redis does (expired_keys, "expired").
   * While clients are paused (CLIENT PAUSE) the key stays, logically missing, as 7.0's
   * expireIfNeeded leaves it; `force` reaps it anyway (a write about to replace it).
   */
  deleteExpired(key: string, force = false): void {
    if (!force && this.server.pause.active) return;
    this.delete(key);
    this.server.stats.expiredKeys++;
    this.server.keyWritten(this, key, "x", "expired", 0);
  }
}
