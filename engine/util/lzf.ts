/**
 * LZF compression (liblzf 3.6, the library redis-server 7.0 links): Redis compresses RDB
 * strings and quicklist nodes with it, so DEBUG OBJECT's serializedlength depends on exactly
 * how many bytes it produces. Only the compressor's output length is needed here; the output
 * bytes are built anyway because matches are found in the data as written.
 *
 * The format: a literal run is a byte 000LLLLL followed by L+1 bytes; a back reference of
 * length L+2 at distance o+1 is LLLooooo oooooooo, or 111ooooo LLLLLLLL oooooooo for long
 * ones. A hash of the next three bytes finds the last place they were seen.
 */

const HLOG = 16;
const HSIZE = 1 << HLOG;
const MAX_LIT = 1 << 5;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);

/**
 * The hash table, reused between calls: a slot holds a position only when its stamp is the
 * current call's, so no call has to clear 64 K slots first.
 */
const positions = new Int32Array(HSIZE);
const stamps = new Int32Array(HSIZE);
let stamp = 0;

function remember(slot: number, ip: number): void {
  stamps[slot] = stamp;
  positions[slot] = ip;
}

/** liblzf's "VERY_FAST" hash of the three bytes packed in `h`. */
const idx = (h: number): number => ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1);

/**
 * lzf_compress: the compressed size of `input` when it fits in `outLen` bytes, else 0 (the
 * same early give-ups as the C code, which matter because Redis asks for a saving).
 *
 * Redis does not clear the hash table between calls; a stale slot can only ever point at a
 * real earlier match, so starting clean gives the output a fresh process would.
 */
export function lzfCompressedSize(input: Uint8Array, outLen: number): number {
  const inLen = input.length;
  if (!inLen || !outLen) return 0;
  if (++stamp === 0x7fffffff) {
    stamps.fill(0);
    stamp = 1;
  }
  const ip0 = 0;
  const inEnd = inLen;
  let ip = ip0;
  let op = 0; // output bytes written so far, counting the pending run header
  let lit = 0;
  op++; // start run
  let hval = (input[ip] << 8) | input[ip + 1];
  while (ip < inEnd - 2) {
    hval = ((hval << 8) | input[ip + 2]) >>> 0;
    const slot = idx(hval);
    const ref = stamps[slot] === stamp ? positions[slot] : -1;
    stamps[slot] = stamp;
    positions[slot] = ip;
    // Only the reference's distance (ip - ref - 1 < MAX_OFF) matters for the size.
    if (
      ref > ip0 &&
      ref < ip &&
      ip - ref - 1 < MAX_OFF &&
      input[ref + 2] === input[ip + 2] &&
      input[ref] === input[ip] &&
      input[ref + 1] === input[ip + 1]
    ) {
      let len = 2;
      let maxlen = inEnd - ip - len;
      if (maxlen > MAX_REF) maxlen = MAX_REF;
      // The conservative test, then the exact one.
      if (op + 3 + 1 >= outLen && op - (lit ? 0 : 1) + 3 + 1 >= outLen) return 0;
      if (!lit) op--; // undo the empty run
      extend: {
        // The C code first compares 16 bytes unrolled whenever maxlen > 16, without checking
        // maxlen in between: a match may then run up to two bytes past maxlen.
        if (maxlen > 16) {
          for (let k = 0; k < 16; k++) {
            len++;
            if (input[ref + len] !== input[ip + len]) break extend;
          }
        }
        do len++;
        while (len < maxlen && input[ref + len] === input[ip + len]);
      }
      len -= 2; // now the count of octets - 1
      ip++;
      op += len < 7 ? 2 : 3;
      lit = 0;
      op++; // start run
      ip += len + 1;
      if (ip >= inEnd - 2) break;
      // VERY_FAST: hash the two positions before the next one.
      ip -= 2;
      hval = (input[ip] << 8) | input[ip + 1];
      hval = ((hval << 8) | input[ip + 2]) >>> 0;
      remember(idx(hval), ip);
      ip++;
      hval = ((hval << 8) | input[ip + 2]) >>> 0;
      remember(idx(hval), ip);
      ip++;
    } else {
      if (op >= outLen) return 0;
      lit++;
      op++;
      ip++;
      if (lit === MAX_LIT) {
        lit = 0;
        op++; // start run
      }
    }
  }
  if (op + 3 > outLen) return 0;
  while (ip < inEnd) {
    lit++;
    op++;
    ip++;
    if (lit === MAX_LIT) {
      lit = 0;
      op++;
    }
  }
  if (!lit) op--; // undo the empty run
  return op;
}
