/**
 * EVAL and friends on one instance: the script cache, the Lua client that runs a script's
 * commands, and the checks Redis 7.0 makes before and during a run (eval.c, script.c).
 *
 * A script runs synchronously inside the EVAL that started it, so no other client's command
 * can run in the middle: that is Redis' atomicity. Its commands go through Server.execute
 * nested in the EVAL (as Redis' call()), so they count in INFO commandstats, feed MONITOR as
 * "[db lua]", bump WATCHed keys and fire keyspace events like any other command, and
 * blocking commands answer at once as if they had timed out (CLIENT_DENY_BLOCKING).
 *
 * Runaway scripts: a VM in its own worker runs a client's script deferred, while the instance
 * answers others BUSY (busy-script.ts). Otherwise (no such VM, or inside MULTI/EXEC) the script
 * runs in one go with a budget sized to busy-reply-threshold, and one that spends it ends with
 * an error instead of freezing the instance.
 */
import { Client } from "../client";
import {
  E,
  SCRIPT_CALL_ERRORS as CE,
  scriptCompileError,
  scriptError as scriptErrorAt,
  scriptOutOfTime,
  scriptVmFailed,
  scriptXreadBlock,
} from "../errors";
import { NULL, err, int, type Reply } from "../reply";
import type { Server } from "../server";
import { parseInt64 } from "../commands/args";
import { feedMonitorLine } from "../monitor";
import { parseShebang, type ScriptFlags } from "./shebang";
import { sha1hex } from "./sha1";
import { isAsyncVm, type LuaVm, type ScriptBridge, type ScriptFailure, type ScriptOutcome } from "./vm";
import { canDefer, killedLine, luaRestarting, startDeferred } from "./busy-script";

export interface CachedScript {
  body: string;
  /** The body the VM compiles (shebang line blanked). */
  code: string;
  flags: ScriptFlags;
}

/** A body's shebang flags, or undefined when it has a bad shebang. */
function shebangFlags(body: string): ScriptFlags | undefined {
  const p = parseShebang(body);
  return "error" in p ? undefined : p.flags;
}

/** The longest a script may run before the fuel stand-in stops it, whatever the config says. */
const MAX_SCRIPT_MS = 60_000;

export class ScriptState {
  /** SHA1 (lowercase hex) → script, as Redis' lua_scripts dict (EVAL and SCRIPT LOAD add). */
  readonly cache = new Map<string, CachedScript>();
  /** Redis' fake Lua client: a script's commands run as this client. */
  readonly lua: Client;
  /**
   * Redis' rand48 state behind math.random in scripts: one sequence per instance, never
   * reseeded between scripts, starting where an unseeded lrand48 starts.
   */
  rand48 = 0x1234abcd330en;
  /** The script running now, if any (SCRIPT KILL's NOTBUSY otherwise). */
  running: { sha: string; wrote: boolean } | null = null;

  constructor(readonly server: Server) {
    this.lua = new Client(server, 0, { addr: "lua", laddr: "", fd: -1, script: true });
    this.lua.authenticated = true;
  }
}

const states = new WeakMap<Server, ScriptState>();

export function scriptState(server: Server): ScriptState {
  let s = states.get(server);
  if (!s) states.set(server, (s = new ScriptState(server)));
  return s;
}

/**
 * Compiles a body into the cache (luaCreateFunction): its SHA1, or the error reply for a bad
 * shebang or a body that does not compile.
 */
export function loadScript(server: Server, vm: LuaVm, body: string): { sha: string } | { error: Reply } {
  const sha = sha1hex(body);
  const st = scriptState(server);
  if (st.cache.has(sha)) return { sha };
  const parsed = parseShebang(body);
  if ("error" in parsed) return { error: parsed.error };
  const problem = vm.compile(parsed.code);
  if (problem !== null) return { error: scriptCompileError(problem) };
  st.cache.set(sha, { body, code: parsed.code, flags: parsed.flags });
  return { sha };
}

export interface EvalKind {
  /** EVALSHA: argv[1] names a cached script. */
  bySha: boolean;
  /** EVAL_RO / EVALSHA_RO. */
  readOnly: boolean;
}

