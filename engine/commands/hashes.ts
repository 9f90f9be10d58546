/**
 * Hash commands, part one: writing and reading single fields. HSET/HMSET/HSETNX, HGET,
 * HMGET, HDEL, HLEN, HSTRLEN, HEXISTS and the counters HINCRBY/HINCRBYFLOAT. The whole-hash
 * readers (HGETALL, HKEYS, HVALS, HSCAN, HRANDFIELD) live in hashes-read.ts.
 *
 * Encoding conversions happen exactly where t_hash.c does them: HSET and HSETNX look at the
 * argument lengths before writing (hashTypeTryConversion), every write looks at the entry
 * count after it, and the counters (whose field may be long) convert inside hashSet.
 */
import type { Client } from "../client";
import { E, wrongArity } from "../errors";
import { isCanonicalInt64 } from "../object";
import { bulk, int, NULL, OK, arr, type Reply } from "../reply";
import { anyTooLong } from "../types/hash";
import { setErrnoRange } from "../util/errno";
import { add, formatHuman, MAX_LONG_DOUBLE_CHARS, string2ld, strtold, type LongDouble } from "../util/longdouble";
import { parseInt64 } from "./args";
import { createHash, hashSet, isReply, maxListpackValue, readHash, toHashtable, writeHash } from "./hashes-common";
import { hashReadCommands } from "./hashes-read";
import type { CommandDef } from "./table";

const ZERO = int(0);
const ONE = int(1);
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** hsetCommand, serving both HSET (replies with the count of new fields) and HMSET (OK). */
function hset(c: Client, argv: string[], name: "hset" | "hmset"): Reply {
  if (argv.length % 2 === 1) return wrongArity(name);
  const key = argv[1];
  let o = writeHash(c, key);
  if (isReply(o)) return o;
  o ??= createHash(c, key);
  if (o.enc === "listpack" && anyTooLong(argv, 2, argv.length - 1, maxListpackValue(c))) toHashtable(o);
  let created = 0;
  for (let i = 2; i < argv.length; i += 2) if (hashSet(c, o, argv[i], argv[i + 1])) created++;
  c.db.written(key, "h", "hset", (argv.length - 2) / 2);
  return name === "hset" ? int(created) : OK;
}

/** HSETNX: an existing field is left alone (and its length is never checked). */
function hsetnx(c: Client, argv: string[]): Reply {
  const [, key, field, value] = argv;
  let o = writeHash(c, key);
  if (isReply(o)) return o;
  o ??= createHash(c, key);
  if (o.value.has(field)) return ZERO;
  if (o.enc === "listpack" && anyTooLong(argv, 2, 3, maxListpackValue(c))) toHashtable(o);
  hashSet(c, o, field, value);
  c.db.written(key, "h", "hset");
  return ONE;
}

function hdel(c: Client, argv: string[]): Reply {
  const key = argv[1];
  const o = writeHash(c, key);
  if (isReply(o)) return o;
  if (!o) return ZERO;
  let deleted = 0;
  let removed = false;
  for (let j = 2; j < argv.length; j++) {
    if (!o.value.delete(argv[j])) continue;
    deleted++;
    if (o.value.size === 0) {
      c.db.delete(key);
      removed = true;
      break;
    }
  }
  if (deleted) {
    c.db.written(key, "h", "hdel", deleted);
    if (removed) c.db.written(key, "g", "del", 0);
  }
  return int(deleted);
}

