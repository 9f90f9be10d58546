/**
 * used_memory, kept as Redis keeps it: a running total, never a walk over the keyspace.
 *
 * Redis reads its allocator's counter in O(1). We keep, on every keyspace entry, the modelled
 * allocation of its key (dict entry + key SDS + value, see object-size.ts in "alloc" mode) as
 * the entry's weight, and each database dict keeps the sum (Dict.weightTotal). The write
 * funnel marks a key as changed (O(1)); the changed keys are re-estimated, each in O(1) for
 * strings, listpacks (their byte counts are kept by the structures) and intsets, O(samples)
 * for the rest, the next time anyone asks for the total (INFO, MEMORY STATS, the eviction
 * check before a write). Several writes to one key in a command cost one re-estimate.
 *
 * The figures live in the Dict objects, not the Db: SWAPDB swaps the dicts and their weights
 * go with them; FLUSHDB empties a dict and its total; a delete subtracts the key's weight.
 */
import type { Db } from "../db";
import type { RedisObject } from "../object";
import type { Server } from "../server";
import type { Dict } from "../types/dict";
import { BUCKET, DICT_ENTRY, ROBJ, dictSlots, jeSize, sdsAlloc } from "./alloc";
import { DEFAULT_SAMPLES, objectSize, type SizeOptions } from "./object-size";

/**
 * Module-local copies for keyAlloc, which runs after every write while maxmemory is set: tsx
 * (the bench) compiles modules to CommonJS, where each read of an imported binding is a getter.
 */
const ENTRY_ALLOC = jeSize(DICT_ENTRY);
const sdsA = sdsAlloc;
const sizeOf = objectSize;

/** How many distinct changed keys wait before they are re-estimated without being asked. */
const PENDING_SETTLE_AT = 4096;

/** used_memory_startup of redis-server 7.0.15 (64-bit, jemalloc) before any client connects. */
export const STARTUP_MEMORY = 876408;
/** used_memory_functions (an empty function library) and used_memory_scripts. */
export const FUNCTIONS_MEMORY = 200;
/** Lua's empty VMs: used_memory_vm_eval and used_memory_vm_functions. */
export const LUA_VM_EVAL = 32768;
export const LUA_VM_FUNCTIONS = 33792;
/** What one idle client costs (struct, 16 KB reply buffer, query buffer), as mem_clients_normal shows. */
export const CLIENT_MEMORY = 22272;
/**
 * Allocations Redis makes without an owner INFO names (shared buffers, the event loop):
 * calibrated on the first INFO of a fresh redis-server 7.0.15 with one client and no command
 * histograms yet (those are counted apart, HISTOGRAM_MEMORY).
 */
const UNTRACKED = 15672;
/**
 * One command's latency histogram (hdr_histogram, 1 ns to 1 s at two significant figures:
 * 3,072 eight-byte counters and the struct). With latency-tracking on (the default), Redis
 * allocates one for every command or subcommand the first time call() runs it after start or
 * CONFIG RESETSTAT, and counts it in used_memory: measured on redis-server 7.0.15, each new
 * command name moves used_memory by exactly this much (INFO, PING, DEL …). A server that has
 * just run 1000 SETs and then evicts inside CONFIG SET counts the INFO and MEMORY histograms
 * allocated in between, which is why it evicts more keys than a pre-read used_memory suggests.
 */
export const HISTOGRAM_MEMORY = 24688;

/**
 * The keyspace tables of a database: the bucket arrays (the cron finishes their rehashing
 * quickly) and one dict entry per TTL in the expires table. Bucket arrays of 4 slots and more
 * are powers of two, which are jemalloc classes.
 */
function tableBytes(slots: TableSlots, ttls: number): number {
  return BUCKET * slots.main + (ttls ? BUCKET * slots.ttl + ttls * jeSize(DICT_ENTRY) : 0);
}

/** The bucket counts of a database's key and expires tables. */
interface TableSlots {
  main: number;
  ttl: number;
}

/**
 * The buckets a keyspace table holds once it has `n` entries, from the `slots` it had. It
 * grows as soon as an add finds it full (to the next power of two), but it shrinks only when
 * the cron finds it under 10% full (tryResizeHashTables, htNeedsResize): deleting or evicting
 * keys frees their entries, not the bucket array. Measured on redis-server 7.0.15, evicting
 * 1000 keys down to 400 frees 168 bytes a key and nothing more at 512.
 */
