/**
 * HyperLogLog, byte for byte as Redis 7.0 stores it (src/hyperloglog.c).
 *
 * An HLL is not a type of its own: it is a string whose bytes a learner can GET, STRLEN or
 * SETRANGE. A 16-byte header ("HYLL", an encoding byte, three unused bytes, and a cached
 * cardinality, little-endian, whose top bit marks it stale) is followed by 16384 6-bit
 * registers, in one of two layouts:
 *
 * - dense: the registers packed LSB-first, 12288 bytes, 12304 in all;
 * - sparse: a run-length code of opcodes ZERO (00xxxxxx, 1-64 zero registers), XZERO
 *   (01xxxxxx yyyyyyyy, 1-16384 zero registers) and VAL (1vvvvvxx, 1-4 registers of value
 *   1-32). A fresh HLL is one XZERO covering every register, 18 bytes in all.
 *
 * Redis updates the sparse code in place, splitting one opcode and merging equal neighbours
 * only within a few opcodes, so the bytes depend on the order of insertions; this file
 * performs the same edits in the same order to produce the same bytes. A sparse HLL becomes
 * dense once a register needs a value above 32 or the string would outgrow
 * hll-sparse-max-bytes; it never goes back.
 *
 * Each element hashes with MurmurHash64A (seed 0xadc83b19): the low 14 bits pick a register,
 * and the run of zero bits above them, plus one, is the candidate value. Counting lives in
 * hyperloglog-count.ts.
 *
 * Keys written by the PF commands hold an HllString: a string object whose bytes live in a
 * Uint8Array that the commands edit in place, and whose `value` text is only rebuilt when
 * something reads it. Rebuilding a 12 KB string on every PFADD would make adding many
 * elements one command at a time quadratic in practice.
 */
import type { StringEncoding, StringObject } from "../object";
import { fromUint8 } from "../util/bytes";
import { lastHash, murmurHash64A } from "../util/murmur";

export const HLL_REGISTERS = 16384;
export const HLL_HDR_SIZE = 16;
export const HLL_DENSE_SIZE = HLL_HDR_SIZE + (HLL_REGISTERS * 6) / 8;
export const HLL_DENSE = 0;
export const HLL_SPARSE = 1;
/** Bits of the hash left above the register index; counts go up to Q + 1. */
export const HLL_Q = 50;
const HASH_SEED = 0xadc83b19;
const VAL_MAX_VALUE = 32;
const VAL_MAX_LEN = 4;
const ZERO_MAX_LEN = 64;
export const ENC_OFFSET = 4;
const CARD_MSB = 15;

/** Bytes of an HLL candidate: buf[0..len) is the value and buf[len] is a zero byte. */
export interface HllBytes {
  buf: Uint8Array;
  len: number;
}

// ---- The string object --------------------------------------------------------------------

/** `value` is an own, enumerable accessor so that copies made with `{ ...o }` still carry it. */
const VALUE_PROPERTY: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: HllString): string {
    if (this.text === null) this.text = fromUint8(this.buf.subarray(0, this.len));
    return this.text;
  },
  set(this: HllString, v: string): void {
    const b = bytesOfText(v);
    this.buf = b.buf;
    this.len = b.len;
    this.text = v;
  },
};

/**
 * A raw-encoded string object holding an HLL (or what the PF commands were asked to treat as
 * one). Editors change `buf`/`len` and call `changed()`; readers of `value` get the text.
 */
export class HllString implements StringObject {
  readonly type = "string" as const;
  // dbUnshareStringValue: whatever the PF commands write is a raw sds.
  enc: StringEncoding = "raw";
  lru = 0;
  lfuCounter = 0;
  lfuMinutes = 0;
  declare value: string;
  buf: Uint8Array;
  len: number;
  text: string | null;

  constructor(buf: Uint8Array, len: number, text: string | null = null) {
    this.buf = buf;
    this.len = len;
    this.text = text;
    Object.defineProperty(this, "value", VALUE_PROPERTY);
  }

  /** Forgets the cached text after an edit of the bytes. */
  changed(): void {
    this.text = null;
  }

  /** Makes room for `n` bytes plus the trailing zero byte. */
  reserve(n: number): void {
    if (this.buf.length > n) return;
    const next = new Uint8Array(Math.max(n + 1, this.buf.length * 2));
    next.set(this.buf.subarray(0, this.len + 1));
    this.buf = next;
  }
}

/** A byte string as HllBytes (a copy, with the trailing zero byte). */
export function bytesOfText(s: string): HllBytes {
  const len = s.length;
  const buf = new Uint8Array(len + 1);
  for (let i = 0; i < len; i++) buf[i] = s.charCodeAt(i);
  return { buf, len };
}

