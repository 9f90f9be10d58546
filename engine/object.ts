/**
 * What a key holds: a typed value plus the bookkeeping Redis keeps in every robj header
 * (encoding, LRU clock or LFU counter). Each data type's structure lives in engine/types/;
 * this file only names the variants, so TYPE, OBJECT ENCODING, COPY and the inspector can
 * switch over them exhaustively.
 */
import type { SdsRoom } from "./memory/alloc";
import type { HashValue } from "./types/hash";
import type { QuickList } from "./types/quicklist";
import type { SetValue } from "./types/set";
import type { ZSetValue } from "./types/zset";
import type { StreamValue } from "./types/stream";

export type StringEncoding = "int" | "embstr" | "raw";

interface ObjectHeader {
  /** LRU: last access time in seconds (Redis' LRU clock has 1 s resolution). */
  lru: number;
  /** LFU: logarithmic access counter (0..255) and the minute it was last decremented. */
  lfuCounter: number;
  lfuMinutes: number;
}

export interface StringObject extends ObjectHeader {
  type: "string";
  enc: StringEncoding;
  /**
   * The bytes, one char per byte. For "int" encoding this is the canonical decimal text.
   * Commands that edit bytes in place (SETBIT/BITFIELD: BitmapString in types/bitmap.ts) may
   * store an object whose `value` is an accessor over a mutable buffer, building the text on
   * read: copy a string object with newString(o.value, o.enc).
   */
  value: string;
  /**
   * A raw string's sds room after APPEND, SETRANGE or SETBIT grew it (spare capacity the
   * memory model counts, engine/memory/alloc.ts); absent for a string stored whole.
   */
  sds?: SdsRoom;
}

/** Lists are always quicklists in Redis 7.0: a list of listpack nodes. */
export interface ListObject extends ObjectHeader {
  type: "list";
  enc: "quicklist";
  value: QuickList;
}

export interface HashObject extends ObjectHeader {
  type: "hash";
  enc: "listpack" | "hashtable";
  value: HashValue;
}

/** No listpack sets in 7.0: an intset until a non-integer or too many members, then a hashtable. */
export interface SetObject extends ObjectHeader {
  type: "set";
  enc: "intset" | "hashtable";
  value: SetValue;
}

export interface ZSetObject extends ObjectHeader {
  type: "zset";
  enc: "listpack" | "skiplist";
  value: ZSetValue;
}

/** Streams have one encoding: a radix tree of listpacks. */
export interface StreamObject extends ObjectHeader {
  type: "stream";
  enc: "stream";
  value: StreamValue;
}

export type RedisObject = StringObject | ListObject | HashObject | SetObject | ZSetObject | StreamObject;
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

/** A fresh header for a new object of any type; the keyspace stamps LRU/LFU when storing it. */
export const blankHeader = (): ObjectHeader => ({ lru: 0, lfuCounter: 0, lfuMinutes: 0 });
