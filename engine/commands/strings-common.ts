/**
 * Helpers shared by the string command files: how a stored value is encoded, how option
 * tokens are read, and how EX/PX/EXAT/PXAT arguments become absolute instants.
 */
import { E, invalidExpireTime } from "../errors";
import { EMBSTR_LIMIT, isCanonicalInt64, newString, type StringEncoding, type StringObject } from "../object";
import type { Reply } from "../reply";
import { parseInt64 } from "./args";

/**
 * tryObjectEncoding's choice for a value stored as given (SET, MSET, GETSET, SETNX, SETEX,
 * APPEND on a missing key): int for a canonical 64-bit integer (at most 20 chars), embstr up
 * to 44 bytes, raw beyond. The first-char test keeps the common non-numeric case cheap.
 */
export function encodingFor(v: string): StringEncoding {
  const n = v.length;
  if (n > EMBSTR_LIMIT) return "raw";
  if (n !== 0 && n <= 20) {
    const c0 = v.charCodeAt(0);
    if (((c0 >= 48 && c0 <= 57) || c0 === 45) && isCanonicalInt64(v)) return "int";
  }
  return "embstr";
}

/** A value as SET stores it. */
export const storedString = (v: string): StringObject => newString(v, encodingFor(v));

/** A value built by the server (INCRBYFLOAT's text): createStringObject, embstr or raw by length. */
export const createdString = (v: string): StringObject => newString(v, v.length <= EMBSTR_LIMIT ? "embstr" : "raw");

/** A value APPEND or SETRANGE modified: dbUnshareStringValue always leaves a raw sds. */
export const rawString = (v: string): StringObject => newString(v, "raw");

/**
 * An option argument as Redis compares it: as a C string, so it ends at the first NUL byte
 * ("NX\0junk" is NX), lowercased. Long arguments cannot be options; they come back empty.
 */
export function optionToken(arg: string, maxLen = 12): string {
  const nul = arg.indexOf("\0");
  const t = nul === -1 ? arg : arg.slice(0, nul);
  return t.length <= maxLen ? t.toLowerCase() : "";
}

const LLONG_MAX = (1n << 63n) - 1n;
const LLONG_MAX_DIV_1000 = LLONG_MAX / 1000n;

/**
 * getExpireMillisecondsOrReply: the expire argument as an absolute instant in ms (a bigint
 * only beyond 2^53), or the error reply. Relative forms (EX/PX) add `now`; seconds are multiplied by 1000. Values that
 * are not positive, or that overflow a signed 64-bit once converted, are invalid.
 */
export function expireInstant(
  arg: string,
  seconds: boolean,
  relative: boolean,
  now: number,
  command: string,
): number | bigint | Reply {
  const v = parseInt64(arg);
  if (v === null) return E.NOT_INTEGER;
  if (typeof v === "number" && v > 0 && v < 1e12) {
    // Common case: every step stays exact within a double.
    return (seconds ? v * 1000 : v) + (relative ? now : 0);
  }
  let ms = BigInt(v);
  if (ms <= 0n || (seconds && ms > LLONG_MAX_DIV_1000)) return invalidExpireTime(command);
  if (seconds) ms *= 1000n;
  if (relative) ms += BigInt(now);
  // In C the sum wraps to a negative number, which the same "<= 0" check refuses.
  if (ms > LLONG_MAX) return invalidExpireTime(command);
  // Past 2^53 a double would lose digits that PEXPIRETIME shows: keep the bigint then.
  return ms <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(ms) : ms;
}
