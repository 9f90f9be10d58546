/**
 * The engine's side of a Lua VM that runs in its own worker (lua-worker-core.ts).
 *
 * - start(): the script runs while the engine stays free. Each redis.call arrives through the
 *   SabChannel (noticed with Atomics.waitAsync), runs through the same ScriptBridge as an
 *   in-thread run, and its typed reply goes back; the promise settles with the outcome.
 * - kill(): terminates the worker mid-script (a `while true do end` included) and starts a
 *   fresh one from the same wasm bytes; the running start() settles as "killed".
 * - run(): the synchronous form (a script inside MULTI/EXEC, FUNCTION LOAD): the engine waits
 *   with Atomics.wait, serving redis.call as they come, for at most the script's budget in ms;
 *   past it the worker is replaced and the script ends with the "fuel" error.
 * - compile(): a synchronous round trip.
 *
 * Spawning is the host's (worker_threads in Node, a Web Worker in the browser): this file only
 * needs SharedArrayBuffer and Atomics.
 */
import { SabChannel, TO_ENGINE, TO_LUA } from "../scripting/channel";
import type { AsyncLuaVm, ScriptBridge, ScriptOutcome, ScriptRun } from "../scripting/vm";
import type { WireValue } from "../scripting/wire";
import type { LuaWorkerInit, ToEngine, ToLua } from "./lua-worker-core";

export interface LuaWorkerLike {
  terminate(): unknown;
}

export type SpawnLuaWorker = (init: LuaWorkerInit) => LuaWorkerLike;

/** How long the engine keeps serving a script's calls without yielding (see serveSlice). */
const SLICE_MS = 10;
/** How long it waits for a script's next call before yielding to the event loop. */
const SPIN_MS = 1;

/** How long a synchronous call waits for a (re)starting worker before giving up. */
const READY_WAIT_MS = 15_000;

interface Active {
  cancelled: boolean;
  settle: (o: ScriptOutcome) => void;
}

export class WorkerLuaVm implements AsyncLuaVm {
  /** run()'s fuel is a time budget in milliseconds here. */
  readonly fuelPerMs = 1;
  private ch!: SabChannel;
  private worker!: LuaWorkerLike;
  private active: Active | null = null;
  private disposed = false;
  /** Workers started so far (the first one included): tests read it after SCRIPT KILL. */
  spawned = 0;

  constructor(
    private readonly spawnWorker: SpawnLuaWorker,
    private readonly wasm: Uint8Array | undefined,
    /** A monotonic ms clock (performance.now) for run()'s budget. */
    private readonly now: () => number,
  ) {
    this.spawn();
  }

  private spawn(): void {
    this.ch = SabChannel.create();
    this.worker = this.spawnWorker({ sab: this.ch.sab, wasm: this.wasm });
    this.spawned++;
  }

  /** True once the current worker has its VM loaded. */
  get isReady(): boolean {
    return this.ch.ready;
  }

  /** Resolves when the current worker is ready (false if it did not come up in time). */
  whenReady(): Promise<boolean> {
    return this.ch.whenReady(READY_WAIT_MS);
  }

  private send(m: ToLua): void {
    this.ch.send(TO_LUA, m as unknown as WireValue);
  }

  compile(body: string): string | null {
    if (this.active) throw new Error("compile while a script runs");
    if (!this.ch.waitReady(READY_WAIT_MS)) return "the Lua VM is not ready yet";
    this.send({ op: "compile", body });
    const msg = this.ch.receive(TO_ENGINE) as unknown as ToEngine;
    return msg.op === "compiled" ? msg.problem : null;
  }

  /** Serves one message of a running script: its outcome when it is the last. */
  private handle(msg: ToEngine, bridge: ScriptBridge): ScriptOutcome | undefined {
    switch (msg.op) {
      case "call": {
        bridge.resp = msg.resp;
        let reply;
        try {
          reply = bridge.call(msg.argv, msg.raise);
        } catch (e) {
          reply = { t: "error" as const, v: `ERR internal error: ${e instanceof Error ? e.message : String(e)}` };
        }
        this.send({ op: "reply", reply });
        return undefined;
      }
      case "log":
        bridge.log(msg.level, msg.message);
        return undefined;
      case "done":
        return msg.outcome as unknown as ScriptOutcome;
      default:
        return undefined;
    }
  }

  run(script: ScriptRun, bridge: ScriptBridge): ScriptOutcome {
    if (this.active) throw new Error("a script is already running");
    if (!this.ch.waitReady(READY_WAIT_MS)) return restarting();
    this.send({ op: "run", script: { ...script, fuel: 0 } });
    const deadline = this.now() + script.fuel;
    for (;;) {
      const left = deadline - this.now();
      const msg = left > 0 ? (this.ch.receive(TO_ENGINE, left) as unknown as ToEngine | undefined) : undefined;
      if (msg === undefined) {
        this.restart();
        return { t: "error", kind: "fuel", message: "", line: 1 };
      }
      const out = this.handle(msg, bridge);
      if (out) return out;
    }
  }

  start(script: ScriptRun, bridge: ScriptBridge): Promise<ScriptOutcome> {
    if (this.active) throw new Error("a script is already running");
    return new Promise<ScriptOutcome>((resolve) => {
      const active: Active = {
        cancelled: false,
        settle: (o) => {
          if (this.active === active) this.active = null;
          resolve(o);
        },
      };
      this.active = active;
      void (async () => {
        if (!this.isReady && !(await this.whenReady())) return active.settle(restarting());
        if (active.cancelled) return;
        const ch = this.ch;
        this.send({ op: "run", script: { ...script, fuel: 0 } });
        for (;;) {
          const out = this.serveSlice(ch, bridge);
          if (out) return active.settle(out);
          await ch.whenMessage(TO_ENGINE, () => active.cancelled);
          if (active.cancelled) return;
        }
      })();
    });
  }

  /**
   * Serves the script's messages back to back for up to SLICE_MS, waiting up to SPIN_MS for
   * each next one with Atomics.wait: a script's calls come in quick succession, and waking
   * through the event loop (Atomics.waitAsync) costs tens of µs per call. Nothing else could
   * run meanwhile anyway before busy-reply-threshold; past it, others wait at most a slice.
   * Returns the outcome once the script ends.
   */
  private serveSlice(ch: SabChannel, bridge: ScriptBridge): ScriptOutcome | undefined {
    const end = this.now() + SLICE_MS;
    for (;;) {
      const msg = ch.receive(TO_ENGINE, SPIN_MS) as unknown as ToEngine | undefined;
      if (msg === undefined) return undefined;
      const out = this.handle(msg, bridge);
      if (out) return out;
      if (this.now() >= end) return undefined;
    }
  }

  /** Ends the running start() (SCRIPT KILL / FUNCTION KILL): its worker goes, a fresh one comes. */
  kill(): void {
    const active = this.active;
    if (!active) return;
    active.cancelled = true;
    this.restart();
    active.settle({ t: "error", kind: "killed", message: "", line: 1 });
  }

  private restart(): void {
    void this.worker.terminate();
    if (!this.disposed) this.spawn();
  }

  /** Terminates the worker for good (the instance is reset or closed). */
  dispose(): void {
    this.disposed = true;
    if (this.active) {
      this.active.cancelled = true;
      this.active.settle({ t: "error", kind: "killed", message: "", line: 1 });
    }
    void this.worker.terminate();
  }
}

function restarting(): ScriptOutcome {
  return { t: "error", kind: "crash", message: "the Lua VM did not start in time", line: 1 };
}
