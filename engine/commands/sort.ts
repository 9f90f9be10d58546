/**
 * SORT and SORT_RO (sort.c): sort the elements of a list, set or sorted set numerically or
 * by bytes (ALPHA), by their own value or by the value of other keys (BY pattern, with
 * `->field` for a hash field), fetch other keys per element (GET), and reply or STORE the
 * result as a list.
 *
 * The order of equal elements is part of the reply, so the sorting itself follows Redis:
 * numeric ties fall back to comparing the elements' bytes; a plain sort is glibc's (stable)
 * qsort; BY with a LIMIT that cuts the vector uses pqsort, reproduced in util/pqsort.ts. Where
 * the input order is a hashtable's (big sets, sorted sets), ties can only come from ALPHA
 * with BY, and Redis' answer is itself arbitrary there.
 */
import type { Client } from "../client";
import { E } from "../errors";
import { replyCap } from "../limits";
import { isCanonicalInt64, type RedisObject } from "../object";
import { arr, bulk, int, NULL, type Reply } from "../reply";
import { parseInt64 } from "./args";
import { isOption } from "./hashes-common";
import { newListObject } from "./lists";
import { errnoIsRange, setErrnoRange } from "../util/errno";
import { binaryCompare, cStrtod, strcollC } from "./sort-util";
import { pqsort } from "../util/pqsort";
import type { CommandDef } from "./table";

interface SortOptions {
  desc: boolean;
  alpha: boolean;
  limitStart: number;
  limitCount: number;
  /** BY pattern, or null to sort by the elements themselves. */
  sortBy: string | null;
  /** BY without '*' anywhere: keep the native order (lists, sorted sets) and skip sorting. */
  dontSort: boolean;
  store: string | null;
  gets: string[];
}

/** One element of the vector Redis sorts (redisSortObject). */
interface Item {
  obj: string;
  score: number;
  /** ALPHA with BY: the value looked up for the element, null when there was none. */
  cmp: string | null;
}

/** A C `long` argument clamped to what a JS number holds (LIMIT values past 2^53 act alike). */
function parseLong(arg: string): number | null {
  const v = parseInt64(arg);
  if (v === null) return null;
  return typeof v === "number" ? v : v > 0n ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER;
}

/** The part of an argument C string functions see: up to the first NUL byte. */
const cString = (s: string): string => {
  const nul = s.indexOf("\0");
  return nul === -1 ? s : s.slice(0, nul);
};

/** sortCommandGeneric's option loop: the options, or the error that stops it. */
function parseOptions(argv: string[], readonly: boolean): SortOptions | Reply {
  const o: SortOptions = {
    desc: false,
    alpha: false,
    limitStart: 0,
    limitCount: -1,
    sortBy: null,
    dontSort: false,
    store: null,
    gets: [],
  };
  for (let j = 2; j < argv.length; j++) {
    const left = argv.length - j - 1;
    const a = argv[j];
    if (isOption(a, "asc")) {
      o.desc = false;
    } else if (isOption(a, "desc")) {
      o.desc = true;
    } else if (isOption(a, "alpha")) {
      o.alpha = true;
    } else if (isOption(a, "limit") && left >= 2) {
      const start = parseLong(argv[j + 1]);
      const count = start === null ? null : parseLong(argv[j + 2]);
      if (start === null || count === null) return E.NOT_INTEGER;
      o.limitStart = start;
      o.limitCount = count;
      j += 2;
    } else if (!readonly && isOption(a, "store") && left >= 1) {
      o.store = argv[++j];
    } else if (isOption(a, "by") && left >= 1) {
      o.sortBy = argv[++j];
      // A later BY with a '*' does not undo an earlier constant one, as in sort.c.
      if (!cString(o.sortBy).includes("*")) o.dontSort = true;
    } else if (isOption(a, "get") && left >= 1) {
      o.gets.push(argv[++j]);
    } else {
      return E.SYNTAX;
    }
  }
  return o;
}

/** A value SORT read, and whether Redis holds it as an integer object (no strtod then). */
interface Found {
  value: string;
  isInt: boolean;
}

/**
 * lookupKeyByPattern: "#" is the element itself; otherwise the first '*' is replaced by the
 * element and the key read (a string), or with "->field" after the '*' the field of a hash.
 * The '*', "#" and "->" are searched as C strings (up to a NUL); the field and the key's
 * remainder keep every byte. Each lookup counts as a keyspace hit or miss, like any read.
 */
