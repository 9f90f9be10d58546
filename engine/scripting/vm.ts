/**
 * The seam between the engine and a Lua VM.
 *
 * engine/ is pure and createServer() is synchronous, while a real Lua VM (lua-redis-wasm,
 * engine/scripting-wasm/) loads asynchronously. So the engine only knows this interface: a
 * host loads a VM and hands it to the server (ServerOptions.lua or Server.setLuaVm). Without
 * one, EVAL answers a clear error.
 *
 * The VM runs a script synchronously. Everything the script asks of Redis goes through the
 * ScriptBridge: redis.call/pcall get the command's typed Reply back (never RESP text), shaped
 * for the script's current protocol (redis.setresp), and the VM converts it to Lua values the
 * way Redis 7.0 does. The script's return value comes back converted to a typed Reply.
 *
 * A VM in its own worker (engine/scripting-wasm/worker-vm.ts: redis.call over a
 * SharedArrayBuffer and Atomics.wait) is an AsyncLuaVm as well: start() runs a script while
 * the instance stays free, so other clients get BUSY and SCRIPT KILL can end it.
 */
import type { Reply } from "../reply";

export interface ScriptBridge {
  /**
   * Runs a command for redis.call (`raise`) or redis.pcall. Returns its typed reply, an error
   * reply included; the VM raises it as a Lua error for redis.call.
   */
  call(argv: string[], raise: boolean): Reply;
  /** The protocol redis.call replies take: 2 until the script calls redis.setresp(3). */
  resp: 2 | 3;
  /** redis.log(level, message), level 0..3 (LOG_DEBUG .. LOG_WARNING). */
  log(level: number, message: string): void;
}

export interface ScriptRun {
  /** The body to run, with a shebang line already blanked (line numbers kept). */
  body: string;
  /** SHA1 of the body as the client sent it, for error texts. */
  sha: string;
  keys: string[];
  argv: string[];
  /** Instruction budget: the no-SharedArrayBuffer stand-in for busy-reply-threshold. */
  fuel: number;
}

/** Why a script ended with an error, and where: the engine words it as Redis does. */
export interface ScriptFailure {
  t: "error";
  /**
   * - "runtime": a Lua error (message starts "user_script:N: ") or an error raised from
   *   redis.call / error({err=...}) (message is the error text, `code` its prefix if any).
   * - "global-read": a read of a nonexistent global (`name`).
   * - "arg-type": a redis.call argument that is not a string or number.
   * - "fuel": the instruction budget ran out.
   * - "redis-error": an error of the redis.* library, `message` worded as Redis words it.
   * - "crash": the VM itself failed (out of memory); it has been replaced.
   * - "killed": SCRIPT KILL / FUNCTION KILL ended it (a VM in its own worker).
   */
  kind: "runtime" | "global-read" | "arg-type" | "fuel" | "redis-error" | "crash" | "killed";
  message: string;
  /** The error code as the VM split it ("ERR", "WRONGTYPE"), when it had one. */
  code?: string;
  name?: string;
  line: number;
}

export type ScriptOutcome = { t: "reply"; reply: Reply } | ScriptFailure;

export interface LuaVm {
  /** Compiles a body without running it: null when it compiles, else Lua's message. */
  compile(body: string): string | null;
  /** Runs a script to its end (or its fuel's end). */
  run(script: ScriptRun, bridge: ScriptBridge): ScriptOutcome;
  /** Instructions the VM runs per millisecond, roughly: sizes fuel from busy-reply-threshold. */
  readonly fuelPerMs: number;
}

/** A VM whose scripts can run while the instance keeps serving (its own worker). */
export interface AsyncLuaVm extends LuaVm {
  /** Runs a script; the bridge's calls arrive in later turns. Settles with its outcome. */
  start(script: ScriptRun, bridge: ScriptBridge): Promise<ScriptOutcome>;
  /** Ends the script start() runs (its outcome is then kind "killed"). */
  kill(): void;
  /** True while the VM can take a script at once (false for a few ms after a kill). */
  readonly isReady: boolean;
  /** Resolves when the VM can take a script. */
  whenReady(): Promise<boolean>;
  /** Frees the VM's worker. */
  dispose(): void;
}

export function isAsyncVm(vm: LuaVm | null): vm is AsyncLuaVm {
  return !!vm && typeof (vm as Partial<AsyncLuaVm>).start === "function";
}
