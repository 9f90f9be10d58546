/**
 * Conversions between text (JS strings of Unicode characters) and byte strings (JS strings
 * holding one char per byte, as the engine stores keys and values).
 *
 * What a learner types is text; Redis sees the UTF-8 bytes of it, so `SET k héllo` stores 6
 * bytes. Going back, redis-cli writes reply bytes to a UTF-8 terminal: invalid sequences show
 * as the replacement character, which is what bytesToUtf8 does too.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: false });

/** Chunk size for String.fromCharCode.apply, well under engines' argument limits. */
const CHUNK = 0x8000;

/** Text → its UTF-8 bytes as a byte string. Pure ASCII comes back unchanged. */
export function utf8ToBytes(text: string): string {
  if (isAscii(text)) return text;
  return fromUint8(encoder.encode(text));
}

/** A byte string read as UTF-8 → text (invalid sequences become U+FFFD). */
export function bytesToUtf8(bytes: string): string {
  if (isAscii(bytes)) return bytes;
  return decoder.decode(toUint8(bytes));
}

/** A byte string → Uint8Array. Chars above 0xff are not bytes; they are cut to their low 8 bits. */
export function toUint8(bytes: string): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes.charCodeAt(i) & 0xff;
  return out;
}

export function fromUint8(buf: Uint8Array): string {
  let out = "";
  for (let i = 0; i < buf.length; i += CHUNK) {
    out += String.fromCharCode.apply(null, buf.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return out;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}
