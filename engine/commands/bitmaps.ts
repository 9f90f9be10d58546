/**
 * Bitmap commands on strings: SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, and BITFIELD /
 * BITFIELD_RO (bitfield.ts). A string is a bit array whose bit 0 is the most significant bit
 * of byte 0; bits past the end read as 0 and writes past it zero-pad the value.
 *
 * Writes go through BitmapString (engine/types/bitmap.ts), a string object whose bytes can be
 * changed in place, so SETBIT costs O(1) however big the bitmap is. Reads work on any string
 * object, including int-encoded ones (their decimal text is the bitmap, as in Redis).
 */
import type { Client } from "../client";
import { E } from "../errors";
import type { StringObject } from "../object";
import { int, type Reply } from "../reply";
import { BitmapString, readableBytes } from "../types/bitmap";
import { bitpos, byteAt, popcount, popcountByte, type ByteSource } from "../util/bits";
import { parseInt64 } from "./args";
import { bitfieldCommands } from "./bitfield";
import { bitTarget, parseBitOffset } from "./bitmaps-common";
import { optionToken } from "./strings-common";
import type { CommandDef } from "./table";

/** One byte of a string object (0 past its end), without building a BitmapString's text. */
function byteOf(o: StringObject, i: number): number {
  return o instanceof BitmapString ? o.byteAt(i) : byteAt(o.value, i);
}

function setbit(c: Client, argv: string[]): Reply {
  const off = parseBitOffset(c, argv[2]);
  if (off === null) return E.BIT_OFFSET;
  const on = parseInt64(argv[3]);
  if (on !== 0 && on !== 1) return E.BIT_VALUE;
  const key = argv[1];
  const t = bitTarget(c, key, off);
  if (!("b" in t)) return t;
  const byte = Math.floor(off / 8);
  const mask = 1 << (7 - (off % 8));
  const old = t.b.byteAt(byte);
  const was = (old & mask) !== 0;
  // Only a real change (or growth) is a write: no event, no dirty otherwise.
  if (t.grew || was !== (on === 1)) {
    t.b.setByte(byte, on ? old | mask : old & ~mask);
    c.db.written(key, "$", "setbit");
  }
  return int(was ? 1 : 0);
}

function getbit(c: Client, argv: string[]): Reply {
  const off = parseBitOffset(c, argv[2]);
  if (off === null) return E.BIT_OFFSET;
  const o = c.db.lookupRead(argv[1]);
  if (!o) return int(0);
  if (o.type !== "string") return E.WRONGTYPE;
  return int((byteOf(o, Math.floor(off / 8)) >> (7 - (off % 8))) & 1);
}

/** BIT|BYTE as Redis compares it (strcasecmp: up to the first NUL); null when neither. */
function unitIsBit(arg: string): boolean | null {
  const t = optionToken(arg);
  return t === "bit" ? true : t === "byte" ? false : null;
}

/**
 * The byte range [start, end] a BITCOUNT/BITPOS range selects once negative indexes are
 * resolved and clamped, plus, in BIT units, masks of the bits of the edge bytes that lie
 * outside the range. Indexes may be bigints (any int64); only exact comparisons need them.
 */
interface Range {
  start: number;
  end: number;
  firstMask: number;
  lastMask: number;
}

function resolveRange(start0: number | bigint, end0: number | bigint, len: number, isBit: boolean): Range {
  const total = isBit ? len * 8 : len;
  let start = Number(start0 < 0 ? BigInt(total) + BigInt(start0) : start0);
  let end = Number(end0 < 0 ? BigInt(total) + BigInt(end0) : end0);
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= total) end = total - 1;
  let firstMask = 0;
  let lastMask = 0;
  if (isBit && start <= end) {
    firstMask = ~((1 << (8 - (start % 8))) - 1) & 0xff;
    lastMask = (1 << (7 - (end % 8))) - 1;
    start = Math.floor(start / 8);
    end = Math.floor(end / 8);
  }
  return { start, end, firstMask, lastMask };
}

