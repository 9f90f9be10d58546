/**
 * The set structure, with the two encodings Redis 7.0 gives a set (there are no listpack sets
 * before 7.2):
 *
 * - intset: the members are all canonical 64-bit integers, kept sorted. Redis stores them in
 *   one packed array, so every walk over an intset (SMEMBERS, SSCAN, SPOP's whole-set replies)
 *   comes out in ascending numeric order — an order learners see and may rely on.
 * - hashtable: any byte strings, in the order of a hash table (Redis' order depends on a random
 *   hash seed; ours is insertion order, which no client may rely on either way).
 *
 * A set starts as an intset when its first member is an integer and converts to a hashtable
 * for good on the first member that is not, or once it holds more than set-max-intset-entries
 * members. It never converts back (SPOP's "keep the remainder" strategy and the *STORE commands
 * build fresh sets, which is how a set can end up an intset again).
 *
 * This layer never sees argv. Callers that mutate a set keep the object's `enc` in step with
 * `encoding` (see engine/commands/sets-common.ts).
 */
import { isCanonicalInt64 } from "../object";
import type { Rng } from "../rng";
import { Dict } from "./dict";

export type SetEncoding = "intset" | "hashtable";

/** Redis caps the intset at 2^30 entries whatever set-max-intset-entries says (intset internals). */
const INTSET_HARD_LIMIT = 1 << 30;

/** A canonical integer member as a value that compares exactly: a number within 2^53, else a bigint. */
type IntValue = number | bigint;

