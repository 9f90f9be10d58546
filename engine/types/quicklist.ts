/**
 * The list structure: Redis 7.0's quicklist, a doubly linked list of listpack nodes whose size
 * is bounded by list-max-listpack-size. (Being written: see the lists work.)
 */
export class QuickList {
  /** Number of elements. */
  get length(): number {
    return 0;
  }

  /** A deep copy, for COPY. */
  clone(): QuickList {
    return new QuickList();
  }

  /** Elements from head to tail, at most `limit` of them: the inspector's read-only view. */
  toView(limit: number): string[] {
    void limit;
    return [];
  }
}
