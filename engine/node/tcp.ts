/**
 * The engine over TCP: a net.Server whose every socket is one engine Client behind a
 * RespSession. Real clients (redis-cli, redis-benchmark, ioredis, node-redis) talk to it as
 * to redis-server; the tests and benchmarks compare the two side by side.
 *
 * Node-only by design (engine/node/ is the one corner allowed to import node:*). The engine
 * instance gets a running clock, and its timers (cron, active expiry, timeouts) are driven by
 * one setTimeout armed at the instance's next due timer.
 */
import net from "node:net";
import { performance } from "node:perf_hooks";
import { Clock } from "../clock";
import { BusyGate } from "../host/busy";
import { E } from "../errors";
import { encodeReply } from "../resp/encode";
import { RespSession } from "../resp/session";
import { createServer, type Server, type ServerOptions } from "../server";
import { createNodeLuaVm } from "./lua-vm";
import { attachScriptHost, deferredRun, scriptTimedOut } from "../scripting/busy-script";
import { isAsyncVm } from "../scripting/vm";

export interface TcpOptions {
  /** TCP port; 0 picks a free one (see RunningTcpServer.port). */
  port: number;
  /** Addresses to listen on (default 127.0.0.1). */
  bind?: string[];
  profile?: ServerOptions["profile"];
  /** Configuration as redis-server's `--name value` arguments. */
  config?: Record<string, string>;
  log?: ServerOptions["log"];
  /** An instance to serve instead of creating one (it should have a running clock). */
  server?: Server;
}

export interface RunningTcpServer {
  readonly server: Server;
  readonly port: number;
  readonly addresses: string[];
  /** Stops listening, closes every connection and the timers. */
  close(): Promise<void>;
}

/**
 * Raw bytes → byte string with Node's native latin1 decoder. Sockets hand the parser their
 * Buffers as they are: a big bulk's chunks then stay outside the JS heap until it is whole,
 * and Node turns a run of more than about 1 MB into an external string.
 */
const decode = (bytes: Uint8Array): string =>
  (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).toString("latin1");

export async function startServer(options: TcpOptions): Promise<RunningTcpServer> {
  const bind = options.bind?.length ? options.bind : ["127.0.0.1"];
  const config: Record<string, string> = { ...options.config, bind: bind.join(" ") };
  if (options.port) config.port = String(options.port);
  // The Lua VM runs in a worker_thread (engine/node/lua-vm.ts), so a busy script leaves the
  // instance free to answer BUSY and SCRIPT KILL. It boots in the background: the first EVAL
  // waits for it if needed.
  const ownVm = options.server ? null : createNodeLuaVm();
  const server =
    options.server ?? createServer({ profile: options.profile ?? "redis", config, clock: nodeClock(), log: options.log, lua: ownVm! });
  // DEBUG SLEEP holds the whole instance, as one Redis event loop: while the gate is closed no
  // socket is read, no reply is written and no timer runs; all of it happens once it opens.
  const gate = new BusyGate(() => performance.now(), { setTimeout, clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) });
  const timers = new TimerDriver(server, gate);
  const writer = new DeferredWriter(gate);
  const claimHold = () => {
    const ms = server.takeHold();
    if (ms > 0) gate.holdFor(ms);
  };
  const sockets = new Set<net.Socket>();
  let nextFd = 8;

  // -- A script in the Lua worker holds every other socket, as one Redis event loop
  // running a script reads nothing, until busy-reply-threshold passes; then input flows and
  // the instance answers BUSY (engine/scripting/busy-script.ts). No cron runs meanwhile.
  let thresholdTimer: NodeJS.Timeout | null = null;
  let scriptStartedAt = 0;
  attachScriptHost(
    server,
    {
      scriptStarted(_s, thresholdMs) {
        gate.holdOpenEnded();
        scriptStartedAt = performance.now();
        thresholdTimer = setTimeout(() => {
          thresholdTimer = null;
          scriptTimedOut(server, performance.now() - scriptStartedAt);
          gate.releaseOpenEnded();
        }, Math.max(0, thresholdMs));
      },
      scriptEnded() {
        if (thresholdTimer) {
          clearTimeout(thresholdTimer);
          thresholdTimer = null;
          gate.releaseOpenEnded();
        }
        timers.resume();
      },
      luaRestarting(_s, ready) {
        // Until the fresh Lua worker is up, a script could not start: hold input meanwhile.
        gate.holdOpenEnded();
        void ready.finally(() => gate.releaseOpenEnded());
      },
    },
    () => performance.now(),
  );

  const onConnection = (socket: net.Socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on("error", () => {}); // resets and the like end in 'close' below
    if (server.clients.size >= server.config.num("maxclients")) {
      // acceptCommonHandler: refused before it becomes a client, with a raw error line.
      socket.end(encodeReply(E.MAX_CLIENTS, 2), "latin1");
      socket.on("close", () => sockets.delete(socket));
      return;
    }
    const client = server.connect({
      addr: formatAddr(socket.remoteAddress, socket.remotePort),
      laddr: formatAddr(socket.localAddress, socket.localPort),
      fd: socketFd(socket) ?? nextFd++,
    });
    const session = new RespSession(
      client,
      {
        // Commands also run outside a read (a blocked client's pipeline resuming): each batch
        // of replies re-arms the timers, as what ran may have set an earlier one.
        write: (bytes) => {
          claimHold();
          writer.write(socket, bytes);
          timers.arm();
        },
        end: () => writer.end(socket),
        destroy: () => void socket.destroy(),
      },
      { decode },
    );
    socket.on("data", (chunk: Buffer) =>
      gate.whenFree(() => {
        session.receive(chunk);
        claimHold();
        timers.arm();
      }),
    );
    socket.on("close", () => {
      sockets.delete(socket);
      session.disconnected();
    });
  };

  const listeners: net.Server[] = [];
  let port = options.port;
  for (const host of bind) {
    const l = net.createServer({ noDelay: true }, onConnection);
    await new Promise<void>((resolve, reject) => {
      l.once("error", reject);
      l.listen(port, host, () => {
        l.off("error", reject);
        resolve();
      });
    });
    // With port 0 the first listener picks the port and the others share it.
    port = (l.address() as net.AddressInfo).port;
    listeners.push(l);
  }
  if (!options.port) server.config.trySet("port", String(port));
  timers.arm();

  const running: RunningTcpServer = {
    server,
    port,
    addresses: bind,
    async close() {
      timers.stop();
      if (thresholdTimer) clearTimeout(thresholdTimer);
      gate.endHold();
      if (ownVm) ownVm.dispose();
      else if (isAsyncVm(server.luaVm) && !options.server) server.luaVm.dispose();
      for (const s of sockets) s.destroy();
      await Promise.all(listeners.map((l) => new Promise<void>((resolve) => l.close(() => resolve()))));
    },
  };
  // SHUTDOWN: stop serving (main.ts exits the process instead, as redis-server does).
  server.onShutdown ??= () => void running.close();
  return running;
}

