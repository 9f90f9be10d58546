/**
 * CLIENT PAUSE / CLIENT UNPAUSE (Redis 7.0's pauseClients, blockPostponeClient and
 * unpauseClients): while the instance is paused, commands are held, unanswered, until the
 * pause ends.
 *
 * How it fits together, as in Redis 7.0:
 * - `Server.execute` asks `mustHold` once a command has passed every check that can reject it
 *   (unknown command, arity, NOAUTH, subscribed mode …: those errors are answered at once even
 *   while paused), and before MULTI queues it. A pause of type ALL holds every such command,
 *   CLIENT UNPAUSE included (but not a MONITOR's: Redis treats a monitor as a replica);
 *   WRITE holds write commands, the "may replicate" ones (EVAL, EVALSHA, FCALL, PFCOUNT,
 *   PUBLISH, SPUBLISH) and an EXEC whose queue holds any of them; a script with declared
 *   flags counts as a write unless it is `no-writes` (scripting/command-flags.ts). Only a client's own
 *   commands are checked, never EXEC's queue or a script's calls.
 * - Keys are not evicted while paused either: that check belongs in engine/evict.ts.
 * - A held client is blocked (flag `b` in CLIENT LIST, counted in INFO's blocked_clients) and
 *   `Server.execute` answers BLOCKED, so its host sends nothing more on that connection: what
 *   the peer pipelines behind the held command waits, in order.
 * - When the pause ends (CLIENT UNPAUSE, or its deadline passing on the instance clock), every
 *   held client runs its command again from the top, in the order they were held: the
 *   re-run may itself be held again (another pause began meanwhile) or block on keys. Redis
 *   does this in beforeSleep, after the current command and the rest of its caller's
 *   pipeline, so the re-runs are a timer due at once: the host runs it at its next turn.
 * - A later CLIENT PAUSE only extends the deadline and only strengthens the type (WRITE then
 *   ALL gives ALL until the later deadline), as Redis merges pauses of one purpose.
 * - While any pause lasts, keys do not expire, so the data set stays as it was: lazy expiry
 *   reports an expired key as missing without deleting it, and the active expiry cycle does
 *   not run (Db.deleteExpired, Server.cron, Server.advance).
 *
 * The pause deadline is strict (`now > end`), on whole milliseconds, like every Redis timer.
 */
import type { Client } from "./client";
import type { Command } from "./commands/table";
import { isMonitor } from "./monitor";
import { scriptDeclaresWrite } from "./scripting/command-flags";
import type { Server } from "./server";
import type { Timer } from "./timers";

export type PauseType = "write" | "all";

/**
 * Commands flagged CMD_MAY_REPLICATE in 7.0 that are not writes: a WRITE pause holds them too.
 * (7.0's COMMAND INFO does not list the flag, so the table's metadata cannot tell; this list
 * was checked against redis-server 7.0.15, command by command.)
 */
const MAY_REPLICATE = new Set(["eval", "evalsha", "fcall", "pfcount", "publish", "spublish"]);

export class PauseManager {
  private type: PauseType | null = null;
  /** The deadline, in ms of instance time; the pause lasts while now <= end. */
  private end = 0;
  private timer: Timer | null = null;
  /** Held clients and the command each is held on, in the order they were held. */
  private readonly held = new Map<Client, string[]>();
  private releaseTimer: Timer | null = null;
  private releasing = false;

  constructor(private readonly server: Server) {}

  /** True while a pause of any type lasts: expiry and eviction stand still. */
  get active(): boolean {
    return this.type !== null;
  }

  /** The pause type in force, or null. */
  get current(): PauseType | null {
    return this.type;
  }

  /** The pause's deadline (ms of instance time); meaningful while `active`. */
  get deadline(): number {
    return this.end;
  }

  /** True while held clients are being run again (hosts may then run their next commands at once). */
  get isReleasing(): boolean {
    return this.releasing;
  }

  isHeld(c: Client): boolean {
    return this.held.has(c);
  }

  /** The held command's arguments (CLIENT LIST's argv-mem), or undefined. */
  heldArgv(c: Client): readonly string[] | undefined {
    return this.held.get(c);
  }