/** hincrbyCommand: the stored value must be a canonical 64-bit integer (string2ll). */
function hincrby(c: Client, argv: string[]): Reply {
  const [, key, field] = argv;
  const incr = parseInt64(argv[3]);
  if (incr === null) return E.NOT_INTEGER;
  let o = writeHash(c, key);
  if (isReply(o)) return o;
  const current = o?.value.get(field);
  let value: number | bigint = 0;
  if (current !== undefined) {
    const v = parseInt64(current);
    if (v === null) return E.HASH_VALUE_NOT_INTEGER;
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
  o ??= createHash(c, key);
  hashSet(c, o, field, String(result));
  c.db.written(key, "h", "hincrby");
  return int(result);
}

const LD_ZERO: LongDouble = { kind: "finite", neg: false, m: 0n, e: 0 };

/**
 * string2ld, with what it leaves in errno: it clears errno and calls strtold (unless the text
 * is empty or too long), and an out-of-range text leaves ERANGE there, which a later SORT sees.
 */
function parseLongDouble(c: Client, s: string): LongDouble | null {
  if (s.length > 0 && s.length < MAX_LONG_DOUBLE_CHARS) setErrnoRange(c.server, strtold(s)?.range ?? false);
  return string2ld(s);
}

/** hincrbyfloatCommand: long double arithmetic and printing, as INCRBYFLOAT. */
function hincrbyfloat(c: Client, argv: string[]): Reply {
  const [, key, field] = argv;
  const incr = parseLongDouble(c, argv[3]);
  if (!incr) return E.NOT_FLOAT;
  if (incr.kind !== "finite") return E.VALUE_NAN_OR_INF;
  let o = writeHash(c, key);
  if (isReply(o)) return o;
  const current = o?.value.get(field);
  let value = LD_ZERO;
  if (current !== undefined) {
    // A listpack holds integer-looking values as integers: no string2ld for those.
    const asInt = o?.enc === "listpack" && isCanonicalInt64(current);
    const v = asInt ? string2ld(current) : parseLongDouble(c, current);
    if (!v) return E.HASH_VALUE_NOT_FLOAT;
    value = v;
  }
  const sum = add(value, incr);
  if (sum.kind !== "finite") return E.NAN_OR_INF;
  const text = formatHuman(sum);
  o ??= createHash(c, key);
  hashSet(c, o, field, text);
  c.db.written(key, "h", "hincrbyfloat");
  return bulk(text);
}

export const hashCommands: CommandDef[] = [
  {
    name: "hset",
    summary: "Sets one or more fields of a hash and replies with how many of them are new.",
    handler: (c, argv) => hset(c, argv, "hset"),
  },
  {
    name: "hmset",
    summary: "Sets one or more fields of a hash (the older form of HSET, replying OK).",
    handler: (c, argv) => hset(c, argv, "hmset"),
  },
  {
    name: "hsetnx",
    summary: "Sets a field of a hash only if the field does not exist yet.",
    handler: hsetnx,
  },
  {
    name: "hget",
    summary: "Replies with the value of one field of a hash, or nil.",
    handler: (c, argv) => {
      const o = readHash(c, argv[1]);
      if (isReply(o)) return o;
      const v = o?.value.get(argv[2]);
      return v === undefined ? NULL : bulk(v);
    },
  },
  {
    name: "hmget",
    summary: "Replies with the values of several fields of a hash, nil for each missing one.",
    handler: (c, argv) => {
      const o = readHash(c, argv[1]);
      if (isReply(o)) return o;
      const out: Reply[] = [];
      for (let i = 2; i < argv.length; i++) {
        const v = o?.value.get(argv[i]);
        out.push(v === undefined ? NULL : bulk(v));
      }
      return arr(out);
    },
  },
  {
    name: "hdel",
    summary: "Removes fields from a hash (the key goes when its last field does) and counts them.",
    handler: hdel,
  },
  {
    name: "hlen",
    summary: "Replies with the number of fields in a hash.",
    handler: (c, argv) => {
      const o = readHash(c, argv[1]);
      if (isReply(o)) return o;
      return int(o ? o.value.size : 0);
    },
  },
  {
    name: "hstrlen",
    summary: "Replies with the length in bytes of one field's value, 0 when it is missing.",
    handler: (c, argv) => {
      const o = readHash(c, argv[1]);
      if (isReply(o)) return o;
      return int(o?.value.get(argv[2])?.length ?? 0);
    },
  },
  {
    name: "hexists",
    summary: "Replies 1 when a hash has the field, 0 otherwise.",
    handler: (c, argv) => {
      const o = readHash(c, argv[1]);
      if (isReply(o)) return o;
      return o?.value.has(argv[2]) ? ONE : ZERO;
    },
  },
  {
    name: "hincrby",
    summary: "Adds an integer to the integer stored in a hash field (a missing field counts as 0).",
    handler: hincrby,
  },
  {
    name: "hincrbyfloat",
    summary: "Adds a floating point number to a hash field, computed in long double like INCRBYFLOAT.",
    handler: hincrbyfloat,
  },
  ...hashReadCommands,
];
