/**
 * Starts the browser's engine: in a Web Worker when the browser has them (always, in practice),
 * otherwise in the page itself so the playground still works, only less isolated.
 */
import type { EngineApi } from "@/engine/host/api";
import { createWorkerEngine } from "@/engine/host/remote";

export async function startBrowserEngine(): Promise<EngineApi> {
  if (typeof Worker !== "undefined") return createWorkerEngine();
  // Loaded on demand: the in-page engine is only needed where workers are missing.
  const { LocalEngine } = await import("@/engine/host/local");
  return new LocalEngine({
    timeSource: () => Date.now(),
    scheduler: {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
    perfNow: () => performance.now(),
  });
}
