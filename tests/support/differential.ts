/**
 * The differential harness: the same commands run on the engine and on a real redis-server
 * 7.0 started for the test, and the replies are compared as RESP bytes.
 *
 * The engine runs in-process with the `redis` profile and a real clock; each named session is
 * one client on each side. A case may name an exemption (tests/conformance/exemptions.ts)
 * when Redis itself is nondeterministic; otherwise the bytes must be identical.
 *
 * Blocking commands: a command that blocks on both sides (BLPOP on an empty list) is awaited
 * until both answer (compare/both). To block one session while others push, `start()` sends
 * it and returns once both servers hold the client blocked; `finish()` then compares the two
 * replies when they come. While an engine client is blocked, the engine's timers run on real
 * time, so its timeouts fire as the real server's do.
 */
import { createServer, type Server } from "../../engine/server";
import { Clock } from "../../engine/clock";
import type { Client } from "../../engine/client";
import { encodeReply } from "../../engine/resp/encode";
import type { Reply } from "../../engine/reply";
import { RespConnection, decodeReply, encodeCommand } from "./resp-client";
import { startRealRedis, type RunningRedis } from "./redis-server";
import type { Normaliser } from "../conformance/exemptions";
import { loadLuaVm } from "../../engine/scripting-wasm/lua-wasm";

export interface Case {
  cmd: string[];
  /** Applied to both decoded replies before comparing, when Redis is nondeterministic. */
  norm?: Normaliser;
  /** Which session sends it (default "main"). */
  client?: string;
}

/** A command sent by start() whose replies finish() compares. */
export interface Pending {
  client: string;
  cmd: string[];
  norm?: Normaliser;
  engine: Promise<Reply | null>;
  real: Promise<string | null>;
  /** Whether each side has answered yet. */
  readonly answered: { engine: boolean; real: boolean };
}

/** How long a blocked reply is awaited before it counts as missing. */
const BLOCKED_REPLY_WAIT_MS = 10_000;

export interface Mismatch {
  client: string;
  cmd: string[];
  engine: string;
  real: string;
}

interface Session {
  engine: Client;
  real: RespConnection;
}

export interface DifferentialOptions {
  /** Extra redis-server arguments, also applied to the engine's config. */
  config?: Record<string, string>;
}

export class Differential {
  private sessions = new Map<string, Session>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private probe: RespConnection | null = null;
  /** Engine-side waits still open, ended (with no reply) when the sessions close. */
  private readonly waits = new Map<string, () => void>();

  private constructor(
    readonly real: RunningRedis,
    readonly engine: Server,
  ) {}

  static async start(options: DifferentialOptions = {}): Promise<Differential> {
    const config = options.config ?? {};
    const args = Object.entries(config).flatMap(([k, v]) => [`--${k}`, v]);
    const real = await startRealRedis(args);
    const lua = await loadLuaVm();
    // The real server runs with `--save '' --appendonly no` (redis-server.ts); so does the engine.
    const engineConfig = { save: "", appendonly: "no", ...config };
    const engine = createServer({ profile: "redis", config: engineConfig, clock: new Clock(() => Date.now()), lua });
    return new Differential(real, engine);
  }

  async session(name = "main"): Promise<Session> {
    let s = this.sessions.get(name);
    if (!s) {
      s = { engine: this.engine.connect(), real: await RespConnection.connect(this.real.port) };
      this.sessions.set(name, s);
    }
    return s;
  }

  /** Closes every session and empties both servers, so each test starts clean. */
  async reset(): Promise<void> {
    for (const end of [...this.waits.values()]) end();
    for (const s of this.sessions.values()) {
      s.engine.close();
      s.real.close();
    }
    this.sessions.clear();
    const s = await this.session("__reset");
    for (const cmd of [["FLUSHALL"], ["CONFIG", "RESETSTAT"]]) {
      await s.real.call(...cmd);
      s.engine.execute(cmd);
    }
    s.engine.close();
    s.real.close();
    this.sessions.delete("__reset");
  }

  /**
   * Runs one command on both sides; returns both replies as bytes (after normalising). A
   * command that blocks is awaited on both sides (e.g. BLPOP with a short timeout).
   */
  async both(cmd: string[], client = "main", norm?: Normaliser): Promise<{ engine: string; real: string }> {
    const p = await this.send(cmd, client, norm);
    return this.replies(p);
  }

  /**
   * Sends a command that may block, on both sides, and returns once each server has either
   * answered it or holds the client blocked (checked with INFO clients on a separate
   * connection, which the real server counts in its command statistics). finish() compares
   * the replies.
   */
  async start(cmd: string[], client = "main", norm?: Normaliser): Promise<Pending> {
    const p = await this.send(cmd, client, norm);
    await this.settle(p);
    return p;
  }

