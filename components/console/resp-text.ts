/**
 * RESP bytes as text a learner can read and type: `\r\n` and other control bytes written as
 * escapes, so `*1\r\n$4\r\nPING\r\n` is both what the wire view shows and what raw mode reads.
 */
import { utf8ToBytes } from "@/engine/util/bytes";

const NAMED: Record<string, string> = { "\r": "\\r", "\n": "\\n", "\t": "\\t", "\\": "\\\\" };

/** Bytes (one char per byte) → printable ASCII with escapes. */
export function escapeBytes(bytes: string): string {
  let out = "";
  for (const ch of bytes) {
    const code = ch.charCodeAt(0);
    if (NAMED[ch]) out += NAMED[ch];
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else out += `\\x${code.toString(16).padStart(2, "0")}`;
  }
  return out;
}

/**
 * What the learner typed in raw mode → the bytes to send: `\r`, `\n`, `\t`, `\\`, `\xHH` are
 * escapes, any other text is sent as UTF-8. A backslash before anything else stays as is.
 */
export function unescapeTyped(text: string): string {
  const bytes = utf8ToBytes(text);
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    const ch = bytes[i];
    if (ch !== "\\" || i + 1 >= bytes.length) {
      out += ch;
      continue;
    }
    const next = bytes[i + 1];
    if (next === "r") out += "\r";
    else if (next === "n") out += "\n";
    else if (next === "t") out += "\t";
    else if (next === "\\") out += "\\";
    else if (next === "x" && /^[0-9a-fA-F]{2}$/.test(bytes.slice(i + 2, i + 4))) {
      out += String.fromCharCode(parseInt(bytes.slice(i + 2, i + 4), 16));
      i += 2;
    } else {
      out += ch;
      continue;
    }
    i++;
  }
  return out;
}
