/**
 * A script running in its own worker (an AsyncLuaVm) while the instance stays responsive:
 * Redis 7.0's busy-script behaviour (script.c's scriptInterrupt, scriptKill; server.c's
 * processCommand busy check).
 *
 * - EVAL/FCALL from a client's own command starts the script and answers BLOCKED: the caller's
 *   reply comes when the script ends, like a blocked command's.
 * - The host (engine/host, engine/node) holds every other client's input while the script
 *   runs, as Redis does not read sockets then, until `busy-reply-threshold` ms pass. From then
 *   on it lets input through and the instance answers `BUSY ...` to every command not flagged
 *   allow_busy (Server.scriptBusy); SCRIPT KILL / FUNCTION KILL end a script that has not
 *   written, terminating the Lua worker; UNKILLABLE otherwise.
 * - The script's own calls run nested in the EVAL (Server.runNested): its time stands still.
 */
import type { Client } from "../client";
import type { Command } from "../commands/table";
import { BLOCKED } from "../blocking";
import { E } from "../errors";
import { OK, type Reply } from "../reply";
import type { Server } from "../server";
import { scriptState, type ScriptState } from "./scripts";
import type { AsyncLuaVm, ScriptOutcome, ScriptRun } from "./vm";

/** What a host does while a script runs in its worker. */
export interface ScriptHost {
  /** A script started: hold other clients' input until it ends or `thresholdMs` pass (then call timedOut). */
  scriptStarted(server: Server, thresholdMs: number): void;
  /** The script ended (its reply is delivered): let input flow again. */
  scriptEnded(server: Server): void;
  /** The Lua worker is being replaced (after a kill): hold input until `ready` settles. */
  luaRestarting(server: Server, ready: Promise<unknown>): void;
}

/** A script running in its worker (ScriptState.running while it runs). */
export interface DeferredRun {
  sha: string;
  wrote: boolean;
  kind: "eval" | "function";
  /** The caller's argv (FUNCTION STATS' command). */
  argv: readonly string[];
  /** Monotonic ms at start, from the host (FUNCTION STATS' duration_ms). */
  startedAt: number;
  timedOut: boolean;
  vm: AsyncLuaVm;
}

const hosts = new WeakMap<Server, { host: ScriptHost; now: () => number }>();

/**
 * A host that can hold input while a script runs attaches here; without one, scripts run in
 * one go (the VM's run(), bounded by busy-reply-threshold).
 */
export function attachScriptHost(server: Server, host: ScriptHost, now: () => number): void {
  hosts.set(server, { host, now });
}

/** Whether `c`'s script may run deferred: a client's own command, with a host that can hold the others. */
export function canDefer(c: Client, st: ScriptState): boolean {
  return hosts.has(c.server) && !c.denyBlocking && c !== st.lua && !c.multi?.executing && !st.running;
}

/** Starts `script` in the worker; the caller gets `finish(outcome)` later. Returns BLOCKED. */
export function startDeferred(
  c: Client,
  vm: AsyncLuaVm,
  script: ScriptRun,
  kind: DeferredRun["kind"],
  argv: readonly string[],
  bridge: Parameters<AsyncLuaVm["start"]>[1],
  finish: (out: ScriptOutcome) => Reply,
): Reply {
  const server = c.server;
  const st = scriptState(server);
  const { host, now } = hosts.get(server)!;
  const run: DeferredRun = { sha: script.sha, wrote: false, kind, argv: argv.slice(), startedAt: now(), timedOut: false, vm };
  st.running = run;
  server.scriptBusy = (client, cmd) => busyReply(run, client, cmd);
  host.scriptStarted(server, server.config.num("busy-reply-threshold"));
  void vm.start(script, bridge).then((out) => {
    if (out.t === "error" && out.kind === "killed") server.log("warning", "Lua script killed by user with SCRIPT KILL.");
    const reply = finish(out);
    if (st.running === run) st.running = null;
    server.scriptBusy = null;
    if (!c.closed) c.deliverDeferred(reply);
    server.deferredCommandDone(c, run.argv, Math.max(0, Math.round((now() - run.startedAt) * 1000)));
    server.afterDeferredCommand();
    host.scriptEnded(server);
    if (out.t === "error" && (out.kind === "killed" || out.kind === "crash")) host.luaRestarting(server, vm.whenReady());
  });
  return BLOCKED as unknown as Reply;
}

/** The VM replaced its worker outside a deferred run: the host holds input until it is up. */
export function luaRestarting(server: Server, vm: AsyncLuaVm): void {
  hosts.get(server)?.host.luaRestarting(server, vm.whenReady());
}

/** The host's busy-reply-threshold passed with the script still running (scriptInterrupt). */
export function scriptTimedOut(server: Server, elapsedMs: number): void {
  const run = deferredRun(server);
  if (!run || run.timedOut) return;
  run.timedOut = true;
  server.log(
    "warning",
    `Slow script detected: still in execution after ${Math.round(elapsedMs)} milliseconds. You can try killing the script using the ${run.kind === "eval" ? "SCRIPT KILL" : "FUNCTION KILL"} command. Script name is: ${run.sha}.`,
  );
}

export function deferredRun(server: Server): DeferredRun | null {
  const r = scriptState(server).running;
  return r && "vm" in r ? (r as DeferredRun) : null;
}

/** processCommand's check while a script runs: BUSY unless the command may run meanwhile. */
function busyReply(run: DeferredRun, c: Client, cmd: Command): Reply | null {
  if (cmd.meta.flags.includes("allow_busy")) return null;
  void c;
  return run.kind === "eval" ? E.BUSY_SCRIPT : E.BUSY_FUNCTION;
}

/** SCRIPT KILL (isEval) / FUNCTION KILL (scriptKill). */
export function killScript(server: Server, isEval: boolean): Reply {
  const run = deferredRun(server);
  if (!run) return E.NOTBUSY;
  if (run.wrote) return E.UNKILLABLE;
  if (isEval && run.kind === "function") return E.BUSY_FUNCTION;
  if (!isEval && run.kind === "eval") return E.BUSY_SCRIPT;
  run.vm.kill();
  return OK;
}

/** FUNCTION STATS' running_script while a function runs, or the error while an EVAL does. */
export function runningScriptInfo(server: Server): { name: string; argv: readonly string[]; ms: number } | Reply | null {
  const run = deferredRun(server);
  if (!run) return null;
  if (run.kind === "eval") return E.BUSY_SCRIPT;
  const { now } = hosts.get(server)!;
  return { name: run.sha, argv: run.argv, ms: Math.floor(now() - run.startedAt) };
}

/**
 * The line a killed script stood at: the worker is gone, so it is guessed as the first line
 * holding a loop (a runaway script spins in one), else the last line.
 */
export function killedLine(code: string): number {
  const lines = code.split("\n");
  const i = lines.findIndex((l) => /\b(while|repeat|for)\b/.test(l));
  return i >= 0 ? i + 1 : lines.length;
}
