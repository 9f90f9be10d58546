/**
 * The Web Worker that hosts the browser's Redis instance (playground profile, wall-clock time).
 * The page reaches it only through RemoteEngine (remote.ts).
 */
import { serveEngine } from "./worker-host";
import type { PortLike } from "./protocol";
import { loadBrowserLuaVm } from "./lua-host";

serveEngine(self as unknown as PortLike, {
  // The host supplies wall time to the instance clock; the engine never reads it itself.
  timeSource: () => Date.now(),
  scheduler: {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  },
  perfNow: () => performance.now(),
  // Loads (once per page) while the instance already answers; EVAL works once it is in. In
  // its own Web Worker where the page is cross-origin isolated (engine/host/lua-host.ts).
  lua: loadBrowserLuaVm(),
});
