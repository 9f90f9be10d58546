/**
 * BITFIELD and BITFIELD_RO: a string as an array of integers of any width from 1 to 64 bits
 * (u63 at most: an unsigned 64-bit value could not be replied as a RESP integer), at any bit
 * offset. GET reads, SET and INCRBY write; OVERFLOW WRAP|SAT|FAIL governs the writes that
 * follow it. All operations are parsed first; then the key is looked up once, grown to the
 * farthest bit any write touches, and the operations run in order.
 */
import type { Client } from "../client";
import { E } from "../errors";
import { arr, int, NULL, type Reply } from "../reply";
import { readableBytes } from "../types/bitmap";
import { fieldResult, getSigned, getUnsigned, setField, type OverflowMode } from "../util/bits";
import { parseInt64 } from "./args";
import { bitTarget, parseBitOffset } from "./bitmaps-common";
import { optionToken } from "./strings-common";
import type { CommandDef } from "./table";

interface FieldOp {
  op: "get" | "set" | "incrby";
  signed: boolean;
  bits: number;
  offset: number;
  /** SET's value or INCRBY's increment. */
  operand: number | bigint;
  overflow: OverflowMode;
}

/**
 * getBitfieldTypeFromArgument: "i1".."i64" or "u1".."u63". The width is read as a C string,
 * so it ends at the first NUL byte.
 */
function parseType(arg: string): { signed: boolean; bits: number } | null {
  const sign = arg.charCodeAt(0);
  if (sign !== 105 /* i */ && sign !== 117 /* u */) return null;
  const nul = arg.indexOf("\0", 1);
  const bits = parseInt64(nul === -1 ? arg.slice(1) : arg.slice(1, nul));
  const signed = sign === 105;
  if (bits === null || bits < 1 || bits > (signed ? 64 : 63)) return null;
  return { signed, bits: Number(bits) };
}

/** Parses every operation, or returns the first error Redis would give. */
function parseOps(c: Client, argv: readonly string[]): { ops: FieldOp[]; maxbit: number; readonly: boolean } | Reply {
  const ops: FieldOp[] = [];
  let overflow: OverflowMode = "wrap";
  let maxbit = 0;
  let readonly = true;
  for (let j = 2; j < argv.length; ) {
    const remaining = argv.length - j - 1;
    const sub = optionToken(argv[j]);
    let op: FieldOp["op"];
    if (sub === "get" && remaining >= 2) op = "get";
    else if (sub === "set" && remaining >= 3) op = "set";
    else if (sub === "incrby" && remaining >= 3) op = "incrby";
    else if (sub === "overflow" && remaining >= 1) {
      const mode = optionToken(argv[j + 1]);
      if (mode !== "wrap" && mode !== "sat" && mode !== "fail") return E.BITFIELD_OVERFLOW;
      overflow = mode;
      j += 2;
      continue;
    } else return E.SYNTAX;

    const type = parseType(argv[j + 1]);
    if (!type) return E.BITFIELD_TYPE;
    const offset = parseBitOffset(c, argv[j + 2], type.bits);
    if (offset === null) return E.BIT_OFFSET;
    let operand: number | bigint = 0;
    if (op !== "get") {
      readonly = false;
      maxbit = Math.max(maxbit, offset + type.bits - 1);
      const v = parseInt64(argv[j + 3]);
      if (v === null) return E.NOT_INTEGER;
      operand = v;
    }
    ops.push({ op, signed: type.signed, bits: type.bits, offset, operand, overflow });
    j += op === "get" ? 3 : 4;
  }
  return { ops, maxbit, readonly };
}

/** An integer reply, as a plain number whenever it is exact. */
const intReply = (v: number | bigint): Reply =>
  int(typeof v === "bigint" && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);

const same = (a: number | bigint, b: number | bigint): boolean =>
  typeof a === typeof b ? a === b : BigInt(a) === BigInt(b);

function bitfield(c: Client, argv: string[], readonlyCommand: boolean): Reply {
  const parsed = parseOps(c, argv);
  if (!("ops" in parsed)) return parsed;
  const { ops, maxbit, readonly } = parsed;
  const key = argv[1];

  if (readonly) {
    const o = c.db.lookupRead(key);
    if (o && o.type !== "string") return E.WRONGTYPE;
    const src = o ? readableBytes(o) : "";
    return arr(ops.map((f) => intReply(read(src, f))));
  }
  if (readonlyCommand) return E.BITFIELD_RO_GET_ONLY;

  // The key is created and grown before any write runs, even if OVERFLOW FAIL then refuses
  // them all (it then stays, zero-filled, with no event).
  const t = bitTarget(c, key, maxbit);
  if (!("b" in t)) return t;
  const { b, grew } = t;
  let changes = 0;
  const replies = ops.map((f): Reply => {
    if (f.op === "get") return intReply(read(b.bytes(), f));
    const old = read(b.bytes(), f);
    const next = fieldResult(f.signed, f.bits, old, f.operand, f.op === "incrby", f.overflow);
    if (next === null) return NULL;
    setField(b.edit(), f.offset, f.bits, next);
    if (grew || !same(old, next)) changes++;
    return intReply(f.op === "incrby" ? next : old);
  });
  if (changes) c.db.written(key, "$", "setbit", changes);
  return arr(replies);
}

function read(src: Uint8Array | string, f: FieldOp): number | bigint {
  return f.signed ? getSigned(src, f.offset, f.bits) : getUnsigned(src, f.offset, f.bits);
}

export const bitfieldCommands: CommandDef[] = [
  {
    name: "bitfield",
    summary: "Reads, sets and increments integers of any width at any bit offset of a string, with a choice of overflow behaviour.",
    handler: (c, argv) => bitfield(c, argv, false),
  },
  {
    name: "bitfield_ro",
    summary: "Reads integers of any width at any bit offset of a string (the GET-only form of BITFIELD).",
    handler: (c, argv) => bitfield(c, argv, true),
  },
];
