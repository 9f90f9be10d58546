/**
 * Replays lesson steps on a real redis-server 7.0 (started here on a free loopback port),
 * rendered as the REPL renders them, so a lesson's stored replies can be compared with what
 * real Redis says, not only with what the engine says.
 *
 * It plays steps the way lessons/runtime/session.ts does on the engine: one TCP connection per
 * client tab, an actor step runs on its tab right after the next command of its `after` tab
 * completes, a leading number repeats a line (redis-cli's "3 INCR n"), and a tab that said
 * HELLO 3 has its replies rendered in RESP3. Messages (Pub/Sub, client-side caching
 * invalidations) that arrive on a tab are kept as that tab's rendered pushes, in order.
 * An advanceMs step waits that long for real.
 */
import type { Reply } from "@/engine/reply";
import { splitArgs } from "@/engine/resp/split-args";
import { utf8ToBytes } from "@/engine/util/bytes";
import { renderReply } from "@/lessons/runtime/recording-engine";
import type { Example, Step } from "@/lessons/types";
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
}

/** Unasked messages: Pub/Sub deliveries and tracking invalidations. */
const MESSAGE_KINDS = new Set(["message", "pmessage", "smessage", "invalidate"]);
const kindOf = (r: Reply): string | null => ((r.t === "array" || r.t === "push") && r.v[0]?.t === "bulk" ? r.v[0].v.toLowerCase() : null);
const SUBSCRIBES = new Set(["subscribe", "psubscribe", "ssubscribe", "unsubscribe", "punsubscribe", "sunsubscribe"]);

export class RealRedisTabs {
  private tabs = new Map<string, Tab>();
  private actors: { client: string; after: string; run: string }[] = [];
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
      return r.reply;
    }
  }

  /** Runs one REPL line in a tab; returns what the REPL prints (lines joined by \n). */
  async line(label: string, line: string): Promise<string> {
    const parsed = splitArgs(utf8ToBytes(line));
    if (parsed === null) return "Invalid argument(s)";
    if (!parsed.length) return "";
    let argv = parsed;
    let repeat = 1;
    if (argv.length > 1 && /^\s*[+-]?\d+$/.test(argv[0])) {
      repeat = Number(argv[0]);
      argv = argv.slice(1);
    }
    const texts: string[] = [];
    for (let i = 0; i < repeat; i++) texts.push(await this.once(label, argv, line));
    const due = this.actors.filter((a) => a.after === label);
    this.actors = this.actors.filter((a) => a.after !== label);
    for (const a of due) await this.line(a.client, a.run);
    return texts.join("\n");
  }

  private async once(label: string, argv: string[], line: string): Promise<string> {
    const t = await this.tab(label);
    t.conn.write(encodeCommand(argv));
    const reply = await this.reply(label, t, line);
    if (!reply) throw new Error(`no reply to ${line}`);
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
    return text;
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

  /** Runs steps; returns each RunStep's output. An advanceMs step waits that long for real. */
  async run(steps: readonly Step[]): Promise<string[]> {
    const out: string[] = [];
    for (const s of steps) {
      if ("run" in s) out.push(await this.line(s.client ?? "main", s.run));
      else if ("actor" in s) this.actors.push({ client: s.actor.client, after: s.actor.after ?? "main", run: s.actor.run });
      else await new Promise((r) => setTimeout(r, s.advanceMs));
    }
    return out;
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
