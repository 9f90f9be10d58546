/**
 * MONITOR and CLIENT REPLY against a real redis-server 7.0, comparing whole byte streams.
 *
 * StreamPair syncs with PING <token>, which a monitor or a client with CLIENT REPLY OFF never
 * answers plainly, so this file syncs differently: after each step the acting session sends
 * ECHO <mark>, and the step is over once a real watching monitor has shown that ECHO (the server
 * handles commands one at a time, so everything before it has run and been fed).
 */
import net from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Clock } from "../../engine/clock";
import { RespSession } from "../../engine/resp/session";
import { createServer, type Server } from "../../engine/server";
import { startRealRedis, type RunningRedis } from "../support/redis-server";
import { encodeCommand } from "../support/resp-client";
import { exemptions } from "./exemptions";

interface Side {
  engine: RespSession;
  engineOut: string;
  socket: net.Socket;
  realOut: string;
}

let real: RunningRedis;
let engine: Server;
let sessions: Map<string, Side>;
let realNames: Map<string, string>;
let engineNames: Map<string, string>;
let mark = 0;

beforeAll(async () => {
  real = await startRealRedis();
}, 30_000);
afterAll(async () => {
  for (const s of sessions?.values() ?? []) s.socket.destroy();
  await real?.stop();
});
beforeEach(async () => {
  for (const s of sessions?.values() ?? []) s.socket.destroy();
  sessions = new Map();
  realNames = new Map();
  engineNames = new Map();
  engine = createServer({ profile: "redis", clock: new Clock(() => Date.now()) });
  const s = await open("__flush");
  s.socket.write(Buffer.from(encodeCommand(["FLUSHALL"]), "latin1"));
  while (!s.realOut.includes("+OK")) await sleep(1);
  s.socket.destroy();
  s.engine.disconnected();
  sessions.delete("__flush");
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function open(name: string): Promise<Side> {
  const socket = await new Promise<net.Socket>((resolve, reject) => {
    const sock = net.createConnection({ port: real.port, host: "127.0.0.1" }, () => resolve(sock));
    sock.setNoDelay(true);
    sock.once("error", reject);
  });
  const client = engine.connect();
  const side: Side = { engine: undefined as unknown as RespSession, engineOut: "", socket, realOut: "" };
  side.engine = new RespSession(client, { write: (b) => (side.engineOut += b), end: () => {}, destroy: () => {} });
  socket.on("data", (chunk) => (side.realOut += chunk.toString("latin1")));
  socket.on("error", () => {});
  realNames.set(`127.0.0.1:${socket.localPort}`, name);
  engineNames.set(client.addr, name);
  sessions.set(name, side);
  return side;
}

function send(s: Side, argv: readonly string[]): void {
  const bytes = encodeCommand(argv);
  s.socket.write(Buffer.from(bytes, "latin1"));
  s.engine.receive(bytes);
}

/**
 * Runs [session, ...argv] steps; "mon" is a session that sent MONITOR first. Returns each
 * session's normalised output on both sides.
 */
async function run(steps: readonly (readonly string[])[]): Promise<{ engine: Record<string, string>; real: Record<string, string> }> {
  // "__watch" only watches (the steps never use it), so syncing works even after "mon" resets.
  const watch = await open("__watch");
  send(watch, ["MONITOR"]);
  const mon = await open("mon");
  send(mon, ["MONITOR"]);
  while (!mon.realOut.includes("+OK\r\n") || !watch.realOut.includes("+OK\r\n")) await sleep(1);
  const inMulti = new Set<string>();
  for (const [name, ...argv] of steps) {
    const s = sessions.get(name) ?? (await open(name));
    const before = s.realOut.length;
    send(s, argv);
    const cmd = argv[0].toUpperCase();
    const deadline = Date.now() + 5000;
    if (inMulti.has(name)) {
      // A marker would be queued too: wait for this command's own answer (QUEUED, an error).
      if (cmd === "EXEC" || cmd === "DISCARD") inMulti.delete(name);
      while (s.realOut.length === before && Date.now() < deadline) await sleep(1);
      await sleep(5);
      if (inMulti.has(name)) continue;
    }
    if (cmd === "MULTI") inMulti.add(name);
    if (inMulti.has(name)) {
      while (s.realOut.length === before && Date.now() < deadline) await sleep(1);
      await sleep(5);
      continue;
    }
    const tag = `mark-${++mark}`;
    send(s, ["ECHO", tag]);
    while (!watch.realOut.includes(`"${tag}"`) && Date.now() < deadline) {
      await sleep(1);
      // The engine's timers (a blocked command's timeout) run on real time meanwhile.
      engine.tick();
    }
    // Replies to the acting session may trail the monitor's line by a moment.
    await sleep(5);
  }
  await sleep(5);
  const out = { engine: {} as Record<string, string>, real: {} as Record<string, string> };
  for (const [name, s] of sessions) {
    out.engine[name] = exemptions.monitorLine(s.engineOut, engineNames);
    out.real[name] = exemptions.monitorLine(s.realOut, realNames);
  }
  return out;
}

async function expectSame(steps: readonly (readonly string[])[]): Promise<void> {
  const { engine: e, real: r } = await run(steps);
  expect(e).toEqual(r);
}

describe("MONITOR (differential, whole streams)", () => {
  it("shows commands after they ran, with sdscatrepr escaping and the db", async () => {
    await expectSame([
      ["a", "SET", "k", "plain"],
      ["a", "SET", "bin", "\0\r\n\t\x07\x08\x7f\xff \"q\" \\ ~"],
      ["a", "SET", "utf8", "h\u00c3\u00a9llo"],
      ["a", "GET", "bin"],
      ["a", "SELECT", "2"],
      ["a", "SET", "k", "in-db-2"],
      ["b", "INCR", "k"],
      ["b", "LPUSH", "k", "x"],
      ["a", "SELECT", "0"],
    ]);
  });

  it("leaves out rejected and admin commands, shows failed ones", async () => {
    await expectSame([
      ["a", "NOSUCHCMD", "x"],
      ["a", "GET"],
      ["a", "CONFIG", "GET", "maxmemory"],
      ["a", "CLIENT", "GETNAME"],
      ["a", "CLIENT", "NO-EVICT", "maybe"],
      ["a", "DBSIZE"],
      ["a", "SET", "s", "v"],
      ["a", "LPUSH", "s", "x"],
      ["a", "INCR", "s"],
      ["a", "SET", "s", "v", "BADOPT"],
    ]);
  });

  it("redacts AUTH and HELLO AUTH passwords as the commands do", async () => {
    await expectSame([
      ["a", "AUTH", "secret"],
      ["a", "AUTH", "user", "secret"],
      ["a", "AUTH", "a", "b", "c"],
      ["a", "HELLO", "2", "AUTH", "nouser", "pw"],
      ["a", "HELLO", "2", "AUTH", "only-one"],
      ["a", "HELLO", "4", "AUTH", "default", "pw"],
      ["a", "HELLO", "2", "SETNAME", "me", "AUTH", "x", "y"],
    ]);
  });

  it("MULTI/EXEC: queued commands shown when EXEC runs them, then EXEC", async () => {
    await expectSame([
      ["a", "MULTI"],
      ["a", "SET", "t", "1"],
      ["a", "INCR", "t"],
      ["a", "EXEC"],
      ["a", "EXEC"],
      ["a", "MULTI"],
      ["a", "SET", "t"],
      ["a", "EXEC"],
      ["a", "WATCH", "t"],
      ["b", "SET", "t", "2"],
      ["a", "MULTI"],
      ["a", "GET", "t"],
      ["a", "EXEC"],
      ["a", "MULTI"],
      ["a", "DISCARD"],
    ]);
  });

  it("the monitor itself: own commands after their replies, keyspace refused, MONITOR again, RESET", async () => {
    await expectSame([
      ["mon", "PING"],
      ["mon", "GET", "x"],
      ["mon", "SET", "x", "1"],
      ["mon", "PUBLISH", "ch", "m"],
      ["mon", "MONITOR"],
      ["mon", "SELECT", "3"],
      ["a", "SET", "x", "y"],
      ["mon", "RESET"],
      ["a", "SET", "x", "z"],
      ["mon", "GET", "x"],
      ["mon", "MULTI"],
      ["mon", "MONITOR"],
      ["mon", "EXEC"],
    ]);
  });

  it("blocking commands are shown once, when they block", async () => {
    await expectSame([
      ["a", "BLPOP", "nolist", "0.01"],
      ["a", "RPUSH", "l", "1"],
      ["a", "BLPOP", "l", "0"],
    ]);
  });
});

describe("CLIENT REPLY (differential, whole streams)", () => {
  it("OFF / SKIP / ON, errors, pushes and monitor lines dropped while off", async () => {
    await expectSame([
      ["a", "SET", "r", "1"],
      ["a", "CLIENT", "REPLY", "SKIP"],
      ["a", "GET", "r"],
      ["a", "GET", "r"],
      ["a", "CLIENT", "REPLY", "SKIP"],
      ["a", "NOSUCH"],
      ["a", "PING"],
      ["a", "CLIENT", "REPLY", "OFF"],
      ["a", "CLIENT", "REPLY", "SKIP"],
      ["a", "INCR", "r"],
      ["a", "CLIENT", "REPLY", "ON"],
      ["a", "CLIENT", "REPLY", "ON"],
      ["a", "CLIENT", "REPLY", "maybe"],
      ["a", "CLIENT", "REPLY"],
      ["a", "CLIENT", "REPLY", "SKIP"],
      ["a", "MULTI"],
      ["a", "PING"],
      ["a", "EXEC"],
      ["mon", "CLIENT", "REPLY", "OFF"],
      ["a", "SET", "hidden", "1"],
      ["mon", "CLIENT", "REPLY", "ON"],
      ["a", "SET", "shown", "1"],
      ["a", "CLIENT", "REPLY", "OFF"],
      ["a", "RESET"],
      ["a", "PING"],
    ]);
  });
});
