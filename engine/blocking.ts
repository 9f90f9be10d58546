/**
 * Clients blocked on keys (Redis' blocked.c): BLPOP and its kin wait here until another
 * client gives one of their keys something to pop, their timeout passes on the instance
 * clock, CLIENT UNBLOCK frees them, or they disconnect.
 *
 * How it fits together, as in Redis 7.0:
 * - A blocking command that finds nothing to pop calls `block()`, which registers the client
 *   on each of its keys (in arrival order). `Server.execute` sees the client blocked and hands
 *   BLOCKED to the host, which stops running that connection's further commands, as Redis stops
 *   reading a blocked client's query buffer.
 * - Creating a list or sorted-set key (Db.add, i.e. Redis' dbAdd) calls `signalKeyAsReady`:
 *   if someone waits on that key, the key joins the ready list (once, however many pushes).
 * - After each top-level command (later: after a whole MULTI/EXEC or script),
 *   `Server.execute` calls `handleReadyKeys`: for every ready key, the clients waiting on it
 *   are served in FIFO order until the key is gone. A served BLMOVE pushes onto its
 *   destination, which may make that key ready in turn, so the loop runs until nothing is
 *   left.
 * - The reply goes to the client through `Client.deliverDeferred` (its host's
 *   onDeferredReply), after which the host resumes the connection's pending commands.
 *
 * Serving a waiter: Redis 7.0 pops on the waiter's behalf (serveClientsBlockedOnListKey)
 * from the key that became ready, not by re-running the whole command. We do the same: each
 * blocked client carries a `serve(key)` closure that runs the command's body against that one
 * key. Re-running the command would differ observably: a client blocked on `a b`, served
 * after a MULTI pushed to `b` and then to `a`, must get `b`'s element, since `b` was ready
 * first.
 */
import type { Client } from "./client";
import { NOSTATS, type Db } from "./db";
import { E } from "./errors";
import type { RedisType } from "./object";
import { err, NULL_ARRAY, type Reply } from "./reply";
import type { Server } from "./server";
import type { Timer } from "./timers";

/**
 * What Server.execute returns when the command blocked the client: no reply yet. Not a Reply,
 * so a host cannot encode it by mistake; test it by identity (`r === BLOCKED`).
 */
export const BLOCKED = Object.freeze({ t: "blocked" as const });
export type Blocked = typeof BLOCKED;

/**
 * What a handler returns after block(): handlers stay typed as returning a Reply, and
 * Server.execute, seeing the client blocked, answers BLOCKED in its place. Never sent.
 */
export const WAITING: Reply = Object.freeze({ t: "nullarray" });

/** The types a client can block on (Redis' BLOCKED_LIST / BLOCKED_ZSET). */
export type BlockType = "list" | "zset" | "stream";

export interface BlockRequest {
  type: BlockType;
  /** The keys to wait on, in the command's order; duplicates are ignored. */
  keys: readonly string[];
  /** The absolute instant (ms, instance clock) the wait ends; 0 waits forever. */
  timeoutAt: number;
  /**
   * Serves the client from `key`, which now holds a non-empty value of `type` in the
   * client's database: pops (and for BLMOVE pushes) and returns the reply, errors included.
   */
  serve: (key: string) => Reply | null;
}

/** A blocked client's wait, kept on the client (`Client.blocked`). */
export interface BlockedState {
  readonly type: BlockType;
  readonly db: Db;
  readonly keys: readonly string[];
  readonly timeoutAt: number;
  /** Null: not served yet, the client keeps waiting (XREAD on a stream with nothing new). */
  readonly serve: (key: string) => Reply | null;
  /** The command that blocked ("blpop") and its arguments (CLIENT LIST's argv-mem). */
  readonly command: string;
  readonly argv: readonly string[];
  timer: Timer | null;
}

export class BlockingManager {
  /**
   * Per database, per key: the clients waiting on it in arrival order. A Set keeps insertion
   * order and removes a client in O(1), like the list node Redis keeps per blocked key.
   */
  private readonly waiting = new Map<Db, Map<string, Set<Client>>>();
  private readonly byType: Record<BlockType, number> = { list: 0, zset: 0, stream: 0 };
  /** Keys made ready since the last handleReadyKeys, in signal order, and their index. */
  private ready: { db: Db; key: string }[] = [];
  private readonly readyIndex = new Map<Db, Set<string>>();
  private serving = false;
  /** INFO blocked_clients. */
  blockedClients = 0;
  /** INFO clients_in_timeout_table: blocked clients with a timeout. */
  withTimeout = 0;

  constructor(private readonly server: Server) {}

  /**
   * Whether a blocking command may wait, or must answer as if timed out (Redis'
   * CLIENT_DENY_BLOCKING). The hook for MULTI/EXEC and scripts: they set `c.denyBlocking` on
   * the client that runs their commands, and run those commands through Server.execute
   * nested in their own, so waiters are served once the whole transaction or script is over.
   */
  canBlock(c: Client): boolean {
    return !c.denyBlocking;
  }

  /** Blocks the client on `req.keys` (blockForKeys + blockClient); the handler returns what this returns. */
  block(c: Client, argv: readonly string[], req: BlockRequest): Reply {
    const keys = [...new Set(req.keys)];
    const state: BlockedState = {
      type: req.type,
      db: c.db,
      keys,
      timeoutAt: req.timeoutAt,
      serve: req.serve,
      command: c.lastCommand,
      argv: [...argv],
      timer: null,
    };
    let perKey = this.waiting.get(c.db);
    if (!perKey) this.waiting.set(c.db, (perKey = new Map()));
    for (const key of keys) {
      let q = perKey.get(key);
      if (!q) perKey.set(key, (q = new Set()));
      q.add(c);
    }
    c.blocked = state;
    this.byType[req.type]++;
    this.blockedClients++;
    if (req.timeoutAt) {
      this.withTimeout++;
      // Redis times a client out once now > timeout (checkBlockedClientTimeout), i.e. at the
      // first whole millisecond past it.
      state.timer = this.server.schedule(req.timeoutAt + 1, () => this.timedOut(c, state));
    }
    return WAITING;
  }

