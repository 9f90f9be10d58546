/**
 * Bit-level helpers for the bitmap commands, over bytes given either as a Uint8Array (a
 * BitmapString's buffer) or as a byte string (any other string value): population count,
 * first set/clear bit, and reading, writing and overflow-checking BITFIELD integers.
 *
 * Bit 0 is the most significant bit of byte 0, as in SETBIT. Fields of up to 32 bits are
 * handled with plain numbers; wider ones (and 64-bit operands) with BigInt, emulating C's
 * uint64/int64 wrap-around exactly where Redis relies on it.
 */

export type ByteSource = Uint8Array | string;

const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1];

/** Set bits in bytes [from, to] (inclusive). */
export function popcount(src: ByteSource, from: number, to: number): number {
  let n = 0;
  if (typeof src === "string") {
    for (let i = from; i <= to; i++) n += POPCOUNT[src.charCodeAt(i)];
  } else {
    for (let i = from; i <= to; i++) n += POPCOUNT[src[i]];
  }
  return n;
}

export const popcountByte = (b: number): number => POPCOUNT[b & 0xff];

export const byteAt = (src: ByteSource, i: number): number =>
  i >= src.length ? 0 : typeof src === "string" ? src.charCodeAt(i) : src[i];

/**
 * redisBitpos: the position of the first bit equal to `bit` in `count` bytes from `from`.
 * Looking for 0 never fails: past the bytes the string counts as zero padded, so the answer
 * is then count * 8. Looking for 1 answers -1 when every bit is clear.
 */
export function bitpos(src: ByteSource, from: number, count: number, bit: 0 | 1): number {
  const skip = bit ? 0 : 0xff;
  const end = from + count;
  for (let i = from; i < end; i++) {
    const b = byteAt(src, i);
    if (b === skip) continue;
    // The first bit equal to `bit`, from the most significant end.
    const probe = bit ? b : ~b & 0xff;
    return (i - from) * 8 + (Math.clz32(probe) - 24);
  }
  return bit ? -1 : count * 8;
}

// ---- BITFIELD integers ------------------------------------------------------------------

const TWO32 = 0x1_0000_0000;
const U64 = (1n << 64n) - 1n;

