/**
 * The hash structure: a listpack (insertion-ordered pairs) until hash-max-listpack-entries or
 * hash-max-listpack-value is crossed, then a hashtable. (Being written: see the hashes work.)
 */
export class HashValue {
  get size(): number {
    return 0;
  }

  /** A deep copy, for COPY. */
  clone(): HashValue {
    return new HashValue();
  }

  /** Field/value pairs in iteration order (insertion order while listpack), at most `limit` of them: the inspector's read-only view. */
  toView(limit: number): [string, string][] {
    void limit;
    return [];
  }
}
