/**
 * Transactions (Redis' multi.c): the MULTI queue of each client and the WATCH registry.
 *
 * - While a client is in MULTI, `Server.execute` queues every command except the few that
 *   act at once (EXEC, DISCARD, MULTI, WATCH, QUIT, RESET) and answers +QUEUED. A command
 *   rejected before it could be queued (unknown, wrong arity, refused) flags the transaction,
 *   so EXEC answers EXECABORT instead of running anything.
 * - WATCH registers the client on a key of a database. Any later change to that key, by any
 *   client (the write funnel calls `touch`), marks the client dirty (CLIENT_DIRTY_CAS) and EXEC
 *   answers a nil array. The registry maps database → key → watchers, as Redis' per-db
 *   watched_keys dict, so a write costs one or two Map lookups whoever watches.
 */
import type { Client } from "./client";
import type { Command } from "./commands/table";
import type { Db } from "./db";
import { execAbort } from "./errors";
import type { Reply } from "./reply";

/** A client's open transaction. */
export interface MultiState {
  /** The queued commands' argv, in order. */
  readonly queue: string[][];
  /** CLIENT_DIRTY_EXEC: a command was rejected while queuing, EXEC will abort. */
  dirty: boolean;
  /** True while EXEC runs the queue: nested commands run instead of queuing. */
  executing: boolean;
}

/** One WATCH of one key by one client (Redis' watchedKey). */
export interface WatchedKey {
  readonly client: Client;
  readonly db: Db;
  readonly key: string;
  /** The key was logically expired when WATCH ran: its deletion by expiry changes nothing. */
  expired: boolean;
}

/** The commands processCommand runs at once inside MULTI instead of queuing them. */
const RUN_IN_MULTI = new Set(["exec", "discard", "multi", "watch", "quit", "reset"]);

/**
 * Called by Server.execute once a command passed the checks that come before queuing. Returns
 * +QUEUED after queuing it, or null when it should run now.
 */
export function queueIfMulti(c: Client, cmd: Command, argv: string[]): Reply | null {
  const m = c.multi;
  if (!m || m.executing || RUN_IN_MULTI.has(cmd.fullname)) return null;
  m.queue.push(argv);
  return QUEUED_REPLY;
}

/** processCommand refuses CMD_NO_MULTI commands (SAVE, SHUTDOWN…) inside a transaction. */
export function refusedInMulti(c: Client, cmd: Command): boolean {
  return c.multi !== null && !c.multi.executing && cmd.meta.flags.includes("no_multi");
}

const QUEUED_REPLY: Reply = Object.freeze({ t: "simple", v: "QUEUED" });

/**
 * EXEC replies whose array header is not their element count (see runCaptured): the header
 * Redis sends, by reply object. Set only for such replies; the RESP edge asks execHeaderCount.
 */
const execHeaders = new WeakMap<Reply, number>();

/**
 * The count Redis 7.0 writes in this EXEC reply's array header when it differs from the
 * number of frames that follow, else undefined. 7.0 writes one header per queued command,
 * then everything the client was sent while they ran: a queued SUBSCRIBE a b adds two
 * confirmations, a PUBLISH to the client's own channel adds the message, each in place.
 */
export function execHeaderCount(reply: Reply): number | undefined {
  return execHeaders.get(reply);
}

/**
 * Runs EXEC's queue with `run` and builds its reply as 7.0 sends it: the replies of the
 * queued commands interleaved with whatever the client itself was pushed meanwhile (Pub/Sub
 * confirmations of queued (P|S)SUBSCRIBEs beyond the last one of each command, messages it
 * published to itself, keyspace events), all inside the EXEC array, since Redis adds them to
 * the same reply buffer. Returns the frames as an array reply.
 */
export function runCaptured(c: Client, queue: readonly string[][], run: (argv: string[]) => Reply): Reply {
  const frames: Reply[] = [];
  const hostPush = c.onPush;
  c.onPush = (r) => frames.push(r);
  try {
    for (const argv of queue) frames.push(run(argv));
  } finally {
    c.onPush = hostPush;
  }
  const reply: Reply = { t: "array", v: frames };
  if (frames.length !== queue.length) execHeaders.set(reply, queue.length);
  return reply;
}

