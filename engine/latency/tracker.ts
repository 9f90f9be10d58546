/**
 * What Redis' call() does with a command's duration once it has run: per-command latency
 * histograms (INFO latencystats, LATENCY HISTOGRAM), the latency monitor's "command" /
 * "fast-command" spikes, and the slow log. Server.execute measures the duration with the
 * instance clock's monotonic source and hands it here; the commandstats usec sum stays in the
 * server's stats.
 *
 * Redis' rules kept here: EXEC (flag skip_slowlog) is never logged, the commands it runs are;
 * passwords of AUTH / HELLO AUTH are logged as "(redacted)"; the entry shows the client's
 * name as it is after the command (CLIENT SETNAME's own entry carries the new name).
 */
import type { Client } from "../client";
import type { Command, CommandStats } from "../commands/table";
import { redactedArgv } from "../monitor";
import { LatencyHistogram } from "./histogram";
import { LatencyMonitor } from "./monitor";
import { SlowLog, slowlogArgv } from "./slowlog";

/** Per-command statistics, with the histogram created at the first recorded call. */
export type TimedStats = CommandStats & { histogram?: LatencyHistogram; traits?: Traits };

/** What call() needs to know about a command's flags, worked out once per command. */
interface Traits {
  event: "fast-command" | "command";
  logged: boolean;
}
function traits(cmd: Command): Traits {
  const flags = cmd.meta.flags;
  return { event: flags.includes("fast") ? "fast-command" : "command", logged: !flags.includes("skip_slowlog") };
}

/** A command that blocked, waiting to be logged when it is served. */
interface BlockedCall {
  cmd: Command;
  argv: readonly string[];
  us: number;
  stats: TimedStats;
}

export class LatencyTracker {
  readonly slowlog = new SlowLog();
  readonly monitor = new LatencyMonitor();
  /** Blocked commands by client; an entry whose client is no longer blocked is stale. */
  private readonly blockedCalls = new Map<Client, BlockedCall>();

  /**
   * A command blocked (BLPOP on an empty list). Redis logs it, and records its histogram, once
   * a push serves it; one that times out or is unblocked otherwise is never logged.
   */
  blocked(c: Client, cmd: Command, argv: readonly string[], us: number, stats: TimedStats): void {
    for (const other of this.blockedCalls.keys()) if (!other.blocked) this.blockedCalls.delete(other);
    this.blockedCalls.set(c, { cmd, argv, us, stats });
  }

  /** The clients still blocked right before waiters are served, or null when there are none. */
  waitingBlocked(): Client[] | null {
    if (!this.blockedCalls.size) return null;
    const out: Client[] = [];
    for (const c of this.blockedCalls.keys()) {
      if (c.blocked && !c.closed) out.push(c);
      else this.blockedCalls.delete(c);
    }
    return out.length ? out : null;
  }

  /** Logs the commands of `waiters` that were served (no longer blocked), in the order they blocked. */
  servedBlocked(waiters: readonly Client[]): void {
    for (const c of waiters) {
      if (c.blocked) continue;
      const call = this.blockedCalls.get(c);
      this.blockedCalls.delete(c);
      if (call && !c.closed) this.afterCall(c, call.cmd, call.argv, call.us, call.stats);
    }
  }

  /** Called after a command ran for `us` microseconds (not for one that blocked). Hot: every command. */
  afterCall(c: Client, cmd: Command, argv: readonly string[], us: number, stats: TimedStats): void {
    const config = c.server.config;
    const t = (stats.traits ??= traits(cmd));
    const threshold = config.num("latency-monitor-threshold");
    if (threshold && us >= threshold * 1000) {
      this.monitor.addIfNeeded(threshold, t.event, Math.floor(us / 1000), Math.floor(c.server.now() / 1000));
    }
    // slowlogPushEntryIfNeeded: log when slow enough (-1: never), trim either way.
    const slowerThan = config.num("slowlog-log-slower-than");
    if (t.logged && slowerThan >= 0) {
      const maxLen = config.num("slowlog-max-len");
      if (us >= slowerThan) {
        const time = Math.floor(c.server.now() / 1000);
        this.slowlog.push({ time, durationUs: us, argv: slowlogArgv(redactedArgv(argv)), addr: c.addr, name: c.name }, maxLen);
      } else this.slowlog.trim(maxLen);
    }
    if (config.num("latency-tracking")) (stats.histogram ??= new LatencyHistogram()).record(us * 1000);
  }

  /** A background job's duration (the expiry cycle): only the latency monitor sees it. */
  addEvent(event: string, us: number, threshold: number, nowMs: number): void {
    this.monitor.addIfNeeded(threshold, event, Math.floor(us / 1000), Math.floor(nowMs / 1000));
  }
}
