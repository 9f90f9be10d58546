/**
 * Set commands: adding, removing and moving members, membership, SCARD and SSCAN. Random picks
 * (SPOP, SRANDMEMBER) live in sets-random.ts and the algebra (SINTER/SUNION/SDIFF, their STORE
 * forms, SINTERCARD, and SMEMBERS, which Redis serves with SINTER's code) in sets-algebra.ts.
 *
 * The structure (intset or hashtable, and when one becomes the other) is engine/types/set.ts.
 */
import type { Client } from "../client";
import { E } from "../errors";
import { arr, bulk, int, type Reply } from "../reply";
import { SetValue } from "../types/set";
import { globMatch } from "../util/glob";
import { cursorPosition, isScanError, parseScanCursor, parseScanOptions } from "./scan-args";
import { setAlgebraCommands } from "./sets-algebra";
import { addMember, isReply, maxIntsetEntries, newSetObject, readSet, writeSet } from "./sets-common";
import { setRandomCommands } from "./sets-random";
import type { CommandDef } from "./table";

const ZERO = int(0);
const ONE = int(1);
const EMPTY_SCAN: Reply = arr([bulk("0"), arr([])]);

/** SADD key member [member ...]: a new key is an intset when its first member is an integer. */
function sadd(c: Client, argv: string[]): Reply {
  const db = c.db;
  const key = argv[1];
  let s = writeSet(c, key);
  if (isReply(s)) return s;
  if (!s) {
    s = newSetObject(SetValue.forMember(argv[2]));
    db.add(key, s);
  }
  const max = maxIntsetEntries(c);
  let added = 0;
  for (let j = 2; j < argv.length; j++) if (addMember(s, argv[j], max)) added++;
  if (added) db.written(key, "s", "sadd", added);
  return int(added);
}

/** SREM key member [member ...]: the key goes once its last member does. */
function srem(c: Client, argv: string[]): Reply {
  const db = c.db;
  const key = argv[1];
  const s = writeSet(c, key);
  if (isReply(s)) return s;
  if (!s) return ZERO;
  let removed = 0;
  let keyRemoved = false;
  for (let j = 2; j < argv.length; j++) {
    if (!s.value.remove(argv[j])) continue;
    removed++;
    if (s.value.size === 0) {
      db.delete(key);
      keyRemoved = true;
      break;
    }
  }
  if (removed) {
    db.written(key, "s", "srem", removed);
    if (keyRemoved) db.written(key, "g", "del", 0);
  }
  return int(removed);
}

/**
 * SMOVE source destination member. A missing source answers 0 before any type check of the
 * destination; moving within one key only tells whether the member is there.
 */
function smove(c: Client, argv: string[]): Reply {
  const db = c.db;
  const [, srcKey, dstKey, member] = argv;
  const src = db.lookupWrite(srcKey);
  let dst = db.lookupWrite(dstKey);
  if (!src) return ZERO;
  if (src.type !== "set" || (dst && dst.type !== "set")) return E.WRONGTYPE;
  if (src === dst) return src.value.has(member) ? ONE : ZERO;
  if (!src.value.remove(member)) return ZERO;
  db.written(srcKey, "s", "srem");
  if (src.value.size === 0) {
    db.delete(srcKey);
    db.written(srcKey, "g", "del", 0);
  }
  if (!dst) {
    dst = newSetObject(SetValue.forMember(member));
    db.add(dstKey, dst);
  }
  if (addMember(dst, member, maxIntsetEntries(c))) db.written(dstKey, "s", "sadd");
  return ONE;
}

/** SMISMEMBER key member [member ...]: a missing key is an empty set, so all zeros. */
function smismember(c: Client, argv: string[]): Reply {
  const s = readSet(c, argv[1]);
  if (isReply(s)) return s;
  const out: Reply[] = [];
  for (let j = 2; j < argv.length; j++) out.push(s && s.value.has(argv[j]) ? ONE : ZERO);
  return arr(out);
}

/**
 * SSCAN key cursor [MATCH pattern] [COUNT count]. The cursor is checked first, then the key;
 * options are parsed only for an existing set (a missing key answers an empty page whatever
 * follows). An intset is returned whole with cursor 0, whatever the cursor; a hashtable is
 * walked `count` members at a time.
 */
function sscan(c: Client, argv: string[]): Reply {
  const cursor = parseScanCursor(argv[2]);
  if (cursor === null) return E.INVALID_CURSOR;
  const s = readSet(c, argv[1]);
  if (isReply(s)) return s;
  if (!s) return EMPTY_SCAN;
  const opts = parseScanOptions(argv, 3, false);
  if (isScanError(opts)) return opts;
  const { count, pattern } = opts;
  const out: Reply[] = [];
  const next = s.value.scan(cursorPosition(cursor), count, (m) => {
    if (pattern === null || globMatch(pattern, m)) out.push(bulk(m));
  });
  return arr([bulk(String(next)), arr(out)]);
}

const setCoreCommands: CommandDef[] = [
  {
    name: "sadd",
    summary: "Adds members to a set, creating it if needed, and replies with how many were new.",
    handler: sadd,
  },
  {
    name: "srem",
    summary: "Removes members from a set and replies with how many were there; an emptied set is deleted.",
    handler: srem,
  },
  {
    name: "smove",
    summary: "Moves a member from one set to another, replying 1 if it was in the source.",
    handler: smove,
  },
  {
    name: "sismember",
    summary: "Replies 1 if the value is a member of the set, else 0.",
    handler: (c, argv) => {
      const s = readSet(c, argv[1]);
      if (isReply(s)) return s;
      return s && s.value.has(argv[2]) ? ONE : ZERO;
    },
  },
  {
    name: "smismember",
    summary: "Tells for each given value, as 1 or 0, whether it is a member of the set.",
    handler: smismember,
  },
  {
    name: "scard",
    summary: "Replies with the number of members in a set (0 for a missing key).",
    handler: (c, argv) => {
      const s = readSet(c, argv[1]);
      if (isReply(s)) return s;
      return s ? int(s.value.size) : ZERO;
    },
  },
  {
    name: "sscan",
    summary: "Walks the members of a set a few at a time with a cursor, optionally filtered by a pattern.",
    handler: sscan,
  },
];

export const setCommands: CommandDef[] = [...setCoreCommands, ...setRandomCommands, ...setAlgebraCommands];