/** The bytes of any string object, without copying when it already is an HllString. */
export function bytesOf(o: StringObject): HllBytes {
  return o instanceof HllString ? o : bytesOfText(o.value);
}

/** A string object's value as an HllString the PF commands can edit in place. */
export function toHllString(o: StringObject): HllString {
  if (o instanceof HllString) return o;
  const b = bytesOfText(o.value);
  return new HllString(b.buf, b.len, o.value);
}

/** createHLLObject: an empty sparse HLL, one XZERO opcode for all 16384 registers. */
export function createHll(): HllString {
  const buf = new Uint8Array(64);
  buf.set([0x48, 0x59, 0x4c, 0x4c, HLL_SPARSE]); // "HYLL", sparse; the rest of the header is 0
  setXzero(buf, HLL_HDR_SIZE, HLL_REGISTERS);
  return new HllString(buf, HLL_HDR_SIZE + 2);
}

// ---- Header -------------------------------------------------------------------------------

/**
 * isHLLObjectOrReply's checks on a string object: long enough for the header, the magic, a
 * known encoding, and the exact size for dense. Reads the text in place (no copy), so a
 * large string that is no HLL costs nothing to refuse.
 */
export function isValidHll(o: StringObject): boolean {
  if (o instanceof HllString) return headerValid(o.buf, o.len);
  const s = o.value;
  const len = s.length;
  if (len < HLL_HDR_SIZE || !s.startsWith("HYLL")) return false;
  const enc = s.charCodeAt(ENC_OFFSET);
  return enc === HLL_SPARSE || (enc === HLL_DENSE && len === HLL_DENSE_SIZE);
}

function headerValid(buf: Uint8Array, len: number): boolean {
  if (len < HLL_HDR_SIZE) return false;
  if (buf[0] !== 0x48 || buf[1] !== 0x59 || buf[2] !== 0x4c || buf[3] !== 0x4c) return false;
  const enc = buf[ENC_OFFSET];
  return enc === HLL_SPARSE || (enc === HLL_DENSE && len === HLL_DENSE_SIZE);
}

export const encodingOf = (b: HllBytes): number => b.buf[ENC_OFFSET];

/** HLL_INVALIDATE_CACHE: sets the top bit of the cached cardinality, leaving its other bits. */
export function invalidateCache(h: HllString): void {
  h.buf[CARD_MSB] |= 0x80;
  h.changed();
}