/**
 * Redis' rejectCommand: the error a command gets before it runs. Inside MULTI it flags the
 * transaction; a rejected EXEC discards the transaction and wraps the reason in EXECABORT.
 */
export function rejectCommand(c: Client, cmd: Command | undefined, reply: { t: "error"; v: string }): { t: "error"; v: string } {
  if (c.multi && !c.multi.executing) c.multi.dirty = true;
  if (cmd?.fullname === "exec") {
    discardTransaction(c);
    return execAbort(reply.v);
  }
  return reply;
}

/** discardTransaction: leaves MULTI, forgets the queue and every WATCH, clears the dirty flags. */
export function discardTransaction(c: Client): void {
  c.multi = null;
  c.dirtyCas = false;
  c.server.watches.unwatchAll(c);
}

export class WatchRegistry {
  /** Per database, per key: its watchers in the order they called WATCH. */
  private readonly byDb = new Map<Db, Map<string, Map<Client, WatchedKey>>>();

  /** watchForKey: a no-op when the client already watches this key of this database. */
  watch(c: Client, db: Db, key: string): void {
    let keys = this.byDb.get(db);
    if (!keys) this.byDb.set(db, (keys = new Map()));
    let watchers = keys.get(key);
    if (!watchers) keys.set(key, (watchers = new Map()));
    if (watchers.has(c)) return;
    const wk: WatchedKey = { client: c, db, key, expired: db.dict.has(key) && db.isExpired(key) };
    watchers.set(c, wk);
    c.watched.push(wk);
  }

  /** unwatchAllKeys: the client stops watching everything (its dirty flag stays as it is). */
  unwatchAll(c: Client): void {
    if (!c.watched.length) return;
    for (const wk of c.watched) {
      const keys = this.byDb.get(wk.db);
      const watchers = keys?.get(wk.key);
      if (!watchers) continue;
      watchers.delete(c);
      if (!watchers.size) keys!.delete(wk.key);
    }
    c.watched = [];
  }

  /** isWatchedKeyExpired: a watched key, alive at WATCH time, whose TTL has passed since. */
  anyExpired(c: Client): boolean {
    for (const wk of c.watched) {
      if (!wk.expired && wk.db.dict.has(wk.key) && wk.db.isExpired(wk.key)) return true;
    }
    return false;
  }

  /** touchWatchedKey: `key` of `db` changed; every client watching it becomes dirty. */
  touch(db: Db, key: string): void {
    if (!this.byDb.size) return;
    const watchers = this.byDb.get(db)?.get(key);
    if (!watchers) return;
    for (const wk of watchers.values()) {
      if (wk.expired) {
        // Expired at WATCH time and now gone: logically nothing changed.
        if (!db.dict.has(key)) {
          wk.expired = false;
          continue;
        }
        // Redis 7.0 leaves the whole loop here (a `break`), so this watcher and those after
        // it are not flagged; kept as is, since the real server is the reference.
        break;
      }
      wk.client.dirtyCas = true;
      this.unwatchAll(wk.client);
    }
  }

  /**
   * touchAllWatchedKeysInDb: `emptied` is about to be flushed, or swapped with `replacedWith`.
   * Watchers of a key that exists in either are flagged (or, for keys expired at WATCH time,
   * judged by what the key will logically be afterwards). Called before the change.
   */
  touchAllInDb(emptied: Db, replacedWith: Db | null): void {
    const keys = this.byDb.get(emptied);
    if (!keys) return;
    for (const [key, watchers] of keys) {
      const inEmptied = emptied.dict.has(key);
      const inReplacement = replacedWith !== null && replacedWith.dict.has(key);
      if (!inEmptied && !inReplacement) continue;
      for (const wk of watchers.values()) {
        if (wk.expired) {
          if (!inReplacement) {
            wk.expired = false;
            continue;
          }
          if (replacedWith!.isExpired(key)) continue;
        } else if (!inEmptied && replacedWith!.isExpired(key)) {
          wk.expired = true;
          continue;
        }
        // Redis does not unwatch here (its iterator would not survive it); EXEC checks the flag.
        wk.client.dirtyCas = true;
      }
    }
  }
}
