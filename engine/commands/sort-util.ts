/**
 * The C library behaviour SORT's output depends on, reproduced exactly:
 *
 * - strtod as sortCommand calls it: on a C string (bytes after a NUL are invisible), leading
 *   white space skipped, decimal or hex notation, inf/infinity, and errno's ERANGE for an
 *   overflow or for an inexact result below DBL_MIN (so "1e-310" is refused but the exactly
 *   representable "0x1p-1070" is not). An empty string reads as 0.
 * - errno itself: SORT tests it without clearing it first, so an ERANGE left by an earlier
 *   command (another SORT, INCRBYFLOAT 1e5000, ZADD 1e400 …) fails a later SORT of perfectly
 *   good numbers, until something clears errno again: a command that sets errno = 0 before
 *   its own strtod/strtold, or a new connection (engine/util/errno.ts keeps that state).
 * - strcoll, which ALPHA uses when it does not STORE: under the C and C.UTF-8 locales Redis
 *   runs with it is strcmp, comparing unsigned bytes up to the first NUL.
 * - Redis' pqsort (BSD's Bentley–McIlroy quicksort, pruned to a range), used for BY with
 *   LIMIT: it is not stable, so elements that compare equal come out in the order its swaps
 *   leave them in, and that order is part of the reply. glibc's qsort, used otherwise, is a
 *   merge sort here, i.e. stable, which Array.prototype.sort reproduces.
 */

// ---- strtod ------------------------------------------------------------------------------

const DBL_MIN = 2 ** -1022;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const HEX = /^([+-]?)0[xX]((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+))(?:[pP]([+-]?\d+))?/;
const INF_NAN = /^[+-]?(?:infinity|inf|nan(?:\([0-9A-Za-z_]*\))?)/i;

const isCSpace = (ch: number): boolean => ch === 32 || (ch >= 9 && ch <= 13);

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** H × 2^p rounded to a double (nearest, ties to even), and whether that lost anything. */
function roundBinary(h: bigint, p: number): { value: number; inexact: boolean } {
  if (h === 0n) return { value: 0, inexact: false };
  const top = bitLength(h) - 1 + p; // exponent of the leading bit
  if (top > 1100) return { value: Infinity, inexact: true };
  if (top < -1100) return { value: 0, inexact: true };
  // Keep 53 significant bits, or fewer where the result is subnormal (grid 2^-1074).
  let shift = top >= -1022 ? bitLength(h) - 53 : -1074 - p;
  if (shift < 0) shift = 0;
  let m = h >> BigInt(shift);
  const rest = h - (m << BigInt(shift));
  if (shift > 0) {
    const half = 1n << BigInt(shift - 1);
    if (rest > half || (rest === half && (m & 1n) === 1n)) m++;
  }
  const value = Number(m) * 2 ** (p + shift);
  return { value, inexact: rest !== 0n };
}

/** What strtod reports: the value, whether it read the whole C string, whether it set ERANGE. */
export interface StrtodResult {
  value: number;
  complete: boolean;
  erange: boolean;
}

const INCOMPLETE: StrtodResult = { value: 0, complete: false, erange: false };

/**
 * strtod on the C string `arg` (it ends at the first NUL): leading white space skipped,
 * decimal or hex notation, inf/infinity/nan; ERANGE on overflow, and on an inexact result
 * below DBL_MIN. An empty string converts nothing but leaves the end pointer on the NUL, so
 * it reads as a complete 0. A text with trailing junk is reported incomplete (whatever its
 * prefix would have set errno to is not modelled).
 */
export function cStrtod(arg: string): StrtodResult {
  const nul = arg.indexOf("\0");
  const s = nul === -1 ? arg : arg.slice(0, nul);
  if (s.length === 0) return { value: 0, complete: true, erange: false };
  let i = 0;
  while (i < s.length && isCSpace(s.charCodeAt(i))) i++;
  const t = s.slice(i);
  const neg = t[0] === "-";
  const special = INF_NAN.exec(t);
  if (special) {
    if (special[0].length !== t.length) return INCOMPLETE;
    return { value: /nan/i.test(special[0]) ? NaN : neg ? -Infinity : Infinity, complete: true, erange: false };
  }
  const hex = HEX.exec(t);
  if (hex) {
    if (hex[0].length !== t.length) return INCOMPLETE;
    const [int, frac = ""] = hex[2].split(".");
    const exp = hex[3] === undefined ? 0 : Math.max(-100000, Math.min(100000, Number(hex[3])));
    const r = roundBinary(BigInt("0x" + (int + frac || "0")), exp - 4 * frac.length);
    const erange = !Number.isFinite(r.value) || (r.inexact && r.value < DBL_MIN);
    return { value: neg ? -r.value : r.value, complete: true, erange };
  }
  const dec = DECIMAL.exec(t);
  if (!dec || dec[0].length !== t.length) return INCOMPLETE;
  const abs = Math.abs(Number(t));
  // Overflow gives HUGE_VAL with ERANGE; an inexact tiny result (underflow) sets ERANGE too.
  const erange = !Number.isFinite(abs) || (abs < DBL_MIN && !exactDecimal(t, abs));
  return { value: neg ? -abs : abs, complete: true, erange };
}

