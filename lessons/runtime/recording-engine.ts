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
 *
 * Raw RESP mode sends argv through exec() like any line, so the wrapper cannot tell it from
 * the argv alone: whoever sends raw bytes tells it first (noteRaw), and a shadow parser over
 * those bytes says which frame each following exec() of that tab came from. A command whose
 * argv matches the next shadow frame is recorded `raw`, with that frame's exact bytes.
 *
 * It also counts the simulated slow database's queries (slow-db.ts) and plays scripted
 * clients' programs (programs.ts), armed to run after a tab's next command or at a clock time.
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
import { RequestParser } from "@/engine/resp/parser";
import type { ActorStep, SlowDbCount, TranscriptEntry } from "../types";
import { playPrograms } from "./programs";
import { SlowDbCounter } from "./slow-db";

export type Actor = ActorStep["actor"];

/** Raw bytes a tab sent that its next exec() calls came from (see noteRaw). */
interface RawShadow {
  parser: RequestParser;
  /** The bytes noted and not yet matched to a command. */
  pending: string;
}

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
  /** Actors with `when: "afterClock"`, and the instance time they fall due. */
  private timed: { actor: Actor; dueAt: number }[] = [];
  private readonly raws = new Map<string, RawShadow>();
  /** exec() calls about to be sent, per label: see sent(). */
  private readonly sendWaiters = new Map<string, (() => void)[]>();
  private readonly db = new SlowDbCounter();
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

  /**
   * Arms an actor: it runs once, after the next command of its `after` client (default main)
   * completes, or (`when: "afterClock"`) once the instance clock passes `armedAt + ms`.
   */
  addActor(actor: Actor, armedAt = 0): void {
    if (actor.when === "afterClock") this.timed.push({ actor, dueAt: armedAt + (actor.ms ?? 0) });
    else this.actors.push(actor);
  }

  /** Actors still waiting for their trigger. */
  pendingActors(): readonly Actor[] {
    return [...this.actors, ...this.timed.map((t) => t.actor)];
  }

  clearActors(): void {
    this.actors = [];
    this.timed = [];
  }

  /**
   * The tab labelled `label` is about to send these raw bytes (raw RESP mode): the commands
   * its next exec() calls run are recorded as raw, each with the bytes of its own frame.
   */
  noteRaw(label: string, bytes: string): void {
    let r = this.raws.get(label);
    if (!r) this.raws.set(label, (r = { parser: new RequestParser(), pending: "" }));
    r.parser.push(bytes);
    r.pending += bytes;
  }

  /** The raw frame argv came from, when the tab's last noted bytes hold it next; else null. */
  private rawFrame(label: string, argv: readonly string[]): string | null {
    const r = this.raws.get(label);
    if (!r) return null;
    const next = r.parser.next();
    // Between two requests the parser holds only unread bytes, so what it no longer holds is the frame.
    const frame = next ? r.pending.slice(0, r.pending.length - r.parser.buffered) : null;
    if (next && frame !== null && next.length === argv.length && next.every((a, i) => a === argv[i])) {
      r.pending = r.pending.slice(frame.length);
      return frame;
    }
    // A typed line, or bytes the engine parsed differently: stop guessing for this tab.
    if (next || r.parser.error) this.raws.delete(label);
    return null;
  }

  /**
   * Resolves when the next command of a connection labelled `label` has been handed to the
   * engine, so a step sent "concurrently" after it is sure to arrive second.
   */
  sent(label: string): Promise<void> {
    return new Promise((resolve) => {
      const list = this.sendWaiters.get(label) ?? [];
      list.push(resolve);
      this.sendWaiters.set(label, list);
    });
  }

  /** The simulated slow database's query count (slow-db.ts). */
  slowDb(): SlowDbCount {
    return this.db.read();
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
    // The server closed the connection: raw mode starts a new parser with the next one.
    if (c) this.raws.delete(c.label);
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
    await this.play(due);
  }

  /** Plays the timed actors whose time has come (after a clock advance or a command). */
  private async runTimedActors(): Promise<boolean> {
    if (!this.timed.length) return false;
    const now = (await this.inner.now()).now;
    const due = this.timed.filter((t) => t.dueAt <= now);
    if (!due.length) return false;
    this.timed = this.timed.filter((t) => !due.includes(t));
    await this.play(due.map((t) => t.actor));
    return true;
  }

  /** Plays actors' programs, interleaved (programs.ts); each line shows in its client's tab. */
  private play(actors: readonly Actor[]): Promise<void> {
    return playPrograms(actors, {
      run: (client, line) => this.actorLine(client, line),
      now: async () => (await this.inner.now()).now,
      // A scripted client's pause moves the instance clock: the scene stays deterministic.
      waitUntil: async (t) => {
        const now = (await this.inner.now()).now;
        if (t > now) await this.advance(t - now);
      },
    });
  }

  /** One line of an actor, in its client's connection; its typed reply, or null. */
  private async actorLine(client: string, line: string): Promise<Reply | null> {
    const argv = splitArgs(utf8ToBytes(line));
    if (!argv || !argv.length) return null;
    let text: string;
    let error = false;
    let reply: Reply | null = null;
    try {
      const r = await this.exec(await this.connectionFor(client), argv);
      reply = r.reply;
      text = renderReply(argv, r.reply, r.resp);
      error = r.reply.t === "error";
    } catch (e) {
      text = `Error: ${e instanceof Error ? e.message : String(e)}`;
      error = true;
    }
    for (const l of this.actorListeners) l({ client, line, text, error });
    return reply;
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
    const raw = this.rawFrame(c.label, argv);
    this.record(clientId, raw === null ? { kind: "command", line: renderArgv(argv) } : { kind: "command", line: renderArgv(argv), raw: true, bytes: raw });
    const pending = this.inner.exec(clientId, argv);
    const waiters = this.sendWaiters.get(c.label);
    this.sendWaiters.delete(c.label);
    for (const w of waiters ?? []) w();
    const result = await pending;
    c.resp = result.resp;
    this.db.note(c.label, argv, result.reply);
    this.record(clientId, {
      kind: "reply",
      text: renderReply(argv, result.reply, result.resp),
      reply: result.reply,
      ms: result.ms,
      waitedMs: result.waitedMs ?? 0,
    });
    if (result.closed) this.forget(clientId);
    // The label as it is now: the tab may have been renamed while the command ran.
    await this.runActors(c.label);
    await this.runTimedActors();
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

  async advance(ms: number): Promise<ClockState> {
    const state = await this.inner.advance(ms);
    // Timed actors that fell due run now; their pauses may move the clock further.
    return (await this.runTimedActors()) ? this.inner.now() : state;
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
    this.timed = [];
    this.raws.clear();
    this.db.reset();
    const info = await this.inner.reset(options);
    for (const l of this.transcriptListeners) l("");
    return info;
  }

  dispose(): void {
    for (const id of [...this.conns.keys()]) this.forget(id);
    this.inner.dispose();
  }
}
