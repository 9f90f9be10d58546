/**
 * One Redis instance: its databases, clients, configuration, statistics, clock and timers.
 *
 * Many instances can live in one page (later: replicas, cluster nodes, Redlock's independent
 * servers), so nothing here is global. The clock and the random generator are injected.
 */
import { ActiveExpire, ExpiryHorizon } from "./active-expire";
import { BLOCKED, BlockingManager, type Blocked } from "./blocking";
import { Client, type ClientOptions } from "./client";
import { manualClock, type Clock } from "./clock";
import { commandTable } from "./commands/index";
import type { Command, CommandStats, CommandTable } from "./commands/table";
import { Config, type Profile } from "./config";
import { Db, type NotifyClass } from "./db";
import { E, subscribedModeError, unknownCommand, unknownSubcommand, wrongArity } from "./errors";
import type { RedisObject, RedisType } from "./object";
import { err, type Reply } from "./reply";
import { Rng } from "./rng";
import { notifyKeyspaceEvent } from "./notify";
import { PubSub } from "./pubsub";
import { feedMonitors, isMonitor, stopMonitor, touchesKeyspace } from "./monitor";
import { WatchRegistry, discardTransaction, queueIfMulti, refusedInMulti, rejectCommand } from "./multi";
import { PauseManager } from "./pause";
import { TimerQueue, type Timer } from "./timers";
import type { LuaVm } from "./scripting/vm";
import { MemoryAccountant } from "./memory/accountant";
import { Evictor } from "./evict";
import { capReply, refusesLargeArgs } from "./limits";
import { LatencyTracker, type TimedStats } from "./latency/tracker";
import { Persistence } from "./persist/state";

export interface ServerOptions {
  profile?: Profile;
  /** Configuration overrides, as redis-server's `--name value` arguments. */
  config?: Record<string, string>;
  /** The instance's clock; hosts pass a running one (new Clock(Date.now)). */
  clock?: Clock;
  seed?: number;
  /** Where redis.log and server events go; the UI shows them in a log pane. */
  log?: (level: "debug" | "verbose" | "notice" | "warning", line: string) => void;
  /** The Lua VM for EVAL (engine/scripting/vm.ts); hosts load one async, or set it later. */
  lua?: LuaVm;
}

/** One line of the instance's own log (redis.log, server events), newest last. */
export interface LogLine {
  at: number;
  level: "debug" | "verbose" | "notice" | "warning";
  line: string;
}

/** How many log lines an instance keeps for the UI's log pane. */
const LOG_LINES_KEPT = 500;

/** A change to one key, for the UI's live keyspace view. */
export interface KeyChange {
  db: number;
  /** Empty for a change to the whole database (event "flushdb" or "swapdb"). */
  key: string;
  event: string;
}

export interface Stats {
  totalCommands: number;
  totalConnections: number;
  keyspaceHits: number;
  keyspaceMisses: number;
  expiredKeys: number;
  /** INFO expired_stale_perc (as a fraction) and expired_time_cap_reached_count. */
  expiredStalePerc: number;
  expiredTimeCapReachedCount: number;
  evictedKeys: number;
  totalErrorReplies: number;
  rejectedCalls: number;
  /** Writes since the last save, as INFO's rdb_changes_since_last_save. */
  dirty: number;
  /** Error replies by their prefix ("ERR", "WRONGTYPE"), as INFO errorstats. */
  errors: Map<string, number>;
  commands: Map<string, CommandStats>;
}

const newStats = (): Stats => ({
  totalCommands: 0,
  totalConnections: 0,
  keyspaceHits: 0,
  keyspaceMisses: 0,
  expiredKeys: 0,
  expiredStalePerc: 0,
  expiredTimeCapReachedCount: 0,
  evictedKeys: 0,
  totalErrorReplies: 0,
  rejectedCalls: 0,
  dirty: 0,
  errors: new Map(),
  commands: new Map(),
});

/** Redis' LFU_INIT_VAL: new keys start with a small counter so they are not evicted at once. */
const LFU_INIT_VAL = 5;
/** Redis' CONFIG_MAX_HZ and MAX_CLIENTS_PER_CLOCK_TICK (dynamic-hz). */
const MAX_HZ = 500;
const CLIENTS_PER_TICK = 200;
/** How far one advance() may move the clock: a stated cap so a typo cannot hang a tab. */
export const MAX_ADVANCE_MS = 366 * 24 * 3600 * 1000;
/** A fast-forward longer than this many cron ticks skips the idle ones (see advance). */
const SKIP_MIN_TICKS = 8;
/**
 * The work one advance() may spend sampling keys for expiry (about a tenth of a second).
 * Beyond it, a long fast-forward over a big keyspace expires keys exactly when they fall due
 * instead of waiting for the sweep to reach them, which real Redis may take a while to do.
 */
