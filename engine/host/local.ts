/**
 * The in-thread EngineApi: the same EngineHost the worker runs, called directly.
 *
 * Used by unit and component tests (with the default manual clock, time moves only through
 * advance()) and as a fallback where Web Workers are unavailable. Results and events are
 * structured-cloned by default, exactly as postMessage would, so code tested against this
 * engine cannot come to depend on sharing objects with the engine.
 */
import { DEFAULT_INSPECT_LIMIT, type ClockState, type EngineApi, type EngineInfo, type ExecResult, type KeyChangeBatch, type ResetOptions, type Unsubscribe } from "./api";
import { EventHub } from "./events";
import { EngineHost, type EngineHostOptions } from "./host";
import type { OpArgs, OpName, OpResult } from "./protocol";
import type { Reply } from "../reply";
import type { Server } from "../server";

export interface LocalEngineOptions extends EngineHostOptions {
  /** Structured-clone everything that crosses the API, as a worker would (default true). */
  clone?: boolean;
}

export class LocalEngine implements EngineApi {
  private readonly hub = new EventHub();
  private readonly host: EngineHost;
  private readonly clone: <T>(v: T) => T;
  private disposed = false;

  constructor(options: LocalEngineOptions = {}) {
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

  private run<K extends OpName>(op: K, args: OpArgs<K>): Promise<OpResult<K>> {
    if (this.disposed) return Promise.reject(new Error("the engine was stopped"));
    try {
      return Promise.resolve(this.clone(this.host.call(op, this.clone(args))));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  info(): Promise<EngineInfo> {
    return this.run("info", []);
  }
  open(label = ""): Promise<{ id: number; label: string }> {
    return this.run("open", [label]);
  }
  close(clientId: number): Promise<void> {
    return this.run("close", [clientId]);
  }
  exec(clientId: number, argv: string[]): Promise<ExecResult> {
    return this.run("exec", [clientId, argv]);
  }
  onPush(clientId: number, listener: (reply: Reply) => void): Unsubscribe {
    return this.hub.onPush(clientId, listener);
  }
  onClientClosed(listener: (clientId: number) => void): Unsubscribe {
    return this.hub.onClientClosed(listener);
  }
  onKeyChange(listener: (batch: KeyChangeBatch) => void): Unsubscribe {
    return this.hub.onKeyChange(listener);
  }
  now(): Promise<ClockState> {
    return this.run("now", []);
  }
  advance(ms: number): Promise<ClockState> {
    return this.run("advance", [ms]);
  }
  pause(): Promise<ClockState> {
    return this.run("pause", []);
  }
  resume(): Promise<ClockState> {
    return this.run("resume", []);
  }
  inspectKeys(db: number, limit = DEFAULT_INSPECT_LIMIT) {
    return this.run("inspectKeys", [db, limit]);
  }
  inspectKey(db: number, key: string) {
    return this.run("inspectKey", [db, key]);
  }
  inspectStats() {
    return this.run("inspectStats", []);
  }
  reset(options: ResetOptions = {}): Promise<EngineInfo> {
    return this.run("reset", [options]);
  }
  dispose(): void {
    this.disposed = true;
    this.host.stop();
    this.hub.clear();
  }
}