function bitcount(c: Client, argv: string[]): Reply {
  // Redis 7.0 looks the key up before parsing the range: a missing key answers 0 whatever follows.
  const o = c.db.lookupRead(argv[1]);
  if (!o) return int(0);
  if (o.type !== "string") return E.WRONGTYPE;
  const src = readableBytes(o);
  let r: Range;
  if (argv.length === 4 || argv.length === 5) {
    const start = parseInt64(argv[2]);
    if (start === null) return E.NOT_INTEGER;
    const end = parseInt64(argv[3]);
    if (end === null) return E.NOT_INTEGER;
    // Checked before BIT|BYTE is read, so a bad unit goes unnoticed here.
    if (start < 0 && end < 0 && start > end) return int(0);
    let isBit = false;
    if (argv.length === 5) {
      const u = unitIsBit(argv[4]);
      if (u === null) return E.SYNTAX;
      isBit = u;
    }
    r = resolveRange(start, end, src.length, isBit);
  } else if (argv.length === 2) {
    r = { start: 0, end: src.length - 1, firstMask: 0, lastMask: 0 };
  } else {
    return E.SYNTAX;
  }
  if (r.start > r.end) return int(0);
  let n = popcount(src, r.start, r.end);
  // Bits of the edge bytes outside a BIT range were counted: take them back out.
  if (r.firstMask) n -= popcountByte(byteAt(src, r.start) & r.firstMask);
  if (r.lastMask) n -= popcountByte(byteAt(src, r.end) & r.lastMask);
  return int(n);
}

function bitposCommand(c: Client, argv: string[]): Reply {
  const bitArg = parseInt64(argv[2]);
  if (bitArg === null) return E.NOT_INTEGER;
  if (bitArg !== 0 && bitArg !== 1) return E.BITPOS_BIT;
  const bit = bitArg as 0 | 1;
  // A missing key is an endless run of zeros (again looked up before the range is parsed).
  const o = c.db.lookupRead(argv[1]);
  if (!o) return int(bit ? -1 : 0);
  if (o.type !== "string") return E.WRONGTYPE;
  const src = readableBytes(o);
  const len = src.length;
  let endGiven = false;
  let r: Range;
  if (argv.length >= 4 && argv.length <= 6) {
    const start = parseInt64(argv[3]);
    if (start === null) return E.NOT_INTEGER;
    let isBit = false;
    if (argv.length === 6) {
      const u = unitIsBit(argv[5]);
      if (u === null) return E.SYNTAX;
      isBit = u;
    }
    let end: number | bigint;
    if (argv.length >= 5) {
      const e = parseInt64(argv[4]);
      if (e === null) return E.NOT_INTEGER;
      end = e;
      endGiven = true;
    } else {
      end = len - 1;
    }
    r = resolveRange(start, end, len, isBit);
  } else if (argv.length === 3) {
    r = { start: 0, end: len - 1, firstMask: 0, lastMask: 0 };
  } else {
    return E.SYNTAX;
  }
  if (r.start > r.end) return int(-1);
  return int(searchRange(src, r, bit, endGiven));
}

/**
 * bitposCommand's search over a resolved range: the partial first byte, the whole bytes, then
 * the partial last byte, each with the out-of-range bits forced to the value not sought.
 * Looking for 0 with no explicit end may answer the first bit past the string (zero padding);
 * with an explicit end, not finding a 0 inside the range answers -1.
 */