const ADVANCE_SAMPLE_CAP = 5_000_000;
/** How much missed cron time a late tick() makes up for (see scheduleCron). */
const CRON_CATCH_UP_MS = 2000;
/** What a RESP2 client in subscribed mode may still run. */
const SUBSCRIBED_MODE_COMMANDS = new Set(["subscribe", "unsubscribe", "psubscribe", "punsubscribe", "ssubscribe", "sunsubscribe", "ping", "quit", "reset"]);

export class Server {
  readonly config: Config;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly commands: CommandTable = commandTable;
  readonly dbs: Db[];
  readonly clients = new Map<number, Client>();
  stats: Stats = newStats();
  readonly startedAt: number;
  readonly runId: string;
  private readonly timers = new TimerQueue();
  private cronTimer: Timer | null = null;
  private readonly activeExpire: ActiveExpire;
  private nextClientId = 1;
  /** The instant a running command sees as "now" (Redis fixes it per command). */
  private cmdTime: number | null = null;
  private readonly keyListeners = new Set<(change: KeyChange) => void>();
  readonly log: NonNullable<ServerOptions["log"]>;
  /** The last LOG_LINES_KEPT lines logged (redis.log included), for the UI's log pane. */
  private readonly logLines: LogLine[] = [];
  /**
   * Error replies already counted in errorstats when they were first made (ERR_REPLY_FLAG_NO_STATS_UPDATE):
   * a script passing on the error of a command it ran.
   */
  readonly errorsCountedAlready = new WeakSet<Reply>();
  /** The Lua VM scripts run in; null until a host sets one (EVAL then answers an error). */
  luaVm: LuaVm | null;
  /** Bumped on every write: lets views know the keyspace changed without diffing it. */
  version = 0;
  /** Clients blocked on keys (BLPOP …) and the keys ready to serve them: engine/blocking.ts. */
  readonly blocking: BlockingManager = new BlockingManager(this);
  /** Who WATCHes which key (engine/multi.ts); the write funnel touches it. */
  readonly watches = new WatchRegistry();
  /** Error replies counted when the last command ended (call()'s prev_err_count, see execute). */
  private errMark = 0;
  /** How many execute() calls are running: 1 for a client's command, more when nested (EXEC, scripts). */
  private callDepth = 0;
  /** Channels, patterns and their subscribers: engine/pubsub.ts. */
  readonly pubsub = new PubSub();
  /** DEBUG SET-ACTIVE-EXPIRE: when false the cron runs no expiry cycle (lazy expiry only). */
  activeExpireEnabled = true;
  /** used_memory and friends, kept up to date from the write funnel (engine/memory/). */
  readonly memory: MemoryAccountant = new MemoryAccountant(this);
  /** maxmemory eviction: the sampling pool and the policies (engine/evict.ts). */
  readonly evictor: Evictor = new Evictor(this);
  /** CLIENT PAUSE: the pause in force and the clients it holds (engine/pause.ts). */
  readonly pause: PauseManager = new PauseManager(this);
  // -- Latency: slow log, latency monitor, histograms; DEBUG SLEEP's hold --
  readonly latency = new LatencyTracker();
  /** The profile the instance was created with (playground-only safety caps read it). */
  readonly profile: Profile;
  // -- persistence (h-debug-reload): the RDB "file" DEBUG RELOAD writes and reads, INFO's figures --
  readonly persistence = new Persistence();
  /** Microseconds the instance has been held so far (DEBUG SLEEP), counted into durations. */
  private heldUs = 0;
  /** Wall-clock milliseconds of hold not yet claimed by the host (see takeHold). */
  private pendingHoldMs = 0;
  // -- A script running in its own worker (engine/scripting/busy-script.ts) --
  /** While a script runs in its worker: BUSY (or null) for a client's command. */
  scriptBusy: ((c: Client, cmd: Command) => Reply | null) | null = null;
  /** SHUTDOWN: what the host does to stop this instance (engine/commands/shutdown.ts); null: it cannot. */
  onShutdown: (() => void) | null = null;