  /**
   * CLIENT PAUSE: pauses until `end` (ms of instance time; a deadline already past ends the
   * pause at the next turn of the event loop), keeping a later deadline and a stronger type.
   */
  pause(end: number, type: PauseType): void {
    if (this.type === null) {
      this.type = type;
      this.end = end;
    } else {
      if (end > this.end) this.end = end;
      if (type === "all") this.type = "all";
    }
    if (this.timer) this.timer.cancelled = true;
    // Whole milliseconds strictly past the deadline, as Redis compares `end < mstime`.
    this.timer = this.server.schedule(Math.floor(this.end) + 1, () => {
      this.timer = null;
      this.unpause();
    });
  }

  /** CLIENT UNPAUSE, or the deadline passed: the held clients run again at the next turn. */
  unpause(): void {
    if (this.type === null) return;
    this.type = null;
    this.end = 0;
    if (this.timer) this.timer.cancelled = true;
    this.timer = null;
    if (this.held.size && !this.releaseTimer) {
      this.releaseTimer = this.server.schedule(this.server.now(), () => {
        this.releaseTimer = null;
        this.release();
      });
    }
  }

  /**
   * processCommand's pause check: whether `cmd` must wait for the pause to end. A
   * caller that cannot wait (Client.execute, denyBlocking) is never held.
   */
  mustHold(c: Client, cmd: Command, argv?: readonly string[]): boolean {
    if (this.type === null || c.denyBlocking) return false;
    // Redis flags a monitor as a replica, and replicas are never paused: a monitor may even
    // CLIENT UNPAUSE an ALL pause.
    if (isMonitor(c)) return false;
    if (this.type === "all") return true;
    if (mayReplicate(this.server, cmd, argv)) return true;
    // EXEC counts as a write when its queue holds one (Redis' mstate.cmd_flags).
    if (cmd.fullname === "exec" && c.multi) {
      for (const q of c.multi.queue) {
        const queued = this.server.lookup(q);
        if (queued && mayReplicate(this.server, queued, q)) return true;
      }
    }
    return false;
  }

  /** blockPostponeClient: the client waits, blocked, with its command, until the pause ends. */
  hold(c: Client, argv: string[]): void {
    this.held.set(c, argv);
    // Redis counts postponed clients in the same blocked_clients figure as BLPOP's.
    this.server.blocking.blockedClients++;
  }

  /** The client disconnected (or was killed) while held: its command never runs. */
  forget(c: Client): void {
    if (!this.held.delete(c)) return;
    this.server.blocking.blockedClients--;
  }

  /**
   * CLIENT UNBLOCK <id> ERROR on a held client, as 7.0.15 does it: the client is sent the
   * -UNBLOCKED error at once and its held command counts as failed, yet it stays held and its
   * command still runs (and replies) when the pause ends. (TIMEOUT crashes 7.0.15 outright;
   * we answer 0 for it instead, see commands/clients.ts.)
   */
  unblockWithError(c: Client, error: { t: "error"; v: string }): boolean {
    if (!this.held.has(c)) return false;
    this.server.countErrorReply(error);
    this.server.countFailedCall(c.lastCommand);
    c.push(error);
    return true;
  }

  /**
   * unpauseClients + processUnblockedClients: each held client, in order, runs its command
   * again through Server.execute and gets its reply (unless it is held again or blocks).
   */
  private release(): void {
    if (this.releasing) return;
    this.releasing = true;
    try {
      for (const [c, argv] of [...this.held]) {
        if (!this.held.has(c)) continue; // disconnected by an earlier client's command
        this.forget(c);
        if (c.closed) continue;
        const reply = this.server.execute(c, argv);
        if (reply.t !== "blocked") c.deliverDeferred(reply);
      }
    } finally {
      this.releasing = false;
    }
  }
}

/**
 * Whether the command counts as a write for a WRITE pause. A script that declares flags
 * (shebang, function flags) decides for EVAL*, FCALL* in place of the command's own flags
 * (getCommandFlags in processCommand): `no-writes` runs during the pause, anything else waits.
 */
function mayReplicate(server: Server, cmd: Command, argv: readonly string[] | undefined): boolean {
  if (argv) {
    const declared = scriptDeclaresWrite(server, cmd.fullname, argv);
    if (declared !== undefined) return declared;
  }
  return cmd.meta.flags.includes("write") || MAY_REPLICATE.has(cmd.fullname);
}
