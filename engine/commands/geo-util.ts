/**
 * Number parsing, number printing and sorting exactly as the GEO commands do them in Redis 7.0:
 * strtod with getDoubleFromObject's checks, printf's "%f" / "%.4f" (exact decimal expansion,
 * ties to even), ld2string's human format for coordinates, and the partial quicksort Redis
 * uses when COUNT keeps only the nearest N (its order among equal distances is part of the
 * reply, so the algorithm itself has to be the same).
 */
import { parseDouble } from "./args";

// ---- Parsing ---------------------------------------------------------------------------------

const HEX_FLOAT = /^([+-]?)0x([0-9a-f]*)(?:\.([0-9a-f]*))?(?:p([+-]?\d+))?$/i;
const NONZERO_DIGIT = /[1-9]/;

/**
 * Redis' getDoubleFromObject: the whole string must be a strtod number (decimal, hex float,
 * inf/infinity), with no leading space, not NaN, and not out of range (overflow to ±inf or
 * underflow to zero from a non-zero text are errors; a subnormal result is accepted).
 */
export function parseStrtod(s: string): number | null {
  const hex = HEX_FLOAT.exec(s);
  if (hex) return parseHexFloat(hex);
  const d = parseDouble(s);
  if (d === null) return null;
  const lower = s.toLowerCase();
  if (!Number.isFinite(d) && !lower.includes("inf")) return null; // overflow (ERANGE, HUGE_VAL)
  if (d === 0) {
    // Underflow to zero sets ERANGE: only a mantissa with a non-zero digit can underflow.
    const mantissa = lower.split("e")[0];
    if (NONZERO_DIGIT.test(mantissa)) return null;
  }
  return d;
}

function parseHexFloat(m: RegExpExecArray): number | null {
  const [, sign, intPart, fracPart = "", expPart] = m;
  if (intPart.length + fracPart.length === 0) return null; // "0x" alone is just the "0"
  const digits = (intPart + fracPart).replace(/^0+/, "") || "0";
  let value = 0;
  // Exact enough for what anyone types; long mantissas round once per 13 hex digits.
  for (const ch of digits) value = value * 16 + parseInt(ch, 16);
  const exp = (expPart ? Number(expPart) : 0) - 4 * fracPart.length;
  const d = value * 2 ** exp;
  if (!Number.isFinite(d) || (d === 0 && value !== 0)) return null;
  return sign === "-" ? -d : d;
}

// ---- Printing --------------------------------------------------------------------------------

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** Index of the high word of a double in U32 (little-endian hosts: 1). */
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/** A finite non-negative double as m × 2^e with m an integer. */
function decompose(a: number): [m: bigint, e: number] {
  F64[0] = a;
  const hi = U32[HI];
  const lo = U32[LO];
  const exp = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (exp === 0) return [frac, -1074];
  return [frac | (1n << 52n), exp - 1075];
}

/** Exact "%.<digits>f" of a finite double through big integers, rounding ties to even. */
function fixedExact(x: number, digits: number): string {
  const neg = x < 0 || Object.is(x, -0);
  const [m, e] = decompose(Math.abs(x));
  const pow = 10n ** BigInt(digits);
  let q: bigint;
  if (e >= 0) {
    q = (m << BigInt(e)) * pow;
  } else {
    const k = BigInt(-e);
    const scaled = m * pow;
    q = scaled >> k;
    const rem = scaled - (q << k);
    const half = 1n << (k - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q++;
  }
  const ip = (q / pow).toString();
  const fp = digits > 0 ? "." + (q % pow).toString().padStart(digits, "0") : "";
  return `${neg ? "-" : ""}${ip}${fp}`;
}

/**
 * C's printf("%.<digits>f"): the exact binary value rounded to `digits` decimals, ties to even,
 * every integer digit written out, "-0.0…" kept. JS toFixed agrees except on exact ties (where
 * it rounds away) and above 1e21 (where it switches to exponent form), so those take the exact
 * path; a tie at d decimals is a value that is an odd multiple of 2^-(d+1).
 */
export function formatFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (Math.abs(x) < 1e21 && !Object.is(x, -0)) {
    const s = x * 2 ** (digits + 1);
    if (!(Number.isInteger(s) && s % 2 !== 0)) return x.toFixed(digits);
  }
  return fixedExact(x, digits);
}

