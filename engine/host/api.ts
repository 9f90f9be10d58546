/**
 * EngineApi: the one async boundary between the page and the engine.
 *
 * The REPL, the key inspector, exercise checks and runnable examples all talk to the engine
 * through this interface and nothing else, the way a program talks to Redis over a socket:
 * open a connection, send argv, receive replies and out-of-band pushes. The engine itself
 * lives in a Web Worker (remote.ts) so no command can freeze the page; local.ts runs the same
 * host in-thread for tests and as a fallback. Every value that crosses this boundary is plain
 * data that survives structured clone (postMessage), never an engine object.
 */
import type { KeyDetail, KeyView, StatsView } from "../inspect";
import type { Profile } from "../config";
import type { Reply } from "../reply";
import type { LogLine } from "../server";

export type { KeyDetail, KeyView, StatsView } from "../inspect";
export type { LogLine } from "../server";

/** inspectKeys' default cap: enough for any lesson, small enough to send on every change. */
export const DEFAULT_INSPECT_LIMIT = 1000;

/** One connection to the instance: a REPL tab, an exercise check, an example runner. */
export interface ClientHandle {
  /** The engine's client id (CLIENT ID), used for every later call. */
  id: number;
  /** What the UI calls it ("main", "tab 2"); not the CLIENT SETNAME name. */
  label: string;
}

export interface ExecResult {
  reply: Reply;
  /** The client's protocol after the command; the reply was encoded in it (HELLO 3 included). */
  resp: 2 | 3;
  /** The client's selected database after the command (SELECT, RESET). */
  db: number;
  /** The connection was closed by the command (QUIT) or killed while it ran. */
  closed: boolean;
  /** Milliseconds spent inside the engine for this command. */
  ms: number;
  /**
   * Milliseconds the command waited before it ran because the instance was held (another
   * client's DEBUG SLEEP); absent when it ran at once.
   */
  waitedMs?: number;
  /** The instance's keyspace version after the command (bumped on every key change). */
  version: number;
  /**
   * True when CLIENT REPLY OFF or SKIP swallowed this reply: a real client would receive
   * nothing, so the REPL shows nothing (`reply` still holds what the command answered).
   */
  suppressed?: boolean;
}

export interface KeyChange {
  db: number;
  key: string;
  /** The keyspace event name Redis uses ("set", "del", "expired", …). */
  event: string;
}

/**
 * The key changes of one command (or of one timer run, clock advance or reset), delivered
 * before the command's own result.
 */
export interface KeyChangeBatch {
  version: number;
  cause: "command" | "timer" | "clock" | "reset";
  /** The client whose command caused the changes (cause "command"). */
  clientId?: number;
  changes: KeyChange[];
  /** Changes left out of `changes` because a batch is capped (FLUSHALL on a big keyspace). */
  dropped: number;
}

export interface ClockState {
  /** Instance time, ms since the epoch. */
  now: number;
  paused: boolean;
}

export interface EngineInfo {
  profile: Profile;
  databases: number;
  version: number;
  clock: ClockState;
}

export interface ResetOptions {
  profile?: Profile;
  /** Configuration overrides, as redis-server's `--name value` arguments. */
  config?: Record<string, string>;
  /** Start with a paused clock (lessons that move time by hand). */
  paused?: boolean;
}

export type Unsubscribe = () => void;

export interface EngineApi {
  /** Resolves once the engine answers: its profile, database count, version and clock. */
  info(): Promise<EngineInfo>;

  /** Opens a connection (a new engine client). */
  open(label?: string): Promise<ClientHandle>;
  /** Closes a connection; closing one already closed does nothing. */
  close(clientId: number): Promise<void>;
  /** Runs one command; argv items are byte strings (one char per byte). Rejects if the client is closed. */
  exec(clientId: number, argv: string[]): Promise<ExecResult>;

  /** Out-of-band messages (Pub/Sub, invalidation) for one client. */
  onPush(clientId: number, listener: (reply: Reply) => void): Unsubscribe;
  /** A connection closed by the engine (CLIENT KILL, reset), not by a command's own reply. */
  onClientClosed(listener: (clientId: number) => void): Unsubscribe;
  /** Key changes, batched per command. */
  onKeyChange(listener: (batch: KeyChangeBatch) => void): Unsubscribe;

  /** The instance clock. */
  now(): Promise<ClockState>;
  /** Moves the clock forward, running every timer due on the way (expiry, timeouts). */
  advance(ms: number): Promise<ClockState>;
  pause(): Promise<ClockState>;
  resume(): Promise<ClockState>;

  /** Side-effect free reads: no LRU/LFU touch, no stats, no expiry, no events. */
  inspectKeys(db: number, limit?: number): Promise<KeyView[]>;
  inspectKey(db: number, key: string): Promise<KeyDetail | null>;
  inspectStats(): Promise<StatsView>;
  /**
   * The instance's recent log lines, oldest first (server events, redis.log from scripts).
   * Optional so wrappers of the API (lesson recorders) need not forward it; the log pane hides
   * itself where it is missing.
   */
  readLog?(): Promise<LogLine[]>;

  /** Replaces the instance with a fresh one; every open connection is closed. */
  reset(options?: ResetOptions): Promise<EngineInfo>;

  /** Stops the engine (terminates the worker); pending calls reject. */
  dispose(): void;
}
