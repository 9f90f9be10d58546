/**
 * The keyspace's hash table: a Map with the two extra powers Redis' dict gives the server.
 *
 * - Random picks in O(1) (RANDOMKEY, eviction sampling, SPOP): entries also live in an array.
 * - A SCAN cursor that never misses an entry present for the whole scan, whatever is added
 *   or deleted in between. Each entry gets a sequence number at insertion and the array is
 *   kept in sequence order, so a cursor is simply "the next sequence number to visit".
 *   Deletion leaves a hole; holes are squeezed out once they outnumber live entries, which
 *   keeps both random picks and scans amortised O(1) per entry.
 *
 * Redis' own cursor walks hash buckets in reverse-binary order; its values depend on a
 * random hash seed, so no client can rely on them — only on the guarantee, which we keep.
 */
import type { Rng } from "../rng";

/** An entry as the memory model sees it: its key, value and the weight it gave it. */
export interface DictEntry<V> {
  readonly key: string;
  readonly value: V;
  readonly weight: number;
}

interface Slot<V> {
  readonly key: string;
  value: V;
  readonly seq: number;
  /** False once deleted: the slot stays in the array as a tombstone until compaction. */
  live: boolean;
  /** See Dict.weightTotal. */
  weight: number;
}

export class Dict<V> {
  private readonly map = new Map<string, Slot<V>>();
  private slots: Slot<V>[] = [];
  private holes = 0;
  private nextSeq = 1;
  /**
   * The sum of the entries' weights. The keyspace's memory model weighs each key with its
   * modelled allocation (engine/memory/accountant.ts): keeping the figure on the entry makes
   * a changed key's re-estimate one lookup, a delete subtracts it without being asked, and
   * SWAPDB and FLUSHDB carry or clear it with the table. Other dicts leave weights at 0.
   */
  weightTotal = 0;
  /**
   * The entry get or set found last: the write funnel reweighs the key a command just looked
   * up, and this saves that second hash lookup on every write while maxmemory is set.
   */
  private recent: Slot<V> | null = null;

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    const slot = this.map.get(key);
    if (slot === undefined) return undefined;
    this.recent = slot;
    return slot.value;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  /** Inserts or overwrites; an overwritten entry keeps its place in scans. */
  set(key: string, value: V): void {
    const slot = this.map.get(key);
    if (slot) {
      slot.value = value;
      this.recent = slot;
      return;
    }
    const fresh: Slot<V> = { key, value, seq: this.nextSeq++, live: true, weight: 0 };
    this.map.set(key, fresh);
    this.slots.push(fresh);
    this.recent = fresh;
  }

  delete(key: string): boolean {
    const slot = this.map.get(key);
    if (!slot) return false;
    this.map.delete(key);
    slot.live = false;
    this.weightTotal -= slot.weight;
    this.holes++;
    if (this.holes > 64 && this.holes > this.map.size) this.compact();
    return true;
  }

  clear(): void {
    for (const s of this.slots) s.live = false;
    this.map.clear();
    this.slots = [];
    this.holes = 0;
    this.weightTotal = 0;
  }

  /** The entry holding `key`, to read or set its weight (undefined when absent). */
  entry(key: string): DictEntry<V> | undefined {
    const r = this.recent;
    if (r !== null && r.live && r.key === key) return r;
    return this.map.get(key);
  }

  /** Gives an entry of this dict a new weight; weightTotal follows. */
  setWeight(entry: DictEntry<V>, weight: number): void {
    this.weightTotal += weight - entry.weight;
    (entry as Slot<V>).weight = weight;
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  *entries(): IterableIterator<[string, V]> {
    for (const [k, s] of this.map) yield [k, s.value];
  }

  /** A uniformly random key, or undefined when empty. */
  randomKey(rng: Rng): string | undefined {
    if (this.map.size === 0) return undefined;
    // Tombstones are at most half the array (plus a small constant), so this loop is short.
    for (;;) {
      const slot = this.slots[rng.below(this.slots.length)];
      if (slot.live) return slot.key;
    }
  }

  /**
   * Visits live entries from `cursor` on, at most `count` of them, and returns the cursor to
   * continue from (0 when the walk is complete).
   */
  scan(cursor: number, count: number, visit: (key: string, value: V) => void): number {
    const slots = this.slots;
    let i = cursor <= 1 ? 0 : this.lowerBound(cursor);
    let seen = 0;
    while (i < slots.length && seen < count) {
      const slot = slots[i++];
      if (!slot.live) continue;
      visit(slot.key, slot.value);
      seen++;
    }
    while (i < slots.length && !slots[i].live) i++;
    return i < slots.length ? slots[i].seq : 0;
  }

  /**
   * Walks the table round-robin from a position the caller keeps, as Redis' active expiry
   * keeps `expires_cursor`: returns up to `count` live keys and the position to resume at.
   */
  sweep(position: number, count: number): { keys: string[]; next: number } {
    const keys: string[] = [];
    const slots = this.slots;
    const n = slots.length;
    let i = this.lowerBound(position);
    for (let steps = 0; keys.length < count && steps < n; steps++) {
      if (i >= n) i = 0;
      const slot = slots[i++];
      if (slot.live) keys.push(slot.key);
    }
    return { keys, next: i < n ? slots[i].seq : 0 };
  }

  /** Index of the first slot whose seq is >= seq (slots are in seq order). */
  private lowerBound(seq: number): number {
    const slots = this.slots;
    let lo = 0;
    let hi = slots.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (slots[mid].seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private compact(): void {
    this.slots = this.slots.filter((s) => s.live);
    this.holes = 0;
  }
}
