/**
 * Number printing exactly as the GEO commands do it in Redis 7.0: printf's "%f" / "%.4f"
 * (exact decimal expansion, ties to even) and ld2string's human format for coordinates.
 * (Numbers are read with string2d from engine/util/strtod.ts; COUNT's partial sort is
 * engine/util/pqsort.ts.)
 */

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