  constructor(options: ServerOptions = {}) {
    this.profile = options.profile ?? "redis";
    this.config = new Config(this.profile, options.config);
    // Without a clock from the host, time stands still until advance(): deterministic by default.
    this.clock = options.clock ?? manualClock();
    this.rng = new Rng(options.seed);
    const sink = options.log;
    this.log = (level, line) => {
      if (this.logLines.push({ at: this.clock.now(), level, line }) > LOG_LINES_KEPT) this.logLines.shift();
      sink?.(level, line);
    };
    this.luaVm = options.lua ?? null;
    this.dbs = Array.from({ length: this.config.num("databases") }, (_, i) => new Db(this, i));
    const stats = () => this.stats; // CONFIG RESETSTAT may replace the object
    this.activeExpire = new ActiveExpire({
      dbs: this.dbs,
      now: () => this.clock.now(),
      effectiveHz: () => this.effectiveHz(),
      effort: () => this.config.num("active-expire-effort"),
      get stats() {
        return stats();
      },
    });
    this.startedAt = this.clock.now();
    this.runId = Array.from({ length: 40 }, () => "0123456789abcdef"[this.rng.below(16)]).join("");
    this.scheduleCron();
  }

  now(): number {
    return this.clock.now();
  }

  /** Gives the instance its Lua VM once a host has loaded one. */
  setLuaVm(vm: LuaVm | null): void {
    this.luaVm = vm;
  }

  /** The instance's recent log lines, oldest first (a copy). */
  recentLog(): LogLine[] {
    return this.logLines.slice();
  }

  /** The time a command in progress sees (fixed for its whole run), or the clock's now. */
  commandTime(): number {
    return this.cmdTime ?? this.clock.now();
  }

  // ---- Clients -----------------------------------------------------------------------------

  connect(options: ClientOptions = {}): Client {
    const c = new Client(this, this.nextClientId++, options);
    this.clients.set(c.id, c);
    this.stats.totalConnections++;
    return c;
  }

  disconnect(c: Client): void {
    if (c.closed) return;
    c.closed = true;
    this.blocking.forget(c);
    this.pause.forget(c);
    this.pubsub.forget(c);
    stopMonitor(c);
    discardTransaction(c);
    this.clients.delete(c.id);
  }

  // ---- Dispatch ----------------------------------------------------------------------------

