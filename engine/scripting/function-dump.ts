/**
 * FUNCTION DUMP / RESTORE payloads in Redis 7.0's format, so a payload from a real server
 * restores here and ours restores there:
 *
 *   for each library: 0xF5 (RDB_OPCODE_FUNCTION2), its code as an RDB string
 *   then the RDB version (10, 2 bytes little-endian) and a CRC64 (Jones, reflected; 8 bytes
 *   little-endian) of everything before it.
 *
 * An RDB string is a length then the bytes; with rdbcompression on, a string over 20 bytes
 * is stored LZF-compressed (0xC3, compressed length, original length, data) when that saves
 * at least 4 bytes, as rdbSaveRawString does. Reading also accepts the integer encodings.
 * Byte strings are JS strings with one char per byte.
 */
import { FUNCTION_RESTORE_ERRORS } from "../errors";

const OPCODE_FUNCTION2 = 0xf5;
const RDB_VERSION = 10;

// CRC64 "Jones" as Redis uses it: reflected polynomial 0xad93d23594c935a9, init 0, no xor-out.
const CRC_TABLE: bigint[] = (() => {
  const poly = 0x95ac9329ac4bc9b5n; // 0xad93d23594c935a9 with its bits reversed
  const t: bigint[] = [];
  for (let i = 0; i < 256; i++) {
    let c = BigInt(i);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
    t.push(c);
  }
  return t;
})();

export function crc64(s: string): bigint {
  let crc = 0n;
  for (let i = 0; i < s.length; i++) crc = CRC_TABLE[Number((crc ^ BigInt(s.charCodeAt(i))) & 0xffn)] ^ (crc >> 8n);
  return crc;
}

function le64(v: bigint): string {
  let out = "";
  for (let i = 0; i < 8; i++) out += String.fromCharCode(Number((v >> BigInt(8 * i)) & 0xffn));
  return out;
}

