/**
 * Argument parsing shared by every family, with Redis' exact rules: what counts as an
 * integer (string2ll), a float (strtod with Redis' extra checks), and an option token.
 */
import { isCanonicalInt64 } from "../object";

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/**
 * Parses a signed 64-bit integer as Redis' string2ll: optional '-', digits, no '+', no
 * spaces, no leading zeros. Returns a number when it fits in 2^53, else a bigint; null when
 * it is not an integer or out of range.
 */
export function parseInt64(s: string): number | bigint | null {
  if (s.length === 0 || s.length > 20) return null;
  if (s.length < 16) {
    // Fast path: short canonical integers.
    if (!isCanonicalInt64(s)) return null;
    return Number(s);
  }
  if (!isCanonicalInt64(s)) return null;
  const n = BigInt(s);
  if (n < INT64_MIN || n > INT64_MAX) return null;
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/** parseInt64 narrowed to numbers that JS holds exactly; null for bigger values too. */
export function parseSafeInt(s: string): number | null {
  const v = parseInt64(s);
  return typeof v === "number" ? v : null;
}

/**
 * Parses a double as Redis' getDoubleFromObject / string2d: strtod on the whole string, no
 * leading space, NaN rejected. Accepts "inf", "-inf", "+inf", hex floats are not modelled.
 */
export function parseDouble(s: string): number | null {
  if (s.length === 0 || s.length > 5 * 1024) return null;
  const c0 = s.charCodeAt(0);
  if (c0 === 32 || (c0 >= 9 && c0 <= 13)) return null;
  const lower = s.toLowerCase();
  if (lower === "inf" || lower === "+inf" || lower === "infinity" || lower === "+infinity") return Infinity;
  if (lower === "-inf" || lower === "-infinity") return -Infinity;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
  const d = Number(s);
  return Number.isNaN(d) ? null : d;
}

/** Case-insensitive option match, as Redis' strcasecmp on an argument. */
export const is = (arg: string, token: string): boolean =>
  arg.length === token.length && arg.toLowerCase() === token;