  /**
   * Runs one command for a client: resolves the command and subcommand, checks arity, then
   * hands argv to the handler. Every reply, including errors, comes back as a typed Reply,
   * or BLOCKED when the command waits (its reply then comes through Client.onDeferredReply).
   */
  execute(c: Client, argv: string[]): Reply | Blocked {
    // A blocked client's next commands wait in its host until the deferred reply, as Redis
    // stops reading a blocked client's query buffer.
    if (c.blocked) throw new Error(`client ${c.id} is blocked in '${c.blocked.command}'`);
    if (this.pause.isHeld(c)) throw new Error(`client ${c.id} is held by CLIENT PAUSE`);
    // Deferred replies are handed out while waiters are served: a host schedules what follows.
    if (this.blocking.isServing) throw new Error("a command cannot run from inside a deferred reply");
    // A nested call (EXEC's queued commands, a script's redis.call) keeps the outer time.
    const outer = this.callDepth === 0;
    if (outer) this.cmdTime = this.clock.now();
    this.callDepth++;
    c.lastInteraction = this.commandTime();
    try {
      const resolved = this.resolve(argv);
      if (resolved.t === "error") {
        // CLIENT LIST's cmd: Redis records the command even when its arity is wrong, NULL
        // when there is no such command.
        const known = this.lookup(argv);
        c.lastCommand = known?.fullname ?? "NULL";
        if (known) this.commandStats(known).rejectedCalls++;
        this.stats.rejectedCalls++;
        return this.countError(rejectCommand(c, known, resolved));
      }
      const cmd = resolved.cmd;
      // EXEC runs its queue with call(), not processCommand: no checks for queued commands,
      // and CLIENT LIST keeps showing cmd=exec.
      const inExec = !outer && c.multi?.executing === true;
      if (!inExec) c.lastCommand = cmd.fullname;
      // processCommand refuses DEBUG per enable-debug-command before it checks authentication.
      if (!inExec && cmd.fullname === "debug" && !this.debugAllowed(c)) {
        return this.refuse(c, cmd, E.DEBUG_NOT_ALLOWED);
      }
      if (!inExec && this.authRequired(c) && !cmd.meta.flags.includes("no_auth")) {
        return this.refuse(c, cmd, E.NOAUTH);
      }
      // -- processCommand's busy-script check: BUSY unless the command is allow_busy --
      const busy = outer && this.scriptBusy ? this.scriptBusy(c, cmd) : null;
      if (busy) {
        return this.refuse(c, cmd, busy);
      }
      // -- processCommand's maxmemory check (engine/evict.ts): evict, or refuse with OOM --
      if (outer && this.evictor.limit() && this.evictor.refuses(c, cmd)) {
        return this.refuse(c, cmd, E.OOM);
      }
      // -- The playground refuses huge arguments that could not fit under maxmemory
      // (engine/limits.ts): a client's command, or a script's call, never EXEC's checked queue --
      if (!inExec && this.profile === "playground" && refusesLargeArgs(this, cmd, argv)) {
        return this.refuse(c, cmd, E.OOM);
      }
      // processCommand: a RESP2 client in subscribed mode may only (un)subscribe, PING, QUIT, RESET.
      if (!inExec && c.resp === 2 && c.subscriptions && PubSub.subscribed(c) && !SUBSCRIBED_MODE_COMMANDS.has(cmd.fullname)) {
        return this.refuse(c, cmd, subscribedModeError(cmd.fullname));
      }
      // processCommand: a monitor (a replica to Redis) may not touch the keyspace.
      if (!inExec && isMonitor(c) && touchesKeyspace(cmd)) {
        return this.refuse(c, cmd, E.REPLICA_KEYSPACE);
      }
      if (refusedInMulti(c, cmd)) {
        return this.refuse(c, cmd, E.NOT_IN_MULTI);
      }
      // CLIENT PAUSE (engine/pause.ts): past every check that could reject it, the command
      // waits for the pause to end, before MULTI could queue it; it runs again then. Only
      // a client's own command (processCommand): never EXEC's queue or a script's calls.
      if (outer && this.pause.mustHold(c, cmd, argv)) {
        this.pause.hold(c, argv);
        return BLOCKED;
      }
      // Inside MULTI most commands are queued for EXEC (engine/multi.ts), uncounted until run.
      const queued = queueIfMulti(c, cmd, argv);
      if (queued) return queued;
      let reply: Reply | Blocked;
      const statsBefore = this.stats;
      const startUs = this.clock.elapsedUs();
      const heldBefore = this.heldUs;
      // Redis keeps this mark across calls, and nested calls (EXEC's) move it: EXEC fails
      // only for errors after its last queued command ran, i.e. its own error reply.
      this.errMark = statsBefore.totalErrorReplies;
      try {
        reply = (cmd.handler as NonNullable<Command["handler"]>)(c, argv);
        // The handler blocked the client (engine/blocking.ts): no reply until it is served.
        if (c.blocked) reply = BLOCKED;
        else if (this.profile === "playground") reply = capReply(this, cmd, reply); // the playground's reply cap
      } catch (e) {
        // A bug in a handler must never take the instance down with it.
        this.log("warning", `internal error in '${cmd.fullname}': ${e instanceof Error ? e.stack ?? e.message : e}`);
        reply = err(`ERR internal error in '${cmd.fullname}': ${e instanceof Error ? e.message : e}`);
      }
      // Looked up after the handler: CONFIG RESETSTAT replaces the stats and counts itself.
      const stats = this.commandStats(cmd);
      stats.calls++;
      this.stats.totalCommands++;
      // call()'s duration: what the handler took, plus any time the instance was held.
      const us = Math.max(0, Math.floor(this.clock.elapsedUs() - startUs)) + (this.heldUs - heldBefore);
      stats.usec += us;
      if (reply !== BLOCKED) this.latency.afterCall(c, cmd, argv, us, stats as TimedStats);
      else this.latency.blocked(c, cmd, argv, us, stats as TimedStats);
      // call(): any error reply sent while the command ran fails it, even one sent to another
      // client (CLIENT UNBLOCK … ERROR). A command that blocked is counted now, once.
      const failed = (reply !== BLOCKED && reply.t === "error") || (this.stats === statsBefore && statsBefore.totalErrorReplies !== this.errMark);
      if (failed) stats.failedCalls++;
      if (reply !== BLOCKED && reply.t === "error" && !this.errorsCountedAlready.has(reply)) this.countError(reply);
      this.errMark = this.stats.totalErrorReplies;
      feedMonitors(c, cmd, argv);
      return reply;
    } finally {
      this.callDepth--;
      if (outer) {
        // handleClientsBlockedOnKeys: once the client's command is over (a whole MULTI/EXEC
        // or script too, as their commands run nested), serve the clients waiting on the
        // keys it made ready, at the same instant.
        if (this.blocking.hasReadyKeys) {
          const waiters = this.latency.waitingBlocked();
          this.blocking.handleReadyKeys();
          // updateStatsOnUnblock: a served blocked command reaches the slow log only now.
          if (waiters) this.latency.servedBlocked(waiters);
        }
        this.cmdTime = null;
      }
    }
  }

