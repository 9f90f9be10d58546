/**
 * Redis 7.0's pqsort (src/pqsort.c): NetBSD's Bentley–McIlroy qsort that only descends into
 * the partitions overlapping positions [lrange, rrange], so those positions end up as in a
 * full sort while the rest stay partially ordered. SORT ... BY ... LIMIT and GEO ... COUNT
 * use it. It is not stable: elements that compare equal come out in the order its swaps
 * leave them in, and that order is part of the reply (equal distances in GEOSEARCH, equal
 * BY values under ALPHA), so it is reproduced step by step rather than with Array.sort.
 *
 * 7.0.15's copy has no switch to insertion sort after a partition pass that swapped nothing
 * (the swap_cnt shortcut of the original qsort, present in newer Redis sources): with that
 * shortcut, ties come out in a different order than redis-server 7.0.15 gives.
 */

export type Comparator<T> = (a: T, b: T) => number;

/** Sorts a[] so that positions lrange..rrange hold what a full sort would put there. */
export function pqsort<T>(a: T[], cmp: Comparator<T>, lrange: number, rrange: number): void {
  const swap = (i: number, j: number): void => {
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  };
  const vecswap = (i: number, j: number, count: number): void => {
    for (let k = 0; k < count; k++) swap(i + k, j + k);
  };
  const med3 = (i: number, j: number, k: number): number => {
    if (cmp(a[i], a[j]) < 0) return cmp(a[j], a[k]) < 0 ? j : cmp(a[i], a[k]) < 0 ? k : i;
    return cmp(a[j], a[k]) > 0 ? j : cmp(a[i], a[k]) < 0 ? i : k;
  };
  /** True when [lo, lo + n) holds a position in [lrange, rrange]. */
  const overlaps = (lo: number, n: number): boolean =>
    !((lrange < lo && rrange < lo) || (lrange >= lo + n && rrange >= lo + n));

  const sortPart = (base: number, n: number): void => {
    for (;;) {
      if (n < 7) {
        // Insertion sort.
        for (let pm = base + 1; pm < base + n; pm++)
          for (let pl = pm; pl > base && cmp(a[pl - 1], a[pl]) > 0; pl--) swap(pl, pl - 1);
        return;
      }
      // Pivot: median of three, or of three medians of three above 40 elements.
      let pm = base + Math.floor(n / 2);
      if (n > 7) {
        let pl = base;
        let pn = base + n - 1;
        if (n > 40) {
          const d = Math.floor(n / 8);
          pl = med3(pl, pl + d, pl + 2 * d);
          pm = med3(pm - d, pm, pm + d);
          pn = med3(pn - 2 * d, pn - d, pn);
        }
        pm = med3(pl, pm, pn);
      }
      swap(base, pm);
      // Three-way partition: elements equal to the pivot are parked at both ends ...
      let pa = base + 1;
      let pb = pa;
      let pc = base + n - 1;
      let pd = pc;
      for (;;) {
        let r: number;
        while (pb <= pc && (r = cmp(a[pb], a[base])) <= 0) {
          if (r === 0) swap(pa++, pb);
          pb++;
        }
        while (pb <= pc && (r = cmp(a[pc], a[base])) >= 0) {
          if (r === 0) swap(pc, pd--);
          pc--;
        }
        if (pb > pc) break;
        swap(pb++, pc--);
      }
      // ... and swapped back into the middle.
      const pn = base + n;
      let r = Math.min(pa - base, pb - pa);
      vecswap(base, pb - r, r);
      r = Math.min(pd - pc, pn - pd - 1);
      vecswap(pb, pn - r, r);
      // Recurse into the smaller-than part, loop on the greater-than part, skipping any part
      // that lies wholly outside the range.
      const left = pb - pa;
      if (left > 1 && overlaps(base, left)) sortPart(base, left);
      const right = pd - pc;
      if (right <= 1) return;
      base = pn - right;
      n = right;
      if (!overlaps(base, n)) return;
    }
  };
  sortPart(0, a.length);
}
