/**
 * DEBUG OBJECT: the one-line report Redis 7.0 gives about a key's value, including
 * serializedlength — the bytes rdbSaveObject would write for it (rdbSavedObjectLen).
 *
 * serializedlength is computed the way rdb.c writes each encoding: lengths in 1/2/5/9-byte
 * forms, short numeric strings as 2/3/5-byte integers, strings over 20 bytes LZF-compressed
 * when that saves at least 4 bytes, listpacks and intsets as one string blob, quicklist nodes
 * one blob each (already-compressed nodes as their LZF form). With list-compress-depth set,
 * Redis keeps every node outside the depth compressed when LZF saves 8 bytes or more; the
 * model applies that rule when asked rather than compressing nodes as they change.
 */
import type { Client } from "../client";
import type { RedisObject } from "../object";
import type { QuickList } from "../types/quicklist";
import { lpEncode } from "../types/listpack-bytes";
import { formatDouble17g } from "../util/format";
import { lzfCompressedSize } from "../util/lzf";
import { isSharedInteger } from "./object";

/** rdbSaveLen: 1, 2, 5 or 9 bytes. */
const lenSize = (n: number): number => (n < 64 ? 1 : n < 16384 ? 2 : n <= 0xffffffff ? 5 : 9);

/** rdbEncodeInteger: the bytes of an integer that fits 8/16/32 bits, else 0. */
function encodedIntSize(v: number): number {
  if (v >= -128 && v <= 127) return 2;
  if (v >= -32768 && v <= 32767) return 3;
  if (v >= -2147483648 && v <= 2147483647) return 5;
  return 0;
}

/** Canonical integer text (string2ll + ll2string round trip) of at most 11 bytes, as a number. */
function smallCanonicalInt(s: string): number | null {
  return s.length <= 11 && /^(0|-?[1-9][0-9]*)$/.test(s) ? Number(s) : null;
}

const toBytes = (s: string): Uint8Array => {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
};

/** rdbSaveLzfStringObject: an LZF blob when it fits in len - 4 bytes, else 0. */
function lzfStringSize(bytes: Uint8Array): number {
  const len = bytes.length;
  if (len <= 4) return 0;
  const clen = lzfCompressedSize(bytes, len - 4);
  return clen ? 1 + lenSize(clen) + lenSize(len) + clen : 0;
}

/** rdbSaveRawString of a byte string (a value, or a listpack/intset blob). */
function rawStringSize(s: string | Uint8Array, compression: boolean): number {
  const len = s.length;
  if (typeof s === "string" && len <= 11) {
    const v = smallCanonicalInt(s);
    const n = v === null ? 0 : encodedIntSize(v);
    if (n) return n;
  }
  if (compression && len > 20) {
    const n = lzfStringSize(typeof s === "string" ? toBytes(s) : s);
    if (n) return n;
  }
  return lenSize(len) + len;
}

/** d2string: how a sorted set listpack stores a score. */
function d2string(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  if (v > -4503599627370495 && v < 4503599627370496 && Number.isInteger(v)) return String(v);
  return formatDouble17g(v);
}

/** __quicklistCompressNode's verdict for a node's listpack: its LZF size, or 0 when kept raw. */
function quicklistNodeLzf(bytes: Uint8Array): number {
  const sz = bytes.length;
  if (sz < 48) return 0; // MIN_COMPRESS_BYTES
  const clen = lzfCompressedSize(bytes, sz);
  return clen === 0 || clen + 8 >= sz ? 0 : clen; // MIN_COMPRESS_IMPROVE
}

function quicklistSize(ql: QuickList, compression: boolean): number {
  let n = lenSize(ql.nodes);
  const depth = ql.compress;
  let i = 0;
  for (const node of ql.nodeList()) {
    n += 1; // the node's container type
    const bytes = lpEncode(node.items);
    const interior = depth > 0 && i >= depth && i < ql.nodes - depth;
    const clen = interior ? quicklistNodeLzf(bytes) : 0;
    n += clen ? 1 + lenSize(clen) + lenSize(node.sz) + clen : rawStringSize(bytes, compression);
    i++;
  }
  return n;
}

