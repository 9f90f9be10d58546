/**
 * A connection to an instance: a REPL tab, a TCP socket, an exercise check. Each keeps its own
 * selected database, protocol version, name, and (in later work) transaction queue, watched
 * keys, subscriptions and blocking state.
 */
import type { Blocked, BlockedState } from "./blocking";
import type { Db } from "./db";
import type { MultiState, WatchedKey } from "./multi";
import type { ClientSubscriptions } from "./pubsub";
import type { Reply } from "./reply";
import type { Server } from "./server";

export interface ClientOptions {
  /** Peer address as CLIENT LIST shows it, e.g. "127.0.0.1:51234". */
  addr?: string;
  /** Local address, e.g. "127.0.0.1:6379". */
  laddr?: string;
  /** Socket descriptor number shown by CLIENT LIST (a plausible stand-in in the browser). */
  fd?: number;
  name?: string;
  /** The client a script's redis.call runs on (Redis' CLIENT_SCRIPT). */
  script?: boolean;
}

export class Client {
  readonly id: number;
  readonly addr: string;
  /** Commands from a script run on this client (Redis' CLIENT_SCRIPT flag). */
  readonly script: boolean;
  readonly laddr: string;
  readonly fd: number;
  name = "";
  resp: 2 | 3 = 2;
  db: Db;
  user = "default";
  /**
   * Authenticated as `user`. A connection made while the default user needs no password is
   * authenticated from the start (Redis' createClient); otherwise AUTH or HELLO AUTH does it.
   */
  authenticated: boolean;
  /** CLIENT NO-EVICT: the client-eviction mechanism skips this client (flag "e"). */
  noEvict = false;
  readonly createdAt: number;
  lastInteraction: number;
  /** Full name of the last command run ("client|list"), for CLIENT LIST's `cmd`. */
  lastCommand = "NULL";
  /**
   * CLIENT REPLY (Redis' CLIENT_REPLY_OFF / _SKIP / _SKIP_NEXT): replies and pushes the host
   * must not send. `dropReply` drops only the current command's reply (MONITOR sent twice,
   * CLIENT REPLY OFF|SKIP, which answer nothing). Applied by RespSession.
   */
  replyOff = false;
  replySkip = false;
  replySkipNext = false;
  dropReply = false;
  /**
   * A monitor's line for its own command: Redis feeds monitors after the command replied,
   * so the host sends it after the reply (RespSession; execute() pushes it on return).
   */
  ownMonitorLine: Reply | null = null;
  /** Set by QUIT and protocol errors: the host closes the connection after the reply. */
  closeAfterReply = false;
  closed = false;
  /** Out-of-band messages (Pub/Sub, invalidation) are handed to the host through this. */
  onPush: ((r: Reply) => void) | null = null;
  /** Asked by the host to close the connection (CLIENT KILL, SHUTDOWN). */
  onKill: (() => void) | null = null;
  /**
   * Redis' CLIENT_DENY_BLOCKING: a blocking command replies as if it timed out instead of
   * waiting. Set while execute() runs (a caller that wants an answer now); MULTI/EXEC and
   * scripts will set it too.
   */
  denyBlocking = false;
  /** The open MULTI transaction (engine/multi.ts), or null. */
  multi: MultiState | null = null;
  /** WATCHed keys, and CLIENT_DIRTY_CAS: one of them changed, so EXEC will fail. */
  watched: WatchedKey[] = [];
  dirtyCas = false;
  /** Pub/Sub subscriptions (engine/pubsub.ts), created at the first SUBSCRIBE. */
  subscriptions: ClientSubscriptions | null = null;
  /** The wait of a blocked command (BLPOP …), or null; see engine/blocking.ts. */
  blocked: BlockedState | null = null;
  /**
   * Receives the reply of a command that blocked, once it is served, times out or is
   * unblocked. Called synchronously from inside the engine: a host must not run this
   * client's next commands from within the callback, but schedule them (as Redis processes
   * an unblocked client's query buffer in beforeSleep).
   */
  onDeferredReply: ((r: Reply) => void) | null = null;

  constructor(
    readonly server: Server,
    id: number,
    options: ClientOptions,
  ) {
    this.id = id;
    this.addr = options.addr ?? `127.0.0.1:${40000 + (id % 20000)}`;
    this.laddr = options.laddr ?? `127.0.0.1:${server.config.get("port")}`;
    this.fd = options.fd ?? 7 + id;
    this.script = options.script ?? false;
    if (options.name) this.name = options.name;
    this.db = server.dbs[0];
    this.authenticated = server.config.get("requirepass") === "";
    this.createdAt = server.now();
    this.lastInteraction = this.createdAt;
  }

  /**
   * Runs one command (argv as byte strings) and returns its reply, now: a blocking command
   * that finds nothing replies as if its timeout had passed (as inside MULTI). Hosts that can
   * wait use send().
   */
  execute(argv: string[]): Reply {
    const deny = this.denyBlocking;
    this.denyBlocking = true;
    try {
      return this.server.execute(this, argv) as Reply;
    } finally {
      this.denyBlocking = deny;
      this.flushOwnMonitorLine();
    }
  }

  /**
   * Runs one command as a connection does: its reply, or BLOCKED when it waits (BLPOP on an
   * empty list), in which case the reply comes later through onDeferredReply and the host
   * sends nothing more for this client until then.
   */
  send(argv: string[]): Reply | Blocked {
    return this.server.execute(this, argv);
  }

  /** Hands the reply of a command that was blocked to the host. */
  deliverDeferred(r: Reply): void {
    this.onDeferredReply?.(r);
  }

  /** Sends the monitor line of this client's own last command, if any (see ownMonitorLine). */
  flushOwnMonitorLine(): void {
    const line = this.ownMonitorLine;
    if (!line) return;
    this.ownMonitorLine = null;
    this.push(line);
  }

  /** Sends an out-of-band message to this client. */
  push(r: Reply): void {
    this.onPush?.(r);
  }

  close(): void {
    this.server.disconnect(this);
  }
}