  /**
   * Redis' authRequired: the default user has a password (requirepass) and this client has
   * not authenticated. Read live, so clearing requirepass lets everyone in at once.
   */
  authRequired(c: Client): boolean {
    return !c.authenticated && this.config.get("requirepass") !== "";
  }

  /**
   * Redis' lookupCommand: the command argv names, its subcommand when it has any and argv
   * names one (undefined when that subcommand does not exist). No arity check.
   */
  lookup(argv: readonly string[]): Command | undefined {
    const base = this.commands.get(argv[0].toLowerCase());
    if (!base?.subcommands || argv.length < 2) return base;
    return base.subcommands.get(argv[1].toLowerCase());
  }

  /** Finds the command (and subcommand) for argv, or the error Redis gives before running. */
  resolve(argv: readonly string[]): { t: "ok"; cmd: Command } | { t: "error"; v: string } {
    const base = this.commands.get(argv[0].toLowerCase());
    if (!base) return unknownCommand(argv[0], argv.slice(1)) as { t: "error"; v: string };
    let cmd = base;
    if (base.subcommands && argv.length >= 2) {
      const sub = base.subcommands.get(argv[1].toLowerCase());
      if (!sub) return unknownSubcommand(argv[1], argv[0]) as { t: "error"; v: string };
      cmd = sub;
    }
    const arity = cmd.meta.arity;
    if ((arity > 0 && argv.length !== arity) || argv.length < -arity || !cmd.handler) {
      return wrongArity(cmd.fullname) as { t: "error"; v: string };
    }
    return { t: "ok", cmd };
  }

  /**
   * CONFIG RESETSTAT: every statistic INFO reports starts again from zero (command and error
   * counts included), except the count of changes since the last save.
   */
  resetStats(): void {
    const dirty = this.stats.dirty;
    this.stats = newStats();
    this.stats.dirty = dirty;
  }

  private commandStats(cmd: Command): CommandStats {
    let s = this.stats.commands.get(cmd.fullname);
    if (!s) {
      s = { calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0 };
      this.stats.commands.set(cmd.fullname, s);
    }
    return s;
  }

  /** Counts an error reply sent outside a command's own return (a blocked client's, served later). */
  countErrorReply(reply: { t: "error"; v: string }): void {
    this.countError(reply);
  }

  /** A command refused before it ran, outside processCommand (a script's redis.call). */
  countRejectedCall(cmd: Command): void {
    this.commandStats(cmd).rejectedCalls++;
    this.stats.rejectedCalls++;
  }

  /** A blocked command that ended in an error, or by CLIENT UNBLOCK, failed (updateStatsOnUnblock). */
  countFailedCall(fullname: string): void {
    let s = this.stats.commands.get(fullname);
    if (!s) this.stats.commands.set(fullname, (s = { calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0 }));
    s.failedCalls++;
  }

  /**
   * Redis' signalKeyAsReady: `key` was just created (dbAdd) holding `type`. Clients blocked on
   * it are served after the current command. Db.add and Db.setKey call this for new keys.
   */
  signalKeyAsReady(db: Db, key: string, type: RedisType): void {
    this.blocking.signalKeyAsReady(db, key, type);
    // dbAdd also announces the new key (class "n", off unless asked for explicitly).
    notifyKeyspaceEvent(this, "n", "new", key, db.id);
  }

  /** processCommand's refusals: counted as a rejected call of the command, then the error. */
  private refuse(c: Client, cmd: Command, error: Reply): Reply {
    this.countRejectedCall(cmd);
    return this.countError(rejectCommand(c, cmd, error as { t: "error"; v: string }));
  }