function rdbLen(n: number): string {
  if (n < 64) return String.fromCharCode(n);
  if (n < 16384) return String.fromCharCode(0x40 | (n >> 8), n & 0xff);
  // Library code is far below 4 GiB (proto-max-bulk-len caps it).
  return String.fromCharCode(0x80, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

/** rdbSaveRawString for a library's code (never an integer: it starts with "#!"). */
function rdbString(s: string, compress: boolean): string {
  if (compress && s.length > 20) {
    const input = Uint8Array.from(s, (ch) => ch.charCodeAt(0));
    const packed = lzfCompress(input, s.length - 4);
    if (packed) return "\xc3" + rdbLen(packed.length) + rdbLen(s.length) + bytesToString(packed);
  }
  return rdbLen(s.length) + s;
}

/** FUNCTION DUMP's payload for the given library codes, in order. */
export function encodeFunctionPayload(codes: Iterable<string>, compress: boolean): string {
  let body = "";
  for (const code of codes) body += String.fromCharCode(OPCODE_FUNCTION2) + rdbString(code, compress);
  body += String.fromCharCode(RDB_VERSION & 0xff, RDB_VERSION >> 8);
  return body + le64(crc64(body));
}

/**
 * verifyDumpPayload: the payload's footer has a known RDB version and a matching CRC64.
 * False for anything else, a too-short payload included.
 */
export function verifyPayload(payload: string): boolean {
  if (payload.length < 10) return false;
  const ver = payload.charCodeAt(payload.length - 10) | (payload.charCodeAt(payload.length - 9) << 8);
  if (ver > RDB_VERSION) return false;
  return le64(crc64(payload.slice(0, -8))) === payload.slice(-8);
}

/**
 * The library codes of a verified payload, in order, up to the first that cannot be read;
 * then `error` is the text functionRestoreCommand answers for it (without "ERR "). Redis
 * reads and loads library by library, so the codes before a bad one are still loaded (and
 * may fail first). A string may run into the footer, as Redis reads from the whole payload.
 */
export function decodeFunctionPayload(payload: string): { codes: string[]; error?: string } {
  const end = payload.length - 10;
  const codes: string[] = [];
  let pos = 0;
  while (pos < end) {
    const type = payload.charCodeAt(pos++);
    if (type !== OPCODE_FUNCTION2) return { codes, error: FUNCTION_RESTORE_ERRORS.NOT_A_FUNCTION };
    const s = readString(payload, pos, payload.length);
    if (!s) return { codes, error: FUNCTION_RESTORE_ERRORS.BAD_LIBRARY_PAYLOAD };
    codes.push(s.value);
    pos = s.next;
  }
  return { codes };
}

function readLen(p: string, pos: number, end: number): { len: number; encoded: boolean; next: number } | null {
  if (pos >= end) return null;
  const b = p.charCodeAt(pos);
  const kind = b >> 6;
  if (kind === 0) return { len: b & 0x3f, encoded: false, next: pos + 1 };
  if (kind === 1) return pos + 2 > end ? null : { len: ((b & 0x3f) << 8) | p.charCodeAt(pos + 1), encoded: false, next: pos + 2 };
  if (kind === 3) return { len: b & 0x3f, encoded: true, next: pos + 1 };
  const width = b === 0x80 ? 4 : b === 0x81 ? 8 : 0;
  if (!width || pos + 1 + width > end) return null;
  let n = 0;
  for (let i = 0; i < width; i++) n = n * 256 + p.charCodeAt(pos + 1 + i);
  return { len: n, encoded: false, next: pos + 1 + width };
}

function readString(p: string, pos: number, end: number): { value: string; next: number } | null {
  const h = readLen(p, pos, end);
  if (!h) return null;
  if (!h.encoded) return h.next + h.len > end ? null : { value: p.slice(h.next, h.next + h.len), next: h.next + h.len };
  if (h.len <= 2) {
    // Integers, little-endian signed: 8, 16 or 32 bits.
    const width = 1 << h.len;
    if (h.next + width > end) return null;
    let v = 0;
    for (let i = width - 1; i >= 0; i--) v = v * 256 + p.charCodeAt(h.next + i);
    if (v >= 2 ** (8 * width - 1)) v -= 2 ** (8 * width);
    return { value: String(v), next: h.next + width };
  }
  if (h.len !== 3) return null;
  const clen = readLen(p, h.next, end);
  if (!clen || clen.encoded) return null;
  const olen = readLen(p, clen.next, end);
  if (!olen || olen.encoded || olen.next + clen.len > end) return null;
  const value = lzfDecompress(p.slice(olen.next, olen.next + clen.len), olen.len);
  return value === null ? null : { value, next: olen.next + clen.len };
}

// ---- LZF (liblzf 3.6 as Redis builds it: HLOG 16, VERY_FAST), bytes out ----

const HLOG = 16;
const HSIZE = 1 << HLOG;
const MAX_LIT = 1 << 5;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);
const idx = (h: number): number => ((h >>> (3 * 8 - HLOG)) - h * 5) & (HSIZE - 1);

/**
 * lzf_compress into at most `outLen` bytes, or null when it does not fit. The output must be
 * byte for byte Redis' (it is checksummed and compared), so the control flow follows the
 * compressor's exactly: where it looks matches up, when it gives up, how runs are closed.
 * The hash table starts empty, as in a fresh process.
 */
export function lzfCompress(input: Uint8Array, outLen: number): Uint8Array | null {
  const inEnd = input.length;
  if (!inEnd || outLen <= 0) return null;
  const htab = new Int32Array(HSIZE).fill(-1);
  // A little slack: the C code may write a run header one byte past what it keeps.
  const out = new Uint8Array(outLen + 4);
  let ip = 0;
  let op = 1; // the first run's header
  let lit = 0;
  let hval = (input[0] << 8) | input[1];
  while (ip < inEnd - 2) {
    hval = ((hval << 8) | input[ip + 2]) >>> 0;
    const slot = idx(hval);
    const ref = htab[slot];
    htab[slot] = ip;
    const off = ip - ref - 1;
    if (ref > 0 && ref < ip && off < MAX_OFF && input[ref + 2] === input[ip + 2] && input[ref] === input[ip] && input[ref + 1] === input[ip + 1]) {
      let len = 2;
      let maxlen = inEnd - ip - len;
      if (maxlen > MAX_REF) maxlen = MAX_REF;
      if (op + 3 + 1 >= outLen && op - (lit ? 0 : 1) + 3 + 1 >= outLen) return null;
      out[op - lit - 1] = (lit - 1) & 0xff; // close the literal run
      if (!lit) op--; // an empty run takes no header
      extend: {
        // Unrolled: 16 compares without checking maxlen, so a match may run past it.
        if (maxlen > 16) {
          for (let k = 0; k < 16; k++) {
            len++;
            if (input[ref + len] !== input[ip + len]) break extend;
          }
        }
        do len++;
        while (len < maxlen && input[ref + len] === input[ip + len]);
      }
      len -= 2;
      ip++;
      if (len < 7) {
        out[op++] = (off >> 8) + (len << 5);
      } else {
        out[op++] = (off >> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++; // the next run's header
      ip += len + 1;
      if (ip >= inEnd - 2) break;
      ip -= 2;
      hval = (input[ip] << 8) | input[ip + 1];
      hval = ((hval << 8) | input[ip + 2]) >>> 0;
      htab[idx(hval)] = ip;
      ip++;
      hval = ((hval << 8) | input[ip + 2]) >>> 0;
      htab[idx(hval)] = ip;
      ip++;
    } else {
      if (op >= outLen) return null;
      lit++;
      out[op++] = input[ip++];
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1;
        lit = 0;
        op++;
      }
    }
  }
  if (op + 3 > outLen) return null;
  while (ip < inEnd) {
    lit++;
    out[op++] = input[ip++];
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  out[op - lit - 1] = (lit - 1) & 0xff;
  if (!lit) op--;
  return out.slice(0, op);
}

/** lzf_decompress to exactly `outLen` bytes, or null for malformed input. */
export function lzfDecompress(src: string, outLen: number): string | null {
  const out = new Uint8Array(outLen);
  let ip = 0;
  let op = 0;
  while (ip < src.length) {
    const ctrl = src.charCodeAt(ip++);
    if (ctrl < 32) {
      const n = ctrl + 1;
      if (op + n > outLen || ip + n > src.length) return null;
      for (let i = 0; i < n; i++) out[op++] = src.charCodeAt(ip++);
    } else {
      let len = ctrl >> 5;
      if (len === 7) {
        if (ip >= src.length) return null;
        len += src.charCodeAt(ip++);
      }
      if (ip >= src.length) return null;
      const ref = op - ((ctrl & 0x1f) << 8) - src.charCodeAt(ip++) - 1;
      len += 2;
      if (ref < 0 || op + len > outLen) return null;
      for (let i = 0; i < len; i++) out[op++] = out[ref + i];
    }
  }
  if (op !== outLen) return null;
  return bytesToString(out);
}

function bytesToString(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}
