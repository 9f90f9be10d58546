/**
 * The worker side of the protocol: an EngineHost answering requests that arrive on a port.
 *
 * engine.worker.ts calls this with the worker's global scope; tests call it with one end of a
 * MessageChannel, so the real protocol is exercised without a browser.
 */
import { EngineHost, type EngineHostOptions } from "./host";
import type { EventMessage, OpName, PortLike, RequestMessage, ResponseMessage } from "./protocol";

export function serveEngine(port: PortLike, options: EngineHostOptions = {}): { stop(): void } {
  const host = new EngineHost((event) => port.postMessage({ kind: "event", event } satisfies EventMessage), options);
  const onMessage = (e: MessageEvent) => {
    const msg = e.data as RequestMessage;
    if (!msg || msg.kind !== "request") return;
    let response: ResponseMessage;
    try {
      const value = host.call(msg.op as OpName, msg.args as never);
      response = { kind: "response", id: msg.id, ok: true, value };
    } catch (err) {
      response = { kind: "response", id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(response);
  };
  port.addEventListener("message", onMessage);
  port.start?.();
  return {
    stop() {
      port.removeEventListener("message", onMessage);
      host.stop();
    },
  };
}