/** The cached cardinality, or null when it is marked stale. */
export function cachedCard(b: HllBytes): number | bigint | null {
  const p = b.buf;
  if (p[CARD_MSB] & 0x80) return null;
  const lo = (p[8] | (p[9] << 8) | (p[10] << 16) | (p[11] << 24)) >>> 0;
  const hi = (p[12] | (p[13] << 8) | (p[14] << 16) | (p[15] << 24)) >>> 0;
  if (hi < 1 << 21) return hi * 0x100000000 + lo;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Stores a cardinality (as the C code's uint64) in the header, little-endian. */
export function storeCard(h: HllString, card: number | bigint): void {
  let v = BigInt.asUintN(64, BigInt(card));
  for (let i = 8; i < 16; i++) {
    h.buf[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  h.changed();
}

// ---- Hashing ------------------------------------------------------------------------------

/** hllPatLen's two results for the last element hashed. */
let patIndex = 0;

/**
 * hllPatLen: hashes an element and returns the length of the 0...01 pattern above the 14
 * index bits (1 to 51); the register index is left in patIndex.
 */
function patLen(ele: string): number {
  murmurHash64A(ele, HASH_SEED);
  const { hi, lo } = lastHash;
  patIndex = lo & (HLL_REGISTERS - 1);
  const w = lo >>> 14; // the 18 hash bits left in the low word
  if (w !== 0) return 32 - Math.clz32(w & -w);
  if (hi !== 0) return 18 + 32 - Math.clz32(hi & -hi);
  return HLL_Q + 1;
}

// ---- Dense --------------------------------------------------------------------------------

/** HLL_DENSE_GET_REGISTER on a whole-value buffer (registers start after the header). */
export function denseGet(buf: Uint8Array, reg: number): number {
  const bit = reg * 6;
  const at = HLL_HDR_SIZE + (bit >> 3);
  const fb = bit & 7;
  return ((buf[at] >> fb) | (buf[at + 1] << (8 - fb))) & 63;
}

function denseSetRaw(buf: Uint8Array, reg: number, val: number): void {
  const bit = reg * 6;
  const at = HLL_HDR_SIZE + (bit >> 3);
  const fb = bit & 7;
  const fb8 = 8 - fb;
  buf[at] = (buf[at] & ~(63 << fb)) | (val << fb);
  buf[at + 1] = (buf[at + 1] & ~(63 >> fb8)) | (val >> fb8);
}

/** hllDenseSet: raises a register to `count` if it is lower; 1 when it changed. */
function denseSet(h: HllString, reg: number, count: number): number {
  if (count <= denseGet(h.buf, reg)) return 0;
  denseSetRaw(h.buf, reg, count);
  return 1;
}

// ---- Sparse -------------------------------------------------------------------------------

export const isZero = (op: number) => (op & 0xc0) === 0;
export const isXzero = (op: number) => (op & 0xc0) === 0x40;
export const isVal = (op: number) => (op & 0x80) !== 0;
export const zeroLen = (op: number) => (op & 0x3f) + 1;
export const xzeroLen = (buf: Uint8Array, p: number) => (((buf[p] & 0x3f) << 8) | buf[p + 1]) + 1;
export const valValue = (op: number) => ((op >> 2) & 0x1f) + 1;
export const valLen = (op: number) => (op & 3) + 1;
const valOp = (val: number, len: number) => 0x80 | ((val - 1) << 2) | (len - 1);

function setXzero(buf: Uint8Array, p: number, len: number): void {
  buf[p] = ((len - 1) >> 8) | 0x40;
  buf[p + 1] = (len - 1) & 0xff;
}

/** Appends the opcode(s) for a run of `len` zero registers to seq; returns the new end. */
function pushZeros(seq: Uint8Array, n: number, len: number): number {
  if (len > ZERO_MAX_LEN) {
    setXzero(seq, n, len);
    return n + 2;
  }
  seq[n] = len - 1;
  return n + 1;
}

const seq = new Uint8Array(5);

/**
 * hllSparseToDense: rewrites a sparse HLL as dense, keeping its header but the encoding byte.
 * False (and the value untouched) when the opcodes do not cover exactly 16384 registers.
 */
export function toDense(h: HllString): boolean {
  const src = h.buf;
  if (src[ENC_OFFSET] === HLL_DENSE) return true;
  const dense = new Uint8Array(HLL_DENSE_SIZE + 1);
  dense.set(src.subarray(0, HLL_HDR_SIZE));
  dense[ENC_OFFSET] = HLL_DENSE;
  const end = h.len;
  let idx = 0;
  let p = HLL_HDR_SIZE;
  while (p < end) {
    const op = src[p];
    let run: number;
    if (isZero(op)) {
      run = zeroLen(op);
      if (run + idx > HLL_REGISTERS) return false;
      p++;
    } else if (isXzero(op)) {
      run = xzeroLen(src, p);
      if (run + idx > HLL_REGISTERS) return false;
      p += 2;
    } else {
      run = valLen(op);
      if (run + idx > HLL_REGISTERS) return false;
      const v = valValue(op);
      for (let r = 0; r < run; r++) denseSetRaw(dense, idx + r, v);
      p++;
    }
    idx += run;
  }
  if (idx !== HLL_REGISTERS) return false;
  h.buf = dense;
  h.len = HLL_DENSE_SIZE;
  h.changed();
  return true;
}

/** The promotion at the end of hllSparseSet: go dense, then set the register there. */
function promote(h: HllString, index: number, count: number): number {
  if (!toDense(h)) return -1;
  denseSet(h, index, count);
  return 1;
}

/**
 * hllSparseSet: raises register `index` to `count` in a sparse HLL, splitting the opcode that
 * covers it and merging equal VAL neighbours as Redis does. 1 when it changed, 0 when not,
 * -1 when the sparse code is corrupt. May promote the HLL to dense.
 */
export function sparseSet(h: HllString, index: number, count: number, maxBytes: number): number {
  if (count > VAL_MAX_VALUE) return promote(h, index, count);
  // The worst split (XZERO into XZERO VAL XZERO) needs 3 more bytes.
  h.reserve(h.len + 3);
  const buf = h.buf;
  let end = h.len;

  // Step 1: find the opcode covering the register.
  let p = HLL_HDR_SIZE;
  let first = 0;
  let prev = -1;
  let span = 0;
  while (p < end) {
    const op = buf[p];
    let oplen = 1;
    if (isZero(op)) span = zeroLen(op);
    else if (isVal(op)) span = valLen(op);
    else {
      span = xzeroLen(buf, p);
      oplen = 2;
    }
    if (index <= first + span - 1) break;
    prev = p;
    p += oplen;
    first += span;
  }
  if (span === 0 || p >= end) return -1;

  const op = buf[p];
  let next = isXzero(op) ? p + 2 : p + 1;
  if (next >= end) next = -1;
  const opZero = isZero(op);
  const opXzero = isXzero(op);
  const run = opZero ? zeroLen(op) : opXzero ? xzeroLen(buf, p) : valLen(op);

  // Step 2: the trivial cases, edited in place.
  let inPlace = false;
  if (!opZero && !opXzero) {
    if (valValue(op) >= count) return 0;
    if (run === 1) {
      buf[p] = valOp(count, 1);
      inPlace = true;
    }
  } else if (opZero && run === 1) {
    buf[p] = valOp(count, 1);
    inPlace = true;
  }

  if (!inPlace) {
    // The general case: the opcode splits into up to three.
    const last = first + span - 1;
    let n = 0;
    if (opZero || opXzero) {
      if (index !== first) n = pushZeros(seq, n, index - first);
      seq[n++] = valOp(count, 1);
      if (index !== last) n = pushZeros(seq, n, last - index);
    } else {
      const cur = valValue(op);
      if (index !== first) seq[n++] = valOp(cur, index - first);
      seq[n++] = valOp(count, 1);
      if (index !== last) seq[n++] = valOp(cur, last - index);
    }

    // Step 3: put the new sequence in place of the old opcode.
    const delta = n - (opXzero ? 2 : 1);
    if (delta > 0 && h.len + delta > maxBytes) return promote(h, index, count);
    if (delta !== 0 && next !== -1) buf.copyWithin(next + delta, next, end);
    h.len += delta;
    buf[h.len] = 0;
    buf.set(seq.subarray(0, n), p);
    end += delta;
  }

  // Step 4: merge adjacent VAL opcodes of equal value, scanning up to 5 opcodes from prev.
  p = prev !== -1 ? prev : HLL_HDR_SIZE;
  let scan = 5;
  while (p < end && scan-- > 0) {
    const o = buf[p];
    if (isXzero(o)) {
      p += 2;
      continue;
    }
    if (isZero(o)) {
      p++;
      continue;
    }
    if (p + 1 < end && isVal(buf[p + 1])) {
      const v = valValue(o);
      if (v === valValue(buf[p + 1])) {
        const len = valLen(o) + valLen(buf[p + 1]);
        if (len <= VAL_MAX_LEN) {
          buf[p + 1] = valOp(v, len);
          buf.copyWithin(p, p + 1, end + 1);
          h.len--;
          buf[h.len] = 0;
          end--;
          continue;
        }
      }
    }
    p++;
  }
  buf[CARD_MSB] |= 0x80;
  h.changed();
  return 1;
}

/** hllAdd: adds one element; 1 when a register changed, 0 when not, -1 on a corrupt HLL. */
export function hllAdd(h: HllString, ele: string, maxBytes: number): number {
  const count = patLen(ele);
  const enc = h.buf[ENC_OFFSET];
  if (enc === HLL_DENSE) {
    const r = denseSet(h, patIndex, count);
    if (r) h.changed();
    return r;
  }
  if (enc === HLL_SPARSE) return sparseSet(h, patIndex, count, maxBytes);
  return -1;
}

/** Sets register `reg` to at least `val` whatever the encoding (PFMERGE's write-back). */
export function raiseRegister(h: HllString, reg: number, val: number, maxBytes: number): void {
  if (h.buf[ENC_OFFSET] === HLL_DENSE) {
    if (denseSet(h, reg, val)) h.changed();
  } else {
    sparseSet(h, reg, val, maxBytes);
  }
}

// ---- Debugging ----------------------------------------------------------------------------

/** PFDEBUG DECODE: the sparse opcodes as text ("Z:16384", "z:3", "v:2,1"). */
export function decodeSparse(b: HllBytes): string {
  const { buf, len: end } = b;
  const parts: string[] = [];
  let p = HLL_HDR_SIZE;
  while (p < end) {
    const op = buf[p];
    if (isZero(op)) {
      parts.push(`z:${zeroLen(op)}`);
      p++;
    } else if (isXzero(op)) {
      parts.push(`Z:${xzeroLen(buf, p)}`);
      p += 2;
    } else {
      parts.push(`v:${valValue(op)},${valLen(op)}`);
      p++;
    }
  }
  return parts.join(" ");
}

/** Every register of a dense HLL, in order. */
export function denseRegisters(h: HllBytes): number[] {
  const out = new Array<number>(HLL_REGISTERS);
  for (let i = 0; i < HLL_REGISTERS; i++) out[i] = denseGet(h.buf, i);
  return out;
}
