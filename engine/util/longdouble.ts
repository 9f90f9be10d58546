/**
 * C `long double` as Redis on x86-64 uses it for INCRBYFLOAT: the x87 80-bit extended format
 * (64-bit significand with an explicit integer bit, exponents down to subnormal 2^-16445).
 *
 * Redis parses both operands with strtold, adds them in long double and prints the sum with
 * "%.17Lf" before stripping trailing zeros. A JS double gives different text (10.5 + 0.1 is
 * "10.6" in Redis and 10.6 + 1e-15 noise in doubles), so this module does the same steps
 * exactly with BigInt arithmetic: every value is sign × m × 2^e with m < 2^64, every rounding
 * is to nearest with ties to even, as glibc's strtold, the x87 adder and glibc's printf do.
 * Speed is not a goal here: INCRBYFLOAT is rare, and exactness is the point.
 */

export type LongDouble =
  | { readonly kind: "finite"; readonly neg: boolean; readonly m: bigint; readonly e: number }
  | { readonly kind: "inf"; readonly neg: boolean }
  | { readonly kind: "nan" };

/** Significand bits, and the exponent of the smallest subnormal's unit (1 - 16383 - 63). */
const MANT_BITS = 64;
const MIN_E = -16445;
/** Values at or above 2^16384 overflow to infinity. */
const MAX_BITPOS = 16384;
const TWO_64 = 1n << 64n;
const TWO_63 = 1n << 63n;

/** Redis' MAX_LONG_DOUBLE_CHARS: string2ld refuses inputs this long or longer. */
export const MAX_LONG_DOUBLE_CHARS = 5 * 1024;

const ZERO: LongDouble = { kind: "finite", neg: false, m: 0n, e: 0 };
const NEG_ZERO: LongDouble = { kind: "finite", neg: true, m: 0n, e: 0 };

const finite = (neg: boolean, m: bigint, e: number): LongDouble => ({ kind: "finite", neg, m, e });
const inf = (neg: boolean): LongDouble => ({ kind: "inf", neg });

/** Number of bits in a positive bigint. */
export function bitLength(n: bigint): number {
  if (n === 0n) return 0;
  const hex = n.toString(16);
  const top = parseInt(hex[0], 16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(top));
}

/** Shifts left for k >= 0, right (exactly, caller knows) for k < 0. */
const shl = (n: bigint, k: number): bigint => (k >= 0 ? n << BigInt(k) : n >> BigInt(-k));

/** Rounds the exact value n × 2^e (n >= 0) to the format: nearest, ties to even. */
function roundScaled(neg: boolean, n: bigint, e: number): LongDouble {
  if (n === 0n) return neg ? NEG_ZERO : ZERO;
  const len = bitLength(n);
  let t = Math.max(e + len - MANT_BITS, MIN_E);
  let m: bigint;
  if (t <= e) {
    m = n; // fits: no rounding needed
    t = e;
  } else {
    const shift = BigInt(t - e);
    m = n >> shift;
    const rem = n - (m << shift);
    const half = 1n << (shift - 1n);
    if (rem > half || (rem === half && (m & 1n) === 1n)) m++;
    if (m === TWO_64) {
      m = TWO_63;
      t++;
    }
  }
  return finish(neg, m, t);
}

/** Rounds the exact value num / den × 2^e0 (num, den > 0) to the format. */
function roundRational(neg: boolean, num: bigint, den: bigint, e0: number): LongDouble {
  // lb = floor(log2(num / den)), found from bit lengths and corrected by one comparison.
  let lb = bitLength(num) - bitLength(den);
  if (lb >= 0 ? num < den << BigInt(lb) : num << BigInt(-lb) < den) lb--;
  let t = Math.max(lb + e0 - (MANT_BITS - 1), MIN_E);
  const s = e0 - t;
  const n = s >= 0 ? num << BigInt(s) : num;
  const d = s >= 0 ? den : den << BigInt(-s);
  let m = n / d;
  const twiceRem = (n - m * d) * 2n;
  if (twiceRem > d || (twiceRem === d && (m & 1n) === 1n)) m++;
  if (m === TWO_64) {
    m = TWO_63;
    t++;
  }
  return finish(neg, m, t);
}

function finish(neg: boolean, m: bigint, e: number): LongDouble {
  if (m === 0n) return neg ? NEG_ZERO : ZERO;
  if (bitLength(m) + e > MAX_BITPOS) return inf(neg);
  return finite(neg, m, e);
}

/** A JS number (any finite double is exactly representable) as a long double. */
export function fromNumber(x: number): LongDouble {
  if (Number.isNaN(x)) return { kind: "nan" };
  if (!Number.isFinite(x)) return inf(x < 0);
  if (x === 0) return Object.is(x, -0) ? NEG_ZERO : ZERO;
  const neg = x < 0;
  let a = Math.abs(x);
  let e = 0;
  // Scale to an integer by powers of two (exact), then hand over to BigInt.
  while (!Number.isInteger(a)) {
    a *= 2;
    e--;
  }
  return roundScaled(neg, BigInt(a), e);
}

export const fromBigInt = (n: bigint): LongDouble => roundScaled(n < 0n, n < 0n ? -n : n, 0);

const DEC_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const HEX_RE = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const INF_RE = /^([+-]?)(?:inf|infinity)$/i;

/** An exponent text as a number, clamped: anything past ±1e7 is out of range either way. */
function expValue(s: string | undefined): number {
  if (!s) return 0;
  const neg = s[0] === "-";
  const digits = s.replace(/^[+-]?0*/, "");
  if (digits.length > 8) return neg ? -1e8 : 1e8;
  const v = Number(digits || "0");
  return neg ? -v : v;
}

