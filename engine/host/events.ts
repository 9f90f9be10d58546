/**
 * Listener bookkeeping shared by the local and the remote EngineApi: both receive the same
 * EngineEvents (from the host directly, or from the worker) and fan them out the same way.
 */
import type { EngineApi, KeyChangeBatch, Unsubscribe } from "./api";
import type { EngineEvent } from "./protocol";
import type { Reply } from "../reply";

export class EventHub implements Pick<EngineApi, "onPush" | "onClientClosed" | "onKeyChange"> {
  private readonly push = new Map<number, Set<(reply: Reply) => void>>();
  private readonly closed = new Set<(clientId: number) => void>();
  private readonly keys = new Set<(batch: KeyChangeBatch) => void>();

  onPush(clientId: number, listener: (reply: Reply) => void): Unsubscribe {
    let set = this.push.get(clientId);
    if (!set) this.push.set(clientId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size && this.push.get(clientId) === set) this.push.delete(clientId);
    };
  }

  onClientClosed(listener: (clientId: number) => void): Unsubscribe {
    this.closed.add(listener);
    return () => this.closed.delete(listener);
  }

  onKeyChange(listener: (batch: KeyChangeBatch) => void): Unsubscribe {
    this.keys.add(listener);
    return () => this.keys.delete(listener);
  }

  dispatch(event: EngineEvent): void {
    switch (event.type) {
      case "push":
        for (const l of [...(this.push.get(event.clientId) ?? [])]) safely(() => l(event.reply));
        break;
      case "closed":
        for (const l of [...this.closed]) safely(() => l(event.clientId));
        break;
      case "keys":
        for (const l of [...this.keys]) safely(() => l(event.batch));
        break;
    }
  }

  clear(): void {
    this.push.clear();
    this.closed.clear();
    this.keys.clear();
  }
}

/** A failing listener must not stop the others or the engine: report it asynchronously. */
function safely(fn: () => void): void {
  try {
    fn();
  } catch (e) {
    queueMicrotask(() => {
      throw e;
    });
  }
}
