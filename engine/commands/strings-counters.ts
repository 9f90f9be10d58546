/**
 * String commands, part two: counters. INCR, DECR, INCRBY and DECRBY share incrDecr (signed
 * 64-bit, overflow refused); INCRBYFLOAT computes in x87 long double (engine/util/longdouble)
 * so its text is exactly what Redis prints.
 */
import type { Client } from "../client";
import { E } from "../errors";
import { newString } from "../object";
import { bulk, int, type Reply } from "../reply";
import { add, formatHuman, string2ld, type LongDouble } from "../util/longdouble";
import { parseInt64 } from "./args";
import { createdString } from "./strings-common";
import type { CommandDef } from "./table";

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const LD_ZERO: LongDouble = { kind: "finite", neg: false, m: 0n, e: 0 };

/**
 * incrDecrCommand: the value must be a canonical 64-bit integer (string2ll: no spaces, no '+',
 * no leading zeros, at most 20 chars). Numbers stay JS numbers while the result is exact in a
 * double; only past 2^53 does the arithmetic move to BigInt.
 */
function incrDecr(c: Client, key: string, incr: number | bigint): Reply {
  const db = c.db;
  const o = db.lookupWrite(key);
  let value: number | bigint = 0;
  if (o) {
    if (o.type !== "string") return E.WRONGTYPE;
    const v = parseInt64(o.value);
    if (v === null) return E.NOT_INTEGER;
    value = v;
  }
  let result: number | bigint;
  const fast = typeof value === "number" && typeof incr === "number" ? value + incr : NaN;
  if (Number.isSafeInteger(fast)) {
    result = fast;
  } else {
    const r = BigInt(value) + BigInt(incr);
    if (r < INT64_MIN || r > INT64_MAX) return E.OVERFLOW;
    result = r >= BigInt(Number.MIN_SAFE_INTEGER) && r <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(r) : r;
  }
  const stored = newString(String(result), "int");
  if (o) db.overwrite(key, stored);
  else db.add(key, stored);
  db.written(key, "$", "incrby");
  return int(result);
}

export const counterCommands: CommandDef[] = [
  {
    name: "incr",
    summary: "Adds one to the integer stored at a key (a missing key counts as 0).",
    handler: (c, argv) => incrDecr(c, argv[1], 1),
  },
  {
    name: "decr",
    summary: "Subtracts one from the integer stored at a key (a missing key counts as 0).",
    handler: (c, argv) => incrDecr(c, argv[1], -1),
  },
  {
    name: "incrby",
    summary: "Adds an integer to the integer stored at a key (a missing key counts as 0).",
    handler: (c, argv) => {
      const incr = parseInt64(argv[2]);
      if (incr === null) return E.NOT_INTEGER;
      return incrDecr(c, argv[1], incr);
    },
  },
  {
    name: "decrby",
    summary: "Subtracts an integer from the integer stored at a key (a missing key counts as 0).",
    handler: (c, argv) => {
      const decr = parseInt64(argv[2]);
      if (decr === null) return E.NOT_INTEGER;
      // -(-2^63) does not fit in 64 bits: Redis refuses it before looking at the key.
      if (decr === INT64_MIN) return E.DECREMENT_OVERFLOW;
      // (Negated per branch so the type checker sees a number or a bigint, not a union.)
      return incrDecr(c, argv[1], typeof decr === "number" ? -decr : -decr);
    },
  },
  {
    name: "incrbyfloat",
    summary: "Adds a floating point number to the number stored at a key, computed in long double.",
    handler: (c, argv) => {
      const key = argv[1];
      const db = c.db;
      const o = db.lookupWrite(key);
      if (o && o.type !== "string") return E.WRONGTYPE;
      const value = o ? string2ld(o.value) : LD_ZERO;
      if (!value) return E.NOT_FLOAT;
      const incr = string2ld(argv[2]);
      if (!incr) return E.NOT_FLOAT;
      const sum = add(value, incr);
      if (sum.kind !== "finite") return E.NAN_OR_INF;
      // Stored as the printed text, never int-encoded, even when it reads "10".
      const text = formatHuman(sum);
      const stored = createdString(text);
      if (o) db.overwrite(key, stored);
      else db.add(key, stored);
      db.written(key, "$", "incrbyfloat");
      return bulk(text);
    },
  },
];