/**
 * strtold over the whole string: decimal or hex notation, "inf"/"infinity". Returns null when
 * strtold would not consume every byte (so spaces, NULs and junk fail) or for NaN. Overflow
 * gives infinity and underflow zero, as strtold returns them; string2ld decides about those.
 */
export function strtold(s: string): { value: LongDouble; range: boolean } | null {
  let m = DEC_RE.exec(s);
  if (m && (m[2] || m[3])) return decimal(m[1] === "-", m[2] + (m[3] ?? ""), expValue(m[4]) - (m[3]?.length ?? 0));
  m = HEX_RE.exec(s);
  if (m && (m[2] || m[3])) {
    const digits = (m[2] + (m[3] ?? "")).replace(/^0+/, "");
    const neg = m[1] === "-";
    if (!digits) return { value: neg ? NEG_ZERO : ZERO, range: false };
    const e = expValue(m[4]) - 4 * (m[3]?.length ?? 0);
    // Far outside the format either way: decided without building huge shifts.
    const top = e + 4 * digits.length;
    if (top > MAX_BITPOS + 8) return { value: inf(neg), range: true };
    if (top < MIN_E - 8) return { value: neg ? NEG_ZERO : ZERO, range: true };
    const value = roundScaled(neg, BigInt("0x" + digits), e);
    return { value, range: value.kind === "inf" || (value.kind === "finite" && value.m === 0n) };
  }
  m = INF_RE.exec(s);
  if (m) return { value: inf(m[1] === "-"), range: false };
  return null;
}

/** digits × 10^exp10, correctly rounded. */
function decimal(neg: boolean, digitsIn: string, exp10: number): { value: LongDouble; range: boolean } {
  let digits = digitsIn.replace(/^0+/, "");
  if (!digits) return { value: neg ? NEG_ZERO : ZERO, range: false };
  const trimmed = digits.replace(/0+$/, "");
  exp10 += digits.length - trimmed.length;
  digits = trimmed;
  // value lies in [10^(mag-1), 10^mag): the format spans about 10^-4951 .. 10^4932.
  const mag = digits.length + exp10;
  if (mag > 4934) return { value: inf(neg), range: true };
  if (mag < -4952) return { value: neg ? NEG_ZERO : ZERO, range: true };
  const d = BigInt(digits);
  // 10^k = 5^k × 2^k, so the power of two goes into the exponent and only 5^k is multiplied.
  const value =
    exp10 >= 0 ? roundScaled(neg, d * 5n ** BigInt(exp10), exp10) : roundRational(neg, d, 5n ** BigInt(-exp10), exp10);
  return { value, range: value.kind === "inf" || (value.kind === "finite" && value.m === 0n) };
}

/**
 * Redis' string2ld: strtold must consume the whole string; no leading space; not too long;
 * no NaN; and a result out of range (overflow to infinity, or a non-zero input that
 * underflowed to zero) is refused. "inf" itself is accepted. Null when not a valid float.
 */
export function string2ld(s: string): LongDouble | null {
  if (s.length === 0 || s.length >= MAX_LONG_DOUBLE_CHARS) return null;
  const r = strtold(s);
  if (!r || r.range) return null;
  return r.value;
}

/** Sum of two long doubles, as the x87 adder gives it (exact, then rounded once). */
export function add(a: LongDouble, b: LongDouble): LongDouble {
  if (a.kind === "nan" || b.kind === "nan") return { kind: "nan" };
  if (a.kind === "inf") return b.kind === "inf" && b.neg !== a.neg ? { kind: "nan" } : a;
  if (b.kind === "inf") return b;
  if (a.m === 0n && b.m === 0n) return a.neg && b.neg ? NEG_ZERO : ZERO;
  if (a.m === 0n) return b;
  if (b.m === 0n) return a;
  const e = Math.min(a.e, b.e);
  const x = shl(a.m, a.e - e);
  const y = shl(b.m, b.e - e);
  const sum = (a.neg ? -x : x) + (b.neg ? -y : y);
  if (sum === 0n) return ZERO; // x + (-x) is +0 when rounding to nearest
  return roundScaled(sum < 0n, sum < 0n ? -sum : sum, e);
}

export const isFiniteLD = (x: LongDouble): boolean => x.kind === "finite";

const TEN_17 = 10n ** 17n;

/** printf("%.17Lf"): the exact binary value rounded to 17 decimals, ties to even. */
export function formatFixed17(x: LongDouble): string {
  if (x.kind === "nan") return "nan";
  if (x.kind === "inf") return x.neg ? "-inf" : "inf";
  const sign = x.neg ? "-" : "";
  if (x.e >= 0) return `${sign}${(x.m << BigInt(x.e)).toString()}.00000000000000000`;
  const k = BigInt(-x.e);
  const scaled = x.m * TEN_17;
  let q = scaled >> k;
  const rem = scaled - (q << k);
  const half = 1n << (k - 1n);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q++;
  const ip = q / TEN_17;
  const fp = (q % TEN_17).toString().padStart(17, "0");
  return `${sign}${ip}.${fp}`;
}

/**
 * Redis' ld2string in LD_STR_HUMAN mode: "%.17Lf", then trailing zeros (and a bare '.')
 * dropped, and "-0" written as "0".
 */
export function formatHuman(x: LongDouble): string {
  if (x.kind === "nan") return "nan";
  if (x.kind === "inf") return x.neg ? "-inf" : "inf";
  let s = formatFixed17(x);
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48 /* 0 */) end--;
  if (s.charCodeAt(end - 1) === 46 /* . */) end--;
  s = s.slice(0, end);
  return s === "-0" ? "0" : s;
}
