/**
 * The set structure: an intset (sorted 16/32/64-bit integers) until a non-integer member or
 * set-max-intset-entries, then a hashtable. (Being written: see the sets work.)
 */
export class SetValue {
  get size(): number {
    return 0;
  }

  /** A deep copy, for COPY. */
  clone(): SetValue {
    return new SetValue();
  }

  /** Members in iteration order (ascending while intset), at most `limit` of them: the inspector's read-only view. */
  toView(limit: number): string[] {
    void limit;
    return [];
  }
}
