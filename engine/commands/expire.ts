/**
 * Expiry commands: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (with NX/XX/GT/LT), TTL, PTTL,
 * EXPIRETIME, PEXPIRETIME, PERSIST.
 *
 * Times are signed 64-bit milliseconds as in Redis. Most fit a double exactly; the rest (up to
 * year 292 million) are carried as bigints so that PEXPIREAT 9223372036854775807 reads back
 * digit for digit.
 */
import type { Client } from "../client";
import { NOTOUCH } from "../db";
import { E, invalidExpireTime } from "../errors";
import { int, type Reply } from "../reply";
import { parseInt64 } from "./args";
import type { CommandDef } from "./table";

const ZERO = int(0);
const ONE = int(1);

const LLONG_MAX = (1n << 63n) - 1n;
const LLONG_MIN = -(1n << 63n);

/** The command's "now": Redis' millisecond clock, fixed for the whole command. */
const nowMs = (c: Client): number => Math.floor(c.server.commandTime());

/** A bigint as a number when it fits exactly, so ordinary instants stay plain numbers. */
const narrow = (v: bigint): number | bigint =>
  v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;

const NX = 1;
const XX = 2;
const GT = 4;
const LT = 8;

/** parseExtendedExpireArgumentsOrReply: NX | XX | GT | LT, and the combinations Redis refuses. */
function parseFlags(argv: string[]): number | Reply {
  let flags = 0;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase();
    if (opt === "nx") flags |= NX;
    else if (opt === "xx") flags |= XX;
    else if (opt === "gt") flags |= GT;
    else if (opt === "lt") flags |= LT;
    else {
      // The option is printed with %s: it ends at a NUL byte.
      const nul = argv[j].indexOf("\0");
      return E.unsupportedExpireOption(nul === -1 ? argv[j] : argv[j].slice(0, nul));
    }
  }
  if (flags & NX && flags & (XX | GT | LT)) return E.EXPIRE_OPTIONS_NX_XX_GT_LT;
  if (flags & GT && flags & LT) return E.EXPIRE_OPTIONS_GT_LT;
  return flags;
}

/**
 * expireGenericCommand. `relative` adds the current time (EXPIRE, PEXPIRE); `seconds` scales
 * the argument (EXPIRE, EXPIREAT). Options are checked before the number, as in Redis; the
 * overflow checks are Redis' own, so a far past (negative) instant is allowed and deletes.
 */
function expireGeneric(c: Client, argv: string[], relative: boolean, seconds: boolean): Reply {
  const flags = parseFlags(argv);
  if (typeof flags !== "number") return flags;
  const arg = parseInt64(argv[2]);
  if (arg === null) return E.NOT_INTEGER;
  const name = argv[0].toLowerCase();
  const now = nowMs(c);

  let when: number | bigint;
  if (typeof arg === "number" && Math.abs(arg) < 1e12) {
    // Every step stays exact within a double.
    when = (seconds ? arg * 1000 : arg) + (relative ? now : 0);
  } else {
    let w = BigInt(arg);
    if (seconds) {
      if (w > LLONG_MAX / 1000n || w < LLONG_MIN / 1000n) return invalidExpireTime(name);
      w *= 1000n;
    }
    const base = relative ? BigInt(now) : 0n;
    if (w > LLONG_MAX - base) return invalidExpireTime(name);
    when = narrow(w + base);
  }

  const db = c.db;
  const key = argv[1];
  if (!db.lookupWrite(key)) return ZERO;

  if (flags) {
    const current = db.getExpireExact(key);
    if (flags & NX && current !== undefined) return ZERO;
    if (flags & XX && current === undefined) return ZERO;
    // No TTL counts as an infinite one: GT never beats it, LT always does.
    if (flags & GT && (current === undefined || when <= current)) return ZERO;
    if (flags & LT && current !== undefined && when >= current) return ZERO;
  }

  if (when <= now) {
    // checkAlreadyExpired: Redis deletes at once (and propagates a DEL).
    db.delete(key);
    db.written(key, "g", "del");
    return ONE;
  }
  db.setExpire(key, when);
  db.written(key, "g", "expire");
  return ONE;
}

/**
 * ttlGenericCommand: -2 for a missing key, -1 without a TTL, else the time left (or the
 * absolute instant), never below 0; seconds are rounded to the nearest.
 */
function ttlGeneric(c: Client, key: string, ms: boolean, absolute: boolean): Reply {
  const db = c.db;
  if (!db.lookupRead(key, NOTOUCH)) return int(-2);
  const expire = db.getExpireExact(key);
  if (expire === undefined) return int(-1);
  if (typeof expire === "number") {
    const ttl = Math.max(0, absolute ? expire : expire - nowMs(c));
    return int(ms ? ttl : Math.floor((ttl + 500) / 1000));
  }
  let ttl = absolute ? expire : expire - BigInt(nowMs(c));
  if (ttl < 0n) ttl = 0n;
  return int(narrow(ms ? ttl : (ttl + 500n) / 1000n));
}

export const expireCommands: CommandDef[] = [
  {
    name: "expire",
    summary: "Sets a key to expire after a number of seconds.",
    handler: (c, argv) => expireGeneric(c, argv, true, true),
  },
  {
    name: "pexpire",
    summary: "Sets a key to expire after a number of milliseconds.",
    handler: (c, argv) => expireGeneric(c, argv, true, false),
  },
  {
    name: "expireat",
    summary: "Sets a key to expire at a Unix time given in seconds.",
    handler: (c, argv) => expireGeneric(c, argv, false, true),
  },
  {
    name: "pexpireat",
    summary: "Sets a key to expire at a Unix time given in milliseconds.",
    handler: (c, argv) => expireGeneric(c, argv, false, false),
  },
  {
    name: "ttl",
    summary: "Replies with a key's remaining time to live in seconds (-1 without a TTL, -2 when missing).",
    handler: (c, argv) => ttlGeneric(c, argv[1], false, false),
  },
  {
    name: "pttl",
    summary: "Replies with a key's remaining time to live in milliseconds (-1 without a TTL, -2 when missing).",
    handler: (c, argv) => ttlGeneric(c, argv[1], true, false),
  },
  {
    name: "expiretime",
    summary: "Replies with the Unix time in seconds at which a key expires (-1 without a TTL, -2 when missing).",
    handler: (c, argv) => ttlGeneric(c, argv[1], false, true),
  },
  {
    name: "pexpiretime",
    summary: "Replies with the Unix time in milliseconds at which a key expires (-1 without a TTL, -2 when missing).",
    handler: (c, argv) => ttlGeneric(c, argv[1], true, true),
  },
  {
    name: "persist",
    summary: "Removes a key's TTL so it no longer expires.",
    handler: (c, argv) => {
      const db = c.db;
      if (!db.lookupWrite(argv[1]) || !db.removeExpire(argv[1])) return ZERO;
      db.written(argv[1], "g", "persist");
      return ONE;
    },
  },
];
