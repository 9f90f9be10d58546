/**
 * EngineHost: owns one Server instance and answers EngineApi operations on it.
 *
 * Both the worker (worker-host.ts) and the in-thread engine (local.ts) are thin wrappers over
 * this class, so they behave the same by construction. It keeps the connections it opened,
 * collects key changes into one batch per command, forwards pushes, and, when given a
 * scheduler, wakes up when the instance's next timer is due (cron, active expiry, timeouts).
 *
 * A command that blocks (BLPOP on an empty list) or is held by CLIENT PAUSE answers its exec()
 * later: the promise resolves when the client is served, times out, is unblocked or the pause
 * ends, and later exec() calls for that connection wait behind it, as a blocked Redis
 * client's next commands wait in its query buffer. Other connections keep working meanwhile.
 * CLIENT REPLY OFF|SKIP is honoured as over TCP: the result says `suppressed`, and pushes stop.
 */
import { BLOCKED } from "../blocking";
import type { Client } from "../client";
import { Clock, type TimeSource } from "../clock";
import type { Profile } from "../config";
import { inspectKey, inspectKeys, inspectStats } from "../inspect";
import { MAX_ADVANCE_MS, createServer, type KeyChange, type Server } from "../server";
import type { Reply } from "../reply";
import { takeReplySuppressed } from "../reply-mode";
import type { ClientHandle, ClockState, EngineInfo, ExecResult, KeyChangeBatch, ResetOptions } from "./api";
import type { EngineEvent, OpArgs, OpName, OpResult } from "./protocol";
import { BusyGate } from "./busy";
import { isAsyncVm, type LuaVm } from "../scripting/vm";
import { attachScriptHost, deferredRun, scriptTimedOut } from "../scripting/busy-script";

/** A batch carries at most this many changes; the rest are counted in `dropped`. */
export const MAX_BATCH_CHANGES = 1000;

export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** An exec() of a blocked connection, waiting for its turn. */
interface Queued {
  argv: string[];
  resolve: (r: ExecResult | Promise<ExecResult>) => void;
  reject: (e: Error) => void;
}

/** A connection whose command blocked: how to answer that exec(), and the ones queued behind it. */
interface Waiting {
  settle: (reply: Reply) => void;
  reject: (e: Error) => void;
  queue: Queued[];
}

/** What call() gives back: an exec() that blocks answers with a promise, every other operation at once. */
export type HostResult<K extends OpName> = K extends "exec" ? OpResult<K> | Promise<OpResult<K>> : OpResult<K>;

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
  /**
   * The Lua VM for EVAL (engine/scripting/vm.ts), or its loading: every instance this host
   * makes (reset too) gets it once it is there; until then EVAL answers an error.
   */
  lua?: LuaVm | Promise<LuaVm>;
}

export class EngineHost {
  private server!: Server;
  private profile: Profile = "playground";
  private readonly open = new Map<number, Client>();
  private readonly waiting = new Map<number, Waiting>();
  private pending: KeyChange[] = [];
  private droppedChanges = 0;
  private unsubscribe: () => void = () => {};
  private timer: unknown = null;
  private timerAt: number | null = null;
  private readonly perfNow: () => number;
  /** The Lua VM once loaded (see EngineHostOptions.lua). */
  private lua: LuaVm | null = null;
  /**
   * Closed while the instance is held (DEBUG SLEEP): every exec waits behind it, timers too;
   * the inspector does not. Only a host with a scheduler can hold (tests without one don't).
   */
  private readonly gate: BusyGate | null;

  constructor(
    private readonly emit: (event: EngineEvent) => void,
    private readonly options: EngineHostOptions = {},
  ) {
    this.perfNow = options.perfNow ?? (() => globalThis.performance?.now() ?? 0);
    this.gate = options.scheduler ? new BusyGate(this.perfNow, options.scheduler) : null;
    if (options.lua instanceof Promise) {
      options.lua.then(
        (vm) => {
          this.lua = vm;
          this.server.setLuaVm(vm);
        },
        () => {},
      );
    } else this.lua = options.lua ?? null;
    this.install(options.initial ?? {});
  }

  /** The current instance (replaced by reset). */
  get instance(): Server {
    return this.server;
  }

  /**
   * Runs one operation; throws an Error whose message is meant for the caller. An exec()
   * that blocks returns a promise of its result.
   */
  call<K extends OpName>(op: K, args: OpArgs<K>): HostResult<K> {
    const fn = this.ops[op] as (...a: OpArgs<K>) => HostResult<K>;
    if (!fn) throw new Error(`unknown engine operation '${String(op)}'`);
    try {
      return fn(...args);
    } finally {
      // The end of an event-loop turn: what a command made due at once runs now (clients
      // released by CLIENT UNPAUSE), as Redis runs them in beforeSleep.
      // (Not while DEBUG SLEEP holds the instance: its timers wait for the hold to end.)
      if (op === "exec" && !this.gate?.busy) this.runDueTimers();
      this.rearm();
    }
  }

