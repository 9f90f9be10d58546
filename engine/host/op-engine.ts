/**
 * The EngineApi methods, written once over the host's operations: every call becomes one
 * `call(op, args)` and every listener goes to the event hub. LocalEngine answers `call` in the
 * same thread, RemoteEngine by a message to the worker; nothing else differs between them.
 */
import {
  DEFAULT_INSPECT_LIMIT,
  type ClientHandle,
  type ClockState,
  type EngineApi,
  type EngineInfo,
  type ExecResult,
  type KeyChangeBatch,
  type KeyDetail,
  type KeyView,
  type LogLine,
  type ResetOptions,
  type StatsView,
  type Unsubscribe,
} from "./api";
import { EventHub } from "./events";
import type { OpArgs, OpName, OpResult } from "./protocol";
import type { Reply } from "../reply";

export abstract class OpEngine implements EngineApi {
  protected readonly hub = new EventHub();

  protected abstract call<K extends OpName>(op: K, args: OpArgs<K>): Promise<OpResult<K>>;
  abstract dispose(): void;

  info(): Promise<EngineInfo> {
    return this.call("info", []);
  }
  open(label = ""): Promise<ClientHandle> {
    return this.call("open", [label]);
  }
  close(clientId: number): Promise<void> {
    return this.call("close", [clientId]);
  }
  exec(clientId: number, argv: string[]): Promise<ExecResult> {
    return this.call("exec", [clientId, argv]);
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
    return this.call("now", []);
  }
  advance(ms: number): Promise<ClockState> {
    return this.call("advance", [ms]);
  }
  pause(): Promise<ClockState> {
    return this.call("pause", []);
  }
  resume(): Promise<ClockState> {
    return this.call("resume", []);
  }
  inspectKeys(db: number, limit = DEFAULT_INSPECT_LIMIT): Promise<KeyView[]> {
    return this.call("inspectKeys", [db, limit]);
  }
  inspectKey(db: number, key: string): Promise<KeyDetail | null> {
    return this.call("inspectKey", [db, key]);
  }
  inspectStats(): Promise<StatsView> {
    return this.call("inspectStats", []);
  }
  readLog(): Promise<LogLine[]> {
    return this.call("readLog", []);
  }
  reset(options: ResetOptions = {}): Promise<EngineInfo> {
    return this.call("reset", [options]);
  }
}
