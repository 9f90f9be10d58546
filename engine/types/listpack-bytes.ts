/**
 * The byte layout of a Redis 7.0 listpack (listpack.c), for the structures whose behaviour
 * depends on it: a quicklist node is "full" by its listpack's byte size, DEBUG OBJECT reports
 * those sizes, and serializedlength compresses the very bytes Redis would write to an RDB.
 *
 * A listpack is a 6-byte header (total bytes, element count), the entries, and an 0xFF end
 * byte. Each entry is an encoding byte (plus length or integer bytes), the data, and a
 * "backlen" of 1..5 bytes holding the entry's own size so it can be walked backwards. A string
 * that is a canonical 64-bit integer is stored as an integer in the smallest width that holds
 * it: "5" takes 2 bytes, not 3.
 */
import { isCanonicalInt64 } from "../object";

/** LP_HDR_SIZE + the LP_EOF byte: what an empty listpack weighs. */
export const LP_EMPTY_BYTES = 7;

/** The integer a listpack would store `s` as (lpStringToInt64), or null for a string entry. */
export function lpInteger(s: string): number | bigint | null {
  if (s.length === 0 || s.length > 20) return null;
  const c0 = s.charCodeAt(0);
  // Fast reject: canonical integers start with a digit or '-'.
  if (c0 !== 45 && (c0 < 48 || c0 > 57)) return null;
  if (!isCanonicalInt64(s)) return null;
  return s.length < 16 ? Number(s) : BigInt(s);
}

/** Size of the encoding + data part of an integer entry. */
function intEncodedSize(v: number | bigint): number {
  if (typeof v === "bigint") return 9; // beyond 2^53: only the 64-bit form holds it
  if (v >= 0 && v <= 127) return 1;
  if (v >= -4096 && v <= 4095) return 2;
  if (v >= -32768 && v <= 32767) return 3;
  if (v >= -8388608 && v <= 8388607) return 4;
  if (v >= -2147483648 && v <= 2147483647) return 5;
  return 9;
}

/** Bytes of a backlen field for an entry whose encoding + data take `l` bytes. */
export function lpBacklenSize(l: number): number {
  if (l <= 127) return 1;
  if (l < 16383) return 2;
  if (l < 2097151) return 3;
  if (l < 268435455) return 4;
  return 5;
}

/** Total bytes one element takes inside a listpack, backlen included. */
export function lpEntrySize(s: string): number {
  const v = lpInteger(s);
  let l: number;
  if (v !== null) l = intEncodedSize(v);
  else {
    const n = s.length;
    l = (n < 64 ? 1 : n < 4096 ? 2 : 5) + n;
  }
  return l + lpBacklenSize(l);
}

/** lpBytes of a listpack holding these elements. */
export function lpBytes(items: readonly string[]): number {
  let n = LP_EMPTY_BYTES;
  for (const s of items) n += lpEntrySize(s);
  return n;
}

/** Writes `v` as `width` little-endian bytes of its two's complement. */
function putLE(out: Uint8Array, at: number, v: number | bigint, width: number): void {
  let u = BigInt.asUintN(width * 8, BigInt(v));
  for (let i = 0; i < width; i++) {
    out[at + i] = Number(u & 0xffn);
    u >>= 8n;
  }
}

/**
 * The exact bytes of a listpack holding these elements, as lpAppend would build it. Used
 * only where the bytes themselves matter (LZF compression for DEBUG OBJECT).
 */
export function lpEncode(items: readonly string[]): Uint8Array {
  const total = lpBytes(items);
  const out = new Uint8Array(total);
  putLE(out, 0, total, 4);
  putLE(out, 4, Math.min(items.length, 65535), 2);
  let p = 6;
  for (const s of items) {
    const start = p;
    const v = lpInteger(s);
    if (v !== null) {
      const width = intEncodedSize(v);
      const n = Number(v);
      if (width === 1) out[p++] = n;
      else if (width === 2) {
        const u = n < 0 ? 8192 + n : n;
        out[p++] = (u >> 8) | 0xc0;
        out[p++] = u & 0xff;
      } else {
        out[p++] = width === 3 ? 0xf1 : width === 4 ? 0xf2 : width === 5 ? 0xf3 : 0xf4;
        putLE(out, p, v, width - 1);
        p += width - 1;
      }
    } else {
      const n = s.length;
      if (n < 64) out[p++] = 0x80 | n;
      else if (n < 4096) {
        out[p++] = 0xe0 | (n >> 8);
        out[p++] = n & 0xff;
      } else {
        out[p++] = 0xf0;
        putLE(out, p, n, 4);
        p += 4;
      }
      for (let i = 0; i < n; i++) out[p++] = s.charCodeAt(i);
    }
    p = writeBacklen(out, p, p - start);
  }
  out[p] = 0xff;
  return out;
}

/** lpEncodeBacklen: the most significant 7-bit group first, every later byte flagged 0x80. */
function writeBacklen(out: Uint8Array, p: number, l: number): number {
  const n = lpBacklenSize(l);
  for (let i = 0; i < n; i++) {
    const group = Math.floor(l / 2 ** (7 * (n - 1 - i))) & 127;
    out[p++] = i === 0 ? group : group | 128;
  }
  return p;
}
