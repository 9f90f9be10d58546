/**
 * List commands (t_list.c): pushes, pops, ranges, LINSERT/LSET/LREM/LTRIM, LPOS, LMOVE and
 * LMPOP. The structure itself is the quicklist in engine/types/quicklist.ts; this file parses
 * argv, checks types in Redis' order and reports every change through the write funnel.
 *
 * The pop, move and multi-pop bodies are exported: the blocking commands (BLPOP, BLMOVE,
 * BLMPOP, …) serve a client with exactly the same steps once a key has elements.
 */
import type { Client } from "../client";
import { E, wrongArity } from "../errors";
import { replyCap } from "../limits";
import { blankHeader, type ListObject } from "../object";
import { arr, bulk, bulkArray, EMPTY_ARRAY, int, NULL, NULL_ARRAY, OK, type Reply } from "../reply";
import { QuickList } from "../types/quicklist";
import { is, parseInt64 } from "./args";
import type { CommandDef } from "./table";

// ---- The list API shared with the blocking commands -------------------------------------

/**
 * createQuicklistObject + quicklistSetOptions: a new, empty list taking the fill factor and
 * compress depth configured now. A list keeps them for life: CONFIG SET of
 * list-max-listpack-size only shapes lists created afterwards.
 */
export function newListObject(c: Client): ListObject {
  const config = c.server.config;
  const ql = new QuickList(config.num("list-max-listpack-size"), config.num("list-compress-depth"));
  return { type: "list", enc: "quicklist", value: ql, ...blankHeader() };
}

/** Stores a new list under `key`. Db.add is Redis' dbAdd: it also wakes clients blocked on the key. */
function addList(c: Client, key: string, o: ListObject): void {
  c.db.add(key, o);
}

/**
 * listElementsRemoved: the "lpop"/"rpop" event for `count` elements taken from a list, then
 * the key's deletion ("del") when that emptied it.
 */
export function listElementsRemoved(c: Client, key: string, o: ListObject, head: boolean, count: number): void {
  c.db.written(key, "l", head ? "lpop" : "rpop", count);
  if (o.value.length === 0) {
    c.db.delete(key);
    c.db.written(key, "g", "del", 0);
  }
}

/**
 * Takes up to `count` elements from one end of a non-empty list and reports the change. From
 * the tail they come tail first, as RPOP with a count replies.
 */
export function listPopElements(c: Client, key: string, o: ListObject, head: boolean, count: number): string[] {
  const ql = o.value;
  const n = Math.min(count, ql.length);
  const len = ql.length;
  const items = head ? ql.range(0, n - 1) : ql.range(len - n, len - 1, true);
  ql.deleteRange(head ? 0 : -n, n);
  listElementsRemoved(c, key, o, head, n);
  return items;
}

/**
 * lmoveGenericCommand: pops from one end of `src` and pushes onto one end of `dst` (created
 * when missing; the same key may be both). Replies with the element, or nil when `src` does
 * not exist.
 */
export function listMove(c: Client, src: string, dst: string, fromHead: boolean, toHead: boolean): Reply {
  const db = c.db;
  const sobj = db.lookupWrite(src);
  if (!sobj) return NULL;
  if (sobj.type !== "list") return E.WRONGTYPE;
  if (sobj.value.length === 0) return NULL;
  let dobj = db.lookupWrite(dst);
  if (dobj && dobj.type !== "list") return E.WRONGTYPE;
  const value = sobj.value.pop(fromHead)!;
  if (!dobj) {
    dobj = newListObject(c);
    addList(c, dst, dobj);
  }
  dobj.value.push(value, toHead);
  db.written(dst, "l", toHead ? "lpush" : "rpush", 0);
  db.written(src, "l", fromHead ? "lpop" : "rpop", 1);
  if (sobj.value.length === 0) {
    db.delete(src);
    db.written(src, "g", "del", 0);
  }
  return bulk(value);
}

/**
 * mpopGenericCommand: the first of `keys` holding a non-empty list gives up to `count`
 * elements, replied as [key, [elements]]. Null when no key had any (the caller replies nil or
 * blocks); WRONGTYPE as soon as a key in the walk is not a list.
 */
export function listMpop(c: Client, keys: readonly string[], head: boolean, count: number): Reply | null {
  for (const key of keys) {
    const o = c.db.lookupWrite(key);
    if (!o) continue;
    if (o.type !== "list") return E.WRONGTYPE;
    if (o.value.length === 0) continue;
    return arr([bulk(key), bulkArray(listPopElements(c, key, o, head, count))]);
  }
  return null;
}