function searchRange(src: ByteSource, r: Range, bit: 0 | 1, endGiven: boolean): number {
  let { start } = r;
  let bytes = r.end - r.start + 1;
  const edge = (b: number, mask: number) => (bit ? b & ~mask : b | mask) & 0xff;
  let pos: number;
  found: {
    if (r.firstMask) {
      let b = edge(byteAt(src, start), r.firstMask);
      if (r.lastMask && bytes === 1) b = edge(b, r.lastMask);
      pos = bitpos(String.fromCharCode(b), 0, 1, bit);
      if (bytes === 1 || (pos !== -1 && pos !== 8)) break found;
      start++;
      bytes--;
    }
    // A last byte with bits outside the range is handled on its own below.
    const whole = bytes - (r.lastMask ? 1 : 0);
    if (whole > 0) {
      pos = bitpos(src, start, whole, bit);
      if (bytes === whole || (pos !== -1 && pos !== whole * 8)) break found;
      start += whole;
      bytes -= whole;
    }
    pos = bitpos(String.fromCharCode(edge(byteAt(src, r.end), r.lastMask)), 0, 1, bit);
  }
  if (endGiven && bit === 0 && pos === bytes * 8) return -1;
  return pos === -1 ? -1 : pos + start * 8;
}

type BitOp = "and" | "or" | "xor" | "not";

function bitop(c: Client, argv: string[]): Reply {
  const op = optionToken(argv[1]);
  if (op !== "and" && op !== "or" && op !== "xor" && op !== "not") return E.SYNTAX;
  if (op === "not" && argv.length !== 4) return E.BITOP_NOT_ONE_KEY;
  const db = c.db;
  const srcs: ByteSource[] = [];
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const o = db.lookupRead(argv[j]);
    // A missing key is an empty string.
    if (!o) {
      srcs.push("");
      continue;
    }
    if (o.type !== "string") return E.WRONGTYPE;
    const s = readableBytes(o);
    srcs.push(s);
    if (s.length > maxlen) maxlen = s.length;
  }
  const dest = argv[2];
  if (maxlen === 0) {
    if (db.delete(dest)) db.written(dest, "g", "del");
    return int(0);
  }
  const res = combine(op, srcs, maxlen);
  // setKey: an expired destination is removed (and reported) before being replaced.
  db.lookupWrite(dest);
  db.setKey(dest, BitmapString.fromBytes(res));
  db.written(dest, "$", "set");
  return int(maxlen);
}

/** The bytes of `op` over the sources, each zero-padded to `maxlen`. */
function combine(op: BitOp, srcs: readonly ByteSource[], maxlen: number): Uint8Array {
  const res = new Uint8Array(maxlen);
  const first = srcs[0];
  for (let i = 0; i < first.length; i++) res[i] = byteAt(first, i);
  if (op === "not") {
    for (let i = 0; i < maxlen; i++) res[i] = ~res[i] & 0xff;
    return res;
  }
  for (let k = 1; k < srcs.length; k++) {
    const s = srcs[k];
    const n = s.length;
    if (op === "and") {
      for (let i = 0; i < n; i++) res[i] &= byteAt(s, i);
      res.fill(0, n);
    } else if (op === "or") {
      for (let i = 0; i < n; i++) res[i] |= byteAt(s, i);
    } else {
      for (let i = 0; i < n; i++) res[i] ^= byteAt(s, i);
    }
  }
  return res;
}

export const bitmapCommands: CommandDef[] = [
  {
    name: "setbit",
    summary: "Sets or clears one bit of a string, growing it with zero bytes as needed; replies with the bit's old value.",
    handler: setbit,
  },
  {
    name: "getbit",
    summary: "Returns the bit at an offset of a string (0 past its end or for a missing key).",
    handler: getbit,
  },
  {
    name: "bitcount",
    summary: "Counts the set bits of a string, optionally within a byte or bit range.",
    handler: bitcount,
  },
  {
    name: "bitpos",
    summary: "Returns the position of the first set or clear bit of a string, optionally within a byte or bit range.",
    handler: bitposCommand,
  },
  {
    name: "bitop",
    summary: "Stores the bitwise AND, OR, XOR or NOT of strings in a destination key; replies with its length.",
    handler: bitop,
  },
  ...bitfieldCommands,
];
