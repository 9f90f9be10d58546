/**
 * Busy scripts over TCP, differential: the engine's server (its Lua VM in a worker_thread)
 * and a real redis-server 7.0, both with busy-reply-threshold 100 ms (the lowest Redis
 * accepts is 0; 100 keeps the runs short), go through the same scenario and must send the
 * same bytes: the BUSY errors, SCRIPT KILL / FUNCTION KILL, the killed script's error,
 * UNKILLABLE, and the order in which waiting clients are served once a script ends.
 *
 * The waits are generous lower bounds (a script must still be running, the threshold must
 * have passed), which a slow machine only makes longer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningTcpServer } from "../../engine/node/tcp";
import { startRealRedis, type RunningRedis } from "../support/redis-server";
import { RespConnection } from "../support/resp-client";
import { exemptions } from "../conformance/exemptions";
import type { Reply } from "../../engine/reply";

const CONFIG = { "busy-reply-threshold": "100" };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Pair {
  engine: RunningTcpServer;
  real: RunningRedis;
}

async function startPair(): Promise<Pair> {
  const [engine, real] = await Promise.all([
    startServer({ port: 0, config: CONFIG }),
    startRealRedis(["--busy-reply-threshold", "100"]),
  ]);
  return { engine, real };
}

async function stopPair(p: Pair | undefined): Promise<void> {
  await Promise.all([p?.engine.close(), p?.real.stop()]);
}

/** A transcript line: what a named connection received (raw bytes) for a labelled step. */
type Transcript = string[];

/** Runs `scenario` on both servers, one after the other, and returns both transcripts. */
async function both(pair: Pair, scenario: (port: number) => Promise<Transcript>): Promise<{ engine: Transcript; real: Transcript }> {
  const real = await scenario(pair.real.port);
  const engine = await scenario(pair.engine.port);
  return { engine, real };
}

async function connections(port: number, n: number): Promise<RespConnection[]> {
  return Promise.all(Array.from({ length: n }, () => RespConnection.connect(port)));
}

const encode = (argv: string[]) => `*${argv.length}\r\n${argv.map((a) => `$${Buffer.byteLength(a, "latin1")}\r\n${a}\r\n`).join("")}`;

/** Sends a command without waiting for its reply. */
function send(c: RespConnection, ...argv: string[]): void {
  c.write(encode(argv));
}

async function got(c: RespConnection, label: string, timeoutMs = 30_000): Promise<string> {
  const r = await c.next(timeoutMs);
  return `${label} ${r ? r.bytes : "<no reply>"}`;
}

function close(cs: RespConnection[]): void {
  for (const c of cs) c.write(encode(["QUIT"]));
}

let pair: Pair;
beforeAll(async () => {
  pair = await startPair();
}, 30_000);
afterAll(() => stopPair(pair));