function lookupPattern(c: Client, pattern: string, subst: string): Found | null {
  if (pattern.charCodeAt(0) === 35 /* # */ && (pattern.length === 1 || pattern.charCodeAt(1) === 0)) {
    return { value: subst, isInt: false };
  }
  const visible = cString(pattern);
  const star = visible.indexOf("*");
  if (star === -1) return null;
  const arrow = visible.indexOf("->", star + 1);
  const hasField = arrow !== -1 && arrow + 2 < visible.length;
  const field = hasField ? pattern.slice(arrow + 2) : "";
  const keyEnd = hasField ? arrow : pattern.length;
  const key = pattern.slice(0, star) + subst + pattern.slice(star + 1, keyEnd);
  const o = c.db.lookupRead(key);
  if (!o) return null;
  if (hasField) {
    if (o.type !== "hash") return null;
    const value = o.value.get(field);
    if (value === undefined) return null;
    // A listpack keeps integer-looking values as integers; a hashtable keeps strings.
    return { value, isInt: o.enc === "listpack" && isCanonicalInt64(value) };
  }
  return o.type === "string" ? { value: o.value, isInt: o.enc === "int" } : null;
}

export function lookupByPattern(c: Client, pattern: string, subst: string): string | null {
  return lookupPattern(c, pattern, subst)?.value ?? null;
}

/** The number of elements to sort (listTypeLength, setTypeSize, the zset's size). */
function lengthOf(o: RedisObject): number {
  switch (o.type) {
    case "list":
      return o.value.length;
    case "set":
      return o.value.size;
    case "zset":
      return o.value.size;
    default:
      return 0;
  }
}

/** Every element in the object's own order (a sorted set's by rank). */
function allElements(o: RedisObject): string[] {
  switch (o.type) {
    case "list":
      return o.value.length ? [...o.value.iterate(0)] : [];
    case "set":
      return [...o.value.members()];
    case "zset": {
      // Redis loads a sorted set from its member dict, an arbitrary order; rank order is one.
      const out: string[] = [];
      o.value.forEach((m) => out.push(m));
      return out;
    }
    default:
      return [];
  }
}

/**
 * `count` elements in native order from position `start`, walking backwards from the end
 * when `desc`: the direct load SORT does for BY-nosort on lists and sorted sets.
 */
function nativeRange(o: RedisObject, start: number, count: number, desc: boolean): string[] {
  const out: string[] = [];
  if (count <= 0) return out;
  if (o.type === "list") {
    const len = o.value.length;
    for (const v of o.value.iterate(desc ? len - start - 1 : start, desc)) {
      out.push(v);
      if (out.length === count) break;
    }
    return out;
  }
  if (o.type === "zset") {
    // zslGetElementByRank, then a walk along the level-0 links: O(log N + count).
    const z = o.value;
    const cur = z.at(desc ? z.size - 1 - start : start);
    for (; cur.valid && out.length < count; desc ? cur.prev() : cur.next()) out.push(cur.member);
  }
  return out;
}

/** sortCompare for the options in force. */
function comparator(opts: SortOptions, storing: boolean): (a: Item, b: Item) => number {
  const sign = opts.desc ? -1 : 1;
  const strings = storing ? binaryCompare : strcollC;
  if (!opts.alpha) {
    return (a, b) => sign * (a.score > b.score ? 1 : a.score < b.score ? -1 : binaryCompare(a.obj, b.obj));
  }
  if (opts.sortBy !== null) {
    return (a, b) => {
      if (a.cmp === null || b.cmp === null) return sign * (a.cmp === b.cmp ? 0 : a.cmp === null ? -1 : 1);
      return sign * strings(a.cmp, b.cmp);
    };
  }
  return (a, b) => sign * strings(a.obj, b.obj);
}

