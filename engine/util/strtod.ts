/**
 * C's strtod as glibc does it in the C locale, the one number reader behind every Redis 7.0
 * place that calls strtod (scores and range bounds, GEO coordinates and radii, SORT scores).
 * Each caller adds its own rules on top (whole string or up to a NUL, leading space allowed
 * or not, which ERANGE results it refuses); this module only reports what strtod itself gives:
 *
 * - the value: leading white space (isspace: " \t\n\v\f\r") skipped, an optional sign, then
 *   "inf"/"infinity", "nan"/"nan(chars)" (any case), a hexadecimal float ("0x1.8p3", exact,
 *   rounded once to nearest-even, subnormals included) or a decimal one (correctly rounded);
 * - the end: the index just past the last character read, or `from` when nothing was read
 *   (as strtod sets *endptr = nptr, even past skipped spaces). A NUL is not part of any
 *   number, so a caller treating the text as a C string only has to look at s[end];
 * - erange: errno == ERANGE, i.e. the result overflowed to ±inf, or it is below DBL_MIN in
 *   magnitude and inexact (so "1e-310" sets it, a denormal written exactly, "0x1p-1070",
 *   does not, and "1e-400" gives 0 with ERANGE). "inf" and exact zeros never set it.
 */

export interface StrtodResult {
  value: number;
  /** Index just past the number; `from` when nothing was converted. */
  end: number;
  /** errno == ERANGE after the call. */
  erange: boolean;
}

const DBL_MIN = 2 ** -1022;

const isCSpace = (ch: number): boolean => ch === 32 || (ch >= 9 && ch <= 13);
const isDigit = (ch: number): boolean => ch >= 48 && ch <= 57;
const hexValue = (ch: number): number =>
  ch >= 48 && ch <= 57 ? ch - 48 : ch >= 97 && ch <= 102 ? ch - 87 : ch >= 65 && ch <= 70 ? ch - 55 : -1;
const NAN_CHAR = /[0-9A-Za-z_]/;

/** strtod(s + from, &end). */
export function strtod(s: string, from = 0): StrtodResult {
  let i = from;
  while (i < s.length && isCSpace(s.charCodeAt(i))) i++;
  let neg = false;
  if (s[i] === "+" || s[i] === "-") {
    neg = s[i] === "-";
    i++;
  }
  const sign = (v: number): number => (neg ? -v : v);
  const word = s.slice(i, i + 8).toLowerCase();
  if (word.startsWith("inf")) {
    return { value: sign(Infinity), end: i + (word === "infinity" ? 8 : 3), erange: false };
  }
  if (word.startsWith("nan")) {
    let end = i + 3;
    if (s[end] === "(") {
      let j = end + 1;
      while (j < s.length && NAN_CHAR.test(s[j])) j++;
      if (s[j] === ")") end = j + 1;
    }
    return { value: NaN, end, erange: false };
  }
  if (s[i] === "0" && (s[i + 1] === "x" || s[i + 1] === "X")) {
    const hex = readHex(s, i + 2);
    if (hex) return { value: sign(hex.value), end: hex.end, erange: hex.erange };
    // "0x" with no hex digit after it: the number is the "0".
  }
  return readDecimal(s, i, from, sign);
}

function readDecimal(s: string, i: number, from: number, sign: (v: number) => number): StrtodResult {
  const start = i;
  let digits = 0;
  for (; i < s.length && isDigit(s.charCodeAt(i)); i++) digits++;
  if (s[i] === ".") {
    for (i++; i < s.length && isDigit(s.charCodeAt(i)); i++) digits++;
  }
  if (digits === 0) return { value: 0, end: from, erange: false };
  if (s[i] === "e" || s[i] === "E") {
    let j = i + 1;
    if (s[j] === "+" || s[j] === "-") j++;
    if (j < s.length && isDigit(s.charCodeAt(j))) {
      while (j < s.length && isDigit(s.charCodeAt(j))) j++;
      i = j; // an "e" without digits is not part of the number
    }
  }
  const text = s.slice(start, i);
  // JS reads the same grammar ("5.", ".5", "1.e3") with the same correct rounding.
  const abs = Number(text);
  const erange = !Number.isFinite(abs) || (abs < DBL_MIN && !exactTiny(text, abs));
  return { value: sign(abs), end: i, erange };
}

