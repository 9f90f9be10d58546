/**
 * A differential harness for connections whose output is a stream rather than one reply per
 * command (Pub/Sub: several confirmations per SUBSCRIBE, messages arriving at any moment).
 *
 * Each named session is a RespSession on the engine (bytes captured from its transport) and a
 * raw socket to a real redis-server 7.0. Commands are sent on both; `sync()` then sends every
 * open session a `PING <token>` and waits for the token on the real side, after which
 * everything each session received since the last sync is compared byte for byte.
 */
import net from "node:net";
import { Clock } from "../../engine/clock";
import { RespSession } from "../../engine/resp/session";
import { createServer, type Server } from "../../engine/server";
import { loadLuaVm } from "../../engine/scripting-wasm/lua-wasm";
import { encodeCommand } from "./resp-client";
import { startRealRedis, type RunningRedis } from "./redis-server";

interface StreamSession {
  engine: RespSession;
  engineOut: string;
  engineClosed: boolean;
  socket: net.Socket;
  realOut: string;
  realClosed: boolean;
}

export interface StreamMismatch {
  session: string;
  engine: string;
  real: string;
}

export class StreamPair {
  private readonly sessions = new Map<string, StreamSession>();
  private token = 0;

  private constructor(
    readonly real: RunningRedis,
    readonly engine: Server,
  ) {}

  static async start(config: Record<string, string> = {}): Promise<StreamPair> {
    const args = Object.entries(config).flatMap(([k, v]) => [`--${k}`, v]);
    const real = await startRealRedis(args);
    const engine = createServer({ profile: "redis", config, clock: new Clock(() => Date.now()), lua: await loadLuaVm() });
    return new StreamPair(real, engine);
  }

  async session(name: string): Promise<StreamSession> {
    let s = this.sessions.get(name);
    if (s) return s;
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const sock = net.createConnection({ port: this.real.port, host: "127.0.0.1" }, () => resolve(sock));
      sock.setNoDelay(true);
      sock.once("error", reject);
    });
    const created: StreamSession = {
      engine: undefined as unknown as RespSession,
      engineOut: "",
      engineClosed: false,
      socket,
      realOut: "",
      realClosed: false,
    };
    created.engine = new RespSession(this.engine.connect(), {
      write: (bytes) => (created.engineOut += bytes),
      end: () => (created.engineClosed = true),
      destroy: () => (created.engineClosed = true),
    });
    socket.on("data", (chunk) => (created.realOut += chunk.toString("latin1")));
    socket.on("close", () => (created.realClosed = true));
    socket.on("error", () => {});
    this.sessions.set(name, created);
    s = created;
    return s;
  }

  /** Sends one command on a session, on both sides, without waiting. */
  async send(name: string, ...argv: string[]): Promise<void> {
    const s = await this.session(name);
    const bytes = encodeCommand(argv);
    s.socket.write(Buffer.from(bytes, "latin1"));
    s.engine.receive(bytes);
  }

  /** Waits until every open session has answered a PING sent now; returns what differs. */
  async sync(first?: string): Promise<StreamMismatch[]> {
    const tag = `sync-${++this.token}`;
    const open = [...this.sessions.entries()].filter(([, s]) => !s.realClosed && !s.engineClosed);
    // The session that sent the last command is synced alone first: its command has then run
    // on the real server before any other connection's PING can be read.
    const order = [...open.filter(([n]) => n === first), ...open.filter(([n]) => n !== first)];
    const groups = first ? [order.slice(0, 1), order.slice(1)] : [order];
    const deadline = Date.now() + 5000;
    for (const group of groups) {
      for (const [name] of group) await this.send(name, "PING", tag);
      for (const [, s] of group) {
        while (!s.realOut.endsWith(`${tag}\r\n`) && !s.realClosed && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 1));
          // The engine's timers (a blocked command's timeout) run on real time meanwhile.
          this.engine.tick();
        }
      }
    }
    // Pushes the engine delivers between commands are flushed in a microtask.
    await new Promise((r) => setTimeout(r, 1));
    this.engine.tick();
    await new Promise((r) => setTimeout(r, 1));
    const out: StreamMismatch[] = [];
    for (const [name, s] of this.sessions) {
      if (s.engineOut !== s.realOut) out.push({ session: name, engine: s.engineOut, real: s.realOut });
      s.engineOut = "";
      s.realOut = "";
    }
    return out;
  }

  /** Runs a command whose output is not compared (HELLO shows client ids), then syncs. */
  async quiet(name: string, ...argv: string[]): Promise<void> {
    await this.send(name, ...argv);
    await this.sync();
  }

  /** Runs steps ([session, ...argv]) each followed by a sync; returns every mismatch. */
  async run(steps: readonly (readonly string[])[]): Promise<StreamMismatch[]> {
    const out: StreamMismatch[] = [];
    for (const [name, ...argv] of steps) {
      await this.send(name, ...argv);
      for (const m of await this.sync(name)) out.push({ ...m, session: `${m.session} after ${JSON.stringify([name, ...argv])}` });
    }
    return out;
  }

  /** Hangs up one session on both sides. */
  async close(name: string): Promise<void> {
    const s = this.sessions.get(name);
    if (!s) return;
    this.sessions.delete(name);
    s.engine.disconnected();
    await new Promise<void>((resolve) => {
      if (s.realClosed) return resolve();
      s.socket.once("close", () => resolve());
      s.socket.destroy();
    });
    // The real server notices the hang-up on its next event-loop turn.
    await new Promise((r) => setTimeout(r, 20));
  }

  /** Closes every session and empties both servers. */
  async reset(): Promise<void> {
    for (const name of [...this.sessions.keys()]) await this.close(name);
    await this.send("__reset", "FLUSHALL");
    await this.send("__reset", "CONFIG", "SET", "notify-keyspace-events", "");
    await this.sync();
    await this.close("__reset");
  }

  async stop(): Promise<void> {
    for (const s of this.sessions.values()) s.socket.destroy();
    await this.real.stop();
  }
}

export function describeStreamMismatches(ms: readonly StreamMismatch[]): string {
  return ms.map((m) => `[${m.session}]\n  engine: ${JSON.stringify(m.engine)}\n  redis:  ${JSON.stringify(m.real)}`).join("\n");
}