  private countError(reply: { t: "error"; v: string }): Reply {
    this.stats.totalErrorReplies++;
    const space = reply.v.indexOf(" ");
    const code = space === -1 ? reply.v : reply.v.slice(0, space);
    this.stats.errors.set(code, (this.stats.errors.get(code) ?? 0) + 1);
    return reply;
  }

  // ---- The write funnel and key events -----------------------------------------------------

  /**
   * Every change to a key lands here (through Db.written or expiry): bumps the version the
   * UI watches, counts dirty, emits the key-change event. WATCH invalidation and keyspace
   * notifications hook in here as well.
   */
  keyWritten(db: Db, key: string, cls: NotifyClass, event: string, dirty: number): void {
    this.stats.dirty += dirty;
    this.version++;
    this.memory.keyChanged(db, key);
    this.watches.touch(db, key);
    notifyKeyspaceEvent(this, cls, event, key, db.id);
    if (this.keyListeners.size) {
      const change: KeyChange = { db: db.id, key, event };
      for (const l of this.keyListeners) l(change);
    }
  }

  /** A read lookup found no key: the "keymiss" event (class "m", off unless asked for). */
  keyMissed(db: Db, key: string): void {
    notifyKeyspaceEvent(this, "m", "keymiss", key, db.id);
  }

  /**
   * A whole database changed at once (FLUSHDB, FLUSHALL, SWAPDB, keys loaded by DEBUG
   * RELOAD). Redis emits no keyspace event per key for these; views get one KeyChange with
   * an empty key. (WATCH will touch every watched key of the database here.)
   */
  dbChanged(db: Db, event: "flushdb" | "swapdb" | "reload"): void {
    this.version++;
    if (event === "flushdb") {
      this.memory.dbCleared(db);
      this.evictor.clear();
    }
    // SWAPDB brings in other keys: waiters on them are served (scanDatabaseForReadyKeys).
    if (event === "swapdb") this.blocking.scanDatabaseForReadyKeys(db);
    if (this.keyListeners.size) {
      const change: KeyChange = { db: db.id, key: "", event };
      for (const l of this.keyListeners) l(change);
    }
  }

  /** Subscribes to key changes; returns the unsubscribe function. */
  onKeyChange(listener: (change: KeyChange) => void): () => void {
    this.keyListeners.add(listener);
    return () => this.keyListeners.delete(listener);
  }

  /** Gives a stored object its LRU/LFU header, as createObject does. */
  initObjectHeader(o: RedisObject): void {
    if (this.usesLfu()) {
      o.lfuCounter = LFU_INIT_VAL;
      o.lfuMinutes = Math.floor(this.commandTime() / 60000) & 0xffff;
    } else {
      o.lru = this.lruClock();
    }
  }

  /** Records an access to an object (Redis' updateLFU or LRU clock stamp). */
  touchObject(o: RedisObject): void {
    if (this.usesLfu()) {
      o.lfuCounter = this.lfuLogIncr(this.lfuDecrAndReturn(o));
      o.lfuMinutes = Math.floor(this.commandTime() / 60000) & 0xffff;
    } else {
      o.lru = this.lruClock();
    }
  }

  usesLfu(): boolean {
    return this.config.get("maxmemory-policy").endsWith("-lfu");
  }

  /** The LRU clock, in seconds (Redis' LRU_CLOCK_RESOLUTION is 1000 ms). */
  lruClock(): number {
    return Math.floor(this.commandTime() / 1000);
  }

  /** Seconds since the object was last touched (OBJECT IDLETIME). */
  idleSeconds(o: RedisObject): number {
    return Math.max(0, this.lruClock() - o.lru);
  }

  /** Redis' LFUDecrAndReturn: the counter after lfu-decay-time periods of idleness. */
  lfuDecrAndReturn(o: RedisObject): number {
    const nowMin = Math.floor(this.commandTime() / 60000) & 0xffff;
    const elapsed = nowMin >= o.lfuMinutes ? nowMin - o.lfuMinutes : 65535 - o.lfuMinutes + nowMin;
    const decay = this.config.num("lfu-decay-time");
    const periods = decay ? Math.floor(elapsed / decay) : 0;
    return periods ? (periods > o.lfuCounter ? 0 : o.lfuCounter - periods) : o.lfuCounter;
  }