/**
 * ld2string(LD_STR_HUMAN): "%.17Lf" of the value (a double widened to long double is the same
 * number), then trailing zeros and a bare '.' dropped, and "-0" written as "0". This is how
 * GEOPOS and WITHCOORD print coordinates, in RESP2 as bulk strings and in RESP3 as doubles.
 */
export function formatHuman(x: number): string {
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  let s = formatFixed(x, 17);
  let end = s.length;
  if (s.includes(".")) {
    while (s.charCodeAt(end - 1) === 48 /* 0 */) end--;
    if (s.charCodeAt(end - 1) === 46 /* . */) end--;
  }
  s = s.slice(0, end);
  return s === "-0" ? "0" : s;
}

// ---- Sorting ---------------------------------------------------------------------------------

export type Comparator<T> = (a: T, b: T) => number;

/**
 * Redis' pqsort: the Bentley–McIlroy quicksort (NetBSD's qsort) that only recurses into the
 * partitions overlapping positions [lrange, rrange], so those positions end up as in a full
 * sort while the rest stay partially ordered. Not stable: equal elements move as it swaps
 * them, which is why it is reproduced step for step instead of using Array.sort. (7.0's copy
 * has no switch to insertion sort after a swap-free partition; later versions added one.)
 */
export function pqsort<T>(a: T[], lrange: number, rrange: number, cmp: Comparator<T>): void {
  partialSort(a, 0, a.length, cmp, lrange, rrange);
}

function partialSort<T>(a: T[], base: number, n: number, cmp: Comparator<T>, lrange: number, rrange: number): void {
  const swap = (i: number, j: number) => {
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  };
  const vecswap = (i: number, j: number, count: number) => {
    for (let k = 0; k < count; k++) swap(i + k, j + k);
  };
  const insertion = (lo: number, len: number) => {
    for (let pm = lo + 1; pm < lo + len; pm++)
      for (let pl = pm; pl > lo && cmp(a[pl - 1], a[pl]) > 0; pl--) swap(pl, pl - 1);
  };
  const med3 = (i: number, j: number, k: number): number =>
    cmp(a[i], a[j]) < 0
      ? cmp(a[j], a[k]) < 0
        ? j
        : cmp(a[i], a[k]) < 0
          ? k
          : i
      : cmp(a[j], a[k]) > 0
        ? j
        : cmp(a[i], a[k]) < 0
          ? i
          : k;

  for (;;) {
    if (n < 7) {
      insertion(base, n);
      return;
    }
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
    let pa = base + 1;
    let pb = pa;
    let pc = base + n - 1;
    let pd = pc;
    for (;;) {
      let r: number;
      while (pb <= pc && (r = cmp(a[pb], a[base])) <= 0) {
        if (r === 0) {
          swap(pa, pb);
          pa++;
        }
        pb++;
      }
      while (pb <= pc && (r = cmp(a[pc], a[base])) >= 0) {
        if (r === 0) {
          swap(pc, pd);
          pd--;
        }
        pc--;
      }
      if (pb > pc) break;
      swap(pb, pc);
      pb++;
      pc--;
    }
    const pn = base + n;
    let r = Math.min(pa - base, pb - pa);
    vecswap(base, pb - r, r);
    r = Math.min(pd - pc, pn - pd - 1);
    vecswap(pb, pn - r, r);
    // Recurse into the left part, loop on the right part, skipping parts outside the range.
    if ((r = pb - pa) > 1) {
      const lo = base;
      const hi = base + r - 1;
      if (!((lrange < lo && rrange < lo) || (lrange > hi && rrange > hi))) partialSort(a, lo, r, cmp, lrange, rrange);
    }
    if ((r = pd - pc) > 1) {
      base = pn - r;
      n = r;
      const hi = base + r - 1;
      if (!((lrange < base && rrange < base) || (lrange > hi && rrange > hi))) continue;
    }
    return;
  }
}
