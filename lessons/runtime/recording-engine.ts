/**
 * An EngineApi that remembers what each client tab saw, and plays scripted actors.
 *
 * Exercise checks may ask what a named client received ("tab B's EXEC answered nil"), and a
 * lesson may stage a race ("after the learner's next command in main, client B runs INCRBY").
 * Both need to see every command and reply of every connection, whoever sends it: the lesson
 * runtime replaying steps, or the learner typing in the REPL. Rather than reach into the REPL,
 * the lesson hands the playground this wrapper as its engine; it passes every call through
 * and records, per connection label (the name given to open()), the commands, their replies
 * rendered as redis-cli prints them (the REPL's own renderer) and the pushes.
 *
 * A transcript is read per label: the entries of every connection that carries it, oldest
 * connection first, so a tab that reconnects (after QUIT) keeps one history, and a tab the
 * learner renames (relabel) takes its history along. reset() clears them with the instance.
 */
import type {
  ClientHandle,
  ClockState,
  EngineApi,
  EngineInfo,
  ExecResult,
  KeyChangeBatch,
  KeyDetail,
  KeyView,
  ResetOptions,
  StatsView,
  Unsubscribe,
} from "@/engine/host/api";
import type { Reply } from "@/engine/reply";
import { formatCliOutput, formatCliReply, quoteBytes } from "@/engine/resp/cli-format";
import { splitArgs } from "@/engine/resp/split-args";
import { bytesToUtf8, utf8ToBytes } from "@/engine/util/bytes";
import type { ActorStep, TranscriptEntry } from "../types";

export type Actor = ActorStep["actor"];

/** What an actor did, for the UI to show in that client's tab. */
export interface ActorRun {
  client: string;
  line: string;
  /** The reply as the REPL prints it. */
  text: string;
  error: boolean;
}

/** Renders a reply the way the REPL shows it: redis-cli's format, decoded for display. */
export function renderReply(argv: readonly string[] | null, reply: Reply, resp: 2 | 3): string {
  const printed = argv ? formatCliOutput(argv, reply, resp) : formatCliReply(reply, resp);
  return bytesToUtf8(printed).replace(/\r\n/g, "\n").replace(/\n$/, "");
}

