/**
 * used_memory, kept as Redis keeps it: a running total, never a walk over the keyspace.
 *
 * Redis reads its allocator's counter in O(1). We keep, per database dict, the modelled
 * allocation of every key (dict entry + key SDS + value, see object-size.ts in "alloc" mode)
 * and their sum. The write funnel marks a key as changed (O(1)); the changed keys are
 * re-estimated, each in O(samples) or O(its listpack), the next time anyone asks for the
 * total (INFO, MEMORY STATS, the eviction check before a write). Several writes to one key
 * in a command cost one re-estimate.
 *
 * Books hang off the Dict objects, not the Db: SWAPDB swaps the dicts and their books go
 * with them; FLUSHDB empties a dict and clears its book.
 */
import type { Db } from "../db";
import type { RedisObject } from "../object";
import type { Server } from "../server";
import type { Dict } from "../types/dict";
import { BUCKET, DICT_ENTRY, ROBJ, dictSlots, jeSize, sdsAlloc } from "./alloc";
import { DEFAULT_SAMPLES, objectSize, type SizeOptions } from "./object-size";

/** used_memory_startup of redis-server 7.0.15 (64-bit, jemalloc) before any client connects. */
export const STARTUP_MEMORY = 876408;
/** used_memory_functions (an empty function library) and used_memory_scripts. */
export const FUNCTIONS_MEMORY = 200;
/** Lua's empty VMs: used_memory_vm_eval and used_memory_vm_functions. */
export const LUA_VM_EVAL = 32768;
export const LUA_VM_FUNCTIONS = 33792;
/** What one idle client costs (struct, 16 KB reply buffer, query buffer), as mem_clients_normal shows. */
export const CLIENT_MEMORY = 22272;
/** Allocations Redis makes without an owner INFO names (shared buffers, the event loop). */
const UNTRACKED = 26000;

/**
 * The keyspace tables of a database with `keys` keys, `ttls` of them with a TTL: the bucket
 * arrays (the cron finishes their rehashing quickly) and one dict entry per TTL in the expires
 * table. Bucket arrays of 4 slots and more are powers of two, which are jemalloc classes.
 */
function tableBytes(keys: number, ttls: number): number {
  return BUCKET * dictSlots(keys) + (ttls ? BUCKET * dictSlots(ttls) + ttls * jeSize(DICT_ENTRY) : 0);
}

interface Book {
  sizes: Map<string, number>;
  total: number;
}

export interface MemoryFigures {
  used: number;
  peak: number;
  startup: number;
  /** used_memory_overhead: startup, clients, keyspace tables, functions. */
  overhead: number;
  dataset: number;
  clients: number;
  /** Per database with keys: overhead.hashtable.main / .expires. */
  dbs: { id: number; main: number; expires: number }[];
  keys: number;
}

export class MemoryAccountant {
  private readonly books = new WeakMap<Dict<RedisObject>, Book>();
  /** The sum of every book's total (every key of every database), kept as the books change. */
  private keysTotal = 0;
  /**
   * Keys changed since the last settle, per dict. The sets are kept and emptied rather than
   * dropped, and `dirty` says whether any holds a key: settling follows nearly every write
   * while maxmemory is set, so it should allocate nothing (h-limits: bench --memory).
   */
  private readonly pending = new Map<Dict<RedisObject>, Set<string>>();
  private dirty = false;
  /** The first key changed since the last settle (null once settled), and its dict. */
  private oneDict: Dict<RedisObject> | null = null;
  private oneKey = "";
  /** Whether any of the sets in `pending` holds a key. */
  private spilled = false;
  /** The book found last (a WeakMap lookup saved per write); forgotten when books go. */
  private lastDict: Dict<RedisObject> | null = null;
  private lastBook: Book | null = null;
  private peak = 0;
  /**
   * The last used() total and the client count it saw; valid while nothing is pending. The
   * eviction check reads used() before every command, and a read-only command changes nothing
   * it depends on, so most of those reads cost a comparison (h-limits: bench --memory).
   */
  private usedCache = -1;
  private usedClients = -1;
  /** SizeOptions for the current config, rebuilt only when one of its inputs changes. */
  private cachedOptions: SizeOptions | null = null;
  private optionsGeneration = -1;
  /** tableBytes per database index for the key and TTL counts last seen (used() reads them per command). */
  private readonly tableKeys: number[] = [];
  private readonly tableTtls: number[] = [];
  private readonly tableSize: number[] = [];

  constructor(private readonly server: Server) {}

  /** The write funnel: `key` changed (or went) in `db`. O(1). */
  keyChanged(db: Db, key: string): void {
    this.usedCache = -1;
    // Most commands change one key: it waits in a slot of its own, and only a second,
    // different key goes to the sets (whose clear() reallocates, which showed in the bench).
    if (!this.dirty) {
      this.dirty = true;
      this.oneDict = db.dict;
      this.oneKey = key;
      return;
    }
    if (this.oneDict === db.dict && this.oneKey === key) return;
    let keys = this.pending.get(db.dict);
    if (!keys) this.pending.set(db.dict, (keys = new Set()));
    keys.add(key);
    this.spilled = true;
  }

  /** FLUSHDB / FLUSHALL emptied the database. */
  dbCleared(db: Db): void {
    this.usedCache = -1;
    this.pending.get(db.dict)?.clear();
    if (this.oneDict === db.dict) this.oneDict = null;
    this.keysTotal -= this.books.get(db.dict)?.total ?? 0;
    this.books.delete(db.dict);
    this.lastDict = this.lastBook = null;
  }

