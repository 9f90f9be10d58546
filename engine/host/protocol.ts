/**
 * The messages between the page (remote.ts) and the engine worker (worker-host.ts).
 *
 * Each EngineApi call is a request with an id and the operation's arguments; the worker answers
 * with a response carrying the same id. Events (pushes, key changes, closed clients) flow from
 * the worker unasked. Every message is plain data for postMessage's structured clone.
 */
import type {
  ClientHandle,
  ClockState,
  EngineInfo,
  ExecResult,
  KeyChangeBatch,
  KeyDetail,
  KeyView,
  ResetOptions,
  StatsView,
} from "./api";
import type { Reply } from "../reply";
import type { LogLine } from "../server";

/** Every operation with its arguments and result: the single list both sides are typed by. */
export interface Ops {
  info: { args: []; result: EngineInfo };
  open: { args: [label: string]; result: ClientHandle };
  close: { args: [clientId: number]; result: void };
  exec: { args: [clientId: number, argv: string[]]; result: ExecResult };
  now: { args: []; result: ClockState };
  advance: { args: [ms: number]; result: ClockState };
  pause: { args: []; result: ClockState };
  resume: { args: []; result: ClockState };
  inspectKeys: { args: [db: number, limit: number]; result: KeyView[] };
  inspectKey: { args: [db: number, key: string]; result: KeyDetail | null };
  inspectStats: { args: []; result: StatsView };
  readLog: { args: []; result: LogLine[] };
  reset: { args: [options: ResetOptions]; result: EngineInfo };
}

export type OpName = keyof Ops;
export type OpArgs<K extends OpName> = Ops[K]["args"];
export type OpResult<K extends OpName> = Ops[K]["result"];

export type EngineEvent =
  | { type: "push"; clientId: number; reply: Reply }
  | { type: "keys"; batch: KeyChangeBatch }
  | { type: "closed"; clientId: number };

/** Page → worker. */
export interface RequestMessage<K extends OpName = OpName> {
  kind: "request";
  id: number;
  op: K;
  args: OpArgs<K>;
}

/** Worker → page. */
export type ResponseMessage =
  | { kind: "response"; id: number; ok: true; value: unknown }
  | { kind: "response"; id: number; ok: false; error: string };

export interface EventMessage {
  kind: "event";
  event: EngineEvent;
}

export type WorkerMessage = ResponseMessage | EventMessage;

/** What both a Worker / worker scope and a MessagePort offer: enough to carry the protocol. */
export interface PortLike {
  postMessage(message: unknown): void;
  addEventListener(type: "message", listener: (e: MessageEvent) => void): void;
  removeEventListener(type: "message", listener: (e: MessageEvent) => void): void;
  /** MessagePorts deliver nothing until started; Workers have no such method. */
  start?(): void;
}
