/**
 * The page side of the worker protocol: an EngineApi whose calls are messages to the engine
 * worker, matched to their answers by request id. Events from the worker arrive before the
 * response of the command that caused them, so a listener has seen a command's key changes by
 * the time its exec() resolves.
 */
import { OpEngine } from "./op-engine";
import type { OpArgs, OpName, OpResult, PortLike, RequestMessage, WorkerMessage } from "./protocol";

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class RemoteEngine extends OpEngine {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | null = null;

  /** `terminate` ends the worker on dispose(); a bare MessagePort has none. */
  constructor(
    private readonly port: PortLike & { terminate?(): void },
  ) {
    super();
    port.addEventListener("message", this.onMessage);
    port.start?.();
  }

  private readonly onMessage = (e: MessageEvent) => {
    const msg = e.data as WorkerMessage;
    if (msg?.kind === "event") {
      this.hub.dispatch(msg.event);
    } else if (msg?.kind === "response") {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new Error(msg.error));
    }
  };

  /** The worker failed (script error, crash): every pending and later call rejects with why. */
  fail(error: Error): void {
    this.failure ??= error;
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
  }

  protected call<K extends OpName>(op: K, args: OpArgs<K>): Promise<OpResult<K>> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise<OpResult<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      const msg: RequestMessage<K> = { kind: "request", id, op, args };
      try {
        this.port.postMessage(msg);
      } catch (e) {
        this.pending.delete(id);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  dispose(): void {
    this.port.removeEventListener("message", this.onMessage);
    this.fail(new Error("the engine was stopped"));
    this.hub.clear();
    this.port.terminate?.();
  }
}

/** Starts the engine worker and returns the EngineApi that talks to it. Browser only. */
export function createWorkerEngine(): RemoteEngine {
  const worker = new Worker(new URL("./engine.worker.ts", import.meta.url), { type: "module" });
  const engine = new RemoteEngine(worker);
  worker.addEventListener("error", (e: ErrorEvent) => {
    engine.fail(new Error(`the engine worker failed: ${e.message || "script error"}`));
  });
  worker.addEventListener("messageerror", () => engine.fail(new Error("the engine worker sent an unreadable message")));
  return engine;
}
