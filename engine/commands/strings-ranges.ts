/**
 * String commands, part three: working on parts of a value. APPEND, STRLEN, GETRANGE (and its
 * old name SUBSTR), SETRANGE, and LCS (strings-lcs.ts).
 *
 * APPEND and SETRANGE on an existing key always leave a raw-encoded string (Redis unshares
 * the value into a fresh sds), while APPEND to a missing key stores its argument as SET would.
 * JS strings are immutable, but V8 builds concatenations and slices as ropes, so appending to
 * a long value does not copy it each time.
 */
import type { Client } from "../client";
import { E } from "../errors";
import { growthRefusal } from "../limits";
import { sdsNewRoom, sdsRoomAfterWrite } from "../memory/alloc";
import { bulk, int, type Reply } from "../reply";
import { parseInt64 } from "./args";
import { rawString, storedString } from "./strings-common";
import { lcsCommand } from "./strings-lcs";
import type { CommandDef } from "./table";

const EMPTY = bulk("");

/** checkStringLength: the resulting size may not pass proto-max-bulk-len. */
function tooLong(c: Client, size: number | bigint, append: number): boolean {
  const max = c.server.config.num("proto-max-bulk-len");
  if (typeof size === "bigint") return size + BigInt(append) > BigInt(max);
  return size + append > max;
}

/** getrangeCommand: inclusive byte range with negative indexes from the end, clamped. */
function getrange(c: Client, argv: readonly string[]): Reply {
  const s0 = parseInt64(argv[2]);
  if (s0 === null) return E.NOT_INTEGER;
  const e0 = parseInt64(argv[3]);
  if (e0 === null) return E.NOT_INTEGER;
  const o = c.db.lookupRead(argv[1]);
  if (!o) return EMPTY;
  if (o.type !== "string") return E.WRONGTYPE;
  // Indexes past 2^53 only matter through their sign and size, which a double keeps.
  let start = Number(s0);
  let end = Number(e0);
  const len = o.value.length;
  if (start < 0 && end < 0 && start > end) return EMPTY;
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len === 0) return EMPTY;
  return bulk(o.value.slice(start, end + 1));
}

export const rangeCommands: CommandDef[] = [
  {
    name: "append",
    summary: "Appends a string to the value of a key (creating it if missing); replies with the new length.",
    handler: (c, argv) => {
      const key = argv[1];
      const tail = argv[2];
      const db = c.db;
      const o = db.lookupWrite(key);
      let total: number;
      if (!o) {
        db.add(key, storedString(tail));
        total = tail.length;
      } else {
        if (o.type !== "string") return E.WRONGTYPE;
        total = o.value.length + tail.length;
        if (tooLong(c, o.value.length, tail.length)) return E.STRING_TOO_LONG;
        const refused = growthRefusal(c.server, total, o.value.length); // playground only
        if (refused) return refused;
        const next = rawString(o.value + tail);
        // The grown sds keeps spare room, which MEMORY USAGE counts.
        next.sds = sdsRoomAfterWrite(o.enc, o.sds, o.value.length, total);
        db.overwrite(key, next);
      }
      db.written(key, "$", "append");
      return int(total);
    },
  },
  {
    name: "strlen",
    summary: "Returns the length in bytes of the string stored at a key (0 when missing).",
    handler: (c, argv) => {
      const o = c.db.lookupRead(argv[1]);
      if (!o) return int(0);
      if (o.type !== "string") return E.WRONGTYPE;
      return int(o.value.length);
    },
  },
  {
    name: "getrange",
    summary: "Returns the bytes of a string between two inclusive offsets (negative ones count from the end).",
    handler: getrange,
  },
  {
    name: "substr",
    summary: "Old name of GETRANGE: returns the bytes of a string between two inclusive offsets.",
    handler: getrange,
  },
  {
    name: "setrange",
    summary: "Overwrites part of a string from an offset, padding with zero bytes; replies with the new length.",
    handler: (c, argv) => {
      const offset = parseInt64(argv[2]);
      if (offset === null) return E.NOT_INTEGER;
      if (offset < 0) return E.OFFSET_OUT_OF_RANGE;
      const key = argv[1];
      const piece = argv[3];
      const db = c.db;
      const o = db.lookupWrite(key);
      let next: string;
      if (!o) {
        // Nothing to write on a missing key: no key is created.
        if (piece.length === 0) return int(0);
        if (tooLong(c, offset, piece.length)) return E.STRING_TOO_LONG;
        const refused = growthRefusal(c.server, Number(offset) + piece.length, 0); // playground only
        if (refused) return refused;
        next = "\0".repeat(Number(offset)) + piece;
        const created = rawString(next);
        created.sds = sdsNewRoom(next.length); // sdsnewlen, exact
        db.add(key, created);
      } else {
        if (o.type !== "string") return E.WRONGTYPE;
        const cur = o.value;
        if (piece.length === 0) return int(cur.length);
        if (tooLong(c, offset, piece.length)) return E.STRING_TOO_LONG;
        const off = Number(offset);
        const refused = growthRefusal(c.server, Math.max(cur.length, off + piece.length), cur.length); // playground only
        if (refused) return refused;
        next =
          off >= cur.length
            ? cur + "\0".repeat(off - cur.length) + piece
            : cur.slice(0, off) + piece + cur.slice(off + piece.length);
        const written = rawString(next);
        written.sds = sdsRoomAfterWrite(o.enc, o.sds, cur.length, next.length); // sdsgrowzero's room
        db.overwrite(key, written);
      }
      db.written(key, "$", "setrange");
      return int(next.length);
    },
  },
  lcsCommand,
];