/**
 * Replies wait until every socket readable in this turn of the event loop has been read, then
 * go out with one write per socket — as Redis writes in beforeSleep. The peer is then woken
 * once per batch rather than once per read, which roughly doubles pipelined throughput.
 */
class DeferredWriter {
  private pending = new Map<net.Socket, { bytes: string; end: boolean }>();
  private scheduled = false;

  /** Replies wait for the end of a hold (DEBUG SLEEP), as Redis writes nothing while it sleeps. */
  constructor(private readonly gate: BusyGate) {}

  write(socket: net.Socket, bytes: string): void {
    const p = this.pending.get(socket);
    if (p) p.bytes += bytes;
    else this.pending.set(socket, { bytes, end: false });
    this.schedule();
  }

  /** Closes the socket once what is pending for it is written (Redis' close after reply). */
  end(socket: net.Socket): void {
    const p = this.pending.get(socket);
    if (p) p.end = true;
    else this.pending.set(socket, { bytes: "", end: true });
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.gate.whenFree(() => this.flush()));
  }

  private flush(): void {
    this.scheduled = false;
    const pending = this.pending;
    this.pending = new Map();
    for (const [socket, p] of pending) {
      if (socket.destroyed) continue;
      if (p.bytes) socket.write(p.bytes, "latin1");
      // No half-open lingering: the descriptor closes once the bytes are handed to the kernel.
      if (p.end && !socket.writableEnded) socket.end(() => socket.destroy());
    }
  }
}

/** Runs the instance's timers on time: one setTimeout, armed at the earliest due timer. */
class TimerDriver {
  private handle: ReturnType<typeof setTimeout> | null = null;
  private armedAt = Infinity;
  private stopped = false;
  private waitingForScript = false;

  constructor(
    private readonly server: Server,
    private readonly gate: BusyGate,
  ) {}

  /** Called after every batch of commands: a command may have scheduled something sooner. */
  arm(): void {
    if (this.stopped) return;
    const at = this.server.nextTimerAt();
    if (at === undefined || at >= this.armedAt) return;
    if (this.handle) clearTimeout(this.handle);
    this.armedAt = at;
    this.handle = setTimeout(() => this.fire(), Math.max(0, at - this.server.now()));
  }

  stop(): void {
    this.stopped = true;
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
  }

  /** A script in the Lua worker ended: the timers it kept waiting run now. */
  resume(): void {
    if (!this.waitingForScript) return;
    this.waitingForScript = false;
    this.fire();
  }

  private fire(): void {
    this.handle = null;
    this.armedAt = Infinity;
    // No cron while the instance is held: overdue timers run when the hold ends.
    this.gate.whenFree(() => {
      // Nor while a script runs in its worker past the threshold (the gate is open then).
      if (deferredRun(this.server)) {
        this.waitingForScript = true;
        return;
      }
      try {
        this.server.tick();
      } catch (e) {
        this.server.log("warning", `timer failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
      this.arm();
    });
  }
}

/** "ip:port" as Redis prints it; IPv6 addresses go in brackets (anetFormatAddr). */
function formatAddr(ip: string | undefined, port: number | undefined): string {
  const host = ip ?? "?";
  return host.includes(":") ? `[${host}]:${port ?? 0}` : `${host}:${port ?? 0}`;
}

/** The socket's real descriptor number where Node exposes it (CLIENT LIST fd=). */
function socketFd(socket: net.Socket): number | undefined {
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  return typeof fd === "number" && fd >= 0 ? fd : undefined;
}

/** A running instance clock with a monotonic microsecond source for command timing. */
export function nodeClock(): Clock {
  return new Clock(() => Date.now(), { elapsedUs: () => performance.now() * 1000 });
}
