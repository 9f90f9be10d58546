/**
 * The arguments of SCAN, HSCAN, SSCAN and ZSCAN, parsed once for all four as Redis 7.0's
 * scanGenericCommand and parseScanCursorOrReply do.
 *
 * What the four share, and what a per-command copy tends to get subtly wrong:
 * - Options are read left to right; a repeated option overwrites the earlier one, and the
 *   first bad option answers (COUNT x → not an integer; COUNT below 1 → syntax error; an
 *   option without its value, or an unknown one → syntax error).
 * - Option names are compared with strcasecmp, i.e. as C strings: case-insensitive and ending
 *   at a NUL byte, so "COUNT\0junk" is COUNT.
 * - TYPE exists only for SCAN (Redis accepts it only when no key object is being scanned);
 *   HSCAN/SSCAN/ZSCAN treat it as an unknown option.
 * - MATCH "*" is no pattern at all (Redis skips matching); any other text, "**" included,
 *   is a glob pattern, binary-safe.
 * The order of checks around the options (cursor, then key lookup and type, then options)
 * belongs to the callers: the keyed commands answer an empty page for a missing key without
 * reading the options.
 */
import { E } from "../errors";
import type { Reply } from "../reply";
import { parseInt64 } from "./args";

export interface ScanOptions {
  /** How many elements (or buckets' worth) to visit: COUNT, 10 by default, at least 1. */
  count: number;
  /** The MATCH glob; null when absent or "*". */
  pattern: string | null;
  /** SCAN's TYPE, lower-cased and cut at a NUL byte as strcasecmp reads it; null when absent. */
  type: string | null;
}

/** The text strcasecmp sees: up to the first NUL byte. */
const cString = (s: string): string => {
  const nul = s.indexOf("\0");
  return nul === -1 ? s : s.slice(0, nul);
};

/** strcasecmp(arg, name) == 0 for a lower-case name. */
const isName = (arg: string, name: string): boolean => {
  const s = cString(arg);
  return s.length === name.length && s.toLowerCase() === name;
};

/** Whether parseScanOptions answered with an error. */
export const isScanError = (r: ScanOptions | Reply): r is Reply => "t" in r;

/** The COUNT hint a SCAN-family call without COUNT uses (Redis' scanGenericCommand default). */
export const SCAN_DEFAULT_COUNT = 10;

/**
 * Parses argv[from..] as SCAN options (TYPE allowed only when `allowType`). Returns the
 * options or the error Redis replies with.
 */
export function parseScanOptions(argv: readonly string[], from: number, allowType: boolean): ScanOptions | Reply {
  const opts: ScanOptions = { count: SCAN_DEFAULT_COUNT, pattern: null, type: null };
  for (let i = from; i < argv.length; i += 2) {
    // Every option takes a value: a last word on its own is a syntax error whatever it says.
    const hasValue = i + 1 < argv.length;
    const arg = argv[i];
    if (hasValue && isName(arg, "count")) {
      const v = parseInt64(argv[i + 1]);
      if (v === null) return E.NOT_INTEGER;
      if (v < 1) return E.SYNTAX;
      // A long: anything past 2^53 visits the whole collection anyway.
      opts.count = typeof v === "number" ? v : Number.MAX_SAFE_INTEGER;
    } else if (hasValue && isName(arg, "match")) {
      opts.pattern = argv[i + 1] === "*" ? null : argv[i + 1];
    } else if (hasValue && allowType && isName(arg, "type")) {
      opts.type = cString(argv[i + 1]).toLowerCase();
    } else {
      return E.SYNTAX;
    }
  }
  return opts;
}

const MAX_U64 = (1n << 64n) - 1n;
const isCSpace = (ch: number): boolean => ch === 32 || (ch >= 9 && ch <= 13);

/**
 * parseScanCursorOrReply: strtoul's rules as Redis applies them. The text is read as a C
 * string (it ends at a NUL byte), may start with + or - (a negative cursor wraps around, as
 * in C), must not start with a space, and must be fully consumed; an empty cursor is 0.
 * Returns the cursor as a bigint, or null when invalid.
 */
export function parseScanCursor(arg: string): bigint | null {
  if (arg.length && isCSpace(arg.charCodeAt(0))) return null;
  const s = cString(arg);
  if (s.length === 0) return 0n;
  const m = /^([+-]?)([0-9]+)$/.exec(s);
  if (!m) return null;
  const magnitude = BigInt(m[2]);
  if (magnitude > MAX_U64) return null; // ERANGE
  return m[1] === "-" ? (MAX_U64 + 1n - magnitude) & MAX_U64 : magnitude;
}

/**
 * A cursor as a position in our tables. Our cursors are the tables' own positions, which stay
 * below 2^53; a larger one is simply past the end.
 */
export const cursorPosition = (cursor: bigint): number =>
  cursor > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(cursor);
