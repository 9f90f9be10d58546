/**
 * The browser's Lua worker: a Web Worker the engine's own worker starts (engine/host/lua-host.ts).
 * Its first message carries the SharedArrayBuffer and the wasm bytes; see lua-worker-core.ts.
 */
import { runLuaWorker, type LuaWorkerInit } from "./lua-worker-core";

self.addEventListener("message", (e: MessageEvent) => void runLuaWorker(e.data as LuaWorkerInit), { once: true });
