/**
 * Which Lua VM the browser's engine worker gets.
 *
 * Cross-origin isolated (COOP/COEP, next.config.ts): a WorkerLuaVm, the VM in a Web Worker of
 * its own, so a runaway script leaves the instance answering BUSY and SCRIPT KILL. Without
 * SharedArrayBuffer (a page served without those headers): the in-thread VM, where a script
 * is ended at busy-reply-threshold with an error instead.
 */
import { loadLuaVm, wasmBytes } from "../scripting-wasm/lua-wasm";
import { WorkerLuaVm } from "../scripting-wasm/worker-vm";
import type { LuaVm } from "../scripting/vm";

export function canRunLuaWorker(): boolean {
  const g = globalThis as { crossOriginIsolated?: boolean; SharedArrayBuffer?: unknown; Worker?: unknown };
  return g.crossOriginIsolated === true && typeof g.SharedArrayBuffer === "function" && typeof g.Worker === "function";
}

export async function loadBrowserLuaVm(): Promise<LuaVm> {
  if (!canRunLuaWorker()) return loadLuaVm();
  const bytes = await wasmBytes();
  const vm = new WorkerLuaVm(
    (init) => {
      const w = new Worker(new URL("../scripting-wasm/lua.worker.ts", import.meta.url), { type: "module" });
      w.postMessage(init);
      return w;
    },
    bytes,
    () => performance.now(),
  );
  if (await vm.whenReady()) return vm;
  vm.dispose();
  return loadLuaVm();
}