  /**
   * Waits (up to 2 s) until the real server holds as many clients blocked as the engine does,
   * or until `p` has its real reply: after a push, the clients the engine served have been
   * served by the real server too. Each check is an INFO clients on a separate connection.
   */
  async settle(p?: Pending): Promise<void> {
    const engineBlocked = this.engine.blocking.blockedClients;
    this.probe ??= await RespConnection.connect(this.real.port);
    const deadline = Date.now() + 2000;
    while (!p?.answered.real && Date.now() < deadline) {
      const info = (await this.probe.call("INFO", "clients")).bytes;
      if (Number(/blocked_clients:(\d+)/.exec(info)?.[1]) === engineBlocked) break;
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  /** Closes one session on both sides (a blocked client that hangs up). */
  async close(client: string): Promise<void> {
    const s = this.sessions.get(client);
    if (!s) return;
    this.sessions.delete(client);
    this.waits.get(client)?.();
    s.engine.close();
    s.real.close();
    await s.real.waitClosed();
  }

  /** Waits for both replies of a started command and returns the mismatch, if any. */
  async finish(p: Pending): Promise<Mismatch[]> {
    const r = await this.replies(p);
    return r.engine === r.real ? [] : [{ client: p.client, cmd: p.cmd, engine: r.engine, real: r.real }];
  }

  private async send(cmd: string[], client: string, norm?: Normaliser): Promise<Pending> {
    const s = await this.session(client);
    this.engine.tick();
    const first = s.engine.send(cmd);
    const answered = { engine: false, real: false };
    let engine: Promise<Reply | null>;
    if (first.t === "blocked") {
      engine = new Promise((resolve) => {
        const end = (r: Reply | null) => {
          clearTimeout(t);
          this.waits.delete(client);
          s.engine.onDeferredReply = null;
          resolve(r);
        };
        const stop = () => end(null);
        const t = setTimeout(stop, BLOCKED_REPLY_WAIT_MS);
        this.waits.set(client, stop);
        s.engine.onDeferredReply = end;
      });
      this.arm();
    } else {
      engine = Promise.resolve(first);
    }
    s.real.write(encodeCommand(cmd));
    const real = s.real.next(BLOCKED_REPLY_WAIT_MS).then((r) => r?.bytes ?? null);
    void engine.then(() => (answered.engine = true));
    void real.then(() => (answered.real = true));
    return { client, cmd, norm, engine, real, answered };
  }

  /** Both replies as bytes in the session's protocol; a reply that never came shows as "<none>". */
  private async replies(p: Pending): Promise<{ engine: string; real: string }> {
    const [engineReply, realBytes] = await Promise.all([p.engine, p.real]);
    const resp = (await this.session(p.client)).engine.resp;
    const realReply = realBytes === null ? null : decodeReply(realBytes, 0)!.reply;
    const engineText = engineReply === null ? "<none>" : encodeReply(p.norm ? p.norm(engineReply) : engineReply, resp);
    const realText = realReply === null ? "<none>" : p.norm ? encodeReply(p.norm(realReply), resp) : realBytes!;
    return { engine: engineText, real: realText };
  }

  /** Runs the engine's timers on real time while some engine client is blocked (its timeout). */
  private arm(): void {
    if (this.timer) return;
    const at = this.engine.nextTimerAt();
    if (at === undefined || !this.engine.blocking.blockedClients) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.engine.tick();
      this.arm();
    }, Math.max(0, at - this.engine.now()));
  }

  /** Runs the cases in order and returns every mismatch. */
  async compare(cases: readonly (Case | string[])[]): Promise<Mismatch[]> {
    const out: Mismatch[] = [];
    for (const c of cases) {
      const k: Case = Array.isArray(c) ? { cmd: c } : c;
      const client = k.client ?? "main";
      const r = await this.both(k.cmd, client, k.norm);
      if (r.engine !== r.real) out.push({ client, cmd: k.cmd, engine: r.engine, real: r.real });
    }
    return out;
  }

  /** The engine's reply (typed) for a command, for tests that also inspect structure. */
  async engineOnly(cmd: string[], client = "main"): Promise<Reply> {
    return (await this.session(client)).engine.execute(cmd);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.probe?.close();
    for (const s of this.sessions.values()) s.real.close();
    await this.real.stop();
  }
}

/** Readable failure text: shows each mismatching command and both byte strings. */
export function describeMismatches(ms: readonly Mismatch[]): string {
  return ms
    .map((m) => `[${m.client}] ${JSON.stringify(m.cmd)}\n  engine: ${JSON.stringify(m.engine)}\n  redis:  ${JSON.stringify(m.real)}`)
    .join("\n");
}