  private readonly ops: { [K in OpName]: (...args: OpArgs<K>) => HostResult<K> } = {
    info: () => this.info(),
    open: (label) => this.openClient(label),
    close: (clientId) => {
      const c = this.open.get(clientId);
      if (c) {
        this.open.delete(clientId);
        this.abandon(clientId);
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
    readLog: () => this.server.recentLog(),
    reset: (options) => {
      for (const [id, c] of this.open) {
        this.abandon(id);
        c.close();
        this.emit({ type: "closed", clientId: id });
      }
      this.open.clear();
      this.endScript();
      this.gate?.endHold();
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
    const clock = source ? new Clock(source, { paused: options.paused, elapsedUs: () => this.perfNow() * 1000 }) : undefined;
    this.profile = options.profile ?? "playground";
    this.server = createServer({ profile: this.profile, config: options.config, clock, seed: this.options.seed, lua: this.lua ?? undefined });
    this.attachScripts();
    this.installed = options;
    // SHUTDOWN (NOSAVE): the playground's instance "restarts" — a fresh one with the same
    // options, every connection closed, nothing saved. After the command, not inside it.
    this.server.onShutdown = () => {
      const restart = () => this.ops.reset(this.installed);
      if (this.options.scheduler) this.options.scheduler.setTimeout(restart, 0);
      else queueMicrotask(restart);
    };
    this.unsubscribe = this.server.onKeyChange((change) => {
      if (this.pending.length < MAX_BATCH_CHANGES) this.pending.push(change);
      else this.droppedChanges++;
    });
  }

  // -- A script in its own Lua worker (engine/scripting/busy-script.ts) --
  /** The options the current instance was made with (SHUTDOWN makes a fresh one alike). */
  private installed: ResetOptions = {};
  /** The busy-reply-threshold timer of the script running in the Lua worker, if any. */
  private scriptTimer: unknown = null;

  /**
   * While a script runs in its Lua worker every exec waits (the gate is held), until it ends
   * or busy-reply-threshold passes; from then on execs run and get BUSY unless allow_busy.
   * The inspector is never held. Without a scheduler (tests) scripts run in one go.
   */
  private attachScripts(): void {
    const gate = this.gate;
    const scheduler = this.options.scheduler;
    if (!gate || !scheduler) return;
    const server = this.server;
    attachScriptHost(
      server,
      {
        scriptStarted: (_s, thresholdMs) => {
          gate.holdOpenEnded();
          const started = this.perfNow();
          this.scriptTimer = scheduler.setTimeout(() => {
            this.scriptTimer = null;
            scriptTimedOut(server, this.perfNow() - started);
            gate.releaseOpenEnded();
          }, Math.max(0, thresholdMs));
        },
        scriptEnded: (s) => {
          if (s !== this.server) return;
          if (this.scriptTimer !== null) {
            scheduler.clearTimeout(this.scriptTimer);
            this.scriptTimer = null;
            gate.releaseOpenEnded();
          }
          this.flush("command");
          this.rearm();
        },
        luaRestarting: (_s, ready) => {
          // A script could not start before the fresh Lua worker is up: execs wait for it.
          gate.holdOpenEnded();
          void ready.finally(() => gate.releaseOpenEnded());
        },
      },
      this.perfNow,
    );
  }

  /** reset() and stop(): a script still running in the Lua worker is ended first. */
  private endScript(): void {
    deferredRun(this.server)?.vm.kill();
    if (this.scriptTimer !== null) this.options.scheduler?.clearTimeout(this.scriptTimer);
    this.scriptTimer = null;
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
    // CLIENT REPLY OFF|SKIP silences pushes too, as 7.0 sends such a client nothing at all.
    c.onPush = (reply) => {
      if (!c.replyOff && !c.replySkip) this.emit({ type: "push", clientId: c.id, reply });
    };
    // CLIENT KILL and the like: the engine asks the host to drop the connection.
    c.onDeferredReply = (reply) => this.deferred(c, reply);
    c.onKill = () => {
      if (!this.open.delete(c.id)) return;
      this.abandon(c.id);
      c.close();
      this.emit({ type: "closed", clientId: c.id });
    };
    return { id: c.id, label };
  }

  private exec(clientId: number, argv: string[]): ExecResult | Promise<ExecResult> {
    const c = this.open.get(clientId);
    if (!c || c.closed) throw new Error(`connection ${clientId} is closed`);
    if (!Array.isArray(argv) || argv.length === 0 || argv.some((a) => typeof a !== "string")) {
      throw new Error("exec needs a non-empty argv of strings");
    }
    const gate = this.gate;
    if (gate && (gate.busy || gate.waiting)) {
      // The instance is held: run when it is free again, in arrival order.
      return new Promise((resolve, reject) =>
        gate.whenFree((waitedMs) => {
          try {
            const r = this.admit(clientId, argv);
            resolve(waitedMs > 0 && !(r instanceof Promise) ? { ...r, waitedMs } : r);
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          } finally {
            this.rearm();
          }
        }),
      );
    }
    return this.admit(clientId, argv);
  }

  /** Runs the command now, or queues it behind the connection's blocked command. */
  private admit(clientId: number, argv: string[]): ExecResult | Promise<ExecResult> {
    const c = this.open.get(clientId);
    if (!c || c.closed) throw new Error(`connection ${clientId} is closed`);
    const w = this.waiting.get(clientId);
    if (w) return new Promise((resolve, reject) => w.queue.push({ argv, resolve, reject }));
    return this.run(c, argv);
  }

  private run(c: Client, argv: string[]): ExecResult | Promise<ExecResult> {
    // Timers that fell due since the last wake-up run first, as Redis' event loop would.
    this.runDueTimers();
    const started = this.perfNow();
    const reply = c.send(argv);
    const ms = this.perfNow() - started;
    // DEBUG SLEEP: the instance is held for that much wall time; its own reply comes at the end.
    const hold = this.server.takeHold();
    if (hold > 0 && this.gate && reply.t !== BLOCKED.t) {
      this.gate.holdFor(hold);
      const result = this.result(c, reply, ms);
      this.flush("command", c.id);
      const scheduler = this.options.scheduler!;
      return new Promise((resolve) => scheduler.setTimeout(() => resolve(result), this.gate!.remainingMs));
    }
    if (reply.t === BLOCKED.t) {
      this.flush("command", c.id);
      return new Promise<ExecResult>((resolve, reject) => {
        this.waiting.set(c.id, { settle: (r) => resolve(this.result(c, r, ms)), reject, queue: [] });
      });
    }
    const result = this.result(c, reply, ms);
    this.flush("command", c.id);
    return result;
  }

  private result(c: Client, reply: Reply, ms: number): ExecResult {
    // CLIENT REPLY, as the TCP session applies it: the reply is reported as suppressed.
    const suppressed = takeReplySuppressed(c);
    // A MONITOR's line for its own command follows the reply, as over TCP.
    c.flushOwnMonitorLine();
    let closed: boolean = c.closed;
    if (c.closeAfterReply && !c.closed) {
      c.close();
      closed = true;
    }
    if (closed) this.open.delete(c.id);
    const result: ExecResult = { reply, resp: c.resp, db: c.db.id, closed, ms, version: this.server.version };
    if (suppressed) result.suppressed = true;
    return result;
  }

  /**
   * A blocked command's reply. It arrives inside the command (or timer) that served it, whose
   * key-change batch reports the changes; the execs queued behind run in a later microtask.
   */
  private deferred(c: Client, reply: Reply): void {
    const w = this.waiting.get(c.id);
    if (!w) return;
    w.settle(reply);
    if (!w.queue.length) {
      this.waiting.delete(c.id);
      return;
    }
    // The entry stays until the drain, so an exec arriving meanwhile queues behind the others.
    queueMicrotask(() => {
      if (this.waiting.get(c.id) !== w) return; // closed meanwhile: abandon() rejected them
      this.waiting.delete(c.id);
      this.drain(c, w.queue);
    });
  }

  private drain(c: Client, queue: Queued[]): void {
    while (queue.length) {
      const q = queue.shift()!;
      if (c.closed || !this.open.has(c.id)) {
        q.reject(new Error(`connection ${c.id} is closed`));
        continue;
      }
      let r: ExecResult | Promise<ExecResult>;
      try {
        r = this.run(c, q.argv);
      } catch (e) {
        q.reject(e instanceof Error ? e : new Error(String(e)));
        continue;
      }
      q.resolve(r);
      const again = this.waiting.get(c.id);
      if (again) {
        // Blocked again: the rest waits behind this one.
        again.queue.push(...queue);
        break;
      }
    }
    this.rearm();
  }

  /** The connection went away while blocked: its pending execs fail. */
  private abandon(clientId: number): void {
    const w = this.waiting.get(clientId);
    if (!w) return;
    this.waiting.delete(clientId);
    const e = new Error(`connection ${clientId} is closed`);
    w.reject(e);
    for (const q of w.queue) q.reject(e);
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
    // No cron in the middle of a script (past the threshold the gate is open): after it.
    if (deferredRun(this.server)) return;
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
      // A held instance runs no timers (Redis' cron does not run during a sleep).
      const fire = () => {
        this.runDueTimers();
        this.rearm();
      };
      if (this.gate) this.gate.whenFree(fire);
      else fire();
    }, delay);
  }

  /** Stops waking up for timers. */
  stop(): void {
    this.endScript();
    // One Lua worker per host: it goes with the host.
    if (isAsyncVm(this.lua)) this.lua.dispose();
    this.gate?.endHold();
    if (this.timer !== null) this.options.scheduler?.clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = null;
  }
}
