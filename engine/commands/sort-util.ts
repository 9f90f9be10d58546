/**
 * The C library behaviour SORT's output depends on, reproduced exactly:
 *
 * - strtod as sortCommand calls it: on a C string (bytes after a NUL are invisible), leading
 *   white space skipped, decimal or hex notation, inf/infinity, and errno's ERANGE for an
 *   overflow or for an inexact result below DBL_MIN (so "1e-310" is refused but the exactly
 *   representable "0x1p-1070" is not). An empty string reads as 0. (engine/util/strtod.ts)
 * - errno itself: SORT tests it without clearing it first, so an ERANGE left by an earlier
 *   command (another SORT, INCRBYFLOAT 1e5000, ZADD 1e400 …) fails a later SORT of perfectly
 *   good numbers, until something clears errno again: a command that sets errno = 0 before
 *   its own strtod/strtold, or a new connection (engine/util/errno.ts keeps that state).
 * - strcoll, which ALPHA uses when it does not STORE: under the C and C.UTF-8 locales Redis
 *   runs with it is strcmp, comparing unsigned bytes up to the first NUL.
 * (Redis' pqsort, used for BY with LIMIT, is engine/util/pqsort.ts. glibc's qsort, used
 * otherwise, is a merge sort here, i.e. stable, which Array.prototype.sort reproduces.)
 */
import { strtod } from "../util/strtod";

// ---- strtod ------------------------------------------------------------------------------

/** What SORT makes of strtod: the value, whether it read the whole C string, ERANGE. */
export interface StrtodResult {
  value: number;
  complete: boolean;
  erange: boolean;
}

/**
 * strtod on the C string `arg`, as sortCommand checks it: complete when the parse ends at the
 * string's end or at a NUL ("" and "\0junk" read as 0). ERANGE is whatever strtod set, also
 * for a text that then fails for its trailing junk ("1e400x"): it stays in errno all the same.
 */
export function cStrtod(arg: string): StrtodResult {
  const r = strtod(arg);
  const complete = r.end === arg.length || arg.charCodeAt(r.end) === 0;
  return { value: r.value, complete, erange: r.erange };
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
