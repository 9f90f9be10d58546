/**
 * Counting with Redis' HyperLogLog: the histogram of register values (dense, sparse, or one
 * byte per register for unions), Ertl's improved estimator over it, and the register-wise
 * maximum that PFCOUNT of several keys and PFMERGE build. The estimator's arithmetic runs in
 * the same order as Redis' hllCount so that every double rounds alike and the counts match.
 */
import {
  ENC_OFFSET,
  HLL_DENSE,
  HLL_HDR_SIZE,
  HLL_Q,
  HLL_REGISTERS,
  type HllBytes,
  isXzero,
  isZero,
  valLen,
  valValue,
  xzeroLen,
  zeroLen,
} from "./hyperloglog";

// 0.5 / ln(2): the double nearest Redis' literal 0.721347520444481703680.
const ALPHA_INF = 0.7213475204444817;

/**
 * Histograms count into four 64-slot lanes, folded at the end: neighbouring registers often
 * hold the same value, and four lanes keep consecutive increments off the same slot.
 */
const lanes = new Int32Array(256);

function foldLanes(histo: Int32Array): void {
  for (let v = 0; v < 64; v++) {
    histo[v] += lanes[v] + lanes[64 + v] + lanes[128 + v] + lanes[192 + v];
  }
  lanes.fill(0);
}

/** Register-value histogram of a dense HLL: four 6-bit registers in every three bytes. */
function denseHisto(buf: Uint8Array, histo: Int32Array): void {
  const end = HLL_HDR_SIZE + (HLL_REGISTERS * 6) / 8;
  for (let b = HLL_HDR_SIZE; b < end; b += 3) {
    const x = buf[b] | (buf[b + 1] << 8) | (buf[b + 2] << 16);
    lanes[x & 63]++;
    lanes[64 + ((x >> 6) & 63)]++;
    lanes[128 + ((x >> 12) & 63)]++;
    lanes[192 + ((x >> 18) & 63)]++;
  }
  foldLanes(histo);
}

/** Histogram of a sparse HLL; false when the opcodes do not cover exactly 16384 registers. */
function sparseHisto(b: HllBytes, histo: Int32Array): boolean {
  const { buf, len: end } = b;
  let idx = 0;
  let p = HLL_HDR_SIZE;
  while (p < end) {
    const op = buf[p];
    let run: number;
    let val = 0;
    if (isZero(op)) {
      run = zeroLen(op);
      p++;
    } else if (isXzero(op)) {
      run = xzeroLen(buf, p);
      p += 2;
    } else {
      run = valLen(op);
      val = valValue(op);
      p++;
    }
    if (run + idx > HLL_REGISTERS) return false;
    idx += run;
    histo[val] += run;
  }
  return idx === HLL_REGISTERS;
}

/** Ertl's sigma helper ("New cardinality estimation algorithms for HyperLogLog sketches"). */
function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  let zPrime: number;
  do {
    x *= x;
    zPrime = z;
    z += x * y;
    y += y;
  } while (zPrime !== z);
  return z;
}

/** Ertl's tau helper. */
function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  let zPrime: number;
  do {
    x = Math.sqrt(x);
    zPrime = z;
    y *= 0.5;
    const d = 1 - x;
    z -= d * d * y;
  } while (zPrime !== z);
  return z / 3;
}

const LLONG_MIN = -(1n << 63n);

/**
 * The estimate from a register histogram, with the arithmetic in the same order as Redis'
 * hllCount so the doubles round alike. Like Redis' llroundl, an estimate past 2^63 (only
 * reachable through hand-made registers) comes out as LLONG_MIN.
 */
function estimate(histo: Int32Array): number | bigint {
  const m = HLL_REGISTERS;
  let z = m * tau((m - histo[HLL_Q + 1]) / m);
  for (let j = HLL_Q; j >= 1; j--) {
    z += histo[j];
    z *= 0.5;
  }
  z += m * sigma(histo[0] / m);
  const e = (ALPHA_INF * m * m) / z;
  if (!(e < 9223372036854775808)) return LLONG_MIN;
  const r = Math.round(e);
  return Number.isSafeInteger(r) ? r : BigInt(r);
}

/** hllCount of a dense or sparse HLL; null when a sparse HLL is corrupt. */
export function hllCount(b: HllBytes): number | bigint | null {
  const histo = new Int32Array(64);
  if (b.buf[ENC_OFFSET] === HLL_DENSE) denseHisto(b.buf, histo);
  else if (!sparseHisto(b, histo)) return null;
  return estimate(histo);
}

/** The estimate for 16384 registers held one per byte (PFCOUNT of several keys). */
export function rawCount(regs: Uint8Array): number | bigint {
  for (let i = 0; i < HLL_REGISTERS; i += 4) {
    lanes[regs[i]]++;
    lanes[64 + regs[i + 1]]++;
    lanes[128 + regs[i + 2]]++;
    lanes[192 + regs[i + 3]]++;
  }
  const histo = new Int32Array(64);
  foldLanes(histo);
  return estimate(histo);
}

/**
 * hllMerge: max[i] = MAX(max[i], register i) for every register of an HLL. False when a
 * sparse HLL is corrupt (max may then hold part of it, as in Redis, which stops there too).
 */
export function mergeInto(max: Uint8Array, b: HllBytes): boolean {
  const buf = b.buf;
  if (buf[ENC_OFFSET] === HLL_DENSE) {
    const end = HLL_HDR_SIZE + (HLL_REGISTERS * 6) / 8;
    for (let at = HLL_HDR_SIZE, i = 0; at < end; at += 3, i += 4) {
      const x = buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16);
      let v = x & 63;
      if (v > max[i]) max[i] = v;
      v = (x >> 6) & 63;
      if (v > max[i + 1]) max[i + 1] = v;
      v = (x >> 12) & 63;
      if (v > max[i + 2]) max[i + 2] = v;
      v = (x >> 18) & 63;
      if (v > max[i + 3]) max[i + 3] = v;
    }
    return true;
  }
  const end = b.len;
  let i = 0;
  let p = HLL_HDR_SIZE;
  while (p < end) {
    const op = buf[p];
    if (isZero(op)) {
      const run = zeroLen(op);
      if (run + i > HLL_REGISTERS) return false;
      i += run;
      p++;
    } else if (isXzero(op)) {
      const run = xzeroLen(buf, p);
      if (run + i > HLL_REGISTERS) return false;
      i += run;
      p += 2;
    } else {
      const run = valLen(op);
      if (run + i > HLL_REGISTERS) return false;
      const v = valValue(op);
      for (let r = 0; r < run; r++, i++) if (v > max[i]) max[i] = v;
      p++;
    }
  }
  return i === HLL_REGISTERS;
}
