/**
 * The hash structure. Redis 7.0 keeps a small hash as a listpack (field/value pairs one after
 * the other, in insertion order: an update rewrites the value in place, a new field goes to
 * the tail, a delete closes the gap) and converts it, once and for good, to a hashtable when
 * it grows past hash-max-listpack-entries pairs or is handed a field or value longer than
 * hash-max-listpack-value bytes. The object header (HashObject.enc) says which one it is.
 *
 * Both encodings live in one Dict here. A JS Map already iterates in listpack order (a
 * re-set keeps its place, a delete keeps the others in order), and the Dict adds the two
 * powers a hashtable needs: O(1) random picks (HRANDFIELD) and a SCAN cursor that never
 * misses a field present for the whole walk (HSCAN). So lookups are O(1) in either encoding,
 * where Redis' listpack is O(N); the encoding decides only what is reported, which order
 * learners may rely on (listpack order is deterministic, a hashtable's is not), and how
 * HSCAN and HRANDFIELD walk it. The command layer (engine/commands/hashes.ts) decides when
 * to convert, because only it knows the configured thresholds and when Redis checks them.
 */
import type { Rng } from "../rng";
import { Dict } from "./dict";
import { LP_EMPTY_BYTES, lpEntrySize } from "./listpack-bytes";

export class HashValue {
  private readonly dict: Dict<string>;
  /**
   * The bytes a listpack holding these pairs would take (lpBytes), kept by deltas once the
   * memory model has asked for it (-1: not kept). Redis reads this from the listpack's header;
   * the model sizes a key after every write while maxmemory is set, so it must not walk.
   */
  private lp = -1;
  /**
   * Buckets the hashtable was created with when it was made from a whole hash at once
   * (hashTypeConvertListpack expands it to the listpack's length, hashTypeDup to the copied
   * hash's size), 0 for none. Only meaningful once the hash is a hashtable; the memory model
   * reads it.
   */
  private presized = 0;

  constructor(pairs?: Iterable<readonly [string, string]>) {
    this.dict = new Dict<string>();
    if (pairs) for (const [f, v] of pairs) this.dict.set(f, v);
  }

  /** The listpack becomes a hashtable now: its table is sized for the fields it holds. */
  presize(): void {
    this.presized = dictExpandSlots(this.dict.size);
  }

  /** The bucket count the hashtable was presized to (0: none), see presize(). */
  get presizedBuckets(): number {
    return this.presized;
  }

  /** Number of fields. */
  get size(): number {
    return this.dict.size;
  }

  get(field: string): string | undefined {
    return this.dict.get(field);
  }

  has(field: string): boolean {
    return this.dict.has(field);
  }

  /** Adds or overwrites a field (an overwrite keeps its place); true when the field is new. */
  set(field: string, value: string): boolean {
    const old = this.dict.get(field);
    this.dict.set(field, value);
    if (this.lp >= 0) this.lp += old === undefined ? lpEntrySize(field) + lpEntrySize(value) : lpEntrySize(value) - lpEntrySize(old);
    return old === undefined;
  }

  /** Removes a field; true when it existed. */
  delete(field: string): boolean {
    const old = this.dict.get(field);
    if (old === undefined) return false;
    this.dict.delete(field);
    if (this.lp >= 0) this.lp -= lpEntrySize(field) + lpEntrySize(old);
    // hashTypeDelete shrinks a table that fell under 10% full (htNeedsResize, dictResize).
    const size = this.dict.size;
    if (this.presized > 4 && size * 100 < this.presized * 10) this.presized = dictExpandSlots(size);
    return true;
  }

  /**
   * lpBytes of these pairs as one listpack: O(N) the first time, O(1) afterwards (kept up to
   * date by set and delete until listpackBytesDone).
   */
  listpackBytes(): number {
    if (this.lp < 0) {
      let bytes = LP_EMPTY_BYTES;
      this.dict.scan(0, this.dict.size, (f, v) => {
        bytes += lpEntrySize(f) + lpEntrySize(v);
      });
      this.lp = bytes;
    }
    return this.lp;
  }

  /** Stops keeping the listpack byte count (the hash became a hashtable). */
  listpackBytesDone(): void {
    this.lp = -1;
  }

  /** Field/value pairs in iteration order (insertion order, as a listpack keeps them). */
  entries(): IterableIterator<[string, string]> {
    return this.dict.entries();
  }

  /** A uniformly random field and its value (the hash must not be empty). */
  random(rng: Rng): [string, string] {
    const field = this.dict.randomKey(rng) as string;
    return [field, this.dict.get(field) as string];
  }

  /**
   * Visits up to `count` fields from `cursor` on and returns the cursor to continue from, 0
   * once the walk is complete: the hashtable side of HSCAN.
   */
  scan(cursor: number, count: number, visit: (field: string, value: string) => void): number {
    return this.dict.scan(cursor, count, visit);
  }

  /**
   * A deep copy, for COPY. A hashtable's copy is presized to the hash's size (hashTypeDup);
   * a listpack's copy ignores it until it converts, which presizes it afresh.
   */
  clone(): HashValue {
    const copy = new HashValue(this.dict.entries());
    copy.presize();
    return copy;
  }

  /** Field/value pairs in iteration order, at most `limit` of them: the inspector's read-only view. */
  toView(limit: number): [string, string][] {
    const out: [string, string][] = [];
    for (const pair of this.dict.entries()) {
      if (out.length >= limit) break;
      out.push(pair);
    }
    return out;
  }
}

/**
 * hashTypeTryConversion's length test: true when one of argv[from..to] is longer than
 * hash-max-listpack-value, so a listpack must become a hashtable before the write.
 */
export function anyTooLong(argv: readonly string[], from: number, to: number, maxValue: number): boolean {
  for (let i = from; i <= to; i++) if (argv[i].length > maxValue) return true;
  return false;
}

/** The buckets dictExpand(n) gives a new table: 4, or the next power of two >= n. */
export function dictExpandSlots(n: number): number {
  let slots = 4;
  while (slots < n) slots *= 2;
  return slots;
}