function heldSlots(slots: number, n: number): number {
  if (n === 0) return 0; // FLUSHDB frees the table (deleting every key one by one keeps 4 buckets)
  if (n > slots) return dictSlots(n);
  if (slots > 4 && n * 100 < slots * 10) return dictSlots(n);
  return slots;
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
  /**
   * Keys changed since the last settle, per dict. The sets are kept and emptied rather than
   * dropped, and `dirty` says whether any holds a key: settling follows nearly every write
   * while maxmemory is set, so it should allocate nothing (bench --memory).
   */
  private readonly pending = new Map<Dict<RedisObject>, Set<string>>();
  private dirty = false;
  /** The first key changed since the last settle (null once settled), and its dict. */
  private oneDict: Dict<RedisObject> | null = null;
  private oneKey = "";
  /** Whether any of the sets in `pending` holds a key. */
  private spilled = false;
  private peak = 0;
  /**
   * The last used() total and the client count it saw (-1: count in full). The eviction check
   * reads used() before every command: after a read-only command it costs a comparison, after
   * a one-key write an update from this figure (bench --memory).
   */
  private usedCache = -1;
  private usedClients = -1;
  /** The histogram bytes the last used() total holds. */
  private usedHistograms = 0;
  /**
   * The histogram count and what it was counted for: the stats object (CONFIG RESETSTAT
   * replaces it), its number of command names and the config generation (latency-tracking).
   * A histogram comes with a command's first call, which nearly always adds its name too, so
   * the names are walked again only when one of these changes (INFO and MEMORY STATS always
   * recount, see figures()).
   */
  private histograms = 0;
  private histogramsFor: { commands: Map<string, unknown> | null; names: number; generation: number } = { commands: null, names: -1, generation: -1 };
  /** SizeOptions for the current config, rebuilt only when one of its inputs changes. */
  private cachedOptions: SizeOptions | null = null;
  private optionsGeneration = -1;
  /** tableBytes per database index for the key and TTL counts last seen (used() reads them per command). */
  private readonly tableKeys: number[] = [];
  private readonly tableTtls: number[] = [];
  private readonly tableSize: number[] = [];
  /** Bucket counts per keyspace dict (they go with it on SWAPDB), updated as the counts are read. */
  private readonly slots = new WeakMap<Dict<RedisObject>, TableSlots>();
  /**
   * What the last used() saw of each database: its dict and the dict's weight total. While
   * one key changes between two reads (nearly every command under maxmemory), the new total
   * is the last one plus that database's change, not a walk over the 16 databases.
   */
  private readonly seenDict: (Dict<RedisObject> | null)[] = [];
  private readonly seenWeight: number[] = [];
  /** The database of `oneDict`. */
  private oneDb: Db | null = null;

  constructor(private readonly server: Server) {}

  /** The write funnel: `key` changed (or went) in `db`. O(1). */
  keyChanged(db: Db, key: string): void {
    // Most commands change one key: it waits in a slot of its own, and only a second,
    // different key goes to the sets (whose clear() reallocates, which showed in the bench).
    if (!this.dirty) {
      this.dirty = true;
      this.oneDict = db.dict;
      this.oneDb = db;
      this.oneKey = key;
      return;
    }
    if (this.oneDict === db.dict && this.oneKey === key) return;
    let keys = this.pending.get(db.dict);
    if (!keys) this.pending.set(db.dict, (keys = new Set()));
    keys.add(key);
    this.spilled = true;
    // With maxmemory 0 nothing may read the total for a long time (no eviction check): settle
    // now and then so the pending sets stay small instead of growing with every key written.
    if (keys.size >= PENDING_SETTLE_AT) this.settle();
  }

  /** FLUSHDB / FLUSHALL emptied the database. */
  dbCleared(db: Db): void {
    this.usedCache = -1;
    this.pending.get(db.dict)?.clear();
    if (this.oneDict === db.dict) this.oneDict = null;
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
    return ENTRY_ALLOC + sdsA(key.length) + Math.floor(sizeOf(o, options));
  }

  /** Re-estimates the keys changed since the last call. */
  private settle(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.usedCache = -1;
    const options = this.options();
    if (this.oneDict) {
      MemoryAccountant.reweigh(this.oneDict, this.oneKey, options);
      this.oneDict = null;
    }
    if (!this.spilled) return;
    this.spilled = false;
    for (const dict of this.pending.keys()) {
      const keys = this.pending.get(dict) as Set<string>;
      if (!keys.size) continue;
      for (const key of keys) MemoryAccountant.reweigh(dict, key, options);
      keys.clear();
    }
  }

  /** Re-estimates one key into its entry's weight (a key that went took its weight along). */
  private static reweigh(dict: Dict<RedisObject>, key: string, options: SizeOptions): void {
    const e = dict.entry(key);
    if (e) dict.setWeight(e, MemoryAccountant.keyAlloc(key, e.value, options));
  }

  /**
   * The modelled allocation of one key (0 when absent): its share of used_memory. O(1) once
   * the changed keys are settled. Reading it changes nothing a learner can see.
   */
  keySize(db: Db, key: string): number {
    this.settle();
    const e = db.dict.entry(key);
    if (!e) return 0;
    return e.weight || MemoryAccountant.keyAlloc(key, e.value, this.options());
  }

  /** The sum of every key's modelled allocation, as the running totals hold it. */
  keyBytes(): number {
    this.settle();
    let total = 0;
    for (const db of this.server.dbs) total += db.dict.weightTotal;
    return total;
  }

  /**
   * used_memory, read by the eviction check before every command while maxmemory is set: O(1)
   * when one key changed since the last read, O(databases + changed keys) otherwise (a full
   * count, which also follows FLUSHDB, SWAPDB and client changes). figures() gives the same
   * total with its parts.
   */
  used(): number {
    const clients = this.server.clients.size;
    const cached = this.usedCache;
    const histograms = this.histogramBytes(false);
    if (cached >= 0 && clients === this.usedClients && histograms === this.usedHistograms) {
      if (!this.dirty) return cached;
      const db = this.oneDb;
      if (!this.spilled && this.oneDict && db && db.dict === this.oneDict && this.seenDict[db.id] === db.dict) {
        this.settle();
        return this.record(cached + this.dbDelta(db), clients);
      }
    }
    this.settle();
    let used = STARTUP_MEMORY + FUNCTIONS_MEMORY + UNTRACKED + clients * CLIENT_MEMORY + histograms;
    this.usedHistograms = histograms;
    const dbs = this.server.dbs;
    for (let i = 0; i < dbs.length; i++) {
      const db = dbs[i];
      this.seenDict[i] = db.dict;
      this.seenWeight[i] = this.tableKeys[i] = this.tableTtls[i] = this.tableSize[i] = 0;
      used += this.dbDelta(db);
    }
    return this.record(used, clients);
  }

  /** How much one database's keys and tables changed since used() last saw them. */
  private dbDelta(db: Db): number {
    const i = db.id;
    const weight = db.dict.weightTotal;
    let delta = weight - this.seenWeight[i];
    this.seenWeight[i] = weight;
    const n = db.dict.size;
    const e = db.expires.size;
    if (this.tableKeys[i] !== n || this.tableTtls[i] !== e) {
      const size = n ? tableBytes(this.tableSlots(db), e) : 0;
      delta += size - this.tableSize[i];
      this.tableKeys[i] = n;
      this.tableTtls[i] = e;
      this.tableSize[i] = size;
    }
    return delta;
  }

  /** The bucket counts of a database's tables for its current key and TTL counts (see heldSlots). */
  private tableSlots(db: Db): TableSlots {
    let t = this.slots.get(db.dict);
    if (!t) this.slots.set(db.dict, (t = { main: 0, ttl: 0 }));
    t.main = heldSlots(t.main, db.dict.size);
    t.ttl = heldSlots(t.ttl, db.expires.size);
    return t;
  }

  /** The latency histograms' bytes (HISTOGRAM_MEMORY each); `recount` walks the command names. */
  private histogramBytes(recount: boolean): number {
    const stats = this.server.stats;
    const commands = stats.commands as Map<string, { histogram?: unknown }>;
    const seen = this.histogramsFor;
    const generation = this.server.config.generation;
    if (recount || seen.commands !== commands || seen.names !== commands.size || seen.generation !== generation) {
      let n = 0;
      for (const c of commands.values()) if (c.histogram) n++;
      this.histograms = n;
      this.histogramsFor = { commands, names: commands.size, generation };
    }
    return this.histograms * HISTOGRAM_MEMORY;
  }

  private record(used: number, clients: number): number {
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
      data += db.dict.weightTotal;
      const n = db.dict.size;
      const e = db.expires.size;
      keys += n;
      const slots = this.tableSlots(db);
      if (n) tables += tableBytes(slots, e);
      // getMemoryOverheadData's view: entry + robj per key, entry per TTL, buckets.
      if (n) dbs.push({ id: db.id, main: n * (DICT_ENTRY + ROBJ) + BUCKET * slots.main, expires: e * DICT_ENTRY + BUCKET * slots.ttl });
    }
    const clients = this.server.clients.size * CLIENT_MEMORY;
    const used = STARTUP_MEMORY + FUNCTIONS_MEMORY + UNTRACKED + clients + tables + data + this.histogramBytes(true);
    if (used > this.peak) this.peak = used;
    let overhead = STARTUP_MEMORY + FUNCTIONS_MEMORY + clients;
    for (const d of dbs) overhead += d.main + d.expires;
    return { used, peak: this.peak, startup: STARTUP_MEMORY, overhead, dataset: Math.max(0, used - overhead), clients, dbs, keys };
  }
}
