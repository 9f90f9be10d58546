/**
 * A differential harness for CLIENT PAUSE and other multi-connection cases where a connection
 * may sit with no reply for a while (held by a pause, blocked on a key).
 *
 * Each named session is a RespSession on the engine (bytes captured from its transport) and a
 * raw socket to a real redis-server 7.0. After each step, `sync()` waits until both servers
 * have done everything they can: connections that are not waiting answer a `PING <token>`
 * (those in MULTI, with replies off, or monitoring are awaited by their output instead);
 * for held ones, the real server's blocked_clients must match the engine's (read on a probe
 * connection). Under a pause of type ALL nothing answers (not even INFO), so the harness just
 * waits a little. Then everything each session received since the last sync, and whether it
 * was closed, is compared byte for byte, after an optional mask for what Redis leaves
 * nondeterministic (ids, addresses, timings).
 */
import net from "node:net";
import { Clock } from "../../engine/clock";
import type { Client } from "../../engine/client";
import { isMonitor } from "../../engine/monitor";
import { RespSession } from "../../engine/resp/session";
import { createServer, type Server } from "../../engine/server";
import { encodeCommand, RespConnection } from "./resp-client";
import { startRealRedis, type RunningRedis } from "./redis-server";

interface Side {
  out: string;
  closed: boolean;
}

interface PairSession {
  client: Client;
  engine: RespSession;
  e: Side;
  socket: net.Socket;
  r: Side;
  /** The connection's id on each side, for CLIENT KILL / UNBLOCK steps; the real one looked up when first needed. */
  engineId: number;
  realId: number | null;
}

export interface PairMismatch {
  session: string;
  step: string;
  engine: string;
  real: string;
}

/** A step: [session, ...argv]; `$id:<name>` in argv is replaced by that session's id on each side. */
export type Step = readonly string[] | { wait: number } | { mask: (out: string) => string; step: readonly string[] };