  private options(): SizeOptions {
    const config = this.server.config;
    if (this.cachedOptions && this.optionsGeneration === config.generation) return this.cachedOptions;
    this.optionsGeneration = config.generation;
    const policy = config.get("maxmemory-policy");
    const sharedIntegers = config.num("maxmemory") === 0 || !(policy.endsWith("-lru") || policy.endsWith("-lfu"));
    const streamNodeMaxBytes = config.num("stream-node-max-bytes");
    const streamNodeMaxEntries = config.num("stream-node-max-entries");
    // Settling runs after nearly every write while maxmemory is set: reuse one object.
    const c = this.cachedOptions;
    if (c && c.sharedIntegers === sharedIntegers && c.streamNodeMaxBytes === streamNodeMaxBytes && c.streamNodeMaxEntries === streamNodeMaxEntries) {
      return c;
    }
    return (this.cachedOptions = { samples: DEFAULT_SAMPLES, mode: "alloc", sharedIntegers, streamNodeMaxBytes, streamNodeMaxEntries });
  }

  /** What the allocator holds for one key of the keyspace. */
  static keyAlloc(key: string, o: RedisObject, options: SizeOptions): number {
    return jeSize(DICT_ENTRY) + sdsAlloc(key.length) + Math.floor(objectSize(o, options));
  }

  /** Re-estimates the keys changed since the last call. */
  private settle(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const options = this.options();
    if (this.oneDict) {
      this.resize(this.oneDict, this.book(this.oneDict), this.oneKey, options);
      this.oneDict = null;
    }
    if (!this.spilled) return;
    this.spilled = false;
    for (const dict of this.pending.keys()) {
      const keys = this.pending.get(dict) as Set<string>;
      if (!keys.size) continue;
      const book = this.book(dict);
      for (const key of keys) this.resize(dict, book, key, options);
      keys.clear();
    }
  }

  private book(dict: Dict<RedisObject>): Book {
    if (dict === this.lastDict && this.lastBook) return this.lastBook;
    let book = this.books.get(dict);
    if (!book) this.books.set(dict, (book = { sizes: new Map(), total: 0 }));
    this.lastDict = dict;
    return (this.lastBook = book);
  }

  /** Re-estimates one key into its dict's book. */
  private resize(dict: Dict<RedisObject>, book: Book, key: string, options: SizeOptions): void {
    const before = book.sizes.get(key) ?? 0;
    const o = dict.get(key);
    const after = o ? MemoryAccountant.keyAlloc(key, o, options) : 0;
    if (o) book.sizes.set(key, after);
    else book.sizes.delete(key);
    book.total += after - before;
    this.keysTotal += after - before;
  }

  /**
   * The modelled allocation of one key (0 when absent): its share of used_memory. O(1) once
   * the changed keys are settled. Reading it changes nothing a learner can see.
   */
  keySize(db: Db, key: string): number {
    this.settle();
    const cached = this.books.get(db.dict)?.sizes.get(key);
    if (cached !== undefined) return cached;
    const o = db.dict.get(key);
    return o ? MemoryAccountant.keyAlloc(key, o, this.options()) : 0;
  }

  /** The sum of every key's modelled allocation, as the running totals hold it. */
  keyBytes(): number {
    this.settle();
    let total = 0;
    for (const db of this.server.dbs) total += this.books.get(db.dict)?.total ?? 0;
    return total;
  }

  /**
   * used_memory: O(databases + changed keys), and lean, as the eviction check reads it before
   * every command while maxmemory is set. figures() gives the same total with its parts.
   */
  used(): number {
    const clients = this.server.clients.size;
    if (this.usedCache >= 0 && clients === this.usedClients) return this.usedCache;
    this.settle();
    let used = STARTUP_MEMORY + FUNCTIONS_MEMORY + UNTRACKED + this.server.clients.size * CLIENT_MEMORY + this.keysTotal;
    const dbs = this.server.dbs;
    for (let i = 0; i < dbs.length; i++) {
      const db = dbs[i];
      const n = db.dict.size;
      if (!n) continue;
      const e = db.expires.size;
      if (this.tableKeys[i] !== n || this.tableTtls[i] !== e) {
        this.tableKeys[i] = n;
        this.tableTtls[i] = e;
        this.tableSize[i] = tableBytes(n, e);
      }
      used += this.tableSize[i];
    }
    if (used > this.peak) this.peak = used;
    this.usedCache = used;
    this.usedClients = clients;
    return used;
  }

  figures(): MemoryFigures {
    this.settle();
    let data = 0;
    let tables = 0;
    let keys = 0;
    const dbs: MemoryFigures["dbs"] = [];
    for (const db of this.server.dbs) {
      data += this.books.get(db.dict)?.total ?? 0;
      const n = db.dict.size;
      const e = db.expires.size;
      keys += n;
      if (n) tables += tableBytes(n, e);
      // getMemoryOverheadData's view: entry + robj per key, entry per TTL, buckets.
      if (n) dbs.push({ id: db.id, main: n * (DICT_ENTRY + ROBJ) + BUCKET * dictSlots(n), expires: e * DICT_ENTRY + BUCKET * dictSlots(e) });
    }
    const clients = this.server.clients.size * CLIENT_MEMORY;
    const used = STARTUP_MEMORY + FUNCTIONS_MEMORY + UNTRACKED + clients + tables + data;
    if (used > this.peak) this.peak = used;
    let overhead = STARTUP_MEMORY + FUNCTIONS_MEMORY + clients;
    for (const d of dbs) overhead += d.main + d.expires;
    return { used, peak: this.peak, startup: STARTUP_MEMORY, overhead, dataset: Math.max(0, used - overhead), clients, dbs, keys };
  }
}