/** getListPositionFromObjectOrReply: LEFT is the head, RIGHT the tail. */
export function parseListEnd(arg: string): boolean | null {
  if (is(arg, "left")) return true;
  if (is(arg, "right")) return false;
  return null;
}

// ---- Helpers -----------------------------------------------------------------------------

/** getLongFromObjectOrReply, as a JS number (values past 2^53 only ever clamp or miss). */
function parseLong(arg: string): number | null {
  const v = parseInt64(arg);
  return v === null ? null : Number(v);
}

/** addListRangeReply: the elements of [start, end] (negative counts from the tail). */
function rangeReply(ql: QuickList, start: number, end: number): Reply {
  const llen = ql.length;
  if (start < 0) start += llen;
  if (end < 0) end += llen;
  if (start < 0) start = 0;
  if (start > end || start >= llen) return EMPTY_ARRAY;
  if (end >= llen) end = llen - 1;
  return bulkArray(ql.range(start, end));
}

/** LRANGE: the range's size is known before it is built (the playground's cap). */
function lrangeReply(c: Client, ql: QuickList, start: number, end: number): Reply {
  const llen = ql.length;
  const s = Math.max(0, start < 0 ? start + llen : start);
  const e = Math.min(llen - 1, end < 0 ? end + llen : end);
  return (e >= s && replyCap(c, "lrange", e - s + 1)) || rangeReply(ql, start, end);
}

/** The key's list for a write: null when it does not exist, WRONGTYPE for another type. */
function writeList(c: Client, key: string): ListObject | null | Reply {
  const o = c.db.lookupWrite(key);
  if (!o) return null;
  return o.type === "list" ? o : E.WRONGTYPE;
}

/** The same for a read (counts a keyspace hit or miss). */
function readList(c: Client, key: string): ListObject | null | Reply {
  const o = c.db.lookupRead(key);
  if (!o) return null;
  return o.type === "list" ? o : E.WRONGTYPE;
}

const isList = (x: ListObject | Reply | null): x is ListObject => x !== null && "type" in x;

// ---- Commands ----------------------------------------------------------------------------

/** pushGenericCommand: LPUSH/RPUSH create the list; LPUSHX/RPUSHX (xx) only add to one. */
function push(head: boolean, xx: boolean) {
  return (c: Client, argv: string[]): Reply => {
    const key = argv[1];
    let o = writeList(c, key);
    if (o !== null && !isList(o)) return o;
    if (o === null) {
      if (xx) return int(0);
      o = newListObject(c);
      addList(c, key, o);
    }
    const ql = o.value;
    for (let j = 2; j < argv.length; j++) ql.push(argv[j], head);
    c.db.written(key, "l", head ? "lpush" : "rpush", argv.length - 2);
    return int(ql.length);
  };
}

/** popGenericCommand: one element as a bulk string, or with a count an array of them. */
function pop(head: boolean) {
  return (c: Client, argv: string[]): Reply => {
    if (argv.length > 3) return wrongArity(head ? "lpop" : "rpop");
    const hasCount = argv.length === 3;
    let count = 0;
    if (hasCount) {
      const n = parseInt64(argv[2]);
      if (n === null || n < 0) return E.NOT_POSITIVE;
      count = Number(n);
    }
    const key = argv[1];
    const o = writeList(c, key);
    if (o === null) return hasCount ? NULL_ARRAY : NULL;
    if (!isList(o)) return o;
    if (hasCount && count === 0) return EMPTY_ARRAY;
    if (!hasCount) return bulk(listPopElements(c, key, o, head, 1)[0]);
    // A write is refused before its effect, never after.
    const refused = replyCap(c, head ? "lpop" : "rpop", Math.min(count, o.value.length));
    if (refused) return refused;
    return bulkArray(listPopElements(c, key, o, head, count));
  };
}

function lrange(c: Client, argv: string[]): Reply {
  const start = parseLong(argv[2]);
  const end = parseLong(argv[3]);
  if (start === null || end === null) return E.NOT_INTEGER;
  const o = readList(c, argv[1]);
  if (o === null) return EMPTY_ARRAY;
  if (!isList(o)) return o;
  return lrangeReply(c, o.value, start, end);
}