/** The real server's extra connection (INFO probes); CLIENT LIST masks drop its line. */
export const PROBE_NAME = "__pause_pair_probe";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class PausePair {
  private readonly sessions = new Map<string, PairSession>();
  private probe: RespConnection | null = null;
  private token = 0;

  private constructor(
    readonly real: RunningRedis,
    readonly engine: Server,
  ) {}

  static async start(config: Record<string, string> = {}): Promise<PausePair> {
    const args = Object.entries(config).flatMap(([k, v]) => [`--${k}`, v]);
    const real = await startRealRedis(args);
    const engine = createServer({ profile: "redis", config, clock: new Clock(() => Date.now()) });
    return new PausePair(real, engine);
  }

  async session(name: string): Promise<PairSession> {
    const existing = this.sessions.get(name);
    if (existing) return existing;
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const sock = net.createConnection({ port: this.real.port, host: "127.0.0.1" }, () => resolve(sock));
      sock.setNoDelay(true);
      sock.once("error", reject);
    });
    const r: Side = { out: "", closed: false };
    socket.on("data", (chunk) => (r.out += chunk.toString("latin1")));
    socket.on("close", () => (r.closed = true));
    socket.on("error", () => {});
    const e: Side = { out: "", closed: false };
    const client = this.engine.connect();
    const engine = new RespSession(client, {
      write: (bytes) => (e.out += bytes),
      end: () => (e.closed = true),
      destroy: () => (e.closed = true),
    });
    const s: PairSession = { client, engine, e, socket, r, engineId: client.id, realId: null };
    this.sessions.set(name, s);
    return s;
  }

  private async ids(argv: readonly string[]): Promise<{ engine: string[]; real: string[] }> {
    const engine: string[] = [];
    const real: string[] = [];
    for (const a of argv) {
      if (a.startsWith("$id:")) {
        const s = await this.session(a.slice(4));
        engine.push(String(s.engineId));
        real.push(String(await this.realId(s)));
      } else {
        engine.push(a);
        real.push(a);
      }
    }
    return { engine, real };
  }

  /**
   * A session's id on the real server, found by its address in the probe's CLIENT LIST (asking
   * on the session itself would show in MONITOR output, and wait behind a pause).
   */
  private async realId(s: PairSession): Promise<number> {
    if (s.realId !== null) return s.realId;
    this.probe ??= await this.connectProbe();
    const list = (await this.probe.call("CLIENT", "LIST")).bytes;
    const m = new RegExp(`id=(\\d+) addr=127\\.0\\.0\\.1:${s.socket.localPort} `).exec(list);
    if (!m) throw new Error(`no real client at port ${s.socket.localPort}`);
    return (s.realId = Number(m[1]));
  }

  /** Sends one command on a session, on both sides, without waiting. */
  async send(name: string, ...argv: string[]): Promise<void> {
    const s = await this.session(name);
    const { engine, real } = await this.ids(argv);
    s.socket.write(Buffer.from(encodeCommand(real), "latin1"));
    s.engine.receive(encodeCommand(engine));
  }

  private waiting(s: PairSession): boolean {
    return s.client.blocked !== null || this.engine.pause.isHeld(s.client);
  }

  private open(): [string, PairSession][] {
    return [...this.sessions.entries()].filter(([, s]) => !s.e.closed && !s.r.closed);
  }

  /** The probe names itself so CLIENT LIST masks can leave its line out (see PROBE_NAME). */
  private async connectProbe(): Promise<RespConnection> {
    const probe = await RespConnection.connect(this.real.port);
    await probe.call("CLIENT", "SETNAME", PROBE_NAME);
    return probe;
  }

  /** Waits until both servers are idle (see the file comment); returns what differs. */
  async sync(first?: string, label = "", mask?: (out: string) => string): Promise<PairMismatch[]> {
    this.engine.tick();
    const deadline = Date.now() + 3000;
    const pingAll = async (names: [string, PairSession][]) => {
      const tag = `sync-${++this.token}`;
      // A session in MULTI would queue the PING, one with CLIENT REPLY OFF|SKIP not answer it:
      // those are awaited by their output instead.
      // (A monitor's output also gets the monitor lines of everyone's PINGs.)
      const mute = (s: PairSession) =>
        s.client.multi !== null || s.client.replyOff || s.client.replySkip || s.client.replySkipNext || isMonitor(s.client);
      const pinged = names.filter(([, s]) => !this.waiting(s) && !mute(s) && !s.e.closed && !s.r.closed);
      for (const [, s] of names.filter(([, s]) => mute(s) && !this.waiting(s))) {
        const until = Math.min(deadline, Date.now() + 300);
        // Lines, not bytes: monitor lines carry timestamps and addresses of other widths.
        const lines = (out: string) => out.split("\r\n").length;
        while (lines(s.r.out) < lines(s.e.out) && Date.now() < until) {
          await sleep(1);
          this.engine.tick();
        }
      }
      for (const [, s] of pinged) {
        s.socket.write(Buffer.from(encodeCommand(["PING", tag]), "latin1"));
        s.engine.receive(encodeCommand(["PING", tag]));
      }
      for (const [, s] of pinged) {
        while (!s.r.out.endsWith(`${tag}\r\n`) && !s.r.closed && Date.now() < deadline) {
          await sleep(1);
          this.engine.tick();
        }
      }
    };
    // A function, not a narrowed field: the pause may change across the awaits below.
    const allPaused = () => this.engine.pause.current === "all";
    if (allPaused()) {
      // Every command would be held, INFO included: give the real server time to get there.
      // (generous: on a loaded machine the real server may need a while to read and hold them)
      for (let i = 0; i < 15; i++) {
        await sleep(10);
        this.engine.tick();
      }
    } else {
      // The sender first, so its command has run on the real server before the others' PINGs.
      const open = this.open();
      await pingAll(open.filter(([n]) => n === first));
      this.engine.tick();
      await pingAll(open.filter(([n]) => n !== first));
      if (!allPaused() && this.engine.blocking.blockedClients > 0) {
        this.probe ??= await this.connectProbe();
        while (Date.now() < deadline) {
          const info = (await this.probe.call("INFO", "clients")).bytes;
          if (Number(/blocked_clients:(\d+)/.exec(info)?.[1]) === this.engine.blocking.blockedClients) break;
          await sleep(2);
          this.engine.tick();
        }
      }
    }
    await sleep(2);
    this.engine.tick();
    await sleep(2);
    const out: PairMismatch[] = [];
    for (const [name, s] of this.sessions) {
      const e = (mask ? mask(s.e.out) : s.e.out) + (s.e.closed ? "<closed>" : "");
      const r = (mask ? mask(s.r.out) : s.r.out) + (s.r.closed ? "<closed>" : "");
      if (e !== r) out.push({ session: name, step: label, engine: e, real: r });
      s.e.out = "";
      s.r.out = "";
    }
    return out;
  }

  /** Runs the steps, each followed by a sync; returns every mismatch. `maskAll` masks steps without their own. */
  async run(steps: readonly Step[], maskAll?: (out: string) => string): Promise<PairMismatch[]> {
    const out: PairMismatch[] = [];
    for (const step of steps) {
      if ("wait" in step) {
        const until = Date.now() + step.wait;
        while (Date.now() < until) {
          await sleep(5);
          this.engine.tick();
        }
        out.push(...(await this.sync(undefined, `wait ${step.wait}`, maskAll)));
        continue;
      }
      const argv = "mask" in step ? step.step : step;
      const mask = "mask" in step ? step.mask : maskAll;
      const [name, ...cmd] = argv;
      await this.send(name, ...cmd);
      out.push(...(await this.sync(name, JSON.stringify(argv), mask)));
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
      if (s.r.closed) return resolve();
      s.socket.once("close", () => resolve());
      s.socket.destroy();
    });
    // The real server notices the hang-up on its next event-loop turn.
    await sleep(20);
  }

  /** Ends any pause, closes every session and empties both servers. */
  async reset(): Promise<void> {
    for (const name of [...this.sessions.keys()]) await this.close(name);
    // A pause of type ALL would hold the reset itself: wait for it to run out.
    for (let i = 0; i < 200 && this.engine.pause.current === "all"; i++) {
      await sleep(10);
      this.engine.tick();
    }
    await this.send("__reset", "CLIENT", "UNPAUSE");
    await this.send("__reset", "FLUSHALL");
    await this.send("__reset", "CONFIG", "SET", "notify-keyspace-events", "");
    await this.send("__reset", "CONFIG", "RESETSTAT");
    await this.sync("__reset");
    await this.close("__reset");
  }

  async stop(): Promise<void> {
    for (const s of this.sessions.values()) s.socket.destroy();
    this.probe?.close();
    await this.real.stop();
  }
}

export function describePairMismatches(ms: readonly PairMismatch[]): string {
  return ms.map((m) => `[${m.session} after ${m.step}]\n  engine: ${JSON.stringify(m.engine)}\n  redis:  ${JSON.stringify(m.real)}`).join("\n");
}
