/**
 * What the bitmap commands share (bitmaps.ts, bitfield.ts): parsing a bit offset, and getting
 * a key's string as a writable bitmap.
 */
import type { Client } from "../client";
import { E } from "../errors";
import { growthRefusal } from "../limits";
import { sdsNewRoom, sdsRoomAfterWrite } from "../memory/alloc";
import type { Reply } from "../reply";
import { BitmapString } from "../types/bitmap";
import { parseInt64 } from "./args";

/**
 * getBitOffsetFromArgument: a bit offset, or null for "bit offset is not an integer or out of
 * range". With `hashBits` (BITFIELD), "#N" means N fields of that width. The byte it falls in
 * must lie within proto-max-bulk-len.
 */
export function parseBitOffset(c: Client, arg: string, hashBits = 0): number | null {
  const hash = hashBits > 0 && arg.charCodeAt(0) === 35; /* # */
  const parsed = parseInt64(hash ? arg.slice(1) : arg);
  if (parsed === null) return null;
  let off: number | bigint = parsed;
  if (hash) {
    // C multiplies in int64, so a huge N wraps (often to a negative, refused below).
    const n = Number(parsed) * hashBits;
    off = Number.isSafeInteger(n) ? n : BigInt.asIntN(64, BigInt(parsed) * BigInt(hashBits));
  }
  if (off < 0) return null;
  const max = c.server.config.num("proto-max-bulk-len");
  // Past 2^53 a double is only approximate, but such offsets are far beyond any value.
  const byte = typeof off === "bigint" ? Number(off >> 3n) : Math.floor(off / 8);
  if (byte >= max) return null;
  return Number(off);
}

/**
 * lookupStringForBitCommand: the key's value as a writable bitmap of at least `maxbit + 1`
 * bits, created (zero-filled) when missing. `grew` is how many bytes were added: a write that
 * grows the value counts as a change even if no bit flips.
 */
export function bitTarget(c: Client, key: string, maxbit: number): { b: BitmapString; grew: number } | Reply {
  const db = c.db;
  const size = Math.floor(maxbit / 8) + 1;
  const o = db.lookupWrite(key);
  // The playground answers OOM before zero-filling a huge bitmap.
  if (!o || o.type === "string") {
    const refused = growthRefusal(c.server, size, !o ? 0 : o instanceof BitmapString ? o.length : o.value.length);
    if (refused) return refused;
  }
  if (!o) {
    const b = BitmapString.fromBytes(new Uint8Array(size));
    b.sds = sdsNewRoom(size); // sdsnewlen, exact
    db.add(key, b);
    return { b, grew: size };
  }
  if (o.type !== "string") return E.WRONGTYPE;
  // The sds room after dbUnshareStringValue and sdsgrowzero (MEMORY USAGE counts it).
  const len = o instanceof BitmapString ? o.length : o.value.length;
  const room = sdsRoomAfterWrite(o.enc, o.sds, len, Math.max(len, size));
  let b: BitmapString;
  if (o instanceof BitmapString) b = o;
  else {
    // dbUnshareStringValue: an int, embstr or shared value becomes a private raw string,
    // even when the command then changes nothing.
    b = BitmapString.fromString(o.value);
    db.overwrite(key, b);
  }
  b.sds = room;
  return { b, grew: b.growZero(size) };
}
