/**
 * String commands, part one: storing and reading whole values. SET, SETNX, SETEX and PSETEX
 * share one body (as Redis' setGenericCommand); GET, GETSET, GETDEL and GETEX share the read
 * step; MSET, MSETNX and MGET work key by key. Counters live in strings-counters.ts, ranges
 * and LCS in strings-ranges.ts; this file joins them into the family's command list.
 */
import type { Client } from "../client";
import { E, wrongArity } from "../errors";
import { replyCap } from "../limits";
import { arr, bulk, int, NULL, OK, type Reply } from "../reply";
import { expireInstant, optionToken, storedString } from "./strings-common";
import { counterCommands } from "./strings-counters";
import { rangeCommands } from "./strings-ranges";
import type { CommandDef } from "./table";

// Option flags, as t_string.c's OBJ_* flags.
const NX = 1;
const XX = 2;
const EX = 4;
const PX = 8;
const KEEPTTL = 16;
const GET = 32;
const EXAT = 64;
const PXAT = 128;
const PERSIST = 256;
const ANY_EXPIRE = EX | PX | EXAT | PXAT;

interface Extended {
  flags: number;
  /** The EX/PX/EXAT/PXAT argument, when one was given (the last one wins). */
  expire?: string;
}

/**
 * parseExtendedStringArgumentsOrReply: SET's options (from argv[3]) or GETEX's (from argv[2]).
 * Redis accepts a repeated option (EX 1 EX 2, NX NX, GET GET) but no conflicting pair, and an
 * expire option with no value after it is a syntax error.
 */
function parseExtended(argv: readonly string[], forSet: boolean): Extended | Reply {
  let flags = 0;
  let expire: string | undefined;
  for (let j = forSet ? 3 : 2; j < argv.length; j++) {
    const opt = optionToken(argv[j]);
    const hasNext = j < argv.length - 1;
    if (opt === "nx" && forSet && !(flags & XX)) flags |= NX;
    else if (opt === "xx" && forSet && !(flags & NX)) flags |= XX;
    else if (opt === "get" && forSet) flags |= GET;
    else if (opt === "keepttl" && forSet && !(flags & (PERSIST | ANY_EXPIRE))) flags |= KEEPTTL;
    else if (opt === "persist" && !forSet && !(flags & (ANY_EXPIRE | KEEPTTL))) flags |= PERSIST;
    else if (opt === "ex" && hasNext && !(flags & (KEEPTTL | PERSIST | EXAT | PX | PXAT))) {
      flags |= EX;
      expire = argv[++j];
    } else if (opt === "px" && hasNext && !(flags & (KEEPTTL | PERSIST | EX | EXAT | PXAT))) {
      flags |= PX;
      expire = argv[++j];
    } else if (opt === "exat" && hasNext && !(flags & (KEEPTTL | PERSIST | EX | PX | PXAT))) {
      flags |= EXAT;
      expire = argv[++j];
    } else if (opt === "pxat" && hasNext && !(flags & (KEEPTTL | PERSIST | EX | EXAT | PX))) {
      flags |= PXAT;
      expire = argv[++j];
    } else return E.SYNTAX;
  }
  return { flags, expire };
}

const isReply = (x: unknown): x is Reply => typeof x === "object" && x !== null && "t" in x;

/** Redis' mstime() for a command: whole milliseconds of the command's time. */
const nowMs = (c: Client): number => Math.floor(c.server.commandTime());

/** The absolute expiry for an option set, or the error reply. */
function expiryFor(c: Client, flags: number, arg: string, command: string): number | bigint | Reply {
  return expireInstant(arg, (flags & (EX | EXAT)) !== 0, (flags & (EX | PX)) !== 0, nowMs(c), command);
}

/** getGenericCommand: the reply GET gives (the value, nil, or WRONGTYPE). */
function getValue(c: Client, key: string): Reply {
  const o = c.db.lookupRead(key);
  if (!o) return NULL;
  if (o.type !== "string") return E.WRONGTYPE;
  return bulk(o.value);
}

/**
 * setGenericCommand: the one body behind SET, SETNX, SETEX and PSETEX. Validates the expire
 * first, runs GET's read when asked, applies NX/XX, stores (dropping the TTL unless KEEPTTL)
 * and sets the new expiry. An instant already in the past is stored as is; the key then
 * expires on its next access, as Redis 7.0 does.
 */
function setGeneric(
  c: Client,
  flags: number,
  key: string,
  value: string,
  expireArg: string | undefined,
  command: string,
  okReply: Reply,
  abortReply: Reply,
): Reply {
  let when: number | bigint | undefined;
  if (expireArg !== undefined) {
    const w = expiryFor(c, flags, expireArg, command);
    if (isReply(w)) return w;
    when = w;
  }
  let old: Reply | undefined;
  if (flags & GET) {
    old = getValue(c, key);
    if (old.t === "error") return old;
  }
  const db = c.db;
  const found = db.lookupWrite(key) !== undefined;
  if ((flags & NX && found) || (flags & XX && !found)) return old ?? abortReply;
  db.setKey(key, storedString(value), (flags & KEEPTTL) !== 0);
  db.written(key, "$", "set");
  if (when !== undefined) {
    db.setExpire(key, when);
    db.written(key, "g", "expire", 0);
  }
  return old ?? okReply;
}

