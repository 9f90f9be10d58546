/**
 * Helpers for the TCP tests: start the engine's server through its real CLI entry, and talk
 * raw bytes to any server, recording everything that comes back and whether it hung up.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { freePort } from "../support/redis-server";

export interface EngineProcess {
  port: number;
  /** Everything the process printed so far (its log). */
  output(): string;
  /** Milliseconds from spawn to the "Ready to accept connections" line. */
  startupMs: number;
  /** True while the process is alive. */
  alive(): boolean;
  stop(): Promise<void>;
}

/** Runs `engine/node/main.ts` as `npm run server` does (tsx), with redis-server style args. */
export async function startEngineProcess(args: string[] = []): Promise<EngineProcess> {
  const port = await freePort();
  const started = Date.now();
  // `node --import tsx` is what `tsx file` runs, minus a wrapper process to outlive us.
  const proc: ChildProcess = spawn(process.execPath, ["--import", "tsx", "engine/node/main.ts", "--port", String(port), ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let exited = false;
  proc.stdout!.on("data", (d) => (out += d));
  proc.stderr!.on("data", (d) => (out += d));
  const exit = new Promise<void>((resolve) => proc.once("exit", () => ((exited = true), resolve())));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`engine did not start in 15 s:\n${out}`)), 15_000);
    const check = () => {
      if (out.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      } else if (exited) {
        clearTimeout(timer);
        reject(new Error(`engine exited:\n${out}`));
      } else setTimeout(check, 10);
    };
    check();
  });
  const startupMs = Date.now() - started;
  return {
    port,
    startupMs,
    output: () => out,
    alive: () => !exited,
    async stop() {
      if (!exited) proc.kill("SIGKILL");
      await exit;
    },
  };
}

export interface Exchange {
  /** Every byte received, as a byte string. */
  bytes: string;
  /** Whether the server closed the connection. */
  closed: boolean;
}

/**
 * Sends the chunks (byte strings) with a pause between them, then collects what comes back
 * until the server hangs up or stays quiet for `quietMs`.
 */
export function exchange(port: number, chunks: readonly string[], quietMs = 250, gapMs = 30): Promise<Exchange> {
  return new Promise((resolve) => {
    const s = net.createConnection({ port, host: "127.0.0.1" });
    s.setNoDelay(true);
    let bytes = "";
    let done = false;
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(quiet);
      s.destroy();
      resolve({ bytes, closed });
    };
    const rearm = () => {
      clearTimeout(quiet);
      quiet = setTimeout(() => finish(false), quietMs);
    };
    s.on("data", (d) => {
      bytes += d.toString("latin1");
      if (i >= chunks.length) rearm();
    });
    s.on("close", () => finish(true));
    s.on("error", () => {});
    let i = 0;
    const sendNext = () => {
      if (done) return;
      if (i < chunks.length) {
        s.write(Buffer.from(chunks[i++], "latin1"));
        setTimeout(sendNext, gapMs);
      } else rearm();
    };
    s.once("connect", sendNext);
  });
}

/** Opens a raw connection and resolves once connected. */
export function connectRaw(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.createConnection({ port, host: "127.0.0.1" }, () => resolve(s));
    s.once("error", reject);
  });
}

export { freePort };
