/**
 * The Lua worker's side (a Web Worker beside the engine's worker, or a worker_thread beside
 * the Node server): one WasmLuaVm answering the engine over a SabChannel. While a script runs,
 * each redis.call sends its arguments to the engine and waits (Atomics.wait) for the typed
 * reply; the engine meanwhile stays free, so other clients get BUSY and SCRIPT KILL can
 * terminate this whole worker. After an out-of-memory abort it waits for the VM's replacement
 * Lua state before it reports the outcome.
 *
 * The platform entry files only hand `runLuaWorker` the init message.
 */
import { SabChannel, TO_ENGINE, TO_LUA } from "../scripting/channel";
import type { Reply } from "../reply";
import type { ScriptBridge, ScriptOutcome, ScriptRun } from "../scripting/vm";
import type { WireValue } from "../scripting/wire";
import { WasmLuaVm } from "./lua-wasm";

export interface LuaWorkerInit {
  sab: SharedArrayBuffer;
  /** The wasm bytes (the browser fetches them once per page); undefined: the package reads its file. */
  wasm?: Uint8Array;
}

/** engine → Lua worker. */
export type ToLua = { op: "compile"; body: string } | { op: "run"; script: ScriptRun } | { op: "reply"; reply: Reply };
/** Lua worker → engine. */
export type ToEngine =
  | { op: "compiled"; problem: string | null }
  | { op: "call"; argv: string[]; raise: boolean; resp: 2 | 3 }
  | { op: "log"; level: number; message: string }
  | { op: "done"; outcome: WireValue };

/** Hours of instructions: the VM's budget cannot be switched off (0 is not "none"). */
const UNBOUNDED_FUEL = 1e12;

export async function runLuaWorker(init: LuaWorkerInit): Promise<void> {
  const ch = new SabChannel(init.sab);
  const vm = await WasmLuaVm.create(init.wasm);
  ch.markReady();
  const send = (m: ToEngine) => ch.send(TO_ENGINE, m as unknown as WireValue);
  for (;;) {
    // A blocking wait: Node does not wake a worker's Atomics.waitAsync while the engine's
    // thread itself waits in Atomics.wait (a synchronous compile or run).
    const msg = ch.receive(TO_LUA, 1000) as unknown as ToLua | undefined;
    if (msg === undefined) continue;
    if (msg.op === "compile") {
      send({ op: "compiled", problem: vm.compile(msg.body) });
    } else if (msg.op === "run") {
      const bridge: ScriptBridge = {
        resp: 2,
        call(argv, raise) {
          send({ op: "call", argv, raise, resp: bridge.resp });
          const answer = ch.receive(TO_LUA) as unknown as ToLua;
          return answer.op === "reply" ? answer.reply : { t: "error", v: "ERR the engine sent no reply" };
        },
        log(level, message) {
          send({ op: "log", level, message });
        },
      };
      let outcome: ScriptOutcome;
      try {
        // No real budget here: the engine ends a runaway script by terminating the worker.
        outcome = vm.run({ ...msg.script, fuel: UNBOUNDED_FUEL }, bridge);
      } catch (e) {
        outcome = { t: "error", kind: "crash", message: e instanceof Error ? e.message : String(e), line: 1 };
      }
      await vm.ready();
      send({ op: "done", outcome: outcome as unknown as WireValue });
    }
  }
}