  /** Redis' LFULogIncr: the counter grows with probability 1 / ((counter - 5) * factor + 1). */
  private lfuLogIncr(counter: number): number {
    if (counter === 255) return 255;
    const r = this.rng.next();
    const base = Math.max(0, counter - LFU_INIT_VAL);
    const p = 1.0 / (base * this.config.num("lfu-log-factor") + 1);
    return r < p ? counter + 1 : counter;
  }

  // ---- Time: cron, active expiry, advancing the clock --------------------------------------

  /** The effective hz: dynamic-hz doubles it while there are many clients, as Redis does. */
  effectiveHz(): number {
    let hz = Math.max(1, this.config.num("hz"));
    if (this.config.num("dynamic-hz")) {
      while (this.clients.size / hz > CLIENTS_PER_TICK && hz < MAX_HZ) hz *= 2;
    }
    return Math.min(hz, MAX_HZ);
  }

  /**
   * Schedules the next cron run one period after `from`, when the run just finished was due.
   * A host calling tick() late thus gets the runs it missed, as a real server would have run
   * them while it waited (up to CRON_CATCH_UP_MS of them, so a sleeping tab wakes promptly).
   */
  private scheduleCron(from = this.clock.now()): void {
    const at = Math.max(from, this.clock.now() - CRON_CATCH_UP_MS) + 1000 / this.effectiveHz();
    this.cronTimer = this.timers.add(at, () => this.cron());
  }

  /** Re-arms the cron after hz changes (CONFIG SET hz). */
  rescheduleCron(): void {
    if (this.cronTimer) this.cronTimer.cancelled = true;
    this.scheduleCron();
  }

  /** serverCron: runs at hz. */
  private cron(): void {
    const due = this.cronTimer?.at;
    // While clients are paused the data set stands still: no key expires (engine/pause.ts).
    if (this.activeExpireEnabled && !this.pause.active) {
      const startUs = this.clock.elapsedUs();
      this.activeExpireCycle();
      // beforeSleep right after: a short fast cycle when the slow one ran out of time.
      if (this.activeExpire.wantsFastCycle) this.activeExpire.cycle(true);
      const threshold = this.config.num("latency-monitor-threshold");
      if (threshold) this.latency.addEvent("expire-cycle", this.clock.elapsedUs() - startUs, threshold, this.clock.now());
    }
    this.scheduleCron(due);
  }

  /** Redis 7.0's slow active expiry cycle; the model lives in active-expire.ts. */
  activeExpireCycle(): void {
    this.activeExpire.cycle(false);
  }

  /**
   * True when the cron has periodic work besides active expiry (later: LFU decay, client
   * timeouts), which advance() must not skip. Expiry decides its own idle ticks.
   */
  private cronHasOtherWork(): boolean {
    return false;
  }

  /**
   * Moves the clock forward by `ms`, running every timer due on the way in time order, as if
   * that much time had really passed. Returns how far the clock moved.
   */
  advance(ms: number): number {
    const step = Math.min(Math.max(0, ms), MAX_ADVANCE_MS);
    const target = this.clock.now() + step;
    // Built at the first long stretch: from here to the target only timers run, and they only
    // remove keys, so the expiries set now tell which cron ticks will find nothing to do.
    let horizon: ExpiryHorizon | null = null;
    const samplesAtStart = this.activeExpire.samples;
    for (;;) {
      const t = this.timers.peek();
      if (!t || t.at > target) break;
      if (t === this.cronTimer && !this.cronHasOtherWork()) {
        // Idle ticks are applied in one step, with the same effect on the expiry sweep as
        // running them, so a fast-forward gives exactly what waiting gives.
        const period = 1000 / this.effectiveHz();
        const ticksLeft = Math.floor((target - t.at) / period);
        if (ticksLeft >= SKIP_MIN_TICKS && !this.activeExpireEnabled) {
          // With active expiry off (DEBUG SET-ACTIVE-EXPIRE 0) every tick is idle.
          this.timers.pop();
          this.cronTimer = this.timers.add(t.at + ticksLeft * period, t.fn);
          continue;
        }
        // So is every tick while clients are paused, up to the pause's own timer.
        const pausedTicks = this.pause.active ? Math.floor((Math.min(target, this.pause.deadline) - t.at) / period) : 0;
        if (pausedTicks >= SKIP_MIN_TICKS) {
          this.timers.pop();
          this.cronTimer = this.timers.add(t.at + pausedTicks * period, t.fn);
          continue;
        }
        if (ticksLeft >= SKIP_MIN_TICKS) {
          horizon ??= new ExpiryHorizon(this.dbs);
          const exact = this.activeExpire.samples - samplesAtStart <= ADVANCE_SAMPLE_CAP;
          if (!exact) {
            if (t.at > this.clock.now()) this.clock.setNow(t.at);
            horizon.reapDue(Math.floor(t.at));
          }
          const idle = this.activeExpire.idleTicks(t.at, period, ticksLeft, horizon, exact);
          if (idle > 0) {
            this.activeExpire.skipIdleTicks(idle, exact);
            this.timers.pop();
            this.cronTimer = this.timers.add(t.at + idle * period, t.fn);
            continue;
          }
        }
      }
      this.timers.pop();
      if (t.cancelled) continue;
      if (t.at > this.clock.now()) this.clock.setNow(t.at);
      t.fn();
    }
    this.clock.setNow(target);
    return step;
  }

