/**
 * EngineHost: owns one Server instance and answers EngineApi operations on it.
 *
 * Both the worker (worker-host.ts) and the in-thread engine (local.ts) are thin wrappers over
 * this class, so they behave the same by construction. It keeps the connections it opened,
 * collects key changes into one batch per command, forwards pushes, and, when given a
 * scheduler, wakes up when the instance's next timer is due (cron, active expiry, timeouts).
 */
import type { Client } from "../client";
import { Clock, type TimeSource } from "../clock";
import type { Profile } from "../config";
import { inspectKey, inspectKeys, inspectStats } from "../inspect";
import { MAX_ADVANCE_MS, createServer, type KeyChange, type Server } from "../server";
import type { ClientHandle, ClockState, EngineInfo, ExecResult, KeyChangeBatch, ResetOptions } from "./api";
import type { EngineEvent, OpArgs, OpName, OpResult } from "./protocol";

/** A batch carries at most this many changes; the rest are counted in `dropped`. */
export const MAX_BATCH_CHANGES = 1000;

export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface EngineHostOptions {
  /** Wall time for the instance clock; without it the clock is manual (moves only by advance). */
  timeSource?: TimeSource;
  /** Wakes the host for due timers; without it, timers run only through advance(). */
  scheduler?: Scheduler;
  /** A monotonic ms counter for command timing (performance.now). */
  perfNow?: () => number;
  /** The first instance's options, as reset() takes them. */
  initial?: ResetOptions;
  /** Fixes the instance's random seed (tests). */
  seed?: number;
}

export class EngineHost {
  private server!: Server;
  private profile: Profile = "playground";
  private readonly open = new Map<number, Client>();
  private pending: KeyChange[] = [];
  private droppedChanges = 0;
  private unsubscribe: () => void = () => {};
  private timer: unknown = null;
  private timerAt: number | null = null;
  private readonly perfNow: () => number;

  constructor(
    private readonly emit: (event: EngineEvent) => void,
    private readonly options: EngineHostOptions = {},
  ) {
    this.perfNow = options.perfNow ?? (() => globalThis.performance?.now() ?? 0);
    this.install(options.initial ?? {});
  }

  /** The current instance (replaced by reset). */
  get instance(): Server {
    return this.server;
  }

  /** Runs one operation; throws an Error whose message is meant for the caller. */
  call<K extends OpName>(op: K, args: OpArgs<K>): OpResult<K> {
    const fn = this.ops[op] as (...a: OpArgs<K>) => OpResult<K>;
    if (!fn) throw new Error(`unknown engine operation '${String(op)}'`);
    try {
      return fn(...args);
    } finally {
      this.rearm();
    }
  }

  private readonly ops: { [K in OpName]: (...args: OpArgs<K>) => OpResult<K> } = {
    info: () => this.info(),
    open: (label) => this.openClient(label),
    close: (clientId) => {
      const c = this.open.get(clientId);
      if (c) {
        this.open.delete(clientId);
        c.close();
      }
    },
    exec: (clientId, argv) => this.exec(clientId, argv),
    now: () => this.clockState(),
    advance: (ms) => {
      if (!Number.isFinite(ms) || ms < 0) throw new Error("advance needs a number of milliseconds ≥ 0");
      this.server.advance(Math.min(ms, MAX_ADVANCE_MS));
      this.flush("clock");
      return this.clockState();
    },
    pause: () => {
      this.server.clock.pause();
      return this.clockState();
    },
    resume: () => {
      this.server.clock.resume();
      return this.clockState();
    },
    inspectKeys: (db, limit) => inspectKeys(this.server, this.dbIndex(db), limit),
    inspectKey: (db, key) => inspectKey(this.server, this.dbIndex(db), key),
    inspectStats: () => inspectStats(this.server),
    reset: (options) => {
      for (const [id, c] of this.open) {
        c.close();
        this.emit({ type: "closed", clientId: id });
      }
      this.open.clear();
      this.install(options);
      this.pending = [];
      this.droppedChanges = 0;
      this.emitBatch({ version: this.server.version, cause: "reset", changes: [], dropped: 0 });
      return this.info();
    },
  };