describe("busy scripts over TCP, against redis-server 7.0", () => {
  it("past the threshold others get BUSY; SCRIPT KILL ends a script that has not written", async () => {
    const { engine, real } = await both(pair, async (port) => {
      const [a, b] = await connections(port, 2);
      const t: Transcript = [];
      send(a, "EVAL", "while true do end", "0");
      await sleep(400);
      t.push(`B ${(await b.call("PING")).bytes}`);
      t.push(`B ${(await b.call("GET", "x")).bytes}`);
      // The wrong KILL, and FUNCTION STATS, name SCRIPT KILL while an EVAL runs.
      t.push(`B ${(await b.call("FUNCTION", "KILL")).bytes}`);
      t.push(`B ${(await b.call("FUNCTION", "STATS")).bytes}`);
      t.push(`B ${(await b.call("CONFIG", "SET", "busy-reply-threshold", "0")).bytes}`);
      // allow_busy commands run; a command queued in MULTI meanwhile is refused with BUSY.
      t.push(`B ${(await b.call("MULTI")).bytes}`);
      t.push(`B ${(await b.call("INCR", "n")).bytes}`);
      t.push(`B ${(await b.call("EXEC")).bytes}`);
      t.push(`B ${(await b.call("SCRIPT", "KILL")).bytes}`);
      t.push(await got(a, "A"));
      t.push(`B ${(await b.call("SCRIPT", "KILL")).bytes}`);
      t.push(`B ${(await b.call("PING")).bytes}`);
      // A fresh Lua VM runs the next script as usual.
      t.push(`A ${(await a.call("EVAL", "return redis.call('INCR', KEYS[1])", "1", "n")).bytes}`);
      t.push(`A ${(await a.call("DEL", "n")).bytes}`);
      close([a, b]);
      return t;
    });
    expect(engine).toEqual(real);
    expect(real).toContain("A -ERR Script killed by user with SCRIPT KILL... script: 694a5fe1ddb97a4c6a1bf299d9537c7d3d0f84e7, on @user_script:1.\r\n");
  }, 90_000);

  it("FUNCTION KILL ends a running function; SCRIPT KILL and EVAL are refused meanwhile", async () => {
    const lib = "#!lua name=busylib\nredis.register_function('spin', function() while true do end end)";
    const { engine, real } = await both(pair, async (port) => {
      const [a, b] = await connections(port, 2);
      const t: Transcript = [];
      t.push(`A ${(await a.call("FUNCTION", "LOAD", "REPLACE", lib)).bytes}`);
      send(a, "FCALL", "spin", "0");
      await sleep(400);
      t.push(`B ${(await b.call("SCRIPT", "KILL")).bytes}`);
      t.push(`B ${(await b.call("EVAL", "return 1", "0")).bytes}`);
      const stats = await b.call("FUNCTION", "STATS");
      t.push(`B ${JSON.stringify(exemptions.functionStatsDuration(stats.reply as Reply))}`);
      t.push(`B ${(await b.call("FUNCTION", "KILL")).bytes}`);
      t.push(await got(a, "A"));
      t.push(`B ${(await b.call("FUNCTION", "KILL")).bytes}`);
      t.push(`A ${(await a.call("FUNCTION", "DELETE", "busylib")).bytes}`);
      close([a, b]);
      return t;
    });
    expect(engine).toEqual(real);
    expect(real).toContain("A -ERR Script killed by user with SCRIPT KILL... script: spin, on @user_function:2.\r\n");
  }, 90_000);

  it("a long script that finishes before the threshold returns its result; waiting clients are then served in order", async () => {
    // ~0.3 s of Lua on either server (a counting loop: TIME inside a script is not used, the
    // engine freezes a script's time at its start).
    const spin = "local i = 0 while i < 30000000 do i = i + 1 end redis.call('SET', KEYS[1], 'done') return i";
    const { engine, real } = await both(pair, async (port) => {
      const [a, b, c] = await connections(port, 3);
      const t: Transcript = [];
      t.push(`A ${(await a.call("CONFIG", "SET", "busy-reply-threshold", "5000")).bytes}`);
      send(a, "EVAL", spin, "1", "k");
      await sleep(50);
      send(b, "APPEND", "k", "+b");
      await sleep(20);
      send(c, "APPEND", "k", "+c");
      t.push(await got(a, "A"));
      // B and C waited for the script, then ran in the order they came: done+b+c.
      t.push(await got(b, "B"), await got(c, "C"), `A ${(await a.call("GET", "k")).bytes}`);
      t.push(`A ${(await a.call("CONFIG", "SET", "busy-reply-threshold", "100")).bytes}`);
      t.push(`A ${(await a.call("DEL", "k")).bytes}`);
      close([a, b, c]);
      return t;
    });
    expect(engine).toEqual(real);
    expect(real).toContain("A $8\r\ndone+b+c\r\n");
  }, 90_000);

  it("a script that finishes after the threshold: a command sent meanwhile got BUSY, the script its result", async () => {
    // ~1 s of Lua on either server.
    const spin = "local i = 0 while i < 100000000 do i = i + 1 end return 'finished'";
    const { engine, real } = await both(pair, async (port) => {
      const [a, b] = await connections(port, 2);
      const t: Transcript = [];
      send(a, "EVAL", spin, "0");
      await sleep(40);
      send(b, "INCR", "m");
      t.push(await got(b, "B"));
      t.push(await got(a, "A"));
      t.push(`B ${(await b.call("INCR", "m")).bytes}`);
      t.push(`B ${(await b.call("DEL", "m")).bytes}`);
      close([a, b]);
      return t;
    });
    expect(engine).toEqual(real);
    expect(real[0]).toBe("B -BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.\r\n");
  }, 90_000);

  it("a script that wrote is UNKILLABLE; SHUTDOWN NOSAVE stops the server", async () => {
    // Dedicated servers: neither can be used again afterwards.
    const own = await startPair();
    try {
      const { engine, real } = await both(own, async (port) => {
        const [a, b] = await connections(port, 2);
        const t: Transcript = [];
        send(a, "EVAL", "redis.call('SET', 'x', '1') while true do end", "0");
        await sleep(400);
        t.push(`B ${(await b.call("SCRIPT", "KILL")).bytes}`);
        t.push(`B ${(await b.call("FUNCTION", "KILL")).bytes}`);
        t.push(`B ${(await b.call("GET", "x")).bytes}`);
        // SHUTDOWN without NOSAVE is refused while the script runs; NOSAVE (allow_busy) stops
        // the server, which drops both connections. (The engine's server stops serving.)
        t.push(`B ${(await b.call("SHUTDOWN")).bytes}`);
        t.push(`B ${(await b.call("SHUTDOWN", "ABORT")).bytes}`);
        send(b, "SHUTDOWN", "NOSAVE");
        t.push(`A closed ${await a.waitClosed(10_000)}`, `B closed ${await b.waitClosed(10_000)}`);
        return t;
      });
      expect(engine).toEqual(real);
      expect(real[0]).toMatch(/^B -UNKILLABLE Sorry the script already executed write commands/);
    } finally {
      await stopPair(own);
    }
  }, 90_000);
});
