/**
 * The differential harness: the same commands run on the engine and on a real redis-server
 * 7.0 started for the test, and the replies are compared as RESP bytes.
 *
 * The engine runs in-process with the `redis` profile and a real clock; each named session is
 * one client on each side. A case may name an exemption (tests/conformance/exemptions.ts)
 * when Redis itself is nondeterministic; otherwise the bytes must be identical.
 */
import { createServer, type Server } from "../../engine/server";
import { Clock } from "../../engine/clock";
import type { Client } from "../../engine/client";
import { encodeReply } from "../../engine/resp/encode";
import type { Reply } from "../../engine/reply";
import { RespConnection, decodeReply } from "./resp-client";
import { startRealRedis, type RunningRedis } from "./redis-server";
import type { Normaliser } from "../conformance/exemptions";

export interface Case {
  cmd: string[];
  /** Applied to both decoded replies before comparing, when Redis is nondeterministic. */
  norm?: Normaliser;
  /** Which session sends it (default "main"). */
  client?: string;
}

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

  private constructor(
    readonly real: RunningRedis,
    readonly engine: Server,
  ) {}

  static async start(options: DifferentialOptions = {}): Promise<Differential> {
    const config = options.config ?? {};
    const args = Object.entries(config).flatMap(([k, v]) => [`--${k}`, v]);
    const real = await startRealRedis(args);
    const engine = createServer({ profile: "redis", config, clock: new Clock(() => Date.now()) });
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

  /** Runs one command on both sides; returns both replies as bytes (after normalising). */
  async both(cmd: string[], client = "main", norm?: Normaliser): Promise<{ engine: string; real: string }> {
    const s = await this.session(client);
    this.engine.tick();
    const engineReply = s.engine.execute(cmd);
    const resp = s.engine.resp;
    const realRaw = await s.real.call(...cmd);
    if (!norm) return { engine: encodeReply(engineReply, resp), real: realRaw.bytes };
    const realReply = decodeReply(realRaw.bytes, 0)!.reply;
    return { engine: encodeReply(norm(engineReply), resp), real: encodeReply(norm(realReply), resp) };
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
