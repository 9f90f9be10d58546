/** The Node server's Lua worker thread: lua-worker-core over worker_threads. */
import { parentPort } from "node:worker_threads";
import { runLuaWorker, type LuaWorkerInit } from "../scripting-wasm/lua-worker-core";

parentPort!.once("message", (init: LuaWorkerInit) => {
  void runLuaWorker(init);
});