/** evalGenericCommand: EVAL, EVALSHA, EVAL_RO, EVALSHA_RO. */
export function evalCommand(c: Client, argv: string[], kind: EvalKind): Reply {
  const server = c.server;
  // EVAL skips call()'s monitor feed and feeds itself first, so its commands follow its line.
  feedMonitorLine(c, argv);
  const st = scriptState(server);
  // The script's declared flags decide processCommand's OOM check, before anything else.
  if (server.config.num("maxmemory") > 0) {
    const declared = kind.bySha ? st.cache.get(argv[1].toLowerCase())?.flags : shebangFlags(argv[1]);
    if (refusedByOom(server, declared)) return E.OOM;
  }
  const numkeys = parseInt64(argv[2]);
  if (numkeys === null) return E.NOT_INTEGER;
  if (numkeys > argv.length - 3) return E.NUMKEYS_TOO_BIG;
  if (numkeys < 0) return E.NUMKEYS_NEGATIVE;
  const vm = server.luaVm;
  if (!vm) return E.NO_LUA_VM;
  let sha: string;
  if (kind.bySha) {
    sha = argv[1].toLowerCase();
    if (!st.cache.has(sha)) return E.NOSCRIPT;
  } else {
    const loaded = loadScript(server, vm, argv[1]);
    if ("error" in loaded) return loaded.error;
    sha = loaded.sha;
  }
  const script = st.cache.get(sha)!;
  const n = Number(numkeys);
  const refused = prepareForRun(script.flags, kind.readOnly);
  if (refused) return refused;
  const target = { code: script.code, name: sha, chunk: "user_script", allowOom: script.flags.allowOom };
  return runLua(c, vm, target, argv.slice(3, 3 + n), argv.slice(3 + n), kind.readOnly || script.flags.noWrites, argv);
}

/** What runs: the code the VM gets, and how errors name it ("script: <name>, on @<chunk>:N."). */
export interface LuaTarget {
  code: string;
  /** A script's SHA1, or a function's name. */
  name: string;
  /** "user_script" for EVAL, "user_function" for FCALL. */
  chunk: string;
  /** The allow-oom flag: its denyoom calls run even over maxmemory. */
  allowOom?: boolean;
}

/** Commands 7.0 flags may-replicate without write (COMMAND INFO does not show the flag). */
const MAY_REPLICATE = new Set(["pfcount", "publish", "spublish", "eval", "evalsha", "fcall"]);

/** performEvictions at the script's start: true when still over maxmemory afterwards. */
export function overMaxmemory(server: Server): boolean {
  return server.config.num("maxmemory") > 0 && !server.evictor.perform();
}

/**
 * processCommand's OOM check with the flags a script declares (scriptFlagsToCmdFlags): a
 * shebang script that may write and is not allow-oom is a denyoom command.
 */
export function refusedByOom(server: Server, flags: ScriptFlags | undefined): boolean {
  if (!flags || flags.compat || flags.allowOom || flags.noWrites) return false;
  return overMaxmemory(server);
}

/** scriptPrepareForRun's checks on the script's declared flags. */
function prepareForRun(flags: ScriptFlags, readOnlyCommand: boolean): Reply | null {
  if (flags.compat) return null;
  if (!flags.noWrites && readOnlyCommand) return E.SCRIPT_RO_WITH_WRITE_FLAG;
  return null;
}