/** True when the unsigned decimal `text` denotes exactly `d`, a double below DBL_MIN. */
function exactTiny(text: string, d: number): boolean {
  const m = /^(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return false;
  const digits = BigInt((m[1] + m[2]).replace(/^0+/, "") || "0");
  if (digits === 0n) return d === 0;
  if (d === 0) return false;
  const exp10 = Number(m[3] ?? "0") - m[2].length;
  if (exp10 >= 0 || -exp10 > 2000) return false; // >= 1, or far too long to be exact
  // d = k × 2^-1074; digits × 10^exp10 == k × 2^-1074  ⟺  digits × 2^1074 == k × 10^-exp10.
  const k = BigInt(d / 2 ** -1074);
  return digits << 1074n === k * 10n ** BigInt(-exp10);
}

/** The hexadecimal float after "0x" at `i`; null when no hex digit follows. */
function readHex(s: string, i: number): { value: number; end: number; erange: boolean } | null {
  let mant = 0n;
  let exp = 0;
  let digits = 0;
  for (; i < s.length && hexValue(s.charCodeAt(i)) >= 0; i++, digits++) mant = mant * 16n + BigInt(hexValue(s.charCodeAt(i)));
  if (s[i] === "." && (digits > 0 || hexValue(s.charCodeAt(i + 1)) >= 0)) {
    for (i++; i < s.length && hexValue(s.charCodeAt(i)) >= 0; i++, digits++) {
      mant = mant * 16n + BigInt(hexValue(s.charCodeAt(i)));
      exp -= 4;
    }
  }
  if (digits === 0) return null;
  if (s[i] === "p" || s[i] === "P") {
    let j = i + 1;
    let eneg = false;
    if (s[j] === "+" || s[j] === "-") eneg = s[j++] === "-";
    if (j < s.length && isDigit(s.charCodeAt(j))) {
      let e = 0;
      // Clamped: past this every mantissa has long since overflowed or underflowed.
      for (; j < s.length && isDigit(s.charCodeAt(j)); j++) e = Math.min(1e6, e * 10 + s.charCodeAt(j) - 48);
      exp += eneg ? -e : e;
      i = j;
    }
  }
  const r = roundBinary(mant, exp);
  return { value: r.value, end: i, erange: !Number.isFinite(r.value) || (r.inexact && r.value < DBL_MIN) };
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** h × 2^p rounded once to a double (nearest, ties to even), and whether that lost anything. */
function roundBinary(h: bigint, p: number): { value: number; inexact: boolean } {
  if (h === 0n) return { value: 0, inexact: false };
  const top = bitLength(h) - 1 + p; // exponent of the leading bit
  if (top > 1100) return { value: Infinity, inexact: true };
  if (top < -1100) return { value: 0, inexact: true };
  // Keep 53 significant bits, or fewer where the result is subnormal (grid 2^-1074).
  const shift = Math.max(0, top >= -1022 ? bitLength(h) - 53 : -1074 - p);
  let m = h >> BigInt(shift);
  const rest = h - (m << BigInt(shift));
  if (shift > 0) {
    const half = 1n << BigInt(shift - 1);
    if (rest > half || (rest === half && (m & 1n) === 1n)) m++;
  }
  return { value: Number(m) * 2 ** (p + shift), inexact: rest !== 0n };
}

/**
 * Redis' string2d, behind getDoubleFromObject (ZADD scores, ZINCRBY, WEIGHTS, GEO
 * coordinates and radii): strtod must read the whole string (a NUL included), which must not
 * be empty or start with white space; NaN is refused, and so is an ERANGE result that
 * overflowed to ±inf or underflowed to zero. An inexact denormal ("1e-310") is accepted.
 */
export function string2d(s: string): number | null {
  if (s.length === 0 || isCSpace(s.charCodeAt(0))) return null;
  const r = strtod(s);
  if (r.end !== s.length || Number.isNaN(r.value)) return null;
  if (r.erange && (!Number.isFinite(r.value) || r.value === 0)) return null;
  return r.value;
}