  private install(options: ResetOptions): void {
    this.unsubscribe();
    const source = this.options.timeSource;
    const clock = source ? new Clock(source, { paused: options.paused }) : undefined;
    this.profile = options.profile ?? "playground";
    this.server = createServer({ profile: this.profile, config: options.config, clock, seed: this.options.seed });
    this.unsubscribe = this.server.onKeyChange((change) => {
      if (this.pending.length < MAX_BATCH_CHANGES) this.pending.push(change);
      else this.droppedChanges++;
    });
  }

  private info(): EngineInfo {
    return {
      profile: this.profile,
      databases: this.server.dbs.length,
      version: this.server.version,
      clock: this.clockState(),
    };
  }

  private clockState(): ClockState {
    return { now: this.server.now(), paused: this.server.clock.paused };
  }

  private dbIndex(db: number): number {
    if (!Number.isInteger(db) || db < 0 || db >= this.server.dbs.length) throw new Error(`no database ${db}`);
    return db;
  }

  private openClient(label: string): ClientHandle {
    const c = this.server.connect();
    this.open.set(c.id, c);
    c.onPush = (reply) => this.emit({ type: "push", clientId: c.id, reply });
    // CLIENT KILL and the like: the engine asks the host to drop the connection.
    c.onKill = () => {
      if (!this.open.delete(c.id)) return;
      c.close();
      this.emit({ type: "closed", clientId: c.id });
    };
    return { id: c.id, label };
  }

  private exec(clientId: number, argv: string[]): ExecResult {
    const c = this.open.get(clientId);
    if (!c || c.closed) throw new Error(`connection ${clientId} is closed`);
    if (!Array.isArray(argv) || argv.length === 0 || argv.some((a) => typeof a !== "string")) {
      throw new Error("exec needs a non-empty argv of strings");
    }
    // Timers that fell due since the last wake-up run first, as Redis' event loop would.
    this.runDueTimers();
    const started = this.perfNow();
    const reply = c.execute(argv);
    const ms = this.perfNow() - started;
    let closed: boolean = c.closed;
    if (c.closeAfterReply && !c.closed) {
      c.close();
      closed = true;
    }
    if (closed) this.open.delete(clientId);
    this.flush("command", clientId);
    return { reply, resp: c.resp, db: c.db.id, closed, ms, version: this.server.version };
  }

  private flush(cause: KeyChangeBatch["cause"], clientId?: number): void {
    if (!this.pending.length && !this.droppedChanges) return;
    const batch: KeyChangeBatch = {
      version: this.server.version,
      cause,
      changes: this.pending,
      dropped: this.droppedChanges,
    };
    if (clientId !== undefined) batch.clientId = clientId;
    this.pending = [];
    this.droppedChanges = 0;
    this.emitBatch(batch);
  }

  private emitBatch(batch: KeyChangeBatch): void {
    this.emit({ type: "keys", batch });
  }

  private runDueTimers(): void {
    const at = this.server.nextTimerAt();
    if (at === undefined || at > this.server.now()) return;
    this.server.tick();
    this.flush("timer");
  }

  /** Sleeps until the next timer is due; a paused clock has nothing due until it moves. */
  private rearm(): void {
    const scheduler = this.options.scheduler;
    if (!scheduler) return;
    const at = this.server.clock.paused ? undefined : this.server.nextTimerAt();
    if (at === this.timerAt && (at === undefined || this.timer !== null)) return;
    if (this.timer !== null) scheduler.clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = at ?? null;
    if (at === undefined) return;
    const delay = Math.max(0, at - this.server.now());
    this.timer = scheduler.setTimeout(() => {
      this.timer = null;
      this.timerAt = null;
      this.runDueTimers();
      this.rearm();
    }, delay);
  }

  /** Stops waking up for timers. */
  stop(): void {
    if (this.timer !== null) this.options.scheduler?.clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = null;
  }
}
