/**
 * MurmurHash64A, the 64-bit hash Redis' HyperLogLog feeds every element through.
 *
 * JS has no 64-bit integers short of BigInt, which is far too slow for PFADD's hot path, so
 * the hash runs on two unsigned 32-bit halves. The only 64-bit operations it needs are xor,
 * a right shift by 47 and a multiplication by one constant modulo 2^64; the product's low
 * word is assembled from 16-bit partial products (each exact in a double) and its high word
 * from the cross terms, of which only the low 32 bits matter.
 *
 * Bytes are read little-endian (Redis' hash is endian-neutral and reads 8-byte blocks as
 * little-endian integers), one byte per char of the byte string.
 */

// The multiplier 0xc6a4a7935bd1e995, split.
const M_HI = 0xc6a4a793;
const M_LO = 0x5bd1e995;
const M_LO_16 = M_LO & 0xffff;
const M_LO_HI16 = M_LO >>> 16;

// Result registers of mulM: a function returning a pair would allocate on every call.
let rHi = 0;
let rLo = 0;

/** (hi, lo) * M mod 2^64, into rHi/rLo. */
function mulM(hi: number, lo: number): void {
  const a0 = lo & 0xffff;
  const a1 = lo >>> 16;
  const p00 = a0 * M_LO_16;
  const p01 = a0 * M_LO_HI16;
  const p10 = a1 * M_LO_16;
  const p11 = a1 * M_LO_HI16;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  rLo = (((mid & 0xffff) << 16) | (p00 & 0xffff)) >>> 0;
  const carry = p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16);
  rHi = (carry + Math.imul(hi, M_LO) + Math.imul(lo, M_HI)) >>> 0;
}

/** The hash's high and low 32-bit words after the last murmurHash64A call. */
export const lastHash = { hi: 0, lo: 0 };

/**
 * MurmurHash64A of a byte string with a 32-bit seed. The result is left in `lastHash` (hi, lo)
 * so the caller pays no allocation per element.
 */
export function murmurHash64A(s: string, seed: number): void {
  const len = s.length;
  // h = seed ^ (len * m): len is a C int, widened to 64 bits.
  mulM(0, len);
  let hHi = rHi;
  let hLo = (rLo ^ seed) >>> 0;
  const blocks = len - (len & 7);
  let i = 0;
  while (i < blocks) {
    let kLo =
      (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24)) >>> 0;
    let kHi =
      (s.charCodeAt(i + 4) |
        (s.charCodeAt(i + 5) << 8) |
        (s.charCodeAt(i + 6) << 16) |
        (s.charCodeAt(i + 7) << 24)) >>>
      0;
    mulM(kHi, kLo);
    kHi = rHi;
    kLo = (rLo ^ (rHi >>> 15)) >>> 0; // k ^= k >> 47
    mulM(kHi, kLo);
    hHi = (hHi ^ rHi) >>> 0;
    hLo = (hLo ^ rLo) >>> 0;
    mulM(hHi, hLo);
    hHi = rHi;
    hLo = rLo;
    i += 8;
  }
  const tail = len & 7;
  if (tail) {
    // The C switch falls through from the highest remaining byte down to the first.
    for (let t = tail - 1; t >= 0; t--) {
      const b = s.charCodeAt(i + t);
      if (t >= 4) hHi = (hHi ^ (b << ((t - 4) * 8))) >>> 0;
      else hLo = (hLo ^ (b << (t * 8))) >>> 0;
    }
    mulM(hHi, hLo);
    hHi = rHi;
    hLo = rLo;
  }
  // h ^= h >> r; h *= m; h ^= h >> r;
  hLo = (hLo ^ (hHi >>> 15)) >>> 0;
  mulM(hHi, hLo);
  hHi = rHi;
  hLo = (rLo ^ (rHi >>> 15)) >>> 0;
  lastHash.hi = hHi;
  lastHash.lo = hLo;
}