/** getUnsignedBitfield: `bits` (1..64) bits from bit `offset`, zero beyond the bytes. */
export function getUnsigned(src: ByteSource, offset: number, bits: number): number | bigint {
  if (bits <= 32) return readBits(src, offset, bits);
  const hi = readBits(src, offset, bits - 32);
  const lo = readBits(src, offset + bits - 32, 32);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** getSignedBitfield: the same bits read as two's complement. */
export function getSigned(src: ByteSource, offset: number, bits: number): number | bigint {
  const u = getUnsigned(src, offset, bits);
  if (typeof u === "bigint") return BigInt.asIntN(bits, u);
  return u >= 2 ** (bits - 1) ? u - 2 ** bits : u;
}

function readBits(src: ByteSource, offset: number, bits: number): number {
  let v = 0;
  for (let j = 0; j < bits; j++) {
    const pos = offset + j;
    const b = byteAt(src, Math.floor(pos / 8));
    v = v * 2 + ((b >> (7 - (pos % 8))) & 1);
  }
  return v;
}

/**
 * setUnsignedBitfield: writes the low `bits` bits of `value` (two's complement for negative
 * values) at bit `offset`. The buffer must already hold those bits.
 */
export function setField(buf: Uint8Array, offset: number, bits: number, value: number | bigint): void {
  if (bits <= 32) {
    writeBits(buf, offset, bits, lowBits(value, bits));
    return;
  }
  const u = BigInt.asUintN(bits, BigInt(value));
  writeBits(buf, offset, bits - 32, Number(u >> 32n));
  writeBits(buf, offset + bits - 32, 32, Number(u & 0xffff_ffffn));
}

/** The low `bits` (<= 32) bits of an integer as an unsigned number. */
function lowBits(value: number | bigint, bits: number): number {
  if (typeof value === "bigint") return Number(BigInt.asUintN(bits, value));
  const m = 2 ** bits;
  return ((value % m) + m) % m;
}

function writeBits(buf: Uint8Array, offset: number, bits: number, v: number): void {
  for (let j = 0; j < bits; j++) {
    const bit = Math.floor(v / 2 ** (bits - 1 - j)) & 1;
    const pos = offset + j;
    const byte = Math.floor(pos / 8);
    const mask = 1 << (7 - (pos % 8));
    buf[byte] = bit ? buf[byte] | mask : buf[byte] & ~mask;
  }
}

export type OverflowMode = "wrap" | "sat" | "fail";

/**
 * The value a BITFIELD SET or INCRBY stores, or null when OVERFLOW FAIL refuses it. `old` is
 * the field's current value (as getUnsigned/getSigned read it) and `operand` the argument.
 * Mirrors checkUnsignedBitfieldOverflow / checkSignedBitfieldOverflow, including what SET
 * of a negative value into an unsigned field does (the value is taken as a uint64).
 */
export function fieldResult(
  signed: boolean,
  bits: number,
  old: number | bigint,
  operand: number | bigint,
  incr: boolean,
  mode: OverflowMode,
): number | bigint | null {
  // Plain numbers are exact here: |old| < 2^32 and |operand| <= 2^53, so no int64 wrap can
  // happen and every comparison below is exact.
  if (bits <= 32 && typeof operand === "number") {
    return signed ? signedSmall(bits, old as number, operand, incr, mode) : unsignedSmall(bits, old as number, operand, incr, mode);
  }
  return signed ? signedWide(bits, BigInt(old), BigInt(operand), incr, mode) : unsignedWide(bits, BigInt(old), BigInt(operand), incr, mode);
}

function unsignedSmall(bits: number, old: number, operand: number, incr: boolean, mode: OverflowMode): number | null {
  const max = 2 ** bits - 1;
  // SET checks the new value with a zero increment; a negative one is a huge uint64.
  const value = incr ? old : operand;
  const by = incr ? operand : 0;
  let over = 0;
  if (value < 0 || value > max || by > max - value) over = 1;
  else if (by < -value) over = -1;
  if (!over) return value + by;
  if (mode === "fail") return null;
  if (mode === "sat") return over > 0 ? max : 0;
  return lowBits((value % TWO32) + (by % TWO32), bits);
}

function signedSmall(bits: number, old: number, operand: number, incr: boolean, mode: OverflowMode): number | null {
  const max = 2 ** (bits - 1) - 1;
  const min = -max - 1;
  const value = incr ? old : operand;
  const by = incr ? operand : 0;
  let over = 0;
  if (value > max || by > max - value) over = 1;
  else if (value < min || by < min - value) over = -1;
  if (!over) return value + by;
  if (mode === "fail") return null;
  if (mode === "sat") return over > 0 ? max : min;
  const u = lowBits((value % TWO32) + (by % TWO32), bits);
  return u > max ? u - 2 ** bits : u;
}

const i64 = (x: bigint): bigint => BigInt.asIntN(64, x);
const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);

function unsignedWide(bits: number, old: bigint, operand: bigint, incr: boolean, mode: OverflowMode): bigint | null {
  const max = (1n << BigInt(bits)) - 1n;
  const value = u64(incr ? old : operand);
  const by = incr ? operand : 0n;
  const maxincr = i64(max - value);
  const minincr = i64(-value);
  let over = 0;
  if (value > max || (by > 0n && by > maxincr)) over = 1;
  else if (by < 0n && by < minincr) over = -1;
  if (!over) return u64(value + by);
  if (mode === "fail") return null;
  if (mode === "sat") return over > 0 ? max : 0n;
  return (value + by) & U64 & max;
}

function signedWide(bits: number, old: bigint, operand: bigint, incr: boolean, mode: OverflowMode): bigint | null {
  const max = bits === 64 ? (1n << 63n) - 1n : (1n << BigInt(bits - 1)) - 1n;
  const min = -max - 1n;
  const value = incr ? old : operand;
  const by = incr ? operand : 0n;
  // In C both are computed with int64 wrap-around, and can wrap for extreme values.
  const maxincr = i64(max - value);
  const minincr = i64(min - value);
  let over = 0;
  if (value > max || (bits !== 64 && by > maxincr) || (value >= 0n && by > 0n && by > maxincr)) over = 1;
  else if (value < min || (bits !== 64 && by < minincr) || (value < 0n && by < 0n && by < minincr)) over = -1;
  if (!over) return value + by;
  if (mode === "fail") return null;
  if (mode === "sat") return over > 0 ? max : min;
  return BigInt.asIntN(bits, value + by);
}