  /**
   * The instance is busy for `ms` (DEBUG SLEEP): its clock jumps ahead and nothing runs in
   * between, as a blocked redis-server runs no cron; overdue timers run at the next tick.
   */
  blockFor(ms: number): void {
    const held = Math.min(Math.max(0, ms), MAX_ADVANCE_MS);
    // A paused clock moves on; a running one jumps and waits for the wall (Clock.hold).
    this.clock.hold(held);
    this.heldUs += Math.round(held * 1000);
    this.pendingHoldMs += held;
  }

  /**
   * The wall time the instance asked to be held for since the last call (DEBUG SLEEP), which
   * a host honours by making every client wait that long (engine/host/busy.ts).
   */
  takeHold(): number {
    const ms = this.pendingHoldMs;
    this.pendingHoldMs = 0;
    return ms;
  }

  /** enable-debug-command: "yes" for everyone, "local" for loopback connections only. */
  private debugAllowed(c: Client): boolean {
    const mode = this.config.get("enable-debug-command");
    if (mode === "yes") return true;
    return mode === "local" && (c.addr.startsWith("127.") || c.addr.startsWith("[::1]") || c.addr.startsWith("::1"));
  }

  // -- A script in its own worker calls back into the instance in later turns --
  /**
   * Runs `fn` (a redis.call of a script running in its worker) as if nested in the command
   * that started the script at instance time `time`: the script's time stands still, and the
   * checks only a client's own command gets are skipped, as for a script run in one go.
   */
  runNested<T>(time: number, fn: () => T): T {
    const outer = this.callDepth === 0;
    if (outer) this.cmdTime = time;
    this.callDepth++;
    try {
      return fn();
    } finally {
      this.callDepth--;
      if (outer) this.cmdTime = null;
    }
  }

  /**
   * A deferred script's command (EVAL, FCALL) ended after `us` µs of wall time: that is its
   * call() duration, for INFO commandstats, SLOWLOG and LATENCY (it answered BLOCKED at first).
   */
  deferredCommandDone(c: Client, argv: readonly string[], us: number): void {
    const cmd = this.lookup(argv);
    if (!cmd || c.closed) return;
    const stats = this.commandStats(cmd);
    stats.usec += us;
    this.latency.afterCall(c, cmd, argv, us, stats as TimedStats);
  }

  /** A deferred script ended: serve the clients its writes made ready, as after any command. */
  afterDeferredCommand(): void {
    if (this.callDepth !== 0 || !this.blocking.hasReadyKeys) return;
    const waiters = this.latency.waitingBlocked();
    this.blocking.handleReadyKeys();
    if (waiters) this.latency.servedBlocked(waiters);
  }

  /** Runs the timers that are due at the clock's current time (hosts call this on a timer). */
  tick(): void {
    const now = this.clock.now();
    for (;;) {
      const t = this.timers.peek();
      if (!t || t.at > now) break;
      this.timers.pop();
      if (!t.cancelled) t.fn();
    }
  }

  /** Schedules work at an instant of instance time (blocked clients' timeouts, later). */
  schedule(at: number, fn: () => void): Timer {
    return this.timers.add(at, fn);
  }

  /** The next instant a timer is due, for hosts that sleep until then. */
  nextTimerAt(): number | undefined {
    return this.timers.peek()?.at;
  }
}

export function createServer(options: ServerOptions = {}): Server {
  return new Server(options);
}