/** Runs Lua code for a client (EVAL's script, FCALL's function) with the bridge to the instance. */
export function runLua(c: Client, vm: LuaVm, target: LuaTarget, keys: string[], args: string[], readOnly: boolean, callerArgv: readonly string[] = []): Reply {
  const server = c.server;
  const st = scriptState(server);
  const sha = target.name;
  const lua = st.lua;
  // The Lua client starts in the caller's database; a SELECT inside stays inside.
  lua.db = c.db;
  // pre_command_oom_state: whether the instance was over maxmemory as the script started.
  const oom = !target.allowOom && overMaxmemory(server);
  // The last error redis.call raised, and whether the command ran (its error is counted then).
  let lastRaised: string | null = null;
  let lastRaisedCounted = false;
  let lastNull = false;
  // Errors redis.pcall handed the script: returned as they are, Redis does not count them twice.
  const caught = new Set<string>();
  const bridge: ScriptBridge = {
    resp: 2,
    call(argv, raise) {
      // math.random's draws (see the VM's prelude): not commands, they never reach dispatch.
      if (argv[0] === "\0rand48") return int(nextRand48(st));
      if (argv[0] === "\0srand48") {
        st.rand48 = (BigInt.asUintN(32, BigInt(Number(argv[1]) | 0)) << 16n) | 0x330en;
        return NULL;
      }
      // Whether the last reply was a RESP3 null, which Lua gets as nil (see the VM's prelude).
      if (argv[0] === "\0wasnull") return int(lastNull ? 1 : 0);
      const before = server.stats.totalErrorReplies;
      const reply = scriptCall(server, lua, argv, readOnly, oom, bridge.resp, st);
      lastNull = bridge.resp === 3 && (reply.t === "null" || reply.t === "nullarray");
      // Only a command that ran counted its error; the Lua library's own refusals did not.
      const counted = server.stats.totalErrorReplies !== before;
      if (reply.t === "error") {
        if (raise) {
          lastRaised = reply.v;
          lastRaisedCounted = counted;
        }
        else if (counted) caught.add(reply.v);
      }
      return reply;
    },
    log(level, message) {
      server.log(LOG_LEVELS[level] ?? "notice", message);
    },
  };
  const threshold = Math.min(Math.max(1, server.config.num("busy-reply-threshold") || MAX_SCRIPT_MS), MAX_SCRIPT_MS);
  const script = { body: target.code, sha, keys, argv: args, fuel: threshold * vm.fuelPerMs };
  const finish = (out: ScriptOutcome): Reply => {
    if (out.t === "reply") {
      if (out.reply.t === "error" && caught.has(out.reply.v)) server.errorsCountedAlready.add(out.reply);
      return out.reply;
    }
    const reply = failureReply(out, target, lastRaised, threshold);
    // A command's error that ended the script was counted when the command failed.
    if (out.kind === "runtime" && lastRaisedCounted && reply.t === "error" && reply.v.startsWith(`${lastRaised} script: `)) {
      server.errorsCountedAlready.add(reply);
    }
    return reply;
  };
  // A VM in its own worker runs a client's script while the instance keeps answering (BUSY,
  // SCRIPT KILL): engine/scripting/busy-script.ts. Its calls come in later turns, nested.
  if (isAsyncVm(vm) && canDefer(c, st)) {
    const at = server.commandTime();
    const call = bridge.call;
    bridge.call = (argv, raise) => server.runNested(at, () => call(argv, raise));
    return startDeferred(c, vm, script, target.chunk === "user_script" ? "eval" : "function", callerArgv, bridge, finish);
  }
  st.running = { sha, wrote: false };
  try {
    return finish(vm.run(script, bridge));
  } finally {
    st.running = null;
    // A worker VM that ended a runaway script (in MULTI/EXEC) is booting a fresh worker.
    if (isAsyncVm(vm) && !vm.isReady) luaRestarting(server, vm);
  }
}

const LOG_LEVELS = ["debug", "verbose", "notice", "warning"] as const;

/** redisLrand48: the 48-bit linear congruential step, 31 bits out. */
function nextRand48(st: ScriptState): number {
  st.rand48 = (0x5deece66dn * st.rand48 + 0xbn) & 0xffffffffffffn;
  return Number(st.rand48 >> 17n);
}

/**
 * Words a script's error as luaCallFunction does: "<message> script: <sha>, on
 * @user_script:<line>.", where a Lua error's message gets "ERR " in front (Redis' error
 * handler turns it into {err='ERR ' .. msg}); a command's error that redis.call raised, and
 * an error table the script raised (kind "redis-error"), keep their own text.
 */
