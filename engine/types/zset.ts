/**
 * The sorted set structure: a listpack ordered by (score, member) until
 * zset-max-listpack-entries/value is crossed, then a skiplist with a member→score dict.
 * (Being written: see the sorted sets work.)
 */
export class ZSetValue {
  get size(): number {
    return 0;
  }

  /** A deep copy, for COPY. */
  clone(): ZSetValue {
    return new ZSetValue();
  }

  /** Member/score pairs in rank order, at most `limit` of them: the inspector's read-only view. */
  toView(limit: number): [string, number][] {
    void limit;
    return [];
  }
}
