/**
 * Replays lesson steps on a real redis-server 7.0 (started here on a free loopback port),
 * rendered as the REPL renders them, so a lesson's stored replies can be compared with what
 * real Redis says, not only with what the engine says.
 *
 * It plays steps the way lessons/runtime/session.ts does on the engine: one TCP connection per
 * client tab, an actor step runs on its tab right after the next command of its `after` tab
 * completes (or, `afterClock`, once that much real time has passed), with its program's
 * branches and pauses played by the runtime's own player (lessons/runtime/programs.ts), a
 * leading number repeats a line (redis-cli's "3 INCR n"), and a tab that said HELLO 3 has its
 * replies rendered in RESP3. Messages (Pub/Sub, client-side caching invalidations) that
 * arrive on a tab are kept as that tab's rendered pushes, in order. An advanceMs step (and an
 * actor's pause) waits that long for real. A raw step writes its bytes as they are and prints
 * each reply's bytes escaped, as raw mode does; a concurrent step is written once the step
 * before it is on the wire (and a moment later, so the server has read that one first). Reads
 * of db:* keys are counted as the runtime counts the simulated database's queries.
 */
import type { Reply } from "@/engine/reply";
import { RequestParser } from "@/engine/resp/parser";
import { splitArgs } from "@/engine/resp/split-args";
import { utf8ToBytes } from "@/engine/util/bytes";
import { escapeBytes } from "@/components/console/resp-text";
import { playPrograms, type ProgramIo } from "@/lessons/runtime/programs";
import { renderReply } from "@/lessons/runtime/recording-engine";
import { rawBytesOf } from "@/lessons/runtime/session";
import { SlowDbCounter } from "@/lessons/runtime/slow-db";
import type { ActorStep, Example, SlowDbCount, Step } from "@/lessons/types";
import { startRealRedis, type RunningRedis } from "./redis-server";
import { RespConnection, encodeCommand } from "./resp-client";

/** What a stored reply and real Redis' reply to the same line look like, side by side. */
export interface RealMismatch {
  example: string;
  /** Index among the example's RunSteps. */
  step: number;
  line: string;
  expected: string;
  real: string;
}

interface Tab {
  conn: RespConnection;
  resp: 2 | 3;
  /** Subscribed to something: under RESP2 a message then looks like an ordinary array. */
  subscribed: boolean;
  /** Raw mode's view of the bytes written so far: how many commands they complete. */
  raw?: RequestParser;
}

type Actor = ActorStep["actor"];
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** How long a concurrent step waits after the step before it is on the wire. */
const CONCURRENT_GAP_MS = 20;

/** Unasked messages: Pub/Sub deliveries and tracking invalidations. */
const MESSAGE_KINDS = new Set(["message", "pmessage", "smessage", "invalidate"]);
const kindOf = (r: Reply): string | null => ((r.t === "array" || r.t === "push") && r.v[0]?.t === "bulk" ? r.v[0].v.toLowerCase() : null);
const SUBSCRIBES = new Set(["subscribe", "psubscribe", "ssubscribe", "unsubscribe", "punsubscribe", "sunsubscribe"]);

export class RealRedisTabs {
  private tabs = new Map<string, Tab>();
  private actors: Actor[] = [];
  private timed: { actor: Actor; dueAt: number }[] = [];
  private readonly db = new SlowDbCounter();
  /** Pushes each tab received that no command of it was waiting for. */
  readonly pushes = new Map<string, string[]>();

  private constructor(
    private readonly redis: RunningRedis,
    /** CONFIG GET * as the server started: reset() puts back whatever an example changed. */
    private readonly baseline: Map<string, string>,
  ) {}

  /** Starts a server; DEBUG is enabled as in the playground unless `extra` says otherwise. */
  static async start(extra: string[] = ["--enable-debug-command", "yes"]): Promise<RealRedisTabs> {
    const redis = await startRealRedis(extra);
    const c = await RespConnection.connect(redis.port);
    const all = (await c.call("CONFIG", "GET", "*")).reply;
    c.close();
    const baseline = new Map<string, string>();
    if (all.t === "array") for (let i = 0; i + 1 < all.v.length; i += 2) baseline.set(str(all.v[i]), str(all.v[i + 1]));
    return new RealRedisTabs(redis, baseline);
  }

