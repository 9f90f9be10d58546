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
    const fail = (err: unknown): ResponseMessage => ({
      kind: "response",
      id: msg.id,
      ok: false,
      error: err instanceof Error ? err.message : String(err),
    });
    let response: ResponseMessage;
    try {
      const value = host.call(msg.op as OpName, msg.args as never);
      if (value instanceof Promise) {
        // A blocked exec: answered when its reply comes; other requests go on meanwhile.
        value.then(
          (v) => port.postMessage({ kind: "response", id: msg.id, ok: true, value: v } satisfies ResponseMessage),
          (err) => port.postMessage(fail(err)),
        );
        return;
      }
      response = { kind: "response", id: msg.id, ok: true, value };
    } catch (err) {
      response = fail(err);
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