/** argv back as a line a learner could type: plain words as they are, the rest quoted. */
export function renderArgv(argv: readonly string[]): string {
  return argv.map((a) => (/^[\x21-\x7e]+$/.test(a) && !/["'\\]/.test(a) ? a : bytesToUtf8(quoteBytes(a)))).join(" ");
}

export class RecordingEngine implements EngineApi {
  /** Recorded connections, open or closed (their history still counts), by client id. */
  private readonly conns = new Map<number, { label: string; resp: 2 | 3; open: boolean; entries: TranscriptEntry[] }>();
  private readonly pushOffs = new Map<number, Unsubscribe>();
  private actors: Actor[] = [];
  private readonly transcriptListeners = new Set<(label: string) => void>();
  private readonly actorListeners = new Set<(run: ActorRun) => void>();

  constructor(readonly inner: EngineApi) {
    // A connection the engine dropped (CLIENT KILL) must not be reused by an actor.
    inner.onClientClosed((id) => this.forget(id));
  }

  // -- transcripts and actors --

  /** Everything the tab labelled `label` has seen, oldest first (a copy). */
  transcript(label = "main"): TranscriptEntry[] {
    return [...this.conns.values()].filter((c) => c.label === label).flatMap((c) => c.entries);
  }

  /** The UI renamed the tab of this connection: its history goes with it. */
  relabel(clientId: number, label: string): void {
    const c = this.conns.get(clientId);
    if (!c || c.label === label) return;
    c.label = label;
    for (const l of this.transcriptListeners) l(label);
  }

  /** Called whenever a transcript grows (the UI re-runs checks on it). */
  onTranscript(listener: (label: string) => void): Unsubscribe {
    this.transcriptListeners.add(listener);
    return () => this.transcriptListeners.delete(listener);
  }

  /** Called after an actor ran its command. */
  onActor(listener: (run: ActorRun) => void): Unsubscribe {
    this.actorListeners.add(listener);
    return () => this.actorListeners.delete(listener);
  }

  /** Arms an actor: it runs once, after the next command of its `after` client (default main) completes. */
  addActor(actor: Actor): void {
    this.actors.push(actor);
  }

  /** Actors still waiting for their trigger. */
  pendingActors(): readonly Actor[] {
    return this.actors;
  }

  clearActors(): void {
    this.actors = [];
  }

  /** Opens a connection whose traffic is not recorded (the checker's). */
  openHidden(label: string): Promise<ClientHandle> {
    return this.inner.open(label);
  }

  private record(clientId: number, entry: TranscriptEntry): void {
    const c = this.conns.get(clientId);
    if (!c) return;
    c.entries.push(entry);
    for (const l of this.transcriptListeners) l(c.label);
  }

  /** The connection is gone: stop listening to it, keep what it saw. */
  private forget(clientId: number): void {
    this.pushOffs.get(clientId)?.();
    this.pushOffs.delete(clientId);
    const c = this.conns.get(clientId);
    if (c) c.open = false;
  }

  /** An open, recorded connection with this label, or a new one. */
  private async connectionFor(label: string): Promise<number> {
    for (const [id, c] of this.conns) if (c.open && c.label === label) return id;
    return (await this.open(label)).id;
  }

  private async runActors(after: string): Promise<void> {
    const due = this.actors.filter((a) => (a.after ?? "main") === after);
    if (!due.length) return;
    this.actors = this.actors.filter((a) => !due.includes(a));
    for (const a of due) {
      const argv = splitArgs(utf8ToBytes(a.run));
      if (!argv || !argv.length) continue;
      let text: string;
      let error = false;
      try {
        const r = await this.exec(await this.connectionFor(a.client), argv);
        text = renderReply(argv, r.reply, r.resp);
        error = r.reply.t === "error";
      } catch (e) {
        text = `Error: ${e instanceof Error ? e.message : String(e)}`;
        error = true;
      }
      for (const l of this.actorListeners) l({ client: a.client, line: a.run, text, error });
    }
  }

  // -- EngineApi, passed through --

  info(): Promise<EngineInfo> {
    return this.inner.info();
  }

  async open(label = ""): Promise<ClientHandle> {
    const h = await this.inner.open(label);
    this.conns.set(h.id, { label, resp: 2, open: true, entries: [] });
    this.pushOffs.set(
      h.id,
      this.inner.onPush(h.id, (reply) => {
        const resp = this.conns.get(h.id)?.resp ?? 2;
        this.record(h.id, { kind: "push", text: renderReply(null, reply, resp), reply });
      }),
    );
    return h;
  }

  async close(clientId: number): Promise<void> {
    this.forget(clientId);
    await this.inner.close(clientId);
  }

  /**
   * Runs a command and records it. Actors waiting on this client run after the command
   * completes and before this promise resolves, so whoever sent the command (a lesson step or
   * the learner) sees the world as the actor left it.
   */
  async exec(clientId: number, argv: string[]): Promise<ExecResult> {
    const c = this.conns.get(clientId);
    if (!c) return this.inner.exec(clientId, argv);
    this.record(clientId, { kind: "command", line: renderArgv(argv) });
    const result = await this.inner.exec(clientId, argv);
    c.resp = result.resp;
    this.record(clientId, { kind: "reply", text: renderReply(argv, result.reply, result.resp), reply: result.reply });
    if (result.closed) this.forget(clientId);
    // The label as it is now: the tab may have been renamed while the command ran.
    await this.runActors(c.label);
    return result;
  }

  onPush(clientId: number, listener: (reply: Reply) => void): Unsubscribe {
    return this.inner.onPush(clientId, listener);
  }

  onClientClosed(listener: (clientId: number) => void): Unsubscribe {
    return this.inner.onClientClosed(listener);
  }

  onKeyChange(listener: (batch: KeyChangeBatch) => void): Unsubscribe {
    return this.inner.onKeyChange(listener);
  }

  now(): Promise<ClockState> {
    return this.inner.now();
  }

  advance(ms: number): Promise<ClockState> {
    return this.inner.advance(ms);
  }

  pause(): Promise<ClockState> {
    return this.inner.pause();
  }

  resume(): Promise<ClockState> {
    return this.inner.resume();
  }

  inspectKeys(db: number, limit?: number): Promise<KeyView[]> {
    return this.inner.inspectKeys(db, limit);
  }

  inspectKey(db: number, key: string): Promise<KeyDetail | null> {
    return this.inner.inspectKey(db, key);
  }

  inspectStats(): Promise<StatsView> {
    return this.inner.inspectStats();
  }

  /** A fresh instance: every connection, transcript and armed actor goes with the old one. */
  async reset(options?: ResetOptions): Promise<EngineInfo> {
    for (const id of [...this.conns.keys()]) this.forget(id);
    this.conns.clear();
    this.actors = [];
    const info = await this.inner.reset(options);
    for (const l of this.transcriptListeners) l("");
    return info;
  }

  dispose(): void {
    for (const id of [...this.conns.keys()]) this.forget(id);
    this.inner.dispose();
  }
}