const ONE = int(1);
const ZERO = int(0);

const setGetCommands: CommandDef[] = [
  {
    name: "get",
    summary: "Returns the string stored at a key, or nil when the key does not exist.",
    handler: (c, argv) => {
      const o = c.db.lookupRead(argv[1]);
      if (!o) return NULL;
      if (o.type !== "string") return E.WRONGTYPE;
      return bulk(o.value);
    },
  },
  {
    name: "set",
    summary: "Stores a string at a key, optionally only if it exists or not, with an expiry, returning the old value.",
    handler: (c, argv) => {
      if (argv.length === 3) {
        // The hot path: a plain SET has no options to parse and no expiry to set.
        const db = c.db;
        const key = argv[1];
        db.lookupWrite(key);
        db.setKey(key, storedString(argv[2]));
        db.written(key, "$", "set");
        return OK;
      }
      const p = parseExtended(argv, true);
      if (isReply(p)) return p;
      return setGeneric(c, p.flags, argv[1], argv[2], p.expire, "set", OK, NULL);
    },
  },
  {
    name: "setnx",
    summary: "Stores a string at a key only if the key does not exist yet; replies 1 if it did so.",
    handler: (c, argv) => setGeneric(c, NX, argv[1], argv[2], undefined, "setnx", ONE, ZERO),
  },
  {
    name: "setex",
    summary: "Stores a string at a key with a time to live in seconds.",
    handler: (c, argv) => setGeneric(c, EX, argv[1], argv[3], argv[2], "setex", OK, NULL),
  },
  {
    name: "psetex",
    summary: "Stores a string at a key with a time to live in milliseconds.",
    handler: (c, argv) => setGeneric(c, PX, argv[1], argv[3], argv[2], "psetex", OK, NULL),
  },
  {
    name: "getset",
    summary: "Stores a string at a key and returns the value it held before (dropping any TTL).",
    handler: (c, argv) => {
      const old = getValue(c, argv[1]);
      if (old.t === "error") return old;
      const db = c.db;
      db.lookupWrite(argv[1]);
      db.setKey(argv[1], storedString(argv[2]));
      db.written(argv[1], "$", "set");
      return old;
    },
  },
  {
    name: "getdel",
    summary: "Returns the string stored at a key and deletes the key.",
    handler: (c, argv) => {
      const v = getValue(c, argv[1]);
      if (v.t === "bulk" && c.db.delete(argv[1])) c.db.written(argv[1], "g", "del");
      return v;
    },
  },
  {
    name: "getex",
    summary: "Returns the string stored at a key and optionally sets or removes its time to live.",
    handler: (c, argv) => {
      const p = parseExtended(argv, false);
      if (isReply(p)) return p;
      const key = argv[1];
      const db = c.db;
      const o = db.lookupRead(key);
      if (!o) return NULL;
      if (o.type !== "string") return E.WRONGTYPE;
      let when: number | bigint | undefined;
      if (p.expire !== undefined) {
        const w = expiryFor(c, p.flags, p.expire, "getex");
        if (isReply(w)) return w;
        when = w;
      }
      const reply = bulk(o.value);
      if (when !== undefined && p.flags & (EXAT | PXAT) && when <= nowMs(c)) {
        // An absolute instant already past: the key goes now, as a DEL.
        db.delete(key);
        db.written(key, "g", "del");
      } else if (when !== undefined) {
        db.setExpire(key, when);
        db.written(key, "g", "expire");
      } else if (p.flags & PERSIST && db.removeExpire(key)) {
        db.written(key, "g", "persist");
      }
      return reply;
    },
  },
  {
    name: "mget",
    summary: "Returns the strings stored at several keys, nil for missing keys and non-strings.",
    handler: (c, argv) => {
      const refused = replyCap(c, "mget", argv.length - 1);
      if (refused) return refused;
      const out: Reply[] = new Array(argv.length - 1);
      for (let j = 1; j < argv.length; j++) {
        const o = c.db.lookupRead(argv[j]);
        out[j - 1] = o && o.type === "string" ? bulk(o.value) : NULL;
      }
      return arr(out);
    },
  },
  {
    name: "mset",
    summary: "Stores several strings at several keys at once.",
    handler: (c, argv) => msetGeneric(c, argv, false),
  },
  {
    name: "msetnx",
    summary: "Stores several strings at several keys only if none of the keys exists; replies 1 if it did so.",
    handler: (c, argv) => msetGeneric(c, argv, true),
  },
];

/** msetGenericCommand: key/value pairs, all or nothing under NX. */
function msetGeneric(c: Client, argv: readonly string[], nx: boolean): Reply {
  if (argv.length % 2 === 0) return wrongArity(nx ? "msetnx" : "mset");
  const db = c.db;
  if (nx) {
    for (let j = 1; j < argv.length; j += 2) if (db.lookupWrite(argv[j])) return ZERO;
  }
  for (let j = 1; j < argv.length; j += 2) {
    db.lookupWrite(argv[j]);
    db.setKey(argv[j], storedString(argv[j + 1]));
    db.written(argv[j], "$", "set");
  }
  return nx ? ONE : OK;
}

export const stringCommands: CommandDef[] = [...setGetCommands, ...counterCommands, ...rangeCommands];