function ltrim(c: Client, argv: string[]): Reply {
  let start = parseLong(argv[2]);
  let end = parseLong(argv[3]);
  if (start === null || end === null) return E.NOT_INTEGER;
  const key = argv[1];
  const o = writeList(c, key);
  if (o === null) return OK;
  if (!isList(o)) return o;
  const ql = o.value;
  const llen = ql.length;
  if (start < 0) start += llen;
  if (end < 0) end += llen;
  if (start < 0) start = 0;
  let ltrimN: number;
  let rtrimN: number;
  if (start > end || start >= llen) {
    ltrimN = llen;
    rtrimN = 0;
  } else {
    if (end >= llen) end = llen - 1;
    ltrimN = start;
    rtrimN = llen - end - 1;
  }
  ql.deleteRange(0, ltrimN);
  ql.deleteRange(-rtrimN, rtrimN);
  // Redis reports the trim (and counts its removals) even when nothing was removed.
  c.db.written(key, "l", "ltrim", ltrimN + rtrimN);
  if (ql.length === 0) {
    c.db.delete(key);
    c.db.written(key, "g", "del", 0);
  }
  return OK;
}

function llen(c: Client, argv: string[]): Reply {
  const o = readList(c, argv[1]);
  if (o === null) return int(0);
  if (!isList(o)) return o;
  return int(o.value.length);
}

function lindex(c: Client, argv: string[]): Reply {
  const o = readList(c, argv[1]);
  if (o === null) return NULL;
  if (!isList(o)) return o;
  const index = parseLong(argv[2]);
  if (index === null) return E.NOT_INTEGER;
  const v = o.value.index(index);
  return v === undefined ? NULL : bulk(v);
}

function lset(c: Client, argv: string[]): Reply {
  const key = argv[1];
  const o = writeList(c, key);
  if (o === null) return E.NO_SUCH_KEY;
  if (!isList(o)) return o;
  const index = parseLong(argv[2]);
  if (index === null) return E.NOT_INTEGER;
  if (!o.value.replace(index, argv[3])) return E.OUT_OF_RANGE;
  c.db.written(key, "l", "lset");
  return OK;
}

function linsert(c: Client, argv: string[]): Reply {
  let after: boolean;
  if (is(argv[2], "after")) after = true;
  else if (is(argv[2], "before")) after = false;
  else return E.SYNTAX;
  const key = argv[1];
  const o = writeList(c, key);
  if (o === null) return int(0);
  if (!isList(o)) return o;
  const ql = o.value;
  const pivot = argv[3];
  let at = -1;
  ql.scan(false, (v, pos) => {
    if (v !== pivot) return "next";
    at = pos;
    return "stop";
  });
  if (at < 0) return int(-1);
  ql.insert(at, argv[4], after);
  c.db.written(key, "l", "linsert");
  return int(ql.length);
}

function lrem(c: Client, argv: string[]): Reply {
  const n = parseLong(argv[2]);
  if (n === null) return E.NOT_INTEGER;
  const key = argv[1];
  const o = writeList(c, key);
  if (o === null) return int(0);
  if (!isList(o)) return o;
  const ql = o.value;
  const target = argv[3];
  // A negative count walks from the tail; LONG_MIN stays negative in C and so means "all".
  const toRemove = Math.abs(n);
  let removed = 0;
  ql.scan(n < 0, (v) => {
    if (v !== target) return "next";
    removed++;
    return toRemove && removed === toRemove ? "delete-stop" : "delete";
  });
  if (removed) c.db.written(key, "l", "lrem", removed);
  if (ql.length === 0) {
    c.db.delete(key);
    c.db.written(key, "g", "del", 0);
  }
  return int(removed);
}

/** LPOS options: RANK, COUNT, MAXLEN, each parsed in order with its own error. */
function lpos(c: Client, argv: string[]): Reply {
  let rank: number | bigint = 1;
  let count = -1;
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const more = j < argv.length - 1;
    const opt = argv[j];
    if (is(opt, "rank") && more) {
      const v = parseInt64(argv[++j]);
      if (v === null) return E.NOT_INTEGER;
      if (v === 0) return E.LPOS_RANK_ZERO;
      rank = v;
    } else if (is(opt, "count") && more) {
      const v = parseInt64(argv[++j]);
      if (v === null || v < 0) return E.LPOS_COUNT_NEGATIVE;
      count = Number(v);
    } else if (is(opt, "maxlen") && more) {
      const v = parseInt64(argv[++j]);
      if (v === null || v < 0) return E.LPOS_MAXLEN_NEGATIVE;
      maxlen = Number(v);
    } else {
      return E.SYNTAX;
    }
  }
  const fromTail = rank < 0;
  // -LONG_MIN overflows back to LONG_MIN in C: every match then qualifies and the COUNT
  // check (matches - rank + 1) overflows too, so it never stops the walk.
  const rankMin = rank === -(1n << 63n);
  const want = rankMin ? -Infinity : Math.abs(Number(rank));
  const o = readList(c, argv[1]);
  if (o === null) return count !== -1 ? EMPTY_ARRAY : NULL;
  if (!isList(o)) return o;
  const ql = o.value;
  const llen = ql.length;
  const found: number[] = [];
  let matches = 0;
  ql.scan(fromTail, (v, index) => {
    if (maxlen !== 0 && index >= maxlen) return "stop";
    if (v !== argv[2]) return "next";
    matches++;
    if (matches < want) return "next";
    found.push(fromTail ? llen - index - 1 : index);
    if (count === -1) return "stop";
    if (count && !rankMin && matches - want + 1 >= count) return "stop";
    return "next";
  });
  if (count !== -1) return arr(found.map((i) => int(i)));
  return found.length ? int(found[0]) : NULL;
}