function failureReply(f: ScriptFailure, target: LuaTarget, lastRaised: string | null, thresholdMs: number): Reply {
  const { name: sha, chunk } = target;
  // The VM names every chunk user_script; a function's errors name user_function.
  const at = (m: string) => (chunk === "user_script" ? m : m.replace(/(^|\s)user_script:(\d+): /, `$1${chunk}:$2: `));
  const scriptError = (message: string, name: string, line: number) => scriptErrorAt(at(message), name, line, chunk);
  switch (f.kind) {
    case "global-read":
      return scriptError(`ERR user_script:${f.line}: Script attempted to access nonexistent global variable '${f.name}'`, sha, f.line);
    case "arg-type":
      return scriptError(CE.ARG_TYPE, sha, f.line);
    case "redis-error":
      return scriptError(f.message, sha, f.line);
    case "fuel":
      // Our own text: real Redis would keep running and answer BUSY to others.
      return scriptError(scriptOutOfTime(thresholdMs), sha, f.line);
    case "crash":
      return scriptVmFailed(f.message, sha);
    case "killed":
      // The worker is gone with the script's position: killedLine guesses it.
      return scriptError(CE.KILLED, sha, killedLine(target.code));
    case "runtime": {
      const whole = f.code ? `${f.code} ${f.message}` : f.message;
      let text: string;
      // redis.call's wrapper raises the command's error with the script's position in front.
      const inner = /^user_script:\d+: (.*)$/s.exec(f.message)?.[1];
      if (inner !== undefined && inner === lastRaised) text = inner;
      else if (f.message.startsWith("user_script:")) text = `ERR ${f.message}`;
      else if (lastRaised !== null && whole === lastRaised) text = lastRaised;
      // A Lua string error raised without a position (level 0, a tail call): "ERR " + text.
      // (The VM marks a code-less text as "ERR", so that one is not doubled.)
      else text = f.code === "ERR" ? `ERR ${f.message}` : `ERR ${whole}`;
      return scriptError(text, sha, f.line);
    }
  }
}

/**
 * scriptCall: what redis.call / redis.pcall run. The checks come first, with the texts the
 * Lua library raises; then the command runs as the Lua client, nested in the EVAL.
 */
function scriptCall(server: Server, lua: Client, argv: string[], readOnly: boolean, oom: boolean, resp: 2 | 3, st: ScriptState): Reply {
  if (argv.length === 0) return err(CE.NO_ARGS);
  const base = server.commands.get(argv[0].toLowerCase());
  if (!base) return err(CE.UNKNOWN);
  const cmd = server.lookup(argv) ?? base;
  // An unknown subcommand is "unknown command" to a script as well (lookupCommand fails).
  if (base.subcommands && argv.length >= 2 && !base.subcommands.has(argv[1].toLowerCase())) return err(CE.UNKNOWN);
  // Refusals count as the command's rejected calls (incrCommandStatsOnError), as in processCommand.
  const refuse = (text: string): Reply => {
    server.countRejectedCall(cmd);
    return err(text);
  };
  const arity = cmd.meta.arity;
  if ((arity > 0 && argv.length !== arity) || argv.length < -arity || !cmd.handler) return refuse(CE.ARITY);
  const flags = cmd.meta.flags;
  if (flags.includes("noscript")) return refuse(CE.NOSCRIPT);
  // xreadCommand refuses BLOCK from a script (CLIENT_SCRIPT) as it parses its options.
  if ((cmd.name === "xread" || cmd.name === "xreadgroup") && hasBlockOption(argv)) {
    return scriptXreadBlock(argv[0]);
  }
  // scriptVerifyWriteCommandAllow: to a read-only script, may-replicate commands are writes too.
  if (readOnly && (flags.includes("write") || MAY_REPLICATE.has(cmd.fullname))) return refuse(CE.WRITE_IN_RO);
  // scriptVerifyOOM: over maxmemory when the script started and nothing written yet, a command
  // that may grow memory is refused (after a first write the script cannot stop half-way).
  if (oom && !st.running?.wrote && flags.includes("denyoom")) return refuse((E.OOM as { v: string }).v);
  if (flags.includes("write") && st.running) st.running.wrote = true;
  lua.resp = resp;
  const deny = lua.denyBlocking;
  lua.denyBlocking = true;
  try {
    return server.execute(lua, argv) as Reply;
  } finally {
    lua.denyBlocking = deny;
  }
}

/** Whether XREAD/XREADGROUP's options (before STREAMS) hold BLOCK with a value after it. */
function hasBlockOption(argv: readonly string[]): boolean {
  for (let i = 1; i < argv.length; i++) {
    const o = argv[i].toLowerCase();
    const more = argv.length - i - 1;
    if (o === "block" && more > 0) return true;
    if (o === "streams" && more > 0) return false;
    if (o === "count" && more > 0) i++;
    else if (o === "group" && more >= 2) i += 2;
  }
  return false;
}