/** True when the decimal text denotes exactly the (tiny, non-negative) double `d`. */
function exactDecimal(text: string, d: number): boolean {
  const m = /^[+-]?(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return false;
  const digits = BigInt((m[1] + m[2]).replace(/^0+/, "") || "0");
  if (digits === 0n) return d === 0;
  if (d === 0) return false;
  const exp10 = Number(m[3] ?? "0") - m[2].length;
  // d is a multiple of 2^-1074: d = k × 2^-1074, k < 2^52.
  const k = BigInt(d / 2 ** -1074);
  if (exp10 >= 0) return false; // an integer >= 1 is never below DBL_MIN
  // digits × 10^exp10 == k × 2^-1074  ⟺  digits × 2^1074 == k × 10^-exp10
  if (-exp10 > 2000) return false;
  return digits << 1074n === k * 10n ** BigInt(-exp10);
}

// ---- strcoll -----------------------------------------------------------------------------

/** strcoll in the C / C.UTF-8 locale: strcmp, unsigned bytes, ending at the first NUL. */
export function strcollC(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x - y; // a NUL here is smaller than any other byte, as in C
    if (x === 0) return 0;
  }
  if (a.length === b.length) return 0;
  // The shorter one ends (its terminating NUL) where the longer one may have a NUL too.
  const next = a.length > b.length ? a.charCodeAt(n) : b.charCodeAt(n);
  if (next === 0) return 0;
  return a.length > b.length ? 1 : -1;
}

/** compareStringObjects: memcmp over the common length, then the shorter one first. */
export const binaryCompare = (a: string, b: string): number => (a === b ? 0 : a < b ? -1 : 1);

// ---- pqsort ------------------------------------------------------------------------------

export type Comparator<T> = (a: T, b: T) => number;

/**
 * Sorts a[] so that positions lrange..rrange hold what a full sort would put there, with
 * Redis' pqsort steps: median-of-three (ninther above 40 elements) pivots, three-way
 * partitioning that parks equal elements at both ends and swaps them back to the middle,
 * insertion sort below 7 elements or when a pass swapped nothing, and no descent into a
 * partition that lies wholly outside the range.
 */
export function pqsort<T>(a: T[], cmp: Comparator<T>, lrange: number, rrange: number): void {
  const swap = (i: number, j: number): void => {
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  };
  const blockSwap = (i: number, j: number, n: number): void => {
    for (let k = 0; k < n; k++) swap(i + k, j + k);
  };
  const insertionSort = (lo: number, n: number): void => {
    for (let m = lo + 1; m < lo + n; m++) {
      for (let l = m; l > lo && cmp(a[l - 1], a[l]) > 0; l--) swap(l, l - 1);
    }
  };
  const med3 = (i: number, j: number, k: number): number => {
    if (cmp(a[i], a[j]) < 0) return cmp(a[j], a[k]) < 0 ? j : cmp(a[i], a[k]) < 0 ? k : i;
    return cmp(a[j], a[k]) > 0 ? j : cmp(a[i], a[k]) < 0 ? i : k;
  };
  /** True when [lo, lo + n) has a position in [lrange, rrange]. */
  const overlaps = (lo: number, n: number): boolean =>
    !((lrange < lo && rrange < lo) || (lrange >= lo + n && rrange >= lo + n));

  const sortPart = (lo: number, n: number): void => {
    for (;;) {
      if (n < 7) {
        insertionSort(lo, n);
        return;
      }
      let pm = lo + (n >>> 1);
      if (n > 7) {
        let pl = lo;
        let pn = lo + n - 1;
        if (n > 40) {
          const d = Math.floor(n / 8);
          pl = med3(pl, pl + d, pl + 2 * d);
          pm = med3(pm - d, pm, pm + d);
          pn = med3(pn - 2 * d, pn - d, pn);
        }
        pm = med3(pl, pm, pn);
      }
      swap(lo, pm);
      let pa = lo + 1;
      let pb = pa;
      let pc = lo + n - 1;
      let pd = pc;
      let swapped = false;
      for (;;) {
        let r = 0;
        while (pb <= pc && (r = cmp(a[pb], a[lo])) <= 0) {
          if (r === 0) {
            swapped = true;
            swap(pa++, pb);
          }
          pb++;
        }
        while (pb <= pc && (r = cmp(a[pc], a[lo])) >= 0) {
          if (r === 0) {
            swapped = true;
            swap(pc, pd--);
          }
          pc--;
        }
        if (pb > pc) break;
        swap(pb++, pc--);
        swapped = true;
      }
      if (!swapped) {
        insertionSort(lo, n);
        return;
      }
      const end = lo + n;
      let r = Math.min(pa - lo, pb - pa);
      blockSwap(lo, pb - r, r);
      r = Math.min(pd - pc, end - pd - 1);
      blockSwap(pb, end - r, r);
      const left = pb - pa;
      if (left > 1 && overlaps(lo, left)) sortPart(lo, left);
      const right = pd - pc;
      if (right <= 1) return;
      lo = end - right;
      n = right;
      if (!overlaps(lo, n)) return;
    }
  };
  sortPart(0, a.length);
}