function lmove(c: Client, argv: string[]): Reply {
  const from = parseListEnd(argv[3]);
  if (from === null) return E.SYNTAX;
  const to = parseListEnd(argv[4]);
  if (to === null) return E.SYNTAX;
  return listMove(c, argv[1], argv[2], from, to);
}

/** lmpopGenericCommand (non-blocking): numkeys, the keys, LEFT|RIGHT, then COUNT once. */
function lmpop(c: Client, argv: string[]): Reply {
  const parsed = parseMpop(argv, 1);
  if ("t" in parsed) return parsed;
  return listMpop(c, parsed.keys, parsed.head, parsed.count) ?? NULL_ARRAY;
}

/**
 * LMPOP's arguments from `numkeysIdx` on (BLMPOP has its timeout before them): the keys, the
 * end to pop from, and COUNT (default 1), or the error Redis gives.
 */
export function parseMpop(argv: readonly string[], numkeysIdx: number): { keys: string[]; head: boolean; count: number } | Reply {
  const nk = parseInt64(argv[numkeysIdx]);
  if (nk === null || nk < 1) return E.MPOP_NUMKEYS;
  const whereIdx = numkeysIdx + Number(nk) + 1;
  if (whereIdx >= argv.length) return E.SYNTAX;
  const head = parseListEnd(argv[whereIdx]);
  if (head === null) return E.SYNTAX;
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    if (count === -1 && is(argv[j], "count") && j < argv.length - 1) {
      const v = parseInt64(argv[++j]);
      if (v === null || v < 1) return E.MPOP_COUNT;
      count = Number(v);
    } else {
      return E.SYNTAX;
    }
  }
  return { keys: argv.slice(numkeysIdx + 1, whereIdx), head, count: count === -1 ? 1 : count };
}

export const listCommands: CommandDef[] = [
  { name: "lpush", summary: "Adds elements to the head of a list, creating it if needed.", handler: push(true, false) },
  { name: "rpush", summary: "Adds elements to the tail of a list, creating it if needed.", handler: push(false, false) },
  { name: "lpushx", summary: "Adds elements to the head of a list only when the list exists.", handler: push(true, true) },
  { name: "rpushx", summary: "Adds elements to the tail of a list only when the list exists.", handler: push(false, true) },
  { name: "lpop", summary: "Removes and returns elements from the head of a list.", handler: pop(true) },
  { name: "rpop", summary: "Removes and returns elements from the tail of a list.", handler: pop(false) },
  { name: "lrange", summary: "Returns the elements between two indexes of a list.", handler: lrange },
  { name: "ltrim", summary: "Keeps only the elements between two indexes of a list.", handler: ltrim },
  { name: "llen", summary: "Returns the number of elements in a list.", handler: llen },
  { name: "lindex", summary: "Returns the element at an index of a list.", handler: lindex },
  { name: "lset", summary: "Overwrites the element at an index of a list.", handler: lset },
  { name: "linsert", summary: "Inserts an element before or after the first occurrence of a pivot.", handler: linsert },
  { name: "lrem", summary: "Removes occurrences of an element from a list, from either end.", handler: lrem },
  { name: "lpos", summary: "Finds the positions of matching elements in a list.", handler: lpos },
  { name: "lmove", summary: "Pops an element from one end of a list and pushes it onto an end of another.", handler: lmove },
  {
    name: "rpoplpush",
    summary: "Pops from the tail of a list and pushes onto the head of another.",
    handler: (c, argv) => listMove(c, argv[1], argv[2], false, true),
  },
  { name: "lmpop", summary: "Pops elements from the first non-empty list among several keys.", handler: lmpop },
];
