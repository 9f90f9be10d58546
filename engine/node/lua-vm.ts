/**
 * The Node server's Lua VM: a WorkerLuaVm whose workers are worker_threads running
 * lua-worker.ts. The thread loads TypeScript through tsx's API (a worker does not take
 * `--import tsx` from execArgv on Node 20), so it works under `npm run server` and vitest alike.
 */
import { Worker } from "node:worker_threads";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { WorkerLuaVm } from "../scripting-wasm/worker-vm";

const ENTRY = new URL("./lua-worker.ts", import.meta.url).href;

function bootstrap(): string {
  const api = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  return `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(ENTRY)}, ${JSON.stringify(ENTRY)}))`;
}

export function createNodeLuaVm(): WorkerLuaVm {
  const code = bootstrap();
  return new WorkerLuaVm(
    (init) => {
      // Kept referenced: Atomics.waitAsync holds no ref of its own, so this thread is what keeps
      // the process alive while a script runs. Whoever owns the VM disposes of it.
      const w = new Worker(code, { eval: true });
      w.on("error", () => {});
      w.postMessage(init);
      return w;
    },
    undefined,
    () => performance.now(),
  );
}

/** Resolves once the VM's first worker is up, so the server does not answer EVAL before. */
export async function loadNodeLuaVm(): Promise<WorkerLuaVm> {
  const vm = createNodeLuaVm();
  if (!(await vm.whenReady())) throw new Error("the Lua worker did not start");
  return vm;
}