/** The intset blob: 8 header bytes and every member in the width the widest one needs. */
function intsetBlob(members: string[]): Uint8Array {
  let width = 2;
  for (const m of members) {
    const v = Number(m);
    if (v < -2147483648 || v > 2147483647) width = 8;
    else if ((v < -32768 || v > 32767) && width < 4) width = 4;
  }
  const out = new Uint8Array(8 + members.length * width);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, width, true);
  dv.setUint32(4, members.length, true);
  members
    .map((m) => BigInt(m))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .forEach((v, i) => {
      const at = 8 + i * width;
      if (width === 2) dv.setInt16(at, Number(v), true);
      else if (width === 4) dv.setInt32(at, Number(v), true);
      else dv.setBigInt64(at, v, true);
    });
  return out;
}

/** rdbSavedObjectLen: the bytes RDB would spend on this value (without key and type byte). */
export function serializedLength(c: Client, o: RedisObject): number {
  const compression = c.server.config.num("rdbcompression") !== 0;
  switch (o.type) {
    case "string": {
      if (o.enc === "int") {
        const n = encodedIntSize(Number(o.value));
        return n || lenSize(o.value.length) + o.value.length;
      }
      return rawStringSize(o.value, compression);
    }
    case "list":
      return quicklistSize(o.value, compression);
    case "set": {
      const members = o.value.toView(Infinity);
      if (o.enc === "intset") return rawStringSize(intsetBlob(members), compression);
      let n = lenSize(members.length);
      for (const m of members) n += rawStringSize(m, compression);
      return n;
    }
    case "hash": {
      const fields = o.value.toView(Infinity);
      if (o.enc === "listpack") return rawStringSize(lpEncode(fields.flat()), compression);
      let n = lenSize(fields.length);
      for (const [f, v] of fields) n += rawStringSize(f, compression) + rawStringSize(v, compression);
      return n;
    }
    case "zset": {
      const entries = o.value.toView(Infinity);
      if (o.enc === "listpack") {
        // Listpack order: by score, then by member bytes.
        entries.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        return rawStringSize(lpEncode(entries.flatMap(([m, s]) => [m, d2string(s)])), compression);
      }
      let n = lenSize(entries.length);
      for (const [m] of entries) n += rawStringSize(m, compression) + 8; // binary double
      return n;
    }
    case "stream":
      // Approximate: RDB's stream layout (listpacks + groups) is not modelled byte for byte.
      return o.value.toView(Infinity).reduce((n, [id, f]) => n + id.length + f.reduce((m, x) => m + x.length + 1, 2), 8);
  }
}

/** printf("%.2f"): like toFixed(2) but ties (x.xx5 exactly) go to the even digit. */
function fixed2(x: number): string {
  const eighths = x * 8;
  if (Number.isInteger(eighths) && eighths % 2 === 1) {
    let n = Math.floor(x * 100);
    if (n % 2) n++;
    return (n / 100).toFixed(2);
  }
  return x.toFixed(2);
}

/** A stable, plausible heap address per object for "Value at:%p". */
const addresses = new WeakMap<RedisObject, string>();
let nextAddress = 0x7f02fc000000;
function addressOf(o: RedisObject): string {
  let a = addresses.get(o);
  if (!a) {
    a = `0x${nextAddress.toString(16)}`;
    nextAddress += 0x30;
    addresses.set(o, a);
  }
  return a;
}

/** Redis' LRU_CLOCK_MAX: the 24-bit LRU clock wraps. */
const LRU_MASK = 0xffffff;

/** The DEBUG OBJECT line for a stored value. */
export function debugObjectLine(c: Client, o: RedisObject): string {
  const server = c.server;
  const refcount = isSharedInteger(c, o) ? 2147483647 : 1;
  // The robj's 24-bit lru field: an LRU clock stamp, or under LFU the minutes and counter.
  const lru = server.usesLfu() ? ((o.lfuMinutes & 0xffff) << 8) | o.lfuCounter : o.lru & LRU_MASK;
  // estimateObjectIdleTime reads it as an LRU stamp whatever the policy.
  const clock = server.lruClock() & LRU_MASK;
  const idle = clock >= lru ? clock - lru : clock + (LRU_MASK - lru);
  let extra = "";
  if (o.type === "list") {
    const ql = o.value;
    let sz = 0;
    for (const node of ql.nodeList()) sz += node.sz;
    extra =
      ` ql_nodes:${ql.nodes} ql_avg_node:${fixed2(ql.length / ql.nodes)} ql_listpack_max:${ql.fill}` +
      ` ql_compressed:${ql.compress !== 0 ? 1 : 0} ql_uncompressed_size:${sz}`;
  }
  return (
    `Value at:${addressOf(o)} refcount:${refcount} encoding:${o.enc} serializedlength:${serializedLength(c, o)} ` +
    `lru:${lru} lru_seconds_idle:${idle}${extra}`
  );
}
