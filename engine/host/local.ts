/**
 * The in-thread EngineApi: the same EngineHost the worker runs, called directly.
 *
 * Used by unit and component tests (with the default manual clock, time moves only through
 * advance()) and as a fallback where Web Workers are unavailable. Results and events are
 * structured-cloned by default, exactly as postMessage would, so code tested against this
 * engine cannot come to depend on sharing objects with the engine.
 */
import { EngineHost, type EngineHostOptions } from "./host";
import { OpEngine } from "./op-engine";
import type { OpArgs, OpName, OpResult } from "./protocol";
import type { Server } from "../server";

export interface LocalEngineOptions extends EngineHostOptions {
  /** Structured-clone everything that crosses the API, as a worker would (default true). */
  clone?: boolean;
}

export class LocalEngine extends OpEngine {
  private readonly host: EngineHost;
  private readonly clone: <T>(v: T) => T;
  private disposed = false;

  constructor(options: LocalEngineOptions = {}) {
    super();
    this.clone = options.clone === false ? (v) => v : (v) => structuredClone(v);
    this.host = new EngineHost((event) => this.hub.dispatch(this.clone(event)), options);
  }

  /**
   * The in-thread instance itself, for tests and Node tooling that need to reach past the API
   * (the UI never does: it must work the same against the worker).
   */
  get server(): Server {
    return this.host.instance;
  }

  protected call<K extends OpName>(op: K, args: OpArgs<K>): Promise<OpResult<K>> {
    if (this.disposed) return Promise.reject(new Error("the engine was stopped"));
    try {
      // A blocked exec answers later: its result is cloned when it comes.
      const r = this.host.call(op, this.clone(args));
      return r instanceof Promise ? r.then((v) => this.clone(v)) : Promise.resolve(this.clone(r));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  dispose(): void {
    this.disposed = true;
    this.host.stop();
    this.hub.clear();
  }
}
