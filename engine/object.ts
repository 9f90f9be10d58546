/**
 * What a key holds: a typed value plus the bookkeeping Redis keeps in every robj header
 * (encoding, LRU clock or LFU counter). Later data types add their own variants here.
 */
export type StringEncoding = "int" | "embstr" | "raw";

interface ObjectHeader {
  /** LRU: last access time in ms (Redis keeps it at 1 s resolution). */
  lru: number;
  /** LFU: logarithmic access counter (0..255) and the minute it was last decremented. */
  lfuCounter: number;
  lfuMinutes: number;
}

export interface StringObject extends ObjectHeader {
  type: "string";
  enc: StringEncoding;
  /** The bytes, one char per byte. For "int" encoding this is the canonical decimal text. */
  value: string;
}

export type RedisObject = StringObject;
export type RedisType = RedisObject["type"];

/** Redis' OBJ_ENCODING_EMBSTR_SIZE_LIMIT. */
export const EMBSTR_LIMIT = 44;

/** Canonical 64-bit integer text, as Redis' string2ll accepts it (no +, no leading zeros). */
const INT_RE = /^(0|-?[1-9][0-9]{0,18})$/;
export function isCanonicalInt64(s: string): boolean {
  if (s.length > 20 || !INT_RE.test(s)) return false;
  if (s.length < 19) return true;
  const n = BigInt(s);
  return n >= -(1n << 63n) && n <= (1n << 63n) - 1n;
}

/**
 * The encoding Redis' tryObjectEncoding picks for a value stored by SET, MSET, GETSET…:
 * int for canonical 64-bit integers of up to 20 chars, embstr up to 44 bytes, raw beyond.
 */
export function stringEncodingFor(value: string): StringEncoding {
  if (value.length <= 20 && isCanonicalInt64(value)) return "int";
  return value.length <= EMBSTR_LIMIT ? "embstr" : "raw";
}

/** A new string object; the keyspace fills in the LRU/LFU header when it is stored. */
export function newString(value: string, enc: StringEncoding = stringEncodingFor(value)): StringObject {
  return { type: "string", enc, value, lru: 0, lfuCounter: 0, lfuMinutes: 0 };
}