/** The integer value of a member, or null when the member is not a canonical 64-bit integer. */
function intValue(member: string): IntValue | null {
  if (!isCanonicalInt64(member)) return null;
  if (member.length < 16) return Number(member);
  const n = BigInt(member);
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/**
 * Redis' intset: distinct integers in ascending order. Adding and removing shift the array
 * (O(N), as Redis' memmove does); the text index beside it makes membership O(1).
 */
class IntSet {
  constructor(
    /** Ascending. Numbers and bigints compare exactly with each other in JS. */
    readonly values: IntValue[] = [],
    /** The members' canonical texts. */
    readonly texts: Set<string> = new Set(),
    /**
     * How many members need 32 and 64 bits: the packed array's width (intsetBytes) is read in
     * O(1) by the memory model, which sizes the key after every write while maxmemory is set.
     */
    private wide32 = 0,
    private wide64 = 0,
  ) {
    if (!texts.size) return;
    for (const v of values) this.count(v, 1);
  }

  private count(v: IntValue, d: number): void {
    if (v < -2147483648 || v > 2147483647) this.wide64 += d;
    else if (v < -32768 || v > 32767) this.wide32 += d;
  }

  /** Bytes per member of the packed array: 2, 4 or 8 as the widest member needs. */
  get width(): number {
    return this.wide64 ? 8 : this.wide32 ? 4 : 2;
  }

  get size(): number {
    return this.values.length;
  }

  has(member: string): boolean {
    return this.texts.has(member);
  }

  add(member: string, v: IntValue): boolean {
    if (this.texts.has(member)) return false;
    this.values.splice(this.lowerBound(v), 0, v);
    this.texts.add(member);
    this.count(v, 1);
    return true;
  }

  remove(member: string): boolean {
    if (!this.texts.delete(member)) return false;
    const v = intValue(member) as IntValue;
    this.values.splice(this.lowerBound(v), 1);
    this.count(v, -1);
    return true;
  }

  at(i: number): string {
    return String(this.values[i]);
  }

  /** Index of the first value >= v. */
  private lowerBound(v: IntValue): number {
    const a = this.values;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  clone(): IntSet {
    return new IntSet([...this.values], new Set(this.texts));
  }
}

export class SetValue {
  private constructor(
    private ints: IntSet | null,
    private table: Dict<null> | null,
    /**
     * Buckets the hash table was created with when it was made from a whole set at once
     * (setTypeConvert presizes it to the intset's length, setTypeDup to the copied set's
     * size), 0 for a table grown from empty. The memory model reads it.
     */
    private presized = 0,
  ) {}

  /** An empty set of the given encoding (createIntsetObject / createSetObject). */
  static empty(encoding: SetEncoding = "intset"): SetValue {
    return encoding === "intset" ? new SetValue(new IntSet(), null) : new SetValue(null, new Dict<null>());
  }

  /**
   * setTypeCreate: the set a key gets when `first` is about to become its first member — an
   * intset when that member is an integer, else a hashtable. (It does not add the member.)
   */
  static forMember(first: string): SetValue {
    return SetValue.empty(intValue(first) === null ? "hashtable" : "intset");
  }

  get encoding(): SetEncoding {
    return this.ints ? "intset" : "hashtable";
  }

  /** An intset's bytes per member (2, 4 or 8); 0 for a hashtable. O(1). */
  get intsetWidth(): number {
    return this.ints ? this.ints.width : 0;
  }

  /** The bucket count a hashtable was presized to (0: grown from empty), see the constructor. */
  get presizedBuckets(): number {
    return this.presized;
  }

  get size(): number {
    return this.ints ? this.ints.size : (this.table as Dict<null>).size;
  }

  has(member: string): boolean {
    return this.ints ? this.ints.has(member) : (this.table as Dict<null>).has(member);
  }

  /**
   * setTypeAdd: true when the member was not there. An intset converts to a hashtable on a
   * member that is not an integer, or when it would grow past `maxIntsetEntries` (the
   * set-max-intset-entries setting, which the caller reads from the config).
   */
  add(member: string, maxIntsetEntries: number): boolean {
    const ints = this.ints;
    if (!ints) {
      const table = this.table as Dict<null>;
      if (table.has(member)) return false;
      table.set(member, null);
      return true;
    }
    const v = intValue(member);
    if (v === null) {
      this.convert();
      (this.table as Dict<null>).set(member, null);
      return true;
    }
    if (!ints.add(member, v)) return false;
    if (ints.size > Math.min(maxIntsetEntries, INTSET_HARD_LIMIT)) this.convert();
    return true;
  }

  /** setTypeRemove: true when the member was there. The encoding never changes back. */
  remove(member: string): boolean {
    if (this.ints) return this.ints.remove(member);
    const table = this.table as Dict<null>;
    if (!table.delete(member)) return false;
    // setTypeRemove shrinks a table that fell under 10% full (htNeedsResize, dictResize):
    // the floor drops to the smallest table that holds the members.
    if (this.presized > 4 && table.size * 100 < this.presized * 10) this.presized = presizedSlots(table.size);
    return true;
  }

  /** A uniformly random member (setTypeRandomElement); the set must not be empty. */
  random(rng: Rng): string {
    if (this.ints) return this.ints.at(rng.below(this.ints.size));
    const m = (this.table as Dict<null>).randomKey(rng);
    if (m === undefined) throw new Error("random member of an empty set");
    return m;
  }

  /** Every member in iteration order: ascending for an intset, table order for a hashtable. */
  *members(): IterableIterator<string> {
    if (this.ints) {
      for (const v of this.ints.values) yield String(v);
    } else {
      yield* (this.table as Dict<null>).keys();
    }
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.members();
  }

  /**
   * SSCAN over a hashtable: visits up to `count` members from `cursor` on and returns the
   * cursor to continue from (0 when done), with the guarantee that a member present for the
   * whole walk is visited. An intset is always scanned whole in one call (callers check).
   */
  scan(cursor: number, count: number, visit: (member: string) => void): number {
    if (this.ints) {
      for (const m of this.members()) visit(m);
      return 0;
    }
    return (this.table as Dict<null>).scan(cursor, count, (m) => visit(m));
  }

  /** A deep copy with the same encoding, for COPY (setTypeDup). */
  clone(): SetValue {
    if (this.ints) return new SetValue(this.ints.clone(), null);
    const source = this.table as Dict<null>;
    const table = new Dict<null>();
    for (const m of source.keys()) table.set(m, null);
    // setTypeDup presizes the copy's table to the source's size.
    return new SetValue(null, table, presizedSlots(source.size));
  }

  /** Members in iteration order (ascending while intset), at most `limit` of them: the inspector's read-only view. */
  toView(limit: number): string[] {
    const out: string[] = [];
    if (limit <= 0) return out;
    for (const m of this.members()) {
      out.push(m);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** setTypeConvert: intset to hashtable, members in ascending order. */
  private convert(): void {
    const ints = this.ints as IntSet;
    const table = new Dict<null>();
    for (const v of ints.values) table.set(String(v), null);
    this.table = table;
    this.ints = null;
    // setTypeConvert presizes the table to the intset's length (dictExpand), before the
    // member that caused the conversion is added.
    this.presized = presizedSlots(ints.size);
  }
}

/** The buckets dictExpand(n) gives a new table: 4, or the next power of two >= n. */
function presizedSlots(n: number): number {
  let slots = 4;
  while (slots < n) slots *= 2;
  return slots;
}