function sortCommand(c: Client, argv: string[], readonly: boolean): Reply {
  const parsed = parseOptions(argv, readonly);
  if ("t" in parsed) return parsed;
  const opts = parsed;
  const db = c.db;
  const found = db.lookupRead(argv[1]);
  if (found && found.type !== "list" && found.type !== "set" && found.type !== "zset") return E.WRONGTYPE;
  // A missing key sorts as an empty list.
  const sortval: RedisObject = found ?? newListObject(c);

  // A set has no native order worth keeping: when storing, or inside a script, sort it by
  // bytes instead (so a replica, the AOF or the script's effects see the same order).
  if (opts.dontSort && sortval.type === "set" && (opts.store !== null || c.script)) {
    opts.dontSort = false;
    opts.alpha = true;
    opts.sortBy = null;
  }
  // Redis converts a listpack sorted set for good before sorting it, even for SORT_RO.
  if (sortval.type === "zset") sortval.enc = "skiplist";

  // LIMIT, clamped as Redis does (no overflow on huge values).
  let vectorlen = lengthOf(sortval);
  let start = Math.min(Math.max(opts.limitStart, 0), vectorlen);
  const limitCount = Math.min(Math.max(opts.limitCount, -1), vectorlen);
  let end = limitCount < 0 ? vectorlen - 1 : start + limitCount - 1;
  if (start >= vectorlen) {
    start = vectorlen - 1;
    end = vectorlen - 2;
  }
  if (end >= vectorlen) end = vectorlen - 1;

  let items: Item[];
  const native = opts.dontSort && (sortval.type === "list" || sortval.type === "zset");
  if (native) {
    // Only the requested range is loaded, already in order.
    if (start !== 0 || end !== vectorlen - 1) vectorlen = end - start + 1;
    const loadable = sortval.type === "zset" || end >= start;
    items = loadable ? nativeRange(sortval, start, vectorlen, opts.desc).map((obj) => ({ obj, score: 0, cmp: null })) : [];
    if (loadable) {
      end -= start;
      start = 0;
    }
  } else {
    items = allElements(sortval).map((obj) => ({ obj, score: 0, cmp: null }));
  }

  let conversionError = false;
  if (!opts.dontSort) {
    const by = opts.sortBy;
    // Elements of a list come out of its listpacks as integer objects when they look like
    // integers; set and sorted set members are always strings.
    const intElements = sortval.type === "list";
    for (const item of items) {
      let byval: Found | null = { value: item.obj, isInt: intElements && isCanonicalInt64(item.obj) };
      if (by !== null) {
        byval = lookupPattern(c, by, item.obj);
        if (byval === null) continue;
      }
      if (opts.alpha) {
        if (by !== null) item.cmp = byval.value;
      } else if (byval.isInt) {
        item.score = Number(byval.value);
      } else {
        const r = cStrtod(byval.value);
        if (r.erange) setErrnoRange(c.server, true);
        if (!r.complete || Number.isNaN(r.value) || errnoIsRange(c.server)) conversionError = true;
        item.score = r.value;
      }
    }
    const cmp = comparator(opts, opts.store !== null);
    if (by !== null && (start !== 0 || end !== items.length - 1)) pqsort(items, cmp, start, end);
    else items.sort(cmp);
  }

  const rangeLen = Math.max(0, end - start + 1);
  const outputLen = opts.gets.length ? opts.gets.length * rangeLen : rangeLen;
  if (conversionError) return E.SORT_NOT_DOUBLE;

  if (opts.store === null) {
    // The playground's reply cap, checked before the GET lookups build the reply.
    const refused = replyCap(c, readonly ? "sort_ro" : "sort", outputLen);
    if (refused) return refused;
    const out: Reply[] = [];
    for (let j = start; j <= end; j++) {
      const obj = items[j].obj;
      if (!opts.gets.length) out.push(bulk(obj));
      for (const pattern of opts.gets) {
        const v = lookupByPattern(c, pattern, obj);
        out.push(v === null ? NULL : bulk(v));
      }
    }
    return arr(out);
  }

  const storeKey = opts.store;
  const list = newListObject(c);
  for (let j = start; j <= end; j++) {
    const obj = items[j].obj;
    if (!opts.gets.length) list.value.pushTail(obj);
    for (const pattern of opts.gets) list.value.pushTail(lookupByPattern(c, pattern, obj) ?? "");
  }
  if (outputLen) {
    // setKey looks the key up for writing first, so an expired one is reaped as expired.
    db.lookupWrite(storeKey);
    db.setKey(storeKey, list);
    db.written(storeKey, "l", "sortstore", outputLen);
  } else if (db.delete(storeKey)) {
    db.written(storeKey, "g", "del");
  }
  return int(outputLen);
}

export const sortCommands: CommandDef[] = [
  {
    name: "sort",
    summary: "Sorts the elements of a list, set or sorted set, optionally by other keys, and replies or stores the result.",
    handler: (c, argv) => sortCommand(c, argv, false),
  },
  {
    name: "sort_ro",
    summary: "Sorts like SORT without the STORE option, so it only reads.",
    handler: (c, argv) => sortCommand(c, argv, true),
  },
];
