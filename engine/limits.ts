/**
 * Limits that protect the learner's browser tab (playground profile only).
 *
 * Real Redis will happily build a reply of ten million elements or a 400 MB string; in a
 * browser tab that freezes or kills the page. The playground keeps Redis' behaviour for
 * everything a lesson does and refuses only the outsized cases, with texts of our own worded
 * like Redis errors. The `redis` profile (the differential tests, the TCP server by default)
 * never reaches any of this.
 *
 * - Replies: at most `playground-max-reply-elements` top-level elements (a map's pairs count
 *   once). A config parameter rather than a constant, so CONFIG GET shows it beside maxmemory
 *   and a curious learner can raise it (or set 0) knowing what they risk. Commands whose
 *   reply size is known before building it (KEYS, LRANGE, SMEMBERS, HGETALL, ZRANGE, MGET,
 *   SORT, …) ask `replyCap` first; `capReply` is the safety net for every other read-only
 *   command, applied after the handler (writes are never refused after their effect).
 * - Allocations: the maxmemory check Redis makes before a command only looks at memory
 *   already used, so one command can still allocate hundreds of MB (SETRANGE at a huge
 *   offset, SET of a giant argument). Here a command that would add at least LARGE_BYTES
 *   answers OOM before allocating when the result could not fit under maxmemory; with
 *   maxmemory 0 no single value may pass NO_MAXMEMORY_VALUE_CAP.
 */
import type { Client } from "./client";
import type { Command } from "./commands/table";
import { E, replyTooLarge, valueTooLarge } from "./errors";
import type { Reply } from "./reply";
import type { Server } from "./server";

/** Growth below this keeps Redis' exact semantics (the check before the command only). */
export const LARGE_BYTES = 1 << 20;
/** With maxmemory 0 the playground still refuses a single value past this size. */
export const NO_MAXMEMORY_VALUE_CAP = 64 * 1024 * 1024;

/** What to do instead, per command: the tail of the error text. */
const HINTS: Readonly<Record<string, string>> = {
  keys: "use SCAN",
  smembers: "use SSCAN",
  sunion: "use SSCAN on the sets",
  sinter: "use SSCAN on the sets",
  sdiff: "use SSCAN on the sets",
  hgetall: "use HSCAN",
  hkeys: "use HSCAN",
  hvals: "use HSCAN",
  lrange: "ask for a smaller range",
  zrange: "ask for a smaller range or use ZSCAN",
  zrangebyscore: "add LIMIT or use ZSCAN",
  zrevrangebyscore: "add LIMIT or use ZSCAN",
  zrangebylex: "add LIMIT or use ZSCAN",
  zrevrangebylex: "add LIMIT or use ZSCAN",
  zrevrange: "ask for a smaller range or use ZSCAN",
  xrange: "add COUNT",
  xrevrange: "add COUNT",
  sort: "add LIMIT",
  sort_ro: "add LIMIT",
  mget: "ask for fewer keys",
};

/** The reply cap in force for this client's server: 0 when there is none. */
function cap(s: Server): number {
  return s.profile === "playground" ? s.config.num("playground-max-reply-elements") : 0;
}

/**
 * Before building a reply of `n` elements: our error when it passes the cap, else null.
 * `what` describes the reply ("KEYS matched 1200000 keys"); by default "<CMD> would return
 * N elements".
 */
export function replyCap(c: Client, name: string, n: number, what?: string): Reply | null {
  const limit = cap(c.server);
  if (!limit || n <= limit) return null;
  return replyTooLarge(what ?? `${name.toUpperCase()} would return ${n} elements`, limit, HINTS[name] ?? "ask for fewer elements");
}

/** Top-level elements of a reply, a map's pairs counted once. */
function elements(r: Reply): number {
  switch (r.t) {
    case "array":
    case "set":
    case "push":
      return r.v.length;
    case "map":
      return r.v.length / 2;
    default:
      return 0;
  }
}

/**
 * The safety net after a handler: a read-only command's reply past the cap becomes our error.
 * Commands that may write (or run writes: EXEC, scripts) keep their reply, as their effect
 * has happened; the pops (LPOP/RPOP/SPOP/ZPOPMIN/ZPOPMAX with a count) ask replyCap before
 * taking anything.
 */
export function capReply(s: Server, cmd: Command, reply: Reply): Reply {
  if (s.profile !== "playground") return reply;
  const n = elements(reply);
  if (n === 0) return reply;
  const limit = cap(s);
  if (!limit || n <= limit) return reply;
  const flags = cmd.meta.flags;
  if (flags.includes("write") || flags.includes("may_replicate") || cmd.fullname === "exec") return reply;
  const name = cmd.fullname.replace("|", " ");
  return replyTooLarge(`${name.toUpperCase()} would return ${n} elements`, limit, HINTS[cmd.fullname] ?? "ask for fewer elements");
}

/**
 * processCommand's OOM check, looking ahead (playground only): a denyoom command bringing
 * LARGE_BYTES or more of arguments is refused when they could not fit under maxmemory.
 * O(argc), and only for the playground.
 */
export function refusesLargeArgs(s: Server, cmd: Command, argv: readonly string[]): boolean {
  if (s.profile !== "playground" || !cmd.meta.flags.includes("denyoom")) return false;
  let bytes = 0;
  for (let i = 1; i < argv.length; i++) bytes += argv[i].length;
  if (bytes < LARGE_BYTES) return false;
  return growthRefusal(s, bytes, 0) !== null;
}

/**
 * A command about to grow a value from `oldBytes` to `newBytes` (SETRANGE, APPEND, SETBIT,
 * BITFIELD): OOM (or, with maxmemory 0, our error) when the playground will not allocate it;
 * null to go ahead. Small growth always goes ahead, as in Redis.
 */
export function growthRefusal(s: Server, newBytes: number, oldBytes: number): Reply | null {
  if (s.profile !== "playground") return null;
  const growth = newBytes - oldBytes;
  if (growth < LARGE_BYTES) return null;
  const max = s.config.num("maxmemory");
  if (!max) {
    if (newBytes <= NO_MAXMEMORY_VALUE_CAP) return null;
    return valueTooLarge(newBytes, NO_MAXMEMORY_VALUE_CAP);
  }
  // Under an eviction policy other keys can make room, but never more than maxmemory itself.
  const room = s.config.get("maxmemory-policy") === "noeviction" ? max - s.memory.used() : max;
  return growth > room ? E.OOM : null;
}