  /**
   * signalKeyAsReady: `key` in `db` was just created holding a value of `type`. Queues it
   * for handleReadyKeys when some client waits on it.
   */
  signalKeyAsReady(db: Db, key: string, type: RedisType): void {
    if ((type !== "list" && type !== "zset" && type !== "stream") || !this.byType[type]) return;
    if (!this.waiting.get(db)?.has(key)) return;
    let index = this.readyIndex.get(db);
    if (!index) this.readyIndex.set(db, (index = new Set()));
    if (index.has(key)) return;
    index.add(key);
    this.ready.push({ db, key });
  }

  /**
   * SWAPDB (scanDatabaseForReadyKeys): a database got a whole new set of keys, so every key
   * someone waits on there that now holds a list or sorted set is ready.
   */
  scanDatabaseForReadyKeys(db: Db): void {
    const perKey = this.waiting.get(db);
    if (!perKey) return;
    for (const key of perKey.keys()) {
      const o = db.dict.get(key);
      if (o) this.signalKeyAsReady(db, key, o.type);
    }
  }

  get hasReadyKeys(): boolean {
    return this.ready.length > 0;
  }

  /** True while waiters are being served; hosts must not run commands from a delivery. */
  get isServing(): boolean {
    return this.serving;
  }

  /**
   * handleClientsBlockedOnKeys: serves the waiters of every ready key, in the order the keys
   * became ready and, per key, in the order the clients blocked. A key made ready while this
   * runs (BLMOVE's push) is handled in the next round of the loop.
   */
  handleReadyKeys(): void {
    if (this.serving) return;
    this.serving = true;
    try {
      while (this.ready.length) {
        const round = this.ready;
        this.ready = [];
        for (const { db, key } of round) {
          this.readyIndex.get(db)?.delete(key);
          // Redis looks the key up with LOOKUP_NOSTATS: the LRU is touched, a key whose TTL
          // has passed is expired here and serves nobody.
          const o = db.lookupRead(key, NOSTATS);
          if (o && (o.type === "list" || o.type === "zset" || o.type === "stream")) this.serveKey(db, key, o.type);
        }
      }
    } finally {
      this.serving = false;
    }
  }

  /** Serves the clients waiting on one ready key, first come first served, while it exists. */
  private serveKey(db: Db, key: string, type: BlockType): void {
    const q = this.waiting.get(db)?.get(key);
    if (!q) return;
    // Served clients leave the queue as we go, which a Set's iteration allows; no client can
    // join it meanwhile (serving never blocks anyone). Redis walks its list the same way.
    for (const c of q) {
      const state = c.blocked;
      // A client waiting for the other type stays where it is (Redis skips it the same way).
      if (!state || state.type !== type) continue;
      let reply: Reply | null;
      try {
        reply = state.serve(key);
        if (reply === null) continue; // a stream waiter whose ID is still ahead
      } catch (e) {
        this.server.log("warning", `internal error serving '${state.command}': ${e instanceof Error ? (e.stack ?? e.message) : e}`);
        reply = err(`ERR internal error in '${state.command}': ${e instanceof Error ? e.message : e}`);
      }
      this.unblock(c);
      if (reply.t === "error") {
        // updateStatsOnUnblock: the error is counted, and the blocked command failed.
        this.server.countErrorReply(reply);
        this.server.countFailedCall(state.command);
      }
      c.deliverDeferred(reply);
      const now = db.dict.get(key);
      if (!now || now.type !== type) break; // popped empty and deleted: nothing left to serve
    }
  }

  /** The timeout passed: the client gets the null reply every blocking command times out with. */
  private timedOut(c: Client, state: BlockedState): void {
    if (c.blocked !== state) return;
    this.unblock(c);
    c.deliverDeferred(NULL_ARRAY);
  }

  /**
   * CLIENT UNBLOCK: ends the wait as if it timed out, or with an -UNBLOCKED error. False when
   * the client is not blocked. (Redis counts either as a failed call of the blocked command.)
   */
  unblockByRequest(c: Client, withError: boolean): boolean {
    const state = c.blocked;
    if (!state) return false;
    this.unblock(c);
    if (withError) this.server.countErrorReply(E.UNBLOCKED as { t: "error"; v: string });
    this.server.countFailedCall(state.command);
    c.deliverDeferred(withError ? E.UNBLOCKED : NULL_ARRAY);
    return true;
  }

  /** The client disconnected: it leaves every queue without a reply. */
  forget(c: Client): void {
    if (c.blocked) this.unblock(c);
  }

  /** unblockClientWaitingData + unblockClient: off every key's queue, timer cancelled. */
  private unblock(c: Client): void {
    const state = c.blocked;
    if (!state) return;
    const perKey = this.waiting.get(state.db);
    for (const key of state.keys) {
      const q = perKey?.get(key);
      if (!q) continue;
      q.delete(c);
      if (!q.size) perKey!.delete(key);
    }
    if (perKey && !perKey.size) this.waiting.delete(state.db);
    if (state.timer) {
      state.timer.cancelled = true;
      this.withTimeout--;
    }
    this.byType[state.type]--;
    this.blockedClients--;
    c.blocked = null;
  }
}