  get port(): number {
    return this.redis.port;
  }

  /**
   * As close to a fresh instance as a running server gets: every tab's client killed, data,
   * scripts, functions, stats and the slow log emptied, config back to how the server
   * started, then `config` applied (CONFIG SET pairs, as a module's config is).
   */
  async reset(config: Record<string, string> = {}): Promise<void> {
    this.actors = [];
    this.timed = [];
    this.db.reset();
    this.pushes.clear();
    const c = await RespConnection.connect(this.redis.port);
    // Killed from here, the clients are freed before the reply comes: nothing lingers
    // (a subscriber of the last example must not count in this one's PUBLISH).
    await c.call("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
    await c.call("CLIENT", "KILL", "TYPE", "pubsub", "SKIPME", "yes");
    for (const t of this.tabs.values()) t.conn.close();
    this.tabs.clear();
    for (const argv of [["CLIENT", "UNPAUSE"], ["FLUSHALL"], ["SCRIPT", "FLUSH"], ["FUNCTION", "FLUSH"], ["SLOWLOG", "RESET"], ["LATENCY", "RESET"]]) await c.call(...argv);
    // Not a config parameter; answered with an error where DEBUG is disabled, which is fine.
    await c.call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
    const now = (await c.call("CONFIG", "GET", "*")).reply;
    if (now.t === "array")
      for (let i = 0; i + 1 < now.v.length; i += 2) {
        const name = str(now.v[i]);
        const was = this.baseline.get(name);
        if (was !== undefined && was !== str(now.v[i + 1])) await expectOk(c, ["CONFIG", "SET", name, was]);
      }
    for (const [name, value] of Object.entries(config)) await expectOk(c, ["CONFIG", "SET", name, value]);
    await c.call("CONFIG", "RESETSTAT");
    // QUIT and wait for the close, so the next example does not see this client either.
    c.write(encodeCommand(["QUIT"]));
    await c.waitClosed();
  }

  async stop(): Promise<void> {
    for (const t of this.tabs.values()) t.conn.close();
    this.tabs.clear();
    await this.redis.stop();
  }

  private async tab(label: string): Promise<Tab> {
    let t = this.tabs.get(label);
    if (!t || t.conn.closed) {
      t = { conn: await RespConnection.connect(this.redis.port), resp: 2, subscribed: false };
      this.tabs.set(label, t);
    }
    return t;
  }

  /** The next reply to a command of this tab, keeping any message that comes first. */
  private async reply(label: string, t: Tab, what: string, timeoutMs?: number): Promise<Reply | null> {
    return (await this.rawReply(label, t, what, timeoutMs))?.reply ?? null;
  }

  private async rawReply(label: string, t: Tab, what: string, timeoutMs?: number): Promise<{ reply: Reply; bytes: string } | null> {
    for (;;) {
      const r = await t.conn.next(timeoutMs);
      if (!r) {
        if (timeoutMs !== undefined) return null;
        throw new Error(`real Redis sent no reply to ${what} in tab ${label}`);
      }
      const kind = kindOf(r.reply);
      if (kind && MESSAGE_KINDS.has(kind) && (r.reply.t === "push" || t.subscribed)) {
        this.push(label, renderReply(null, r.reply, t.resp));
        continue;
      }
      return r;
    }
  }

  /** The simulated slow database's queries, counted as the runtime counts them. */
  slowDb(): SlowDbCount {
    return this.db.read();
  }

  /** Runs one REPL line in a tab; returns what the REPL prints (lines joined by \n). */
  async line(label: string, line: string, onSent?: () => void): Promise<string> {
    return (await this.exec(label, line, onSent)).text;
  }

  /** One REPL line: what it prints and the typed reply of its last command; then the actors it triggers. */
  private async exec(label: string, line: string, onSent?: () => void): Promise<{ text: string; reply: Reply | null }> {
    const parsed = splitArgs(utf8ToBytes(line));
    if (parsed === null) return { text: "Invalid argument(s)", reply: null };
    if (!parsed.length) return { text: "", reply: null };
    let argv = parsed;
    let repeat = 1;
    if (argv.length > 1 && /^\s*[+-]?\d+$/.test(argv[0])) {
      repeat = Number(argv[0]);
      argv = argv.slice(1);
    }
    const texts: string[] = [];
    let reply: Reply | null = null;
    for (let i = 0; i < repeat; i++) {
      const r = await this.once(label, argv, line, i === 0 ? onSent : undefined);
      texts.push(r.text);
      reply = r.reply;
    }
    await this.afterCommand(label);
    return { text: texts.join("\n"), reply };
  }

  /** Plays the actors due after a command of `label`, then the timed ones whose time has come. */
  private async afterCommand(label: string): Promise<void> {
    const due = this.actors.filter((a) => (a.after ?? "main") === label);
    this.actors = this.actors.filter((a) => !due.includes(a));
    if (due.length) await playPrograms(due, this.programIo);
    const now = performance.now();
    const timed = this.timed.filter((t) => t.dueAt <= now);
    this.timed = this.timed.filter((t) => !timed.includes(t));
    if (timed.length) await playPrograms(timed.map((t) => t.actor), this.programIo);
  }

  private readonly programIo: ProgramIo = {
    run: async (client, line) => (await this.exec(client, line)).reply,
    now: async () => performance.now(),
    waitUntil: (t) => sleep(Math.max(0, t - performance.now())),
  };

  /**
   * Types one line in a tab's raw mode: its bytes go out as they are, and each command they
   * complete gets its reply printed as raw mode prints it (the bytes, escaped).
   */
  async rawLine(label: string, typed: string, onSent?: () => void): Promise<string> {
    if (!typed) return "";
    const bytes = rawBytesOf(typed);
    const t = await this.tab(label);
    t.raw ??= new RequestParser();
    t.raw.push(bytes);
    t.conn.write(bytes);
    onSent?.();
    const out: string[] = [];
    for (let argv = t.raw.next(); argv; argv = t.raw.next()) {
      const r = await this.rawReply(label, t, typed);
      if (!r) break;
      this.db.note(label, argv, r.reply);
      out.push(escapeBytes(r.bytes));
      if (argv[0].toLowerCase() === "quit") {
        out.push("Connection closed by the server.");
        t.conn.close();
        this.tabs.delete(label);
        break;
      }
    }
    if (t.raw.error) {
      const r = await this.rawReply(label, t, typed);
      if (r) out.push(escapeBytes(r.bytes));
      out.push("Connection closed by the server (protocol error). The next line opens a new connection.");
      t.conn.close();
      this.tabs.delete(label);
    } else if (this.tabs.has(label) && t.raw.buffered > 0) out.push(`(${t.raw.buffered} bytes buffered: the frame is not complete yet)`);
    await this.afterCommand(label);
    return out.join("\n");
  }

  private async once(label: string, argv: string[], line: string, onSent?: () => void): Promise<{ text: string; reply: Reply }> {
    const t = await this.tab(label);
    t.conn.write(encodeCommand(argv));
    onSent?.();
    const reply = await this.reply(label, t, line);
    if (!reply) throw new Error(`no reply to ${line}`);
    this.db.note(label, argv, reply);
    const cmd = argv[0].toLowerCase();
    if (cmd === "hello" && argv.length > 1 && reply.t !== "error") t.resp = Number(argv[1]) === 3 ? 3 : 2;
    if (cmd === "reset" && reply.t !== "error") Object.assign(t, { resp: 2, subscribed: false });
    let text = renderReply(argv, reply, t.resp);
    if (SUBSCRIBES.has(cmd) && reply.t !== "error") {
      // One confirmation per channel named; the REPL shows them as one output. Without a
      // name, UNSUBSCRIBE confirms each channel it drops: take those that come promptly.
      let last: Reply = reply;
      const named = argv.length - 1;
      for (let n = 1; named ? n < named : true; n++) {
        const more = await this.reply(label, t, line, named ? undefined : 50);
        if (!more) break;
        text += `\n${renderReply(argv, more, t.resp)}`;
        last = more;
      }
      const count = (last.t === "array" || last.t === "push") && last.v[2]?.t === "int" ? Number(last.v[2].v) : 0;
      t.subscribed = count > 0;
    }
    return { text, reply };
  }

  private push(label: string, text: string): void {
    const list = this.pushes.get(label) ?? [];
    list.push(text);
    this.pushes.set(label, list);
  }

  /** Collects the pushes waiting on a tab (waits up to `ms` for each further one). */
  async drain(label: string, ms = 50): Promise<string[]> {
    const t = this.tabs.get(label);
    if (t) for (let r = await t.conn.next(ms); r; r = await t.conn.next(ms)) this.push(label, renderReply(null, r.reply, t.resp));
    return this.pushes.get(label) ?? [];
  }

  /**
   * Runs steps; returns each RunStep's output, in step order. An advanceMs step waits that
   * long for real; a concurrent step goes out while the one before still waits for its reply.
   */
  async run(steps: readonly Step[]): Promise<string[]> {
    const out: (string | undefined)[] = [];
    let inFlight: Promise<void>[] = [];
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i];
      const concurrent = "run" in s && s.concurrent === true;
      if (!concurrent && inFlight.length) {
        await Promise.all(inFlight);
        inFlight = [];
      }
      if ("actor" in s) {
        if (s.actor.when === "afterClock") this.timed.push({ actor: s.actor, dueAt: performance.now() + (s.actor.ms ?? 0) });
        else this.actors.push(s.actor);
        continue;
      }
      if (!("run" in s)) {
        await sleep(s.advanceMs);
        await this.afterCommand("");
        continue;
      }
      const next = steps[i + 1];
      const before = next !== undefined && "run" in next && next.concurrent === true;
      let sent = () => {};
      const onWire = new Promise<void>((r) => (sent = r));
      const label = s.client ?? "main";
      const done = (s.raw ? this.rawLine(label, s.run, sent) : this.line(label, s.run, sent)).then((text) => void (out[i] = text));
      if (!before && !concurrent) {
        await done;
        continue;
      }
      inFlight.push(done);
      if (before) {
        await Promise.race([onWire, done]);
        await sleep(CONCURRENT_GAP_MS);
      }
    }
    await Promise.all(inFlight);
    return out.filter((o): o is string => o !== undefined);
  }

  /**
   * Replays examples as the shared suite does on the engine (each on a fresh server state
   * unless `fresh: false`, with `config` applied) and returns the replies that differ from
   * `expect`. A step whose `expect` is null (nondeterministic, said in the note) is not compared.
   */
  async replayExamples(examples: readonly Example[], config?: Record<string, string>): Promise<RealMismatch[]> {
    const out: RealMismatch[] = [];
    let first = true;
    for (const ex of examples) {
      if (first || ex.fresh !== false) await this.reset(config);
      first = false;
      const got = await this.run(ex.steps);
      const lines = ex.steps.flatMap((s) => ("run" in s ? [s.run] : []));
      ex.expect.forEach((want, i) => {
        if (want !== null && got[i] !== want) out.push({ example: ex.id, step: i, line: lines[i], expected: want, real: got[i] });
      });
    }
    return out;
  }
}

const str = (r: Reply): string => (r.t === "bulk" || r.t === "simple" ? r.v : "");

async function expectOk(c: RespConnection, argv: string[]): Promise<void> {
  const r = (await c.call(...argv)).reply;
  if (r.t === "error") throw new Error(`real Redis refused ${argv.join(" ")}: ${r.v}`);
}
